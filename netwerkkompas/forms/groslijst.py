from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sonestra.core.forms import VersionedModelForm
from sonestra.core.images import PhotoField
from sonestra.core.models import Persoon


class PersoonSnelForm(forms.ModelForm):
    """One field: a name, so a list fills up quickly on a phone."""

    class Meta:
        model = Persoon
        fields = ["naam"]
        labels = {"naam": _("Naam")}
        error_messages = {"naam": {"required": _("Vul een naam in.")}}
        widgets = {
            "naam": forms.TextInput(
                attrs={"autocomplete": "off", "placeholder": _("Naam, dan Enter")}
            )
        }


class PersoonForm(VersionedModelForm):
    foto = PhotoField(label=_("Foto"), required=False)

    class Meta:
        model = Persoon
        fields = ["naam", "geboortejaar", "telefoon", "email", "notities", "foto"]
        widgets = {"notities": forms.Textarea(attrs={"rows": 4})}

    def clean_geboortejaar(self):
        jaar = self.cleaned_data.get("geboortejaar")
        if jaar is not None and not 1900 <= jaar <= timezone.now().year:
            raise forms.ValidationError(
                _("Vul een jaar in tussen 1900 en %(nu)s."), params={"nu": timezone.now().year}
            )
        return jaar

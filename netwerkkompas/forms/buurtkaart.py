from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sonestra.core.forms import VersionedModelForm
from sonestra.core.models import Netwerk, Persoon

from ..models import Plek

MIN_MINUTEN = 1
MAX_MINUTEN = 120


class PersonenKeuze(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Persoon) -> str:
        return obj.naam


class PlekForm(VersionedModelForm):
    """A place on the buurtkaart, with who the person meets there (from this groslijst)."""

    personen = PersonenKeuze(
        label=_("Wie is daar?"),
        queryset=Persoon.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de mensen uit de groslijst die je daar ziet."),
        error_messages={
            "invalid_choice": _("Kies alleen mensen uit de groslijst van dit netwerk."),
            "invalid_pk_value": _("Kies alleen mensen uit de groslijst van dit netwerk."),
        },
    )

    loopminuten = forms.IntegerField(
        label=_("Hoeveel minuten lopen is het van huis?"),
        help_text=_("Ongeveer. Ga je met de fiets of de bus? Reken het om naar lopen."),
        min_value=MIN_MINUTEN,
        max_value=MAX_MINUTEN,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Vul in hoeveel minuten lopen het is."),
            "invalid": _("Vul een heel getal in, bijvoorbeeld 10."),
            "min_value": _("Vul een aantal minuten in van 1 tot en met 120."),
            "max_value": _("Vul een aantal minuten in van 1 tot en met 120."),
        },
    )

    class Meta:
        model = Plek
        fields = ["naam", "soort", "loopminuten", "personen", "notities"]
        labels = {
            "naam": _("Naam van de plek"),
            "soort": _("Wat voor plek is het?"),
            "notities": _("Notities"),
        }
        help_texts = {
            "naam": _("Bijvoorbeeld: Albert Heijn, voetbalclub SVW of de moskee."),
        }
        error_messages = {
            "naam": {"required": _("Vul de naam van de plek in.")},
            "soort": {
                "required": _("Kies wat voor plek het is."),
                "invalid_choice": _("Kies wat voor plek het is."),
            },
        }
        widgets = {
            "soort": forms.RadioSelect,
            "notities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, netwerk: Netwerk, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this Netwerk's groslijst: a person of another Netwerk is not a valid choice.
        self.fields["personen"].queryset = Persoon.objects.in_netwerk(netwerk).order_by(
            "naam", "pk"
        )
        # A model field with choices brings a blank choice along; a radio list needs none.
        self.fields["soort"].choices = Plek.Soort.choices
        if self.instance._state.adding:
            # Nothing to be in conflict with yet.
            self.fields["versie"].required = False

    def save_checked(self) -> bool:
        """Save with the version check; who is there is saved only when the place was."""
        personen = self.cleaned_data.pop("personen", [])
        try:
            # save_if_version updates columns; a many-to-many is set afterwards, together.
            with transaction.atomic():
                saved = super().save_checked()
                if saved:
                    self.instance.personen.set(personen)
        finally:
            self.cleaned_data["personen"] = personen
        return saved

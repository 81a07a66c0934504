from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

NU = "nu"


class MomentopnameForm(forms.Form):
    """Keep the groslijst as it stands, under a name and a date of one's choice."""

    naam = forms.CharField(
        label=_("Naam (mag leeg)"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld: Na het eerste gesprek."),
        error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
    )
    datum = forms.DateField(
        label=_("Datum"),
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg laten is vandaag."),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 12-03-2026.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vandaag = timezone.localdate()
        self.fields["datum"].initial = vandaag
        self.fields["datum"].widget.attrs["max"] = vandaag.isoformat()

    def clean_datum(self):
        datum = self.cleaned_data.get("datum") or timezone.localdate()
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag die al geweest is."))
        return datum


def moment_label(momentopname) -> str:
    datum = date_format(momentopname.datum, "j F Y")
    if momentopname.naam:
        return f"{datum} · {momentopname.naam}"
    return datum


class VergelijkForm(forms.Form):
    """Two moments to put side by side: kept ones, or "nu" (the groslijst of today)."""

    van = forms.ChoiceField(
        label=_("Eerste moment"),
        error_messages={
            "required": _("Kies een moment."),
            "invalid_choice": _("Dit moment bestaat niet (meer). Kies een moment uit de lijst."),
        },
    )
    tot = forms.ChoiceField(
        label=_("Tweede moment"),
        error_messages={
            "required": _("Kies een moment."),
            "invalid_choice": _("Dit moment bestaat niet (meer). Kies een moment uit de lijst."),
        },
    )

    def __init__(self, data, momentopnamen, **kwargs):
        super().__init__(data, **kwargs)
        keuzes = [(str(m.pk), moment_label(m)) for m in momentopnamen]
        keuzes.append((NU, _("Nu: de groslijst van vandaag")))
        self.fields["van"].choices = keuzes
        self.fields["tot"].choices = keuzes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("van") == cleaned.get("tot"):
            raise forms.ValidationError(_("Kies twee verschillende momenten."))
        return cleaned

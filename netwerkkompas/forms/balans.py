from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

NU = "nu"


class MomentopnameForm(forms.Form):
    """Keep the groslijst as it stands today, under a name of one's choice.

    Always today: a moment dated in the past would hold today's people and put the
    balans and every comparison out of order.
    """

    naam = forms.CharField(
        label=_("Naam (mag leeg)"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld: Na het eerste gesprek."),
        error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
    )


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

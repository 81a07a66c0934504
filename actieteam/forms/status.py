"""The two taps: how an afspraak is going, with an optional short note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Status

# The four buttons, in the order a thumb meets them; short words, the sign carries the colour.
KNOPPEN = [
    (Status.NOG_NIET, _("Nog niet"), "○"),
    (Status.BEZIG, _("Bezig"), "◐"),
    (Status.GELUKT, _("Gelukt"), "✓"),
    (Status.LUKT_NIET, _("Lukt niet, hulp nodig"), "!"),
]
TEKENS = {status.value: teken for status, _label, teken in KNOPPEN}
NOTITIE_MAX = 300


class StatusForm(forms.Form):
    """What one tap sends: the status, the note above the buttons, and the version of the
    voortgang the screen showed (0: never set), so a stale screen overwrites nothing."""

    status = forms.ChoiceField(
        label=_("Hoe gaat het?"),
        choices=Status.choices,
        error_messages={
            "required": _("Kies hoe het gaat: tik op een van de vier knoppen."),
            "invalid_choice": _(
                "Dat kan niet. Kies een van de vier knoppen: nog niet, bezig, gelukt of lukt niet."
            ),
        },
    )
    notitie = forms.CharField(
        label=_("Korte notitie (mag leeg blijven)"),
        max_length=NOTITIE_MAX,
        required=False,
        error_messages={
            "max_length": _(
                "Je notitie is te lang: hoogstens %(limit_value)d tekens, het zijn er "
                "%(show_value)d. Maak hem wat korter."
            ),
        },
    )
    versie = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("De pagina was niet meer actueel. Kijk wat er nu staat en tik opnieuw."),
            "invalid": _("De pagina was niet meer actueel. Kijk wat er nu staat en tik opnieuw."),
            "min_value": _("De pagina was niet meer actueel. Kijk wat er nu staat en tik opnieuw."),
        },
    )

    def fouten(self) -> list[str]:
        """Every message, for the card (it shows them together above the buttons)."""
        return [str(fout) for lijst in self.errors.values() for fout in lijst]

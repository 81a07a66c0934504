from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sonestra.core.models import Netwerk, Persoon

from ..models import Relatie

SYMMETRISCH = {Relatie.Soort.PARTNER, Relatie.Soort.EX_PARTNER, Relatie.Soort.BROER_ZUS}
KOPPEL = {Relatie.Soort.PARTNER, Relatie.Soort.EX_PARTNER}

# Read as one sentence: "<persoon A> is ouder van <persoon B>".
SOORT_KEUZES = [
    (Relatie.Soort.OUDER, _("is ouder van")),
    (Relatie.Soort.PARTNER, _("is partner van")),
    (Relatie.Soort.EX_PARTNER, _("is ex-partner van (uit elkaar)")),
    (Relatie.Soort.BROER_ZUS, _("is broer of zus van")),
]


class RelatieForm(forms.ModelForm):
    """Two people of this Netwerk and how they are family."""

    class Meta:
        model = Relatie
        fields = ["van", "soort", "naar", "band"]
        labels = {
            "van": _("Persoon A"),
            "soort": _("Relatie"),
            "naar": _("Persoon B"),
            "band": _("Hoe is de band? (mag leeg)"),
        }
        help_texts = {
            "soort": _("Bij ouder en kind: kies de ouder als persoon A."),
        }

    def __init__(self, *args, netwerk: Netwerk, **kwargs):
        super().__init__(*args, **kwargs)
        self.netwerk = netwerk
        self.instance.netwerk = netwerk
        personen = Persoon.objects.in_netwerk(netwerk).only("pk", "naam", "is_hoofdpersoon")
        for naam in ("van", "naar"):
            veld = self.fields[naam]
            veld.queryset = personen
            veld.empty_label = _("— Kies iemand —")
            veld.error_messages = {
                "required": _("Kies iemand uit de lijst."),
                "invalid_choice": _("Kies iemand uit de lijst van dit netwerk."),
            }
        self.fields["soort"].choices = [("", _("— Kies een relatie —")), *SOORT_KEUZES]
        self.fields["soort"].error_messages["required"] = _("Kies wat voor relatie het is.")
        self.fields["band"].choices = [("", _("Niet ingevuld")), *Relatie.Band.choices]

    def clean(self):
        data = super().clean()
        van, naar, soort = data.get("van"), data.get("naar"), data.get("soort")
        if not (van and naar and soort):
            return data
        if van == naar:
            self.add_error("naar", _("Kies twee verschillende mensen."))
            return data
        bestaand = list(
            Relatie.objects.filter(netwerk=self.netwerk).values_list("van_id", "naar_id", "soort")
        )
        paar = {van.pk, naar.pk}
        for a, b, s in bestaand:
            zelfde = (a, b) == (van.pk, naar.pk) or (s in SYMMETRISCH and {a, b} == paar)
            if s == soort and zelfde:
                self.add_error("naar", _("Deze relatie staat al in het genogram."))
                return data
            if soort in KOPPEL and s in KOPPEL and {a, b} == paar:
                self.add_error(
                    "soort",
                    _(
                        "Deze twee staan al als partners of ex-partners in het genogram. "
                        "Verwijder eerst die relatie als het veranderd is."
                    ),
                )
                return data
        if soort == Relatie.Soort.OUDER:
            ouders: dict[int, set[int]] = {}
            for a, b, s in bestaand:
                if s == Relatie.Soort.OUDER:
                    ouders.setdefault(b, set()).add(a)
            if len(ouders.get(naar.pk, set())) >= 2:
                self.add_error(
                    "naar",
                    _("%(naam)s heeft al twee ouders in het genogram.") % {"naam": naar.naam},
                )
            elif self._is_voorouder(naar.pk, van.pk, ouders):
                self.add_error(
                    "naar",
                    _(
                        "Dat kan niet: %(kind)s is al ouder, grootouder of verder terug "
                        "van %(ouder)s."
                    )
                    % {"kind": naar.naam, "ouder": van.naam},
                )
        return data

    @staticmethod
    def _is_voorouder(wie: int, van_wie: int, ouders: dict[int, set[int]]) -> bool:
        """Is `wie` already a parent, grandparent, … of `van_wie`? Then a new
        "wie is child of van_wie" would make someone their own ancestor."""
        if wie == van_wie:
            return True
        gezien: set[int] = set()
        stapel = [van_wie]
        while stapel:
            kind = stapel.pop()
            for ouder in ouders.get(kind, ()):
                if ouder == wie:
                    return True
                if ouder not in gezien:
                    gezien.add(ouder)
                    stapel.append(ouder)
        return False

"""Two moments of one network side by side: who joined, who left, who moved ring.

Pure functions over the frozen lists of Momentopname.personen (or the groslijst
frozen on the fly for "nu"), so every rule can be tested without a database.
People are matched by id; when an id is missing, or a person was removed and
entered again, by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sonestra.core.models import RING_NAMEN, Persoon


def ring_label(nummer: int) -> str:
    return _("Ring %(nummer)s: %(naam)s") % {"nummer": nummer, "naam": RING_NAMEN[nummer]}


VELDEN = {
    "soort": (gettext_lazy("soort relatie"), Persoon.Soort),
    "tijd": (gettext_lazy("wanneer"), Persoon.Tijd),
    "kwaliteit": (gettext_lazy("hoe het contact is"), Persoon.Kwaliteit),
}


def _label(keuzes, waarde: str) -> str:
    try:
        return str(keuzes(waarde).label)
    except ValueError:
        return _("niet ingevuld")


@dataclass(frozen=True)
class Lid:
    """One person as a moment kept them."""

    id: int | None
    naam: str
    soort: str = ""
    tijd: str = Persoon.Tijd.HEDEN
    kwaliteit: str = ""
    ring: int = 3
    hoofdpersoon: bool = False

    @classmethod
    def uit(cls, gegevens: Mapping) -> Lid:
        """Read one frozen entry; older or hand-made entries may lack keys."""
        soort = gegevens.get("soort") or ""
        ring = gegevens.get("ring")
        if ring not in RING_NAMEN:
            if soort == Persoon.Soort.PROFESSIONAL:
                ring = Persoon.PROFESSIONAL_RING
            else:
                ring = 2 if soort == Persoon.Soort.FAMILIE else 3
        ident = gegevens.get("id")
        return cls(
            id=ident if isinstance(ident, int) else None,
            naam=str(gegevens.get("naam") or _("(zonder naam)")),
            soort=soort,
            tijd=gegevens.get("tijd") or Persoon.Tijd.HEDEN,
            kwaliteit=gegevens.get("kwaliteit") or "",
            ring=ring,
            hoofdpersoon=bool(gegevens.get("hoofdpersoon")),
        )

    @property
    def is_actief(self) -> bool:
        return self.tijd == Persoon.Tijd.HEDEN

    @property
    def is_professional(self) -> bool:
        return self.soort == Persoon.Soort.PROFESSIONAL

    @property
    def soort_label(self) -> str:
        return _label(Persoon.Soort, self.soort) if self.soort else ""

    @property
    def tijd_label(self) -> str:
        return _label(Persoon.Tijd, self.tijd)

    @property
    def kwaliteit_label(self) -> str:
        return _label(Persoon.Kwaliteit, self.kwaliteit) if self.kwaliteit else ""

    @property
    def sleutel(self) -> str:
        return " ".join(self.naam.split()).casefold()


def lees(personen: Iterable[Mapping]) -> list[Lid]:
    return [Lid.uit(p) for p in personen if isinstance(p, Mapping)]


@dataclass(frozen=True)
class Telling:
    """Counted as the netwerkbalans counts: active now, the hoofdpersoon not counted."""

    informeel: int
    professioneel: int
    in_lijst: int  # everyone on the list but the hoofdpersoon, past and possible too

    @property
    def actief(self) -> int:
        return self.informeel + self.professioneel


def tel(leden: Iterable[Lid]) -> Telling:
    informeel = professioneel = in_lijst = 0
    for lid in leden:
        if lid.hoofdpersoon:
            continue
        in_lijst += 1
        if lid.is_actief:
            if lid.is_professional:
                professioneel += 1
            else:
                informeel += 1
    return Telling(informeel, professioneel, in_lijst)


@dataclass(frozen=True)
class Ring:
    nummer: int
    label: str
    leden: tuple[Lid, ...]


def per_ring(leden: Iterable[Lid]) -> list[Ring]:
    """Everyone but the hoofdpersoon in the rings of the netwerkcirkel, closest first."""
    ringen: dict[int, list[Lid]] = {nummer: [] for nummer in RING_NAMEN}
    for lid in leden:
        if not lid.hoofdpersoon:
            ringen[lid.ring].append(lid)
    return [
        Ring(nummer, ring_label(nummer), tuple(sorted(lijst, key=lambda lid: lid.sleutel)))
        for nummer, lijst in ringen.items()
    ]


@dataclass(frozen=True)
class Ringwissel:
    lid: Lid
    van: int
    naar: int

    @property
    def dichterbij(self) -> bool:
        return self.naar < self.van


@dataclass(frozen=True)
class Verandering:
    lid: Lid
    veld: str  # "soort", "tijd" or "kwaliteit"
    veld_label: str
    van: str
    naar: str


@dataclass(frozen=True)
class Vergelijking:
    erbij: tuple[Lid, ...]
    weg: tuple[Lid, ...]
    ringwissels: tuple[Ringwissel, ...]
    veranderingen: tuple[Verandering, ...]
    voor: Telling
    na: Telling
    hoofdpersoon: str  # first name, for the sentences; may be empty

    @property
    def zelfde(self) -> bool:
        return not (self.erbij or self.weg or self.ringwissels or self.veranderingen)

    def zinnen(self) -> list[str]:
        """What changed, in plain sentences."""
        erbij, weg = len(self.erbij), len(self.weg)
        zinnen = []
        if erbij > weg:
            if self.hoofdpersoon:
                zin = ngettext(
                    "Het netwerk van %(naam)s is groter geworden: %(aantal)s persoon erbij.",
                    "Het netwerk van %(naam)s is groter geworden: %(aantal)s mensen erbij.",
                    erbij,
                )
            else:
                zin = ngettext(
                    "Het netwerk is groter geworden: %(aantal)s persoon erbij.",
                    "Het netwerk is groter geworden: %(aantal)s mensen erbij.",
                    erbij,
                )
            zinnen.append(zin % {"naam": self.hoofdpersoon, "aantal": erbij})
            if weg:
                zinnen.append(
                    ngettext(
                        "%(aantal)s persoon staat er niet meer in.",
                        "%(aantal)s mensen staan er niet meer in.",
                        weg,
                    )
                    % {"aantal": weg}
                )
        elif weg > erbij:
            if self.hoofdpersoon:
                zin = ngettext(
                    "Het netwerk van %(naam)s is kleiner geworden: %(aantal)s persoon "
                    "staat er niet meer in.",
                    "Het netwerk van %(naam)s is kleiner geworden: %(aantal)s mensen "
                    "staan er niet meer in.",
                    weg,
                )
            else:
                zin = ngettext(
                    "Het netwerk is kleiner geworden: %(aantal)s persoon staat er niet meer in.",
                    "Het netwerk is kleiner geworden: %(aantal)s mensen staan er niet meer in.",
                    weg,
                )
            zinnen.append(zin % {"naam": self.hoofdpersoon, "aantal": weg})
            if erbij:
                zinnen.append(
                    ngettext(
                        "%(aantal)s persoon is erbij gekomen.",
                        "%(aantal)s mensen zijn erbij gekomen.",
                        erbij,
                    )
                    % {"aantal": erbij}
                )
        elif erbij:
            zinnen.append(
                ngettext(
                    "Het netwerk is even groot gebleven: %(aantal)s persoon erbij en "
                    "%(aantal)s niet meer.",
                    "Het netwerk is even groot gebleven: %(aantal)s mensen erbij en "
                    "%(aantal)s niet meer.",
                    erbij,
                )
                % {"aantal": erbij}
            )
        else:
            zinnen.append(_("Er is niemand bij gekomen en niemand weggegaan."))
        dichterbij = sum(1 for w in self.ringwissels if w.dichterbij)
        verder = len(self.ringwissels) - dichterbij
        if dichterbij:
            zinnen.append(
                ngettext(
                    "%(aantal)s persoon staat dichterbij dan eerst.",
                    "%(aantal)s mensen staan dichterbij dan eerst.",
                    dichterbij,
                )
                % {"aantal": dichterbij}
            )
        if verder:
            zinnen.append(
                ngettext(
                    "%(aantal)s persoon staat verder weg dan eerst.",
                    "%(aantal)s mensen staan verder weg dan eerst.",
                    verder,
                )
                % {"aantal": verder}
            )
        return zinnen


def koppel(oud: list[Lid], nieuw: list[Lid]) -> tuple[list[tuple[Lid, Lid]], list[Lid], list[Lid]]:
    """(pairs, only in oud, only in nieuw): by id first, then by name among the rest."""
    nieuw_per_id = {lid.id: lid for lid in nieuw if lid.id is not None}
    paren: list[tuple[Lid, Lid]] = []
    gekoppeld: set[int] = set()  # ids of Lid objects in nieuw already paired
    rest_oud = []
    for lid in oud:
        ander = nieuw_per_id.get(lid.id) if lid.id is not None else None
        if ander is not None and id(ander) not in gekoppeld:
            paren.append((lid, ander))
            gekoppeld.add(id(ander))
        else:
            rest_oud.append(lid)
    rest_nieuw_per_naam: dict[str, list[Lid]] = {}
    for lid in nieuw:
        if id(lid) not in gekoppeld:
            rest_nieuw_per_naam.setdefault(lid.sleutel, []).append(lid)
    alleen_oud = []
    for lid in rest_oud:
        kandidaten = rest_nieuw_per_naam.get(lid.sleutel)
        if kandidaten:
            ander = kandidaten.pop(0)
            paren.append((lid, ander))
            gekoppeld.add(id(ander))
        else:
            alleen_oud.append(lid)
    alleen_nieuw = [lid for lid in nieuw if id(lid) not in gekoppeld]
    return paren, alleen_oud, alleen_nieuw


def vergelijk(oud_personen: Iterable[Mapping], nieuw_personen: Iterable[Mapping]) -> Vergelijking:
    """What changed from the older list to the newer one."""
    oud, nieuw = lees(oud_personen), lees(nieuw_personen)
    paren, weg, erbij = koppel(oud, nieuw)
    ringwissels = []
    veranderingen = []
    for voor, na in sorted(paren, key=lambda paar: paar[1].sleutel):
        if voor.hoofdpersoon or na.hoofdpersoon:
            continue
        if voor.ring != na.ring:
            ringwissels.append(Ringwissel(na, voor.ring, na.ring))
        for veld, (veld_label, keuzes) in VELDEN.items():
            van, naar = getattr(voor, veld), getattr(na, veld)
            if van != naar:
                veranderingen.append(
                    Verandering(
                        na, veld, str(veld_label), _label(keuzes, van), _label(keuzes, naar)
                    )
                )
    hoofd = next((lid for lid in nieuw if lid.hoofdpersoon), None) or next(
        (lid for lid in oud if lid.hoofdpersoon), None
    )
    return Vergelijking(
        erbij=tuple(sorted((lid for lid in erbij if not lid.hoofdpersoon), key=_op_naam)),
        weg=tuple(sorted((lid for lid in weg if not lid.hoofdpersoon), key=_op_naam)),
        ringwissels=tuple(ringwissels),
        veranderingen=tuple(veranderingen),
        voor=tel(oud),
        na=tel(nieuw),
        hoofdpersoon=hoofd.naam.split()[0] if hoofd and hoofd.naam.split() else "",
    )


def _op_naam(lid: Lid) -> str:
    return lid.sleutel

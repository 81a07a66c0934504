"""How the plan is going: counts per vraag, what is late, what does not work, and the
layout of the drawings that show it.

Pure functions over afspraken the view already loaded (with their vraag, voortgang and
people), so nothing here asks the database. The page draws the result with
templates/actieteam/svg/voortgang.svg and templates/actieteam/svg/verhouding.svg.

Network afspraken (soort 1, "wat wij zelf doen") and professional support (soort 2 and 3)
are always counted apart: the plan is the network's first, and the team should see at a
glance whether the help of professionals grows while the network's part shrinks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from beraad.models import Afspraak, Vraag

from .models import Status, Voortgang
from .team import is_te_laat, status_van

Soort = Afspraak.Soort

# The order of the parts of a bar: done first, trouble last, where the eye ends.
STATUS_VOLGORDE = (Status.GELUKT, Status.BEZIG, Status.NOG_NIET, Status.LUKT_NIET)

# (fill, text on it). Every text colour reaches 4.5:1 on its fill; white gaps keep the
# parts apart and each part also carries its count in words beside the drawing.
KLEUREN = {
    Status.GELUKT: ("#1e6b3a", "#ffffff"),
    Status.BEZIG: ("#f2a541", "#1f2a2e"),
    Status.NOG_NIET: ("#e3e0d8", "#1f2a2e"),
    Status.LUKT_NIET: ("#b02a37", "#ffffff"),
}
KORT = {
    Status.GELUKT: gettext_lazy("gelukt"),
    Status.BEZIG: gettext_lazy("bezig"),
    Status.NOG_NIET: gettext_lazy("nog niet begonnen"),
    Status.LUKT_NIET: gettext_lazy("lukt niet"),
}

NETWERK = "netwerk"
HULP = "hulp"
GROEPEN = (
    (NETWERK, gettext_lazy("Wat wij zelf doen"), frozenset({Soort.NETWERK})),
    (
        HULP,
        gettext_lazy("Hulp van professionals en aanbod"),
        frozenset({Soort.PROFESSIONAL, Soort.AANBOD}),
    ),
)
NETWERK_KLEUR = "#0b5c6b"
HULP_KLEUR = "#a3470a"

# The drawing's own coordinates (the viewBox); it scales to the screen. 320 wide reads
# at about its own size inside a card on a 360 px phone.
BREEDTE = 320
LINKS = 2
BALK_BREEDTE = BREEDTE - 2 * LINKS
BALK_HOOGTE = 30
LABEL_HOOGTE = 20  # the group's name above its bar
REGEL_HOOGTE = 22  # "2 van 5 gelukt" under the bar
TUSSEN = 14  # between the two groups
BOVEN = 4
ONDER = 4


def groep_van(soort: int) -> str:
    return NETWERK if soort == Soort.NETWERK else HULP


@dataclass
class Telling:
    """How many afspraken stand where; `te_laat` counts across the statuses."""

    gelukt: int = 0
    bezig: int = 0
    nog_niet: int = 0
    lukt_niet: int = 0
    te_laat: int = 0

    @property
    def totaal(self) -> int:
        return self.gelukt + self.bezig + self.nog_niet + self.lukt_niet

    def tel(self, status: str, te_laat: bool = False) -> None:
        setattr(self, status, getattr(self, status) + 1)
        self.te_laat += int(te_laat)

    def aantal(self, status: str) -> int:
        return getattr(self, status)

    @property
    def delen(self) -> list[Deel]:
        """Per status, in drawing order, with its colour and name: for legends."""
        return [Deel(s, str(KORT[s]), self.aantal(s)) for s in STATUS_VOLGORDE]

    @property
    def procent_gelukt(self) -> int:
        return round(self.gelukt / self.totaal * 100) if self.totaal else 0

    def samenvatting(self) -> str:
        """In words: "5 afspraken: 2 gelukt, 1 bezig, 2 nog niet begonnen. 1 is te laat."."""
        if not self.totaal:
            return _("Geen afspraken.")
        delen = ", ".join(f"{d.aantal} {d.label}" for d in self.delen if d.aantal)
        tekst = ngettext(
            "%(aantal)d afspraak: %(delen)s.", "%(aantal)d afspraken: %(delen)s.", self.totaal
        ) % {"aantal": self.totaal, "delen": delen}
        if self.te_laat:
            tekst += " " + ngettext(
                "%(aantal)d is te laat.", "%(aantal)d zijn te laat.", self.te_laat
            ) % {"aantal": self.te_laat}
        return tekst

    def regel(self) -> str:
        """Short, under a bar: "2 van 5 gelukt · 1 te laat"."""
        tekst = _("%(gelukt)d van %(totaal)d gelukt") % {
            "gelukt": self.gelukt,
            "totaal": self.totaal,
        }
        if self.te_laat:
            tekst += " · " + _("%(aantal)d te laat") % {"aantal": self.te_laat}
        return tekst


@dataclass(frozen=True)
class Deel:
    status: str
    label: str
    aantal: int

    @property
    def kleur(self) -> str:
        return KLEUREN[self.status][0]


def telling_uit(aantallen: Mapping[str, int]) -> Telling:
    """A Telling from counts per status (and 'te_laat'), as an aggregate query gives them."""
    return Telling(**{k: int(aantallen.get(k) or 0) for k in (*Status.values, "te_laat")})


# --- One row per afspraak --------------------------------------------------------------


@dataclass
class Rij:
    """An afspraak with where it stands, for the lists and the counts."""

    afspraak: Afspraak
    voortgang: Voortgang
    te_laat: bool

    @property
    def status(self) -> str:
        return self.voortgang.status

    @property
    def groep(self) -> str:
        return groep_van(self.afspraak.soort)

    @property
    def status_label(self) -> str:
        return str(KORT[self.status])

    @property
    def sinds(self) -> datetime | None:
        return self.voortgang.gewijzigd


# --- The drawing per vraag -------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    aantal: int
    x: float
    breedte: float
    kleur: str
    tekstkleur: str
    toon_getal: bool

    @property
    def midden(self) -> float:
        return round(self.x + self.breedte / 2, 1)


@dataclass(frozen=True)
class Balk:
    groep: str
    titel: str
    telling: Telling
    label_y: float  # baseline of the group's name
    y: float  # top of the bar
    regel_y: float  # baseline of the line under the bar
    segmenten: tuple[Segment, ...]
    x: float = LINKS
    breedte: float = BALK_BREEDTE
    hoogte: float = BALK_HOOGTE

    @property
    def leeg(self) -> bool:
        return not self.telling.totaal

    @property
    def midden_y(self) -> float:
        return round(self.y + self.hoogte / 2, 1)

    @property
    def onder(self) -> float:
        return self.y + self.hoogte

    @property
    def regel(self) -> str:
        return self.telling.regel()

    @property
    def kleur(self) -> str:
        return NETWERK_KLEUR if self.groep == NETWERK else HULP_KLEUR


@dataclass(frozen=True)
class Tekening:
    id: str
    titel: str
    uitleg: str
    balken: tuple[Balk, ...]
    breedte: int = BREEDTE
    hoogte: float = 0


def _segmenten(telling: Telling, x: float, breedte: float) -> tuple[Segment, ...]:
    """The bar's parts side by side; edges are rounded from the running total, so the
    parts always fill the bar exactly."""
    if not telling.totaal:
        return ()
    segmenten = []
    geteld = 0
    for status in STATUS_VOLGORDE:
        aantal = telling.aantal(status)
        if not aantal:
            continue
        begin = round(x + geteld / telling.totaal * breedte, 1)
        geteld += aantal
        eind = round(x + geteld / telling.totaal * breedte, 1)
        kleur, tekstkleur = KLEUREN[status]
        segmenten.append(
            Segment(
                status=status,
                label=str(KORT[status]),
                aantal=aantal,
                x=begin,
                breedte=round(eind - begin, 1),
                kleur=kleur,
                tekstkleur=tekstkleur,
                # Room for the digits in the part; else the count stays in the words beside.
                toon_getal=eind - begin >= 10 + 9 * len(str(aantal)),
            )
        )
    return tuple(segmenten)


def teken(nummer: int, vraag: str, tellingen: Mapping[str, Telling]) -> Tekening:
    """The drawing for one vraag: a bar for the network's afspraken, one for the help of
    professionals and aanbod. `nummer` keeps ids apart when a page holds several."""
    balken = []
    y = BOVEN
    for sleutel, titel, _soorten in GROEPEN:
        telling = tellingen.get(sleutel) or Telling()
        label_y = y + LABEL_HOOGTE - 6
        balk_y = y + LABEL_HOOGTE
        balken.append(
            Balk(
                groep=sleutel,
                titel=str(titel),
                telling=telling,
                label_y=label_y,
                y=balk_y,
                regel_y=balk_y + BALK_HOOGTE + REGEL_HOOGTE - 6,
                segmenten=_segmenten(telling, LINKS, BALK_BREEDTE),
            )
        )
        y = balk_y + BALK_HOOGTE + REGEL_HOOGTE + TUSSEN
    hoogte = y - TUSSEN + ONDER
    uitleg = " ".join(f"{b.titel}: {b.telling.samenvatting()}" for b in balken)
    return Tekening(
        id=f"voortgang-{nummer}",
        titel=_("Voortgang bij de vraag: %(vraag)s") % {"vraag": vraag},
        uitleg=uitleg,
        balken=tuple(balken),
        hoogte=hoogte,
    )


# --- Network and professionals side by side --------------------------------------------


@dataclass(frozen=True)
class Verhouding:
    """The plan's afspraken of the network against those of professionals and aanbod."""

    netwerk: int
    hulp: int
    breedte: int = BREEDTE
    hoogte: int = 80
    x: float = LINKS
    y: float = 26
    balk_breedte: float = BALK_BREEDTE
    balk_hoogte: float = 26

    @property
    def totaal(self) -> int:
        return self.netwerk + self.hulp

    @property
    def aandeel(self) -> int:
        """The network's share, in whole percents."""
        return round(self.netwerk / self.totaal * 100) if self.totaal else 0

    @property
    def netwerk_breedte(self) -> float:
        if not self.totaal:
            return 0
        return round(self.netwerk / self.totaal * self.balk_breedte, 1)

    @property
    def hulp_x(self) -> float:
        return round(self.x + self.netwerk_breedte, 1)

    @property
    def hulp_breedte(self) -> float:
        return round(self.balk_breedte - self.netwerk_breedte, 1)

    @property
    def rechts(self) -> float:
        return self.x + self.balk_breedte

    @property
    def onder(self) -> float:
        return self.y + self.balk_hoogte

    @property
    def hulp_label_y(self) -> float:
        """Under the bar, at its right end: the two names never meet on a phone."""
        return self.onder + 20

    @property
    def netwerk_kleur(self) -> str:
        return NETWERK_KLEUR

    @property
    def hulp_kleur(self) -> str:
        return HULP_KLEUR

    @property
    def uitleg(self) -> str:
        if not self.totaal:
            return _("Er staan nog geen afspraken in het plan.")
        return _(
            "%(netwerk)d afspraken van de mensen zelf en hun netwerk, %(hulp)d van "
            "professionals en aanbod. %(aandeel)d procent van het plan doen de mensen zelf."
        ) % {"netwerk": self.netwerk, "hulp": self.hulp, "aandeel": self.aandeel}


# --- The whole page ----------------------------------------------------------------------


@dataclass
class VraagVoortgang:
    vraag: Vraag
    rijen: list[Rij]
    totaal: Telling
    tellingen: dict[str, Telling]
    tekening: Tekening

    @property
    def balken(self) -> tuple[Balk, ...]:
        return self.tekening.balken


@dataclass
class Overzicht:
    vragen: list[VraagVoortgang]
    totaal: Telling
    te_laat: list[Rij]
    lukt_niet: list[Rij]
    verhouding: Verhouding
    per_groep: dict[str, Telling] = field(default_factory=dict)

    @property
    def leeg(self) -> bool:
        return not self.totaal.totaal


def bereken(vragen: Sequence[Vraag], afspraken: Iterable[Afspraak], vandaag: date) -> Overzicht:
    """Everything the Voortgang page shows, from the vragen and the afspraken in force.

    Afspraken come with their vraag and voortgang loaded (`team.afspraken_van`); a vraag
    without afspraken still gets its drawing, empty.
    """
    per_vraag: dict[int, list[Rij]] = {v.pk: [] for v in vragen}
    volgorde = list(vragen)
    for afspraak in afspraken:
        rij = Rij(afspraak, status_van(afspraak), is_te_laat(afspraak, vandaag))
        if afspraak.vraag_id not in per_vraag:
            # Not a vraag of this beraad (should not happen): show it rather than hide it.
            per_vraag[afspraak.vraag_id] = []
            volgorde.append(afspraak.vraag)
        per_vraag[afspraak.vraag_id].append(rij)

    totaal = Telling()
    per_groep = {NETWERK: Telling(), HULP: Telling()}
    alle: list[Rij] = []
    uitkomst = []
    for nummer, vraag in enumerate(volgorde, start=1):
        rijen = per_vraag[vraag.pk]
        tellingen = {NETWERK: Telling(), HULP: Telling()}
        vraag_totaal = Telling()
        for rij in rijen:
            for telling in (tellingen[rij.groep], vraag_totaal, totaal, per_groep[rij.groep]):
                telling.tel(rij.status, rij.te_laat)
        alle.extend(rijen)
        uitkomst.append(
            VraagVoortgang(
                vraag=vraag,
                rijen=rijen,
                totaal=vraag_totaal,
                tellingen=tellingen,
                tekening=teken(nummer, vraag.tekst, tellingen),
            )
        )
    # The oldest date first: what has waited longest.
    te_laat = sorted(
        (r for r in alle if r.te_laat), key=lambda r: (r.afspraak.klaar_op, r.afspraak.pk)
    )
    lukt_niet = sorted(
        (r for r in alle if r.status == Status.LUKT_NIET),
        key=lambda r: (r.sinds is None, r.sinds or datetime.min, r.afspraak.pk),
    )
    return Overzicht(
        vragen=uitkomst,
        totaal=totaal,
        te_laat=te_laat,
        lukt_niet=lukt_niet,
        verhouding=Verhouding(per_groep[NETWERK].totaal, per_groep[HULP].totaal),
        per_groep=per_groep,
    )

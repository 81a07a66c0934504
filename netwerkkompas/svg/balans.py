"""The netwerkbalans over time: the informal network and the professionals as two lines.

A measurement holds until the next one (the groslijst is measured on every change),
so both lines are drawn as steps and run on to today. Long histories are summed up
per week or per month: the count as it stood at the end of that period. Momentopnamen
appear as small marks on the time axis.

Pure functions over small dataclasses; no database. The page and the PDF draw the
result with templates/netwerkkompas/svg/balans.svg.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The drawing's own coordinates (the viewBox); it scales to the screen.
BREEDTE = 420
HOOGTE = 262
LINKS = 34  # room for the counts beside the gridlines
RECHTS = BREEDTE - 34  # room for today's count at the end of each line
BOVEN = 40  # room for the legend
ONDER = HOOGTE - 32  # room for the month labels

# Up to this many days every day is its own point; up to a year, every week.
DAGEN_PER_DAG = 62
DAGEN_PER_WEEK = 366
# Dots on the points only while they stay apart.
MAX_STIPPEN = 16


@dataclass(frozen=True)
class Meting:
    datum: date
    informeel: int
    professioneel: int


@dataclass(frozen=True)
class Moment:
    """A momentopname, for a mark on the time axis."""

    datum: date
    naam: str


@dataclass(frozen=True)
class Punt:
    x: float
    y: float
    waarde: int
    datum: date


@dataclass(frozen=True)
class Lijn:
    soort: str  # "informeel" or "professioneel"
    punten: tuple[Punt, ...]
    pad: str  # SVG path: steps from point to point, on to today
    eind_x: float
    eind_y: float
    label_y: float  # where today's count is written, kept apart from the other line's
    waarde: int  # today's count


@dataclass(frozen=True)
class Rasterlijn:
    y: float
    waarde: int


@dataclass(frozen=True)
class Tik:
    x: float
    label: str


@dataclass(frozen=True)
class Markering:
    x: float
    naam: str
    datum: date


@dataclass(frozen=True)
class Grafiek:
    metingen: tuple[Meting, ...]  # the points drawn, after summing up per period
    periode: str  # "dag", "week" or "maand"
    lijnen: tuple[Lijn, ...]
    raster: tuple[Rasterlijn, ...]
    tikken: tuple[Tik, ...]
    markeringen: tuple[Markering, ...]
    stippen: bool
    begin: date | None
    eind: date | None
    breedte: int = BREEDTE
    hoogte: int = HOOGTE
    links: int = LINKS
    rechts: int = RECHTS
    boven: int = BOVEN
    onder: int = ONDER

    @property
    def leeg(self) -> bool:
        return not self.metingen

    @property
    def informeel(self) -> Lijn | None:
        return self.lijnen[0] if self.lijnen else None

    @property
    def professioneel(self) -> Lijn | None:
        return self.lijnen[1] if self.lijnen else None


def kies_periode(begin: date, eind: date) -> str:
    """Per day for two months, per week up to a year, per month after that."""
    dagen = (eind - begin).days
    if dagen <= DAGEN_PER_DAG:
        return "dag"
    if dagen <= DAGEN_PER_WEEK:
        return "week"
    return "maand"


def periode_van(datum: date, periode: str) -> date:
    """The first day of the day, week (Monday) or month the date falls in."""
    if periode == "week":
        return datum - timedelta(days=datum.weekday())
    if periode == "maand":
        return datum.replace(day=1)
    return datum


def samenvatten(metingen: Iterable[Meting], periode: str) -> list[Meting]:
    """The first measurement, then the last of every period: where the counts stood at
    the end of that day, week or month."""
    gesorteerd = sorted(metingen, key=lambda m: m.datum)
    if not gesorteerd:
        return []
    laatste: dict[date, Meting] = {}
    for meting in gesorteerd[1:]:
        laatste[periode_van(meting.datum, periode)] = meting
    return [gesorteerd[0], *laatste.values()]


def _stap(hoogste: int) -> int:
    """A round step for the gridlines: at most five of them above zero."""
    for grootte in (1, 10, 100, 1000, 10000):
        for factor in (1, 2, 5):
            stap = factor * grootte
            if math.ceil(hoogste / stap) <= 5:
                return stap
    return math.ceil(hoogste / 5)


def _maanden_na(begin: date, eind: date) -> list[date]:
    """The first days of the months in (begin, eind]."""
    jaar, maand = begin.year, begin.month
    gevonden = []
    while True:
        maand += 1
        if maand > 12:
            jaar, maand = jaar + 1, 1
        dag = date(jaar, maand, 1)
        if dag > eind:
            return gevonden
        gevonden.append(dag)


def _tikken(begin: date, eind: date, x) -> list[Tik]:
    dagen = (eind - begin).days
    if dagen <= DAGEN_PER_DAG:
        if dagen < 21:
            stap = max(1, math.ceil(dagen / 5))
            data = [begin + timedelta(days=i) for i in range(0, dagen + 1, stap)]
        else:
            maandag = begin + timedelta(days=(7 - begin.weekday()) % 7)
            stap = 7 if dagen <= 35 else 14
            data = [maandag + timedelta(days=i) for i in range(0, (eind - maandag).days + 1, stap)]
        return [Tik(x(d), date_format(d, "j b")) for d in data]
    maanden = _maanden_na(begin, eind)
    elke = next((n for n in (1, 2, 3, 6, 12) if len(maanden[::n]) <= 6), 24)
    # Keep January in the row when stepping by months, so the year label shows.
    start = next((i for i, d in enumerate(maanden[:elke]) if d.month == 1), 0)
    gekozen = maanden[start::elke] if elke > 1 else maanden
    tikken = []
    for i, dag in enumerate(gekozen):
        if dag.month == 1 or i == 0:
            label = f"{MONTHS_3[dag.month]} {dag.year}"
        else:
            label = str(MONTHS_3[dag.month])
        tikken.append(Tik(x(dag), label))
    return tikken


def _pad(punten: Sequence[Punt], eind_x: float) -> str:
    """Steps: a count holds until the next measurement, then on to today."""
    eerste = punten[0]
    delen = [f"M{eerste.x} {eerste.y}"]
    for punt in punten[1:]:
        delen.append(f"H{punt.x} V{punt.y}")
    if eind_x > punten[-1].x:
        delen.append(f"H{eind_x}")
    return " ".join(delen)


def teken(
    metingen: Iterable[Meting],
    momenten: Iterable[Moment] = (),
    *,
    vandaag: date,
    nu: Meting | None = None,
) -> Grafiek:
    """Lay out the chart. `nu` (today's live count) replaces a stored measurement of today,
    so the line always ends at what the groslijst says now."""
    rijen = {m.datum: m for m in metingen}
    if nu is not None:
        rijen[nu.datum] = nu
    if not any(m.informeel or m.professioneel for m in rijen.values()):
        # Nobody counted yet, ever: a flat line at zero says nothing.
        return Grafiek((), "dag", (), (), (), (), False, None, None)

    begin, laatste = min(rijen), max(rijen)
    eind = max(vandaag, laatste)
    periode = kies_periode(begin, eind)
    getekend = samenvatten(rijen.values(), periode)

    # One day, or two: give the single point some room on both sides.
    x_begin, x_eind = begin, eind
    if (x_eind - x_begin).days < 2:
        x_begin, x_eind = x_begin - timedelta(days=1), x_eind + timedelta(days=1)
    span = (x_eind - x_begin).days

    def x(dag: date) -> float:
        return round(LINKS + (dag - x_begin).days / span * (RECHTS - LINKS), 1)

    hoogste = max(4, *(max(m.informeel, m.professioneel) for m in getekend))
    stap = _stap(hoogste)
    top = math.ceil(hoogste / stap) * stap

    def y(waarde: int) -> float:
        return round(ONDER - waarde / top * (ONDER - BOVEN), 1)

    eind_x = x(eind)
    lijnen = []
    for soort in ("informeel", "professioneel"):
        punten = tuple(
            Punt(x(m.datum), y(getattr(m, soort)), getattr(m, soort), m.datum) for m in getekend
        )
        laatste_punt = punten[-1]
        lijnen.append(
            Lijn(
                soort=soort,
                punten=punten,
                pad=_pad(punten, eind_x),
                eind_x=eind_x,
                eind_y=laatste_punt.y,
                label_y=laatste_punt.y,
                waarde=laatste_punt.waarde,
            )
        )
    # Today's two counts side by side at the end: keep their labels 14 apart, the larger on top.
    informeel, professioneel = lijnen
    if abs(informeel.label_y - professioneel.label_y) < 14:
        midden = (informeel.label_y + professioneel.label_y) / 2
        hoog = max(BOVEN, min(midden - 7, ONDER - 14))
        if informeel.waarde >= professioneel.waarde:
            lijnen = [_met_label(informeel, hoog), _met_label(professioneel, hoog + 14)]
        else:
            lijnen = [_met_label(informeel, hoog + 14), _met_label(professioneel, hoog)]

    raster = tuple(Rasterlijn(y(w), w) for w in range(0, top + 1, stap))
    markeringen = tuple(
        Markering(x(m.datum), m.naam, m.datum)
        for m in sorted(momenten, key=lambda m: m.datum)
        if x_begin <= m.datum <= x_eind
    )
    return Grafiek(
        metingen=tuple(getekend),
        periode=periode,
        lijnen=tuple(lijnen),
        raster=raster,
        tikken=tuple(_tikken(begin, eind, x)),
        markeringen=markeringen,
        stippen=len(getekend) <= MAX_STIPPEN,
        begin=begin,
        eind=eind,
    )


def _met_label(lijn: Lijn, label_y: float) -> Lijn:
    return Lijn(
        lijn.soort, lijn.punten, lijn.pad, lijn.eind_x, lijn.eind_y, round(label_y, 1), lijn.waarde
    )


@dataclass(frozen=True)
class Signaal:
    soort: str  # "meer_professionals", "evenveel" or "minder_netwerk"
    tekst: str


def signalen(nu: Meting, eerste: Meting | None = None) -> list[Signaal]:
    """What the balance says, in plain words that do not judge.

    Shown when there are as many professionals as people from the person's own network
    or more, and when since the first measurement the own network shrank while the
    professionals grew.
    """
    gevonden = []
    if nu.professioneel and nu.professioneel > nu.informeel:
        gevonden.append(
            Signaal(
                "meer_professionals",
                _(
                    "Er zijn nu meer professionals (%(professioneel)s) dan mensen uit het "
                    "eigen netwerk (%(informeel)s)."
                )
                % {"professioneel": nu.professioneel, "informeel": nu.informeel},
            )
        )
    elif nu.professioneel and nu.professioneel == nu.informeel:
        gevonden.append(
            Signaal(
                "evenveel",
                _("Er zijn nu evenveel professionals als mensen uit het eigen netwerk: %(aantal)s.")
                % {"aantal": nu.informeel},
            )
        )
    if (
        eerste is not None
        and eerste.datum < nu.datum
        and nu.informeel < eerste.informeel
        and nu.professioneel > eerste.professioneel
    ):
        gevonden.append(
            Signaal(
                "minder_netwerk",
                _(
                    "Sinds %(datum)s zijn er minder mensen uit het eigen netwerk (eerst "
                    "%(informeel_toen)s, nu %(informeel_nu)s) en meer professionals (eerst "
                    "%(professioneel_toen)s, nu %(professioneel_nu)s)."
                )
                % {
                    "datum": date_format(eerste.datum, "j F Y"),
                    "informeel_toen": eerste.informeel,
                    "informeel_nu": nu.informeel,
                    "professioneel_toen": eerste.professioneel,
                    "professioneel_nu": nu.professioneel,
                },
            )
        )
    return gevonden


def aandeel(informeel: int, professioneel: int) -> int:
    """The informal network's share of everyone counted, in whole percents."""
    totaal = informeel + professioneel
    return round(informeel / totaal * 100) if totaal else 0

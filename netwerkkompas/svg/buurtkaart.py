"""The buurtkaart laid out: home in the centre, each place at the distance of its walk.

Pure functions over small dataclasses, no database. The view turns Plek rows into
`PlekIn`; `layout()` gives every card a position; templates/netwerkkompas/svg/
buurtkaart.svg draws it, on the page and later in the PDF.

How places are laid out:
- the distance from home follows the walking time (dashed rings at 5, 10, 15 and
  20+ minutes; longer walks sit on the outer ring);
- the angle follows the kind of place, so shops sit near shops and clubs near clubs;
- cards never overlap each other, the home or a ring label: a card that would, slides
  a little along its ring (that keeps its distance) and otherwise moves outward, never
  inward, so a place never looks closer than it is. A card that moved outward gets a
  short line to a dot at its true distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# The order of the kinds around the circle, clockwise from the top. Matches Plek.Soort.
SOORTEN = (
    "winkel",
    "wijkcentrum",
    "club",
    "gebedshuis",
    "kinderboerderij",
    "school",
    "werk",
    "zorg",
    "anders",
)

RINGEN = (5, 10, 15, 20)  # minutes walking; the last ring means "20 or more"
MAX_MINUTEN = RINGEN[-1]

THUIS_R = 52  # radius of the home disc
# 0 minutes lies a little outside home, so a card for the shop next door fits between home
# and the 5-minute ring; 5 minutes = 75 px, a little more than a card is high.
NUL_R = THUIS_R + 36
PX_PER_MINUUT = 15
KAART_B = 176  # card width
KAART_H = 72  # card height
PICTO = 48  # pictogram size inside a card
MAX_MENSEN_ROND = 3  # more people than this become "5 mensen"
MENS_R = 11  # radius of one person's circle in a card
LABEL_B = 104  # room for "20+ min lopen" at font-size 13
LABEL_H = 20
MARGE = 12  # empty border around the drawing
TUSSENRUIMTE = 6  # minimum gap between two cards

# Collision search: slide along the ring in these steps first, then move outward.
SCHUIF_STAP = 14
SCHUIF_MAX = 8  # steps each way
# Moved outward further than this, a card gets a line to its true distance.
VERPLAATST_VANAF = 12
UIT_STAP = 8

TEKST_X = PICTO + 14  # where the name starts inside a card
NAAM_TEKENS = 12  # characters per line of a name at font-size 14 bold in a card
NAAM_REGELS = 2


@dataclass(frozen=True)
class MensIn:
    naam: str
    initialen: str
    foto_url: str = ""


@dataclass(frozen=True)
class PlekIn:
    id: int
    naam: str
    soort: str
    loopminuten: int
    mensen: tuple[MensIn, ...] = ()


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    b: float
    h: float

    def raakt(self, other: Box, gap: float = 0) -> bool:
        return not (
            self.x + self.b + gap <= other.x
            or other.x + other.b + gap <= self.x
            or self.y + self.h + gap <= other.y
            or other.y + other.h + gap <= self.y
        )

    @property
    def cx(self) -> float:
        return self.x + self.b / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def verschoven(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.b, self.h)


@dataclass
class Mens:
    naam: str
    initialen: str
    foto_url: str
    cx: int
    cy: int
    r: int = MENS_R

    @property
    def foto_x(self) -> int:
        return self.cx - self.r

    @property
    def foto_y(self) -> int:
        return self.cy - self.r

    @property
    def foto_b(self) -> int:
        return 2 * self.r

    @property
    def tekst_y(self) -> int:
        """Baseline that centres the initials (font-size 10) in the circle."""
        return self.cy + 4


@dataclass
class Kaart:
    """One place card in drawing coordinates (whole pixels); (x, y) is its top-left."""

    plek: PlekIn
    nummer: int  # 1-based, unique in the drawing: for clipPath ids
    x: int
    y: int
    regels: list[str]
    mensen: list[Mens] = field(default_factory=list)
    # The true distance, on the line from home to the card: a card that had to move outward
    # is tied to this point by a short line, so it never seems further away than it is.
    anker_x: int = 0
    anker_y: int = 0
    verplaatst: bool = False  # moved outward, and the true point is visible
    b: int = KAART_B
    h: int = KAART_H

    @property
    def aantal_mensen(self) -> int:
        return len(self.plek.mensen)

    @property
    def mensen_als_getal(self) -> bool:
        """Many people: "5 mensen" instead of a row of circles."""
        return self.aantal_mensen > MAX_MENSEN_ROND

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.b, self.h)

    @property
    def cx(self) -> int:
        return self.x + self.b // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2

    @property
    def tekst_x(self) -> int:
        return self.x + TEKST_X

    @property
    def picto_x(self) -> int:
        return self.x + 8

    @property
    def picto_y(self) -> int:
        return self.y + (self.h - PICTO) // 2

    @property
    def mensen_y(self) -> int:
        """Baseline of "5 mensen"."""
        return self.y + self.h - 10

    @property
    def regels_met_y(self) -> list[tuple[str, int]]:
        """Each line of the name with its baseline: above the people, or centred."""
        if self.aantal_mensen:
            start = 24 if len(self.regels) > 1 else 30
        else:
            start = 32 if len(self.regels) > 1 else 41
        return [(regel, self.y + start + 17 * i) for i, regel in enumerate(self.regels)]

    @property
    def lijn_eind(self) -> tuple[int, int]:
        """Where the line from the anchor meets the card's edge."""
        dx, dy = self.anker_x - self.cx, self.anker_y - self.cy
        if dx == 0 and dy == 0:
            return self.cx, self.cy
        schaal = min(
            (self.b / 2) / abs(dx) if dx else math.inf,
            (self.h / 2) / abs(dy) if dy else math.inf,
        )
        return round(self.cx + dx * schaal), round(self.cy + dy * schaal)

    @property
    def lijn_x(self) -> int:
        return self.lijn_eind[0]

    @property
    def lijn_y(self) -> int:
        return self.lijn_eind[1]


@dataclass
class Ring:
    minuten: int
    r: int
    label_x: int  # centre of the label
    label_y: int  # baseline of the label
    is_laatste: bool = False

    # A plain background behind the label: WeasyPrint ignores paint-order, so no text halo.
    @property
    def label_vlak_x(self) -> int:
        return self.label_x - LABEL_B // 2

    @property
    def label_vlak_y(self) -> int:
        return self.label_y - 14

    @property
    def label_vlak_b(self) -> int:
        return LABEL_B

    @property
    def label_vlak_h(self) -> int:
        return LABEL_H - 1


@dataclass
class Buurtkaart:
    breedte: int
    hoogte: int
    cx: int
    cy: int
    thuis_r: int
    ringen: list[Ring]
    kaarten: list[Kaart]

    @property
    def met_lijnen(self) -> bool:
        return any(k.verplaatst for k in self.kaarten)

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.breedte} {self.hoogte}"

    @property
    def thuis_picto_x(self) -> int:
        return self.cx - 24

    @property
    def thuis_picto_y(self) -> int:
        return self.cy - 38

    @property
    def thuis_tekst_y(self) -> int:
        return self.cy + 30


def straal(minuten: int) -> int:
    """Distance from the centre of home for a walk of this many minutes (capped at 20)."""
    return NUL_R + min(max(minuten, 0), MAX_MINUTEN) * PX_PER_MINUUT


def naam_regels(naam: str, tekens: int = NAAM_TEKENS, regels: int = NAAM_REGELS) -> list[str]:
    """Break a name over at most `regels` short lines; what does not fit ends in "…"."""
    woorden = naam.split()
    uit: list[str] = []
    huidig = ""
    for woord in woorden:
        kandidaat = f"{huidig} {woord}".strip()
        if len(kandidaat) <= tekens:
            huidig = kandidaat
            continue
        if huidig:
            uit.append(huidig)
        huidig = woord
    if huidig:
        uit.append(huidig)
    uit = [regel if len(regel) <= tekens else regel[: tekens - 1] + "…" for regel in uit]
    if len(uit) > regels:
        laatste = uit[regels - 1]
        uit = uit[: regels - 1] + [laatste[: tekens - 1].rstrip() + "…"]
    return uit or ["?"]


def _soort_index(soort: str) -> int:
    return SOORTEN.index(soort) if soort in SOORTEN else len(SOORTEN)


def raakt_thuis(box: Box, gap: float = 0) -> bool:
    """Whether a card comes within `gap` of the home disc centred on (0, 0)."""
    dichtst_x = min(max(0, box.x), box.x + box.b)
    dichtst_y = min(max(0, box.y), box.y + box.h)
    return math.hypot(dichtst_x, dichtst_y) < THUIS_R + gap


def _labels() -> list[Box]:
    """The ring labels, at the top of each ring, centred on (0, 0)."""
    return [Box(-LABEL_B / 2, -straal(m) - LABEL_H / 2, LABEL_B, LABEL_H) for m in RINGEN]


def _plaats(hoek: float, r: float, bezet: list[Box]) -> Box:
    """The first free spot for a card: its own spot, else slide along the ring, else outward."""
    stap = 0
    while True:
        rr = r + stap * UIT_STAP
        for schuif in range(SCHUIF_MAX + 1):
            for teken in (1, -1) if schuif else (1,):
                booglengte = teken * schuif * SCHUIF_STAP
                h = hoek + booglengte / max(rr, 1)
                cx, cy = rr * math.cos(h), rr * math.sin(h)
                box = Box(cx - KAART_B / 2, cy - KAART_H / 2, KAART_B, KAART_H)
                if raakt_thuis(box, TUSSENRUIMTE):
                    continue
                if not any(box.raakt(ander, TUSSENRUIMTE) for ander in bezet):
                    return box
        stap += 1


def _mensen(plek: PlekIn, x: int, y: int) -> list[Mens]:
    """A circle per person when there are few; the card says "5 mensen" otherwise."""
    if len(plek.mensen) > MAX_MENSEN_ROND:
        return []
    start = x + TEKST_X + MENS_R
    midden = y + KAART_H - 16
    return [
        Mens(m.naam, m.initialen, m.foto_url, start + i * (2 * MENS_R + 5), midden)
        for i, m in enumerate(plek.mensen)
    ]


def layout(plekken: list[PlekIn] | tuple[PlekIn, ...]) -> Buurtkaart:
    """Position home, the rings and one card per place. Same input, same drawing."""
    volgorde = sorted(plekken, key=lambda p: (_soort_index(p.soort), p.loopminuten, p.naam, p.id))
    n = len(volgorde)
    # Angle by kind: evenly around the circle, from the top, clockwise; the first place
    # half a step past the top, where the ring labels are.
    hoeken = {
        p.id: -math.pi / 2 + (i + 0.5) * 2 * math.pi / max(n, 1) for i, p in enumerate(volgorde)
    }
    # Nearest places first: they keep their true spot, later ones make way outward.
    plaatsing = sorted(volgorde, key=lambda p: (p.loopminuten, hoeken[p.id]))
    bezet = _labels()
    geplaatst: dict[int, Box] = {}
    for plek in plaatsing:
        r = straal(plek.loopminuten)
        hoek = hoeken[plek.id]
        box = _plaats(hoek, r, bezet)
        bezet.append(box)
        geplaatst[plek.id] = box

    # The canvas: everything that is drawn, plus a margin; whole pixels from here on.
    buiten = straal(MAX_MINUTEN)
    boxes = [Box(-buiten, -buiten - LABEL_H / 2, 2 * buiten, 2 * buiten + LABEL_H / 2)]
    boxes += list(geplaatst.values())
    min_x = math.floor(min(b.x for b in boxes)) - MARGE
    min_y = math.floor(min(b.y for b in boxes)) - MARGE
    max_x = math.ceil(max(b.x + b.b for b in boxes)) + MARGE
    max_y = math.ceil(max(b.y + b.h for b in boxes)) + MARGE
    dx, dy = -min_x, -min_y

    kaarten = []
    for nummer, plek in enumerate(volgorde, start=1):
        box = geplaatst[plek.id]
        # Floor keeps the gap between cards: both edges move by less than a pixel together.
        x, y = math.floor(box.x) + dx, math.floor(box.y) + dy
        r_kaart = math.hypot(box.cx, box.cy)
        r_echt = straal(plek.loopminuten)
        anker_x, anker_y = box.cx * r_echt / r_kaart, box.cy * r_echt / r_kaart
        anker = Box(anker_x - 4, anker_y - 4, 8, 8)
        # A dot under a card (its own or another) would tie the line to nothing: leave it out.
        zichtbaar = not any(anker.raakt(ander) for ander in geplaatst.values())
        kaarten.append(
            Kaart(
                plek=plek,
                nummer=nummer,
                x=x,
                y=y,
                regels=naam_regels(plek.naam),
                mensen=_mensen(plek, x, y),
                anker_x=round(anker_x) + dx,
                anker_y=round(anker_y) + dy,
                verplaatst=zichtbaar and r_kaart - r_echt > VERPLAATST_VANAF,
            )
        )
    ringen = [
        Ring(
            minuten=m,
            r=straal(m),
            label_x=dx,
            label_y=dy - straal(m) + 5,
            is_laatste=m == MAX_MINUTEN,
        )
        for m in RINGEN
    ]
    return Buurtkaart(
        breedte=max_x - min_x,
        hoogte=max_y - min_y,
        cx=dx,
        cy=dy,
        thuis_r=THUIS_R,
        ringen=ringen,
        kaarten=kaarten,
    )

"""The netwerkcirkel: rings of closeness around the hoofdpersoon, a sector per kind of relation.

Pure layout, no database: `maak_cirkel` takes plain `Mens` records and returns where
every node, ring, sector line and label goes. Nobody overlaps by construction:

- each (ring, sector) cell is filled in concentric rows ("sub-arcs") one node pitch
  apart, so nodes of two rows are at least a pitch apart radially;
- within a row, neighbours are a chord of at least one pitch apart;
- every node keeps half a pitch from its sector's two boundary rays, so two nodes on
  either side of a boundary are a pitch apart as well;
- a ring band is as wide as its fullest cell needs, so bands never share a node.

The node size shrinks (down to a readable minimum) while the drawing would grow past
its comfortable size; below that minimum the rings simply grow wider.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# Sector key for people without a kind of relation yet.
NIET_INGEDEELD = ""

# Node radii (SVG user units), largest first: the largest that keeps the circle within
# DOEL_STRAAL wins; the smallest is still readable and tappable when zoomed.
KNOOP_MAX = 24.0
KNOOP_MIN = 14.0
DOEL_STRAAL = 330.0
# Below half an equal share a sector's label would crowd its neighbours'.
MIN_SECTOR_DEEL = 0.45

SECTOR_FONT = 16.0
SLEUTEL_FONT = 15.0
# DejaVu Sans is wide: about 0.62 em per character on average (bold a bit more).
TEKEN_BREEDTE = 0.62
LABEL_REGEL_MAX = 14  # characters per line of a sector label
MARGE = 12.0


@dataclass(frozen=True)
class Mens:
    """One person, as the cirkel needs them."""

    pk: int
    naam: str
    initialen: str
    ring: int
    soort: str = NIET_INGEDEELD
    tijd: str = "heden"
    kwaliteit: str = ""
    foto_url: str = ""
    is_hoofdpersoon: bool = False

    @property
    def sorteer(self) -> tuple[str, int]:
        return (self.naam.casefold(), self.pk)


@dataclass(frozen=True)
class Stijl:
    """How one node is drawn; the legend on the page shows each of these."""

    vulling: str
    rand: str
    rand_dikte: float
    streep: str  # stroke-dasharray, "" for a solid line
    tekst: str
    grijs: bool = False  # a photo of someone from the past is drawn in grey
    dubbel: bool = False  # a second outline for a difficult contact


HOOFDPERSOON_STIJL = Stijl("#0b5c6b", "#07434e", 2.5, "", "#ffffff")
MOEIZAAM_KLEUR = "#8a3b12"


def stijl_voor(mens: Mens) -> Stijl:
    if mens.is_hoofdpersoon:
        return HOOFDPERSOON_STIJL
    if mens.tijd == "verleden":
        stijl = Stijl("#e9ecef", "#5c636a", 2.0, "5 3", "#3d4246", grijs=True)
    elif mens.tijd == "mogelijk":
        stijl = Stijl("#ffffff", "#0b5c6b", 2.5, "0.5 4.5", "#07434e")
    else:
        stijl = Stijl("#d8ece9", "#0b5c6b", 2.0, "", "#07434e")
    if mens.kwaliteit == "moeizaam":
        stijl = Stijl(
            stijl.vulling, MOEIZAAM_KLEUR, 3.0, stijl.streep, stijl.tekst, stijl.grijs, True
        )
    return stijl


@dataclass(frozen=True)
class Knoop:
    mens: Mens
    x: float
    y: float
    r: float
    ring: int  # 0: the centre
    sector: str | None  # None: the centre

    @property
    def stijl(self) -> Stijl:
        return stijl_voor(self.mens)

    @property
    def foto_x(self) -> float:
        return round(self.x - self.r, 1)

    @property
    def foto_y(self) -> float:
        return round(self.y - self.r, 1)

    @property
    def foto_d(self) -> float:
        return round(2 * self.r, 1)

    @property
    def initialen_font(self) -> float:
        return round(self.r * 0.78, 1)

    @property
    def initialen_y(self) -> float:
        # Baseline so the capitals sit in the middle of the circle.
        return round(self.y + self.r * 0.28, 1)

    @property
    def buiten_r(self) -> float:
        """The second outline of a difficult contact."""
        return round(self.r + 3.5, 1)


@dataclass(frozen=True)
class Ring:
    nummer: int
    label: str
    binnen: float
    buiten: float
    badge_x: float
    badge_y: float
    badge_r: float

    @property
    def badge_font(self) -> float:
        return round(self.badge_r * 1.15, 1)

    @property
    def badge_tekst_y(self) -> float:
        return round(self.badge_y + self.badge_r * 0.42, 1)


@dataclass(frozen=True)
class Tekstregel:
    tekst: str
    x: float
    y: float


@dataclass(frozen=True)
class Sector:
    sleutel: str
    label: str
    start: float  # radians, clockwise from the positive x axis (SVG's y points down)
    eind: float
    aantal: int
    pad: str  # the wedge from the centre circle to the outer ring
    lijn: tuple[float, float, float, float]  # boundary at `start`: x1, y1, x2, y2
    regels: tuple[Tekstregel, ...]
    anker: str  # text-anchor of the label
    vak: tuple[float, float, float, float]  # the label's box: x, y, width, height

    @property
    def hoek(self) -> float:
        return self.eind - self.start


@dataclass(frozen=True)
class SleutelItem:
    ring: int
    label: str
    x: float  # badge centre
    y: float
    r: float
    tekst_x: float

    @property
    def tekst_y(self) -> float:
        return round(self.y + self.r * 0.42, 1)

    @property
    def font(self) -> float:
        return round(self.r * 1.15, 1)


@dataclass
class Cirkel:
    breedte: float
    hoogte: float
    cx: float
    cy: float
    knoop_r: float
    midden_r: float
    ringen: list[Ring]
    sectoren: list[Sector]
    knopen: list[Knoop]
    gat_lijn: tuple[float, float, float, float]  # the other edge of the ring-number gap
    sleutel: list[SleutelItem] = field(default_factory=list)
    sleutel_font: float = SLEUTEL_FONT
    sector_font: float = SECTOR_FONT

    @property
    def buiten_r(self) -> float:
        return self.ringen[-1].buiten

    def knoop(self, pk: int) -> Knoop:
        return next(k for k in self.knopen if k.mens.pk == pk)


# --- Geometry helpers -------------------------------------------------------------------


def _half_hoek(afstand: float, straal: float) -> float:
    """The angle at the centre that keeps a point `afstand` from a ray, at this radius."""
    return math.asin(min(1.0, afstand / straal))


def _rij_capaciteit(hoek: float, straal: float, pitch: float) -> int:
    marge = _half_hoek(pitch / 2, straal)
    stap = 2 * marge
    ruimte = hoek - 2 * marge
    if ruimte < 0 or stap >= math.pi:
        return 0
    return int(ruimte / stap + 1e-9) + 1


def _rijen(aantal: int, hoek: float, binnen: float, pitch: float) -> list[tuple[float, int]]:
    """Rows (radius, capacity) from the inner edge outward until `aantal` fit."""
    rijen: list[tuple[float, int]] = []
    totaal = 0
    j = 0
    while totaal < aantal:
        straal = binnen + pitch / 2 + j * pitch
        capaciteit = _rij_capaciteit(hoek, straal, pitch)
        rijen.append((straal, capaciteit))
        totaal += capaciteit
        j += 1
    return rijen


def _verdeel(aantal: int, capaciteiten: list[int]) -> list[int]:
    """Spread people over rows in proportion to what each row holds."""
    totaal = sum(capaciteiten)
    if not aantal:
        return [0] * len(capaciteiten)
    delen = [aantal * c // totaal for c in capaciteiten]
    rest = aantal - sum(delen)
    # Outer rows first: they have the most room left.
    for i in sorted(range(len(delen)), key=lambda i: (delen[i] - capaciteiten[i], -i)):
        if rest == 0:
            break
        if delen[i] < capaciteiten[i]:
            delen[i] += 1
            rest -= 1
    return delen


def _punt(straal: float, hoek: float) -> tuple[float, float]:
    return straal * math.cos(hoek), straal * math.sin(hoek)


def _tekst_breedte(tekst: str, font: float) -> float:
    return len(tekst) * font * TEKEN_BREEDTE


def _regels(label: str) -> list[str]:
    regels: list[str] = []
    for woord in label.split():
        if regels and len(regels[-1]) + 1 + len(woord) <= LABEL_REGEL_MAX:
            regels[-1] += " " + woord
        else:
            regels.append(woord)
    return regels or [label]


# --- The layout -------------------------------------------------------------------------


@dataclass
class _Ontwerp:
    """The layout in coordinates around (0, 0), before it is moved onto the canvas."""

    knoop_r: float
    midden_r: float
    gat: float
    badge_r: float
    hoeken: list[tuple[str, float, float]]  # sector, start, end
    ringranden: list[float]  # radius of the centre, then the outer edge of rings 1..4
    knopen: list[Knoop]


def _midden(hoofdpersonen: list[Mens], knoop_r: float, tussen: float) -> tuple[float, list[Knoop]]:
    r = round(knoop_r * 1.4, 1)
    n = len(hoofdpersonen)
    if n == 0:
        return knoop_r + tussen, []
    if n == 1:
        return r + tussen, [Knoop(hoofdpersonen[0], 0.0, 0.0, r, 0, None)]
    afstand = (r + tussen / 2) / math.sin(math.pi / n)
    knopen = []
    for i, mens in enumerate(hoofdpersonen):
        # The first on the left, then clockwise: a couple reads left to right.
        x, y = _punt(afstand, math.pi + 2 * math.pi * i / n)
        knopen.append(Knoop(mens, x, y, r, 0, None))
    return afstand + r + tussen, knopen


def _sector_hoeken(
    sectoren: Sequence[tuple[str, str]], tellingen: dict[str, int], gat: float
) -> list[tuple[str, float, float]]:
    beschikbaar = 2 * math.pi - gat
    s = len(sectoren)
    minimum = MIN_SECTOR_DEEL * beschikbaar / s
    totaal = sum(tellingen.get(sleutel, 0) for sleutel, _ in sectoren)
    rest = beschikbaar - s * minimum
    hoeken = []
    # Start just clockwise of the gap at the top (-90°).
    hoek = -math.pi / 2 + gat / 2
    for sleutel, _label in sectoren:
        deel = tellingen.get(sleutel, 0) / totaal if totaal else 0.0
        breedte = minimum + rest * deel if totaal else beschikbaar / s
        hoeken.append((sleutel, hoek, hoek + breedte))
        hoek += breedte
    return hoeken


def _ontwerp(
    hoofdpersonen: list[Mens],
    cellen: dict[tuple[int, str], list[Mens]],
    sectoren: Sequence[tuple[str, str]],
    ringen: Sequence[int],
    knoop_r: float,
) -> _Ontwerp:
    tussen = max(10.0, round(knoop_r * 0.4, 1))
    pitch = 2 * knoop_r + tussen
    midden_r, knopen = _midden(hoofdpersonen, knoop_r, tussen)
    badge_r = min(12.0, pitch / 2 - 2)
    # The gap at the top holds the ring numbers; narrowest at the first ring.
    gat = 2 * _half_hoek(badge_r + 3, midden_r + pitch / 2)
    tellingen: dict[str, int] = {}
    for (_ring, sleutel), mensen in cellen.items():
        tellingen[sleutel] = tellingen.get(sleutel, 0) + len(mensen)
    hoeken = _sector_hoeken(sectoren, tellingen, gat)

    randen = [midden_r]
    binnen = midden_r
    for ring in ringen:
        rijen_per_cel = {
            sleutel: _rijen(len(cellen.get((ring, sleutel), [])), eind - start, binnen, pitch)
            for sleutel, start, eind in hoeken
        }
        nodig = max((len(rijen) for rijen in rijen_per_cel.values()), default=0)
        band = max(nodig, 1) * pitch + pitch * 0.2
        for sleutel, start, eind in hoeken:
            mensen = cellen.get((ring, sleutel), [])
            rijen = rijen_per_cel[sleutel]
            # A cell with fewer rows than the band holds sits in the middle of the band.
            opschuiven = (band - len(rijen) * pitch) / 2
            aantallen = _verdeel(len(mensen), [c for _, c in rijen])
            volgende = iter(mensen)
            for (straal, _), aantal in zip(rijen, aantallen, strict=True):
                straal += opschuiven
                if not aantal:
                    continue
                marge = _half_hoek(pitch / 2, straal)
                ruimte = (eind - start) - 2 * marge
                midden = (start + eind) / 2
                stap = 0.0 if aantal == 1 else min(ruimte / (aantal - 1), 3 * marge)
                eerste = midden - stap * (aantal - 1) / 2
                for i in range(aantal):
                    x, y = _punt(straal, eerste + i * stap)
                    knopen.append(Knoop(next(volgende), x, y, knoop_r, ring, sleutel))
        binnen += band
        randen.append(binnen)
    return _Ontwerp(knoop_r, midden_r, gat, badge_r, hoeken, randen, knopen)


def _plaats_labels(
    hoeken: list[tuple[str, float, float]], labels: dict[str, str], buiten: float
) -> list[tuple[list[tuple[str, float, float]], str, tuple[float, float, float, float]]]:
    """Each sector's label outside the circle, pushed outward until it touches no other."""
    font = SECTOR_FONT
    regelhoogte = font * 1.2
    geplaatst: list[tuple[float, float, float, float]] = []
    uitkomst = []
    for sleutel, start, eind in hoeken:
        hoek = (start + eind) / 2
        cos, sin = math.cos(hoek), math.sin(hoek)
        regels = _regels(labels[sleutel])
        breedte = max(_tekst_breedte(r, font) for r in regels)
        hoogte = len(regels) * regelhoogte
        anker = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        afstand = buiten + 10
        for _ in range(60):
            px, py = _punt(afstand, hoek)
            links = px if anker == "start" else px - breedte if anker == "end" else px - breedte / 2
            # The block leans away from the circle: above it at the top, below at the bottom.
            boven = py - hoogte / 2 + sin * hoogte / 2
            vak = (links, boven, breedte, hoogte)
            if not any(_overlapt(vak, ander, 4) for ander in geplaatst) and not _raakt_cirkel(
                vak, buiten + 4
            ):
                break
            afstand += 8
        geplaatst.append(vak)
        tekst_x = px
        regels_xy = [
            (r, tekst_x, boven + font * 0.95 + i * regelhoogte) for i, r in enumerate(regels)
        ]
        uitkomst.append((regels_xy, anker, vak))
    return uitkomst


def _overlapt(a, b, marge: float) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return not (
        ax + aw + marge <= bx
        or bx + bw + marge <= ax
        or ay + ah + marge <= by
        or by + bh + marge <= ay
    )


def _raakt_cirkel(vak, straal: float) -> bool:
    x, y, w, h = vak
    dichtst_x = min(max(0.0, x), x + w)
    dichtst_y = min(max(0.0, y), y + h)
    return math.hypot(dichtst_x, dichtst_y) < straal


def maak_cirkel(
    mensen: Sequence[Mens],
    sectoren: Sequence[tuple[str, str]],
    ring_labels: Sequence[tuple[int, str]],
) -> Cirkel:
    """Lay out the netwerkcirkel.

    `sectoren` are (key, label) in drawing order, clockwise from the top; a person whose
    `soort` is not among them lands in the sector NIET_INGEDEELD, which must then be listed.
    `ring_labels` are (number, label) from the closest ring outward.
    """
    sleutels = {sleutel for sleutel, _ in sectoren}
    hoofdpersonen = sorted((m for m in mensen if m.is_hoofdpersoon), key=lambda m: m.sorteer)
    ringen = [nummer for nummer, _ in ring_labels]
    cellen: dict[tuple[int, str], list[Mens]] = {}
    for mens in sorted((m for m in mensen if not m.is_hoofdpersoon), key=lambda m: m.sorteer):
        sleutel = mens.soort if mens.soort in sleutels else NIET_INGEDEELD
        if sleutel not in sleutels:
            raise ValueError("Iemand zonder soort relatie, maar geen sector 'niet ingedeeld'.")
        ring = mens.ring if mens.ring in ringen else ringen[-1]
        cellen.setdefault((ring, sleutel), []).append(mens)

    knoop_r = KNOOP_MAX
    while True:
        ontwerp = _ontwerp(hoofdpersonen, cellen, sectoren, ringen, knoop_r)
        if ontwerp.ringranden[-1] <= DOEL_STRAAL or knoop_r <= KNOOP_MIN:
            break
        knoop_r -= 1.0
    return _op_doek(ontwerp, sectoren, ring_labels, cellen)


def _op_doek(
    ontwerp: _Ontwerp,
    sectoren: Sequence[tuple[str, str]],
    ring_labels: Sequence[tuple[int, str]],
    cellen: dict[tuple[int, str], list[Mens]],
) -> Cirkel:
    """Move the layout onto a canvas that holds the circle, the labels and the ring key."""
    buiten = ontwerp.ringranden[-1]
    labels = dict(sectoren)
    geplaatst = _plaats_labels(ontwerp.hoeken, labels, buiten)
    links, boven, rechts, onder = -buiten, -buiten, buiten, buiten
    for _regels, _anker, (x, y, w, h) in geplaatst:
        links, boven = min(links, x), min(boven, y)
        rechts, onder = max(rechts, x + w), max(onder, y + h)
    links, boven, rechts, onder = links - MARGE, boven - MARGE, rechts + MARGE, onder + MARGE

    # The ring key under the drawing: a badge and the ring's name, in as many rows as needed.
    badge_r = 11.0
    breedte = rechts - links
    items = []
    for nummer, label in ring_labels:
        items.append((nummer, label, 2 * badge_r + 6 + _tekst_breedte(label, SLEUTEL_FONT)))
    rijen: list[list[tuple[int, str, float]]] = [[]]
    for item in items:
        rij = rijen[-1]
        nodig = sum(w for *_, w in rij) + 24 * len(rij) + item[2]
        if rij and nodig > breedte - 2 * MARGE:
            rijen.append([])
        rijen[-1].append(item)
    y = onder + badge_r
    sleutel_ruw = []
    for rij in rijen:
        totaal = sum(w for *_, w in rij) + 24 * (len(rij) - 1)
        x = links + (breedte - totaal) / 2
        for nummer, label, w in rij:
            sleutel_ruw.append((nummer, label, x + badge_r, y))
            x += w + 24
        y += 2 * badge_r + 10
    onder = y - 10 + MARGE

    dx, dy = -links, -boven

    def r1(waarde: float) -> float:
        return round(waarde, 1)

    def xy(x: float, y: float) -> tuple[float, float]:
        return r1(x + dx), r1(y + dy)

    knopen = []
    for k in ontwerp.knopen:
        x, y = xy(k.x, k.y)
        knopen.append(Knoop(k.mens, x, y, k.r, k.ring, k.sector))

    ringen = []
    randen = ontwerp.ringranden
    for (nummer, label), binnen, buiten_rand in zip(
        ring_labels, randen[:-1], randen[1:], strict=True
    ):
        bx, by = xy(*_punt((binnen + buiten_rand) / 2, -math.pi / 2))
        ringen.append(Ring(nummer, label, r1(binnen), r1(buiten_rand), bx, by, ontwerp.badge_r))

    tellingen: dict[str, int] = {}
    for (_ring, sleutel), mensen in cellen.items():
        tellingen[sleutel] = tellingen.get(sleutel, 0) + len(mensen)
    sector_lijst = []
    for (sleutel, start, eind), (regels, anker, vak) in zip(ontwerp.hoeken, geplaatst, strict=True):
        hoek = eind - start
        p = [
            xy(*_punt(straal, h))
            for straal, h in (
                (buiten, start),
                (buiten, eind),
                (ontwerp.midden_r, eind),
                (ontwerp.midden_r, start),
            )
        ]
        groot = 1 if hoek > math.pi else 0
        pad = (
            f"M {p[0][0]} {p[0][1]} A {r1(buiten)} {r1(buiten)} 0 {groot} 1 {p[1][0]} {p[1][1]} "
            f"L {p[2][0]} {p[2][1]} A {r1(ontwerp.midden_r)} {r1(ontwerp.midden_r)} 0 {groot} 0 "
            f"{p[3][0]} {p[3][1]} Z"
        )
        lijn = (*p[3], *p[0])
        sector_lijst.append(
            Sector(
                sleutel=sleutel,
                label=labels[sleutel],
                start=start,
                eind=eind,
                aantal=tellingen.get(sleutel, 0),
                pad=pad,
                lijn=lijn,
                regels=tuple(Tekstregel(t, *xy(x, y)) for t, x, y in regels),
                anker=anker,
                vak=(*xy(vak[0], vak[1]), r1(vak[2]), r1(vak[3])),
            )
        )
    laatste = ontwerp.hoeken[-1][2]
    gat_lijn = (*xy(*_punt(ontwerp.midden_r, laatste)), *xy(*_punt(buiten, laatste)))
    sleutel = [
        SleutelItem(nummer, label, *xy(x, y), badge_r, r1(x + dx + badge_r + 6))
        for nummer, label, x, y in sleutel_ruw
    ]
    return Cirkel(
        breedte=r1(rechts - links),
        hoogte=r1(onder - boven),
        cx=r1(dx),
        cy=r1(dy),
        knoop_r=ontwerp.knoop_r,
        midden_r=r1(ontwerp.midden_r),
        ringen=ringen,
        sectoren=sector_lijst,
        knopen=knopen,
        gat_lijn=gat_lijn,
        sleutel=sleutel,
    )

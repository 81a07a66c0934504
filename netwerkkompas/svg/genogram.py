"""The genogram: family relations laid out in generations, as plain positions and paths.

Pure functions over small dataclasses, no database: `teken()` takes the people and
their relations and returns where every symbol, label and line goes; the template
templates/netwerkkompas/svg/genogram.svg only draws what it is given. `beschrijf()`
puts the same facts into words, for the text alternative beside the drawing.

How the layout works:
1. Generations. Partners, ex-partners, brothers and sisters (and two parents of one
   child) share a row; a parent sits one row above the child. Rows are the longest
   path in the graph of same-row groups; a group without parents of its own (someone
   who married in) is pulled down to just above their children.
2. Order. Partners are glued into blocks that are never split. Down sweeps sort the
   blocks of a row by where their parents stand, up sweeps by where their children
   stand (barycentres); each sweep places the blocks as close as possible to where
   they want to be without overlapping (isotonic regression, "pool adjacent violators").
3. Every person gets a slot of SLOT px of their own: the symbol and a label that fits
   inside the slot. Lines between slots run in the gaps, so they never cross a symbol.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

# The kinds of Relatie (netwerkkompas.models.Relatie.Soort/Band), as plain strings.
OUDER, PARTNER, EX_PARTNER, BROER_ZUS = "ouder", "partner", "ex_partner", "broer_zus"
HECHT, CONFLICT, VERBROKEN = "hecht", "conflict", "verbroken"

# Sizes in px at the drawing's natural size (it is shown at that size, never shrunk).
SLOT = 104  # room for one person: symbol and label
SYMBOOL = 36  # side of the square, diameter of the circle
HALF = SYMBOOL / 2
RAND = 5  # the hoofdpersoon's second outline, outside the symbol
FONT = 12
REGEL = 14  # line height of the labels
LABEL_BREEDTE = SLOT - 24  # labels stay clear of the gaps where lines run
TEKENS_PER_REGEL = 11  # DejaVu Sans at 12 px: about 7.2 px per character
TEKEN_BREEDTE = 0.6 * FONT  # estimate used to keep labels inside their slot
LABEL_ONDER = HALF + RAND + 13 + 2 * REGEL + 4  # below the centre: two name lines + years
MARGE = 24
LANE = 12  # vertical distance between two sibling bars in one gap
BOVEN_BALK = 22  # from the last sibling bar down to the children's symbols
GAT_BLOK = 0.25  # extra room (in slots) between blocks that are not brothers and sisters
GAT_FAMILIE = 1.0  # room between families that have nothing to do with each other


@dataclass(frozen=True)
class Mens:
    """One person as the genogram needs them."""

    id: int
    naam: str
    geslacht: str = ""  # "v", "m", "x" or ""
    geboortejaar: int | None = None
    overleden: bool = False
    overlijdensjaar: int | None = None
    hoofdpersoon: bool = False
    initialen: str = ""
    foto_url: str = ""

    @property
    def vorm(self) -> str:
        return {"m": "vierkant", "v": "cirkel"}.get(self.geslacht, "ruit")


@dataclass(frozen=True)
class Verbinding:
    """One relation: for OUDER, `van` is the parent of `naar`; the other kinds are symmetric."""

    van: int
    naar: int
    soort: str
    band: str = ""


@dataclass
class Symbool:
    mens: Mens
    x: float
    y: float
    rij: int
    regels: list[str]
    jaren: str
    clip_id: str
    vorm_d: str = ""
    rand_d: str = ""
    kruis_d: str = ""
    regel_ys: list[float] = field(default_factory=list)
    jaren_y: float = 0.0

    @property
    def boven(self) -> float:
        return self.y - HALF - (RAND if self.mens.hoofdpersoon else 0)

    @property
    def label_links(self) -> float:
        return self.x - self.label_breedte / 2

    @property
    def label_breedte(self) -> float:
        namen = max(len(r) for r in self.regels) * TEKEN_BREEDTE
        return max(namen, len(self.jaren) * TEKEN_BREEDTE * 11 / FONT)  # years at 11 px

    @property
    def label_onder(self) -> float:
        return (self.jaren_y if self.jaren else self.regel_ys[-1]) + 4

    @property
    def foto_r(self) -> float:
        return HALF - 5

    @property
    def foto(self) -> dict[str, float]:
        """Where the photo goes: a square around the clip circle inside the symbol."""
        r = self.foto_r
        return {"x": self.x - r, "y": self.y - r, "maat": 2 * r}

    @property
    def label_vlak(self) -> dict[str, float]:
        """A white patch behind the label, so an emotional line beneath never runs through text."""
        boven = self.regel_ys[0] - 11
        return {
            "x": round(self.label_links - 2, 1),
            "y": round(boven, 1),
            "breedte": round(self.label_breedte + 4, 1),
            "hoogte": round(self.label_onder - boven, 1),
        }

    @property
    def naam_tspans(self) -> list[tuple[str, float]]:
        return list(zip(self.regels, self.regel_ys, strict=True))


@dataclass
class Lijn:
    d: str
    soort: str  # partner, ex, ouders, kind, broers; or hecht, conflict, verbroken


@dataclass
class Label:
    x: float
    y: float
    tekst: str


@dataclass
class Genogram:
    breedte: int
    hoogte: int
    symbolen: list[Symbool]
    lijnen: list[Lijn]
    banden: list[Lijn]
    labels: list[Label]
    rijen: list[list[int]]  # person ids per generation row, left to right
    los: list[int]  # people drawn without a relation, in their own row(s)

    @property
    def aantal_generaties(self) -> int:
        return len(self.rijen)


# --- small helpers ---------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.ouder: dict[int, int] = {}

    def find(self, a: int) -> int:
        self.ouder.setdefault(a, a)
        while self.ouder[a] != a:
            self.ouder[a] = self.ouder[self.ouder[a]]
            a = self.ouder[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.ouder[rb] = ra


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _pad(punten: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{_f(x)} {_f(y)}" for x, y in punten)


def naam_regels(naam: str, per_regel: int = TEKENS_PER_REGEL, max_regels: int = 2) -> list[str]:
    """The name over at most two lines; what does not fit ends in an ellipsis."""
    woorden = naam.split() or ["?"]
    regels: list[str] = []
    huidig = ""
    for woord in woorden:
        if len(woord) > per_regel:
            woord = woord[: per_regel - 1] + "…"
        if not huidig:
            huidig = woord
        elif len(huidig) + 1 + len(woord) <= per_regel:
            huidig += " " + woord
        else:
            regels.append(huidig)
            huidig = woord
    regels.append(huidig)
    if len(regels) > max_regels:
        laatste = regels[max_regels - 1]
        regels = regels[: max_regels - 1] + [laatste[: per_regel - 1].rstrip() + "…"]
    return regels


def jaren_tekst(mens: Mens) -> str:
    geboren = str(mens.geboortejaar) if mens.geboortejaar else ""
    if not mens.overleden:
        return geboren
    dood = f"†{mens.overlijdensjaar}" if mens.overlijdensjaar else "†"
    return f"{geboren} {dood}" if geboren else dood


def _vorm_pad(vorm: str, x: float, y: float, h: float) -> str:
    if vorm == "cirkel":
        return (
            f"M{_f(x - h)} {_f(y)} a{_f(h)} {_f(h)} 0 1 0 {_f(2 * h)} 0 "
            f"a{_f(h)} {_f(h)} 0 1 0 {_f(-2 * h)} 0 Z"
        )
    if vorm == "vierkant":
        return f"M{_f(x - h)} {_f(y - h)} h{_f(2 * h)} v{_f(2 * h)} h{_f(-2 * h)} Z"
    r = h * 1.2  # a diamond looks smaller than a square of the same width
    return f"M{_f(x)} {_f(y - r)} L{_f(x + r)} {_f(y)} L{_f(x)} {_f(y + r)} L{_f(x - r)} {_f(y)} Z"


def _isotoon(z: list[float]) -> list[float]:
    """Least-squares non-decreasing fit of z (pool adjacent violators)."""
    blokken: list[list[float]] = []  # [sum, count]
    for waarde in z:
        blokken.append([waarde, 1])
        while (
            len(blokken) > 1 and blokken[-2][0] / blokken[-2][1] > blokken[-1][0] / blokken[-1][1]
        ):
            s, n = blokken.pop()
            blokken[-1][0] += s
            blokken[-1][1] += n
    uit: list[float] = []
    for s, n in blokken:
        uit.extend([s / n] * int(n))
    return uit


def _plaats(gewenst: list[float], breedtes: list[int], gaten: list[float]) -> list[float]:
    """Left edges as close to `gewenst` as possible, in this order, without overlap."""
    if not gewenst:
        return []
    offset = [0.0]
    for i in range(1, len(gewenst)):
        offset.append(offset[-1] + breedtes[i - 1] + gaten[i - 1])
    passend = _isotoon([g - o for g, o in zip(gewenst, offset, strict=True)])
    return [p + o for p, o in zip(passend, offset, strict=True)]


# --- the layout ------------------------------------------------------------------------


class _Familie:
    """The relations, cleaned up and indexed."""

    def __init__(self, ids: set[int], relaties: Iterable[Verbinding]) -> None:
        self.ouders: dict[int, list[int]] = defaultdict(list)
        self.kinderen: dict[int, list[int]] = defaultdict(list)
        self.koppels: dict[frozenset[int], str] = {}  # pair -> partner / ex / ouders
        self.broers: set[frozenset[int]] = set()
        self.banden: dict[frozenset[int], str] = {}
        for r in relaties:
            if r.van == r.naar or r.van not in ids or r.naar not in ids:
                continue
            paar = frozenset((r.van, r.naar))
            if r.soort == OUDER:
                if r.van not in self.ouders[r.naar]:
                    self.ouders[r.naar].append(r.van)
                    self.kinderen[r.van].append(r.naar)
            elif r.soort == PARTNER:
                self.koppels[paar] = "partner"
            elif r.soort == EX_PARTNER:
                self.koppels.setdefault(paar, "ex")
            elif r.soort == BROER_ZUS:
                self.broers.add(paar)
            if r.band in (HECHT, CONFLICT, VERBROKEN):
                self.banden[paar] = r.band
        for ouders in self.ouders.values():
            ouders.sort()
            # Two parents of one child stand together, also when no partner relation is known.
            if len(ouders) >= 2:
                self.koppels.setdefault(frozenset(ouders[:2]), "ouders")
        # Brothers and sisters without known parents hang under the parents of one of them.
        uf = _UnionFind()
        for paar in self.broers:
            a, b = sorted(paar)
            uf.union(a, b)
        groepen: dict[int, list[int]] = defaultdict(list)
        for i in sorted({i for paar in self.broers for i in paar}):
            groepen[uf.find(i)].append(i)
        self.teken_ouders: dict[int, tuple[int, ...]] = {
            k: tuple(o[:2]) for k, o in self.ouders.items() if o
        }
        self.wees_groepen: list[list[int]] = []  # siblings of whom no parent is known
        for leden in groepen.values():
            bekend = [self.teken_ouders[i] for i in leden if i in self.teken_ouders]
            if bekend:
                for i in leden:
                    self.teken_ouders.setdefault(i, bekend[0])
            else:
                self.wees_groepen.append(leden)
        self.teken_kinderen: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for kind, ouders in sorted(self.teken_ouders.items()):
            self.teken_kinderen[ouders].append(kind)

    def buren(self) -> dict[int, set[int]]:
        buren: dict[int, set[int]] = defaultdict(set)
        paren = list(self.koppels) + list(self.broers)
        paren += [frozenset((k, o)) for k, os in self.ouders.items() for o in os]
        for paar in paren:
            a, b = tuple(paar)
            buren[a].add(b)
            buren[b].add(a)
        return buren


def _componenten(ids: list[int], buren: dict[int, set[int]]) -> list[list[int]]:
    gezien: set[int] = set()
    uit = []
    for start in ids:
        if start in gezien or start not in buren:
            continue
        stapel, deel = [start], []
        gezien.add(start)
        while stapel:
            i = stapel.pop()
            deel.append(i)
            for j in buren[i]:
                if j not in gezien:
                    gezien.add(j)
                    stapel.append(j)
        uit.append(sorted(deel))
    return uit


def _generaties(leden: list[int], fam: _Familie) -> dict[int, int]:
    uf = _UnionFind()
    for i in leden:
        uf.find(i)
    for paar in list(fam.koppels) + list(fam.broers):
        a, b = sorted(paar)
        if a in uf.ouder:
            uf.union(a, b)
    groepen = sorted({uf.find(i) for i in leden})
    uit: dict[int, set[int]] = defaultdict(set)
    for kind in leden:
        for ouder in fam.ouders.get(kind, []):
            g, c = uf.find(ouder), uf.find(kind)
            if g != c:
                uit[g].add(c)
    binnen: dict[int, int] = defaultdict(int)
    for cs in uit.values():
        for c in cs:
            binnen[c] += 1
    # Topological order; a cycle (only possible with contradictory data) is broken by
    # taking the lowest remaining group as if it had no parents.
    klaar = [g for g in groepen if binnen[g] == 0]
    heapq.heapify(klaar)
    over = set(groepen)
    volgorde: list[int] = []
    while over:
        if not klaar:
            heapq.heappush(klaar, min(over))
        g = heapq.heappop(klaar)
        if g not in over:
            continue
        over.discard(g)
        volgorde.append(g)
        for c in sorted(uit[g]):
            if c in over:
                binnen[c] -= 1
                if binnen[c] == 0:
                    heapq.heappush(klaar, c)
    plek = {g: i for i, g in enumerate(volgorde)}
    gebruikt = {g: [c for c in uit[g] if plek[c] > plek[g]] for g in groepen}
    heeft_ouders = {c for cs in gebruikt.values() for c in cs}
    gen = dict.fromkeys(groepen, 0)
    for g in volgorde:
        for c in gebruikt[g]:
            gen[c] = max(gen[c], gen[g] + 1)
    for g in reversed(volgorde):
        if g not in heeft_ouders and gebruikt[g]:
            gen[g] = min(gen[c] for c in gebruikt[g]) - 1
    laagste = min(gen.values())
    return {i: gen[uf.find(i)] - laagste for i in leden}


def _blok_volgorde(leden: list[int], paren: set[frozenset[int]], mensen: dict[int, Mens]):
    if len(leden) == 1:
        return list(leden)
    buren: dict[int, list[int]] = {i: [] for i in leden}
    for paar in paren:
        a, b = sorted(paar)
        if a in buren and b in buren:
            buren[a].append(b)
            buren[b].append(a)
    for lijst in buren.values():
        lijst.sort()
    graad = {i: len(b) for i, b in buren.items()}
    aantal_paren = sum(graad.values()) // 2
    if max(graad.values()) <= 2 and aantal_paren == len(leden) - 1:
        start = min(i for i in leden if graad[i] == 1)
        rij, vorige = [start], None
        while len(rij) < len(leden):
            volgende = [j for j in buren[rij[-1]] if j != vorige][0]
            vorige = rij[-1]
            rij.append(volgende)
        if len(rij) == 2 and [mensen[i].geslacht for i in rij] == ["v", "m"]:
            rij.reverse()  # the usual order: man left, woman right
        return rij
    # Someone with more than one (ex-)partner stands in the middle, the others beside.
    hub = max(leden, key=lambda i: (graad[i], -i))
    links: list[int] = []
    rechts: list[int] = []
    kant: dict[int, list[int]] = {}
    for n, j in enumerate(buren[hub]):
        (rechts if n % 2 == 0 else links).append(j)
        kant[j] = rechts if n % 2 == 0 else links
    wachtrij = list(buren[hub])
    gezien = {hub, *wachtrij}
    while wachtrij:
        i = wachtrij.pop(0)
        for j in buren[i]:
            if j not in gezien:
                gezien.add(j)
                kant[j] = kant[i]
                kant[i].append(j)
                wachtrij.append(j)
    return links[::-1] + [hub] + rechts


def _orden(leden: list[int], gen: dict[int, int], fam: _Familie, mensen: dict[int, Mens]):
    """Blocks per row, in order, and an x (in slots) for every member."""
    koppel_paren = set(fam.koppels)
    uf = _UnionFind()
    for i in leden:
        uf.find(i)
    for paar in koppel_paren:
        a, b = sorted(paar)
        if a in uf.ouder and gen.get(a) == gen.get(b):
            uf.union(a, b)
    per_blok: dict[int, list[int]] = defaultdict(list)
    for i in leden:
        per_blok[uf.find(i)].append(i)
    rijen: dict[int, list[list[int]]] = defaultdict(list)
    for blok_leden in per_blok.values():
        blok = _blok_volgorde(sorted(blok_leden), koppel_paren, mensen)
        rijen[gen[blok[0]]].append(blok)

    def jaar(i: int) -> int:
        return mensen[i].geboortejaar or 9999

    x: dict[int, float] = {}
    for r in sorted(rijen):
        rijen[r].sort(key=lambda b: (min(jaar(i) for i in b), b[0]))
        links = 0.0
        for blok in rijen[r]:
            for n, i in enumerate(blok):
                x[i] = links + n
            links += len(blok) + GAT_BLOK

    def doelen(richting: str) -> dict[int, float]:
        uit = {}
        for i in leden:
            if richting == "omlaag":
                ouders = fam.teken_ouders.get(i, ())
                if ouders and all(o in x for o in ouders):
                    uit[i] = sum(x[o] for o in ouders) / len(ouders)
            else:
                kinderen = [k for k in fam.kinderen.get(i, []) if gen[k] > gen[i]]
                if kinderen:
                    uit[i] = sum(x[k] for k in kinderen) / len(kinderen)
        # Brothers and sisters without known parents want to stand near each other.
        for groep in fam.wees_groepen:
            for i in groep:
                anderen = [j for j in groep if j != i and j in x]
                if i in x and i not in uit and anderen:
                    uit[i] = sum(x[j] for j in anderen) / len(anderen)
        return uit

    def zelfde_ouders(a: list[int], b: list[int]) -> bool:
        ouders_a = {fam.teken_ouders.get(i) for i in a} - {None}
        ouders_b = {fam.teken_ouders.get(i) for i in b} - {None}
        return bool(ouders_a & ouders_b)

    def veeg(volgorde: list[int], richting: str) -> None:
        for r in volgorde:
            doel = doelen(richting)
            blokken = rijen[r]
            sleutels = {}
            for b in blokken:
                met = [i for i in b if i in doel]
                midden = sum(x[i] for i in b) / len(b)
                sleutel = sum(doel[i] for i in met) / len(met) if met else midden
                ouders = min((fam.teken_ouders.get(i, ()) for i in b), default=())
                sleutels[id(b)] = (sleutel, ouders, min(jaar(i) for i in b), b[0])
            blokken.sort(key=lambda b: sleutels[id(b)])
            gewenst = []
            for b in blokken:
                met = [(n, i) for n, i in enumerate(b) if i in doel]
                if met:
                    gewenst.append(sum(doel[i] - n for n, i in met) / len(met))
                else:
                    gewenst.append(x[b[0]])
            gaten = [
                0.0 if zelfde_ouders(a, b) else GAT_BLOK
                for a, b in zip(blokken, blokken[1:], strict=False)
            ]
            lefts = _plaats(gewenst, [len(b) for b in blokken], gaten)
            for b, links in zip(blokken, lefts, strict=True):
                # Turn a block around when its members then stand closer to their own family.
                if len(b) > 1 and any(i in doel for i in b):
                    heen = sum(abs(doel[i] - (links + n)) for n, i in enumerate(b) if i in doel)
                    terug = sum(
                        abs(doel[i] - (links + len(b) - 1 - n))
                        for n, i in enumerate(b)
                        if i in doel
                    )
                    if terug < heen - 1e-9:
                        b.reverse()
                for n, i in enumerate(b):
                    x[i] = links + n

    omlaag = sorted(rijen)[1:]
    omhoog = sorted(rijen, reverse=True)[1:]
    for _ronde in range(3):
        veeg(omlaag, "omlaag")
        veeg(omhoog, "omhoog")
    veeg(omlaag, "omlaag")
    kleinste = min(x.values())
    return {i: v - kleinste for i, v in x.items()}, rijen


def _lanes(balken: list[tuple[float, float, object]]) -> tuple[dict[object, int], int]:
    """Give every bar in one gap a lane so that bars that overlap never share one."""
    einde_per_lane: list[float] = []
    uit: dict[object, int] = {}
    for x1, x2, sleutel in sorted(balken, key=lambda b: (b[0], b[1])):
        for n, einde in enumerate(einde_per_lane):
            if x1 > einde + 8:
                einde_per_lane[n] = x2
                uit[sleutel] = n
                break
        else:
            einde_per_lane.append(x2)
            uit[sleutel] = len(einde_per_lane) - 1
    return uit, len(einde_per_lane)


def _zigzag(punten: list[tuple[float, float]], stap: float = 8, hoogte: float = 4) -> str:
    uit = [punten[0]]
    for (x1, y1), (x2, y2) in zip(punten, punten[1:], strict=False):
        lengte = math.hypot(x2 - x1, y2 - y1)
        if lengte < 1:
            continue
        ux, uy = (x2 - x1) / lengte, (y2 - y1) / lengte
        n = max(2, int(lengte // stap))
        for k in range(1, n):
            t = lengte * k / n
            kant = hoogte if k % 2 else -hoogte
            uit.append((x1 + ux * t - uy * kant, y1 + uy * t + ux * kant))
        uit.append((x2, y2))
    return _pad(uit)


def _verschoven(punten: list[tuple[float, float]], afstand: float) -> list[tuple[float, float]]:
    uit = []
    for n, (x, y) in enumerate(punten):
        a = punten[max(n - 1, 0)]
        b = punten[min(n + 1, len(punten) - 1)]
        lengte = math.hypot(b[0] - a[0], b[1] - a[1]) or 1
        uit.append((x - (b[1] - a[1]) / lengte * afstand, y + (b[0] - a[0]) / lengte * afstand))
    return uit


def _onderbroken(punten: list[tuple[float, float]]) -> str:
    """The line with a break in the middle of its longest part, and two short bars there."""
    delen = list(zip(punten, punten[1:], strict=False))
    n = max(range(len(delen)), key=lambda k: math.dist(*delen[k]))
    (x1, y1), (x2, y2) = delen[n]
    lengte = math.dist((x1, y1), (x2, y2)) or 1
    ux, uy = (x2 - x1) / lengte, (y2 - y1) / lengte
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    gat = min(6.0, lengte / 4)
    a = (mx - ux * gat, my - uy * gat)
    b = (mx + ux * gat, my + uy * gat)
    d = _pad(punten[: n + 1] + [a]) + " " + _pad([b] + punten[n + 1 :])
    for px, py in (a, b):
        d += " " + _pad([(px - uy * 6, py + ux * 6), (px + uy * 6, py - ux * 6)])
    return d


def _band_lijnen(soort: str, punten: list[tuple[float, float]]) -> list[Lijn]:
    if soort == HECHT:
        return [
            Lijn(_pad(_verschoven(punten, 2.5)), HECHT),
            Lijn(_pad(_verschoven(punten, -2.5)), HECHT),
        ]
    if soort == CONFLICT:
        return [Lijn(_zigzag(punten), CONFLICT)]
    return [Lijn(_onderbroken(punten), VERBROKEN)]


def teken(
    mensen: Iterable[Mens],
    relaties: Iterable[Verbinding],
    *,
    id_prefix: str = "genogram",
    los_titel: str | None = None,
) -> Genogram:
    """Lay out the genogram of these people and relations."""
    per_id = {m.id: m for m in mensen}
    relaties = list(relaties)
    fam = _Familie(set(per_id), relaties)
    buren = fam.buren()
    volgorde = sorted(per_id, key=lambda i: (not per_id[i].hoofdpersoon, i))
    families = _componenten(volgorde, buren)
    # The hoofdpersoon's family first, then the larger families.
    families.sort(key=lambda f: (not any(per_id[i].hoofdpersoon for i in f), -len(f), f[0]))
    los = sorted((i for i in per_id if i not in buren), key=lambda i: (per_id[i].naam.lower(), i))

    x_slot: dict[int, float] = {}
    rij_van: dict[int, int] = {}
    links = 0.0
    blokken_per_rij: dict[int, list[list[int]]] = defaultdict(list)
    for leden in families:
        gen = _generaties(leden, fam)
        xs, rijen = _orden(leden, gen, fam, per_id)
        for i in leden:
            x_slot[i] = links + xs[i]
            rij_van[i] = gen[i]
        for r, blokken in rijen.items():
            blokken_per_rij[r].extend(blokken)
        links += max(xs.values()) + 1 + GAT_FAMILIE
    aantal_rijen = max(rij_van.values(), default=-1) + 1
    breedste = max(math.ceil(links - GAT_FAMILIE), 3)
    per_los_rij = max(breedste, 8)
    los_rijen = [los[n : n + per_los_rij] for n in range(0, len(los), per_los_rij)]

    def px(slot: float) -> float:
        return MARGE + SLOT / 2 + slot * SLOT

    # Sibling bars: below the parents' row, or above the row of siblings without parents.
    balken: dict[int, list[tuple[float, float, object]]] = defaultdict(list)  # gap -> bars
    valpunten: dict[tuple[int, ...], tuple[float, str]] = {}  # parents -> x of the drop, how
    rij_leden: dict[int, list[int]] = defaultdict(list)
    for i, r in rij_van.items():
        rij_leden[r].append(i)
    for r in rij_leden:
        rij_leden[r].sort(key=lambda i: x_slot[i])
    buur_in_rij: dict[int, tuple[int | None, int | None]] = {}
    for leden in rij_leden.values():
        for n, i in enumerate(leden):
            links_buur = leden[n - 1] if n > 0 else None
            rechts_buur = leden[n + 1] if n + 1 < len(leden) else None
            buur_in_rij[i] = (links_buur, rechts_buur)

    def naast(a: int, b: int) -> bool:
        return b in buur_in_rij.get(a, ()) and abs(x_slot[a] - x_slot[b]) <= 1.0001

    for ouders, kinderen in fam.teken_kinderen.items():
        kinderen = [k for k in kinderen if rij_van[k] > max(rij_van[o] for o in ouders)]
        if not kinderen:
            continue
        if len(ouders) == 2:
            a, b = sorted(ouders, key=lambda i: x_slot[i])
            if naast(a, b):
                valpunten[ouders] = ((px(x_slot[a]) + px(x_slot[b])) / 2, "koppel")
            else:
                # Not side by side (someone with several partners stands between them):
                # drop beside the other partner, on the side of the one in the middle.
                aantal = {i: sum(1 for p in fam.koppels if i in p) for i in (a, b)}
                hub, partner = (a, b) if aantal[a] >= aantal[b] else (b, a)
                kant = -1 if x_slot[partner] > x_slot[hub] else 1
                valpunten[ouders] = (px(x_slot[partner]) + kant * (SLOT / 2 - 8), "boog")
        else:
            (ouder,) = ouders
            linkerbuur, rechterbuur = buur_in_rij[ouder]
            kant = 1
            rechts_partner = (
                rechterbuur is not None and frozenset((ouder, rechterbuur)) in fam.koppels
            )
            links_partner = linkerbuur is not None and frozenset((ouder, linkerbuur)) in fam.koppels
            if rechts_partner and not links_partner:
                kant = -1
            valpunten[ouders] = (px(x_slot[ouder]) + kant * (SLOT / 2 - 7), "alleen")
        xs = [px(x_slot[k]) for k in kinderen] + [valpunten[ouders][0]]
        balken[max(rij_van[o] for o in ouders)].append((min(xs), max(xs), ouders))
    for leden in fam.wees_groepen:
        leden = [i for i in leden if i in rij_van]
        if len(leden) < 2:
            continue
        xs = [px(x_slot[i]) for i in leden]
        balken[min(rij_van[i] for i in leden) - 1].append((min(xs), max(xs), tuple(leden)))

    lane_van: dict[object, int] = {}
    lanes_per_gat: dict[int, int] = {}
    for gat, lijst in balken.items():
        toegewezen, aantal = _lanes(lijst)
        lane_van.update(toegewezen)
        lanes_per_gat[gat] = aantal

    # Rows from the top down; each gap is as high as its bars need.
    rij_y: dict[int, float] = {}
    lane_start: dict[int, float] = {}
    if lanes_per_gat.get(-1):
        lane_start[-1] = MARGE
        y = MARGE + (lanes_per_gat[-1] - 1) * LANE + BOVEN_BALK + HALF + RAND
    else:
        y = MARGE + HALF + RAND + 18  # room for a line above the row
    for r in range(aantal_rijen):
        rij_y[r] = y
        lane_start[r] = y + LABEL_ONDER + 8
        y = lane_start[r] + max(lanes_per_gat.get(r, 1) - 1, 0) * LANE + BOVEN_BALK + HALF + RAND
    labels: list[Label] = []
    los_y: list[float] = []
    if los_rijen:
        y = rij_y[aantal_rijen - 1] + LABEL_ONDER + 30 if aantal_rijen else MARGE
        titel = los_titel or _("Familie zonder relatie")
        labels.append(Label(MARGE, y + 12, titel))
        y += 12 + 16 + HALF + RAND
        for _rij in los_rijen:
            los_y.append(y)
            y += LABEL_ONDER + 16 + HALF + RAND

    def lane_y(gat: int, sleutel: object) -> float:
        return lane_start[gat] + lane_van[sleutel] * LANE

    # Symbols
    symbolen: list[Symbool] = []
    plek: dict[int, tuple[float, float]] = {}
    for i, r in rij_van.items():
        plek[i] = (px(x_slot[i]), rij_y[r])
    for n, rij in enumerate(los_rijen):
        for k, i in enumerate(rij):
            plek[i] = (px(k), los_y[n])
            rij_van[i] = aantal_rijen + n
    for i in sorted(plek, key=lambda i: (plek[i][1], plek[i][0])):
        mens = per_id[i]
        x, y = round(plek[i][0], 1), round(plek[i][1], 1)
        regels = naam_regels(mens.naam)
        eerste = y + HALF + RAND + 13
        s = Symbool(
            mens=mens,
            x=x,
            y=y,
            rij=rij_van[i],
            regels=regels,
            jaren=jaren_tekst(mens),
            clip_id=f"{id_prefix}-foto-{i}",
            vorm_d=_vorm_pad(mens.vorm, x, y, HALF),
            rand_d=_vorm_pad(mens.vorm, x, y, HALF + RAND) if mens.hoofdpersoon else "",
            regel_ys=[eerste + n * REGEL for n in range(len(regels))],
            jaren_y=eerste + len(regels) * REGEL,
        )
        if mens.overleden:
            k = HALF + 4
            s.kruis_d = (
                _pad([(x - k, y - k), (x + k, y + k)])
                + " "
                + _pad([(x + k, y - k), (x - k, y + k)])
            )
        symbolen.append(s)
    bij_id = {s.mens.id: s for s in symbolen}
    hoogte = max([s.label_onder for s in symbolen], default=0) + MARGE

    def zijkant(i: int) -> float:
        return HALF + (RAND if per_id[i].hoofdpersoon else 0)

    # Lines
    lijnen: list[Lijn] = []
    for paar, soort in sorted(fam.koppels.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(paar, key=lambda i: x_slot.get(i, 0))
        if a not in rij_van or rij_van[a] != rij_van[b] or a in los or b in los:
            continue
        (xa, y), (xb, _y) = plek[a], plek[b]
        if naast(a, b):
            lijnen.append(Lijn(_pad([(xa + zijkant(a), y), (xb - zijkant(b), y)]), soort))
            midden, hoogte_streep = (xa + xb) / 2, y
        else:
            boven = y - HALF - RAND - 8
            punten = [(xa, bij_id[a].boven), (xa, boven), (xb, boven), (xb, bij_id[b].boven)]
            lijnen.append(Lijn(_pad(punten), soort))
            midden, hoogte_streep = (xa + xb) / 2, boven
        if soort == "ex":
            streep = " ".join(
                _pad([(midden + dx - 3, hoogte_streep + 8), (midden + dx + 3, hoogte_streep - 8)])
                for dx in (-4, 4)
            )
            lijnen.append(Lijn(streep, "ex"))
    for ouders, (val_x, hoe) in valpunten.items():
        kinderen = [k for k in fam.teken_kinderen[ouders] if rij_van[k] > rij_van[ouders[0]]]
        gat = max(rij_van[o] for o in ouders)
        by = lane_y(gat, ouders)
        ys = [plek[o][1] for o in ouders]
        if hoe == "koppel":
            start = [(val_x, max(ys))]
        elif hoe == "boog":
            start = [(val_x, min(ys) - HALF - RAND - 8)]
        else:
            (ouder,) = ouders
            ox, oy = plek[ouder]
            kant = 1 if val_x > ox else -1
            start = [(ox + kant * zijkant(ouder), oy + 8), (val_x, oy + 8)]
        d = _pad(start + [(val_x, by)])
        xs = [plek[k][0] for k in kinderen] + [val_x]
        d += " " + _pad([(min(xs), by), (max(xs), by)])
        for k in kinderen:
            d += " " + _pad([(plek[k][0], by), (plek[k][0], bij_id[k].boven)])
        lijnen.append(Lijn(d, "kind"))
    for leden in fam.wees_groepen:
        sleutel = tuple(i for i in leden if i in rij_van)
        if sleutel not in lane_van:
            continue
        gat = min(rij_van[i] for i in sleutel) - 1
        by = lane_y(gat, sleutel)
        xs = [plek[i][0] for i in sleutel]
        d = _pad([(min(xs), by), (max(xs), by)])
        for i in sleutel:
            d += " " + _pad([(plek[i][0], by), (plek[i][0], bij_id[i].boven)])
        lijnen.append(Lijn(d, "broers"))

    # The emotional band, drawn on top when asked for.
    banden: list[Lijn] = []
    for paar, band in sorted(fam.banden.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(paar, key=lambda i: (plek[i][1], plek[i][0]))
        (xa, ya), (xb, yb) = plek[a], plek[b]
        if abs(ya - yb) < 1:
            if naast(a, b):
                punten = [(xa + zijkant(a), ya - 10), (xb - zijkant(b), yb - 10)]
            else:
                boven = ya - HALF - RAND - 15
                punten = [(xa, bij_id[a].boven), (xa, boven), (xb, boven), (xb, bij_id[b].boven)]
        else:
            lengte = math.hypot(xb - xa, yb - ya)
            ux, uy = (xb - xa) / lengte, (yb - ya) / lengte
            ra, rb = zijkant(a) + 3, zijkant(b) + 3
            punten = [(xa + ux * ra, ya + uy * ra), (xb - ux * rb, yb - uy * rb)]
        banden.extend(_band_lijnen(band, punten))

    rijen_uit = [list(rij_leden[r]) for r in range(aantal_rijen)]
    breedte = 2 * MARGE + max(breedste, len(los_rijen[0]) if los_rijen else 0) * SLOT
    return Genogram(
        breedte=int(math.ceil(breedte)),
        hoogte=int(math.ceil(hoogte)),
        symbolen=symbolen,
        lijnen=lijnen,
        banden=banden,
        labels=labels,
        rijen=rijen_uit,
        los=los,
    )


# --- the same facts in words -----------------------------------------------------------


@dataclass
class Beschrijving:
    mens: Mens
    zinnen: list[str]

    @property
    def tekst(self) -> str:
        return "; ".join(self.zinnen)


@dataclass
class Generatie:
    titel: str
    mensen: list[Beschrijving]


def _woord(geslacht: str, vrouw: str, man: str, anders: str) -> str:
    return {"v": vrouw, "m": man}.get(geslacht, anders)


def beschrijf(
    genogram: Genogram,
    mensen: Iterable[Mens],
    relaties: Iterable[Verbinding],
    *,
    met_band: bool = False,
) -> list[Generatie]:
    """Per generation, each person with their relations in words:
    "moeder van Marieke en Joost; ex-partner van Henk"."""
    per_id = {m.id: m for m in mensen}
    relaties = [r for r in relaties if r.van in per_id and r.naar in per_id and r.van != r.naar]
    ouders: dict[int, list[int]] = defaultdict(list)
    kinderen: dict[int, list[int]] = defaultdict(list)
    partners: dict[int, list[int]] = defaultdict(list)
    exen: dict[int, list[int]] = defaultdict(list)
    broers: dict[int, set[int]] = defaultdict(set)
    banden: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for r in relaties:
        if r.soort == OUDER:
            ouders[r.naar].append(r.van)
            kinderen[r.van].append(r.naar)
        elif r.soort == PARTNER:
            partners[r.van].append(r.naar)
            partners[r.naar].append(r.van)
        elif r.soort == EX_PARTNER:
            exen[r.van].append(r.naar)
            exen[r.naar].append(r.van)
        elif r.soort == BROER_ZUS:
            broers[r.van].add(r.naar)
            broers[r.naar].add(r.van)
        if r.band:
            banden[r.van].append((r.band, r.naar))
            banden[r.naar].append((r.band, r.van))
    # Children of the same parent are brothers and sisters too.
    for kids in kinderen.values():
        for a in kids:
            broers[a].update(k for k in kids if k != a)

    def namen(ids: Iterable[int]) -> str:
        uniek = sorted(set(ids), key=lambda i: (per_id[i].geboortejaar or 9999, per_id[i].naam))
        return get_text_list([per_id[i].naam for i in uniek], _("en"))

    def zinnen(i: int) -> list[str]:
        m = per_id[i]
        g = m.geslacht
        uit = []
        if m.geboortejaar:
            uit.append(_("geboren in %(jaar)s") % {"jaar": m.geboortejaar})
        if m.overleden:
            if m.overlijdensjaar:
                uit.append(_("overleden in %(jaar)s") % {"jaar": m.overlijdensjaar})
            else:
                uit.append(_("overleden"))
        if kinderen[i]:
            zin = _woord(
                g, _("moeder van %(namen)s"), _("vader van %(namen)s"), _("ouder van %(namen)s")
            )
            uit.append(zin % {"namen": namen(kinderen[i])})
        if ouders[i]:
            zin = _woord(
                g, _("dochter van %(namen)s"), _("zoon van %(namen)s"), _("kind van %(namen)s")
            )
            uit.append(zin % {"namen": namen(ouders[i])})
        if partners[i]:
            uit.append(_("partner van %(namen)s") % {"namen": namen(partners[i])})
        if exen[i]:
            uit.append(_("ex-partner van %(namen)s") % {"namen": namen(exen[i])})
        if broers[i]:
            zin = _woord(
                g, _("zus van %(namen)s"), _("broer van %(namen)s"), _("broer of zus van %(namen)s")
            )
            uit.append(zin % {"namen": namen(broers[i])})
        if met_band:
            for band, ander in sorted(banden[i], key=lambda b: per_id[b[1]].naam):
                zin = {
                    HECHT: _("hechte band met %(naam)s"),
                    CONFLICT: _("conflict met %(naam)s"),
                    VERBROKEN: _("contact verbroken met %(naam)s"),
                }.get(band)
                if zin:
                    uit.append(zin % {"naam": per_id[ander].naam})
        return uit

    uit = [
        Generatie(
            _("Generatie %(nummer)s") % {"nummer": n + 1},
            [Beschrijving(per_id[i], zinnen(i)) for i in rij],
        )
        for n, rij in enumerate(genogram.rijen)
    ]
    if genogram.los:
        uit.append(
            Generatie(
                _("Familie zonder relatie"),
                [Beschrijving(per_id[i], zinnen(i)) for i in genogram.los],
            )
        )
    return uit

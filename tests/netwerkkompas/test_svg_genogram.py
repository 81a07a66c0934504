"""The genogram layout: pure Python, no database."""

from __future__ import annotations

import itertools
import re

import pytest

from netwerkkompas.svg.genogram import (
    BROER_ZUS,
    CONFLICT,
    EX_PARTNER,
    HALF,
    HECHT,
    LABEL_BREEDTE,
    OUDER,
    PARTNER,
    RAND,
    SLOT,
    VERBROKEN,
    Genogram,
    Mens,
    Verbinding,
    beschrijf,
    naam_regels,
    teken,
)

# --- a small family and a large one ---------------------------------------------------


def kleine_familie() -> tuple[list[Mens], list[Verbinding]]:
    mensen = [
        Mens(1, "Oma Truus", "v", 1930, overleden=True, overlijdensjaar=2015),
        Mens(2, "Opa Kees", "m", 1928),
        Mens(3, "Ria Bakker", "v", 1958),
        Mens(4, "Henk de Vries", "m", 1955),
        Mens(5, "Marieke", "v", 1985, hoofdpersoon=True),
        Mens(6, "Joost", "m", 1988),
        Mens(7, "Oom Piet", "m", 1960),
    ]
    relaties = [
        Verbinding(1, 2, PARTNER),
        Verbinding(1, 3, OUDER),
        Verbinding(2, 3, OUDER),
        Verbinding(1, 7, OUDER),
        Verbinding(2, 7, OUDER),
        Verbinding(3, 4, EX_PARTNER, CONFLICT),
        Verbinding(3, 5, OUDER, HECHT),
        Verbinding(4, 5, OUDER),
        Verbinding(3, 6, OUDER),
        Verbinding(4, 6, OUDER, VERBROKEN),
    ]
    return mensen, relaties


class Bouwer:
    def __init__(self) -> None:
        self.mensen: list[Mens] = []
        self.relaties: list[Verbinding] = []
        self.nummer = itertools.count(1)

    def mens(self, geslacht: str, jaar: int, naam: str = "", **extra) -> int:
        i = next(self.nummer)
        self.mensen.append(Mens(i, naam or f"Persoon {i}", geslacht, jaar, **extra))
        return i

    def koppel(self, jaar: int, *, ex: bool = False) -> tuple[int, int]:
        man, vrouw = self.mens("m", jaar), self.mens("v", jaar + 2)
        self.relaties.append(Verbinding(man, vrouw, EX_PARTNER if ex else PARTNER))
        return man, vrouw

    def kinderen(self, ouders: tuple[int, ...], aantal: int, jaar: int) -> list[int]:
        uit = []
        for n in range(aantal):
            kind = self.mens("vm"[n % 2], jaar + 2 * n)
            for ouder in ouders:
                self.relaties.append(Verbinding(ouder, kind, OUDER))
            uit.append(kind)
        return uit

    def trouw(self, wie: int, jaar: int, *, ex: bool = False) -> int:
        partner = self.mens("x", jaar)
        self.relaties.append(Verbinding(wie, partner, EX_PARTNER if ex else PARTNER))
        return partner


def grote_familie() -> tuple[list[Mens], list[Verbinding]]:
    """Four generations, 40 people: two families joined by a marriage, married-in
    partners, a divorce, someone with a second partner, a single parent and a brother
    whose parents are unknown."""
    b = Bouwer()
    a_ouders = b.koppel(1925)
    b_ouders = b.koppel(1927)
    broer = b.mens("m", 1923, "Oudoom Wim")
    b.relaties.append(Verbinding(a_ouders[0], broer, BROER_ZUS))
    a1, a2, a3, a4 = b.kinderen(a_ouders, 4, 1950)
    b1, b2, _b3 = b.kinderen(b_ouders, 3, 1951)
    b.relaties.append(Verbinding(a1, b1, PARTNER))
    s1 = b.trouw(a2, 1950)
    s2 = b.trouw(a3, 1951, ex=True)
    s3 = b.trouw(a3, 1953)
    s4 = b.trouw(b2, 1952)
    kleinkinderen = b.kinderen((a1, b1), 3, 1975)
    kleinkinderen += b.kinderen((a2, s1), 2, 1978)
    kleinkinderen += b.kinderen((a3, s2), 1, 1976)
    kleinkinderen += b.kinderen((a3, s3), 2, 1985)
    kleinkinderen += b.kinderen((b2, s4), 2, 1979)
    kleinkinderen += b.kinderen((a4,), 1, 1980)
    achter = []
    for n, kleinkind in enumerate(kleinkinderen[:4]):
        partner = b.trouw(kleinkind, 1976 + n)
        achter += b.kinderen((kleinkind, partner), [3, 2, 2, 2][n], 2000 + n)
    hoofd = b.mensen.index(next(m for m in b.mensen if m.id == kleinkinderen[0]))
    b.mensen[hoofd] = Mens(kleinkinderen[0], "Marieke", "v", 1975, hoofdpersoon=True)
    return b.mensen, b.relaties


# --- geometry helpers -----------------------------------------------------------------


def symbool_vak(s) -> tuple[float, float, float, float]:
    r = HALF * 1.2 + (RAND if s.mens.hoofdpersoon else 0)  # the diamond is the widest shape
    return (s.x - r, s.y - r, s.x + r, s.y + r)


def label_vak(s) -> tuple[float, float, float, float]:
    return (s.label_links, s.regel_ys[0] - 11, s.label_links + s.label_breedte, s.label_onder)


def overlapt(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segmenten(d: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    uit = []
    for stuk in re.findall(r"M[^M]+", d):
        getallen = [float(g) for g in re.findall(r"-?\d+(?:\.\d+)?", stuk)]
        punten = list(zip(getallen[::2], getallen[1::2], strict=True))
        uit += list(itertools.pairwise(punten))
    return uit


def snijdt(segment, vak) -> bool:
    """Does the segment pass through the inside of the box (Liang-Barsky)?"""
    (x1, y1), (x2, y2) = segment
    x_min, y_min, x_max, y_max = vak
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - x_min), (dx, x_max - x1), (-dy, y1 - y_min), (dy, y_max - y1)):
        if p == 0:
            if q <= 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t1 - t0 > 1e-6


def assert_leesbaar(g: Genogram) -> None:
    """Nothing overlaps: symbols, labels, and lines through symbols."""
    for a, b in itertools.combinations(g.symbolen, 2):
        assert not overlapt(symbool_vak(a), symbool_vak(b)), (a.mens.naam, b.mens.naam)
        assert not overlapt(label_vak(a), label_vak(b)), (a.mens.naam, b.mens.naam)
        assert not overlapt(label_vak(a), symbool_vak(b)), (a.mens.naam, b.mens.naam)
        assert not overlapt(symbool_vak(a), label_vak(b)), (a.mens.naam, b.mens.naam)
    for s in g.symbolen:
        assert s.label_breedte <= LABEL_BREEDTE, s.regels
        binnen = (s.x - HALF + 1, s.y - HALF + 1, s.x + HALF - 1, s.y + HALF - 1)
        for lijn in g.lijnen:
            for segment in segmenten(lijn.d):
                assert not snijdt(segment, binnen), (lijn.soort, segment, s.mens.naam)
            # lines run between labels, never through them
            for segment in segmenten(lijn.d):
                assert not snijdt(segment, label_vak(s)), (lijn.soort, segment, s.mens.naam)
    for s in g.symbolen:
        assert label_vak(s)[0] >= 0 and label_vak(s)[2] <= g.breedte
        assert symbool_vak(s)[1] >= 0 and label_vak(s)[3] <= g.hoogte


def per_id(g: Genogram) -> dict[int, object]:
    return {s.mens.id: s for s in g.symbolen}


# --- tests ----------------------------------------------------------------------------


def test_children_are_one_row_below_their_parents_and_partners_share_a_row():
    mensen, relaties = kleine_familie()
    g = teken(mensen, relaties)
    s = per_id(g)
    for r in relaties:
        if r.soort == OUDER:
            assert s[r.naar].rij == s[r.van].rij + 1
            assert s[r.naar].y > s[r.van].y
        else:
            assert s[r.naar].y == s[r.van].y
    assert g.aantal_generaties == 3
    assert_leesbaar(g)


def test_children_sit_under_the_middle_of_their_parents():
    mensen, relaties = kleine_familie()
    s = per_id(teken(mensen, relaties))
    ouders = (s[3].x + s[4].x) / 2
    kinderen = (s[5].x + s[6].x) / 2
    assert kinderen == pytest.approx(ouders)
    assert abs(s[3].x - s[4].x) == pytest.approx(SLOT)  # the ex-couple side by side


def test_every_person_is_drawn_exactly_once_with_the_right_symbol():
    mensen, relaties = kleine_familie()
    g = teken(mensen + [Mens(99, "Neef Daan", "x")], relaties)
    ids = [s.mens.id for s in g.symbolen]
    assert sorted(ids) == sorted([m.id for m in mensen] + [99])
    s = per_id(g)
    assert "a" in s[1].vorm_d  # circle: arcs
    assert s[2].vorm_d.count("h") == 2  # square
    assert s[99].vorm_d.count("L") == 3  # diamond
    assert s[1].kruis_d and not s[2].kruis_d
    assert s[5].rand_d and not s[6].rand_d  # hoofdpersoon: a second outline
    assert s[1].jaren == "1930 †2015"


def test_lines_partner_ex_with_double_slash_and_child_bar():
    mensen, relaties = kleine_familie()
    g = teken(mensen, relaties)
    soorten = [lijn.soort for lijn in g.lijnen]
    assert soorten.count("partner") == 1
    assert soorten.count("ex") == 2  # the line and its double slash
    slash = [lijn for lijn in g.lijnen if lijn.soort == "ex"][1]
    assert len(segmenten(slash.d)) == 2
    assert soorten.count("kind") == 2  # Truus+Kees, Ria+Henk
    s = per_id(g)
    kind_lijn = next(lijn for lijn in g.lijnen if lijn.soort == "kind" and f"{s[5].x:g}" in lijn.d)
    # starts at the couple's midpoint, at the height of the couple
    eerste = segmenten(kind_lijn.d)[0]
    assert eerste[0] == pytest.approx(((s[3].x + s[4].x) / 2, s[3].y))


def test_emotional_lines_per_kind():
    mensen, relaties = kleine_familie()
    g = teken(mensen, relaties)
    soorten = sorted(lijn.soort for lijn in g.banden)
    assert soorten == [CONFLICT, HECHT, HECHT, VERBROKEN]  # hecht is a double line
    zigzag = next(lijn for lijn in g.banden if lijn.soort == CONFLICT)
    assert len(segmenten(zigzag.d)) >= 4
    verbroken = next(lijn for lijn in g.banden if lijn.soort == VERBROKEN)
    assert verbroken.d.count("M") == 4  # two halves and the two bars at the break


def test_four_generations_and_forty_people_stay_readable():
    mensen, relaties = grote_familie()
    assert len(mensen) == 40
    g = teken(mensen, relaties)
    assert g.aantal_generaties == 4
    assert len(g.symbolen) == 40
    assert_leesbaar(g)
    # Natural size, never shrunk: the widest generation decides the width.
    breedste = max(len(rij) for rij in g.rijen)
    assert g.breedte >= breedste * SLOT
    assert g.breedte <= 2200
    assert g.hoogte <= 800
    s = per_id(g)
    for r in relaties:
        if r.soort == OUDER:
            assert s[r.naar].rij == s[r.van].rij + 1
        else:
            assert s[r.naar].rij == s[r.van].rij


def test_brothers_and_sisters_stand_together_with_only_their_partners_between():
    mensen, relaties = grote_familie()
    g = teken(mensen, relaties)
    s = per_id(g)
    ouders: dict[int, set[int]] = {}
    for r in relaties:
        if r.soort == OUDER:
            ouders.setdefault(r.naar, set()).add(r.van)
    koppels = {frozenset((r.van, r.naar)) for r in relaties if r.soort in (PARTNER, EX_PARTNER)}
    groepen: dict[frozenset, list[int]] = {}
    for kind, os_ in ouders.items():
        groepen.setdefault(frozenset(os_), []).append(kind)
    for kinderen in groepen.values():
        links = min(s[k].x for k in kinderen)
        rechts = max(s[k].x for k in kinderen)
        rij = s[kinderen[0]].rij
        tussen = [m for m in g.symbolen if m.rij == rij and links < m.x < rechts]
        for m in tussen:
            assert m.mens.id in kinderen or any(
                frozenset((m.mens.id, k)) in koppels for k in kinderen
            ), (m.mens.naam, kinderen)


def test_a_brother_without_known_parents_is_joined_by_a_bar_above():
    mensen, relaties = grote_familie()
    g = teken(mensen, relaties)
    s = per_id(g)
    broers = next(lijn for lijn in g.lijnen if lijn.soort == "broers")
    balk = segmenten(broers.d)[0]
    assert balk[0][1] == balk[1][1] < s[1].y - HALF  # horizontal, above the row
    wim = next(m.id for m in mensen if m.naam == "Oudoom Wim")
    assert {balk[0][0], balk[1][0]} == {s[1].x, s[wim].x}
    assert abs(s[1].x - s[wim].x) <= 2 * SLOT  # beside his brother (and his partner)


def test_disconnected_families_stand_side_by_side():
    mensen, relaties = kleine_familie()
    andere = [Mens(20, "Buurman Ali", "m", 1950), Mens(21, "Fatma", "v", 1952)]
    andere += [Mens(22, "Yusuf", "m", 1980)]
    relaties = relaties + [
        Verbinding(20, 21, PARTNER),
        Verbinding(20, 22, OUDER),
        Verbinding(21, 22, OUDER),
    ]
    g = teken(mensen + andere, relaties)
    s = per_id(g)
    eerste = [s[m.id] for m in mensen]
    tweede = [s[m.id] for m in andere]
    # The hoofdpersoon's family first, the other beside it, both starting at the top.
    assert max(x.x for x in eerste) + SLOT <= min(x.x for x in tweede)
    assert s[20].y == min(x.y for x in eerste)
    assert s[22].y > s[20].y
    assert_leesbaar(g)


def test_people_without_a_relation_get_a_labelled_row_of_their_own():
    mensen, relaties = kleine_familie()
    los = [Mens(30, "Tante Zonder Relatie", "v"), Mens(31, "Neef", "m")]
    g = teken(mensen + los, relaties, los_titel="Familie zonder relatie")
    s = per_id(g)
    assert g.los == [31, 30]  # by name
    onderste = max(x.y for x in g.symbolen if x.mens.id < 30)
    assert s[30].y == s[31].y > onderste
    assert [label.tekst for label in g.labels] == ["Familie zonder relatie"]
    assert onderste < g.labels[0].y < s[30].y - HALF
    assert_leesbaar(g)


def test_only_people_without_relations():
    g = teken([Mens(1, "Alleen", "v"), Mens(2, "Ook alleen", "m")], [])
    assert g.rijen == [] and g.los == [1, 2]
    assert_leesbaar(g)
    assert teken([], []).symbolen == []


def test_someone_with_three_partners_stays_clear_of_symbols():
    mensen = [Mens(i, f"P{i}", "vm"[i % 2], 1950) for i in range(1, 8)]
    relaties = [
        Verbinding(1, 2, EX_PARTNER),
        Verbinding(1, 3, EX_PARTNER),
        Verbinding(1, 4, PARTNER),
        Verbinding(1, 5, OUDER),
        Verbinding(4, 5, OUDER),
        Verbinding(1, 6, OUDER),
        Verbinding(2, 6, OUDER),
        Verbinding(4, 7, OUDER),  # a child of the partner alone
    ]
    g = teken(mensen, relaties)
    assert len({s.y for s in g.symbolen}) == 2
    assert_leesbaar(g)


def test_contradictory_data_does_not_break_the_drawing():
    mensen = [Mens(i, f"P{i}") for i in range(1, 5)]
    relaties = [
        Verbinding(1, 2, OUDER),
        Verbinding(2, 1, OUDER),  # a cycle
        Verbinding(2, 3, PARTNER),
        Verbinding(3, 1, OUDER),
        Verbinding(4, 4, PARTNER),  # with oneself
        Verbinding(4, 99, OUDER),  # someone unknown
    ]
    g = teken(mensen, relaties)
    assert sorted(s.mens.id for s in g.symbolen) == [1, 2, 3, 4]
    assert g.los == [4]


def test_long_names_are_wrapped_and_shortened():
    assert naam_regels("Marieke Bakker") == ["Marieke", "Bakker"]
    assert naam_regels("Ria") == ["Ria"]
    lang = naam_regels("Johannes Hendrikus van der Hoogenband-Wijnstra")
    assert len(lang) == 2 and lang[-1].endswith("…")
    assert all(len(r) <= 11 for r in lang)
    assert naam_regels("Anna-Catharinaberg") == ["Anna-Cathar…"[:10] + "…"]


def test_the_text_alternative_says_who_is_who():
    mensen, relaties = kleine_familie()
    relaties.append(Verbinding(7, 3, BROER_ZUS))
    g = teken(mensen, relaties)
    generaties = beschrijf(g, mensen, relaties)
    assert [gen.titel for gen in generaties] == ["Generatie 1", "Generatie 2", "Generatie 3"]
    teksten = {b.mens.naam: b.tekst for gen in generaties for b in gen.mensen}
    assert teksten["Ria Bakker"] == (
        "geboren in 1958; moeder van Marieke en Joost; dochter van Opa Kees en Oma Truus; "
        "ex-partner van Henk de Vries; zus van Oom Piet"
    )
    assert "overleden in 2015" in teksten["Oma Truus"]
    assert "zoon van Henk de Vries en Ria Bakker" in teksten["Joost"]
    assert "broer van Marieke" in teksten["Joost"]
    assert "conflict" not in teksten["Henk de Vries"]
    met_band = beschrijf(g, mensen, relaties, met_band=True)
    teksten = {b.mens.naam: b.tekst for gen in met_band for b in gen.mensen}
    assert "conflict met Ria Bakker" in teksten["Henk de Vries"]
    assert "hechte band met Marieke" in teksten["Ria Bakker"]
    assert "contact verbroken met Joost" in teksten["Henk de Vries"]

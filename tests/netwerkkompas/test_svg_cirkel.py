"""The netwerkcirkel's layout: nobody overlaps, everyone once, each in their own ring and sector."""

from __future__ import annotations

import itertools
import math

import pytest

from netwerkkompas.svg.cirkel import (
    KNOOP_MAX,
    KNOOP_MIN,
    NIET_INGEDEELD,
    Cirkel,
    Mens,
    maak_cirkel,
    stijl_voor,
)

SECTOREN = [
    ("familie", "Familie"),
    ("vrienden", "Vrienden"),
    ("buurt", "Buurt"),
    ("school_werk", "School, werk of vereniging"),
    ("vrijwilliger", "Vrijwilliger"),
    ("professional", "Professional"),
]
MET_LEEG = [*SECTOREN, (NIET_INGEDEELD, "Nog niet ingedeeld")]
RINGEN = [(1, "heel dichtbij"), (2, "dichtbij"), (3, "verder weg"), (4, "professionals")]
HOOFD = Mens(pk=1, naam="Marieke Bakker", initialen="MB", ring=1, is_hoofdpersoon=True)


def mensen_verspreid(aantal: int, sectoren=MET_LEEG) -> list[Mens]:
    return [
        Mens(
            pk=100 + i,
            naam=f"Persoon {i:03d}",
            initialen="P" + str(i % 10),
            ring=1 + (i * 7) % 4,
            soort=sectoren[i % len(sectoren)][0],
            tijd=("heden", "verleden", "mogelijk")[i % 3],
            kwaliteit="moeizaam" if i % 5 == 0 else "",
        )
        for i in range(aantal)
    ]


def zestig_in_een_vak() -> list[Mens]:
    return [
        Mens(pk=100 + i, naam=f"Neef {i:02d}", initialen="N", ring=1, soort="familie")
        for i in range(60)
    ]


def hoek_in(hoek: float, start: float, eind: float) -> bool:
    # Sector angles run clockwise from just right of the top; bring `hoek` into that turn.
    while hoek < start:
        hoek += 2 * math.pi
    while hoek >= start + 2 * math.pi:
        hoek -= 2 * math.pi
    return start <= hoek <= eind


def assert_goed(cirkel: Cirkel, mensen: list[Mens]) -> None:
    knopen = cirkel.knopen
    # Everyone drawn exactly once.
    assert sorted(k.mens.pk for k in knopen) == sorted(m.pk for m in mensen)
    # Nobody overlaps, the second outline of a difficult contact (3.5 + 0.75 wide) included.
    for a, b in itertools.combinations(knopen, 2):
        afstand = math.dist((a.x, a.y), (b.x, b.y))
        assert afstand >= a.r + b.r + 2 * 4.25 - 0.3, (a.mens.naam, b.mens.naam, afstand)
    ringen = {ring.nummer: ring for ring in cirkel.ringen}
    sectoren = {sector.sleutel: sector for sector in cirkel.sectoren}
    for knoop in knopen:
        dx, dy = knoop.x - cirkel.cx, knoop.y - cirkel.cy
        straal = math.hypot(dx, dy)
        if knoop.mens.is_hoofdpersoon:
            assert knoop.ring == 0
            assert straal + knoop.r <= cirkel.midden_r + 0.2
            continue
        # Inside its own ring band ...
        ring = ringen[knoop.ring]
        assert knoop.ring == knoop.mens.ring
        assert ring.binnen - 0.2 <= straal - knoop.r, knoop
        assert straal + knoop.r <= ring.buiten + 0.2, knoop
        # ... and wholly inside its own sector's wedge.
        sector = sectoren[knoop.sector]
        assert knoop.sector == (knoop.mens.soort or NIET_INGEDEELD)
        hoek = math.atan2(dy, dx)
        assert hoek_in(hoek, sector.start, sector.eind), knoop
        marge = math.asin(min(1, knoop.r / straal))
        assert hoek_in(hoek - marge + 0.002, sector.start, sector.eind), knoop
        assert hoek_in(hoek + marge - 0.002, sector.start, sector.eind), knoop
        # On the canvas.
        assert knoop.r <= knoop.x <= cirkel.breedte - knoop.r
        assert knoop.r <= knoop.y <= cirkel.hoogte - knoop.r


def test_five_people_get_big_nodes_and_no_overlap():
    mensen = [HOOFD, *mensen_verspreid(5, SECTOREN)]
    cirkel = maak_cirkel(mensen, SECTOREN, RINGEN)
    assert_goed(cirkel, mensen)
    assert cirkel.knoop_r == KNOOP_MAX
    assert cirkel.knoop(HOOFD.pk).x == cirkel.cx
    assert cirkel.knoop(HOOFD.pk).y == cirkel.cy


def test_sixty_people_in_one_sector_of_one_ring_do_not_overlap():
    mensen = [HOOFD, *zestig_in_een_vak()]
    cirkel = maak_cirkel(mensen, SECTOREN, RINGEN)
    assert_goed(cirkel, mensen)
    assert cirkel.knoop_r == KNOOP_MIN  # shrunk as far as is readable, then the ring grew
    ring1 = cirkel.ringen[0]
    assert ring1.buiten - ring1.binnen > 3 * (2 * KNOOP_MIN)
    # The full sector took the most room; every other sector still has its minimum.
    familie = next(s for s in cirkel.sectoren if s.sleutel == "familie")
    assert familie.hoek > math.pi
    assert min(s.hoek for s in cirkel.sectoren) > math.radians(20)


def test_150_people_spread_over_every_sector_and_ring():
    mensen = [HOOFD, *mensen_verspreid(150)]
    cirkel = maak_cirkel(mensen, MET_LEEG, RINGEN)
    assert_goed(cirkel, mensen)
    assert {k.sector for k in cirkel.knopen if k.sector is not None} == {s for s, _ in MET_LEEG}


def test_a_gezin_shares_the_centre():
    tweede = Mens(pk=2, naam="Johan Bakker", initialen="JB", ring=1, is_hoofdpersoon=True)
    mensen = [HOOFD, tweede, *mensen_verspreid(12, SECTOREN)]
    cirkel = maak_cirkel(mensen, SECTOREN, RINGEN)
    assert_goed(cirkel, mensen)
    links, rechts = cirkel.knoop(tweede.pk), cirkel.knoop(HOOFD.pk)
    assert links.x < rechts.x  # by name: Johan left of Marieke


def test_sectors_are_in_the_given_order_and_share_out_the_circle_by_size():
    mensen = [HOOFD, *zestig_in_een_vak()[:10]]
    mensen.append(Mens(pk=900, naam="Buurman Henk", initialen="BH", ring=3, soort="buurt"))
    cirkel = maak_cirkel(mensen, SECTOREN, RINGEN)
    assert [s.sleutel for s in cirkel.sectoren] == [s for s, _ in SECTOREN]
    hoeken = {s.sleutel: s.hoek for s in cirkel.sectoren}
    assert hoeken["familie"] > hoeken["buurt"] > hoeken["vrienden"]
    assert hoeken["vrienden"] == pytest.approx(hoeken["professional"])
    # The sectors and the gap for the ring numbers make one full turn.
    for vorige, volgende in itertools.pairwise(cirkel.sectoren):
        assert volgende.start == pytest.approx(vorige.eind)
    assert cirkel.sectoren[-1].eind - cirkel.sectoren[0].start < 2 * math.pi


def test_someone_without_a_kind_needs_the_sector_nog_niet_ingedeeld():
    mensen = [HOOFD, Mens(pk=5, naam="Iemand", initialen="I", ring=3)]
    with pytest.raises(ValueError):
        maak_cirkel(mensen, SECTOREN, RINGEN)
    cirkel = maak_cirkel(mensen, MET_LEEG, RINGEN)
    assert cirkel.knoop(5).sector == NIET_INGEDEELD


def test_layout_is_deterministic_and_by_name():
    mensen = [HOOFD, *mensen_verspreid(40)]
    een = maak_cirkel(mensen, MET_LEEG, RINGEN)
    twee = maak_cirkel(list(reversed(mensen)), MET_LEEG, RINGEN)
    assert [(k.mens.pk, k.x, k.y, k.r) for k in een.knopen] == [
        (k.mens.pk, k.x, k.y, k.r) for k in twee.knopen
    ]
    # In one row of a cell, names run clockwise.
    neven = maak_cirkel([HOOFD, *zestig_in_een_vak()[:4]], SECTOREN, RINGEN)
    rij = [k for k in neven.knopen if k.ring == 1]
    hoeken = [math.atan2(k.y - neven.cy, k.x - neven.cx) for k in rij]
    assert [k.mens.naam for k in rij] == sorted(k.mens.naam for k in rij)
    assert hoeken == sorted(hoeken)


def test_labels_stay_outside_the_circle_and_apart():
    cirkel = maak_cirkel([HOOFD, *mensen_verspreid(30)], MET_LEEG, RINGEN)
    vakken = [s.vak for s in cirkel.sectoren]
    for x, y, w, h in vakken:
        dichtst_x = min(max(cirkel.cx, x), x + w)
        dichtst_y = min(max(cirkel.cy, y), y + h)
        assert math.hypot(dichtst_x - cirkel.cx, dichtst_y - cirkel.cy) >= cirkel.buiten_r
        assert x >= 0 and y >= 0
        assert x + w <= cirkel.breedte and y + h <= cirkel.hoogte
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(vakken, 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    # A long label is broken over lines, none longer than about fourteen characters.
    school = next(s for s in cirkel.sectoren if s.sleutel == "school_werk")
    assert [r.tekst for r in school.regels] == ["School, werk", "of vereniging"]
    # The ring key under the drawing names every ring.
    assert [(i.ring, i.label) for i in cirkel.sleutel] == RINGEN
    assert all(i.y > cirkel.cy + cirkel.buiten_r for i in cirkel.sleutel)


def test_an_empty_netwerk_still_draws_rings_and_sectors():
    cirkel = maak_cirkel([], SECTOREN, RINGEN)
    assert cirkel.knopen == []
    assert [r.nummer for r in cirkel.ringen] == [1, 2, 3, 4]
    assert len(cirkel.sectoren) == len(SECTOREN)
    assert all(b.binnen < b.buiten for b in cirkel.ringen)


def test_past_possible_and_difficult_people_look_different():
    nu = stijl_voor(Mens(pk=1, naam="A", initialen="A", ring=2))
    vroeger = stijl_voor(Mens(pk=2, naam="B", initialen="B", ring=2, tijd="verleden"))
    later = stijl_voor(Mens(pk=3, naam="C", initialen="C", ring=2, tijd="mogelijk"))
    moeizaam = stijl_voor(Mens(pk=4, naam="D", initialen="D", ring=2, kwaliteit="moeizaam"))
    assert nu.streep == "" and not nu.dubbel
    assert vroeger.streep and vroeger.grijs and vroeger.vulling != nu.vulling
    assert later.streep and later.streep != vroeger.streep and later.vulling == "#ffffff"
    assert moeizaam.dubbel and moeizaam.rand != nu.rand
    assert len({nu, vroeger, later, moeizaam, stijl_voor(HOOFD)}) == 5

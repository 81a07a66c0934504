"""The buurtkaart layout: pure functions, no database."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from netwerkkompas.models import Plek
from netwerkkompas.svg.buurtkaart import (
    KAART_B,
    KAART_H,
    MAX_MENSEN_ROND,
    RINGEN,
    SOORTEN,
    THUIS_R,
    TUSSENRUIMTE,
    VERPLAATST_VANAF,
    Box,
    MensIn,
    PlekIn,
    layout,
    naam_regels,
    straal,
)

LOOPMINUTEN = [1, 2, 4, 5, 6, 8, 10, 12, 15, 18, 20, 25, 45, 120]


def plekken(n: int, seed: int = 7) -> list[PlekIn]:
    rnd = random.Random(seed)
    return [
        PlekIn(
            id=i + 1,
            naam=f"Plek met een lange naam {i}",
            soort=SOORTEN[rnd.randrange(len(SOORTEN))],
            loopminuten=rnd.choice(LOOPMINUTEN),
            mensen=tuple(MensIn(f"Persoon {j}", f"P{j}") for j in range(rnd.randrange(7))),
        )
        for i in range(n)
    ]


def raakt_thuis(kaart, k) -> bool:
    """Whether card k comes onto the home disc: its nearest point to the centre."""
    x = min(max(kaart.cx, k.x), k.x + k.b)
    y = min(max(kaart.cy, k.y), k.y + k.h)
    return math.hypot(x - kaart.cx, y - kaart.cy) < THUIS_R


def afstand(kaart, k) -> float:
    return math.hypot(k.cx - kaart.cx, k.cy - kaart.cy)


def test_soorten_are_the_kinds_of_plek():
    assert set(SOORTEN) == set(Plek.Soort.values)


@pytest.mark.parametrize("n", [0, 1, 12, 40])
def test_no_card_overlaps_another_or_home(n):
    kaart = layout(plekken(n))
    assert len(kaart.kaarten) == n
    for a, b in itertools.combinations(kaart.kaarten, 2):
        assert not a.box.raakt(b.box, TUSSENRUIMTE - 1), (a.plek.naam, b.plek.naam)
    for k in kaart.kaarten:
        assert not raakt_thuis(kaart, k), k.plek.naam


@pytest.mark.parametrize("n", [0, 1, 12, 40])
def test_every_card_lies_inside_the_canvas(n):
    kaart = layout(plekken(n))
    for k in kaart.kaarten:
        assert k.x >= 0 and k.x + KAART_B <= kaart.breedte
        assert k.y >= 0 and k.y + KAART_H <= kaart.hoogte
    # The outer ring fits too.
    buiten = straal(RINGEN[-1])
    assert kaart.cx - buiten >= 0 and kaart.cx + buiten <= kaart.breedte
    assert kaart.cy - buiten >= 0 and kaart.cy + buiten <= kaart.hoogte


def test_each_place_is_drawn_once():
    invoer = plekken(40)
    kaart = layout(invoer)
    assert sorted(k.plek.id for k in kaart.kaarten) == [p.id for p in invoer]
    assert len({k.nummer for k in kaart.kaarten}) == 40


def test_empty_map_has_home_in_the_centre_and_four_labelled_rings():
    kaart = layout([])
    assert kaart.kaarten == []
    assert (kaart.cx, kaart.cy) == (kaart.breedte // 2, kaart.hoogte // 2 + 5)
    assert [r.minuten for r in kaart.ringen] == [5, 10, 15, 20]
    assert [r.is_laatste for r in kaart.ringen] == [False, False, False, True]
    assert [r.r for r in kaart.ringen] == sorted(r.r for r in kaart.ringen)


@pytest.mark.parametrize("n", [1, 12, 40])
def test_home_stays_in_the_centre_of_the_rings(n):
    kaart = layout(plekken(n))
    for ring in kaart.ringen:
        assert ring.label_x == kaart.cx
        assert ring.label_y < kaart.cy - ring.r + 10


def test_distance_grows_with_walking_time():
    invoer = [
        PlekIn(1, "Bakker", "winkel", 2),
        PlekIn(2, "Voetbal", "club", 7),
        PlekIn(3, "Moskee", "gebedshuis", 12),
        PlekIn(4, "Dagbesteding", "werk", 17),
        PlekIn(5, "Ziekenhuis", "zorg", 40),
    ]
    kaart = layout(invoer)
    op_id = {k.plek.id: afstand(kaart, k) for k in kaart.kaarten}
    afstanden = [op_id[p.id] for p in invoer]
    assert afstanden == sorted(afstanden)
    assert len(set(afstanden)) == 5
    # Not crowded: each place sits exactly at its walking time.
    for p in invoer[1:]:
        assert op_id[p.id] == pytest.approx(straal(p.loopminuten), abs=2)
    assert not any(k.verplaatst for k in kaart.kaarten)


def test_walking_time_is_capped_at_the_outer_ring():
    kaart = layout([PlekIn(1, "Ver", "werk", 20), PlekIn(2, "Heel ver", "zorg", 120)])
    a, b = kaart.kaarten
    assert afstand(kaart, a) == pytest.approx(afstand(kaart, b), abs=2)
    assert afstand(kaart, b) == pytest.approx(straal(20), abs=2)


def test_a_crowded_map_never_draws_a_place_nearer_than_it_is():
    kaart = layout(plekken(40))
    for k in kaart.kaarten:
        assert afstand(kaart, k) >= straal(k.plek.loopminuten) - 2, k.plek.naam
        # The anchor is the true distance, on the line from home to the card.
        echt = math.hypot(k.anker_x - kaart.cx, k.anker_y - kaart.cy)
        assert echt == pytest.approx(straal(k.plek.loopminuten), abs=2)
        if k.verplaatst:
            # Moved outward, and the dot at the true distance is not hidden under a card.
            assert afstand(kaart, k) - echt > VERPLAATST_VANAF
            dot = Box(k.anker_x - 4, k.anker_y - 4, 8, 8)
            assert not any(dot.raakt(ander.box) for ander in kaart.kaarten)
    assert kaart.met_lijnen
    # On average the far places are still further out than the near ones.
    dichtbij = [afstand(kaart, k) for k in kaart.kaarten if k.plek.loopminuten <= 5]
    ver = [afstand(kaart, k) for k in kaart.kaarten if k.plek.loopminuten >= 20]
    assert sum(dichtbij) / len(dichtbij) < sum(ver) / len(ver)


def test_same_kinds_sit_next_to_each_other():
    invoer = [
        PlekIn(i, f"Plek {i}", soort, 10)
        for i, soort in enumerate(["zorg", "winkel", "club", "winkel", "zorg", "club"], start=1)
    ]
    kaart = layout(invoer)
    # Cards are listed in their order around the circle, which groups them by kind.
    assert [k.plek.soort for k in kaart.kaarten] == [
        "winkel",
        "winkel",
        "club",
        "club",
        "zorg",
        "zorg",
    ]
    hoeken = [math.atan2(k.cy - kaart.cy, k.cx - kaart.cx) for k in kaart.kaarten]
    # Clockwise from the top: angles rise (with -90° as the start).
    genormaliseerd = [(h + math.pi / 2) % (2 * math.pi) for h in hoeken]
    assert genormaliseerd == sorted(genormaliseerd)


def test_the_layout_is_deterministic():
    invoer = plekken(40)
    een = layout(invoer)
    twee = layout(list(reversed(invoer)))
    assert een == twee


def test_canvas_grows_with_the_content():
    klein, groot = layout(plekken(1)), layout(plekken(40))
    assert groot.breedte > klein.breedte and groot.hoogte > klein.hoogte
    assert klein.viewbox == f"0 0 {klein.breedte} {klein.hoogte}"


def test_few_people_as_circles_many_as_a_number():
    mensen = tuple(MensIn(f"Iemand {i}", f"I{i}", "/foto.jpg" if i == 0 else "") for i in range(5))
    kaart = layout(
        [
            PlekIn(1, "Drie", "club", 5, mensen[:MAX_MENSEN_ROND]),
            PlekIn(2, "Vijf", "club", 5, mensen),
            PlekIn(3, "Niemand", "club", 5),
        ]
    )
    drie, niemand, vijf = kaart.kaarten  # in order around the circle: by name
    assert [m.initialen for m in drie.mensen] == ["I0", "I1", "I2"]
    assert not drie.mensen_als_getal
    assert vijf.mensen == [] and vijf.mensen_als_getal and vijf.aantal_mensen == 5
    assert niemand.mensen == [] and not niemand.mensen_als_getal
    # The circles stay inside their card, side by side.
    for m in drie.mensen:
        assert drie.x <= m.cx - m.r and m.cx + m.r <= drie.x + drie.b
        assert drie.y <= m.cy - m.r and m.cy + m.r <= drie.y + drie.h
    assert [m.cx for m in drie.mensen] == sorted({m.cx for m in drie.mensen})


def test_long_names_are_broken_over_two_lines():
    assert naam_regels("Bakker") == ["Bakker"]
    assert naam_regels("Albert Heijn Centrum") == ["Albert Heijn", "Centrum"]
    regels = naam_regels("Openbare Bibliotheek Rotterdam Zuid Vestiging Afrikaanderwijk")
    assert len(regels) == 2 and regels[-1].endswith("…")
    assert all(len(r) <= 12 for r in regels)
    assert naam_regels("Kinderboerderijvereniging") == ["Kinderboerd…"]

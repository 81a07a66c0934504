"""Netwerkbalans: the chart's layout, the signal, the measurements and the page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkkompas.models import Balansmeting, Momentopname
from netwerkkompas.svg import balans as tekening
from netwerkkompas.svg.balans import Meting, Moment, samenvatten, signalen, teken
from netwerkkompas.views.balans import metingen
from sonestra.core.models import Netwerk, Persoon
from tests.core.test_query_counts import BASE, count, grow

VANDAAG = date(2026, 11, 20)


def dagelijks(dagen: int, eind: date = VANDAAG) -> list[Meting]:
    """A measurement every day: the network slowly grows, professionals come and go."""
    begin = eind - timedelta(days=dagen - 1)
    return [Meting(begin + timedelta(days=i), 3 + i // 30, 1 + (i // 45) % 4) for i in range(dagen)]


# --- Layout ---------------------------------------------------------------------------


def test_points_stay_inside_the_plot_area():
    grafiek = teken(dagelijks(40), vandaag=VANDAAG)
    for lijn in grafiek.lijnen:
        assert lijn.punten
        for punt in lijn.punten:
            assert tekening.LINKS <= punt.x <= tekening.RECHTS
            assert tekening.BOVEN <= punt.y <= tekening.ONDER
        assert tekening.BOVEN <= lijn.label_y <= tekening.ONDER
    assert 0 < tekening.LINKS < tekening.RECHTS < tekening.BREEDTE
    assert 0 < tekening.BOVEN < tekening.ONDER < tekening.HOOGTE


def test_x_increases_with_time_and_the_line_runs_on_to_today():
    metingen = [Meting(date(2026, 9, 1), 4, 1), Meting(date(2026, 10, 1), 6, 2)]
    grafiek = teken(metingen, vandaag=VANDAAG)
    informeel = grafiek.informeel
    xs = [p.x for p in informeel.punten]
    assert xs == sorted(xs) and len(set(xs)) == len(xs) == 2
    assert xs[0] == tekening.LINKS
    assert informeel.eind_x == tekening.RECHTS  # today is the right edge
    # Steps: the count holds until the next measurement, then on to today.
    assert informeel.pad.endswith(f"H{float(tekening.RECHTS)}")
    assert informeel.pad.count("V") == 1


def test_y_scales_with_the_count():
    grafiek = teken([Meting(VANDAAG - timedelta(days=10), 2, 9)], vandaag=VANDAAG)
    informeel, professioneel = grafiek.informeel.punten[0], grafiek.professioneel.punten[0]
    assert professioneel.y < informeel.y  # more is higher up
    nul = next(r for r in grafiek.raster if r.waarde == 0)
    assert nul.y == tekening.ONDER
    top = max(r.waarde for r in grafiek.raster)
    assert top >= 9
    assert min(r.y for r in grafiek.raster) == tekening.BOVEN
    # A count is drawn in proportion: 2 of `top` sits at 2/top of the height.
    hoogte = tekening.ONDER - tekening.BOVEN
    assert informeel.y == pytest.approx(tekening.ONDER - 2 / top * hoogte, abs=0.1)


def test_gridlines_are_round_and_few():
    for hoogste, stap in [(3, 1), (9, 2), (14, 5), (40, 10), (150, 50)]:
        grafiek = teken([Meting(VANDAAG, hoogste, 0)], vandaag=VANDAAG)
        waarden = [r.waarde for r in grafiek.raster]
        assert waarden[1] - waarden[0] == stap
        assert len(waarden) <= 6
        assert waarden[-1] >= hoogste


def test_a_year_of_daily_rows_is_summed_up_per_week():
    rijen = dagelijks(365)
    grafiek = teken(rijen, vandaag=VANDAAG)
    assert grafiek.periode == "week"
    assert 52 <= len(grafiek.metingen) <= 54
    # The first measurement stays, and every point is where its week ended.
    assert grafiek.metingen[0] == rijen[0]
    assert grafiek.metingen[-1] == rijen[-1]
    assert all(m in rijen for m in grafiek.metingen)
    assert not grafiek.stippen  # too many points for dots
    datums = [m.datum for m in grafiek.metingen]
    assert datums == sorted(datums)


def test_samenvatten_keeps_the_last_of_every_month():
    rijen = dagelijks(365)
    per_maand = samenvatten(rijen, "maand")
    assert len(per_maand) == 14  # the first day, then 13 calendar months (Nov to Nov)
    einde_oktober = next(m for m in rijen if m.datum == date(2026, 10, 31))
    assert einde_oktober in per_maand
    assert samenvatten([], "week") == []


def test_long_histories_go_per_month_with_dutch_month_labels():
    grafiek = teken(dagelijks(800), vandaag=VANDAAG)
    assert grafiek.periode == "maand"
    assert len(grafiek.metingen) <= 28
    labels = [t.label for t in grafiek.tikken]
    assert 2 <= len(labels) <= 6
    assert any(label.startswith("jan 20") for label in labels)
    xs = [t.x for t in grafiek.tikken]
    assert xs == sorted(xs)
    assert all(tekening.LINKS <= x <= tekening.RECHTS for x in xs)


def test_a_year_has_dutch_month_labels():
    grafiek = teken(dagelijks(300), vandaag=VANDAAG)
    labels = " ".join(t.label for t in grafiek.tikken)
    assert "mrt" in labels or "mei" in labels or "okt" in labels


def test_no_measurement_gives_an_empty_chart():
    grafiek = teken([], vandaag=VANDAAG)
    assert grafiek.leeg and grafiek.lijnen == ()
    assert teken([], vandaag=VANDAAG, nu=Meting(VANDAAG, 0, 0)).leeg
    # Only zeros so far (just the hoofdpersoon in the list): nothing to draw either.
    assert teken([Meting(VANDAAG - timedelta(days=2), 0, 0)], vandaag=VANDAAG).leeg


def test_one_measurement_is_a_dot_in_the_middle():
    grafiek = teken([Meting(VANDAAG, 5, 2)], vandaag=VANDAAG)
    assert not grafiek.leeg and grafiek.stippen
    punt = grafiek.informeel.punten[0]
    assert punt.x == pytest.approx((tekening.LINKS + tekening.RECHTS) / 2)
    assert [t.label for t in grafiek.tikken] == ["20 nov"]


def test_todays_count_replaces_todays_measurement():
    grafiek = teken(
        [Meting(VANDAAG - timedelta(days=3), 4, 1), Meting(VANDAAG, 4, 1)],
        vandaag=VANDAAG,
        nu=Meting(VANDAAG, 6, 1),
    )
    assert grafiek.informeel.waarde == 6
    assert grafiek.metingen[-1] == Meting(VANDAAG, 6, 1)


def test_end_labels_do_not_overlap():
    grafiek = teken([Meting(VANDAAG - timedelta(days=9), 5, 5)], vandaag=VANDAAG)
    informeel, professioneel = grafiek.lijnen
    assert abs(informeel.label_y - professioneel.label_y) >= 14


def test_momentopnamen_are_marks_on_the_time_axis():
    rijen = dagelijks(100)
    momenten = [
        Moment(VANDAAG - timedelta(days=50), "Eerste gesprek"),
        Moment(VANDAAG - timedelta(days=500), "Lang geleden"),
    ]
    grafiek = teken(rijen, momenten, vandaag=VANDAAG)
    assert [m.naam for m in grafiek.markeringen] == ["Eerste gesprek"]
    assert tekening.LINKS < grafiek.markeringen[0].x < tekening.RECHTS


# --- The signal -----------------------------------------------------------------------


def test_no_signal_while_the_own_network_is_larger():
    assert signalen(Meting(VANDAAG, 8, 3), Meting(date(2026, 1, 1), 6, 2)) == []
    assert signalen(Meting(VANDAAG, 0, 0)) == []


def test_signal_when_professionals_are_as_many_or_more():
    meer = signalen(Meting(VANDAAG, 1, 24))
    assert [s.soort for s in meer] == ["meer_professionals"]
    assert meer[0].tekst == (
        "Er zijn nu meer professionals (24) dan mensen uit het eigen netwerk (1)."
    )
    evenveel = signalen(Meting(VANDAAG, 4, 4))
    assert [s.soort for s in evenveel] == ["evenveel"]
    assert "evenveel professionals als mensen uit het eigen netwerk: 4" in evenveel[0].tekst


def test_signal_when_the_network_shrank_while_professionals_grew():
    gevonden = signalen(Meting(VANDAAG, 6, 5), Meting(date(2026, 2, 3), 9, 2))
    assert [s.soort for s in gevonden] == ["minder_netwerk"]
    assert "Sinds 3 februari 2026" in gevonden[0].tekst
    assert "eerst 9, nu 6" in gevonden[0].tekst and "eerst 2, nu 5" in gevonden[0].tekst
    # Only shrinking, or only more professionals: no signal.
    assert signalen(Meting(VANDAAG, 6, 2), Meting(date(2026, 2, 3), 9, 2)) == []
    assert signalen(Meting(VANDAAG, 9, 5), Meting(date(2026, 2, 3), 9, 2)) == []


def test_the_signal_never_judges():
    teksten = " ".join(
        s.tekst for s in signalen(Meting(VANDAAG, 2, 7), Meting(date(2026, 2, 3), 9, 2))
    ).lower()
    for woord in ("te veel", "slecht", "fout", "ingezet", "gebruikt", "betrokken"):
        assert woord not in teksten


# --- Measurements kept by the signal handler --------------------------------------------


def _vandaag(netwerk) -> Balansmeting:
    return Balansmeting.objects.get(netwerk=netwerk, datum=timezone.localdate())


def test_adding_and_removing_a_professional_changes_todays_measurement(netwerk):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")
    assert (_vandaag(netwerk).informeel, _vandaag(netwerk).professioneel) == (1, 0)
    jeugdzorg = Persoon.objects.create(netwerk=netwerk, naam="Jeugdzorg", soort="professional")
    assert (_vandaag(netwerk).informeel, _vandaag(netwerk).professioneel) == (1, 1)
    jeugdzorg.delete()
    assert (_vandaag(netwerk).informeel, _vandaag(netwerk).professioneel) == (1, 0)
    assert Balansmeting.objects.filter(netwerk=netwerk).count() == 1  # one row per day


def test_someone_from_the_past_is_not_counted(netwerk):
    oom = Persoon.objects.create(netwerk=netwerk, naam="Oom Kees", soort="familie")
    assert _vandaag(netwerk).informeel == 1
    oom.tijd = Persoon.Tijd.VERLEDEN
    oom.save()
    assert _vandaag(netwerk).informeel == 0


def test_deleting_the_whole_netwerk_leaves_no_measurements(netwerk):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")
    Persoon.objects.create(netwerk=netwerk, naam="Jeugdzorg", soort="professional")
    pk = netwerk.pk
    assert Balansmeting.objects.filter(netwerk_id=pk).exists()
    netwerk.delete()
    assert not Balansmeting.objects.filter(netwerk_id=pk).exists()
    assert not Netwerk.objects.filter(pk=pk).exists()


# --- Reading the measurements: thinned out in one query ---------------------------------


def jaar_aan_metingen(netwerk, dagen: int = 365) -> None:
    vandaag = timezone.localdate()
    Balansmeting.objects.filter(netwerk=netwerk).delete()
    Balansmeting.objects.bulk_create(
        Balansmeting(
            netwerk=netwerk,
            datum=vandaag - timedelta(days=dagen - 1 - i),
            informeel=3 + i // 30,
            professioneel=1 + (i // 45) % 4,
        )
        for i in range(dagen)
    )


def test_a_year_of_daily_rows_is_read_in_one_query(netwerk, django_assert_num_queries):
    jaar_aan_metingen(netwerk)
    vandaag = timezone.localdate()
    with django_assert_num_queries(1):
        rijen = metingen(netwerk.pk, vandaag)
    # Every day of the last two months, one per older week, and the very first.
    assert 62 + 40 <= len(rijen) <= 63 + 54
    assert min(r.datum for r in rijen) == vandaag - timedelta(days=364)
    assert max(r.datum for r in rijen) == vandaag


# --- The page -------------------------------------------------------------------------


@pytest.fixture
def gezin(netwerk):
    """The '1 gezin, 24 professionals' situation, with a history."""
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")
    Persoon.objects.create(netwerk=netwerk, naam="Oud-buurman", soort="buurt", tijd="verleden")
    for i in range(3):
        Persoon.objects.create(netwerk=netwerk, naam=f"Hulpverlener {i}", soort="professional")
    Balansmeting.objects.create(
        netwerk=netwerk,
        datum=timezone.localdate() - timedelta(days=120),
        informeel=5,
        professioneel=1,
    )
    return netwerk


def test_it_shows_the_balance_now_in_plain_numbers(client, gezin, netwerklid):
    client.force_login(netwerklid)
    response = client.get(reverse("netwerkkompas:balans", args=[gezin.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # Oma Truus and Sevda (the netwerklid); the hoofdpersoon and the past are not counted.
    assert "<strong>2</strong> mensen uit het netwerk" in html
    assert "<strong>3</strong> professionals" in html
    assert "40 procent van hen komt uit het eigen netwerk." in html
    assert "Er zijn nu meer professionals (3) dan mensen uit het eigen netwerk (2)." in html
    assert "zijn er minder mensen uit het eigen netwerk (eerst 5, nu 2)" in html
    assert 'class="tekening balans-grafiek"' in html and "<title" in html and "<desc" in html
    assert "style=" not in html and "<style" not in html and "<script>" not in html
    assert "De cijfers in een tabel" in html
    # Coordinates are written with a decimal point, also when the page is in Dutch.
    paden = re.findall(r'<path d="(M[^"]*)" fill="none"', html)
    assert len(paden) == 2 and all(re.fullmatch(r"[MHV0-9. ]+", pad) for pad in paden)


def test_the_page_has_a_table_with_the_same_figures(client, gezin, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.get(reverse("netwerkkompas:balans", args=[gezin.pk]))
    grafiek = response.context["grafiek"]
    html = response.content.decode()
    for meting in grafiek.metingen:
        assert f'<td class="text-end">{meting.informeel}</td>' in html
    assert grafiek.metingen[0].informeel == 5
    assert grafiek.metingen[-1] == Meting(timezone.localdate(), 1, 3)


def test_momentopnamen_are_marked_on_the_chart(client, gezin, hoofdpersoon):
    Momentopname.maak(gezin, naam="Na het eerste gesprek")
    client.force_login(hoofdpersoon)
    response = client.get(reverse("netwerkkompas:balans", args=[gezin.pk]))
    html = response.content.decode()
    assert "Momentopname: " in html and "Na het eerste gesprek" in html
    assert len(response.context["grafiek"].markeringen) == 1


def test_an_empty_network_says_nothing_was_measured(client, netwerk, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("netwerkkompas:balans", args=[netwerk.pk]))
    assert response.status_code == 200
    assert "Er is nog niets te tellen." in response.content.decode()
    assert response.context["signalen"] == []


def test_outsiders_get_404_and_the_coordinator_403(client, netwerk, outsider, coordinator):
    url = reverse("netwerkkompas:balans", args=[netwerk.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 403


def test_balans_query_count_does_not_grow(client, netwerk, facilitator):
    # BASE + the count of now (one aggregate) + the measurements (one query, thinned out
    # per week) + the momentopnamen for the marks (without their frozen lists)
    client.force_login(facilitator)
    url = reverse("netwerkkompas:balans", args=[netwerk.pk])
    grow(netwerk, 5, facilitator)
    Momentopname.maak(netwerk, naam="Begin")
    small = count(client, url)
    grow(netwerk, 150, facilitator)
    jaar_aan_metingen(netwerk)
    for i in range(30):
        Momentopname.maak(netwerk, naam=f"Moment {i}", datum=timezone.localdate() - timedelta(i))
    large = count(client, url)
    assert (small, large) == (BASE + 3, BASE + 3)

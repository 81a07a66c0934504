"""Netwerkbalans, momentopnamen and the comparison, looked at on a phone and a laptop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from netwerkkompas.models import Balansmeting, Momentopname
from sonestra.core.models import Persoon
from tests.browser.conftest import login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def geschiedenis(netwerk, facilitator):
    """Half a year of a network that grew, with professionals coming in, and two moments."""
    vandaag = timezone.localdate()
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie", ring=3)
    henk = Persoon.objects.create(netwerk=netwerk, naam="Buurman Henk", soort="buurt")
    for naam in ("Wijkteam", "Jeugdzorg", "Huisarts"):
        Persoon.objects.create(netwerk=netwerk, naam=naam, soort="professional")
    Momentopname.maak(netwerk, naam="Begin", datum=vandaag - timedelta(days=120))
    oma.ring = 1
    oma.save()
    henk.delete()
    for naam in ("Juf Aysel", "Coach Fatima", "Neef Daan", "Tante Ria"):
        Persoon.objects.create(netwerk=netwerk, naam=naam, soort="vrienden")
    Momentopname.maak(netwerk, naam="Na het beraad", datum=vandaag - timedelta(days=20))
    Balansmeting.objects.bulk_create(
        Balansmeting(
            netwerk=netwerk,
            datum=vandaag - timedelta(days=180 - i),
            informeel=2 + i // 30,
            professioneel=5 - i // 60,
        )
        for i in range(0, 175, 3)
    )
    return netwerk


@pytest.mark.parametrize("scherm", ["phone", "laptop"])
def test_balans_momentopnamen_and_vergelijken(
    request, live_server, scherm, geschiedenis, facilitator
):
    # live_server named here, before the data: the phone or laptop comes by name below.
    browsing = request.getfixturevalue(scherm)
    page = browsing.page
    breedte = "360" if scherm == "phone" else "1280"
    login_with_password(page, facilitator.username, PASSWORD)

    page.goto(reverse("netwerkkompas:balans", args=[geschiedenis.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkbalans")
    expect(page.locator(".balans-getallen")).to_contain_text("mensen uit het netwerk")
    grafiek = page.locator("svg.balans-grafiek")
    expect(grafiek).to_be_visible()
    box = grafiek.bounding_box()
    assert box and box["width"] <= page.viewport_size["width"]
    assert grafiek.locator(".balans-moment").count() == 2
    page.get_by_text("De cijfers in een tabel").click()
    expect(page.locator(".balans-tabel table")).to_be_visible()
    browsing.check(f"balans-{breedte}")

    page.goto(reverse("netwerkkompas:momentopnamen", args=[geschiedenis.pk]))
    page.get_by_label("Naam (mag leeg)").fill("Na de zomer")
    page.get_by_role("button", name="Bewaar het netwerk van nu").click()
    expect(page.get_by_role("status")).to_contain_text("is bewaard.")
    expect(page.locator(".momenten li")).to_have_count(3)
    browsing.check(f"momentopnamen-{breedte}")

    page.locator(".moment-link", has_text="Begin").click()
    expect(page.get_by_role("heading", name="Ring 1: heel dichtbij")).to_be_visible()
    expect(page.locator(".moment-ring").first).to_contain_text("Niemand in deze ring.")
    browsing.check(f"momentopname-{breedte}")

    page.get_by_role("link", name="Alle momentopnamen").first.click()
    page.get_by_role("link", name="Twee momenten vergelijken").first.click()
    expect(page.locator(".vergelijking-zinnen")).to_be_visible()
    page.get_by_label("Eerste moment").select_option(
        label=page.locator("#id_van option", has_text="Begin").inner_text()
    )
    page.get_by_label("Tweede moment").select_option("nu")
    page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator(".vergelijking-zinnen")).to_contain_text(
        "Het netwerk van Marieke is groter geworden: 4 mensen erbij."
    )
    expect(page.get_by_text("Oma Truus: dichterbij, van ring 3 naar ring 1")).to_be_visible()
    browsing.check(f"vergelijken-{breedte}")

    page.goto(
        reverse("netwerkkompas:momentopnamen_vergelijken", args=[geschiedenis.pk])
        + "?van=onzin&tot=nu"
    )
    expect(page.locator("#van-fout")).to_contain_text("Kies een moment uit de lijst.")
    browsing.assert_no_errors()

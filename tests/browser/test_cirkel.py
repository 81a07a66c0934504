"""The netwerkcirkel on a phone and a laptop: tap someone, pick a ring, see them move."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from netwerkkompas.views.cirkel import cirkel_context
from sonestra.core.access import find_toegang
from sonestra.core.models import Persoon
from tests.browser.conftest import login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

MENSEN = [
    # naam, soort, tijd, kwaliteit, ring
    ("Oma Truus", "familie", "heden", "positief", None),
    ("Opa Kees", "familie", "verleden", "", None),
    ("Tante Ria", "familie", "heden", "moeizaam", 3),
    ("Neef Daan", "familie", "heden", "", 1),
    ("Zus Lotte", "familie", "heden", "positief", 1),
    ("Vader Johan", "familie", "heden", "moeizaam", 2),
    ("Vriendin Sevda", "vrienden", "heden", "positief", 1),
    ("Vriend Mo", "vrienden", "mogelijk", "", None),
    ("Oud-klasgenoot Bram", "vrienden", "verleden", "", None),
    ("Buurman Henk", "buurt", "heden", "", None),
    ("Buurvrouw Annie", "buurt", "heden", "positief", 2),
    ("Ex-buurman Piet", "buurt", "verleden", "moeizaam", None),
    ("Juf Aysel", "school_werk", "heden", "", None),
    ("Trainer Kim", "school_werk", "mogelijk", "", None),
    ("Collega Wim", "school_werk", "heden", "", None),
    ("Maatje Joost", "vrijwilliger", "heden", "positief", 2),
    ("Taalcoach Ineke", "vrijwilliger", "verleden", "", None),
    ("Wijkcoach Fatima", "professional", "heden", "", None),
    ("Huisarts De Vries", "professional", "heden", "", None),
    ("Jeugdconsulent Ahmed", "professional", "heden", "moeizaam", None),
    ("Iemand van de kerk", "", "mogelijk", "", None),
]


def _foto(kleur: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), kleur).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def vol_netwerk(netwerk, facilitator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for naam, soort, tijd, kwaliteit, ring in MENSEN:
        Persoon.objects.create(
            netwerk=netwerk, naam=naam, soort=soort, tijd=tijd, kwaliteit=kwaliteit, ring=ring
        )
    hoofd = netwerk.personen.get(is_hoofdpersoon=True)
    hoofd.foto = _foto("#c8875e")
    hoofd.save()
    for naam, kleur in (("Oma Truus", "#9bb7d4"), ("Opa Kees", "#b5651d")):
        persoon = netwerk.personen.get(naam=naam)
        persoon.foto = _foto(kleur)
        persoon.save()
    return netwerk


def test_facilitator_taps_someone_and_moves_them_to_ring_1(phone, vol_netwerk, facilitator):
    # The test's own database work happens while the browser is idle: the live server
    # shares one SQLite connection between its threads and this one.
    buurman = vol_netwerk.personen.get(naam="Buurman Henk")
    page = phone.page
    login_with_password(page, facilitator.username, PASSWORD)
    page.goto(reverse("netwerkkompas:cirkel", args=[vol_netwerk.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkcirkel")
    ring1 = page.locator("#ring-1")
    expect(ring1.locator("strong", has_text="Buurman Henk")).to_have_count(0)
    expect(page.locator("#ring-3").locator("strong", has_text="Buurman Henk")).to_have_count(1)
    phone.check("cirkel-360")
    page.evaluate("window.__marker = 1")

    page.locator(f"#cirkel-p{buurman.pk}").tap()

    paneel = page.locator("#ring-kiezer")
    expect(paneel.get_by_role("heading", name="Waar staat Buurman Henk?")).to_be_visible()
    huidige = paneel.locator(".ring-knop.is-nu")
    expect(huidige).to_contain_text("Ring 3: verder weg")
    expect(huidige).to_contain_text("Hier staat Buurman Henk nu.")
    phone.check("cirkel-kiezer-360")

    paneel.get_by_role("button", name="Ring 1: heel dichtbij").tap()

    expect(page.get_by_role("status")).to_contain_text("Buurman Henk staat nu in ring 1")
    expect(ring1.locator("strong", has_text="Buurman Henk")).to_have_count(1)
    expect(page.locator("#ring-3").locator("strong", has_text="Buurman Henk")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"
    cirkel = page.locator(f"#cirkel-p{buurman.pk} circle").first
    getekend = (float(cirkel.get_attribute("cx")), float(cirkel.get_attribute("cy")))
    phone.check("cirkel-verplaatst-360")
    phone.assert_no_errors()

    buurman.refresh_from_db()
    assert buurman.ring == 1
    # The node moved in the drawing too: it stands where the layout puts it in ring 1.
    knoop = cirkel_context(find_toegang(facilitator, vol_netwerk.pk))["tekening"].knoop(buurman.pk)
    assert knoop.ring == 1
    assert getekend == (knoop.x, knoop.y)


def test_without_javascript_the_ring_page_works_on_its_own(phone, vol_netwerk, facilitator):
    oma = vol_netwerk.personen.get(naam="Oma Truus")
    page = phone.page
    login_with_password(page, facilitator.username, PASSWORD)
    page.goto(reverse("netwerkkompas:cirkel_ring", args=[vol_netwerk.pk, oma.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Waar staat Oma Truus?")
    knoppen = page.locator(".ring-knop")
    expect(knoppen).to_have_count(4)
    for i in range(4):
        assert knoppen.nth(i).bounding_box()["height"] >= 44
    phone.check("cirkel-ring-360")

    page.get_by_role("button", name="Ring 1: heel dichtbij").tap()

    expect(page).to_have_url(reverse("netwerkkompas:cirkel", args=[vol_netwerk.pk]))
    expect(page.locator(".messages")).to_contain_text("Oma Truus staat nu in ring 1")
    expect(page.locator("#ring-1").locator("strong", has_text="Oma Truus")).to_have_count(1)
    phone.assert_no_errors()


def test_the_cirkel_on_a_laptop(laptop, vol_netwerk, facilitator):
    oma = vol_netwerk.personen.get(naam="Oma Truus")
    page = laptop.page
    login_with_password(page, facilitator.username, PASSWORD)
    page.goto(reverse("netwerkkompas:cirkel", args=[vol_netwerk.pk]))
    tekening = page.locator("svg.cirkel-svg")
    expect(tekening).to_be_visible()
    # The drawing and the panel side by side.
    svg_box = tekening.bounding_box()
    paneel_box = page.locator("#ring-kiezer").bounding_box()
    assert paneel_box["x"] >= svg_box["x"] + svg_box["width"] - 1
    assert svg_box["width"] >= 700
    # Every photo loaded (the clipped <image> has its own size once loaded).
    expect(tekening.locator("image")).to_have_count(3)
    laptop.check("cirkel-1280")
    page.locator(f"#cirkel-p{oma.pk}").click()
    expect(page.locator("#ring-kiezer").get_by_role("heading")).to_have_text(
        "Waar staat Oma Truus?"
    )
    laptop.check("cirkel-kiezer-1280")
    laptop.assert_no_errors()

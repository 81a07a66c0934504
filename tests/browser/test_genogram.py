"""The genogram of a four-generation family, on a phone and on a laptop."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from netwerkkompas.models import Relatie
from sonestra.core.models import Persoon
from tests.browser.conftest import login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def vier_generaties(netwerk):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    Persoon.objects.filter(pk=marieke.pk).update(geslacht="v", geboortejaar=1985)

    def p(naam, geslacht, jaar, **extra):
        return Persoon.objects.create(
            netwerk=netwerk, naam=naam, geslacht=geslacht, geboortejaar=jaar, **extra
        )

    truus = p("Oma Truus", "v", 1930, overleden=True, overlijdensjaar=2015)
    kees = p("Opa Kees", "m", 1928)
    ria = p("Ria Bakker", "v", 1958)
    henk = p("Henk de Vries", "m", 1955)
    piet = p("Oom Piet", "m", 1960)
    joost = p("Joost", "m", 1988)
    sanne = p("Sanne", "v", 1990)
    lotte = p("Lotte", "v", 2015)
    daan = p("Daan", "x", 2018)
    p("Nicht Samira Ouali-Bakker", "v", 1992, soort=Persoon.Soort.FAMILIE)
    for van, naar, soort, band in [
        (kees, truus, "partner", ""),
        (truus, ria, "ouder", ""),
        (kees, ria, "ouder", ""),
        (truus, piet, "ouder", ""),
        (kees, piet, "ouder", "verbroken"),
        (ria, henk, "ex_partner", "conflict"),
        (ria, marieke, "ouder", "hecht"),
        (henk, marieke, "ouder", ""),
        (ria, joost, "ouder", ""),
        (henk, joost, "ouder", ""),
        (joost, sanne, "partner", ""),
        (joost, lotte, "ouder", ""),
        (sanne, lotte, "ouder", ""),
        (joost, daan, "ouder", ""),
        (sanne, daan, "ouder", ""),
    ]:
        Relatie.objects.create(netwerk=netwerk, van=van, naar=naar, soort=soort, band=band)
    return netwerk


def test_genogram_on_a_phone(phone, vier_generaties, facilitator):
    netwerk = vier_generaties
    page = phone.page
    login_with_password(page, "sanne", PASSWORD)
    page.goto(reverse("netwerkkompas:genogram", args=[netwerk.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Genogram")
    figuur = page.locator("figure.genogram-figuur")
    expect(figuur.locator("svg g.persoon")).to_have_count(11)
    # The drawing keeps its size and scrolls inside its figure; the page does not.
    breedte = figuur.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert breedte[0] > breedte[1]
    woorden = page.locator(".genogram-woorden li", has_text=re.compile("^Ria Bakker —"))
    expect(woorden).to_contain_text("moeder van Marieke Bakker en Joost")
    expect(woorden).to_contain_text("ex-partner van Henk de Vries")
    phone.check("genogram-360")

    page.get_by_role("button", name="Laat de band zien").click()
    expect(page).to_have_url(re.compile(r"\?band=1$"))
    expect(figuur.locator("path.band-conflict")).to_have_count(1)
    expect(figuur.locator("path.band-hecht")).to_have_count(2)
    expect(page.get_by_text("conflict met Henk de Vries").first).to_be_visible()
    phone.check("genogram-band-360")

    page.get_by_role("link", name="Relatie toevoegen").click()
    page.get_by_label("Persoon A").select_option(label="Nicht Samira Ouali-Bakker")
    page.locator("#id_soort").select_option(label="is ouder van")
    page.get_by_label("Persoon B").select_option(label="Joost")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Joost heeft al twee ouders in het genogram.")).to_be_visible()
    phone.check("genogram-relatie-fout-360")

    page.locator("#id_soort").select_option(label="is partner van")
    page.get_by_label("Persoon B").select_option(label="Oom Piet")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("staat in het genogram")).to_be_visible()
    expect(figuur.locator("svg g.persoon")).to_have_count(11)
    expect(figuur.locator("path.lijn-partner")).to_have_count(3)

    verwijder = page.get_by_role("button", name=re.compile("Verwijderen.*Nicht Samira"))
    verwijder.click()
    expect(page.get_by_text("is uit het genogram gehaald")).to_be_visible()
    expect(figuur.locator("path.lijn-partner")).to_have_count(2)
    phone.assert_no_errors()


def test_genogram_on_a_laptop(laptop, vier_generaties, facilitator):
    page = laptop.page
    login_with_password(page, "sanne", PASSWORD)
    page.goto(reverse("netwerkkompas:genogram", args=[vier_generaties.pk]) + "?band=1")
    figuur = page.locator("figure.genogram-figuur")
    expect(figuur.locator("svg g.persoon")).to_have_count(11)
    # On a laptop this family fits without scrolling.
    breedte = figuur.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert breedte[0] <= breedte[1]
    laptop.check("genogram-1280")
    laptop.assert_no_errors()

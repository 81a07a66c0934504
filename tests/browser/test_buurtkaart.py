"""The buurtkaart on a phone and a laptop: the drawing fits, the list reads, a place is added."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from netwerkkompas.models import Plek
from sonestra.core.actions import do_invite
from sonestra.core.models import Persoon
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation, login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PLEKKEN = [
    ("Albert Heijn", "winkel", 4, ["Oma Truus"]),
    ("Buurthuis De Ster", "wijkcentrum", 9, ["Buurman Henk", "Juf Aysel"]),
    ("Voetbalclub SVW", "club", 14, ["Neef Daan", "Coach Fatima", "Oma Truus", "Buurman Henk"]),
    ("Moskee Mevlana", "gebedshuis", 7, ["Oma Truus"]),
    ("Kinderboerderij De Pijp", "kinderboerderij", 3, []),
    ("Basisschool De Regenboog", "school", 6, ["Juf Aysel"]),
    ("Dagbesteding Het Atelier", "werk", 25, ["Coach Fatima"]),
    ("Huisarts Van Dijk", "zorg", 11, []),
    ("Bibliotheek", "wijkcentrum", 12, []),
    ("Markt op zaterdag", "winkel", 8, ["Oma Truus", "Neef Daan"]),
    ("Zwembad", "anders", 18, ["Neef Daan"]),
    ("Kerk De Rank", "gebedshuis", 2, ["Buurman Henk"]),
]


def make_places(netwerk) -> None:
    mensen = {
        naam: Persoon.objects.create(netwerk=netwerk, naam=naam)
        for naam in {n for *_, namen in PLEKKEN for n in namen}
    }
    for naam, soort, minuten, namen in PLEKKEN:
        plek = Plek.objects.create(netwerk=netwerk, naam=naam, soort=soort, loopminuten=minuten)
        plek.personen.set([mensen[n] for n in namen])


def test_phone_shows_the_map_and_adds_a_place(phone, netwerk, facilitator):
    make_places(netwerk)
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, naam="Els")
    page = phone.page
    accept_invitation(page, token, "Els", tap=True)
    page.goto(reverse("netwerkkompas:buurtkaart", args=[netwerk.pk]))

    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtkaart")
    tekening = page.locator("svg.tekening")
    expect(tekening).to_be_visible()
    expect(tekening.locator("g.plek")).to_have_count(len(PLEKKEN))
    # The drawing keeps a readable size; only its own box scrolls sideways, opened at home.
    box = tekening.bounding_box()
    assert box["width"] >= 600
    schuif = page.locator(".buurtkaart-schuif")
    assert schuif.evaluate("el => el.scrollLeft") > 0
    picto = tekening.locator("g.plek use").first.bounding_box()
    assert picto["width"] >= 24
    # The list says the same, nearest first.
    lijst = page.locator(".plekken-lijst .plek-naam")
    expect(lijst).to_have_count(len(PLEKKEN))
    expect(lijst.first).to_have_text("Kerk De Rank")
    expect(lijst.last).to_have_text("Dagbesteding Het Atelier")
    phone.check("buurtkaart-360")

    page.get_by_role("link", name="Plek toevoegen").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plek toevoegen")
    phone.check("buurtkaart-plek-nieuw-360")
    # Saving an empty form explains in Dutch what is missing.
    page.get_by_role("button", name="Plek toevoegen").tap()
    expect(page.get_by_text("Vul de naam van de plek in.")).to_be_visible()
    expect(page.get_by_text("Kies wat voor plek het is.")).to_be_visible()
    phone.check("buurtkaart-plek-fouten-360")

    page.get_by_label("Naam van de plek").fill("Speeltuin Het Eiland")
    page.get_by_text("Kinderboerderij of park").tap()
    page.get_by_label("Hoeveel minuten lopen is het van huis?").fill("5")
    page.get_by_label("Oma Truus").check()
    page.get_by_role("button", name="Plek toevoegen").tap()

    expect(page.get_by_text("Speeltuin Het Eiland staat nu op de buurtkaart.")).to_be_visible()
    expect(tekening.locator("g.plek")).to_have_count(len(PLEKKEN) + 1)
    nieuw = Plek.objects.get(netwerk=netwerk, naam="Speeltuin Het Eiland")
    assert (nieuw.soort, nieuw.loopminuten) == ("kinderboerderij", 5)
    assert [p.naam for p in nieuw.personen.all()] == ["Oma Truus"]

    page.get_by_role("link", name="Wijzig Speeltuin Het Eiland").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speeltuin Het Eiland wijzigen")
    phone.check("buurtkaart-plek-wijzigen-360")
    phone.assert_no_errors()


def test_laptop_shows_the_whole_map(laptop, netwerk, facilitator):
    make_places(netwerk)
    page = laptop.page
    login_with_password(page, facilitator.username, PASSWORD)
    page.goto(reverse("netwerkkompas:buurtkaart", args=[netwerk.pk]))
    tekening = page.locator("svg.tekening")
    expect(tekening.locator("g.plek")).to_have_count(len(PLEKKEN))
    box = tekening.bounding_box()
    assert box["width"] >= 800
    laptop.check("buurtkaart-1280")
    laptop.assert_no_errors()


def test_an_empty_map_on_a_phone(phone, netwerk, facilitator):
    _, token = do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Sevda")
    page = phone.page
    accept_invitation(page, token, "Sevda", tap=True)
    page.goto(reverse("netwerkkompas:buurtkaart", args=[netwerk.pk]))
    expect(page.get_by_text("Er staan nog geen plekken op de kaart.")).to_be_visible()
    expect(page.get_by_role("link", name="Plek toevoegen")).to_have_count(0)
    phone.check("buurtkaart-leeg-360")
    phone.assert_no_errors()

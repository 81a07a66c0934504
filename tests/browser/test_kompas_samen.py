"""One set of people, many views: names typed into the groslijst on a phone appear in
the netwerkcirkel and the genogram."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sonestra.core.actions import do_invite
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation

pytestmark = pytest.mark.browser

NAMEN = ["Ria Bakker", "Buurman Mo", "Juf Aysel", "Neef Daan", "Coach Fatima"]


def test_five_names_by_keyboard_one_to_ring_1_and_into_the_genogram(
    phone, live_server, netwerk, facilitator
):
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, naam="Els")
    page = phone.page
    accept_invitation(page, token, "Els", tap=True)
    page.goto(reverse("netwerkkompas:personen", args=[netwerk.pk]))

    # 1. Five names with the keyboard only: type, Enter, the field is ready for the next.
    veld = page.get_by_label("Iemand toevoegen")
    veld.focus()
    for naam in NAMEN:
        page.keyboard.type(naam)
        page.keyboard.press("Enter")
        expect(page.locator("#personen li.groslijst-rij", has_text=naam)).to_have_count(1)
        expect(veld).to_have_value("")
    # Fill in the first one inline: Ria is family.
    page.get_by_role("link", name="Ria Bakker aanvullen").focus()
    page.keyboard.press("Enter")
    rij = page.locator("li.groslijst-rij.bewerken")
    expect(rij).to_be_visible()
    rij.get_by_label("Soort relatie").focus()
    rij.get_by_label("Soort relatie").select_option("familie")
    rij.get_by_role("button", name="Opslaan").focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.groslijst-rij", has_text="Ria Bakker")).to_contain_text("Familie")
    phone.check("samen-groslijst-360")

    # 2. In the netwerkcirkel, tap Ria and move her to ring 1.
    page.get_by_text("andere kiezen").click()
    page.locator(".kompas-nav-smal").get_by_role("link", name="Netwerkcirkel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkcirkel")
    expect(page.locator("#ring-2").locator("strong", has_text="Ria Bakker")).to_have_count(1)
    page.locator("#ring-2").get_by_role("link", name="Verplaatsen Ria Bakker").tap()
    page.locator("#ring-kiezer").get_by_role("button", name="Ring 1: heel dichtbij").tap()
    expect(page.locator("#ring-1").locator("strong", has_text="Ria Bakker")).to_have_count(1)
    phone.check("samen-cirkel-360")

    # 3. Ria is family, so the genogram draws her; as Marieke's mother, above her.
    page.get_by_text("andere kiezen").click()
    page.locator(".kompas-nav-smal").get_by_role("link", name="Genogram").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genogram")
    figuur = page.locator("svg.tekening")
    expect(figuur.locator("g.persoon", has_text="RB")).to_have_count(1)
    page.get_by_role("link", name="Relatie toevoegen").click()
    page.get_by_label("Persoon A").select_option(label="Ria Bakker")
    page.locator("#id_soort").select_option(label="is ouder van")
    page.get_by_label("Persoon B").select_option(label="Marieke Bakker")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("staat in het genogram")).to_be_visible()

    ria = figuur.locator("g.persoon", has_text="RB").bounding_box()
    marieke = figuur.locator("g.persoon", has_text="MB").bounding_box()
    assert ria["y"] + ria["height"] <= marieke["y"], "de moeder staat boven haar kind"
    expect(page.get_by_text("Ria Bakker — ", exact=False).first).to_contain_text("Marieke Bakker")
    phone.check("samen-genogram-360")
    phone.assert_no_errors()

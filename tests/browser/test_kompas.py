"""The Netwerkkompas list fills up from a phone keyboard, without page reloads."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sonestra.core.actions import do_invite
from sonestra.core.models import Persoon
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation

pytestmark = pytest.mark.browser

NAMEN = ["Oma Truus", "Buurman Henk", "Juf Aysel", "Neef Daan", "Coach Fatima"]


def test_supporter_adds_five_people_with_the_keyboard(phone, netwerk, facilitator):
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, naam="Els")
    page = phone.page
    accept_invitation(page, token, "Els", tap=True)
    page.goto(reverse("netwerkkompas:personen", args=[netwerk.pk]))
    voor = Persoon.objects.filter(netwerk=netwerk).count()

    lijst = page.locator("#personen ul.groslijst")
    veld = page.get_by_label("Iemand toevoegen")
    expect(lijst.locator("li")).to_have_count(voor)
    page.evaluate("window.__marker = 1")
    veld.focus()  # one tap into the field; from here on only the keyboard

    for i, naam in enumerate(NAMEN, start=1):
        page.keyboard.type(naam)
        page.keyboard.press("Enter")
        expect(lijst.locator("li", has_text=naam)).to_have_count(1)
        expect(lijst.locator("li")).to_have_count(voor + i)
        melding = page.get_by_role("status").filter(has_text=f"{naam} is toegevoegd.")
        expect(melding).to_be_attached()
        # After the htmx swap the cursor is back in an empty field, ready for the next name.
        expect(veld).to_be_focused()
        expect(veld).to_have_value("")

    for naam in NAMEN:
        expect(lijst.get_by_text(naam, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=f"{voor + len(NAMEN)} personen")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"
    assert set(NAMEN) <= set(Persoon.objects.filter(netwerk=netwerk).values_list("naam", flat=True))
    phone.check("kompas-vijf-toegevoegd-360")
    phone.assert_no_errors()


def test_an_empty_name_says_what_is_wrong_and_keeps_the_cursor(phone, netwerk, facilitator):
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, naam="Els")
    page = phone.page
    accept_invitation(page, token, "Els", tap=True)
    page.goto(reverse("netwerkkompas:personen", args=[netwerk.pk]))
    veld = page.get_by_label("Iemand toevoegen")
    veld.focus()

    page.keyboard.press("Enter")

    expect(page.locator("#naam-fout")).to_have_text("Vul een naam in.")
    expect(veld).to_have_attribute("aria-invalid", "true")
    expect(veld).to_be_focused()
    phone.check("kompas-lege-naam-360")

    page.keyboard.type("Oma Truus")
    page.keyboard.press("Enter")
    expect(page.locator("#personen").get_by_text("Oma Truus", exact=True)).to_be_visible()
    expect(page.locator("#naam-fout")).to_have_text("")
    expect(veld).not_to_have_attribute("aria-invalid", "true")
    phone.assert_no_errors()


def test_a_row_is_filled_in_inline_on_a_phone(phone, netwerk, facilitator):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, naam="Els")
    page = phone.page
    accept_invitation(page, token, "Els", tap=True)
    page.goto(reverse("netwerkkompas:personen", args=[netwerk.pk]))
    page.evaluate("window.__marker = 1")

    page.get_by_role("link", name="Oma Truus aanvullen").click()
    rij = page.locator("li.groslijst-rij.bewerken")
    expect(rij).to_be_visible()
    rij.get_by_label("Soort relatie").select_option("familie")
    rij.get_by_text("Positief", exact=True).click()
    rij.get_by_label("Hoe vaak contact").select_option("wekelijks")
    rij.get_by_label("Notities").fill("Bakt elke zondag taart 🎂")
    phone.check("groslijst-aanvullen-360")
    rij.get_by_role("button", name="Opslaan").click()

    opgeslagen = page.locator("li.groslijst-rij", has_text="Oma Truus")
    expect(opgeslagen).to_contain_text("Familie")
    expect(opgeslagen).to_contain_text("Elke week")
    expect(page.locator("li.groslijst-rij.bewerken")).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"
    oma = Persoon.objects.get(netwerk=netwerk, naam="Oma Truus")
    assert (oma.soort, oma.kwaliteit, oma.contact) == ("familie", "positief", "wekelijks")
    assert oma.notities == "Bakt elke zondag taart 🎂"

    # Filter: only the family, without a reload.
    page.get_by_text("Zoeken, filteren en sorteren").click()
    page.get_by_label("Soort", exact=True).select_option("familie")
    expect(page.locator("#personen h2")).to_contain_text("1 van")
    expect(page.locator("li.groslijst-rij", has_text="Oma Truus")).to_be_visible()
    phone.check("groslijst-gefilterd-360")
    phone.assert_no_errors()

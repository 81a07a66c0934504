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

    lijst = page.locator("#personen ul.personen")
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

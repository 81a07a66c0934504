"""Every main page for a facilitator, at laptop width and at 360 px."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _mijn_netwerken(page: Page, netwerk) -> str:
    page.goto(reverse("core:mijn_netwerken"))
    expect(page.get_by_role("link", name=netwerk.titel)).to_be_visible()
    return "Mijn netwerken"


def _netwerk(page: Page, netwerk) -> str:
    page.goto(reverse("core:mijn_netwerken"))
    page.get_by_role("link", name=netwerk.titel).click()
    expect(page.get_by_role("link", name="Iemand uitnodigen")).to_be_visible()
    return netwerk.titel


def _kompas(page: Page, netwerk) -> str:
    page.goto(reverse("netwerkkompas:personen", args=[netwerk.pk]))
    expect(page.get_by_label("Iemand toevoegen")).to_be_visible()
    expect(page.get_by_text("Marieke Bakker")).to_be_visible()
    return "Groslijst"


def _beraad(page: Page, netwerk) -> str:
    page.goto(reverse("beraad:overzicht", args=[netwerk.pk]))
    expect(page.get_by_role("heading", name="Zo gaat een beraad")).to_be_visible()
    return "FamilieNetwerkBeraad"


def _actieteam(page: Page, netwerk) -> str:
    page.goto(reverse("actieteam:team", args=[netwerk.pk]))
    expect(page.get_by_role("heading", name="Professionals")).to_be_visible()
    return "Actieteam"


def _uitnodigen(page: Page, netwerk) -> str:
    page.goto(reverse("core:uitnodigen", args=[netwerk.pk]))
    page.get_by_label("Naam (als de persoon nog niet in de lijst staat)").fill("Oom Kees")
    page.get_by_label("Rol").select_option(label="Netwerklid")
    page.get_by_role("button", name="Link maken").click()
    kaart = page.locator("section.link-kaart")
    expect(kaart.get_by_role("heading")).to_have_text("De persoonlijke link voor Oom Kees")
    expect(kaart.get_by_label("Link")).to_have_value(
        re.compile(r"^https?://[^ ]+/u/[A-Za-z0-9_-]{20,}/$")
    )
    expect(kaart.locator("figure.qr svg")).to_be_visible()
    expect(kaart.locator("figure.qr svg path")).not_to_have_count(0)
    return "Iemand uitnodigen"


def _account(page: Page, netwerk) -> str:
    page.goto(reverse("core:account"))
    expect(page.get_by_label("Voornaam")).to_have_value("Sanne")
    return "Mijn account"


PAGES = {
    "mijn-netwerken": _mijn_netwerken,
    "netwerk": _netwerk,
    "kompas": _kompas,
    "beraad": _beraad,
    "actieteam": _actieteam,
    "uitnodigen": _uitnodigen,
    "account": _account,
}


@pytest.mark.parametrize("name", PAGES)
def test_facilitator_page_at_1280_and_360(laptop, netwerk, facilitator, name):
    page = laptop.page
    login_with_password(page, facilitator.username, PASSWORD)

    heading = PAGES[name](page, netwerk)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    laptop.check(f"{name}-1280")
    # The same page (no reload: the invitation page is a POST result) narrowed to a phone.
    page.set_viewport_size(NARROW)
    laptop.check(f"{name}-360")
    laptop.assert_no_errors()


def test_login_page_on_a_phone(phone):
    page = phone.page
    page.goto(reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Inloggen", exact=True)).to_be_visible()
    phone.check("inloggen-360")
    phone.assert_no_errors()


def test_coordinator_sees_status_only_on_a_phone(phone, netwerk, coordinator, supporter):
    page = phone.page
    login_with_password(page, coordinator.username, PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Alle netwerken van"))).to_be_visible()
    phone.check("coordinator-mijn-netwerken-360")

    page.get_by_role("link", name=netwerk.titel).click()
    expect(page.get_by_text("Mensen die meedoen")).to_be_visible()
    # Status only: no way into the kompas, beraad or actieteam.
    expect(page.get_by_role("link", name="Netwerkkompas")).to_have_count(0)
    phone.check("coordinator-netwerk-360")
    phone.assert_no_errors()


def test_two_people_editing_one_person_on_phones(phone, netwerk, facilitator):
    """The second save does not overwrite the first: a clear message, nothing lost."""
    persoon = netwerk.personen.get(is_hoofdpersoon=True)
    page = phone.page
    login_with_password(page, facilitator.username, PASSWORD)
    page.goto(reverse("netwerkkompas:persoon", args=[netwerk.pk, persoon.pk]))
    # Meanwhile someone else saves a note.
    persoon.notities = "Gaat graag zwemmen op zaterdag."
    persoon.save_if_version(persoon.versie, ["notities"])

    page.get_by_label("Notities").fill("Werkt in de kringloopwinkel.")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Iemand anders heeft dit intussen ook gewijzigd")).to_be_visible()
    expect(page.get_by_text("Gaat graag zwemmen op zaterdag.")).to_be_visible()
    expect(page.get_by_label("Notities")).to_have_value("Werkt in de kringloopwinkel.")
    phone.check("persoon-conflict-360")
    phone.assert_no_errors()

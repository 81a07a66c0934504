"""Talentenkaart, ondersteuningskaart and rondje positief: from a phone, and on a laptop."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from netwerkkompas.models import Compliment, Ondersteuning, Talent
from sonestra.core.actions import do_invite
from sonestra.core.models import Persoon
from sonestra.core.roles import Rol
from tests.browser.conftest import NARROW, accept_invitation, login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PAGINAS = ["talenten", "ondersteuning", "rondje_positief"]


def _vul(netwerk) -> dict[str, Persoon]:
    """A Netwerk as it looks after a first evening together."""
    hoofd = netwerk.personen.get(is_hoofdpersoon=True)
    mensen = {
        naam: Persoon.objects.create(netwerk=netwerk, naam=naam, soort=soort)
        for naam, soort in [
            ("Opa Jan", "familie"),
            ("Els van Dijk", "vrienden"),
            ("Buurman Henk", "buurt"),
            ("Peter Mulder", "professional"),
        ]
    }
    for persoon, soort, tekst in [
        (hoofd, "goed_in", "Tekenen"),
        (hoofd, "goed_in", "Goed luisteren naar anderen"),
        (hoofd, "doet_graag", "Zwemmen"),
        (mensen["Opa Jan"], "goed_in", "Klussen in huis"),
        (mensen["Els van Dijk"], "doet_graag", "Koken voor een groep"),
    ]:
        Talent.objects.create(netwerk=netwerk, persoon=persoon, soort=soort, tekst=tekst)
    for naam, domein, toelichting in [
        ("Els van Dijk", "geld", "helpt met post en geld"),
        ("Els van Dijk", "contacten", ""),
        ("Opa Jan", "wonen", "klust en repareert"),
        ("Buurman Henk", "vrije_tijd", "gaat mee vissen"),
        ("Peter Mulder", "geld", "budgetcoach"),
        ("Peter Mulder", "werk", ""),
    ]:
        Ondersteuning.objects.create(
            netwerk=netwerk, persoon=mensen[naam], domein=domein, toelichting=toelichting
        )
    Compliment.objects.create(
        netwerk=netwerk,
        van=mensen["Opa Jan"],
        tekst="Marieke geeft nooit op. Ook als het moeilijk is, blijft ze het proberen.",
    )
    Compliment.objects.create(netwerk=netwerk, tekst="Ze lacht veel en maakt iedereen blij.")
    return mensen


def test_netwerklid_adds_a_compliment_and_a_talent_from_a_phone(phone, netwerk, facilitator):
    _vul(netwerk)
    _, token = do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Sevda")
    page = phone.page
    accept_invitation(page, token, "Sevda", tap=True)

    # Rondje positief: a few words, one tap, the card is there without a reload.
    page.goto(reverse("netwerkkompas:rondje_positief", args=[netwerk.pk]))
    page.evaluate("window.__marker = 1")
    veld = page.get_by_label("Wat waardeer je aan Marieke?")
    veld.tap()
    page.keyboard.type("Ze helpt altijd haar kleine broertje.")
    page.get_by_role("button", name="Toevoegen").tap()
    kaart = page.locator("#complimenten li", has_text="Ze helpt altijd haar kleine broertje.")
    expect(kaart).to_have_count(1)
    expect(kaart.get_by_text("Sevda", exact=True)).to_be_visible()
    expect(veld).to_have_value("")
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"
    assert Compliment.objects.get(tekst__startswith="Ze helpt").van.naam == "Sevda"
    phone.check("kaarten-positief-netwerklid-360")

    # Talentenkaart: always on her own card; the field is empty and ready for the next one.
    page.goto(reverse("netwerkkompas:talenten", args=[netwerk.pk]))
    page.evaluate("window.__marker = 1")
    expect(page.get_by_label("Van wie?")).to_have_count(0)
    page.get_by_text("Doet graag", exact=True).first.tap()
    veld = page.get_by_label("Wat?")
    veld.tap()
    page.keyboard.type("Dansen")
    page.keyboard.press("Enter")
    kaart = page.locator("#talentenkaart li.talent-kaart", has_text="Sevda")
    expect(kaart.locator(".doet-graag")).to_contain_text("Dansen")
    expect(veld).to_have_value("")
    expect(veld).to_be_focused()
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"
    talent = Talent.objects.get(tekst="Dansen")
    assert (talent.persoon.naam, talent.soort) == ("Sevda", "doet_graag")
    phone.check("kaarten-talenten-netwerklid-360")

    # She may take away her own talent, not someone else's.
    expect(kaart.get_by_role("button", name="Haal ‘Dansen’ weg bij Sevda")).to_be_visible()
    expect(page.get_by_role("button", name="Haal ‘Zwemmen’ weg bij Marieke Bakker")).to_have_count(
        0
    )

    page.goto(reverse("netwerkkompas:ondersteuning", args=[netwerk.pk]))
    geld = page.locator("li.domein-kaart", has_text="Geld")
    expect(geld).to_contain_text("Els van Dijk — helpt met post en geld")
    expect(geld).to_contain_text("Peter Mulder (professional) — budgetcoach")
    gezondheid = page.locator("li.domein-kaart", has_text="Gezondheid")
    expect(gezondheid).to_have_text("Gezondheid Voor gezondheid is er nog niemand.")
    phone.check("kaarten-ondersteuning-netwerklid-360")
    phone.assert_no_errors()


def test_empty_compliment_says_what_is_wrong_on_a_phone(phone, netwerk, facilitator):
    _, token = do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Sevda")
    page = phone.page
    accept_invitation(page, token, "Sevda", tap=True)
    page.goto(reverse("netwerkkompas:rondje_positief", args=[netwerk.pk]))
    page.get_by_role("button", name="Toevoegen").tap()
    expect(page.locator("#tekst-fout")).to_have_text("Schrijf op wat je waardeert.")
    expect(page.get_by_label("Wat waardeer je aan Marieke?")).to_have_attribute(
        "aria-invalid", "true"
    )
    phone.check("kaarten-positief-fout-360")
    phone.assert_no_errors()


def test_facilitator_toggles_support_in_the_grid(laptop, netwerk, facilitator):
    mensen = _vul(netwerk)
    page = laptop.page
    login_with_password(page, "sanne", PASSWORD)
    page.goto(reverse("netwerkkompas:ondersteuning", args=[netwerk.pk]))
    page.evaluate("window.__marker = 1")

    henk = mensen["Buurman Henk"]
    cel = page.locator(f"#cel-{henk.pk}-gezondheid")
    expect(cel).to_have_attribute("aria-pressed", "false")
    cel.click()
    expect(page.locator(f"#cel-{henk.pk}-gezondheid")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#cel-{henk.pk}-gezondheid")).to_be_focused()
    assert Ondersteuning.objects.filter(persoon=henk, domein="gezondheid").exists()
    # The answer is the row, the domain's card (for a phone) and the message, not the grid.
    expect(page.locator("#domein-kaart-gezondheid")).to_contain_text("Buurman Henk")
    expect(page.locator("#ondersteuning-melding")).to_have_text(
        "Buurman Henk helpt nu bij gezondheid."
    )
    page.locator(f"#cel-{henk.pk}-gezondheid").click()
    expect(page.locator(f"#cel-{henk.pk}-gezondheid")).to_have_attribute("aria-pressed", "false")
    assert not Ondersteuning.objects.filter(persoon=henk, domein="gezondheid").exists()
    expect(page.locator("#domein-kaart-gezondheid")).not_to_contain_text("Buurman Henk")

    # A toelichting through the form below the grid.
    page.get_by_label("Wie helpt?").select_option(label="Opa Jan")
    page.get_by_label("Bij welk levensgebied?").select_option(label="Gezondheid")
    page.get_by_label("Wat doet iemand? (mag leeg)").fill("brengt naar de huisarts")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#ondersteuningskaart table")).to_contain_text("brengt naar de huisarts")
    expect(page.get_by_label("Wat doet iemand? (mag leeg)")).to_have_value("")
    assert page.evaluate("window.__marker") == 1, "de pagina is herladen"

    # Add a row for someone who does not help yet.
    hoofd = netwerk.personen.get(is_hoofdpersoon=True)
    page.get_by_label("Een rij toevoegen: kies iemand uit de groslijst").select_option(
        label="Marieke Bakker"
    )
    page.get_by_role("button", name="Rij toevoegen").click()
    expect(page.locator(f"#cel-{hoofd.pk}-wonen")).to_have_attribute("aria-pressed", "false")
    laptop.assert_no_errors()


def test_on_a_phone_the_cross_takes_someone_off_a_domain_card(phone, netwerk, facilitator):
    mensen = _vul(netwerk)
    page = phone.page
    login_with_password(page, "sanne", PASSWORD)
    page.goto(reverse("netwerkkompas:ondersteuning", args=[netwerk.pk]))
    els = mensen["Els van Dijk"]
    kaart = page.locator("#domein-kaart-contacten")
    expect(kaart).to_contain_text("Els van Dijk")
    page.locator(f"#weg-{els.pk}-contacten").click()
    # Only the row, this card and the message come back; the card now says it is empty.
    expect(kaart).to_contain_text("Voor contacten is er nog niemand.")
    expect(page.locator("#lege-domeinen")).to_contain_text("Voor contacten is er nog niemand.")
    expect(page.locator("#domein-kaart-geld")).to_contain_text("Els van Dijk")
    assert not Ondersteuning.objects.filter(persoon=els, domein="contacten").exists()
    phone.check("kaarten-ondersteuning-weg-360")
    phone.assert_no_errors()


@pytest.mark.parametrize("naam", PAGINAS)
def test_the_three_pages_at_1280_and_360(laptop, netwerk, facilitator, naam):
    _vul(netwerk)
    page = laptop.page
    login_with_password(page, "sanne", PASSWORD)
    page.goto(reverse(f"netwerkkompas:{naam}", args=[netwerk.pk]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    laptop.check(f"kaarten-{naam}-1280")
    page.set_viewport_size(NARROW)
    page.reload()
    laptop.check(f"kaarten-{naam}-360")
    laptop.assert_no_errors()

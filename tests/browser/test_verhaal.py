"""Verhaal en perspectieven on a phone: the person writes their story, a network member
writes their own view, and the person decides to share that view with the network."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from netwerkkompas.models import Perspectief, Verhaal
from sonestra.core.actions import do_invite
from sonestra.core.roles import Rol, Zichtbaarheid
from tests.browser.conftest import PHONE, _browsing, accept_invitation

pytestmark = pytest.mark.browser

VERHAAL = (
    "Ik ben Marieke. Sinds mijn scheiding woon ik alleen met Daniël en Noor. "
    "Het geld is krap en ik ben vaak moe 😔. Mijn zus Els helpt veel, maar zij werkt ook. "
    "Ik wil graag dat de kinderen weer naar de sport kunnen."
)
SITUATIE = "Marieke doet alles alleen en vraagt weinig hulp."
BIJDRAGE = "Ik breng Noor op woensdag naar zwemles."


def test_story_perspective_and_sharing(phone, new_context, live_server, netwerk, facilitator):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    _, token_marieke = do_invite(
        netwerk=netwerk, rol=Rol.HOOFDPERSOON, by=facilitator, persoon=marieke
    )
    _, token_sevda = do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Sevda")
    verhaal_url = reverse("netwerkkompas:verhaal", args=[netwerk.pk])

    # 1. Marieke writes her story.
    page = phone.page
    accept_invitation(page, token_marieke, "Marieke Bakker", tap=True)
    page.goto(verhaal_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Verhaal en perspectieven")
    expect(page.get_by_text("Je hebt je verhaal nog niet geschreven.")).to_be_visible()
    phone.check("verhaal-leeg-360")
    page.get_by_role("link", name="Mijn verhaal schrijven").tap()
    expect(page.get_by_text("Vertel in je eigen woorden wat er aan de hand is.")).to_be_visible()
    page.get_by_role("textbox", name=re.compile(r"^Mijn verhaal")).fill(VERHAAL)
    phone.check("verhaal-schrijven-360")
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.get_by_text("Je verhaal is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Het geld is krap")).to_be_visible()
    expect(page.get_by_text("Nu kunnen alleen jij en de facilitator dit lezen.")).to_be_visible()
    assert Verhaal.objects.get(netwerk=netwerk).zichtbaarheid == Zichtbaarheid.PRIVE

    # 2. Sevda, from the network, cannot read it yet and writes her own view.
    sevda = _browsing(new_context, live_server, PHONE)
    spage = sevda.page
    accept_invitation(spage, token_sevda, "Sevda", tap=True)
    spage.goto(verhaal_url)
    expect(spage.get_by_text("Het verhaal van Marieke is niet met jou gedeeld.")).to_be_visible()
    expect(spage.get_by_text("Het geld is krap")).to_have_count(0)
    spage.get_by_role("link", name="Mijn kijk schrijven").tap()
    expect(spage.get_by_text("Marieke beslist wie jouw kijk mag lezen.")).to_be_visible()
    spage.get_by_label("Wat is de situatie?").fill(SITUATIE)
    spage.get_by_label("Wat wil jij bijdragen?").fill(BIJDRAGE)
    sevda.check("perspectief-schrijven-360")
    spage.get_by_role("button", name="Opslaan").tap()
    expect(spage.get_by_text("Je kijk is opgeslagen.")).to_be_visible()
    kaart = spage.locator(".kijk-kaart", has_text="Sevda (jij)")
    expect(kaart.get_by_text(SITUATIE)).to_be_visible()
    expect(kaart.get_by_text("Alleen voor Marieke en de facilitator")).to_be_visible()
    expect(spage.get_by_role("link", name="Mijn kijk aanpassen")).to_be_visible()
    sevda.check("verhaal-netwerklid-360")

    # 3. Marieke shares Sevda's view and her own story with the network.
    page.goto(verhaal_url)
    expect(page.get_by_text(SITUATIE)).to_be_visible()
    page.get_by_role("link", name="Wie mag wat lezen").tap()
    phone.check("zichtbaarheid-360")
    page.get_by_role("group", name="De kijk van Sevda").get_by_text("Het netwerk", exact=True).tap()
    page.get_by_role("group", name="Mijn verhaal").get_by_text("Het netwerk", exact=True).tap()
    expect(
        page.get_by_role("group", name="De kijk van Sevda").get_by_role("radio").nth(1)
    ).to_be_checked()
    page.get_by_role("button", name="Opslaan").tap()
    expect(page.get_by_text("Opgeslagen. Hieronder zie je wie nu wat kan lezen.")).to_be_visible()
    expect(
        page.locator(".kijk-kaart", has_text="Sevda").get_by_text("Voor mijn netwerk")
    ).to_be_visible()
    phone.check("verhaal-gedeeld-360")
    assert Perspectief.objects.get(netwerk=netwerk).zichtbaarheid == Zichtbaarheid.NETWERK

    # 4. Now Sevda reads the story too.
    spage.reload()
    expect(spage.get_by_text("Het geld is krap")).to_be_visible()
    expect(spage.get_by_text("is niet met jou gedeeld")).to_have_count(0)
    sevda.check("verhaal-netwerklid-gedeeld-360")

    phone.assert_no_errors()
    sevda.assert_no_errors()


def test_pages_at_laptop_width(laptop, netwerk, facilitator, supporter, professional):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    Verhaal.objects.create(netwerk=netwerk, tekst=VERHAAL, zichtbaarheid=Zichtbaarheid.NETWERK)
    Perspectief.objects.create(
        netwerk=netwerk,
        auteur=supporter,
        persoon=netwerk.personen.get(naam="Els"),
        situatie=SITUATIE,
        wie_last="Vooral de kinderen.",
        kijk="Ze is sterker dan ze denkt.",
        bijdrage=BIJDRAGE,
        zichtbaarheid=Zichtbaarheid.PROFESSIONALS,
    )
    Perspectief.objects.create(
        netwerk=netwerk, auteur=professional, kijk="Er is zorg over de schulden."
    )
    _, token = do_invite(netwerk=netwerk, rol=Rol.HOOFDPERSOON, by=facilitator, persoon=marieke)
    page = laptop.page
    accept_invitation(page, token, "Marieke Bakker")

    page.goto(reverse("netwerkkompas:verhaal", args=[netwerk.pk]))
    expect(page.locator(".kijk-kaart")).to_have_count(2)
    laptop.check("verhaal-1280")
    page.get_by_role("link", name="Wie mag wat lezen").click()
    expect(page.locator("fieldset")).to_have_count(3)
    laptop.check("zichtbaarheid-1280")
    page.goto(reverse("netwerkkompas:verhaal_schrijven", args=[netwerk.pk]))
    laptop.check("verhaal-schrijven-1280")
    laptop.assert_no_errors()

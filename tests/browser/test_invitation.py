"""A family member opens their personal invitation link on a phone."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from sonestra.core.actions import do_invite, do_revoke_invitation
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation

pytestmark = pytest.mark.browser


def test_invitation_link_on_a_phone(phone, netwerk, facilitator):
    _, token = do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Tante Els")
    page = phone.page

    page.goto(reverse("core:uitnodiging", args=[token]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Tante Els")
    expect(page.get_by_text(netwerk.titel)).to_be_visible()
    button = page.get_by_role("button", name="Ja, ik ben Tante Els. Verder")
    expect(button).to_be_visible()
    phone.check("uitnodiging-welkom-360")

    button.tap()

    expect(page).to_have_url(re.compile(rf"/netwerken/{netwerk.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(netwerk.titel)
    expect(page.get_by_text("Welkom, Tante Els!")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    phone.check("uitnodiging-netwerk-360")
    phone.assert_no_errors()


def test_revoked_invitation_says_the_link_no_longer_works(phone, netwerk, facilitator):
    uitnodiging, token = do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Oom Kees"
    )
    do_revoke_invitation(uitnodiging)
    page = phone.page

    response = page.goto(reverse("core:uitnodiging", args=[token]))

    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    expect(page.get_by_role("button", name=re.compile("Ja, ik ben"))).to_have_count(0)
    phone.check("uitnodiging-ingetrokken-360")
    # Chromium logs every non-2xx document as "Failed to load resource"; 410 is intended.
    phone.assert_no_errors(allow=[r"status of 410 \(Gone\)"])


def test_a_used_invitation_shows_the_way_back_in(phone, laptop, live_server, netwerk, hoofdpersoon):
    """The invitation opened the door once; the next time Tante Els needs a login link,
    and Marieke makes one on her laptop that Els scans from the screen with her phone."""
    _, token = do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=hoofdpersoon, naam="Tante Els", email="els@x.nl"
    )
    page = phone.page
    accept_invitation(page, token, "Tante Els", tap=True)
    page.get_by_role("button", name="Uitloggen").tap()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()

    response = page.goto(reverse("core:uitnodiging", args=[token]))

    assert response is not None and response.status == 410
    expect(page.get_by_text("Je hebt deze uitnodiging al gebruikt.")).to_be_visible()
    expect(page.get_by_role("button", name="Stuur mij een inloglink")).to_be_visible()
    expect(
        page.get_by_text("Vraag Marieke of de facilitator om een nieuwe inloglink.")
    ).to_be_visible()
    expect(page.get_by_text("els@x.nl")).to_have_count(0)
    phone.check("uitnodiging-gebruikt-360")

    marieke = laptop.page
    laptop.context.add_cookies([_session_cookie(live_server, hoofdpersoon)])
    # Marieke is not Els: on her laptop the used invitation lets nobody in either.
    assert marieke.goto(reverse("core:uitnodiging", args=[token])).status == 410
    expect(marieke.get_by_text("Je hebt deze uitnodiging al gebruikt.")).to_be_visible()
    laptop.check("uitnodiging-gebruikt-1280")
    marieke.goto(reverse("core:uitnodigen", args=[netwerk.pk]))
    expect(marieke.get_by_role("heading", name="Opnieuw inloggen")).to_be_visible()
    laptop.check("uitnodigen-opnieuw-inloggen-1280")
    marieke.get_by_role("button", name="Nieuwe inloglink").click()
    expect(marieke.get_by_text("Deze link werkt één keer, 15 minuten lang.")).to_be_visible()
    expect(marieke.locator("figure.qr svg")).to_be_visible()
    laptop.check("inloglink-gemaakt-1280")
    link = marieke.locator("#inloglink").input_value()

    page.goto(urlsplit(link).path)  # the link names SITE_URL, not the test server
    page.get_by_role("button", name="Inloggen", exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn netwerken")
    phone.assert_no_errors(allow=[r"status of 410 \(Gone\)"])
    laptop.assert_no_errors(allow=[r"status of 410 \(Gone\)"])


def test_the_login_link_page_on_a_phone(phone, live_server, netwerk, hoofdpersoon, supporter):
    phone.context.add_cookies([_session_cookie(live_server, hoofdpersoon)])
    page = phone.page
    page.goto(reverse("core:uitnodigen", args=[netwerk.pk]))
    page.get_by_role("button", name="Nieuwe inloglink").tap()

    expect(page.get_by_text("De inloglink voor Els")).to_be_visible()
    expect(page.get_by_role("button", name="Kopieer")).to_be_visible()
    phone.check("inloglink-gemaakt-360")
    phone.assert_no_errors()


def _session_cookie(live_server, user) -> dict:
    """Log `user` in for this browser context as the test client would (no password)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}

"""A family member opens their personal invitation link on a phone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sonestra.core.actions import do_invite, do_revoke_invitation
from sonestra.core.roles import Rol

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

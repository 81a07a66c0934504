"""Inloggen in twee stappen: staff set up an app, then log in with password and code.

Codes are computed the way the app on the phone does (RFC 6238, django-otp's `totp`), from
the secret the set-up page shows.
"""

from __future__ import annotations

from base64 import b32decode
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sonestra.core import tweestaps
from sonestra.core.models import LoginLink, Toegangslog
from tests.conftest import PASSWORD

WRONG_CODE_TEXT = "Deze code klopt niet."
TOO_OFTEN_TEXT = "Te vaak geprobeerd. Probeer het over 15 minuten opnieuw."


def code_for(key: bytes, stappen_verder: int = 0) -> str:
    """The code the app shows now (or `stappen_verder` periods of 30 s later; django-otp
    takes one period of clock difference, and never the same period twice)."""
    return f"{totp(key, step=30, t0=0, digits=6, drift=stappen_verder):06d}"


def app_voor(user, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=confirmed)


def wrong_code(device: TOTPDevice) -> str:
    good = {code_for(device.bin_key, s) for s in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in good)


def wait_out_throttling(device: TOTPDevice) -> None:
    """As if the few seconds django-otp asks after a wrong code have passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
    )


def password_login(client, next_url: str = ""):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": "sanne", "password": PASSWORD})


def code_lines(**filters):
    return Toegangslog.objects.filter(actie=Toegangslog.Actie.LOGIN, **filters)


# Setting up the app


def test_it_sets_up_the_app_with_a_real_code(client, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("tweestaps_instellen"))

    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=facilitator)
    assert not device.confirmed
    assert "<svg" in response.text  # the QR code, inline (no inline style: strict CSP)
    geheim = response.context["geheim"]
    groepen = geheim.split(" ")
    assert all(len(g) == 4 for g in groepen[:-1]) and len(groepen) == 8
    assert geheim in response.text
    # The typed secret is the device's key: an app fed with it shows the right codes.
    key = b32decode(geheim.replace(" ", ""))
    assert key == device.bin_key
    # Visiting again shows the same secret while it is not confirmed.
    assert client.get(reverse("tweestaps_instellen")).context["geheim"] == geheim

    response = client.post(reverse("tweestaps_instellen"), {"code": code_for(key)})

    assert response.status_code == 302
    assert response.url == reverse("core:account")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert code_lines(onderwerp="tweestaps-instellen", uitkomst="toegestaan").count() == 1
    assert "Staat aan sinds" in client.get(reverse("core:account")).text


def test_a_wrong_first_code_does_not_turn_it_on(client, facilitator):
    client.force_login(facilitator)
    client.get(reverse("tweestaps_instellen"))
    device = TOTPDevice.objects.get(user=facilitator)

    response = client.post(reverse("tweestaps_instellen"), {"code": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE_TEXT in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert code_lines(onderwerp="tweestaps-instellen", uitkomst="geweigerd").count() == 1
    # Not on: the next login asks for no code.
    assert tweestaps.stap_voor(facilitator) == ""


def test_a_code_that_is_no_code_comes_back_with_the_text_typed(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("tweestaps_instellen"), {"code": "12a456 <b>"})

    assert response.status_code == 200
    assert "Vul de 6 cijfers in die je app nu laat zien." in response.text
    assert "12a456 &lt;b&gt;" in response.text
    assert not code_lines().exists()  # a typing slip is no login attempt


def test_family_members_have_nothing_to_set_up(client, supporter, organisatie):
    organisatie.tweestaps_verplicht = True
    organisatie.save()
    client.force_login(supporter)

    assert client.get(reverse("core:mijn_netwerken")).status_code == 200
    assert client.get(reverse("tweestaps_instellen")).status_code == 404
    account = client.get(reverse("core:account")).text
    assert "Inloggen in twee stappen" not in account
    assert not TOTPDevice.objects.exists()


def test_a_new_app_replaces_the_old_one_and_ends_other_sessions(client, facilitator):
    oud = app_voor(facilitator)
    elders = Client()
    elders.force_login(facilitator)
    client.force_login(facilitator)
    client.post(reverse("tweestaps_code"), {"code": code_for(oud.bin_key)})
    assert client.get(reverse("core:account")).status_code == 200

    client.get(reverse("tweestaps_instellen"))
    nieuw = TOTPDevice.objects.get(user=facilitator, confirmed=False)
    response = client.post(reverse("tweestaps_instellen"), {"code": code_for(nieuw.bin_key)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=facilitator)) == [nieuw]
    assert client.get(reverse("core:account")).status_code == 200
    # The other session (here: still waiting for its code) is gone.
    assert elders.get(reverse("core:account")).url.startswith(reverse("login"))


def test_replacing_the_app_needs_the_current_code_first(client, facilitator):
    app_voor(facilitator)
    client.force_login(facilitator)

    response = client.get(reverse("tweestaps_instellen"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("tweestaps_code"))
    assert TOTPDevice.objects.filter(user=facilitator).count() == 1


# Logging in with password and code


def test_login_with_an_app_asks_for_the_code(client, facilitator, netwerk):
    device = app_voor(facilitator)
    target = reverse("core:netwerk", args=[netwerk.pk])

    response = password_login(client, target)

    assert response.status_code == 302
    assert response.url == f"{reverse('tweestaps_code')}?next={target.replace('/', '%2F')}"
    # Logged in with the password only: every other page leads to the code page.
    held = client.get(reverse("core:mijn_netwerken"))
    assert held.status_code == 302 and held.url.startswith(reverse("tweestaps_code"))
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Code uit je app" in page.text

    response = client.post(
        reverse("tweestaps_code"), {"code": code_for(device.bin_key), "next": target}
    )

    assert response.status_code == 302
    assert response.url == target
    assert client.get(target).status_code == 200
    lines = code_lines(user=facilitator).order_by("pk")
    assert [(r.onderwerp, r.uitkomst) for r in lines] == [
        ("wachtwoord", "toegestaan"),
        ("tweestaps-code", "toegestaan"),
    ]


def test_login_without_an_app_needs_no_code(client, facilitator):
    response = password_login(client)

    assert response.status_code == 302
    assert response.url == reverse("core:mijn_netwerken")
    assert client.get(response.url).status_code == 200
    assert tweestaps.STAP not in client.session


def test_an_unconfirmed_app_asks_no_code(client, facilitator):
    app_voor(facilitator, confirmed=False)

    response = password_login(client)

    assert response.url == reverse("core:mijn_netwerken")


def test_a_wrong_code_is_refused_and_logged(client, facilitator):
    device = app_voor(facilitator)
    password_login(client)

    response = client.post(reverse("tweestaps_code"), {"code": wrong_code(device)})

    assert response.status_code == 200
    assert WRONG_CODE_TEXT in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("core:mijn_netwerken")).status_code == 302
    line = code_lines(onderwerp="tweestaps-code").get()
    assert (line.uitkomst, line.gebruikersnaam, line.adres) == ("geweigerd", "sanne", "127.0.0.1")


def test_the_same_code_works_only_once(client, facilitator):
    device = app_voor(facilitator)
    code = code_for(device.bin_key)
    password_login(client)
    client.post(reverse("tweestaps_code"), {"code": code})
    client.post(reverse("logout"))
    password_login(client)

    response = client.post(reverse("tweestaps_code"), {"code": code})

    assert response.status_code == 200
    assert WRONG_CODE_TEXT in response.text


def test_code_attempts_are_throttled(client, facilitator):
    device = app_voor(facilitator)
    password_login(client)
    client.post(reverse("tweestaps_code"), {"code": wrong_code(device)})

    # Right away, even the right code waits: 1, 2, 4 … seconds after each wrong one.
    response = client.post(reverse("tweestaps_code"), {"code": code_for(device.bin_key)})

    assert response.status_code == 429
    assert "Te vaak een verkeerde code. Probeer het over 1 seconde opnieuw." in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session

    wait_out_throttling(device)
    response = client.post(reverse("tweestaps_code"), {"code": code_for(device.bin_key)})

    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_too_many_wrong_codes_block_for_the_window(client, facilitator):
    device = app_voor(facilitator)
    password_login(client)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        wait_out_throttling(device)
        client.post(reverse("tweestaps_code"), {"code": wrong_code(device)})
    wait_out_throttling(device)

    response = client.post(reverse("tweestaps_code"), {"code": code_for(device.bin_key)})

    assert response.status_code == 429
    assert TOO_OFTEN_TEXT in response.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    # Counted in the access log, like wrong passwords: a new password login waits too.
    client.post(reverse("logout"))
    assert password_login(client).status_code == 429


def test_the_code_page_lets_only_logout_through(client, facilitator, netwerk):
    app_voor(facilitator)
    password_login(client)

    htmx = client.get(reverse("core:netwerk", args=[netwerk.pk]), headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == reverse("tweestaps_code")
    post = client.post(reverse("core:account"), {"first_name": "Gekaapt"})
    assert post.status_code == 302 and post.url == reverse("tweestaps_code")
    facilitator.refresh_from_db()
    assert facilitator.first_name == "Sanne"
    # No new app can be set up with the password alone.
    assert client.get(reverse("tweestaps_instellen")).url.startswith(reverse("tweestaps_code"))

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_a_login_link_does_not_skip_the_code(client, facilitator):
    # The demo prints login links for staff too: they lead to the code page as well.
    app_voor(facilitator)
    token = LoginLink.create_for(facilitator)

    client.post(reverse("login_link", args=[token]))
    response = client.get(reverse("core:mijn_netwerken"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("tweestaps_code"))


def test_force_login_of_staff_without_an_app_is_unaffected(client, facilitator, netwerk):
    client.force_login(facilitator)

    assert client.get(reverse("core:netwerk", args=[netwerk.pk])).status_code == 200


def test_force_login_of_staff_with_an_app_needs_the_code(client, facilitator):
    app_voor(facilitator)
    client.force_login(facilitator)

    response = client.get(reverse("core:mijn_netwerken"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("tweestaps_code"))


def test_the_code_page_without_a_pending_code_goes_on(client, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("tweestaps_code"))

    assert response.url == reverse("core:mijn_netwerken")


# Required by the organisation


@pytest.fixture
def verplicht(organisatie):
    organisatie.tweestaps_verplicht = True
    organisatie.save()
    return organisatie


def test_a_required_app_is_set_up_before_anything_else(client, facilitator, verplicht, netwerk):
    target = reverse("core:netwerk", args=[netwerk.pk])

    response = password_login(client, target)

    assert response.url.startswith(reverse("tweestaps_instellen"))
    held = client.get(target)
    assert held.status_code == 302 and held.url.startswith(reverse("tweestaps_instellen"))
    page = client.get(response.url)
    assert "Je organisatie vraagt dat je inlogt in twee stappen." in page.text
    device = TOTPDevice.objects.get(user=facilitator)

    response = client.post(
        reverse("tweestaps_instellen"), {"code": code_for(device.bin_key), "next": target}
    )

    assert response.url == target
    assert client.get(target).status_code == 200
    # From now on the code is asked at every login.
    client.post(reverse("logout"))
    assert password_login(client).url.startswith(reverse("tweestaps_code"))


def test_the_account_page_says_whether_the_organisation_requires_it(client, facilitator):
    client.force_login(facilitator)
    assert "Staat uit." in client.get(reverse("core:account")).text
    assert "vraagt dit (nog) niet" in client.get(reverse("core:account")).text

    facilitator.organisatie.tweestaps_verplicht = True
    facilitator.organisatie.save()
    app_voor(facilitator)
    client.force_login(facilitator)
    client.post(reverse("tweestaps_code"), {"code": code_for(TOTPDevice.objects.get().bin_key)})
    html = client.get(reverse("core:account")).text

    assert "Stichting Test vraagt dat medewerkers in twee stappen inloggen." in html
    assert "Staat aan sinds" in html
    assert reverse("tweestaps_instellen") in html


def test_verified_sessions_stay_verified_until_logout(client, facilitator):
    device = app_voor(facilitator)
    client.force_login(facilitator)
    client.post(reverse("tweestaps_code"), {"code": code_for(device.bin_key)})
    key = client.session.session_key

    for _ in range(3):
        assert client.get(reverse("core:mijn_netwerken")).status_code == 200

    assert client.session.session_key == key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()

"""Sessions: idle and absolute time-outs, background polls, "overal uitloggen", and the
links families log in with (short-lived and one-time; the invitation long-lived and
revocable; a link that no longer works says what to do)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sonestra.core import actions
from sonestra.core.models import LoginLink, Sessie, Toegangslog, Uitnodiging
from sonestra.core.roles import Rol
from sonestra.core.sessies import ACTIEF, BEGONNEN, beeindig_sessies
from tests.conftest import PASSWORD

IDLE_TEXT = "Je was een tijd niet actief. Log opnieuw in."
GONE_TEXT = "Deze link werkt niet meer"


def set_clock(client, *, actief_min: float | None = None, begonnen_min: float | None = None):
    """Move the session's clocks back, as if that many minutes had passed."""
    session = client.session
    nu = int(time.time())
    if actief_min is not None:
        session[ACTIEF] = nu - int(actief_min * 60)
    if begonnen_min is not None:
        session[BEGONNEN] = nu - int(begonnen_min * 60)
    session.save()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def timeouts(reden: str):
    return Toegangslog.objects.filter(
        actie=Toegangslog.Actie.LOGOUT, onderwerp=f"time-out ({reden})"
    )


# Idle time-out


def test_a_staff_login_ends_after_30_idle_minutes(client, facilitator):
    client.force_login(facilitator)
    set_clock(client, actief_min=settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER + 1)
    url = reverse("core:mijn_netwerken")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url.replace('/', '%2F')}"
    assert not logged_in(client)
    assert timeouts("inactief").get().user == facilitator
    page = client.get(response.url)
    assert page.status_code == 200
    assert IDLE_TEXT in page.text
    assert not Sessie.objects.filter(user=facilitator).exists()


def test_a_staff_login_stays_within_30_minutes(client, facilitator):
    client.force_login(facilitator)
    set_clock(client, actief_min=settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER - 1)

    assert client.get(reverse("core:mijn_netwerken")).status_code == 200
    # The click counted as activity: the clock starts again.
    assert int(time.time()) - client.session[ACTIEF] < 5


DAG = 24 * 60  # minutes


def test_a_family_login_has_14_idle_days(client, supporter):
    """A family member logs in with a one-time link they have to ask for: a grandmother who
    looks in once a week must not need a new link every time."""
    assert settings.SESSIE_INACTIEF_MINUTEN_FAMILIE == 14 * DAG
    client.force_login(supporter)
    set_clock(client, actief_min=14 * DAG - 1)
    assert client.get(reverse("core:mijn_netwerken")).status_code == 200

    set_clock(client, actief_min=14 * DAG + 1)
    response = client.get(reverse("core:mijn_netwerken"))

    assert response.status_code == 302
    assert not logged_in(client)


def test_the_idle_limits_are_settings(client, supporter, settings):
    settings.SESSIE_INACTIEF_MINUTEN_FAMILIE = 5
    client.force_login(supporter)
    set_clock(client, actief_min=6)

    assert client.get(reverse("core:mijn_netwerken")).status_code == 302


def test_the_activity_stamp_is_written_at_most_once_a_minute(client, facilitator):
    client.force_login(facilitator)
    set_clock(client, actief_min=0.5)
    before = client.session[ACTIEF]

    client.get(reverse("core:mijn_netwerken"))

    assert client.session[ACTIEF] == before


def test_a_session_from_before_the_clocks_gets_them(client, facilitator):
    client.force_login(facilitator)
    session = client.session
    del session[ACTIEF]
    del session[BEGONNEN]
    session.save()

    assert client.get(reverse("core:mijn_netwerken")).status_code == 200
    assert {ACTIEF, BEGONNEN} <= set(client.session.keys())


# Absolute time-out


def test_a_staff_login_ends_after_12_hours(client, facilitator):
    assert settings.SESSIE_MAX_UREN_MEDEWERKER == 12
    client.force_login(facilitator)
    set_clock(client, actief_min=1, begonnen_min=12 * 60 + 1)

    response = client.get(reverse("core:mijn_netwerken"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "Je was 12 uur ingelogd. Log voor de veiligheid opnieuw in." in response.text
    assert not logged_in(client)
    assert timeouts("max").get().user == facilitator


def test_a_staff_login_lasts_almost_12_hours_when_used(client, facilitator):
    client.force_login(facilitator)
    set_clock(client, actief_min=1, begonnen_min=12 * 60 - 1)

    assert client.get(reverse("core:mijn_netwerken")).status_code == 200


def test_a_family_login_ends_after_30_days(client, supporter):
    assert settings.SESSIE_MAX_UREN_FAMILIE == 30 * 24
    client.force_login(supporter)
    set_clock(client, actief_min=1, begonnen_min=30 * DAG + 1)

    response = client.get(reverse("core:mijn_netwerken"), follow=True)

    assert "Je was 30 dagen ingelogd. Log voor de veiligheid opnieuw in." in response.text
    assert not logged_in(client)
    assert timeouts("max").get().user == supporter


def test_a_family_login_lasts_almost_30_days_when_used(client, supporter):
    client.force_login(supporter)
    set_clock(client, actief_min=1, begonnen_min=30 * DAG - 1)

    assert client.get(reverse("core:mijn_netwerken")).status_code == 200


def test_the_absolute_limits_are_settings(client, supporter, facilitator, settings):
    settings.SESSIE_MAX_UREN_FAMILIE = 2
    settings.SESSIE_MAX_UREN_MEDEWERKER = 1
    client.force_login(supporter)
    set_clock(client, actief_min=1, begonnen_min=2 * 60 + 1)
    response = client.get(reverse("core:mijn_netwerken"), follow=True)
    assert "Je was 2 uur ingelogd." in response.text

    client.force_login(facilitator)
    set_clock(client, actief_min=1, begonnen_min=61)
    assert client.get(reverse("core:mijn_netwerken")).status_code == 302


def test_the_cookie_lives_as_long_as_the_login_may(client, supporter, facilitator):
    """Each login's cookie (and database session) expires with the login's own limit, so a
    staff member's browser does not keep a month-long cookie."""
    assert settings.SESSION_COOKIE_AGE == 30 * 24 * 60 * 60
    token = LoginLink.create_for(supporter)
    client.post(reverse("login_link", args=[token]))
    assert client.session.get_expiry_age() == 30 * 24 * 60 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 24 * 60 * 60

    staff = Client()
    staff.post(reverse("login"), {"username": "sanne", "password": PASSWORD})
    assert staff.session.get_expiry_age() == 12 * 60 * 60
    assert staff.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60


# Background polls of the live beraad


def _stand_url(beraad) -> str:
    return reverse("beraad:stand", args=[beraad.netwerk_id, beraad.pk])


def test_a_poll_is_no_activity(client, facilitator, beraad):
    client.force_login(facilitator)
    set_clock(client, actief_min=10)
    before = client.session[ACTIEF]

    response = client.get(_stand_url(beraad), headers={"HX-Request": "true", "HX-Trigger": "stand"})

    assert response.status_code in (200, 204)
    assert client.session[ACTIEF] == before
    # A click on the page is.
    client.get(reverse("beraad:live", args=[beraad.netwerk_id, beraad.pk]))
    assert client.session[ACTIEF] > before


def test_polls_alone_do_not_keep_a_login_alive(client, facilitator, beraad):
    client.force_login(facilitator)
    headers = {"HX-Request": "true", "HX-Trigger": "stand"}
    set_clock(client, actief_min=settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER - 1)
    for _ in range(3):
        assert client.get(_stand_url(beraad), headers=headers).status_code in (200, 204)

    set_clock(client, actief_min=settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER + 1)
    response = client.get(_stand_url(beraad), headers=headers)

    # htmx is told to load the login page as a whole page, not into the polled region.
    assert response.headers["HX-Redirect"] == reverse("login")
    assert not logged_in(client)
    assert IDLE_TEXT in client.get(reverse("login")).text


def test_the_poll_url_without_htmx_counts_as_a_visit(client, facilitator, beraad):
    client.force_login(facilitator)
    set_clock(client, actief_min=10)
    before = client.session[ACTIEF]

    client.get(_stand_url(beraad))

    assert client.session[ACTIEF] > before


# Overal uitloggen


def test_overal_uitloggen_ends_every_session_of_the_login(client, facilitator, supporter):
    telefoon = Client()
    telefoon.force_login(facilitator)
    andermans = Client()
    andermans.force_login(supporter)
    client.force_login(facilitator)
    assert Sessie.objects.filter(user=facilitator).count() == 2

    response = client.post(reverse("overal_uitloggen"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "Je bent uitgelogd op al je apparaten." in response.text
    assert not logged_in(client)
    phone = telefoon.get(reverse("core:mijn_netwerken"))
    assert phone.status_code == 302 and phone.url.startswith(reverse("login"))
    assert not Sessie.objects.filter(user=facilitator).exists()
    # Someone else's login goes on.
    assert andermans.get(reverse("core:mijn_netwerken")).status_code == 200
    assert Toegangslog.objects.filter(
        actie=Toegangslog.Actie.LOGOUT, user=facilitator, onderwerp="overal uitgelogd"
    ).exists()


def test_overal_uitloggen_is_a_post(client, supporter):
    client.force_login(supporter)

    assert client.get(reverse("overal_uitloggen")).status_code == 405
    assert logged_in(client)


def test_the_account_page_offers_overal_uitloggen_to_everyone(client, supporter):
    client.force_login(supporter)

    html = client.get(reverse("core:account")).text

    assert f'action="{reverse("overal_uitloggen")}"' in html


def test_beeindig_sessies_can_spare_the_current_one(client, supporter):
    telefoon = Client()
    telefoon.force_login(supporter)
    client.force_login(supporter)

    ended = beeindig_sessies(supporter, behalve=client.session.session_key)

    assert ended == 1
    assert client.get(reverse("core:mijn_netwerken")).status_code == 200
    assert telefoon.get(reverse("core:mijn_netwerken")).status_code == 302
    assert Session.objects.filter(session_key=client.session.session_key).exists()


# Login links and invitations


def test_a_login_link_lasts_15_minutes_by_default(supporter):
    before = timezone.now()
    LoginLink.create_for(supporter)
    link = LoginLink.objects.get()

    assert settings.LOGIN_LINK_MAX_AGE == 15 * 60
    assert timedelta(minutes=14) < link.verloopt - before <= timedelta(minutes=15, seconds=5)


def test_a_used_login_link_says_what_to_do(client, supporter):
    token = LoginLink.create_for(supporter)
    url = reverse("login_link", args=[token])
    client.post(url)
    client.post(reverse("logout"))

    response = client.get(url)

    assert response.status_code == 410
    assert GONE_TEXT in response.text
    assert "Deze inloglink is al gebruikt." in response.text
    assert reverse("login_link_aanvragen") in response.text
    assert "Heb jij deze link niet zelf gebruikt?" in response.text
    assert not logged_in(client)


def test_a_login_link_used_at_the_same_moment_elsewhere_says_so(client, supporter):
    token = LoginLink.create_for(supporter)
    url = reverse("login_link", args=[token])
    client.get(url)  # the page with the button is open
    LoginLink.objects.update(gebruikt=timezone.now())  # someone else tapped first

    response = client.post(url)

    assert response.status_code == 410
    assert "Deze inloglink is al gebruikt." in response.text
    assert not logged_in(client)


def test_an_expired_login_link_says_what_to_do(client, supporter):
    token = LoginLink.create_for(supporter)
    LoginLink.objects.update(verloopt=timezone.now() - timedelta(seconds=1))

    response = client.post(reverse("login_link", args=[token]))

    assert response.status_code == 410
    assert "Deze inloglink is verlopen. Een inloglink werkt maar 15 minuten." in response.text
    assert "Vraag dan de persoon die jou uitnodigde of de facilitator" in response.text
    assert not logged_in(client)
    assert LoginLink.objects.get().gebruikt is None


@pytest.fixture
def uitnodiging(netwerk, facilitator) -> str:
    """The token of an invitation for a netwerklid."""
    persoon = netwerk.personen.create(naam="Ria")
    _, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, persoon=persoon
    )
    return token


def test_an_invitation_lasts_long(uitnodiging):
    found = Uitnodiging.objects.get()

    assert found.verloopt - timezone.now() > timedelta(days=settings.INVITATION_MAX_AGE_DAYS - 1)


def test_an_invitation_opens_the_door_once(client, uitnodiging):
    """Once accepted, the invitation logs nobody in again: a link that leaks later from a
    chat or a mailbox opens nothing. The page says how to get back in."""
    url = reverse("core:uitnodiging", args=[uitnodiging])
    client.post(url)
    assert logged_in(client)
    client.post(reverse("logout"))

    response = client.post(url)

    assert response.status_code == 410
    assert "Je hebt deze uitnodiging al gebruikt." in response.text
    assert "vraag je een nieuwe inloglink" in response.text
    assert not logged_in(client)


def test_a_revoked_invitation_says_what_to_do(client, uitnodiging):
    url = reverse("core:uitnodiging", args=[uitnodiging])
    client.post(url)
    assert logged_in(client)
    client.post(reverse("logout"))
    actions.do_revoke_invitation(Uitnodiging.objects.get())

    response = client.post(url)

    assert response.status_code == 410
    assert "Deze uitnodiging is ingetrokken." in response.text
    assert "Vraag de persoon die jou uitnodigde om een nieuwe link." in response.text
    assert not logged_in(client)


def test_an_expired_invitation_says_what_to_do(client, uitnodiging):
    Uitnodiging.objects.update(verloopt=timezone.now() - timedelta(seconds=1))

    response = client.get(reverse("core:uitnodiging", args=[uitnodiging]))

    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen." in response.text


def test_a_replaced_invitation_link_says_what_to_do(client, db):
    response = client.get(reverse("core:uitnodiging", args=["oude-link"]))

    assert response.status_code == 410
    assert "Dan werkt de oude link niet meer." in response.text

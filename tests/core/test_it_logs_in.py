"""Logging in: staff with a password (rate limited), anyone by a one-time link, and logging out."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sonestra.core.models import LoginLink, Toegangslog
from tests.conftest import PASSWORD

WRONG_PASSWORD = "niet-het-goede-wachtwoord"
ERROR_TEXT = "Je gebruikersnaam of wachtwoord klopt niet."
TOO_OFTEN_TEXT = "Te vaak geprobeerd. Probeer het over 15 minuten opnieuw."
LINK_SENT_TEXT = "Als dit e-mailadres bij ons bekend is"


def _login(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def _link_path(body: str) -> str:
    """The path of the (absolute) link in a mail body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def _logins(**filters):
    return Toegangslog.objects.filter(actie=Toegangslog.Actie.LOGIN, **filters)


# Password login


def test_it_logs_in_with_password(client, facilitator):
    response = _login(client, "sanne", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("core:mijn_netwerken")
    assert _logged_in_user_id(client) == str(facilitator.pk)
    entry = _logins().get()
    assert entry.uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
    assert entry.user == facilitator
    assert entry.gebruikersnaam == "sanne"
    assert entry.adres == "127.0.0.1"


def test_it_shows_the_login_page(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert "Inloggen" in response.text
    assert reverse("login_link_aanvragen") in response.text


def test_it_refuses_a_wrong_password(client, facilitator):
    response = _login(client, "sanne", WRONG_PASSWORD)

    assert response.status_code == 200
    assert ERROR_TEXT in response.text
    assert _logged_in_user_id(client) is None
    entry = _logins().get()
    assert entry.uitkomst == Toegangslog.Uitkomst.GEWEIGERD
    assert entry.gebruikersnaam == "sanne"
    assert entry.user is None


def test_it_logs_a_refused_login_for_an_unknown_name(client, db):
    response = _login(client, "bestaat-niet", WRONG_PASSWORD)

    assert response.status_code == 200
    assert ERROR_TEXT in response.text
    assert _logins(uitkomst=Toegangslog.Uitkomst.GEWEIGERD, gebruikersnaam="bestaat-niet").exists()


def test_it_blocks_after_too_many_failures(client, facilitator):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = _login(client, "sanne", WRONG_PASSWORD)
        assert response.status_code == 200

    # Even the right password does not help now.
    response = _login(client, "sanne", PASSWORD)

    assert response.status_code == 429
    assert TOO_OFTEN_TEXT in response.text
    assert ERROR_TEXT not in response.text
    assert _logged_in_user_id(client) is None
    assert not _logins(uitkomst=Toegangslog.Uitkomst.TOEGESTAAN).exists()


def test_it_allows_one_failure_less_than_the_limit(client, facilitator):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _login(client, "sanne", WRONG_PASSWORD)

    response = _login(client, "sanne", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(facilitator.pk)


def test_it_counts_failures_per_username_from_any_address(client, facilitator):
    # A guesser spreading over many addresses still runs into the per-name limit.
    for i in range(settings.LOGIN_MAX_FAILURES_PER_NAME):
        _login(client, "sanne", WRONG_PASSWORD, REMOTE_ADDR=f"10.0.{i // 200}.{i % 200 + 1}")

    response = _login(client, "sanne", PASSWORD, REMOTE_ADDR="10.0.9.1")

    assert response.status_code == 429
    assert _logged_in_user_id(client) is None


def test_a_stranger_cannot_lock_a_colleague_out(client, facilitator):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(client, "sanne", WRONG_PASSWORD, REMOTE_ADDR="203.0.113.66")

    assert _login(client, "sanne", PASSWORD, REMOTE_ADDR="203.0.113.66").status_code == 429
    # Sanne herself, from her own address, still gets in.
    response = _login(client, "sanne", PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(facilitator.pk)


def test_it_counts_failures_per_address_for_any_username(client, facilitator):
    for i in range(settings.LOGIN_MAX_FAILURES_PER_ADDRESS):
        _login(client, f"gok{i}", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.9")

    response = _login(client, "sanne", PASSWORD, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429
    assert _logged_in_user_id(client) is None


def test_a_shared_address_allows_more_failures_than_one_name(client, facilitator):
    # A care home or office behind one address: a few wrong guesses by colleagues
    # do not lock everyone out.
    for i in range(settings.LOGIN_MAX_FAILURES):
        _login(client, f"collega{i}", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.9")

    response = _login(client, "sanne", PASSWORD, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302


def test_it_forgets_failures_outside_the_window(client, facilitator):
    long_ago = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 60)
    for _ in range(settings.LOGIN_MAX_FAILURES * 2):
        Toegangslog.objects.create(
            tijd=long_ago,
            actie=Toegangslog.Actie.LOGIN,
            uitkomst=Toegangslog.Uitkomst.GEWEIGERD,
            gebruikersnaam="sanne",
            adres="127.0.0.1",
            onderwerp="wachtwoord",
        )

    response = _login(client, "sanne", PASSWORD)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(facilitator.pk)


def test_it_counts_failures_inside_the_window(client, facilitator):
    a_while_ago = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW - 60)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        Toegangslog.objects.create(
            tijd=a_while_ago,
            actie=Toegangslog.Actie.LOGIN,
            uitkomst=Toegangslog.Uitkomst.GEWEIGERD,
            gebruikersnaam="sanne",
            adres="127.0.0.1",  # the test client's address
            onderwerp="wachtwoord",
        )

    response = _login(client, "sanne", PASSWORD)

    assert response.status_code == 429
    assert _logged_in_user_id(client) is None


def test_it_counts_failures_for_the_username_as_the_form_reads_it(client, facilitator):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _login(client, "sanne", WRONG_PASSWORD, REMOTE_ADDR="10.0.0.1")

    # The form strips the name, so " sanne " would log in as sanne: it counts as her too.
    response = _login(client, " sanne ", PASSWORD, REMOTE_ADDR="10.0.0.1")

    assert response.status_code == 429
    assert _logged_in_user_id(client) is None


def test_it_logs_failures_under_the_name_as_the_form_reads_it(client, facilitator):
    for i, variant in enumerate(["sanne", " sanne", "sanne ", "\uff53anne"]):  # fullwidth s
        _login(client, variant, WRONG_PASSWORD, REMOTE_ADDR=f"10.0.0.{i + 1}")

    names = set(_logins().values_list("gebruikersnaam", flat=True))

    assert names == {"sanne"}


# Logging out


def test_it_logs_out(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert _logged_in_user_id(client) is None
    entry = Toegangslog.objects.get(actie=Toegangslog.Actie.LOGOUT)
    assert entry.user == facilitator
    assert entry.uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
    response = client.get(response.url)
    assert "Je bent uitgelogd." in response.text


def test_it_does_not_log_out_on_get(client, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert _logged_in_user_id(client) == str(facilitator.pk)
    assert not Toegangslog.objects.filter(actie=Toegangslog.Actie.LOGOUT).exists()


def test_it_redirects_anonymous_visitors_to_login(client, db):
    url = reverse("core:mijn_netwerken")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_it_redirects_a_logged_in_user_away_from_login(client, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("login"))

    assert response.status_code == 302
    assert response.url == reverse("core:mijn_netwerken")


# Login links


def test_it_shows_a_login_link_without_using_it(client, supporter):
    token = LoginLink.create_for(supporter)

    response = client.get(reverse("login_link", args=[token]))

    assert response.status_code == 200
    assert f"Inloggen als {supporter}." in response.text
    assert '<form method="post">' in response.text
    assert _logged_in_user_id(client) is None
    assert LoginLink.objects.get().gebruikt is None
    assert not _logins().exists()


def test_it_logs_in_with_a_login_link(client, supporter):
    token = LoginLink.create_for(supporter)

    response = client.post(reverse("login_link", args=[token]))

    assert response.status_code == 302
    assert response.url == reverse("core:mijn_netwerken")
    assert _logged_in_user_id(client) == str(supporter.pk)
    assert LoginLink.objects.get().gebruikt is not None
    entry = _logins().get()
    assert entry.user == supporter
    assert entry.uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
    assert entry.onderwerp == "inloglink"


def test_it_uses_a_login_link_only_once(client, supporter):
    token = LoginLink.create_for(supporter)
    url = reverse("login_link", args=[token])
    client.post(url)
    client.post(reverse("logout"))

    response = client.post(url)

    assert response.status_code == 410
    assert "Deze link werkt niet meer" in response.text
    assert _logged_in_user_id(client) is None
    assert client.get(url).status_code == 410


def test_a_used_login_link_points_to_a_new_link_not_the_invitation(client, supporter):
    """The invitation works once, so the page must not send anyone back to it."""
    token = LoginLink.create_for(supporter)
    url = reverse("login_link", args=[token])
    client.post(url)
    client.post(reverse("logout"))

    text = client.get(url).text

    assert "Open dan de link uit je uitnodiging" not in text
    assert "Vraag dan de persoon die jou uitnodigde of de facilitator" in text


def test_it_refuses_an_expired_login_link(client, supporter):
    token = LoginLink.create_for(supporter, max_age=-1)
    url = reverse("login_link", args=[token])

    assert client.get(url).status_code == 410
    response = client.post(url)

    assert response.status_code == 410
    assert "Deze link werkt niet meer" in response.text
    assert _logged_in_user_id(client) is None
    assert LoginLink.objects.get().gebruikt is None


def test_it_uses_the_login_link_max_age_setting(client, supporter, settings):
    settings.LOGIN_LINK_MAX_AGE = -1
    token = LoginLink.create_for(supporter)

    response = client.post(reverse("login_link", args=[token]))

    assert response.status_code == 410
    assert _logged_in_user_id(client) is None


def test_it_refuses_a_login_link_for_an_inactive_user(client, supporter):
    token = LoginLink.create_for(supporter)
    supporter.is_active = False
    supporter.save()

    response = client.post(reverse("login_link", args=[token]))

    assert response.status_code == 410
    assert _logged_in_user_id(client) is None


def test_it_refuses_an_unknown_login_link(client, db):
    response = client.post(reverse("login_link", args=["verzonnen-token"]))

    assert response.status_code == 410
    assert "Deze link werkt niet meer" in response.text


def test_it_stores_only_a_hash_of_the_login_link(supporter):
    token = LoginLink.create_for(supporter)

    link = LoginLink.objects.get()
    assert link.token_hash != token
    assert token not in link.token_hash
    assert len(link.token_hash) == 64
    assert LoginLink.find(token) == link


# Asking for a login link by e-mail


def test_it_sends_a_login_link_to_a_known_address(client, supporter):
    supporter.email = "els@example.org"
    supporter.save()

    response = client.post(
        reverse("login_link_aanvragen"), {"email": "Els@Example.org"}, follow=True
    )

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert LINK_SENT_TEXT in response.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["els@example.org"]
    path = _link_path(message.body)
    assert path.startswith("/inloggen/link/")
    assert _logged_in_user_id(client) is None

    response = client.post(path)

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(supporter.pk)


def test_it_answers_the_same_for_an_unknown_address(client, supporter):
    supporter.email = "els@example.org"
    supporter.save()
    url = reverse("login_link_aanvragen")

    known = client.post(url, {"email": "els@example.org"}, follow=True)
    mail.outbox.clear()
    unknown = client.post(url, {"email": "niemand@example.org"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    assert [str(m) for m in unknown.context["messages"]] == [
        str(m) for m in known.context["messages"]
    ]
    assert LINK_SENT_TEXT in unknown.text
    assert LoginLink.objects.count() == 1


def test_it_sends_no_login_link_to_an_inactive_user(client, supporter):
    supporter.email = "els@example.org"
    supporter.is_active = False
    supporter.save()

    response = client.post(
        reverse("login_link_aanvragen"), {"email": "els@example.org"}, follow=True
    )

    assert LINK_SENT_TEXT in response.text
    assert mail.outbox == []


def test_it_asks_again_for_an_invalid_address(client, db):
    response = client.post(reverse("login_link_aanvragen"), {"email": "geen-adres"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_no_login_link_by_mail_for_staff(client, facilitator):
    """Staff log in with their password; a link by e-mail must not get around it."""
    facilitator.email = "sanne@example.org"
    facilitator.save()

    response = client.post(reverse("login_link_aanvragen"), {"email": "sanne@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
    assert not LoginLink.objects.exists()


def test_login_links_by_mail_are_limited(client, supporter):
    supporter.email = "els@example.org"
    supporter.save()

    for _ in range(settings.LOGIN_LINKS_PER_WINDOW + 2):
        response = client.post(reverse("login_link_aanvragen"), {"email": "els@example.org"})
        assert response.status_code == 302  # the same answer every time

    assert len(mail.outbox) == settings.LOGIN_LINKS_PER_WINDOW

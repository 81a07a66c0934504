"""Inviting people into a Netwerk with a personal link: make, open, accept, revoke, renew;
and the way back in once the invitation is used: a one-time login link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sonestra.core.actions import (
    InvitationGone,
    do_accept_invitation,
    do_invite,
    do_revoke_invitation,
)
from sonestra.core.models import (
    Deelname,
    LoginLink,
    Persoon,
    Toegangslog,
    Uitnodiging,
    User,
    hash_token,
)
from sonestra.core.roles import Rol
from tests.conftest import make_user

GONE_TEXT = "Deze link werkt niet meer"
USED_TEXT = (
    "Je hebt deze uitnodiging al gebruikt. Om weer in te loggen vraag je een nieuwe inloglink."
)
ONCE_TEXT = "Deze link werkt één keer, 15 minuten lang."


def _invite(client, netwerk, **data):
    return client.post(reverse("core:uitnodigen", args=[netwerk.pk]), data)


def _token(response) -> str:
    """The token of the link just made, taken from the link the page shows."""
    link = response.context["nieuw"]["link"]
    path = urlsplit(link).path
    assert path.startswith("/u/")
    return path.removeprefix("/u/").rstrip("/")


def _user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def invitation(client, netwerk, facilitator):
    """An invitation for Tante Els as netwerklid, made by the facilitator; returns its token."""
    client.force_login(facilitator)
    response = _invite(client, netwerk, naam="Tante Els", rol=Rol.NETWERKLID, email="")
    token = _token(response)
    client.logout()
    return token


def _client_for(user) -> Client:
    other = Client()
    other.force_login(user)
    return other


def _url(token: str) -> str:
    return reverse("core:uitnodiging", args=[token])


# Making an invitation


def test_it_makes_an_invitation(client, netwerk, facilitator):
    client.force_login(facilitator)

    response = _invite(client, netwerk, naam="Tante Els", rol="netwerklid", email="els@example.org")

    assert response.status_code == 200
    persoon = Persoon.objects.get(netwerk=netwerk, naam="Tante Els")
    assert persoon.email == "els@example.org"
    uitnodiging = Uitnodiging.objects.get()
    assert uitnodiging.netwerk == netwerk
    assert uitnodiging.persoon == persoon
    assert uitnodiging.rol == Rol.NETWERKLID
    assert uitnodiging.created_by == facilitator
    assert uitnodiging.user is None
    assert uitnodiging.is_geldig

    link = response.context["nieuw"]["link"]
    token = _token(response)
    assert link in response.text
    assert "<svg" in response.text
    assert "De persoonlijke link voor Tante Els" in response.text
    assert uitnodiging.token_hash == hash_token(token)
    assert uitnodiging.token_hash != token
    assert token not in uitnodiging.token_hash

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["els@example.org"]
    assert link in message.body
    assert netwerk.titel in message.subject

    entry = Toegangslog.objects.filter(actie=Toegangslog.Actie.CREATE).get()
    assert entry.netwerk == netwerk
    assert entry.rol == Rol.FACILITATOR


def test_it_makes_an_invitation_without_email(client, netwerk, facilitator):
    client.force_login(facilitator)

    response = _invite(client, netwerk, naam="Oom Piet", rol="netwerklid", email="")

    assert response.status_code == 200
    assert "<svg" in response.text
    assert Uitnodiging.objects.get().persoon.naam == "Oom Piet"
    assert mail.outbox == []


def test_it_invites_someone_already_in_the_list(client, netwerk, facilitator):
    client.force_login(facilitator)
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")
    personen_voor = Persoon.objects.count()

    _invite(client, netwerk, persoon=oma.pk, rol="netwerklid")

    assert Persoon.objects.count() == personen_voor
    assert Uitnodiging.objects.get().persoon == oma


def test_it_needs_a_name_or_a_person(client, netwerk, facilitator):
    client.force_login(facilitator)
    personen_voor = Persoon.objects.count()

    response = _invite(client, netwerk, naam="  ", rol="netwerklid")

    assert response.status_code == 200
    assert "Kies iemand uit de lijst of vul een naam in." in response.text
    assert Persoon.objects.count() == personen_voor
    assert not Uitnodiging.objects.exists()


def test_it_offers_the_roles_the_inviter_may_hand_out(client, netwerk, facilitator, supporter):
    client.force_login(facilitator)
    response = client.get(reverse("core:uitnodigen", args=[netwerk.pk]))
    facilitator_keuzes = [value for value, _ in response.context["form"].fields["rol"].choices]

    client.force_login(supporter)
    response = client.get(reverse("core:uitnodigen", args=[netwerk.pk]))
    supporter_keuzes = [value for value, _ in response.context["form"].fields["rol"].choices]

    assert set(facilitator_keuzes) == {
        Rol.HOOFDPERSOON,
        Rol.SUPPORTER,
        Rol.NETWERKLID,
        Rol.PROFESSIONAL,
        Rol.FACILITATOR,
    }
    assert set(supporter_keuzes) == {Rol.NETWERKLID, Rol.PROFESSIONAL}
    assert 'value="supporter"' not in response.text


def test_a_prefilled_role_the_inviter_may_not_hand_out_is_ignored(client, netwerk, supporter):
    client.force_login(supporter)

    response = client.get(reverse("core:uitnodigen", args=[netwerk.pk]), {"rol": Rol.HOOFDPERSOON})

    assert response.status_code == 200
    form = response.context["form"]
    assert form["rol"].value() == Rol.NETWERKLID
    assert Rol.HOOFDPERSOON not in [value for value, _ in form.fields["rol"].choices]
    assert 'value="hoofdpersoon"' not in response.text


def test_the_form_can_be_prefilled_for_the_hoofdpersoon(client, netwerk, facilitator):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    client.force_login(facilitator)

    response = client.get(
        reverse("core:uitnodigen", args=[netwerk.pk]),
        {"persoon": marieke.pk, "rol": Rol.HOOFDPERSOON},
    )

    form = response.context["form"]
    assert str(form["persoon"].value()) == str(marieke.pk)
    assert form["rol"].value() == Rol.HOOFDPERSOON


@pytest.mark.parametrize("rol", [Rol.SUPPORTER, Rol.HOOFDPERSOON, Rol.FACILITATOR])
def test_a_supporter_cannot_hand_out_a_higher_role(client, netwerk, supporter, rol):
    client.force_login(supporter)
    personen_voor = Persoon.objects.count()

    response = _invite(client, netwerk, naam="Tante Els", rol=rol, email="els@example.org")

    assert response.status_code == 200
    assert "rol" in response.context["form"].errors
    assert response.context["nieuw"] is None
    assert Persoon.objects.count() == personen_voor
    assert not Uitnodiging.objects.exists()
    assert mail.outbox == []


def test_a_supporter_can_invite_a_netwerklid(client, netwerk, supporter):
    client.force_login(supporter)

    response = _invite(client, netwerk, naam="Buurman Kees", rol=Rol.NETWERKLID)

    assert response.status_code == 200
    assert Uitnodiging.objects.get().rol == Rol.NETWERKLID


@pytest.mark.parametrize("fixture", ["netwerklid", "professional"])
def test_looking_roles_may_not_invite(client, netwerk, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    url = reverse("core:uitnodigen", args=[netwerk.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, {"naam": "Tante Els", "rol": Rol.NETWERKLID})

    assert response.status_code == 403
    assert not Uitnodiging.objects.exists()
    assert not Persoon.objects.filter(naam="Tante Els").exists()


def test_an_outsider_does_not_see_the_invite_page(client, netwerk, outsider):
    client.force_login(outsider)
    url = reverse("core:uitnodigen", args=[netwerk.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"naam": "Tante Els", "rol": Rol.NETWERKLID})

    assert response.status_code == 404
    assert not Uitnodiging.objects.exists()
    refused = Toegangslog.objects.filter(
        user=outsider, netwerk_ref=netwerk.pk, uitkomst=Toegangslog.Uitkomst.GEWEIGERD
    )
    assert refused.count() == 2


# Opening and accepting the link


def test_opening_the_link_shows_a_welcome(client, netwerk, invitation):
    users_voor = User.objects.count()

    response = client.get(_url(invitation))

    assert response.status_code == 200
    assert "Welkom, Tante Els" in response.text
    assert netwerk.titel in response.text
    assert '<form method="post">' in response.text
    assert _user_id(client) is None
    assert User.objects.count() == users_voor
    assert Uitnodiging.objects.get().user is None


def test_a_link_preview_never_makes_a_user(netwerk, invitation):
    users_voor = User.objects.count()

    for _ in range(3):
        preview = Client()
        assert preview.get(_url(invitation)).status_code == 200
        assert preview.head(_url(invitation)).status_code == 200

    assert User.objects.count() == users_voor
    assert Uitnodiging.objects.get().aangenomen is None
    assert not Deelname.objects.filter(persoon__naam="Tante Els").exists()


def test_accepting_logs_in_as_a_new_user(client, netwerk, invitation):
    users_voor = User.objects.count()

    response = client.post(_url(invitation))

    assert response.status_code == 302
    assert response.url == netwerk.get_absolute_url()
    assert User.objects.count() == users_voor + 1
    uitnodiging = Uitnodiging.objects.get()
    user = uitnodiging.user
    assert user is not None
    assert uitnodiging.aangenomen is not None
    assert _user_id(client) == str(user.pk)
    assert user.first_name == "Tante Els"
    assert not user.has_usable_password()
    assert not user.is_medewerker

    deelname = Deelname.objects.actief().get(user=user)
    assert deelname.netwerk == netwerk
    assert deelname.rol == Rol.NETWERKLID
    assert deelname.persoon == uitnodiging.persoon

    entry = Toegangslog.objects.get(actie=Toegangslog.Actie.LOGIN, user=user)
    assert entry.onderwerp == "uitnodiging"
    assert entry.netwerk == netwerk

    response = client.get(response.url)
    assert response.status_code == 200
    assert "Welkom, Tante Els!" in response.text


def test_a_used_invitation_does_not_log_in_again(client, netwerk, invitation):
    client.post(_url(invitation))
    els = Uitnodiging.objects.get().user
    users_voor = User.objects.count()

    later = Client()
    page = later.get(_url(invitation))
    response = later.post(_url(invitation))

    for answer in (page, response):
        assert answer.status_code == 410
        assert USED_TEXT in answer.text
        # No address on the account: no e-mail form, only who can make a new link.
        assert f'action="{reverse("login_link_aanvragen")}"' not in answer.text
        assert "Vraag Sanne om een nieuwe inloglink." in answer.text
    assert _user_id(later) is None
    assert User.objects.count() == users_voor
    assert Deelname.objects.filter(user=els).count() == 1
    refused = Toegangslog.objects.filter(
        actie=Toegangslog.Actie.LOGIN, uitkomst=Toegangslog.Uitkomst.GEWEIGERD
    )
    assert refused.count() == 2
    assert {(r.onderwerp, r.gebruikersnaam, r.netwerk_ref) for r in refused} == {
        ("uitnodiging", els.username, netwerk.pk)
    }


def test_who_accepted_it_can_still_open_it_while_logged_in(client, netwerk, invitation):
    client.post(_url(invitation))

    response = client.post(_url(invitation))

    assert response.status_code == 302
    assert response.url == netwerk.get_absolute_url()
    assert _user_id(client) == str(Uitnodiging.objects.get().user_id)


def test_a_used_invitation_offers_a_login_link_by_mail_without_showing_the_address(
    client, netwerk, facilitator
):
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Tante Els", rol="netwerklid", email="els@x.nl"))
    client.logout()
    Client().post(_url(token))

    page = client.get(_url(token))

    assert page.status_code == 410
    assert USED_TEXT in page.text
    assert f'action="{reverse("login_link_aanvragen")}"' in page.text
    assert "Als we je e-mailadres kennen, sturen we een link." in page.text
    assert "els@x.nl" not in page.text
    assert "Geen e-mail?" in page.text

    # The form there sends a link that logs her in once.
    client.post(reverse("login_link_aanvragen"), {"email": "els@x.nl"})
    body = mail.outbox[-1].body
    path = urlsplit(body[body.index("http") :].split()[0]).path
    assert path.startswith("/inloggen/link/")
    assert client.post(path).status_code == 302
    assert _user_id(client) == str(Uitnodiging.objects.get().user_id)


def test_a_used_invitation_names_the_family_member_who_invited(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    token = _token(_invite(client, netwerk, naam="Buurman Mo", rol=Rol.NETWERKLID))
    client.logout()
    Client().post(_url(token))

    page = client.get(_url(token))

    assert "Vraag Marieke of de facilitator om een nieuwe inloglink." in page.text


def test_a_staff_member_accepts_for_their_own_account(client, netwerk, facilitator, organisatie):
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Dr. Jansen", rol=Rol.PROFESSIONAL))
    jansen = make_user("jansen", organisatie)
    client.force_login(jansen)
    users_voor = User.objects.count()

    response = client.post(_url(token))

    assert response.status_code == 302
    assert response.url == netwerk.get_absolute_url()
    assert User.objects.count() == users_voor
    assert _user_id(client) == str(jansen.pk)
    assert Uitnodiging.objects.get().user == jansen
    deelname = Deelname.objects.actief().get(user=jansen)
    assert deelname.rol == Rol.PROFESSIONAL
    assert deelname.persoon.naam == "Dr. Jansen"
    assert jansen.has_usable_password()


def test_a_link_accepted_by_staff_does_not_log_in_strangers(
    client, netwerk, facilitator, organisatie
):
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Dr. Jansen", rol=Rol.PROFESSIONAL))
    jansen = make_user("jansen", organisatie, is_coordinator=True)
    client.force_login(jansen)
    client.post(_url(token))

    stranger = Client()
    preview = stranger.get(_url(token))
    response = stranger.post(_url(token))

    assert preview.status_code == 410
    assert response.status_code == 410
    assert GONE_TEXT in response.text
    assert reverse("login") in response.text
    assert _user_id(stranger) is None
    assert Uitnodiging.objects.get().user == jansen


@pytest.fixture
def accepted_by_jansen(client, netwerk, facilitator, organisatie) -> str:
    """A professional's invitation, accepted by staff member Jansen (logged in on `client`)."""
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Dr. Jansen", rol=Rol.PROFESSIONAL))
    client.force_login(make_user("jansen", organisatie))
    client.post(_url(token))
    return token


def test_a_link_accepted_by_staff_does_not_switch_another_staff_login(
    accepted_by_jansen, facilitator
):
    # The facilitator who made it (logged in, with a password) opens the link too.
    other = _client_for(facilitator)
    response = other.post(_url(accepted_by_jansen))

    assert response.status_code == 410
    assert _user_id(other) == str(facilitator.pk)
    assert not Deelname.objects.filter(user=facilitator, rol=Rol.PROFESSIONAL).exists()


def test_a_staff_member_can_open_their_accepted_link_again(client, netwerk, accepted_by_jansen):
    jansen = User.objects.get(username="jansen")

    response = client.post(_url(accepted_by_jansen))

    assert response.status_code == 302
    assert response.url == netwerk.get_absolute_url()
    assert _user_id(client) == str(jansen.pk)
    assert Deelname.objects.filter(user=jansen).count() == 1


# Revoking and renewing


def test_revoking_ends_the_link_and_the_access(client, netwerk, facilitator, invitation):
    familie = Client()
    familie.post(_url(invitation))
    assert familie.get(netwerk.get_absolute_url()).status_code == 200
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(facilitator)

    response = client.post(
        reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk]), follow=True
    )

    assert response.redirect_chain == [(reverse("core:uitnodigen", args=[netwerk.pk]), 302)]
    assert "is ingetrokken" in response.text
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken is not None
    assert not Deelname.objects.actief().filter(user=uitnodiging.user).exists()
    assert Deelname.objects.get(user=uitnodiging.user).beeindigd is not None

    # The family member is still logged in, but the Netwerk is gone for them at once.
    assert familie.get(netwerk.get_absolute_url()).status_code == 404
    assert familie.get(reverse("netwerkkompas:personen", args=[netwerk.pk])).status_code == 404

    gone = familie.post(_url(invitation))
    assert gone.status_code == 410
    assert GONE_TEXT in gone.text
    assert Client().get(_url(invitation)).status_code == 410
    assert not Deelname.objects.actief().filter(user=uitnodiging.user).exists()


def test_revoking_is_post_only(client, netwerk, facilitator, invitation):
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(facilitator)

    response = client.get(reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk]))

    assert response.status_code == 405
    assert Uitnodiging.objects.get().ingetrokken is None


@pytest.mark.parametrize(("who", "status"), [("netwerklid", 403), ("outsider", 404)])
def test_who_may_not_revoke_cannot(client, request, netwerk, invitation, who, status):
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk]))

    assert response.status_code == status
    assert Uitnodiging.objects.get().ingetrokken is None
    assert Client().get(_url(invitation)).status_code == 200


def test_an_invitation_of_another_netwerk_is_not_found(client, netwerk, outsider, invitation):
    """The outsider may invite in their own Netwerk, but cannot reach ours through it."""
    uitnodiging = Uitnodiging.objects.get()
    eigen = outsider.deelnames.get().netwerk
    client.force_login(outsider)

    response = client.post(reverse("core:uitnodiging_intrekken", args=[eigen.pk, uitnodiging.pk]))

    assert response.status_code == 404
    assert Uitnodiging.objects.get().ingetrokken is None


def test_a_new_link_replaces_the_old_one(client, netwerk, facilitator, invitation):
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(facilitator)

    response = client.post(
        reverse("core:uitnodiging_vernieuwen", args=[netwerk.pk, uitnodiging.pk])
    )

    assert response.status_code == 200
    assert "De oude link werkt niet meer." in response.text
    assert "<svg" in response.text
    new_token = _token(response)
    assert new_token != invitation
    assert response.context["nieuw"]["link"] in response.text
    assert Uitnodiging.objects.get().token_hash == hash_token(new_token)

    visitor = Client()
    old = visitor.get(_url(invitation))
    assert old.status_code == 410
    assert GONE_TEXT in old.text
    assert visitor.post(_url(invitation)).status_code == 410
    assert _user_id(visitor) is None

    assert visitor.get(_url(new_token)).status_code == 200
    response = visitor.post(_url(new_token))
    assert response.status_code == 302
    assert _user_id(visitor) == str(Uitnodiging.objects.get().user_id)


def test_a_revoked_invitation_gets_no_new_link(client, netwerk, facilitator, invitation):
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(facilitator)
    client.post(reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk]))
    token_hash = Uitnodiging.objects.get().token_hash

    response = client.post(
        reverse("core:uitnodiging_vernieuwen", args=[netwerk.pk, uitnodiging.pk])
    )

    assert response.status_code == 404
    assert Uitnodiging.objects.get().token_hash == token_hash


def test_an_expired_invitation_is_gone(client, netwerk, invitation):
    Uitnodiging.objects.update(verloopt=timezone.now() - timedelta(minutes=1))
    users_voor = User.objects.count()

    response = client.get(_url(invitation))

    assert response.status_code == 410
    assert GONE_TEXT in response.text
    assert client.post(_url(invitation)).status_code == 410
    assert _user_id(client) is None
    assert User.objects.count() == users_voor


def test_an_unknown_token_is_gone(client, db):
    response = client.get(_url("verzonnen-token"))

    assert response.status_code == 410
    assert GONE_TEXT in response.text


def test_only_who_may_hand_out_a_role_may_revoke_it(client, netwerk, facilitator, supporter):
    uitnodiging, _token = do_invite(
        netwerk=netwerk, rol=Rol.FACILITATOR, by=facilitator, naam="Tweede facilitator"
    )
    client.force_login(supporter)
    url = reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk])
    assert client.post(url).status_code == 403
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken is None


# Rules found in review: who may accept, renew and revoke what


def test_a_supporter_cannot_renew_the_hoofdpersoons_link(client, netwerk, facilitator, supporter):
    """A fresh link into the hoofdpersoon's account would let the supporter act as her."""
    client.force_login(facilitator)
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    token = _token(_invite(client, netwerk, persoon=marieke.pk, rol=Rol.HOOFDPERSOON))
    Client().post(_url(token))
    uitnodiging = Uitnodiging.objects.get(rol=Rol.HOOFDPERSOON)
    client.force_login(supporter)

    response = client.post(
        reverse("core:uitnodiging_vernieuwen", args=[netwerk.pk, uitnodiging.pk])
    )

    assert response.status_code == 403
    assert Uitnodiging.objects.get(rol=Rol.HOOFDPERSOON).token_hash == hash_token(token)
    page = client.get(reverse("core:uitnodigen", args=[netwerk.pk])).text
    assert reverse("core:uitnodiging_vernieuwen", args=[netwerk.pk, uitnodiging.pk]) not in page


def test_a_staff_role_invitation_needs_a_staff_login(client, netwerk, facilitator):
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Dr. Jansen", rol=Rol.PROFESSIONAL))
    users_before = User.objects.count()
    anonymous = Client()

    page = anonymous.get(_url(token))
    response = anonymous.post(_url(token))

    assert "Deze uitnodiging is voor een medewerker" in page.text
    assert f"{reverse('login')}?next=" in page.text
    assert response.status_code == 200
    assert _user_id(anonymous) is None
    assert User.objects.count() == users_before
    assert Uitnodiging.objects.get(persoon__naam="Dr. Jansen").user is None


def test_staff_opening_a_family_invitation_does_not_take_it(
    client, netwerk, facilitator, invitation
):
    client.force_login(facilitator)

    response = client.post(_url(invitation))

    assert "Deze uitnodiging is voor iemand anders" in response.text
    assert Uitnodiging.objects.get().user is None
    assert not Deelname.objects.filter(user=facilitator, rol=Rol.NETWERKLID).exists()
    # After logging out here, the page comes back for the right person to tap.
    after = client.post(reverse("logout"), {"next": _url(invitation)}, follow=True)
    assert "Ja, ik ben Tante Els. Verder" in after.text


def test_logout_does_not_redirect_elsewhere(client, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("logout"), {"next": "https://evil.example.com/"})
    assert response.url == reverse("login")


def test_an_invitation_revoked_while_being_accepted_is_not_accepted(netwerk, invitation):
    uitnodiging = Uitnodiging.objects.get()  # the view found it valid a moment ago
    do_revoke_invitation(Uitnodiging.objects.get())

    # The locked re-read inside the accept sees the revocation.
    with pytest.raises(InvitationGone):
        do_accept_invitation(uitnodiging, AnonymousUser())
    assert Uitnodiging.objects.get().user is None


def test_revoking_ends_only_the_access_that_invitation_gave(client, netwerk, facilitator):
    client.force_login(facilitator)
    token = _token(_invite(client, netwerk, naam="Tante Els", rol=Rol.NETWERKLID))
    familie = Client()
    familie.post(_url(token))
    els = Uitnodiging.objects.get().user
    # Later Marieke makes Els a supporter too, in a Deelname of its own.
    Deelname.objects.filter(user=els).update(beeindigd=timezone.now())
    Deelname.objects.create(netwerk=netwerk, user=els, rol=Rol.SUPPORTER)

    client.post(
        reverse("core:uitnodiging_intrekken", args=[netwerk.pk, Uitnodiging.objects.get().pk])
    )

    assert Deelname.objects.actief().get(user=els).rol == Rol.SUPPORTER


def test_an_accepted_invitation_gets_no_new_link(client, netwerk, facilitator, invitation):
    """It would open nothing: an accepted invitation works once. A login link does."""
    Client().post(_url(invitation))
    uitnodiging = Uitnodiging.objects.get()
    client.force_login(facilitator)
    url = reverse("core:uitnodiging_vernieuwen", args=[netwerk.pk, uitnodiging.pk])

    assert url not in client.get(reverse("core:uitnodigen", args=[netwerk.pk])).text
    assert client.post(url).status_code == 404
    assert Uitnodiging.objects.get().token_hash == hash_token(invitation)


# A new login link for a family member without e-mail


def _inloglink_url(netwerk, user) -> str:
    deelname = Deelname.objects.actief().get(netwerk=netwerk, user=user)
    return reverse("core:inloglink_maken", args=[netwerk.pk, deelname.pk])


def _login_link_path(response) -> str:
    path = urlsplit(response.context["link"]).path
    assert path.startswith("/inloggen/link/")
    return path


def test_the_hoofdpersoon_makes_a_login_link_that_works_once(
    client, netwerk, hoofdpersoon, supporter
):
    client.force_login(hoofdpersoon)

    response = client.post(_inloglink_url(netwerk, supporter))

    assert response.status_code == 200
    assert ONCE_TEXT in response.text
    assert "De inloglink voor Els" in response.text
    assert response.context["link"] in response.text
    assert "<svg" in response.text
    assert 'data-copy="#inloglink"' in response.text
    link = LoginLink.objects.get()
    assert link.user == supporter
    assert timedelta(minutes=14) < link.verloopt - timezone.now() <= timedelta(minutes=15)
    entry = Toegangslog.objects.filter(actie=Toegangslog.Actie.CREATE).get()
    assert (entry.user, entry.netwerk, entry.rol) == (hoofdpersoon, netwerk, Rol.HOOFDPERSOON)

    els = Client()
    path = _login_link_path(response)
    assert els.get(path).status_code == 200
    assert els.post(path).status_code == 302
    assert _user_id(els) == str(supporter.pk)
    assert els.get(netwerk.get_absolute_url()).status_code == 200
    again = Client()
    assert again.post(path).status_code == 410
    assert _user_id(again) is None


def test_the_invitations_page_offers_login_links_for_family_only(
    client, netwerk, hoofdpersoon, supporter, netwerklid, facilitator
):
    client.force_login(hoofdpersoon)

    page = client.get(reverse("core:uitnodigen", args=[netwerk.pk])).text

    assert "Nieuwe inloglink" in page
    assert _inloglink_url(netwerk, supporter) in page
    assert _inloglink_url(netwerk, netwerklid) in page
    assert _inloglink_url(netwerk, facilitator) not in page
    assert _inloglink_url(netwerk, hoofdpersoon) not in page  # herself


def test_a_supporter_cannot_make_a_login_link_for_the_hoofdpersoon(
    client, netwerk, hoofdpersoon, supporter, netwerklid
):
    client.force_login(supporter)
    page = client.get(reverse("core:uitnodigen", args=[netwerk.pk])).text
    assert _inloglink_url(netwerk, netwerklid) in page
    assert _inloglink_url(netwerk, hoofdpersoon) not in page

    response = client.post(_inloglink_url(netwerk, hoofdpersoon))

    assert response.status_code == 403
    assert not LoginLink.objects.exists()
    assert client.post(_inloglink_url(netwerk, netwerklid)).status_code == 200


def test_a_staff_account_never_gets_a_login_link(client, netwerk, hoofdpersoon, professional):
    client.force_login(hoofdpersoon)

    response = client.post(_inloglink_url(netwerk, professional))

    assert response.status_code == 404
    assert not LoginLink.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("netwerklid", 403), ("outsider", 404)])
def test_who_may_not_invite_makes_no_login_link(client, request, netwerk, supporter, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.post(_inloglink_url(netwerk, supporter)).status_code == status
    assert not LoginLink.objects.exists()


def test_a_login_link_is_made_by_post_only(client, netwerk, hoofdpersoon, supporter):
    client.force_login(hoofdpersoon)

    assert client.get(_inloglink_url(netwerk, supporter)).status_code == 405
    assert not LoginLink.objects.exists()


def test_no_login_link_for_a_member_of_another_netwerk(client, netwerk, outsider, facilitator):
    """The outsider's own Netwerk has a family member; our facilitator cannot reach them."""
    eigen = outsider.deelnames.get().netwerk
    lid = make_user("kees")
    deelname = Deelname.objects.create(netwerk=eigen, user=lid, rol=Rol.NETWERKLID)
    client.force_login(facilitator)

    response = client.post(reverse("core:inloglink_maken", args=[netwerk.pk, deelname.pk]))

    assert response.status_code == 404
    assert not LoginLink.objects.exists()


def test_no_login_link_once_the_invitation_is_revoked(client, netwerk, facilitator, invitation):
    familie = Client()
    familie.post(_url(invitation))
    uitnodiging = Uitnodiging.objects.get()
    url = _inloglink_url(netwerk, uitnodiging.user)
    client.force_login(facilitator)
    client.post(reverse("core:uitnodiging_intrekken", args=[netwerk.pk, uitnodiging.pk]))

    assert client.post(url).status_code == 404
    assert not LoginLink.objects.exists()
    old = Client().get(_url(invitation))
    assert old.status_code == 410
    assert "Deze uitnodiging is ingetrokken." in old.text
    assert USED_TEXT not in old.text

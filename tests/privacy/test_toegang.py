"""Wie mag wat zien: every Deelname, open invitations, who reads what, and ending access."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwerkkompas.models import Perspectief, Verhaal
from sonestra.core import actions
from sonestra.core.models import Deelname, Netwerk, Persoon, Sessie, Toegangslog, Uitnodiging, User
from sonestra.core.roles import Rol, Zichtbaarheid
from tests.conftest import ROLE_FIXTURES


def url(netwerk) -> str:
    return reverse("privacy:toegang", args=[netwerk.pk])


def stop_url(deelname) -> str:
    return reverse("privacy:toegang_stoppen", args=[deelname.netwerk_id, deelname.pk])


def intrekken_url(uitnodiging) -> str:
    return reverse("privacy:uitnodiging_intrekken", args=[uitnodiging.netwerk_id, uitnodiging.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Who may open it --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rol, status",
    [
        (Rol.HOOFDPERSOON, 200),
        (Rol.SUPPORTER, 403),
        (Rol.NETWERKLID, 403),
        (Rol.FACILITATOR, 403),
        (Rol.PROFESSIONAL, 403),
        (Rol.COORDINATOR, 403),
    ],
)
def test_it_is_for_the_hoofdpersoon_only(client, request, netwerk, members, rol, status):
    client.force_login(members[rol])
    assert client.get(url(netwerk)).status_code == status
    # Nobody but the hoofdpersoon ends someone's access from here.
    doel = members[Rol.NETWERKLID].deelnames.get()
    response = client.post(stop_url(doel))
    assert response.status_code == (302 if status == 200 else status)
    assert Deelname.objects.get(pk=doel.pk).beeindigd is None or rol == Rol.HOOFDPERSOON


def test_it_does_not_exist_for_an_outsider(client, netwerk, outsider, supporter):
    client.force_login(outsider)
    assert client.get(url(netwerk)).status_code == 404
    assert client.post(stop_url(supporter.deelnames.get())).status_code == 404
    assert Deelname.objects.actief().filter(user=supporter).exists()


def test_it_sends_anonymous_visitors_to_the_login(client, netwerk):
    response = client.get(url(netwerk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- What it shows ----------------------------------------------------------------------


def test_it_shows_everyone_and_what_they_may_read(client, members, netwerk, facilitator):
    hoofdpersoon, supporter = members[Rol.HOOFDPERSOON], members[Rol.SUPPORTER]
    uitnodiging, _token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=hoofdpersoon, naam="Oom Kees"
    )
    Verhaal.objects.create(
        netwerk=netwerk, tekst="Ik woon alleen.", auteur=hoofdpersoon, zichtbaarheid="netwerk"
    )
    Perspectief.objects.create(
        netwerk=netwerk,
        auteur=supporter,
        persoon=supporter.deelnames.get().persoon,
        kijk="Marieke wil zelf koken.",
        zichtbaarheid=Zichtbaarheid.PROFESSIONALS,
    )
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    text = response.content.decode()
    deelnemers = [(d.naam, d.rol, d.ik, d.mag_stoppen) for d in response.context["deelnemers"]]
    assert deelnemers == [
        ("Marieke Bakker", "Hoofdpersoon", True, False),
        ("Els", "Supporter", False, True),
        ("Sevda", "Netwerklid", False, True),
        ("Sanne", "Facilitator", False, True),
        ("Ahmed", "Professional", False, True),
    ]
    assert "Marieke Bakker (jij)" in text
    assert "Toegang van Els stoppen" in text
    assert "Uitnodiging van Oom Kees intrekken" in text
    assert intrekken_url(uitnodiging) in text
    # The story and each perspective, with who reads them.
    assert [(s.titel, s.voor_wie) for s in response.context["stukken"]] == [
        ("Mijn verhaal", "Voor mijn netwerk"),
        ("De kijk van Els", "Voor mijn netwerk en de professionals"),
    ]
    assert reverse("netwerkkompas:zichtbaarheid", args=[netwerk.pk]) in text
    # What each role may see, from the rights in the code.
    rollen = {r.rol: r for r in response.context["rollen"]}
    assert rollen["Professional"].verhaal == "Alleen wat jij deelt met de professionals"
    assert rollen["Netwerklid"].verhaal == "Wat jij deelt met je netwerk"
    assert rollen["Facilitator"].verhaal == "Alles, ook wat alleen voor jou is"
    assert rollen["Coördinator"].verhaal == "Niets"
    assert not rollen["Netwerklid"].contact and rollen["Supporter"].contact
    assert rollen["Coördinator"].netwerk.startswith("Nee.")
    assert "Wat mag elke rol zien" in text


def test_a_used_or_revoked_invitation_is_not_open(client, netwerk, hoofdpersoon, supporter):
    gebruikt, _ = actions.do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=supporter, naam="Jan")
    actions.do_accept_invitation(gebruikt, None)
    ingetrokken, _ = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=supporter, naam="Ria"
    )
    actions.do_revoke_invitation(ingetrokken)
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    assert response.context["uitnodigingen"] == []
    assert "Er staan geen uitnodigingen open." in response.content.decode()
    # Jan, who used his link, is among the people who take part.
    assert "Jan" in [d.naam for d in response.context["deelnemers"]]


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def test_it_costs_the_same_however_many_take_part(client, netwerk, hoofdpersoon, facilitator):
    """session, user, access lookup, access log insert (BASE 4) + the Deelnames with their
    login and Persoon + the open invitations with their Persoon + the story + the
    perspectives with their Persoon and author."""
    client.force_login(hoofdpersoon)
    klein = count_queries(client, url(netwerk))
    Verhaal.objects.create(netwerk=netwerk, tekst="Mijn verhaal.", auteur=hoofdpersoon)
    for i in range(40):
        user = User.objects.create(username=f"lid{i}", first_name=f"Lid {i}")
        persoon = Persoon.objects.create(netwerk=netwerk, naam=f"Lid {i}")
        Deelname.objects.create(netwerk=netwerk, user=user, rol=Rol.NETWERKLID, persoon=persoon)
        Perspectief.objects.create(netwerk=netwerk, auteur=user, persoon=persoon, kijk="Goed.")
        actions.do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam=f"Nieuw {i}")
    groot = count_queries(client, url(netwerk))
    assert klein == groot == 8


# --- Ending someone's access ------------------------------------------------------------


def test_ending_access_logs_them_out_everywhere_at_once(netwerk, hoofdpersoon, supporter):
    els = Client()
    els.force_login(supporter)
    els_telefoon = Client()
    els_telefoon.force_login(supporter)
    netwerk_url = reverse("core:netwerk", args=[netwerk.pk])
    assert els.get(netwerk_url).status_code == 200
    assert Sessie.objects.filter(user=supporter).count() == 2

    marieke = Client()
    marieke.force_login(hoofdpersoon)
    response = marieke.post(stop_url(supporter.deelnames.get()), follow=True)
    assert response.redirect_chain == [(url(netwerk), 302)]
    assert messages_of(response) == ["Els kan niet meer in dit netwerk en is nu overal uitgelogd."]
    for client in (els, els_telefoon):
        response = client.get(netwerk_url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Sessie.objects.filter(user=supporter).exists()
    # Marieke herself is still logged in.
    assert marieke.get(url(netwerk)).status_code == 200
    assert not Deelname.objects.actief().filter(user=supporter).exists()
    assert "Els" not in [d.naam for d in marieke.get(url(netwerk)).context["deelnemers"]]


def test_ending_access_stops_their_invitation_link(client, netwerk, hoofdpersoon, supporter):
    uitnodiging, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=supporter, naam="Buurman Mo"
    )
    mo = actions.do_accept_invitation(uitnodiging, None)
    client.force_login(hoofdpersoon)
    client.post(stop_url(mo.deelnames.get()))
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken is not None
    # The link no longer brings Mo back in.
    anders = Client()
    assert anders.get(reverse("core:uitnodiging", args=[token])).status_code == 410


def test_staff_and_people_in_other_netwerken_stay_logged_in(
    netwerk, organisatie, hoofdpersoon, facilitator, netwerklid
):
    ander = Netwerk.objects.create(titel="Het netwerk van Joost", organisatie=organisatie)
    Deelname.objects.create(netwerk=ander, user=netwerklid, rol=Rol.SUPPORTER)
    sanne, sevda = Client(), Client()
    sanne.force_login(facilitator)
    sevda.force_login(netwerklid)
    marieke = Client()
    marieke.force_login(hoofdpersoon)

    response = marieke.post(stop_url(facilitator.deelnames.get()), follow=True)
    assert messages_of(response) == [
        "Sanne kan niet meer in dit netwerk. Vanaf nu ziet Sanne het niet meer."
    ]
    response = marieke.post(stop_url(netwerklid.deelnames.get(netwerk=netwerk)), follow=True)
    assert messages_of(response) == [
        "Sevda kan niet meer in dit netwerk. Vanaf nu ziet Sevda het niet meer."
    ]
    for client, user in ((sanne, facilitator), (sevda, netwerklid)):
        # Still logged in, and this Netwerk is gone for them at once.
        assert Sessie.objects.filter(user=user).exists()
        assert client.get(reverse("core:netwerk", args=[netwerk.pk])).status_code == 404
        assert client.get(reverse("core:mijn_netwerken")).status_code == 200
    assert sevda.get(reverse("core:netwerk", args=[ander.pk])).status_code == 200


def test_the_hoofdpersoon_cannot_end_their_own_access(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    eigen = hoofdpersoon.deelnames.get()
    response = client.post(stop_url(eigen), follow=True)
    assert response.status_code == 200
    assert messages_of(response)[0].startswith("Je kunt jezelf niet uit je eigen netwerk halen.")
    assert Deelname.objects.get(pk=eigen.pk).beeindigd is None
    assert Session.objects.count() == 1
    # Nothing was removed, and the log says so.
    regel = Toegangslog.objects.filter(actie=Toegangslog.Actie.DELETE).get()
    assert regel.uitkomst == Toegangslog.Uitkomst.GEWEIGERD


def test_a_second_hoofdpersoon_is_for_the_facilitator(client, netwerk, hoofdpersoon):
    vertegenwoordiger = User.objects.create(username="moeder", first_name="Anja")
    tweede = Deelname.objects.create(netwerk=netwerk, user=vertegenwoordiger, rol=Rol.HOOFDPERSOON)
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    assert ("Anja", False) in [(d.naam, d.mag_stoppen) for d in response.context["deelnemers"]]
    response = client.post(stop_url(tweede), follow=True)
    assert messages_of(response) == ["Alleen de facilitator kan de toegang van Anja stoppen."]
    assert Deelname.objects.get(pk=tweede.pk).beeindigd is None
    regel = Toegangslog.objects.filter(actie=Toegangslog.Actie.DELETE).get()
    assert regel.uitkomst == Toegangslog.Uitkomst.GEWEIGERD


def test_a_second_tap_says_it_was_already_done(client, netwerk, hoofdpersoon, supporter):
    client.force_login(hoofdpersoon)
    deelname = supporter.deelnames.get()
    client.post(stop_url(deelname), follow=True)
    response = client.post(stop_url(deelname), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["Els kon al niet meer in dit netwerk."]


def test_another_netwerks_deelname_is_not_found(client, netwerk, hoofdpersoon, outsider):
    client.force_login(hoofdpersoon)
    elders = outsider.deelnames.get()
    response = client.post(reverse("privacy:toegang_stoppen", args=[netwerk.pk, elders.pk]))
    assert response.status_code == 404
    assert Deelname.objects.get(pk=elders.pk).beeindigd is None


def test_ending_access_is_logged_as_a_delete(client, netwerk, hoofdpersoon, supporter):
    client.force_login(hoofdpersoon)
    deelname = supporter.deelnames.get()
    client.post(stop_url(deelname))
    regel = Toegangslog.objects.filter(user=hoofdpersoon).order_by("-pk").first()
    assert regel is not None
    assert (regel.actie, regel.rol, regel.onderwerp, regel.uitkomst) == (
        Toegangslog.Actie.DELETE,
        Rol.HOOFDPERSOON,
        stop_url(deelname),
        "toegestaan",
    )


def test_it_only_takes_a_post(client, netwerk, hoofdpersoon, supporter):
    client.force_login(hoofdpersoon)
    assert client.get(stop_url(supporter.deelnames.get())).status_code == 405
    assert Deelname.objects.actief().filter(user=supporter).exists()


# --- Revoking an invitation -------------------------------------------------------------


def test_it_revokes_an_open_invitation(client, netwerk, hoofdpersoon):
    uitnodiging, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=hoofdpersoon, naam="Oom Kees"
    )
    client.force_login(hoofdpersoon)
    response = client.post(intrekken_url(uitnodiging), follow=True)
    assert messages_of(response) == [
        "De uitnodiging van Oom Kees is ingetrokken. De link werkt niet meer."
    ]
    uitnodiging.refresh_from_db()
    assert uitnodiging.ingetrokken is not None
    assert response.context["uitnodigingen"] == []
    assert Client().get(reverse("core:uitnodiging", args=[token])).status_code == 410
    assert Toegangslog.objects.filter(
        user=hoofdpersoon, actie=Toegangslog.Actie.DELETE, onderwerp=intrekken_url(uitnodiging)
    ).exists()

    # Again, from a page left open: a clear word, no error.
    response = client.post(intrekken_url(uitnodiging), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["De uitnodiging van Oom Kees was al ingetrokken."]


def test_an_invitation_opened_meanwhile_ends_that_access_too(netwerk, hoofdpersoon):
    uitnodiging, _ = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=hoofdpersoon, naam="Oom Kees"
    )
    marieke = Client()
    marieke.force_login(hoofdpersoon)
    marieke.get(url(netwerk))  # the page shows the invitation as open
    kees_user = actions.do_accept_invitation(uitnodiging, None)
    kees = Client()
    kees.force_login(kees_user)
    marieke.post(intrekken_url(uitnodiging))
    assert not Deelname.objects.actief().filter(user=kees_user).exists()
    assert kees.get(reverse("core:netwerk", args=[netwerk.pk])).status_code == 302


def test_an_invitation_for_a_hoofdpersoon_is_for_the_facilitator(
    client, netwerk, hoofdpersoon, facilitator
):
    uitnodiging, _ = actions.do_invite(
        netwerk=netwerk, rol=Rol.HOOFDPERSOON, by=facilitator, naam="Anja Bakker"
    )
    client.force_login(hoofdpersoon)
    assert client.get(url(netwerk)).context["uitnodigingen"] == [(uitnodiging, False)]
    response = client.post(intrekken_url(uitnodiging), follow=True)
    assert messages_of(response) == [
        "Alleen de facilitator kan de uitnodiging van Anja Bakker intrekken."
    ]
    assert Uitnodiging.objects.get(pk=uitnodiging.pk).ingetrokken is None


@pytest.mark.parametrize("rol", [Rol.SUPPORTER, Rol.FACILITATOR, Rol.PROFESSIONAL])
def test_others_cannot_revoke_from_here(client, request, netwerk, hoofdpersoon, rol):
    uitnodiging, _ = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=hoofdpersoon, naam="Oom Kees"
    )
    client.force_login(request.getfixturevalue(ROLE_FIXTURES[rol]))
    assert client.post(intrekken_url(uitnodiging)).status_code == 403
    assert Uitnodiging.objects.get(pk=uitnodiging.pk).ingetrokken is None

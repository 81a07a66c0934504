"""Wie nodigen we uit: picking invitees, the reason nobody else reads, personal links,
answers from a phone, and the beraad in the invitee's agenda (.ics)."""

from __future__ import annotations

import re
from datetime import datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from beraad.models import Beraad, Genodigde, Voorwaarde, Vraag
from sonestra.core.models import Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REDEN = "Oom Kees drinkt en dan wordt het onrustig"
GEHEIME_OPMERKING = "Ik heb vervoer nodig vanaf Zeist"
ROLLEN = [
    Rol.HOOFDPERSOON,
    Rol.SUPPORTER,
    Rol.NETWERKLID,
    Rol.FACILITATOR,
    Rol.PROFESSIONAL,
    Rol.COORDINATOR,
]
VOORBEREIDERS = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def persoon(netwerk, naam: str, **fields) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam=naam, **fields)


def uitnodigen(beraad, wie: Persoon, **fields) -> Genodigde:
    return Genodigde.objects.create(netwerk=beraad.netwerk, beraad=beraad, persoon=wie, **fields)


def met_link(genodigde: Genodigde) -> str:
    token = genodigde.new_token()
    genodigde.save(update_fields=["token_hash", "link_gemaakt"])
    return token


def gepland(beraad: Beraad, **fields) -> Beraad:
    beraad.datum = datetime(2026, 12, 8, 19, 0, tzinfo=AMSTERDAM)
    beraad.eindtijd = time(21, 30)
    beraad.waar = "Bij oma Truus thuis, Lindelaan 12 in Utrecht"
    for name, value in fields.items():
        setattr(beraad, name, value)
    beraad.save()
    return beraad


def lijst_url(beraad) -> str:
    return reverse("beraad:genodigden", args=[beraad.netwerk_id, beraad.pk])


def genodigde_url(g: Genodigde) -> str:
    return reverse("beraad:genodigde", args=[g.netwerk_id, g.beraad_id, g.pk])


def link_url(g: Genodigde) -> str:
    return reverse("beraad:genodigde_link", args=[g.netwerk_id, g.beraad_id, g.pk])


def antwoord_url(token: str) -> str:
    return reverse("beraad_antwoord", args=[token])


def html(response) -> str:
    return response.content.decode()


def verwachte_dag() -> str:
    jaar = "" if timezone.localtime().year == 2026 else " 2026"
    return f"dinsdag 8 december{jaar}"


@pytest.fixture
def marieke(netwerk) -> Persoon:
    hoofd = netwerk.personen.get(is_hoofdpersoon=True)
    hoofd.geslacht = Persoon.Geslacht.VROUW
    hoofd.save()
    return hoofd


@pytest.fixture
def els(netwerk) -> Persoon:
    return persoon(netwerk, "Tante Els", soort=Persoon.Soort.FAMILIE, email="els@example.org")


@pytest.fixture
def kees(netwerk) -> Persoon:
    return persoon(netwerk, "Oom Kees", soort=Persoon.Soort.FAMILIE)


@pytest.fixture
def ander_beraad(outsider):
    """A beraad in someone else's Netwerk, with an invitee of its own."""
    netwerk = Netwerk.objects.get(titel="Het netwerk van Emre")
    beraad = Beraad.objects.create(netwerk=netwerk)
    emre = persoon(netwerk, "Emre", is_hoofdpersoon=True)
    buurman = persoon(netwerk, "Buurman Joop")
    g = uitnodigen(beraad, buurman)
    return beraad, emre, buurman, g


# --- Rights per role ----------------------------------------------------------------------


@pytest.mark.parametrize("rol", ROLLEN)
def test_it_shows_the_list_to_every_participant_but_not_the_coordinator(members, beraad, els, rol):
    uitnodigen(beraad, els, antwoord=Genodigde.Antwoord.KOMT)
    response = _client(members[rol]).get(lijst_url(beraad))
    if rol == Rol.COORDINATOR:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert "Tante Els" in html(response)
    # Only who prepares the beraad gets the forms to change the list.
    assert ('name="actie" value="kiezen"' in html(response)) == (rol in VOORBEREIDERS)


def test_it_sends_anonymous_visitors_to_the_login_and_outsiders_get_404(client, outsider, beraad):
    response = client.get(lijst_url(beraad))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert _client(outsider).get(lijst_url(beraad)).status_code == 404


@pytest.mark.parametrize("rol", ROLLEN)
def test_only_who_prepares_may_change_the_list(members, beraad, els, rol):
    response = _client(members[rol]).post(
        lijst_url(beraad), {"actie": "kiezen", "personen": [els.pk]}
    )
    gekozen = Genodigde.objects.filter(beraad=beraad, persoon=els).exists()
    if rol in VOORBEREIDERS:
        assert response.status_code == 302
        assert gekozen
    else:
        assert response.status_code == 403
        assert not gekozen


@pytest.mark.parametrize("rol", ROLLEN)
def test_only_who_prepares_may_open_an_invitee_or_make_a_link(members, beraad, els, rol):
    g = uitnodigen(beraad, els)
    client = _client(members[rol])
    expected = 200 if rol in VOORBEREIDERS else 403
    assert client.get(genodigde_url(g)).status_code == expected
    response = client.post(link_url(g))
    assert response.status_code == expected
    g.refresh_from_db()
    assert (g.token_hash is not None) == (rol in VOORBEREIDERS)


def test_another_netwerks_ids_do_not_exist(facilitator, beraad, ander_beraad):
    anders, _emre, buurman, vreemd = ander_beraad
    client = _client(facilitator)
    netwerk_id = beraad.netwerk_id
    # Their beraad under our Netwerk, their invitee under our beraad: 404, never theirs.
    assert client.get(reverse("beraad:genodigden", args=[netwerk_id, anders.pk])).status_code == 404
    args = [netwerk_id, beraad.pk, vreemd.pk]
    assert client.get(reverse("beraad:genodigde", args=args)).status_code == 404
    assert client.post(reverse("beraad:genodigde_link", args=args)).status_code == 404
    assert client.get(reverse("beraad:agenda", args=[netwerk_id, anders.pk])).status_code == 404
    # Their person is no choice in our list.
    response = client.post(lijst_url(beraad), {"actie": "kiezen", "personen": [buurman.pk]})
    assert response.status_code == 200
    assert "Kies alleen mensen uit de groslijst van dit netwerk." in html(response)
    response = client.post(lijst_url(beraad), {"actie": "niet_uitnodigen", "persoon": buurman.pk})
    assert response.status_code == 200
    assert not Genodigde.objects.filter(beraad=beraad).exists()
    vreemd.refresh_from_db()
    assert vreemd.token_hash is None


# --- Picking from the groslijst -----------------------------------------------------------


def test_it_groups_the_groslijst_with_professionals_last_and_the_hoofdpersoon_always_there(
    hoofdpersoon, beraad, marieke, netwerk
):
    persoon(netwerk, "Dokter Jansen", soort=Persoon.Soort.PROFESSIONAL)
    persoon(netwerk, "Buurvrouw Ans", soort=Persoon.Soort.BUURT)
    persoon(netwerk, "Opa Henk", soort=Persoon.Soort.FAMILIE, tijd=Persoon.Tijd.VERLEDEN)
    persoon(netwerk, "Oma Truus", soort=Persoon.Soort.FAMILIE, overleden=True)
    response = _client(hoofdpersoon).get(lijst_url(beraad))
    groepen = response.context["kies_groepen"]
    labels = [g.label for g in groepen]
    assert labels[0] == "Familie"
    assert labels[-1] == "Professionals"
    namen = [k.persoon.naam for g in groepen for k in g.keuzes]
    assert "Opa Henk" in namen  # people from the past may be asked back
    assert "Marieke Bakker" not in namen
    assert "Oma Truus" not in namen
    assert "is er altijd bij" in html(response)
    assert 'value="{}"'.format(netwerk.personen.get(naam="Opa Henk").pk) in html(response)


def test_ticking_adds_and_unticking_removes_who_has_not_answered(
    supporter, beraad, els, kees, netwerk
):
    ans = persoon(netwerk, "Buurvrouw Ans")
    client = _client(supporter)
    client.post(lijst_url(beraad), {"actie": "kiezen", "personen": [els.pk, kees.pk, ans.pk]})
    assert set(
        Genodigde.objects.filter(beraad=beraad, uitgenodigd=True).values_list("persoon", flat=True)
    ) == {els.pk, kees.pk, ans.pk}
    Genodigde.objects.filter(persoon=els).update(antwoord=Genodigde.Antwoord.KOMT)
    stempel = Beraad.objects.get(pk=beraad.pk).stempel

    response = client.post(
        lijst_url(beraad),
        {"actie": "kiezen", "personen": [ans.pk], "getoond": [els.pk, kees.pk, ans.pk]},
        follow=True,
    )
    over = set(Genodigde.objects.filter(beraad=beraad).values_list("persoon", flat=True))
    assert over == {els.pk, ans.pk}  # Els answered: she stays until removed on purpose
    assert "Tante Els heeft al geantwoord en staat nog op de lijst." in html(response)
    assert "1 persoon eraf" in html(response)
    assert Beraad.objects.get(pk=beraad.pk).stempel == stempel + 1


def test_a_save_only_changes_what_this_page_showed(supporter, facilitator, beraad, els, kees):
    # The supporter opened the page with Els ticked; the facilitator then adds Kees.
    uitnodigen(beraad, els)
    getoond = _client(supporter).get(lijst_url(beraad)).context["getoond"]
    _client(facilitator).post(
        lijst_url(beraad), {"actie": "kiezen", "personen": [els.pk, kees.pk], "getoond": [els.pk]}
    )
    _client(supporter).post(
        lijst_url(beraad), {"actie": "kiezen", "personen": [els.pk], "getoond": getoond}
    )
    assert set(Genodigde.objects.filter(beraad=beraad).values_list("persoon", flat=True)) == {
        els.pk,
        kees.pk,
    }


def test_the_hoofdpersoon_is_no_choice(facilitator, beraad, marieke):
    response = _client(facilitator).post(
        lijst_url(beraad), {"actie": "kiezen", "personen": [marieke.pk]}
    )
    assert response.status_code == 200
    assert "Kies alleen mensen uit de groslijst van dit netwerk." in html(response)
    assert not Genodigde.objects.exists()


def test_a_finished_beraad_keeps_its_list(facilitator, beraad, els):
    Beraad.objects.filter(pk=beraad.pk).update(fase=Beraad.Fase.AFGEROND)
    g = uitnodigen(beraad, els)
    client = _client(facilitator)
    response = client.post(lijst_url(beraad), {"actie": "kiezen", "personen": []}, follow=True)
    assert "Dit beraad is afgerond." in html(response)
    response = client.post(genodigde_url(g), {"verwijderen": "1"}, follow=True)
    assert "Dit beraad is afgerond." in html(response)
    response = client.post(link_url(g), follow=True)
    assert "Dit beraad is afgerond." in html(response)
    g.refresh_from_db()
    assert g.token_hash is None


# --- Who answered what --------------------------------------------------------------------


def test_the_overview_counts_answers_and_shows_remarks_only_to_who_prepares(
    members, beraad, els, kees, netwerk
):
    uitnodigen(beraad, els, antwoord="komt", opmerking=GEHEIME_OPMERKING)
    uitnodigen(beraad, kees, antwoord="komt_niet")
    uitnodigen(beraad, persoon(netwerk, "Buurvrouw Ans"), antwoord="misschien")
    uitnodigen(beraad, persoon(netwerk, "Juf Fatima"))
    uitnodigen(beraad, persoon(netwerk, "Neef Bas"))
    for rol in ROLLEN[:-1]:
        response = _client(members[rol]).get(lijst_url(beraad))
        tellingen = {
            sleutel: len(rijen) for sleutel, _label, rijen in response.context["antwoord_groepen"]
        }
        assert tellingen == {"komt": 1, "komt_niet": 1, "misschien": 1, "": 2}
        assert (GEHEIME_OPMERKING in html(response)) == (rol in VOORBEREIDERS), rol


# --- Wie nodigen we bewust niet uit -------------------------------------------------------


def test_the_reason_is_read_only_by_the_hoofdpersoon_and_the_facilitator(
    members, beraad, kees, els
):
    response = _client(members[Rol.HOOFDPERSOON]).post(
        lijst_url(beraad), {"actie": "niet_uitnodigen", "persoon": kees.pk, "reden": REDEN}
    )
    assert response.status_code == 302
    g = Genodigde.objects.get(beraad=beraad, persoon=kees)
    assert (g.uitgenodigd, g.reden) == (False, REDEN)
    uitnodigen(beraad, els)

    for rol in ROLLEN[:-1]:
        client = _client(members[rol])
        lijst = html(client.get(lijst_url(beraad)))
        pagina = client.get(genodigde_url(g))
        assert (REDEN in lijst) == (rol in {Rol.HOOFDPERSOON, Rol.FACILITATOR}), rol
        # Supporters see who is not invited, not why; members and professionals neither.
        assert ("Oom Kees" in lijst) == (rol in VOORBEREIDERS), rol
        assert ("Wie nodigen we bewust niet uit?" in lijst) == (rol in VOORBEREIDERS), rol
        if rol in VOORBEREIDERS:
            assert pagina.status_code == 200
            assert (REDEN in html(pagina)) == (rol != Rol.SUPPORTER), rol
            assert ('name="reden"' in html(pagina)) == (rol != Rol.SUPPORTER), rol
        else:
            assert pagina.status_code == 403
            assert REDEN not in html(pagina)
    # Nor on an invitee's own page, nor in the agenda.
    gepland(beraad)
    token = met_link(Genodigde.objects.get(beraad=beraad, persoon=els))
    for url in (antwoord_url(token), reverse("beraad_antwoord_agenda", args=[token])):
        inhoud = Client().get(url).content.decode()
        assert REDEN not in inhoud and "Oom Kees" not in inhoud


def test_a_supporter_can_mark_someone_not_invited_but_cannot_write_or_erase_a_reason(
    supporter, hoofdpersoon, beraad, kees, els
):
    client = _client(supporter)
    lijst = html(client.get(lijst_url(beraad)))
    assert 'name="reden"' not in lijst
    client.post(lijst_url(beraad), {"actie": "niet_uitnodigen", "persoon": els.pk, "reden": "x"})
    assert Genodigde.objects.get(persoon=els).reden == ""

    _client(hoofdpersoon).post(
        lijst_url(beraad), {"actie": "niet_uitnodigen", "persoon": kees.pk, "reden": REDEN}
    )
    g = Genodigde.objects.get(persoon=kees)
    response = client.post(
        genodigde_url(g),
        {"uitgenodigd": "False", "reden": "overschreven", "antwoord": "", "opmerking": ""},
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.reden == REDEN


def test_not_inviting_someone_stops_their_link_and_clears_their_answer(hoofdpersoon, beraad, els):
    g = uitnodigen(beraad, els, antwoord="komt", opmerking="ik breng taart")
    token = met_link(g)
    response = _client(hoofdpersoon).post(
        genodigde_url(g), {"uitgenodigd": "False", "reden": REDEN, "antwoord": "komt"}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.uitgenodigd, g.reden, g.antwoord, g.opmerking, g.token_hash) == (
        False,
        REDEN,
        "",
        "",
        None,
    )
    assert Client().get(antwoord_url(token)).status_code == 404
    # Invited after all: the reason for not inviting goes.
    _client(hoofdpersoon).post(
        genodigde_url(g), {"uitgenodigd": "True", "reden": REDEN, "antwoord": ""}
    )
    g.refresh_from_db()
    assert (g.uitgenodigd, g.reden) == (True, "")


# --- One invitee: an answer given by phone ------------------------------------------------


def test_an_answer_given_by_phone_is_noted(supporter, beraad, els):
    g = uitnodigen(beraad, els)
    response = _client(supporter).post(
        genodigde_url(g),
        {"uitgenodigd": "True", "antwoord": "misschien", "opmerking": "hangt af van de bus"},
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.antwoord, g.opmerking) == ("misschien", "hangt af van de bus")
    assert g.beantwoord is not None


def test_an_answer_from_the_phone_in_the_meantime_is_not_overwritten(supporter, beraad, els):
    g = uitnodigen(beraad, els)
    client = _client(supporter)
    stand = client.get(genodigde_url(g)).context["form"].initial["stand"]
    # Meanwhile Els answers herself.
    token = met_link(g)
    Client().post(antwoord_url(token), {"antwoord": "komt", "opmerking": "Ik neem soep mee"})
    data = {"uitgenodigd": "True", "antwoord": "komt_niet", "opmerking": "", "stand": stand}
    response = client.post(genodigde_url(g), data)
    assert response.status_code == 200
    assert "heeft intussen zelf geantwoord" in html(response)
    assert "Ik neem soep mee" in html(response)
    g.refresh_from_db()
    assert g.antwoord == "komt"
    # Looked at it and saves again: now it goes through.
    data["stand"] = response.context["form"].data["stand"]
    assert client.post(genodigde_url(g), data).status_code == 302
    g.refresh_from_db()
    assert g.antwoord == "komt_niet"


def test_a_stale_page_does_not_undo_bewust_niet_or_wipe_the_reason(
    hoofdpersoon, facilitator, beraad, els
):
    g = uitnodigen(beraad, els)
    oud = _client(facilitator)
    getoond = oud.get(genodigde_url(g)).context["form"].initial
    assert getoond["gezien"] == "1"
    # Meanwhile Marieke decides not to invite Els after all, with her reason.
    marieke = _client(hoofdpersoon)
    marieke_ziet = marieke.get(genodigde_url(g)).context["form"].initial
    marieke.post(
        genodigde_url(g),
        {"uitgenodigd": "False", "reden": "Te veel ruzie nu.", **_verborgen(marieke_ziet)},
    )
    g.refresh_from_db()
    assert (g.uitgenodigd, g.reden) == (False, "Te veel ruzie nu.")
    # The facilitator's stale page (still "invited") saves an answer: refused, nothing lost.
    data = {"uitgenodigd": "True", "antwoord": "komt", "opmerking": "", **_verborgen(getoond)}
    response = oud.post(genodigde_url(g), data)
    assert response.status_code == 200
    assert "bewust niet uit te nodigen" in html(response)
    g.refresh_from_db()
    assert (g.uitgenodigd, g.reden, g.antwoord) == (False, "Te veel ruzie nu.", "")
    # Looked at it and chooses "invite" on purpose: now it goes through.
    data.update(gezien=response.context["form"].data["gezien"])
    assert oud.post(genodigde_url(g), data).status_code == 302
    g.refresh_from_db()
    assert g.uitgenodigd is True


def _verborgen(initial: dict) -> dict:
    return {"stand": initial["stand"], "gezien": initial["gezien"]}


def test_someone_who_answered_is_only_removed_on_purpose(facilitator, beraad, els):
    g = uitnodigen(beraad, els, antwoord="komt")
    response = _client(facilitator).post(genodigde_url(g), {"verwijderen": "1"})
    assert response.status_code == 302
    assert not Genodigde.objects.filter(pk=g.pk).exists()


# --- The personal link --------------------------------------------------------------------


def test_the_link_is_shown_once_and_only_its_hash_is_stored(hoofdpersoon, beraad, els, marieke):
    gepland(beraad)
    g = uitnodigen(beraad, els)
    response = _client(hoofdpersoon).post(link_url(g))
    assert response.status_code == 200
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    g.refresh_from_db()
    assert g.token_hash and token not in g.token_hash and g.link_gemaakt
    pagina = html(response)
    assert link in pagina
    assert "Marieke nodigt je uit voor haar FamilieNetwerkBeraad" in pagina
    assert 'data-copy="#uitnodigingsbericht"' in pagina
    assert "<svg" in pagina and 'class="segno"' in pagina
    # Under the strict CSP: no style attribute anywhere, no inline script.
    assert "style=" not in pagina
    assert not re.search(r"<script(?![^>]*\bsrc=)", pagina)
    assert not Genodigde.objects.filter(token_hash=token).exists()


def test_a_new_link_stops_the_old_one(facilitator, beraad, els):
    g = uitnodigen(beraad, els)
    client = _client(facilitator)
    oud = client.post(link_url(g)).context["token"]
    nieuw = client.post(link_url(g)).context["token"]
    assert oud != nieuw
    assert Client().get(antwoord_url(oud)).status_code == 404
    assert Client().get(antwoord_url(nieuw)).status_code == 200


def test_the_link_goes_out_by_email_when_asked(supporter, beraad, els, marieke):
    gepland(beraad)
    g = uitnodigen(beraad, els)
    client = _client(supporter)
    response = client.post(link_url(g))
    token = response.context["token"]
    assert "Stuur deze link per e-mail naar els@example.org" in html(response)
    assert len(mail.outbox) == 0
    # Mailing the link just shown sends that same link; it stays valid.
    response = client.post(link_url(g), {"token": token, "mailen": "1"})
    assert response.context["token"] == token
    assert "De link is per e-mail gestuurd naar els@example.org." in html(response)
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["els@example.org"]
    assert bericht.subject == "Marieke nodigt je uit voor haar FamilieNetwerkBeraad"
    assert Genodigde.url_for(token) in bericht.body
    assert f"Wanneer: {verwachte_dag()}, 19.00 – 21.30 uur" in bericht.body
    assert Client().get(antwoord_url(token)).status_code == 200
    # A made-up token does not get mailed: a fresh link is made instead.
    response = client.post(link_url(g), {"token": "verzonnen", "mailen": "1"})
    assert response.context["token"] != "verzonnen"
    assert Genodigde.url_for(response.context["token"]) in mail.outbox[1].body


def test_no_link_for_someone_not_invited(facilitator, beraad, kees):
    g = uitnodigen(beraad, kees, uitgenodigd=False, reden=REDEN)
    response = _client(facilitator).post(link_url(g))
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.token_hash is None


@pytest.mark.parametrize(
    ("geslacht", "vorige", "zin"),
    [
        ("v", False, "Marieke nodigt je uit voor haar FamilieNetwerkBeraad"),
        ("m", False, "Marieke nodigt je uit voor zijn FamilieNetwerkBeraad"),
        ("", False, "Marieke nodigt je uit voor een FamilieNetwerkBeraad"),
        ("v", True, "Marieke nodigt je uit voor haar vervolgberaad"),
    ],
)
def test_the_invitation_says_who_invites(beraad, els, marieke, geslacht, vorige, zin):
    Persoon.objects.filter(pk=marieke.pk).update(geslacht=geslacht)
    if vorige:
        beraad.vorige = Beraad.objects.create(netwerk=beraad.netwerk)
        beraad.save()
    token = met_link(uitnodigen(beraad, els))
    assert zin in html(Client().get(antwoord_url(token)))


# --- The invitee's page -------------------------------------------------------------------


@pytest.fixture
def voorbereid(beraad, els, marieke, professional):
    """A planned beraad with vragen, a voorwaarde and Els invited with a link."""
    gepland(beraad)
    Vraag.objects.create(netwerk=beraad.netwerk, beraad=beraad, tekst="Hoe blijf ik thuis wonen?")
    Vraag.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, tekst="Wie helpt met <geld>?", volgorde=2
    )
    Voorwaarde.objects.create(
        netwerk=beraad.netwerk,
        beraad=beraad,
        tekst="Er is elke avond iemand bereikbaar.",
        auteur=professional,
    )
    g = uitnodigen(beraad, els)
    return g, met_link(g)


def test_the_invitee_reads_who_when_where_the_questions_and_the_bottom_lines(voorbereid):
    g, token = voorbereid
    response = Client().get(antwoord_url(token))
    assert response.status_code == 200
    pagina = html(response)
    assert "Hallo Tante Els," in pagina
    assert "Marieke nodigt je uit voor haar FamilieNetwerkBeraad" in pagina
    assert f"{verwachte_dag()}, 19.00 – 21.30 uur" in pagina
    assert "Bij oma Truus thuis, Lindelaan 12 in Utrecht" in pagina
    assert "Hoe blijf ik thuis wonen?" in pagina
    assert "Wie helpt met &lt;geld&gt;?" in pagina
    assert "Er is elke avond iemand bereikbaar." in pagina
    assert "Wil je iets laten weten?" in pagina
    assert "Bijvoorbeeld over vervoer, eten of oppas." in pagina
    assert pagina.count('type="radio" name="antwoord"') == 3
    assert reverse("beraad_antwoord_agenda", args=[token]) in pagina
    # Initials only: the photo view asks for a login.
    assert ">MB<" in pagina
    assert "/foto" not in pagina
    assert "style=" not in pagina
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]


def test_opening_the_link_changes_nothing(voorbereid):
    g, token = voorbereid
    stempel = Beraad.objects.get(pk=g.beraad_id).stempel
    for _ in range(3):  # a chat app's preview, then the person, then again
        Client().get(antwoord_url(token))
    g.refresh_from_db()
    assert (g.antwoord, g.opmerking, g.beantwoord) == ("", "", None)
    assert Beraad.objects.get(pk=g.beraad_id).stempel == stempel


def test_the_answer_is_saved_thanked_for_and_can_be_changed(voorbereid):
    g, token = voorbereid
    client = Client()
    stempel = Beraad.objects.get(pk=g.beraad_id).stempel
    response = client.post(
        antwoord_url(token), {"antwoord": "komt", "opmerking": "Ik ben vegetarisch"}
    )
    assert response.status_code == 302
    assert response["Referrer-Policy"] == "strict-origin"
    g.refresh_from_db()
    assert (g.antwoord, g.opmerking) == ("komt", "Ik ben vegetarisch")
    assert g.beantwoord is not None
    assert Beraad.objects.get(pk=g.beraad_id).stempel == stempel + 1

    pagina = html(client.get(response["Location"]))
    assert "Bedankt!" in pagina
    assert "Je antwoord is doorgegeven: <strong>Ik kom</strong>." in pagina
    assert "Ik ben vegetarisch" in pagina
    assert "Antwoord veranderen" in pagina

    client.post(antwoord_url(token), {"antwoord": "komt_niet", "opmerking": ""})
    g.refresh_from_db()
    assert (g.antwoord, g.opmerking) == ("komt_niet", "")


def test_the_answer_passes_the_csrf_check(voorbereid):
    g, token = voorbereid
    client = Client(enforce_csrf_checks=True)
    client.get(antwoord_url(token))
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        antwoord_url(token), {"antwoord": "misschien", "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.antwoord == "misschien"


def test_an_answer_without_a_choice_is_asked_again(voorbereid):
    g, token = voorbereid
    response = Client().post(antwoord_url(token), {"opmerking": "Ik weet het nog niet"})
    assert response.status_code == 200
    assert "Kies: ik kom, ik kom niet of misschien." in html(response)
    assert "Ik weet het nog niet" in html(response)
    g.refresh_from_db()
    assert g.antwoord == "" and g.opmerking == ""


@pytest.mark.parametrize("soort", ["onbekend", "oud", "niet_uitgenodigd", "gearchiveerd"])
def test_a_link_that_does_not_work_gets_a_friendly_page(voorbereid, facilitator, soort):
    g, token = voorbereid
    if soort == "onbekend":
        token = "dit-is-geen-token"
    elif soort == "oud":
        met_link(g)
    elif soort == "niet_uitgenodigd":
        Genodigde.objects.filter(pk=g.pk).update(uitgenodigd=False)
    else:
        Netwerk.objects.filter(pk=g.netwerk_id).update(gearchiveerd=timezone.now())
    for response in (
        Client().get(antwoord_url(token)),
        Client().post(antwoord_url(token), {"antwoord": "komt"}),
        Client().get(reverse("beraad_antwoord_agenda", args=[token])),
    ):
        assert response.status_code == 404
        assert "Deze link werkt niet" in html(response)
        assert "Vraag de persoon die jou uitnodigde om een nieuwe link." in html(response)
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "strict-origin"
    g.refresh_from_db()
    assert g.antwoord == ""


def test_a_finished_beraad_took_place_and_takes_no_answers(voorbereid):
    g, token = voorbereid
    Beraad.objects.filter(pk=g.beraad_id).update(fase=Beraad.Fase.AFGEROND)
    response = Client().post(antwoord_url(token), {"antwoord": "komt"})
    assert response.status_code == 200
    pagina = html(response)
    assert "Het beraad is geweest" in pagina
    assert "Antwoorden kan niet meer." in pagina
    assert 'name="antwoord"' not in pagina
    g.refresh_from_db()
    assert g.antwoord == ""


def test_every_use_of_the_link_is_logged_without_the_token(voorbereid):
    g, token = voorbereid
    voor = Toegangslog.objects.count()
    Client().get(antwoord_url(token))
    Client().post(antwoord_url(token), {"antwoord": "misschien"})
    Client().get(antwoord_url("verkeerd"))
    regels = list(Toegangslog.objects.order_by("pk")[voor:])
    assert [(r.actie, r.uitkomst) for r in regels] == [
        ("R", "toegestaan"),
        ("U", "toegestaan"),
        ("R", "geweigerd"),
    ]
    assert regels[0].gebruikersnaam == "link: Tante Els"
    assert regels[0].netwerk_id == g.netwerk_id
    assert all(token not in r.onderwerp and "verkeerd" not in r.onderwerp for r in regels)


# --- The agenda ---------------------------------------------------------------------------


def _event(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    assert len(cal.events) == 1
    return cal, cal.events[0]


@pytest.mark.parametrize("rol", ROLLEN)
def test_participants_download_the_beraad_for_their_agenda(members, beraad, marieke, vraag, rol):
    gepland(beraad)
    url = reverse("beraad:agenda", args=[beraad.netwerk_id, beraad.pk])
    response = _client(members[rol]).get(url)
    if rol == Rol.COORDINATOR:
        assert response.status_code == 403
        return
    beraad.refresh_from_db()
    cal, event = _event(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="familienetwerkberaad-marieke-2026-12-08.ics"'
    )
    assert str(event["UID"]) == f"beraad-{beraad.pk}@{urlsplit(settings.SITE_URL).hostname}"
    assert str(event["SUMMARY"]) == "FamilieNetwerkBeraad van Marieke"
    assert str(event["LOCATION"]) == "Bij oma Truus thuis, Lindelaan 12 in Utrecht"
    assert "Hoe kan ik zelf blijven wonen?" in str(event["DESCRIPTION"])
    assert event.start == datetime(2026, 12, 8, 19, 0, tzinfo=AMSTERDAM)
    assert event.end == datetime(2026, 12, 8, 21, 30, tzinfo=AMSTERDAM)
    assert event.start.tzinfo.key == "Europe/Amsterdam"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Amsterdam"]
    assert event.sequence == beraad.versie
    export = Toegangslog.objects.filter(actie="E", netwerk_id=beraad.netwerk_id)
    assert export.filter(user=members[rol]).count() == 1


def test_a_changed_beraad_replaces_the_event(facilitator, beraad):
    gepland(beraad)
    url = reverse("beraad:agenda", args=[beraad.netwerk_id, beraad.pk])
    client = _client(facilitator)
    _cal, eerst = _event(client.get(url))
    Beraad.objects.filter(pk=beraad.pk).update(
        versie=beraad.versie + 1, datum=datetime(2026, 12, 15, 19, 0, tzinfo=AMSTERDAM)
    )
    _cal, daarna = _event(client.get(url))
    assert str(daarna["UID"]) == str(eerst["UID"])
    assert daarna.sequence == eerst.sequence + 1
    assert daarna.start.day == 15


def test_the_agenda_handles_a_late_end_and_no_end(facilitator, beraad):
    url = reverse("beraad:agenda", args=[beraad.netwerk_id, beraad.pk])
    client = _client(facilitator)
    gepland(beraad, datum=datetime(2026, 7, 1, 22, 0, tzinfo=AMSTERDAM), eindtijd=time(0, 30))
    _cal, event = _event(client.get(url))
    assert event.end == datetime(2026, 7, 2, 0, 30, tzinfo=AMSTERDAM)
    gepland(beraad, eindtijd=None)
    _cal, event = _event(client.get(url))
    assert event.end == datetime(2026, 12, 8, 22, 0, tzinfo=AMSTERDAM)


def test_without_a_date_the_agenda_explains_instead_of_an_empty_file(facilitator, beraad, els):
    response = _client(facilitator).get(
        reverse("beraad:agenda", args=[beraad.netwerk_id, beraad.pk])
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Er is nog geen datum" in html(response)
    token = met_link(uitnodigen(beraad, els))
    response = Client().get(reverse("beraad_antwoord_agenda", args=[token]))
    assert response.status_code == 404
    assert "Er is nog geen datum" in html(response)
    assert antwoord_url(token) in html(response)
    # Without a date the invitation page offers no agenda link.
    assert reverse("beraad_antwoord_agenda", args=[token]) not in html(
        Client().get(antwoord_url(token))
    )


def test_the_invitee_downloads_the_agenda_with_their_link(voorbereid):
    g, token = voorbereid
    response = Client().get(reverse("beraad_antwoord_agenda", args=[token]))
    _cal, event = _event(response)
    assert response["Referrer-Policy"] == "strict-origin"
    assert str(event["SUMMARY"]) == "FamilieNetwerkBeraad van Marieke"
    assert "Hoe blijf ik thuis wonen?" in str(event["DESCRIPTION"])
    assert Genodigde.url_for(token) in str(event["DESCRIPTION"])
    regel = Toegangslog.objects.order_by("-pk").first()
    assert (regel.actie, regel.gebruikersnaam) == ("E", "link: Tante Els")


# --- Queries do not grow with the Netwerk -------------------------------------------------


def _grow(beraad, tot: int) -> None:
    netwerk = beraad.netwerk
    soorten = list(Persoon.Soort)
    begin = Genodigde.objects.filter(beraad=beraad).count()
    for i in range(begin, tot):
        p = persoon(netwerk, f"Persoon {i}", soort=soorten[i % len(soorten)], email=f"p{i}@x.nl")
        antwoord = ["", "komt", "komt_niet", "misschien"][i % 4]
        uitnodigen(
            beraad,
            p,
            antwoord=antwoord,
            opmerking="fiets" if antwoord else "",
            uitgenodigd=i % 10 != 0,
            reden="reden" if i % 10 == 0 else "",
        )
        if i % 5 == 0:
            Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"Vraag {i}")
            Voorwaarde.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"Zorg {i}", persoon=p)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Every logged-in page: session, user, access lookup, access log insert.
BASE = 4


@pytest.mark.parametrize(
    ("rol", "expected"),
    [
        # + beraad with plan + invitees with their person + the groslijst to pick from
        (Rol.FACILITATOR, BASE + 3),
        # + beraad with plan + invited people with their person
        (Rol.NETWERKLID, BASE + 2),
    ],
)
def test_genodigden_query_count_does_not_grow(members, beraad, rol, expected):
    client = _client(members[rol])
    gepland(beraad)
    _grow(beraad, 5)
    small = _count(client, lijst_url(beraad))
    _grow(beraad, 150)
    large = _count(client, lijst_url(beraad))
    assert (small, large) == (expected, expected)


def test_invitee_page_query_count_does_not_grow(beraad, marieke, els):
    gepland(beraad)
    g = uitnodigen(beraad, els)
    token = met_link(g)
    client = Client()
    _grow(beraad, 5)
    # invitee with beraad, person and Netwerk; access log insert; hoofdpersoon; vragen;
    # voorwaarden with their person
    small = _count(client, antwoord_url(token))
    _grow(beraad, 150)
    large = _count(client, antwoord_url(token))
    assert (small, large) == (5, 5)


def test_genodigde_page_query_count(facilitator, beraad, els):
    g = uitnodigen(beraad, els)
    # + beraad with plan + the invitee with their person
    assert _count(_client(facilitator), genodigde_url(g)) == BASE + 2


def test_agenda_query_counts(facilitator, beraad, marieke, els):
    gepland(beraad)
    _grow(beraad, 40)
    # + beraad with plan + vragen + the hoofdpersoon (BASE's log line is the export, E)
    url = reverse("beraad:agenda", args=[beraad.netwerk_id, beraad.pk])
    assert _count(_client(facilitator), url) == BASE + 3
    # invitee with beraad, person and Netwerk + log + vragen + the hoofdpersoon
    token = met_link(uitnodigen(beraad, els))
    assert _count(Client(), reverse("beraad_antwoord_agenda", args=[token])) == 4


def test_link_query_count(facilitator, beraad, els):
    g = uitnodigen(beraad, els)
    client = _client(facilitator)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(link_url(g))
    assert response.status_code == 200
    # BASE + beraad with plan + the invitee with their person + saving the new hash
    # + the hoofdpersoon
    assert len(queries) == BASE + 4

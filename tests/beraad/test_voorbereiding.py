"""The voorbereiding of a beraad: the overview, the checklist, vragen, informatie, waar en
wanneer, zorgen en voorwaarden.

The person and their supporters prepare; network members and professionals read; the
professionals (and the facilitator) state zorgen en voorwaarden. Ids of another Netwerk
do not exist (404), two people saving at once lose nothing, a finished beraad changes no
more, and no page's number of queries grows with the Netwerk.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from beraad.models import Actieplan, Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_afspraak, make_user
from tests.core.test_query_counts import BASE, count, grow

VIJF_ROLLEN = [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR, Rol.PROFESSIONAL]
VOORBEREIDERS = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR}


def u(name: str, *args) -> str:
    return reverse(f"beraad:{name}", args=args)


def bu(name: str, beraad: Beraad, *args) -> str:
    """A URL of one beraad."""
    return reverse(f"beraad:{name}", args=[beraad.netwerk_id, beraad.pk, *args])


def meldingen(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def stempel(beraad: Beraad) -> int:
    return Beraad.objects.values_list("stempel", flat=True).get(pk=beraad.pk)


def zet_fase(beraad: Beraad, fase: str) -> None:
    Beraad.objects.filter(pk=beraad.pk).update(fase=fase)
    beraad.refresh_from_db()


@pytest.fixture
def ander_netwerk(organisatie, facilitator):
    """A second Netwerk of the same organisation, where our facilitator also works."""
    netwerk = Netwerk.objects.create(titel="Het netwerk van Emre", organisatie=organisatie)
    Persoon.objects.create(netwerk=netwerk, naam="Emre", is_hoofdpersoon=True)
    Deelname.objects.create(netwerk=netwerk, user=facilitator, rol=Rol.FACILITATOR)
    return netwerk


@pytest.fixture
def ander_beraad(ander_netwerk):
    beraad = Beraad.objects.create(netwerk=ander_netwerk)
    Actieplan.objects.create(netwerk=ander_netwerk, beraad=beraad)
    return beraad


@pytest.fixture
def informatie(beraad, professional):
    van = Deelname.objects.get(user=professional).persoon
    return Informatie.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, onderwerp="Wat betekent de diagnose?", van=van
    )


@pytest.fixture
def voorwaarde(beraad, professional):
    return Voorwaarde.objects.create(
        netwerk=beraad.netwerk,
        beraad=beraad,
        soort=Voorwaarde.Soort.VOORWAARDE,
        thema=Voorwaarde.Thema.VEILIGHEID,
        tekst="Er is elke avond een volwassene thuis.",
        auteur=professional,
        persoon=Deelname.objects.get(user=professional).persoon,
    )


# --- Overzicht -------------------------------------------------------------------------


def test_overzicht_without_beraad_explains_and_offers_to_start(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    html = client.get(u("overzicht", netwerk.pk)).content.decode()
    assert "Er is nog geen beraad gepland." in html
    assert "Zo gaat een beraad" in html and "Eigen tijd" in html
    assert "In een beraad maakt Marieke Bakker samen met familie en netwerk" in html
    assert u("nieuw", netwerk.pk) in html
    assert "Een beraad voorbereiden" in html


def test_overzicht_lists_every_beraad_with_its_phase_and_link(client, netwerk, netwerklid):
    eerste = Beraad.objects.create(
        netwerk=netwerk,
        fase=Beraad.Fase.AFGEROND,
        datum=timezone.make_aware(dt.datetime(2026, 3, 14, 19, 30)),
        waar="Bij oma Truus thuis",
    )
    Actieplan.objects.create(netwerk=netwerk, beraad=eerste, vervolgdatum=dt.date(2026, 9, 1))
    vervolg = Beraad.objects.create(netwerk=netwerk, vorige=eerste, fase=Beraad.Fase.EIGEN_TIJD)
    Actieplan.objects.create(netwerk=netwerk, beraad=vervolg)
    client.force_login(netwerklid)
    html = client.get(u("overzicht", netwerk.pk)).content.decode()
    assert "FamilieNetwerkBeraad" in html and "Vervolgberaad" in html
    assert "Afgerond" in html and "Nu bezig" in html and "Eigen tijd" in html
    assert "zaterdag 14 maart 2026, 19:30" in html and "Bij oma Truus thuis" in html
    assert "het beraad van 14 maart 2026" in html  # the vervolg names the one before
    assert "1 september 2026" in html  # when they look back
    assert bu("plan", eerste) in html  # a held beraad links its plan
    assert bu("live", vervolg) in html  # a live one links the live screen
    assert bu("beraad", vervolg) in html
    # A network member reads but does not start a beraad.
    assert u("nieuw", netwerk.pk) not in html


def test_overzicht_offers_a_vervolgberaad_after_a_held_one(client, netwerk, supporter):
    eerste = Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    html = client.get(u("overzicht", netwerk.pk)).content.decode()
    assert "Een vervolgberaad voorbereiden" in html
    assert f'name="vorige" value="{eerste.pk}"' in html


def test_overzicht_offers_no_second_beraad_while_one_is_open(client, netwerk, beraad, supporter):
    client.force_login(supporter)
    html = client.get(u("overzicht", netwerk.pk)).content.decode()
    assert u("nieuw", netwerk.pk) not in html
    assert "Er kan maar één beraad tegelijk zijn." in html


# --- Nieuw -----------------------------------------------------------------------------


def test_nieuw_makes_a_beraad_with_its_plan(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.post(u("nieuw", netwerk.pk))
    gemaakt = Beraad.objects.get(netwerk=netwerk)
    assert response.status_code == 302
    assert response["Location"] == bu("beraad", gemaakt)
    assert gemaakt.fase == Beraad.Fase.VOORBEREIDING
    assert gemaakt.vorige is None and gemaakt.created_by == hoofdpersoon
    assert Actieplan.objects.get(beraad=gemaakt).netwerk == netwerk
    assert Toegangslog.objects.filter(actie="C", rol=Rol.HOOFDPERSOON).exists()


def test_nieuw_refuses_a_second_open_beraad(client, netwerk, beraad, facilitator):
    zet_fase(beraad, Beraad.Fase.INFORMATIE)
    client.force_login(facilitator)
    response = client.post(u("nieuw", netwerk.pk))
    assert response.status_code == 302 and response["Location"] == bu("beraad", beraad)
    assert Beraad.objects.filter(netwerk=netwerk).count() == 1
    assert any("maar één beraad tegelijk" in m for m in meldingen(response))


def test_nieuw_after_a_held_beraad_makes_a_vervolgberaad(client, netwerk, beraad, supporter):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    client.post(u("nieuw", netwerk.pk))  # without `vorige`: it follows the last one
    vervolg = Beraad.objects.exclude(pk=beraad.pk).get()
    assert vervolg.vorige == beraad and vervolg.titel == "Vervolgberaad"
    assert Actieplan.objects.filter(beraad=vervolg).exists()


def test_nieuw_with_vorige_names_that_beraad(client, netwerk, beraad, supporter):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    later = Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    client.post(u("nieuw", netwerk.pk), {"vorige": beraad.pk})
    assert Beraad.objects.exclude(pk__in=[beraad.pk, later.pk]).get().vorige == beraad


def test_nieuw_with_a_vorige_of_another_netwerk_is_404(client, netwerk, ander_beraad, supporter):
    client.force_login(supporter)
    for vorige in (ander_beraad.pk, "geen-getal"):
        assert client.post(u("nieuw", netwerk.pk), {"vorige": vorige}).status_code == 404
    assert not Beraad.objects.filter(netwerk=netwerk).exists()


@pytest.mark.parametrize(
    "rol,status",
    [(Rol.NETWERKLID, 403), (Rol.PROFESSIONAL, 403), (Rol.COORDINATOR, 403), ("outsider", 404)],
)
def test_nieuw_is_for_those_who_prepare(client, netwerk, members, outsider, rol, status):
    client.force_login(outsider if rol == "outsider" else members[rol])
    assert client.post(u("nieuw", netwerk.pk)).status_code == status
    assert not Beraad.objects.exists()


def test_nieuw_answers_only_post(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    assert client.get(u("nieuw", netwerk.pk)).status_code == 405


# --- The beraad's home -----------------------------------------------------------------


@pytest.fixture
def gevuld(netwerk, beraad, vraag, informatie, voorwaarde):
    """A beraad halfway: two vragen, two informatievragen (one answered), invitations
    answered in every way, a place and time, a voorwaarde and a zorg."""
    Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Wie helpt met geld?", volgorde=2)
    Informatie.objects.create(
        netwerk=netwerk, beraad=beraad, onderwerp="Regels van de woningbouw", antwoord="Zo."
    )
    antwoorden = ["komt", "komt", "komt", "komt_niet", "misschien", "", ""]
    for i, antwoord in enumerate(antwoorden):
        persoon = Persoon.objects.create(netwerk=netwerk, naam=f"Gast {i}")
        Genodigde.objects.create(netwerk=netwerk, beraad=beraad, persoon=persoon, antwoord=antwoord)
    niet = Persoon.objects.create(netwerk=netwerk, naam="Oom Kees")
    Genodigde.objects.create(
        netwerk=netwerk, beraad=beraad, persoon=niet, uitgenodigd=False, reden="Ruzie"
    )
    Voorwaarde.objects.create(
        netwerk=netwerk, beraad=beraad, soort="zorg", thema="ontwikkeling", tekst="School."
    )
    beraad.datum = timezone.make_aware(dt.datetime(2027, 3, 14, 19, 30))
    beraad.waar = "Buurthuis De Linde"
    beraad.save()
    return beraad


def test_home_shows_the_checklist_with_counts(client, gevuld, hoofdpersoon):
    client.force_login(hoofdpersoon)
    html = client.get(bu("beraad", gevuld)).content.decode()
    assert "Hoe kan ik zelf blijven wonen?" in html and "Wie helpt met geld?" in html
    assert "2 vragen" in html
    assert "1 van 2 beantwoord" in html
    # Invitations: 3 come, 1 does not, 1 maybe, 2 not yet; the one not invited is not counted.
    assert "<strong>3</strong> komen" in html
    assert "<strong>1</strong> komen niet" in html
    assert "<strong>1</strong> misschien" in html
    assert "<strong>2</strong> nog geen antwoord" in html
    assert "2 antwoorden nog niet binnen" in html
    assert "zondag 14 maart 2027, 19:30" in html and "Buurthuis De Linde" in html
    assert "1 voorwaarde, 1 zorg" in html
    assert "Ruzie" not in html and "Oom Kees" not in html
    # The way on, to every part, and to the beraad itself.
    for name in ("vragen", "informatie", "genodigden", "waar_wanneer", "voorwaarden", "live"):
        assert bu(name, gevuld) in html, name
    assert "Vragen aanpassen" in html and "Waar en wanneer aanpassen" in html


def test_home_reads_the_same_without_edit_buttons_for_a_network_member(client, gevuld, netwerklid):
    client.force_login(netwerklid)
    html = client.get(bu("beraad", gevuld)).content.decode()
    assert "Hoe kan ik zelf blijven wonen?" in html and "1 van 2 beantwoord" in html
    assert "Vragen aanpassen" not in html
    assert bu("waar_wanneer", gevuld) not in html
    assert "Zorg of voorwaarde toevoegen" not in html
    assert bu("live", gevuld) in html


def test_home_lets_a_professional_read_the_vragen_and_add_a_voorwaarde(
    client, gevuld, professional
):
    client.force_login(professional)
    html = client.get(bu("beraad", gevuld)).content.decode()
    assert "Hoe kan ik zelf blijven wonen?" in html
    assert "Zorg of voorwaarde toevoegen" in html
    assert "Vragen aanpassen" not in html


def test_home_of_an_empty_beraad_says_what_is_still_to_do(client, beraad, supporter):
    client.force_login(supporter)
    html = client.get(bu("beraad", beraad)).content.decode()
    assert html.count("Nog doen") == 3  # vragen, wie komen er, waar en wanneer
    assert "Vragen schrijven" in html and "Mensen uitnodigen" in html
    assert "Waar en wanneer kiezen" in html and "Niets gevraagd" in html


def test_home_of_a_finished_beraad_changes_nothing(client, gevuld, supporter):
    zet_fase(gevuld, Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    html = client.get(bu("beraad", gevuld)).content.decode()
    assert "Dit beraad is afgerond." in html and bu("plan", gevuld) in html
    assert "Vragen aanpassen" not in html and bu("waar_wanneer", gevuld) not in html


def test_home_of_a_live_beraad_leads_to_it(client, beraad, netwerklid):
    zet_fase(beraad, Beraad.Fase.WELKOM)
    client.force_login(netwerklid)
    html = client.get(bu("beraad", beraad)).content.decode()
    assert "Het beraad is nu bezig." in html and bu("live", beraad) in html


# --- Access, every page, every role ----------------------------------------------------

# name -> who may open it (GET); the rest of the Netwerk gets 403.
PAGINAS = {
    "beraad": set(VIJF_ROLLEN),
    "vragen": set(VIJF_ROLLEN),
    "vraag": VOORBEREIDERS,
    "informatie": set(VIJF_ROLLEN),
    "informatie_antwoord": set(VIJF_ROLLEN),
    "waar_wanneer": VOORBEREIDERS,
    "voorwaarden": set(VIJF_ROLLEN),
    # the author (the professional) and the facilitator
    "voorwaarde": {Rol.PROFESSIONAL, Rol.FACILITATOR},
}


def _args(name, vraag, informatie, voorwaarde) -> list[int]:
    return {
        "vraag": [vraag.pk],
        "informatie_antwoord": [informatie.pk],
        "voorwaarde": [voorwaarde.pk],
    }.get(name, [])


@pytest.mark.parametrize("name", sorted(PAGINAS))
def test_who_may_open_each_page(
    client, members, outsider, beraad, vraag, informatie, voorwaarde, name
):
    url = bu(name, beraad, *_args(name, vraag, informatie, voorwaarde))
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    for rol, user in members.items():
        client.force_login(user)
        response = client.get(url)
        expected = 200 if rol in PAGINAS[name] else 403
        assert response.status_code == expected, (rol, response.status_code)
        if expected == 200:
            html = response.content.decode()
            # Strict CSP: no inline styles or scripts on any page.
            assert 'style="' not in html and "<style" not in html
            assert "<script>" not in html


@pytest.mark.parametrize("name", sorted(PAGINAS))
def test_ids_of_another_netwerk_do_not_exist(
    client, facilitator, beraad, ander_beraad, vraag, informatie, voorwaarde, name
):
    """Our facilitator also works in the other Netwerk: its ids still are 404 here."""
    andere_vraag = Vraag.objects.create(
        netwerk=ander_beraad.netwerk, beraad=ander_beraad, tekst="?"
    )
    andere_info = Informatie.objects.create(
        netwerk=ander_beraad.netwerk, beraad=ander_beraad, onderwerp="?"
    )
    andere_vw = Voorwaarde.objects.create(
        netwerk=ander_beraad.netwerk, beraad=ander_beraad, tekst="?", auteur=facilitator
    )
    client.force_login(facilitator)
    netwerk_id = beraad.netwerk_id
    # Their beraad in our Netwerk's URL.
    args = _args(name, vraag, informatie, voorwaarde)
    url = reverse(f"beraad:{name}", args=[netwerk_id, ander_beraad.pk, *args])
    assert client.get(url).status_code == 404
    # Our beraad with their vraag, informatie or voorwaarde.
    if args:
        andere = _args(name, andere_vraag, andere_info, andere_vw)
        assert client.get(bu(name, beraad, *andere)).status_code == 404
        assert client.post(bu(name, beraad, *andere), {"tekst": "x"}).status_code == 404


def test_an_item_of_another_beraad_of_the_same_netwerk_is_404(client, netwerk, vraag, supporter):
    ander = Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    assert client.get(bu("vraag", ander, vraag.pk)).status_code == 404
    assert (
        client.post(bu("vraag_verplaatsen", ander, vraag.pk), {"richting": "op"}).status_code == 404
    )


# --- Vragen ----------------------------------------------------------------------------


def test_vragen_lists_in_order_for_everyone(client, netwerk, beraad, vraag, professional):
    Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Eerst deze", volgorde=0)
    client.force_login(professional)
    html = client.get(bu("vragen", beraad)).content.decode()
    assert html.index("Eerst deze") < html.index("Hoe kan ik zelf blijven wonen?")
    assert "Een vraag toevoegen" not in html and "vraag_verplaatsen" not in html
    assert bu("vraag", beraad, vraag.pk) not in html


def test_a_supporter_adds_a_vraag_at_the_bottom(client, beraad, vraag, supporter):
    client.force_login(supporter)
    voor = stempel(beraad)
    html = client.get(bu("vragen", beraad)).content.decode()
    assert "Schrijf de vraag zoals jij hem zou stellen." in html
    response = client.post(
        bu("vragen", beraad), {"tekst": "Wie gaat er met mij mee naar de dokter?"}
    )
    assert response.status_code == 302 and response["Location"] == bu("vragen", beraad)
    nieuw = Vraag.objects.get(tekst="Wie gaat er met mij mee naar de dokter?")
    assert (nieuw.beraad, nieuw.netwerk_id, nieuw.volgorde) == (beraad, beraad.netwerk_id, 2)
    assert stempel(beraad) == voor + 1
    assert Toegangslog.objects.filter(actie="C", rol=Rol.SUPPORTER).exists()


def test_a_network_member_may_not_add_a_vraag(client, beraad, netwerklid):
    client.force_login(netwerklid)
    assert client.post(bu("vragen", beraad), {"tekst": "Mag ik?"}).status_code == 403
    assert not Vraag.objects.exists()


@pytest.mark.parametrize(
    "tekst,fout",
    [("   ", "Schrijf eerst de vraag in het vak."), ("x" * 501, "De vraag is te lang")],
)
def test_a_wrong_vraag_comes_back_with_a_dutch_message(client, beraad, hoofdpersoon, tekst, fout):
    client.force_login(hoofdpersoon)
    response = client.post(bu("vragen", beraad), {"tekst": tekst})
    assert response.status_code == 200
    html = response.content.decode()
    assert fout in html
    if tekst.strip():
        assert tekst in html  # the text is kept
    assert not Vraag.objects.exists()


def test_changing_a_vraag(client, beraad, vraag, supporter):
    client.force_login(supporter)
    form = client.get(bu("vraag", beraad, vraag.pk)).context["form"]
    voor = stempel(beraad)
    response = client.post(
        bu("vraag", beraad, vraag.pk),
        {"tekst": "Hoe kan ik thuis blijven wonen?", "stand": form.initial["stand"]},
    )
    assert response.status_code == 302
    vraag.refresh_from_db()
    assert vraag.tekst == "Hoe kan ik thuis blijven wonen?"
    assert stempel(beraad) == voor + 1


def test_two_people_changing_a_vraag_lose_nothing(client, beraad, vraag, supporter, hoofdpersoon):
    client.force_login(supporter)
    stand = client.get(bu("vraag", beraad, vraag.pk)).context["form"].initial["stand"]
    client.force_login(hoofdpersoon)
    client.post(bu("vraag", beraad, vraag.pk), {"tekst": "Versie van Marieke", "stand": stand})
    client.force_login(supporter)
    response = client.post(
        bu("vraag", beraad, vraag.pk), {"tekst": "Versie van Els", "stand": stand}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    assert "Versie van Marieke" in html and "Versie van Els" in html
    vraag.refresh_from_db()
    assert vraag.tekst == "Versie van Marieke"
    # Saving again, having seen the other's text, goes through.
    nieuwe_stand = response.context["form"].data["stand"]
    client.post(bu("vraag", beraad, vraag.pk), {"tekst": "Samen", "stand": nieuwe_stand})
    vraag.refresh_from_db()
    assert vraag.tekst == "Samen"


def test_a_network_member_may_not_change_a_vraag(client, beraad, vraag, netwerklid):
    client.force_login(netwerklid)
    assert client.post(bu("vraag", beraad, vraag.pk), {"tekst": "Anders"}).status_code == 403
    vraag.refresh_from_db()
    assert vraag.tekst == "Hoe kan ik zelf blijven wonen?"


@pytest.fixture
def drie(netwerk, beraad, vraag):
    Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Twee", volgorde=2)
    Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Drie", volgorde=3)
    return beraad


def _volgorde(beraad) -> list[str]:
    return list(Vraag.objects.filter(beraad=beraad).values_list("tekst", flat=True))


def test_moving_a_vraag_up_and_down(client, drie, hoofdpersoon):
    client.force_login(hoofdpersoon)
    drie_id = Vraag.objects.get(tekst="Drie").pk
    voor = stempel(drie)
    response = client.post(bu("vraag_verplaatsen", drie, drie_id), {"richting": "op"})
    assert response.status_code == 302
    assert response["Location"] == bu("vragen", drie) + f"#vraag-{drie_id}"
    assert _volgorde(drie) == ["Hoe kan ik zelf blijven wonen?", "Drie", "Twee"]
    assert "De vraag staat nu op plek 2 van 3." in meldingen(response)
    assert stempel(drie) == voor + 1
    client.post(bu("vraag_verplaatsen", drie, drie_id), {"richting": "op"})
    assert _volgorde(drie)[0] == "Drie"
    # At the top it goes no higher, and nothing changes.
    response = client.post(bu("vraag_verplaatsen", drie, drie_id), {"richting": "op"})
    assert "Deze vraag staat al bovenaan." in meldingen(response)
    assert _volgorde(drie) == ["Drie", "Hoe kan ik zelf blijven wonen?", "Twee"]
    client.post(bu("vraag_verplaatsen", drie, drie_id), {"richting": "neer"})
    assert _volgorde(drie) == ["Hoe kan ik zelf blijven wonen?", "Drie", "Twee"]


def test_moving_works_when_numbers_are_equal(client, netwerk, beraad, supporter):
    a = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="A")
    b = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="B")
    client.force_login(supporter)
    client.post(bu("vraag_verplaatsen", beraad, b.pk), {"richting": "op"})
    assert _volgorde(beraad) == ["B", "A"]
    assert sorted(Vraag.objects.values_list("volgorde", flat=True)) == [1, 2]
    assert a.pk != b.pk


def test_moving_with_htmx_swaps_only_the_list(client, drie, supporter):
    client.force_login(supporter)
    twee = Vraag.objects.get(tekst="Twee")
    response = client.post(
        bu("vraag_verplaatsen", drie, twee.pk), {"richting": "neer"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="vraag-' in html
    assert html.index("Drie") < html.index("Twee")
    assert "De vraag staat nu op plek 3 van 3." in html and 'hx-swap-oob="true"' in html


def test_moving_with_htmx_in_a_finished_beraad_reloads_the_page(client, drie, supporter):
    zet_fase(drie, Beraad.Fase.AFGEROND)
    twee = Vraag.objects.get(tekst="Twee")
    client.force_login(supporter)
    response = client.post(
        bu("vraag_verplaatsen", drie, twee.pk), {"richting": "op"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response["HX-Redirect"] == bu("vragen", drie)
    assert any("Dit beraad is afgerond." in m for m in meldingen(response))
    assert _volgorde(drie) == ["Hoe kan ik zelf blijven wonen?", "Twee", "Drie"]


def test_moving_needs_a_direction_and_the_right(client, drie, supporter, netwerklid):
    twee = Vraag.objects.get(tekst="Twee")
    client.force_login(supporter)
    response = client.post(bu("vraag_verplaatsen", drie, twee.pk), {"richting": "opzij"})
    assert "Kies of de vraag omhoog of omlaag moet." in meldingen(response)
    client.force_login(netwerklid)
    assert (
        client.post(bu("vraag_verplaatsen", drie, twee.pk), {"richting": "op"}).status_code == 403
    )
    assert _volgorde(drie) == ["Hoe kan ik zelf blijven wonen?", "Twee", "Drie"]


def test_removing_a_vraag_asks_first(client, beraad, vraag, supporter):
    client.force_login(supporter)
    response = client.post(bu("vraag_verwijderen", beraad, vraag.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vraag weghalen?" in html and "Hoe kan ik zelf blijven wonen?" in html
    assert 'name="zeker" value="ja"' in html
    assert Vraag.objects.filter(pk=vraag.pk).exists()
    voor = stempel(beraad)
    response = client.post(bu("vraag_verwijderen", beraad, vraag.pk), {"zeker": "ja"})
    assert response.status_code == 302 and response["Location"] == bu("vragen", beraad)
    assert not Vraag.objects.filter(pk=vraag.pk).exists()
    assert stempel(beraad) == voor + 1
    assert Toegangslog.objects.filter(actie="D", rol=Rol.SUPPORTER).exists()


def test_a_vraag_with_afspraken_cannot_be_removed(client, beraad, vraag, hoofdpersoon):
    make_afspraak(beraad, vraag)
    client.force_login(hoofdpersoon)
    html = client.get(bu("vraag", beraad, vraag.pk)).content.decode()
    assert "Bij deze vraag staan al afspraken in het plan." in html
    assert bu("vraag_verwijderen", beraad, vraag.pk) not in html
    assert (
        "Er staan al afspraken bij deze vraag." in client.get(bu("vragen", beraad)).content.decode()
    )
    response = client.post(bu("vraag_verwijderen", beraad, vraag.pk), {"zeker": "ja"})
    assert response.status_code == 302
    assert any("Daarom kun je de vraag niet weghalen." in m for m in meldingen(response))
    assert Vraag.objects.filter(pk=vraag.pk).exists()


def test_the_facilitator_does_not_learn_of_draft_afspraken_from_the_vragen(
    client, beraad, vraag, facilitator
):
    """During eigen tijd the draft plan is the family's; the list does not hint at it."""
    make_afspraak(beraad, vraag)
    zet_fase(beraad, Beraad.Fase.EIGEN_TIJD)
    client.force_login(facilitator)
    assert "Er staan al afspraken" not in client.get(bu("vragen", beraad)).content.decode()
    html = client.get(bu("vraag", beraad, vraag.pk)).content.decode()
    assert "al afspraken in het plan" not in html
    # Removing is still refused, with an answer that says nothing about the draft: the
    # same for a vraag with and one without afspraken.
    leeg = Vraag.objects.create(netwerk=beraad.netwerk, beraad=beraad, tekst="Nog leeg")
    for deze in (vraag, leeg):
        response = client.post(bu("vraag_verwijderen", beraad, deze.pk), {"zeker": "ja"})
        assert meldingen(response)[-1] == (
            "De familie schrijft nu het plan. Een vraag weghalen kan weer als zij het plan delen."
        )
        assert Vraag.objects.filter(pk=deze.pk).exists()


def test_vragen_stay_open_during_the_live_beraad(client, beraad, vraag, supporter):
    zet_fase(beraad, Beraad.Fase.PRESENTATIE)
    client.force_login(supporter)
    client.post(bu("vragen", beraad), {"tekst": "Kwam net op"})
    assert Vraag.objects.filter(tekst="Kwam net op").exists()
    client.post(bu("vraag_verwijderen", beraad, vraag.pk), {"zeker": "ja"})
    assert not Vraag.objects.filter(pk=vraag.pk).exists()


def test_a_finished_beraad_keeps_its_vragen(client, beraad, vraag, supporter):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    html = client.get(bu("vragen", beraad)).content.decode()
    assert "Hoe kan ik zelf blijven wonen?" in html and "Een vraag toevoegen" not in html
    for url, data in [
        (bu("vragen", beraad), {"tekst": "Nog eentje"}),
        (bu("vraag", beraad, vraag.pk), {"tekst": "Anders", "stand": "x"}),
        (bu("vraag_verwijderen", beraad, vraag.pk), {"zeker": "ja"}),
        (bu("vraag_verplaatsen", beraad, vraag.pk), {"richting": "neer"}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert any("Dit beraad is afgerond." in m for m in meldingen(response)), url
    assert _volgorde(beraad) == ["Hoe kan ik zelf blijven wonen?"]
    # The edit page sends you back to the list, with the same message.
    response = client.get(bu("vraag", beraad, vraag.pk))
    assert response.status_code == 302 and response["Location"] == bu("vragen", beraad)


# --- Informatie ------------------------------------------------------------------------


def test_informatie_is_asked_of_someone_from_the_groslijst(client, netwerk, beraad, supporter):
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")
    client.force_login(supporter)
    html = client.get(bu("informatie", beraad)).content.decode()
    assert "Wat willen we weten, en van wie?" in html and "Oma Truus" in html
    voor = stempel(beraad)
    response = client.post(
        bu("informatie", beraad), {"onderwerp": "Hoe ging het vroeger?", "van": oma.pk}
    )
    assert response.status_code == 302
    item = Informatie.objects.get()
    assert (item.onderwerp, item.van, item.beraad) == ("Hoe ging het vroeger?", oma, beraad)
    assert stempel(beraad) == voor + 1
    # From whom may stay open.
    client.post(bu("informatie", beraad), {"onderwerp": "Wat kost een taxi?", "van": ""})
    assert Informatie.objects.get(onderwerp="Wat kost een taxi?").van is None


def test_informatie_from_someone_of_another_netwerk_is_refused(
    client, beraad, ander_netwerk, supporter
):
    vreemde = Persoon.objects.create(netwerk=ander_netwerk, naam="Vreemde")
    client.force_login(supporter)
    response = client.post(bu("informatie", beraad), {"onderwerp": "Iets", "van": vreemde.pk})
    assert response.status_code == 200
    assert "Kies iemand uit de groslijst van dit netwerk." in response.content.decode()
    response = client.post(bu("informatie", beraad), {"onderwerp": "", "van": ""})
    assert "Schrijf op wat jullie willen weten." in response.content.decode()
    assert not Informatie.objects.exists()


def test_a_network_member_reads_informatie_but_does_not_ask(client, beraad, informatie, netwerklid):
    Informatie.objects.filter(pk=informatie.pk).update(antwoord="Het betekent dat ...")
    client.force_login(netwerklid)
    html = client.get(bu("informatie", beraad)).content.decode()
    assert "Wat betekent de diagnose?" in html and "Gevraagd aan Ahmed" in html
    assert "Het betekent dat ..." in html
    assert "Iets vragen" not in html
    assert bu("informatie_antwoord", beraad, informatie.pk) not in html
    assert client.post(bu("informatie", beraad), {"onderwerp": "Mag ik?"}).status_code == 403


def test_the_one_asked_answers_themselves(client, beraad, informatie, professional):
    client.force_login(professional)
    html = client.get(bu("informatie", beraad)).content.decode()
    assert "Deze vraag is aan jou gesteld." in html
    response = client.get(bu("informatie_antwoord", beraad, informatie.pk))
    form = response.context["form"]
    assert list(form.fields) == ["antwoord", "versie"]  # only the answer
    voor = stempel(beraad)
    response = client.post(
        bu("informatie_antwoord", beraad, informatie.pk),
        {"antwoord": "Het betekent dat Marieke hulp nodig heeft bij geld.", "versie": 1},
    )
    assert response.status_code == 302
    informatie.refresh_from_db()
    assert informatie.antwoord.startswith("Het betekent")
    assert informatie.beantwoord is not None and informatie.beantwoord_door == professional
    assert informatie.onderwerp == "Wat betekent de diagnose?"
    assert stempel(beraad) == voor + 1
    html = client.get(bu("informatie", beraad)).content.decode()
    assert "Geschreven door Ahmed op" in html


def test_someone_not_asked_may_not_answer(client, beraad, informatie, netwerklid, members):
    for user in (netwerklid, members[Rol.PROFESSIONAL]):
        Informatie.objects.filter(pk=informatie.pk).update(van=None)
        client.force_login(user)
        response = client.post(
            bu("informatie_antwoord", beraad, informatie.pk), {"antwoord": "Ik!", "versie": 1}
        )
        assert response.status_code == 403
        html = client.get(bu("informatie_antwoord", beraad, informatie.pk)).content.decode()
        assert "Nog geen antwoord." in html and "<textarea" not in html
    informatie.refresh_from_db()
    assert informatie.antwoord == ""


def test_the_one_asked_may_not_remove_the_question(client, beraad, informatie, professional):
    client.force_login(professional)
    response = client.post(
        bu("informatie_antwoord", beraad, informatie.pk), {"verwijderen": "1", "zeker": "ja"}
    )
    assert response.status_code == 403
    assert Informatie.objects.filter(pk=informatie.pk).exists()


def test_an_answer_to_informatie_of_another_netwerk_is_404_for_the_asked(
    client, netwerk, beraad, ander_beraad, professional
):
    """The one asked passes the access check on their own item only; a foreign id is 404."""
    andere = Informatie.objects.create(
        netwerk=ander_beraad.netwerk, beraad=ander_beraad, onderwerp="?"
    )
    client.force_login(professional)
    url = bu("informatie_antwoord", beraad, andere.pk)
    assert client.post(url, {"antwoord": "x", "versie": 1}).status_code == 404


def test_those_who_prepare_change_the_question_and_the_answer(
    client, netwerk, beraad, informatie, hoofdpersoon
):
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")
    client.force_login(hoofdpersoon)
    response = client.post(
        bu("informatie_antwoord", beraad, informatie.pk),
        {"onderwerp": "Wat weet oma nog?", "van": oma.pk, "antwoord": "Veel.", "versie": 1},
    )
    assert response.status_code == 302
    informatie.refresh_from_db()
    assert (informatie.onderwerp, informatie.van, informatie.antwoord) == (
        "Wat weet oma nog?",
        oma,
        "Veel.",
    )
    assert informatie.beantwoord_door == hoofdpersoon
    # Emptying the answer makes it unanswered again.
    client.post(
        bu("informatie_antwoord", beraad, informatie.pk),
        {"onderwerp": "Wat weet oma nog?", "van": oma.pk, "antwoord": "", "versie": 2},
    )
    informatie.refresh_from_db()
    assert informatie.beantwoord is None and informatie.beantwoord_door is None


def test_two_answers_at_once_lose_nothing(client, beraad, informatie, professional, supporter):
    client.force_login(supporter)
    client.post(
        bu("informatie_antwoord", beraad, informatie.pk),
        {
            "onderwerp": informatie.onderwerp,
            "van": informatie.van_id,
            "antwoord": "Van Els",
            "versie": 1,
        },
    )
    client.force_login(professional)
    response = client.post(
        bu("informatie_antwoord", beraad, informatie.pk), {"antwoord": "Van Ahmed", "versie": 1}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    assert "Van Els" in html and "Van Ahmed" in html
    informatie.refresh_from_db()
    assert informatie.antwoord == "Van Els" and informatie.beantwoord_door == supporter


def test_removing_informatie_asks_first(client, beraad, informatie, supporter):
    client.force_login(supporter)
    url = bu("informatie_antwoord", beraad, informatie.pk)
    response = client.post(url, {"verwijderen": "1"})
    assert response.status_code == 200 and "Informatievraag weghalen?" in response.content.decode()
    assert Informatie.objects.exists()
    response = client.post(url, {"verwijderen": "1", "zeker": "ja"})
    assert response.status_code == 302 and not Informatie.objects.exists()


def test_informatie_of_a_finished_beraad_is_read_only(client, beraad, informatie, professional):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    client.force_login(professional)
    html = client.get(bu("informatie_antwoord", beraad, informatie.pk)).content.decode()
    assert "<textarea" not in html
    response = client.post(
        bu("informatie_antwoord", beraad, informatie.pk), {"antwoord": "Te laat", "versie": 1}
    )
    assert response.status_code == 302
    assert any("Dit beraad is afgerond." in m for m in meldingen(response))
    informatie.refresh_from_db()
    assert informatie.antwoord == ""


# --- Waar en wanneer -------------------------------------------------------------------


def _toekomst(dagen: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=dagen)


def test_choosing_where_and_when(client, beraad, hoofdpersoon):
    client.force_login(hoofdpersoon)
    html = client.get(bu("waar_wanneer", beraad)).content.decode()
    assert 'type="date"' in html and 'type="time"' in html
    assert "De hoofdpersoon kiest waar en wanneer het beraad is." in html
    assert "De facilitator helpt daarbij." in html
    dag = _toekomst()
    voor = stempel(beraad)
    response = client.post(
        bu("waar_wanneer", beraad),
        {
            "datum_0": dag.isoformat(),
            "datum_1": "19:30",
            "eindtijd": "22:00",
            "waar": "Bij oma Truus thuis",
            "versie": 1,
        },
    )
    assert response.status_code == 302 and response["Location"] == bu("beraad", beraad)
    beraad.refresh_from_db()
    lokaal = timezone.localtime(beraad.datum)
    assert (lokaal.date(), lokaal.time()) == (dag, dt.time(19, 30))
    assert beraad.eindtijd == dt.time(22, 0) and beraad.waar == "Bij oma Truus thuis"
    assert stempel(beraad) == voor + 1
    # The form shows the saved moment again, in the inputs' own format.
    html = client.get(bu("waar_wanneer", beraad)).content.decode()
    assert f'value="{dag.isoformat()}"' in html and 'value="19:30"' in html


@pytest.mark.parametrize(
    "data,fout",
    [
        ({"datum_0": "2020-01-01", "datum_1": "19:00"}, "Deze dag en tijd zijn al voorbij."),
        ({"datum_0": "morgen", "datum_1": "19:00"}, "Kies een dag, bijvoorbeeld"),
        ({"datum_0": "", "datum_1": "19:00"}, "Kies een dag, bijvoorbeeld"),
        ({"datum_1": "", "datum_0": "2028-05-01"}, "Kies een begintijd, bijvoorbeeld 19:30."),
        (
            {"datum_0": "2028-05-01", "datum_1": "19:00", "eindtijd": "18:00"},
            "De eindtijd moet later zijn dan de begintijd.",
        ),
    ],
)
def test_a_wrong_moment_is_refused_in_dutch(client, beraad, supporter, data, fout):
    client.force_login(supporter)
    response = client.post(
        bu("waar_wanneer", beraad), {"waar": "In het buurthuis", "versie": 1, **data}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert fout in html
    assert "In het buurthuis" in html  # what was typed stays
    beraad.refresh_from_db()
    assert beraad.datum is None and beraad.waar == ""


def test_where_and_when_may_stay_open(client, beraad, supporter):
    client.force_login(supporter)
    response = client.post(
        bu("waar_wanneer", beraad), {"datum_0": "", "datum_1": "", "waar": "Thuis", "versie": 1}
    )
    assert response.status_code == 302
    beraad.refresh_from_db()
    assert beraad.datum is None and beraad.waar == "Thuis"


def test_two_people_choosing_where_lose_nothing(client, beraad, supporter, facilitator):
    client.force_login(facilitator)
    client.post(bu("waar_wanneer", beraad), {"waar": "Buurthuis", "versie": 1})
    client.force_login(supporter)
    response = client.post(bu("waar_wanneer", beraad), {"waar": "Bij Els thuis", "versie": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    assert "Buurthuis" in html and "Bij Els thuis" in html
    beraad.refresh_from_db()
    assert beraad.waar == "Buurthuis"


@pytest.mark.parametrize("rol", [Rol.NETWERKLID, Rol.PROFESSIONAL])
def test_only_those_who_prepare_choose_where_and_when(client, beraad, members, rol):
    client.force_login(members[rol])
    assert client.post(bu("waar_wanneer", beraad), {"waar": "Hier", "versie": 1}).status_code == 403
    beraad.refresh_from_db()
    assert beraad.waar == ""


def test_where_and_when_of_a_finished_beraad_stay(client, beraad, supporter):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    client.force_login(supporter)
    response = client.post(bu("waar_wanneer", beraad), {"waar": "Elders", "versie": 1})
    assert response.status_code == 302 and response["Location"] == bu("beraad", beraad)
    assert any("Dit beraad is afgerond." in m for m in meldingen(response))
    beraad.refresh_from_db()
    assert beraad.waar == ""


# --- Zorgen en voorwaarden -------------------------------------------------------------


def test_a_professional_adds_a_voorwaarde(client, beraad, professional):
    client.force_login(professional)
    html = client.get(bu("voorwaarden", beraad)).content.decode()
    assert "anders kan de professional niet akkoord gaan" in html
    voor = stempel(beraad)
    response = client.post(
        bu("voorwaarden", beraad),
        {"soort": "voorwaarde", "thema": "veiligheid", "tekst": "Niemand drinkt bij de kinderen."},
    )
    assert response.status_code == 302
    item = Voorwaarde.objects.get()
    assert (item.soort, item.thema, item.auteur) == ("voorwaarde", "veiligheid", professional)
    assert item.persoon.naam == "Ahmed" and item.beraad == beraad
    assert stempel(beraad) == voor + 1


def test_everyone_reads_voorwaarden_with_who_wrote_them(
    client, netwerk, beraad, voorwaarde, facilitator, netwerklid
):
    client.force_login(facilitator)
    client.post(
        bu("voorwaarden", beraad),
        {"soort": "zorg", "thema": "continuiteit", "tekst": "Wisselingen."},
    )
    assert Voorwaarde.objects.get(soort="zorg").persoon is None
    client.force_login(netwerklid)
    response = client.get(bu("voorwaarden", beraad))
    html = response.content.decode()
    assert "Er is elke avond een volwassene thuis." in html and "Geschreven door Ahmed" in html
    assert "Wisselingen." in html and "Geschreven door Sanne" in html  # the login's name
    assert "Veiligheid" in html and "Continuïteit" in html
    assert html.index("Er is elke avond") < html.index("Wisselingen.")  # voorwaarden first
    assert "Een zorg of voorwaarde toevoegen" not in html and "Wijzigen" not in html


def test_a_network_member_cannot_add_a_voorwaarde(client, beraad, netwerklid, hoofdpersoon):
    for user in (netwerklid, hoofdpersoon):
        client.force_login(user)
        response = client.post(
            bu("voorwaarden", beraad), {"soort": "zorg", "thema": "anders", "tekst": "Hm."}
        )
        assert response.status_code == 403
    assert not Voorwaarde.objects.exists()


def test_a_wrong_voorwaarde_comes_back_in_dutch(client, beraad, professional):
    client.force_login(professional)
    response = client.post(
        bu("voorwaarden", beraad), {"soort": "eis", "thema": "geld", "tekst": "Mijn tekst"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kies: een zorg of een voorwaarde." in html and "Kies waar het over gaat." in html
    assert "Mijn tekst" in html
    response = client.post(bu("voorwaarden", beraad), {"soort": "zorg", "thema": "anders"})
    assert "Schrijf de zorg of voorwaarde in het vak." in response.content.decode()
    assert not Voorwaarde.objects.exists()


def test_the_author_and_the_facilitator_change_a_voorwaarde(
    client, beraad, voorwaarde, professional, facilitator
):
    client.force_login(professional)
    html = client.get(bu("voorwaarden", beraad)).content.decode()
    assert bu("voorwaarde", beraad, voorwaarde.pk) in html
    data = {
        "soort": "voorwaarde",
        "thema": "veiligheid",
        "tekst": "Elke avond iemand.",
        "versie": 1,
    }
    assert client.post(bu("voorwaarde", beraad, voorwaarde.pk), data).status_code == 302
    client.force_login(facilitator)
    data = {**data, "tekst": "Elke avond een volwassene.", "versie": 2}
    assert client.post(bu("voorwaarde", beraad, voorwaarde.pk), data).status_code == 302
    voorwaarde.refresh_from_db()
    assert voorwaarde.tekst == "Elke avond een volwassene." and voorwaarde.versie == 3
    assert voorwaarde.auteur == professional  # still the author's


def test_another_professional_may_not_change_a_voorwaarde(
    client, netwerk, beraad, voorwaarde, organisatie
):
    collega = make_user("collega", organisatie)
    Deelname.objects.create(netwerk=netwerk, user=collega, rol=Rol.PROFESSIONAL)
    client.force_login(collega)
    html = client.get(bu("voorwaarden", beraad)).content.decode()
    assert bu("voorwaarde", beraad, voorwaarde.pk) not in html
    assert client.get(bu("voorwaarde", beraad, voorwaarde.pk)).status_code == 403
    data = {"soort": "zorg", "thema": "anders", "tekst": "Anders.", "versie": 1}
    assert client.post(bu("voorwaarde", beraad, voorwaarde.pk), data).status_code == 403
    voorwaarde.refresh_from_db()
    assert voorwaarde.tekst == "Er is elke avond een volwassene thuis."
    assert Toegangslog.objects.filter(uitkomst="geweigerd", rol=Rol.PROFESSIONAL).exists()


def test_two_people_changing_a_voorwaarde_lose_nothing(
    client, beraad, voorwaarde, professional, facilitator
):
    data = {"soort": "voorwaarde", "thema": "veiligheid", "versie": 1}
    client.force_login(facilitator)
    client.post(bu("voorwaarde", beraad, voorwaarde.pk), {**data, "tekst": "Tekst van Sanne"})
    client.force_login(professional)
    response = client.post(
        bu("voorwaarde", beraad, voorwaarde.pk), {**data, "tekst": "Tekst van Ahmed"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    assert "Tekst van Sanne" in html and "Tekst van Ahmed" in html
    voorwaarde.refresh_from_db()
    assert voorwaarde.tekst == "Tekst van Sanne"


def test_removing_a_voorwaarde_before_the_beraad(client, beraad, voorwaarde, professional):
    client.force_login(professional)
    url = bu("voorwaarde", beraad, voorwaarde.pk)
    response = client.post(url, {"verwijderen": "1"})
    assert response.status_code == 200 and "Weghalen?" in response.content.decode()
    assert Voorwaarde.objects.exists()
    response = client.post(url, {"verwijderen": "1", "zeker": "ja"})
    assert response.status_code == 302 and not Voorwaarde.objects.exists()


def test_a_voorwaarde_stays_once_the_beraad_started(client, beraad, voorwaarde, facilitator):
    zet_fase(beraad, Beraad.Fase.INFORMATIE)
    client.force_login(facilitator)
    url = bu("voorwaarde", beraad, voorwaarde.pk)
    assert "Weghalen kan nu niet meer" in client.get(url).content.decode()
    response = client.post(url, {"verwijderen": "1", "zeker": "ja"})
    assert response.status_code == 302
    assert any("Het beraad is al begonnen." in m for m in meldingen(response))
    assert Voorwaarde.objects.exists()
    # Changing it still works during the beraad: things come up.
    data = {"soort": "voorwaarde", "thema": "veiligheid", "tekst": "Bijgesteld.", "versie": 1}
    assert client.post(url, data).status_code == 302
    voorwaarde.refresh_from_db()
    assert voorwaarde.tekst == "Bijgesteld."


def test_voorwaarden_of_a_finished_beraad_stay(client, beraad, voorwaarde, professional):
    zet_fase(beraad, Beraad.Fase.AFGEROND)
    client.force_login(professional)
    html = client.get(bu("voorwaarden", beraad)).content.decode()
    assert "Een zorg of voorwaarde toevoegen" not in html
    assert bu("voorwaarde", beraad, voorwaarde.pk) not in html
    data = {"soort": "zorg", "thema": "anders", "tekst": "Nog iets", "versie": 1}
    for url in (bu("voorwaarden", beraad), bu("voorwaarde", beraad, voorwaarde.pk)):
        response = client.post(url, data)
        assert response.status_code == 302
        assert any("Dit beraad is afgerond." in m for m in meldingen(response))
    assert list(Voorwaarde.objects.values_list("tekst", flat=True)) == [voorwaarde.tekst]


# --- Query counts ----------------------------------------------------------------------


def _vul(beraad: Beraad, n: int) -> None:
    """n vragen, n informatievragen (half answered, asked of someone) and n voorwaarden."""
    netwerk = beraad.netwerk
    personen = list(Persoon.objects.in_netwerk(netwerk)[:5])
    auteur = Deelname.objects.filter(netwerk=netwerk).first().user
    start = Vraag.objects.filter(beraad=beraad).count()
    for i in range(start, n):
        Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"Vraag {i}", volgorde=i)
        Informatie.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            onderwerp=f"Onderwerp {i}",
            van=personen[i % len(personen)],
            antwoord="Antwoord" if i % 2 else "",
            beantwoord=timezone.now() if i % 2 else None,
            beantwoord_door=auteur if i % 2 else None,
        )
        Voorwaarde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            soort="zorg" if i % 2 else "voorwaarde",
            tekst=f"Voorwaarde {i}",
            auteur=auteur,
            persoon=personen[i % len(personen)] if i % 3 else None,
        )
        persoon = Persoon.objects.create(netwerk=netwerk, naam=f"Gast {i}")
        Genodigde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            persoon=persoon,
            antwoord=["komt", "", "misschien"][i % 3],
        )
        Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.AFGEROND)


# page -> queries beyond BASE (session, user, access lookup, access log):
QUERIES = {
    # beraden (with their plans) + the hoofdpersoon
    "overzicht": 2,
    # beraad with plan + vragen + every count of the checklist in one query
    "beraad": 3,
    # beraad with plan + vragen
    "vragen": 2,
    # beraad with plan + the vraag
    "vraag": 2,
    # beraad with plan + groslijst for the choice of whom to ask + informatie with people
    "informatie": 3,
    # beraad with plan + the informatie with people + groslijst for the choice
    "informatie_antwoord": 3,
    # beraad with plan: the form is filled from it
    "waar_wanneer": 1,
    # beraad with plan + voorwaarden with author and person
    "voorwaarden": 2,
    # beraad with plan + the voorwaarde with author and person
    "voorwaarde": 2,
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_page_query_count_does_not_grow(client, netwerk, beraad, facilitator, members, name):
    grow(netwerk, 5, facilitator)
    _vul(beraad, 3)
    client.force_login(facilitator)
    eerste = {
        "vraag": [Vraag.objects.first().pk],
        "informatie_antwoord": [Informatie.objects.first().pk],
        "voorwaarde": [Voorwaarde.objects.first().pk],
    }.get(name, [])
    url = u(name, netwerk.pk) if name == "overzicht" else bu(name, beraad, *eerste)
    small = count(client, url)
    grow(netwerk, 150, facilitator)
    _vul(beraad, 40)
    large = count(client, url)
    assert (small, large) == (BASE + QUERIES[name], BASE + QUERIES[name])


def test_a_professionals_own_voorwaarde_costs_one_query_more(
    client, netwerk, beraad, voorwaarde, professional
):
    """Whether it is their own is looked up once, before the access check decides."""
    client.force_login(professional)
    assert count(client, bu("voorwaarde", beraad, voorwaarde.pk)) == BASE + 3


def test_a_date_years_away_is_refused_in_dutch(client, beraad, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.post(
        bu("waar_wanneer", beraad),
        {"datum_0": "9999-12-31", "datum_1": "22:30", "waar": "Thuis", "versie": beraad.versie},
    )
    beraad.refresh_from_db()
    assert beraad.datum is None
    assert "Kies een datum binnen vijf jaar van nu." in response.content.decode()

"""The coordinator's overview of all Netwerken of the organisation (organisatie_overzicht).

Status only: phase, next date, share gelukt, overdue, balance. Only a coordinator with an
organisation sees it, and only that organisation's Netwerken; for anyone else it does
not exist. The figures are counted in the database, so the page costs the same number of
queries with 3 or 60 Netwerken.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Overleg, Status, Voortgang
from actieteam.overzicht import Fase
from beraad.models import Actieplan, Afspraak, Beraad, Vraag
from netwerkkompas.models import Perspectief, Verhaal
from sonestra.core.models import Netwerk, Organisatie, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak, make_user

URL = reverse("organisatie_overzicht")


def _get(client, url: str = URL, **params):
    return client.get(url, params)


def _rijen(response) -> dict[str, object]:
    assert response.status_code == 200
    return {rij.netwerk.titel: rij for rij in response.context["rijen"]}


def _netwerk(organisatie, titel: str, **fields) -> Netwerk:
    return Netwerk.objects.create(titel=titel, organisatie=organisatie, **fields)


def _gesloten_plan(netwerk: Netwerk, toen) -> Actieplan:
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=toen, afgerond=toen
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=toen, vastgesteld=toen, planversie=1
    )
    plan.test_vraag = Vraag.objects.create(
        netwerk=netwerk, beraad=beraad, tekst="Wie helpt met de boodschappen?", volgorde=1
    )
    return plan


def _status(afspraak: Afspraak, status: str, notitie: str = "") -> None:
    Voortgang.objects.create(
        afspraak=afspraak, netwerk_id=afspraak.netwerk_id, status=status, notitie=notitie
    )


@pytest.fixture
def stand(netwerk, teamplan, organisatie, supporter):
    """A hand-made organisation: one Netwerk in each phase.

    The fixture Netwerk is the Actieteam: 4 afspraken in force (3 of the network, 1 of a
    professional), 2 gelukt, 1 late (a second late one is gelukt, so not late), plus one
    ended afspraak and an older closed plan that must not count.
    """
    vandaag = timezone.localdate()
    nu = timezone.now()
    grietje = Persoon.objects.create(netwerk=netwerk, naam="Grietje Zonnebloem")
    oud = _gesloten_plan(netwerk, nu - timedelta(days=400))
    for _ in range(3):  # the plan of an earlier beraad: not the active one
        _status(make_teamafspraak(oud, wat="Oude afspraak"), Status.GELUKT)
    # Make the fixture's plan the newer one.
    Actieplan.objects.filter(pk=teamplan.pk).update(vastgesteld=nu - timedelta(days=30))

    a1 = make_teamafspraak(teamplan, wat="Grietje kookt op woensdag", wie=[grietje])
    a2 = make_teamafspraak(teamplan, wat="Els doet de post", klaar_op=vandaag - timedelta(days=3))
    a3 = make_teamafspraak(
        teamplan, wat="Buurman Mo klust", klaar_op=vandaag - timedelta(days=1)
    )  # late, no voortgang: nog niet
    make_teamafspraak(
        teamplan,
        wat="Wijkteam belt elke maand",
        soort=Afspraak.Soort.PROFESSIONAL,
        klaar_op=vandaag,  # today is not late
    )
    _status(a1, Status.GELUKT, notitie="Lekker gegeten bij Grietje")
    _status(a2, Status.GELUKT)  # late date, but gelukt: not late
    assert a3.pk
    gestopt = make_teamafspraak(
        teamplan, wat="Gestopte afspraak", klaar_op=vandaag - timedelta(days=10)
    )
    Afspraak.objects.filter(pk=gestopt.pk).update(beeindigd=nu)
    Overleg.objects.create(
        netwerk=netwerk,
        plan=teamplan,
        datum=nu - timedelta(days=7),
        volgende=nu + timedelta(days=21),
        notities="Geheime notitie over de schulden",
        besluiten="Besluit over de verhuizing",
    )
    Verhaal.objects.create(netwerk=netwerk, tekst="Mijn verhaal over vroeger")
    Perspectief.objects.create(netwerk=netwerk, situatie="Mijn kijk als buurvrouw")

    kompas = _netwerk(organisatie, "Netwerk Kompas")
    Persoon.objects.create(netwerk=kompas, naam="Henkie Hoofdpersoon", is_hoofdpersoon=True)

    voorbereiding = _netwerk(organisatie, "Netwerk Voorbereiding")
    Beraad.objects.create(netwerk=voorbereiding, datum=nu + timedelta(days=10))

    live = _netwerk(organisatie, "Netwerk Live")
    Beraad.objects.create(netwerk=live, fase=Beraad.Fase.EIGEN_TIJD, datum=nu)

    # More professionals and aanbod than network: flagged.
    zwaar = _netwerk(organisatie, "Netwerk Zwaar")
    plan = _gesloten_plan(zwaar, nu - timedelta(days=60))
    make_teamafspraak(plan, wat="Tante helpt")
    make_teamafspraak(plan, wat="Thuiszorg", soort=Afspraak.Soort.PROFESSIONAL)
    make_teamafspraak(plan, wat="Dagbesteding", soort=Afspraak.Soort.AANBOD)
    make_teamafspraak(plan, wat="Ambulant", soort=Afspraak.Soort.PROFESSIONAL)
    # ... and a vervolgberaad being prepared.
    Beraad.objects.create(netwerk=zwaar, vorige=plan.beraad, datum=nu + timedelta(days=40))
    return {
        "actieteam": netwerk,
        "kompas": kompas,
        "voorbereiding": voorbereiding,
        "live": live,
        "zwaar": zwaar,
    }


# --- Who may see it -------------------------------------------------------------------


def test_it_shows_the_coordinator_the_overview(client, coordinator, stand):
    client.force_login(coordinator)
    response = _get(client)
    assert response.status_code == 200
    assert stand["actieteam"].titel in response.content.decode()


@pytest.mark.parametrize(
    "rol", [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR, Rol.PROFESSIONAL]
)
def test_it_does_not_exist_for_the_netwerk_roles(client, members, rol):
    client.force_login(members[rol])
    assert _get(client).status_code == 404


def test_it_does_not_exist_for_staff_who_are_not_coordinator(client, db):
    andere = Organisatie.objects.create(naam="Zorggroep Elders")
    client.force_login(make_user("piet", andere))
    assert _get(client).status_code == 404


def test_it_does_not_exist_for_a_coordinator_without_organisation(client, db):
    client.force_login(make_user("zonder", None, is_coordinator=True))
    assert _get(client).status_code == 404


def test_anonymous_goes_to_the_login(client, db):
    response = _get(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_post_is_refused(client, coordinator):
    client.force_login(coordinator)
    assert client.post(URL).status_code == 405


def test_a_coordinator_of_another_organisation_sees_only_their_own(client, stand, outsider):
    """The outsider fixture is a coordinator of Zorggroep Elders."""
    client.force_login(outsider)
    response = _get(client)
    html = response.content.decode()
    assert set(_rijen(response)) == {"Het netwerk van Emre"}
    for netwerk in stand.values():
        assert netwerk.titel not in html
    # Not by searching or filtering either.
    assert _rijen(_get(client, q="Netwerk Zwaar")) == {}
    assert "Het netwerk van Marieke" not in _get(client, fase="actieteam").content.decode()


def test_other_organisations_netwerken_are_never_listed(client, coordinator, stand, outsider):
    client.force_login(coordinator)
    rijen = _rijen(_get(client))
    assert "Het netwerk van Emre" not in rijen
    assert set(rijen) == {n.titel for n in stand.values()}
    assert "Het netwerk van Emre" not in _get(client, q="Emre").content.decode()


def test_each_visit_and_each_refused_try_is_logged(client, coordinator, hoofdpersoon):
    client.force_login(coordinator)
    _get(client)
    regel = Toegangslog.objects.get(user=coordinator)
    assert (regel.actie, regel.rol, regel.uitkomst, regel.netwerk_id, regel.netwerk_ref) == (
        Toegangslog.Actie.READ,
        Rol.COORDINATOR,
        Toegangslog.Uitkomst.TOEGESTAAN,
        None,
        None,
    )
    assert regel.onderwerp == "organisatie: overzicht van de netwerken"

    client.force_login(hoofdpersoon)
    _get(client)
    geweigerd = Toegangslog.objects.get(user=hoofdpersoon)
    assert geweigerd.uitkomst == Toegangslog.Uitkomst.GEWEIGERD
    assert geweigerd.actie == Toegangslog.Actie.READ


# --- The figures ----------------------------------------------------------------------


def test_the_phase_of_each_netwerk(client, coordinator, stand):
    client.force_login(coordinator)
    rijen = _rijen(_get(client))
    fasen = {titel: (rij.fase, rij.fase_label) for titel, rij in rijen.items()}
    assert fasen == {
        "Het netwerk van Marieke": (Fase.ACTIETEAM, "Actieteam"),
        "Netwerk Kompas": (Fase.KOMPAS, "Netwerkkompas"),
        "Netwerk Voorbereiding": (Fase.VOORBEREIDING, "Beraad in voorbereiding"),
        "Netwerk Live": (Fase.BEZIG, "Beraad bezig"),
        "Netwerk Zwaar": (Fase.ACTIETEAM, "Actieteam · vervolgberaad in voorbereiding"),
    }


def test_a_live_vervolgberaad_counts_as_beraad_bezig(client, coordinator, stand):
    zwaar = stand["zwaar"]
    Beraad.objects.filter(netwerk=zwaar, fase=Beraad.Fase.VOORBEREIDING).update(
        fase=Beraad.Fase.WELKOM
    )
    client.force_login(coordinator)
    assert _rijen(_get(client))[zwaar.titel].fase == Fase.BEZIG


def test_progress_of_the_active_plan(client, coordinator, stand):
    client.force_login(coordinator)
    response = _get(client)
    rij = _rijen(response)["Het netwerk van Marieke"]
    assert (rij.totaal, rij.gelukt, rij.procent, rij.te_laat) == (4, 2, 50, 1)
    assert (rij.eigen, rij.professioneel, rij.meer_professionals) == (3, 1, False)
    assert rij.aandeel_eigen == 75
    html = response.content.decode()
    assert "<strong>50%</strong>" in html
    assert "(2 van 4)" in html
    assert "3 netwerk · 1 professionals en aanbod" in html
    assert 'width="75"' in html


def test_professionals_outnumbering_the_network_are_flagged(client, coordinator, stand):
    client.force_login(coordinator)
    response = _get(client)
    rij = _rijen(response)["Netwerk Zwaar"]
    assert (rij.eigen, rij.professioneel, rij.meer_professionals) == (1, 3, True)
    assert (rij.totaal, rij.gelukt, rij.procent, rij.te_laat) == (4, 0, 0, 0)
    assert response.content.decode().count("Meer professionals dan netwerk") == 1


def test_netwerken_without_a_plan_show_no_figures(client, coordinator, stand):
    client.force_login(coordinator)
    response = _get(client)
    rijen = _rijen(response)
    for titel in ("Netwerk Kompas", "Netwerk Voorbereiding", "Netwerk Live"):
        rij = rijen[titel]
        assert (rij.totaal, rij.procent, rij.te_laat, rij.heeft_plan) == (0, None, 0, False)
    assert response.content.decode().count("Nog geen plan") == 3


def test_the_next_beraad_or_overleg(client, coordinator, stand):
    nu = timezone.now()
    client.force_login(coordinator)
    rijen = _rijen(_get(client))
    # The date the last overleg agreed on.
    marieke = rijen["Het netwerk van Marieke"].volgende
    assert marieke.soort == "overleg"
    assert abs(marieke.datum - (nu + timedelta(days=21))) < timedelta(minutes=1)
    assert rijen["Netwerk Voorbereiding"].volgende.soort == "beraad"
    assert rijen["Netwerk Zwaar"].volgende.soort == "beraad"
    assert rijen["Netwerk Kompas"].volgende is None
    # The live beraad began now: it is not ahead.
    assert rijen["Netwerk Live"].volgende is None


def test_the_earliest_date_ahead_wins(client, coordinator, stand):
    nu = timezone.now()
    zwaar = stand["zwaar"]  # its vervolgberaad is in 40 days
    Overleg.objects.create(netwerk=zwaar, datum=nu + timedelta(days=5))
    Overleg.objects.create(netwerk=zwaar, datum=nu + timedelta(days=9))
    # An overleg held long ago whose next date has passed counts for nothing.
    Overleg.objects.create(
        netwerk=zwaar, datum=nu - timedelta(days=90), volgende=nu - timedelta(days=60)
    )
    # A closed beraad is never "next", even with a date ahead.
    Beraad.objects.create(netwerk=zwaar, fase=Beraad.Fase.AFGEROND, datum=nu + timedelta(days=1))
    client.force_login(coordinator)
    volgende = _rijen(_get(client))[zwaar.titel].volgende
    assert volgende.soort == "overleg"
    assert abs(volgende.datum - (nu + timedelta(days=5))) < timedelta(minutes=1)


def test_only_the_last_overleg_held_says_when_the_next_is(client, coordinator, stand):
    """An older overleg's 'volgende' was overtaken by the overleg held after it."""
    nu = timezone.now()
    marieke = stand["actieteam"]
    Overleg.objects.create(
        netwerk=marieke, datum=nu - timedelta(days=2), volgende=nu + timedelta(days=50)
    )
    client.force_login(coordinator)
    volgende = _rijen(_get(client))[marieke.titel].volgende
    assert abs(volgende.datum - (nu + timedelta(days=50))) < timedelta(minutes=1)


def test_status_only_no_story_vraag_afspraak_or_name(client, coordinator, stand):
    client.force_login(coordinator)
    html = _get(client).content.decode()
    for geheim in (
        "Grietje",  # a person, and the 'wie' of an afspraak
        "Zonnebloem",
        "Marieke Bakker",  # the hoofdpersoon
        "Henkie",
        "Els",  # the supporter's Persoon
        "kookt op woensdag",  # afspraak texts
        "Wijkteam belt",
        "Oude afspraak",
        "Hoe kan ik zelf blijven wonen",  # vragen
        "boodschappen",
        "Lekker gegeten",  # a voortgang note
        "schulden",  # overleg notes and decisions
        "verhuizing",
        "Mijn verhaal",  # the story and a perspective
        "buurvrouw",
    ):
        assert geheim not in html, geheim


def test_archived_netwerken_have_a_badge_and_come_last(client, coordinator, stand):
    Netwerk.objects.filter(pk=stand["kompas"].pk).update(gearchiveerd=timezone.now())
    client.force_login(coordinator)
    response = _get(client)
    titels = list(_rijen(response))
    assert titels[-1] == "Netwerk Kompas"
    assert titels[0] == "Het netwerk van Marieke"
    assert response.content.decode().count('<span class="badge text-bg-secondary">Archief') == 1


# --- Search, filter, sort and pages ---------------------------------------------------


def test_search_on_the_name(client, coordinator, stand):
    client.force_login(coordinator)
    assert list(_rijen(_get(client, q="marieke"))) == ["Het netwerk van Marieke"]
    response = _get(client, q="geen enkel netwerk")
    assert _rijen(response) == {}
    assert "Geen netwerken gevonden" in response.content.decode()
    # What was searched stays in the field, escaped.
    response = _get(client, q='"><b>x')
    assert 'value="&quot;&gt;&lt;b&gt;x"' in response.content.decode()


@pytest.mark.parametrize(
    ("fase", "titels"),
    [
        ("kompas", ["Netwerk Kompas"]),
        ("voorbereiding", ["Netwerk Voorbereiding"]),
        ("bezig", ["Netwerk Live"]),
        ("actieteam", ["Het netwerk van Marieke", "Netwerk Zwaar"]),
    ],
)
def test_filter_by_phase(client, coordinator, stand, fase, titels):
    client.force_login(coordinator)
    assert list(_rijen(_get(client, fase=fase))) == titels


def test_an_unknown_filter_value_shows_everything(client, coordinator, stand):
    client.force_login(coordinator)
    assert len(_rijen(_get(client, fase="gestolen", sorteer="x", pagina="abc"))) == 5
    # A bad value in one field leaves the others working.
    assert list(_rijen(_get(client, fase="gestolen", q="zwaar"))) == ["Netwerk Zwaar"]


def test_sort_by_te_laat_and_by_share_gelukt(client, coordinator, stand, organisatie):
    vandaag = timezone.localdate()
    laat = _netwerk(organisatie, "Netwerk Laat")
    plan = _gesloten_plan(laat, timezone.now() - timedelta(days=9))
    for _ in range(3):
        make_teamafspraak(plan, wat="Te laat", klaar_op=vandaag - timedelta(days=2))
    _status(make_teamafspraak(plan, wat="Gelukt"), Status.GELUKT)
    client.force_login(coordinator)

    op_te_laat = list(_rijen(_get(client, sorteer="te_laat")))
    assert op_te_laat[:2] == ["Netwerk Laat", "Het netwerk van Marieke"]
    # Ties by name.
    assert op_te_laat[2:] == sorted(op_te_laat[2:])

    # Laat 25%, Marieke 50%, Zwaar 0%; Netwerken without a plan last.
    minst = list(_rijen(_get(client, sorteer="gelukt")))
    assert minst[:3] == ["Netwerk Zwaar", "Netwerk Laat", "Het netwerk van Marieke"]
    meest = list(_rijen(_get(client, sorteer="-gelukt")))
    assert meest[:3] == ["Het netwerk van Marieke", "Netwerk Laat", "Netwerk Zwaar"]
    assert (
        set(minst[3:])
        == set(meest[3:])
        == {"Netwerk Kompas", "Netwerk Voorbereiding", "Netwerk Live"}
    )


def test_pages_of_25(client, coordinator, organisatie):
    for i in range(30):
        _netwerk(organisatie, f"Netwerk {i:02d}")
    client.force_login(coordinator)
    eerste = _get(client)
    html = eerste.content.decode()
    assert list(_rijen(eerste)) == [f"Netwerk {i:02d}" for i in range(25)]
    assert "30 netwerken · pagina 1 van 2</h2>" in html
    assert 'id="overzicht-aantal" class="visually-hidden" role="status"></p>' in html
    assert "Pagina 1 van 2" in html
    assert re.search(r'<a [^>]*rel="next" href="\?pagina=2"[^>]*>Volgende</a>', html, re.S)
    assert "Vorige" not in html

    tweede = _get(client, pagina=2)
    html = tweede.content.decode()
    assert list(_rijen(tweede)) == [f"Netwerk {i:02d}" for i in range(25, 30)]
    assert re.search(r'<a [^>]*rel="prev" href="\?pagina=1"[^>]*>Vorige</a>', html, re.S)
    assert ">Volgende</a>" not in html
    # Past the end: the last page.
    assert list(_rijen(_get(client, pagina=99))) == list(_rijen(tweede))


def test_the_pages_keep_the_search(client, coordinator, organisatie):
    for i in range(30):
        _netwerk(organisatie, f"Gezin {i:02d}")
    _netwerk(organisatie, "Anders")
    client.force_login(coordinator)
    html = _get(client, q="gezin", sorteer="te_laat").content.decode()
    assert 'href="?q=gezin&amp;sorteer=te_laat&amp;pagina=2"' in html
    tweede = _get(client, q="gezin", sorteer="te_laat", pagina=2)
    assert len(_rijen(tweede)) == 5


def test_htmx_gets_only_the_list(client, coordinator, stand):
    client.force_login(coordinator)
    response = client.get(URL, {"q": "zwaar"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="overzicht"')
    assert "<html" not in html
    assert "Netwerk Zwaar" in html
    assert "HX-Request" in response["Vary"]
    # The count goes to the status line outside the list too, for screen readers.
    assert '<p id="overzicht-aantal" hx-swap-oob="innerHTML">1 netwerk</p>' in html


def test_the_coordinators_home_links_to_the_overview(client, coordinator, facilitator, stand):
    client.force_login(coordinator)
    html = client.get(reverse("core:mijn_netwerken")).content.decode()
    assert f'href="{URL}"' in html
    client.force_login(facilitator)
    assert f'href="{URL}"' not in client.get(reverse("core:mijn_netwerken")).content.decode()


# --- Queries ----------------------------------------------------------------------------


def _grow(organisatie, tot: int) -> None:
    """Netwerken in every phase, each with a plan of 8 afspraken when in the Actieteam."""
    nu = timezone.now()
    vandaag = timezone.localdate()
    bestaand = Netwerk.objects.filter(organisatie=organisatie).count()
    for i in range(bestaand, tot):
        netwerk = _netwerk(organisatie, f"Groei {i:03d}")
        if i % 4 == 1:
            Beraad.objects.create(netwerk=netwerk, datum=nu + timedelta(days=i))
        elif i % 4 >= 2:
            plan = _gesloten_plan(netwerk, nu - timedelta(days=i))
            for j in range(8):
                afspraak = make_teamafspraak(
                    plan, soort=1 + j % 3, klaar_op=vandaag + timedelta(days=j - 4)
                )
                if j % 2:
                    _status(afspraak, Status.GELUKT)
            Overleg.objects.create(
                netwerk=netwerk, datum=nu - timedelta(days=3), volgende=nu + timedelta(days=i)
            )


def _count(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"pagina": "2"},
        {"q": "groei"},
        {"sorteer": "te_laat"},
        {"fase": "actieteam", "sorteer": "gelukt"},
    ],
    ids=["pagina-1", "pagina-2", "zoeken", "te-laat", "fase-gelukt"],
)
def test_query_count_does_not_grow_with_the_organisation(client, coordinator, organisatie, params):
    # session, user, access log insert, paginator count, organisation (heading),
    # the page's ids (filtered and sorted in the database), the page's Netwerken with
    # their phase and next dates, the counts of their plans (one grouped query)
    _grow(organisatie, 3)
    client.force_login(coordinator)
    if params.get("pagina"):
        _grow(organisatie, 30)  # a second page even at the small size
    small = _count(client, **params)
    _grow(organisatie, 60)
    assert (small, _count(client, **params)) == (8, 8)

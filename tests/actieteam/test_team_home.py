"""The Actieteam's home: the plan's state in one glance, the ways in, and who takes part
(actieteam:team)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Overleg, Planversie, Status, Statuswijziging, Voortgang
from actieteam.team import status_van, zet_status
from beraad.models import Actieplan, Afspraak, Beraad, Vraag
from sonestra.core.models import Deelname, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

Soort = Afspraak.Soort


def url(netwerk) -> str:
    return reverse("actieteam:team", args=[netwerk.pk])


def persoon_van(user, netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


def zet(afspraak: Afspraak, status: str) -> None:
    assert zet_status(
        afspraak, status, "", versie=status_van(afspraak).versie, user=None, naam="Els"
    )[0]


def deel(html: str, begin: str, eind: str) -> str:
    start = html.index(begin)
    return html[start : html.index(eind, start)]


@pytest.fixture
def team(netwerk, teamplan, supporter, netwerklid, professional):
    """A plan in progress: aanspreekpunt Els, version 3, a vervolgberaad and an overleg."""
    els = persoon_van(supporter, netwerk)
    sevda = persoon_van(netwerklid, netwerk)
    ahmed = persoon_van(professional, netwerk)
    Actieplan.objects.filter(pk=teamplan.pk).update(
        aanspreekpunt=els, planversie=3, vervolgdatum=date(2027, 5, 4)
    )
    vandaag = timezone.localdate()
    afspraken = [
        make_teamafspraak(teamplan, "Els kookt.", wie=[els]),
        make_teamafspraak(teamplan, "Els wast.", wie=[els], invallers=[sevda]),
        make_teamafspraak(
            teamplan, "Sevda fietst mee.", wie=[sevda], klaar_op=vandaag - timedelta(days=2)
        ),
        make_teamafspraak(teamplan, "Ahmed helpt.", wie=[ahmed], soort=Soort.PROFESSIONAL),
        make_teamafspraak(teamplan, "Thuiszorg.", soort=Soort.AANBOD),
    ]
    zet(afspraken[0], Status.GELUKT)
    zet(afspraken[1], Status.BEZIG)
    zet(afspraken[3], Status.LUKT_NIET)
    gestopt = make_teamafspraak(teamplan, "Gestopt.", wie=[els])
    zet(gestopt, Status.GELUKT)
    Afspraak.objects.filter(pk=gestopt.pk).update(beeindigd=timezone.now())
    Beraad.objects.create(
        netwerk=netwerk,
        vorige=teamplan.beraad,
        datum=timezone.make_aware(datetime(2027, 5, 6, 19, 0)),
    )
    Overleg.objects.create(
        netwerk=netwerk,
        datum=timezone.now() - timedelta(days=3),
        volgende=timezone.make_aware(
            datetime.combine(vandaag + timedelta(days=11), datetime.min.time().replace(hour=20))
        ),
    )
    teamplan.refresh_from_db()
    return teamplan


# --- Access ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "verwacht"),
    [
        (Rol.HOOFDPERSOON, 200),
        (Rol.SUPPORTER, 200),
        (Rol.NETWERKLID, 200),
        (Rol.FACILITATOR, 200),
        (Rol.PROFESSIONAL, 200),
        (Rol.COORDINATOR, 403),
    ],
)
def test_it_is_for_everyone_in_the_netwerk_but_not_the_coordinator(
    client, members, netwerk, team, rol, verwacht
):
    client.force_login(members[rol])
    assert client.get(url(netwerk)).status_code == verwacht


def test_it_does_not_exist_for_an_outsider_or_anonymous(client, outsider, netwerk, team):
    assert client.get(url(netwerk)).status_code == 302
    client.force_login(outsider)
    assert client.get(url(netwerk)).status_code == 404


def test_a_get_writes_nothing_but_the_access_log(client, facilitator, netwerk, team):
    modellen = [Voortgang, Statuswijziging, Planversie, Overleg, Afspraak, Beraad, Vraag]
    voor = [m.objects.count() for m in modellen]
    logs = Toegangslog.objects.count()
    client.force_login(facilitator)
    assert client.get(url(netwerk)).status_code == 200
    assert client.post(url(netwerk)).status_code == 405
    assert [m.objects.count() for m in modellen] == voor
    assert Toegangslog.objects.count() == logs + 1


# --- Before the beraad -----------------------------------------------------------------


def test_before_the_beraad_it_explains_that_the_team_starts_after_it(
    client, hoofdpersoon, netwerk, beraad
):
    client.force_login(hoofdpersoon)
    html = client.get(url(netwerk)).content.decode()
    assert "Het actieteam begint na het beraad" in html
    assert reverse("beraad:overzicht", args=[netwerk.pk]) in html
    assert "Hoe gaat het?" not in html
    # Who takes part is shown already.
    assert "Marieke Bakker" in html


# --- The plan in one glance ------------------------------------------------------------


def test_it_shows_the_plan_in_one_glance(client, facilitator, netwerk, team):
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    plan = deel(html, 'id="plan-kop"', "</section>")
    assert "Het plan, versie 3" in plan
    assert "Els" in deel(plan, "Aanspreekpunt", "</dd>")
    # The vervolgberaad as it is planned now (moved from 4 to 6 May).
    vervolg = deel(plan, "Vervolgberaad", "</dd>")
    assert "6 mei 2027" in vervolg
    volgend = timezone.localdate() + timedelta(days=11)
    assert f"{volgend.day} " in deel(plan, "Volgend overleg", "</dd>")
    assert "20:00" in deel(plan, "Volgend overleg", "</dd>")
    assert reverse("beraad:plan", args=[netwerk.pk, team.beraad_id]) in plan

    stand = deel(html, 'id="stand-kop"', "</section>")
    getallen = {
        naam: deel(stand, f"vg-tegel-{naam}", "</li>")
        for naam in ("gelukt", "bezig", "nog_niet", "lukt_niet")
    }
    # The stopped afspraak does not count: 1 gelukt, 1 bezig, 2 nog niet, 1 lukt niet.
    assert '<span class="vg-getal">1</span>' in getallen["gelukt"]
    assert '<span class="vg-getal">1</span>' in getallen["bezig"]
    assert '<span class="vg-getal">2</span>' in getallen["nog_niet"]
    assert '<span class="vg-getal">1</span>' in getallen["lukt_niet"]
    assert "1 van 5 afspraken zijn gelukt." in stand
    assert "1 afspraak is te laat." in stand
    assert "Van het netwerk: 3. Van professionals en aanbod: 2." in stand


def test_the_ways_in_are_big_links(client, supporter, netwerk, team):
    client.force_login(supporter)
    html = client.get(url(netwerk)).content.decode()
    tegels = deel(html, 'class="team-tegels"', "</ul>")
    for naam in ("mijn", "voortgang", "bijsturen", "overleggen"):
        assert reverse(f"actieteam:{naam}", args=[netwerk.pk]) in tegels
    # Els does two afspraken (the stopped one no longer counts).
    assert "Jij doet mee aan 2 afspraken." in tegels


def test_someone_stepping_in_counts_it_as_their_own(client, netwerklid, netwerk, team):
    client.force_login(netwerklid)
    html = client.get(url(netwerk)).content.decode()
    assert "Jij doet mee aan 2 afspraken." in html  # fietst mee, and steps in for the wash


def test_without_a_person_in_the_groslijst_there_is_no_mijn_afspraken(
    client, facilitator, netwerk, team
):
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert reverse("actieteam:mijn", args=[netwerk.pk]) not in deel(
        html, 'class="team-tegels"', "</ul>"
    )


def test_who_takes_part_family_and_network_first(client, members, netwerk, team):
    client.force_login(members[Rol.PROFESSIONAL])
    html = client.get(url(netwerk)).content.decode()
    wie = html[html.index('id="wie-kop"') :]
    familie, professionals = wie.split("Professionals</h3>")
    assert familie.index("Marieke Bakker") < familie.index("Els") < familie.index("Sevda")
    assert "aanspreekpunt" in deel(familie, "Els", "</li>")
    assert "Sanne" in professionals and "Ahmed" in professionals
    assert professionals.index("Sanne") < professionals.index("Ahmed")  # facilitator first


def test_user_text_is_escaped(client, facilitator, netwerk, team):
    Persoon.objects.filter(naam="Els").update(naam="<b>Els</b>")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert "<b>Els</b>" not in html and "&lt;b&gt;Els&lt;/b&gt;" in html


# --- Queries -----------------------------------------------------------------------------


def vul(plan, netwerk, vragen: int, afspraken: int) -> None:
    alle_vragen = [plan.test_vraag] + [
        Vraag.objects.create(
            netwerk=netwerk, beraad=plan.beraad, tekst=f"Vraag {i}", volgorde=i + 1
        )
        for i in range(1, vragen)
    ]
    personen = list(Persoon.objects.filter(netwerk=netwerk))
    for i in range(afspraken):
        afspraak = make_teamafspraak(
            plan,
            f"Afspraak {i}",
            vraag=alle_vragen[i % vragen],
            soort=[Soort.NETWERK, Soort.PROFESSIONAL, Soort.AANBOD][i % 3],
            wie=personen[i % len(personen) :][:2],
            invallers=personen[:1],
            klaar_op=timezone.localdate() - timedelta(days=i % 4 - 1),
        )
        zet(afspraak, list(Status.values)[i % 4])
        Overleg.objects.create(netwerk=netwerk, datum=timezone.now() - timedelta(days=i + 1))


def count(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


# session, user, access lookup, access log; the plan; one aggregate of the afspraken; the
# vervolgberaad; the next overleg; the members with their user and person.
TEAM_QUERIES = 4 + 5
# Before the beraad: session, user, access lookup, access log; the plan (none); members.
TEAM_QUERIES_ZONDER_PLAN = 4 + 2


def test_the_page_asks_as_much_for_3_afspraken_as_for_40(client, members, netwerk, teamplan):
    vul(teamplan, netwerk, vragen=1, afspraken=3)
    klein = {
        rol: count(client_as(client, members[rol]), url(netwerk))
        for rol in (Rol.SUPPORTER, Rol.FACILITATOR)
    }
    Afspraak.objects.all().delete()
    vul(teamplan, netwerk, vragen=6, afspraken=40)
    groot = {
        rol: count(client_as(client, members[rol]), url(netwerk))
        for rol in (Rol.SUPPORTER, Rol.FACILITATOR)
    }
    assert klein == groot == {Rol.SUPPORTER: TEAM_QUERIES, Rol.FACILITATOR: TEAM_QUERIES}


def test_before_the_beraad_the_page_asks_a_fixed_number_too(client, facilitator, netwerk):
    client.force_login(facilitator)
    assert count(client, url(netwerk)) == TEAM_QUERIES_ZONDER_PLAN


def client_as(client, user):
    client.force_login(user)
    return client

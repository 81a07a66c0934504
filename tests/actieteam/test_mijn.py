"""Mijn afspraken on a phone, one afspraak with its history, and my own settings.

actieteam:mijn, actieteam:afspraak and actieteam:instellingen; the status change itself is
tested in test_status.py.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Lidinstelling, Status, Statuswijziging
from actieteam.team import zet_status
from beraad.models import Actieplan, Beraad, Vraag
from sonestra.core.models import Deelname, Netwerk, Persoon, hash_token
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

NETWERK_ROLLEN = [
    Rol.HOOFDPERSOON,
    Rol.SUPPORTER,
    Rol.NETWERKLID,
    Rol.FACILITATOR,
    Rol.PROFESSIONAL,
]


def persoon_van(user, netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


def url(name: str, netwerk, *args) -> str:
    return reverse(f"actieteam:{name}", args=[netwerk.pk, *args])


def vandaag():
    return timezone.localdate()


def sectie(html: str, kop_id: str) -> str:
    """The HTML of one group on Mijn afspraken, from its heading to the next group."""
    start = html.index(f'id="{kop_id}"')
    einde = html.find('class="mijn-groep', start)
    return html[start : einde if einde != -1 else len(html)]


def kaarten(html: str) -> list[int]:
    return [
        int(n) for n in re.findall(r'<article class="status-kaart[^"]*" id="kaart-(\d+)"', html)
    ]


# --- Mijn afspraken ------------------------------------------------------------------------


def test_it_groups_my_afspraken_for_a_phone(client, netwerk, netwerklid, supporter, teamplan):
    ik = persoon_van(netwerklid, netwerk)
    els = persoon_van(supporter, netwerk)
    d = vandaag()
    later = make_teamafspraak(
        teamplan, "Over een maand: de tuin.", wie=[ik], klaar_op=d + timedelta(days=30)
    )
    zonder = make_teamafspraak(teamplan, "Elke week bellen.", wie=[ik], wanneer="elke maandag")
    laat = make_teamafspraak(
        teamplan, "De brief van de gemeente.", wie=[ik, els], klaar_op=d - timedelta(days=2)
    )
    invallen = make_teamafspraak(
        teamplan,
        "Els rijdt naar de dokter.",
        wie=[els],
        invallers=[ik],
        klaar_op=d + timedelta(days=3),
    )
    gelukt = make_teamafspraak(
        teamplan, "Het formulier is op de post.", wie=[ik], klaar_op=d - timedelta(days=9)
    )
    zet_status(gelukt, Status.GELUKT, "Gedaan!", versie=0, user=supporter, naam="Els")
    lukt_niet = make_teamafspraak(
        teamplan, "Naar de bank.", wie=[ik], klaar_op=d + timedelta(days=14)
    )
    zet_status(
        lukt_niet,
        Status.LUKT_NIET,
        "De bank is dicht <script>",
        versie=0,
        user=netwerklid,
        naam="Sevda",
    )
    niet_van_mij = make_teamafspraak(teamplan, "Alleen van Els.", wie=[els])
    gestopt = make_teamafspraak(teamplan, "Gestopt.", wie=[ik], beeindigd=timezone.now())

    client.force_login(netwerklid)
    response = client.get(url("mijn", netwerk))
    assert response.status_code == 200
    html = response.content.decode()

    assert kaarten(sectie(html, "kop-te-laat")) == [laat.pk]
    assert kaarten(sectie(html, "kop-binnenkort")) == [invallen.pk, lukt_niet.pk]
    assert kaarten(sectie(html, "kop-later")) == [later.pk, zonder.pk]
    assert kaarten(sectie(html, "kop-klaar")) == [gelukt.pk]
    assert '<details class="klaar-lijst">' in sectie(html, "kop-klaar")  # folded away
    assert niet_van_mij.pk not in kaarten(html) and gestopt.pk not in kaarten(html)

    kaart = sectie(html, "kop-binnenkort")
    assert "Jij springt in als het anders loopt" in kaart
    assert "Hoe weten we" not in kaart
    assert "Hoe gaat het?" in kaart and "Lukt niet, hulp nodig" in kaart
    # The status in words, with the note, escaped.
    assert "Lukt niet, hulp nodig" in kaart
    assert "De bank is dicht &lt;script&gt;" in kaart and "<script>" not in kaart
    te_laat = sectie(html, "kop-te-laat")
    assert "Jij doet dit" in te_laat and "Samen met" in te_laat and "Els" in te_laat
    assert "te laat" in te_laat and "Hoe kan ik zelf blijven wonen?" in te_laat
    assert url("afspraak", netwerk, laat.pk) in te_laat
    # Each card posts with htmx and works without it.
    assert f'action="{url("status", netwerk, laat.pk)}"' in te_laat
    status_url = url("status", netwerk, laat.pk)
    assert f'hx-post="{status_url}" hx-target="#kaart-{laat.pk}" hx-swap="outerHTML"' in te_laat
    assert 'name="versie" value="0"' in te_laat
    assert f'name="next" value="{url("mijn", netwerk)}"' in te_laat
    for status in Status.values:
        assert f'name="status" value="{status}"' in te_laat
    # The note sits above the buttons.
    assert te_laat.index('name="notitie"') < te_laat.index('name="status"')
    assert 'role="status" aria-live="polite"' in html


@pytest.mark.parametrize("rol", NETWERK_ROLLEN)
def test_every_netwerk_role_opens_it(client, members, netwerk, teamplan, rol):
    client.force_login(members[rol])
    assert client.get(url("mijn", netwerk)).status_code == 200


def test_the_coordinator_gets_403_an_outsider_404_a_stranger_the_login(
    client, coordinator, outsider, netwerk, teamplan
):
    client.force_login(coordinator)
    assert client.get(url("mijn", netwerk)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("mijn", netwerk)).status_code == 404
    client.logout()
    assert client.get(url("mijn", netwerk))["Location"].startswith(reverse("login"))


def test_a_login_without_a_persoon_gets_an_explanation(client, facilitator, netwerk, teamplan):
    client.force_login(facilitator)
    html = client.get(url("mijn", netwerk)).content.decode()
    assert "Je staat zelf niet als persoon in dit netwerk." in html
    assert url("voortgang", netwerk) in html
    assert "status-kaart" not in html


def test_without_a_plan_it_explains_when_the_plan_comes(client, netwerklid, netwerk, beraad):
    client.force_login(netwerklid)
    html = client.get(url("mijn", netwerk)).content.decode()
    assert "Er is nog geen actieplan." in html
    assert url("voortgang", netwerk) in html


def test_with_nothing_on_my_name_it_says_so(client, netwerklid, supporter, netwerk, teamplan):
    make_teamafspraak(teamplan, "Alleen van Els.", wie=[persoon_van(supporter, netwerk)])
    client.force_login(netwerklid)
    html = client.get(url("mijn", netwerk)).content.decode()
    assert "In het plan staan nog geen afspraken op jouw naam." in html


def grow(plan, netwerk, ik: Persoon, to: int) -> None:
    """Afspraken of mine until there are `to`, each with two others doing it and one
    stepping in, half with a date, every fifth with a status."""
    anderen = [Persoon.objects.create(netwerk=netwerk, naam=f"Lid {i}") for i in range(3)]
    d = vandaag()
    while plan.afspraken.count() < to:
        n = plan.afspraken.count()
        afspraak = make_teamafspraak(
            plan,
            f"Afspraak {n}",
            wie=[ik, *anderen[:2]] if n % 2 else anderen[:2],
            invallers=[anderen[2]] if n % 2 else [ik],
            klaar_op=d + timedelta(days=n - 5) if n % 2 else None,
        )
        if n % 5 == 0:
            zet_status(afspraak, Status.BEZIG, "Loopt.", versie=0, user=None, naam="Lid")


def count(client, page_url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == 200
    return len(queries)


def test_mijn_query_count_does_not_grow_with_the_plan(client, netwerklid, netwerk, teamplan):
    """session, user, access lookup, access log; the active plan, my afspraken (with vraag
    and voortgang), who does them, who steps in."""
    ik = persoon_van(netwerklid, netwerk)
    client.force_login(netwerklid)
    grow(teamplan, netwerk, ik, 3)
    small = count(client, url("mijn", netwerk))
    grow(teamplan, netwerk, ik, 40)
    large = count(client, url("mijn", netwerk))
    assert (small, large) == (8, 8)


# --- One afspraak --------------------------------------------------------------------------


def test_the_afspraak_page_shows_everything_and_the_history_newest_first(
    client, netwerk, supporter, hoofdpersoon, netwerklid, teamplan
):
    els = persoon_van(supporter, netwerk)
    sevda = persoon_van(netwerklid, netwerk)
    afspraak = make_teamafspraak(
        teamplan,
        "Els doet de post <b>elke</b> zondag.",
        wie=[els],
        invallers=[sevda],
        wanneer="elke zondag",
        klaar_op=vandaag() + timedelta(days=5),
        hoe_weten="Er liggen geen brieven meer.",
    )
    zet_status(afspraak, Status.BEZIG, "Eerste keer gedaan.", versie=0, user=supporter, naam="Els")
    zet_status(
        afspraak,
        Status.LUKT_NIET,
        "Els is ziek.",
        versie=1,
        user=hoofdpersoon,
        naam="Marieke Bakker",
    )

    client.force_login(hoofdpersoon)
    response = client.get(url("afspraak", netwerk, afspraak.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Els doet de post &lt;b&gt;elke&lt;/b&gt; zondag." in html
    for tekst in [
        "Els",
        "Sevda",
        "elke zondag",
        "Er liggen geen brieven meer.",
        "Hoe kan ik zelf blijven wonen?",
    ]:
        assert tekst in html
    geschiedenis = html[html.index("Wat is er veranderd?") :]
    rijen = re.findall(r'<li class="geschiedenis-rij">(.*?)</li>', geschiedenis, re.S)
    assert len(rijen) == 2
    assert "Marieke Bakker" in rijen[0] and "Els is ziek." in rijen[0]
    assert re.search(
        r"van <span[^>]*>Bezig</span> naar <span[^>]*>Lukt niet, hulp nodig</span>", rijen[0]
    )
    assert "Els" in rijen[1] and "Eerste keer gedaan." in rijen[1]
    assert re.search(
        r"van <span[^>]*>Nog niet begonnen</span> naar <span[^>]*>Bezig</span>", rijen[1]
    )
    # The status control, posting without htmx (the page comes back with the new history).
    assert f'action="{url("status", netwerk, afspraak.pk)}"' in html
    assert "hx-post" not in html
    assert 'name="versie" value="2"' in html
    assert f'name="next" value="{url("afspraak", netwerk, afspraak.pk)}"' in html


@pytest.mark.parametrize(
    ("rol", "control"),
    [
        (Rol.HOOFDPERSOON, True),
        (Rol.SUPPORTER, True),
        (Rol.FACILITATOR, True),
        (Rol.NETWERKLID, False),
        (Rol.PROFESSIONAL, False),
    ],
)
def test_everyone_reads_it_but_only_who_may_change_it_gets_the_control(
    client, members, netwerk, teamplan, rol, control
):
    """The supporter's afspraak: the netwerklid and the professional take no part in it."""
    afspraak = make_teamafspraak(
        teamplan, "Els doet de post.", wie=[persoon_van(members[Rol.SUPPORTER], netwerk)]
    )
    client.force_login(members[rol])
    response = client.get(url("afspraak", netwerk, afspraak.pk))
    assert response.status_code == 200
    assert ('name="status"' in response.content.decode()) is control


def test_the_control_shows_for_a_netwerklid_who_steps_in(
    client, netwerk, netwerklid, supporter, teamplan
):
    afspraak = make_teamafspraak(
        teamplan,
        "Els doet de post.",
        wie=[persoon_van(supporter, netwerk)],
        invallers=[persoon_van(netwerklid, netwerk)],
    )
    client.force_login(netwerklid)
    html = client.get(url("afspraak", netwerk, afspraak.pk)).content.decode()
    assert 'name="status"' in html and "Sevda (jij)" in html


def test_the_afspraak_page_is_403_for_the_coordinator_404_for_an_outsider(
    client, coordinator, outsider, netwerk, teamplan
):
    afspraak = make_teamafspraak(teamplan)
    client.force_login(coordinator)
    assert client.get(url("afspraak", netwerk, afspraak.pk)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("afspraak", netwerk, afspraak.pk)).status_code == 404


def test_an_ended_afspraak_another_netwerks_or_an_old_plans_is_404(
    client, hoofdpersoon, netwerk, organisatie, teamplan
):
    client.force_login(hoofdpersoon)
    gestopt = make_teamafspraak(teamplan, "Gestopt.", beeindigd=timezone.now())
    assert client.get(url("afspraak", netwerk, gestopt.pk)).status_code == 404

    ander = Netwerk.objects.create(titel="Het netwerk van Joost", organisatie=organisatie)
    nu = timezone.now()
    ander_beraad = Beraad.objects.create(
        netwerk=ander, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    ander_plan = Actieplan.objects.create(
        netwerk=ander, beraad=ander_beraad, gepubliceerd=nu, vastgesteld=nu, planversie=1
    )
    ander_plan.test_vraag = Vraag.objects.create(
        netwerk=ander, beraad=ander_beraad, tekst="Elders?"
    )
    elders = make_teamafspraak(ander_plan, "Niet van ons.")
    assert client.get(url("afspraak", netwerk, elders.pk)).status_code == 404

    oud = make_teamafspraak(teamplan, "Uit het eerste plan.")
    nieuw_beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    Actieplan.objects.create(
        netwerk=netwerk, beraad=nieuw_beraad, gepubliceerd=nu, vastgesteld=nu + timedelta(minutes=1)
    )
    assert client.get(url("afspraak", netwerk, oud.pk)).status_code == 404


def test_afspraak_query_count_does_not_grow_with_the_plan_or_the_history(
    client, hoofdpersoon, supporter, netwerk, teamplan
):
    """session, user, access lookup, access log; the active plan, the afspraak (with vraag
    and voortgang), who does it, who steps in, the voorwaarden, the history."""
    ik = persoon_van(hoofdpersoon, netwerk)
    afspraak = make_teamafspraak(
        teamplan, "De afspraak.", wie=[ik], invallers=[persoon_van(supporter, netwerk)]
    )
    zet_status(afspraak, Status.BEZIG, "1", versie=0, user=supporter, naam="Els")
    client.force_login(hoofdpersoon)
    grow(teamplan, netwerk, ik, 3)
    small = count(client, url("afspraak", netwerk, afspraak.pk))
    grow(teamplan, netwerk, ik, 40)
    for versie in range(1, 30):
        zet_status(
            afspraak,
            Status.values[versie % 4],
            f"{versie}",
            versie=versie,
            user=supporter,
            naam="Els",
        )
    assert Statuswijziging.objects.filter(afspraak=afspraak).count() == 30
    large = count(client, url("afspraak", netwerk, afspraak.pk))
    assert (small, large) == (10, 10)


# --- My settings ---------------------------------------------------------------------------


def test_looking_at_the_settings_writes_nothing(client, netwerklid, netwerk):
    client.force_login(netwerklid)
    response = client.get(url("instellingen", netwerk))
    assert response.status_code == 200
    assert not Lidinstelling.objects.exists()
    html = response.content.decode()
    assert "Maak een agendalink" in html and "Link uitzetten" not in html
    # No address on the account: say so, and where to add one.
    assert "Bij je account staat nog geen e-mailadres." in html
    assert reverse("core:account") in html
    assert re.search(r'name="mail" id="id_mail" checked', html)


def test_it_shows_where_the_mails_go(client, netwerklid, netwerk):
    netwerklid.email = "sevda@example.org"
    netwerklid.save()
    client.force_login(netwerklid)
    html = client.get(url("instellingen", netwerk)).content.decode()
    assert "De e-mails gaan naar <strong>sevda@example.org</strong>." in html


@pytest.mark.parametrize("rol", NETWERK_ROLLEN)
def test_every_netwerk_role_has_settings(client, members, netwerk, rol):
    client.force_login(members[rol])
    assert client.get(url("instellingen", netwerk)).status_code == 200


def test_the_coordinator_has_no_settings_in_a_netwerk(client, coordinator, outsider, netwerk):
    client.force_login(coordinator)
    assert client.get(url("instellingen", netwerk)).status_code == 403
    assert client.post(url("instellingen", netwerk), {"actie": "agenda"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url("instellingen", netwerk)).status_code == 404
    assert not Lidinstelling.objects.exists()


def test_mails_go_off_and_on(client, netwerklid, netwerk):
    client.force_login(netwerklid)
    response = client.post(url("instellingen", netwerk), {"actie": "mail"})
    assert response.status_code == 302 and response["Location"] == url("instellingen", netwerk)
    instelling = Lidinstelling.objects.get()
    assert instelling.deelname.user == netwerklid and instelling.netwerk == netwerk
    assert instelling.mail is False
    html = client.get(url("instellingen", netwerk)).content.decode()
    assert "Je krijgt geen e-mails meer over het plan." in html
    assert not re.search(r'name="mail" id="id_mail" checked', html)

    client.post(url("instellingen", netwerk), {"actie": "mail", "mail": "on"})
    instelling.refresh_from_db()
    assert instelling.mail is True
    assert Lidinstelling.objects.count() == 1


def link_uit(html: str) -> str:
    return re.search(
        r'id="agendalink" class="form-control" type="text" readonly value="([^"]+)"', html
    )[1]


def test_the_calendar_link_is_made_shown_once_renewed_and_revoked(client, netwerklid, netwerk):
    client.force_login(netwerklid)
    response = client.post(url("instellingen", netwerk), {"actie": "agenda"})
    assert response.status_code == 200
    html = response.content.decode()
    link = link_uit(html)
    prefix = settings.SITE_URL + reverse("actieteam_agenda", args=["TOKEN"]).split("TOKEN")[0]
    assert link.startswith(prefix)
    token = link[len(prefix) :].split("/")[0].split(".")[0]
    instelling = Lidinstelling.objects.get()
    assert instelling.agenda_hash == hash_token(token)
    assert Lidinstelling.voor_agenda(token) == instelling
    assert link == settings.SITE_URL + reverse("actieteam_agenda", args=[token])
    assert 'href="webcal://' in html and 'data-copy="#agendalink"' in html
    assert "Je ziet deze link maar één keer" in html

    # Shown once: afterwards the page knows there is a link, not what it is.
    html = client.get(url("instellingen", netwerk)).content.decode()
    assert token not in html and 'id="agendalink"' not in html
    assert "Nieuwe link (de oude stopt)" in html and "Link uitzetten" in html

    # A new link: the old one stops.
    nieuw = link_uit(
        client.post(url("instellingen", netwerk), {"actie": "agenda"}).content.decode()
    )
    assert nieuw != link
    assert Lidinstelling.voor_agenda(token) is None
    instelling.refresh_from_db()
    assert instelling.agenda_hash != hash_token(token)
    assert Lidinstelling.objects.count() == 1

    # Revoked: no link works.
    response = client.post(url("instellingen", netwerk), {"actie": "agenda_uit"})
    assert response.status_code == 302
    instelling.refresh_from_db()
    assert instelling.agenda_hash is None
    html = client.get(url("instellingen", netwerk)).content.decode()
    assert "De agendalink is uitgezet." in html and "Maak een agendalink" in html


def test_an_unknown_action_changes_nothing(client, netwerklid, netwerk):
    client.force_login(netwerklid)
    response = client.post(url("instellingen", netwerk), {"actie": "alles_weg"})
    assert response.status_code == 302
    assert not Lidinstelling.objects.exists()

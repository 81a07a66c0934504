"""Voortgang: progress per vraag as SVG, network and professionals apart, te laat, lukt
niet, the balance and the latest changes (actieteam:voortgang, actieteam/voortgang.py)."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Overleg, Planversie, Status, Statuswijziging, Voortgang
from actieteam.team import afspraken_van, status_van, zet_status
from actieteam.voortgang import (
    BALK_BREEDTE,
    HULP,
    LINKS,
    NETWERK,
    Telling,
    bereken,
    teken,
)
from beraad.models import Afspraak, Vraag
from sonestra.core.access import find_toegang
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

Soort = Afspraak.Soort


def url(netwerk) -> str:
    return reverse("actieteam:voortgang", args=[netwerk.pk])


def persoon_van(user, netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


def zet(afspraak: Afspraak, status: str, notitie: str = "", naam: str = "Els") -> None:
    ok, _voortgang = zet_status(
        afspraak, status, notitie, versie=status_van(afspraak).versie, user=None, naam=naam
    )
    assert ok


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg[^>]*voortgang-tekening.*?</svg>", html, re.S)


def teksten(svg: str) -> list[str]:
    """The words a drawing shows (its <text> elements), unescaped."""
    return [htmllib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def sectie(html: str, kop_id: str) -> str:
    start = html.index(f'id="{kop_id}"')
    einde = html.find("</section>", start)
    return html[start:einde]


@pytest.fixture
def vijf(teamplan, netwerk, supporter):
    """Five network afspraken: 2 gelukt, 1 bezig, 1 lukt niet, 1 nog niet."""
    els = persoon_van(supporter, netwerk)
    afspraken = [
        make_teamafspraak(teamplan, f"Netwerkafspraak {i}", wie=[els], soort=Soort.NETWERK)
        for i in range(5)
    ]
    zet(afspraken[0], Status.GELUKT)
    zet(afspraken[1], Status.GELUKT)
    zet(afspraken[2], Status.BEZIG)
    zet(afspraken[3], Status.LUKT_NIET, "Mijn auto is kapot.")
    return afspraken


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
    client, members, netwerk, teamplan, vijf, rol, verwacht
):
    client.force_login(members[rol])
    assert client.get(url(netwerk)).status_code == verwacht


def test_it_does_not_exist_for_an_outsider_or_anonymous(client, outsider, netwerk, teamplan):
    assert client.get(url(netwerk)).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url(netwerk)).status_code == 404


def test_it_only_answers_get(client, facilitator, netwerk, teamplan):
    client.force_login(facilitator)
    assert client.post(url(netwerk)).status_code == 405


def test_before_the_beraad_is_closed_it_explains_and_links_the_beraad(client, facilitator, netwerk):
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert "Het actieteam begint na het beraad" in html
    assert reverse("beraad:overzicht", args=[netwerk.pk]) in html
    assert "<svg" not in html.split("</header>", 1)[1]


def test_a_get_writes_nothing_but_the_access_log(client, facilitator, netwerk, teamplan, vijf):
    modellen = [Voortgang, Statuswijziging, Planversie, Overleg, Afspraak, Vraag]
    voor = [m.objects.count() for m in modellen]
    logs = Toegangslog.objects.count()
    client.force_login(facilitator)
    assert client.get(url(netwerk)).status_code == 200
    assert [m.objects.count() for m in modellen] == voor
    assert Toegangslog.objects.count() == logs + 1


# --- The drawing -----------------------------------------------------------------------


def test_the_drawing_says_2_of_5_gelukt(client, facilitator, netwerk, teamplan, vijf):
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    [svg] = svgs(html)
    woorden = teksten(svg)
    assert "Wat wij zelf doen" in woorden
    assert "2 van 5 gelukt" in woorden
    # The counts in the parts of the bar: 2 gelukt, 1 bezig, 1 nog niet, 1 lukt niet.
    assert [w for w in woorden if w.isdigit()] == ["2", "1", "1", "1"]
    # For screen readers: title and description, and the same in words beside it.
    assert (
        '<title id="voortgang-1-titel">Voortgang bij de vraag: Hoe kan ik zelf blijven wonen?'
        in svg
    )
    beschrijving = (
        "Wat wij zelf doen: 5 afspraken: 2 gelukt, 1 bezig, 1 nog niet begonnen, 1 lukt niet."
    )
    assert beschrijving in htmllib.unescape(svg)
    assert 'aria-labelledby="voortgang-1-titel voortgang-1-uitleg"' in svg
    figuur = html[html.index("<figcaption>") : html.index("</figcaption>")]
    assert "5 afspraken: 2 gelukt, 1 bezig, 1 nog niet begonnen, 1 lukt niet." in figuur
    # No inline styles: the strict CSP would block them.
    assert "style=" not in svg


def test_network_afspraken_and_professional_support_are_drawn_apart(
    client, facilitator, netwerk, teamplan, supporter, professional
):
    els = persoon_van(supporter, netwerk)
    ahmed = persoon_van(professional, netwerk)
    netwerk_a = make_teamafspraak(teamplan, "Els kookt.", wie=[els], soort=Soort.NETWERK)
    make_teamafspraak(teamplan, "Els wast.", wie=[els], soort=Soort.NETWERK)
    hulp = make_teamafspraak(teamplan, "Ahmed helpt.", wie=[ahmed], soort=Soort.PROFESSIONAL)
    make_teamafspraak(teamplan, "Thuiszorg.", soort=Soort.AANBOD)
    make_teamafspraak(teamplan, "Dagbesteding.", soort=Soort.AANBOD)
    zet(netwerk_a, Status.GELUKT)
    zet(hulp, Status.BEZIG)
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    [svg] = svgs(html)
    netwerk_deel = svg[svg.index("voortgang-netwerk") : svg.index("voortgang-hulp")]
    hulp_deel = svg[svg.index("voortgang-hulp") :]
    assert "1 van 2 gelukt" in teksten(netwerk_deel)
    assert "Hulp van professionals en aanbod" in teksten(hulp_deel)
    assert "0 van 3 gelukt" in teksten(hulp_deel)
    # The balance of the whole plan: 2 of the network against 3 of professionals and aanbod.
    verhouding = re.search(r"<svg[^>]*verhouding-tekening.*?</svg>", html, re.S).group(0)
    assert "Netwerk: 2" in teksten(verhouding)
    assert "Professionals en aanbod: 3" in teksten(verhouding)
    assert "40 procent van het plan doen de mensen zelf" in htmllib.unescape(verhouding)


def test_a_vraag_without_afspraken_says_so_instead_of_a_drawing(
    client, facilitator, netwerk, teamplan
):
    Vraag.objects.create(
        netwerk=netwerk, beraad=teamplan.beraad, tekst="Hoe kom ik naar mijn werk?", volgorde=2
    )
    make_teamafspraak(teamplan, "Els kookt.")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    [eerste] = svgs(html)
    assert html.index("Hoe kan ik zelf blijven wonen?") < html.index("Hoe kom ik naar mijn werk?")
    tweede = html[html.index("Hoe kom ik naar mijn werk?") :]
    assert "Bij deze vraag staan nog geen afspraken." in tweede.split("</article>")[0]
    # No help of professionals for the first vraag: its bar says so.
    assert "Geen afspraken" in teksten(eerste)


def test_ended_afspraken_are_left_out(client, facilitator, netwerk, teamplan, vijf):
    gestopt = make_teamafspraak(
        teamplan, "Gestopte afspraak", klaar_op=timezone.localdate() - timedelta(days=9)
    )
    zet(gestopt, Status.LUKT_NIET, "Niet meer nodig")
    Afspraak.objects.filter(pk=gestopt.pk).update(beeindigd=timezone.now())
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    [svg] = svgs(html)
    assert "2 van 5 gelukt" in teksten(svg)
    lukt_niet = sectie(html, "lukt-niet-kop")
    assert "Gestopte afspraak" not in lukt_niet
    assert 'id="te-laat-kop"' not in html
    # In the history it stays, marked as stopped, without a link.
    laatste = sectie(html, "laatste-kop")
    assert "Gestopte afspraak" in laatste and "(gestopt)" in laatste
    assert reverse("actieteam:afspraak", args=[netwerk.pk, gestopt.pk]) not in html


# --- Te laat and lukt niet ---------------------------------------------------------------


def test_te_laat_lists_what_passed_its_date_and_is_not_done(
    client, facilitator, netwerk, teamplan, supporter
):
    els = persoon_van(supporter, netwerk)
    vandaag = timezone.localdate()
    laat = make_teamafspraak(
        teamplan, "De brief van de gemeente.", wie=[els], klaar_op=vandaag - timedelta(days=3)
    )
    zet(laat, Status.BEZIG, "Bijna klaar")
    make_teamafspraak(teamplan, "Nooit begonnen.", klaar_op=vandaag - timedelta(days=1))
    klaar = make_teamafspraak(teamplan, "Al gedaan.", klaar_op=vandaag - timedelta(days=5))
    zet(klaar, Status.GELUKT)
    make_teamafspraak(teamplan, "Vandaag nog.", klaar_op=vandaag)
    make_teamafspraak(teamplan, "Volgende week.", klaar_op=vandaag + timedelta(days=7))
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    te_laat = sectie(html, "te-laat-kop")
    assert "De brief van de gemeente." in te_laat and "Nooit begonnen." in te_laat
    for niet in ("Al gedaan.", "Vandaag nog.", "Volgende week."):
        assert niet not in te_laat
    # The oldest date first, with who, the date and the status in words.
    assert te_laat.index("De brief van de gemeente.") < te_laat.index("Nooit begonnen.")
    assert "Els" in te_laat and "Bijna klaar" in te_laat and ">bezig<" in te_laat
    assert reverse("actieteam:afspraak", args=[netwerk.pk, laat.pk]) in te_laat
    [svg] = svgs(html)
    assert "1 van 5 gelukt · 2 te laat" in teksten(svg)


def test_lukt_niet_lists_who_the_note_and_since_when(
    client, facilitator, netwerk, teamplan, supporter, netwerklid
):
    els = persoon_van(supporter, netwerk)
    sevda = persoon_van(netwerklid, netwerk)
    afspraak = make_teamafspraak(teamplan, "Boodschappen op zaterdag.", wie=[els, sevda])
    zet(afspraak, Status.LUKT_NIET, "Mijn auto is kapot.", naam="Sevda")
    Voortgang.objects.filter(pk=afspraak.pk).update(
        # Noon in Amsterdam: the same day in UTC, whatever the time of the test run.
        gewijzigd=timezone.make_aware(datetime(2026, 3, 2, 12, 0))
    )
    make_teamafspraak(teamplan, "Gaat prima.")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    lukt_niet = sectie(html, "lukt-niet-kop")
    assert "Boodschappen op zaterdag." in lukt_niet and "Gaat prima." not in lukt_niet
    assert "Els, Sevda" in lukt_niet
    assert "Mijn auto is kapot." in lukt_niet
    assert "2 maart 2026" in lukt_niet and "gemeld door Sevda" in lukt_niet
    assert reverse("actieteam:afspraak", args=[netwerk.pk, afspraak.pk]) in lukt_niet
    # The tile at the top jumps to it.
    assert 'href="#lukt-niet"' in html


def test_nothing_late_or_failing_shows_no_such_sections(client, facilitator, netwerk, teamplan):
    zet(make_teamafspraak(teamplan, "Gaat prima."), Status.GELUKT)
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert 'id="lukt-niet-kop"' not in html and 'id="te-laat-kop"' not in html


# --- Latest changes ----------------------------------------------------------------------


def test_the_latest_ten_changes_show_who_what_and_from_to(client, facilitator, netwerk, teamplan):
    afspraken = [make_teamafspraak(teamplan, f"Afspraak nummer {i:02d}") for i in range(12)]
    begin = timezone.now() - timedelta(days=30)
    for i, afspraak in enumerate(afspraken):
        zet(afspraak, Status.BEZIG, naam=f"Persoon {i:02d}")
        Statuswijziging.objects.filter(afspraak=afspraak).update(tijd=begin + timedelta(days=i))
    zet(afspraken[0], Status.GELUKT, "Klaar!", naam="Oma Truus")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    laatste = sectie(html, "laatste-kop")
    assert laatste.count("<li>") == 10
    # Newest first: Oma's change today, then numbers 11 down to 03.
    assert laatste.index("Oma Truus") < laatste.index("Persoon 11") < laatste.index("Persoon 03")
    assert "Persoon 02" not in laatste
    oma = laatste[laatste.index("Oma Truus") : laatste.index("Persoon 11")]
    assert "Afspraak nummer 00" in oma and "Klaar!" in oma
    assert oma.index(">Bezig<") < oma.index("→") < oma.index(">Gelukt<")


def test_changes_of_another_plan_or_netwerk_stay_out(
    client, facilitator, netwerk, organisatie, teamplan
):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    from beraad.models import Actieplan, Beraad

    beraad = Beraad.objects.create(netwerk=ander, fase="afgerond", afgerond=timezone.now())
    plan = Actieplan.objects.create(
        netwerk=ander, beraad=beraad, gepubliceerd=timezone.now(), vastgesteld=timezone.now()
    )
    plan.test_vraag = Vraag.objects.create(netwerk=ander, beraad=beraad, tekst="Elders?")
    zet(make_teamafspraak(plan, "Geheim elders"), Status.LUKT_NIET, "Niet van jullie")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert "Geheim elders" not in html and "Niet van jullie" not in html


# --- Escaping ----------------------------------------------------------------------------


def test_user_text_is_escaped_in_the_page_and_the_drawing(client, facilitator, netwerk, teamplan):
    Vraag.objects.filter(pk=teamplan.test_vraag.pk).update(tekst="<b>Vet</b> & zo")
    afspraak = make_teamafspraak(teamplan, "<script>alert(1)</script>")
    zet(afspraak, Status.LUKT_NIET, "<img src=x onerror=alert(2)>", naam="<i>Els</i>")
    client.force_login(facilitator)
    html = client.get(url(netwerk)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html and "<i>Els</i>" not in html
    assert "<b>Vet</b>" not in html and "&lt;b&gt;Vet&lt;/b&gt; &amp; zo" in svgs(html)[0]


# --- Queries -----------------------------------------------------------------------------


def vul_plan(plan, netwerk, vragen: int, afspraken: int) -> None:
    """`afspraken` afspraken over `vragen` vragen, each with people, a status and history."""
    alle_vragen = [plan.test_vraag] + [
        Vraag.objects.create(
            netwerk=netwerk, beraad=plan.beraad, tekst=f"Vraag {i}", volgorde=i + 1
        )
        for i in range(1, vragen)
    ]
    personen = [Persoon.objects.create(netwerk=netwerk, naam=f"Lid {i}") for i in range(4)]
    vandaag = timezone.localdate()
    for i in range(afspraken):
        afspraak = make_teamafspraak(
            plan,
            f"Afspraak {i}",
            vraag=alle_vragen[i % vragen],
            soort=[Soort.NETWERK, Soort.PROFESSIONAL, Soort.AANBOD][i % 3],
            wie=personen[: 1 + i % 3],
            invallers=personen[3:],
            klaar_op=vandaag - timedelta(days=i % 5 - 2),
        )
        zet(afspraak, list(Status.values)[i % 4], f"Notitie {i}")


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


# session, user, access lookup, access log; the plan; the vragen; the afspraken (with vraag
# and voortgang), who does them, who steps in; the latest status changes.
VOORTGANG_QUERIES = 4 + 6


def test_the_page_asks_as_much_for_3_afspraken_as_for_40(client, facilitator, netwerk, teamplan):
    client.force_login(facilitator)
    vul_plan(teamplan, netwerk, vragen=1, afspraken=3)
    klein = count_queries(client, url(netwerk))
    html = client.get(url(netwerk)).content.decode()
    assert len(svgs(html)) == 1
    Afspraak.objects.all().delete()
    vul_plan_extra(teamplan, netwerk)
    groot = count_queries(client, url(netwerk))
    html = client.get(url(netwerk)).content.decode()
    assert len(svgs(html)) == 6
    assert klein == groot == VOORTGANG_QUERIES


def vul_plan_extra(plan, netwerk) -> None:
    Vraag.objects.filter(beraad=plan.beraad).exclude(pk=plan.test_vraag.pk).delete()
    vul_plan(plan, netwerk, vragen=6, afspraken=40)


# --- The computation itself --------------------------------------------------------------


def test_the_parts_of_a_bar_fill_it_exactly():
    tekening = teken(1, "Vraag", {NETWERK: Telling(gelukt=1, bezig=1, nog_niet=1), HULP: Telling()})
    netwerk, hulp = tekening.balken
    assert netwerk.segmenten[0].x == LINKS
    einde = netwerk.segmenten[-1].x + netwerk.segmenten[-1].breedte
    assert abs(einde - (LINKS + BALK_BREEDTE)) < 0.11
    assert [s.status for s in netwerk.segmenten] == ["gelukt", "bezig", "nog_niet"]
    assert hulp.leeg and not hulp.segmenten
    assert tekening.hoogte > hulp.regel_y


def test_a_part_too_narrow_for_its_count_leaves_it_to_the_words():
    tekening = teken(1, "Vraag", {NETWERK: Telling(gelukt=1, nog_niet=99)})
    gelukt, nog_niet = tekening.balken[0].segmenten
    assert not gelukt.toon_getal and nog_niet.toon_getal
    assert "100 afspraken: 1 gelukt, 99 nog niet begonnen." in tekening.uitleg


def test_the_sums_are_made_without_queries(
    django_assert_num_queries, facilitator, netwerk, teamplan
):
    vul_plan(teamplan, netwerk, vragen=2, afspraken=8)
    toegang = find_toegang(facilitator, netwerk.pk)
    afspraken = list(afspraken_van(toegang, teamplan))
    vragen = list(Vraag.objects.filter(beraad=teamplan.beraad).order_by("volgorde"))
    with django_assert_num_queries(0):
        overzicht = bereken(vragen, afspraken, timezone.localdate())
    assert overzicht.totaal.totaal == 8
    # The statuses go round: nog niet, bezig, gelukt, lukt niet.
    assert (overzicht.totaal.nog_niet, overzicht.totaal.gelukt) == (2, 2)
    assert [v.totaal.totaal for v in overzicht.vragen] == [4, 4]
    assert (overzicht.verhouding.netwerk, overzicht.verhouding.hulp) == (3, 5)

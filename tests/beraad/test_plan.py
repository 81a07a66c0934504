"""The actieplan: the plan page, and the helpers that build it (order, voorwaarden check,
costs), the phase rules, akkoord and afronden."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beraad.forms.plan import AfspraakForm
from beraad.models import Actieplan, Afspraak, Akkoord, Beraad, Voorwaarde, Vraag
from beraad.plan import (
    afspraken_voor,
    bouw_plan,
    fase_na,
    geef_akkoord,
    mag_schrijven,
    rond_af,
    schrijf_weigering,
    totalen,
)
from sonestra.core.access import Toegang, find_toegang
from sonestra.core.models import Netwerk, Persoon
from sonestra.core.roles import Rol
from tests.beraad.test_live import EIGEN_TIJD_TEKST, url, zet_fase
from tests.conftest import make_afspraak

Fase = Beraad.Fase
Soort = Afspraak.Soort


@pytest.fixture
def oma(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")


@pytest.fixture
def henk(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Buurman Henk", soort="buurt")


@pytest.fixture
def plan_met_afspraken(beraad, vraag, oma, henk):
    """Two vragen; afspraken made out of order on purpose."""
    eerste = Vraag.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, tekst="Hoe kom ik naar mijn werk?", volgorde=0
    )
    veilig = Voorwaarde.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, thema="veiligheid", tekst="Elke avond iemand erbij."
    )
    Voorwaarde.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, thema="continuiteit", tekst="Een vaste mentor."
    )
    Voorwaarde.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, soort="zorg", tekst="Geldzorgen thuis."
    )
    make_afspraak(
        beraad,
        vraag,
        "Thuiszorg twee keer per week.",
        soort=Soort.AANBOD,
        kosten=Decimal("250"),
        kosten_per="maand",
    )
    make_afspraak(beraad, vraag, "Wijkcoach helpt met post.", soort=Soort.PROFESSIONAL)
    koken = make_afspraak(
        beraad,
        vraag,
        "Oma Truus kookt op woensdag.",
        soort=Soort.NETWERK,
        wie=[oma],
        wanneer="elke woensdag",
        klaar_op=date(2027, 3, 15),
        hoe_weten="Marieke eet warm.",
    )
    koken.invallers.set([henk])
    koken.voorwaarden.set([veilig])
    make_afspraak(
        beraad,
        vraag,
        "Alarmknop",
        soort=Soort.AANBOD,
        kosten=Decimal("1234.5"),
        kosten_per="eenmalig",
    )
    make_afspraak(
        beraad,
        eerste,
        "Taxi naar werk.",
        soort=Soort.AANBOD,
        kosten=Decimal("40"),
        kosten_per="maand",
    )
    return beraad


# --- The plan page -----------------------------------------------------------------------


def test_the_plan_page_shows_the_plan_in_its_fixed_order(client, hoofdpersoon, plan_met_afspraken):
    beraad = zet_fase(plan_met_afspraken, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    html = client.get(url("plan", beraad)).content.decode()
    assert "<h1>Actieplan van Marieke Bakker</h1>" in html
    assert "Concept" in html and "Dit plan is nog niet vastgesteld." in html
    # The vragen in their order; per vraag the network first, aanbod last.
    assert html.index("Hoe kom ik naar mijn werk?") < html.index("Hoe kan ik zelf blijven wonen?")
    tweede = html[html.index("Hoe kan ik zelf blijven wonen?") :]
    volgorde = [
        "Wat wij zelf doen",
        "Oma Truus kookt op woensdag.",
        "Hulp van professionals",
        "Wijkcoach helpt met post.",
        "Aanbod en wat het kost",
        "Thuiszorg twee keer per week.",
        "Alarmknop",
    ]
    posities = [tweede.index(t) for t in volgorde]
    assert posities == sorted(posities)
    kaart = tweede[tweede.index("Oma Truus kookt op woensdag.") :]
    kaart = kaart[: kaart.index("</article>")]
    for tekst in (
        "Oma Truus",
        "elke woensdag · klaar op 15 maart 2027",
        "Marieke eet warm.",
        "Buurman Henk",
        "Veiligheid: Elke avond iemand erbij.",
    ):
        assert tekst in kaart, tekst
    # Costs per afspraak, per vraag, and for the whole plan; months and once apart.
    assert "€&nbsp;250,00 per maand" in tweede and "€&nbsp;1.234,50 eenmalig" in tweede
    assert re.search(
        r"Kosten bij deze vraag:</strong> <span class=\"bedrag\">€&nbsp;1.234,50 eenmalig</span>"
        r" \+ <span class=\"bedrag\">€&nbsp;250,00 per maand</span>",
        tweede,
    )
    alles = html[html.index("Kosten van het hele plan:") :]
    assert "€&nbsp;1.234,50 eenmalig" in alles and "€&nbsp;290,00 per maand" in alles
    # The voorwaarden and which afspraak meets them; the zorgen listed apart.
    assert "Geregeld in:" in html and "nog geen afspraak voor deze voorwaarde" in html
    assert "Geldzorgen thuis." in html
    # Cards, not a table: readable at 360 px.
    assert html.count('<article class="afspraak"') == 5 and "<table" not in html


def test_a_vraag_with_only_outside_help_asks_what_the_family_can_do(
    client, supporter, plan_met_afspraken
):
    beraad = zet_fase(plan_met_afspraken, Fase.EIGEN_TIJD)
    client.force_login(supporter)
    html = client.get(url("plan", beraad)).content.decode()
    # Only the first vraag (a taxi, nothing of their own) gets the hint.
    assert html.count("Wat kunnen jullie zelf doen bij deze vraag?") == 1
    hint = html.index("Wat kunnen jullie zelf doen bij deze vraag?")
    assert html.index("Hoe kom ik naar mijn werk?") < hint < html.index("Hoe kan ik zelf")


@pytest.mark.parametrize("rol", [Rol.FACILITATOR, Rol.PROFESSIONAL])
def test_staff_see_the_plan_page_once_it_is_shared(client, members, plan_met_afspraken, rol):
    beraad = zet_fase(plan_met_afspraken, Fase.EIGEN_TIJD)
    client.force_login(members[rol])
    html = client.get(url("plan", beraad)).content.decode()
    assert EIGEN_TIJD_TEKST in html and "Oma Truus kookt" not in html
    zet_fase(beraad, Fase.WELKOM)
    html = client.get(url("plan", beraad)).content.decode()
    assert "Je ziet het plan zodra de familie het deelt." in html and "Oma Truus kookt" not in html
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    html = client.get(url("plan", beraad)).content.decode()
    assert "Oma Truus kookt op woensdag." in html and EIGEN_TIJD_TEKST not in html


def test_the_held_plan_shows_version_aanspreekpunt_date_and_akkoord(
    client, professional, plan_met_afspraken, oma
):
    beraad = zet_fase(plan_met_afspraken, Fase.AFGEROND, gedeeld=True)
    Actieplan.objects.filter(pk=beraad.plan.pk).update(
        planversie=1,
        vastgesteld=timezone.now(),
        aanspreekpunt=oma,
        vervolgdatum=date(2027, 6, 1),
    )
    Akkoord.objects.create(netwerk=beraad.netwerk, plan=beraad.plan, naam="Oma Truus", persoon=oma)
    Akkoord.objects.create(
        netwerk=beraad.netwerk, plan=beraad.plan, naam="Ahmed", user=professional, planstand=99
    )
    client.force_login(professional)
    html = client.get(url("plan", beraad)).content.decode()
    assert "Versie 1, vastgesteld op" in html and "Concept" not in html
    kern = html[html.index('class="status-lijst plan-kern"') :]
    assert "Oma Truus" in kern[:300] and "dinsdag 1 juni 2027" in kern[:400]
    akkoord = html[html.index('id="akkoord"') :]
    assert "Oma Truus" in akkoord and "Ahmed" in akkoord
    assert akkoord.count("gaf akkoord vóór de laatste wijziging") == 1
    # Read-only: no buttons to agree or change.
    assert "Ik ga akkoord" not in html and "Wijzig afspraak" not in html


def test_user_text_is_escaped_on_the_plan(client, hoofdpersoon, beraad, vraag):
    Vraag.objects.filter(pk=vraag.pk).update(tekst="<script>x()</script> wonen")
    make_afspraak(beraad, vraag, "<img src=x onerror=y> koken")
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    for name in ("plan", "live"):
        html = client.get(url(name, beraad)).content.decode()
        assert "<script>x()" not in html and "<img src=x" not in html
        assert "&lt;script&gt;x()&lt;/script&gt; wonen" in html
        assert "&lt;img src=x onerror=y&gt; koken" in html


# --- Building the plan -------------------------------------------------------------------


def test_bouw_plan_groups_checks_and_adds_up_without_queries(
    django_assert_num_queries, members, plan_met_afspraken
):
    beraad = plan_met_afspraken
    toegang = find_toegang(members[Rol.HOOFDPERSOON], beraad.netwerk_id)
    vragen = list(beraad.vragen.all())
    afspraken = list(afspraken_voor(toegang, beraad.plan))
    voorwaarden = list(beraad.voorwaarden.all())
    with django_assert_num_queries(0):
        overzicht = bouw_plan(vragen, afspraken, voorwaarden)
    werk, wonen = overzicht.blokken
    assert [s.titel for s in wonen.secties] == [
        "Wat wij zelf doen",
        "Hulp van professionals",
        "Aanbod en wat het kost",
    ]
    assert [[a.wat for a in s.afspraken] for s in wonen.secties] == [
        ["Oma Truus kookt op woensdag."],
        ["Wijkcoach helpt met post."],
        ["Thuiszorg twee keer per week.", "Alarmknop"],
    ]
    assert werk.zelf_leeg and not wonen.zelf_leeg and overzicht.aantal == 5
    assert [(b.per, b.bedrag) for b in wonen.totalen] == [
        ("eenmalig", Decimal("1234.50")),
        ("maand", Decimal("250.00")),
    ]
    assert [(b.label, b.bedrag) for b in overzicht.totalen] == [
        ("eenmalig", Decimal("1234.50")),
        ("per maand", Decimal("290.00")),
    ]
    # Only voorwaarden are checked, zorgen are not; the unmet one is flagged.
    assert [(t.voorwaarde.tekst, t.vervuld) for t in overzicht.toetsen] == [
        ("Elke avond iemand erbij.", True),
        ("Een vaste mentor.", False),
    ]
    assert [t.voorwaarde.tekst for t in overzicht.onvervuld] == ["Een vaste mentor."]
    assert [z.tekst for z in overzicht.zorgen] == ["Geldzorgen thuis."]


def test_costs_count_only_for_aanbod():
    a = Afspraak(soort=Soort.AANBOD, kosten=Decimal("5"), kosten_per="week")
    b = Afspraak(soort=Soort.NETWERK, kosten=Decimal("99"), kosten_per="week")
    c = Afspraak(soort=Soort.AANBOD, kosten=None)
    assert [(t.per, t.bedrag) for t in totalen([a, b, c])] == [("week", Decimal("5"))]


def test_afspraken_voor_reads_through_the_access_layer(members, plan_met_afspraken):
    beraad = zet_fase(plan_met_afspraken, Fase.EIGEN_TIJD)
    for rol, user in members.items():
        toegang = find_toegang(user, beraad.netwerk_id)
        assert len(afspraken_voor(toegang, beraad.plan)) == (
            5 if rol in {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID} else 0
        )


# --- Rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fase", "richting", "naar"),
    [
        (Fase.VOORBEREIDING, "volgende", Fase.WELKOM),
        (Fase.VOORBEREIDING, "vorige", None),
        (Fase.WELKOM, "volgende", Fase.INFORMATIE),
        (Fase.WELKOM, "vorige", Fase.VOORBEREIDING),
        (Fase.INFORMATIE, "volgende", Fase.EIGEN_TIJD),
        (Fase.EIGEN_TIJD, "volgende", None),
        (Fase.EIGEN_TIJD, "vorige", None),
        (Fase.PRESENTATIE, "volgende", Fase.AFSLUITING),
        (Fase.PRESENTATIE, "vorige", None),
        (Fase.AFSLUITING, "volgende", None),
        (Fase.AFSLUITING, "vorige", Fase.PRESENTATIE),
        (Fase.AFGEROND, "vorige", None),
        (Fase.WELKOM, "zijwaarts", None),
    ],
)
def test_where_the_phase_buttons_lead(fase, richting, naar):
    nieuw, waarom = fase_na(fase, richting)
    assert nieuw == naar
    assert bool(waarom) is (naar is None)


@pytest.mark.parametrize(
    ("rol", "fase", "gedeeld", "mag"),
    [
        (Rol.NETWERKLID, Fase.VOORBEREIDING, False, False),
        (Rol.NETWERKLID, Fase.WELKOM, False, True),
        (Rol.HOOFDPERSOON, Fase.EIGEN_TIJD, False, True),
        (Rol.SUPPORTER, Fase.AFSLUITING, True, True),
        (Rol.SUPPORTER, Fase.AFGEROND, True, False),
        (Rol.FACILITATOR, Fase.EIGEN_TIJD, False, False),
        (Rol.FACILITATOR, Fase.PRESENTATIE, True, True),
        (Rol.PROFESSIONAL, Fase.PRESENTATIE, True, False),
        (Rol.COORDINATOR, Fase.PRESENTATIE, True, False),
    ],
)
def test_who_may_write_in_which_phase(netwerk, rol, fase, gedeeld, mag):
    assert mag_schrijven(Toegang(netwerk=netwerk, rol=rol, deelname=None), fase, gedeeld) is mag


def test_the_refusal_says_why(netwerk, beraad):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    facilitator = Toegang(netwerk=netwerk, rol=Rol.FACILITATOR, deelname=None)
    assert "zodra de familie het plan deelt" in schrijf_weigering(facilitator, beraad)
    zet_fase(beraad, Fase.VOORBEREIDING)
    lid = Toegang(netwerk=netwerk, rol=Rol.NETWERKLID, deelname=None)
    assert "nog niet begonnen" in schrijf_weigering(lid, beraad)
    zet_fase(beraad, Fase.AFGEROND, gedeeld=True)
    assert "afgerond" in schrijf_weigering(lid, beraad)
    zet_fase(beraad, Fase.WELKOM)
    assert schrijf_weigering(lid, beraad) is None


# --- Akkoord and afronden ----------------------------------------------------------------


def test_akkoord_noted_by_the_facilitator_and_given_later_by_phone_is_one(
    netwerklid, facilitator, beraad
):
    eigen = netwerklid.deelnames.get().persoon
    geef_akkoord(beraad.plan, naam=eigen.naam, persoon=eigen, door=facilitator)
    Actieplan.objects.filter(pk=beraad.plan.pk).update(inhoud=7)
    beraad.plan.refresh_from_db()
    geef_akkoord(beraad.plan, naam=eigen.naam, user=netwerklid, persoon=eigen)
    akkoord = Akkoord.objects.get()
    assert (akkoord.user, akkoord.persoon, akkoord.planstand) == (netwerklid, eigen, 7)
    # A login noted once by user and once by person: from now on one akkoord.
    ander = Akkoord.objects.create(
        netwerk=beraad.netwerk,
        plan=beraad.plan,
        naam="x",
        user=None,
        persoon=Persoon.objects.create(netwerk=beraad.netwerk, naam="Y"),
    )
    Akkoord.objects.filter(pk=akkoord.pk).update(persoon=None)
    geef_akkoord(beraad.plan, naam="Y", user=netwerklid, persoon=ander.persoon)
    assert Akkoord.objects.count() == 1


def test_afronden_happens_once(supporter, beraad, oma):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    plan = beraad.plan
    plan.vervolgdatum = timezone.localdate() + timedelta(days=60)
    plan.save()
    # Without an akkoord on the plan as it is now, nothing closes.
    assert rond_af(beraad, plan, supporter) is None
    geef_akkoord(plan, naam="Els", user=supporter)
    vervolg = rond_af(beraad, plan, supporter)
    assert vervolg is not None and vervolg.vorige == beraad and vervolg.created_by == supporter
    assert rond_af(beraad, plan, supporter) is None
    assert Beraad.objects.filter(vorige=beraad).count() == 1
    plan.refresh_from_db()
    assert plan.planversie == 1


# --- The form ----------------------------------------------------------------------------


def test_the_form_offers_only_what_the_view_gave_it_and_asks_nothing(
    django_assert_num_queries, netwerk, organisatie, beraad, vraag, oma
):
    vreemd = Persoon.objects.create(
        netwerk=Netwerk.objects.create(titel="Ander", organisatie=organisatie), naam="Vera"
    )
    voorwaarde = Voorwaarde.objects.create(netwerk=netwerk, beraad=beraad, tekst="Veilig")
    zorg = Voorwaarde.objects.create(netwerk=netwerk, beraad=beraad, soort="zorg", tekst="Zorg")
    data = {
        "vraag": vraag.pk,
        "soort": "1",
        "wat": "Koken",
        "wie": [oma.pk, vreemd.pk],
        "voorwaarden": [zorg.pk],
    }

    plan = beraad.plan

    def form(personen, data=data):
        return AfspraakForm(
            data,
            instance=Afspraak(netwerk=netwerk, plan=plan),
            vragen=[vraag],
            personen=personen,
            voorwaarden=[voorwaarde, zorg],
        )

    veel = [oma, *(Persoon(pk=10_000 + i, netwerk=netwerk, naam=f"P{i}") for i in range(100))]
    with django_assert_num_queries(0):
        klein = form([oma])
        groot = form(veel)
        assert "P99" in str(form(veel, data=None)["wie"])  # rendering asks nothing either
    # Validating asks the same few things (the model's own checks) whatever the list.
    with CaptureQueriesContext(connection) as q_klein:
        assert not klein.is_valid()
    with CaptureQueriesContext(connection) as q_groot:
        assert not groot.is_valid()
    assert len(q_klein) == len(q_groot)
    form = klein
    assert form.errors["wie"] == ["Kies alleen mensen uit de groslijst van dit netwerk."]
    # A zorg is explained, not met: it is no choice.
    assert form.errors["voorwaarden"] == ["Kies alleen voorwaarden van dit beraad."]
    assert [c[1] for c in form.fields["soort"].choices] == [
        "Wat wij zelf doen",
        "Hulp van professionals",
        "Aanbod en wat het kost",
    ]

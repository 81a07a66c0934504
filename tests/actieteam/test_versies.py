"""The versions of the plan: every change, newest first, with who, what and when; and what
differs between any two versions, per vraag and per field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actieteam import team
from actieteam.models import Planversie
from beraad.models import Actieplan, Afspraak, Beraad, Vraag
from sonestra.core.models import Netwerk, Persoon
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak
from tests.core.test_query_counts import BASE

ALLE_ROLLEN = [
    Rol.HOOFDPERSOON,
    Rol.SUPPORTER,
    Rol.NETWERKLID,
    Rol.FACILITATOR,
    Rol.PROFESSIONAL,
    Rol.COORDINATOR,
]


def url(name: str, netwerk_id: int, query: str = "") -> str:
    return reverse(f"actieteam:{name}", args=[netwerk_id]) + query


def verander(plan, user, naam: str, doe) -> Planversie:
    """One change to the plan and its version, as the views make it."""
    doe()
    return team.nieuwe_versie(plan, user=user, naam=naam)


@pytest.fixture
def mensen(netwerk) -> dict[str, Persoon]:
    return {
        naam.lower(): Persoon.objects.create(netwerk=netwerk, naam=naam)
        for naam in ("Els", "Joost", "Anna")
    }


@pytest.fixture
def geschiedenis(teamplan, mensen, supporter, hoofdpersoon):
    """Four versions over two vragen:
    1 (beraad): post (Els), koken (Anna), bewind (aanbod, geld-vraag)
    2 (Els):    + wandelen
    3 (Marieke): post: Joost does it, klaar op 15 maart 2027; bewind costs more
    4 (Els):    koken stopped
    """
    geld = Vraag.objects.create(
        netwerk=teamplan.netwerk, beraad=teamplan.beraad, tekst="Wie helpt met geld?", volgorde=2
    )
    post = make_teamafspraak(teamplan, wat="De post doorlopen", wie=[mensen["els"]])
    koken = make_teamafspraak(teamplan, wat="Koken op woensdag", wie=[mensen["anna"]])
    bewind = make_teamafspraak(
        teamplan,
        wat="Bewindvoering",
        vraag=geld,
        soort=Afspraak.Soort.AANBOD,
        kosten=Decimal("100.00"),
        kosten_per="maand",
    )
    team.eerste_versie(teamplan)
    verander(teamplan, supporter, "Els", lambda: make_teamafspraak(teamplan, wat="Wandelen"))

    def drie():
        post.wie.set([mensen["joost"]])
        Afspraak.objects.filter(pk=post.pk).update(klaar_op=date(2027, 3, 15))
        Afspraak.objects.filter(pk=bewind.pk).update(kosten=Decimal("112.50"))

    verander(teamplan, hoofdpersoon, "Marieke Bakker", drie)
    verander(
        teamplan,
        supporter,
        "Els",
        lambda: Afspraak.objects.filter(pk=koken.pk).update(beeindigd=timezone.now()),
    )
    teamplan.geld = geld
    return teamplan


# --- The list of versions ------------------------------------------------------------------


@pytest.mark.parametrize("rol", ALLE_ROLLEN)
def test_who_reads_the_versions(client, members, geschiedenis, rol):
    """The plan is published once closed: staff read its versions too."""
    client.force_login(members[rol])
    for name in ("versies", "vergelijken"):
        response = client.get(url(name, geschiedenis.netwerk_id))
        assert response.status_code == (403 if rol == Rol.COORDINATOR else 200)


def test_outsiders_get_nothing(client, outsider, geschiedenis):
    assert client.get(url("versies", geschiedenis.netwerk_id))["Location"].startswith(
        reverse("login")
    )
    client.force_login(outsider)
    for name in ("versies", "vergelijken"):
        assert client.get(url(name, geschiedenis.netwerk_id, "?van=1&naar=2")).status_code == 404


def test_versions_newest_first_with_who_when_and_what(client, professional, geschiedenis):
    client.force_login(professional)
    html = client.get(url("versies", geschiedenis.netwerk_id)).content.decode()
    koppen = [html.index(f"Versie {n}") for n in (4, 3, 2, 1)]
    assert koppen == sorted(koppen)
    vier = Planversie.objects.get(plan=geschiedenis, nummer=4)
    assert f"Door Els, op {timezone.localtime(vier.tijd):%-d}" in html
    assert "Door Marieke Bakker" in html
    regels = [
        "Gestopt: Koken op woensdag",
        "Veranderd bij ‘De post doorlopen’: wie, klaar op",
        "Veranderd bij ‘Bewindvoering’: kosten",
        "Nieuw: Wandelen",
        "Vastgesteld in het beraad, met akkoord.",
    ]
    plekken = [html.index(f"<li>{r}</li>") for r in regels]
    assert plekken == sorted(plekken)
    # Each version links to what it changed since the one before it.
    for nummer in (4, 3, 2):
        vergelijk = url(
            "vergelijken", geschiedenis.netwerk_id, f"?van={nummer - 1}&amp;naar={nummer}"
        )
        assert vergelijk in html
    assert "?van=0" not in html
    # And two versions of one's own choice, the last two chosen.
    assert f'action="{url("vergelijken", geschiedenis.netwerk_id)}"' in html
    assert '<option value="3" selected>' in html[html.index('name="van"') :][:400]
    assert '<option value="4" selected>' in html[html.index('name="naar"') :][:400]


def test_a_plan_never_changed_has_one_version(client, hoofdpersoon, teamplan):
    make_teamafspraak(teamplan)
    client.force_login(hoofdpersoon)
    # Before the first change nothing is written, not even version 1.
    html = client.get(url("versies", teamplan.netwerk_id)).content.decode()
    assert "Versie 1" in html and "Nog niemand heeft het plan bijgestuurd." in html
    html = client.get(url("vergelijken", teamplan.netwerk_id)).content.decode()
    assert "Er is nog maar één versie van het plan." in html
    team.eerste_versie(teamplan)
    html = client.get(url("vergelijken", teamplan.netwerk_id, "?van=1&naar=2")).content.decode()
    assert "Er is nog maar één versie van het plan." in html
    assert not Planversie.objects.filter(nummer=2).exists()


# --- Comparing -----------------------------------------------------------------------------


def _deel(html: str, van: str, tot: str | None = None) -> str:
    begin = html.index(van)
    return html[begin : html.index(tot, begin) if tot else None]


def test_compare_defaults_to_the_last_change(client, netwerklid, geschiedenis):
    client.force_login(netwerklid)
    html = client.get(url("vergelijken", geschiedenis.netwerk_id)).content.decode()
    assert "Versie 3 en versie 4" in html
    assert "Gestopt" in html and "Koken op woensdag" in html
    assert "Nieuw in het plan" not in html and "Gewijzigd" not in html


def test_compare_any_two_versions_grouped_per_vraag(client, hoofdpersoon, geschiedenis):
    client.force_login(hoofdpersoon)
    html = client.get(url("vergelijken", geschiedenis.netwerk_id, "?van=1&naar=4")).content.decode()
    assert "Versie 1 en versie 4" in html
    wonen = _deel(html, "Hoe kan ik zelf blijven wonen?", "Wie helpt met geld?")
    geld = _deel(html, "Wie helpt met geld?", "</section>")
    # Added, changed, ended: each under its own vraag.
    assert "Nieuw in het plan" in wonen and "Wandelen" in _deel(
        wonen, "Nieuw in het plan", "Gewijzigd"
    )
    gewijzigd = _deel(wonen, "Gewijzigd", "Gestopt")
    assert "De post doorlopen" in gewijzigd
    # Per field old → new, people by name and dates in Dutch.
    assert "Wie" in gewijzigd and '<del class="oud">Els</del>' in gewijzigd
    assert '<ins class="nieuw">Joost</ins>' in gewijzigd
    assert '<del class="oud">—</del>' in gewijzigd
    assert '<ins class="nieuw">15 maart 2027</ins>' in gewijzigd
    assert "Koken op woensdag" in _deel(wonen, "Gestopt")
    assert "Bewindvoering" in geld
    assert '<del class="oud">€\xa0100,00</del>' in geld
    assert '<ins class="nieuw">€\xa0112,50</ins>' in geld
    assert "Nieuw in het plan" not in geld and "Gestopt" not in geld


def test_compare_in_either_order(client, supporter, geschiedenis):
    client.force_login(supporter)
    heen = client.get(url("vergelijken", geschiedenis.netwerk_id, "?van=2&naar=3")).content.decode()
    terug = client.get(
        url("vergelijken", geschiedenis.netwerk_id, "?van=3&naar=2")
    ).content.decode()
    assert "Versie 2 en versie 3" in heen and "Versie 2 en versie 3" in terug
    assert '<ins class="nieuw">Joost</ins>' in terug
    # Only van or only naar: the other stays at its default.
    html = client.get(url("vergelijken", geschiedenis.netwerk_id, "?van=1")).content.decode()
    assert "Versie 1 en versie 4" in html


def test_two_versions_without_a_difference(client, supporter, teamplan):
    make_teamafspraak(teamplan)
    team.eerste_versie(teamplan)
    # A version whose copy equals the one before (e.g. a change undone and redone).
    Planversie.objects.create(
        netwerk=teamplan.netwerk, plan=teamplan, nummer=2, afspraken=team.snapshot(teamplan)
    )
    client.force_login(supporter)
    html = client.get(url("vergelijken", teamplan.netwerk_id)).content.decode()
    assert "In deze versies staan dezelfde afspraken." in html


@pytest.mark.parametrize(
    ("query", "melding"),
    [
        ("?van=1&naar=9", "Die versie bestaat niet. Kies twee versies tussen 1 en 4."),
        ("?van=0&naar=2", "Die versie bestaat niet."),
        ("?van=abc&naar=2", "Die versie bestaat niet."),
        ("?van=-1&naar=2", "Die versie bestaat niet."),
        ("?van=99999999999999999999&naar=2", "Die versie bestaat niet."),
        ("?van=3&naar=3", "Kies twee verschillende versies om ze te vergelijken."),
    ],
)
def test_unknown_versions_get_a_friendly_message(
    client, hoofdpersoon, geschiedenis, query, melding
):
    client.force_login(hoofdpersoon)
    response = client.get(url("vergelijken", geschiedenis.netwerk_id, query))
    assert response.status_code == 200
    html = response.content.decode()
    assert melding in html
    # The choice of two versions is right there to try again.
    assert 'name="van"' in html and 'name="naar"' in html


def test_versions_of_another_netwerk_are_never_reached(
    client, hoofdpersoon, geschiedenis, organisatie, supporter
):
    """Another Netwerk's plan has versions 1-6 with its own text: asking for 5 and 6 here
    finds nothing, and nothing of it shows."""
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    nu = timezone.now()
    plan = Actieplan.objects.create(
        netwerk=ander,
        beraad=Beraad.objects.create(netwerk=ander, fase="afgerond"),
        vastgesteld=nu,
        gepubliceerd=nu,
        planversie=1,
    )
    plan.test_vraag = Vraag.objects.create(netwerk=ander, beraad=plan.beraad, tekst="Geheim?")
    team.eerste_versie(plan)
    for i in range(5):
        verander(plan, supporter, "X", lambda i=i: make_teamafspraak(plan, wat=f"Geheim {i}"))
    client.force_login(hoofdpersoon)
    html = client.get(url("vergelijken", geschiedenis.netwerk_id, "?van=5&naar=6")).content.decode()
    assert "Die versie bestaat niet." in html
    assert "Geheim" not in html
    html = client.get(url("versies", geschiedenis.netwerk_id)).content.decode()
    assert "Geheim" not in html and "Versie 5" not in html


def test_only_the_active_plan_is_compared(client, hoofdpersoon, geschiedenis, netwerk):
    """After a vervolgberaad its plan is the team's: the old plan's versions are not mixed in."""
    nu = timezone.now()
    volgend = Actieplan.objects.create(
        netwerk=netwerk,
        beraad=Beraad.objects.create(netwerk=netwerk, fase="afgerond", vorige=geschiedenis.beraad),
        vastgesteld=nu,
        gepubliceerd=nu,
        planversie=1,
    )
    volgend.test_vraag = Vraag.objects.create(netwerk=netwerk, beraad=volgend.beraad, tekst="?")
    make_teamafspraak(volgend, wat="Vervolgafspraak")
    team.eerste_versie(volgend)
    client.force_login(hoofdpersoon)
    html = client.get(url("versies", netwerk.pk)).content.decode()
    assert "Versie 1" in html and "Versie 2" not in html
    html = client.get(url("vergelijken", netwerk.pk, "?van=1&naar=4")).content.decode()
    assert "Er is nog maar één versie van het plan." in html


def test_text_in_versions_is_escaped(client, hoofdpersoon, teamplan, supporter):
    team.eerste_versie(teamplan)
    verander(
        teamplan,
        supporter,
        "<b>Els</b>",
        lambda: make_teamafspraak(teamplan, wat="<script>alert(1)</script>"),
    )
    client.force_login(hoofdpersoon)
    for naam in ("versies", "vergelijken"):
        html = client.get(url(naam, teamplan.netwerk_id)).content.decode()
        assert "<script>alert" not in html and "<b>Els" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Query counts --------------------------------------------------------------------------


def _versies_tot(plan, aantal: int, user) -> None:
    huidig = Planversie.objects.filter(plan=plan).count()
    for i in range(huidig, aantal):
        verander(
            plan,
            user,
            "Els",
            lambda i=i: make_teamafspraak(plan, wat=f"Afspraak {i}\nmet een tweede regel"),
        )


@pytest.mark.parametrize("rol", [Rol.SUPPORTER, Rol.PROFESSIONAL])
def test_versies_and_vergelijken_query_counts_do_not_grow(
    client, members, teamplan, django_assert_num_queries, rol
):
    team.eerste_versie(teamplan)
    client.force_login(members[rol])
    for aantal in (2, 30):
        _versies_tot(teamplan, aantal, members["supporter"])
        # + the plan, its versions without their copies of the plan
        with django_assert_num_queries(BASE + 2):
            assert client.get(url("versies", teamplan.netwerk_id)).status_code == 200
        # + the plan, the version numbers, the two versions
        for query in ("", "?van=1&naar=2", f"?van=1&naar={aantal}"):
            with django_assert_num_queries(BASE + 3):
                response = client.get(url("vergelijken", teamplan.netwerk_id, query))
            assert response.status_code == 200
            assert "Nieuw in het plan" in response.content.decode()

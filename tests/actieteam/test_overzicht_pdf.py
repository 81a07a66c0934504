"""The ways to the printed actieplan: the coordinator's overview, the plan page and the
Actieteam's home.

The coordinator prints the plan the beraad agreed on (never a concept) for a family
without a printer; the overview links to it for each Netwerk with a closed plan, at no
extra query per row. Each download is written to the access log as an export (E).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beraad.models import Actieplan, Beraad, Vraag
from sonestra.core.models import Netwerk, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

OVERZICHT = reverse("organisatie_overzicht")


def _pdf_url(plan: Actieplan) -> str:
    return reverse("beraad:plan_pdf", args=[plan.netwerk_id, plan.beraad_id])


def _makkelijk_url(plan: Actieplan) -> str:
    return reverse("beraad:plan_makkelijk", args=[plan.netwerk_id, plan.beraad_id])


def _gesloten_plan(netwerk: Netwerk, toen) -> Actieplan:
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=toen, afgerond=toen
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=toen, vastgesteld=toen, planversie=1
    )
    plan.test_vraag = Vraag.objects.create(
        netwerk=netwerk, beraad=beraad, tekst="Wie helpt met de post?", volgorde=1
    )
    return plan


def _concept_plan(netwerk: Netwerk) -> Actieplan:
    beraad = Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.EIGEN_TIJD)
    return Actieplan.objects.create(netwerk=netwerk, beraad=beraad)


def _print_links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+/plan/(?:actieplan|makkelijk-lezen)\.pdf)"', html))


# --- The coordinator's overview ---------------------------------------------------------


def test_the_overview_links_to_the_active_closed_plan_only(client, coordinator, organisatie):
    nu = timezone.now()
    actief = Netwerk.objects.create(titel="Netwerk Actief", organisatie=organisatie)
    oud = _gesloten_plan(actief, nu - timedelta(days=300))
    nieuw = _gesloten_plan(actief, nu - timedelta(days=10))
    # A vervolgberaad still being written: its concept is not the plan to print.
    vervolg = _concept_plan(actief)
    concept = _concept_plan(
        Netwerk.objects.create(titel="Netwerk Concept", organisatie=organisatie)
    )
    Netwerk.objects.create(titel="Netwerk Zonder plan", organisatie=organisatie)

    client.force_login(coordinator)
    response = client.get(OVERZICHT)
    html = response.content.decode()

    assert _print_links(html) == {_pdf_url(nieuw), _makkelijk_url(nieuw)}
    for ander in (oud, vervolg, concept):
        assert _pdf_url(ander) not in html
    rijen = {rij.netwerk.titel: rij for rij in response.context["rijen"]}
    assert rijen["Netwerk Actief"].beraad_id == nieuw.beraad_id
    assert rijen["Netwerk Concept"].beraad_id is None
    assert rijen["Netwerk Zonder plan"].beraad_id is None
    # Short labels on the buttons; the screen reader hears which Netwerk.
    assert ">PDF</a>" in html and ">Makkelijk lezen</a>" in html
    assert 'aria-label="PDF: actieplan van Netwerk Actief, om te printen"' in html
    assert 'aria-label="Makkelijk lezen: actieplan van Netwerk Actief op één pagina' in html


def _grow(organisatie, tot: int) -> None:
    nu = timezone.now()
    for i in range(Netwerk.objects.filter(organisatie=organisatie).count(), tot):
        netwerk = Netwerk.objects.create(titel=f"Netwerk {i:03d}", organisatie=organisatie)
        if i % 3:
            plan = _gesloten_plan(netwerk, nu - timedelta(days=i))
            make_teamafspraak(plan)
        if i % 4 == 0:
            _concept_plan(netwerk)


def _meet(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERZICHT)
    assert response.status_code == 200
    return len(queries), len(_print_links(response.content.decode()))


def test_the_print_links_cost_no_query_per_row(client, coordinator, organisatie):
    # session, user, access log insert, paginator count, organisation (heading), the
    # page's ids, the page's Netwerken with their phase, next dates and the beraad of the
    # plan to print (subqueries of one query), the counts of their plans (one grouped query)
    client.force_login(coordinator)
    _grow(organisatie, 3)
    klein, links_klein = _meet(client)
    _grow(organisatie, 40)
    groot, links_groot = _meet(client)
    assert (klein, groot) == (8, 8)
    # Two links for each Netwerk with a closed plan on the page (25 rows, 2 of 3 have one).
    assert links_klein == 2 * 2
    assert links_groot > 30


# --- The coordinator's download -----------------------------------------------------------


def test_the_coordinator_downloads_the_closed_plan_and_it_is_logged(
    client, coordinator, netwerk, teamplan
):
    make_teamafspraak(teamplan, wat="Els doet de post")
    client.force_login(coordinator)
    response = client.get(_pdf_url(teamplan))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    regel = Toegangslog.objects.get(actie=Toegangslog.Actie.EXPORT)
    assert regel.netwerk_id == netwerk.pk
    assert regel.user == coordinator
    assert regel.rol == Rol.COORDINATOR
    assert regel.uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
    assert regel.onderwerp == _pdf_url(teamplan)


@pytest.mark.parametrize("url", [_pdf_url, _makkelijk_url], ids=["a4", "makkelijk"])
def test_a_concept_plan_does_not_exist_for_the_coordinator(
    client, coordinator, netwerk, beraad, url
):
    client.force_login(coordinator)
    assert client.get(url(beraad.plan)).status_code == 404


def test_another_organisations_coordinator_gets_404(client, outsider, teamplan):
    client.force_login(outsider)
    assert client.get(_pdf_url(teamplan)).status_code == 404
    regel = Toegangslog.objects.get(user=outsider)
    assert regel.uitkomst == Toegangslog.Uitkomst.GEWEIGERD


# --- The plan page and the Actieteam's home ------------------------------------------------


def test_the_family_finds_the_print_block_on_the_plan_page_even_for_a_concept(
    client, hoofdpersoon, beraad
):
    client.force_login(hoofdpersoon)
    response = client.get(reverse("beraad:plan", args=[beraad.netwerk_id, beraad.pk]))
    html = response.content.decode()
    assert response.context["mag_printen"] is True
    assert _print_links(html) == {_pdf_url(beraad.plan), _makkelijk_url(beraad.plan)}
    assert "Actieplan (PDF, A4)" in html and "Makkelijk lezen (PDF, 1 pagina)" in html
    assert "Wat je nu print, is een concept." in html


def test_staff_see_no_print_block_while_the_family_writes(client, professional, beraad):
    client.force_login(professional)
    response = client.get(reverse("beraad:plan", args=[beraad.netwerk_id, beraad.pk]))
    assert response.status_code == 200
    assert response.context["mag_printen"] is False
    assert _print_links(response.content.decode()) == set()


def test_staff_print_the_published_plan_from_the_plan_page(client, professional, teamplan):
    client.force_login(professional)
    response = client.get(reverse("beraad:plan", args=[teamplan.netwerk_id, teamplan.beraad_id]))
    html = response.content.decode()
    assert _print_links(html) == {_pdf_url(teamplan), _makkelijk_url(teamplan)}
    assert "Wat je nu print, is een concept." not in html


def test_the_actieteam_home_links_to_the_printable_plan(client, supporter, netwerk, teamplan):
    client.force_login(supporter)
    html = client.get(reverse("actieteam:team", args=[netwerk.pk])).content.decode()
    assert _print_links(html) == {_pdf_url(teamplan), _makkelijk_url(teamplan)}


def test_no_print_link_on_the_actieteam_home_before_a_plan(client, supporter, netwerk, beraad):
    client.force_login(supporter)
    html = client.get(reverse("actieteam:team", args=[netwerk.pk])).content.decode()
    assert _print_links(html) == set()

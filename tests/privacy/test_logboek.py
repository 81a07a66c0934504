"""Wie heeft mijn gegevens bekeken: the hoofdpersoon reads the access log in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privacy import logboek_tekst
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog, User
from sonestra.core.roles import Rol
from tests.conftest import ROLE_FIXTURES

Actie = Toegangslog.Actie


def url(netwerk, **params) -> str:
    base = reverse("privacy:logboek", args=[netwerk.pk])
    if params:
        base += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return base


def line(netwerk, user, actie=Actie.READ, onderwerp="", *, rol="", tijd=None, geweigerd=False):
    return Toegangslog(
        tijd=tijd or timezone.now(),
        actie=actie,
        netwerk=None if geweigerd else netwerk,
        netwerk_ref=netwerk.pk,
        user=user,
        gebruikersnaam=user.username if user else "",
        rol=rol,
        uitkomst="geweigerd" if geweigerd else "toegestaan",
        onderwerp=onderwerp,
    )


# --- Who may read it --------------------------------------------------------------------


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
def test_it_is_for_the_hoofdpersoon_only(client, request, netwerk, rol, status):
    client.force_login(request.getfixturevalue(ROLE_FIXTURES[rol]))
    assert client.get(url(netwerk)).status_code == status


def test_it_does_not_exist_for_an_outsider(client, netwerk, outsider):
    client.force_login(outsider)
    assert client.get(url(netwerk)).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login(client, netwerk):
    response = client.get(url(netwerk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- What it says -----------------------------------------------------------------------


def test_it_says_in_words_who_did_what(client, netwerk, hoofdpersoon, supporter, facilitator):
    # The name in the groslijst wins over the login's name.
    Persoon.objects.filter(deelnames__user=supporter).update(naam="Els de Vries")
    facilitator.last_name = "de Boer"
    facilitator.save()
    n = netwerk.pk
    pdf = reverse("beraad:plan_pdf", args=[n, 7])
    assert logboek_tekst.url_name(pdf) == "beraad:plan_pdf"
    S, F = Rol.SUPPORTER, Rol.FACILITATOR

    def at(name, *args):
        return reverse(name, args=[n, *args])

    Toegangslog.objects.bulk_create(
        [
            line(netwerk, supporter, Actie.READ, at("netwerkkompas:verhaal"), rol=S),
            line(netwerk, supporter, Actie.CREATE, at("netwerkkompas:personen"), rol=S),
            line(netwerk, facilitator, Actie.EXPORT, pdf, rol=F),
            line(netwerk, facilitator, Actie.EXPORT, f"/netwerken/{n}/privacy/export/", rol=F),
            line(netwerk, facilitator, Actie.UPDATE, at("core:netwerk_wijzigen"), rol=F),
            line(netwerk, supporter, Actie.DELETE, at("netwerkkompas:plek_verwijderen", 3), rol=S),
        ]
    )
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Jij bepaalt wie je verhaal leest. Hier zie je wie wat heeft bekeken." in text
    regels = {(r.naam, r.rol, r.gedaan, r.onderdeel) for r in response.context["regels"]}
    assert ("Els de Vries", "Supporter", "bekeken", "het verhaal en de perspectieven") in regels
    assert ("Els de Vries", "Supporter", "aangemaakt", "de groslijst") in regels
    assert ("Els de Vries", "Supporter", "verwijderd", "de buurtkaart") in regels
    assert ("Sanne de Boer", "Facilitator", "geprint", "het actieplan (PDF)") in regels
    assert ("Sanne de Boer", "Facilitator", "gewijzigd", "de naam van het netwerk") in regels
    exports = [r for r in response.context["regels"] if r.gedaan == "geëxporteerd"]
    assert len(exports) == 1 and exports[0].naam == "Sanne de Boer"
    assert "Els de Vries" in text and "Het verhaal en de perspectieven" in text


def test_it_shows_the_time_in_dutch_local_time(client, netwerk, hoofdpersoon, supporter):
    # 3 December 2026, 13:05 UTC is 14:05 in Amsterdam, on a Thursday.
    Toegangslog.objects.bulk_create(
        [line(netwerk, supporter, tijd=datetime(2026, 12, 3, 13, 5, tzinfo=UTC))]
    )
    client.force_login(hoofdpersoon)
    text = client.get(url(netwerk)).content.decode()
    assert "do 3 dec 2026, 14:05" in text


def test_it_shows_refused_attempts(client, netwerk, hoofdpersoon, professional, outsider):
    # A professional opens the story's writing page, an outsider guesses the Netwerk.
    client.force_login(professional)
    assert (
        client.get(reverse("netwerkkompas:verhaal_schrijven", args=[netwerk.pk])).status_code == 403
    )
    client.force_login(outsider)
    assert client.get(reverse("netwerkkompas:personen", args=[netwerk.pk])).status_code == 404
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    geweigerd = [r for r in response.context["regels"] if r.geweigerd]
    assert {(r.naam, r.rol, r.onderdeel) for r in geweigerd} == {
        ("Ahmed", "Professional", "het verhaal"),
        ("Olaf", "", "de groslijst"),
    }
    text = response.content.decode()
    assert "Probeerde het verhaal te bekijken. Dat mocht niet." in text
    assert "geen rol in dit netwerk" in text


def test_reading_the_log_is_logged_too(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    eerste = response.context["regels"][0]
    assert (eerste.naam, eerste.gedaan, eerste.onderdeel) == (
        "Marieke Bakker",
        "bekeken",
        "wie heeft wat bekeken",
    )
    assert Toegangslog.objects.filter(
        netwerk=netwerk, user=hoofdpersoon, actie=Actie.READ, onderwerp=url(netwerk)
    ).exists()


def test_it_names_a_link_answer_and_a_person_without_a_login(client, netwerk, hoofdpersoon):
    anoniem = line(netwerk, None, Actie.UPDATE, "beraad 3: persoonlijke link")
    anoniem.gebruikersnaam = "link: Oma Truus"
    Toegangslog.objects.bulk_create([anoniem])
    client.force_login(hoofdpersoon)
    regels = client.get(url(netwerk)).context["regels"]
    assert any(
        r.naam == "Oma Truus"
        and r.onderdeel == "het antwoord op de uitnodiging voor het beraad"
        and r.gedaan == "gewijzigd"
        for r in regels
    )


def test_it_leaves_out_other_netwerken(client, netwerk, hoofdpersoon, outsider):
    ander = Netwerk.objects.exclude(pk=netwerk.pk).get()
    Toegangslog.objects.bulk_create([line(ander, outsider, onderwerp="/elders/")])
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    assert "Olaf" not in response.content.decode()


# --- Filter and pages -------------------------------------------------------------------


def test_it_filters_by_person(client, netwerk, hoofdpersoon, supporter, netwerklid):
    Toegangslog.objects.bulk_create(
        [line(netwerk, supporter, rol=Rol.SUPPORTER)] * 3
        + [line(netwerk, netwerklid, rol=Rol.NETWERKLID)] * 2
    )
    client.force_login(hoofdpersoon)
    response = client.get(url(netwerk))
    keuzes = dict(response.context["form"].fields["wie"].choices)
    # Only the people in the log, each with their role.
    assert keuzes[supporter.pk] == "Els (Supporter)"
    assert keuzes[netwerklid.pk] == "Sevda (Netwerklid)"
    assert keuzes[hoofdpersoon.pk] == "Marieke Bakker (Hoofdpersoon)"
    assert len(keuzes) == 4  # with "Iedereen"

    response = client.get(url(netwerk, wie=netwerklid.pk))
    assert [r.naam for r in response.context["regels"]] == ["Sevda", "Sevda"]
    assert f'<option value="{netwerklid.pk}" selected>' in response.content.decode()
    assert "Je ziet alleen wat Sevda deed." in response.content.decode()


def test_a_wrong_filter_says_so_and_shows_everything(client, netwerk, hoofdpersoon, supporter):
    Toegangslog.objects.bulk_create([line(netwerk, supporter, rol=Rol.SUPPORTER)])
    client.force_login(hoofdpersoon)
    for wrong in ("abc", "99999"):
        response = client.get(url(netwerk, wie=wrong))
        assert response.status_code == 200
        assert "Kies iemand uit de lijst." in response.content.decode()
        assert {r.naam for r in response.context["regels"]} == {"Els", "Marieke Bakker"}


def test_it_pages_fifty_lines_newest_first(client, netwerk, hoofdpersoon, supporter):
    begin = timezone.now() - timedelta(days=1)
    Toegangslog.objects.bulk_create(
        [
            line(netwerk, supporter, rol=Rol.SUPPORTER, tijd=begin + timedelta(minutes=i))
            for i in range(120)
        ]
    )
    client.force_login(hoofdpersoon)
    eerste = client.get(url(netwerk))
    regels = eerste.context["regels"]
    assert len(regels) == 50
    assert regels[0].naam == "Marieke Bakker"  # this very visit
    tijden = [r.tijd for r in regels]
    assert tijden == sorted(tijden, reverse=True)
    assert 'href="?pagina=2"' in eerste.content.decode()
    assert "Bladzijde 1 van 3" in eerste.content.decode()

    laatste = client.get(url(netwerk, wie=supporter.pk, pagina=3))
    assert len(laatste.context["regels"]) == 20
    assert laatste.context["regels"][-1].tijd == begin
    assert f'href="?wie={supporter.pk}&amp;pagina=2"' in laatste.content.decode()
    # A page number that makes no sense shows a page, never an error.
    assert client.get(url(netwerk, pagina="x")).status_code == 200
    assert client.get(url(netwerk, pagina=999)).context["pagina"].number == 3


# --- Fixed cost -------------------------------------------------------------------------


def grow_log(netwerk, aantal: int, organisatie) -> None:
    """`aantal` lines from as many people as lines/10, some with a Persoon, some staff."""
    lines = []
    for i in range(aantal // 10):
        user = User.objects.create(username=f"lid-{netwerk.pk}-{aantal}-{i}", first_name=f"Lid {i}")
        if i % 2:
            persoon = Persoon.objects.create(netwerk=netwerk, naam=f"Persoon {i}")
            Deelname.objects.create(netwerk=netwerk, user=user, rol=Rol.NETWERKLID, persoon=persoon)
        for j in range(10):
            lines.append(
                line(netwerk, user, Actie.READ, f"/netwerken/{netwerk.pk}/", geweigerd=j == 9)
            )
    Toegangslog.objects.bulk_create(lines)


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("begin, params", [(5, {}), (60, {"pagina": 2})])
def test_it_costs_the_same_for_5_and_500_lines(
    client, netwerk, organisatie, hoofdpersoon, supporter, begin, params
):
    """session, user, access lookup, access log insert (BASE 4) + the people in the log with
    their groslijst name and role + the count for the pages + the lines of one page."""
    Toegangslog.objects.bulk_create([line(netwerk, supporter, rol=Rol.SUPPORTER)] * begin)
    client.force_login(hoofdpersoon)
    klein = count_queries(client, url(netwerk, **params))
    grow_log(netwerk, 500, organisatie)
    groot = count_queries(client, url(netwerk, **params))
    assert klein == groot == 7
    # Filtered by person: the same.
    assert count_queries(client, url(netwerk, wie=supporter.pk, **params)) == 7

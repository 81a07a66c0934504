"""The demo is how people first meet SoNeStra: it must build, rebuild and let every role in."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import resolve
from django.utils import timezone

from netwerkkompas.models import (
    Balansmeting,
    Compliment,
    Momentopname,
    Ondersteuning,
    Perspectief,
    Plek,
    Relatie,
    Talent,
    Verhaal,
)
from sonestra.core.demo import DEMO_LINKS_UITLEG
from sonestra.core.models import Deelname, LoginLink, Netwerk, Persoon, Uitnodiging, User
from sonestra.core.roles import Rol, Zichtbaarheid


def run_demo() -> str:
    out = StringIO()
    # Tests run with DEBUG off, like production; the demo then has to be asked for twice.
    call_command("demo", "--ook-zonder-debug", stdout=out)
    return out.getvalue()


KOMPAS = (
    Relatie,
    Plek,
    Talent,
    Ondersteuning,
    Compliment,
    Verhaal,
    Perspectief,
    Momentopname,
    Balansmeting,
)


def counts():
    return [m.objects.count() for m in (Netwerk, Persoon, Deelname, Uitnodiging, User, *KOMPAS)]


def test_demo_builds_mariekes_network_with_every_role(db):
    run_demo()
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke")
    assert netwerk.personen.count() >= 20
    assert netwerk.personen.get(is_hoofdpersoon=True).naam == "Marieke Bakker"
    rollen = set(Deelname.objects.filter(netwerk=netwerk).values_list("rol", flat=True))
    assert rollen == {r.value for r in Rol if r != Rol.COORDINATOR}
    assert User.objects.filter(is_coordinator=True, organisatie=netwerk.organisatie).exists()


def test_demo_fills_in_mariekes_netwerkkompas(db):
    run_demo()
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke")
    personen = netwerk.personen.all()
    assert 35 <= personen.count() <= 45
    # Every kind of relation, every time, the dead and four generations.
    assert {p.soort for p in personen} >= {s for s, _ in Persoon.Soort.choices}
    assert {p.tijd for p in personen} == {t for t, _ in Persoon.Tijd.choices}
    assert personen.filter(overleden=True).count() >= 2
    geboren = sorted(p.geboortejaar for p in personen if p.geboortejaar)
    assert geboren[0] < 1950 and geboren[-1] > 2020
    assert Relatie.objects.filter(netwerk=netwerk, soort=Relatie.Soort.OUDER).count() >= 15
    assert Relatie.objects.filter(netwerk=netwerk, soort=Relatie.Soort.EX_PARTNER).exists()
    assert Plek.objects.filter(netwerk=netwerk).count() >= 6
    assert Talent.objects.filter(netwerk=netwerk).count() >= 10
    domeinen = set(Ondersteuning.objects.filter(netwerk=netwerk).values_list("domein", flat=True))
    assert len(domeinen) >= 6
    assert Compliment.objects.filter(netwerk=netwerk).count() >= 5
    assert Verhaal.objects.get(netwerk=netwerk).zichtbaarheid == Zichtbaarheid.NETWERK
    assert Perspectief.objects.filter(netwerk=netwerk).count() == 3
    momenten = list(Momentopname.objects.filter(netwerk=netwerk).order_by("datum"))
    assert len(momenten) == 2 and (momenten[1].datum - momenten[0].datum).days >= 60
    assert Balansmeting.objects.filter(netwerk=netwerk).count() >= 50


def test_demo_is_idempotent(db):
    run_demo()
    before = counts()
    run_demo()
    assert counts() == before


def test_every_printed_link_logs_in(client, db):
    output = run_demo()
    links = re.findall(r"http://127\.0\.0\.1:8000(/[^b]\S+)", output)
    assert len(links) == 7  # 3 family roles, facilitator, professional, coordinator, outsider
    for path in links:
        client.logout()
        assert client.get(path).status_code == 200
        response = client.post(path)
        assert response.status_code == 302, path
        landing = client.get(response["Location"], follow=True)
        assert landing.status_code == 200
        assert landing.wsgi_request.user.is_authenticated
        assert resolve(landing.wsgi_request.path).url_name in {"netwerk", "mijn_netwerken"}


def test_the_printed_beraad_link_answers_without_a_login(client, db):
    """Whoever runs the demo can answer the vervolgberaad as an invitee, from a phone."""
    output = run_demo()
    (path,) = re.findall(r"http://127\.0\.0\.1:8000(/b/\S+)", output)
    page = client.get(path)
    assert page.status_code == 200
    assert not page.wsgi_request.user.is_authenticated
    assert "Vervolgberaad" in page.content.decode() or "vervolgberaad" in page.content.decode()


def test_rerunning_the_demo_replaces_the_old_links(client, db):
    first = re.findall(r"http://127\.0\.0\.1:8000(/inloggen/link/\S+)", run_demo())
    run_demo()
    assert len(first) == 7
    for path in first:
        assert client.post(path).status_code == 410


def test_family_members_get_a_login_link_not_their_used_invitation(db):
    """Their invitation was accepted long ago and opens the door only once."""
    output = run_demo()
    assert "/u/" not in output
    assert DEMO_LINKS_UITLEG in output
    family = {"marieke", "els", "sevda"}
    accepted = Uitnodiging.objects.filter(user__username__in=family, aangenomen__isnull=False)
    assert accepted.count() == 3
    links = LoginLink.objects.filter(user__username__in=family | {"sanne", "ahmed", "petra"})
    assert links.count() == 6
    for link in links:
        assert timedelta(hours=23) < link.verloopt - timezone.now() <= timedelta(hours=24)


def test_demo_refuses_to_run_in_production(db):
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()

"""Every page answers with a fixed number of queries, whatever the size of the Netwerk.

Each page is measured with a Netwerk of 5 people and again after it grew to 150
people (with as many invitations and members), and the counts must match the
number written here. The comment says which queries those are.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sonestra.core import actions
from sonestra.core.models import Deelname, Netwerk, Persoon, User
from sonestra.core.roles import Rol

# Queries every logged-in page makes before the view's own work:
# session, user, access lookup (Deelname + Netwerk in one join), access log insert.
BASE = 4


def grow(netwerk: Netwerk, to: int, facilitator: User) -> None:
    start = netwerk.personen.count()
    for i in range(start, to):
        persoon = Persoon.objects.create(netwerk=netwerk, naam=f"Persoon {i}", geboortejaar=1980)
        if i % 3 == 0:
            user = User.objects.create(username=f"lid{netwerk.pk}-{i}")
            Deelname.objects.create(netwerk=netwerk, user=user, rol=Rol.NETWERKLID, persoon=persoon)
        if i % 2 == 0:
            actions.do_invite(netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, persoon=persoon)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    # + personen (hoofdpersoon) + aggregate counts
    "core:netwerk": BASE + 2,
    # + the people
    "netwerkkompas:personen": BASE + 1,
    # + this person + whether they have a login (the delete step says so) + where they
    #   appear in the kompas: relations (with both people), places, talents, support
    "netwerkkompas:persoon": BASE + 6,
    # + the hoofdpersoon + the beraden (each page of the beraad counts its own queries in
    #   tests/beraad/)
    "beraad:overzicht": BASE + 2,
    # + the members with their user and person
    "actieteam:team": BASE + 2,
    # + people for the choice list + invitations with their person + the family members
    #   (with their person) who can get a new login link
    "core:uitnodigen": BASE + 3,
    # nothing more: the form is filled from the Netwerk the access helper brought
    "core:netwerk_wijzigen": BASE,
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_query_count_does_not_grow_with_the_netwerk(client, netwerk, facilitator, name):
    grow(netwerk, 5, facilitator)
    client.force_login(facilitator)
    persoon = netwerk.personen.order_by("pk").last()
    kwargs = {"netwerk_id": netwerk.pk}
    if name == "netwerkkompas:persoon":
        kwargs["persoon_id"] = persoon.pk
    url = reverse(name, kwargs=kwargs)
    small = count(client, url)
    grow(netwerk, 150, facilitator)
    large = count(client, url)
    assert (small, large) == (PAGES[name], PAGES[name])


def test_mijn_netwerken_query_count_does_not_grow(client, organisatie, coordinator, facilitator):
    # session, user, own deelnames with netwerk, the user's organisation (heading),
    # the organisation's netwerken with their counts in one grouped query
    def make_netwerken(n):
        for i in range(n):
            netwerk = Netwerk.objects.create(titel=f"Netwerk {i}", organisatie=organisatie)
            Deelname.objects.create(netwerk=netwerk, user=coordinator, rol=Rol.FACILITATOR)

    make_netwerken(3)
    client.force_login(coordinator)
    url = reverse("core:mijn_netwerken")
    small = count(client, url)
    make_netwerken(60)
    assert (small, count(client, url)) == (5, 5)


def test_account_query_count_does_not_grow(client, netwerk, facilitator, organisatie):
    client.force_login(facilitator)
    url = reverse("core:account")
    small = count(client, url)
    for i in range(30):
        other = Netwerk.objects.create(titel=f"Netwerk {i}", organisatie=organisatie)
        Deelname.objects.create(netwerk=other, user=facilitator, rol=Rol.FACILITATOR)
    # session, user, deelnames with netwerk and person, organisation of the user,
    # the user's app for the second step (staff only)
    assert (small, count(client, url)) == (5, 5)


def test_coordinator_counts_are_right(client, netwerk, coordinator, supporter, netwerklid):
    """Counted in subqueries: people and members do not multiply each other."""
    client.force_login(coordinator)
    rows = {
        n.pk: n for n in client.get(reverse("core:mijn_netwerken")).context["organisatie_netwerken"]
    }
    assert rows[netwerk.pk].aantal_personen == netwerk.personen.count() == 3
    assert rows[netwerk.pk].aantal_deelnemers == 2

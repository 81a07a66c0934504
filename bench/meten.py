"""What `manage.py bench` measures in-process: every main page, for every role.

`PAGINAS` lists the pages (URL name and which ids it needs); `ids_van()` finds those ids in
a Netwerk; `meet()` asks one page with Django's test Client and returns times, queries and
size. The query counts also serve tests/core/test_bench_paginas.py, which holds every page
at 12 queries or fewer, the same for 5 and 150 people.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# The roles of the demo's Netwerk, by login.
ROLLEN = {
    "hoofdpersoon": "marieke",
    "supporter": "els",
    "netwerklid": "sevda",
    "facilitator": "sanne",
    "professional": "ahmed",
    "coordinator": "petra",
}

# (label, URL name, the ids it needs beyond the Netwerk). Phone pages are marked: those a
# family member opens on a phone, for the payload budget and the throughput run.
PAGINAS: list[tuple[str, str, tuple[str, ...]]] = [
    ("mijn netwerken", "core:mijn_netwerken", ()),
    ("netwerk", "core:netwerk", ("netwerk",)),
    ("netwerk wijzigen", "core:netwerk_wijzigen", ("netwerk",)),
    ("uitnodigen", "core:uitnodigen", ("netwerk",)),
    ("account", "core:account", ()),
    ("organisatie", "organisatie_overzicht", ()),
    ("groslijst", "netwerkkompas:personen", ("netwerk",)),
    ("persoon", "netwerkkompas:persoon", ("netwerk", "persoon")),
    ("cirkel", "netwerkkompas:cirkel", ("netwerk",)),
    ("genogram", "netwerkkompas:genogram", ("netwerk",)),
    ("buurtkaart", "netwerkkompas:buurtkaart", ("netwerk",)),
    ("plek", "netwerkkompas:plek", ("netwerk", "plek")),
    ("talenten", "netwerkkompas:talenten", ("netwerk",)),
    ("ondersteuning", "netwerkkompas:ondersteuning", ("netwerk",)),
    ("rondje positief", "netwerkkompas:rondje_positief", ("netwerk",)),
    ("verhaal", "netwerkkompas:verhaal", ("netwerk",)),
    ("balans", "netwerkkompas:balans", ("netwerk",)),
    ("momentopnamen", "netwerkkompas:momentopnamen", ("netwerk",)),
    ("momentopname", "netwerkkompas:momentopname", ("netwerk", "momentopname")),
    ("beraden", "beraad:overzicht", ("netwerk",)),
    ("vervolgberaad", "beraad:beraad", ("netwerk", "beraad")),
    ("vragen", "beraad:vragen", ("netwerk", "beraad")),
    ("informatie", "beraad:informatie", ("netwerk", "beraad")),
    ("waar en wanneer", "beraad:waar_wanneer", ("netwerk", "beraad")),
    ("voorwaarden", "beraad:voorwaarden", ("netwerk", "beraad")),
    ("genodigden", "beraad:genodigden", ("netwerk", "beraad")),
    ("live beraad", "beraad:live", ("netwerk", "beraad")),
    ("live: poll na een wijziging", "beraad:stand", ("netwerk", "beraad")),
    ("plan in het beraad", "beraad:plan", ("netwerk", "beraad")),
    ("actieplan", "beraad:plan", ("netwerk", "gehouden")),
    ("actieteam", "actieteam:team", ("netwerk",)),
    ("mijn afspraken", "actieteam:mijn", ("netwerk",)),
    ("afspraak", "actieteam:afspraak", ("netwerk", "afspraak")),
    ("voortgang", "actieteam:voortgang", ("netwerk",)),
    ("bijsturen", "actieteam:bijsturen", ("netwerk",)),
    ("afspraak wijzigen", "actieteam:afspraak_wijzigen", ("netwerk", "afspraak")),
    ("versies", "actieteam:versies", ("netwerk",)),
    ("overleggen", "actieteam:overleggen", ("netwerk",)),
    ("overleg", "actieteam:overleg", ("netwerk", "overleg")),
    ("logboek", "privacy:logboek", ("netwerk",)),
    ("wie mag wat zien", "privacy:toegang", ("netwerk",)),
    ("exporteren", "privacy:export", ("netwerk",)),
]
TELEFOON = {"mijn afspraken", "afspraak", "netwerk", "actieteam", "voortgang", "actieplan"}
URL_ARG = {
    "netwerk": "netwerk_id",
    "persoon": "persoon_id",
    "plek": "plek_id",
    "momentopname": "momentopname_id",
    "beraad": "beraad_id",
    "gehouden": "beraad_id",
    "afspraak": "afspraak_id",
    "overleg": "overleg_id",
}


def ids_van(netwerk, user) -> dict[str, int]:
    """The objects each page is asked about: the demo's own where they are still there."""
    from actieteam import team
    from actieteam.models import Overleg
    from beraad.models import Afspraak, Beraad
    from netwerkkompas.models import Momentopname, Plek
    from sonestra.core.models import Deelname

    plan = team.actief_plan(netwerk)
    deelname = Deelname.objects.filter(netwerk=netwerk, user=user).first()
    afspraken = Afspraak.objects.filter(plan=plan).lopend().order_by("pk")
    eigen = deelname and afspraken.filter(wie=deelname.persoon_id).first()
    ids = {
        "netwerk": netwerk.pk,
        "persoon": netwerk.personen.filter(is_hoofdpersoon=False).order_by("pk").first().pk,
        "gehouden": plan.beraad_id,
        "beraad": Beraad.objects.filter(netwerk=netwerk).order_by("-pk").first().pk,
        "afspraak": (eigen or afspraken.first()).pk,
    }
    for sleutel, qs in (
        ("plek", Plek.objects.filter(netwerk=netwerk)),
        ("momentopname", Momentopname.objects.filter(netwerk=netwerk)),
        ("overleg", Overleg.objects.filter(netwerk=netwerk)),
    ):
        eerste = qs.order_by("pk").first()
        if eerste is not None:
            ids[sleutel] = eerste.pk
    return ids


def url_van(url_naam: str, nodig: tuple[str, ...], ids: dict[str, int]) -> str | None:
    if any(n not in ids for n in nodig):
        return None
    return reverse(url_naam, kwargs={URL_ARG[n]: ids[n] for n in nodig})


def per_rol_en_pagina(klein, groot):
    """(role, page label, a Client logged in as that role, URL on the small Netwerk or
    None, URL on the big one) for every role and every page the big Netwerk has."""
    from sonestra.core.models import User

    for rol, username in ROLLEN.items():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        ids_klein, ids_groot = ids_van(klein, user), ids_van(groot, user)
        for label, url_naam, nodig in PAGINAS:
            url_groot = url_van(url_naam, nodig, ids_groot)
            if url_groot is not None:
                yield rol, label, client, url_van(url_naam, nodig, ids_klein), url_groot


@dataclass
class Meting:
    status: int
    queries: int = 0
    bytes: int = 0
    tijden: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.tijden) if self.tijden else 0.0

    @property
    def p95(self) -> float:
        if len(self.tijden) < 2:
            return self.p50
        return statistics.quantiles(self.tijden, n=20, method="inclusive")[18]


def tel(client: Client, url: str) -> Meting:
    """One request: the status, the number of queries and the size of the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    return Meting(response.status_code, len(queries), len(response.content))


def meet(client: Client, url: str, runs: int, warm: int = 2) -> Meting:
    """`warm` requests to warm up, then `runs` timed ones, then one to count queries."""
    for _ in range(warm):
        client.get(url, secure=True)
    tijden = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url, secure=True)
        tijden.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            raise AssertionError(f"{url} gaf {response.status_code}")
    meting = tel(client, url)
    meting.tijden = tijden
    return meting

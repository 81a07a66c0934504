"""Server time of the Actieteam's pages: the demo's plan, and the same plan grown large.

Builds the demo in a new throwaway SQLite database (or in BENCH_DATABASE_URL, which it
fills with the demo: give it an empty database of its own), then asks each page
in-process with Django's test Client (DEBUG off) and prints p50/p95 in milliseconds, the
number of queries and the size of the HTML. Then it grows Marieke's plan to 40 afspraken
with 300 status changes and 30 plan versions and measures again, so the two columns of
one run can be compared.

    PYTHONPATH=. .venv/bin/python bench/actieteam.py
"""

from __future__ import annotations

import argparse
import statistics
import time

from opzet import demo_laden, django_opzetten


def _groei(netwerk, afspraken: int, wijzigingen: int, versies: int) -> None:
    """Marieke's plan, grown: more afspraken, status changes and versions."""
    from django.contrib.auth import get_user_model

    from actieteam import team
    from actieteam.models import Status
    from beraad.models import Afspraak
    from sonestra.core.models import Persoon

    plan = team.actief_plan(netwerk)
    els = get_user_model().objects.get(username="els")
    mensen = list(Persoon.objects.filter(netwerk=netwerk)[:6])
    vragen = list({a.vraag for a in Afspraak.objects.filter(plan=plan).select_related("vraag")})
    bestaand = Afspraak.objects.filter(plan=plan).lopend().count()
    nieuw = []
    for i in range(max(0, afspraken - bestaand)):
        a = Afspraak.objects.create(
            netwerk=netwerk, plan=plan, vraag=vragen[i % len(vragen)], wat=f"Extra afspraak {i}"
        )
        a.wie.set(mensen[i % 3 : i % 3 + 2])
        a.invallers.set(mensen[3 + i % 3 : 4 + i % 3])
        nieuw.append(a)
    statussen = list(Status.values)
    alle = list(Afspraak.objects.filter(plan=plan).lopend())
    for i in range(wijzigingen):
        a = alle[i % len(alle)]
        v = team.status_van(a).versie
        team.zet_status(a, statussen[i % 4], f"Stap {i}", versie=v, user=els, naam="Els")
    for i in range(versies):
        a = nieuw[i % len(nieuw)] if nieuw else alle[0]
        Afspraak.objects.filter(pk=a.pk).update(wanneer=f"week {i}")
        team.nieuwe_versie(plan, user=els, naam="Els van Dijk")


PAGINAS = [
    ("team", "actieteam:team"),
    ("mijn afspraken", "actieteam:mijn"),
    ("afspraak", "actieteam:afspraak"),
    ("voortgang", "actieteam:voortgang"),
    ("bijsturen", "actieteam:bijsturen"),
    ("wijzigen", "actieteam:afspraak_wijzigen"),
    ("versies", "actieteam:versies"),
    ("vergelijken", "actieteam:vergelijken"),
    ("overleggen", "actieteam:overleggen"),
]


def _meet(client, url: str, runs: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        client.get(url, secure=True)
    tijden = []
    for _ in range(runs):
        begin = time.perf_counter()
        response = client.get(url, secure=True)
        tijden.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    tijden.sort()
    p95 = tijden[max(0, int(len(tijden) * 0.95) - 1)]
    return statistics.median(tijden), p95, len(queries), len(response.content)


def _ronde(netwerk, runs: int) -> dict[str, tuple]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from actieteam import team
    from beraad.models import Afspraak

    els = get_user_model().objects.get(username="els")
    client = Client()
    client.force_login(els)
    plan = team.actief_plan(netwerk)
    afspraak = (
        Afspraak.objects.filter(plan=plan, wie__deelnames__user=els).lopend().order_by("pk").first()
    )
    uitkomst = {}
    for naam, url_naam in PAGINAS:
        args = [netwerk.pk]
        if url_naam in ("actieteam:afspraak", "actieteam:afspraak_wijzigen"):
            args.append(afspraak.pk)
        uitkomst[naam] = _meet(client, reverse(url_naam, args=args), runs)
    return uitkomst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    django_opzetten("actieteam")
    from django.db import connection

    from actieteam.models import Planversie, Statuswijziging
    from beraad.models import Afspraak

    netwerk = demo_laden()
    print(f"{connection.vendor}, {connection.settings_dict['NAME']}, DEBUG=False")
    klein = _ronde(netwerk, args.runs)
    omvang_klein = (
        Afspraak.objects.filter(
            netwerk=netwerk, beeindigd__isnull=True, plan__planversie__gt=0
        ).count(),
        Statuswijziging.objects.filter(netwerk=netwerk).count(),
        Planversie.objects.filter(netwerk=netwerk).count(),
    )
    _groei(netwerk, afspraken=40, wijzigingen=300, versies=30)
    groot = _ronde(netwerk, args.runs)
    omvang_groot = (
        Afspraak.objects.filter(
            netwerk=netwerk, beeindigd__isnull=True, plan__planversie__gt=0
        ).count(),
        Statuswijziging.objects.filter(netwerk=netwerk).count(),
        Planversie.objects.filter(netwerk=netwerk).count(),
    )
    print(
        f"{args.runs} keer per pagina, als Els (supporter). Demo: {omvang_klein[0]} afspraken, "
        f"{omvang_klein[1]} statuswijzigingen, {omvang_klein[2]} versies; groot: "
        f"{omvang_groot[0]} afspraken, {omvang_groot[1]} wijzigingen, {omvang_groot[2]} versies."
    )
    print(
        f"  {'pagina':16} {'demo p50/p95 ms':>16} {'groot p50/p95 ms':>17} {'queries':>9} "
        f"{'KB demo/groot':>14} {'groot/demo':>10}"
    )
    for naam, _url in PAGINAS:
        k, g = klein[naam], groot[naam]
        queries = f"{k[2]}/{g[2]}"
        print(
            f"  {naam:16} {k[0]:7.1f} /{k[1]:6.1f} {g[0]:8.1f} /{g[1]:6.1f} {queries:>9} "
            f"{k[3] / 1024:6.1f}/{g[3] / 1024:5.1f} {g[0] / k[0]:9.2f}x"
        )


if __name__ == "__main__":
    main()

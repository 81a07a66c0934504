"""Benchmark: the coordinator's overview (organisatie_overzicht) with 1,000 Netwerken.

Fills a throwaway database with one organisation of 1,000 Netwerken in every phase (and a
second organisation the coordinator must not see), then asks for the overview in-process
with Django's test Client, DEBUG off, about 30 times per case, and prints p50/p95, the
queries per request and the size of the HTML. See bench/README.md.

    PYTHONPATH=/work/main DATABASE_URL=sqlite:////tmp/bench.sqlite3 DEBUG=0 \
        .venv/bin/python bench/organisatie.py

It refuses a database that holds anything but its own data: it never touches a real one.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from data import maak_netwerken
from opzet import django_opzetten

BENCH_ORGANISATIE = "Bench: Zorggroep Duizend"
ANDERE_ORGANISATIE = "Bench: Andere organisatie"
COORDINATOR = "bench-coordinator"


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--netwerken", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per case")
    parser.add_argument(
        "--opnieuw", action="store_true", help="throw the bench data away and make it again"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the query plan of each query of a case"
    )
    parser.add_argument("--seed", type=int, default=5)
    return parser.parse_args()


def _veilig(opnieuw: bool) -> bool:
    """Is this database empty or ours? Returns True when the bench data is already there."""
    from django.db import connection

    from sonestra.core.models import Netwerk

    tabellen = connection.introspection.table_names()
    if "core_netwerk" not in tabellen:
        return False
    vreemd = Netwerk.objects.exclude(
        organisatie__naam__in=[BENCH_ORGANISATIE, ANDERE_ORGANISATIE]
    ).exists()
    if vreemd:
        sys.exit(
            "Deze database bevat netwerken die niet van de benchmark zijn. Geef een "
            "wegwerp-database mee, bijvoorbeeld DATABASE_URL=sqlite:////tmp/bench.sqlite3."
        )
    if opnieuw:
        _leeg()
        return False
    return Netwerk.objects.filter(organisatie__naam=BENCH_ORGANISATIE).exists()


def _leeg() -> None:
    from django.db import connection

    settings_db = connection.settings_dict
    if settings_db["ENGINE"].endswith("sqlite3") and settings_db["NAME"] != ":memory:":
        connection.close()
        Path(settings_db["NAME"]).unlink(missing_ok=True)
    else:
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _maak(aantal: int, rng: random.Random) -> None:
    """The organisation and its coordinator, then 1,000 Netwerken spread over the phases
    as a real caseload is (bench/data.py, shared with manage.py bench)."""
    from sonestra.core.models import Organisatie, User

    org = Organisatie.objects.create(naam=BENCH_ORGANISATIE)
    andere = Organisatie.objects.create(naam=ANDERE_ORGANISATIE)
    coordinator = User(username=COORDINATOR, organisatie=org, is_coordinator=True)
    coordinator.set_unusable_password()
    coordinator.save()
    maak_netwerken(org, andere, aantal, rng)


def _tel() -> dict[str, int]:
    from actieteam.models import Overleg, Voortgang
    from beraad.models import Afspraak, Beraad
    from sonestra.core.models import Netwerk, Persoon

    return {
        "netwerken": Netwerk.objects.filter(organisatie__naam=BENCH_ORGANISATIE).count(),
        "van een andere organisatie": Netwerk.objects.filter(
            organisatie__naam=ANDERE_ORGANISATIE
        ).count(),
        "personen": Persoon.objects.count(),
        "beraden": Beraad.objects.count(),
        "afspraken": Afspraak.objects.count(),
        "voortgang": Voortgang.objects.count(),
        "overleggen": Overleg.objects.count(),
    }


def _explain(sql: str) -> str:
    from django.db import connection

    voorvoegsel = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    with connection.cursor() as cursor:
        cursor.execute(voorvoegsel + sql)
        return "\n".join("    " + " | ".join(str(k) for k in rij) for rij in cursor.fetchall())


def _p95(waarden: list[float]) -> float:
    return statistics.quantiles(waarden, n=20, method="inclusive")[18]


def _meet(client, url: str, runs: int, explain: bool) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm up: templates, translations, the database's cache
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
    tijden, cpu = [], []
    for _ in range(runs):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, secure=True)
        tijden.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    if explain:
        for q in queries.captured_queries:
            print(f"  {q['time']}s  {q['sql'][:160]}")
            if q["sql"].startswith("SELECT"):
                print(_explain(q["sql"]))
    return {
        "p50": statistics.median(tijden),
        "p95": _p95(tijden),
        "cpu p50": statistics.median(cpu),
        "cpu p95": _p95(cpu),
        "db": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        "queries": len(queries),
        "html": len(response.content),
        "netwerken op de pagina": response.content.count(b'class="overzicht-naam"'),
    }


def main() -> None:
    args = _parse()
    django_opzetten(
        "organisatie",
        database_env="DATABASE_URL",
        # Only the bench logs in; the real hasher would cost 0.3 s for nothing.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sonestra.core.models import User

    if not _veilig(args.opnieuw):
        call_command("migrate", verbosity=0)
        begin = time.perf_counter()
        _maak(args.netwerken, random.Random(args.seed))
        if connection.vendor == "postgresql":
            # What autovacuum would have done by now on a real server.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"Testdata gemaakt in {time.perf_counter() - begin:.1f} s")
    db = settings.DATABASES["default"]
    versie = connection.Database.sqlite_version if connection.vendor == "sqlite" else ""
    print(
        f"Django {django.get_version()}, {connection.vendor} {versie}"
        f" — {db['NAME']}, DEBUG={settings.DEBUG}"
    )
    for naam, aantal in _tel().items():
        print(f"  {aantal:>7} {naam}")

    client = Client()
    client.force_login(User.objects.get(username=COORDINATOR))
    url = reverse("organisatie_overzicht")
    gevallen = {
        "pagina 1 (op naam)": url,
        "pagina 20": f"{url}?pagina=20",
        "zoeken ('bakker')": f"{url}?q=bakker",
        "sorteer op te laat": f"{url}?sorteer=te_laat",
        "sorteer op te laat, pagina 30": f"{url}?sorteer=te_laat&pagina=30",
        "sorteer op minst gelukt": f"{url}?sorteer=gelukt",
        "fase actieteam, minst gelukt": f"{url}?fase=actieteam&sorteer=gelukt",
    }
    belasting = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    print(f"\n{args.runs} keer per geval, in milliseconden (load average {belasting:.2f}):")
    if belasting > (os.cpu_count() or 1) * 0.5:
        print("  Let op: de machine is druk; kijk vooral naar de CPU-tijd van dit proces.")
    print(
        f"  {'geval':<32} {'p50':>6} {'p95':>6} {'cpu p50':>8} {'cpu p95':>8} {'db':>5}"
        f" {'queries':>8} {'HTML':>8} {'rijen':>6}"
    )
    for naam, adres in gevallen.items():
        if args.explain:
            print(f"\n{naam}: {adres}")
        r = _meet(client, adres, args.runs, args.explain)
        print(
            f"  {naam:<32} {r['p50']:>6.1f} {r['p95']:>6.1f} {r['cpu p50']:>8.1f}"
            f" {r['cpu p95']:>8.1f} {r['db']:>5.1f} {r['queries']:>8}"
            f" {r['html'] / 1024:>6.1f}KB {r['netwerken op de pagina']:>6}"
        )


if __name__ == "__main__":
    main()

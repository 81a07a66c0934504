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
from datetime import timedelta
from pathlib import Path

from opzet import django_opzetten

BENCH_ORGANISATIE = "Bench: Zorggroep Duizend"
ANDERE_ORGANISATIE = "Bench: Andere organisatie"
COORDINATOR = "bench-coordinator"

VOORNAMEN = (
    *("Marieke", "Ahmed", "Sevda", "Joost", "Ria", "Truus", "Emre", "Fatima", "Kees", "Noor"),
    *("Daan", "Lotte", "Mo", "Anouk", "Jan", "Els", "Bram", "Yara", "Sanne", "Piet", "Iris"),
    *("Youssef", "Ayla", "Henk", "Wilma", "Tim", "Zeynep", "Bas", "Fleur", "Karim"),
)
ACHTERNAMEN = (
    *("Bakker", "Jansen", "de Vries", "van Dijk", "Visser", "Smit", "Meijer", "de Boer"),
    *("Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Yilmaz", "El Amrani"),
    *("Kaya", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits"),
)


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
    """The organisation: 1,000 Netwerken, spread over the phases as a real one would be."""
    from django.db import transaction
    from django.utils import timezone

    from actieteam.models import Overleg, Status, Voortgang
    from beraad.models import Actieplan, Afspraak, Beraad, Vraag
    from sonestra.core.models import Netwerk, Organisatie, Persoon, User

    nu = timezone.now()
    vandaag = timezone.localdate()
    org = Organisatie.objects.create(naam=BENCH_ORGANISATIE)
    andere = Organisatie.objects.create(naam=ANDERE_ORGANISATIE)
    coordinator = User(username=COORDINATOR, organisatie=org, is_coordinator=True)
    coordinator.set_unusable_password()
    coordinator.save()

    def naam() -> str:
        return f"{rng.choice(VOORNAMEN)} {rng.choice(ACHTERNAMEN)}"

    with transaction.atomic():
        netwerken = Netwerk.objects.bulk_create(
            [
                Netwerk(
                    titel=f"Het netwerk van {naam()}",
                    organisatie=org if i < aantal else andere,
                    gearchiveerd=nu - timedelta(days=rng.randint(1, 300))
                    if rng.random() < 0.04
                    else None,
                )
                for i in range(aantal + aantal // 20)
            ]
        )
        personen = []
        for netwerk in netwerken:
            personen.append(Persoon(netwerk=netwerk, naam=naam(), is_hoofdpersoon=True))
            for _ in range(rng.randint(6, 18)):
                soort = rng.choices(
                    [s.value for s in Persoon.Soort], weights=[30, 20, 15, 10, 5, 20]
                )[0]
                personen.append(Persoon(netwerk=netwerk, naam=naam(), soort=soort))
        personen = Persoon.objects.bulk_create(personen)
        per_netwerk: dict[int, list[Persoon]] = {}
        for persoon in personen:
            per_netwerk.setdefault(persoon.netwerk_id, []).append(persoon)

        beraden, plannen, vragen, overleggen = [], [], [], []
        # (netwerk, beraad, plan, vraag-list) for the closed plans, filled below.
        gesloten = []
        for netwerk in netwerken:
            kans = rng.random()
            if kans < 0.15:
                continue  # still in the Netwerkkompas
            if kans < 0.25:
                b = Beraad(netwerk=netwerk, datum=nu + timedelta(days=rng.randint(-5, 60)))
                beraden.append((b, None))
                continue
            if kans < 0.28:
                b = Beraad(netwerk=netwerk, fase=rng.choice(Beraad.LIVE_FASEN), datum=nu)
                beraden.append((b, None))
                continue
            # The Actieteam: one or two closed beraden, mostly a vervolgberaad prepared.
            for ronde in range(2 if rng.random() < 0.3 else 1):
                toen = nu - timedelta(days=rng.randint(20, 200) + 200 * (1 - ronde))
                b = Beraad(netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=toen, afgerond=toen)
                p = Actieplan(
                    netwerk=netwerk,
                    gepubliceerd=toen,
                    vastgesteld=toen,
                    planversie=1,
                    vervolgdatum=(nu + timedelta(days=rng.randint(-10, 90))).date(),
                )
                beraden.append((b, p))
                gesloten.append((netwerk, b, p))
            if rng.random() < 0.75:
                beraden.append(
                    (Beraad(netwerk=netwerk, datum=nu + timedelta(days=rng.randint(-10, 90))), None)
                )
            for _ in range(rng.randint(0, 4)):
                datum = nu + timedelta(days=rng.randint(-120, 30))
                volgende = (
                    datum + timedelta(days=rng.randint(14, 42)) if rng.random() < 0.7 else None
                )
                overleggen.append(Overleg(netwerk=netwerk, datum=datum, volgende=volgende))
        Beraad.objects.bulk_create([b for b, _ in beraden])
        for b, p in beraden:
            if p is not None:
                p.beraad = b
                plannen.append(p)
            elif b.fase != Beraad.Fase.AFGEROND:
                plannen.append(Actieplan(netwerk_id=b.netwerk_id, beraad=b))
        Actieplan.objects.bulk_create(plannen)
        Overleg.objects.bulk_create(overleggen)

        for netwerk, b, _p in gesloten:
            for volgorde in range(rng.randint(2, 4)):
                vragen.append(
                    Vraag(
                        netwerk=netwerk, beraad=b, tekst=f"Vraag {volgorde + 1}", volgorde=volgorde
                    )
                )
        vragen = Vraag.objects.bulk_create(vragen)
        vragen_per_beraad: dict[int, list[Vraag]] = {}
        for vraag in vragen:
            vragen_per_beraad.setdefault(vraag.beraad_id, []).append(vraag)

        afspraken = []
        for netwerk, b, p in gesloten:
            for i in range(rng.randint(5, 20)):
                afspraken.append(
                    Afspraak(
                        netwerk=netwerk,
                        plan=p,
                        vraag=rng.choice(vragen_per_beraad[b.pk]),
                        soort=rng.choices([1, 2, 3], weights=[60, 25, 15])[0],
                        wat=f"Afspraak {i + 1}",
                        klaar_op=vandaag + timedelta(days=rng.randint(-90, 120))
                        if rng.random() < 0.85
                        else None,
                        volgorde=i,
                        beeindigd=nu if rng.random() < 0.05 else None,
                    )
                )
        afspraken = Afspraak.objects.bulk_create(afspraken)
        statussen = [s.value for s in Status]
        Voortgang.objects.bulk_create(
            [
                Voortgang(
                    afspraak=a,
                    netwerk_id=a.netwerk_id,
                    status=rng.choices(statussen, weights=[15, 35, 40, 10])[0],
                    gewijzigd=nu - timedelta(days=rng.randint(0, 90)),
                    versie=rng.randint(1, 4),
                )
                for a in afspraken
                if rng.random() < 0.7
            ]
        )
        wie = Afspraak.wie.through
        wie.objects.bulk_create(
            [
                wie(afspraak_id=a.pk, persoon_id=rng.choice(per_netwerk[a.netwerk_id]).pk)
                for a in afspraken
            ]
        )


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

"""`manage.py bench`: every main page at 1,000 Netwerken, in one run, as one table.

Builds its data on the configured database (only an empty one, or one it built before):
the demo twice — once cut back to 5 people, once grown to 150 people, 40 afspraken and a
year of history, its vervolgberaad live — and 1,000 more Netwerken in the organisation.
Then it measures, in this one process with DEBUG off:

1. every main page for every role, with the test Client: p50 and p95 server time on the
   150-person Netwerk, queries on both Netwerken (the same number for 5 and 150 people);
2. the actieplan PDF (A4 and easy-read) of the 150-person Netwerk, beside a trivial
   one-page PDF;
3. the payload of the phone pages on a first visit (HTML, CSS and JS, compressed) and of
   the htmx fragments;
4. throughput through gunicorn on loopback with wrk, for the three pages phones ask most
   and a trivial logged-in page, each as a ratio to the trivial page.

It prints one table and writes it into docs/benchmarks.md. `make bench` runs it on
PostgreSQL in a database of its own (see the Makefile and bench/README.md).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from datetime import date
from html import unescape as html_unescape
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

MERK = "Bench: meetdata van manage.py bench"
KLEIN = "Het netwerk van Marieke (5 mensen)"
GROOT = "Het netwerk van Marieke"
DOELEN = {"p95": 60.0, "queries": 12, "telefoon_kb": 80.0, "fragment_kb": 5.0, "ratio": 0.5}


class Command(BaseCommand):
    help = "Meet elke pagina bij 1.000 netwerken en schrijft docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--netwerken", type=int, default=1000)
        parser.add_argument("--runs", type=int, default=40, help="metingen per pagina en rol")
        parser.add_argument("--pdf-runs", type=int, default=5)
        parser.add_argument("--wrk-seconden", type=int, default=8)
        parser.add_argument(
            "--opnieuw", action="store_true", help="gooi de meetdata weg en maak ze opnieuw"
        )
        parser.add_argument(
            "--zonder-doorvoer", action="store_true", help="sla gunicorn en wrk over"
        )
        parser.add_argument(
            "--niet-schrijven", action="store_true", help="schrijf docs/benchmarks.md niet"
        )
        parser.add_argument(
            "--alleen",
            choices=["paginas", "pdf", "payload", "doorvoer"],
            help="meet alleen dit deel (schrijft dan niet naar docs/benchmarks.md)",
        )

    def handle(self, *args, **opts):
        self.opts = opts
        # A role that may not see a page gets 403/404 on purpose: no traceback for those.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("django.security").setLevel(logging.ERROR)
        # Static files come from the finders here (no collectstatic for a benchmark).
        warnings.filterwarnings("ignore", message="No directory at")
        with override_settings(
            DEBUG=False,
            ROOT_URLCONF="bench.urls",
            STORAGES={
                **settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ):
            self._data()
            # As sonestra/wsgi.py does in every app server once it has started.
            gc.collect()
            gc.freeze()
            regels = self._meet()
        tekst = "\n".join(regels)
        self.stdout.write(tekst)
        if not opts["niet_schrijven"] and not opts["alleen"]:
            from bench.docs import DOCS, schrijf_sectie

            schrijf_sectie("bench", tekst)
            self.stdout.write(f"\nGeschreven naar {DOCS}")

    # --- data --------------------------------------------------------------------------

    def _data(self) -> None:
        from django.core.management import call_command

        from sonestra.core.models import Netwerk, Organisatie

        maak_database_als_nodig()
        call_command("migrate", verbosity=0)
        van_ons = Organisatie.objects.filter(naam=MERK).exists()
        if Netwerk.objects.exists() and not van_ons:
            raise CommandError(
                "Deze database bevat netwerken die niet van de benchmark zijn. Geef een eigen "
                "database mee, bijvoorbeeld: make bench (PostgreSQL-database sonestra_bench)."
            )
        if van_ons and not self.opts["opnieuw"] and not fotos_aanwezig():
            self.stdout.write("De foto's van de meetdata ontbreken (een andere MEDIA_ROOT?):")
            self.opts["opnieuw"] = True
        if van_ons and self.opts["opnieuw"]:
            call_command("flush", interactive=False, verbosity=0)
            van_ons = False
        if van_ons:
            self.stdout.write("Meetdata staan er al (gebruik --opnieuw om ze opnieuw te maken).")
            return
        begin = time.perf_counter()
        bouw(self.opts["netwerken"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would have done by now
        self.stdout.write(f"Meetdata gemaakt in {time.perf_counter() - begin:.0f} s.")

    # --- measuring ---------------------------------------------------------------------

    def _paginas(self, klein, groot) -> tuple[list, dict[str, list[str]]]:
        """Every main page for every role: timed on the big Netwerk, counted on both."""
        from bench import meten

        runs = self.opts["runs"]
        rijen = []  # (pagina, rol, meting groot, queries klein)
        overgeslagen: dict[str, list[str]] = {}
        self.stdout.write(f"Pagina's meten ({runs} keer per pagina en rol)...")
        for rol, label, client, url_k, url_g in meten.per_rol_en_pagina(klein, groot):
            proef = meten.tel(client, url_g)
            if proef.status != 200:
                overgeslagen.setdefault(label, []).append(f"{rol} {proef.status}")
                continue
            k = None
            if url_k:
                meten.tel(client, url_k)  # the first may have warmed a cache
                k = meten.tel(client, url_k)
            g = meten.meet(client, url_g, runs)
            rijen.append((label, rol, g, k.queries if k and k.status == 200 else None))
        return rijen, overgeslagen

    def _meet(self) -> list[str]:
        from bench import payload
        from sonestra.core.models import Netwerk

        klein = Netwerk.objects.get(titel=KLEIN)
        groot = Netwerk.objects.get(titel=GROOT)
        alleen = self.opts["alleen"]
        regels = kop(klein, groot)
        if alleen in (None, "paginas"):
            rijen, overgeslagen = self._paginas(klein, groot)
            regels += paginatabel(rijen)
        if alleen in (None, "pdf"):
            regels += pdf_tabel(groot, self.opts["pdf_runs"])
        if alleen in (None, "payload"):
            regels += payload.tabel(klein, groot)
        if alleen == "doorvoer" or (alleen is None and not self.opts["zonder_doorvoer"]):
            regels += doorvoer_tabel(groot, self.opts["wrk_seconden"])
        if alleen in (None, "paginas"):
            regels += rollen_tabel(rijen, overgeslagen)
        return regels


# --- building the data -----------------------------------------------------------------


def fotos_aanwezig() -> bool:
    """Are the demo portraits of the bench data in this MEDIA_ROOT? A photo that is
    missing makes every page and PDF with it cheaper than it is."""
    from django.core.files.storage import default_storage

    from sonestra.core.models import Persoon

    namen = Persoon.objects.exclude(foto="").values_list("foto", flat=True)
    return all(default_storage.exists(naam) for naam in namen)


def maak_database_als_nodig() -> None:
    """On PostgreSQL, make the configured database when it is not there yet (make bench
    names a database of its own: sonestra_bench)."""
    if connection.vendor != "postgresql":
        return
    import psycopg
    from psycopg import sql

    try:
        connection.ensure_connection()
        return
    except Exception as fout:
        if "does not exist" not in str(fout):
            raise
    instellingen = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        host=instellingen["HOST"] or None,
        port=instellingen["PORT"] or None,
        user=instellingen["USER"] or None,
        password=instellingen["PASSWORD"] or None,
        autocommit=True,
    ) as beheer:
        beheer.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(instellingen["NAME"])))


def bouw(aantal: int) -> None:
    """The demo at 5 and at 150 people, and `aantal` Netwerken around them."""
    from actieteam.demo import build_actieteam, build_organisatie
    from bench import data
    from beraad.demo import build_beraad
    from netwerkkompas.demo import build_kompas
    from sonestra.core.demo import ORGANISATIE, build_demo
    from sonestra.core.models import Netwerk, Organisatie

    Organisatie.objects.create(naam=MERK)

    def demo() -> Netwerk:
        build_demo()
        netwerk = Netwerk.objects.get(titel=GROOT, organisatie__naam=ORGANISATIE)
        build_kompas(netwerk)
        build_beraad(netwerk)
        build_actieteam(netwerk)
        return netwerk

    klein = demo()
    data.krimp(klein, 5)
    Netwerk.objects.filter(pk=klein.pk).update(titel=KLEIN)
    groot = demo()
    build_organisatie(groot.organisatie)
    data.groei(groot, personen=150, afspraken=40)
    data.live_zetten(klein, afspraken=3)
    data.live_zetten(groot, afspraken=40)
    andere = Organisatie.objects.create(naam="Bench: een andere organisatie")
    data.maak_netwerken(groot.organisatie, andere, aantal, random.Random(5))


# --- the tables ------------------------------------------------------------------------


def kop(klein, groot) -> list[str]:
    from django import get_version

    from actieteam.models import Statuswijziging
    from beraad.models import Afspraak
    from sonestra.core.models import Netwerk, Persoon, Toegangslog

    cpu = "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            regel.split(":", 1)[1].strip()
            for regel in Path("/proc/cpuinfo").read_text().splitlines()
            if regel.startswith("model name")
        )
    db = connection.vendor
    if db == "postgresql":
        db = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    else:
        db = f"SQLite {connection.Database.sqlite_version}"
    import gunicorn

    wrk = shutil.which("wrk")
    wrk_versie = (
        subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split(" [")[0]
        if wrk
        else "niet gevonden"
    )
    belasting = os.getloadavg()[0]
    in_plan = (
        Afspraak.objects.filter(netwerk=groot, plan__vastgesteld__isnull=False).lopend().count()
    )
    return [
        f"## Gemeten op {date.today():%Y-%m-%d}",
        "",
        f"- Machine: {os.cpu_count()} cores, {cpu}; load average bij de start {belasting:.2f}",
        f"- Python {platform.python_version()}, Django {get_version()}, {db},"
        f" gunicorn {gunicorn.__version__}, {wrk_versie}",
        f"- Data: {Netwerk.objects.count()} netwerken, {Persoon.objects.count()} personen,"
        f" {Afspraak.objects.count()} afspraken, {Statuswijziging.objects.count()}"
        f" statuswijzigingen, {Toegangslog.objects.count()} regels in het logboek",
        f"- Klein: '{klein.titel}', {klein.personen.count()} mensen; groot: '{groot.titel}',"
        f" {groot.personen.count()} mensen,"
        f" {in_plan} afspraken in het plan, een jaar geschiedenis, het vervolgberaad live",
        "",
    ]


def _vlag(goed: bool) -> str:
    return "" if goed else " ✗"


def paginatabel(rijen) -> list[str]:
    """Per page: the slowest role's p50 and p95, and the most queries of any role."""
    per_pagina: dict[str, list] = {}
    for label, rol, g, k in rijen:
        per_pagina.setdefault(label, []).append((rol, g, k))
    regels = [
        "### Pagina's, in het proces (test Client), op het netwerk van 150 mensen",
        "",
        f"Doel: p95 onder {DOELEN['p95']:.0f} ms, hoogstens {DOELEN['queries']} queries,"
        " even veel bij 5 als bij 150 mensen. Per pagina de traagste rol.",
        "",
        "| pagina | rollen | p50 ms | p95 ms | queries 5 / 150 | KB |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for label, metingen in per_pagina.items():
        p50 = max(g.p50 for _, g, _ in metingen)
        p95 = max(g.p95 for _, g, _ in metingen)
        q_groot = max(g.queries for _, g, _ in metingen)
        q_klein = [k for _, _, k in metingen if k is not None]
        q_klein_txt = str(max(q_klein)) if q_klein else "–"
        gelijk = all(k is None or k == g.queries for _, g, k in metingen)
        kb = max(g.bytes for _, g, _ in metingen) / 1024
        regels.append(
            f"| {label} | {len(metingen)} | {p50:.1f} | {p95:.1f}{_vlag(p95 < DOELEN['p95'])}"
            f" | {q_klein_txt} / {q_groot}{_vlag(gelijk and q_groot <= DOELEN['queries'])}"
            f" | {kb:.0f} |"
        )
    return [*regels, ""]


def rollen_tabel(rijen, overgeslagen) -> list[str]:
    regels = [
        "### Elke pagina per rol",
        "",
        "| pagina | rol | p50 ms | p95 ms | queries 5 | queries 150 | KB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, rol, g, k in rijen:
        regels.append(
            f"| {label} | {rol} | {g.p50:.1f} | {g.p95:.1f} | {'–' if k is None else k}"
            f" | {g.queries} | {g.bytes / 1024:.0f} |"
        )
    if overgeslagen:
        regels += [
            "",
            "Niet gemeten omdat de rol de pagina niet mag zien (404) of wordt doorgestuurd:",
        ]
        regels += [f"- {label}: {', '.join(wie)}" for label, wie in overgeslagen.items()]
    return [*regels, ""]


def pdf_tabel(groot, runs: int) -> list[str]:
    """The actieplan PDFs of the 150-person Netwerk, downloaded as the hoofdpersoon."""
    from django.test import Client
    from django.urls import reverse
    from weasyprint import HTML

    from actieteam import team
    from sonestra.core.models import User

    def keer(doe) -> list[float]:
        doe()
        tijden = []
        for _ in range(runs):
            begin = time.perf_counter()
            doe()
            tijden.append((time.perf_counter() - begin) * 1000)
        return tijden

    triviaal = keer(lambda: HTML(string="<h1>Actieplan</h1><p>Eén pagina.</p>").write_pdf())
    client = Client()
    client.force_login(User.objects.get(username="marieke"))
    plan = team.actief_plan(groot)
    regels = [
        f"### Het actieplan als PDF ({runs} keer, na één keer opwarmen)",
        "",
        "| document | p50 ms | slechtste ms | × triviale PDF | KB |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| triviale PDF van één pagina | {statistics.median(triviaal):.0f}"
        f" | {max(triviaal):.0f} | 1.0 | |",
    ]
    for label, url_naam in (
        ("actieplan A4, 40 afspraken, download", "beraad:plan_pdf"),
        ("makkelijk lezen, één pagina, download", "beraad:plan_makkelijk"),
    ):
        url = reverse(url_naam, args=[groot.pk, plan.beraad_id])
        grootte = []

        def vraag(url=url, grootte=grootte):
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            grootte[:] = [
                len(
                    b"".join(
                        response.streaming_content if response.streaming else [response.content]
                    )
                )
            ]

        tijden = keer(vraag)
        regels.append(
            f"| {label} | {statistics.median(tijden):.0f} | {max(tijden):.0f}"
            f" | {statistics.median(tijden) / statistics.median(triviaal):.1f}"
            f" | {grootte[0] / 1024:.0f} |"
        )
    return [*regels, ""]


# --- throughput ------------------------------------------------------------------------


def doorvoer_tabel(groot, seconden: int) -> list[str]:
    """gunicorn on loopback with the production settings (DEBUG off), wrk as the phones."""
    from django.test import Client
    from django.urls import reverse

    from bench import appserver, meten
    from beraad.models import Beraad
    from sonestra.core.models import User

    wrk = shutil.which("wrk")
    if wrk is None:
        return ["### Doorvoer", "", "wrk ontbreekt (Debian: apt-get install wrk).", ""]
    sevda = User.objects.get(username="sevda")
    client = Client()
    client.force_login(sevda)
    cookie = f"sessionid={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    live = Beraad.objects.filter(netwerk=groot).order_by("-pk").first()
    afspraak = meten.ids_van(groot, sevda)["afspraak"]
    # The poll as a phone sends it every 2 s: with the stempel and view it last saw, so an
    # unchanged beraad answers 204 (read off the live page, as the browser does).
    html = client.get(reverse("beraad:live", args=[groot.pk, live.pk]), secure=True)
    poll = html_unescape(re.search(r'hx-get="([^"]*/live/stand/[^"]*)"', html.text).group(1))
    paginas = [
        ("triviale pagina (ingelogd)", reverse("bench_triviaal")),
        ("mijn afspraken", reverse("actieteam:mijn", args=[groot.pk])),
        ("afspraak met statusknoppen", reverse("actieteam:afspraak", args=[groot.pk, afspraak])),
        ("live beraad: de poll, ongewijzigd (204)", poll),
    ]
    poort = appserver.vrije_poort()
    workers = 2 * (os.cpu_count() or 1) + 1
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.instellingen",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
        # The production configuration (deploy/gunicorn.conf.py), access log included.
        "GUNICORN_BIND": f"127.0.0.1:{poort}",
        "WEB_CONCURRENCY": str(workers),
        # Production renews a worker after about 2,000 requests; at 600 a second that
        # would restart workers (a second each) in the middle of a measurement.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    if not env["DATABASE_URL"]:
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    logbestand = Path(tempfile.mkdtemp(prefix="bench-gunicorn-")) / "gunicorn.log"
    with logbestand.open("w") as logboek:
        server = appserver.start(
            ["-c", str(appserver.ROOT / "deploy" / "gunicorn.conf.py"), "sonestra.wsgi"],
            env,
            stdout=logboek,
            stderr=subprocess.STDOUT,
        )
    regels = [
        f"### Doorvoer via gunicorn ({workers} sync workers) op loopback, wrk {seconden} s"
        " per pagina, 2 threads, 16 verbindingen",
        "",
        f"Doel: elke telefoonpagina minstens {DOELEN['ratio']:.0%} van de doorvoer van de"
        " triviale pagina (het gemiddelde van de meting ervoor en erna). Client en server"
        " delen dezelfde 2 cores.",
        "",
        "| pagina | verzoeken/s | p50 ms | p99 ms | × triviaal | fouten |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    try:
        try:
            appserver.wacht(f"http://127.0.0.1:{poort}", server, logbestand, time.monotonic() + 15)
        except RuntimeError as fout:
            raise CommandError(str(fout)) from fout

        def meet(pad: str) -> dict:
            url = f"http://127.0.0.1:{poort}{pad}"
            kop = ["-H", f"Cookie: {cookie}"]
            subprocess.run([wrk, "-t2", "-c4", "-d2s", *kop, url], capture_output=True, check=True)
            uit = subprocess.run(
                [wrk, "-t2", "-c16", f"-d{seconden}s", "--latency", *kop, url],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            fouten = re.search(r"Non-2xx or 3xx responses: (\d+)", uit)
            socket_fouten = re.search(r"Socket errors: (.*)", uit)
            tekst = str(int(fouten.group(1)) if fouten else 0)
            if socket_fouten:
                tekst += f" (socket: {socket_fouten.group(1)})"
            return {
                "per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", uit).group(1)),
                "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", uit).group(1)),
                "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", uit).group(1)),
                "fouten": tekst,
            }

        # The yardstick before and after the pages: the machine may change in between.
        (triviaal_label, triviaal_pad), *telefoon = paginas
        metingen = [(f"{triviaal_label}, voor", meet(triviaal_pad))]
        metingen += [(label, meet(pad)) for label, pad in telefoon]
        metingen.append((f"{triviaal_label}, na", meet(triviaal_pad)))
        basis = (metingen[0][1]["per_s"] + metingen[-1][1]["per_s"]) / 2
        for label, m in metingen:
            ratio = m["per_s"] / basis
            goed = label.startswith("triviale") or ratio >= DOELEN["ratio"]
            regels.append(
                f"| {label} | {m['per_s']:.0f} | {m['p50']:.1f} | {m['p99']:.1f}"
                f" | {ratio:.2f}{_vlag(goed)} | {m['fouten']} |"
            )
    finally:
        appserver.stop([server], timeout=30)
    return [*regels, ""]


def _ms(waarde: str) -> float:
    getal, eenheid = re.fullmatch(r"([\d.]+)(\w+)", waarde).groups()
    return float(getal) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[eenheid]

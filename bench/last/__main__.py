"""Load test: 50 family members and 5 facilitators for 60 s on two app servers, one PostgreSQL.

    cd /work/main && .venv/bin/python -m bench.last            # about 75 s in all
    .venv/bin/python -m bench.last --duur 15 --geen-docs        # a short try

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and locust from requirements-dev.lock.
Options: --duur (seconds of load), --workers (per server), --opnieuw (rebuild the
data), --geen-docs, --database; see --help.

What it proves:

- No lost update under concurrent use. 50 family members (hoofdpersoon, supporter,
  netwerkleden of 10 Netwerken in the Actieteam, several on each afspraak) open Mijn
  afspraken, open an afspraak and tap a new status, while 5 facilitators add and change
  afspraken in their live beraad, all through the real forms (CSRF token and version
  field). Afterwards every change a client was told was saved is looked up in the
  database: exactly one Statuswijziging per accepted status change, every version step
  of every voortgang taken by exactly one accepted change, each history row starting
  where the one before ended; every accepted new afspraak stored once, every version
  step of a beraad afspraak one accepted change, the plan's change counter equal to the
  number of accepted changes. Conflicts the version check caught are counted: nothing is
  saved then, the app shows the other's change and the person taps again.
- Stateless app servers. Two gunicorn processes on two loopback ports, same settings,
  against one database; every user sends each request to the other server than the one
  before, so every login (a one-time link for family members, a password for
  facilitators) is made on one server and used on the other at once.
- No errors (any unexpected status or page counts), and p50/p95 per kind of request.

It uses its own PostgreSQL database, `sonestra_last` (made when missing, through the
`postgres` maintenance database on LAST_PG, default postgres://postgres@127.0.0.1:5432),
and refuses a database holding any other Netwerk. The data is built once and reused;
`--opnieuw` empties the database and builds it again. The servers listen on 127.0.0.1
only and are stopped when the run ends, whatever happens. The figures go to the terminal
and into docs/benchmarks.md between `<!-- last:begin -->` and `<!-- last:end -->`.
Exit status 1 on any error or lost update, 2 when the database is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench import appserver
from bench.docs import DOCS, schrijf_sectie

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.last", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--database", default="sonestra_last")
    parser.add_argument("--duur", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--families", type=int, default=10, help="Netwerken of 5 members")
    parser.add_argument("--facilitators", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--opnieuw", action="store_true", help="empty the database and rebuild")
    parser.add_argument("--geen-docs", action="store_true", help="do not write docs/benchmarks.md")
    return parser.parse_args()


# --- Database ------------------------------------------------------------------------------


def _database_maken(pg: str, naam: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
        print(f"Database {naam} gemaakt.")


def _django(omgeving: dict[str, str]) -> None:
    os.environ.update(omgeving)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sonestra.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- The two app servers ---------------------------------------------------------------


class Servers:
    """Two gunicorn processes with the same settings on two loopback ports
    (bench/appserver.py)."""

    def __init__(self, omgeving: dict[str, str], workers: int, map_: Path) -> None:
        self.omgeving = omgeving
        self.workers = workers
        self.map = map_
        self.processen: list[subprocess.Popen] = []
        self.urls: list[str] = []

    def start(self) -> None:
        for letter in "ab":
            poort = appserver.vrije_poort()
            proces = appserver.start(
                [
                    "sonestra.wsgi",
                    "--bind",
                    f"127.0.0.1:{poort}",
                    "--workers",
                    str(self.workers),
                    # Two servers on one machine: each would take the same control socket.
                    "--no-control-socket",
                    "--access-logfile",
                    str(self.map / f"toegang-{letter}.log"),
                    "--error-logfile",
                    str(self.map / f"fouten-{letter}.log"),
                ],
                self.omgeving,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processen.append(proces)
            self.urls.append(f"http://127.0.0.1:{poort}")
        tot = time.monotonic() + 60
        for url, proces, letter in zip(self.urls, self.processen, "ab", strict=True):
            appserver.wacht(url, proces, self.map / f"fouten-{letter}.log", tot)

    def stop(self) -> None:
        appserver.stop(self.processen)

    def cpu(self) -> float:
        """CPU seconds used so far by the two servers, master and workers (Linux /proc)."""
        groepen = {p.pid for p in self.processen}
        tik = os.sysconf("SC_CLK_TCK")
        totaal = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                velden = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            # After the name: state, ppid, pgrp, ... utime and stime are fields 14 and 15.
            if int(velden[2]) in groepen:
                totaal += int(velden[11]) + int(velden[12])
        return totaal / tik

    def toegang(self) -> list[tuple[int, int]]:
        """Per server: requests served and how many of them answered 5xx (access log)."""
        uit = []
        for letter in "ab":
            pad = self.map / f"toegang-{letter}.log"
            regels = pad.read_text(errors="replace").splitlines() if pad.exists() else []
            codes = [m.group(1) for r in regels if (m := re.search(r'" (\d{3}) ', r))]
            uit.append((len(regels), sum(c.startswith("5") for c in codes)))
        return uit


# --- Locust ------------------------------------------------------------------------------


def _locust(config: Path, uitkomst: Path, gebruikers: int, args, map_: Path) -> int:
    log = map_ / "locust.log"
    omgeving = {
        **os.environ,
        "LAST_CONFIG": str(config),
        "LAST_UITKOMST": str(uitkomst),
        "PYTHONPATH": str(ROOT),
    }
    opdracht = [
        str(BIN / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "-u",
        str(gebruikers),
        "-r",
        str(args.spawn_rate),
        "-t",
        f"{args.duur}s",
        # A user in the middle of a change finishes it, so what it was told is recorded.
        "--stop-timeout",
        "15",
        "--only-summary",
        "--csv",
        str(map_ / "locust"),
        "--loglevel",
        "WARNING",
    ]
    with open(log, "w") as uit:
        proces = subprocess.Popen(
            opdracht,
            cwd=ROOT,
            env=omgeving,
            stdout=uit,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return proces.wait(timeout=args.duur + 120)
        except BaseException:
            if proces.poll() is None:
                os.killpg(proces.pid, signal.SIGKILL)
                proces.wait()
            raise


# --- Report ------------------------------------------------------------------------------


def _percentiel(waarden: list[float], p: int) -> float:
    if len(waarden) == 1:
        return waarden[0]
    return statistics.quantiles(waarden, n=100, method="inclusive")[p - 1]


def _cpu() -> str:
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                return regel.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _versies() -> dict[str, str]:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return {
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "PostgreSQL": postgres,
        "gunicorn": importlib.metadata.version("gunicorn"),
        "locust": importlib.metadata.version("locust"),
    }


OPWARMEN = 10  # seconds

VOLGORDE = [
    "inloggen (link openen)",
    "inloggen (link)",
    "inloggen (pagina)",
    "inloggen (wachtwoord)",
    "mijn afspraken",
    "afspraak",
    "status opslaan",
    "afspraak (na opslaan)",
    "beraad live",
    "beraad stand (poll)",
    "afspraak toevoegen",
    "beraad afspraak",
    "beraad afspraak opslaan",
]


def _cpu_kinderen() -> float:
    gebruik = resource.getrusage(resource.RUSAGE_CHILDREN)
    return gebruik.ru_utime + gebruik.ru_stime


def _verslag(args, c, uitkomst: dict, toegang, locust_code: int, machine: dict) -> str:
    verzoeken = uitkomst["verzoeken"]
    if not verzoeken:
        return "No request was answered: see the locust log."
    eerste = min(v[4] for v in verzoeken)
    per_naam: dict[str, list[float]] = defaultdict(list)
    # The first seconds are everyone logging in at once on workers that just started.
    daarna: dict[str, list[float]] = defaultdict(list)
    per_server = defaultdict(int)
    mislukt = defaultdict(int)
    for naam, ms, server, ok, begin in verzoeken:
        per_naam[naam].append(ms)
        if begin - eerste >= OPWARMEN:
            daarna[naam].append(ms)
        per_server[server] += 1
        if not ok:
            mislukt[naam] += 1
    alle = [v[1] for v in verzoeken]
    alle_daarna = [ms for tijden in daarna.values() for ms in tijden]
    # From the first request sent to the last answer received.
    duur = max(v[4] + v[1] / 1000 for v in verzoeken) - min(v[4] for v in verzoeken)
    fouten = uitkomst["fouten"] + sum(five for _n, five in toegang)
    nu = dt.datetime.now(dt.UTC)
    versies = _versies()
    gebruikers = args.families * 5 + args.facilitators
    regels = [
        f"Measured {nu:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({_cpu()}), shared "
        f"with other work (load average {machine['belasting']:.1f} just before); "
        + ", ".join(f"{k} {v}" for k, v in versies.items())
        + ".",
        "",
        f"{args.families * 5} family members ({args.families} Netwerken in the Actieteam, "
        f"5 logins each) and {args.facilitators} facilitators (each a live beraad in "
        f"'presentatie'), {gebruikers} locust users for {args.duur} s "
        f"(`python -m bench.last`), against two gunicorn processes ({args.workers} sync "
        "workers each, same settings, DEBUG=0) on two loopback ports and one PostgreSQL "
        "database. Every user sends each request to the other server than the one before.",
        "",
        "| what | the clients were told | the database holds |",
        "| --- | ---: | ---: |",
        f"| status changes saved (Mijn afspraken) | {c.status_geaccepteerd} | "
        f"{c.status_opgeslagen} Statuswijziging rows |",
        f"| afspraken added in a live beraad | {c.nieuw_geaccepteerd} | "
        f"{c.nieuw_opgeslagen} new rows |",
        f"| afspraken changed in a live beraad | {c.wijziging_geaccepteerd} | "
        f"{c.wijziging_opgeslagen} version steps |",
        f"| conflicts caught by the version check | {c.status_conflicten} status, "
        f"{c.beraad_conflicten} beraad (one facilitator per beraad) | nothing saved for "
        "them |",
        f"| lost updates | — | **{len(c.verloren)}** |",
        f"| stored without the client being told | — | {len(c.zonder_bevestiging)} |",
        f"| errors (unexpected answers, 5xx) | **{fouten}** | |",
        f"| logins, then used on the other server | "
        f"{uitkomst['overgestapt']} of {uitkomst['ingelogd']} | |",
        "",
        f"{len(verzoeken)} requests in {duur:.0f} s ({len(verzoeken) / duur:.0f}/s): "
        f"{per_server[0]} to server A, {per_server[1]} to server B (access logs: "
        f"{toegang[0][0]} and {toegang[1][0]}). All requests: p50 "
        f"{_percentiel(alle, 50):.0f} ms, p95 {_percentiel(alle, 95):.0f} ms; from "
        f"{OPWARMEN} s on, once everyone had logged in: p50 {_percentiel(alle_daarna, 50):.0f}"
        f" ms, p95 {_percentiel(alle_daarna, 95):.0f} ms. The two "
        f"servers used {machine['server_cpu']:.1f} s of CPU for them "
        f"({machine['server_cpu'] * 1000 / len(verzoeken):.0f} ms per request, PostgreSQL "
        f"not included), locust {machine['locust_cpu']:.1f} s. Another "
        f"{uitkomst['status_al_goed']} taps were not needed after a conflict: the other "
        "person had already set the status this one wanted.",
        "",
        f"| request | count | failed | p50 ms | p95 ms | max ms | from {OPWARMEN} s on: "
        "p50 ms | p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    namen = [n for n in VOLGORDE if n in per_naam] + sorted(set(per_naam) - set(VOLGORDE))
    for naam in namen:
        tijden, later = per_naam[naam], daarna.get(naam)
        regels.append(
            f"| {naam} | {len(tijden)} | {mislukt[naam]} | {_percentiel(tijden, 50):.0f} | "
            f"{_percentiel(tijden, 95):.0f} | {max(tijden):.0f} | "
            + (
                f"{_percentiel(later, 50):.0f} | {_percentiel(later, 95):.0f} |"
                if later
                else "— | — |"
            )
        )
    if locust_code != 0:
        regels += ["", f"locust ended with exit status {locust_code}."]
    return "\n".join(regels)


def _schrijf_docs(tekst: str) -> None:
    kop = "## Load test: two app servers, 50 family members and 5 facilitators"
    schrijf_sectie("last", f"{kop}\n\n{tekst}")


# --- The run -----------------------------------------------------------------------------


def main() -> int:
    args = _parse()
    # SIGTERM and SIGHUP end the run like Ctrl-C: through the finally blocks that stop
    # the servers.
    for signaal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signaal, lambda nummer, _frame: sys.exit(128 + nummer))
    pg = os.environ.get("LAST_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    _database_maken(pg, args.database)
    map_ = Path(tempfile.mkdtemp(prefix="sonestra-last-"))
    os.chmod(map_, 0o700)  # the config file holds this run's passwords and login links
    omgeving = {
        **appserver.LOOPBACK,
        "DATABASE_URL": f"{pg}/{args.database}",
        # One key for both servers, new for every run.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(map_ / "media"),
        "SITE_URL": "http://127.0.0.1",
    }
    _django(omgeving)
    from django.core.management import call_command
    from django.db import connection

    from bench.last import data

    tabellen = connection.introspection.table_names()
    if tabellen and "core_netwerk" not in tabellen:
        print(f"{args.database} is geen SoNeStra-database: ik raak hem niet aan.")
        return 2
    vreemd = data.vreemde_netwerken()
    if vreemd:
        print(
            f"{args.database} bevat {vreemd} netwerken die niet van de lasttest zijn: "
            "ik raak hem niet aan. Geef een eigen database op met --database."
        )
        return 2
    call_command("migrate", verbosity=0)
    if args.opnieuw:
        data.leeg()
    if not data.is_gebouwd():
        begin = time.monotonic()
        data.bouw(families=args.families, facilitators=args.facilitators)
        print(f"Gegevens gebouwd in {time.monotonic() - begin:.1f} s.")
    deelnemers = data.klaarzetten()
    if len(deelnemers.families) != args.families * 5 or len(deelnemers.facilitators) != (
        args.facilitators
    ):
        print("De database heeft een ander aantal gebruikers: draai opnieuw met --opnieuw.")
        return 2
    run = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    voor = data.stand()
    connection.close()

    servers = Servers(omgeving, args.workers, map_)
    uitkomst_pad = map_ / "uitkomst.json"
    try:
        servers.start()
        config = map_ / "config.json"
        config.write_text(
            json.dumps(
                {
                    "servers": servers.urls,
                    "run": run,
                    "merkteken": data.MERKTEKEN,
                    "families": deelnemers.families,
                    "facilitators": deelnemers.facilitators,
                }
            )
        )
        print(
            f"Servers: A {servers.urls[0]}, B {servers.urls[1]} ({args.workers} workers "
            f"elk). Locust: {len(deelnemers.families) + len(deelnemers.facilitators)} "
            f"gebruikers, {args.duur} s."
        )
        belasting = os.getloadavg()[0]
        cpu = [_cpu_kinderen(), servers.cpu()]
        locust_code = _locust(
            config,
            uitkomst_pad,
            len(deelnemers.families) + len(deelnemers.facilitators),
            args,
            map_,
        )
        cpu += [_cpu_kinderen(), servers.cpu()]
    finally:
        servers.stop()
        # It holds this run's passwords and login links; the logs stay for reading.
        (map_ / "config.json").unlink(missing_ok=True)
    if not uitkomst_pad.exists():
        print((map_ / "locust.log").read_text(errors="replace")[-3000:])
        print("Locust schreef geen uitkomst.")
        return 1
    uitkomst = json.loads(uitkomst_pad.read_text())
    controle = data.controleer(voor, uitkomst)
    toegang = servers.toegang()
    # Locust's CPU once it ended (a reaped child); the servers' while the load ran, so
    # starting the workers is not counted.
    machine = {
        "belasting": belasting,
        "locust_cpu": cpu[2] - cpu[0],
        "server_cpu": cpu[3] - cpu[1],
    }
    tekst = _verslag(args, controle, uitkomst, toegang, locust_code, machine)
    print()
    print(tekst)
    for regel in uitkomst["foutmeldingen"]:
        print("FOUT:", regel)
    for regel in controle.verloren[:30]:
        print("VERLOREN:", regel)
    for regel in controle.zonder_bevestiging[:30]:
        print("ZONDER BEVESTIGING:", regel)
    if not args.geen_docs:
        _schrijf_docs(tekst)
        print(f"\nGeschreven in {DOCS.relative_to(ROOT)}.")
    goed = (
        uitkomst["fouten"] == 0
        and not controle.verloren
        and not controle.zonder_bevestiging
        and all(five == 0 for _n, five in toegang)
        and locust_code == 0
        and uitkomst["overgestapt"]
        == uitkomst["ingelogd"]
        == len(deelnemers.families) + len(deelnemers.facilitators)
    )
    print(f"Logs en locust-CSV: {map_}")
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())

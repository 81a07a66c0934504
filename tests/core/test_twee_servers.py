"""Two app servers against one database: a login and a change made through one are seen
through the other, and logging out through one ends the login on both.

Sessions live in the database (SESSION_ENGINE) and no process keeps state of its own, so
a load balancer may send each request to any server. This starts two real gunicorn
processes (one worker each, the production settings with DEBUG=0) against the test
database and sends requests alternately, like a load balancer without sticky sessions.
bench/last runs the same with 55 users for a minute.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.db import connection

from actieteam.models import Statuswijziging
from bench import appserver
from sonestra.core.models import LoginLink, Sessie
from tests.conftest import make_teamafspraak

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _database_url() -> str:
    db = connection.settings_dict
    wachtwoord = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{wachtwoord}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@pytest.fixture
def twee_servers(transactional_db, tmp_path):
    """Two gunicorn processes on free loopback ports, against the test database (whose
    rows these tests commit); stopped, workers and all, when the test ends."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite's test database lives in the memory of this process, "
            "so a server in another process cannot open it. Run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres."
        )
    omgeving = {
        "DJANGO_SETTINGS_MODULE": "sonestra.settings",
        "DATABASE_URL": _database_url(),
        # No connection kept open after a request: the test database is emptied and
        # dropped after the test, which open connections would hold up.
        "DB_CONN_MAX_AGE": "0",
        "DB_POOL": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    processen: list[subprocess.Popen] = []
    urls = []
    try:
        for letter in "ab":
            poort = appserver.vrije_poort()
            log = tmp_path / f"gunicorn-{letter}.log"
            processen.append(
                appserver.start(
                    [
                        "sonestra.wsgi",
                        "--bind",
                        f"127.0.0.1:{poort}",
                        "--workers",
                        "1",
                        # Two servers on one machine would share the default control socket.
                        "--no-control-socket",
                        "--error-logfile",
                        str(log),
                    ],
                    omgeving,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{poort}")
        tot = time.monotonic() + 30
        for url, proces, letter in zip(urls, processen, "ab", strict=True):
            try:
                appserver.wacht(url, proces, tmp_path / f"gunicorn-{letter}.log", tot)
            except RuntimeError as fout:
                pytest.fail(str(fout))
        yield urls
    finally:
        appserver.stop(processen, timeout=10)


class _GeenRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser with one cookie jar for both servers (cookies do not depend on the
    port), following no redirects so each answer is seen."""

    def __init__(self) -> None:
        self.cookies = CookieJar()
        self.opener = build_opener(_GeenRedirect, HTTPCookieProcessor(self.cookies))

    def open(self, url: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body)."""
        # With DEBUG=0 the app's cookies are Secure; behind the TLS of a load balancer a
        # browser sends them back. Here the servers speak plain http on loopback.
        for cookie in self.cookies:
            cookie.secure = False
        body = urlencode(data, doseq=True).encode() if data is not None else None
        try:
            antwoord = self.opener.open(Request(url, data=body), timeout=10)
        except HTTPError as fout:
            antwoord = fout
        with antwoord:
            return antwoord.status, antwoord.headers.get("Location", ""), antwoord.read().decode()


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_login_and_a_change_through_one_server_are_seen_through_the_other(
    twee_servers, netwerk, hoofdpersoon, teamplan
):
    a, b = twee_servers
    persoon = hoofdpersoon.deelnames.get().persoon
    afspraak = make_teamafspraak(teamplan, "Els doet op zondag de post met Marieke.", wie=[persoon])
    mijn = f"/netwerken/{netwerk.pk}/actieteam/mijn/"
    pagina = f"/netwerken/{netwerk.pk}/actieteam/afspraken/{afspraak.pk}/"
    browser = Browser()

    status, locatie, _ = browser.open(b + mijn)
    assert status == 302 and locatie.startswith("/inloggen/")

    # A real login through server A: the one-time link, and its tap (a POST).
    link = f"{a}/inloggen/link/{LoginLink.create_for(hoofdpersoon)}/"
    status, _, html = browser.open(link)
    assert status == 200
    status, locatie, _ = browser.open(link, {"csrfmiddlewaretoken": _csrf(html)})
    assert (status, locatie) == (302, "/netwerken/")
    assert Sessie.objects.filter(user=hoofdpersoon).count() == 1

    # Server B knows the session: Mijn afspraken with the afspraak.
    status, _, html = browser.open(b + mijn)
    assert status == 200
    assert f'id="kaart-{afspraak.pk}"' in html
    assert "Els doet op zondag de post met Marieke." in html

    # A change through B, with the form B showed (CSRF token, version of the status).
    status, _, html = browser.open(b + pagina)
    assert status == 200
    versie = re.search(r'name="versie" value="(\d+)"', html).group(1)
    status, locatie, _ = browser.open(
        f"{b}{pagina}status/",
        {
            "csrfmiddlewaretoken": _csrf(html),
            "versie": versie,
            "status": "bezig",
            "notitie": "Gedaan via server B",
            "next": pagina,
            "compact": "1",
        },
    )
    assert (status, locatie) == (302, f"{pagina}?opgeslagen={afspraak.pk}#kaart-{afspraak.pk}")

    # Server A shows it: the status, the note and the history row.
    status, _, html = browser.open(a + pagina)
    assert status == 200
    assert 'class="status-knop status-bezig is-huidig"' in html
    assert "Gedaan via server B" in html
    wijziging = Statuswijziging.objects.get(afspraak=afspraak)
    assert (wijziging.van, wijziging.naar, wijziging.user) == ("nog_niet", "bezig", hoofdpersoon)

    # Logging out through A ends the login on B too.
    status, locatie, _ = browser.open(f"{a}/uitloggen/", {"csrfmiddlewaretoken": _csrf(html)})
    assert (status, locatie) == (302, "/inloggen/")
    status, locatie, _ = browser.open(b + mijn)
    assert status == 302 and locatie.startswith("/inloggen/")
    assert not Sessie.objects.filter(user=hoofdpersoon).exists()

"""The load test's users, for locust: family members on their phones and facilitators.

Run by `python -m bench.last`, which builds the data, starts the two app servers and
hands this file a JSON file with the servers and the logins (LAST_CONFIG); what the
clients were told is written to LAST_UITKOMST for the runner to check against the
database.

Every user spreads its requests over both servers: each request goes to the other
server than the one before, like a load balancer without sticky sessions. A login made
on one server is therefore used on the other at once.

- Familielid: logs in by a one-time login link, opens Mijn afspraken, opens one of
  their afspraken, reads it for a moment, and taps a new status with a note (the real
  form: CSRF token and the version the screen showed). Someone else in the family may
  have changed it meanwhile: then the app shows their change and saves nothing; that
  is counted as a detected conflict, and the person taps again on the screen the app
  gave back, which carries the new version.
- Facilitator: logs in with a password, keeps the live beraad open (it polls every
  2 s), adds afspraken and changes them (the real forms, with the version check).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task
from locust.clients import ResponseContextManager

from bench.last.formulier import Formulier, formulier, formulieren, met_veld

with open(os.environ["LAST_CONFIG"]) as bestand:
    CONFIG = json.load(bestand)
SERVERS: list[str] = CONFIG["servers"]
RUN: str = CONFIG["run"]
MERK = f"{CONFIG['merkteken']}{RUN}-"
STATUSSEN = ("nog_niet", "bezig", "gelukt", "lukt_niet")
MAX_POGINGEN = 5
MAX_FOUTEN_BEWAARD = 50

_families = iter(CONFIG["families"])
_facilitators = iter(CONFIG["facilitators"])
_teller = itertools.count(1)

UITKOMST: dict = {
    "status": [],
    "status_conflicten": 0,
    "status_al_goed": 0,
    "nieuw": [],
    "wijzigingen": [],
    "beraad_conflicten": 0,
    "fouten": 0,
    "foutmeldingen": [],
    "ingelogd": 0,
    "overgestapt": 0,
    # [name, milliseconds, server index, ok, start (Unix seconds)]
    "verzoeken": [],
}


def fout(tekst: str) -> None:
    UITKOMST["fouten"] += 1
    if len(UITKOMST["foutmeldingen"]) < MAX_FOUTEN_BEWAARD:
        UITKOMST["foutmeldingen"].append(tekst)


def _server_van(url: str) -> int:
    netloc = urlsplit(url).netloc
    return next((i for i, s in enumerate(SERVERS) if urlsplit(s).netloc == netloc), -1)


@events.request.add_listener
def _verzoek(name, response_time, exception, url=None, start_time=0.0, **_kwargs) -> None:
    UITKOMST["verzoeken"].append(
        [name, round(response_time, 2), _server_van(url or ""), exception is None, start_time]
    )


@events.user_error.add_listener
def _gebruikersfout(user_instance, exception, tb, **_kwargs) -> None:
    fout(f"{type(user_instance).__name__}: {exception!r}")


@events.quitting.add_listener
def _schrijf(environment, **_kwargs) -> None:
    with open(os.environ["LAST_UITKOMST"], "w") as uit:
        json.dump(UITKOMST, uit)


def _ook_over_http(cookies) -> None:
    """The app runs as in production (DEBUG=0), so its cookies are Secure. A browser gets
    them over https from the load balancer; here the two servers listen on plain http on
    loopback, so the client sends them back over http, as the browser would over https.
    (requests copies the jar for every request, so a cookie policy would not stick.)"""
    for cookie in cookies:
        cookie.secure = False


def _vervang(waarden: list[tuple[str, str]], **nieuw: str | list[str]) -> list[tuple[str, str]]:
    """The form's values with some fields set (a list: a checkbox group)."""
    uit = [(n, w) for n, w in waarden if n not in nieuw]
    for naam, waarde in nieuw.items():
        for w in waarde if isinstance(waarde, list) else [waarde]:
            uit.append((naam, w))
    return uit


class Bezoeker(HttpUser):
    abstract = True
    host = SERVERS[0]

    def on_start(self) -> None:
        self.nummer = next(_teller)
        # Half of the users start on the first server, half on the second.
        self.beurt = self.nummer % len(SERVERS)

    def volgende_server(self) -> str:
        server = SERVERS[self.beurt % len(SERVERS)]
        self.beurt += 1
        return server

    def verzoek(
        self,
        methode: str,
        pad: str,
        naam: str,
        *,
        verwacht: tuple[int, ...] = (200,),
        server: str | None = None,
        **kwargs,
    ) -> ResponseContextManager | None:
        """One request to the next server; None (and an error) when the answer is not
        one of `verwacht`, or is the login page (the session was not recognised)."""
        url = (server or self.volgende_server()) + pad
        with self.client.request(
            methode, url, name=naam, allow_redirects=False, catch_response=True, **kwargs
        ) as antwoord:
            _ook_over_http(self.client.cookies)
            locatie = antwoord.headers.get("Location", "")
            if antwoord.status_code not in verwacht:
                antwoord.failure(f"{antwoord.status_code} {locatie}")
                fout(f"{naam}: {methode} {url} gaf {antwoord.status_code} {locatie}")
                return None
            if antwoord.status_code == 302 and "/inloggen/" in locatie:
                antwoord.failure("naar de inlogpagina")
                fout(f"{naam}: {methode} {url} stuurde naar de inlogpagina")
                return None
            antwoord.success()
            return antwoord

    def inloggen_gelukt(self, eerste_pagina: str, kenmerk: str, naam: str) -> None:
        """Logged in on one server: the very next request goes to the other one, and must
        show the logged-in page (the session is in the database, not in the process)."""
        antwoord = self.verzoek("GET", eerste_pagina, naam)
        if antwoord is not None and kenmerk in antwoord.text:
            UITKOMST["overgestapt"] += 1
        elif antwoord is not None:
            fout(f"{naam}: na het inloggen niet de verwachte pagina op de andere server")


class Familielid(Bezoeker):
    fixed_count = len(CONFIG["families"])
    # A phone in someone's hand: a few seconds between one afspraak and the next.
    wait_time = between(2, 6)

    def on_start(self) -> None:
        super().on_start()
        self.ik = next(_families)
        self.mijn = f"/netwerken/{self.ik['netwerk']}/actieteam/mijn/"
        self.wijzigingen = 0
        pad = f"/inloggen/link/{self.ik['link']}/"
        server = self.volgende_server()
        pagina = self.verzoek("GET", pad, "inloggen (link openen)", server=server)
        if pagina is None:
            return
        form = next(
            (f for f in formulieren(pagina.text) if f.methode == "post" and not f.actie), None
        )
        if form is None:
            fout("inloggen (link): geen formulier")
            return
        if self.verzoek(
            "POST", pad, "inloggen (link)", verwacht=(302,), server=server, data=form.waarden()
        ):
            UITKOMST["ingelogd"] += 1
            self.inloggen_gelukt(self.mijn, 'class="status-kaart', "mijn afspraken")

    @task
    def status_bijwerken(self) -> None:
        mijn = self.verzoek("GET", self.mijn, "mijn afspraken")
        if mijn is None:
            return
        afspraken = re.findall(r'<article class="status-kaart[^"]*" id="kaart-(\d+)"', mijn.text)
        if not afspraken:
            fout(f"mijn afspraken van {self.ik['gebruiker']}: geen afspraken")
            return
        afspraak = random.choice(afspraken)
        pad = f"/netwerken/{self.ik['netwerk']}/actieteam/afspraken/{afspraak}/"
        pagina = self.verzoek("GET", pad, "afspraak")
        if pagina is None:
            return
        # Reading the afspraak before tapping: meanwhile someone else may change it.
        gevent.sleep(random.uniform(1.0, 3.0))
        self.wijzigingen += 1
        notitie = f"{MERK}{self.ik['gebruiker']}-{self.wijzigingen}"
        keuze = None
        for _poging in range(MAX_POGINGEN):
            form = formulier(pagina.text, "/status/")
            huidig = re.search(r'class="status-knop status-(\w+) is-huidig"', pagina.text)
            if form is None or huidig is None:
                fout(f"afspraak {afspraak}: geen statusformulier")
                return
            if keuze is None:
                keuze = random.choice([s for s in STATUSSEN if s != huidig.group(1)])
            elif huidig.group(1) == keuze:
                # Someone else already set what this person wanted: nothing left to tap.
                UITKOMST["status_al_goed"] += 1
                return
            versie = int(form.waarde("versie"))
            waarden = _vervang(form.waarden(knop=("status", keuze)), notitie=notitie)
            antwoord = self.verzoek(
                "POST", form.actie, "status opslaan", verwacht=(200, 302), data=waarden
            )
            if antwoord is None:
                return
            if antwoord.status_code == 302:
                UITKOMST["status"].append(
                    {
                        "afspraak": int(afspraak),
                        "versie": versie,
                        "naar": keuze,
                        "notitie": notitie,
                    }
                )
                # The browser follows the redirect back to the afspraak ("Opgeslagen").
                terug = urlsplit(antwoord.headers["Location"])
                self.verzoek("GET", f"{terug.path}?{terug.query}", "afspraak (na opslaan)")
                return
            if 'class="alert alert-warning kaart-melding"' in antwoord.text:
                # The version check: the page shows the other's change and the new version.
                UITKOMST["status_conflicten"] += 1
                pagina = antwoord
                continue
            fout(f"status opslaan {afspraak}: 200 zonder conflictmelding")
            return
        fout(f"status opslaan {afspraak}: na {MAX_POGINGEN} pogingen niet opgeslagen")


class Facilitator(Bezoeker):
    fixed_count = len(CONFIG["facilitators"])
    wait_time = between(2, 5)

    def on_start(self) -> None:
        super().on_start()
        self.ik = next(_facilitators)
        self.live = f"/netwerken/{self.ik['netwerk']}/beraad/{self.ik['beraad']}/live/"
        self.stempel, self.kijk = "0", "11"
        self.nieuw = 0
        self.poller = None
        server = self.volgende_server()
        pagina = self.verzoek("GET", "/inloggen/", "inloggen (pagina)", server=server)
        if pagina is None:
            return
        form = met_veld(pagina.text, "password")
        if form is None:
            fout("inloggen: geen formulier")
            return
        waarden = _vervang(
            form.waarden(), username=self.ik["gebruiker"], password=self.ik["wachtwoord"]
        )
        if self.verzoek(
            "POST",
            "/inloggen/",
            "inloggen (wachtwoord)",
            verwacht=(302,),
            server=server,
            data=waarden,
        ):
            UITKOMST["ingelogd"] += 1
            self.inloggen_gelukt(self.live, 'id="stand"', "beraad live")
            self.poller = gevent.spawn(self._volgen)

    def _live(self):
        pagina = self.verzoek("GET", self.live, "beraad live")
        if pagina is not None:
            self._onthoud_stempel(pagina.text)
        return pagina

    def _onthoud_stempel(self, html: str) -> None:
        gevonden = re.search(r"live/stand/\?stempel=(\d+)&amp;kijk=(\d+)", html)
        if gevonden:
            self.stempel, self.kijk = gevonden.groups()

    def _volgen(self) -> None:
        """The open live page asks every 2 s whether anything changed, whatever the
        facilitator is doing meanwhile (htmx: hx-trigger="every 2s")."""
        while True:
            gevent.sleep(2)
            antwoord = self.verzoek(
                "GET",
                f"{self.live}stand/?stempel={self.stempel}&kijk={self.kijk}",
                "beraad stand (poll)",
                verwacht=(200, 204),
                headers={"HX-Request": "true"},
            )
            if antwoord is not None and antwoord.status_code == 200:
                self._onthoud_stempel(antwoord.text)

    def on_stop(self) -> None:
        if self.poller is not None:
            self.poller.kill()

    @task(1)
    def toevoegen(self) -> None:
        pagina = self._live()
        if pagina is None:
            return
        form = formulier(pagina.text, "/afspraken/nieuw/")
        if form is None:
            fout("beraad live: geen formulier voor een nieuwe afspraak")
            return
        vragen = next(v.opties for v in form.velden if v.naam == "vraag")
        wie = [v.waarde for v in form.velden if v.naam == "wie"]
        gevent.sleep(random.uniform(1.0, 3.0))  # typing
        self.nieuw += 1
        wat = f"{MERK}{self.ik['gebruiker']}-nieuw-{self.nieuw}"
        waarden = _vervang(
            form.waarden(),
            vraag=random.choice([w for w, _aan in vragen if w]),
            soort="1",
            wat=wat,
            wanneer="volgende week",
            wie=random.sample(wie, 2),
        )
        # As htmx sends it: the form swaps itself and tells the page the plan changed.
        antwoord = self.verzoek(
            "POST", form.actie, "afspraak toevoegen", data=waarden, headers={"HX-Request": "true"}
        )
        if antwoord is None:
            return
        if antwoord.headers.get("HX-Trigger") == "plan-gewijzigd":
            UITKOMST["nieuw"].append({"plan_beraad": self.ik["beraad"], "wat": wat})
        else:
            fout(f"afspraak toevoegen: niet opgeslagen ({wat})")

    @task(2)
    def wijzigen(self) -> None:
        pagina = self._live()
        if pagina is None:
            return
        ids = re.findall(rf'/beraad/{self.ik["beraad"]}/afspraken/(\d+)/"', pagina.text)
        if not ids:
            fout("beraad live: geen afspraken")
            return
        afspraak = random.choice(ids)
        pad = f"/netwerken/{self.ik['netwerk']}/beraad/{self.ik['beraad']}/afspraken/{afspraak}/"
        pagina = self.verzoek("GET", pad, "beraad afspraak")
        if pagina is None:
            return
        gevent.sleep(random.uniform(1.0, 3.0))  # typing
        self.nieuw += 1
        hoe_weten = f"{MERK}{self.ik['gebruiker']}-wijziging-{self.nieuw}"
        for _poging in range(MAX_POGINGEN):
            # The edit form posts to its own page; the other form there removes it.
            form: Formulier | None = met_veld(pagina.text, "wat")
            if form is None:
                fout(f"beraad afspraak {afspraak}: geen formulier")
                return
            versie = int(form.waarde("versie"))
            antwoord = self.verzoek(
                "POST",
                pad,
                "beraad afspraak opslaan",
                verwacht=(200, 302),
                data=_vervang(form.waarden(), hoe_weten=hoe_weten),
            )
            if antwoord is None:
                return
            if antwoord.status_code == 302:
                UITKOMST["wijzigingen"].append(
                    {"afspraak": int(afspraak), "versie": versie, "hoe_weten": hoe_weten}
                )
                return
            if 'class="alert alert-warning smal"' in antwoord.text:
                UITKOMST["beraad_conflicten"] += 1
                pagina = antwoord
                continue
            fout(f"beraad afspraak {afspraak}: 200 zonder conflictmelding")
            return
        fout(f"beraad afspraak {afspraak}: na {MAX_POGINGEN} pogingen niet opgeslagen")

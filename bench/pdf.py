"""Render time of the actieplan PDFs: the demo plan and a plan of 40 afspraken over 6 vragen.

Builds the demo in a new throwaway SQLite database (or in BENCH_DATABASE_URL, which it
fills: give it an empty database of its own), with photos in a temporary MEDIA_ROOT. It adds
a second Netwerk whose plan has 40 afspraken over 6 vragen, 40 people in the cirkel (10 with
a photo), 20 compliments and 10 akkoorden. Then, in this one process and with DEBUG off, it
measures each document N times after one warm-up:

- the whole download through Django's test Client (access check, queries, access log);
- the render alone (`maak_pdf`: template + WeasyPrint), and of that the template alone;

beside a trivial one-page WeasyPrint document measured in the same run (before and after),
so figures from a busy or slow machine can still be compared. It prints p50, p95 and the
worst time, the CPU time, pages, size and the ratio to the trivial document, and checks
once that rendering opens no network connection and loads no file it should not.

    PYTHONPATH=. .venv/bin/python bench/pdf.py [--runs 10] [--profiel] [--bewaar MAP]
"""

from __future__ import annotations

import argparse
import gc
import io
import math
import os
import platform
import random
import socket
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from opzet import demo_laden, django_opzetten

DOEL_SECONDEN = 1.5  # the 40-afspraken A4 plan, median, on a 2-core machine


# -- The large plan: Samira's, 6 vragen, 40 afspraken -----------------------------------

# (naam, soort, ring or None, geslacht)
# fmt: off
SAMIRA_MENSEN = [
    ("Samira El Idrissi", "", None, "v"),
    ("Amira El Idrissi", "familie", 1, "v"), ("Yassin El Idrissi", "familie", 1, "m"),
    ("Fatiha El Idrissi", "familie", 1, "v"), ("Mohammed El Idrissi", "familie", 2, "m"),
    ("Nadia Bouchrit", "familie", 1, "v"), ("Karim El Idrissi", "familie", 2, "m"),
    ("Hanane El Idrissi", "familie", 2, "v"), ("Youssef Bouchrit", "familie", 3, "m"),
    ("Loubna Aït Taleb", "familie", 3, "v"), ("Ilias El Idrissi", "familie", None, "m"),
    ("Soufiane de Graaf", "familie", 3, "m"), ("Mariëlle de Graaf", "familie", None, "v"),
    ("Noëlle de Graaf", "familie", None, "v"), ("Tom van der Heijden", "familie", 3, "m"),
    ("Anouk Jansen", "vrienden", 1, "v"), ("Şeyma Aydın", "vrienden", 2, "v"),
    ("Priscilla Martis", "vrienden", 2, "v"), ("Joëlle Peeters", "vrienden", None, "v"),
    ("Rachid Amrani", "vrienden", 3, "m"), ("Bilal Chaouch", "vrienden", None, "m"),
    ("Ans Koopmans", "buurt", 2, "v"), ("Gerrit Koopmans", "buurt", None, "m"),
    ("Dewi Pattinama", "buurt", 2, "v"), ("Ömer Yıldız", "buurt", None, "m"),
    ("Hennie Scholten", "buurt", None, "v"), ("Chantal Brouwer", "buurt", 3, "v"),
    ("Ruud Veldman", "school_werk", None, "m"),
    ("Esra Doğan", "school_werk", None, "v"), ("Sandra Hoekstra", "school_werk", 3, "v"),
    ("René Willems", "school_werk", None, "m"), ("Wendy van Beek", "school_werk", None, "v"),
    ("Gé Ruiters", "vrijwilliger", 2, "m"), ("Inge Mertens", "vrijwilliger", None, "v"),
    ("Khadija Benali", "vrijwilliger", None, "v"),
    ("Marloes Verbeek", "professional", None, "v"), ("Dennis Kooiman", "professional", None, "m"),
    ("Astrid Lemmens", "professional", None, "v"), ("Maarten van Rijn", "professional", None, "m"),
    ("Eva Smulders", "professional", None, "v"), ("Jeroen Wouters", "professional", None, "m"),
]
# fmt: on
MET_FOTO = [m[0] for m in SAMIRA_MENSEN[:11]]  # Samira and ten others

VRAGEN = [
    ("Hoe houd ik overzicht over mijn geld en de post, zodat er geen nieuwe schulden komen?",
     "de post en de rekeningen"),
    ("Wie helpt mij met de kinderen als ik moet werken of naar het ziekenhuis moet?",
     "de opvang van Amira en Yassin"),
    ("Hoe kan ik in mijn huis blijven wonen nu de huur omhoog is gegaan?",
     "de huur en de woning"),
    ("Hoe vind ik werk voor drie dagen per week dat past bij de schooltijden?",
     "het zoeken naar werk"),
    ("Hoe zorg ik beter voor mijn gezondheid, en wie gaat mee naar de afspraken?",
     "de afspraken in het ziekenhuis"),
    ("Met wie kan ik praten als het even niet gaat, ook 's avonds en in het weekend?",
     "de zware momenten"),
]  # fmt: skip

WAT_NETWERK = [
    "{a} komt elke {dag} langs om samen met Samira {o} door te nemen. Ze schrijven op wat er "
    "die week moet gebeuren en wie wat doet.",
    "{a} en {b} maken een lijstje met telefoonnummers voor {o} en hangen het op de koelkast, "
    "zodat iedereen weet wie hij kan bellen.",
    "Samira belt {a} als ze vastloopt met {o}. {a} belt binnen een dag terug en komt zo nodig "
    "langs.",
    "{a} gaat één keer per maand mee naar het gesprek over {o} en schrijft op wat er is "
    "afgesproken, zodat Samira het later nog eens kan lezen.",
    "Eens per twee weken eten {a} en {b} bij Samira. Na het eten praten ze even over {o} en "
    "wat er beter kan.",
    "{a} zoekt uit welke regelingen er zijn voor {o} en vertelt het Samira in gewone woorden. "
    "Samira beslist zelf wat ze aanvraagt.",
]
WAT_PROFESSIONAL = [
    "{a} helpt Samira met {o} tot de afspraken in het netwerk goed lopen. Daarna komt {a} "
    "minder vaak en kijkt alleen nog mee.",
    "{a} maakt samen met Samira een plan voor {o} en bespreekt het bij het vervolgberaad met "
    "de familie.",
]
WAT_AANBOD = [
    "Cursus van tien lessen in het wijkcentrum over {o}. {a} meldt Samira aan en gaat de "
    "eerste keer mee.",
    "Vier uur per week hulp van de thuiszorg, zodat er tijd overblijft voor {o}. {a} vraagt "
    "het aan bij de gemeente.",
]
HOE_WETEN = [
    "Bij het vervolgberaad vertelt Samira dat het met {o} beter gaat en dat ze minder zorgen "
    "heeft.",
    "{a} en Samira houden een schriftje bij. Staat er elke week iets in, dan loopt het.",
    "Samira weet zelf wie ze moet bellen, ook 's avonds en in het weekend, zonder het te "
    "hoeven vragen.",
    "Na drie maanden kijken we samen terug: is het vaker goed gegaan dan mis? Dan houden we "
    "het zo.",
    "",
]
WANNEER = [
    "Elke dinsdag om 19 uur", "Om de week op zaterdag", "Binnen twee weken",
    "Vanaf nu, elke keer als het nodig is", "Eerste maandag van de maand",
    "Vóór de zomervakantie", "Na de herfstvakantie, op woensdagmiddag",
]  # fmt: skip
DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
VOORWAARDEN = [
    ("voorwaarde", "continuiteit",
     "Elke week kijkt iemand samen met Samira naar de post, ook in de vakanties. Zo komen "
     "er geen nieuwe schulden bij."),
    ("voorwaarde", "veiligheid",
     "Amira en Yassin worden altijd opgevangen door iemand die ze kennen, ook als Samira "
     "plotseling naar het ziekenhuis moet."),
    ("voorwaarde", "ontwikkeling",
     "De kinderen gaan elke dag naar school en hebben een rustige plek om huiswerk te maken."),
    ("voorwaarde", "veiligheid",
     "Als het 's nachts niet goed gaat met Samira, is er iemand die ze kan bellen en die kan "
     "komen."),
    ("zorg", "continuiteit",
     "Veel hulp hangt nu aan Fatiha. Mijn zorg is dat zij het te zwaar krijgt als er niemand "
     "naast haar staat."),
    ("zorg", "anders",
     "De huurachterstand is nog niet opgelost. Zonder een regeling met de woningcorporatie "
     "blijft er onrust."),
]  # fmt: skip
COMPLIMENTEN = [
    "Samira is de sterkste vrouw die ik ken. Ze staat altijd klaar voor haar kinderen.",
    "Ze kan heerlijk koken en nodigt iedereen uit, ook als ze zelf weinig heeft.",
    "Samira lacht veel, ook als het tegenzit. Dat geeft ons allemaal moed.",
    "Ze zegt eerlijk wat ze denkt, en dat waardeer ik.",
    "Amira en Yassin zijn lieve, beleefde kinderen. Dat is haar verdienste.",
    "Op het schoolplein helpt Samira andere moeders met het vertalen van brieven.",
    "Ze heeft het afgelopen jaar veel geleerd over geld. Ik ben trots op haar.",
    "Samira onthoudt altijd wie er jarig is en stuurt een kaartje.",
]


def _bouw_groot(organisatie, aantal_afspraken: int = 40):
    """Samira's Netwerk: a closed beraad whose plan has `aantal_afspraken` afspraken over
    6 vragen, in realistic Dutch of realistic length. The same every run (fixed seed)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from beraad.models import Actieplan, Afspraak, Akkoord, Beraad, Voorwaarde, Vraag
    from netwerkkompas.models import Compliment
    from sonestra.core.models import Deelname, Netwerk, Persoon
    from sonestra.core.roles import Rol

    kans = random.Random(6)
    User = get_user_model()
    samira_user = User.objects.create(username="bench-samira", first_name="Samira")
    prof_user = User.objects.create(username="bench-marloes", first_name="Marloes")
    netwerk = Netwerk.objects.create(
        titel="Het netwerk van Samira", organisatie=organisatie, created_by=prof_user
    )
    personen = []
    for index, (naam, soort, ring, geslacht) in enumerate(SAMIRA_MENSEN):
        personen.append(
            Persoon.objects.create(
                netwerk=netwerk,
                naam=naam,
                soort=soort,
                ring=ring,
                geslacht=geslacht,
                is_hoofdpersoon=index == 0,
                geboortejaar=1950 + index,
                notities="Hoort bij het netwerk van Samira.",
            )
        )
    try:
        from sonestra.core.demo import DEMO_FOTOS, portret
        from sonestra.core.images import clean_photo
    except ImportError:  # an older demo without portraits: the plan is drawn with initials
        DEMO_FOTOS = {}
    kleuren = list(DEMO_FOTOS.values())
    if kleuren:
        for index, persoon in enumerate(p for p in personen if p.naam in MET_FOTO):
            inhoud = portret(*kleuren[index % len(kleuren)])
            persoon.foto.save("foto.jpg", clean_photo(ContentFile(inhoud, name="foto.jpg")))
    samira, mensen = personen[0], personen[1:]
    prof = next(p for p in mensen if p.naam == "Marloes Verbeek")
    Deelname.objects.create(netwerk=netwerk, user=samira_user, rol=Rol.HOOFDPERSOON, persoon=samira)
    Deelname.objects.create(netwerk=netwerk, user=prof_user, rol=Rol.FACILITATOR, persoon=prof)

    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        fase=Beraad.Fase.AFGEROND,
        datum=nu - timedelta(days=20),
        waar="Buurthuis De Wissel, grote zaal",
        gestart=nu - timedelta(days=20),
        afgerond=nu - timedelta(days=20, hours=-3),
    )
    plan = Actieplan.objects.create(netwerk=netwerk, beraad=beraad)
    vragen = [
        Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=i)
        for i, (tekst, _onderwerp) in enumerate(VRAGEN, start=1)
    ]
    voorwaarden = [
        Voorwaarde.objects.create(
            netwerk=netwerk, beraad=beraad, soort=soort, thema=thema, tekst=tekst, persoon=prof
        )
        for soort, thema, tekst in VOORWAARDEN
    ]
    # The last voorwaarde stays unmet, so the document shows both kinds.
    te_halen = [v for v in voorwaarden if v.soort == Voorwaarde.Soort.VOORWAARDE][:-1]
    informeel = [p for p in mensen if p.soort != Persoon.Soort.PROFESSIONAL]
    professionals = [p for p in mensen if p.soort == Persoon.Soort.PROFESSIONAL]
    for i in range(aantal_afspraken):
        v = i * len(vragen) // aantal_afspraken
        per_vraag = [j for j in range(aantal_afspraken) if j * len(vragen) // aantal_afspraken == v]
        plek = per_vraag.index(i)
        # Per vraag: the network first, then one or two professionals, the last one aanbod.
        if plek == len(per_vraag) - 1 and v % 3 != 2:
            soort, teksten, bron = Afspraak.Soort.AANBOD, WAT_AANBOD, professionals
        elif plek >= len(per_vraag) - 3:
            soort, teksten, bron = Afspraak.Soort.PROFESSIONAL, WAT_PROFESSIONAL, professionals
        else:
            soort, teksten, bron = Afspraak.Soort.NETWERK, WAT_NETWERK, informeel
        wie = kans.sample(bron, kans.randint(1, 3 if bron is informeel else 2))
        if soort == Afspraak.Soort.NETWERK and kans.random() < 0.5:
            wie.append(samira)
        invallers = kans.sample([p for p in informeel if p not in wie], kans.randint(0, 2))
        namen = {"a": wie[0].naam.split()[0], "b": wie[-1].naam.split()[0]}
        onderwerp = VRAGEN[v][1]
        afspraak = Afspraak.objects.create(
            netwerk=netwerk,
            plan=plan,
            vraag=vragen[v],
            soort=soort,
            wat=kans.choice(teksten).format(o=onderwerp, dag=kans.choice(DAGEN), **namen),
            wanneer=kans.choice(WANNEER),
            klaar_op=(nu + timedelta(days=kans.randint(7, 120))).date()
            if kans.random() < 0.4
            else None,
            hoe_weten=kans.choice(HOE_WETEN).format(o=onderwerp, **namen),
            kosten=Decimal(kans.choice(["145.00", "62.50", "1250.00", "38.75"]))
            if soort == Afspraak.Soort.AANBOD
            else None,
            kosten_per=kans.choice(["maand", "eenmalig", "jaar"])
            if soort == Afspraak.Soort.AANBOD
            else "",
            volgorde=plek,
        )
        afspraak.wie.set(wie)
        afspraak.invallers.set(invallers)
        if kans.random() < 0.45:
            afspraak.voorwaarden.set(kans.sample(te_halen, kans.randint(1, 2)))
    for index, persoon in enumerate([samira, *informeel[:8], prof]):
        Akkoord.objects.create(
            netwerk=netwerk,
            plan=plan,
            persoon=persoon,
            naam=persoon.naam,
            tijd=nu - timedelta(days=20, minutes=-150 - index),
            planstand=plan.inhoud,
        )
    for index in range(20):
        Compliment.objects.create(
            netwerk=netwerk, van=informeel[index], tekst=COMPLIMENTEN[index % len(COMPLIMENTEN)]
        )
    Actieplan.objects.filter(pk=plan.pk).update(
        gepubliceerd=nu - timedelta(days=20, hours=-2),
        aanspreekpunt=personen[3],
        vervolgdatum=(nu + timedelta(days=70)).date(),
        vastgesteld=nu - timedelta(days=20, hours=-3),
        planversie=1,
    )
    return netwerk, beraad, samira_user


# -- Measuring --------------------------------------------------------------------------


@dataclass
class Meting:
    naam: str
    wand: list[float] = field(default_factory=list)  # wall clock, ms
    cpu: list[float] = field(default_factory=list)  # process CPU time, ms
    template: float | None = None  # median of the template alone, ms
    paginas: int = 0
    grootte: int = 0
    pdf: bytes = field(default=b"", repr=False)  # the warm-up's output, for --bewaar

    @property
    def p50(self) -> float:
        return statistics.median(self.wand)

    @property
    def p95(self) -> float:
        rij = sorted(self.wand)
        return rij[max(0, math.ceil(len(rij) * 0.95) - 1)]


def _paginas(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def _meet(naam: str, maak: Callable[[], bytes], runs: int) -> Meting:
    uit = maak()  # warm-up: fonts, template loading, first-use caches
    meting = Meting(naam, paginas=_paginas(uit), grootte=len(uit), pdf=uit)
    # A large render leaves cyclic garbage behind; each case starts from a clean heap so
    # it does not pay for the collection of the case before.
    gc.collect()
    for _ in range(runs):
        wand, cpu = time.perf_counter(), time.process_time()
        maak()
        meting.cpu.append((time.process_time() - cpu) * 1000)
        meting.wand.append((time.perf_counter() - wand) * 1000)
    return meting


def _triviaal() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Hallo</p>").write_pdf()


@dataclass
class Plan:
    """One plan to print, as its hoofdpersoon."""

    label: str
    netwerk: object
    beraad: object
    user: object


def _documenten(plan: Plan, runs: int, makkelijk_klaar: bool) -> list[Meting]:
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse

    from beraad.pdf import maak_pdf, plan_gegevens
    from beraad.toegang import beraad_van
    from sonestra.core.access import find_toegang

    client = Client()
    client.force_login(plan.user)
    toegang = find_toegang(plan.user, plan.netwerk.pk)
    gegevens = plan_gegevens(toegang, beraad_van(toegang, plan.beraad.pk))
    soorten = [("A4", "beraad:plan_pdf", "beraad/pdf/plan.html", lambda g: {})]
    if makkelijk_klaar:
        from beraad.pdf_makkelijk import makkelijk_context

        soorten.append(
            ("easy-read", "beraad:plan_makkelijk", "beraad/pdf/makkelijk.html", makkelijk_context)
        )
    metingen = []
    for soort, url_naam, template, context in soorten:
        url = reverse(url_naam, args=[plan.netwerk.pk, plan.beraad.pk])

        def download(url=url) -> bytes:
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            assert response["Content-Type"] == "application/pdf", response["Content-Type"]
            return response.content

        def render(template=template, context=context) -> bytes:
            return maak_pdf(template, gegevens, **context(gegevens))

        metingen.append(_meet(f"{plan.label} {soort}, download", download, runs))
        alleen = _meet(f"{plan.label} {soort}, render", render, runs)
        extra = context(gegevens)
        html = [0.0] * runs
        for i in range(runs):
            begin = time.perf_counter()
            render_to_string(template, {"p": gegevens, "netwerk": gegevens.netwerk, **extra})
            html[i] = (time.perf_counter() - begin) * 1000
        alleen.template = statistics.median(html)
        metingen.append(alleen)
    return metingen


def _makkelijk_klaar() -> bool:
    """The easy-read document is written by someone else right now: measure it once its
    template and context are there."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        get_template("beraad/pdf/makkelijk.html")
        from beraad.pdf_makkelijk import makkelijk_context  # noqa: F401
    except (TemplateDoesNotExist, ImportError):
        return False
    return True


# -- No network -------------------------------------------------------------------------


class GeenNetwerk:
    """Makes every socket connect and name lookup fail, and counts the attempts, while
    recording what WeasyPrint asked the url fetcher for."""

    def __enter__(self):
        from beraad.pdf import LokaleBestanden

        self.pogingen: list[str] = []
        self.gehaald: list[str] = []
        self.geweigerd: list[str] = []
        self._oud = (socket.socket.connect, socket.getaddrinfo, LokaleBestanden.fetch)
        oud_connect, oud_getaddrinfo, oud_fetch = self._oud
        meter = self

        def connect(sock, adres):
            meter.pogingen.append(f"connect {adres!r}")
            raise OSError("bench: geen netwerk tijdens het renderen")

        def getaddrinfo(host, *args, **kwargs):
            meter.pogingen.append(f"getaddrinfo {host!r}")
            raise OSError("bench: geen netwerk tijdens het renderen")

        def fetch(fetcher, url, headers=None):
            try:
                antwoord = oud_fetch(fetcher, url, headers)
            except Exception:
                meter.geweigerd.append(url[:80])
                raise
            meter.gehaald.append(url[:80])
            return antwoord

        socket.socket.connect = connect
        socket.getaddrinfo = getaddrinfo
        LokaleBestanden.fetch = fetch
        return self

    def __exit__(self, *exc):
        from beraad.pdf import LokaleBestanden

        socket.socket.connect, socket.getaddrinfo, LokaleBestanden.fetch = self._oud
        return False


def _controleer_netwerk(plannen: list[Plan], makkelijk_klaar: bool) -> list[str]:
    from django.test import Client
    from django.urls import reverse

    namen = ["beraad:plan_pdf"] + (["beraad:plan_makkelijk"] if makkelijk_klaar else [])
    regels = []
    for plan in plannen:
        client = Client()
        client.force_login(plan.user)
        for url_naam in namen:
            url = reverse(url_naam, args=[plan.netwerk.pk, plan.beraad.pk])
            with GeenNetwerk() as meter:
                response = client.get(url, secure=True)
            fotos = sum("/foto" in u for u in meter.gehaald)
            regels.append(
                f"  {plan.label} {url_naam.split(':')[1]}: status {response.status_code}, "
                f"{len(meter.pogingen)} network attempts"
                f"{' ' + '; '.join(meter.pogingen[:3]) if meter.pogingen else ''}, "
                f"{len(meter.gehaald)} files served by LokaleBestanden ({fotos} photos), "
                f"{len(meter.geweigerd)} refused"
                f"{' ' + ', '.join(meter.geweigerd[:3]) if meter.geweigerd else ''}"
            )
    return regels


# -- Profile ----------------------------------------------------------------------------

# Where the time of one render goes, by the file a function lives in (own time, so
# nothing is counted twice). The first group that matches wins.
GROEPEN = [
    ("Django template rendering", ("django/template", "django/utils/html", "django/utils/safe")),
    ("Django ORM (queries in the template)", ("django/db",)),
    ("WeasyPrint: SVG", ("weasyprint/svg",)),
    ("WeasyPrint: images and photos", ("weasyprint/images", "PIL/")),
    ("WeasyPrint: text shaping and fonts", ("weasyprint/text", "weasyprint/pdf/fonts")),
    ("WeasyPrint: HTML parsing", ("html5lib", "tinyhtml5", "weasyprint/html")),
    ("WeasyPrint: CSS", ("weasyprint/css", "cssselect2", "tinycss2")),
    ("WeasyPrint: layout", ("weasyprint/layout", "weasyprint/formatting_structure")),
    ("WeasyPrint: drawing and PDF", ("weasyprint/draw", "weasyprint/pdf", "pydyf")),
    ("WeasyPrint: other", ("weasyprint",)),
    # cProfile files C functions under "~": mostly the cffi calls into Pango and HarfBuzz.
    ("built-ins (cffi calls into Pango etc.)", ("cffi", "~")),
]


def _profiel(plan: Plan, template: str, context) -> list[str]:
    import cProfile
    import pstats

    from beraad.pdf import maak_pdf, plan_gegevens
    from beraad.toegang import beraad_van
    from sonestra.core.access import find_toegang

    toegang = find_toegang(plan.user, plan.netwerk.pk)
    gegevens = plan_gegevens(toegang, beraad_van(toegang, plan.beraad.pk))
    maak_pdf(template, gegevens, **context(gegevens))  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    maak_pdf(template, gegevens, **context(gegevens))
    profiler.disable()
    stats = pstats.Stats(profiler)
    totaal = stats.total_tt
    per_groep: dict[str, float] = {}
    for (bestand, _regel, _functie), (_cc, _nc, eigen, _cum, _callers) in stats.stats.items():
        groep = next((naam for naam, delen in GROEPEN if any(d in bestand for d in delen)), "rest")
        per_groep[groep] = per_groep.get(groep, 0.0) + eigen
    regels = [f"  profile of one render of {plan.label} ({template}), {totaal * 1000:.0f} ms "
              "under cProfile (slower than without), own time per part:"]  # fmt: skip
    for groep, tijd in sorted(per_groep.items(), key=lambda x: -x[1]):
        regels.append(f"    {groep:40} {tijd * 1000:7.0f} ms  {tijd / totaal:5.1%}")
    uit = io.StringIO()
    pstats.Stats(profiler, stream=uit).sort_stats("cumulative").print_stats(25)
    regels.append("  top 25 by cumulative time:")
    regels += ["    " + r for r in uit.getvalue().splitlines() if r.strip()][-27:]
    return regels


# -- Report -----------------------------------------------------------------------------


def _machine() -> str:
    import django
    import weasyprint

    model = "?"
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                model = regel.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}; "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"WeasyPrint {weasyprint.__version__}"
    )


def _laden() -> str:
    """Other work on the machine shows in the wall clock: say how busy it was."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _tabel(metingen: list[Meting], triviaal: Meting) -> list[str]:
    """One row per document. The ratio to the trivial document is given on the wall clock
    and on CPU time: on a busy machine the wall clock of a 25 ms render swings, CPU less."""
    triviaal_cpu = statistics.median(triviaal.cpu)
    kop = (
        f"  {'document':32} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'CPU p50':>7} "
        f"{'templ.':>6} {'pages':>5} {'KB':>6} {'x triv':>6} {'x CPU':>6}"
    )
    regels = [kop, "  " + "-" * (len(kop) - 2)]
    for m in metingen:
        template = f"{m.template:6.1f}" if m.template is not None else f"{'':6}"
        cpu = statistics.median(m.cpu)
        regels.append(
            f"  {m.naam:32} {m.p50:7.1f} {m.p95:7.1f} {max(m.wand):7.1f} {cpu:7.1f} "
            f"{template} {m.paginas:5d} {m.grootte / 1024:6.1f} {m.p50 / triviaal.p50:5.1f}x "
            f"{cpu / triviaal_cpu:5.1f}x"
        )
    return regels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="renders per document (10)")
    parser.add_argument("--bewaar", metavar="MAP", help="also write each PDF to this folder")
    parser.add_argument(
        "--profiel",
        action="store_true",
        help="profile one render of the large A4 plan (also done when it misses the target)",
    )
    args = parser.parse_args()
    django_opzetten("pdf")
    from django.contrib.auth import get_user_model
    from django.db import connection

    from beraad.models import Afspraak, Beraad

    marieke_netwerk = demo_laden()
    marieke = get_user_model().objects.get(username="marieke")
    demo_beraad = (
        Beraad.objects.filter(netwerk=marieke_netwerk, fase=Beraad.Fase.AFGEROND)
        .order_by("pk")
        .first()
    )
    netwerk, beraad, samira = _bouw_groot(marieke_netwerk.organisatie)
    plannen = [
        Plan("demo", marieke_netwerk, demo_beraad, marieke),
        Plan("40x6", netwerk, beraad, samira),
    ]
    omvang = {
        p.label: Afspraak.objects.filter(plan=p.beraad.plan).lopend().count() for p in plannen
    }
    makkelijk_klaar = _makkelijk_klaar()

    laden = _laden()
    eerste = _meet("trivial 1 page (before)", _triviaal, args.runs)
    metingen = []
    for plan in plannen:
        metingen += _documenten(plan, args.runs, makkelijk_klaar)
    laatste = _meet("trivial 1 page (after)", _triviaal, args.runs)
    triviaal = Meting("trivial, 1 page (before+after)", eerste.wand + laatste.wand,
                      eerste.cpu + laatste.cpu, None, eerste.paginas, eerste.grootte)  # fmt: skip

    print(_machine())
    print(f"load average before and after: {laden} / {_laden()}")
    print(f"{connection.vendor}, DEBUG=False, {args.runs} runs per document after 1 warm-up")
    print(
        f"demo: Marieke's closed plan, {omvang['demo']} afspraken, as Marieke (hoofdpersoon); "
        f"40x6: {omvang['40x6']} afspraken over {len(VRAGEN)} vragen, "
        f"{len(SAMIRA_MENSEN) - 1} people in the cirkel "
        f"({len(MET_FOTO) - 1} with a photo, and Samira), "
        "20 compliments, 10 akkoorden, as Samira (hoofdpersoon)"
    )
    print("download = GET through the test Client (access, queries, log, render); "
          "render = maak_pdf() alone; template = the HTML alone (p50)")  # fmt: skip
    for regel in _tabel([triviaal, *metingen], triviaal):
        print(regel)
    print(
        f"  trivial p50 before {eerste.p50:.1f} ms (CPU {statistics.median(eerste.cpu):.1f}), "
        f"after {laatste.p50:.1f} ms (CPU {statistics.median(laatste.cpu):.1f})"
    )
    if args.bewaar:
        map_ = Path(args.bewaar)
        map_.mkdir(parents=True, exist_ok=True)
        for m in metingen:
            if m.naam.endswith("download"):
                naam = m.naam.removesuffix(", download").replace(" ", "-")
                (map_ / f"{naam}.pdf").write_bytes(m.pdf)
        print(f"  PDFs written to {map_}")
    if not makkelijk_klaar:
        print("  easy-read: not measured, beraad/pdf/makkelijk.html or makkelijk_context "
              "is not there yet")  # fmt: skip
    groot = next(m for m in metingen if m.naam == "40x6 A4, render")
    gehaald = groot.p50 / 1000 < DOEL_SECONDEN
    download = next(m for m in metingen if m.naam == "40x6 A4, download")
    print(
        f"target: 40x6 A4 under {DOEL_SECONDEN} s median: render {groot.p50 / 1000:.2f} s, "
        f"download {download.p50 / 1000:.2f} s -> {'met' if gehaald else 'MISSED'} "
        f"(on {os.cpu_count()} CPUs)"
    )
    print("no network while rendering (sockets and name lookups patched to fail):")
    for regel in _controleer_netwerk(plannen, makkelijk_klaar):
        print(regel)
    if args.profiel or not gehaald:
        for regel in _profiel(plannen[1], "beraad/pdf/plan.html", lambda g: {}):
            print(regel)


if __name__ == "__main__":
    main()

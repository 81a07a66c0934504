"""What a phone downloads: a page with its CSS and JavaScript, and an htmx fragment.

The budget of the issue: a phone page under 80 KB of HTML + CSS + JS, gzip-compressed,
on a first visit (nothing cached); an htmx fragment under 5 KB compressed. KB here is
1,000 bytes, the stricter reading.

    from bench.payload import meet_pagina, meet_fragment
    client.force_login(user)
    p = meet_pagina(client, "/netwerken/1/actieteam/mijn/")
    p.total_gz, p.html_gz, p.css_gz, p.js_gz, p.assets
    f = meet_fragment(client, "/netwerken/1/beraad/2/live/stand/?stempel=-1")
    f.gz

Everything happens in-process: the page through Django's test Client (logged in by the
caller), its stylesheets and scripts read from disk through the staticfiles finders
(the plain storage of development and tests; django-htmx's own htmx is found there too)
or, after collectstatic, from the static storage, so the figures do not depend on a web
server or a network. Each text file is compressed with gzip level 6, zlib's default and
what most servers send (nginx's own default is 1); WhiteNoise precompresses static files
at level 9, under 1% smaller, so the figures err on the safe side. WhiteNoise compresses
static files only: the HTML counts as compressed only when the proxy in front compresses
it (nginx `gzip on;`).

`telefoondoelen()` lists the pages family members open on a phone and every htmx
fragment, with the role to log in as; `meet_doelen()` measures such a list and
`als_markdown()` writes it as tables. tests/core/test_payload.py builds its own
Netwerken and uses those; `manage.py bench` calls `tabel(netwerk, …)`, which finds the
ids and logins in an existing Netwerk (`ids_voor`, `clients_voor`) and measures in a
transaction that is rolled back (`meet_netwerk`).
"""

from __future__ import annotations

import gzip
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# The budgets, in bytes after gzip.
PAGINA_BUDGET = 80_000
FRAGMENT_BUDGET = 5_000
GZIP_NIVEAU = 6
HTMX = {"HX-Request": "true"}

# Images (photos, SVG) are listed and sized, but the budget is HTML + CSS + JS.
_TEKST = {".css", ".js", ".svg", ".html", ".json", ".txt", ".map", ".ico"}


def gz(data: bytes) -> int:
    """Bytes after gzip at the level a typical server uses (no timestamp: stable)."""
    return len(gzip.compress(data, compresslevel=GZIP_NIVEAU, mtime=0))


@dataclass(frozen=True)
class Asset:
    """One file the page makes the browser fetch."""

    url: str
    kind: str  # "css", "js" or "img"
    raw: int
    gz: int


@dataclass(frozen=True)
class Payload:
    """One page on a first visit: the HTML and every stylesheet, script and image."""

    url: str
    html_raw: int
    html_gz: int
    assets: tuple[Asset, ...] = ()

    def _som(self, kind: str, maat: str) -> int:
        return sum(getattr(a, maat) for a in self.assets if a.kind == kind)

    @property
    def css_raw(self) -> int:
        return self._som("css", "raw")

    @property
    def css_gz(self) -> int:
        return self._som("css", "gz")

    @property
    def js_raw(self) -> int:
        return self._som("js", "raw")

    @property
    def js_gz(self) -> int:
        return self._som("js", "gz")

    @property
    def img_raw(self) -> int:
        return self._som("img", "raw")

    @property
    def img_gz(self) -> int:
        return self._som("img", "gz")

    @property
    def total_raw(self) -> int:
        """HTML + CSS + JS before compression."""
        return self.html_raw + self.css_raw + self.js_raw

    @property
    def total_gz(self) -> int:
        """HTML + CSS + JS compressed: the figure the budget is about."""
        return self.html_gz + self.css_gz + self.js_gz

    def binnen(self, budget: int = PAGINA_BUDGET) -> bool:
        return self.total_gz < budget

    def uitleg(self) -> str:
        """The figures in one line, for a failing test or a log."""
        delen = ", ".join(f"{a.url} {a.gz:,} B" for a in self.assets if a.kind != "img")
        return (
            f"{self.url}: total {self.total_gz:,} B gz (budget {PAGINA_BUDGET:,}) = "
            f"HTML {self.html_gz:,} B gz ({self.html_raw:,} B raw) + CSS {self.css_gz:,} B "
            f"+ JS {self.js_gz:,} B [{delen}]"
        )


@dataclass(frozen=True)
class Fragment:
    """One htmx answer: the body the page swaps in."""

    url: str
    status: int
    raw: int
    gz: int

    def binnen(self, budget: int = FRAGMENT_BUDGET) -> bool:
        return self.gz < budget

    def uitleg(self) -> str:
        return (
            f"{self.url} ({self.status}): {self.gz:,} B gz, {self.raw:,} B raw "
            f"(budget {FRAGMENT_BUDGET:,})"
        )


class _Verwijzingen(HTMLParser):
    """Collects what a browser fetches for a page: stylesheets, scripts and images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.gevonden: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "link":
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel and a.get("href"):
                self.gevonden.append(("css", a["href"]))
            elif rel & {"icon", "apple-touch-icon"} and a.get("href"):
                self.gevonden.append(("img", a["href"]))
        elif tag == "script" and a.get("src"):
            self.gevonden.append(("js", a["src"]))
        elif tag == "img" and a.get("src"):
            self.gevonden.append(("img", a["src"]))
        elif tag == "image":
            # Photos inside the server-drawn SVG (netwerkcirkel, genogram).
            href = a.get("href") or a.get("xlink:href")
            if href and not href.startswith("data:"):
                self.gevonden.append(("img", href))


def verwijzingen(html: str) -> list[tuple[str, str]]:
    """(kind, url) of every stylesheet, script and image of a page, in page order."""
    parser = _Verwijzingen()
    parser.feed(html)
    parser.close()
    return parser.gevonden


def _origineel(naam: str) -> str | None:
    """A hashed name of the manifest storage (css/sonestra.3f2a….css) back to its source."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    for origineel, gehasht in hashed.items():
        if gehasht == naam:
            return origineel
    return None


def lees_static(naam: str) -> bytes:
    """A static file's bytes: from the finders (app static folders, STATICFILES_DIRS,
    django-htmx's own htmx), or from the static storage after collectstatic."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    for kandidaat in (naam, _origineel(naam)):
        if kandidaat and (pad := finders.find(kandidaat)):
            return Path(pad).read_bytes()
    if staticfiles_storage.exists(naam):
        with staticfiles_storage.open(naam) as bestand:
            return bestand.read()
    raise FileNotFoundError(f"static file not found by the finders or the storage: {naam}")


def _haal(client, url: str, **extra) -> bytes:
    """A same-origin file that is not static (a photo behind the access check)."""
    response = client.get(url, **extra)
    if response.status_code != 200:
        raise ValueError(f"{url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _asset(client, pagina: str, kind: str, href: str, **extra) -> Asset:
    from django.conf import settings

    volledig = urljoin(pagina, href)
    delen = urlsplit(volledig)
    if delen.scheme not in ("", "http", "https") or delen.netloc not in ("", "testserver"):
        # The project serves every front-end file itself; a CDN would escape the count.
        raise ValueError(f"{pagina} loads {href} from elsewhere: not measured")
    static_url = urlsplit(settings.STATIC_URL).path
    if delen.path.startswith(static_url):
        data = lees_static(unquote(delen.path[len(static_url) :]))
    else:
        data = _haal(client, delen.path + (f"?{delen.query}" if delen.query else ""), **extra)
    tekst = posixpath.splitext(delen.path)[1].lower() in _TEKST or kind != "img"
    # Photos are already compressed: servers send them as they are.
    return Asset(delen.path, kind, len(data), gz(data) if tekst else len(data))


def meet_pagina(client, url: str, **extra) -> Payload:
    """GET `url` as the client's login and measure it as a first visit: the HTML, and
    each stylesheet, script and image it names, counted once, raw and gzip-compressed.

    `extra` goes to `client.get` (e.g. `secure=True`). Anything but a 200 raises
    ValueError: a redirect to the login page must not pass for a small page.
    """
    response = client.get(url, **extra)
    if response.status_code != 200:
        raise ValueError(f"{url} answered {response.status_code}, not 200")
    html = response.content
    gezien: dict[str, Asset] = {}
    for kind, href in verwijzingen(html.decode(response.charset or "utf-8")):
        asset = _asset(client, url, kind, href, **extra)
        gezien.setdefault(asset.url, asset)
    return Payload(url, len(html), gz(html), tuple(gezien.values()))


def meet_fragment(
    client,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    data: Mapping | None = None,
    method: str = "get",
    **extra,
) -> Fragment:
    """GET (or POST `data` to) `url` as htmx does and measure the body it answers,
    raw and gzip-compressed. A 204 (nothing changed) measures 0 bytes."""
    headers = dict(HTMX if headers is None else headers)
    if method.lower() == "post":
        response = client.post(url, data or {}, headers=headers, **extra)
    else:
        response = client.get(url, data, headers=headers, **extra)
    if response.status_code >= 300:
        raise ValueError(f"{url} answered {response.status_code}")
    body = response.content
    return Fragment(url, response.status_code, len(body), gz(body))


# --- The phone pages and fragments of one Netwerk --------------------------------------

ANONIEM = "anoniem"
# Who opens which page on a phone. The supporter (the aanspreekpunt) sees the most of the
# family: how contacts feel, edit buttons, many afspraken to update; a netwerklid reads;
# the hoofdpersoon writes the plan during eigen tijd.
MIJN = "supporter"
LEZER = "netwerklid"
SCHRIJVER = "hoofdpersoon"


@dataclass(frozen=True)
class Doel:
    """One thing to measure: a page or a fragment, as whom, and how to ask for it."""

    naam: str
    rol: str  # a Rol value, or ANONIEM for the invitee's own link
    url: str
    fragment: bool = False
    # POST body of a fragment that answers a write; a callable is asked at measuring
    # time (a status tap carries the version the screen shows).
    post: Mapping | Callable[[], Mapping] | None = None


@dataclass(frozen=True)
class Ids:
    """The objects of one Netwerk the phone pages name. What is None is left out."""

    netwerk_id: int
    # A person of the Netwerk: a groslijst row, the cirkel's ring chooser, the one a
    # talent, compliment or support cell is added for. Not the hoofdpersoon.
    persoon_id: int
    # A search on the groslijst that finds a few people.
    zoek: str = ""
    # The beraad whose plan the Actieteam carries out (closed with akkoord).
    plan_beraad_id: int | None = None
    # An afspraak of that plan the MIJN role does; its status POST (see Doel.post).
    afspraak_id: int | None = None
    status_post: Callable[[], Mapping] | None = None
    # An afspraak the team stopped, the MIJN role did it: a tap on an old card.
    gestopt_afspraak_id: int | None = None
    # A beraad in presentatie (plan shared) as participants follow it live, and a vraag
    # of it to write a new afspraak for.
    live_beraad_id: int | None = None
    live_vraag_id: int | None = None
    # The invitee's personal link (only its hash is stored: the caller makes one).
    antwoord_token: str | None = None
    # A beraad in voorbereiding and one of its vragen that is not the last.
    voorbereiding_beraad_id: int | None = None
    vraag_id: int | None = None
    # Things the MIJN role may take away.
    talent_id: int | None = None
    compliment_id: int | None = None


def telefoondoelen(ids: Ids, *, alleen_lezen: bool = False) -> list[Doel]:
    """The pages family members open on a phone, and every htmx fragment of the app's
    phone pages (the coordinator's laptop overview is left out). Fragments that answer
    a write come after every read, so the reads see the data as the caller built it;
    `alleen_lezen` leaves the writes out (they add a person, a talent, an afspraak …)."""
    from django.urls import reverse

    n, p = ids.netwerk_id, ids.persoon_id

    def u(naam: str, *args, query: str = "") -> str:
        return reverse(naam, args=[n, *args]) + (f"?{query}" if query else "")

    doelen = [
        Doel("mijn netwerken", LEZER, reverse("core:mijn_netwerken")),
        Doel("netwerk", LEZER, u("core:netwerk")),
        Doel("groslijst", MIJN, u("netwerkkompas:personen")),
        Doel("netwerkcirkel", MIJN, u("netwerkkompas:cirkel")),
        # Network members add their own talents and their part of the rondje positief.
        Doel("talenten", LEZER, u("netwerkkompas:talenten")),
        Doel("rondje positief", LEZER, u("netwerkkompas:rondje_positief")),
        Doel("ondersteuning", MIJN, u("netwerkkompas:ondersteuning")),
    ]
    if ids.plan_beraad_id:
        doelen += [
            Doel("actieteam", LEZER, u("actieteam:team")),
            Doel("mijn afspraken", MIJN, u("actieteam:mijn")),
            Doel("voortgang", LEZER, u("actieteam:voortgang")),
            Doel("actieplan", LEZER, u("beraad:plan", ids.plan_beraad_id)),
        ]
    if ids.afspraak_id:
        doelen.append(Doel("afspraak", MIJN, u("actieteam:afspraak", ids.afspraak_id)))
    if ids.live_beraad_id:
        live = u("beraad:live", ids.live_beraad_id)
        doelen += [
            Doel("beraad live", LEZER, live),
            Doel("beraad live, schrijft mee", SCHRIJVER, live),
        ]
    if ids.antwoord_token:
        antwoord = reverse("beraad_antwoord", args=[ids.antwoord_token])
        doelen.append(Doel("uitnodiging beantwoorden", ANONIEM, antwoord))

    def frag(naam: str, rol: str, url: str, post=None) -> Doel:
        return Doel(naam, rol, url, fragment=True, post=post)

    # Reads.
    if ids.live_beraad_id:
        # (The afspraak form is in the live page; htmx only ever posts it: see below.)
        b = ids.live_beraad_id
        doelen += [
            # A poll after a change answers the whole region again: phase and plan.
            frag("stand: poll na een wijziging", LEZER, u("beraad:stand", b, query="stempel=-1")),
        ]
    doelen += [
        frag("groslijst: lijst (filter)", MIJN, u("netwerkkompas:personen", query="sorteer=naam")),
        frag("groslijst: rij", MIJN, u("netwerkkompas:rij", p)),
        frag("groslijst: rij bewerken", MIJN, u("netwerkkompas:rij", p, query="bewerken=1")),
        frag("netwerkcirkel: inhoud", MIJN, u("netwerkkompas:cirkel")),
        frag("netwerkcirkel: ring kiezen", MIJN, u("netwerkkompas:cirkel_ring", p)),
        frag("talenten: kaarten", MIJN, u("netwerkkompas:talenten")),
        frag("ondersteuning: kaart", MIJN, u("netwerkkompas:ondersteuning")),
        frag("rondje positief: complimenten", MIJN, u("netwerkkompas:rondje_positief")),
    ]
    if ids.zoek:
        zoek = u("netwerkkompas:personen", query=f"q={ids.zoek}")
        doelen.append(frag("groslijst: zoeken", MIJN, zoek))

    if alleen_lezen:
        return doelen

    # Writes.
    if ids.afspraak_id and ids.status_post:
        doelen.append(
            frag("status opslaan", MIJN, u("actieteam:status", ids.afspraak_id), ids.status_post)
        )
    if ids.gestopt_afspraak_id:
        doelen.append(
            frag(
                "status: afspraak gestopt",
                MIJN,
                u("actieteam:status", ids.gestopt_afspraak_id),
                {"status": "bezig", "notitie": "Gaat goed", "versie": "1"},
            )
        )
    if ids.live_beraad_id and ids.live_vraag_id:
        nieuw = {
            "vraag": str(ids.live_vraag_id),
            "soort": "1",
            "wat": "Oom Kees rijdt op zaterdag naar de zwemles.",
            "wanneer": "elke zaterdag",
            "wie": [str(p)],
        }
        doelen.append(
            frag(
                "nieuwe afspraak: opslaan",
                SCHRIJVER,
                u("beraad:afspraak_nieuw", ids.live_beraad_id),
                nieuw,
            )
        )
    doelen += [
        frag("groslijst: rij opslaan", MIJN, u("netwerkkompas:rij", p), _rij_post(p)),
        frag(
            "groslijst: iemand toevoegen",
            MIJN,
            u("netwerkkompas:personen"),
            {"naam": "Buurvrouw Annie"},
        ),
        frag("netwerkcirkel: ring opslaan", MIJN, u("netwerkkompas:cirkel_ring", p), {"ring": "2"}),
        frag(
            "talent toevoegen",
            MIJN,
            u("netwerkkompas:talenten"),
            {"persoon": str(p), "soort": "goed_in", "tekst": "Fietsen repareren"},
        ),
        frag(
            "ondersteuning: vakje aan",
            MIJN,
            u("netwerkkompas:ondersteuning"),
            # What the row's form sends (its hx-vals ask for the row only).
            {"persoon": str(p), "aan": "vrije_tijd", "alleen_rij": "1"},
        ),
        frag(
            "compliment toevoegen",
            MIJN,
            u("netwerkkompas:rondje_positief"),
            {"van": str(p), "tekst": "Ze is altijd eerlijk."},
        ),
    ]
    if ids.talent_id:
        weg = u("netwerkkompas:talent_verwijderen", ids.talent_id)
        doelen.append(frag("talent weghalen", MIJN, weg, {}))
    if ids.compliment_id:
        weg = u("netwerkkompas:compliment_verwijderen", ids.compliment_id)
        doelen.append(frag("compliment weghalen", MIJN, weg, {}))
    if ids.voorbereiding_beraad_id and ids.vraag_id:
        doelen.append(
            frag(
                "vraag verplaatsen",
                SCHRIJVER,
                u("beraad:vraag_verplaatsen", ids.voorbereiding_beraad_id, ids.vraag_id),
                {"richting": "neer"},
            )
        )
    return doelen


def _rij_post(persoon_id: int) -> Callable[[], Mapping]:
    """The inline row form as it posts, with the person's current version."""

    def data() -> Mapping:
        from sonestra.core.models import Persoon

        persoon = Persoon.objects.get(pk=persoon_id)
        velden = ("naam", "soort", "tijd", "kwaliteit", "contact")
        return {
            **{v: getattr(persoon, v) for v in velden},
            "ring": persoon.ring or "",
            "versie": persoon.versie,
        }

    return data


def ids_voor(netwerk, *, antwoord_token: str | None = None) -> Ids:
    """The Ids of an existing Netwerk (the bench's large one, the demo): its active plan
    and an afspraak of it the supporter does, a live beraad, a beraad in preparation,
    a person, a talent and a compliment, where the Netwerk has them. The invitee's link
    cannot be read back (only its hash is stored): pass one made with
    `Genodigde.new_token()` to measure the answer page."""
    from actieteam import team
    from beraad.models import Afspraak, Beraad, Vraag
    from netwerkkompas.models import Compliment, Talent
    from sonestra.core.models import Persoon

    supporter = _lid(netwerk, MIJN)
    persoon = (
        Persoon.objects.in_netwerk(netwerk)
        .filter(is_hoofdpersoon=False)
        .exclude(pk=getattr(supporter, "persoon_id", None))
        .order_by("pk")
        .first()
    )
    velden: dict = {"netwerk_id": netwerk.pk, "persoon_id": persoon.pk, "zoek": persoon.naam[:4]}
    plan = team.actief_plan(netwerk)
    if plan is not None:
        velden["plan_beraad_id"] = plan.beraad_id
        if supporter is not None and supporter.persoon_id is not None:
            eigen = Afspraak.objects.filter(plan=plan, wie=supporter.persoon_id).order_by("pk")
            mijn = eigen.filter(beeindigd__isnull=True).first()
            if mijn is not None:
                velden["afspraak_id"] = mijn.pk

                def status_post() -> dict:
                    versie = team.status_van(Afspraak.objects.get(pk=mijn.pk)).versie
                    return {"status": "bezig", "notitie": "Eerste keer gedaan.", "versie": versie}

                velden["status_post"] = status_post
            gestopt = eigen.filter(beeindigd__isnull=False).first()
            velden["gestopt_afspraak_id"] = gestopt.pk if gestopt else None
    beraden = Beraad.objects.filter(netwerk=netwerk).order_by("-pk")
    live = beraden.filter(fase__in=Beraad.LIVE_FASEN).first()
    if live is not None:
        velden["live_beraad_id"] = live.pk
        vraag = Vraag.objects.filter(beraad=live).order_by("volgorde", "pk").first()
        velden["live_vraag_id"] = vraag.pk if vraag else None
    for beraad in beraden.filter(fase=Beraad.Fase.VOORBEREIDING):
        vragen = list(Vraag.objects.filter(beraad=beraad).order_by("volgorde", "pk")[:2])
        if len(vragen) == 2:
            velden.update(voorbereiding_beraad_id=beraad.pk, vraag_id=vragen[0].pk)
            break
    talent = Talent.objects.filter(netwerk=netwerk).order_by("pk").first()
    compliment = Compliment.objects.filter(netwerk=netwerk).order_by("pk").first()
    velden["talent_id"] = talent.pk if talent else None
    velden["compliment_id"] = compliment.pk if compliment else None
    return Ids(antwoord_token=antwoord_token, **velden)


def clients_voor(netwerk) -> dict[str, object]:
    """A test Client per role, logged in as the member `ids_voor` counts on (and one
    without a login for the invitee's link)."""
    from django.test import Client

    from sonestra.core.roles import DEELNAME_ROLLEN

    clients: dict[str, object] = {ANONIEM: Client()}
    for rol in DEELNAME_ROLLEN:
        if (deelname := _lid(netwerk, rol)) is not None:
            clients[rol] = Client()
            clients[rol].force_login(deelname.user)
    return clients


def _lid(netwerk, rol: str):
    """The member of this role the phone pages are measured as: one with a Persoon
    (whose afspraken and card there are) when there is one."""
    from django.db.models import F

    from sonestra.core.models import Deelname

    return (
        Deelname.objects.actief()
        .filter(netwerk=netwerk, rol=rol)
        .select_related("user")
        .order_by(F("persoon").asc(nulls_last=True), "pk")
        .first()
    )


@dataclass
class Meting:
    """One Doel, measured."""

    doel: Doel
    pagina: Payload | None = None
    fragment: Fragment | None = None

    @property
    def binnen(self) -> bool:
        return self.pagina.binnen() if self.pagina else self.fragment.binnen()

    def uitleg(self) -> str:
        meting = self.pagina or self.fragment
        return f"{self.doel.naam} ({self.doel.rol}): {meting.uitleg()}"


def meet_doelen(doelen: Iterable[Doel], clients: Mapping[str, object], **extra) -> list[Meting]:
    """Measure each Doel with the client logged in for its role (`clients[doel.rol]`;
    ANONIEM: a client without a login). `extra` goes to every request (`secure=True`
    with production settings, which redirect http to https)."""
    metingen = []
    for doel in doelen:
        client = clients[doel.rol]
        if not doel.fragment:
            metingen.append(Meting(doel, pagina=meet_pagina(client, doel.url, **extra)))
            continue
        post = doel.post() if callable(doel.post) else doel.post
        if post is None:
            fragment = meet_fragment(client, doel.url, **extra)
        else:
            fragment = meet_fragment(client, doel.url, data=post, method="post", **extra)
        metingen.append(Meting(doel, fragment=fragment))
    return metingen


def meet_netwerk(netwerk, *, alleen_lezen: bool = False) -> list[Meting]:
    """Every phone page and fragment of an existing Netwerk (the bench's, the demo), as
    `ids_voor` and `clients_voor` find them, inside a transaction that is rolled back:
    the writes measured (a person added, a status changed …), the logins and the
    invitee's fresh link leave nothing behind in the Netwerk."""
    from django.db import transaction

    from beraad.models import Genodigde

    with transaction.atomic():
        genodigde = (
            Genodigde.objects.filter(netwerk=netwerk, uitgenodigd=True)
            .order_by("-beraad_id", "pk")
            .first()
        )
        token = None
        if genodigde is not None:
            token = genodigde.new_token()
            genodigde.save(update_fields=["token_hash", "link_gemaakt"])
        doelen = telefoondoelen(ids_voor(netwerk, antwoord_token=token), alleen_lezen=alleen_lezen)
        metingen = meet_doelen(doelen, clients_voor(netwerk), secure=True)
        transaction.set_rollback(True)
    return metingen


def tabel(*netwerken) -> list[str]:
    """The payload section of docs/benchmarks.md for one or more Netwerken (a column
    each), as Markdown lines."""
    reeksen = {f"{n.titel}, {n.personen.count()} mensen": meet_netwerk(n) for n in netwerken}
    return [
        "### Payload",
        "",
        f"Eerste bezoek van een telefoonpagina: HTML + CSS + JS na gzip (niveau {GZIP_NIVEAU}), "
        f"in KB van 1.000 bytes; budget {PAGINA_BUDGET // 1000} KB per pagina en "
        f"{FRAGMENT_BUDGET // 1000} KB per htmx-fragment. ⚠ = boven budget.",
        "",
        als_markdown(reeksen),
        "",
    ]


def _kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def als_markdown(reeksen: Mapping[str, list[Meting]]) -> str:
    """Markdown tables of one or more runs (e.g. {"5 mensen": …, "150 mensen": …}),
    in KB of 1,000 bytes: pages with HTML raw/gz, CSS, JS and total; then fragments.
    Rows are matched by name; a run without that page shows a dash."""
    namen = list(reeksen)
    per_run = {n: {m.doel.naam: m for m in reeksen[n]} for n in namen}
    volgorde: dict[str, Meting] = {}
    for n in namen:
        for m in reeksen[n]:
            volgorde.setdefault(m.doel.naam, m)

    def pagina(m: Meting | None) -> str:
        if m is None:
            return "—"
        p = m.pagina
        return (
            f"{_kb(p.html_raw)} / {_kb(p.html_gz)}, {_kb(p.css_gz)}, {_kb(p.js_gz)}, "
            f"**{_kb(p.total_gz)}**" + ("" if p.binnen() else " ⚠")
        )

    def fragment(m: Meting | None) -> str:
        if m is None:
            return "—"
        f = m.fragment
        status = f" ({f.status})" if f.status != 200 else ""
        return f"{_kb(f.raw)} / **{_kb(f.gz)}**{status}" + ("" if f.binnen() else " ⚠")

    regels = [
        "| pagina | rol | "
        + " | ".join(f"HTML raw / gz, CSS gz, JS gz, **totaal gz** ({n})" for n in namen)
        + " |",
        "| --- | --- |" + " --- |" * len(namen),
    ]
    for naam, m in volgorde.items():
        if m.pagina is not None:
            cellen = [pagina(per_run[n].get(naam)) for n in namen]
            regels.append(f"| {naam} | {m.doel.rol} | " + " | ".join(cellen) + " |")
    regels += [
        "",
        "| fragment | rol | " + " | ".join(f"raw / **gz** ({n})" for n in namen) + " |",
        "| --- | --- |" + " --- |" * len(namen),
    ]
    for naam, m in volgorde.items():
        if m.fragment is not None:
            cellen = [fragment(per_run[n].get(naam)) for n in namen]
            regels.append(f"| {naam} | {m.doel.rol} | " + " | ".join(cellen) + " |")
    return "\n".join(regels)

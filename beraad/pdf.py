"""The actieplan on paper: an A4 document and a one-page easy-read version (WeasyPrint).

Both are made from the same data as the plan page (`afspraken_voor`, `bouw_plan`) and the
same drawing as the Netwerkkompas (`cirkel.svg`). `plan_gegevens()` gathers everything in a
fixed number of queries; `maak_pdf()` renders a template to PDF bytes.

Nothing is fetched over the network: the stylesheet is part of the template, fonts come
from the system (DejaVu), and the only files the document may load are the photos of the
people in it, read from storage by `LokaleBestanden`. Any other address fails to load and
is left out of the document.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from netwerkkompas.models import Compliment
from netwerkkompas.views.cirkel import cirkel_context
from sonestra.core.access import Toegang
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from .models import Actieplan, Afspraak, Akkoord, Beraad
from .plan import PlanOverzicht, akkoorden_van, lees_plan

# Relative addresses in the document resolve against this made-up origin; the fetcher
# answers for it from local storage and for nothing else.
BASIS = "https://pdf.sonestra.invalid/"


class LokaleBestanden(URLFetcher):
    """Hands WeasyPrint the photos of these people from storage, and nothing else:
    no HTTP, no file paths, no other Netwerk's photos."""

    def __init__(self, personen: list[Persoon]):
        super().__init__(allowed_protocols=("data",), fail_on_errors=False)
        self.fotos = {urlsplit(urljoin(BASIS, p.foto_url())).path: p for p in personen if p.foto}

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        delen = urlsplit(url)
        persoon = self.fotos.get(delen.path) if url.startswith(BASIS) else None
        if persoon is None:
            raise ValueError(f"Geen lokaal bestand voor {url}")
        with persoon.foto.open("rb") as bestand:
            inhoud = bestand.read()
        soort = mimetypes.guess_type(persoon.foto.name)[0] or "image/jpeg"
        return URLFetcherResponse(url, inhoud, {"Content-Type": soort})


@dataclass
class PlanPdf:
    """Everything both documents show of one actieplan, for one reader."""

    netwerk: object
    beraad: Beraad
    plan: Actieplan
    hoofdpersoon: Persoon | None
    overzicht: PlanOverzicht
    akkoorden: list[Akkoord]
    gemaakt: date
    # The Netwerkkompas parts: only for roles that read the Netwerk itself (not the
    # coordinator, who prints the plan but never sees the kompas).
    complimenten: list[Compliment] | None = None
    cirkel: dict | None = None
    personen: list[Persoon] = field(default_factory=list)

    @property
    def titel(self) -> str:
        if self.hoofdpersoon:
            return _("Actieplan van %(naam)s") % {"naam": self.hoofdpersoon.naam}
        return _("Actieplan")

    @property
    def afspraken(self) -> list[Afspraak]:
        return [a for blok in self.overzicht.blokken for s in blok.secties for a in s.afspraken]


def mag_printen(toegang: Toegang, plan: Actieplan) -> bool:
    """Who may download the plan: whoever may read it now (see Actieplan.zichtbaar_voor)."""
    return toegang.mag(Recht.PLAN_PRINTEN) and plan.zichtbaar_voor(toegang)


def plan_gegevens(toegang: Toegang, beraad: Beraad) -> PlanPdf:
    """Load the plan as this role may read it: a fixed number of queries, whatever the
    size of the plan or the Netwerk."""
    netwerk = toegang.netwerk
    plan = beraad.plan
    overzicht = lees_plan(toegang, beraad)
    # Number the afspraken per vraag (1.1, 1.2, 2.1 …) so voorwaarden can point to them.
    for v, blok in enumerate(overzicht.blokken, start=1):
        n = 0
        for sectie in blok.secties:
            for afspraak in sectie.afspraken:
                n += 1
                afspraak.nummer = f"{v}.{n}"

    gegevens = PlanPdf(
        netwerk=netwerk,
        beraad=beraad,
        plan=plan,
        hoofdpersoon=None,
        overzicht=overzicht,
        akkoorden=akkoorden_van(plan),
        gemaakt=timezone.localdate(),
    )
    if toegang.mag(Recht.NETWERK_BEKIJKEN):
        cirkel = cirkel_context(toegang)
        personen = cirkel["hoofdpersonen"] + [
            p for ring in cirkel["ringen"] for p in ring["personen"]
        ]
        door = {p.pk: p for p in personen}
        complimenten = list(Compliment.objects.filter(netwerk=netwerk).order_by("created", "pk"))
        for compliment in complimenten:
            compliment.spreker = door.get(compliment.van_id)
        gegevens.cirkel = cirkel
        gegevens.complimenten = complimenten
        gegevens.personen = personen
        gegevens.hoofdpersoon = cirkel["hoofdpersonen"][0] if cirkel["hoofdpersonen"] else None
    else:
        gegevens.hoofdpersoon = (
            Persoon.objects.in_netwerk(netwerk).filter(is_hoofdpersoon=True).first()
        )
    # The people whose photos the document may load: everyone drawn or named in it.
    bekend = {p.pk: p for p in gegevens.personen}
    for afspraak in gegevens.afspraken:
        for p in [*afspraak.wie.all(), *afspraak.invallers.all()]:
            bekend.setdefault(p.pk, p)
    for persoon in (gegevens.hoofdpersoon, plan.aanspreekpunt if plan.aanspreekpunt_id else None):
        if persoon is not None:
            bekend.setdefault(persoon.pk, persoon)
    gegevens.personen = list(bekend.values())
    return gegevens


def maak_pdf(template: str, gegevens: PlanPdf, **extra) -> bytes:
    """Render one of the plan's templates to PDF bytes."""
    html = render_to_string(template, {"p": gegevens, "netwerk": gegevens.netwerk, **extra})
    document = HTML(string=html, base_url=BASIS, url_fetcher=LokaleBestanden(gegevens.personen))
    return document.write_pdf()

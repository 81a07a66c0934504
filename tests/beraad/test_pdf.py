"""The actieplan on A4 (beraad:plan_pdf): what the printed plan says, in which order, on
which page, for whom; that user text stays text; that nothing is fetched over the network;
and that every download is in the access log.

The demo plan is rendered once for the module (as Marieke and as the coordinator) and read
back with pypdfium2; its pages land in test-artifacts/pdf/ as PNGs to look at.
"""

from __future__ import annotations

import io
import re
import socket
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beraad.models import Actieplan, Afspraak, Akkoord, Beraad, Voorwaarde, Vraag
from beraad.pdf import BASIS, LokaleBestanden
from netwerkkompas.models import Compliment
from sonestra.core.models import Netwerk, Organisatie, Persoon, Toegangslog, User
from sonestra.core.roles import Rol
from tests.conftest import demo_om_te_lezen, make_afspraak

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "pdf"
MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
SECTIES = {1: "Wat wij zelf doen", 2: "Hulp van professionals", 3: "Aanbod en wat het kost"}
KWAAD = '<script>alert("x")</script><b>vet</b> & Zoë'


# --- Reading a PDF back ------------------------------------------------------------------


def datum(d: date) -> str:
    """A date as the plan prints it ("j F Y"), written out here in Dutch by hand."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def lange_datum(d: date) -> str:
    """ "l j F Y": zondag 27 december 2026."""
    return f"{DAGEN[d.weekday()]} {datum(d)}"


def plat(tekst: str) -> str:
    """Text as one line: hyphenation at a line end undone, every run of white space one
    space, no space after a hyphen (a word broken at its own hyphen)."""
    tekst = re.sub(r"\u2010\s*\n", "", tekst)
    tekst = re.sub(r"\s+", " ", tekst)
    return re.sub(r"- ", "-", tekst).strip()


def pagina_teksten(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def download(client: Client, user: User, beraad: Beraad) -> bytes:
    client.force_login(user)
    response = client.get(reverse("beraad:plan_pdf", args=[beraad.netwerk_id, beraad.pk]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")
    return response.content


def euro(bedrag) -> str:
    heel, cent = f"{bedrag:.2f}".split(".")
    return f"€ {int(heel):,}".replace(",", ".") + f",{cent}"


# --- The demo plan, rendered once -------------------------------------------------------


@dataclass
class Regel:
    """One afspraak as the plan must print it."""

    nummer: str
    soort: int
    wat: str
    wie: list[str]
    invallers: list[str]
    wanneer: str
    klaar_op: date | None
    hoe_weten: str
    kosten: str


@dataclass
class DemoPlan:
    naam: str
    planversie: int
    vragen: list[str]
    regels: list[list[Regel]]
    voorwaarden: list[tuple[str, list[str]]]  # tekst, numbers of the afspraken that meet it
    zorgen: list[str]
    akkoorden: list[tuple[str, date]]
    aanspreekpunt: str
    vervolgdatum: date
    complimenten: list[str]
    vandaag: date
    pdf: bytes = b""
    pdf_coordinator: bytes = b""
    paginas: list[str] = field(default_factory=list)
    paginas_coordinator: list[str] = field(default_factory=list)

    @property
    def tekst(self) -> str:
        return plat("\n".join(self.paginas))

    @property
    def tekst_coordinator(self) -> str:
        return plat("\n".join(self.paginas_coordinator))


def _verwacht(netwerk: Netwerk, beraad: Beraad) -> DemoPlan:
    """What the closed demo plan holds, read straight from the database."""
    plan = beraad.plan
    vragen = list(Vraag.objects.filter(beraad=beraad).order_by("volgorde", "pk"))
    regels: list[list[Regel]] = []
    nummers: dict[int, str] = {}
    for v, vraag in enumerate(vragen, start=1):
        afspraken = (
            Afspraak.objects.filter(plan=plan, vraag=vraag, beeindigd__isnull=True)
            .order_by("soort", "volgorde", "pk")
            .prefetch_related("wie", "invallers")
        )
        rij = []
        for n, a in enumerate(afspraken, start=1):
            nummers[a.pk] = f"{v}.{n}"
            rij.append(
                Regel(
                    nummer=f"{v}.{n}",
                    soort=a.soort,
                    wat=a.wat,
                    wie=[p.naam for p in a.wie.all()],
                    invallers=[p.naam for p in a.invallers.all()],
                    wanneer=a.wanneer,
                    klaar_op=a.klaar_op,
                    hoe_weten=a.hoe_weten,
                    kosten=(
                        f"{euro(a.kosten)} {a.get_kosten_per_display()}"
                        if a.kosten is not None
                        else ""
                    ),
                )
            )
        regels.append(rij)
    voorwaarden = []
    zorgen = []
    for vw in Voorwaarde.objects.filter(beraad=beraad).order_by("soort", "pk"):
        if vw.soort == Voorwaarde.Soort.ZORG:
            zorgen.append(vw.tekst)
            continue
        door = vw.afspraken.filter(plan=plan, beeindigd__isnull=True).order_by("pk")
        voorwaarden.append((vw.tekst, [nummers[a.pk] for a in door]))
    return DemoPlan(
        naam=netwerk.personen.get(is_hoofdpersoon=True).naam,
        planversie=plan.planversie,
        vragen=[v.tekst for v in vragen],
        regels=regels,
        voorwaarden=voorwaarden,
        zorgen=zorgen,
        akkoorden=[
            (a.naam, timezone.localtime(a.tijd).date())
            for a in Akkoord.objects.filter(plan=plan).order_by("tijd", "pk")
        ],
        aanspreekpunt=plan.aanspreekpunt.naam,
        vervolgdatum=plan.vervolgdatum,
        complimenten=[
            c.tekst for c in Compliment.objects.filter(netwerk=netwerk).order_by("created", "pk")
        ],
        vandaag=timezone.localdate(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoPlan:
    """Marieke's closed plan, downloaded by Marieke and by the coordinator. Built in a
    transaction that is rolled back: the tests get bytes and text, not database rows."""
    with demo_om_te_lezen(django_db_blocker, tmp_path_factory.mktemp("media")) as netwerk:
        beraad = Beraad.objects.select_related("plan").get(netwerk=netwerk, vorige__isnull=True)
        verwacht = _verwacht(netwerk, beraad)
        verwacht.pdf = download(Client(), User.objects.get(username="marieke"), beraad)
        verwacht.pdf_coordinator = download(Client(), User.objects.get(username="petra"), beraad)
    verwacht.paginas = pagina_teksten(verwacht.pdf)
    verwacht.paginas_coordinator = pagina_teksten(verwacht.pdf_coordinator)
    return verwacht


def posities(tekst: str, stukken: list[str], start: int = 0) -> list[int]:
    """Where each piece is found, searching on from the one before."""
    gevonden = []
    for stuk in stukken:
        i = tekst.find(plat(stuk), start)
        assert i >= 0, f"Niet (op zijn plek) gevonden: {stuk!r}"
        gevonden.append(i)
        start = i + 1
    return gevonden


def test_demo_plan_is_the_closed_plan_the_actieteam_changed(demo):
    # The rest of this module leans on the demo being what its docs say.
    assert demo.planversie == 2
    assert len(demo.vragen) == 3
    assert sum(len(r) for r in demo.regels) >= 10
    assert all(r.wie for rij in demo.regels for r in rij)
    assert any(r.klaar_op for rij in demo.regels for r in rij)
    assert {r.soort for rij in demo.regels for r in rij} == {1, 2, 3}
    assert demo.voorwaarden and demo.zorgen and demo.akkoorden and demo.complimenten


def test_cover_has_the_name_version_date_and_page_number(demo):
    omslag = plat(demo.paginas[0])
    assert f"Actieplan van {demo.naam}" in omslag
    assert f"versie {demo.planversie}" in omslag
    assert f"Geprint op {datum(demo.vandaag)}" in omslag
    assert f"Aanspreekpunt {demo.aanspreekpunt}" in omslag
    assert lange_datum(demo.vervolgdatum) in omslag
    aantal = sum(len(r) for r in demo.regels)
    assert f"{len(demo.vragen)} vragen · {aantal} afspraken" in omslag
    assert f"Pagina 1 van {len(demo.paginas)}" in omslag


def test_every_later_page_has_the_running_header_and_its_number(demo):
    totaal = len(demo.paginas)
    assert totaal >= 4
    for nummer, pagina in enumerate(demo.paginas[1:], start=2):
        regel = plat(pagina)
        assert f"Actieplan van {demo.naam}" in regel, nummer
        assert f"Versie {demo.planversie}" in regel, nummer
        assert f"Pagina {nummer} van {totaal}" in regel, nummer


def test_vragen_come_in_order_and_each_afspraak_in_its_vraag_in_plan_order(demo):
    tekst = demo.tekst
    vragen = posities(tekst, demo.vragen)
    grenzen = [*vragen[1:], tekst.index("Zorgen en voorwaarden")]
    for begin, eind, rij in zip(vragen, grenzen, demo.regels, strict=True):
        blok = tekst[begin:eind]
        # Network first, then professionals, then aanbod: the section titles in that
        # order, and every afspraak after its own section's title.
        soorten = sorted({r.soort for r in rij})
        titels = posities(blok, [SECTIES[s] for s in soorten])
        wat = posities(blok, [r.wat for r in rij])
        for regel, i in zip(rij, wat, strict=True):
            titel = titels[soorten.index(regel.soort)]
            assert titel < i, regel.nummer
            later = [titels[k] for k, s in enumerate(soorten) if s > regel.soort]
            assert all(i < t for t in later), regel.nummer
            # The number stands right before the text, in the first column.
            assert blok[:i].rstrip().endswith(regel.nummer), regel.nummer


def test_every_afspraak_row_holds_who_when_how_and_who_steps_in(demo):
    tekst = demo.tekst
    alle = [r for rij in demo.regels for r in rij]
    begin = posities(tekst, [r.wat for r in alle])
    eind = [*begin[1:], tekst.index("Zorgen en voorwaarden")]
    for regel, b, e in zip(alle, begin, eind, strict=True):
        rij = tekst[b:e]
        for naam in regel.wie:
            assert naam in rij, (regel.nummer, naam)
        for naam in regel.invallers:
            assert naam in rij, (regel.nummer, naam)
        if not regel.invallers:
            assert "nog niemand" in rij, regel.nummer
        if regel.wanneer:
            assert plat(regel.wanneer) in rij, regel.nummer
        if regel.klaar_op:
            assert f"klaar op {datum(regel.klaar_op)}" in rij, regel.nummer
        assert plat(regel.hoe_weten) in rij, regel.nummer
        if regel.kosten:
            assert regel.kosten in rij, regel.nummer
    assert "Alle kosten van het aanbod samen: € 186,00 per maand · € 95,00 per jaar" in tekst


def test_voorwaarden_zorgen_akkoord_aanspreekpunt_and_vervolgdatum(demo):
    tekst = demo.tekst
    start = tekst.index("Zorgen en voorwaarden")
    stukken = [t for t, _ in demo.voorwaarden] + demo.zorgen + ["Akkoord"]
    grenzen = posities(tekst, stukken, start)
    for (vw, nummers), b, e in zip(demo.voorwaarden, grenzen, grenzen[1:], strict=False):
        deel = tekst[b:e]
        assert "Afspraken die hieraan werken:" in deel, vw
        for nummer in nummers:
            assert re.search(rf"(?<![\d.]){re.escape(nummer)}(?![\d])", deel), (vw, nummer)
    akkoord = tekst[grenzen[-1] :]
    posities(akkoord, [f"{naam} {datum(d)}" for naam, d in demo.akkoorden])
    assert f"{demo.aanspreekpunt}: bij deze persoon kun je terecht" in akkoord
    assert f"Samen terugkijken op {lange_datum(demo.vervolgdatum)}" in akkoord


def test_dutch_characters_come_out_right(demo):
    tekst = demo.tekst
    for woord in ("Continuïteit", "één", "€ 186,00", "Yılmaz", "'s avonds"):
        assert woord in tekst, woord
    assert "\ufffd" not in tekst
    assert "&amp;" not in tekst and "&#" not in tekst


def test_the_network_gets_rondje_positief_and_netwerkcirkel(demo):
    tekst = demo.tekst
    assert "Rondje positief" in tekst and "Netwerkcirkel" in tekst
    posities(tekst, demo.complimenten)
    assert "staan alleen in het plan van het netwerk zelf" not in tekst


def test_the_coordinator_gets_the_plan_without_the_kompas(demo):
    tekst = demo.tekst_coordinator
    posities(tekst, demo.vragen)
    posities(tekst, [r.wat for rij in demo.regels for r in rij])
    posities(tekst, [t for t, _ in demo.voorwaarden])
    posities(tekst, [naam for naam, _ in demo.akkoorden])
    assert (
        "Het rondje positief en de netwerkcirkel staan alleen in het plan van het netwerk zelf."
        in tekst
    )
    assert "Rondje positief" not in tekst
    assert "Netwerkcirkel" not in tekst and "heel dichtbij" not in tekst
    for compliment in demo.complimenten:
        assert plat(compliment)[:30] not in tekst
    assert len(demo.paginas_coordinator) < len(demo.paginas)


def test_pages_are_saved_as_png_to_look_at(demo):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for oud in ARTIFACTS.glob("actieplan-*.png"):
        oud.unlink()
    for naam, pdf in (("actieplan", demo.pdf), ("actieplan-coordinator", demo.pdf_coordinator)):
        document = pdfium.PdfDocument(pdf)
        for i, page in enumerate(document, start=1):
            beeld = page.render(scale=1.2).to_pil()
            breed, hoog = beeld.size
            assert abs(breed / hoog - 210 / 297) < 0.005  # A4, upright
            beeld.save(ARTIFACTS / f"{naam}-{i}.png")
        document.close()
    assert len(list(ARTIFACTS.glob("actieplan-*.png"))) == len(demo.paginas) + len(
        demo.paginas_coordinator
    )


# --- User text, page breaks, photos -----------------------------------------------------


def test_html_in_user_text_is_printed_as_text(client, netwerk, hoofdpersoon, beraad, vraag):
    vraag.tekst = f"vraag: {KWAAD}"
    vraag.save()
    voorwaarde = Voorwaarde.objects.create(
        netwerk=netwerk, beraad=beraad, tekst=f"voorwaarde: {KWAAD}"
    )
    afspraak = make_afspraak(beraad, vraag, f"wat: {KWAAD}", hoe_weten=f"hoe: {KWAAD}")
    afspraak.voorwaarden.add(voorwaarde)
    Compliment.objects.create(netwerk=netwerk, tekst=f"compliment: {KWAAD}")

    pdf = download(client, hoofdpersoon, beraad)

    # Long words in narrow columns wrap anywhere: compare without white space.
    tekst = re.sub(r"\s+", "", "".join(pagina_teksten(pdf)).replace("\u2010\r\n", ""))
    for veld in ("vraag", "voorwaarde", "wat", "hoe", "compliment"):
        assert re.sub(r"\s+", "", f"{veld}: {KWAAD}") in tekst, veld
    assert "&lt;" not in tekst and "&amp;" not in tekst and "&quot;" not in tekst


def _lang(n: int) -> str:
    return (
        f"begin{n} Els en Joost helpen Marieke met de boodschappen, de post, de was en het "
        "koken, en kijken samen wat er deze week nog moet gebeuren voordat het weekend "
        f"begint, zodat niemand iets vergeet en Marieke weet wat er komt einde{n}"
    )


def test_no_row_is_split_across_pages_and_the_header_repeats(
    client, netwerk, hoofdpersoon, supporter, beraad, vraag
):
    els = supporter.deelnames.get().persoon
    for n in range(1, 31):
        make_afspraak(
            beraad,
            vraag,
            _lang(n),
            wie=[els],
            wanneer="Elke week op dinsdag en donderdag",
            hoe_weten=f"hoebegin{n} Marieke vertelt bij het overleg dat het goed gaat hoeeinde{n}",
            volgorde=n,
        )

    paginas = [plat(p) for p in pagina_teksten(download(client, hoofdpersoon, beraad))]

    met_tabel = []
    for n in range(1, 31):
        nummer = re.compile(rf"(?<![\d.])1\.{n}(?!\d)")
        stukken = [f"begin{n} ", f"einde{n} ", f"hoebegin{n} ", f"hoeeinde{n} "]
        op = [[i for i, p in enumerate(paginas) if s in p + " "] for s in stukken]
        assert all(len(o) == 1 for o in op), (n, op)  # each piece once, on one page
        pagina = op[0][0]
        assert {o[0] for o in op} == {pagina}, f"afspraak 1.{n} is over twee pagina's verdeeld"
        assert nummer.search(paginas[pagina]), n
        met_tabel.append(pagina)
    assert len(set(met_tabel)) >= 3, "the table should span several pages for this test"
    for pagina in set(met_tabel):
        assert (
            "Nr. Wat Wie Wanneer Hoe weten we dat het lukt? Wie springt in?" in paginas[pagina]
        ), pagina


def _jpeg(kleur: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), kleur).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def geen_netwerk(monkeypatch):
    """Any socket the app opens while rendering fails the test."""

    def weiger(self, adres, *args, **kwargs):
        raise AssertionError(f"Het PDF-document haalde iets op over het netwerk: {adres}")

    monkeypatch.setattr(socket.socket, "connect", weiger)
    monkeypatch.setattr(socket.socket, "connect_ex", weiger)


def _afbeeldingen(pdf: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    beelden = []
    for page in document:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            beelden.append(obj.get_bitmap().to_pil().convert("RGB"))
    document.close()
    return beelden


def test_the_photo_is_read_from_storage_and_embedded(
    client, settings, tmp_path, netwerk, hoofdpersoon, beraad, vraag, geen_netwerk
):
    settings.MEDIA_ROOT = tmp_path
    make_afspraak(beraad, vraag)
    zonder = download(client, hoofdpersoon, beraad)
    assert _afbeeldingen(zonder) == []

    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    marieke.foto.save("foto.jpg", ContentFile(_jpeg("red")))
    met = download(client, hoofdpersoon, beraad)

    beelden = _afbeeldingen(met)
    assert beelden, "the photo is not in the PDF"
    assert b"/Subtype /Image" in met
    r, g, b = beelden[0].resize((1, 1)).getpixel((0, 0))
    assert r > 200 and g < 60 and b < 60  # Marieke's (red) photo, not something else


def test_the_fetcher_serves_only_the_photos_of_this_plan(settings, tmp_path, netwerk):
    settings.MEDIA_ROOT = tmp_path
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    marieke.foto.save("foto.jpg", ContentFile(_jpeg("red")))
    ander = Netwerk.objects.create(
        titel="Het netwerk van Emre", organisatie=Organisatie.objects.create(naam="Elders")
    )
    emre = Persoon.objects.create(netwerk=ander, naam="Emre", is_hoofdpersoon=True)
    emre.foto.save("foto.jpg", ContentFile(_jpeg("blue")))
    fetcher = LokaleBestanden([marieke])

    eigen = fetcher.fetch(urljoin(BASIS, marieke.foto_url()))
    assert eigen.read() == marieke.foto.open("rb").read()

    for url in (
        "http://example.org/foto.jpg",
        "https://pdf.sonestra.invalid.example.org" + marieke.foto_url(),
        "file:///etc/passwd",
        urljoin(BASIS, "/etc/passwd"),
        urljoin(BASIS, emre.foto_url()),
        "http://127.0.0.1" + marieke.foto_url(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# --- Queries and access -----------------------------------------------------------------


def _gesloten_plan(netwerk: Netwerk, aantal: int, personen: list[Persoon]) -> Beraad:
    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        gepubliceerd=nu,
        vastgesteld=nu,
        planversie=1,
        aanspreekpunt=personen[0],
        vervolgdatum=nu.date() + timedelta(days=90),
    )
    vragen = [
        Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"Vraag {i}", volgorde=i)
        for i in range(1, 4)
    ]
    voorwaarde = Voorwaarde.objects.create(netwerk=netwerk, beraad=beraad, tekst="Elke week")
    for n in range(aantal):
        afspraak = Afspraak.objects.create(
            netwerk=netwerk,
            plan=plan,
            vraag=vragen[n % 3],
            soort=1 + n % 3,
            wat=f"Afspraak {n}",
            klaar_op=nu.date(),
            kosten=10 if n % 3 == 2 else None,
            kosten_per="maand" if n % 3 == 2 else "",
        )
        afspraak.wie.set(personen[n % len(personen) : n % len(personen) + 2])
        afspraak.invallers.set(personen[-1 - n % len(personen) :][:1])
        afspraak.voorwaarden.add(voorwaarde)
    for p in personen[:aantal]:
        Akkoord.objects.create(netwerk=netwerk, plan=plan, persoon=p, naam=p.naam)
    return beraad


@pytest.mark.parametrize("rol", [Rol.HOOFDPERSOON, Rol.COORDINATOR])
def test_the_download_takes_the_same_queries_for_a_small_and_a_large_plan(
    client, members, netwerk, rol
):
    user = members[rol]
    client.force_login(user)
    personen = list(netwerk.personen.all())
    klein = _gesloten_plan(netwerk, 3, personen)
    url = reverse("beraad:plan_pdf", args=[netwerk.pk, klein.pk])
    assert client.get(url).status_code == 200  # warm up the session and caches
    with CaptureQueriesContext(transaction.get_connection()) as kleine:
        assert client.get(url).status_code == 200

    for i in range(25):
        p = Persoon.objects.create(netwerk=netwerk, naam=f"Buur {i}", ring=1 + i % 4)
        Compliment.objects.create(netwerk=netwerk, tekst=f"Compliment {i}", van=p)
        personen.append(p)
    groot = _gesloten_plan(netwerk, 30, personen)
    url = reverse("beraad:plan_pdf", args=[netwerk.pk, groot.pk])
    with CaptureQueriesContext(transaction.get_connection()) as grote:
        response = client.get(url)
    assert response.status_code == 200
    assert "Afspraak 29" in plat("".join(pagina_teksten(response.content)))
    assert len(grote) == len(kleine), "\n".join(q["sql"] for q in grote.captured_queries)


ROLLEN = ["anoniem", "outsider", *(r.value for r in Rol)]
FAMILIE = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID}
DEELNEMERS = FAMILIE | {Rol.FACILITATOR, Rol.PROFESSIONAL}
# Who downloads the plan in each state; everyone else gets 404 (anonymous: the login).
MAG = {
    "vastgesteld": DEELNEMERS | {Rol.COORDINATOR},
    "eigen_tijd": FAMILIE,
    "gedeeld": DEELNEMERS,
}


def _plan_in(netwerk: Netwerk, stand: str) -> Beraad:
    nu = timezone.now()
    fase = {
        "vastgesteld": Beraad.Fase.AFGEROND,
        "eigen_tijd": Beraad.Fase.EIGEN_TIJD,
        "gedeeld": Beraad.Fase.PRESENTATIE,
    }[stand]
    beraad = Beraad.objects.create(netwerk=netwerk, fase=fase, datum=nu)
    Actieplan.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        gepubliceerd=None if stand == "eigen_tijd" else nu,
        vastgesteld=nu if stand == "vastgesteld" else None,
        planversie=1 if stand == "vastgesteld" else 0,
    )
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Hoe woon ik zelf?")
    make_afspraak(beraad, vraag, "Els doet zondag de post.")
    return beraad


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("stand", sorted(MAG))
def test_who_may_download_the_plan_and_the_log_line(client, request, members, netwerk, stand, rol):
    beraad = _plan_in(netwerk, stand)
    url = reverse("beraad:plan_pdf", args=[netwerk.pk, beraad.pk])
    user = None
    if rol == "outsider":
        user = request.getfixturevalue("outsider")
    elif rol != "anoniem":
        user = members[rol]
    if user is not None:
        client.force_login(user)
    laatste = Toegangslog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client.get(url)

    regels = list(Toegangslog.objects.filter(pk__gt=laatste).order_by("pk"))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert regels == []
        return
    assert [(r.actie, r.netwerk_ref, r.user_id, r.onderwerp) for r in regels] == [
        (Toegangslog.Actie.EXPORT, netwerk.pk, user.pk, url)
    ]
    if rol in MAG[stand]:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "Els doet zondag de post." in plat("".join(pagina_teksten(response.content)))
        assert regels[0].uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
        assert regels[0].rol == rol and regels[0].netwerk_id == netwerk.pk
    else:
        assert response.status_code == 404
        assert b"Els doet" not in response.content
        assert regels[0].uitkomst == Toegangslog.Uitkomst.GEWEIGERD


def test_a_beraad_of_another_netwerk_is_a_refused_404(client, hoofdpersoon, outsider, netwerk):
    eigen = _plan_in(netwerk, "vastgesteld")
    ander = Netwerk.objects.get(titel="Het netwerk van Emre")
    vreemd = _plan_in(ander, "vastgesteld")
    client.force_login(hoofdpersoon)
    assert client.get(reverse("beraad:plan_pdf", args=[netwerk.pk, eigen.pk])).status_code == 200
    laatste = Toegangslog.objects.order_by("-pk").values_list("pk", flat=True).first()

    for url in (
        reverse("beraad:plan_pdf", args=[netwerk.pk, vreemd.pk]),
        reverse("beraad:plan_pdf", args=[ander.pk, vreemd.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"%PDF" not in response.content

    regels = Toegangslog.objects.filter(pk__gt=laatste)
    assert [(r.actie, r.uitkomst) for r in regels] == [
        (Toegangslog.Actie.EXPORT, Toegangslog.Uitkomst.GEWEIGERD)
    ] * 2


def test_only_get_is_allowed(client, hoofdpersoon, netwerk):
    beraad = _plan_in(netwerk, "vastgesteld")
    client.force_login(hoofdpersoon)
    assert client.post(reverse("beraad:plan_pdf", args=[netwerk.pk, beraad.pk])).status_code == 405

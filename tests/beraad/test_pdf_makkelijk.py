"""The actieplan on one page in easy words and pictures: always exactly one page, the
sentences hold who does what, user text stays text, and the pages are kept as PNG."""

from __future__ import annotations

import io
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format
from PIL import Image

from beraad.models import Afspraak, Beraad, Vraag
from beraad.pdf import maak_pdf, plan_gegevens
from beraad.pdf_makkelijk import WAT_TEKENS, kort, makkelijk_context
from beraad.toegang import beraad_van
from sonestra.core.access import find_toegang
from sonestra.core.models import Deelname, Persoon
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"
TEMPLATE = "beraad/pdf/makkelijk.html"

LANG = (
    "Wij spreken af dat we elke week samen boodschappen doen bij de supermarkt op de hoek, "
    "en daarna samen koffie drinken in de keuken zodat niemand er alleen voor staat. "
) * 8  # about 1300 characters, more than the form allows: the page must cope anyway


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def maak(user, netwerk, beraad: Beraad) -> tuple[bytes, dict, float]:
    """Render the easy-read PDF as the view does; returns bytes, context and seconds."""
    toegang = find_toegang(user, netwerk.pk)
    gegevens = plan_gegevens(toegang, beraad_van(toegang, beraad.pk))
    start = time.perf_counter()
    context = makkelijk_context(gegevens)
    pdf = maak_pdf(TEMPLATE, gegevens, **context)
    return pdf, context, time.perf_counter() - start


def tekst(pdf: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(pdf)
    return len(document), " ".join(document[0].get_textpage().get_text_range().split())


def bewaar(pdf: bytes, naam: str) -> None:
    ARTEFACTEN.mkdir(parents=True, exist_ok=True)
    pagina = pdfium.PdfDocument(pdf)[0]
    pagina.render(scale=1).to_pil().save(ARTEFACTEN / f"{naam}.png")


def foto(kleur=(90, 140, 200)) -> ContentFile:
    plaatje = Image.new("RGB", (240, 240), kleur)
    plaatje.paste((250, 220, 180), (70, 50, 170, 150))  # a face, more or less
    uit = io.BytesIO()
    plaatje.save(uit, "JPEG")
    return ContentFile(uit.getvalue(), name="foto.jpg")


def getoond(context: dict):
    return [r for groep in context["groepen"] for r in groep.regels]


def groot_plan(teamplan, netwerk, lang: str = LANG) -> list[Afspraak]:
    """40 afspraken over 6 vragen, every text as long as it gets, many people each."""
    beraad = teamplan.beraad
    mensen = [
        Persoon.objects.create(
            netwerk=netwerk, naam=f"Wilhelmina{i} Maximiliana van Oostervoorde-Westerbroek"
        )
        for i in range(8)
    ]
    teamplan.aanspreekpunt = mensen[0]
    teamplan.vervolgdatum = date(2026, 9, 30)  # a long weekday and month
    teamplan.save()
    vragen = [teamplan.test_vraag] + [
        Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=lang[:500], volgorde=n)
        for n in range(2, 7)
    ]
    afspraken = []
    for i in range(40):
        afspraken.append(
            make_teamafspraak(
                teamplan,
                wat=f"Afspraak {i + 1}. {lang}",
                vraag=vragen[i % 6],
                soort=(i // 6) % 3 + 1,
                wanneer=lang[:120],
                klaar_op=date(2026, 9, 30),
                kosten=Decimal("123456.78") if (i // 6) % 3 == 2 else None,
                kosten_per=Afspraak.Per.MAAND if (i // 6) % 3 == 2 else "",
                wie=mensen[: (i // 6) % 5 + 1],
                invallers=mensen[2:7],
                volgorde=i,
            )
        )
    return afspraken


def test_it_fits_the_demo_plan_on_one_page_with_who_does_what(db):
    from actieteam.demo import build_actieteam
    from beraad.demo import build_beraad
    from netwerkkompas.demo import build_kompas
    from sonestra.core.demo import build_demo

    # The demo as the demo command builds it: the beraad closed, version 2 by the Actieteam.
    build_demo()
    marieke = Deelname.objects.get(rol=Rol.HOOFDPERSOON, netwerk__titel="Het netwerk van Marieke")
    build_kompas(marieke.netwerk)
    build_beraad(marieke.netwerk)
    build_actieteam(marieke.netwerk)
    netwerk = marieke.netwerk
    beraad = Beraad.objects.get(netwerk=netwerk, plan__vastgesteld__isnull=False)

    pdf, context, seconden = maak(marieke.user, netwerk, beraad)
    bewaar(pdf, "makkelijk-demo")
    pagina_s, inhoud = tekst(pdf)

    assert pagina_s == 1
    regels = getoond(context)
    assert len(regels) >= 5, "the demo's first vraag fits whole"
    assert context["nog"] == beraad.plan.afspraken.filter(beeindigd=None).count() - len(regels)
    # Each sentence in plan order: the names, then what they do (its first words).
    positie = 0
    for regel in regels:
        zin = f"{regel.namen}: {regel.wat}"
        gevonden = inhoud.find(" ".join(zin.split()[:6]), positie)
        assert gevonden >= 0, zin
        positie = gevonden
    assert "Els en Marieke: Els komt elke zondag een uur langs." in inhoud
    assert "Lukt het niet" not in inhoud, "who steps in is in the whole plan only"
    assert f"En nog {context['nog']} afspraken. Die staan in het hele plan." in inhoud
    assert "Bel of app Els." in inhoud
    datum = date_format(beraad.plan.vervolgdatum, "l j F")
    assert f"Op {datum} kijken we samen hoe het gaat." in inhoud
    print(f"demo: {len(regels)} afspraken getoond, {context['nog']} niet, {seconden:.2f} s")


def test_it_keeps_a_large_plan_with_long_texts_on_one_page(teamplan, netwerk, hoofdpersoon):
    groot_plan(teamplan, netwerk)

    pdf, context, seconden = maak(hoofdpersoon, netwerk, teamplan.beraad)
    bewaar(pdf, "makkelijk-groot")
    pagina_s, inhoud = tekst(pdf)

    assert pagina_s == 1
    regels = getoond(context)
    assert 3 <= len(regels) < 40
    assert context["nog"] == 40 - len(regels)
    assert f"En nog {context['nog']} afspraken. Die staan in het hele plan." in inhoud
    # Every vraag gets its turn before any vraag gets a second afspraak, and each vraag
    # shows the top of its own list in plan order (network, professionals, aanbod).
    assert len(context["groepen"]) == min(6, len(regels))
    vragen = list(Vraag.objects.filter(netwerk=netwerk, beraad=teamplan.beraad))
    for groep in context["groepen"]:
        lijst = Afspraak.objects.filter(plan=teamplan, vraag=vragen[groep.nummer - 1])
        verwacht = [a.pk for a in lijst.lopend().in_plan_volgorde()][: len(groep.regels)]
        assert [r.afspraak.pk for r in groep.regels] == verwacht
    for regel in regels:
        assert len(regel.wat) <= WAT_TEKENS + 1
        assert regel.wat.endswith("…")
    assert "Afspraak 1. Wij spreken af dat we elke week" in inhoud
    # A long first name may wrap in its box; every letter is there.
    assert "BelofappWilhelmina0." in "".join(inhoud.split())
    assert "Op woensdag 30 september kijken we samen hoe het gaat." in inhoud
    print(f"groot: {len(regels)} afspraken getoond, {context['nog']} niet, {seconden:.2f} s")


def test_it_shows_many_short_afspraken_and_still_one_page(teamplan, netwerk, hoofdpersoon):
    """The most rows the page takes: one-line afspraken, one vraag."""
    els = Persoon.objects.create(netwerk=netwerk, naam="Els")
    for i in range(40):
        make_teamafspraak(teamplan, wat="Bellen.", wie=[els], volgorde=i)

    pdf, context, _ = maak(hoofdpersoon, netwerk, teamplan.beraad)
    bewaar(pdf, "makkelijk-kort")

    assert tekst(pdf)[0] == 1
    assert len(getoond(context)) >= 10
    assert "Els: Bellen." in tekst(pdf)[1]


@pytest.mark.parametrize(
    "wat",
    [
        "W" * 1000,  # no space to cut at, the widest letter
        ("WWWWWWW MMMMMMM " * 70)[:1000],  # wide words
        "a\n" * 500,  # one letter per line
    ],
    ids=["een-woord", "brede-woorden", "regels"],
)
def test_it_stays_one_page_whatever_the_text(teamplan, netwerk, hoofdpersoon, wat):
    groot_plan(teamplan, netwerk, lang=wat)
    pdf, context, _ = maak(hoofdpersoon, netwerk, teamplan.beraad)
    assert tekst(pdf)[0] == 1
    assert getoond(context)


def test_it_shows_html_in_a_wat_as_text(teamplan, netwerk, hoofdpersoon):
    els = Persoon.objects.create(netwerk=netwerk, naam="Els <b>van</b> Dijk")
    make_teamafspraak(
        teamplan, wat="<script>alert(1)</script> & <b>vet</b>", wie=[els], wanneer="<i>nu</i>"
    )

    pdf, _, _ = maak(hoofdpersoon, netwerk, teamplan.beraad)
    inhoud = tekst(pdf)[1]

    assert "Els: <script>alert(1)</script> & <b>vet</b> <i>nu</i>" in inhoud


def test_it_shows_photos_of_the_people(teamplan, netwerk, hoofdpersoon):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    marieke.foto.save("marieke.jpg", foto(), save=True)
    els = Persoon.objects.create(netwerk=netwerk, naam="Els van Dijk")
    els.foto.save("els.jpg", foto((200, 120, 90)), save=True)
    teamplan.aanspreekpunt = els
    teamplan.save()
    make_teamafspraak(teamplan, wat="Boodschappen doen", wie=[els], wanneer="Elke zaterdag")

    pdf, context, _ = maak(hoofdpersoon, netwerk, teamplan.beraad)
    bewaar(pdf, "makkelijk-fotos")
    document = pdfium.PdfDocument(pdf)
    beelden = list(document[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))

    # Marieke at the top, Els beside her afspraak and beside "Bel of app Els".
    assert len(beelden) == 3
    assert context["aanspreekfoto"] is True
    assert "Els: Boodschappen doen. Elke zaterdag." in tekst(pdf)[1]


def test_it_asks_the_database_nothing(teamplan, netwerk, hoofdpersoon):
    groot_plan(teamplan, netwerk)
    toegang = find_toegang(hoofdpersoon, netwerk.pk)
    gegevens = plan_gegevens(toegang, beraad_van(toegang, teamplan.beraad.pk))

    with CaptureQueriesContext(connection) as queries:
        makkelijk_context(gegevens)

    assert len(queries) == 0, [q["sql"] for q in queries]


def test_it_says_what_is_not_agreed_yet(teamplan, netwerk, hoofdpersoon):
    pdf, context, _ = maak(hoofdpersoon, netwerk, teamplan.beraad)
    inhoud = tekst(pdf)[1]

    assert context["groepen"] == []
    assert "Er staan nog geen afspraken in het plan." in inhoud
    assert "Wie je belt als er iets is, spreken we nog af." in inhoud
    assert "Wanneer we samen kijken hoe het gaat, spreken we nog af." in inhoud


@pytest.mark.parametrize(
    ("tekst_in", "tekens", "uit"),
    [
        ("Kort.", 20, "Kort."),
        ("Els komt elke zondag. Samen openen we de post.", 30, "Els komt elke zondag."),
        ("een twee drie vier vijf zes zeven", 20, "een twee drie vier…"),
        ("W" * 50, 10, "WWWWWWWWW…"),
        ("regel\n\n  met   ruimte", 40, "regel met ruimte"),
    ],
)
def test_it_shortens_at_a_sentence_or_a_word(tekst_in, tekens, uit):
    assert kort(tekst_in, tekens) == uit
    assert len(kort(tekst_in, tekens)) <= tekens + 1

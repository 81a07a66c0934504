"""The Actieteam in the browser, on the real demo: Marieke's team three months after her
beraad (plan version 2, two overleggen, one afspraak that "lukt niet").

- Els, Marieke's aunt and supporter, marks an afspraak "Gelukt" on her 360×740 phone in
  two taps, and Sanne, the facilitator, sees it counted on Voortgang on her laptop.
- A "lukt niet" with a note from a phone shows in Voortgang's "Lukt niet" list; a card
  whose status someone else changed meanwhile says who, to what, and keeps the note.
- Two family members change the same afspraak in Plan bijsturen at once: the second gets
  the other's change in Dutch and keeps their own text.
- Every Actieteam page at 360×740 and 1280×800: axe, no sideways scrolling, no console or
  CSP errors, no English, and a screenshot (test-artifacts/screenshots/actieteam-*.png).
- Without JavaScript the two taps still work: details/summary and a plain form post.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from actieteam.models import Overleg, Planversie, Status, Statuswijziging, Voortgang
from actieteam.team import zet_status
from beraad.models import Afspraak
from sonestra.core.models import User
from tests.browser.actieteam_helpers import (
    ELS,
    MARIEKE,
    SEVDA,
    Demo,
    build_real_demo,
    clicks,
    count_clicks,
    login_by_link,
    login_staff,
    small_targets,
    survey,
)
from tests.browser.conftest import LAPTOP, PHONE, BrowserErrors, Browsing

pytestmark = pytest.mark.browser

LIJSTJE = "Wil Marieke iets kopen van meer dan 25 euro?"
VERJAARDAG = "Marieke en Lisa maken een verjaardagsfeestje voor oma Truus"
VRAAG_GELD = "zonder dat het misgaat met geld"


@pytest.fixture
def demo(live_server, transactional_db) -> Demo:
    return build_real_demo()


def _context(new_context, live_server, device: dict, **extra) -> Browsing:
    """Like the conftest's phone/laptop, for a second context of the same kind or one
    without JavaScript."""
    context = new_context(**device, base_url=live_server.url, **extra)
    context.set_default_timeout(10_000)
    errors = BrowserErrors()
    errors.watch(context)
    return Browsing(page=context.new_page(), context=context, errors=errors)


def kaart(page: Page, afspraak: Afspraak):
    return page.locator(f"#kaart-{afspraak.pk}")


def vraag_blok(page: Page, tekst: str):
    return page.locator("article.vg-vraag", has_text=tekst)


# --- 1. The test: gelukt in two taps, and the facilitator sees it ----------------


def test_els_marks_gelukt_in_two_taps_and_sanne_sees_it_on_voortgang(phone, laptop, demo):
    netwerk = demo.netwerk
    lijstje = demo.afspraken["lijstje"]
    els, sanne = phone.page, laptop.page
    voortgang_url = reverse("actieteam:voortgang", args=[netwerk.pk])

    # Sanne has Voortgang open on her laptop before: vraag 1's network bar, 2 of 4 gelukt.
    login_staff(sanne, "sanne")
    sanne.goto(voortgang_url)
    netwerk_balk = vraag_blok(sanne, VRAAG_GELD).locator("g.voortgang-netwerk")
    expect(netwerk_balk.locator("text.voortgang-regel")).to_have_text("2 van 4 gelukt")
    samenvatting = vraag_blok(sanne, VRAAG_GELD).locator(".vg-samenvatting li").first
    expect(samenvatting).to_have_text("Wat wij zelf doen: 4 afspraken: 2 gelukt, 2 bezig.")
    expect(sanne.locator(".vg-tegel-gelukt .vg-getal")).to_have_text("5")
    laptop.check("actieteam-1-voortgang-voor-laptop")

    # Els opens her link on her phone and goes to Mijn afspraken through the team's menu.
    login_by_link(els, demo, ELS)
    els.goto(reverse("actieteam:team", args=[netwerk.pk]))
    els.get_by_role("navigation", name="Onderdelen van het actieteam").get_by_role(
        "link", name="Mijn afspraken"
    ).tap()
    expect(els.get_by_role("heading", level=1)).to_have_text("Mijn afspraken")
    card = kaart(els, lijstje)
    expect(card.locator(".kaart-wat")).to_contain_text(LIJSTJE)
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Bezig")
    gelukt = card.get_by_role("button", name=re.compile(r"^✓?\s*Gelukt"))
    expect(gelukt).to_be_hidden()
    card.scroll_into_view_if_needed()
    phone.check("actieteam-1-mijn-voor-telefoon")

    els.evaluate("() => { window.__zelfdePagina = true; }")
    count_clicks(els)
    # Tap 1: "Hoe gaat het?" opens the four buttons.
    summary = card.locator("summary.status-summary")
    summary.tap()
    expect(gelukt).to_be_visible()
    # Between the taps: how far the thumb has to travel (the note sits in between).
    boven, knop = summary.bounding_box(), gelukt.bounding_box()
    afstand = knop["y"] + knop["height"] - boven["y"]
    in_beeld = knop["y"] + knop["height"] <= PHONE["viewport"]["height"]
    phone.check("actieteam-1-mijn-open-telefoon")
    # Tap 2: Gelukt. htmx swaps the card; the page stays.
    begin = time.monotonic()
    gelukt.tap()
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Gelukt")
    opgeslagen_na = time.monotonic() - begin
    expect(card.locator(".opgeslagen")).to_have_text("Opgeslagen")
    expect(card.locator(".kaart-door")).to_contain_text("Els van Dijk")
    expect(els.locator("#status-melding")).to_have_text("Opgeslagen: Gelukt.")
    assert els.evaluate("() => window.__zelfdePagina === true"), "de pagina is herladen"
    taps = clicks(els)
    assert len(taps) == 2, f"precies twee tikken verwacht, het waren er {len(taps)}: {taps}"
    assert taps[0].startswith("summary:") and "Gelukt" in taps[1], taps
    phone.check("actieteam-1-mijn-gelukt-telefoon")

    voortgang = Voortgang.objects.get(afspraak=lijstje)
    assert (voortgang.status, voortgang.gewijzigd_naam) == (Status.GELUKT, "Els van Dijk")
    laatste = Statuswijziging.objects.filter(afspraak=lijstje).latest("tijd", "pk")
    assert (laatste.van, laatste.naar, laatste.naam) == (
        Status.BEZIG,
        Status.GELUKT,
        "Els van Dijk",
    )

    # Sanne loads Voortgang again: 3 of 4, and Els at the top of the latest changes.
    sanne.reload()
    expect(netwerk_balk.locator("text.voortgang-regel")).to_have_text("3 van 4 gelukt")
    zichtbaar_na = time.monotonic() - begin
    expect(samenvatting).to_have_text("Wat wij zelf doen: 4 afspraken: 3 gelukt, 1 bezig.")
    expect(sanne.locator(".vg-tegel-gelukt .vg-getal")).to_have_text("6")
    # The SVG's green part grew and reads 3; its accessible description says so too.
    expect(netwerk_balk.locator("rect.deel-gelukt title")).to_have_text("3 gelukt")
    expect(vraag_blok(sanne, VRAAG_GELD).locator("svg desc")).to_contain_text("3 gelukt")
    nieuwste = sanne.locator(".vg-wijzigingen > li").first
    expect(nieuwste.locator(".vg-wanneer")).to_contain_text("Els van Dijk")
    expect(nieuwste).to_contain_text(LIJSTJE)
    expect(nieuwste.locator(".vg-van-naar")).to_contain_text(re.compile(r"Bezig.*Gelukt", re.S))
    vraag_blok(sanne, VRAAG_GELD).scroll_into_view_if_needed()
    laptop.check("actieteam-1-voortgang-na-laptop")
    print(
        f"\nDe kaart toonde Gelukt {opgeslagen_na * 1000:.0f} ms na de tweede tik; "
        f"Sannes voortgang toonde het {zichtbaar_na * 1000:.0f} ms na die tik (na herladen)."
        f"\nVan de bovenkant van 'Hoe gaat het?' tot de onderkant van Gelukt: {afstand:.0f} px;"
        f" Gelukt stond na tik 1 {'wel' if in_beeld else 'niet'} in beeld (740 px hoog)."
    )
    phone.assert_no_errors()
    laptop.assert_no_errors()


# --- 2. "Lukt niet" with a note, from a phone ----------------------------------------------

NOTITIE_LUKT_NIET = "Mijn auto is kapot. Wie kan Ria ophalen voor het feestje?"


def test_lukt_niet_with_a_note_shows_on_voortgang(phone, laptop, demo):
    netwerk = demo.netwerk
    verjaardag = demo.afspraken["verjaardag"]
    els, sanne = phone.page, laptop.page

    login_by_link(els, demo, ELS)
    els.goto(reverse("actieteam:mijn", args=[netwerk.pk]))
    card = kaart(els, verjaardag)
    count_clicks(els)
    card.locator("summary.status-summary").tap()
    notitie = card.get_by_label("Korte notitie (mag leeg blijven)")
    notitie.tap()
    notitie.fill(NOTITIE_LUKT_NIET)
    card.get_by_role("button", name=re.compile(r"Lukt niet, hulp nodig")).tap()
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Lukt niet")
    expect(card.locator(".kaart-notitie")).to_have_text(f"“{NOTITIE_LUKT_NIET}”")
    expect(els.locator("#status-melding")).to_have_text("Opgeslagen: Lukt niet, hulp nodig.")
    # The summary, the note field, the button: nothing in between.
    assert len(clicks(els)) == 3, clicks(els)
    card.scroll_into_view_if_needed()
    phone.check("actieteam-2-mijn-lukt-niet-telefoon")

    login_staff(sanne, "sanne")
    sanne.goto(reverse("actieteam:voortgang", args=[netwerk.pk]))
    expect(sanne.locator(".vg-tegel-lukt_niet .vg-getal")).to_have_text("2")
    lijst = sanne.locator("#lukt-niet")
    expect(lijst.get_by_role("heading", level=2)).to_have_text("Lukt niet: hulp nodig")
    expect(lijst.locator(".vg-item")).to_have_count(2)
    item = lijst.locator(".vg-item", has_text=VERJAARDAG)
    expect(item.locator(".vg-notitie")).to_have_text(NOTITIE_LUKT_NIET)
    expect(item).to_contain_text("gemeld door Els van Dijk")
    # The tile links to the list.
    sanne.locator(".vg-tegel-lukt_niet a").click()
    expect(sanne).to_have_url(re.compile(r"#lukt-niet$"))
    laptop.check("actieteam-2-voortgang-lukt-niet-laptop")
    # Els sees the same list on her phone.
    els.goto(reverse("actieteam:voortgang", args=[netwerk.pk]) + "#lukt-niet")
    expect(els.locator("#lukt-niet .vg-item", has_text=VERJAARDAG)).to_contain_text(
        NOTITIE_LUKT_NIET
    )
    phone.check("actieteam-2-voortgang-lukt-niet-telefoon")
    phone.assert_no_errors()
    laptop.assert_no_errors()


NOTITIE_MARIEKE = "Het feestje was zondag. Oma heeft gehuild van blijdschap!"
NOTITIE_ELS = "Ik heb de taart besteld bij Bakkerij Öztürk."


def test_a_stale_card_says_who_changed_it_and_keeps_the_note(phone, demo):
    """The status card's own version check: Marieke saved while Els's screen was open."""
    netwerk = demo.netwerk
    verjaardag = demo.afspraken["verjaardag"]
    els = phone.page
    login_by_link(els, demo, ELS)
    els.goto(reverse("actieteam:mijn", args=[netwerk.pk]))
    card = kaart(els, verjaardag)
    card.locator("summary.status-summary").tap()
    card.get_by_label("Korte notitie (mag leeg blijven)").fill(NOTITIE_ELS)

    # Meanwhile, on her own phone, Marieke marks it gelukt.
    marieke = User.objects.get(username="marieke")
    gezien = Voortgang.objects.get(afspraak=verjaardag).versie
    gelukt, _ = zet_status(
        verjaardag,
        Status.GELUKT,
        NOTITIE_MARIEKE,
        versie=gezien,
        user=marieke,
        naam="Marieke Bakker",
    )
    assert gelukt

    card.get_by_role("button", name=re.compile(r"^◐?\s*Bezig")).tap()
    melding = card.get_by_role("alert")
    expect(melding).to_contain_text("Marieke Bakker heeft dit net veranderd in ‘Gelukt’.")
    expect(melding).to_contain_text(NOTITIE_MARIEKE)
    expect(melding).to_contain_text("Er is niets overschreven. Jij koos ‘Bezig’")
    expect(card.get_by_label("Korte notitie (mag leeg blijven)")).to_have_value(NOTITIE_ELS)
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Gelukt")
    expect(melding).to_be_focused()
    melding.scroll_into_view_if_needed()
    phone.check("actieteam-2b-status-conflict-telefoon")
    assert Voortgang.objects.get(afspraak=verjaardag).status == Status.GELUKT

    # Els reads it: it is done indeed. She taps Gelukt with her own note: that is saved.
    card.get_by_role("button", name=re.compile(r"^✓?\s*Gelukt")).tap()
    expect(card.get_by_role("alert")).to_have_count(0)
    expect(card.locator(".kaart-notitie")).to_have_text(f"“{NOTITIE_ELS}”")
    voortgang = Voortgang.objects.get(afspraak=verjaardag)
    assert (voortgang.status, voortgang.notitie, voortgang.gewijzigd_naam) == (
        Status.GELUKT,
        NOTITIE_ELS,
        "Els van Dijk",
    )
    phone.assert_no_errors()


# --- 3. Two people change one afspraak in Plan bijsturen -----------------------------------

TEKST_MARIEKE = (
    "Marieke en Lisa maken een verjaardagsfeestje voor oma Truus in het verzorgingshuis. "
    "Frank haalt Ria op met de bus."
)
TEKST_ELS = (
    "Marieke en Lisa maken een verjaardagsfeestje voor oma Truus. Els haalt Ria op en "
    "neemt de slingers mee."
)


def _open_wijzigen(page: Page, netwerk_id: int, afspraak: Afspraak) -> None:
    page.goto(reverse("actieteam:bijsturen", args=[netwerk_id]))
    page.locator(f"#afspraak-{afspraak.pk}").get_by_role(
        "link", name=re.compile(r"^Wijzigen")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraak wijzigen")


def test_two_family_members_change_one_afspraak_at_once(phone, laptop, demo):
    netwerk = demo.netwerk
    verjaardag = demo.afspraken["verjaardag"]
    marieke, els = phone.page, laptop.page
    login_by_link(marieke, demo, MARIEKE)
    login_by_link(els, demo, ELS, tap=False)
    versie_voor = Planversie.objects.filter(plan=verjaardag.plan).count()

    # Both open the same afspraak.
    _open_wijzigen(marieke, netwerk.pk, verjaardag)
    _open_wijzigen(els, netwerk.pk, verjaardag)

    # Marieke saves first, from her phone.
    marieke.get_by_label("Wat gaan we doen?").fill(TEKST_MARIEKE)
    marieke.get_by_role("button", name="Opslaan").tap()
    expect(marieke.get_by_role("status").first).to_contain_text(
        f"De afspraak is gewijzigd. Dit is nu versie {versie_voor + 1} van het plan."
    )

    # Els, who had the form open before that, saves her own text.
    els.get_by_label("Wat gaan we doen?").fill(TEKST_ELS)
    els.get_by_role("button", name="Opslaan").click()
    conflict = els.locator("section.conflict")
    expect(conflict.get_by_role("heading")).to_have_text(
        "Iemand anders heeft deze afspraak net ook gewijzigd"
    )
    expect(conflict).to_contain_text("Dit staat nu in het plan:")
    expect(conflict.locator("dd").nth(2)).to_have_text(TEKST_MARIEKE)
    expect(conflict).to_contain_text("Jouw tekst staat hieronder nog in het formulier.")
    expect(els.get_by_label("Wat gaan we doen?")).to_have_value(TEKST_ELS)
    expect(els.get_by_role("link", name="Laat het zo, terug naar het plan")).to_be_visible()
    laptop.check("actieteam-3-conflict-laptop")
    verjaardag.refresh_from_db()
    assert verjaardag.wat == TEKST_MARIEKE
    assert Planversie.objects.filter(plan=verjaardag.plan).count() == versie_voor + 1

    # The same screen at 360 px: the message and the form both readable.
    els.set_viewport_size({"width": 360, "height": 740})
    laptop.check("actieteam-3-conflict-360")
    els.set_viewport_size(LAPTOP["viewport"])

    # Els looked at it and keeps her own text: one more tap saves it on top.
    els.get_by_role("button", name="Opslaan").click()
    expect(els.get_by_role("status").first).to_contain_text(
        f"De afspraak is gewijzigd. Dit is nu versie {versie_voor + 2} van het plan."
    )
    verjaardag.refresh_from_db()
    assert verjaardag.wat == TEKST_ELS
    # Both changes are in the versions, each with its name.
    els.goto(reverse("actieteam:versies", args=[netwerk.pk]))
    versies = els.locator("li.versie")
    expect(versies.nth(0).locator(".versie-wie")).to_contain_text("Door Els van Dijk")
    expect(versies.nth(1).locator(".versie-wie")).to_contain_text("Door Marieke Bakker")
    laptop.check("actieteam-3-versies-laptop")
    phone.assert_no_errors()
    laptop.assert_no_errors()


# --- 4. Every page at both widths ----------------------------------------------------------


def _pagina(name: str, h1: str | re.Pattern) -> Callable:
    def open_(page: Page, demo: Demo, **kwargs) -> None:
        page.goto(reverse(f"actieteam:{name}", kwargs={"netwerk_id": demo.netwerk.pk, **kwargs}))
        expect(page.get_by_role("heading", level=1)).to_have_text(h1)

    return open_


def _overleg(page: Page, demo: Demo) -> None:
    laatste = Overleg.objects.filter(netwerk=demo.netwerk).latest("datum")
    page.goto(reverse("actieteam:overleg", args=[demo.netwerk.pk, laatste.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overleg van")
    # Open the form too, so it is checked as well.
    page.get_by_text("Dit overleg aanpassen").click()


def _mijn(page: Page, demo: Demo) -> None:
    _pagina("mijn", "Mijn afspraken")(page, demo)
    # One card open, as it is between the two taps; and what is done unfolded.
    kaart(page, demo.afspraken["lijstje"]).locator("summary.status-summary").click()
    page.get_by_text("Laat zien wat gelukt is").click()


def _afspraak(page: Page, demo: Demo) -> None:
    _pagina("afspraak", "Afspraak")(page, demo, afspraak_id=demo.afspraken["lijstje"].pk)


def _afspraak_wijzigen(page: Page, demo: Demo) -> None:
    _pagina("afspraak_wijzigen", "Afspraak wijzigen")(
        page, demo, afspraak_id=demo.afspraken["lijstje"].pk
    )


def _overleggen(page: Page, demo: Demo) -> None:
    _pagina("overleggen", "Overleggen")(page, demo)
    page.get_by_text("Een overleg vastleggen").click()


PAGINAS: dict[str, Callable] = {
    "team": _pagina("team", "Actieteam"),
    "mijn": _mijn,
    "afspraak": _afspraak,
    "instellingen": _pagina("instellingen", "Herinneringen en agenda"),
    "voortgang": _pagina("voortgang", "Voortgang"),
    "bijsturen": _pagina("bijsturen", "Plan bijsturen"),
    "afspraak-nieuw": _pagina("afspraak_nieuw", "Afspraak toevoegen"),
    "afspraak-wijzigen": _afspraak_wijzigen,
    "versies": _pagina("versies", "Versies van het plan"),
    "vergelijken": _pagina("vergelijken", "Versie 1 en versie 2"),
    "overleggen": _overleggen,
    "overleg": _overleg,
}


@pytest.mark.parametrize("scherm", ["telefoon", "laptop"])
def test_every_actieteam_page_at_360_and_1280(scherm, new_context, live_server, demo):
    device = PHONE if scherm == "telefoon" else LAPTOP
    els = _context(new_context, live_server, device)
    login_by_link(els.page, demo, ELS, tap=scherm == "telefoon")
    problemen: list[str] = []
    klein: dict[str, list[str]] = {}

    def bekijk(browsing: Browsing, naam: str) -> None:
        voor = len(browsing.errors.messages)
        problemen.extend(survey(browsing, f"actieteam-{naam}-{scherm}"))
        problemen.extend(f"{naam}: {m}" for m in browsing.errors.messages[voor:])
        if scherm == "telefoon":
            klein[naam] = small_targets(browsing.page)

    for naam, open_ in PAGINAS.items():
        open_(els.page, demo)
        bekijk(els, naam)

    # The coordinator's overview: Petra, staff, with her password.
    petra = _context(new_context, live_server, device)
    login_staff(petra.page, "petra")
    petra.page.goto(reverse("organisatie_overzicht"))
    expect(petra.page.get_by_role("heading", level=1)).to_have_text(
        "Alle netwerken van Stichting Samen Verder"
    )
    # Status only: nothing of the story or the kompas of any Netwerk.
    tekst = petra.page.inner_text("main")
    for prive in ("Woont sinds een jaar zelfstandig", "Instagram", "lijstje op de koelkast"):
        assert prive not in tekst
    bekijk(petra, "organisatie")

    for naam, lijst in klein.items():
        if lijst:
            print(f"\n{naam}: kleine tikdoelen (< 24 px): " + "; ".join(lijst[:8]))
    assert not problemen, "\n".join(problemen)


# --- 5. Without JavaScript -----------------------------------------------------------------

NOTITIE_BEZIG = "Noor brengt Marieke nu op zondag. Ik haal haar weer op."


def test_the_two_taps_work_without_javascript(new_context, live_server, demo):
    netwerk = demo.netwerk
    volleybal = demo.afspraken["volleybal"]
    sevda = _context(new_context, live_server, PHONE, java_script_enabled=False)
    page = sevda.page
    login_by_link(page, demo, SEVDA)
    page.goto(reverse("actieteam:mijn", args=[netwerk.pk]))
    card = kaart(page, volleybal)
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Lukt niet")
    bezig = card.get_by_role("button", name=re.compile(r"^◐?\s*Bezig"))
    expect(bezig).to_be_hidden()

    # Tap 1: the browser itself opens <details>, no script.
    card.locator("summary.status-summary").tap()
    expect(bezig).to_be_visible()
    card.get_by_label("Korte notitie (mag leeg blijven)").fill(NOTITIE_BEZIG)
    sevda.check("actieteam-5-zonder-js-open-telefoon", axe=False)
    # Tap 2: a plain form post, and back to the same card on Mijn afspraken.
    with page.expect_navigation():
        bezig.tap()
    mijn = reverse("actieteam:mijn", args=[netwerk.pk])
    expect(page).to_have_url(
        re.compile(re.escape(mijn) + rf"\?opgeslagen={volleybal.pk}#kaart-{volleybal.pk}$")
    )
    melding = page.get_by_role("status").first
    expect(melding).to_contain_text("Opgeslagen: Bezig. Dank je wel!")
    # The browser scrolls (smoothly) to the card the tap came from.
    card = kaart(page, volleybal)
    expect(card).to_be_in_viewport()
    # The message may be above the fold; the card itself says it was saved.
    expect(card.locator(".opgeslagen")).to_have_text("Opgeslagen")
    expect(card.locator(".kaart-nu .status-label")).to_contain_text("Bezig")
    expect(card.locator(".kaart-notitie")).to_have_text(f"“{NOTITIE_BEZIG}”")
    expect(card.locator(".kaart-door")).to_contain_text("Sevda Yılmaz")
    sevda.check("actieteam-5-zonder-js-opgeslagen-telefoon", axe=False)
    voortgang = Voortgang.objects.get(afspraak=volleybal)
    assert (voortgang.status, voortgang.notitie) == (Status.BEZIG, NOTITIE_BEZIG)
    sevda.assert_no_errors()

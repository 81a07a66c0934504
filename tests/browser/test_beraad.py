"""The FamilieNetwerkBeraad in the browser: a beraad run live on a laptop and a phone,
an invitee answering from a phone without a login, and the actieplan it produces.

The facilitator (Sanne) leads on a 1280 px laptop; Els, Marieke's aunt and supporter,
follows and writes on a 360×740 phone. Every phase is screenshotted and checked with axe
on both devices (test-artifacts/screenshots/beraad-*.png).
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from beraad.models import Afspraak, Akkoord, Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from netwerkkompas.models import Compliment
from sonestra.core.actions import do_invite
from sonestra.core.models import Persoon
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation, login_with_password
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

VRAAG_1 = "Hoe kan ik zelf blijven wonen zonder dat het misgaat met geld?"
VRAAG_2 = "Met wie kan ik iets leuks doen in het weekend?"
VOORWAARDE = "Als het 's avonds misgaat, weet Marieke wie ze kan bellen."
COMPLIMENT = "Marieke is altijd eerlijk, en ze kan heel goed met dieren omgaan."
INFO_ANTWOORD = "Ik beheer het geld tot de schulden weg zijn. Dat duurt nog een jaar."
EIGEN_TIJD_STAF = "Eigen tijd: de familie praat en schrijft het plan."
EIGEN_TIJD_FAMILIE = "Eigen tijd. Jullie praten nu zonder professionals"
# Els writes this in eigen tijd; the facilitator must not see it until the family shares.
CONCEPT = "Els komt elke zondag langs en opent samen met Marieke de post."
# The facilitator adds this during the presentatie; it meets the voorwaarde.
NIEUW = "Ria hangt een briefje met telefoonnummers op de koelkast. Marieke mag haar altijd bellen."


def marker_survives(page: Page) -> bool:
    return page.evaluate("() => window.__beraadMarker === 'zelfde pagina'")


def fase_balk(page: Page):
    return page.locator("#stand .fase-balk")


@pytest.fixture
def mensen(netwerk):
    """Marieke's aunt Els (a supporter, family), her mother Ria (no login) and Peter, the
    bewindvoerder, as they stand on the groslijst."""
    return {
        "marieke": netwerk.personen.get(is_hoofdpersoon=True),
        "els": Persoon.objects.create(netwerk=netwerk, naam="Els van Dijk", soort="familie"),
        "ria": Persoon.objects.create(netwerk=netwerk, naam="Ria Bakker", soort="familie"),
        "peter": Persoon.objects.create(netwerk=netwerk, naam="Peter Mulder", soort="professional"),
    }


@pytest.fixture
def klaar_voor_beraad(netwerk, beraad, mensen, facilitator, professional):
    """A beraad prepared to the end: two vragen, an informatievraag with its answer, one
    voorwaarde from the professional, who comes, and a compliment for the rondje positief."""
    netwerk_id = netwerk.pk
    for volgorde, tekst in enumerate([VRAAG_1, VRAAG_2], start=1):
        Vraag.objects.create(netwerk_id=netwerk_id, beraad=beraad, tekst=tekst, volgorde=volgorde)
    Informatie.objects.create(
        netwerk_id=netwerk_id,
        beraad=beraad,
        onderwerp="Wat doet een bewindvoerder?",
        van=mensen["peter"],
        antwoord=INFO_ANTWOORD,
        beantwoord=timezone.now(),
    )
    ahmed = professional.deelnames.get(netwerk=netwerk).persoon
    Voorwaarde.objects.create(
        netwerk_id=netwerk_id,
        beraad=beraad,
        soort=Voorwaarde.Soort.VOORWAARDE,
        thema=Voorwaarde.Thema.VEILIGHEID,
        tekst=VOORWAARDE,
        auteur=professional,
        persoon=ahmed,
    )
    for persoon in (mensen["els"], mensen["ria"], ahmed):
        Genodigde.objects.create(
            netwerk_id=netwerk_id, beraad=beraad, persoon=persoon, antwoord="komt"
        )
    Compliment.objects.create(netwerk=netwerk, van=mensen["ria"], tekst=COMPLIMENT)
    beraad.datum = timezone.now() + timedelta(minutes=5)
    beraad.waar = "Bij Marieke thuis"
    beraad.save()
    return beraad


def test_a_beraad_from_welcome_to_akkoord_on_a_laptop_and_a_phone(
    laptop, phone, netwerk, klaar_voor_beraad, mensen, facilitator
):
    beraad = klaar_voor_beraad
    live = reverse("beraad:live", args=[netwerk.pk, beraad.pk])
    sanne, els = laptop.page, phone.page

    # Sanne logs in with her password; Els with her personal link, on her phone.
    login_with_password(sanne, facilitator.username, PASSWORD)
    _, token = do_invite(netwerk=netwerk, rol=Rol.SUPPORTER, by=facilitator, persoon=mensen["els"])
    accept_invitation(els, token, "Els van Dijk", tap=True)

    # 0. Before the start: both see that the beraad has not begun.
    sanne.goto(live)
    els.goto(live)
    expect(fase_balk(sanne)).to_contain_text("Voorbereiding")
    expect(els.locator(".schrijf-noot")).to_contain_text("Het beraad is nog niet begonnen.")

    # 1. Welkom: Sanne starts; the rondje positief shows the compliment from the kompas.
    sanne.get_by_role("button", name="Beraad beginnen").click()
    expect(sanne.get_by_role("status").first).to_contain_text("Nu: Welkom en rondje positief.")
    expect(fase_balk(sanne)).to_contain_text("Welkom en rondje positief (stap 1 van 5)")
    expect(sanne.locator(".positief-lijst")).to_contain_text(COMPLIMENT)
    expect(sanne.locator(".positief-wie")).to_contain_text("Ria Bakker")
    laptop.check("beraad-1-welkom-laptop")
    # The phone had the page open before the start: the welcome arrives by itself. Els
    # had no add form then (voorbereiding), so the page reloads itself once to get it.
    expect(fase_balk(els)).to_contain_text("Welkom en rondje positief", timeout=5000)
    expect(els.locator(".positief-lijst")).to_contain_text(COMPLIMENT)
    expect(els.locator("#afspraak-form")).to_be_visible()
    phone.check("beraad-1-welkom-telefoon")

    # 2. Informatieronde: the answer given beforehand and the voorwaarde, for everyone.
    sanne.get_by_role("button", name="Volgende fase: Informatieronde").click()
    expect(fase_balk(sanne)).to_contain_text("Informatieronde (stap 2 van 5)")
    expect(sanne.locator(".info-lijst")).to_contain_text(INFO_ANTWOORD)
    expect(sanne.locator(".zorgen-lijst")).to_contain_text(VOORWAARDE)
    laptop.check("beraad-2-informatie-laptop")
    expect(fase_balk(els)).to_contain_text("Informatieronde", timeout=5000)
    expect(els.locator(".info-lijst")).to_contain_text(INFO_ANTWOORD)
    expect(els.locator(".zorgen-lijst")).to_contain_text(VOORWAARDE)
    phone.check("beraad-2-informatie-telefoon")

    # 3. Eigen tijd: the family writes; the facilitator sees no draft.
    sanne.get_by_role("button", name="Volgende fase: Eigen tijd").click()
    expect(fase_balk(sanne)).to_contain_text("Eigen tijd (stap 3 van 5)")
    expect(sanne.locator(".eigen-tijd-blok")).to_contain_text(EIGEN_TIJD_STAF)
    expect(fase_balk(els)).to_contain_text("Eigen tijd", timeout=5000)
    expect(els.locator(".fase-uitleg")).to_contain_text(EIGEN_TIJD_FAMILIE)
    expect(els.get_by_role("button", name="Het plan delen")).to_be_visible()

    form = els.locator("#afspraak-form")
    expect(form.get_by_label("Bij welke vraag?")).to_have_value(
        str(beraad.vragen.get(volgorde=1).pk)
    )
    expect(form.get_by_label("Wat wij zelf doen")).to_be_checked()
    form.get_by_label("Wat gaan we doen?").fill(CONCEPT)
    wie = form.get_by_role("group", name="Wie doet het?").first
    wie.get_by_label("Els van Dijk").check()
    wie.get_by_label("Marieke Bakker").check()
    form.get_by_label("Wanneer?").fill("Elke zondag om 11 uur")
    # The laptop polls every 2 s: wait for the poll that follows Els's save (a 200 with
    # the new region, not a 204) before saying what the laptop does not show.
    with sanne.expect_response(lambda r: "/live/stand/" in r.url and r.status == 200, timeout=8000):
        form.get_by_role("button", name="Afspraak toevoegen").tap()
        expect(els.locator("#afspraak-form .alert-success")).to_contain_text(
            "De afspraak staat in het plan:"
        )
    expect(els.locator("#plan .afspraak-wat", has_text=CONCEPT)).to_be_visible()
    expect(els.locator("#plan .plan-status")).to_contain_text("Concept")
    expect(els.get_by_label("Wat gaan we doen?")).to_have_value("")  # ready for the next one

    expect(sanne.locator(".eigen-tijd-blok")).to_contain_text(EIGEN_TIJD_STAF)
    expect(sanne.get_by_text(CONCEPT)).to_have_count(0)
    expect(sanne.locator(".afspraak")).to_have_count(0)
    expect(sanne.locator("#afspraak-form")).to_have_count(0)
    expect(sanne.locator(".schrijf-noot")).to_contain_text("De familie schrijft nu zelf het plan.")
    assert CONCEPT not in sanne.content()
    laptop.check("beraad-3-eigen-tijd-laptop")
    els.locator("#stand").scroll_into_view_if_needed()
    phone.check("beraad-3-eigen-tijd-telefoon")
    # Not even a fresh page or the plan page shows it to staff.
    sanne.goto(reverse("beraad:plan", args=[netwerk.pk, beraad.pk]))
    expect(sanne.locator(".eigen-tijd-blok")).to_be_visible()
    assert CONCEPT not in sanne.content()
    sanne.goto(live)
    expect(sanne.locator(".eigen-tijd-blok")).to_contain_text(EIGEN_TIJD_STAF)
    assert CONCEPT not in sanne.content()

    # 4. Els shares the plan: presentatie. The laptop reloads itself to show the plan and
    # the add form; the voorwaarde is flagged, since no afspraak meets it yet.
    els.get_by_role("button", name="Het plan delen").tap()
    expect(els.get_by_role("status").first).to_contain_text("Het plan is gedeeld.")
    expect(fase_balk(els)).to_contain_text("Presentatie en akkoord")
    els.evaluate("() => { window.__beraadMarker = 'zelfde pagina'; }")
    navigaties: list[str] = []
    els.on("framenavigated", lambda frame: navigaties.append(frame.url))
    toets_els = els.locator("li.toets", has_text=VOORWAARDE)
    expect(toets_els).to_have_class(re.compile(r"\btoets-open\b"))
    expect(els.locator("#stand .toets-alarm")).to_contain_text(
        "Let op: voor 1 voorwaarde is nog geen afspraak."
    )
    phone.check("beraad-4-presentatie-telefoon")

    expect(sanne.locator("#plan .afspraak-wat", has_text=CONCEPT)).to_be_visible(timeout=6000)
    expect(fase_balk(sanne)).to_contain_text("Presentatie en akkoord (stap 4 van 5)")
    expect(sanne.locator("#afspraak-form")).to_be_visible()
    sanne.wait_for_load_state("load")
    toets_sanne = sanne.locator("li.toets", has_text=VOORWAARDE)
    expect(toets_sanne).to_have_class(re.compile(r"\btoets-open\b"))
    expect(toets_sanne).to_contain_text("er is nog geen afspraak voor deze voorwaarde")
    laptop.check("beraad-4-presentatie-laptop")

    # The facilitator types an afspraak from the room; it meets the voorwaarde.
    form = sanne.locator("#afspraak-form")
    form.get_by_label("Bij welke vraag?").select_option(label=VRAAG_1)
    form.get_by_label("Wat gaan we doen?").fill(NIEUW)
    form.get_by_role("group", name="Wie doet het?").first.get_by_label("Ria Bakker").check()
    form.get_by_role("group", name="Wie springt in als het anders loopt?").first.get_by_label(
        "Els van Dijk"
    ).check()
    form.get_by_label(re.compile(r"^Veiligheid: Als het")).check()
    begin = time.monotonic()
    form.get_by_role("button", name="Afspraak toevoegen").click()

    # The phone shows it within 5 seconds, without reloading.
    expect(els.locator("#plan .afspraak-wat", has_text=NIEUW)).to_be_visible(timeout=5000)
    verschenen = time.monotonic() - begin
    print(f"\nDe nieuwe afspraak stond na {verschenen:.2f} s op de telefoon.")
    assert verschenen < 5
    assert marker_survives(els), "de telefoon laadde een nieuwe pagina"
    assert navigaties == [], f"de telefoon navigeerde: {navigaties}"
    # The voorwaarde flips from flagged to met, on both screens.
    expect(toets_els).to_have_class(re.compile(r"\btoets-ok\b"))
    expect(toets_els.locator(".toets-afspraken")).to_contain_text("Ria hangt een briefje")
    expect(els.locator("#stand .toets-alarm")).to_have_count(0)
    expect(toets_sanne).to_have_class(re.compile(r"\btoets-ok\b"))
    nieuw = Afspraak.objects.get(wat=NIEUW)
    assert list(nieuw.voorwaarden.values_list("tekst", flat=True)) == [VOORWAARDE]
    assert nieuw.created_by == facilitator

    # 5. Akkoord: Els on her phone; Sanne notes it for Ria, who has no login.
    knop = els.get_by_role("button", name="Ik ga akkoord met dit plan")
    knop.scroll_into_view_if_needed()
    knop.tap()
    expect(els.get_by_role("status").first).to_contain_text("Je akkoord staat genoteerd.")
    expect(els.locator(".akkoord-eigen")).to_contain_text("Je gaf akkoord om")
    phone.check("beraad-5-akkoord-telefoon")

    # Wait for Els's akkoord on the laptop first: a poll swaps the region the select is in.
    expect(sanne.locator(".akkoord-lijst")).to_contain_text("Els van Dijk", timeout=5000)
    sanne.get_by_label("Akkoord noteren voor iemand zonder account").select_option(
        label="Ria Bakker"
    )
    sanne.get_by_role("button", name="Akkoord noteren").click()
    expect(sanne.get_by_role("status").first).to_contain_text(
        "Het akkoord van Ria Bakker staat genoteerd."
    )
    ria = sanne.locator(".akkoord-lijst li", has_text="Ria Bakker")
    expect(ria).to_contain_text("genoteerd door de facilitator")
    laptop.check("beraad-5-akkoord-laptop")
    expect(els.locator(".akkoord-lijst")).to_contain_text("Ria Bakker", timeout=5000)
    akkoorden = Akkoord.objects.filter(plan=beraad.plan).order_by("tijd")
    assert [(a.naam, a.vastgelegd_door_id) for a in akkoorden] == [
        ("Els van Dijk", None),
        ("Ria Bakker", facilitator.pk),
    ]

    # 6. Afsluiting: aanspreekpunt Els and a day to look back; then afronden.
    sanne.get_by_role("button", name="Volgende fase: Afsluiting").click()
    expect(fase_balk(sanne)).to_contain_text("Afsluiting (stap 5 van 5)")
    laptop.check("beraad-6-afsluiting-laptop")
    expect(fase_balk(els)).to_contain_text("Afsluiting", timeout=5000)
    phone.check("beraad-6-afsluiting-telefoon")

    sanne.get_by_role("link", name="Aanspreekpunt en datum kiezen, en het beraad afronden").click()
    expect(sanne.get_by_role("heading", level=1)).to_have_text("Afsluiten")
    sanne.get_by_label("Wie is het aanspreekpunt?").select_option(label="Els van Dijk")
    terugkijken = timezone.localdate() + timedelta(weeks=8)
    sanne.get_by_label("Wanneer kijken jullie samen terug?").fill(terugkijken.isoformat())
    laptop.check("beraad-6-afsluiten-formulier-laptop")
    sanne.get_by_role("button", name="Beraad afronden").click()

    # 7. The actieplan, version 1.
    expect(sanne.get_by_role("heading", level=1)).to_have_text("Actieplan van Marieke Bakker")
    expect(sanne.get_by_role("status").first).to_contain_text("versie 1")
    expect(sanne.locator(".plan-versie")).to_contain_text("Versie 1, vastgesteld op")
    expect(sanne.locator(".plan-kern")).to_contain_text("Els van Dijk")
    expect(sanne.locator(".afspraak")).to_have_count(2)
    laptop.check("beraad-7-actieplan-laptop")
    beraad.refresh_from_db()
    assert beraad.fase == Beraad.Fase.AFGEROND
    assert beraad.plan.planversie == 1
    assert beraad.plan.aanspreekpunt == mensen["els"]
    assert beraad.plan.vervolgdatum == terugkijken
    assert beraad.vervolgberaden.get().fase == Beraad.Fase.VOORBEREIDING

    expect(fase_balk(els)).to_contain_text("Afgerond", timeout=5000)
    els.get_by_role("link", name="Naar het actieplan").tap()
    expect(els.get_by_role("heading", level=1)).to_have_text("Actieplan van Marieke Bakker")
    expect(els.locator(".plan-versie")).to_contain_text("Versie 1")
    phone.check("beraad-7-actieplan-telefoon")

    laptop.assert_no_errors()
    phone.assert_no_errors()


def test_an_invitee_answers_from_a_phone_without_logging_in(
    phone, laptop, netwerk, beraad, mensen, facilitator
):
    beraad.datum = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=20), datetime.min.time())
    ) + timedelta(hours=19)
    beraad.waar = "Wijkcentrum De Dreef, zaal 2"
    beraad.save()
    Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=VRAAG_1, volgorde=1)
    joost = Persoon.objects.create(netwerk=netwerk, naam="Joost Bakker", soort="familie")
    genodigde = Genodigde(netwerk=netwerk, beraad=beraad, persoon=joost)
    token = genodigde.new_token()
    genodigde.save()
    page = phone.page

    page.goto(reverse("beraad_antwoord", args=[token]))
    expect(page.locator(".groet")).to_have_text("Hallo Joost Bakker,")
    expect(page.locator(".wanneer-waar")).to_contain_text("Wijkcentrum De Dreef, zaal 2")
    expect(page.get_by_role("link", name="Zet in mijn agenda")).to_be_visible()
    expect(page.locator(".vragen-lijst")).to_contain_text(VRAAG_1)
    phone.check("beraad-antwoord-1-uitnodiging-telefoon")

    page.locator("label", has_text="Misschien").tap()
    expect(page.get_by_role("radio", name="Misschien")).to_be_checked()
    page.get_by_label("Wil je iets laten weten?").fill("Als ik oppas heb voor Daan.")
    page.get_by_role("button", name="Verstuur mijn antwoord").tap()
    bedankt = page.locator("#antwoord .alert-success")
    expect(bedankt).to_contain_text("Bedankt!")
    expect(bedankt).to_contain_text("Je antwoord is doorgegeven: Misschien.")
    expect(bedankt).to_contain_text("Als ik oppas heb voor Daan.")
    phone.check("beraad-antwoord-2-bedankt-misschien-telefoon")
    genodigde.refresh_from_db()
    assert (genodigde.antwoord, genodigde.opmerking) == ("misschien", "Als ik oppas heb voor Daan.")

    # Changed his mind: the form sits behind "Antwoord veranderen", with his answer kept.
    page.get_by_text("Antwoord veranderen").tap()
    expect(page.get_by_label("Wil je iets laten weten?")).to_have_value(
        "Als ik oppas heb voor Daan."
    )
    expect(page.get_by_role("radio", name="Misschien")).to_be_checked()
    page.locator("label", has_text=re.compile(r"Ik kom$")).tap()
    # The checked choice carries a ✔ (CSS ::after) in its name: "Ik kom ✔".
    expect(page.get_by_role("radio", name=re.compile(r"^Ik kom(?! niet)"))).to_be_checked()
    page.get_by_label("Wil je iets laten weten?").fill("Ik heb oppas. Ik neem koek mee.")
    phone.check("beraad-antwoord-3-veranderen-telefoon")
    page.get_by_role("button", name="Verstuur mijn antwoord").tap()
    expect(bedankt).to_contain_text("Je antwoord is doorgegeven: Ik kom.")
    phone.check("beraad-antwoord-4-bedankt-ik-kom-telefoon")
    genodigde.refresh_from_db()
    assert genodigde.antwoord == "komt"
    phone.assert_no_errors()

    # The facilitator's overview shows the answer and the remark.
    sanne = laptop.page
    login_with_password(sanne, facilitator.username, PASSWORD)
    sanne.goto(reverse("beraad:genodigden", args=[netwerk.pk, beraad.pk]))
    expect(sanne.locator(".antwoord-kop-komt")).to_contain_text("Komen (1)")
    rij = sanne.locator(".genodigde-rij", has_text="Joost Bakker")
    expect(rij).to_contain_text("Ik heb oppas. Ik neem koek mee.")
    expect(rij).to_contain_text("Antwoord op")
    expect(sanne.locator(".antwoord-kop-misschien")).to_have_count(0)
    laptop.check("beraad-antwoord-5-genodigden-laptop")
    laptop.assert_no_errors()


# --- The actieplan of the demo's beraad: ~12 afspraken over 3 vragen --------------------


@pytest.fixture
def demo_beraad(live_server, db):
    """The demo's Netwerk of Marieke, with the beraad held ten weeks ago and its plan,
    and the links the demo hands out (family members log in with theirs)."""
    from beraad.demo import build_beraad
    from netwerkkompas.demo import build_kompas
    from sonestra.core.demo import ORGANISATIE, build_demo
    from sonestra.core.models import Netwerk

    links = build_demo()
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)
    build_kompas(netwerk)
    build_beraad(netwerk)
    gehouden = Beraad.objects.get(netwerk=netwerk, vorige__isnull=True)
    return gehouden, {link.naam: urlparse(link.url).path for link in links}


@pytest.mark.parametrize("scherm", ["phone", "laptop"])
def test_the_actieplan_of_a_held_beraad(request, scherm, demo_beraad):
    from sonestra.core.demo import DEMO_WACHTWOORD

    gehouden, links = demo_beraad
    browsing = request.getfixturevalue(scherm)
    page = browsing.page
    if scherm == "phone":
        # Els, the aanspreekpunt, reads the plan on her phone. Her invitation was used
        # long ago; she comes back with a one-time login link.
        page.goto(links["Els van Dijk (tante)"])
        page.get_by_role("button", name="Inloggen", exact=True).tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn netwerken")
    else:
        login_with_password(page, "sanne", DEMO_WACHTWOORD)
    page.goto(reverse("beraad:plan", args=[gehouden.netwerk_id, gehouden.pk]))

    expect(page.get_by_role("heading", level=1)).to_have_text("Actieplan van Marieke Bakker")
    expect(page.locator(".plan-versie")).to_contain_text("Versie 1, vastgesteld op")
    expect(page.locator(".plan-kern")).to_contain_text("Els van Dijk")
    expect(page.locator(".plan-vraag")).to_have_count(3)
    expect(page.locator(".afspraak")).to_have_count(12)
    # Per vraag the fixed order: what we do ourselves, professionals, aanbod.
    eerste = page.locator(".plan-vraag").nth(1)
    expect(eerste.locator(".plan-sectie-kop")).to_have_text(
        [
            re.compile("Wat wij zelf doen"),
            re.compile("Hulp van professionals"),
            re.compile("Aanbod en wat het kost"),
        ]
    )
    expect(eerste.locator(".plan-sectie.soort-3 .bedrag")).to_contain_text("186,00 per maand")
    expect(page.locator(".plan-totaal-alles")).to_contain_text("186,00 per maand")
    expect(page.locator(".plan-totaal-alles")).to_contain_text("95,00 per jaar")
    expect(page.locator(".toets.toets-ok")).to_have_count(2)
    expect(page.locator(".toets.toets-open")).to_have_count(0)
    akkoorden = Akkoord.objects.filter(plan=gehouden.plan).count()
    expect(page.locator(".akkoord-lijst li")).to_have_count(akkoorden)
    # A finished plan changes in the Actieteam, not here: no edit buttons.
    expect(page.get_by_role("link", name=re.compile("^Wijzig afspraak"))).to_have_count(0)
    breedte = "telefoon" if scherm == "phone" else "laptop"
    browsing.check(f"beraad-plan-12-afspraken-{breedte}")
    browsing.assert_no_errors()

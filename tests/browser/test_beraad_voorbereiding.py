"""Marieke prepares her beraad, on a phone and on a laptop: the checklist, her vragen in
her own order, the informatie, waar en wanneer, the professional's zorgen en voorwaarden,
and who is invited (with the reason someone is not, which only she and the facilitator see).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, expect

from beraad.models import Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from sonestra.core.actions import do_invite
from sonestra.core.models import Deelname, Persoon
from sonestra.core.roles import Rol
from tests.browser.conftest import accept_invitation

pytestmark = pytest.mark.browser

VRAGEN = [
    "Hoe kan ik zelf blijven wonen zonder dat het misgaat met geld?",
    "Hoe kom ik aan werk dat bij mij past?",
    "Met wie kan ik iets leuks doen in het weekend?",
]
VOORWAARDE = (
    "Elke week kijkt iemand samen met Marieke naar de post en de rekeningen, ook als iemand "
    "op vakantie is."
)
ZORG = "Marieke wil veel zelf leren. Mijn zorg is dat anderen dingen voor haar gaan regelen."
REDEN = (
    "Papa en ik hebben al lang geen contact. Als hij erbij is, durf ik niet te zeggen wat ik wil."
)


@pytest.fixture
def in_voorbereiding(netwerk, beraad, professional):
    """A beraad halfway through its preparation: vragen, one of two informatievragen
    answered, a voorwaarde and a zorg, answers of every kind, and one not invited."""
    for volgorde, tekst in enumerate(VRAGEN, start=1):
        Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=volgorde)
    mensen = {
        naam: Persoon.objects.create(netwerk=netwerk, naam=naam, soort=soort)
        for naam, soort in [
            ("Ria Bakker", "familie"),
            ("Joost Bakker", "familie"),
            ("Sevda Yılmaz", "vrienden"),
            ("Lotte Smit", "school_werk"),
            ("Henk Bakker", "familie"),
            ("Peter Mulder", "professional"),
        ]
    }
    Informatie.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        onderwerp="Wat doet een bewindvoerder, en kan ik later mijn geld weer zelf doen?",
        van=mensen["Peter Mulder"],
        antwoord="Ik beheer het geld tot de schulden weg zijn. Dat duurt nog ongeveer een jaar.",
        beantwoord=timezone.now(),
    )
    Informatie.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        onderwerp="Wat kan begeleiding wel en niet doen?",
        van=Deelname.objects.get(user=professional).persoon,
    )
    for soort, thema, tekst in [
        (Voorwaarde.Soort.VOORWAARDE, Voorwaarde.Thema.CONTINUITEIT, VOORWAARDE),
        (Voorwaarde.Soort.ZORG, Voorwaarde.Thema.ONTWIKKELING, ZORG),
    ]:
        Voorwaarde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            soort=soort,
            thema=thema,
            tekst=tekst,
            auteur=professional,
            persoon=Deelname.objects.get(user=professional).persoon,
        )
    for naam, antwoord, opmerking in [
        ("Ria Bakker", "komt", ""),
        ("Joost Bakker", "misschien", "Als ik oppas heb voor Daan."),
        ("Sevda Yılmaz", "", ""),
        ("Lotte Smit", "komt_niet", "Ik ben die week op vakantie. Succes!"),
    ]:
        Genodigde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            persoon=mensen[naam],
            antwoord=antwoord,
            opmerking=opmerking,
            beantwoord=timezone.now() if antwoord else None,
        )
    Genodigde.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        persoon=mensen["Henk Bakker"],
        uitgenodigd=False,
        reden=REDEN,
    )
    return beraad


@pytest.mark.parametrize("scherm", ["phone", "laptop"])
def test_marieke_prepares_her_beraad(
    request, live_server, scherm, netwerk, in_voorbereiding, facilitator
):
    beraad = in_voorbereiding
    browsing = request.getfixturevalue(scherm)
    page = browsing.page
    breedte = "360" if scherm == "phone" else "1280"

    def druk(locator: Locator) -> None:
        """A tap on the phone, a click on the laptop."""
        if scherm == "phone":
            locator.tap()
        else:
            locator.click()

    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    _, token = do_invite(netwerk=netwerk, rol=Rol.HOOFDPERSOON, by=facilitator, persoon=marieke)
    accept_invitation(page, token, "Marieke Bakker", tap=scherm == "phone")

    # 1. The checklist: what is done and what is not.
    page.goto(reverse("beraad:beraad", args=[netwerk.pk, beraad.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("FamilieNetwerkBeraad voorbereiden")
    stappen = page.locator(".checklist > li")
    expect(stappen).to_have_count(5)
    expect(stappen.nth(0)).to_contain_text("3 vragen")
    expect(stappen.nth(1)).to_contain_text("1 van 2 beantwoord")
    antwoorden = page.get_by_role("list", name="Antwoorden op de uitnodiging")
    expect(antwoorden.locator("li")).to_have_text(
        ["1 komen", "1 misschien", "1 komen niet", "1 nog geen antwoord"]
    )
    expect(stappen.nth(3)).to_contain_text("Nog doen")
    expect(stappen.nth(4)).to_contain_text("1 voorwaarde, 1 zorg")
    browsing.check(f"beraad-voorbereiding-1-checklist-{breedte}")

    # 2. The vragen: the most important one goes up, without a new page (htmx).
    druk(page.get_by_role("link", name="Vragen aanpassen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("De vragen voor het beraad")
    rijen = page.locator("#vragenlijst .vraag-rij .vraag-tekst")
    expect(rijen).to_have_text(VRAGEN)
    page.evaluate("() => { window.__beraadMarker = 'zelfde pagina'; }")
    druk(page.get_by_role("button", name="Vraag 3 omhoog"))
    expect(rijen).to_have_text([VRAGEN[0], VRAGEN[2], VRAGEN[1]])
    druk(page.get_by_role("button", name="Vraag 2 omhoog"))
    expect(rijen).to_have_text([VRAGEN[2], VRAGEN[0], VRAGEN[1]])
    expect(page.locator("#vragen-status")).not_to_be_empty()
    assert page.evaluate("() => window.__beraadMarker") == "zelfde pagina"
    # The first has no "up", the last no "down"; the one moved is marked.
    expect(page.get_by_role("button", name="Vraag 1 omhoog")).to_have_count(0)
    expect(page.get_by_role("button", name="Vraag 3 omlaag")).to_have_count(0)
    assert list(beraad.vragen.values_list("tekst", flat=True)) == [VRAGEN[2], VRAGEN[0], VRAGEN[1]]
    browsing.check(f"beraad-voorbereiding-2-vragen-{breedte}")

    # 3. The informatie, with the answer that came and the one still open.
    page.goto(reverse("beraad:informatie", args=[netwerk.pk, beraad.pk]))
    expect(page.get_by_text("Dat duurt nog ongeveer een jaar.")).to_be_visible()
    browsing.check(f"beraad-voorbereiding-3-informatie-{breedte}")

    # 4. Waar en wanneer: Marieke chooses; back on the checklist it is done.
    page.goto(reverse("beraad:beraad", args=[netwerk.pk, beraad.pk]))
    druk(page.get_by_role("link", name="Waar en wanneer kiezen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Waar en wanneer")
    dag = timezone.localdate() + timedelta(days=24)
    page.get_by_label("Dag", exact=True).fill(dag.isoformat())
    page.get_by_label("Begintijd").fill("19:00")
    page.get_by_label("Eindtijd (ongeveer)").fill("21:30")
    page.get_by_label("Waar?").fill("Wijkcentrum De Dreef, zaal 2")
    browsing.check(f"beraad-voorbereiding-4-waar-wanneer-{breedte}")
    druk(page.get_by_role("button", name="Opslaan"))
    expect(page.get_by_role("status").first).to_contain_text("Waar en wanneer zijn opgeslagen.")
    expect(stappen.nth(3)).to_contain_text("Klaar")
    expect(stappen.nth(3)).to_contain_text("Wijkcentrum De Dreef, zaal 2")
    beraad = Beraad.objects.get(pk=beraad.pk)
    assert timezone.localtime(beraad.datum).date() == dag
    assert timezone.localtime(beraad.datum).strftime("%H:%M") == "19:00"
    browsing.check(f"beraad-voorbereiding-5-checklist-klaar-{breedte}")

    # 5. Zorgen en voorwaarden: Marieke reads them; only professionals write them.
    druk(page.get_by_role("link", name="Zorgen en voorwaarden lezen"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgen en voorwaarden")
    expect(page.locator(".voorwaarde-kaart.soort-voorwaarde")).to_contain_text(VOORWAARDE)
    expect(page.locator(".voorwaarde-kaart.soort-zorg")).to_contain_text(ZORG)
    expect(page.locator(".voorwaarde-kaart").first).to_contain_text("Geschreven door")
    expect(page.get_by_role("button", name="Toevoegen")).to_have_count(0)
    browsing.check(f"beraad-voorbereiding-6-voorwaarden-{breedte}")

    # 6. Who is invited, with every answer, and why Henk is not: Marieke sees the reason.
    nav = page.get_by_role("navigation", name="Onderdelen van dit beraad")
    druk(nav.get_by_role("link", name="Wie komen er"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie nodigen we uit?")
    for kop in ["Komen (1)", "Misschien (1)", "Komen niet (1)"]:
        expect(page.locator(".antwoord-kop", has_text=kop)).to_have_count(1)
    expect(page.locator(".genodigde-rij", has_text="Joost Bakker")).to_contain_text(
        "Als ik oppas heb voor Daan."
    )
    henk = page.locator(".genodigde-rij", has_text="Henk Bakker")
    expect(henk.locator(".genodigde-reden")).to_contain_text(f"Waarom niet: {REDEN}")
    browsing.check(f"beraad-voorbereiding-7-genodigden-{breedte}")
    browsing.assert_no_errors()

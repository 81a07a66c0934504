"""Tap 2: saving how an afspraak is going (actieteam:status).

Who may change which afspraak, the history each change leaves, the version check when
two screens were opened at the same time, bad input, the plain and the htmx answer, and
afspraken that are not (or no longer) in this Netwerk's plan.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Status, Statuswijziging, Voortgang
from beraad.models import Actieplan, Beraad, Vraag
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

HTMX = {"HX-Request": "true"}


def persoon_van(user, netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


def status_url(afspraak) -> str:
    return reverse("actieteam:status", args=[afspraak.netwerk_id, afspraak.pk])


def mijn_url(netwerk) -> str:
    return reverse("actieteam:mijn", args=[netwerk.pk])


def tap(client, afspraak, status: str, notitie: str = "", versie: int = 0, **extra):
    """One tap on a card that showed `versie` (0: the status was never set)."""
    headers = extra.pop("headers", None)
    data = {"status": status, "notitie": notitie, "versie": versie, **extra}
    if headers:
        return client.post(status_url(afspraak), data, headers=headers)
    return client.post(status_url(afspraak), data)


def ander_plan(organisatie) -> Actieplan:
    """A closed plan in another Netwerk of the same organisation, with one vraag."""
    netwerk = Netwerk.objects.create(titel="Het netwerk van Joost", organisatie=organisatie)
    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=nu, vastgesteld=nu, planversie=1
    )
    plan.test_vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Elders?")
    return plan


@pytest.fixture
def van_sevda(teamplan, netwerklid, netwerk):
    """An afspraak the netwerklid (Sevda) does; the professional steps in."""
    return make_teamafspraak(
        teamplan, "Sevda haalt de boodschappen.", wie=[persoon_van(netwerklid, netwerk)]
    )


@pytest.fixture
def van_els(teamplan, supporter, netwerk):
    """An afspraak the supporter (Els) does; nobody else takes part."""
    return make_teamafspraak(
        teamplan, "Els doet op zondag de post.", wie=[persoon_van(supporter, netwerk)]
    )


# --- Who may change which afspraak --------------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "eigen", "ander"),
    [
        # The person, their supporters and the facilitator keep any afspraak up to date.
        (Rol.HOOFDPERSOON, 302, 302),
        (Rol.SUPPORTER, 302, 302),
        (Rol.FACILITATOR, 302, 302),
        # A network member and a professional only the ones they do or step in for.
        (Rol.NETWERKLID, 302, 403),
        (Rol.PROFESSIONAL, 302, 403),
        # The coordinator never changes anything inside a Netwerk.
        (Rol.COORDINATOR, 403, 403),
    ],
)
def test_it_lets_each_role_change_only_what_it_may(
    client, members, netwerk, teamplan, van_els, rol, eigen, ander
):
    """`eigen`: an afspraak this login does or steps in for (when it has a Persoon);
    `ander`: the supporter's afspraak, which only Els does."""
    user = members[rol]
    persoon = Deelname.objects.filter(user=user, netwerk=netwerk).first()
    persoon = persoon.persoon if persoon else None
    if rol == Rol.PROFESSIONAL:
        mine = make_teamafspraak(teamplan, "Ahmed belt de huisarts.", invallers=[persoon])
    else:
        mine = make_teamafspraak(teamplan, "Iets van mij.", wie=[persoon] if persoon else [])
    client.force_login(user)

    assert tap(client, mine, Status.BEZIG).status_code == eigen
    assert tap(client, van_els, Status.BEZIG).status_code == ander

    assert Voortgang.objects.filter(afspraak=mine, status=Status.BEZIG).exists() == (eigen == 302)
    assert Voortgang.objects.filter(afspraak=van_els).exists() == (ander == 302)
    assert Statuswijziging.objects.filter(afspraak=van_els).count() == (1 if ander == 302 else 0)


def test_it_is_404_for_an_outsider_and_asks_a_stranger_to_log_in(client, outsider, van_els):
    client.force_login(outsider)
    assert tap(client, van_els, Status.GELUKT).status_code == 404
    client.logout()
    response = tap(client, van_els, Status.GELUKT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Voortgang.objects.exists()


def test_it_answers_405_to_a_get(client, supporter, van_els):
    client.force_login(supporter)
    assert client.get(status_url(van_els)).status_code == 405


def test_it_logs_the_change_as_an_update(client, supporter, van_els):
    client.force_login(supporter)
    tap(client, van_els, Status.BEZIG)
    regel = Toegangslog.objects.filter(user=supporter).latest("pk")
    assert (regel.actie, regel.rol, regel.uitkomst) == (
        Toegangslog.Actie.UPDATE,
        Rol.SUPPORTER,
        Toegangslog.Uitkomst.TOEGESTAAN,
    )


# --- History -------------------------------------------------------------------------------


def test_each_change_is_kept_in_the_history_from_to(client, supporter, hoofdpersoon, van_els):
    client.force_login(supporter)
    tap(client, van_els, Status.BEZIG, "Ik ben begonnen.", versie=0)
    client.force_login(hoofdpersoon)
    tap(client, van_els, Status.GELUKT, "", versie=1)

    voortgang = Voortgang.objects.get(afspraak=van_els)
    assert (voortgang.status, voortgang.notitie, voortgang.versie) == (Status.GELUKT, "", 2)
    assert voortgang.gewijzigd_door == hoofdpersoon
    rijen = list(Statuswijziging.objects.filter(afspraak=van_els).order_by("tijd", "pk"))
    assert [(r.van, r.naar, r.notitie, r.naam, r.user) for r in rijen] == [
        (Status.NOG_NIET, Status.BEZIG, "Ik ben begonnen.", "Els", supporter),
        (Status.BEZIG, Status.GELUKT, "", "Marieke Bakker", hoofdpersoon),
    ]
    assert all(r.netwerk_id == van_els.netwerk_id for r in rijen)


def test_the_facilitator_without_a_persoon_is_named_by_login(client, facilitator, van_els):
    client.force_login(facilitator)
    tap(client, van_els, Status.LUKT_NIET, "Els is ziek.")
    rij = Statuswijziging.objects.get(afspraak=van_els)
    assert (rij.naar, rij.naam, rij.user) == (Status.LUKT_NIET, str(facilitator), facilitator)


# --- Two screens at once -------------------------------------------------------------------


@pytest.mark.parametrize("headers", [None, HTMX], ids=["plain", "htmx"])
def test_a_stale_screen_overwrites_nothing_and_says_who_changed_what(
    client, supporter, hoofdpersoon, van_els, headers
):
    """Els and Marieke both opened the card while it was 'nog niet'. Els taps first; Marieke's
    tap comes back with Els's choice and note, keeps Marieke's note, and saves nothing."""
    client.force_login(supporter)
    assert tap(client, van_els, Status.BEZIG, "Ik bel vrijdag.", versie=0).status_code == 302

    client.force_login(hoofdpersoon)
    response = tap(
        client,
        van_els,
        Status.LUKT_NIET,
        "Els heeft geen tijd <b>echt</b>",
        versie=0,
        headers=headers,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Els heeft dit net veranderd in ‘Bezig’." in html
    assert "Met de notitie: “Ik bel vrijdag.”" in html
    assert "Er is niets overschreven." in html and "‘Lukt niet, hulp nodig’" in html
    # Marieke's own note is still in the field, escaped.
    assert 'value="Els heeft geen tijd &lt;b&gt;echt&lt;/b&gt;"' in html
    # The screen now carries the current version: one more tap goes through.
    assert re.search(r'name="versie" value="1"', html)
    assert 'class="status-keuze" open' in html

    voortgang = Voortgang.objects.get(afspraak=van_els)
    assert (voortgang.status, voortgang.notitie, voortgang.versie) == (
        Status.BEZIG,
        "Ik bel vrijdag.",
        1,
    )
    assert Statuswijziging.objects.filter(afspraak=van_els).count() == 1

    response = tap(
        client, van_els, Status.LUKT_NIET, "Els heeft geen tijd", versie=1, headers=headers
    )
    assert response.status_code == (200 if headers else 302)
    voortgang.refresh_from_db()
    assert (voortgang.status, voortgang.notitie, voortgang.versie) == (
        Status.LUKT_NIET,
        "Els heeft geen tijd",
        2,
    )
    assert list(
        Statuswijziging.objects.filter(afspraak=van_els)
        .order_by("tijd", "pk")
        .values_list("van", "naar")
    ) == [(Status.NOG_NIET, Status.BEZIG), (Status.BEZIG, Status.LUKT_NIET)]


def test_a_plain_conflict_comes_back_on_the_afspraak_page_and_goes_back_to_mijn_after(
    client, supporter, van_els, netwerk
):
    client.force_login(supporter)
    tap(client, van_els, Status.BEZIG, versie=0)
    response = tap(client, van_els, Status.GELUKT, versie=0, next=mijn_url(netwerk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wat is er veranderd?" in html  # the afspraak page with its history
    assert f'name="next" value="{mijn_url(netwerk)}"' in html
    response = tap(client, van_els, Status.GELUKT, versie=1, next=mijn_url(netwerk))
    assert response["Location"] == f"{mijn_url(netwerk)}?opgeslagen={van_els.pk}#kaart-{van_els.pk}"


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [None, HTMX], ids=["plain", "htmx"])
def test_an_unknown_status_saves_nothing_and_says_so(client, supporter, van_els, headers):
    client.force_login(supporter)
    response = tap(client, van_els, "alles_prima", "Mijn notitie", headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dat kan niet. Kies een van de vier knoppen" in html
    assert "Er is niets opgeslagen." in html
    assert 'value="Mijn notitie"' in html
    assert not Voortgang.objects.exists() and not Statuswijziging.objects.exists()


def test_a_note_that_is_too_long_is_kept_and_nothing_saved(client, supporter, van_els):
    client.force_login(supporter)
    lang = "x" * 301
    response = tap(client, van_els, Status.BEZIG, lang, headers=HTMX)
    html = response.content.decode()
    assert "Je notitie is te lang: hoogstens 300 tekens, het zijn er 301." in html
    assert f'value="{lang}"' in html
    assert not Voortgang.objects.exists()


def test_a_missing_version_saves_nothing(client, supporter, van_els):
    client.force_login(supporter)
    response = client.post(status_url(van_els), {"status": Status.BEZIG}, headers=HTMX)
    assert response.status_code == 200
    assert "De pagina was niet meer actueel" in response.content.decode()
    assert not Voortgang.objects.exists()


# --- Plain and htmx answers ----------------------------------------------------------------


def test_without_javascript_it_goes_back_to_the_page_with_a_message(
    client, netwerklid, van_sevda, netwerk
):
    client.force_login(netwerklid)
    afspraak_url = reverse("actieteam:afspraak", args=[netwerk.pk, van_sevda.pk])
    response = tap(client, van_sevda, Status.GELUKT, next=afspraak_url)
    assert response.status_code == 302
    assert response["Location"] == f"{afspraak_url}?opgeslagen={van_sevda.pk}#kaart-{van_sevda.pk}"
    page = client.get(afspraak_url).content.decode()
    assert "Opgeslagen: Gelukt. Dank je wel!" in page

    # Without a `next`, or with one to another site: back to Mijn afspraken.
    for next_url in ["", "https://elders.example/", "//elders.example/mijn/"]:
        response = tap(
            client, van_sevda, Status.BEZIG, versie=Voortgang.objects.get().versie, next=next_url
        )
        assert (
            response["Location"]
            == f"{mijn_url(netwerk)}?opgeslagen={van_sevda.pk}#kaart-{van_sevda.pk}"
        )


def test_with_htmx_the_card_comes_back_and_the_page_hears_it(client, netwerklid, van_sevda):
    client.force_login(netwerklid)
    response = tap(client, van_sevda, Status.GELUKT, "Klaar!", headers=HTMX)
    assert response.status_code == 200
    assert response["Vary"] and "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith(
        f'<article class="status-kaart status-gelukt" id="kaart-{van_sevda.pk}"'
    )
    assert '<p id="status-melding" hx-swap-oob="innerHTML">Opgeslagen: Gelukt.</p>' in html
    assert "“Klaar!”" in html and "Opgeslagen</span>" in html
    # The card closes again on its new state, focus back on "Hoe gaat het?", version moved.
    assert 'class="status-keuze" open' not in html
    assert 'class="status-summary" autofocus' in html
    assert 'name="versie" value="1"' in html
    # The new card posts with htmx again.
    assert f'hx-post="{status_url(van_sevda)}"' in html


# --- Not in this plan -----------------------------------------------------------------------


def test_a_tap_on_a_card_of_an_afspraak_stopped_meanwhile_says_so_and_keeps_the_note(
    client, hoofdpersoon, van_els
):
    van_els.beeindigd = timezone.now()
    van_els.save()
    client.force_login(hoofdpersoon)
    # With htmx the card is replaced by one that says so and gives the note back.
    response = tap(
        client, van_els, Status.GELUKT, "Gedaan op zaterdag.", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze afspraak staat niet meer in het plan" in html
    assert "Gedaan op zaterdag." in html and f'id="kaart-{van_els.pk}"' in html
    # Without JavaScript: back to Mijn afspraken with the message and the note.
    response = tap(client, van_els, Status.GELUKT, "Gedaan op zaterdag.")
    assert response.status_code == 302
    berichten = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Gedaan op zaterdag." in m for m in berichten)
    assert not Voortgang.objects.exists()


def test_an_afspraak_of_another_netwerk_is_404(
    client, hoofdpersoon, netwerklid, netwerk, organisatie, teamplan
):
    elders = make_teamafspraak(ander_plan(organisatie), "Niet van ons.")
    client.force_login(hoofdpersoon)
    url = reverse("actieteam:status", args=[netwerk.pk, elders.pk])
    assert client.post(url, {"status": Status.GELUKT, "versie": 0}).status_code == 404
    # A role that may change only its own afspraken is stopped one step earlier: it does not
    # take part in that afspraak (403, and still nothing about the other Netwerk shows).
    client.force_login(netwerklid)
    assert client.post(url, {"status": Status.GELUKT, "versie": 0}).status_code == 403
    assert not Voortgang.objects.exists()


def test_an_afspraak_of_an_older_plan_is_not_changed(client, hoofdpersoon, netwerk, teamplan):
    oud = make_teamafspraak(teamplan, "Uit het eerste plan.")
    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=nu, vastgesteld=nu + timedelta(minutes=1)
    )
    client.force_login(hoofdpersoon)
    # Out of date, not unknown: the tap is refused with a message, nothing saved.
    assert tap(client, oud, Status.GELUKT).status_code == 302
    assert not Voortgang.objects.exists()


# --- Query counts --------------------------------------------------------------------------


def _grow(plan, netwerk, to: int) -> None:
    personen = list(Persoon.objects.filter(netwerk=netwerk)[:3])
    while plan.afspraken.count() < to:
        make_teamafspraak(plan, "Nog een afspraak.", wie=personen[:2], invallers=personen[2:])


def _count(client, afspraak, versie: int, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = tap(
            client,
            afspraak,
            Status.BEZIG if versie % 2 == 0 else Status.GELUKT,
            versie=versie,
            **kwargs,
        )
    assert response.status_code in (200, 302)
    return len(queries)


@pytest.mark.parametrize("headers", [None, HTMX], ids=["plain", "htmx"])
def test_the_query_count_does_not_grow_with_the_plan(
    client, netwerklid, netwerk, teamplan, van_sevda, headers
):
    """session, user, access lookup, whether Sevda takes part, access log; the active plan,
    the afspraak (with vraag and voortgang), who does it, who steps in; then the save:
    savepoint, locked voortgang, its update, the history row, release. The same with and
    without htmx (the message goes into the cookie)."""
    client.force_login(netwerklid)
    _grow(teamplan, netwerk, 3)
    # The first change also creates the voortgang; measure the changes after it.
    tap(client, van_sevda, Status.NOG_NIET, versie=0)
    small = _count(client, van_sevda, 1, headers=headers)
    _grow(teamplan, netwerk, 40)
    large = _count(client, van_sevda, 2, headers=headers)
    assert (small, large) == (14, 14)


def test_back_on_mijn_without_javascript_the_card_itself_says_opgeslagen(
    client, netwerklid, van_sevda, netwerk
):
    """The message is at the top; the card the eye returns to says it too, and a card that
    moved into the folded 'klaar' list opens that list."""
    client.force_login(netwerklid)
    response = tap(client, van_sevda, Status.GELUKT)
    page = client.get(response["Location"].split("#")[0]).content.decode()
    kaart = page.split(f'id="kaart-{van_sevda.pk}"')[1].split("</article>")[0]
    assert '<span class="opgeslagen">Opgeslagen</span>' in kaart
    assert '<details class="klaar-lijst" open>' in page
    # A later visit shows it plainly again.
    page = client.get(reverse("actieteam:mijn", args=[netwerk.pk])).content.decode()
    assert 'class="opgeslagen"' not in page and '<details class="klaar-lijst">' in page

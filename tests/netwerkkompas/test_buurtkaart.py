"""The buurtkaart: the page with its drawing and list, and adding, changing and removing places."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netwerkkompas.models import Plek
from sonestra.core.models import Netwerk, Persoon, Toegangslog
from tests.core.test_query_counts import BASE, count, grow


def buurtkaart_url(netwerk) -> str:
    return reverse("netwerkkompas:buurtkaart", args=[netwerk.pk])


def nieuw_url(netwerk) -> str:
    return reverse("netwerkkompas:plek_nieuw", args=[netwerk.pk])


def plek_url(plek) -> str:
    return reverse("netwerkkompas:plek", args=[plek.netwerk_id, plek.pk])


def verwijder_url(plek) -> str:
    return reverse("netwerkkompas:plek_verwijderen", args=[plek.netwerk_id, plek.pk])


def plek_data(plek: Plek | None = None, versie: int | None = None, **fields) -> dict:
    """What the place form posts, for a form opened at `versie`."""
    data = {
        "naam": plek.naam if plek else "Albert Heijn",
        "soort": plek.soort if plek else "winkel",
        "loopminuten": plek.loopminuten if plek else 6,
        "personen": [p.pk for p in plek.personen.all()] if plek else [],
        "notities": plek.notities if plek else "",
        "versie": (plek.versie if versie is None else versie) if plek else "",
    }
    return {**data, **fields}


@pytest.fixture
def oma(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")


@pytest.fixture
def buurman(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Buurman Henk")


@pytest.fixture
def moskee(netwerk, oma, buurman) -> Plek:
    plek = Plek.objects.create(
        netwerk=netwerk,
        naam="Moskee Mevlana",
        soort=Plek.Soort.GEBEDSHUIS,
        loopminuten=12,
        notities="Vrijdag na het gebed thee.",
    )
    plek.personen.set([oma, buurman])
    return plek


# --- The page ---------------------------------------------------------------------------


def test_it_shows_the_drawing_and_the_list(client, netwerklid, netwerk, moskee):
    Plek.objects.create(netwerk=netwerk, naam="Bakker Bart", soort="winkel", loopminuten=3)
    client.force_login(netwerklid)
    response = client.get(buurtkaart_url(netwerk))
    assert response.status_code == 200
    html = response.content.decode()
    # The drawing: home, the four rings, a card for each place with its pictogram.
    svg = html[html.index('<svg xmlns="http://www.w3.org/2000/svg" class="tekening') :]
    svg = svg[: svg.index("</svg>") + 6]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('<symbol id="picto-') == len(Plek.Soort) + 1
    assert "#picto-thuis" in svg
    for label in ("5 min lopen", "10 min lopen", "15 min lopen", "20+ min lopen"):
        assert label in svg
    assert svg.count('class="plek"') == 2
    assert 'href="#picto-gebedshuis"' in svg and 'href="#picto-winkel"' in svg
    assert ">OT<" in svg and ">BH<" in svg  # who is there, by initials
    assert "style" not in svg.lower() and "<script" not in svg
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
    # The text alternative: nearest first, with the kind and the names.
    lijst = html[html.index('class="lijst plekken-lijst"') :]
    assert lijst.index("Bakker Bart") < lijst.index("Moskee Mevlana")
    assert "Winkel of markt · 3 minuten lopen" in lijst
    assert "Kerk, moskee of ander gebedshuis · 12 minuten lopen" in lijst
    assert "Buurman Henk, Oma Truus" in lijst
    # A network member may look, not change; the notes stay with the person's own circle.
    assert "Plek toevoegen" not in html
    assert plek_url(moskee) not in html
    assert "Vrijdag na het gebed thee." not in html


def test_people_who_may_change_the_kompas_get_the_links(client, supporter, netwerk, moskee):
    client.force_login(supporter)
    html = client.get(buurtkaart_url(netwerk)).content.decode()
    assert nieuw_url(netwerk) in html and "Plek toevoegen" in html
    assert plek_url(moskee) in html
    assert 'aria-label="Wijzig Moskee Mevlana"' in html
    assert "Vrijdag na het gebed thee." in html


def test_an_empty_map_says_so(client, facilitator, netwerk):
    client.force_login(facilitator)
    response = client.get(buurtkaart_url(netwerk))
    assert response.context["buurtkaart"].kaarten == []
    assert "Er staan nog geen plekken op de kaart." in response.content.decode()


def test_many_people_at_one_place_show_as_a_number(client, facilitator, netwerk):
    plek = Plek.objects.create(netwerk=netwerk, naam="Voetbalclub", soort="club", loopminuten=9)
    plek.personen.set(
        [Persoon.objects.create(netwerk=netwerk, naam=f"Speler {i}") for i in range(5)]
    )
    client.force_login(facilitator)
    html = client.get(buurtkaart_url(netwerk)).content.decode()
    assert ">5 mensen</text>" in html


def test_a_photo_is_clipped_to_a_circle(client, facilitator, netwerk, settings, tmp_path):
    from tests.core.test_url_access_matrix import _jpeg

    settings.MEDIA_ROOT = tmp_path
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", foto=_jpeg())
    plek = Plek.objects.create(netwerk=netwerk, naam="Markt", soort="winkel", loopminuten=4)
    plek.personen.set([oma])
    client.force_login(facilitator)
    html = client.get(buurtkaart_url(netwerk)).content.decode()
    assert f'<image href="{oma.foto_url()}"' in html
    clip = re.search(r'<clipPath id="(buurtkaart-foto-\d+-\d+)">', html).group(1)
    assert f'clip-path="url(#{clip})"' in html


def test_names_are_escaped_in_drawing_and_list(client, facilitator, netwerk):
    Plek.objects.create(netwerk=netwerk, naam="<b>Bar</b> & Co", soort="anders", loopminuten=5)
    client.force_login(facilitator)
    html = client.get(buurtkaart_url(netwerk)).content.decode()
    assert "<b>Bar</b>" not in html
    assert "&lt;b&gt;Bar&lt;/b&gt; &amp; Co" in html


def test_only_this_netwerks_places_are_shown(client, facilitator, netwerk, organisatie):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    Plek.objects.create(netwerk=ander, naam="Geheime plek", soort="club", loopminuten=5)
    client.force_login(facilitator)
    assert "Geheime plek" not in client.get(buurtkaart_url(netwerk)).content.decode()


# --- Adding a place ---------------------------------------------------------------------


def test_it_adds_a_place(client, supporter, netwerk, oma, buurman):
    client.force_login(supporter)
    form = client.get(nieuw_url(netwerk))
    assert form.status_code == 200
    html = form.content.decode()
    # Pictograms in the choice of kind; the groslijst as checkboxes, by name.
    assert 'type="radio" name="soort"' in html and 'href="#picto-kinderboerderij"' in html
    assert html.index("Buurman Henk") < html.index("Marieke Bakker") < html.index("Oma Truus")

    response = client.post(
        nieuw_url(netwerk),
        plek_data(naam="Kinderboerderij De Pijp", soort="kinderboerderij", personen=[oma.pk]),
    )
    assert response.status_code == 302
    assert response["Location"] == buurtkaart_url(netwerk)
    plek = Plek.objects.get(netwerk=netwerk)
    assert (plek.naam, plek.soort, plek.loopminuten) == (
        "Kinderboerderij De Pijp",
        "kinderboerderij",
        6,
    )
    assert list(plek.personen.all()) == [oma]
    log = Toegangslog.objects.filter(netwerk=netwerk).latest("pk")
    assert log.actie == Toegangslog.Actie.CREATE
    followed = client.get(response["Location"]).content.decode()
    assert "Kinderboerderij De Pijp staat nu op de buurtkaart." in followed


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"naam": ""}, "naam", "Vul de naam van de plek in."),
        ({"soort": ""}, "soort", "Kies wat voor plek het is."),
        ({"soort": "kroeg"}, "soort", "Kies wat voor plek het is."),
        ({"loopminuten": ""}, "loopminuten", "Vul in hoeveel minuten lopen het is."),
        ({"loopminuten": "tien"}, "loopminuten", "Vul een heel getal in, bijvoorbeeld 10."),
        ({"loopminuten": "0"}, "loopminuten", "Vul een aantal minuten in van 1 tot en met 120."),
        ({"loopminuten": "121"}, "loopminuten", "Vul een aantal minuten in van 1 tot en met 120."),
    ],
)
def test_invalid_input_is_explained_in_dutch_and_kept(
    client, facilitator, netwerk, fields, field, message
):
    client.force_login(facilitator)
    data = plek_data(**{"naam": "Buurthuis De Ster", "notities": "Koffie op dinsdag", **fields})
    response = client.post(nieuw_url(netwerk), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert message in html
    assert "Koffie op dinsdag" in html
    if field != "naam":
        assert 'value="Buurthuis De Ster"' in html
    assert not Plek.objects.exists()


def test_people_of_another_netwerk_are_refused(client, facilitator, netwerk, organisatie, oma):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemde = Persoon.objects.create(netwerk=ander, naam="Vreemde Vera")
    client.force_login(facilitator)
    response = client.post(nieuw_url(netwerk), plek_data(personen=[oma.pk, vreemde.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["personen"] == [
        "Kies alleen mensen uit de groslijst van dit netwerk."
    ]
    assert "Vreemde Vera" not in response.content.decode()
    assert not Plek.objects.exists()


# --- Changing a place -------------------------------------------------------------------


def test_it_changes_a_place(client, hoofdpersoon, netwerk, moskee, oma):
    client.force_login(hoofdpersoon)
    form = client.get(plek_url(moskee))
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="Moskee Mevlana"' in html
    assert re.search(r'value="gebedshuis"\s+checked', html)
    assert re.search(rf'value="{oma.pk}"\s+checked', html)

    response = client.post(
        plek_url(moskee), plek_data(moskee, loopminuten=14, personen=[oma.pk], notities="")
    )
    assert response.status_code == 302
    assert response["Location"] == buurtkaart_url(netwerk)
    moskee.refresh_from_db()
    assert moskee.loopminuten == 14 and moskee.notities == ""
    assert list(moskee.personen.all()) == [oma]
    assert moskee.versie == 2
    assert Toegangslog.objects.filter(netwerk=netwerk).latest("pk").actie == "U"


def test_a_conflicting_save_shows_the_other_change_and_keeps_mine(
    client, supporter, facilitator, netwerk, moskee, oma, buurman
):
    opened_at = moskee.versie
    # The facilitator saves first: a new walking time, and only the neighbour is there now.
    client.force_login(facilitator)
    first = client.post(
        plek_url(moskee),
        plek_data(
            moskee, opened_at, loopminuten=15, personen=[buurman.pk], notities="Andere tekst"
        ),
    )
    assert first.status_code == 302

    client.force_login(supporter)
    mine = plek_data(
        moskee,
        opened_at,
        naam="Moskee Mevlana (Zuid)",
        loopminuten=11,
        personen=[oma.pk, buurman.pk],
        notities="Mijn tekst",
    )
    response = client.post(plek_url(moskee), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    # Their saved values, above the form ...
    conflict = html[html.index("Nu opgeslagen:") : html.index("</dl>")]
    assert "15 minuten" in conflict and "Andere tekst" in conflict
    assert "Buurman Henk" in conflict and "Oma Truus" not in conflict
    # ... and my own text still in the form.
    assert 'value="Moskee Mevlana (Zuid)"' in html and "Mijn tekst" in html
    assert 'value="11"' in html
    moskee.refresh_from_db()
    assert (moskee.naam, moskee.loopminuten, moskee.notities) == (
        "Moskee Mevlana",
        15,
        "Andere tekst",
    )
    assert list(moskee.personen.all()) == [buurman]

    # Saving the same text again goes through, on top of the other change.
    again = client.post(
        plek_url(moskee), {**mine, "versie": response.context["form"]["versie"].value()}
    )
    assert again.status_code == 302
    moskee.refresh_from_db()
    assert (moskee.naam, moskee.loopminuten) == ("Moskee Mevlana (Zuid)", 11)
    assert set(moskee.personen.all()) == {oma, buurman}


def test_a_place_of_another_netwerk_is_not_found(client, facilitator, netwerk, organisatie):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemd = Plek.objects.create(netwerk=ander, naam="Elders", soort="club", loopminuten=5)
    client.force_login(facilitator)
    url = reverse("netwerkkompas:plek", args=[netwerk.pk, vreemd.pk])
    assert client.get(url).status_code == 404
    url = reverse("netwerkkompas:plek_verwijderen", args=[netwerk.pk, vreemd.pk])
    assert client.post(url).status_code == 404
    assert Plek.objects.filter(pk=vreemd.pk).exists()


# --- Removing a place -------------------------------------------------------------------


def test_it_removes_a_place(client, supporter, netwerk, moskee, oma):
    client.force_login(supporter)
    response = client.post(verwijder_url(moskee))
    assert response.status_code == 302
    assert response["Location"] == buurtkaart_url(netwerk)
    assert not Plek.objects.filter(pk=moskee.pk).exists()
    assert Persoon.objects.filter(pk=oma.pk).exists()  # the people stay in the groslijst
    assert Toegangslog.objects.filter(netwerk=netwerk).latest("pk").actie == "D"
    followed = client.get(response["Location"]).content.decode()
    assert "Moskee Mevlana staat niet meer op de buurtkaart." in followed


def test_removing_needs_a_post(client, supporter, moskee):
    client.force_login(supporter)
    assert client.get(verwijder_url(moskee)).status_code == 405
    assert Plek.objects.filter(pk=moskee.pk).exists()


# --- Who may do what --------------------------------------------------------------------


def test_outsider_gets_404_everywhere(client, outsider, netwerk, moskee):
    client.force_login(outsider)
    assert client.get(buurtkaart_url(netwerk)).status_code == 404
    assert client.get(nieuw_url(netwerk)).status_code == 404
    assert client.post(nieuw_url(netwerk), plek_data()).status_code == 404
    assert client.get(plek_url(moskee)).status_code == 404
    assert client.post(plek_url(moskee), plek_data(moskee, naam="Weg")).status_code == 404
    assert client.post(verwijder_url(moskee)).status_code == 404
    moskee.refresh_from_db()
    assert moskee.naam == "Moskee Mevlana"


@pytest.mark.parametrize("rol", ["netwerklid", "professional"])
def test_roles_without_the_right_may_look_but_not_change(request, client, netwerk, moskee, rol):
    client.force_login(request.getfixturevalue(rol))
    assert client.get(buurtkaart_url(netwerk)).status_code == 200
    assert client.get(nieuw_url(netwerk)).status_code == 403
    assert client.post(nieuw_url(netwerk), plek_data()).status_code == 403
    assert client.get(plek_url(moskee)).status_code == 403
    assert client.post(plek_url(moskee), plek_data(moskee, naam="Weg")).status_code == 403
    assert client.post(verwijder_url(moskee)).status_code == 403
    assert Plek.objects.filter(netwerk=netwerk).count() == 1
    moskee.refresh_from_db()
    assert moskee.naam == "Moskee Mevlana"


def test_coordinator_sees_no_map(client, coordinator, netwerk, moskee):
    client.force_login(coordinator)
    assert client.get(buurtkaart_url(netwerk)).status_code == 403
    assert client.post(verwijder_url(moskee)).status_code == 403


# --- Speed ------------------------------------------------------------------------------


def _fill_places(netwerk, aantal: int) -> None:
    """`aantal` places in all, each with up to 40 people of the groslijst at it."""
    mensen = list(netwerk.personen.order_by("pk"))
    for i in range(Plek.objects.filter(netwerk=netwerk).count(), aantal):
        plek = Plek.objects.create(
            netwerk=netwerk,
            naam=f"Plek {i}",
            soort=Plek.Soort.values[i % len(Plek.Soort)],
            loopminuten=1 + (i * 7) % 30,
        )
        plek.personen.set(mensen[i % 5 :: 3][:40])


def test_page_query_counts_do_not_grow(client, netwerk, facilitator):
    grow(netwerk, 5, facilitator)
    _fill_places(netwerk, 3)
    client.force_login(facilitator)
    plek = Plek.objects.filter(netwerk=netwerk).first()
    urls = {
        # + places, + their people (one prefetch)
        "buurtkaart": (buurtkaart_url(netwerk), BASE + 2),
        # + the groslijst for the checkboxes
        "plek_nieuw": (nieuw_url(netwerk), BASE + 1),
        # + this place, + its people (the form's initial), + the groslijst for the checkboxes
        "plek": (plek_url(plek), BASE + 3),
    }
    small = {name: count(client, url) for name, (url, _) in urls.items()}
    grow(netwerk, 150, facilitator)
    _fill_places(netwerk, 40)
    large = {name: count(client, url) for name, (url, _) in urls.items()}
    expected = {name: n for name, (_, n) in urls.items()}
    assert small == expected
    assert large == expected
    # The big map really has 40 places with many people each.
    response = client.get(buurtkaart_url(netwerk))
    assert len(response.context["buurtkaart"].kaarten) == 40
    assert max(k.aantal_mensen for k in response.context["buurtkaart"].kaarten) == 40


def test_saving_a_place_query_count_does_not_grow(client, netwerk, facilitator):
    def save_count() -> int:
        plek = Plek.objects.filter(netwerk=netwerk).order_by("pk").first()
        data = plek_data(plek, naam=f"Plek {plek.versie}")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(plek_url(plek), data)
        assert response.status_code == 302
        return len(queries)

    grow(netwerk, 5, facilitator)
    _fill_places(netwerk, 3)
    client.force_login(facilitator)
    small = save_count()
    grow(netwerk, 150, facilitator)
    _fill_places(netwerk, 40)
    assert save_count() == small

"""Talentenkaart, ondersteuningskaart and rondje positief."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netwerkkompas.models import Compliment, Ondersteuning, Talent
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog, User
from tests.core.test_query_counts import BASE, count, grow

HTMX = {"HX-Request": "true"}


def _persoon(user: User, netwerk: Netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


@pytest.fixture
def hoofd(netwerk) -> Persoon:
    return netwerk.personen.get(is_hoofdpersoon=True)


@pytest.fixture
def opa(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Opa Jan", soort="familie")


@pytest.fixture
def huisarts(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Peter Mulder", soort="professional")


@pytest.fixture
def elders(organisatie) -> Persoon:
    """Someone in another Netwerk: never to be chosen here."""
    ander = Netwerk.objects.create(titel="Het netwerk van Emre", organisatie=organisatie)
    return Persoon.objects.create(netwerk=ander, naam="Emre Yilmaz")


# --- Talentenkaart ----------------------------------------------------------------------


def talenten_url(netwerk) -> str:
    return reverse("netwerkkompas:talenten", args=[netwerk.pk])


def test_it_shows_a_card_per_person_the_hoofdpersoon_first(client, netwerk, hoofd, opa, supporter):
    Talent.objects.create(netwerk=netwerk, persoon=opa, tekst="Vissen", soort="doet_graag")
    Talent.objects.create(netwerk=netwerk, persoon=opa, tekst="Klussen", soort="goed_in")
    Persoon.objects.create(netwerk=netwerk, naam="Aagje Zonder Talent")
    client.force_login(supporter)

    response = client.get(talenten_url(netwerk))

    kaarten = response.context["kaarten"]
    # The hoofdpersoon (still without talents) first, then everyone with talents only.
    assert [k.persoon.naam for k in kaarten] == ["Marieke Bakker", "Opa Jan"]
    assert [t.tekst for t in kaarten[1].goed_in] == ["Klussen"]
    assert [t.tekst for t in kaarten[1].doet_graag] == ["Vissen"]
    page = response.text
    assert "Aagje Zonder Talent" not in page.split('id="talentenkaart"')[1]
    assert page.index("Marieke Bakker</h2>") < page.index("Opa Jan</h2>")
    assert "Is goed in" in page and "Doet graag" in page and "Nog niets ingevuld." in page


def test_supporter_adds_a_talent_for_the_person_they_choose(client, netwerk, opa, supporter):
    client.force_login(supporter)

    response = client.post(
        talenten_url(netwerk), {"persoon": opa.pk, "soort": "goed_in", "tekst": " Koken "}
    )

    assert response.status_code == 302
    talent = Talent.objects.get(netwerk=netwerk)
    assert (talent.persoon, talent.soort, talent.tekst) == (opa, "goed_in", "Koken")
    assert talent.created_by == supporter
    assert Toegangslog.objects.filter(actie="C", netwerk=netwerk, user=supporter).exists()


def test_netwerklid_always_adds_to_their_own_card(client, netwerk, hoofd, netwerklid):
    client.force_login(netwerklid)

    page = client.get(talenten_url(netwerk)).text
    response = client.post(
        talenten_url(netwerk), {"persoon": hoofd.pk, "soort": "doet_graag", "tekst": "Zingen"}
    )

    assert 'name="persoon"' not in page  # no choice of person offered
    assert "Wat kun jij goed? Wat doe je graag?" in page
    assert response.status_code == 302
    talent = Talent.objects.get(netwerk=netwerk)
    assert talent.persoon == _persoon(netwerklid, netwerk)
    assert not hoofd.talenten.exists()


def test_netwerklid_without_a_persoon_is_told_kindly(client, netwerk, netwerklid):
    Deelname.objects.filter(user=netwerklid).update(persoon=None)
    client.force_login(netwerklid)

    page = client.get(talenten_url(netwerk)).text
    response = client.post(talenten_url(netwerk), {"soort": "goed_in", "tekst": "Koken"})

    assert "Je naam staat nog niet in de groslijst van dit netwerk." in page
    assert 'name="tekst"' not in page
    assert response.status_code == 302
    assert not Talent.objects.exists()
    assert "Je naam staat nog niet" in client.get(response.url).text


def test_a_person_of_another_netwerk_cannot_be_chosen(client, netwerk, elders, supporter):
    client.force_login(supporter)

    response = client.post(
        talenten_url(netwerk), {"persoon": elders.pk, "soort": "goed_in", "tekst": "Koken"}
    )

    assert response.status_code == 200
    assert "Kies iemand uit de groslijst van dit netwerk." in response.text
    assert 'value="Koken"' in response.text
    assert not Talent.objects.exists()


def test_an_empty_talent_gets_a_dutch_error_and_keeps_the_choices(client, netwerk, opa, supporter):
    client.force_login(supporter)

    response = client.post(
        talenten_url(netwerk), {"persoon": opa.pk, "soort": "doet_graag", "tekst": "  "}
    )

    assert response.status_code == 200
    assert "Vul in wat iemand goed kan of graag doet." in response.text
    assert f'<option value="{opa.pk}" selected>' in response.text
    assert 'value="doet_graag" checked' in response.text
    assert not Talent.objects.exists()


def test_htmx_add_swaps_the_cards_and_empties_the_field(client, netwerk, netwerklid):
    client.force_login(netwerklid)

    response = client.post(
        talenten_url(netwerk), {"soort": "goed_in", "tekst": "Fietsen maken"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="talentenkaart"' in response.text
    assert "Fietsen maken" in response.text
    assert "staat nu op de kaart van Sevda" in response.text  # for screen readers
    # The field comes back out of band, empty, for the next one.
    assert 'id="id_tekst"' in response.text and 'value=""' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "HX-Request" in response["Vary"]


def test_htmx_error_comes_out_of_band_with_the_text_kept(client, netwerk, supporter, elders):
    client.force_login(supporter)

    response = client.post(
        talenten_url(netwerk),
        {"persoon": elders.pk, "soort": "goed_in", "tekst": "Koken"},
        headers=HTMX,
    )

    assert 'id="talent-fouten" class="text-danger" hx-swap-oob="true"' in response.text
    assert "Kies iemand uit de groslijst van dit netwerk." in response.text
    assert 'value="Koken"' in response.text


def _talent(netwerk, persoon, by=None, tekst="Breien") -> Talent:
    return Talent.objects.create(netwerk=netwerk, persoon=persoon, tekst=tekst, created_by=by)


def _weg(talent) -> str:
    return reverse("netwerkkompas:talent_verwijderen", args=[talent.netwerk_id, talent.pk])


def test_a_netwerklid_removes_their_own_talent_but_not_anothers(client, netwerk, hoofd, netwerklid):
    eigen = _talent(netwerk, _persoon(netwerklid, netwerk))  # added by someone else
    ander = _talent(netwerk, hoofd)
    client.force_login(netwerklid)

    assert client.post(_weg(ander)).status_code == 403
    assert client.post(_weg(eigen)).status_code == 302

    assert list(Talent.objects.all()) == [ander]
    # One line for the refusal, none that says it was allowed.
    regels = Toegangslog.objects.filter(actie="D", user=netwerklid, onderwerp=_weg(ander))
    assert list(regels.values_list("uitkomst", flat=True)) == ["geweigerd"]


def test_who_added_a_talent_may_remove_it(client, netwerk, hoofd, netwerklid):
    # Added by the network member when they still were allowed to choose (e.g. a former role).
    talent = _talent(netwerk, hoofd, by=netwerklid)
    client.force_login(netwerklid)
    assert client.post(_weg(talent)).status_code == 302
    assert not Talent.objects.exists()


def test_kompas_editors_remove_any_talent_and_professionals_none(
    client, netwerk, opa, facilitator, professional
):
    talent = _talent(netwerk, opa)
    client.force_login(professional)
    assert client.post(_weg(talent)).status_code == 403
    client.force_login(facilitator)
    response = client.post(_weg(talent))
    assert response.status_code == 302
    assert response.url == talenten_url(netwerk)
    assert not Talent.objects.exists()


def test_remove_buttons_only_where_allowed(client, netwerk, hoofd, netwerklid):
    eigen = _talent(netwerk, _persoon(netwerklid, netwerk), tekst="Tekenen")
    ander = _talent(netwerk, hoofd, tekst="Zwemmen")
    client.force_login(netwerklid)
    page = client.get(talenten_url(netwerk)).text
    assert _weg(eigen) in page
    assert _weg(ander) not in page


def test_htmx_remove_swaps_the_cards(client, netwerk, opa, supporter):
    talent = _talent(netwerk, opa)
    client.force_login(supporter)
    response = client.post(_weg(talent), headers=HTMX)
    assert response.status_code == 200
    assert 'id="talentenkaart"' in response.text and "Breien" not in response.text
    assert "hx-swap-oob" not in response.text  # the field a user may be typing in stays


def test_a_talent_of_another_netwerk_is_not_found(client, netwerk, elders, supporter):
    talent = _talent(elders.netwerk, elders)
    client.force_login(supporter)
    url = reverse("netwerkkompas:talent_verwijderen", args=[netwerk.pk, talent.pk])
    assert client.post(url).status_code == 404
    assert Talent.objects.filter(pk=talent.pk).exists()


def test_talents_are_escaped(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    client.post(talenten_url(netwerk), {"soort": "goed_in", "tekst": "<b>vet</b>"})
    page = client.get(talenten_url(netwerk)).text
    assert "<b>vet</b>" not in page and "&lt;b&gt;vet&lt;/b&gt;" in page


# --- Ondersteuningskaart ----------------------------------------------------------------


def ondersteuning_url(netwerk) -> str:
    return reverse("netwerkkompas:ondersteuning", args=[netwerk.pk])


def test_a_cell_is_filled_in_changed_and_taken_away_as_asked(client, netwerk, opa, supporter):
    client.force_login(supporter)
    url = ondersteuning_url(netwerk)

    response = client.post(url, {"persoon": opa.pk, "domein": "geld"})
    assert response.status_code == 302
    assert response.url == f"{url}?rij={opa.pk}"
    cel = Ondersteuning.objects.get()
    assert (cel.persoon, cel.domein, cel.toelichting) == (opa, "geld", "")

    client.post(url, {"persoon": opa.pk, "domein": "geld", "toelichting": "helpt met de post"})
    assert Ondersteuning.objects.get().toelichting == "helpt met de post"

    # Posting the same again (a double tap) changes nothing and loses no text.
    client.post(url, {"persoon": opa.pk, "domein": "geld"})
    assert Ondersteuning.objects.get().toelichting == "helpt met de post"

    # Taking it away is a tap on the filled cell: its button is named "uit".
    client.post(url, {"persoon": opa.pk, "uit": "geld"})
    assert not Ondersteuning.objects.exists()
    client.post(url, {"persoon": opa.pk, "uit": "geld"})  # twice: still away, no error
    assert not Ondersteuning.objects.exists()
    client.post(url, {"persoon": opa.pk, "aan": "geld"})
    client.post(url, {"persoon": opa.pk, "aan": "geld"})  # twice: one cell
    assert Ondersteuning.objects.count() == 1
    client.post(url, {"persoon": opa.pk, "uit": "geld"})
    # The row stays in view after its last mark was taken away.
    assert "Opa Jan" in client.get(f"{url}?rij={opa.pk}").context["netwerk_rijen"][0].persoon.naam


def test_a_new_cell_with_toelichting_keeps_it(client, netwerk, opa, supporter):
    client.force_login(supporter)
    client.post(
        ondersteuning_url(netwerk),
        {"persoon": opa.pk, "domein": "wonen", "toelichting": "klust in huis"},
    )
    assert Ondersteuning.objects.get().toelichting == "klust in huis"


def test_cells_need_a_person_of_this_netwerk(client, netwerk, elders, supporter):
    client.force_login(supporter)

    response = client.post(
        ondersteuning_url(netwerk), {"persoon": elders.pk, "domein": "geld", "toelichting": "x"}
    )

    assert response.status_code == 200
    assert "Kies iemand uit de groslijst van dit netwerk." in response.text
    assert not Ondersteuning.objects.exists()


def test_an_unknown_domain_is_refused_in_dutch(client, netwerk, opa, supporter):
    client.force_login(supporter)
    response = client.post(ondersteuning_url(netwerk), {"persoon": opa.pk, "domein": "reizen"})
    assert "Kies een levensgebied uit de lijst." in response.text
    assert not Ondersteuning.objects.exists()


def test_network_members_and_professionals_read_but_do_not_change(
    client, netwerk, opa, netwerklid, professional
):
    Ondersteuning.objects.create(netwerk=netwerk, persoon=opa, domein="wonen")
    for user in (netwerklid, professional):
        client.force_login(user)
        page = client.get(ondersteuning_url(netwerk)).text
        assert "Opa Jan" in page and "aria-pressed" not in page and 'id="id_persoon"' not in page
        response = client.post(ondersteuning_url(netwerk), {"persoon": opa.pk, "domein": "geld"})
        assert response.status_code == 403
    assert Ondersteuning.objects.count() == 1


def test_the_grid_shows_network_first_and_names_empty_domains(
    client, netwerk, opa, huisarts, supporter
):
    Ondersteuning.objects.create(
        netwerk=netwerk, persoon=opa, domein="geld", toelichting="helpt met post en geld"
    )
    Ondersteuning.objects.create(netwerk=netwerk, persoon=huisarts, domein="geld")
    client.force_login(supporter)

    response = client.get(ondersteuning_url(netwerk))

    ctx = response.context
    assert [r.persoon for r in ctx["netwerk_rijen"]] == [opa]
    assert [r.persoon for r in ctx["professional_rijen"]] == [huisarts]
    geld = next(k for k in ctx["per_domein"] if k.domein == "geld")
    assert [c.persoon for c in geld.netwerk] == [opa]
    assert [c.persoon for c in geld.professionals] == [huisarts]
    page = response.text
    assert "helpt met post en geld" in page
    assert "Voor gezondheid is er nog niemand." in page
    assert "Voor geld is er nog niemand." not in page
    assert page.index(">Netwerk</th>") < page.index(">Professionals</th>")
    assert "(professional)" in page
    assert f'id="cel-{opa.pk}-geld"' in page and 'aria-pressed="true"' in page


def test_add_a_row_shows_an_empty_row_for_that_person(client, netwerk, opa, supporter, elders):
    client.force_login(supporter)
    url = ondersteuning_url(netwerk)
    assert client.get(url).context["netwerk_rijen"] == []
    rijen = client.get(f"{url}?rij={opa.pk}").context["netwerk_rijen"]
    assert [r.persoon for r in rijen] == [opa]
    assert all(c.ondersteuning is None for c in rijen[0].cellen)
    # Someone of another Netwerk or nonsense: no row.
    assert client.get(f"{url}?rij={elders.pk}").context["netwerk_rijen"] == []
    assert client.get(f"{url}?rij=abc").context["netwerk_rijen"] == []


def test_htmx_toggle_swaps_the_grid(client, netwerk, opa, supporter):
    client.force_login(supporter)
    response = client.post(
        ondersteuning_url(netwerk), {"persoon": opa.pk, "domein": "werk"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="ondersteuningskaart"' in response.text
    assert "Opa Jan helpt nu bij werk en dagbesteding." in response.text
    assert Ondersteuning.objects.filter(persoon=opa, domein="werk").exists()


# --- Rondje positief --------------------------------------------------------------------


def positief_url(netwerk) -> str:
    return reverse("netwerkkompas:rondje_positief", args=[netwerk.pk])


def test_a_netwerklid_adds_a_compliment_in_their_own_name(client, netwerk, opa, netwerklid):
    client.force_login(netwerklid)

    page = client.get(positief_url(netwerk)).text
    response = client.post(positief_url(netwerk), {"tekst": "Ze is altijd eerlijk.", "van": opa.pk})

    assert "Wat waardeer je aan Marieke?" in page
    assert 'name="van"' not in page
    assert response.status_code == 302
    compliment = Compliment.objects.get()
    assert compliment.van == _persoon(netwerklid, netwerk)  # a posted `van` is ignored
    assert compliment.auteur == netwerklid
    page = client.get(positief_url(netwerk)).text
    assert "Ze is altijd eerlijk." in page and "Sevda" in page


def test_kompas_editors_may_write_down_what_someone_else_said(client, netwerk, opa, supporter):
    client.force_login(supporter)
    client.post(positief_url(netwerk), {"tekst": "Ze kan goed luisteren.", "van": opa.pk})
    client.post(positief_url(netwerk), {"tekst": "Ze lacht veel.", "van": ""})
    assert {c.tekst: c.van for c in Compliment.objects.all()} == {
        "Ze kan goed luisteren.": opa,
        "Ze lacht veel.": None,
    }
    page = client.get(positief_url(netwerk)).text
    assert "iemand uit het netwerk" in page and "Opa Jan" in page


def test_an_empty_compliment_gets_a_dutch_error_and_keeps_the_choice(
    client, netwerk, opa, supporter
):
    client.force_login(supporter)
    response = client.post(positief_url(netwerk), {"tekst": "   ", "van": opa.pk})
    assert response.status_code == 200
    assert "Schrijf op wat je waardeert." in response.text
    assert f'<option value="{opa.pk}" selected>' in response.text
    assert not Compliment.objects.exists()


def test_a_too_long_compliment_keeps_the_text(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    tekst = "Heel lief. " * 100
    response = client.post(positief_url(netwerk), {"tekst": tekst})
    assert "Schrijf het korter: hooguit 1000 tekens." in response.text
    assert "Heel lief. Heel lief." in response.text
    assert not Compliment.objects.exists()


def test_htmx_compliment_swaps_the_cards_and_empties_the_text(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    response = client.post(positief_url(netwerk), {"tekst": "Altijd vrolijk"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="complimenten"' in response.text
    assert "Altijd vrolijk" in response.text
    assert '<textarea name="tekst" id="id_tekst"' in response.text
    assert "></textarea>" in response.text  # empty again, for the next one


def test_a_compliment_is_removed_by_its_author_or_an_editor(
    client, netwerk, netwerklid, supporter, professional
):
    eigen = Compliment.objects.create(netwerk=netwerk, tekst="Mooi", auteur=netwerklid)
    ander = Compliment.objects.create(netwerk=netwerk, tekst="Fijn", auteur=supporter)

    def weg(c):
        return reverse("netwerkkompas:compliment_verwijderen", args=[netwerk.pk, c.pk])

    client.force_login(netwerklid)
    page = client.get(positief_url(netwerk)).text
    assert weg(eigen) in page and weg(ander) not in page
    assert client.post(weg(ander)).status_code == 403
    assert client.post(weg(eigen)).status_code == 302
    client.force_login(professional)
    assert client.post(weg(ander)).status_code == 403
    client.force_login(supporter)
    assert client.post(weg(ander)).status_code == 302
    assert not Compliment.objects.exists()


def test_compliments_are_escaped(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    client.post(positief_url(netwerk), {"tekst": "<script>alert(1)</script>"})
    page = client.get(positief_url(netwerk)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_outsiders_find_nothing(client, netwerk, outsider):
    client.force_login(outsider)
    for url in (talenten_url(netwerk), ondersteuning_url(netwerk), positief_url(netwerk)):
        assert client.get(url).status_code == 404


# --- Query counts -----------------------------------------------------------------------


def _fill(netwerk: Netwerk, user: User) -> None:
    """Proportionally many talents, cells and compliments: a few per person."""
    personen = list(netwerk.personen.all())
    domeinen = [d for d, _label in Ondersteuning.Domein.choices]
    Talent.objects.bulk_create(
        Talent(netwerk=netwerk, persoon=p, tekst=f"Talent {i}", soort=soort, created_by=user)
        for i, p in enumerate(personen)
        for soort in ("goed_in", "doet_graag")
    )
    Ondersteuning.objects.bulk_create(
        Ondersteuning(netwerk=netwerk, persoon=p, domein=domeinen[i % 7], toelichting="helpt")
        for i, p in enumerate(personen)
        if not Ondersteuning.objects.filter(persoon=p).exists()
    )
    Compliment.objects.bulk_create(
        Compliment(netwerk=netwerk, van=p, tekst=f"Dank {i}", auteur=user)
        for i, p in enumerate(personen)
    )


# Each page: BASE + the Netwerk's people (with the hoofdpersoon) + the page's own rows
# (talents / cells / compliments), joined to the people in Python.
KAARTEN = {
    "netwerkkompas:talenten": BASE + 2,
    "netwerkkompas:ondersteuning": BASE + 2,
    "netwerkkompas:rondje_positief": BASE + 2,
}


@pytest.mark.parametrize("name", sorted(KAARTEN))
@pytest.mark.parametrize("rol", ["facilitator", "netwerklid"])
def test_query_count_does_not_grow_with_the_netwerk(
    client, request, netwerk, facilitator, name, rol
):
    user = request.getfixturevalue(rol)
    grow(netwerk, 5, facilitator)
    _fill(netwerk, user)
    client.force_login(user)
    url = reverse(name, args=[netwerk.pk])
    small = count(client, url)
    Talent.objects.all().delete()
    Compliment.objects.all().delete()
    grow(netwerk, 150, facilitator)
    _fill(netwerk, user)
    assert Talent.objects.count() == 300
    large = count(client, url)
    assert (small, large) == (KAARTEN[name], KAARTEN[name])

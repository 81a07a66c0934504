"""The genogram pages: the drawing with its text alternative, adding and removing relations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netwerkkompas.forms.genogram import RelatieForm
from netwerkkompas.models import Relatie
from sonestra.core.models import Netwerk, Persoon, Toegangslog
from tests.core.test_query_counts import BASE, count, grow

OUDER, PARTNER, EX, BROER = "ouder", "partner", "ex_partner", "broer_zus"


@pytest.fixture
def familie(netwerk) -> dict[str, Persoon]:
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    marieke.geslacht = "v"
    marieke.geboortejaar = 1985
    marieke.save()

    def maak(naam, geslacht, jaar, **extra):
        return Persoon.objects.create(
            netwerk=netwerk, naam=naam, geslacht=geslacht, geboortejaar=jaar, **extra
        )

    p = {
        "marieke": marieke,
        "ria": maak("Ria Bakker", "v", 1958),
        "henk": maak("Henk", "m", 1955),
        "joost": maak("Joost", "m", 1988),
        "truus": maak("Oma Truus", "v", 1930, overleden=True, overlijdensjaar=2015),
        "neef": maak("Neef Daan", "", None, soort=Persoon.Soort.FAMILIE),
        "buurman": maak("Buurman Mo", "m", 1970, soort=Persoon.Soort.BUURT),
    }
    for van, naar, soort, band in [
        ("truus", "ria", OUDER, ""),
        ("ria", "marieke", OUDER, "hecht"),
        ("ria", "joost", OUDER, ""),
        ("henk", "marieke", OUDER, ""),
        ("henk", "joost", OUDER, ""),
        ("ria", "henk", EX, "conflict"),
    ]:
        Relatie.objects.create(netwerk=netwerk, van=p[van], naar=p[naar], soort=soort, band=band)
    return p


def url(netwerk, name="genogram", *args):
    return reverse(f"netwerkkompas:{name}", args=[netwerk.pk, *args])


# --- the page -------------------------------------------------------------------------


def test_the_page_draws_the_family_with_legend_and_words(client, supporter, netwerk, familie):
    client.force_login(supporter)
    response = client.get(url(netwerk))
    assert response.status_code == 200
    html = response.text
    assert html.count('class="persoon"') == 6  # five in relations, the neef as familie
    assert "Buurman Mo" not in html  # not family, not in a relation
    assert 'class="tekening genogram-tekening"' in html and 'role="img"' in html
    assert '<figure class="genogram-figuur" tabindex="0" aria-label=' in html
    assert "Ria Bakker</a> — geboren in 1958; moeder van Marieke Bakker en Joost; " in html
    assert "ex-partner van Henk" in html
    assert "Neef Daan</a> — nog geen relatie ingevuld" in html
    assert "Familie zonder relatie" in html
    assert "Zo lees je het genogram" in html
    assert "Laat de band zien" in html and "band-hecht" not in html
    assert "style=" not in html and "<script>" not in html
    assert Toegangslog.objects.filter(actie="R", netwerk=netwerk).exists()


def test_the_band_shows_with_a_get_parameter(client, supporter, netwerk, familie):
    client.force_login(supporter)
    html = client.get(url(netwerk) + "?band=1").text
    assert 'class="band-hecht"' in html and 'class="band-conflict"' in html
    assert "Verberg de band" in html
    assert "conflict met Henk" in html  # also in words
    assert "Contact verbroken" in html  # the legend grows


def test_editors_see_the_relations_with_delete_buttons(client, supporter, netwerk, familie):
    client.force_login(supporter)
    html = client.get(url(netwerk)).text
    assert url(netwerk, "relatie_nieuw") in html
    for relatie in Relatie.objects.filter(netwerk=netwerk):
        assert url(netwerk, "relatie_verwijderen", relatie.pk) in html
    assert reverse("netwerkkompas:persoon", args=[netwerk.pk, familie["ria"].pk]) in html


def test_names_are_escaped_in_drawing_and_words(client, supporter, netwerk, familie):
    familie["neef"].naam = "<b>Daan</b>"
    familie["neef"].save()
    client.force_login(supporter)
    html = client.get(url(netwerk)).text
    assert "<b>Daan" not in html
    assert "&lt;b&gt;Daan" in html


def test_an_empty_genogram_says_what_to_do(client, supporter, netwerk):
    client.force_login(supporter)
    html = client.get(url(netwerk)).text
    assert "Er staat nog niemand in het genogram." in html
    assert "genogram-tekening" not in html


def test_outsider_gets_404_and_professional_may_only_look(
    client, outsider, professional, netwerk, familie
):
    relatie = Relatie.objects.filter(netwerk=netwerk).first()
    client.force_login(outsider)
    assert client.get(url(netwerk)).status_code == 404
    assert client.post(url(netwerk, "relatie_verwijderen", relatie.pk)).status_code == 404
    client.force_login(professional)
    assert client.get(url(netwerk)).status_code == 200
    assert client.get(url(netwerk, "relatie_nieuw")).status_code == 403
    assert client.post(url(netwerk, "relatie_verwijderen", relatie.pk)).status_code == 403
    assert Relatie.objects.filter(pk=relatie.pk).exists()


# --- adding ---------------------------------------------------------------------------


def post_relatie(client, netwerk, van, soort, naar, band=""):
    return client.post(
        url(netwerk, "relatie_nieuw"),
        {"van": van.pk, "soort": soort, "naar": naar.pk, "band": band},
    )


def test_adding_a_relation_redirects_to_the_genogram(client, supporter, netwerk, familie):
    client.force_login(supporter)
    response = client.get(url(netwerk, "relatie_nieuw"))
    assert response.status_code == 200
    assert "Buurman Mo" in response.text  # anyone of this Netwerk can be chosen
    response = post_relatie(client, netwerk, familie["joost"], BROER, familie["neef"], "hecht")
    assert response.status_code == 302
    assert response.url == url(netwerk)
    relatie = Relatie.objects.get(van=familie["joost"], naar=familie["neef"])
    assert (relatie.soort, relatie.band, relatie.netwerk) == (BROER, "hecht", netwerk)
    assert Toegangslog.objects.filter(actie="C", netwerk=netwerk).exists()
    assert "staat in het genogram" in client.get(url(netwerk)).text


@pytest.mark.parametrize(
    ("van", "soort", "naar", "fout"),
    [
        ("ria", PARTNER, "ria", "Kies twee verschillende mensen."),
        ("ria", OUDER, "joost", "Deze relatie staat al in het genogram."),
        ("henk", EX, "ria", "Deze relatie staat al in het genogram."),  # mirrored
        ("henk", PARTNER, "ria", "staan al als partners of ex-partners"),
        ("marieke", OUDER, "truus", "Dat kan niet: Oma Truus is al ouder, grootouder"),
        ("joost", OUDER, "joost", "Kies twee verschillende mensen."),
        ("neef", OUDER, "joost", "Joost heeft al twee ouders in het genogram."),
    ],
)
def test_invalid_relations_are_refused_in_dutch(
    client, supporter, netwerk, familie, van, soort, naar, fout
):
    client.force_login(supporter)
    before = Relatie.objects.count()
    response = post_relatie(client, netwerk, familie[van], soort, familie[naar])
    assert response.status_code == 200
    assert fout in response.text
    assert Relatie.objects.count() == before
    # the choices stay as the user made them
    assert f'<option value="{familie[van].pk}" selected>' in response.text


def test_people_of_another_netwerk_are_refused(client, supporter, netwerk, familie, organisatie):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemde = Persoon.objects.create(netwerk=ander, naam="Vreemde")
    client.force_login(supporter)
    response = post_relatie(client, netwerk, familie["ria"], PARTNER, vreemde)
    assert response.status_code == 200
    assert "Kies iemand uit de lijst van dit netwerk." in response.text
    assert "Vreemde" not in response.text
    assert not Relatie.objects.filter(naar=vreemde).exists()


def test_form_checks_ancestors_over_several_generations(netwerk, familie):
    # Truus -> Ria -> Marieke: Marieke cannot become Truus' parent.
    form = RelatieForm(
        {"van": familie["marieke"].pk, "soort": OUDER, "naar": familie["truus"].pk},
        netwerk=netwerk,
    )
    assert not form.is_valid()
    form = RelatieForm(
        {"van": familie["truus"].pk, "soort": OUDER, "naar": familie["neef"].pk},
        netwerk=netwerk,
    )
    assert form.is_valid(), form.errors


def test_missing_choices_are_explained(client, supporter, netwerk, familie):
    client.force_login(supporter)
    response = client.post(url(netwerk, "relatie_nieuw"), {"van": "", "soort": "", "naar": ""})
    assert "Kies iemand uit de lijst." in response.text
    assert "Kies wat voor relatie het is." in response.text


# --- removing -------------------------------------------------------------------------


def test_removing_a_relation(client, facilitator, netwerk, familie):
    relatie = Relatie.objects.get(van=familie["ria"], naar=familie["henk"])
    client.force_login(facilitator)
    response = client.post(url(netwerk, "relatie_verwijderen", relatie.pk))
    assert response.status_code == 302
    assert response.url == url(netwerk)
    assert not Relatie.objects.filter(pk=relatie.pk).exists()
    assert Toegangslog.objects.filter(actie="D", netwerk=netwerk).exists()
    assert client.get(url(netwerk, "relatie_verwijderen", relatie.pk)).status_code == 405


def test_a_relation_of_another_netwerk_is_404(client, supporter, netwerk, organisatie):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    a = Persoon.objects.create(netwerk=ander, naam="A")
    b = Persoon.objects.create(netwerk=ander, naam="B")
    relatie = Relatie.objects.create(netwerk=ander, van=a, naar=b, soort=PARTNER)
    client.force_login(supporter)
    assert client.post(url(netwerk, "relatie_verwijderen", relatie.pk)).status_code == 404
    assert Relatie.objects.filter(pk=relatie.pk).exists()


# --- speed ----------------------------------------------------------------------------


def add_relations(netwerk: Netwerk) -> None:
    """Make every fourth person a parent of the next three, and pair the parents."""
    personen = list(netwerk.personen.order_by("pk"))
    bestaand = set(Relatie.objects.filter(netwerk=netwerk).values_list("van_id", "naar_id"))
    nieuw = []
    for n in range(0, len(personen) - 3, 4):
        ouder, *kinderen = personen[n : n + 4]
        for kind in kinderen:
            if (ouder.pk, kind.pk) not in bestaand:
                nieuw.append(Relatie(netwerk=netwerk, van=ouder, naar=kind, soort=OUDER))
        if n >= 4 and (personen[n - 4].pk, ouder.pk) not in bestaand:
            soort = PARTNER if n % 8 else EX
            nieuw.append(
                Relatie(netwerk=netwerk, van=personen[n - 4], naar=ouder, soort=soort, band="hecht")
            )
    Relatie.objects.bulk_create(nieuw)
    netwerk.personen.filter(pk__in=[p.pk for p in personen[::5]]).update(
        soort=Persoon.Soort.FAMILIE, geslacht="v"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # + relations, + the people drawn (family or in a relation)
        ("genogram", BASE + 2),
        ("genogram?band=1", BASE + 2),
        # + people for the two choice lists (each list asks once)
        ("relatie_nieuw", BASE + 2),
    ],
)
def test_query_count_does_not_grow_with_the_netwerk(client, netwerk, facilitator, name, expected):
    grow(netwerk, 5, facilitator)
    add_relations(netwerk)
    client.force_login(facilitator)
    path, _, query = name.partition("?")
    address = url(netwerk, path) + (f"?{query}" if query else "")
    small = count(client, address)
    grow(netwerk, 150, facilitator)
    add_relations(netwerk)
    assert Relatie.objects.filter(netwerk=netwerk).count() > 100
    large = count(client, address)
    assert (small, large) == (expected, expected)


def test_a_netwerklid_looks_and_does_not_change(client, netwerklid, netwerk, familie):
    client.force_login(netwerklid)
    html = client.get(url(netwerk)).text
    assert html.count('class="persoon"') == 6
    assert "Relatie toevoegen" not in html and "Verwijderen" not in html


def test_the_bond_is_shown_only_to_those_who_read_notes(client, netwerk, netwerklid, supporter):
    ria = Persoon.objects.create(netwerk=netwerk, naam="Ria", soort="familie")
    henk = Persoon.objects.create(netwerk=netwerk, naam="Henk", soort="familie")
    Relatie.objects.create(
        netwerk=netwerk, van=ria, naar=henk, soort=Relatie.Soort.EX_PARTNER, band="conflict"
    )
    url = reverse("netwerkkompas:genogram", args=[netwerk.pk]) + "?band=1"
    client.force_login(netwerklid)
    html = client.get(url).content.decode()
    assert "conflict" not in html.lower() and "Laat de band zien" not in html
    client.force_login(supporter)
    assert "conflict" in client.get(url).content.decode().lower()

"""The groslijst: inline filling in, filter and sort, taking someone off the list."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sonestra.core.models import Persoon
from tests.conftest import persoon_form_data
from tests.core.test_query_counts import BASE, count, grow

HTMX = {"HTTP_HX_REQUEST": "true"}


def _rij_url(netwerk, persoon, **query) -> str:
    url = reverse("netwerkkompas:rij", args=[netwerk.pk, persoon.pk])
    return url + ("?bewerken=1" if query.get("bewerken") else "")


def _rij_data(persoon: Persoon, **fields) -> dict:
    data = {
        "versie": persoon.versie,
        "soort": "",
        "tijd": "heden",
        "kwaliteit": "",
        "contact": "",
        "notities": "",
    }
    return {**data, **fields}


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile("oma.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def oma(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")


def test_it_opens_a_row_for_filling_in_inline(client, netwerk, supporter, oma):
    client.force_login(supporter)
    response = client.get(_rij_url(netwerk, oma, bewerken=True), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="groslijst-rij bewerken" id="rij-')
    for name in ("soort", "tijd", "kwaliteit", "contact", "notities", "foto"):
        assert f'name="{name}"' in html
    assert "<html" not in html  # only the row, not the page


def test_it_saves_a_row_inline_and_shows_it_again(client, netwerk, supporter, oma):
    client.force_login(supporter)
    response = client.post(
        _rij_url(netwerk, oma),
        _rij_data(
            oma, soort="familie", kwaliteit="positief", contact="wekelijks", notities="Bakt taart"
        ),
        **HTMX,
    )
    assert response.status_code == 200
    oma.refresh_from_db()
    assert (oma.soort, oma.kwaliteit, oma.contact, oma.notities) == (
        "familie",
        "positief",
        "wekelijks",
        "Bakt taart",
    )
    assert oma.versie == 2
    html = response.content.decode()
    assert "Familie" in html and "Elke week" in html
    assert 'class="groslijst-rij bewerken"' not in html


def test_it_saves_a_photo_inline(client, netwerk, supporter, oma, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(supporter)
    response = client.post(_rij_url(netwerk, oma), _rij_data(oma, foto=_jpeg()), **HTMX)
    assert response.status_code == 200
    oma.refresh_from_db()
    assert oma.foto and (tmp_path / oma.foto.name).exists()


def test_a_concurrent_inline_edit_keeps_both_texts(client, netwerk, supporter, oma):
    geopend = oma.versie
    # Someone else saves first.
    Persoon.objects.filter(pk=oma.pk).update(notities="Woont in Zeist", versie=geopend + 1)
    client.force_login(supporter)
    response = client.post(
        _rij_url(netwerk, oma),
        {**_rij_data(oma, notities="Belt op zondag"), "versie": geopend},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Woont in Zeist" in html  # what is saved now
    assert "Belt op zondag" in html  # the user's own text, kept
    assert "Iemand anders heeft dit intussen ook gewijzigd" in html
    oma.refresh_from_db()
    assert oma.notities == "Woont in Zeist"


def test_an_invalid_inline_value_is_refused_with_the_text_kept(client, netwerk, supporter, oma):
    client.force_login(supporter)
    response = client.post(
        _rij_url(netwerk, oma), _rij_data(oma, tijd="ooit", notities="Mijn tekst"), **HTMX
    )
    assert response.status_code == 200
    assert "Mijn tekst" in response.content.decode()
    assert "geldige keuze" in response.content.decode()
    oma.refresh_from_db()
    assert oma.notities == ""


def test_a_row_posted_without_htmx_is_saved_or_kept(client, netwerk, supporter, oma):
    client.force_login(supporter)
    response = client.post(_rij_url(netwerk, oma), _rij_data(oma, tijd="ooit", notities="Mijn"))
    assert response.status_code == 200
    assert "Mijn" in response.content.decode() and "<html" in response.content.decode()
    response = client.post(_rij_url(netwerk, oma), _rij_data(oma, soort="buurt"))
    assert response.status_code == 302
    oma.refresh_from_db()
    assert oma.soort == "buurt"


def test_filling_in_a_row_keeps_the_balans_measured(client, netwerk, supporter, oma):
    from netwerkkompas.models import Balansmeting

    client.force_login(supporter)
    voor = Balansmeting.tel(netwerk.pk)
    client.post(_rij_url(netwerk, oma), _rij_data(oma, soort="professional"), **HTMX)
    meting = Balansmeting.objects.get(netwerk=netwerk, datum=timezone.localdate())
    assert (meting.informeel, meting.professioneel) == (voor[0] - 1, voor[1] + 1)


def test_without_htmx_a_row_leads_to_the_persons_page(client, netwerk, netwerklid, oma):
    client.force_login(netwerklid)
    response = client.get(_rij_url(netwerk, oma))
    assert response.status_code == 302
    assert response["Location"] == reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])


def test_a_network_member_cannot_fill_in_rows(client, netwerk, netwerklid, professional, oma):
    for user in (netwerklid, professional):
        client.force_login(user)
        assert client.get(_rij_url(netwerk, oma, bewerken=True), **HTMX).status_code == 403
        response = client.post(_rij_url(netwerk, oma), _rij_data(oma, soort="familie"), **HTMX)
        assert response.status_code == 403
    oma.refresh_from_db()
    assert oma.soort == ""


@pytest.fixture
def lijst(netwerk) -> dict[str, Persoon]:
    mensen = [
        ("Ria", "familie", "heden", "positief", "dagelijks", None),
        ("Kevin", "vrienden", "verleden", "moeizaam", "nooit", None),
        ("Annie", "buurt", "heden", "positief", "wekelijks", 1),
        ("Carla", "professional", "heden", "neutraal", "soms", None),
        ("Jasmijn", "vrienden", "mogelijk", "", "", None),
    ]
    return {
        naam: Persoon.objects.create(
            netwerk=netwerk,
            naam=naam,
            soort=soort,
            tijd=tijd,
            kwaliteit=kwaliteit,
            contact=contact,
            ring=ring,
        )
        for naam, soort, tijd, kwaliteit, contact, ring in mensen
    }


def _names(response) -> list[str]:
    return [p.naam for p in response.context["personen"]]


def test_it_filters_the_groslijst(client, netwerk, supporter, lijst):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    assert _names(client.get(url, {"soort": "vrienden"})) == ["Jasmijn", "Kevin"]
    assert _names(client.get(url, {"tijd": "verleden"})) == ["Kevin"]
    assert _names(client.get(url, {"kwaliteit": "positief"})) == ["Annie", "Ria"]
    assert _names(client.get(url, {"q": "ann"})) == ["Annie"]
    response = client.get(url, {"soort": "vrienden", "tijd": "mogelijk"})
    assert _names(response) == ["Jasmijn"]
    assert "1 van 7 personen" in response.content.decode()


def test_it_sorts_the_groslijst(client, netwerk, supporter, lijst):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    # The hoofdpersoon always first; then by the ring the cirkel draws.
    by_ring = _names(client.get(url, {"sorteer": "ring", "soort": ""}))
    assert by_ring[0] == "Marieke Bakker"
    assert by_ring.index("Annie") < by_ring.index("Ria") < by_ring.index("Kevin")
    assert by_ring.index("Kevin") < by_ring.index("Carla")
    by_contact = _names(client.get(url, {"sorteer": "contact"}))
    assert by_contact.index("Ria") < by_contact.index("Annie") < by_contact.index("Carla")
    assert by_contact.index("Carla") < by_contact.index("Kevin") < by_contact.index("Jasmijn")


def test_an_unknown_filter_value_shows_everyone(client, netwerk, supporter, lijst):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    response = client.get(url, {"soort": "<script>", "sorteer": "x"})
    assert response.status_code == 200
    assert len(_names(response)) == Persoon.objects.filter(netwerk=netwerk).count()


def test_the_filter_answers_htmx_with_the_list_only(client, netwerk, supporter, lijst):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    response = client.get(url, {"soort": "buurt"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="personen">')
    assert "Annie" in html and "Kevin" not in html


def test_a_quick_add_keeps_the_filter(client, netwerk, supporter, lijst):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    response = client.post(url, {"naam": "Buurman Mo", "soort": "vrienden"}, **HTMX)
    assert response.status_code == 200
    assert Persoon.objects.filter(netwerk=netwerk, naam="Buurman Mo").exists()
    assert _names(response) == ["Jasmijn", "Kevin"]  # still the friends


def test_how_the_contact_feels_stays_with_the_keepers(
    client, netwerk, netwerklid, supporter, lijst
):
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    client.force_login(netwerklid)
    assert "Moeizaam" not in client.get(url).content.decode()
    # Nor can a filter tell who it is.
    assert "Kevin" in client.get(url, {"kwaliteit": "moeizaam"}).content.decode()
    assert len(_names(client.get(url, {"kwaliteit": "moeizaam"}))) > 1
    client.force_login(supporter)
    assert "Moeizaam" in client.get(url).content.decode()


def test_the_groslijst_query_count_does_not_grow(client, netwerk, facilitator, lijst):
    """The list, filtered and sorted, is one query for the people plus one for the total."""
    client.force_login(facilitator)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk]) + "?soort=familie&sorteer=ring"
    small = count(client, url)
    grow(netwerk, 150, facilitator)
    Persoon.objects.filter(netwerk=netwerk, soort="").update(soort="familie")
    assert count(client, url) == small == BASE + 2


def test_the_row_query_count_is_fixed(client, netwerk, facilitator, oma):
    client.force_login(facilitator)
    # BASE + the person
    assert count_htmx(client, _rij_url(netwerk, oma, bewerken=True)) == BASE + 1


def count_htmx(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HTMX)
    assert response.status_code == 200
    return len(queries)


def test_someone_is_taken_off_the_list_with_their_photo(
    client, netwerk, supporter, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    kevin = Persoon.objects.create(netwerk=netwerk, naam="Kevin", foto=_jpeg())
    photo = tmp_path / kevin.foto.name
    assert photo.exists()
    client.force_login(supporter)
    url = reverse("netwerkkompas:persoon_verwijderen", args=[netwerk.pk, kevin.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Persoon.objects.filter(pk=kevin.pk).exists()
    assert not photo.exists()


def test_the_hoofdpersoon_and_people_with_a_login_stay(client, netwerk, supporter, netwerklid):
    client.force_login(supporter)
    for persoon in (
        netwerk.personen.get(is_hoofdpersoon=True),
        netwerklid.deelnames.get().persoon,
    ):
        url = reverse("netwerkkompas:persoon_verwijderen", args=[netwerk.pk, persoon.pk])
        response = client.post(url, follow=True)
        assert Persoon.objects.filter(pk=persoon.pk).exists()
        assert response.context["messages"]


def test_a_network_member_edits_their_own_details_only(client, netwerk, netwerklid, oma):
    zelf = netwerklid.deelnames.get().persoon
    client.force_login(netwerklid)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, zelf.pk])
    page = client.get(url)
    assert 'name="telefoon"' in page.content.decode()
    assert 'name="soort"' not in page.content.decode()  # how others see them is not theirs
    response = client.post(
        url, {"naam": "Sevda Yılmaz", "telefoon": "06 12345678", "versie": zelf.versie}
    )
    assert response.status_code == 302
    zelf.refresh_from_db()
    assert (zelf.naam, zelf.telefoon) == ("Sevda Yılmaz", "06 12345678")

    andere = reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])
    assert client.post(andere, persoon_form_data(oma, naam="Oma")).status_code == 403
    oma.refresh_from_db()
    assert oma.naam == "Oma Truus"


def test_a_professional_does_not_edit_their_own_details_here(client, netwerk, professional):
    zelf = professional.deelnames.get().persoon
    client.force_login(professional)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, zelf.pk])
    assert client.post(url, {"naam": "X", "versie": zelf.versie}).status_code == 403


def test_years_must_make_sense(client, netwerk, supporter, oma):
    client.force_login(supporter)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])
    response = client.post(url, persoon_form_data(oma, geboortejaar="1950", overlijdensjaar="1940"))
    assert response.status_code == 200
    assert "vóór het geboortejaar" in response.content.decode()
    response = client.post(url, persoon_form_data(oma, geboortejaar="1940", overlijdensjaar="2020"))
    assert response.status_code == 302
    oma.refresh_from_db()
    assert oma.overleden and oma.overlijdensjaar == 2020


def test_a_conflict_on_ones_own_details_shows_no_notes(client, netwerk, netwerklid):
    zelf = netwerklid.deelnames.get().persoon
    geopend = zelf.versie
    Persoon.objects.filter(pk=zelf.pk).update(
        notities="Alleen voor de regie", kwaliteit="moeizaam", versie=geopend + 1
    )
    client.force_login(netwerklid)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, zelf.pk])
    response = client.post(url, {"naam": "Sevda", "telefoon": "06 1", "versie": geopend})
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd" in html
    assert "Alleen voor de regie" not in html
    assert "Moeizaam" not in html


def _kompas_rond(netwerk, persoon, aantal: int) -> None:
    from netwerkkompas.models import Ondersteuning, Plek, Relatie, Talent

    for i in range(aantal):
        kind = Persoon.objects.create(netwerk=netwerk, naam=f"Kind {i}", soort="familie")
        Relatie.objects.create(netwerk=netwerk, van=persoon, naar=kind, soort="ouder")
        plek = Plek.objects.create(netwerk=netwerk, naam=f"Plek {i}", soort="club", loopminuten=5)
        plek.personen.add(persoon)
        Talent.objects.create(netwerk=netwerk, persoon=persoon, tekst=f"Talent {i}")
    for domein in ("wonen", "geld", "werk")[: min(aantal, 3)]:
        Ondersteuning.objects.get_or_create(netwerk=netwerk, persoon=persoon, domein=domein)


def test_a_persons_page_shows_them_in_every_tool(client, netwerk, netwerklid, oma):
    _kompas_rond(netwerk, oma, 2)
    client.force_login(netwerklid)
    html = client.get(reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])).content.decode()
    assert "Oma Truus in het netwerkkompas" in html
    assert "Ring 3: verder weg" in html
    assert "ouder van" in html and "Kind 1</a>" in html
    assert "Plek 0, Plek 1" in html and "Talent 0, Talent 1" in html
    assert "Wonen, Geld" in html or "Geld, Wonen" in html


def test_the_persons_page_query_count_does_not_grow_with_the_kompas(
    client, netwerk, facilitator, oma
):
    """The person + a login check + one query each for relations, places, talents, support."""
    client.force_login(facilitator)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])
    _kompas_rond(netwerk, oma, 2)
    small = count(client, url)
    _kompas_rond(netwerk, oma, 40)
    assert count(client, url) == small == BASE + 6

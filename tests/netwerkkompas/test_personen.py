"""The first page of the Netwerkkompas: the people in the Netwerk."""

import pytest
from django.urls import reverse

from sonestra.core.models import Persoon, Toegangslog


@pytest.fixture
def oma(netwerk):
    return Persoon.objects.create(
        netwerk=netwerk,
        naam="Oma Truus",
        geboortejaar=1944,
        telefoon="030-1234567",
        notities="Ex-vriend van de buurvrouw. Contact is moeizaam.",
    )


def test_quick_add_with_htmx_returns_only_the_new_row_the_count_and_the_message(
    client, supporter, netwerk
):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    Persoon.objects.create(netwerk=netwerk, naam="Aaltje")
    Persoon.objects.create(netwerk=netwerk, naam="Zeger")

    response = client.post(url, {"naam": "Buurvrouw Annie"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="personen"' not in response.text  # not the whole list again
    # In its place in the list (hoofdpersoon first, then by name): before the next row.
    namen = list(
        Persoon.objects.filter(netwerk=netwerk)
        .order_by("-is_hoofdpersoon", "naam")
        .values_list("naam", "pk")
    )
    plek = [naam for naam, _pk in namen].index("Buurvrouw Annie")
    assert f'hx-swap-oob="beforebegin:#rij-{namen[plek + 1][1]}"' in response.text
    assert response.text.count("<li ") == 1  # only the new row
    assert response.text.count("Buurvrouw Annie") >= 2  # the row and the message
    assert 'id="personen-kop" hx-swap-oob="true"' in response.text
    assert response["HX-Reswap"] == "none"
    assert response["HX-Trigger-After-Swap"] == "persoon-toegevoegd"
    assert Persoon.objects.filter(netwerk=netwerk, naam="Buurvrouw Annie").exists()
    assert Toegangslog.objects.filter(actie="C", netwerk=netwerk).exists()
    assert "HX-Request" in response["Vary"]


def test_quick_add_without_javascript_redirects(client, supporter, netwerk):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])

    response = client.post(url, {"naam": "Buurvrouw Annie"})

    assert response.status_code == 302
    assert response.url == url


def test_empty_name_keeps_the_form_with_a_dutch_error(client, supporter, netwerk):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])
    before = Persoon.objects.count()

    response = client.post(url, {"naam": "   "}, headers={"HX-Request": "true"})

    assert "Vul een naam in." in response.text
    assert Persoon.objects.count() == before


def test_names_are_escaped(client, supporter, netwerk):
    client.force_login(supporter)
    url = reverse("netwerkkompas:personen", args=[netwerk.pk])

    client.post(url, {"naam": "<script>alert(1)</script>"})
    page = client.get(url).text

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_contact_details_and_notes_stay_with_the_persons_own_circle(
    client, netwerk, oma, netwerklid, professional, supporter
):
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk])
    for user in (netwerklid, professional):
        client.force_login(user)
        page = client.get(url).text
        assert "Oma Truus" in page
        assert "030-1234567" not in page
        assert "moeizaam" not in page
    client.force_login(supporter)
    page = client.get(url).text
    assert "030-1234567" in page
    assert "moeizaam" in page


def test_a_person_of_another_netwerk_is_not_found(client, netwerk, supporter, outsider):
    elders = Persoon.objects.create(netwerk=outsider.deelnames.get().netwerk, naam="Iemand anders")
    client.force_login(supporter)
    url = reverse("netwerkkompas:persoon", args=[netwerk.pk, elders.pk])
    assert client.get(url).status_code == 404

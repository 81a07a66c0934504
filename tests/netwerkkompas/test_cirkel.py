"""The netwerkcirkel page and moving someone to another ring."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sonestra.core.models import Persoon, Toegangslog
from tests.core.test_query_counts import BASE, count, grow


@pytest.fixture
def oma(netwerk):
    return Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")


def cirkel_url(netwerk) -> str:
    return reverse("netwerkkompas:cirkel", args=[netwerk.pk])


def ring_url(netwerk, persoon) -> str:
    return reverse("netwerkkompas:cirkel_ring", args=[netwerk.pk, persoon.pk])


def test_it_draws_everyone_with_a_title_and_lists_them_per_ring(client, netwerk, supporter, oma):
    Persoon.objects.create(
        netwerk=netwerk,
        naam="Ex-buurman Piet",
        soort="buurt",
        tijd="verleden",
        kwaliteit="moeizaam",
    )
    Persoon.objects.create(netwerk=netwerk, naam="Juf Aysel", soort="school_werk", tijd="mogelijk")
    Persoon.objects.create(netwerk=netwerk, naam="Wijkcoach Fatima", soort="professional")
    Persoon.objects.create(netwerk=netwerk, naam="Nog Onbekend")
    client.force_login(supporter)

    response = client.get(cirkel_url(netwerk))

    assert response.status_code == 200
    html = response.text
    svg = html[html.index("<svg") : html.index("</svg>")]
    # With links inside, the drawing is a group of links (an image may hold nothing to focus).
    assert 'role="group"' in svg and 'class="tekening cirkel-svg"' in svg
    assert 'font-family="DejaVu Sans, sans-serif"' in svg
    for persoon in Persoon.objects.filter(netwerk=netwerk):
        assert svg.count(f'id="cirkel-p{persoon.pk}"') == 1
    assert "<title>Oma Truus</title>" in svg
    assert "<title>Ex-buurman Piet (vroeger, moeizaam contact)</title>" in svg
    assert "<title>Juf Aysel (misschien later)</title>" in svg
    assert 'stroke-dasharray="5 3"' in svg  # vroeger
    assert 'stroke-dasharray="0.5 4.5"' in svg  # misschien later
    assert 'stroke="#8a3b12"' in svg  # moeizaam
    # Numbers in the drawing never get a Dutch decimal comma.
    assert not re.search(r'(?:cx|cy|r|x|y)="\d+,\d', svg)
    assert "<tspan" in svg and ">ingedeeld</tspan>" in svg  # "Nog niet ingedeeld", two lines
    assert "style=" not in html and "<style" not in html
    # The text alternative: per ring, with the kind and the rest in words.
    ringen = response.context["ringen"]
    assert [p.naam for p in ringen[1]["personen"]] == ["Oma Truus"]  # familie: ring 2
    assert [p.naam for p in ringen[3]["personen"]] == ["Wijkcoach Fatima"]
    assert "vroeger" in html and "misschien later" in html and "moeizaam contact" in html
    assert "Ring 1: heel dichtbij" in html and "Ring 4: professionals" in html
    # A supporter may move people: each node (not the hoofdpersoon) opens the ring chooser.
    assert f'href="{ring_url(netwerk, oma)}"' in svg
    assert 'hx-target="#ring-kiezer"' in svg
    hoofd = netwerk.personen.get(is_hoofdpersoon=True)
    assert ring_url(netwerk, hoofd) not in html
    assert Toegangslog.objects.filter(netwerk=netwerk, actie="R").exists()


def test_without_blank_kinds_there_is_no_sector_nog_niet_ingedeeld(client, netwerk, supporter, oma):
    netwerk.personen.filter(is_hoofdpersoon=False).update(soort="vrienden")
    client.force_login(supporter)
    response = client.get(cirkel_url(netwerk))
    # The hoofdpersoon has no kind of relation but stands in the middle.
    assert "ingedeeld" not in response.text
    assert [s.sleutel for s in response.context["tekening"].sectoren] == list(Persoon.Soort.values)


def test_a_netwerklid_sees_the_cirkel_with_links_to_the_people_only(
    client, netwerk, netwerklid, oma
):
    client.force_login(netwerklid)
    response = client.get(cirkel_url(netwerk))
    assert response.status_code == 200
    assert reverse("netwerkkompas:persoon", args=[netwerk.pk, oma.pk]) in response.text
    assert ring_url(netwerk, oma) not in response.text
    assert 'id="ring-kiezer"' not in response.text


def test_photos_are_clipped_to_a_circle(client, netwerk, supporter, oma, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    oma.foto = SimpleUploadedFile("oma.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    oma.save()
    client.force_login(supporter)
    response = client.get(cirkel_url(netwerk))
    assert f'<clipPath id="cirkel-foto-{oma.pk}">' in response.text
    assert f'href="{oma.foto_url()}"' in response.text
    assert f'clip-path="url(#cirkel-foto-{oma.pk})"' in response.text


def test_without_links_the_drawing_is_one_image_for_the_pdf(rf, netwerk, supporter, oma):
    from django.template.loader import render_to_string

    from netwerkkompas.views.cirkel import cirkel_context
    from sonestra.core.access import find_toegang

    context = cirkel_context(find_toegang(supporter, netwerk.pk))
    svg = render_to_string("netwerkkompas/svg/cirkel.svg", {**context, "uid": "pdf"})
    assert svg.lstrip().startswith("<svg") and 'role="img"' in svg
    assert "<a " not in svg and "hx-get" not in svg
    assert '<title id="pdf-titel">' in svg and 'id="pdf-p' in svg
    assert "<title>Oma Truus</title>" in svg


def test_get_ring_shows_four_buttons_with_the_current_ring_marked(
    client, netwerk, facilitator, oma
):
    client.force_login(facilitator)
    response = client.get(ring_url(netwerk, oma))
    assert response.status_code == 200
    html = response.text
    assert "<h1>Waar staat Oma Truus?</h1>" in html
    assert html.count('name="ring"') == 4
    assert re.search(r'class="ring-knop is-nu">\s*<span[^>]*>2<', html)
    assert "Hier staat Oma Truus nu." in html
    assert "hx-post" not in html  # a whole page posts normally


def test_post_ring_moves_the_person_and_goes_back_to_the_cirkel(client, netwerk, supporter, oma):
    client.force_login(supporter)
    versie = oma.versie

    response = client.post(ring_url(netwerk, oma), {"ring": "1"})

    assert response.status_code == 302
    assert response.url == cirkel_url(netwerk)
    oma.refresh_from_db()
    assert (oma.ring, oma.cirkelring) == (1, 1)
    assert oma.versie == versie + 1  # an edit form opened before sees the change
    page = client.get(response.url)
    assert "Oma Truus staat nu in ring 1: heel dichtbij." in page.text
    assert [p.naam for p in page.context["ringen"][0]["personen"]] == ["Oma Truus"]
    assert Toegangslog.objects.filter(netwerk=netwerk, actie="U", rol="supporter").exists()


@pytest.mark.parametrize("keuze", ["0", "5", "", "een"])
def test_an_invalid_ring_says_so_in_dutch(client, netwerk, supporter, oma, keuze):
    client.force_login(supporter)
    response = client.post(ring_url(netwerk, oma), {"ring": keuze})
    assert response.status_code == 200
    assert "Kies een van de vier ringen." in response.text
    oma.refresh_from_db()
    assert oma.ring is None


def test_the_hoofdpersoon_stays_in_the_middle(client, netwerk, hoofdpersoon):
    persoon = netwerk.personen.get(is_hoofdpersoon=True)
    client.force_login(hoofdpersoon)

    page = client.get(ring_url(netwerk, persoon))
    assert "staat altijd in het midden" in page.text
    assert 'name="ring"' not in page.text

    response = client.post(ring_url(netwerk, persoon), {"ring": "3"})
    assert response.status_code == 200
    assert "Marieke Bakker staat altijd in het midden van de cirkel." in response.text
    persoon.refresh_from_db()
    assert persoon.ring is None


def test_htmx_get_loads_the_chooser_for_the_panel(client, netwerk, facilitator, oma):
    client.force_login(facilitator)
    response = client.get(ring_url(netwerk, oma), headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Waar staat Oma Truus?" in response.text
    assert f'hx-post="{ring_url(netwerk, oma)}"' in response.text
    assert 'hx-target="#cirkel-inhoud"' in response.text
    assert "HX-Request" in response["Vary"]


def test_htmx_post_swaps_the_drawing_and_the_list(client, netwerk, facilitator, oma):
    client.force_login(facilitator)
    response = client.post(ring_url(netwerk, oma), {"ring": "4"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="cirkel-inhoud"')
    assert "<svg" in html and 'id="ring-4"' in html
    assert "Oma Truus staat nu in ring 4: professionals." in html
    assert response.context["ringen"][3]["personen"] == [oma]
    oma.refresh_from_db()
    assert oma.ring == 4


def test_htmx_post_with_an_error_goes_into_the_panel(client, netwerk, facilitator, oma):
    client.force_login(facilitator)
    response = client.post(ring_url(netwerk, oma), {"ring": "9"}, headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#ring-kiezer"
    assert response["HX-Reswap"] == "innerHTML"
    assert "Kies een van de vier ringen." in response.text


def test_someone_from_another_netwerk_is_not_found(client, netwerk, supporter, outsider):
    from sonestra.core.models import Netwerk

    ander = Netwerk.objects.get(titel="Het netwerk van Emre")
    vreemde = Persoon.objects.create(netwerk=ander, naam="Vreemde")
    client.force_login(supporter)
    assert client.get(ring_url(netwerk, vreemde)).status_code == 404
    assert client.post(ring_url(netwerk, vreemde), {"ring": "1"}).status_code == 404
    vreemde.refresh_from_db()
    assert vreemde.ring is None


@pytest.mark.parametrize(
    ("rol", "status"),
    [("netwerklid", 403), ("professional", 403), ("coordinator", 403), ("outsider", 404)],
)
def test_who_may_not_move_people_cannot(client, request, netwerk, oma, rol, status):
    client.force_login(request.getfixturevalue(rol))
    assert client.post(ring_url(netwerk, oma), {"ring": "1"}).status_code == status
    oma.refresh_from_db()
    assert oma.ring is None


def test_names_are_escaped_in_drawing_and_list(client, netwerk, supporter):
    Persoon.objects.create(netwerk=netwerk, naam="<script>x</script>", soort="vrienden")
    client.force_login(supporter)
    response = client.get(cirkel_url(netwerk))
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text


def _vul(netwerk, facilitator, aantal):
    grow(netwerk, aantal, facilitator)
    soorten = [s for s, _ in Persoon.Soort.choices] + [""]
    for i, persoon in enumerate(netwerk.personen.filter(is_hoofdpersoon=False).order_by("pk")):
        persoon.soort = soorten[i % len(soorten)]
        persoon.tijd = ("heden", "verleden", "mogelijk")[i % 3]
        persoon.ring = (None, 1, 2, 3, 4)[i % 5]
        persoon.save()


def test_cirkel_query_count_does_not_grow(client, netwerk, facilitator):
    client.force_login(facilitator)
    url = cirkel_url(netwerk)
    _vul(netwerk, facilitator, 5)
    small = count(client, url)
    _vul(netwerk, facilitator, 150)
    large = count(client, url)
    # BASE + the people (one query; photos and rings need nothing more)
    assert (small, large) == (BASE + 1, BASE + 1)


def test_ring_query_counts_do_not_grow(client, netwerk, facilitator):
    client.force_login(facilitator)
    _vul(netwerk, facilitator, 5)
    persoon = netwerk.personen.filter(is_hoofdpersoon=False).first()
    url = ring_url(netwerk, persoon)
    htmx = {"HX-Request": "true"}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def post_count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, {"ring": "2"}, headers=htmx)
        assert response.status_code == 200
        return len(queries)

    small = (count(client, url), post_count())
    _vul(netwerk, facilitator, 150)
    large = (count(client, url), post_count())
    # GET: BASE + the person. htmx POST: BASE + the person + the update + the people.
    assert small == large == (BASE + 1, BASE + 3)


def test_how_a_contact_feels_is_drawn_only_for_the_keepers(client, netwerk, netwerklid, supporter):
    Persoon.objects.create(netwerk=netwerk, naam="Kevin", soort="vrienden", kwaliteit="moeizaam")
    url = reverse("netwerkkompas:cirkel", args=[netwerk.pk])
    client.force_login(netwerklid)
    assert "moeizaam" not in client.get(url).content.decode().lower()
    client.force_login(supporter)
    assert "moeizaam" in client.get(url).content.decode().lower()

"""Optimistic version check: two people editing the same record never overwrite each other."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sonestra.core.models import Netwerk, Persoon
from tests.conftest import persoon_form_data

CONFLICT = "Iemand anders heeft dit intussen ook gewijzigd"
NOTITIE_A = "Belt elke zondag met oma"
NOTITIE_B = "Komt op woensdag koken"


@pytest.fixture
def persoon(netwerk) -> Persoon:
    return netwerk.personen.get(is_hoofdpersoon=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _versie_in(html: str) -> int:
    """The version the form on the page carries (its hidden field)."""
    inputs = re.findall(r"<input[^>]*name=\"versie\"[^>]*>", html)
    assert len(inputs) == 1, inputs
    assert 'type="hidden"' in inputs[0]
    return int(re.search(r'value="(\d+)"', inputs[0]).group(1))


def _persoon_url(netwerk, persoon) -> str:
    return reverse("netwerkkompas:persoon", args=[netwerk.pk, persoon.pk])


# Persoon


def test_a_save_increments_the_version(netwerk, persoon, supporter):
    els = _client(supporter)
    url = _persoon_url(netwerk, persoon)
    assert _versie_in(els.get(url).text) == 1

    response = els.post(url, persoon_form_data(persoon, 1, notities=NOTITIE_A))

    assert response.status_code == 302
    persoon.refresh_from_db()
    assert persoon.versie == 2
    assert persoon.notities == NOTITIE_A
    assert _versie_in(els.get(url).text) == 2

    response = els.post(url, persoon_form_data(persoon, 2, notities=NOTITIE_B, telefoon="06-1"))

    assert response.status_code == 302
    persoon.refresh_from_db()
    assert persoon.versie == 3
    assert (persoon.notities, persoon.telefoon) == (NOTITIE_B, "06-1")


def test_the_second_save_sees_the_first(netwerk, persoon, supporter, facilitator):
    els = _client(supporter)
    sanne = _client(facilitator)
    url = _persoon_url(netwerk, persoon)
    assert _versie_in(els.get(url).text) == 1
    assert _versie_in(sanne.get(url).text) == 1

    first = els.post(url, persoon_form_data(persoon, 1, notities=NOTITIE_A))
    assert first.status_code == 302

    second = sanne.post(url, persoon_form_data(persoon, 1, notities=NOTITIE_B))

    assert second.status_code == 200
    assert CONFLICT in second.text
    form = second.context["form"]
    assert form.conflict.notities == NOTITIE_A
    # The saved value is shown, and Sanne's own text is kept in the form.
    assert f"<dd>{NOTITIE_A}</dd>" in second.text
    assert f"{NOTITIE_B}</textarea>" in second.text
    persoon.refresh_from_db()
    assert persoon.notities == NOTITIE_A
    assert persoon.versie == 2
    # The form now carries the current version, so sending it again goes through.
    assert _versie_in(second.text) == 2

    again = sanne.post(url, persoon_form_data(persoon, _versie_in(second.text), notities=NOTITIE_B))

    assert again.status_code == 302
    persoon.refresh_from_db()
    assert persoon.notities == NOTITIE_B
    assert persoon.versie == 3


def test_a_conflict_changes_no_field(netwerk, persoon, supporter, facilitator):
    url = _persoon_url(netwerk, persoon)
    _client(supporter).post(url, persoon_form_data(persoon, 1, telefoon="06-11111111"))

    response = _client(facilitator).post(
        url, persoon_form_data(persoon, 1, naam="Marieke B.", telefoon="06-22222222")
    )

    assert response.status_code == 200
    assert CONFLICT in response.text
    assert "06-11111111" in response.text  # what is saved now
    assert 'value="06-22222222"' in response.text  # what Sanne typed
    persoon.refresh_from_db()
    assert (persoon.naam, persoon.telefoon, persoon.versie) == ("Marieke Bakker", "06-11111111", 2)


def test_a_double_submit_of_the_same_form_conflicts(netwerk, persoon, supporter):
    els = _client(supporter)
    url = _persoon_url(netwerk, persoon)
    data = persoon_form_data(persoon, 1, notities=NOTITIE_A)

    assert els.post(url, data).status_code == 302
    response = els.post(url, data)

    assert response.status_code == 200
    assert CONFLICT in response.text
    persoon.refresh_from_db()
    assert persoon.versie == 2


def test_a_form_without_version_saves_nothing(netwerk, persoon, supporter):
    data = persoon_form_data(persoon, 1, notities=NOTITIE_A)
    del data["versie"]

    response = _client(supporter).post(_persoon_url(netwerk, persoon), data)

    assert response.status_code == 200
    assert "versie" in response.context["form"].errors
    persoon.refresh_from_db()
    assert (persoon.notities, persoon.versie) == ("", 1)


# Netwerk title


def _titel_url(netwerk) -> str:
    return reverse("core:netwerk_wijzigen", args=[netwerk.pk])


def test_a_title_save_increments_the_version(netwerk, facilitator):
    sanne = _client(facilitator)
    assert _versie_in(sanne.get(_titel_url(netwerk)).text) == 1

    response = sanne.post(_titel_url(netwerk), {"titel": "Netwerk Marieke", "versie": 1})

    assert response.status_code == 302
    assert response.url == netwerk.get_absolute_url()
    netwerk.refresh_from_db()
    assert (netwerk.titel, netwerk.versie) == ("Netwerk Marieke", 2)
    assert _versie_in(sanne.get(_titel_url(netwerk)).text) == 2


def test_the_second_title_save_sees_the_first(netwerk, facilitator, supporter):
    sanne = _client(facilitator)
    els = _client(supporter)
    assert _versie_in(sanne.get(_titel_url(netwerk)).text) == 1
    assert _versie_in(els.get(_titel_url(netwerk)).text) == 1

    first = sanne.post(_titel_url(netwerk), {"titel": "Samen met Marieke", "versie": 1})
    assert first.status_code == 302

    second = els.post(_titel_url(netwerk), {"titel": "Mariekes kring", "versie": 1})

    assert second.status_code == 200
    assert CONFLICT in second.text
    assert second.context["form"].conflict.titel == "Samen met Marieke"
    assert "<strong>Samen met Marieke</strong>" in second.text
    assert 'value="Mariekes kring"' in second.text
    netwerk.refresh_from_db()
    assert (netwerk.titel, netwerk.versie) == ("Samen met Marieke", 2)
    assert _versie_in(second.text) == 2

    again = els.post(
        _titel_url(netwerk), {"titel": "Mariekes kring", "versie": _versie_in(second.text)}
    )

    assert again.status_code == 302
    netwerk.refresh_from_db()
    assert (netwerk.titel, netwerk.versie) == ("Mariekes kring", 3)


def test_archiving_does_not_break_an_open_title_form(netwerk, facilitator, supporter):
    """Archiving is not an edit of the title: the form opened before still saves."""
    els = _client(supporter)
    versie = _versie_in(els.get(_titel_url(netwerk)).text)
    _client(facilitator).post(
        reverse("core:netwerk_archiveren", args=[netwerk.pk]), {"archiveren": "1"}
    )

    response = els.post(_titel_url(netwerk), {"titel": "Mariekes kring", "versie": versie})

    assert response.status_code == 302
    netwerk = Netwerk.objects.get(pk=netwerk.pk)
    assert netwerk.titel == "Mariekes kring"
    assert netwerk.gearchiveerd is not None

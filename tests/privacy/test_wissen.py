"""Verwijderen (privacy:wissen): the hoofdpersoon erases the whole Netwerk after typing its
name. Nothing of it remains — no row in any app, no photo, no invitation, no session of a
family login that now has no Netwerk, no log line but one pseudonymous trace — and
nothing else is touched. A wrong name, another role or a GET deletes nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from privacy.wissen import BEVESTIGWOORD, fotomap, pseudoniem, spoor
from sonestra.core.demo import ORGANISATIE
from sonestra.core.models import (
    Deelname,
    LoginLink,
    Netwerk,
    Persoon,
    Sessie,
    Toegangslog,
    Uitnodiging,
    User,
)
from sonestra.core.roles import Rol

APPS = ("core", "netwerkkompas", "beraad", "actieteam", "privacy")


def wissen_url(netwerk_id: int) -> str:
    return reverse("privacy:wissen", args=[netwerk_id])


def _pad_naar_netwerk(model: type[models.Model]) -> str | None:
    """The lookup from a model to the Netwerk its rows belong to: its own `netwerk` field,
    or (a many-to-many table) the `netwerk` of the row it hangs off."""
    if model is Netwerk:
        return "pk"
    if model is Toegangslog:
        return None  # checked on its own: lines outlive rows by design
    for veld in model._meta.fields:
        if veld.name == "netwerk":
            return "netwerk_id"
    for veld in model._meta.fields:
        doel = veld.related_model
        if veld.is_relation and doel is not None and _pad_naar_netwerk(doel) == "netwerk_id":
            return f"{veld.name}__netwerk_id"
    return None


def alle_tabellen() -> list[tuple[type[models.Model], str]]:
    """Every model (many-to-many tables included) with a path to a Netwerk."""
    gevonden = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            pad = _pad_naar_netwerk(model)
            if pad is not None:
                gevonden.append((model, pad))
    return gevonden


def rijen_van(netwerk_id: int) -> dict[str, set[int]]:
    """The primary keys of every row of the Netwerk, per table."""
    return {
        model._meta.label: set(
            model._base_manager.filter(**{pad: netwerk_id}).values_list("pk", flat=True)
        )
        for model, pad in alle_tabellen()
    }


def fotos_op_schijf(netwerk_id: int) -> list[Path]:
    map_ = Path(settings.MEDIA_ROOT) / fotomap(netwerk_id)
    return sorted(p for p in map_.rglob("*") if p.is_file()) if map_.exists() else []


def ingelogd(client: Client) -> bool:
    response = client.get(reverse("core:mijn_netwerken"))
    return response.status_code == 200


# --- The demo, erased ---------------------------------------------------------------------


@pytest.fixture
def demo(db) -> Netwerk:
    call_command("demo", "--ook-zonder-debug", stdout=io.StringIO())
    return Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)


def test_nothing_of_the_netwerk_remains(demo, django_capture_on_commit_callbacks):
    netwerk_id = demo.pk
    anders = Netwerk.objects.exclude(pk=netwerk_id).get(titel="Het netwerk van Emre")
    voor = rijen_van(netwerk_id)
    # The demo fills every kind of row (so this test checks each of them).
    leeg = [label for label, pks in voor.items() if not pks]
    assert leeg == [], f"the demo has no rows of {leeg}"
    fotos = fotos_op_schijf(netwerk_id)
    assert fotos, "the demo has photos"
    # A stray file in the Netwerk's folder (an old photo no row names) goes too.
    (fotos[0].parent / "oud.jpg").write_bytes(b"\xff\xd8\xff")

    # Everyone logs in; Sevda also takes part in another Netwerk.
    clients = {}
    for naam in ("marieke", "els", "sevda", "sanne", "ahmed", "olaf"):
        clients[naam] = Client()
        clients[naam].force_login(User.objects.get(username=naam))
    Deelname.objects.create(
        netwerk=anders, user=User.objects.get(username="sevda"), rol=Rol.NETWERKLID
    )
    anders_voor = rijen_van(anders.pk)
    els = User.objects.get(username="els")
    LoginLink.create_for(els)
    # Someone outside tried to open the Netwerk: a refused line with only netwerk_ref.
    clients["olaf"].get(reverse("core:netwerk", args=[netwerk_id]))
    assert Toegangslog.objects.filter(netwerk_ref=netwerk_id, netwerk__isnull=True).exists()

    marieke = clients["marieke"]
    marieke.get(wissen_url(netwerk_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = marieke.post(wissen_url(netwerk_id), {"bevestiging": demo.titel})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")

    # No row of it in any app, every table checked; the other Netwerk untouched.
    na = rijen_van(netwerk_id)
    assert {label: pks for label, pks in na.items() if pks} == {}
    for label, pks in voor.items():
        model = apps.get_model(label)
        assert not model._base_manager.filter(pk__in=pks).exists(), label
    assert rijen_van(anders.pk) == anders_voor
    assert not Uitnodiging.objects.filter(netwerk_id=netwerk_id).exists()
    assert not Persoon.objects.filter(netwerk_id=netwerk_id).exists()

    # No photo or other file of it in storage.
    assert fotos_op_schijf(netwerk_id) == []
    assert all(not f.exists() for f in fotos)

    # The log: nothing of the Netwerk, one pseudonymous trace.
    assert not Toegangslog.objects.filter(netwerk_id=netwerk_id).exists()
    assert not Toegangslog.objects.filter(netwerk_ref=netwerk_id).exists()
    assert not Toegangslog.objects.filter(onderwerp__contains=f"/netwerken/{netwerk_id}/").exists()
    sporen = list(Toegangslog.objects.filter(onderwerp__startswith="netwerk gewist"))
    assert len(sporen) == 1
    trace = sporen[0]
    assert trace.onderwerp == spoor(netwerk_id) == f"netwerk gewist: {pseudoniem(netwerk_id)}"
    assert (trace.actie, trace.uitkomst, trace.rol) == ("D", "toegestaan", Rol.HOOFDPERSOON)
    assert trace.user_id is None and trace.gebruikersnaam == "" and trace.adres is None
    assert trace.netwerk_id is None and trace.netwerk_ref is None
    assert trace.tijd is not None
    assert "Marieke" not in trace.onderwerp and str(netwerk_id) not in trace.onderwerp.split()

    # Family logins with no Netwerk left are logged out everywhere; the rest stay.
    assert not ingelogd(clients["els"])
    assert not ingelogd(marieke)
    assert not Sessie.objects.filter(user__username__in=["marieke", "els"]).exists()
    assert not LoginLink.objects.filter(user=els, gebruikt__isnull=True).exists()
    assert ingelogd(clients["sevda"])  # she takes part in another Netwerk
    # Family logins with nothing left are gone, name and login lines too; staff stay.
    assert not User.objects.filter(username__in=["marieke", "els"]).exists()
    assert not Toegangslog.objects.filter(user_id=els.pk).exists()
    assert User.objects.filter(username__in=["sevda", "sanne", "ahmed"]).count() == 3
    assert ingelogd(clients["sanne"]) and ingelogd(clients["ahmed"])  # staff


def test_the_hoofdpersoon_sees_that_it_is_gone(demo, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(User.objects.get(username="marieke"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            wissen_url(demo.pk), {"bevestiging": str(BEVESTIGWOORD).lower()}, follow=True
        )
    assert response.status_code == 200
    assert "Het netwerk „Het netwerk van Marieke” en alles wat erbij hoorde is verwijderd." in (
        response.content.decode()
    )
    assert not response.context["user"].is_authenticated
    assert client.get(wissen_url(demo.pk)).status_code == 302  # to the login page


# --- Confirmation ---------------------------------------------------------------------------


@pytest.mark.parametrize("getypt", ["Het netwerk van Mariek", "", "   ", "verwijder", "ja"])
def test_a_wrong_name_deletes_nothing_and_says_why(client, netwerk, hoofdpersoon, getypt):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", telefoon="06-1")
    voor = rijen_van(netwerk.pk)
    client.force_login(hoofdpersoon)
    response = client.post(wissen_url(netwerk.pk), {"bevestiging": getypt})
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "is-invalid" in pagina
    if getypt.strip():
        assert "Dit is niet de naam van het netwerk" in pagina
        assert "Er is nog niets verwijderd." in pagina
        assert f'value="{getypt.strip()}"' in pagina  # the person's own text comes back
    else:
        assert "Typ de naam van het netwerk om te bevestigen." in pagina
    assert rijen_van(netwerk.pk) == voor
    assert Netwerk.objects.filter(pk=netwerk.pk).exists()


@pytest.mark.parametrize(
    "getypt", ["Het netwerk van Marieke", "  het   NETWERK van marieke ", "VERWIJDEREN"]
)
def test_the_name_or_the_word_confirms(
    client, netwerk, hoofdpersoon, getypt, django_capture_on_commit_callbacks
):
    client.force_login(hoofdpersoon)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(wissen_url(netwerk.pk), {"bevestiging": getypt})
    assert response.status_code == 302
    assert not Netwerk.objects.filter(pk=netwerk.pk).exists()


def test_the_page_explains_and_offers_the_export_first(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.get(wissen_url(netwerk.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    pagina = response.content.decode()
    assert "Dit kan niet ongedaan worden gemaakt." in pagina
    assert reverse("privacy:export", args=[netwerk.pk]) in pagina
    assert "Het netwerk van Marieke" in pagina and str(BEVESTIGWOORD) in pagina


def test_a_get_never_deletes(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    voor = rijen_van(netwerk.pk)
    for adres in (
        wissen_url(netwerk.pk),
        wissen_url(netwerk.pk) + f"?bevestiging={netwerk.titel}",
        wissen_url(netwerk.pk) + f"?bevestiging={BEVESTIGWOORD}",
    ):
        assert client.get(adres).status_code == 200
        assert client.head(adres).status_code == 200
    assert rijen_van(netwerk.pk) == voor
    assert client.put(wissen_url(netwerk.pk)).status_code == 405
    assert client.delete(wissen_url(netwerk.pk)).status_code == 405
    assert Netwerk.objects.filter(pk=netwerk.pk).exists()


# --- Access -------------------------------------------------------------------------------


def test_only_the_hoofdpersoon_may_erase(client, netwerk, members, outsider):
    voor = rijen_van(netwerk.pk)
    for rol, user in members.items():
        client.force_login(user)
        verwacht = 200 if rol == Rol.HOOFDPERSOON else 403
        assert client.get(wissen_url(netwerk.pk)).status_code == verwacht, rol
        if rol != Rol.HOOFDPERSOON:
            response = client.post(wissen_url(netwerk.pk), {"bevestiging": netwerk.titel})
            assert response.status_code == 403, rol
    client.force_login(outsider)
    assert client.get(wissen_url(netwerk.pk)).status_code == 404
    response = client.post(wissen_url(netwerk.pk), {"bevestiging": netwerk.titel})
    assert response.status_code == 404
    client.logout()
    response = client.post(wissen_url(netwerk.pk), {"bevestiging": netwerk.titel})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert rijen_van(netwerk.pk) == voor
    geweigerd = Toegangslog.objects.filter(netwerk_ref=netwerk.pk, actie="D", uitkomst="geweigerd")
    # supporter, netwerklid, facilitator, professional, coordinator and the outsider
    assert geweigerd.count() == 6


def test_it_erases_only_its_own_netwerk(
    client, netwerk, hoofdpersoon, outsider, django_capture_on_commit_callbacks
):
    eigen = Netwerk.objects.get(deelnames__user=outsider)
    Persoon.objects.create(netwerk=eigen, naam="Emre Kaya")
    anders_voor = rijen_van(eigen.pk)
    olaf = Client()
    olaf.force_login(outsider)
    olaf.get(reverse("core:netwerk", args=[eigen.pk]))
    log_anders = Toegangslog.objects.filter(netwerk_ref=eigen.pk).count()
    client.force_login(hoofdpersoon)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(wissen_url(netwerk.pk), {"bevestiging": netwerk.titel})
    assert rijen_van(eigen.pk) == anders_voor
    assert Toegangslog.objects.filter(netwerk_ref=eigen.pk).count() == log_anders
    assert ingelogd(olaf)

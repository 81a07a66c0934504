"""Fixtures shared by all tests: one Netwerk, a login for every role, and an outsider."""

from __future__ import annotations

import io
import os
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from sonestra.core.demo import ORGANISATIE
from sonestra.core.models import Deelname, Netwerk, Organisatie, Persoon, User
from sonestra.core.roles import Rol

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """Two test runs at once against one PostgreSQL server (a developer and CI, or two
    terminals) each get a test database of their own instead of dropping each other's."""
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(f"p{os.getpid()}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher takes ~0.3 s per password on purpose; tests make hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    # Photos a test saves (the demo draws five) never land in the project's media/.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@contextmanager
def demo_om_te_lezen(django_db_blocker, media):
    """The demo for a module-scoped fixture: built inside a transaction that is rolled
    back afterwards, so the module's tests get what the fixture read (bytes, text), never
    rows. Yields Marieke's Netwerk; photos go to `media`."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        call_command("demo", "--ook-zonder-debug", stdout=io.StringIO())
        yield Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)
        transaction.set_rollback(True)


def make_user(username: str, organisatie: Organisatie | None = None, **fields) -> User:
    user = User(
        username=username, first_name=username.capitalize(), organisatie=organisatie, **fields
    )
    # Staff log in with a password; family members only by their link, as in real life.
    if organisatie is not None:
        user.set_password(PASSWORD)
    else:
        user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def organisatie(db) -> Organisatie:
    return Organisatie.objects.create(naam="Stichting Test")


@pytest.fixture
def netwerk(organisatie) -> Netwerk:
    netwerk = Netwerk.objects.create(titel="Het netwerk van Marieke", organisatie=organisatie)
    Persoon.objects.create(netwerk=netwerk, naam="Marieke Bakker", is_hoofdpersoon=True)
    return netwerk


def _member(netwerk: Netwerk, username: str, rol: str, organisatie=None) -> User:
    user = make_user(username, organisatie)
    persoon = None
    if rol != Rol.FACILITATOR:
        persoon = netwerk.personen.filter(is_hoofdpersoon=True).first()
        if rol != Rol.HOOFDPERSOON:
            persoon = Persoon.objects.create(netwerk=netwerk, naam=username.capitalize())
    Deelname.objects.create(netwerk=netwerk, user=user, rol=rol, persoon=persoon)
    return user


@pytest.fixture
def hoofdpersoon(netwerk) -> User:
    return _member(netwerk, "marieke", Rol.HOOFDPERSOON)


@pytest.fixture
def supporter(netwerk) -> User:
    return _member(netwerk, "els", Rol.SUPPORTER)


@pytest.fixture
def netwerklid(netwerk) -> User:
    return _member(netwerk, "sevda", Rol.NETWERKLID)


@pytest.fixture
def facilitator(netwerk, organisatie) -> User:
    return _member(netwerk, "sanne", Rol.FACILITATOR, organisatie)


@pytest.fixture
def professional(netwerk, organisatie) -> User:
    return _member(netwerk, "ahmed", Rol.PROFESSIONAL, organisatie)


@pytest.fixture
def coordinator(organisatie) -> User:
    return make_user("petra", organisatie, is_coordinator=True)


@pytest.fixture
def outsider(db) -> User:
    """Staff of another organisation, with a Netwerk of their own: must see nothing of ours."""
    andere = Organisatie.objects.create(naam="Zorggroep Elders")
    user = make_user("olaf", andere, is_coordinator=True)
    eigen = Netwerk.objects.create(titel="Het netwerk van Emre", organisatie=andere)
    Deelname.objects.create(netwerk=eigen, user=user, rol=Rol.FACILITATOR)
    return user


def persoon_form_data(persoon: Persoon, versie: int | None = None, **fields) -> dict:
    """What the Persoon edit form posts, for a form opened at `versie`."""
    data = {
        "naam": persoon.naam,
        "soort": persoon.soort,
        "tijd": persoon.tijd,
        "kwaliteit": persoon.kwaliteit,
        "contact": persoon.contact,
        "ring": persoon.ring or "",
        "geslacht": persoon.geslacht,
        "overlijdensjaar": "",
        "geboortejaar": "",
        "telefoon": "",
        "email": "",
        "notities": "",
        "versie": persoon.versie if versie is None else versie,
    }
    return {**data, **fields}


ROLE_FIXTURES = {
    Rol.HOOFDPERSOON: "hoofdpersoon",
    Rol.SUPPORTER: "supporter",
    Rol.NETWERKLID: "netwerklid",
    Rol.FACILITATOR: "facilitator",
    Rol.PROFESSIONAL: "professional",
    Rol.COORDINATOR: "coordinator",
}


@pytest.fixture
def members(request, netwerk) -> dict[str, User]:
    """Every role at once, keyed by role."""
    return {rol: request.getfixturevalue(name) for rol, name in ROLE_FIXTURES.items()}


@pytest.fixture
def beraad(netwerk):
    """A FamilieNetwerkBeraad in preparation for the fixture Netwerk, with its (empty) plan."""
    from beraad.models import Actieplan, Beraad

    beraad = Beraad.objects.create(netwerk=netwerk)
    Actieplan.objects.create(netwerk=netwerk, beraad=beraad)
    return beraad


@pytest.fixture
def vraag(beraad):
    from beraad.models import Vraag

    return Vraag.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, tekst="Hoe kan ik zelf blijven wonen?", volgorde=1
    )


def make_afspraak(beraad, vraag, wat: str = "Ria kookt op woensdag.", **fields):
    """An afspraak in the beraad's plan, for tests."""
    from beraad.models import Afspraak

    wie = fields.pop("wie", [])
    afspraak = Afspraak.objects.create(
        netwerk=beraad.netwerk, plan=beraad.plan, vraag=vraag, wat=wat, **fields
    )
    afspraak.wie.set(wie)
    return afspraak


@pytest.fixture
def teamplan(netwerk):
    """The plan the Actieteam works on: a beraad closed with akkoord, its plan version 1,
    with one vraag (`teamplan.test_vraag`) and no afspraken yet (add them with
    `make_teamafspraak`, then call `actieteam.team.eerste_versie(teamplan)` if a test needs
    version 1 to hold them)."""
    from django.utils import timezone

    from beraad.models import Actieplan, Beraad, Vraag

    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=nu, vastgesteld=nu, planversie=1
    )
    plan.test_vraag = Vraag.objects.create(
        netwerk=netwerk, beraad=beraad, tekst="Hoe kan ik zelf blijven wonen?", volgorde=1
    )
    return plan


def make_teamafspraak(plan, wat: str = "Els doet op zondag de post met Marieke.", **fields):
    """An afspraak in the Actieteam's plan (on `plan.test_vraag` unless `vraag=` is given)."""
    from beraad.models import Afspraak

    wie = fields.pop("wie", [])
    invallers = fields.pop("invallers", [])
    vraag = fields.pop("vraag", None) or plan.test_vraag
    afspraak = Afspraak.objects.create(
        netwerk=plan.netwerk, plan=plan, vraag=vraag, wat=wat, **fields
    )
    afspraak.wie.set(wie)
    afspraak.invallers.set(invallers)
    return afspraak

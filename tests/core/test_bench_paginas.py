"""Every main page, for every role: at most 12 queries, the same for 5 and for 150 people.

The same pages and data as `manage.py bench` (bench/meten.py, bench/data.py): the demo
cut back to 5 people, and the demo grown to 150 people, 40 afspraken and a year of
history with its vervolgberaad live, among other Netwerken. The bench measures time; this
test holds the query counts, which do not depend on the machine.
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest
from django.db import transaction
from django.test.utils import override_settings

from actieteam.models import Statuswijziging
from bench import meten
from beraad.models import Afspraak
from sonestra.core.management.commands.bench import GROOT, KLEIN, bouw
from sonestra.core.models import Netwerk

MAX_QUERIES = 12
# The module fixture builds its own data, but pytest-django only sets up a test database
# for a run in which some test asks for one: this module may run on its own.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def gemeten(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> tuple[dict, dict[str, dict[str, tuple]]]:
    """The sizes of both Netwerken, and {page: {role: (status, queries at 5 people,
    queries at 150 people)}}."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    uitkomst: dict[str, dict[str, tuple]] = {}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        with redirect_stdout(io.StringIO()):
            bouw(20)
        klein, groot = Netwerk.objects.get(titel=KLEIN), Netwerk.objects.get(titel=GROOT)
        omvang = {
            "klein": klein.personen.count(),
            "groot": groot.personen.count(),
            "afspraken": Afspraak.objects.filter(netwerk=groot, plan__vastgesteld__isnull=False)
            .lopend()
            .count(),
            "statuswijzigingen": Statuswijziging.objects.filter(netwerk=groot).count(),
        }
        for rol, label, client, url_k, url_g in meten.per_rol_en_pagina(klein, groot):
            meten.tel(client, url_g)  # once to warm what a first request warms
            g = meten.tel(client, url_g)
            k = meten.tel(client, url_k) if url_k else None
            uitkomst.setdefault(label, {})[rol] = (
                g.status,
                k.queries if k is not None and k.status == 200 else None,
                g.queries,
            )
        transaction.set_rollback(True)
    return omvang, uitkomst


def test_the_netwerken_have_5_and_150_people_and_a_year_of_history(gemeten):
    omvang, tellingen = gemeten
    assert omvang["klein"] == 5
    assert omvang["groot"] == 150
    assert omvang["afspraken"] == 40
    assert omvang["statuswijzigingen"] >= 600
    assert set(tellingen) == {label for label, _naam, _nodig in meten.PAGINAS}


@pytest.mark.parametrize("label", [label for label, _naam, _nodig in meten.PAGINAS])
def test_page_has_at_most_12_queries_the_same_for_5_and_150_people(gemeten, label):
    per_rol = gemeten[1][label]
    gezien = {rol: t for rol, t in per_rol.items() if t[0] == 200}
    assert gezien, f"{label}: no role may see this page"
    te_veel = {rol: t[2] for rol, t in gezien.items() if t[2] > MAX_QUERIES}
    assert not te_veel, f"{label}: more than {MAX_QUERIES} queries at 150 people: {te_veel}"
    verschil = {rol: (t[1], t[2]) for rol, t in gezien.items() if t[1] not in (None, t[2])}
    assert not verschil, f"{label}: queries at 5 people differ from 150 people: {verschil}"

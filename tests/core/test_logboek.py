"""The access log (NEN 7513 shape): complete, append-only in app and database, kept for
the retention period and no longer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver, reverse
from django.utils import timezone

from sonestra.core import actions
from sonestra.core.logboek import in_onderhoud, log_onderhoud
from sonestra.core.models import LoginLink, Netwerk, Toegangslog, User
from sonestra.core.roles import Rol
from tests.conftest import PASSWORD
from tests.core.test_url_access_matrix import (  # noqa: F401 (url_kwargs is a fixture)
    MATRIX,
    WRITES,
    _url,
    _walk,
    url_kwargs,
)

PG = connection.vendor == "postgresql"
Actie = Toegangslog.Actie
Uitkomst = Toegangslog.Uitkomst


def _regel(**velden) -> Toegangslog:
    return Toegangslog.objects.create(
        actie=velden.pop("actie", Actie.READ),
        uitkomst=velden.pop("uitkomst", Uitkomst.TOEGESTAAN),
        gebruikersnaam=velden.pop("gebruikersnaam", "els"),
        **velden,
    )


def _raw(sql: str, params: list | None = None) -> None:
    """Raw SQL as the app's database role would send it; its own savepoint, so a refusal
    does not spoil the test's transaction on PostgreSQL."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _nieuw_sinds(pk: int):
    return Toegangslog.objects.filter(pk__gt=pk).order_by("pk")


def _laatste_pk() -> int:
    return Toegangslog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# The app refuses


def test_the_app_refuses_to_change_or_delete_a_line(db):
    regel = _regel(rol=Rol.SUPPORTER)
    regel.rol = Rol.FACILITATOR
    with pytest.raises(PermissionDenied):
        regel.save()
    with pytest.raises(PermissionDenied):
        regel.delete()
    with pytest.raises(PermissionDenied):
        Toegangslog.objects.filter(pk=regel.pk).update(rol="x")
    with pytest.raises(PermissionDenied), transaction.atomic():
        Toegangslog.objects.bulk_update([regel], ["rol"])
    with pytest.raises(PermissionDenied):
        Toegangslog.objects.filter(pk=regel.pk).delete()
    with pytest.raises(PermissionDenied):
        Toegangslog.objects.update_or_create(pk=regel.pk, defaults={"rol": "x"})
    assert Toegangslog.objects.get().rol == Rol.SUPPORTER


def test_inside_upkeep_lines_can_be_deleted_but_never_changed(db):
    een, twee, drie = _regel(), _regel(), _regel()
    assert not in_onderhoud()
    with log_onderhoud():
        assert in_onderhoud()
        een.delete()
        assert Toegangslog.objects.filter(pk=twee.pk).delete() == (1, {"core.Toegangslog": 1})
        with pytest.raises(PermissionDenied):
            Toegangslog.objects.filter(pk=drie.pk).update(rol="x")
        drie.rol = "x"
        with pytest.raises(PermissionDenied):
            drie.save()
    assert not in_onderhoud()
    assert list(Toegangslog.objects.values_list("pk", "rol")) == [(drie.pk, "")]
    with pytest.raises(PermissionDenied):
        drie.delete()


def test_an_error_inside_upkeep_deletes_nothing_and_closes_the_door(db):
    pk = _regel().pk
    with pytest.raises(RuntimeError), log_onderhoud():
        Toegangslog.objects.get(pk=pk).delete()
        raise RuntimeError("halverwege mis")
    assert not in_onderhoud()
    assert Toegangslog.objects.filter(pk=pk).exists()
    with pytest.raises(DatabaseError):
        _raw("DELETE FROM core_toegangslog")


# The database refuses (the app's own role, through a raw cursor)


def test_the_database_has_the_triggers_after_all_migrations(db):
    """A later migration that rebuilds the table on SQLite drops them: it must add them."""
    with connection.cursor() as cursor:
        if PG:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_toegangslog'::regclass "
                "AND NOT tgisinternal"
            )
            verwacht = {"update", "delete", "truncate"}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'core_toegangslog'"
            )
            verwacht = {"update", "delete"}
        namen = {rij[0] for rij in cursor.fetchall()}
    assert namen == {f"core_toegangslog_geen_{op}" for op in verwacht}


def test_the_database_refuses_a_raw_update_always(db):
    regel = _regel(rol=Rol.SUPPORTER)
    with pytest.raises(DatabaseError, match="kan niet worden gewijzigd"):
        _raw("UPDATE core_toegangslog SET rol = %s WHERE id = %s", ["facilitator", regel.pk])
    with log_onderhoud(), pytest.raises(DatabaseError, match="kan niet worden gewijzigd"):
        _raw("UPDATE core_toegangslog SET rol = %s WHERE id = %s", ["facilitator", regel.pk])
    assert Toegangslog.objects.get().rol == Rol.SUPPORTER


def test_the_database_refuses_a_raw_delete_outside_upkeep(db):
    regel = _regel()
    with pytest.raises(DatabaseError, match="alleen bij onderhoud"):
        _raw("DELETE FROM core_toegangslog WHERE id = %s", [regel.pk])
    with pytest.raises(DatabaseError, match="alleen bij onderhoud"):
        _raw("DELETE FROM core_toegangslog")
    assert Toegangslog.objects.filter(pk=regel.pk).exists()


def test_the_database_allows_a_raw_delete_inside_upkeep_and_refuses_again_after(db):
    weg, blijft = _regel(), _regel()
    with log_onderhoud():
        _raw("DELETE FROM core_toegangslog WHERE id = %s", [weg.pk])
    assert list(Toegangslog.objects.values_list("pk", flat=True)) == [blijft.pk]
    # Still the same (test) transaction: the door closed when the block ended.
    with pytest.raises(DatabaseError):
        _raw("DELETE FROM core_toegangslog WHERE id = %s", [blijft.pk])


def test_a_nested_upkeep_block_keeps_the_door_open_for_the_outer_one(db):
    een, twee = _regel(), _regel()
    with log_onderhoud():
        with log_onderhoud():
            _raw("DELETE FROM core_toegangslog WHERE id = %s", [een.pk])
        _raw("DELETE FROM core_toegangslog WHERE id = %s", [twee.pk])
    assert not Toegangslog.objects.exists()


@pytest.mark.skipif(not PG, reason="SQLite has no TRUNCATE")
def test_postgresql_refuses_truncate(db):
    _regel()
    with pytest.raises(DatabaseError, match="alleen bij onderhoud"):
        _raw("TRUNCATE core_toegangslog")
    assert Toegangslog.objects.count() == 1


@pytest.mark.skipif(not PG, reason="the setting is PostgreSQL's")
def test_postgresql_upkeep_flag_is_local_to_the_transaction(db):
    def flag() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('sonestra.logboek_onderhoud', true)")
            return cursor.fetchone()[0] or ""

    with log_onderhoud():
        assert flag() == "aan"
    assert flag() == ""


# A log outlives what it is about


def test_deleting_a_netwerk_or_a_user_leaves_its_log_lines_as_they_were(client, netwerk, supporter):
    client.force_login(supporter)
    assert client.get(reverse("core:netwerk", args=[netwerk.pk])).status_code == 200
    regel = Toegangslog.objects.get(actie=Actie.READ)
    netwerk_id, user_id = netwerk.pk, supporter.pk

    client.logout()
    Netwerk.objects.filter(pk=netwerk_id).delete()
    User.objects.filter(pk=user_id).delete()

    na = Toegangslog.objects.get(pk=regel.pk)
    assert (na.netwerk_id, na.netwerk_ref, na.user_id, na.gebruikersnaam) == (
        netwerk_id,
        netwerk_id,
        user_id,
        "els",
    )
    # Read through select_related, a link to a row that is gone gives None.
    assert Toegangslog.objects.select_related("netwerk", "user").get(pk=regel.pk).user is None


# Retention


@pytest.fixture
def bewaartermijn(settings):
    settings.LOGBOEK_BEWAARTERMIJN_DAGEN = 30
    return 30


def _opschonen(*args: str) -> str:
    out = StringIO()
    call_command("logboek_opschonen", *args, stdout=out)
    return out.getvalue()


def test_default_retention_is_five_years(settings):
    assert settings.LOGBOEK_BEWAARTERMIJN_DAGEN == 1826


def test_retention_removes_old_lines_keeps_new_ones_and_logs_itself(db, bewaartermijn):
    nu = timezone.now()
    oud = [_regel(tijd=nu - timedelta(days=dagen)) for dagen in (31, 400, 3000)]
    nieuw = [_regel(tijd=nu - timedelta(days=dagen)) for dagen in (29, 0)]

    uitvoer = _opschonen()

    over = Toegangslog.objects.filter(pk__in=[r.pk for r in oud + nieuw])
    assert set(over.values_list("pk", flat=True)) == {r.pk for r in nieuw}
    eigen = Toegangslog.objects.get(gebruikersnaam="logboek_opschonen")
    grens = f"{(nu - timedelta(days=30)).astimezone(UTC):%Y-%m-%d}"
    assert eigen.actie == Actie.DELETE
    assert eigen.uitkomst == Uitkomst.TOEGESTAAN
    assert eigen.onderwerp.startswith("logboek_opschonen: 3 regels van voor " + grens)
    assert eigen.netwerk_ref is None
    assert eigen.tijd >= nu
    assert "3 regels van voor " + grens in uitvoer
    # Run again: nothing old left, and the line it wrote itself stays.
    _opschonen()
    assert Toegangslog.objects.filter(onderwerp__contains=": 0 regels").count() == 1
    assert Toegangslog.objects.filter(gebruikersnaam="logboek_opschonen").count() == 2


def test_retention_dry_run_changes_nothing(db, bewaartermijn):
    _regel(tijd=timezone.now() - timedelta(days=90))
    _regel()
    voor = list(Toegangslog.objects.order_by("pk").values_list("pk", "tijd"))

    uitvoer = _opschonen("--dry-run")

    assert "1 regel van voor" in uitvoer and "niets veranderd" in uitvoer
    assert list(Toegangslog.objects.order_by("pk").values_list("pk", "tijd")) == voor


def test_retention_refuses_a_period_of_zero_days(db, settings):
    settings.LOGBOEK_BEWAARTERMIJN_DAGEN = 0
    _regel()
    with pytest.raises(CommandError, match="minstens 1"):
        _opschonen()
    assert Toegangslog.objects.count() == 1


# Logins, logouts and failed logins


def _nen_vorm(regel: Toegangslog, actie: str, uitkomst: str, adres: str = "127.0.0.1") -> None:
    """What NEN 7513 asks of every line (beyond who and which Netwerk, checked by callers)."""
    assert (regel.actie, regel.uitkomst, regel.adres) == (actie, uitkomst, adres)
    assert regel.tijd.utcoffset() == timedelta(0)  # UTC
    assert abs(timezone.now() - regel.tijd) < timedelta(seconds=30)
    # Shown to the second:
    assert f"{regel.tijd:%Y-%m-%d %H:%M:%S}" in str(regel)


def test_password_login_and_failed_password_login_are_logged(client, facilitator):
    client.post(reverse("login"), {"username": "sanne", "password": "fout-wachtwoord-1"})
    client.post(reverse("login"), {"username": "sanne", "password": PASSWORD})

    fout, goed = Toegangslog.objects.order_by("pk")
    _nen_vorm(fout, Actie.LOGIN, Uitkomst.GEWEIGERD)
    assert (fout.user, fout.gebruikersnaam, fout.onderwerp) == (None, "sanne", "wachtwoord")
    _nen_vorm(goed, Actie.LOGIN, Uitkomst.TOEGESTAAN)
    assert (goed.user, goed.gebruikersnaam) == (facilitator, "sanne")


def test_login_by_link_is_logged(client, supporter):
    token = LoginLink.create_for(supporter)
    client.post(reverse("login_link", args=[token]))
    regel = Toegangslog.objects.get()
    _nen_vorm(regel, Actie.LOGIN, Uitkomst.TOEGESTAAN)
    assert (regel.user, regel.onderwerp) == (supporter, "inloglink")


def test_a_used_or_unknown_login_link_is_logged_as_a_failed_login(client, supporter):
    token = LoginLink.create_for(supporter)
    client.post(reverse("login_link", args=[token]))
    client.logout()

    assert client.post(reverse("login_link", args=[token])).status_code == 410
    assert client.post(reverse("login_link", args=["verzonnen-token"])).status_code == 410

    fout = list(Toegangslog.objects.filter(uitkomst=Uitkomst.GEWEIGERD).order_by("pk"))
    assert len(fout) == 2
    for regel in fout:
        _nen_vorm(regel, Actie.LOGIN, Uitkomst.GEWEIGERD)
        assert regel.onderwerp == "inloglink"
    assert fout[0].gebruikersnaam == supporter.username  # whose link it was
    assert fout[1].gebruikersnaam == ""  # nobody's


def test_accepting_an_invitation_is_logged_as_a_login_in_that_netwerk(client, netwerk, facilitator):
    uitnodiging, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Buurman Mo"
    )
    laatste = _laatste_pk()
    client.post(reverse("core:uitnodiging", args=[token]))

    regel = _nieuw_sinds(laatste).get(actie=Actie.LOGIN)
    _nen_vorm(regel, Actie.LOGIN, Uitkomst.TOEGESTAAN)
    uitnodiging.refresh_from_db()
    assert (regel.user, regel.netwerk_ref, regel.rol, regel.onderwerp) == (
        uitnodiging.user,
        netwerk.pk,
        Rol.NETWERKLID,
        "uitnodiging",
    )


def test_a_revoked_or_unknown_invitation_is_logged_as_a_failed_login(client, netwerk, facilitator):
    uitnodiging, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Buurman Mo"
    )
    uitnodiging.ingetrokken = timezone.now()
    uitnodiging.save()
    laatste = _laatste_pk()

    assert client.post(reverse("core:uitnodiging", args=[token])).status_code == 410
    assert client.get(reverse("core:uitnodiging", args=["verzonnen"])).status_code == 410

    ingetrokken, onbekend = _nieuw_sinds(laatste)
    for regel in (ingetrokken, onbekend):
        _nen_vorm(regel, Actie.LOGIN, Uitkomst.GEWEIGERD)
        assert (regel.user, regel.onderwerp) == (None, "uitnodiging")
    assert (ingetrokken.netwerk_ref, ingetrokken.netwerk_id) == (netwerk.pk, None)
    assert onbekend.netwerk_ref is None


def test_logout_is_logged(client, supporter):
    client.force_login(supporter)
    client.post(reverse("logout"))
    regel = Toegangslog.objects.get()
    _nen_vorm(regel, Actie.LOGOUT, Uitkomst.TOEGESTAAN)
    assert regel.user == supporter


def test_the_client_address_comes_from_the_proxy_header_only_when_configured(
    client, settings, facilitator
):
    kop = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.4"}
    settings.BEHIND_PROXY = False
    client.post(reverse("login"), {"username": "sanne", "password": "fout-1"}, **kop)
    settings.BEHIND_PROXY = True
    client.post(reverse("login"), {"username": "sanne", "password": "fout-2"}, **kop)
    # Without the setting a visitor could write any address into the log.
    assert list(Toegangslog.objects.order_by("pk").values_list("adres", flat=True)) == [
        "10.0.0.2",
        "198.51.100.4",
    ]


# Every Netwerk page: each answer leaves a line


def _netwerk_urls() -> list[str]:
    params = _walk(get_resolver())
    return sorted(name for name in MATRIX if "netwerk_id" in params.get(name, set()))


def _wie(expected: dict[str, object]) -> list[str]:
    """One role that is refused (403), the outsider (404), and one that may (2xx/3xx):
    the allowed one last, since a write may end the others' access (stopping someone's
    access, erasing the Netwerk)."""
    rollen = [r for r in expected if r not in ("anoniem", "outsider")]
    mag = next((r for r in rollen if expected[r] in (200, 302)), None)
    niet = next((r for r in rollen if expected[r] == 403), None)
    return [r for r in (niet,) if r is not None] + ["outsider"] + [r for r in (mag,) if r]


def _check_regel(regels, rol, user, status, netwerk, acties) -> None:
    mine = [r for r in regels if r.user_id == user.pk and r.netwerk_ref == netwerk.pk]
    assert mine, f"no log line for {rol} ({status})"
    regel = mine[0]
    assert regel.actie in acties
    assert regel.adres == "127.0.0.1"
    if status == 404:
        assert (regel.uitkomst, regel.rol) == (Uitkomst.GEWEIGERD, "")
    elif status == 403:
        assert (regel.uitkomst, regel.rol) == (Uitkomst.GEWEIGERD, rol)
    else:
        assert (regel.uitkomst, regel.rol) == (Uitkomst.TOEGESTAAN, rol)


@pytest.mark.parametrize("name", _netwerk_urls())
def test_every_netwerk_page_logs_who_read_it_or_was_refused(
    client,
    request,
    members,
    netwerk,
    url_kwargs,  # noqa: F811 (the fixture imported above)
    name,
):
    method, expected = MATRIX[name]
    url = _url(name, url_kwargs)
    acties = {Actie.READ, Actie.EXPORT} if method == "get" else set(Actie.values)
    for rol in _wie(expected):
        user = request.getfixturevalue("outsider") if rol == "outsider" else members[rol]
        client.force_login(user)
        laatste = _laatste_pk()
        response = getattr(client, method)(url)
        assert response.status_code == expected[rol], (name, rol)
        _check_regel(list(_nieuw_sinds(laatste)), rol, user, expected[rol], netwerk, acties)


@pytest.mark.parametrize("name", sorted(n for n in WRITES if n in _netwerk_urls()))
def test_every_netwerk_write_logs_who_changed_it_or_was_refused(
    client,
    request,
    members,
    netwerk,
    url_kwargs,  # noqa: F811 (the fixture imported above)
    name,
):
    data, expected = WRITES[name]
    url = _url(name, url_kwargs)
    for rol in _wie(expected):
        user = request.getfixturevalue("outsider") if rol == "outsider" else members[rol]
        client.force_login(user)
        laatste = _laatste_pk()
        response = client.post(url, data(url_kwargs))
        assert response.status_code == expected[rol], (name, rol)
        if name == "privacy:wissen" and expected[rol] == 302:
            # Erased: of all the Netwerk's lines only the pseudonymous trace stays.
            regel = Toegangslog.objects.get(onderwerp__startswith="netwerk gewist: ")
            assert (regel.actie, regel.user_id, regel.netwerk_ref) == (Actie.DELETE, None, None)
            continue
        acties = {Actie.CREATE, Actie.UPDATE, Actie.DELETE, Actie.EXPORT}
        _check_regel(list(_nieuw_sinds(laatste)), rol, user, expected[rol], netwerk, acties)


def test_a_line_is_stored_in_utc_and_shown_to_the_second(db):
    regel = _regel(tijd=datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC))
    regel.refresh_from_db()
    assert regel.tijd == datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    assert str(regel).startswith("2026-03-29 01:30:15 R")

"""The access helper: who may see a Netwerk, and that every answer is logged."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from sonestra.core.access import access_netwerk, find_toegang, log_read
from sonestra.core.models import Deelname, Netwerk, Toegangslog
from sonestra.core.roles import RECHTEN, Recht, Rol


def _request(user, method="get", address="192.0.2.7"):
    request = getattr(RequestFactory(), method)("/ergens/", REMOTE_ADDR=address)
    request.user = user
    return request


def test_for_user_lists_only_netwerken_with_an_active_deelname(netwerk, supporter, outsider):
    assert list(Netwerk.objects.for_user(supporter)) == [netwerk]
    assert netwerk not in Netwerk.objects.for_user(outsider)
    Deelname.objects.filter(user=supporter).update(beeindigd=timezone.now())
    assert list(Netwerk.objects.for_user(supporter)) == []


def test_member_gets_the_netwerk_and_a_read_is_logged(netwerk, netwerklid):
    toegang = access_netwerk(_request(netwerklid), netwerk.pk)
    assert toegang.netwerk == netwerk
    assert toegang.rol == Rol.NETWERKLID
    entry = Toegangslog.objects.get()
    assert entry.actie == "R"
    assert entry.netwerk == netwerk
    assert entry.user == netwerklid
    assert entry.rol == Rol.NETWERKLID
    assert entry.uitkomst == "toegestaan"
    assert entry.adres == "192.0.2.7"
    assert entry.tijd.utcoffset().total_seconds() == 0  # stored in UTC


def test_a_post_is_logged_as_a_change(netwerk, supporter):
    access_netwerk(_request(supporter, "post"), netwerk.pk, Recht.NETWERK_WIJZIGEN)
    assert Toegangslog.objects.get().actie == "U"


def test_outsider_gets_404_and_the_refusal_is_logged(netwerk, outsider):
    with pytest.raises(Http404):
        access_netwerk(_request(outsider), netwerk.pk)
    entry = Toegangslog.objects.get()
    assert entry.uitkomst == "geweigerd"
    assert entry.netwerk_ref == netwerk.pk
    assert entry.netwerk is None  # a refused line does not link to data the user may not see


def test_role_that_may_read_but_not_write_gets_403(netwerk, netwerklid):
    with pytest.raises(PermissionDenied):
        access_netwerk(_request(netwerklid, "post"), netwerk.pk, Recht.NETWERK_WIJZIGEN)
    assert Toegangslog.objects.get().uitkomst == "geweigerd"


def test_ended_deelname_is_as_if_never_there(netwerk, supporter):
    Deelname.objects.filter(user=supporter).update(beeindigd=timezone.now())
    with pytest.raises(Http404):
        access_netwerk(_request(supporter), netwerk.pk)


def test_coordinator_sees_status_of_own_organisation_only(netwerk, coordinator, outsider):
    toegang = find_toegang(coordinator, netwerk.pk)
    assert toegang.rol == Rol.COORDINATOR
    assert toegang.mag(Recht.STATUS_BEKIJKEN)
    assert not toegang.mag(Recht.NETWERK_BEKIJKEN)
    # The outsider is a coordinator too, of another organisation.
    assert find_toegang(outsider, netwerk.pk) is None


def test_roles_table_keeps_the_story_from_the_coordinator():
    # Status, and the printable actieplan once agreed (DESIGN.md): no story, no kompas.
    assert RECHTEN[Rol.COORDINATOR] == {Recht.STATUS_BEKIJKEN, Recht.PLAN_PRINTEN}
    for rol in (Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR):
        assert Recht.UITNODIGEN in RECHTEN[rol]
    for rol in (Rol.NETWERKLID, Rol.PROFESSIONAL):
        assert Recht.PERSONEN_WIJZIGEN not in RECHTEN[rol]


def test_access_log_cannot_be_changed_or_deleted(netwerk, supporter):
    access_netwerk(_request(supporter), netwerk.pk)
    entry = Toegangslog.objects.get()
    entry.rol = Rol.FACILITATOR
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        Toegangslog.objects.all().update(rol="x")
    with pytest.raises(PermissionDenied):
        Toegangslog.objects.all().delete()
    assert Toegangslog.objects.get().rol == Rol.SUPPORTER


def test_forwarded_address_is_used_only_when_configured(netwerk, supporter, settings):
    request = _request(supporter, address="10.0.0.1")
    request.META["HTTP_X_FORWARDED_FOR"] = "203.0.113.9, 198.51.100.4"
    settings.BEHIND_PROXY = False
    access_netwerk(request, netwerk.pk)
    settings.BEHIND_PROXY = True
    access_netwerk(request, netwerk.pk)
    assert [e.adres for e in Toegangslog.objects.order_by("pk")] == ["10.0.0.1", "198.51.100.4"]


def test_a_quiet_poll_logs_only_when_it_shows_data_and_always_logs_a_refusal(
    netwerk, netwerklid, coordinator, outsider
):
    request = _request(netwerklid)
    toegang = access_netwerk(request, netwerk.pk, stil=True)
    assert not Toegangslog.objects.exists()  # "nothing changed" discloses nothing
    log_read(request, toegang)
    entry = Toegangslog.objects.get()
    assert (entry.actie, entry.user, entry.rol) == ("R", netwerklid, Rol.NETWERKLID)

    with pytest.raises(PermissionDenied):
        access_netwerk(_request(coordinator), netwerk.pk, stil=True)
    with pytest.raises(Http404):
        access_netwerk(_request(outsider), netwerk.pk, stil=True)
    assert Toegangslog.objects.filter(uitkomst="geweigerd").count() == 2
    # A write is never quiet.
    access_netwerk(_request(netwerklid, "post"), netwerk.pk, Recht.NETWERK_BEKIJKEN, stil=True)
    assert Toegangslog.objects.filter(actie="U", user=netwerklid).count() == 1


def test_a_download_is_logged_as_one_export_line(netwerk, netwerklid):
    access_netwerk(_request(netwerklid), netwerk.pk, actie="E")
    access_netwerk(_request(netwerklid), netwerk.pk, actie="U")  # a GET changes nothing
    assert list(Toegangslog.objects.order_by("pk").values_list("actie", flat=True)) == ["E", "R"]

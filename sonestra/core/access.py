"""Access to a Netwerk's data: every view asks here first, and every answer is logged.

A Netwerk you have no part in does not exist for you (404). A role that may look
but not do the thing asked gets 403. Each call writes one line to the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Deelname, Netwerk, Persoon, Toegangslog
from .roles import RECHTEN, Recht, Rol, heeft_recht

Actie = Toegangslog.Actie
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Toegang:
    """What one login may do in one Netwerk during this request."""

    netwerk: Netwerk
    rol: str
    deelname: Deelname | None

    def mag(self, recht: Recht) -> bool:
        return heeft_recht(self.rol, recht)

    @property
    def rechten(self) -> frozenset[str]:
        """For templates: {% if "uitnodigen" in toegang.rechten %}."""
        return RECHTEN.get(self.rol, frozenset())

    @property
    def is_coordinator(self) -> bool:
        return self.rol == Rol.COORDINATOR

    @property
    def rol_label(self) -> str:
        return Rol(self.rol).label

    @property
    def persoon_id(self) -> int | None:
        """The Persoon this login is in the Netwerk's groslijst, if any."""
        return self.deelname.persoon_id if self.deelname is not None else None

    @property
    def persoon(self) -> Persoon | None:
        """That Persoon itself; loaded with the access lookup, so no extra query."""
        return self.deelname.persoon if self.deelname is not None else None


def client_address(request: HttpRequest) -> str | None:
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The last address is the one our own load balancer saw.
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def log(
    request: HttpRequest,
    actie: str,
    *,
    netwerk_id: int | None = None,
    rol: str = "",
    toegestaan: bool = True,
    onderwerp: str = "",
    gebruikersnaam: str = "",
    user=None,
) -> None:
    """One line of the access log. `gebruikersnaam` names who was tried when nobody is
    logged in (a failed password login); `user` names whose private link was used when
    a program without a login asks (a calendar app fetching a member's feed)."""
    user = user if user is not None else request.user
    authenticated = user.is_authenticated
    Toegangslog.objects.create(
        actie=actie,
        netwerk_id=netwerk_id if toegestaan else None,
        netwerk_ref=netwerk_id,
        user=user if authenticated else None,
        gebruikersnaam=user.get_username() if authenticated else gebruikersnaam,
        rol=rol,
        uitkomst=(
            Toegangslog.Uitkomst.TOEGESTAAN if toegestaan else Toegangslog.Uitkomst.GEWEIGERD
        ),
        adres=client_address(request),
        onderwerp=onderwerp[:200] or request.path[:200],
    )


def find_toegang(user, netwerk_id: int) -> Toegang | None:
    """The role this login has in the Netwerk, or None when it may not know it exists."""
    if not user.is_authenticated:
        return None
    deelname = (
        Deelname.objects.actief()
        .select_related("netwerk", "persoon")
        .filter(netwerk_id=netwerk_id, user=user)
        .first()
    )
    if deelname is not None:
        return Toegang(netwerk=deelname.netwerk, rol=deelname.rol, deelname=deelname)
    if user.is_coordinator:
        netwerk = Netwerk.objects.for_coordinator(user).filter(pk=netwerk_id).first()
        if netwerk is not None:
            return Toegang(netwerk=netwerk, rol=Rol.COORDINATOR, deelname=None)
    return None


def access_netwerk(
    request: HttpRequest,
    netwerk_id: int,
    recht: Recht = Recht.NETWERK_BEKIJKEN,
    *,
    schrijven: Recht | None = None,
    actie: str | None = None,
    of: Recht | None = None,
    eigen: Callable[[Toegang], bool] | None = None,
    voorwaarde: Callable[[Toegang], bool] | None = None,
    stil: bool = False,
) -> Toegang:
    """Get the Netwerk for this request, or raise 404/403. Logs the access either way.

    A page that shows on GET and changes on POST names both rights:
    `access_netwerk(request, id, Recht.NETWERK_BEKIJKEN, schrijven=Recht.KOMPAS_WIJZIGEN,
    actie=Actie.CREATE)`. `actie` is what a write is logged as; a read is R, or E when a
    GET hands out a file (`actie=Actie.EXPORT`).

    With `of` and `eigen`, a role that lacks `recht` still passes when it has `of` and
    `eigen(toegang)` says the thing is its own (a network member changing their own
    details): `access_netwerk(request, id, Recht.PERSONEN_WIJZIGEN, of=Recht.ZELF_BIJDRAGEN,
    eigen=lambda t: t.persoon_id == persoon_id)`.

    With `voorwaarde`, the right alone is not enough: `voorwaarde(toegang)` must hold for
    this object too, or the access is refused (and logged as refused): a supporter makes
    login links only for the roles they may hand out.

    With `stil`, a GET that passes writes no line yet: the view logs it once it knows what
    it hands out (`log_read`, or a download that turns out to be refused). Refusals here and
    every write are always logged.
    """
    if request.method in SAFE_METHODS:
        # A read is R; a download that leaves the app (calendar file, PDF) says E.
        actie = Actie.EXPORT if actie == Actie.EXPORT else Actie.READ
    else:
        actie = actie or Actie.UPDATE
        recht = schrijven or recht
    toegang = find_toegang(request.user, netwerk_id)
    if toegang is None:
        log(request, actie, netwerk_id=netwerk_id, toegestaan=False)
        raise Http404("Netwerk niet gevonden")
    allowed = toegang.mag(recht) or (
        of is not None and eigen is not None and toegang.mag(of) and eigen(toegang)
    )
    if allowed and voorwaarde is not None:
        allowed = voorwaarde(toegang)
    if not allowed:
        log(request, actie, netwerk_id=netwerk_id, rol=toegang.rol, toegestaan=False)
        raise PermissionDenied
    if not (stil and request.method in SAFE_METHODS):
        log(request, actie, netwerk_id=netwerk_id, rol=toegang.rol)
    return toegang


def log_read(request: HttpRequest, toegang: Toegang) -> None:
    """The read a `stil` access check left for later: the view is about to show data."""
    log(request, Actie.READ, netwerk_id=toegang.netwerk.pk, rol=toegang.rol)

"""Wie mag wat zien: who takes part, who is invited, who reads the story, and an end to it.

The hoofdpersoon sees on one page every Deelname and every invitation still open, who may
read the story and each perspective, and what each role may see. One tap ends someone's
access or an invitation; the person can always be invited again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from netwerkkompas.models import Perspectief, Verhaal
from netwerkkompas.views.verhaal import voor_wie
from sonestra.core import actions
from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Deelname, Uitnodiging
from sonestra.core.roles import (
    DEELNAME_ROLLEN,
    MAG_UITNODIGEN_ALS,
    RECHTEN,
    ZICHTBAAR_VOOR,
    Recht,
    Rol,
    Zichtbaarheid,
)
from sonestra.core.sessies import beeindig_als_nergens_meer

# --- Ending access ----------------------------------------------------------------------


def mag_stoppen(toegang: Toegang, rol: str) -> bool:
    """Whom this login may take out: the roles it may hand out, as with invitations. The
    hoofdpersoon never takes out a second hoofdpersoon (a legal representative); the
    facilitator does that, at the person's side."""
    return rol in MAG_UITNODIGEN_ALS.get(toegang.rol, ())


AL_GESTOPT, GESTOPT, UITGELOGD = "al_gestopt", "gestopt", "uitgelogd"


def stop_toegang(deelname: Deelname) -> str:
    """End one person's access to the Netwerk: their invitation links stop working (else
    the link would bring them straight back) and their Deelname ends. Their sessions end
    too when this was the last Netwerk they were in (UITGELOGD). AL_GESTOPT when it had
    already ended: a second tap, a page left open."""
    with transaction.atomic():
        deelname = (
            Deelname.objects.actief()
            .select_for_update()
            .select_related("user")
            .filter(pk=deelname.pk)
            .first()
        )
        if deelname is None:
            return AL_GESTOPT
        wie = Q(user_id=deelname.user_id)
        if deelname.persoon_id:
            # A second link for the same person in the groslijst, not yet opened.
            wie |= Q(persoon_id=deelname.persoon_id, user__isnull=True)
        for uitnodiging in Uitnodiging.objects.filter(
            wie, netwerk_id=deelname.netwerk_id, ingetrokken__isnull=True
        ):
            actions.do_revoke_invitation(uitnodiging)
        # A Deelname that came without an invitation (whoever made the Netwerk), or in
        # another role than the invitation's, ends here.
        Deelname.objects.actief().filter(pk=deelname.pk).update(beeindigd=timezone.now())
    return UITGELOGD if beeindig_als_nergens_meer(deelname.user) else GESTOPT


def _naam(deelname: Deelname) -> str:
    if deelname.persoon is not None:
        return deelname.persoon.naam
    return deelname.user.get_full_name() or deelname.user.username


# --- What each role may see, in words ---------------------------------------------------

_LEEST_VERHAAL = {
    Rol.HOOFDPERSOON: gettext_lazy("Alles: het is van jou"),
    Zichtbaarheid.PRIVE: gettext_lazy("Alles, ook wat alleen voor jou is"),
    Zichtbaarheid.NETWERK: gettext_lazy("Wat jij deelt met je netwerk"),
    Zichtbaarheid.PROFESSIONALS: gettext_lazy("Alleen wat jij deelt met de professionals"),
    None: gettext_lazy("Niets"),
}


@dataclass(frozen=True)
class RolRij:
    rol: str
    verhaal: str
    netwerk: str
    contact: bool
    uitnodigen: bool


def rollen_tabel() -> list[RolRij]:
    """One row per role, from RECHTEN and ZICHTBAAR_VOOR: the table follows the code."""
    rijen = []
    for rol in [*DEELNAME_ROLLEN, Rol.COORDINATOR]:
        rechten = RECHTEN.get(rol, frozenset())
        # The widest level this role reads: private first, then network, professionals.
        breedste = next((niveau for niveau in Zichtbaarheid if rol in ZICHTBAAR_VOOR[niveau]), None)
        verhaal = _LEEST_VERHAAL[Rol.HOOFDPERSOON if rol == Rol.HOOFDPERSOON else breedste]
        if Recht.NETWERK_BEKIJKEN in rechten:
            netwerk = _("Ja")
        elif Recht.PLAN_PRINTEN in rechten:
            netwerk = _("Nee. Alleen hoe ver het netwerk is, en het plan op papier")
        else:
            netwerk = _("Nee")
        rijen.append(
            RolRij(
                rol=Rol(rol).label,
                verhaal=str(verhaal),
                netwerk=netwerk,
                contact=Recht.CONTACT_BEKIJKEN in rechten,
                uitnodigen=Recht.UITNODIGEN in rechten,
            )
        )
    return rijen


# --- The page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deelnemer:
    deelname: Deelname
    naam: str
    rol: str
    ik: bool
    mag_stoppen: bool


@dataclass(frozen=True)
class Stuk:
    """The story or one perspective, and who may read it."""

    titel: str
    voor_wie: str
    niveau: str


@login_required
@require_safe
def toegang(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.PRIVACY_BEHEREN)
    netwerk = toegang.netwerk
    volgorde = {rol: i for i, rol in enumerate(DEELNAME_ROLLEN)}
    deelnemers = sorted(
        (
            Deelnemer(
                deelname=d,
                naam=_naam(d),
                rol=d.get_rol_display(),
                ik=d.user_id == request.user.pk,
                mag_stoppen=d.user_id != request.user.pk and mag_stoppen(toegang, d.rol),
            )
            for d in Deelname.objects.actief()
            .filter(netwerk=netwerk)
            .select_related("user", "persoon")
        ),
        key=lambda d: (volgorde.get(d.deelname.rol, 99), d.naam.casefold()),
    )
    uitnodigingen = (
        Uitnodiging.objects.geldig()
        .filter(netwerk=netwerk, user__isnull=True)
        .select_related("persoon")
        .order_by("created")
    )
    voornaam = toegang.persoon.naam.split()[0] if toegang.persoon else ""
    stukken = []
    het_verhaal = Verhaal.objects.zichtbaar_voor(toegang).first()
    if het_verhaal is not None:
        stukken.append(
            Stuk(
                _("Mijn verhaal"),
                voor_wie(het_verhaal.zichtbaarheid, voornaam, ik=True),
                het_verhaal.zichtbaarheid,
            )
        )
    for perspectief in (
        Perspectief.objects.zichtbaar_voor(toegang)
        .select_related("persoon", "auteur")
        .order_by("bijgewerkt", "pk")
    ):
        if perspectief.auteur_id == request.user.pk:
            titel = _("Mijn kijk")
        else:
            if perspectief.persoon is not None:
                naam = perspectief.persoon.naam
            elif perspectief.auteur is not None:
                naam = str(perspectief.auteur)
            else:
                naam = _("iemand die niet meer meedoet")
            titel = _("De kijk van %(naam)s") % {"naam": naam}
        stukken.append(
            Stuk(
                titel,
                voor_wie(perspectief.zichtbaarheid, voornaam, ik=True),
                perspectief.zichtbaarheid,
            )
        )
    return render(
        request,
        "privacy/toegang.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "deelnemers": deelnemers,
            "uitnodigingen": [(u, mag_stoppen(toegang, u.rol)) for u in uitnodigingen],
            "stukken": stukken,
            "rollen": rollen_tabel(),
        },
    )


def _stoppen_mag(request: HttpRequest, netwerk_id: int, model, pk: int, mag):
    """The access check of a stop or revoke: the right, and `mag(toegang, ding)` for the
    thing itself, so a refusal is logged as refused. Returns (toegang, ding) or, when the
    rule says no, (None, ding) for the view to explain why; without the right: 403."""
    gevonden = {}

    def voorwaarde(t: Toegang) -> bool:
        ding = (
            model.objects.select_related("persoon", "user").filter(pk=pk, netwerk=t.netwerk).first()
        )
        gevonden["ding"] = ding
        # Not in this Netwerk: the 404 below says so.
        return ding is None or mag(t, ding)

    try:
        toegang = access_netwerk(
            request,
            netwerk_id,
            Recht.PRIVACY_BEHEREN,
            schrijven=Recht.PRIVACY_BEHEREN,
            actie=Actie.DELETE,
            voorwaarde=voorwaarde,
        )
    except PermissionDenied:
        if gevonden.get("ding") is None:
            raise
        return None, gevonden["ding"]
    if gevonden["ding"] is None:
        raise Http404
    return toegang, gevonden["ding"]


@login_required
@require_POST
def toegang_stoppen(request: HttpRequest, netwerk_id: int, deelname_id: int) -> HttpResponse:
    toegang, deelname = _stoppen_mag(
        request,
        netwerk_id,
        Deelname,
        deelname_id,
        lambda t, d: d.user_id != request.user.pk and mag_stoppen(t, d.rol),
    )
    naam = _naam(deelname)
    terug = redirect("privacy:toegang", netwerk_id)
    if toegang is None and deelname.user_id == request.user.pk:
        messages.error(
            request,
            _(
                "Je kunt jezelf niet uit je eigen netwerk halen. Wil je dat alles weg is? "
                "Vraag dan om het netwerk te wissen."
            ),
        )
        return terug
    if toegang is None:
        messages.error(
            request,
            _("Alleen de facilitator kan de toegang van %(naam)s stoppen.") % {"naam": naam},
        )
        return terug
    uitkomst = stop_toegang(deelname)
    if uitkomst == AL_GESTOPT:
        messages.info(request, _("%(naam)s kon al niet meer in dit netwerk.") % {"naam": naam})
    elif uitkomst == GESTOPT:
        messages.success(
            request,
            _("%(naam)s kan niet meer in dit netwerk. Vanaf nu ziet %(naam)s het niet meer.")
            % {"naam": naam},
        )
    else:
        messages.success(
            request,
            _("%(naam)s kan niet meer in dit netwerk en is nu overal uitgelogd.") % {"naam": naam},
        )
    return terug


@login_required
@require_POST
def uitnodiging_intrekken(
    request: HttpRequest, netwerk_id: int, uitnodiging_id: int
) -> HttpResponse:
    toegang, uitnodiging = _stoppen_mag(
        request, netwerk_id, Uitnodiging, uitnodiging_id, lambda t, u: mag_stoppen(t, u.rol)
    )
    naam = uitnodiging.persoon.naam
    if toegang is None:
        messages.error(
            request,
            _("Alleen de facilitator kan de uitnodiging van %(naam)s intrekken.") % {"naam": naam},
        )
    elif uitnodiging.ingetrokken is not None:
        messages.info(
            request, _("De uitnodiging van %(naam)s was al ingetrokken.") % {"naam": naam}
        )
    else:
        actions.do_revoke_invitation(uitnodiging)
        if uitnodiging.user is not None:
            # Opened in the meantime: the access it gave has just ended too.
            beeindig_als_nergens_meer(uitnodiging.user)
        messages.success(
            request,
            _("De uitnodiging van %(naam)s is ingetrokken. De link werkt niet meer.")
            % {"naam": naam},
        )
    return redirect("privacy:toegang", netwerk_id)


urlpatterns = [
    path("toegang/", toegang, name="toegang"),
    path("toegang/<int:deelname_id>/stoppen/", toegang_stoppen, name="toegang_stoppen"),
    path(
        "uitnodigingen/<int:uitnodiging_id>/intrekken/",
        uitnodiging_intrekken,
        name="uitnodiging_intrekken",
    ),
]

"""The Actieteam's home: where the plan stands in one glance, the ways in, and who takes
part. Before the first beraad is closed it says the actieteam starts after the beraad.

A fixed number of queries whatever the size of the plan: the plan, one aggregate of the
afspraken, the vervolgberaad, the next overleg, and the members.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from beraad.models import Actieplan, Afspraak
from sonestra.core.access import Toegang, access_netwerk
from sonestra.core.models import Deelname
from sonestra.core.roles import FAMILIE_ROLLEN, Recht, Rol

from ..models import Status
from ..team import leesbaar_plan, volgend_beraad, volgend_overleg_van
from ..voortgang import Telling, telling_uit

Soort = Afspraak.Soort


def tel_afspraken(toegang: Toegang, plan: Actieplan, vandaag: date) -> tuple[Telling, dict]:
    """Where the afspraken in force stand, in one query: per status, how many are late,
    how many are the network's, and how many this login takes part in."""
    afspraken = Afspraak.objects.zichtbaar_voor(toegang).filter(plan=plan).lopend()
    niet_gelukt = Q(voortgang__isnull=True) | Q(
        voortgang__status__in=[Status.NOG_NIET, Status.BEZIG, Status.LUKT_NIET]
    )
    tellers = {
        Status.GELUKT: Count("pk", filter=Q(voortgang__status=Status.GELUKT)),
        Status.BEZIG: Count("pk", filter=Q(voortgang__status=Status.BEZIG)),
        Status.LUKT_NIET: Count("pk", filter=Q(voortgang__status=Status.LUKT_NIET)),
        Status.NOG_NIET: Count(
            "pk", filter=Q(voortgang__isnull=True) | Q(voortgang__status=Status.NOG_NIET)
        ),
        "te_laat": Count("pk", filter=Q(klaar_op__lt=vandaag) & niet_gelukt),
        "netwerk": Count("pk", filter=Q(soort=Soort.NETWERK)),
        "alle": Count("pk"),
    }
    persoon_id = toegang.persoon_id
    if persoon_id is not None:
        # Exists, not a join: a join with the people would count afspraken twice.
        wie = Afspraak.wie.through.objects.filter(afspraak_id=OuterRef("pk"), persoon_id=persoon_id)
        invaller = Afspraak.invallers.through.objects.filter(
            afspraak_id=OuterRef("pk"), persoon_id=persoon_id
        )
        tellers["mijn"] = Count("pk", filter=Q(Exists(wie)) | Q(Exists(invaller)))
    aantallen = afspraken.aggregate(**tellers)
    extra = {
        "netwerk": aantallen["netwerk"],
        "hulp": aantallen["alle"] - aantallen["netwerk"],
        "mijn": aantallen.get("mijn"),
    }
    return telling_uit(aantallen), extra


def _volgorde(deelname: Deelname) -> tuple:
    """The person first, then supporters, then the rest of the network (and among
    the professionals the facilitator first); by name."""
    rang = {Rol.HOOFDPERSOON: 0, Rol.SUPPORTER: 1, Rol.FACILITATOR: 0}.get(deelname.rol, 2)
    naam = deelname.persoon.naam if deelname.persoon else str(deelname.user)
    return (rang, naam.lower(), deelname.pk)


@login_required
@require_safe
def team(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The plan's state in one glance, the ways in, and who takes part: the person and
    their network first, then the professionals."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    context = {"toegang": toegang, "netwerk": netwerk, "plan": None}
    plan = leesbaar_plan(toegang)
    if plan is not None:
        telling, extra = tel_afspraken(toegang, plan, timezone.localdate())
        vervolg = volgend_beraad(netwerk, timezone.now())
        context.update(
            plan=plan,
            telling=telling,
            aantal=extra,
            vervolg=vervolg,
            vervolgdatum=vervolg.datum if vervolg and vervolg.datum else plan.vervolgdatum,
            volgend=volgend_overleg_van(netwerk, timezone.now()),
        )
    deelnames = list(
        Deelname.objects.actief()
        .filter(netwerk=netwerk)
        .select_related("user", "persoon")
        .order_by("created", "pk")
    )
    netwerk_leden = sorted((d for d in deelnames if d.rol in FAMILIE_ROLLEN), key=_volgorde)
    hoofdpersoon = next(
        (d.persoon for d in netwerk_leden if d.persoon and d.persoon.is_hoofdpersoon), None
    )
    context.update(
        netwerk_leden=netwerk_leden,
        professionals=sorted((d for d in deelnames if d.rol not in FAMILIE_ROLLEN), key=_volgorde),
        hoofdpersoon=hoofdpersoon,
    )
    return render(request, "actieteam/team.html", context)


urlpatterns = [
    path("", team, name="team"),
]

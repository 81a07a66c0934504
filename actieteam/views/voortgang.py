"""Voortgang: how the plan is going, per vraag, for the whole team.

Everyone in the Netwerk reads it (the facilitator looks here first). The page loads a
fixed set of rows whatever the size of the plan: the plan, its vragen, the afspraken in
force with their voortgang and people, and the latest status changes.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from beraad.models import Vraag
from sonestra.core.access import access_netwerk
from sonestra.core.roles import Recht

from ..models import Statuswijziging
from ..team import afspraken_van, leesbaar_plan
from ..voortgang import bereken

LAATSTE_WIJZIGINGEN = 10


@login_required
@require_safe
def voortgang(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Progress per vraag, what is late, what does not work, and the latest changes."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    context = {"toegang": toegang, "netwerk": netwerk, "plan": None}
    plan = leesbaar_plan(toegang)
    if plan is not None:
        vragen = list(
            Vraag.objects.filter(netwerk=netwerk, beraad_id=plan.beraad_id).order_by(
                "volgorde", "pk"
            )
        )
        overzicht = bereken(vragen, afspraken_van(toegang, plan), timezone.localdate())
        wijzigingen = list(
            Statuswijziging.objects.filter(netwerk=netwerk, afspraak__plan=plan)
            .select_related("afspraak")
            .order_by("-tijd", "-pk")[:LAATSTE_WIJZIGINGEN]
        )
        context.update(plan=plan, overzicht=overzicht, wijzigingen=wijzigingen)
    return render(request, "actieteam/voortgang.html", context)


urlpatterns = [
    path("voortgang/", voortgang, name="voortgang"),
]

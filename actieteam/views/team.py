from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from sonestra.core.access import access_netwerk
from sonestra.core.models import Deelname
from sonestra.core.roles import FAMILIE_ROLLEN, Recht


@login_required
def team(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Who takes part: the person and their network first, then the professionals."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    deelnames = (
        Deelname.objects.actief()
        .filter(netwerk=toegang.netwerk)
        .select_related("user", "persoon")
        .order_by("created")
    )
    netwerk_leden = [d for d in deelnames if d.rol in FAMILIE_ROLLEN]
    professionals = [d for d in deelnames if d.rol not in FAMILIE_ROLLEN]
    return render(
        request,
        "actieteam/team.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "netwerk_leden": netwerk_leden,
            "professionals": professionals,
        },
    )


urlpatterns = [
    path("", team, name="team"),
]

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sonestra.core.access import access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht


@login_required
def overzicht(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """What a FamilieNetwerkBeraad is and how it goes, for the people of this Netwerk."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    hoofdpersoon = Persoon.objects.in_netwerk(toegang.netwerk).filter(is_hoofdpersoon=True).first()
    return render(
        request,
        "beraad/overzicht.html",
        {"toegang": toegang, "netwerk": toegang.netwerk, "hoofdpersoon": hoofdpersoon},
    )

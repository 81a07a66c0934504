"""The coordinator's overview of every Netwerk of their organisation: status only.

Not inside one Netwerk, so not behind `access_netwerk`: the page exists only for a
coordinator with an organisation, and lists only that organisation's Netwerken
(`Netwerk.objects.for_coordinator`). For anyone else it does not exist (404). Each visit,
and each refused try, writes one line to the access log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from sonestra.core.access import Actie, log
from sonestra.core.models import Netwerk
from sonestra.core.roles import Rol

from ..overzicht import PER_PAGINA, Fase, OverzichtFilter, rijen

ONDERWERP = "organisatie: overzicht van de netwerken"


@login_required
@require_safe
@vary_on_headers("HX-Request")
def organisatie_overzicht(request: HttpRequest) -> HttpResponse:
    """All Netwerken of the organisation with phase, next date, progress and balance;
    searched, filtered, sorted and 25 to a page."""
    user = request.user
    if not (user.is_coordinator and user.organisatie_id):
        log(request, Actie.READ, toegestaan=False, onderwerp=ONDERWERP)
        raise Http404
    log(request, Actie.READ, rol=Rol.COORDINATOR, onderwerp=ONDERWERP)

    nu, vandaag = timezone.now(), timezone.localdate()
    netwerken = Netwerk.objects.for_coordinator(user)
    filter_form = OverzichtFilter(request.GET or None)
    pagina = Paginator(filter_form.kies(netwerken, vandaag=vandaag), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    context = {
        "organisatie": user.organisatie,
        "filter": filter_form,
        "pagina": pagina,
        "rijen": rijen(netwerken, list(pagina.object_list), nu=nu, vandaag=vandaag),
        "fasen": Fase,
    }
    template = "actieteam/organisatie.html"
    if request.htmx:
        template += "#lijst"
    return render(request, template, context)


urlpatterns = [
    path("organisatie/netwerken/", organisatie_overzicht, name="organisatie_overzicht"),
]

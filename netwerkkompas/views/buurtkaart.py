"""The buurtkaart: places in the neighbourhood and who the person meets there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sonestra.core.access import Actie, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from ..forms.buurtkaart import PlekForm
from ..models import Plek
from ..svg.buurtkaart import MensIn, PlekIn, layout


def _plekken(netwerk):
    """The places, nearest first, each with its people by name: two queries in all."""
    return Plek.objects.filter(netwerk=netwerk).prefetch_related(
        Prefetch("personen", queryset=Persoon.objects.order_by("naam", "pk"))
    )


def _tekening_in(plekken) -> list[PlekIn]:
    return [
        PlekIn(
            id=plek.pk,
            naam=plek.naam,
            soort=plek.soort,
            loopminuten=plek.loopminuten,
            mensen=tuple(
                MensIn(naam=p.naam, initialen=p.initialen, foto_url=p.foto_url())
                for p in plek.personen.all()
            ),
        )
        for plek in plekken
    ]


@login_required
@require_safe
def buurtkaart(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    plekken = list(_plekken(netwerk))
    return render(
        request,
        "netwerkkompas/buurtkaart.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "plekken": plekken,
            "buurtkaart": layout(_tekening_in(plekken)),
            "mag_wijzigen": toegang.mag(Recht.KOMPAS_WIJZIGEN),
            # Notes about places stay with the person's own circle, like notes about people.
            "toon_notities": toegang.mag(Recht.CONTACT_BEKIJKEN),
        },
    )


@login_required
def plek_nieuw(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN, actie=Actie.CREATE)
    netwerk = toegang.netwerk
    form = PlekForm(request.POST or None, netwerk=netwerk)
    if request.method == "POST" and form.is_valid():
        form.instance.netwerk = netwerk
        nieuw = form.save()
        messages.success(request, _("%(naam)s staat nu op de buurtkaart.") % {"naam": nieuw.naam})
        return redirect("netwerkkompas:buurtkaart", netwerk.pk)
    return render(
        request,
        "netwerkkompas/plek.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form, "plek": None},
    )


@login_required
def plek(request: HttpRequest, netwerk_id: int, plek_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN)
    netwerk = toegang.netwerk
    gevonden = get_object_or_404(Plek.objects.filter(netwerk=netwerk), pk=plek_id)
    form = PlekForm(request.POST or None, instance=gevonden, netwerk=netwerk)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, _("%(naam)s is opgeslagen.") % {"naam": gevonden.naam})
        return redirect("netwerkkompas:buurtkaart", netwerk.pk)
    return render(
        request,
        "netwerkkompas/plek.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form, "plek": gevonden},
    )


@login_required
@require_POST
def plek_verwijderen(request: HttpRequest, netwerk_id: int, plek_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN, actie=Actie.DELETE)
    netwerk = toegang.netwerk
    weg = get_object_or_404(Plek.objects.filter(netwerk=netwerk), pk=plek_id)
    naam = weg.naam
    weg.delete()
    messages.success(request, _("%(naam)s staat niet meer op de buurtkaart.") % {"naam": naam})
    return redirect("netwerkkompas:buurtkaart", netwerk.pk)

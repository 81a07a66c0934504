"""Overleggen of the actieteam: when, who was there, what was said and decided, and
when the next one is.

Everyone in the Netwerk reads them. The person, their supporters and the facilitator
write them down (Recht.OVERLEG_VASTLEGGEN); a netwerklid or professional reads along.
Each page loads a fixed set of rows, however many overleggen there are.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Netwerk, Persoon
from sonestra.core.roles import Recht

from ..forms.overleg import OverlegForm
from ..models import Overleg
from ..team import actief_plan, volgend_overleg

HTTP_GET_POST = require_http_methods(["GET", "HEAD", "POST"])


# --- Shared by the pages -----------------------------------------------------------------


def _personen_op_volgorde():
    """The person first, then family and network, then professionals, each by name."""
    professional = Case(
        When(soort=Persoon.Soort.PROFESSIONAL, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Persoon.objects.order_by("-is_hoofdpersoon", professional, "naam", "pk")


def _keuzes(netwerk: Netwerk, aanwezig: Iterable[Persoon] = ()) -> list[Persoon]:
    """Who can be ticked as present: the people of the groslijst in the current time,
    and whoever was ticked before (also when they moved to 'vroeger' since)."""
    al = [p.pk for p in aanwezig]
    return list(
        _personen_op_volgorde()
        .filter(netwerk=netwerk)
        .filter(Q(tijd=Persoon.Tijd.HEDEN) | Q(pk__in=al))
    )


def _overleggen(netwerk: Netwerk):
    return (
        Overleg.objects.filter(netwerk=netwerk)
        .select_related("created_by")
        .prefetch_related(Prefetch("aanwezig", queryset=_personen_op_volgorde()))
    )


def _context(toegang: Toegang, **extra) -> dict:
    return {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "mag_vastleggen": toegang.mag(Recht.OVERLEG_VASTLEGGEN),
        **extra,
    }


# --- The list, and a new overleg ---------------------------------------------------------


@login_required
@HTTP_GET_POST
def overleggen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """All overleggen, newest first, with the next date on top; writers add one here."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.OVERLEG_VASTLEGGEN,
        actie=Actie.CREATE,
    )
    netwerk = toegang.netwerk
    form = None
    if toegang.mag(Recht.OVERLEG_VASTLEGGEN):
        form = OverlegForm(
            request.POST if request.method == "POST" else None,
            personen=_keuzes(netwerk),
        )
    if request.method == "POST" and form.is_valid():
        form.opslaan(netwerk=netwerk, plan=actief_plan(netwerk), user=request.user)
        overleg = form.instance
        messages.success(
            request,
            _("Het overleg van %(datum)s is vastgelegd.")
            % {"datum": date_format(timezone.localtime(overleg.datum), "j F Y")},
        )
        return redirect(
            reverse("actieteam:overleggen", args=[netwerk.pk]) + f"#overleg-{overleg.pk}"
        )
    lijst = list(_overleggen(netwerk))
    nu = timezone.now()
    for item in lijst:
        item.gepland = item.datum > nu
    return render(
        request,
        "actieteam/overleggen.html",
        _context(
            toegang,
            overleggen=lijst,
            volgend=volgend_overleg(lijst, nu),
            form=form,
        ),
    )


# --- One overleg -------------------------------------------------------------------------


@login_required
@HTTP_GET_POST
def overleg(request: HttpRequest, netwerk_id: int, overleg_id: int) -> HttpResponse:
    """One overleg to read; writers change it here, with the version check."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.OVERLEG_VASTLEGGEN,
        actie=Actie.UPDATE,
    )
    netwerk = toegang.netwerk
    gevonden = get_object_or_404(_overleggen(netwerk), pk=overleg_id)
    form = None
    if toegang.mag(Recht.OVERLEG_VASTLEGGEN):
        # The form changes its own copy: the page shows the overleg as it is saved.
        form = OverlegForm(
            request.POST if request.method == "POST" else None,
            instance=copy.copy(gevonden),
            personen=_keuzes(netwerk, gevonden.aanwezig.all()),
        )
    if request.method == "POST":
        if form.is_valid() and form.opslaan(netwerk=netwerk, plan=None, user=request.user):
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect("actieteam:overleg", netwerk.pk, gevonden.pk)
        if form.conflict is not None:
            # Show what the other person saved, above the form that keeps this one's text.
            gevonden = _overleggen(netwerk).get(pk=gevonden.pk)
    return render(
        request,
        "actieteam/overleg.html",
        _context(toegang, overleg=gevonden, form=form, conflict=form is not None and form.conflict),
    )


urlpatterns = [
    path("overleggen/", overleggen, name="overleggen"),
    path("overleggen/<int:overleg_id>/", overleg, name="overleg"),
]

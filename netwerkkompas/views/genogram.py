"""The genogram: the family drawn in generations, with its text alternative."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sonestra.core.access import Actie, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht
from sonestra.core.tekeningen import bewaard, getekend, url_per_pk

from ..forms.genogram import SOORT_KEUZES, RelatieForm
from ..models import Relatie
from ..svg import genogram as layout


def _mens(persoon: Persoon) -> layout.Mens:
    return layout.Mens(
        id=persoon.pk,
        naam=persoon.naam,
        geslacht=persoon.geslacht,
        geboortejaar=persoon.geboortejaar,
        overleden=persoon.overleden,
        overlijdensjaar=persoon.overlijdensjaar,
        hoofdpersoon=persoon.is_hoofdpersoon,
        initialen=persoon.initialen,
        foto_url=persoon.foto_url(),
    )


@login_required
@require_safe
def genogram(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    relaties = list(Relatie.objects.filter(netwerk=netwerk).order_by("created", "pk"))
    in_relatie = {r.van_id for r in relaties} | {r.naar_id for r in relaties}
    # Who is drawn: everyone in a relation, and all family even before a relation is known.
    personen = list(
        Persoon.objects.in_netwerk(netwerk).filter(
            Q(soort=Persoon.Soort.FAMILIE) | Q(pk__in=in_relatie)
        )
    )
    per_id = {p.pk: p for p in personen}
    relaties = [r for r in relaties if r.van_id in per_id and r.naar_id in per_id]
    # How close or broken a bond feels is like kwaliteit in the groslijst: only for those
    # who may read notes.
    mag_band = toegang.mag(Recht.CONTACT_BEKIJKEN)
    toon_band = mag_band and request.GET.get("band") == "1"

    mensen = [_mens(p) for p in personen]
    verbindingen = [
        layout.Verbinding(r.van_id, r.naar_id, r.soort, r.band if mag_band else "")
        for r in relaties
    ]
    svg_id = f"genogram-{netwerk.pk}"
    los_titel = _("Familie zonder relatie")
    tekening = bewaard(
        "genogram",
        (svg_id, los_titel, mensen, verbindingen),
        lambda: layout.teken(mensen, verbindingen, id_prefix=svg_id, los_titel=los_titel),
    )
    soort_tekst = dict(SOORT_KEUZES)
    # One reverse per kind of link instead of one per row (most of a long list's time).
    persoon_url = url_per_pk("netwerkkompas:persoon", netwerk.pk)
    weg_url = url_per_pk("netwerkkompas:relatie_verwijderen", netwerk.pk)
    lijst = [
        {
            "relatie": r,
            "van": per_id[r.van_id],
            "naar": per_id[r.naar_id],
            "van_url": persoon_url(r.van_id),
            "naar_url": persoon_url(r.naar_id),
            "weg_url": weg_url(r.pk),
            "soort": soort_tekst.get(r.soort, r.get_soort_display()),
        }
        for r in relaties
    ]
    generaties = layout.beschrijf(tekening, mensen, verbindingen, met_band=toon_band)
    for generatie in generaties:
        for beschrijving in generatie.mensen:
            beschrijving.url = persoon_url(beschrijving.mens.id)
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "tekening": tekening,
        "svg_id": svg_id,
        "generaties": generaties,
        "toon_band": toon_band,
        "mag_band": mag_band,
        "heeft_band": mag_band and any(r.band for r in relaties),
        "relaties": lijst,
        "mag_wijzigen": toegang.mag(Recht.KOMPAS_WIJZIGEN),
    }
    # From the cache when this family was drawn before (sonestra/core/tekeningen.py).
    context["genogram_svg"] = getekend(
        "netwerkkompas/svg/genogram.svg",
        {"g": tekening, "titel": netwerk.titel, "svg_id": svg_id, "toon_band": toon_band},
        (svg_id, netwerk.titel, toon_band, tekening),
    )
    return render(request, "netwerkkompas/genogram.html", context)


@login_required
def relatie_nieuw(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.KOMPAS_WIJZIGEN,
        schrijven=Recht.KOMPAS_WIJZIGEN,
        actie=Actie.CREATE,
    )
    netwerk = toegang.netwerk
    form = RelatieForm(request.POST or None, netwerk=netwerk)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                relatie = form.save()
        except IntegrityError:
            # The same relation, saved a moment ago by a double tap or someone else.
            messages.info(request, _("Deze relatie stond al in het genogram."))
            return redirect("netwerkkompas:genogram", netwerk.pk)
        messages.success(
            request,
            _("De relatie tussen %(a)s en %(b)s staat in het genogram.")
            % {"a": relatie.van.naam, "b": relatie.naar.naam},
        )
        return redirect("netwerkkompas:genogram", netwerk.pk)
    return render(
        request,
        "netwerkkompas/relatie_nieuw.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form},
    )


@login_required
@require_POST
def relatie_verwijderen(request: HttpRequest, netwerk_id: int, relatie_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN, actie=Actie.DELETE)
    relatie = get_object_or_404(
        Relatie.objects.filter(netwerk=toegang.netwerk).select_related("van", "naar"),
        pk=relatie_id,
    )
    relatie.delete()
    messages.success(
        request,
        _("De relatie tussen %(a)s en %(b)s is uit het genogram gehaald.")
        % {"a": relatie.van.naam, "b": relatie.naar.naam},
    )
    return redirect("netwerkkompas:genogram", toegang.netwerk.pk)

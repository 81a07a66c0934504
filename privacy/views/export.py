"""Exporteren: the Netwerk's data out of the app, as JSON, PDF or a zip with the photos.

The page says what each file holds. The hoofdpersoon (right EXPORTEREN) downloads
everything, or what concerns one person of the groslijst; everyone with a role in the
Netwerk (EIGEN_EXPORT) downloads what concerns themselves (the rule: privacy/export.py).
Every download is logged as E, is never cached, and comes as an attachment.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sonestra.core.access import Actie, access_netwerk, log
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht, Rol

from .. import export as gegevens

SOORTEN = {
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def _formaat(request: HttpRequest, *, zip_mag: bool = False) -> str:
    formaat = request.GET.get("formaat", "json")
    if formaat not in SOORTEN or (formaat == "zip" and not zip_mag):
        raise Http404("Onbekend formaat")
    return formaat


def _bestand(export: gegevens.Export, formaat: str, naam: str) -> HttpResponse:
    if formaat == "pdf":
        inhoud = gegevens.maak_pdf(export)
    elif formaat == "zip":
        inhoud = gegevens.zip_met_fotos(export)
    else:
        inhoud = export.json()
    response = HttpResponse(inhoud, content_type=SOORTEN[formaat])
    bestandsnaam = f"{slugify(naam) or 'sonestra'}-{export.gemaakt:%Y-%m-%d}.{formaat}"
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response


@login_required
@require_safe
@never_cache
def export(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The page with the choices: everything, oneself, or (hoofdpersoon) one person."""
    toegang = access_netwerk(request, netwerk_id, Recht.EIGEN_EXPORT)
    netwerk = toegang.netwerk
    alles = toegang.mag(Recht.EXPORTEREN)
    personen = []
    gekozen = None
    if alles:
        personen = list(Persoon.objects.in_netwerk(netwerk).only("id", "naam", "is_hoofdpersoon"))
        keuze = request.GET.get("persoon", "")
        gekozen = next((p for p in personen if str(p.pk) == keuze), None)
    return render(
        request,
        "privacy/export.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "alles": alles,
            "personen": personen,
            "gekozen": gekozen,
            "fout_keuze": bool(request.GET.get("persoon")) and gekozen is None,
        },
    )


@login_required
@require_safe
@never_cache
def export_netwerk(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Everything of the Netwerk: ?formaat=json, pdf or zip (the JSON and the photos)."""
    formaat = _formaat(request, zip_mag=True)
    toegang = access_netwerk(request, netwerk_id, Recht.EXPORTEREN, actie=Actie.EXPORT)
    export = gegevens.netwerk_export(toegang.netwerk)
    return _bestand(export, formaat, f"{toegang.netwerk.titel} gegevens")


@login_required
@require_safe
@never_cache
def export_mijn(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """What the Netwerk holds about the one asking: ?formaat=json or pdf."""
    formaat = _formaat(request)
    toegang = access_netwerk(request, netwerk_id, Recht.EIGEN_EXPORT, actie=Actie.EXPORT)
    betrokkene = gegevens.betrokkene_voor(toegang.netwerk, toegang.persoon, request.user)
    if toegang.persoon is None and toegang.rol == Rol.HOOFDPERSOON:
        betrokkene = gegevens.Betrokkene(None, betrokkene.user_ids, hoofdpersoon=True)
    export = gegevens.persoon_export(toegang.netwerk, betrokkene, zelf=True)
    naam = betrokkene.naam or request.user.get_full_name() or request.user.get_username()
    return _bestand(export, formaat, f"{naam} gegevens")


@login_required
@require_safe
@never_cache
def export_persoon(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    """What the Netwerk holds about one person of the groslijst, for the hoofdpersoon (who
    hands it to them, on their request): ?formaat=json or pdf."""
    formaat = _formaat(request)
    # Quiet: whether this hands out a file is known once the person is found.
    toegang = access_netwerk(request, netwerk_id, Recht.EXPORTEREN, actie=Actie.EXPORT, stil=True)
    persoon = Persoon.objects.in_netwerk(toegang.netwerk).filter(pk=persoon_id).first()
    log(
        request,
        Actie.EXPORT,
        netwerk_id=netwerk_id,
        rol=toegang.rol,
        toegestaan=persoon is not None,
    )
    if persoon is None:
        raise Http404("Deze persoon staat niet in dit netwerk")
    betrokkene = gegevens.betrokkene_voor(toegang.netwerk, persoon)
    export = gegevens.persoon_export(toegang.netwerk, betrokkene)
    return _bestand(export, formaat, f"{persoon.naam} gegevens")


urlpatterns = [
    path("exporteren/", export, name="export"),
    path("exporteren/netwerk/", export_netwerk, name="export_netwerk"),
    path("exporteren/mijn-gegevens/", export_mijn, name="export_mijn"),
    path("exporteren/persoon/<int:persoon_id>/", export_persoon, name="export_persoon"),
]

"""The actieplan as PDF: the whole plan on A4, and one page in easy words and pictures.

Both are downloads (logged as E) for whoever may read the plan; anyone else gets a 404,
as if there were no plan.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sonestra.core.access import Actie, access_netwerk, log
from sonestra.core.roles import Recht

from ..pdf import maak_pdf, mag_printen, plan_gegevens
from ..pdf_makkelijk import makkelijk_context
from ..toegang import beraad_van


def _download(request: HttpRequest, netwerk_id: int, beraad_id: int, soort: str) -> HttpResponse:
    # Quiet: whether this is a download or a refusal is known only once the plan is read.
    toegang = access_netwerk(request, netwerk_id, Recht.PLAN_PRINTEN, actie=Actie.EXPORT, stil=True)
    try:
        beraad = beraad_van(toegang, beraad_id)
    except Http404:
        beraad = None
    toegestaan = beraad is not None and mag_printen(toegang, beraad.plan)
    log(request, Actie.EXPORT, netwerk_id=netwerk_id, rol=toegang.rol, toegestaan=toegestaan)
    if not toegestaan:
        raise Http404("Geen plan om te printen")
    gegevens = plan_gegevens(toegang, beraad)
    if soort == "makkelijk":
        pdf = maak_pdf("beraad/pdf/makkelijk.html", gegevens, **makkelijk_context(gegevens))
    else:
        pdf = maak_pdf("beraad/pdf/plan.html", gegevens)
    naam = slugify(gegevens.titel) or "actieplan"
    if soort == "makkelijk":
        naam += "-makkelijk-lezen"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    return response


@login_required
@require_safe
@never_cache
def plan_pdf(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The whole actieplan on A4: cover, rondje positief, vragen and afspraken, voorwaarden,
    akkoord, aanspreekpunt and vervolgdatum, netwerkcirkel."""
    return _download(request, netwerk_id, beraad_id, "plan")


@login_required
@require_safe
@never_cache
def plan_makkelijk(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """One page: who does what, in short sentences with pictures."""
    return _download(request, netwerk_id, beraad_id, "makkelijk")


urlpatterns = [
    path("<int:beraad_id>/plan/actieplan.pdf", plan_pdf, name="plan_pdf"),
    path("<int:beraad_id>/plan/makkelijk-lezen.pdf", plan_makkelijk, name="plan_makkelijk"),
]

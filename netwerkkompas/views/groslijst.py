from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from sonestra.core.access import Actie, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from ..forms.groslijst import PersoonForm, PersoonSnelForm


@login_required
@vary_on_headers("HX-Request")
def personen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The first page of the Netwerkkompas: everyone in the Netwerk, and a quick way to add."""
    if request.method == "POST":
        toegang = access_netwerk(request, netwerk_id, Recht.PERSONEN_WIJZIGEN, actie=Actie.CREATE)
    else:
        toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    form = PersoonSnelForm(request.POST or None)
    toegevoegd = None
    if request.method == "POST" and form.is_valid():
        form.instance.netwerk = netwerk
        toegevoegd = form.save()
        form = PersoonSnelForm()
        if not request.htmx:
            messages.success(request, _("%(naam)s staat nu in de lijst.") % {"naam": toegevoegd})
            return redirect("netwerkkompas:personen", netwerk.pk)
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "personen": Persoon.objects.in_netwerk(netwerk),
        "form": form,
        "toegevoegd": toegevoegd,
        "mag_wijzigen": toegang.mag(Recht.PERSONEN_WIJZIGEN),
    }
    template = "netwerkkompas/personen.html"
    if request.htmx:
        template += "#lijst"
    response = render(request, template, context)
    if toegevoegd is not None:
        # Tells the page to empty the field for the next name (static/js/sonestra.js).
        response["HX-Trigger-After-Swap"] = "persoon-toegevoegd"
    return response


@login_required
def persoon(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    recht = Recht.PERSONEN_WIJZIGEN if request.method == "POST" else Recht.NETWERK_BEKIJKEN
    toegang = access_netwerk(request, netwerk_id, recht)
    netwerk = toegang.netwerk
    gevonden = get_object_or_404(Persoon.objects.in_netwerk(netwerk), pk=persoon_id)
    form = None
    if toegang.mag(Recht.PERSONEN_WIJZIGEN):
        oude_foto = gevonden.foto.name
        form = PersoonForm(request.POST or None, request.FILES or None, instance=gevonden)
        if request.method == "POST" and form.is_valid() and form.save_checked():
            if oude_foto and oude_foto != gevonden.foto.name:
                # A replaced or removed photo leaves nothing behind in storage.
                gevonden.foto.storage.delete(oude_foto)
            messages.success(
                request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": gevonden.naam}
            )
            return redirect("netwerkkompas:personen", netwerk.pk)
    return render(
        request,
        "netwerkkompas/persoon.html",
        {"toegang": toegang, "netwerk": netwerk, "persoon": gevonden, "form": form},
    )


def rij(request, **kwargs):  # PLACEHOLDER
    raise Http404


def verwijderen(request, **kwargs):  # PLACEHOLDER
    raise Http404

"""The groslijst: everyone who played, plays or could play a role. Every other tool of
the Netwerkkompas draws from this one list."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap

from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import RING_NAMEN, Persoon
from sonestra.core.roles import Recht
from sonestra.core.tekeningen import url_per_pk

from ..forms.groslijst import (
    GroslijstFilter,
    PersoonForm,
    PersoonRijForm,
    PersoonSnelForm,
    ZelfForm,
)
from ..models import Balansmeting, Relatie


def _save_with_photo(form, persoon: Persoon, oude_foto: str) -> bool:
    """Save a versioned Persoon form; a replaced or removed photo leaves nothing behind.
    `oude_foto` is the stored name from before the form touched the instance."""
    if not form.save_checked():
        return False
    if oude_foto and oude_foto != persoon.foto.name:
        persoon.foto.storage.delete(oude_foto)
    if {"soort", "tijd"} & set(form.Meta.fields):
        # A versioned save is an UPDATE without post_save: measure the balans here.
        Balansmeting.meet(persoon.netwerk_id)
    return True


@login_required
@vary_on_headers("HX-Request")
def personen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The groslijst: add a name in one field, filter and sort, fill in each row inline."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.PERSONEN_WIJZIGEN,
        actie=Actie.CREATE,
    )
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
    # A quick add posts the filter along (hx-include), so the list keeps its filter.
    filter_form = GroslijstFilter(
        (request.POST if request.method == "POST" else request.GET) or None,
        met_kwaliteit=toegang.mag(Recht.CONTACT_BEKIJKEN),
    )
    alle = Persoon.objects.in_netwerk(netwerk)
    lijst = _met_urls(netwerk, list(filter_form.filter(alle)))
    if toegevoegd is not None:
        _met_urls(netwerk, [toegevoegd])
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "personen": lijst,
        "totaal": alle.count() if filter_form.actief else None,
        "filter": filter_form,
        "form": form,
        "toegevoegd": toegevoegd,
        "mag_wijzigen": toegang.mag(Recht.PERSONEN_WIJZIGEN),
    }
    template = "netwerkkompas/personen.html"
    if request.htmx and toegevoegd is not None and len(lijst) > 1:
        # The list is on the page already: put the new row in its place (or leave it out
        # when the filter hides it) instead of sending all 150 rows again.
        ids = [p.pk for p in lijst]
        if toegevoegd.pk in ids:
            plek = ids.index(toegevoegd.pk)
            context["invoegen"] = (
                f"beforebegin:#rij-{ids[plek + 1]}"
                if plek + 1 < len(ids)
                else "beforeend:#personen .groslijst"
            )
        response = reswap(render(request, template + "#toegevoegd", context), "none")
        response["HX-Trigger-After-Swap"] = "persoon-toegevoegd"
        return response
    if request.htmx:
        template += "#lijst"
    response = render(request, template, context)
    if toegevoegd is not None:
        # Tells the page to empty the field for the next name (static/js/sonestra.js).
        response["HX-Trigger-After-Swap"] = "persoon-toegevoegd"
    return response


def _met_urls(netwerk, personen: list[Persoon]) -> list[Persoon]:
    """Each row's two links, from one reverse per kind: 150 rows of `{% url %}` were a
    large part of the list's time."""
    pagina = url_per_pk("netwerkkompas:persoon", netwerk.pk)
    rij = url_per_pk("netwerkkompas:rij", netwerk.pk)
    for persoon in personen:
        persoon.pagina_url, persoon.rij_url = pagina(persoon.pk), rij(persoon.pk)
    return personen


def _rij_context(toegang: Toegang, persoon: Persoon, form=None) -> dict:
    _met_urls(toegang.netwerk, [persoon])
    return {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "persoon": persoon,
        "form": form,
        "mag_wijzigen": toegang.mag(Recht.PERSONEN_WIJZIGEN),
    }


@login_required
@vary_on_headers("HX-Request")
def rij(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    """One row of the groslijst, shown or filled in inline (htmx). Without htmx the
    person's own page does the same."""
    bewerken = request.method == "POST" or "bewerken" in request.GET
    recht = Recht.PERSONEN_WIJZIGEN if bewerken else Recht.NETWERK_BEKIJKEN
    toegang = access_netwerk(request, netwerk_id, recht)
    persoon = get_object_or_404(Persoon.objects.in_netwerk(toegang.netwerk), pk=persoon_id)
    if not request.htmx and request.method != "POST":
        return redirect("netwerkkompas:persoon", toegang.netwerk.pk, persoon.pk)
    form = None
    if bewerken:
        oude_foto = persoon.foto.name
        form = PersoonRijForm(request.POST or None, request.FILES or None, instance=persoon)
        if (
            request.method == "POST"
            and form.is_valid()
            and _save_with_photo(form, persoon, oude_foto)
        ):
            if not request.htmx:
                messages.success(
                    request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": persoon.naam}
                )
                return redirect("netwerkkompas:personen", toegang.netwerk.pk)
            form = None
    if not request.htmx:
        # A row form posted without htmx (it stopped loading halfway): the same row form
        # on a page of its own, with the text kept and the error shown.
        return render(request, "netwerkkompas/rij_los.html", _rij_context(toegang, persoon, form))
    template = "netwerkkompas/personen.html#" + ("rij_form" if form else "rij")
    return render(request, template, _rij_context(toegang, persoon, form))


@login_required
def persoon(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    """One person's page. Those who keep the kompas change everything; a network member
    changes their own details."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.PERSONEN_WIJZIGEN,
        of=Recht.ZELF_BIJDRAGEN,
        eigen=lambda t: t.persoon_id == persoon_id,
    )
    netwerk = toegang.netwerk
    gevonden = get_object_or_404(Persoon.objects.in_netwerk(netwerk), pk=persoon_id)
    form_class = None
    if toegang.mag(Recht.PERSONEN_WIJZIGEN):
        form_class = PersoonForm
    elif toegang.mag(Recht.ZELF_BIJDRAGEN) and toegang.persoon_id == gevonden.pk:
        form_class = ZelfForm
    form = None
    mag_verwijderen = toegang.mag(Recht.PERSONEN_WIJZIGEN) and not gevonden.is_hoofdpersoon
    if form_class is not None:
        oude_foto = gevonden.foto.name
        form = form_class(request.POST or None, request.FILES or None, instance=gevonden)
        if (
            request.method == "POST"
            and form.is_valid()
            and _save_with_photo(form, gevonden, oude_foto)
        ):
            messages.success(
                request, _("De gegevens van %(naam)s zijn opgeslagen.") % {"naam": gevonden.naam}
            )
            return redirect("netwerkkompas:personen", netwerk.pk)
    return render(
        request,
        "netwerkkompas/persoon.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "persoon": gevonden,
            "form": form,
            "mag_verwijderen": mag_verwijderen,
            # Only asked when the delete step is shown.
            "heeft_login": (
                mag_verwijderen and gevonden.deelnames.filter(beeindigd__isnull=True).exists()
            ),
            "in_kompas": _in_kompas(gevonden),
        },
    )


def _in_kompas(persoon: Persoon) -> dict:
    """Where this one person appears in the other tools: one query per tool."""
    familie = []
    relaties = Relatie.objects.filter(Q(van=persoon) | Q(naar=persoon))
    for relatie in relaties.select_related("van", "naar"):
        zelf_van = relatie.van_id == persoon.pk
        rol = {
            Relatie.Soort.OUDER: _("ouder van") if zelf_van else _("kind van"),
            Relatie.Soort.PARTNER: _("partner van"),
            Relatie.Soort.EX_PARTNER: _("ex-partner van"),
            Relatie.Soort.BROER_ZUS: _("broer of zus van"),
        }[relatie.soort]
        familie.append((rol, relatie.naar if zelf_van else relatie.van))
    return {
        "ring": persoon.cirkelring,
        "ring_naam": RING_NAMEN[persoon.cirkelring],
        "familie": familie,
        "plekken": list(persoon.plekken.all()),
        "talenten": list(persoon.talenten.all()),
        "ondersteuning": list(persoon.ondersteuning.all()),
    }


@login_required
@require_POST
def verwijderen(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    """Take someone off the groslijst, with everything the kompas holds about them."""
    toegang = access_netwerk(request, netwerk_id, Recht.PERSONEN_WIJZIGEN, actie=Actie.DELETE)
    persoon = get_object_or_404(Persoon.objects.in_netwerk(toegang.netwerk), pk=persoon_id)
    if persoon.is_hoofdpersoon:
        messages.error(request, _("De hoofdpersoon blijft altijd in de lijst."))
        return redirect("netwerkkompas:persoon", toegang.netwerk.pk, persoon.pk)
    if persoon.deelnames.filter(beeindigd__isnull=True).exists():
        messages.error(
            request,
            _(
                "%(naam)s doet mee met een eigen login. Trek eerst de toegang in "
                "(bij Uitnodigen); daarna kun je %(naam)s uit de lijst halen."
            )
            % {"naam": persoon.naam},
        )
        return redirect("netwerkkompas:persoon", toegang.netwerk.pk, persoon.pk)
    naam, foto = persoon.naam, persoon.foto
    with transaction.atomic():
        persoon.delete()
        if foto:
            # Only once the row is really gone: a failed delete keeps its photo.
            transaction.on_commit(partial(foto.storage.delete, foto.name))
    messages.success(request, _("%(naam)s staat niet meer in de lijst.") % {"naam": naam})
    return redirect("netwerkkompas:personen", toegang.netwerk.pk)

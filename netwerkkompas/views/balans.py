"""Netwerkbalans and momentopnamen: how the network grows, and two moments side by side."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q, Subquery
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from ..forms.balans import NU, MomentopnameForm, VergelijkForm, moment_label
from ..models import Balansmeting, Momentopname
from ..svg import balans as tekening
from ..vergelijken import lees, per_ring, tel, vergelijk


def metingen(netwerk_id: int, vandaag: date) -> list[tekening.Meting]:
    """The measurements to draw, thinned out in one query: every day of the last two
    months, the last day of every older week, and the very first measurement."""
    alle = Balansmeting.objects.filter(netwerk_id=netwerk_id)
    per_week = (
        alle.annotate(week=TruncWeek("datum"))
        .order_by()
        .values("week")
        .annotate(laatste=Max("datum"))
        .values("laatste")
    )
    eerste = alle.order_by("datum").values("datum")[:1]
    recent = vandaag - timedelta(days=tekening.DAGEN_PER_DAG)
    rijen = alle.filter(
        Q(datum__gte=recent) | Q(datum__in=per_week) | Q(datum=Subquery(eerste))
    ).values_list("datum", "informeel", "professioneel")
    return [tekening.Meting(*rij) for rij in rijen]


def _momenten(netwerk) -> list[Momentopname]:
    # Without the frozen lists: the list of moments stays small whatever their size.
    return list(Momentopname.objects.filter(netwerk=netwerk).defer("personen"))


@login_required
@require_safe
def balans(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """How many people from the own network and how many professionals, now and over time."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    vandaag = timezone.localdate()
    nu = tekening.Meting(vandaag, *Balansmeting.tel(netwerk.pk))
    rijen = metingen(netwerk.pk, vandaag)
    momenten = _momenten(netwerk)
    grafiek = tekening.teken(
        rijen,
        [tekening.Moment(m.datum, moment_label(m)) for m in momenten],
        vandaag=vandaag,
        nu=nu,
    )
    eerste = min(rijen, key=lambda m: m.datum) if rijen else None
    return render(
        request,
        "netwerkkompas/balans.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "nu": nu,
            "aandeel": tekening.aandeel(nu.informeel, nu.professioneel),
            "grafiek": grafiek,
            "signalen": tekening.signalen(nu, eerste),
            "momenten": momenten,
        },
    )


@login_required
def momentopnamen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The kept moments, and a form to keep the network as it stands now."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.KOMPAS_WIJZIGEN,
        actie=Actie.CREATE,
    )
    netwerk = toegang.netwerk
    mag_wijzigen = toegang.mag(Recht.KOMPAS_WIJZIGEN)
    form = MomentopnameForm(request.POST or None) if mag_wijzigen else None
    if request.method == "POST" and form.is_valid():
        moment = Momentopname.maak(
            netwerk,
            naam=form.cleaned_data["naam"].strip(),
            user=request.user,
        )
        messages.success(
            request,
            _("De momentopname van %(moment)s is bewaard.") % {"moment": moment_label(moment)},
        )
        return redirect("netwerkkompas:momentopnamen", netwerk.pk)
    lijst = list(Momentopname.objects.filter(netwerk=netwerk))
    for moment in lijst:
        moment.telling = tel(lees(moment.personen))
    return render(
        request,
        "netwerkkompas/momentopnamen.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "momentopnamen": lijst,
            "form": form,
            "mag_wijzigen": mag_wijzigen,
        },
    )


def _zonder_kwaliteit(toegang: Toegang, personen: list) -> list:
    """How a contact feels stays with those who may read notes, also in the past."""
    if toegang.mag(Recht.CONTACT_BEKIJKEN):
        return personen
    return [{**p, "kwaliteit": ""} if isinstance(p, dict) else p for p in personen]


@login_required
@require_safe
def momentopname(request: HttpRequest, netwerk_id: int, momentopname_id: int) -> HttpResponse:
    """One kept moment: who was there, ring by ring."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    moment = get_object_or_404(Momentopname.objects.filter(netwerk=netwerk), pk=momentopname_id)
    leden = lees(_zonder_kwaliteit(toegang, moment.personen))
    return render(
        request,
        "netwerkkompas/momentopname.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "moment": moment,
            "label": moment_label(moment),
            "hoofdpersonen": [lid for lid in leden if lid.hoofdpersoon],
            "ringen": per_ring(leden),
            "telling": tel(leden),
            "mag_wijzigen": toegang.mag(Recht.KOMPAS_WIJZIGEN),
        },
    )


@login_required
@require_POST
def momentopname_verwijderen(
    request: HttpRequest, netwerk_id: int, momentopname_id: int
) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN, actie=Actie.DELETE)
    netwerk = toegang.netwerk
    moment = get_object_or_404(Momentopname.objects.filter(netwerk=netwerk), pk=momentopname_id)
    label = moment_label(moment)
    moment.delete()
    messages.success(request, _("De momentopname van %(moment)s is weg.") % {"moment": label})
    return redirect("netwerkkompas:momentopnamen", netwerk.pk)


@login_required
@require_safe
def vergelijken(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Two moments side by side: who joined, who left, who moved ring."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    momenten = _momenten(netwerk)  # newest first
    if "van" in request.GET or "tot" in request.GET:
        data = request.GET
    elif len(momenten) >= 2:
        data = {"van": str(momenten[1].pk), "tot": str(momenten[0].pk)}
    elif momenten:
        data = {"van": str(momenten[0].pk), "tot": NU}
    else:
        data = None
    form = VergelijkForm(data, momenten)
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "form": form,
        "momenten": momenten,
        "vergelijking": None,
    }
    if data is not None and form.is_valid():
        gekozen = [form.cleaned_data["van"], form.cleaned_data["tot"]]
        ids = [int(keuze) for keuze in gekozen if keuze != NU]
        bewaard = {m.pk: m for m in Momentopname.objects.filter(netwerk=netwerk, pk__in=ids)}
        kanten = []
        for keuze in gekozen:
            if keuze != NU and int(keuze) not in bewaard:
                # Removed by someone else a moment ago.
                form.add_error(None, _("Dit moment bestaat niet meer. Kies een ander moment."))
                return render(request, "netwerkkompas/vergelijken.html", context)
            if keuze == NU:
                personen = Momentopname.freeze(Persoon.objects.in_netwerk(netwerk))
                kanten.append(((date.max, 1), _("Nu"), personen))
            else:
                m = bewaard[int(keuze)]
                kanten.append(((m.datum, m.created.timestamp()), moment_label(m), m.personen))
        # Always from the earlier moment to the later one, whatever order was chosen.
        oud, nieuw = sorted(kanten, key=lambda kant: kant[0])
        context |= {
            "vergelijking": vergelijk(
                _zonder_kwaliteit(toegang, oud[2]), _zonder_kwaliteit(toegang, nieuw[2])
            ),
            "oud_label": oud[1],
            "nieuw_label": nieuw[1],
        }
    return render(request, "netwerkkompas/vergelijken.html", context)

"""Het beraad, live: one page for everybody, and the actieplan it produces.

The facilitator walks the phases; the family writes the plan and decides when the
professionals see it. Eigen tijd is real: every read of afspraken goes through the access
layer (`Actieplan.zichtbaar_voor`, `Afspraak.objects.zichtbaar_voor`, `afspraak_van`), so
until the family shares the plan a staff account sees no afspraak anywhere, and the URL of
one is a 404.

Phones follow the beraad by polling `stand` (htmx, every 2 s) with the `Beraad.stempel`
they have. Nothing changed: 204 and no log line, since nothing is shown. Changed: the
region again, and the read is logged. The form for a new afspraak sits outside the polled
region, so a poll never wipes what someone is typing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from netwerkkompas.models import Compliment
from sonestra.core.access import Actie, Toegang, access_netwerk, log_read
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from ..forms.plan import AfsluitenForm, AfspraakForm
from ..models import Actieplan, Afspraak, Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from ..pdf import mag_printen
from ..plan import (
    AKKOORD_FASEN,
    STAPPEN,
    afspraken_voor,
    akkoord_keuzes,
    akkoorden_van,
    bouw_plan,
    fase_na,
    geef_akkoord,
    lees_plan,
    mag_schrijven,
    rond_af,
    schrijf_weigering,
    vergrendel,
)
from ..toegang import afspraak_van, beraad_van

Fase = Beraad.Fase

# What happens now, per phase, in a few plain words. Staff and family read the same,
# except in eigen tijd.
FASE_UITLEG = {
    Fase.VOORBEREIDING: gettext_lazy(
        "Het beraad is nog niet begonnen. De facilitator start het beraad als iedereen er is."
    ),
    Fase.WELKOM: gettext_lazy(
        "Welkom! We beginnen met het rondje positief: iedereen zegt iets goeds over %(naam)s."
    ),
    Fase.INFORMATIE: gettext_lazy(
        "Informatieronde. Wie iets weet wat nodig is, vertelt het nu. De professionals "
        "vertellen ook hun zorgen en voorwaarden. Stel gerust vragen."
    ),
    Fase.PRESENTATIE: gettext_lazy(
        "De familie vertelt het plan. Kijk samen of aan elke voorwaarde is voldaan. "
        "Daarna geeft iedereen akkoord."
    ),
    Fase.AFSLUITING: gettext_lazy(
        "Afsluiting. De familie kiest een aanspreekpunt: iemand die het plan bijhoudt. "
        "En jullie kiezen een datum om samen terug te kijken."
    ),
    Fase.AFGEROND: gettext_lazy(
        "Het beraad is afgerond. Het actieplan is vastgesteld. Dank jullie wel!"
    ),
}
EIGEN_TIJD_FAMILIE = gettext_lazy(
    "Eigen tijd. Jullie praten nu zonder professionals en schrijven samen het plan. "
    "Zijn jullie klaar? Deel dan het plan."
)
EIGEN_TIJD_STAF = gettext_lazy(
    "Eigen tijd: de familie praat en schrijft het plan. "
    "Je ziet het plan zodra de familie het deelt."
)
NOG_NIET_GEDEELD = gettext_lazy(
    "Het plan is van de familie. Je ziet het plan zodra de familie het deelt."
)
GEEN_VRAGEN = gettext_lazy(
    "Er zijn nog geen vragen. Schrijf eerst de vragen op in de voorbereiding."
)
TEKST_BEWAARD = gettext_lazy("Je tekst staat nog in het formulier.")


def _verborgen_tekst(fase: str) -> str:
    """What staff read where the plan would be, before the family shares it."""
    return str(EIGEN_TIJD_STAF if fase == Fase.EIGEN_TIJD else NOG_NIET_GEDEELD)


def _komen(toegang: Toegang, beraad: Beraad) -> set[int]:
    """The Personen invited to this beraad who said they come."""
    return set(
        Genodigde.objects.filter(
            netwerk=toegang.netwerk,
            beraad=beraad,
            uitgenodigd=True,
            antwoord=Genodigde.Antwoord.KOMT,
        )
        .order_by()
        .values_list("persoon_id", flat=True)
    )


def _hoofdpersoon(personen: list[Persoon]) -> Persoon | None:
    return next((p for p in personen if p.is_hoofdpersoon), None)


def _kijk(toegang: Toegang, fase: str, gepubliceerd: bool) -> str:
    """What this page shows this role: the plan (1/0) and the add form (1/0). When either
    appears, the polling page reloads itself to get it."""
    ziet = toegang.mag(Recht.CONCEPT_LEZEN) or (
        toegang.mag(Recht.NETWERK_BEKIJKEN) and gepubliceerd
    )
    return f"{int(ziet)}{int(mag_schrijven(toegang, fase, gepubliceerd))}"


def _opnieuw_bekeken(toegang: Toegang, beraad: Beraad) -> str | None:
    """Inside the write's transaction: lock the beraad and ask again whether this role may
    write now (the phase may have moved on, or the beraad closed, since the check above)."""
    vergrendel(beraad)
    return schrijf_weigering(toegang, beraad)


def _naar_live(beraad: Beraad, anker: str = "") -> HttpResponse:
    return redirect(reverse("beraad:live", args=[beraad.netwerk_id, beraad.pk]) + anker)


def _stand_context(request: HttpRequest, toegang: Toegang, beraad: Beraad) -> dict:
    """Everything the polled region shows: the phase, its content and the plan.

    A fixed number of queries, whatever the size of the Netwerk: the people, the vragen,
    the voorwaarden, and when this role may read the plan the afspraken (two queries)
    and the akkoorden; plus what the current phase shows (compliments, informatie, or
    the invitees who came).
    """
    netwerk = toegang.netwerk
    plan = beraad.plan
    fase = beraad.fase
    personen = list(Persoon.objects.in_netwerk(netwerk))
    hoofdpersoon = _hoofdpersoon(personen)
    naam = (
        hoofdpersoon.naam.split()[0] if hoofdpersoon and hoofdpersoon.naam else _("de hoofdpersoon")
    )
    vragen = list(Vraag.objects.filter(netwerk=netwerk, beraad=beraad))
    voorwaarden = list(
        Voorwaarde.objects.filter(netwerk=netwerk, beraad=beraad).select_related(
            "persoon", "auteur"
        )
    )
    zichtbaar = plan.zichtbaar_voor(toegang)
    gepubliceerd = plan.gepubliceerd is not None
    familie = toegang.mag(Recht.CONCEPT_LEZEN)
    leider = toegang.mag(Recht.BERAAD_LEIDEN)

    if fase == Fase.EIGEN_TIJD:
        uitleg = EIGEN_TIJD_FAMILIE if familie else EIGEN_TIJD_STAF
    else:
        uitleg = FASE_UITLEG[fase] % {"naam": naam}

    stappen = []
    huidig = STAPPEN.index(fase) if fase in STAPPEN else (-1 if fase == Fase.VOORBEREIDING else 99)
    for i, stap in enumerate(STAPPEN):
        stappen.append(
            {"label": stap.label, "nu": i == huidig, "klaar": i < huidig, "nummer": i + 1}
        )

    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "beraad": beraad,
        "plan": plan,
        "fase": fase,
        "stappen": stappen,
        "uitleg": uitleg,
        "hoofdpersoon": hoofdpersoon,
        "personen": personen,
        "vragen": vragen,
        "voorwaarden": voorwaarden,
        "zorgen_en_voorwaarden": voorwaarden,
        "zichtbaar": zichtbaar,
        "verborgen_tekst": _verborgen_tekst(fase),
        "familie": familie,
        "leider": leider,
        "kijk": _kijk(toegang, fase, gepubliceerd),
        "mag_publiceren": toegang.mag(Recht.PLAN_PUBLICEREN) and fase == Fase.EIGEN_TIJD,
        "mag_terugnemen": toegang.mag(Recht.PLAN_PUBLICEREN) and fase == Fase.PRESENTATIE,
        "mag_wijzigen": mag_schrijven(toegang, fase, gepubliceerd),
        "mag_afsluiten": toegang.mag(Recht.BERAAD_VOORBEREIDEN) and not beraad.is_afgerond,
        "akkoord_fase": fase in AKKOORD_FASEN,
    }
    if leider and fase != Fase.AFGEROND:
        context["vorige"], _r = fase_na(fase, "vorige")
        context["volgende"], _r = fase_na(fase, "volgende")
    if fase == Fase.WELKOM:
        door = {p.pk: p for p in personen}
        complimenten = list(Compliment.objects.filter(netwerk=netwerk).order_by("created", "pk"))
        for compliment in complimenten:
            compliment.spreker = door.get(compliment.van_id)
        context["complimenten"] = complimenten
    elif fase == Fase.INFORMATIE:
        context["informatie"] = list(
            Informatie.objects.filter(netwerk=netwerk, beraad=beraad).select_related("van")
        )
    if zichtbaar:
        afspraken = afspraken_voor(toegang, plan, personen=personen, voorwaarden=voorwaarden)
        akkoorden = akkoorden_van(plan)
        eigen = None
        if toegang.mag(Recht.AKKOORD_GEVEN):
            eigen = next(
                (
                    a
                    for a in akkoorden
                    if a.user_id == request.user.pk
                    or (toegang.persoon_id and a.persoon_id == toegang.persoon_id)
                ),
                None,
            )
        context.update(
            overzicht=bouw_plan(vragen, afspraken, voorwaarden),
            akkoorden=akkoorden,
            eigen_akkoord=eigen,
            mag_akkoord=toegang.mag(Recht.AKKOORD_GEVEN) and fase in AKKOORD_FASEN,
        )
        if leider and fase in AKKOORD_FASEN:
            context["akkoord_voor"] = akkoord_keuzes(personen, _komen(toegang, beraad))
    return context


def _keuzes(toegang: Toegang, beraad: Beraad) -> dict:
    """What the afspraak form offers: this beraad's vragen and voorwaarden, and the
    Netwerk's people (three queries)."""
    netwerk = toegang.netwerk
    return {
        "vragen": list(Vraag.objects.filter(netwerk=netwerk, beraad=beraad)),
        "personen": list(Persoon.objects.in_netwerk(netwerk)),
        "voorwaarden": list(Voorwaarde.objects.filter(netwerk=netwerk, beraad=beraad)),
    }


def _afspraak_form(context: dict, data=None, instance: Afspraak | None = None, **kwargs):
    return AfspraakForm(
        data,
        instance=instance,
        vragen=context["vragen"],
        personen=context["personen"],
        voorwaarden=context["voorwaarden"],
        **kwargs,
    )


def _nieuwe_afspraak(toegang: Toegang, beraad: Beraad, user) -> Afspraak:
    return Afspraak(netwerk=toegang.netwerk, plan=beraad.plan, created_by=user)


@login_required
@require_safe
def live(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The beraad as it happens: phase panel, the plan as it grows, the add form."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    beraad = beraad_van(toegang, beraad_id)
    context = _stand_context(request, toegang, beraad)
    if context["mag_wijzigen"] and context["vragen"]:
        context["form"] = _afspraak_form(
            context, instance=_nieuwe_afspraak(toegang, beraad, request.user)
        )
    elif context["mag_wijzigen"]:
        context["schrijf_weigering"] = GEEN_VRAGEN
    elif toegang.mag(Recht.PLAN_SCHRIJVEN):
        context["schrijf_weigering"] = schrijf_weigering(toegang, beraad)
    return render(request, "beraad/live.html", context)


@login_required
@require_safe
@never_cache
def stand(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The polled region. Unchanged: 204 after the access lookup and one query, and no
    log line (nothing is shown). Changed: the region, and the read is logged."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN, stil=True)
    rij = (
        Beraad.objects.filter(pk=beraad_id, netwerk=toegang.netwerk)
        .values_list("stempel", "fase", "plan__gepubliceerd")
        .first()
    )
    if rij is None:
        log_read(request, toegang)  # as on any page: allowed into the Netwerk, then 404
        raise Http404("Beraad niet gevonden")
    stempel, fase, gepubliceerd = rij
    kijk = _kijk(toegang, fase, gepubliceerd is not None)
    gezien = request.GET.get("kijk", "")
    if len(gezien) == len(kijk) and any(g < k for g, k in zip(gezien, kijk, strict=True)):
        # The plan or the add form appeared for this role (the family shared the plan):
        # a whole new page, which logs its own read.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    if request.GET.get("stempel") == str(stempel) and gezien == kijk:
        return HttpResponse(status=204)
    log_read(request, toegang)
    beraad = beraad_van(toegang, beraad_id)
    context = _stand_context(request, toegang, beraad)
    context["melding"] = True
    return render(request, "beraad/live.html#stand", context)


@login_required
@require_POST
def fase(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The facilitator moves the beraad one phase on or back."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_LEIDEN, actie=Actie.UPDATE)
    beraad = beraad_van(toegang, beraad_id)
    van = request.POST.get("van", beraad.fase)
    if van != beraad.fase:
        # A second tap, or another screen moved on first: one tap moves one phase.
        messages.info(
            request, _("Het beraad is al verder: %(fase)s.") % {"fase": beraad.get_fase_display()}
        )
        return _naar_live(beraad)
    nieuw, weigering = fase_na(beraad.fase, request.POST.get("richting", ""))
    if nieuw is None:
        messages.warning(request, weigering)
        return _naar_live(beraad)
    velden = {"fase": nieuw}
    if beraad.fase == Fase.VOORBEREIDING:
        velden["gestart"] = beraad.gestart or timezone.now()
    elif nieuw == Fase.VOORBEREIDING:
        velden["gestart"] = None
    # Only from the phase read above: two requests at once move one phase, not two.
    if Beraad.objects.filter(pk=beraad.pk, fase=beraad.fase).update(**velden):
        beraad.tik()
        messages.success(request, _("Nu: %(fase)s.") % {"fase": Fase(nieuw).label})
    return _naar_live(beraad)


@login_required
@require_POST
def publiceren(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The family ends eigen tijd by sharing the plan, or takes it back from presentatie."""
    toegang = access_netwerk(request, netwerk_id, Recht.PLAN_PUBLICEREN, actie=Actie.UPDATE)
    beraad = beraad_van(toegang, beraad_id)
    plan = beraad.plan
    terug = request.POST.get("actie") == "terug"
    if beraad.is_afgerond:
        messages.warning(request, _("Dit beraad is al afgerond. Het plan is vastgesteld."))
        return _naar_live(beraad)
    with transaction.atomic():
        if terug:
            if not Beraad.objects.filter(pk=beraad.pk, fase=Fase.PRESENTATIE).update(
                fase=Fase.EIGEN_TIJD
            ):
                messages.warning(
                    request, _("Het plan terughalen kan alleen tijdens de presentatie.")
                )
                return _naar_live(beraad)
            Actieplan.objects.filter(pk=plan.pk).update(gepubliceerd=None)
            messages.success(
                request,
                _(
                    "Het plan is terug bij de familie. De professionals zien het weer zodra "
                    "jullie het opnieuw delen."
                ),
            )
        else:
            if beraad.fase != Fase.EIGEN_TIJD:
                messages.warning(request, _("Het plan delen kan aan het eind van de eigen tijd."))
                return _naar_live(beraad)
            if not Afspraak.objects.zichtbaar_voor(toegang).filter(plan=plan).exists():
                messages.warning(request, _("Schrijf eerst minstens één afspraak op."))
                return _naar_live(beraad)
            if not Beraad.objects.filter(pk=beraad.pk, fase=Fase.EIGEN_TIJD).update(
                fase=Fase.PRESENTATIE
            ):
                return _naar_live(beraad)
            Actieplan.objects.filter(pk=plan.pk).update(gepubliceerd=timezone.now())
            messages.success(
                request,
                _("Het plan is gedeeld. Iedereen ziet het nu. Vertel het plan aan de anderen."),
            )
    beraad.tik()
    return _naar_live(beraad)


@login_required
@vary_on_headers("HX-Request")
def afspraak_nieuw(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """A new afspraak. With htmx the form swaps itself (emptied after a save) and tells
    the page the plan changed; without JavaScript it posts and goes back to the beraad."""
    toegang = access_netwerk(request, netwerk_id, Recht.PLAN_SCHRIJVEN, actie=Actie.CREATE)
    beraad = beraad_van(toegang, beraad_id)
    context = {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "beraad": beraad,
        **_keuzes(toegang, beraad),
    }
    weigering = schrijf_weigering(toegang, beraad)
    if weigering is None and not context["vragen"]:
        weigering = str(GEEN_VRAGEN)
    post = request.POST if request.method == "POST" else None
    form = _afspraak_form(context, post, instance=_nieuwe_afspraak(toegang, beraad, request.user))
    toegevoegd = None
    if post is not None:
        with transaction.atomic():
            weigering = weigering or _opnieuw_bekeken(toegang, beraad)
            if weigering is not None:
                form.is_valid()
                form.add_error(None, f"{weigering} {TEKST_BEWAARD}")
            elif form.is_valid() and form.opslaan(request.user):
                toegevoegd = form.instance
                beraad.plan.gewijzigd()
        if toegevoegd is not None:
            beraad.tik()
            if not request.htmx:
                messages.success(request, _("De afspraak staat in het plan."))
                return _naar_live(beraad, "#nieuwe-afspraak")
            # Ready for the next one: the same vraag and kind, empty fields.
            form = _afspraak_form(
                context,
                instance=_nieuwe_afspraak(toegang, beraad, request.user),
                initial={"vraag": toegevoegd.vraag_id, "soort": toegevoegd.soort},
            )
    elif weigering is not None:
        form = None
    context.update(form=form, toegevoegd=toegevoegd, schrijf_weigering=weigering)
    if request.htmx:
        response = render(request, "beraad/afspraak_form.html", context)
        if toegevoegd is not None:
            response["HX-Trigger"] = "plan-gewijzigd"
        return response
    return render(request, "beraad/afspraak_nieuw.html", context)


@login_required
def afspraak(request: HttpRequest, netwerk_id: int, beraad_id: int, afspraak_id: int):
    """One afspraak: read it, or change it with the version check."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.PLAN_SCHRIJVEN,
        actie=Actie.UPDATE,
    )
    beraad = beraad_van(toegang, beraad_id)
    item = afspraak_van(toegang, beraad, afspraak_id)
    prefetch_related_objects([item], "wie", "invallers", "voorwaarden")
    weigering = schrijf_weigering(toegang, beraad)
    context = {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "beraad": beraad,
        "plan": beraad.plan,
        "afspraak": item,
        "schrijf_weigering": weigering,
        "mag_wijzigen": weigering is None,
    }
    if toegang.mag(Recht.PLAN_SCHRIJVEN):
        context.update(_keuzes(toegang, beraad))
        post = request.POST if request.method == "POST" else None
        form = _afspraak_form(context, post, instance=item)
        if post is not None:
            with transaction.atomic():
                weigering = weigering or _opnieuw_bekeken(toegang, beraad)
                opgeslagen = False
                if weigering is not None:
                    form.is_valid()
                    form.add_error(None, f"{weigering} {TEKST_BEWAARD}")
                elif form.is_valid() and form.opslaan():
                    beraad.plan.gewijzigd()
                    opgeslagen = True
            if opgeslagen:
                beraad.tik()
                messages.success(request, _("De afspraak is opgeslagen."))
                return _naar_live(beraad, f"#afspraak-{item.pk}")
        if form.conflict is not None:
            prefetch_related_objects([form.conflict], "wie", "invallers")
        context["form"] = form if (weigering is None or post is not None) else None
    return render(request, "beraad/afspraak.html", context)


@login_required
@require_POST
def afspraak_verwijderen(request: HttpRequest, netwerk_id: int, beraad_id: int, afspraak_id: int):
    """Take an afspraak out of the plan, after a confirmation."""
    toegang = access_netwerk(request, netwerk_id, Recht.PLAN_SCHRIJVEN, actie=Actie.DELETE)
    beraad = beraad_van(toegang, beraad_id)
    item = afspraak_van(toegang, beraad, afspraak_id)
    weigering = schrijf_weigering(toegang, beraad)
    if weigering is not None:
        messages.warning(request, weigering)
        return redirect("beraad:afspraak", toegang.netwerk.pk, beraad.pk, item.pk)
    gezien = request.POST.get("versie")
    if request.POST.get("bevestigd") != "ja" or gezien != str(item.versie):
        return render(
            request,
            "beraad/afspraak_verwijderen.html",
            {
                "toegang": toegang,
                "netwerk": toegang.netwerk,
                "beraad": beraad,
                "afspraak": item,
                "intussen_gewijzigd": request.POST.get("bevestigd") == "ja",
            },
        )
    with transaction.atomic():
        weigering = _opnieuw_bekeken(toegang, beraad)
        if weigering is None:
            item.delete()
            beraad.plan.gewijzigd()
    if weigering is not None:
        messages.warning(request, weigering)
        return redirect("beraad:afspraak", toegang.netwerk.pk, beraad.pk, item.pk)
    beraad.tik()
    messages.success(request, _("De afspraak is uit het plan gehaald."))
    return _naar_live(beraad)


@login_required
@require_POST
def akkoord(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """Agree to the plan for oneself, or (the facilitator) note the akkoord of someone in
    the room without a login."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.AKKOORD_GEVEN,
        # The facilitator agrees to nothing, but notes the akkoord of others.
        of=Recht.BERAAD_LEIDEN,
        eigen=lambda t: True,
        actie=Actie.CREATE,
    )
    beraad = beraad_van(toegang, beraad_id)
    plan = beraad.plan
    if beraad.is_afgerond:
        messages.warning(request, _("Dit beraad is al afgerond. Het plan is vastgesteld."))
        return _naar_live(beraad)
    if beraad.fase not in AKKOORD_FASEN or not plan.zichtbaar_voor(toegang):
        messages.warning(request, _("Akkoord geven kan als de familie het plan laat zien."))
        return _naar_live(beraad)
    gezien = request.POST.get("inhoud")
    if gezien is not None and gezien != str(plan.inhoud):
        # Agreeing covers the plan as it was on screen; it changed since.
        messages.warning(
            request,
            _("Het plan is net veranderd. Kijk het na en geef dan opnieuw akkoord."),
        )
        return _naar_live(beraad, "#akkoord")
    if toegang.mag(Recht.AKKOORD_GEVEN):
        eigen = toegang.persoon
        naam = eigen.naam if eigen else str(request.user)
        geef_akkoord(plan, naam=naam, user=request.user, persoon=eigen)
        messages.success(request, _("Dank je wel. Je akkoord staat genoteerd."))
    else:
        personen = list(Persoon.objects.in_netwerk(toegang.netwerk))
        keuzes = {p.pk: p for p in akkoord_keuzes(personen, _komen(toegang, beraad))}
        try:
            persoon = keuzes[int(request.POST.get("persoon", ""))]
        except (KeyError, ValueError):
            messages.error(request, _("Kies voor wie je het akkoord noteert."))
            return _naar_live(beraad, "#akkoord")
        geef_akkoord(plan, naam=persoon.naam, persoon=persoon, door=request.user)
        messages.success(
            request, _("Het akkoord van %(naam)s staat genoteerd.") % {"naam": persoon.naam}
        )
    beraad.tik()
    return _naar_live(beraad, "#akkoord")


@login_required
def afsluiten(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """Aanspreekpunt, the day to look back, and closing the beraad."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN, actie=Actie.UPDATE)
    beraad = beraad_van(toegang, beraad_id)
    plan = beraad.plan
    netwerk = toegang.netwerk
    personen = list(Persoon.objects.in_netwerk(netwerk))
    afronden = request.POST.get("actie") == "afronden"
    post = request.POST if request.method == "POST" else None
    form = AfsluitenForm(post, instance=plan, personen=personen, afronden=afronden)
    zichtbaar = plan.zichtbaar_voor(toegang)
    akkoorden = akkoorden_van(plan) if zichtbaar else []
    if not zichtbaar:
        # In eigen tijd the family's choices are theirs: staff neither read nor change them.
        messages.warning(request, _("De familie heeft eigen tijd. Daarna kun je hier verder."))
        return _naar_live(beraad)
    if post is not None:
        if beraad.is_afgerond:
            messages.warning(request, _("Dit beraad is al afgerond. Het plan is vastgesteld."))
            return redirect("beraad:plan", netwerk.pk, beraad.pk)
        if form.is_valid():
            if afronden and beraad.fase != Fase.AFSLUITING:
                form.add_error(
                    None, _("Het beraad afronden kan in de laatste fase: de afsluiting.")
                )
            elif afronden and not any(a.geldt_voor(plan) for a in akkoorden):
                form.add_error(
                    None,
                    _(
                        "Er is nog geen akkoord op het plan zoals het nu is. Vraag eerst "
                        "iedereen om akkoord."
                    ),
                )
            else:
                with transaction.atomic():
                    opgeslagen = form.save_checked()
                    vervolg = (
                        rond_af(beraad, plan, request.user) if opgeslagen and afronden else None
                    )
                if opgeslagen and afronden and vervolg is None:
                    beraad.refresh_from_db(fields=["fase"])
                    form.add_error(
                        None,
                        _("Dit beraad is al afgerond. Het plan is vastgesteld.")
                        if beraad.is_afgerond
                        else _(
                            "Het plan is net veranderd. Vraag iedereen opnieuw om akkoord "
                            "en rond dan af."
                        ),
                    )
                elif opgeslagen:
                    beraad.tik()
                    if vervolg is not None:
                        messages.success(
                            request,
                            _(
                                "Het beraad is afgerond. Het actieplan is vastgesteld: versie 1. "
                                "Het vervolgberaad staat klaar om voor te bereiden."
                            ),
                        )
                        return redirect("beraad:plan", netwerk.pk, beraad.pk)
                    messages.success(request, _("Opgeslagen."))
                    return redirect("beraad:afsluiten", netwerk.pk, beraad.pk)
        if form.conflict is not None:
            prefetch_related_objects([form.conflict], "aanspreekpunt")
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "beraad": beraad,
        "plan": plan,
        "form": form,
        "zichtbaar": zichtbaar,
        "akkoorden": akkoorden,
        "kan_afronden": beraad.fase == Fase.AFSLUITING,
        "verborgen_tekst": _verborgen_tekst(beraad.fase),
    }
    if zichtbaar:
        context["overzicht"] = lees_plan(toegang, beraad)
    return render(request, "beraad/afsluiten.html", context)


@login_required
@require_safe
def plan(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The actieplan, read-only: per vraag in the fixed order, voorwaarden, akkoord."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    beraad = beraad_van(toegang, beraad_id)
    netwerk = toegang.netwerk
    het_plan = beraad.plan
    zichtbaar = het_plan.zichtbaar_voor(toegang)
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "beraad": beraad,
        "plan": het_plan,
        "zichtbaar": zichtbaar,
        "hoofdpersoon": Persoon.objects.in_netwerk(netwerk).filter(is_hoofdpersoon=True).first(),
        "verborgen_tekst": _verborgen_tekst(beraad.fase),
        "mag_wijzigen": mag_schrijven(toegang, beraad.fase, het_plan.gepubliceerd is not None),
        "mag_printen": mag_printen(toegang, het_plan),
    }
    if zichtbaar:
        context.update(overzicht=lees_plan(toegang, beraad), akkoorden=akkoorden_van(het_plan))
    return render(request, "beraad/plan.html", context)


urlpatterns = [
    path("<int:beraad_id>/live/", live, name="live"),
    path("<int:beraad_id>/live/stand/", stand, name="stand"),
    path("<int:beraad_id>/fase/", fase, name="fase"),
    path("<int:beraad_id>/publiceren/", publiceren, name="publiceren"),
    path("<int:beraad_id>/afspraken/nieuw/", afspraak_nieuw, name="afspraak_nieuw"),
    path("<int:beraad_id>/afspraken/<int:afspraak_id>/", afspraak, name="afspraak"),
    path(
        "<int:beraad_id>/afspraken/<int:afspraak_id>/verwijderen/",
        afspraak_verwijderen,
        name="afspraak_verwijderen",
    ),
    path("<int:beraad_id>/akkoord/", akkoord, name="akkoord"),
    path("<int:beraad_id>/afsluiten/", afsluiten, name="afsluiten"),
    path("<int:beraad_id>/plan/", plan, name="plan"),
]

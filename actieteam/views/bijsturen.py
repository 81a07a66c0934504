"""Plan bijsturen: the team changes its own plan, and every change is kept as a version.

The plan as it is now (`bijsturen`), a new afspraak (`afspraak_nieuw`), changing one
(`afspraak_wijzigen`) and ending one (`afspraak_stoppen`); every version of the plan
(`versies`) and what differs between any two (`vergelijken`).

Every write runs in one transaction that first takes the plan's lock (`_beurt`), so the
team's changes to one plan take turns: the change, then `team.nieuwe_versie()`, which copies the
plan as it now is and writes in words what changed. A plan closed before versions were
kept first gets its version 1 (the plan as it stood before this change), so the version
after it shows only this change.

Changing and ending carry the afspraak's version: two people at once never overwrite each
other. The second sees what the first saved and keeps their own text; an afspraak that was
ended in the meantime keeps the text too, with the offer to add it as a new afspraak.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from beraad.models import Actieplan, Afspraak, Voorwaarde, Vraag
from beraad.plan import koppel
from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from .. import team
from ..forms.bijsturen import BijsturenForm, nieuwe_sleutel
from ..models import Planversie

Soort = Afspraak.Soort

# --- Reading -------------------------------------------------------------------------------


def _geen_plan(request: HttpRequest, toegang: Toegang, titel: str) -> HttpResponse:
    """Before the first beraad closed with akkoord there is nothing to steer yet."""
    return render(
        request,
        "actieteam/bijsturen_geen_plan.html",
        {"toegang": toegang, "netwerk": toegang.netwerk, "titel": titel},
    )


def _mag_bijsturen(toegang: Toegang, afspraak: Afspraak) -> bool:
    """May this login change or end this afspraak? Any, or one they take part in (on the
    prefetched wie and invallers: no query)."""
    if toegang.mag(Recht.PLAN_BIJSTUREN):
        return True
    if not toegang.mag(Recht.EIGEN_BIJSTUREN) or toegang.persoon_id is None:
        return False
    mensen = [*afspraak.wie.all(), *afspraak.invallers.all()]
    return any(p.pk == toegang.persoon_id for p in mensen)


def _per_vraag(vragen: list[Vraag], afspraken: list[Afspraak]) -> list[dict]:
    """Per vraag, the afspraken in three sections, always in the order of the plan."""
    per_vraag: dict[int, dict[int, list[Afspraak]]] = {}
    for afspraak in afspraken:
        per_vraag.setdefault(afspraak.vraag_id, {}).setdefault(afspraak.soort, []).append(afspraak)
    bekend = {v.pk for v in vragen}
    # An afspraak on a vraag the list lacks still shows (its vraag came along with it).
    vragen = vragen + list(
        {a.vraag_id: a.vraag for a in afspraken if a.vraag_id not in bekend}.values()
    )
    return [
        {
            "vraag": vraag,
            "secties": [
                {
                    "soort": s.value,
                    "titel": s.label,
                    "afspraken": per_vraag.get(vraag.pk, {}).get(s.value, []),
                }
                for s in Soort
            ],
        }
        for vraag in vragen
    ]


def _laatste_versie(plan: Actieplan) -> Planversie | None:
    return Planversie.objects.filter(plan=plan).defer("afspraken").order_by("-nummer").first()


def _keuzes(toegang: Toegang, plan: Actieplan) -> dict:
    """What the afspraak form offers: the vragen and voorwaarden of the plan's beraad and
    the Netwerk's people (three queries)."""
    netwerk = toegang.netwerk
    return {
        "vragen": list(Vraag.objects.filter(netwerk=netwerk, beraad_id=plan.beraad_id)),
        "personen": list(Persoon.objects.in_netwerk(netwerk)),
        "voorwaarden": list(Voorwaarde.objects.filter(netwerk=netwerk, beraad_id=plan.beraad_id)),
    }


def _form(keuzes: dict, data=None, **kwargs) -> BijsturenForm:
    return BijsturenForm(
        data,
        vragen=keuzes["vragen"],
        personen=keuzes["personen"],
        voorwaarden=keuzes["voorwaarden"],
        **kwargs,
    )


def _afspraak(
    toegang: Toegang, plan: Actieplan, afspraak_id: int, keuzes: dict | None = None
) -> Afspraak | None:
    """An afspraak of this plan, ended or not, with who does it, who steps in and the
    voorwaarden (two queries with the form's `keuzes`, three without); None when it is
    not (or no longer) in this plan."""
    afspraak = (
        Afspraak.objects.zichtbaar_voor(toegang)
        .filter(pk=afspraak_id, plan=plan)
        .select_related("vraag")
        .first()
    )
    if afspraak is not None:
        keuzes = keuzes or {}
        koppel([afspraak], personen=keuzes.get("personen"), voorwaarden=keuzes.get("voorwaarden"))
    return afspraak


def _uit_versies(plan: Actieplan, afspraak_id: int) -> tuple[dict | None, Planversie | None]:
    """How an afspraak that is no longer in the plan last stood in a version, and the
    version that took it out (who and when). Only asked when an afspraak is ended or
    missing, so reading every copy here is fine."""
    kopie, weg = None, None
    for versie in Planversie.objects.filter(plan=plan).order_by("nummer"):
        hier = next((a for a in versie.afspraken if a.get("id") == afspraak_id), None)
        if hier is not None:
            kopie, weg = hier, None
        elif kopie is not None and weg is None:
            weg = versie
    return kopie, weg


def _naar_plan(netwerk_id: int, afspraak_id: int | None = None) -> HttpResponse:
    url = reverse("actieteam:bijsturen", args=[netwerk_id])
    return redirect(url + (f"#afspraak-{afspraak_id}" if afspraak_id else ""))


def _gelukt(request: HttpRequest, tekst: str, versie: Planversie | None) -> None:
    if versie is not None:
        tekst = _("%(tekst)s Dit is nu versie %(nummer)s van het plan.") % {
            "tekst": tekst,
            "nummer": versie.nummer,
        }
    messages.success(request, tekst)


# --- Writing -------------------------------------------------------------------------------


def _beurt(plan: Actieplan) -> None:
    """First thing in the write's transaction: wait until other changes to this plan are
    done (so what is read next — an afspraak a double submit already added, the
    afspraak's version — is what the change before it left), and keep the plan as it
    stands before this change as version 1 if nobody did."""
    team.vergrendel_plan(plan)
    team.eerste_versie(plan)


def _dubbel(plan: Actieplan, user, form: BijsturenForm) -> Afspraak | None:
    """The afspraak this same form already added (a second tap on 'opslaan'): same vraag,
    kind and text, by the same login, since the form was opened."""
    data = form.cleaned_data
    return (
        Afspraak.objects.filter(
            plan=plan,
            created_by=user,
            created__gte=form.geopend,
            vraag=data["vraag"],
            soort=data["soort"],
            wat=data["wat"],
        )
        .lopend()
        .order_by("pk")
        .first()
    )


def _kies(request: HttpRequest, naam: str, geldig) -> int | None:
    try:
        waarde = int(request.GET.get(naam, ""))
    except ValueError:
        return None
    return waarde if waarde in geldig else None


# --- Views ---------------------------------------------------------------------------------


@login_required
@require_safe
def bijsturen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The plan as it is now, per vraag, with what this login may change.

    Queries: the plan, the afspraken with vraag and voortgang, who does them, who steps
    in, the vragen, and the last version.
    """
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    plan = team.leesbaar_plan(toegang)
    if plan is None:
        return _geen_plan(request, toegang, _("Plan bijsturen"))
    afspraken = list(team.afspraken_van(toegang, plan))
    for afspraak in afspraken:
        afspraak.mag_bijsturen = _mag_bijsturen(toegang, afspraak)
        afspraak.stand = team.status_van(afspraak)
    vragen = list(Vraag.objects.filter(netwerk=toegang.netwerk, beraad_id=plan.beraad_id))
    return render(
        request,
        "actieteam/bijsturen.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "plan": plan,
            "blokken": _per_vraag(vragen, afspraken),
            "aantal": len(afspraken),
            "laatste": _laatste_versie(plan),
            "mag_toevoegen": toegang.mag(Recht.EIGEN_BIJSTUREN),
            "alles": toegang.mag(Recht.PLAN_BIJSTUREN),
        },
    )


@login_required
def afspraak_nieuw(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """A new afspraak in the plan, and a new version of the plan with it."""
    toegang = access_netwerk(request, netwerk_id, Recht.EIGEN_BIJSTUREN, actie=Actie.CREATE)
    plan = team.leesbaar_plan(toegang)
    if plan is None:
        return _geen_plan(request, toegang, _("Afspraak toevoegen"))
    keuzes = _keuzes(toegang, plan)
    nieuw = Afspraak(netwerk=toegang.netwerk, plan=plan, created_by=request.user)
    if request.method == "POST":
        form = _form(keuzes, request.POST, instance=nieuw)
        if form.is_valid():
            with transaction.atomic():
                _beurt(plan)
                dubbel = _dubbel(plan, request.user, form)
                if dubbel is None:
                    form.opslaan(request.user)
                    versie = team.nieuwe_versie(
                        plan, user=request.user, naam=team.naam_van(toegang, request.user)
                    )
            if dubbel is not None:
                messages.info(
                    request,
                    _("Deze afspraak staat al in het plan. Hij staat er één keer in."),
                )
                return _naar_plan(netwerk_id, dubbel.pk)
            _gelukt(request, _("De afspraak staat in het plan."), versie)
            return _naar_plan(netwerk_id, form.instance.pk)
    else:
        # From the "toevoegen" link of one vraag and section: start there.
        initial = {
            "vraag": _kies(request, "vraag", {v.pk for v in keuzes["vragen"]}),
            "soort": _kies(request, "soort", set(Soort.values)) or Soort.NETWERK,
        }
        form = _form(keuzes, instance=nieuw, initial=initial)
    return render(
        request,
        "actieteam/bijsturen_nieuw.html",
        {"toegang": toegang, "netwerk": toegang.netwerk, "plan": plan, "form": form},
    )


def _bij_te_sturen(
    request: HttpRequest, netwerk_id: int, afspraak_id: int
) -> tuple[Toegang, Actieplan]:
    """Changing or stopping one afspraak: the whole plan for those who steer it, the
    afspraken one takes part in for a netwerklid; 404 without a plan this role reads."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.PLAN_BIJSTUREN,
        of=Recht.EIGEN_BIJSTUREN,
        eigen=lambda t: team.neemt_deel(t, afspraak_id),
        actie=Actie.UPDATE,
    )
    plan = team.leesbaar_plan(toegang)
    if plan is None:
        raise Http404("Geen plan")
    return toegang, plan


def _niet_meer(
    request: HttpRequest,
    toegang: Toegang,
    plan: Actieplan,
    afspraak_id: int,
    *,
    afspraak: Afspraak | None = None,
    post=None,
    keuzes: dict | None = None,
) -> HttpResponse:
    """The afspraak was ended (`afspraak`) or is no longer in the plan at all (then the
    versions still know it). On a POST the person's text stays, in a form that adds it
    as a new afspraak; the answer is 409, since the change itself could not be saved.
    An afspraak this plan never had is a 404."""
    kopie, weg = _uit_versies(plan, afspraak_id)
    if afspraak is None and kopie is None:
        raise Http404("Afspraak niet gevonden")
    if afspraak is not None:
        prefetch_related_objects([afspraak], "wie", "invallers")
    form = None
    if post is not None:
        data = post.copy()
        data["sleutel"] = nieuwe_sleutel()
        data.pop("versie", None)
        form = _form(
            keuzes or _keuzes(toegang, plan),
            data,
            instance=Afspraak(netwerk=toegang.netwerk, plan=plan),
        )
    return render(
        request,
        "actieteam/bijsturen_niet_meer.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "afspraak": afspraak,
            "kopie": _kaart(kopie) if kopie is not None else None,
            "weg": weg,
            "form": form,
        },
        status=409 if post is not None else 200,
    )


@login_required
def afspraak_wijzigen(request: HttpRequest, netwerk_id: int, afspraak_id: int) -> HttpResponse:
    """Change one afspraak with the version check; a change makes a new plan version."""
    toegang, plan = _bij_te_sturen(request, netwerk_id, afspraak_id)
    post = request.POST if request.method == "POST" else None
    keuzes = _keuzes(toegang, plan)
    afspraak = _afspraak(toegang, plan, afspraak_id, keuzes)
    if afspraak is None or afspraak.beeindigd is not None:
        return _niet_meer(request, toegang, plan, afspraak_id, afspraak=afspraak, post=post)
    form = _form(keuzes, post, instance=afspraak)
    if post is not None and form.is_valid():
        if not form.veranderd():
            messages.info(request, _("Je hebt niets veranderd. Het plan blijft zoals het was."))
            return _naar_plan(netwerk_id, afspraak.pk)
        try:
            with transaction.atomic():
                _beurt(plan)
                opgeslagen = form.opslaan()
                versie = None
                if opgeslagen:
                    versie = team.nieuwe_versie(
                        plan, user=request.user, naam=team.naam_van(toegang, request.user)
                    )
        except Afspraak.DoesNotExist:
            # Taken out of the plan between reading it and saving.
            return _niet_meer(request, toegang, plan, afspraak_id, post=post, keuzes=keuzes)
        if opgeslagen:
            _gelukt(request, _("De afspraak is gewijzigd."), versie)
            return _naar_plan(netwerk_id, afspraak.pk)
        if form.conflict.beeindigd is not None:
            return _niet_meer(
                request,
                toegang,
                plan,
                afspraak_id,
                afspraak=form.conflict,
                post=post,
                keuzes=keuzes,
            )
        prefetch_related_objects([form.conflict], "vraag", "wie", "invallers")
    return render(
        request,
        "actieteam/bijsturen_wijzigen.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "plan": plan,
            "afspraak": afspraak,
            "form": form,
        },
    )


@login_required
def afspraak_stoppen(request: HttpRequest, netwerk_id: int, afspraak_id: int) -> HttpResponse:
    """End an afspraak after a confirmation: it leaves the plan and stays in its versions."""
    toegang, plan = _bij_te_sturen(request, netwerk_id, afspraak_id)
    afspraak = _afspraak(toegang, plan, afspraak_id)
    if afspraak is None or afspraak.beeindigd is not None:
        return _niet_meer(request, toegang, plan, afspraak_id, afspraak=afspraak)
    intussen_gewijzigd = False
    if request.method == "POST":
        gezien = request.POST.get("versie", "")
        gestopt = 0
        if gezien.isdigit():
            nu = timezone.now()
            with transaction.atomic():
                _beurt(plan)
                gestopt = Afspraak.objects.filter(
                    pk=afspraak.pk, versie=int(gezien), beeindigd__isnull=True
                ).update(beeindigd=nu, gewijzigd=nu, versie=F("versie") + 1)
                versie = None
                if gestopt:
                    versie = team.nieuwe_versie(
                        plan, user=request.user, naam=team.naam_van(toegang, request.user)
                    )
        if gestopt:
            _gelukt(request, _("De afspraak is gestopt. Hij staat nog in de versies."), versie)
            return _naar_plan(netwerk_id)
        # Changed or ended since the question was asked: show it as it is now, ask again.
        afspraak = _afspraak(toegang, plan, afspraak_id)
        if afspraak is None or afspraak.beeindigd is not None:
            return _niet_meer(request, toegang, plan, afspraak_id, afspraak=afspraak)
        intussen_gewijzigd = True
    return render(
        request,
        "actieteam/bijsturen_stoppen.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "afspraak": afspraak,
            "intussen_gewijzigd": intussen_gewijzigd,
        },
    )


@login_required
@require_safe
def versies(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Every version of the plan, newest first: when, who, and what changed.

    Queries: the plan and its versions (without their copies of the plan).
    """
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    plan = team.leesbaar_plan(toegang)
    if plan is None:
        return _geen_plan(request, toegang, _("Versies van het plan"))
    rijen = list(
        Planversie.objects.filter(plan=plan, netwerk=toegang.netwerk)
        .defer("afspraken")
        .order_by("-nummer")
    )
    for i, rij in enumerate(rijen):
        rij.regels = [r for r in rij.omschrijving.splitlines() if r.strip()]
        rij.vorige = rijen[i + 1].nummer if i + 1 < len(rijen) else None
    return render(
        request,
        "actieteam/versies.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "plan": plan,
            "rijen": rijen,
            "nummers": [r.nummer for r in rijen],
            "van": rijen[1].nummer if len(rijen) > 1 else None,
            "naar": rijen[0].nummer if rijen else None,
        },
    )


@login_required
@require_safe
def vergelijken(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """What differs between two versions (?van=N&naar=M; the last two when not given).

    Queries: the plan, the version numbers, and the two versions.
    """
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    plan = team.leesbaar_plan(toegang)
    if plan is None:
        return _geen_plan(request, toegang, _("Versies vergelijken"))
    # Only this Netwerk's active plan: another plan's versions are never reached.
    nummers = list(
        Planversie.objects.filter(plan=plan, netwerk=toegang.netwerk)
        .order_by("-nummer")
        .values_list("nummer", flat=True)
    )
    context = {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "plan": plan,
        "nummers": nummers,
        "melding": None,
    }
    van_tekst, naar_tekst = request.GET.get("van", ""), request.GET.get("naar", "")
    if len(nummers) < 2:
        context["melding"] = _(
            "Er is nog maar één versie van het plan. Zodra iemand het plan bijstuurt, kun je "
            "hier zien wat er veranderd is."
        )
        return render(request, "actieteam/vergelijken.html", context)
    van = _kies(request, "van", set(nummers)) if van_tekst else nummers[1]
    naar = _kies(request, "naar", set(nummers)) if naar_tekst else nummers[0]
    if van is None or naar is None:
        context["melding"] = _(
            "Die versie bestaat niet. Kies twee versies tussen %(laagste)s en %(hoogste)s."
        ) % {"laagste": nummers[-1], "hoogste": nummers[0]}
        context.update(van=nummers[1], naar=nummers[0])
        return render(request, "actieteam/vergelijken.html", context)
    if van == naar:
        context["melding"] = _("Kies twee verschillende versies om ze te vergelijken.")
        context.update(van=van, naar=naar)
        return render(request, "actieteam/vergelijken.html", context)
    van, naar = min(van, naar), max(van, naar)
    gekozen = {
        v.nummer: v
        for v in Planversie.objects.filter(
            plan=plan, netwerk=toegang.netwerk, nummer__in=[van, naar]
        )
    }
    oud, nieuw = gekozen[van], gekozen[naar]
    verschil = team.vergelijk(oud.afspraken, nieuw.afspraken)
    context.update(
        van=van,
        naar=naar,
        oud=oud,
        nieuw=nieuw,
        verschil=verschil,
        groepen=_groepen(verschil, oud.afspraken, nieuw.afspraken),
    )
    return render(request, "actieteam/vergelijken.html", context)


# --- Showing a comparison ------------------------------------------------------------------


def _leesbaar(veld: str, waarde) -> str:
    """One field of a copied afspraak in words, as the plan shows it."""
    if waarde in (None, "", []):
        return "—"
    if isinstance(waarde, list):  # people by name (and voorwaarden, if the copy has them)
        return ", ".join(str(w) for w in waarde)
    if veld == "soort":
        try:
            return str(Soort(waarde).label)
        except ValueError:
            return str(waarde)
    if veld == "klaar_op":
        try:
            return formats.date_format(date.fromisoformat(waarde), "j F Y")
        except (TypeError, ValueError):
            return str(waarde)
    if veld == "kosten":
        try:
            return "€\u00a0" + formats.number_format(Decimal(waarde), 2, use_l10n=True)
        except (InvalidOperation, TypeError, ValueError):
            return str(waarde)
    if veld == "kosten_per":
        return str(dict(Afspraak.Per.choices).get(waarde, waarde))
    return str(waarde)


def _kaart(afspraak: dict) -> dict:
    """A copied afspraak, ready to show."""
    return {
        "id": afspraak.get("id"),
        "wat": afspraak.get("wat", ""),
        "soort": _leesbaar("soort", afspraak.get("soort")),
        "wie": _leesbaar("wie", afspraak.get("wie")),
        "wanneer": afspraak.get("wanneer", ""),
        "klaar_op": _leesbaar("klaar_op", afspraak.get("klaar_op")),
        "heeft_klaar_op": bool(afspraak.get("klaar_op")),
        "hoe_weten": afspraak.get("hoe_weten", ""),
        "invallers": _leesbaar("invallers", afspraak.get("invallers")),
        "kosten": (
            _leesbaar("kosten", afspraak.get("kosten"))
            + " "
            + _leesbaar("kosten_per", afspraak.get("kosten_per"))
            if afspraak.get("kosten")
            else ""
        ),
    }


def _groepen(verschil: team.Vergelijking, oud: list[dict], nieuw: list[dict]) -> list[dict]:
    """The differences grouped per vraag, in the order of the plan (the newer one first)."""
    vragen: dict[object, str] = {}
    for afspraak in [*nieuw, *oud]:
        vragen.setdefault(afspraak.get("vraag_id"), afspraak.get("vraag", ""))
    groepen = {
        vraag_id: {"vraag": tekst, "toegevoegd": [], "gewijzigd": [], "beeindigd": []}
        for vraag_id, tekst in vragen.items()
    }
    for afspraak in verschil.toegevoegd:
        groepen[afspraak.get("vraag_id")]["toegevoegd"].append(_kaart(afspraak))
    for afspraak in verschil.beeindigd:
        groepen[afspraak.get("vraag_id")]["beeindigd"].append(_kaart(afspraak))
    for wijziging in verschil.gewijzigd:
        # Moved to another vraag: shown under the vraag it has now.
        groepen[wijziging.nieuw.get("vraag_id")]["gewijzigd"].append(
            {
                "kaart": _kaart(wijziging.nieuw),
                "oude_wat": wijziging.oud.get("wat", ""),
                "velden": [
                    {
                        "label": v.label,
                        "oud": _leesbaar(v.veld, v.oud),
                        "nieuw": _leesbaar(v.veld, v.nieuw),
                    }
                    for v in wijziging.velden
                ],
            }
        )
    return [g for g in groepen.values() if g["toegevoegd"] or g["gewijzigd"] or g["beeindigd"]]


urlpatterns = [
    path("bijsturen/", bijsturen, name="bijsturen"),
    path("bijsturen/nieuw/", afspraak_nieuw, name="afspraak_nieuw"),
    path("bijsturen/<int:afspraak_id>/", afspraak_wijzigen, name="afspraak_wijzigen"),
    path("bijsturen/<int:afspraak_id>/stoppen/", afspraak_stoppen, name="afspraak_stoppen"),
    path("versies/", versies, name="versies"),
    path("versies/vergelijken/", vergelijken, name="vergelijken"),
]

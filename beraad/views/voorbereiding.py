"""Voorbereiding of a FamilieNetwerkBeraad: the person, with self-chosen supporters,
writes the vragen, says what they want to know and from whom, chooses where and when;
professionals state their zorgen en voorwaarden. The facilitator helps.

Everyone in the Netwerk reads all of it; who may change what is said by the rights in
`sonestra.core.roles`. After the beraad is afgerond nothing here changes any more. During
the live beraad things still come up, so vragen, informatie and voorwaarden stay open.
Every page loads a fixed number of rows-sets, whatever the size of the Netwerk.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Netwerk, Persoon
from sonestra.core.roles import Recht, Rol

from ..forms.voorbereiding import (
    AntwoordForm,
    InformatieForm,
    NieuwBeraadForm,
    VerwijderenForm,
    VoorwaardeForm,
    VraagForm,
    WaarWanneerForm,
)
from ..models import Actieplan, Afspraak, Beraad, Genodigde, Informatie, Voorwaarde, Vraag
from ..toegang import beraad_van

# A beraad in one of these phases is "open": there is at most one per Netwerk.
OPEN_FASEN = (Beraad.Fase.VOORBEREIDING, *Beraad.LIVE_FASEN)

AFGEROND = gettext_lazy(
    "Dit beraad is afgerond. De voorbereiding kan niet meer veranderen. Het plan leeft "
    "verder bij het actieteam."
)
AL_EEN_BERAAD = gettext_lazy(
    "Er is al een beraad dat nog niet klaar is. Er kan maar één beraad tegelijk zijn. "
    "Maak dat beraad eerst af. Hieronder staat het."
)
VRAAG_HEEFT_AFSPRAKEN = gettext_lazy(
    "Bij deze vraag staan al afspraken in het plan. Daarom kun je de vraag niet weghalen. "
    "De woorden van de vraag kun je wel aanpassen."
)
VRAAG_IN_EIGEN_TIJD = gettext_lazy(
    "De familie schrijft nu het plan. Een vraag weghalen kan weer als zij het plan delen."
)
VOORWAARDE_NA_START = gettext_lazy(
    "Het beraad is al begonnen. Een zorg of voorwaarde haal je dan niet meer weg, want het "
    "plan kan erover gaan. Pas de tekst aan als er iets veranderd is."
)

HTTP_GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _afgerond(request: HttpRequest, beraad: Beraad, *terug) -> HttpResponse | None:
    """A finished beraad cannot change: say so and go back, or None when it is open."""
    if not beraad.is_afgerond:
        return None
    messages.error(request, AFGEROND)
    return redirect(*terug)


def _context(toegang: Toegang, beraad: Beraad, **extra) -> dict:
    return {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "beraad": beraad,
        "mag_voorbereiden": toegang.mag(Recht.BERAAD_VOORBEREIDEN) and not beraad.is_afgerond,
        **extra,
    }


def _hoofdpersoon(toegang: Toegang) -> Persoon | None:
    """The Netwerk's central person; for the hoofdpersoon themselves without a query."""
    if toegang.rol == Rol.HOOFDPERSOON and toegang.persoon:
        return toegang.persoon
    return Persoon.objects.in_netwerk(toegang.netwerk).filter(is_hoofdpersoon=True).first()


# --- Overzicht and a new beraad --------------------------------------------------------


class BeraadBestaatAl(Exception):
    def __init__(self, beraad: Beraad):
        super().__init__(beraad.pk)
        self.beraad = beraad


def begin_beraad(netwerk: Netwerk, *, door, vorige: Beraad | None = None) -> Beraad:
    """A new beraad with its (empty) plan. A later beraad follows the one before it.

    Raises BeraadBestaatAl while another beraad is prepared or held: the people plan
    one beraad at a time, and the live screens follow one.
    """
    with transaction.atomic():
        # Two people pressing the button at once make one beraad: the second waits here.
        list(Netwerk.objects.select_for_update().filter(pk=netwerk.pk).values_list("pk"))
        alle = Beraad.objects.in_netwerk(netwerk)
        bezig = alle.filter(fase__in=OPEN_FASEN).order_by("-created", "-pk").first()
        if bezig is not None:
            raise BeraadBestaatAl(bezig)
        if vorige is None:
            vorige = alle.order_by("-created", "-pk").first()
        beraad = Beraad.objects.create(netwerk=netwerk, vorige=vorige, created_by=door)
        Actieplan.objects.create(netwerk=netwerk, beraad=beraad)
    return beraad


@dataclass
class BeraadRij:
    beraad: Beraad
    vorige: Beraad | None
    vervolgdatum: object


@login_required
@require_safe
def overzicht(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The Netwerk's beraden, newest first, and how a beraad goes."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    beraden = list(
        Beraad.objects.in_netwerk(netwerk).select_related("plan").order_by("-created", "-pk")
    )
    per_id = {b.pk: b for b in beraden}
    rijen = []
    for b in beraden:
        try:
            vervolgdatum = b.plan.vervolgdatum
        except Actieplan.DoesNotExist:
            vervolgdatum = None
        rijen.append(BeraadRij(b, per_id.get(b.vorige_id), vervolgdatum))
    bezig = next((b for b in beraden if b.fase in OPEN_FASEN), None)
    return render(
        request,
        "beraad/overzicht.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "hoofdpersoon": _hoofdpersoon(toegang),
            "rijen": rijen,
            "bezig": bezig,
            "laatste": beraden[0] if beraden else None,
            "mag_nieuw": toegang.mag(Recht.BERAAD_VOORBEREIDEN) and bezig is None,
        },
    )


@login_required
@require_POST
def nieuw(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Start preparing a beraad; with `vorige`, a vervolgberaad of that one."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN, actie=Actie.CREATE)
    netwerk = toegang.netwerk
    form = NieuwBeraadForm(request.POST)
    if not form.is_valid():
        raise Http404("Beraad niet gevonden")
    vorige = None
    if form.cleaned_data["vorige"]:
        vorige = get_object_or_404(
            Beraad.objects.in_netwerk(netwerk), pk=form.cleaned_data["vorige"]
        )
    try:
        gemaakt = begin_beraad(netwerk, door=request.user, vorige=vorige)
    except BeraadBestaatAl as al:
        messages.error(request, AL_EEN_BERAAD)
        return redirect("beraad:beraad", netwerk.pk, al.beraad.pk)
    messages.success(
        request,
        _("Het beraad is gemaakt. Begin met de vragen: waar moet het beraad over gaan?"),
    )
    return redirect("beraad:beraad", netwerk.pk, gemaakt.pk)


# --- The beraad's home: the checklist --------------------------------------------------


def _aantal(queryset) -> Coalesce:
    """A count of related rows as a subquery, so the counts never multiply each other."""
    geteld = queryset.order_by().values("beraad").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(geteld[:1], output_field=IntegerField()), 0)


def tellingen(beraad: Beraad) -> dict[str, int]:
    """Everything the checklist counts, in one query."""
    informatie = Informatie.objects.filter(beraad=OuterRef("pk"))
    genodigden = Genodigde.objects.filter(beraad=OuterRef("pk"), uitgenodigd=True)
    voorwaarden = Voorwaarde.objects.filter(beraad=OuterRef("pk"))
    antwoord = Genodigde.Antwoord
    tellers = {
        "informatie_gevraagd": informatie,
        "informatie_beantwoord": informatie.exclude(antwoord=""),
        "genodigden": genodigden,
        "komt": genodigden.filter(antwoord=antwoord.KOMT),
        "komt_niet": genodigden.filter(antwoord=antwoord.KOMT_NIET),
        "misschien": genodigden.filter(antwoord=antwoord.MISSCHIEN),
        "geen_antwoord": genodigden.filter(antwoord=""),
        "zorgen": voorwaarden.filter(soort=Voorwaarde.Soort.ZORG),
        "voorwaarden": voorwaarden.filter(soort=Voorwaarde.Soort.VOORWAARDE),
    }
    # Prefixed: some names are also relations of Beraad.
    rij = (
        Beraad.objects.filter(pk=beraad.pk, netwerk_id=beraad.netwerk_id)
        .annotate(**{f"n_{naam}": _aantal(qs) for naam, qs in tellers.items()})
        .values(*(f"n_{naam}" for naam in tellers))
        .get()
    )
    return {naam: rij[f"n_{naam}"] for naam in tellers}


@login_required
@require_safe
def beraad(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The checklist of the voorbereiding: each part, how far it is, and where to go."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    gevonden = beraad_van(toegang, beraad_id)
    vragen = list(Vraag.objects.filter(netwerk=toegang.netwerk, beraad=gevonden))
    telling = tellingen(gevonden)
    return render(
        request,
        "beraad/voorbereiding_beraad.html",
        _context(
            toegang,
            gevonden,
            vragen=vragen,
            t=telling,
            waar_wanneer_klaar=bool(gevonden.datum and gevonden.waar),
            informatie_klaar=telling["informatie_beantwoord"] == telling["informatie_gevraagd"],
            genodigden_klaar=telling["genodigden"] > 0 and telling["geen_antwoord"] == 0,
            mag_voorwaarden=toegang.mag(Recht.VOORWAARDEN_STELLEN) and not gevonden.is_afgerond,
        ),
    )


# --- Vragen ----------------------------------------------------------------------------


def _vragen_context(toegang: Toegang, beraad: Beraad, **extra) -> dict:
    vragen = Vraag.objects.filter(netwerk=toegang.netwerk, beraad=beraad)
    # Whether a vraag has afspraken decides if it can go; during eigen tijd only those
    # who read the draft plan learn it from the list.
    plan_zichtbaar = beraad.plan.zichtbaar_voor(toegang)
    if plan_zichtbaar:
        vragen = vragen.annotate(
            heeft_afspraken=Exists(Afspraak.objects.filter(vraag=OuterRef("pk")))
        )
    return _context(toegang, beraad, vragen=list(vragen), plan_zichtbaar=plan_zichtbaar, **extra)


@login_required
@HTTP_GET_POST
def vragen(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The vragen in order; those who prepare add one in a single field."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.BERAAD_VOORBEREIDEN,
        actie=Actie.CREATE,
    )
    gevonden = beraad_van(toegang, beraad_id)
    terug = ("beraad:vragen", toegang.netwerk.pk, gevonden.pk)
    form = None
    if toegang.mag(Recht.BERAAD_VOORBEREIDEN) and not gevonden.is_afgerond:
        form = VraagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if dicht := _afgerond(request, gevonden, *terug):
            return dicht
        if form.is_valid():
            vraag = form.save_new(gevonden)
            gevonden.tik()
            messages.success(request, _("De vraag staat erbij: ‘%(tekst)s’") % {"tekst": vraag})
            return redirect(*terug)
    return render(
        request, "beraad/voorbereiding_vragen.html", _vragen_context(toegang, gevonden, form=form)
    )


def _vraag_van(toegang: Toegang, beraad: Beraad, vraag_id: int) -> Vraag:
    return get_object_or_404(
        Vraag.objects.filter(netwerk=toegang.netwerk, beraad=beraad), pk=vraag_id
    )


@login_required
@HTTP_GET_POST
def vraag(request: HttpRequest, netwerk_id: int, beraad_id: int, vraag_id: int) -> HttpResponse:
    """Change the words of one vraag; remove it from here too."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN)
    gevonden = beraad_van(toegang, beraad_id)
    deze = _vraag_van(toegang, gevonden, vraag_id)
    if dicht := _afgerond(request, gevonden, "beraad:vragen", toegang.netwerk.pk, gevonden.pk):
        return dicht
    form = VraagForm(request.POST if request.method == "POST" else None, instance=deze)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        gevonden.tik()
        messages.success(request, _("De vraag is opgeslagen."))
        return redirect("beraad:vragen", toegang.netwerk.pk, gevonden.pk)
    plan_zichtbaar = gevonden.plan.zichtbaar_voor(toegang)
    heeft_afspraken = plan_zichtbaar and deze.afspraken.exists()
    return render(
        request,
        "beraad/voorbereiding_vraag.html",
        _context(toegang, gevonden, vraag=deze, form=form, heeft_afspraken=heeft_afspraken),
    )


@login_required
@require_POST
def vraag_verwijderen(
    request: HttpRequest, netwerk_id: int, beraad_id: int, vraag_id: int
) -> HttpResponse:
    """Remove a vraag after a yes; never one the plan already has afspraken for."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN, actie=Actie.DELETE)
    gevonden = beraad_van(toegang, beraad_id)
    deze = _vraag_van(toegang, gevonden, vraag_id)
    terug = ("beraad:vragen", toegang.netwerk.pk, gevonden.pk)
    if dicht := _afgerond(request, gevonden, *terug):
        return dicht
    bevestigd = VerwijderenForm(request.POST)
    if not (bevestigd.is_valid() and bevestigd.cleaned_data["zeker"]):
        return render(
            request,
            "beraad/voorbereiding_verwijderen.html",
            _context(
                toegang,
                gevonden,
                titel=_("Vraag weghalen?"),
                wat=deze.tekst,
                actie_url=reverse(
                    "beraad:vraag_verwijderen", args=[toegang.netwerk.pk, gevonden.pk, deze.pk]
                ),
                terug_url=reverse("beraad:vraag", args=[toegang.netwerk.pk, gevonden.pk, deze.pk]),
            ),
        )
    if gevonden.fase != Beraad.Fase.VOORBEREIDING and not gevonden.plan.zichtbaar_voor(toegang):
        # Whether the draft has afspraken for this vraag is the family's to know.
        messages.error(request, VRAAG_IN_EIGEN_TIJD)
        return redirect(*terug)
    with transaction.atomic():
        # Locked: an afspraak made for this vraag right now waits, and is not lost with it.
        list(Vraag.objects.select_for_update().filter(pk=deze.pk).values_list("pk"))
        if Afspraak.objects.filter(vraag=deze).exists():
            messages.error(request, VRAAG_HEEFT_AFSPRAKEN)
            return redirect(*terug)
        deze.delete()
    gevonden.tik()
    messages.success(request, _("De vraag is weggehaald."))
    return redirect(*terug)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def vraag_verplaatsen(
    request: HttpRequest, netwerk_id: int, beraad_id: int, vraag_id: int
) -> HttpResponse:
    """Move a vraag one place up or down (richting=op|neer)."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN)
    gevonden = beraad_van(toegang, beraad_id)
    deze = _vraag_van(toegang, gevonden, vraag_id)
    url = reverse("beraad:vragen", args=[toegang.netwerk.pk, gevonden.pk])
    # htmx would put a redirected whole page inside the list: it reloads the page instead.
    terug = HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if gevonden.is_afgerond:
        messages.error(request, AFGEROND)
        return terug
    richting = request.POST.get("richting")
    if richting not in ("op", "neer"):
        messages.error(request, _("Kies of de vraag omhoog of omlaag moet."))
        return terug
    bewogen = False
    with transaction.atomic():
        lijst = list(
            Vraag.objects.select_for_update()
            .filter(netwerk=toegang.netwerk, beraad=gevonden)
            .order_by("volgorde", "pk")
        )
        plek = next(i for i, v in enumerate(lijst) if v.pk == deze.pk)
        doel = plek - 1 if richting == "op" else plek + 1
        if 0 <= doel < len(lijst):
            lijst[plek], lijst[doel] = lijst[doel], lijst[plek]
            # Numbered afresh 1..n: the order stays right even when numbers were equal.
            veranderd = []
            for nummer, v in enumerate(lijst, start=1):
                if v.volgorde != nummer:
                    v.volgorde = nummer
                    veranderd.append(v)
            Vraag.objects.bulk_update(veranderd, ["volgorde"])
            bewogen = True
            status = _("De vraag staat nu op plek %(plek)d van %(aantal)d.") % {
                "plek": doel + 1,
                "aantal": len(lijst),
            }
        elif richting == "op":
            status = _("Deze vraag staat al bovenaan.")
        else:
            status = _("Deze vraag staat al onderaan.")
    if bewogen:
        gevonden.tik()
    if request.htmx:
        return render(
            request,
            "beraad/voorbereiding_vragen.html#lijst",
            _vragen_context(toegang, gevonden, status=status, verplaatst=deze.pk),
        )
    messages.info(request, status)
    return redirect(f"{url}#vraag-{deze.pk}")


# --- Informatie ------------------------------------------------------------------------


def _personen(toegang: Toegang) -> list[Persoon]:
    """The groslijst, for the choice of whom we ask (one query)."""
    return list(Persoon.objects.in_netwerk(toegang.netwerk))


@login_required
@HTTP_GET_POST
def informatie(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """Wat willen we weten, en van wie? With the answers as they come."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.BERAAD_VOORBEREIDEN,
        actie=Actie.CREATE,
    )
    gevonden = beraad_van(toegang, beraad_id)
    terug = ("beraad:informatie", toegang.netwerk.pk, gevonden.pk)
    form = None
    if toegang.mag(Recht.BERAAD_VOORBEREIDEN) and not gevonden.is_afgerond:
        form = InformatieForm(
            request.POST if request.method == "POST" else None, personen=_personen(toegang)
        )
    if request.method == "POST":
        if dicht := _afgerond(request, gevonden, *terug):
            return dicht
        if form.is_valid():
            nieuw_item = form.save_new(gevonden)
            gevonden.tik()
            messages.success(
                request, _("Erbij gezet: ‘%(onderwerp)s’") % {"onderwerp": nieuw_item.onderwerp}
            )
            return redirect(*terug)
    items = list(
        Informatie.objects.filter(netwerk=toegang.netwerk, beraad=gevonden).select_related(
            "van", "beantwoord_door"
        )
    )
    eigen = toegang.persoon_id
    for item in items:
        item.aan_mij = eigen is not None and item.van_id == eigen
        item.mag_antwoorden = not gevonden.is_afgerond and (
            toegang.mag(Recht.BERAAD_VOORBEREIDEN) or item.aan_mij
        )
    return render(
        request,
        "beraad/voorbereiding_informatie.html",
        _context(toegang, gevonden, items=items, form=form),
    )


@login_required
@HTTP_GET_POST
def informatie_antwoord(
    request: HttpRequest, netwerk_id: int, beraad_id: int, informatie_id: int
) -> HttpResponse:
    """One informatievraag with its answer. Those who prepare write it, and so does the
    one who was asked, when they have a login in this Netwerk."""
    verwijderen = request.method == "POST" and "verwijderen" in request.POST

    def aan_mij_gevraagd(t: Toegang) -> bool:
        gevraagd = list(
            Informatie.objects.filter(
                netwerk=t.netwerk, beraad_id=beraad_id, pk=informatie_id
            ).values_list("van_id", flat=True)
        )
        # Nothing to guard when it is not here: the lookup below answers 404.
        return not gevraagd or (t.persoon_id is not None and gevraagd[0] == t.persoon_id)

    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.BERAAD_VOORBEREIDEN,
        actie=Actie.DELETE if verwijderen else Actie.UPDATE,
        # Only those who prepare take a question away; the one asked only answers it.
        of=None if verwijderen else Recht.NETWERK_BEKIJKEN,
        eigen=None if verwijderen else aan_mij_gevraagd,
    )
    netwerk = toegang.netwerk
    gevonden = beraad_van(toegang, beraad_id)
    item = get_object_or_404(
        Informatie.objects.filter(netwerk=netwerk, beraad=gevonden).select_related(
            "van", "beantwoord_door"
        ),
        pk=informatie_id,
    )
    terug = ("beraad:informatie", netwerk.pk, gevonden.pk)
    if request.method == "POST" and (dicht := _afgerond(request, gevonden, *terug)):
        return dicht
    if verwijderen:
        bevestigd = VerwijderenForm(request.POST)
        if not (bevestigd.is_valid() and bevestigd.cleaned_data["zeker"]):
            url = reverse("beraad:informatie_antwoord", args=[netwerk.pk, gevonden.pk, item.pk])
            return render(
                request,
                "beraad/voorbereiding_verwijderen.html",
                _context(
                    toegang,
                    gevonden,
                    titel=_("Informatievraag weghalen?"),
                    wat=item.onderwerp,
                    actie_url=url,
                    terug_url=url,
                    verwijderen=True,
                ),
            )
        item.delete()
        gevonden.tik()
        messages.success(request, _("De informatievraag is weggehaald."))
        return redirect(*terug)
    regie = toegang.mag(Recht.BERAAD_VOORBEREIDEN)
    aan_mij = toegang.persoon_id is not None and toegang.persoon_id == item.van_id
    form = None
    if not gevonden.is_afgerond and (regie or aan_mij):
        form = AntwoordForm(
            request.POST if request.method == "POST" else None,
            instance=item,
            personen=_personen(toegang) if regie else None,
        )
    if request.method == "POST" and form.is_valid() and form.opslaan(request.user):
        gevonden.tik()
        messages.success(request, _("Opgeslagen. Iedereen in het netwerk kan het nu lezen."))
        return redirect(*terug)
    return render(
        request,
        "beraad/voorbereiding_informatie_antwoord.html",
        _context(toegang, gevonden, item=item, form=form, aan_mij=aan_mij, regie=regie),
    )


# --- Waar en wanneer -------------------------------------------------------------------


@login_required
@HTTP_GET_POST
def waar_wanneer(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """The person chooses the day, the time and the place; the facilitator helps."""
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN)
    gevonden = beraad_van(toegang, beraad_id)
    thuis = ("beraad:beraad", toegang.netwerk.pk, gevonden.pk)
    if dicht := _afgerond(request, gevonden, *thuis):
        return dicht
    form = WaarWanneerForm(request.POST if request.method == "POST" else None, instance=gevonden)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        gevonden.tik()
        messages.success(request, _("Waar en wanneer zijn opgeslagen."))
        return redirect(*thuis)
    return render(
        request, "beraad/voorbereiding_waar_wanneer.html", _context(toegang, gevonden, form=form)
    )


# --- Zorgen en voorwaarden -------------------------------------------------------------


def mag_voorwaarde_wijzigen(toegang: Toegang, user, voorwaarde: Voorwaarde) -> bool:
    """Its author, or the facilitator who leads the beraad."""
    if toegang.mag(Recht.BERAAD_LEIDEN):
        return True
    return toegang.mag(Recht.VOORWAARDEN_STELLEN) and voorwaarde.auteur_id == user.pk


def schrijver(voorwaarde: Voorwaarde) -> str:
    """Who wrote it: their Persoon in this Netwerk, else their login's name."""
    if voorwaarde.persoon is not None:
        return voorwaarde.persoon.naam
    if voorwaarde.auteur is not None:
        return str(voorwaarde.auteur)
    return _("Iemand die niet meer meedoet")


@login_required
@HTTP_GET_POST
def voorwaarden(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    """Zorgen en voorwaarden: everyone reads them; professionals and the facilitator add."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.VOORWAARDEN_STELLEN,
        actie=Actie.CREATE,
    )
    gevonden = beraad_van(toegang, beraad_id)
    terug = ("beraad:voorwaarden", toegang.netwerk.pk, gevonden.pk)
    form = None
    if toegang.mag(Recht.VOORWAARDEN_STELLEN) and not gevonden.is_afgerond:
        form = VoorwaardeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if dicht := _afgerond(request, gevonden, *terug):
            return dicht
        if form.is_valid():
            nieuw_item = form.instance
            nieuw_item.netwerk = toegang.netwerk
            nieuw_item.beraad = gevonden
            nieuw_item.auteur = request.user
            nieuw_item.persoon = toegang.persoon
            form.save()
            gevonden.tik()
            messages.success(
                request,
                _("Je %(soort)s staat erbij. Iedereen in het netwerk kan hem lezen.")
                % {"soort": nieuw_item.get_soort_display().lower()},
            )
            return redirect(*terug)
    items = list(
        Voorwaarde.objects.filter(netwerk=toegang.netwerk, beraad=gevonden).select_related(
            "persoon", "auteur"
        )
    )
    for item in items:
        item.schrijver = schrijver(item)
        item.mag_wijzigen = not gevonden.is_afgerond and mag_voorwaarde_wijzigen(
            toegang, request.user, item
        )
    return render(
        request,
        "beraad/voorbereiding_voorwaarden.html",
        _context(
            toegang,
            gevonden,
            form=form,
            voorwaarden=[v for v in items if v.soort == Voorwaarde.Soort.VOORWAARDE],
            zorgen=[v for v in items if v.soort == Voorwaarde.Soort.ZORG],
        ),
    )


@login_required
@HTTP_GET_POST
def voorwaarde(
    request: HttpRequest, netwerk_id: int, beraad_id: int, voorwaarde_id: int
) -> HttpResponse:
    """Change (or, before the beraad starts, remove) a zorg or voorwaarde: its author,
    or the facilitator."""
    verwijderen = request.method == "POST" and "verwijderen" in request.POST

    def eigen(t: Toegang) -> bool:
        auteur = list(
            Voorwaarde.objects.filter(
                netwerk=t.netwerk, beraad_id=beraad_id, pk=voorwaarde_id
            ).values_list("auteur_id", flat=True)
        )
        # Nothing to guard when it is not here: the lookup below answers 404.
        return not auteur or auteur[0] == request.user.pk

    # The facilitator, who leads the beraad, tidies up any; a professional their own.
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.BERAAD_LEIDEN,
        of=Recht.VOORWAARDEN_STELLEN,
        eigen=eigen,
        actie=Actie.DELETE if verwijderen else Actie.UPDATE,
    )
    netwerk = toegang.netwerk
    gevonden = beraad_van(toegang, beraad_id)
    item = get_object_or_404(
        Voorwaarde.objects.filter(netwerk=netwerk, beraad=gevonden).select_related(
            "persoon", "auteur"
        ),
        pk=voorwaarde_id,
    )
    terug = ("beraad:voorwaarden", netwerk.pk, gevonden.pk)
    if dicht := _afgerond(request, gevonden, *terug):
        return dicht
    mag_weg = gevonden.fase == Beraad.Fase.VOORBEREIDING
    if verwijderen:
        if not mag_weg:
            messages.error(request, VOORWAARDE_NA_START)
            return redirect("beraad:voorwaarde", netwerk.pk, gevonden.pk, item.pk)
        bevestigd = VerwijderenForm(request.POST)
        if not (bevestigd.is_valid() and bevestigd.cleaned_data["zeker"]):
            url = reverse("beraad:voorwaarde", args=[netwerk.pk, gevonden.pk, item.pk])
            return render(
                request,
                "beraad/voorbereiding_verwijderen.html",
                _context(
                    toegang,
                    gevonden,
                    titel=_("Weghalen?"),
                    wat=item.tekst,
                    actie_url=url,
                    terug_url=url,
                    verwijderen=True,
                ),
            )
        item.delete()
        gevonden.tik()
        messages.success(request, _("De zorg of voorwaarde is weggehaald."))
        return redirect(*terug)
    form = VoorwaardeForm(request.POST if request.method == "POST" else None, instance=item)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        gevonden.tik()
        messages.success(request, _("Opgeslagen."))
        return redirect(*terug)
    return render(
        request,
        "beraad/voorbereiding_voorwaarde.html",
        _context(
            toegang, gevonden, item=item, form=form, schrijver=schrijver(item), mag_weg=mag_weg
        ),
    )


_B = "<int:beraad_id>/"

urlpatterns = [
    path("", overzicht, name="overzicht"),
    path("nieuw/", nieuw, name="nieuw"),
    path(_B, beraad, name="beraad"),
    path(_B + "vragen/", vragen, name="vragen"),
    path(_B + "vragen/<int:vraag_id>/", vraag, name="vraag"),
    path(_B + "vragen/<int:vraag_id>/verwijderen/", vraag_verwijderen, name="vraag_verwijderen"),
    path(_B + "vragen/<int:vraag_id>/verplaatsen/", vraag_verplaatsen, name="vraag_verplaatsen"),
    path(_B + "informatie/", informatie, name="informatie"),
    path(_B + "informatie/<int:informatie_id>/", informatie_antwoord, name="informatie_antwoord"),
    path(_B + "waar-en-wanneer/", waar_wanneer, name="waar_wanneer"),
    path(_B + "voorwaarden/", voorwaarden, name="voorwaarden"),
    path(_B + "voorwaarden/<int:voorwaarde_id>/", voorwaarde, name="voorwaarde"),
]

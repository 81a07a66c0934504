"""Mijn afspraken: each member keeps their own afspraken up to date from a phone.

Two taps per afspraak: "Hoe gaat het?" opens four big buttons, one of them saves. The
form works as a plain POST that goes back to the page it came from; with htmx only the
card is swapped and a polite live region on the page says what was saved. The screen
carries the version of the voortgang it showed, so a stale screen overwrites nothing:
it comes back saying who changed it to what, with the note the person typed still there.

Every afspraak also has a page of its own with its history, and each member has a page
for their own settings: e-mails on or off, and a private calendar link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from beraad.models import Afspraak
from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from ..forms.instellingen import MailForm
from ..forms.status import KNOPPEN, NOTITIE_MAX, TEKENS, StatusForm
from ..models import Lidinstelling, Status, Statuswijziging, Voortgang
from ..team import (
    afspraken_van,
    is_te_laat,
    leesbaar_plan,
    naam_van,
    neemt_deel,
    status_van,
    zet_status,
)

# "Binnenkort": due within this many days from today.
BINNENKORT_DAGEN = 14


@dataclass
class Kaart:
    """One afspraak as a card with its status control, as one login sees it."""

    afspraak: Afspraak
    voortgang: Voortgang
    ik_doe: bool
    ik_spring_in: bool
    andere_wie: list[Persoon]
    andere_invallers: list[Persoon]
    te_laat: bool
    mag_wijzigen: bool
    # Where the plain (no JavaScript) form goes back to after a save.
    terug: str
    # On the afspraak page the card shows only the status: the page shows the rest.
    compact: bool = False
    # What the person typed, kept when the save did not go through.
    notitie: str = ""
    fouten: list[str] = field(default_factory=list)
    # Someone else changed the status since this screen was shown.
    conflict: bool = False
    gekozen: str = ""
    opgeslagen: bool = False
    open: bool = False
    # Set on cards that htmx swaps in, so keyboard focus lands back on the card.
    focus: str = ""

    knoppen = KNOPPEN
    notitie_max = NOTITIE_MAX

    @property
    def status(self) -> str:
        return self.voortgang.status

    @property
    def teken(self) -> str:
        return TEKENS[self.voortgang.status]

    @property
    def gekozen_label(self) -> str:
        return Status(self.gekozen).label if self.gekozen in Status.values else ""

    @property
    def wijziger(self) -> str:
        return self.voortgang.gewijzigd_naam or _("Iemand anders")


def _kaart(toegang: Toegang, afspraak: Afspraak, *, vandaag: date, terug: str, **extra) -> Kaart:
    """The card for one afspraak; wie and invallers must be prefetched (no queries)."""
    persoon_id = toegang.persoon_id
    wie = list(afspraak.wie.all())
    invallers = list(afspraak.invallers.all())
    ik_doe = persoon_id is not None and any(p.pk == persoon_id for p in wie)
    ik_spring_in = persoon_id is not None and any(p.pk == persoon_id for p in invallers)
    mag_wijzigen = toegang.mag(Recht.VOORTGANG_BIJWERKEN) or (
        toegang.mag(Recht.EIGEN_VOORTGANG) and (ik_doe or ik_spring_in)
    )
    extra.setdefault("voortgang", status_van(afspraak))
    return Kaart(
        afspraak=afspraak,
        ik_doe=ik_doe,
        ik_spring_in=ik_spring_in,
        andere_wie=[p for p in wie if p.pk != persoon_id],
        andere_invallers=[p for p in invallers if p.pk != persoon_id],
        te_laat=is_te_laat(afspraak, vandaag),
        mag_wijzigen=mag_wijzigen,
        terug=terug,
        **extra,
    )


def _neemt_deel_aan(persoon_id: int) -> Q:
    """Afspraken this Persoon does or steps in for, without joins that repeat rows."""
    wie = Afspraak.wie.through.objects.filter(persoon_id=persoon_id).values("afspraak_id")
    invallers = Afspraak.invallers.through.objects.filter(persoon_id=persoon_id).values(
        "afspraak_id"
    )
    return Q(pk__in=wie) | Q(pk__in=invallers)


def _afspraak_van(toegang: Toegang, afspraak_id: int, *, voorwaarden: bool = False) -> Afspraak:
    """One afspraak in force in the active plan of this Netwerk, or 404: an ended one,
    one of an older plan, or one of another Netwerk does not exist here."""
    plan = leesbaar_plan(toegang)
    if plan is None:
        raise Http404("Geen actieplan")
    afspraken = afspraken_van(toegang, plan).filter(pk=afspraak_id)
    if voorwaarden:
        afspraken = afspraken.prefetch_related("voorwaarden")
    item = afspraken.first()
    if item is None:
        raise Http404("Afspraak niet gevonden")
    item.plan = plan
    return item


def _terug(request: HttpRequest, netwerk_id: int) -> str:
    """The page the plain form came from, if it is one of ours; else Mijn afspraken."""
    terug = request.POST.get("next", "")
    if terug and url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return terug
    return reverse("actieteam:mijn", args=[netwerk_id])


@login_required
@require_safe
def mijn(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The afspraken I do or step in for, grouped for a phone: late first, then soon,
    then later, and what is done folded away.

    Queries: the active plan, my afspraken (with vraag and voortgang), who does them and
    who steps in; the same for 3 or 40 afspraken.
    """
    toegang = access_netwerk(request, netwerk_id, Recht.EIGEN_VOORTGANG)
    netwerk = toegang.netwerk
    context: dict = {"toegang": toegang, "netwerk": netwerk}
    if toegang.persoon_id is None:
        context["zonder_persoon"] = True
        return render(request, "actieteam/mijn.html", context)
    plan = leesbaar_plan(toegang)
    if plan is None:
        context["zonder_plan"] = True
        return render(request, "actieteam/mijn.html", context)

    vandaag = timezone.localdate()
    grens = vandaag + timedelta(days=BINNENKORT_DAGEN)
    terug = reverse("actieteam:mijn", args=[netwerk.pk])
    # Back from a tap without JavaScript: that card says "Opgeslagen" where the eye is.
    opgeslagen = request.GET.get("opgeslagen", "")
    te_laat, binnenkort, later, klaar = [], [], [], []
    for afspraak in afspraken_van(toegang, plan).filter(_neemt_deel_aan(toegang.persoon_id)):
        kaart = _kaart(
            toegang,
            afspraak,
            vandaag=vandaag,
            terug=terug,
            opgeslagen=str(afspraak.pk) == opgeslagen,
        )
        if kaart.status == Status.GELUKT:
            klaar.append(kaart)
        elif kaart.te_laat:
            te_laat.append(kaart)
        elif afspraak.klaar_op is not None and afspraak.klaar_op <= grens:
            binnenkort.append(kaart)
        else:
            later.append(kaart)
    # Sorted by date; the sort is stable, so the same date keeps the plan's order.
    te_laat.sort(key=lambda k: k.afspraak.klaar_op)
    binnenkort.sort(key=lambda k: k.afspraak.klaar_op)
    later.sort(key=lambda k: (k.afspraak.klaar_op is None, k.afspraak.klaar_op or date.max))
    context.update(
        plan=plan,
        te_laat=te_laat,
        binnenkort=binnenkort,
        later=later,
        klaar=klaar,
        klaar_open=any(k.opgeslagen for k in klaar),
        aantal=len(te_laat) + len(binnenkort) + len(later) + len(klaar),
        binnenkort_dagen=BINNENKORT_DAGEN,
    )
    return render(request, "actieteam/mijn.html", context)


def _afspraak_pagina(
    request: HttpRequest, toegang: Toegang, item: Afspraak, kaart: Kaart
) -> HttpResponse:
    """The afspraak with all its fields, its status and its whole history, newest first."""
    geschiedenis = list(
        Statuswijziging.objects.filter(netwerk=toegang.netwerk, afspraak=item).order_by(
            "-tijd", "-pk"
        )
    )
    return render(
        request,
        "actieteam/afspraak.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "plan": item.plan,
            "afspraak": item,
            "kaart": kaart,
            "geschiedenis": geschiedenis,
            "stap": "mijn" if kaart.ik_doe or kaart.ik_spring_in else "voortgang",
        },
    )


@login_required
@require_safe
def afspraak(request: HttpRequest, netwerk_id: int, afspraak_id: int) -> HttpResponse:
    """One afspraak of the active plan, for everyone in the Netwerk; the status control
    only for who may change it.

    Queries: the active plan, the afspraak (with vraag and voortgang), who does it, who
    steps in, the voorwaarden it helps with, and its history.
    """
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    item = _afspraak_van(toegang, afspraak_id, voorwaarden=True)
    kaart = _kaart(toegang, item, vandaag=timezone.localdate(), terug=request.path, compact=True)
    return _afspraak_pagina(request, toegang, item, kaart)


def _kaart_antwoord(
    request: HttpRequest, toegang: Toegang, item: Afspraak, kaart: Kaart, melding: str = ""
) -> HttpResponse:
    """With htmx the card alone (and what the live region says); without, the afspraak
    page with this card, its history and the rest."""
    if request.htmx:
        kaart.focus = "melding" if (kaart.conflict or kaart.fouten) else "summary"
        return render(
            request,
            "actieteam/_status_antwoord.html",
            {"toegang": toegang, "netwerk": toegang.netwerk, "kaart": kaart, "melding": melding},
        )
    # The page shows the afspraak itself; the card there only its status.
    kaart.compact = True
    prefetch_related_objects([item], "voorwaarden")
    return _afspraak_pagina(request, toegang, item, kaart)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def status(request: HttpRequest, netwerk_id: int, afspraak_id: int) -> HttpResponse:
    """Tap 2: save the chosen status with the note, if nobody changed it since.

    Queries: the access check (and, for a role that may only change its own afspraken,
    whether this is one), the active plan, the afspraak with who does it and who steps
    in, then the locked voortgang, its update and one history row.
    """
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.VOORTGANG_BIJWERKEN,
        of=Recht.EIGEN_VOORTGANG,
        eigen=lambda t: neemt_deel(t, afspraak_id),
        actie=Actie.UPDATE,
    )
    notitie = request.POST.get("notitie", "")
    try:
        item = _afspraak_van(toegang, afspraak_id)
    except Http404:
        return _niet_meer(request, toegang, afspraak_id, notitie)
    terug = _terug(request, toegang.netwerk.pk)
    vandaag = timezone.localdate()
    compact = request.POST.get("compact") == "1"
    form = StatusForm(request.POST)
    if not form.is_valid():
        kaart = _kaart(
            toegang,
            item,
            vandaag=vandaag,
            terug=terug,
            compact=compact,
            notitie=notitie,
            fouten=form.fouten(),
            open=True,
        )
        return _kaart_antwoord(request, toegang, item, kaart)

    gekozen = form.cleaned_data["status"]
    notitie = form.cleaned_data["notitie"]
    gelukt, voortgang = zet_status(
        item,
        gekozen,
        notitie,
        versie=form.cleaned_data["versie"],
        user=request.user,
        naam=naam_van(toegang, request.user),
    )
    if not gelukt:
        # Nothing was saved: the card shows what is there now and keeps the note, and the
        # screen now carries the current version, so one more tap saves the choice.
        item.voortgang = voortgang
        kaart = _kaart(
            toegang,
            item,
            vandaag=vandaag,
            terug=terug,
            compact=compact,
            voortgang=voortgang,
            notitie=notitie,
            conflict=True,
            gekozen=gekozen,
            open=True,
        )
        return _kaart_antwoord(request, toegang, item, kaart)

    label = Status(gekozen).label
    melding = _("Opgeslagen: %(status)s.") % {"status": label}
    if request.htmx:
        kaart = _kaart(
            toegang,
            item,
            vandaag=vandaag,
            terug=terug,
            compact=compact,
            voortgang=voortgang,
            opgeslagen=True,
        )
        return _kaart_antwoord(request, toegang, item, kaart, melding=melding)
    messages.success(request, _("%(melding)s Dank je wel!") % {"melding": melding})
    if "#" in terug or "?" in terug:
        return redirect(terug)
    return redirect(f"{terug}?opgeslagen={item.pk}#kaart-{item.pk}")


def _niet_meer(
    request: HttpRequest, toegang: Toegang, afspraak_id: int, notitie: str
) -> HttpResponse:
    """A tap on a card that is out of date: the afspraak was stopped, or a new plan took
    over, since the screen showed it. Say so, and give the note back: nothing is saved.
    An afspraak this role never could read stays a 404."""
    bestond = (
        Afspraak.objects.zichtbaar_voor(toegang)
        .filter(pk=afspraak_id, plan__vastgesteld__isnull=False)
        .only("pk", "wat")
        .first()
    )
    if bestond is None:
        raise Http404("Afspraak niet gevonden")
    tekst = _(
        "Deze afspraak staat niet meer in het plan: het team heeft hem gestopt, of er is "
        "een nieuw plan. Je keuze is niet opgeslagen."
    )
    if request.htmx:
        return render(
            request,
            "actieteam/_status_niet_meer.html",
            {"afspraak": bestond, "tekst": tekst, "notitie": notitie, "netwerk": toegang.netwerk},
        )
    if notitie:
        tekst = _("%(tekst)s Je notitie was: “%(notitie)s”") % {"tekst": tekst, "notitie": notitie}
    messages.warning(request, tekst)
    return redirect("actieteam:mijn", toegang.netwerk.pk)


def _agenda_url(token: str) -> str:
    return settings.SITE_URL + reverse("actieteam_agenda", args=[token])


@login_required
@never_cache
def instellingen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """My own settings in this Netwerk: e-mails on or off, and the private calendar link.

    Nothing is stored until the first change (a GET writes nothing). The calendar link is
    shown once, right after it is made: only its hash is kept.
    """
    toegang = access_netwerk(request, netwerk_id, Recht.EIGEN_VOORTGANG, actie=Actie.UPDATE)
    if toegang.deelname is None:
        raise PermissionDenied
    netwerk = toegang.netwerk
    instelling = Lidinstelling.objects.filter(deelname=toegang.deelname).first()
    if instelling is None:
        instelling = Lidinstelling(deelname=toegang.deelname, netwerk=netwerk)
    form = MailForm(instance=instelling)
    agendalink = None

    if request.method == "POST":
        actie = request.POST.get("actie", "")
        if actie not in {"mail", "agenda", "agenda_uit"}:
            messages.error(request, _("Dat ging niet goed. Probeer het nog eens."))
            return redirect("actieteam:instellingen", netwerk.pk)
        with transaction.atomic():
            instelling, _nieuw = Lidinstelling.objects.select_for_update().get_or_create(
                deelname=toegang.deelname, defaults={"netwerk": netwerk}
            )
            if actie == "mail":
                form = MailForm(request.POST, instance=instelling)
                if form.is_valid():
                    form.save()
                    messages.success(
                        request,
                        _("Je krijgt herinneringen en meldingen per e-mail.")
                        if instelling.mail
                        else _("Je krijgt geen e-mails meer over het plan."),
                    )
                    return redirect("actieteam:instellingen", netwerk.pk)
            elif actie == "agenda":
                token = instelling.nieuwe_agendalink()
                instelling.save(update_fields=["agenda_hash", "agenda_gemaakt"])
                agendalink = _agenda_url(token)
            else:
                had_link = instelling.agenda_hash is not None
                instelling.agenda_hash = None
                instelling.agenda_gemaakt = None
                instelling.save(update_fields=["agenda_hash", "agenda_gemaakt"])
                if had_link:
                    messages.success(
                        request, _("De agendalink is uitgezet. Je agenda haalt niets meer op.")
                    )
                return redirect("actieteam:instellingen", netwerk.pk)

    abonneren = None
    if agendalink is not None:
        # Phones open a webcal: link in their calendar app, ready to subscribe.
        abonneren = "webcal://" + agendalink.split("://", 1)[-1]
    return render(
        request,
        "actieteam/mijn_instellingen.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "instelling": instelling,
            "form": form,
            "email": request.user.email,
            "agendalink": agendalink,
            "abonneren": abonneren,
        },
    )


urlpatterns = [
    path("mijn/", mijn, name="mijn"),
    path("mijn/instellingen/", instellingen, name="instellingen"),
    path("afspraken/<int:afspraak_id>/", afspraak, name="afspraak"),
    path("afspraken/<int:afspraak_id>/status/", status, name="status"),
]

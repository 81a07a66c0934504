"""Netwerkcirkel: who stands how close, drawn as rings around the hoofdpersoon."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from sonestra.core.access import Toegang, access_netwerk
from sonestra.core.models import RING_NAMEN, Persoon
from sonestra.core.roles import Recht
from sonestra.core.tekeningen import getekend, url_per_pk

from ..svg.cirkel import NIET_INGEDEELD, Mens, maak_cirkel

RING_UITLEG = {
    1: gettext_lazy(
        "De mensen die het belangrijkst zijn. Je ziet of spreekt ze vaak en je kunt altijd bij "
        "ze terecht."
    ),
    2: gettext_lazy("Mensen die belangrijk zijn en die je regelmatig ziet of spreekt."),
    3: gettext_lazy("Mensen die je kent en soms ziet, maar die minder dichtbij staan."),
    4: gettext_lazy(
        "Mensen die helpen omdat het hun werk is, zoals een hulpverlener, dokter of leraar."
    ),
}


def _mens(persoon: Persoon) -> Mens:
    return Mens(
        pk=persoon.pk,
        naam=persoon.naam,
        initialen=persoon.initialen,
        ring=persoon.cirkelring,
        soort=persoon.soort,
        tijd=persoon.tijd,
        kwaliteit=persoon.kwaliteit,
        foto_url=persoon.foto_url(),
        is_hoofdpersoon=persoon.is_hoofdpersoon,
    )


def _ringen() -> list[dict]:
    return [{"nummer": n, "naam": RING_NAMEN[n], "uitleg": RING_UITLEG[n]} for n in Persoon.RINGEN]


def cirkel_context(toegang: Toegang, gewijzigd: Persoon | None = None) -> dict:
    """Everything the cirkel page and its swappable part need: one query for the people."""
    netwerk = toegang.netwerk
    personen = list(Persoon.objects.in_netwerk(netwerk))
    if not toegang.mag(Recht.CONTACT_BEKIJKEN):
        # How a contact feels stays with those who may read notes (as in the groslijst);
        # these objects are only drawn, never saved.
        for persoon in personen:
            persoon.kwaliteit = ""
    mensen = [_mens(p) for p in personen]
    sectoren = [(str(waarde), str(label)) for waarde, label in Persoon.Soort.choices]
    if any(not m.is_hoofdpersoon and not m.soort for m in mensen):
        sectoren.append((NIET_INGEDEELD, _("Nog niet ingedeeld")))
    ring_labels = [(n, str(RING_NAMEN[n])) for n in Persoon.RINGEN]
    tekening = maak_cirkel(mensen, sectoren, ring_labels)

    soort_labels = dict(sectoren)
    ringen = _ringen()
    for ring in ringen:
        ring["personen"] = []
    per_nummer = {ring["nummer"]: ring for ring in ringen}
    ring_url = url_per_pk("netwerkkompas:cirkel_ring", netwerk.pk)
    for persoon in personen:
        if persoon.is_hoofdpersoon:
            continue
        persoon.ring_url = ring_url(persoon.pk)
        persoon.soort_label = soort_labels.get(persoon.soort, soort_labels.get(NIET_INGEDEELD))
        per_nummer[persoon.cirkelring]["personen"].append(persoon)
    return {
        "toegang": toegang,
        "netwerk": netwerk,
        "tekening": tekening,
        "hoofdpersonen": [p for p in personen if p.is_hoofdpersoon],
        "ringen": ringen,
        "aantal": len(personen),
        "mag_verplaatsen": toegang.mag(Recht.KOMPAS_WIJZIGEN),
        "gewijzigd": gewijzigd,
    }


@login_required
@require_safe
@vary_on_headers("HX-Request")
def cirkel(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The drawing, its legend and the same facts as a list."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    template = "netwerkkompas/cirkel.html"
    if request.htmx:
        template += "#inhoud"
    return render(request, template, met_tekening(cirkel_context(toegang)))


def met_tekening(context: dict) -> dict:
    """The drawing as SVG, from the cache when the same people were drawn before."""
    link = "ring" if context["mag_verplaatsen"] else "persoon"
    netwerk, tekening = context["netwerk"], context["tekening"]
    context["cirkel_svg"] = getekend(
        "netwerkkompas/svg/cirkel.svg",
        {"tekening": tekening, "netwerk": netwerk, "link": link},
        (netwerk.pk, netwerk.titel, link, tekening),
    )
    return context


@login_required
@vary_on_headers("HX-Request")
def ring(request: HttpRequest, netwerk_id: int, persoon_id: int) -> HttpResponse:
    """Choose the ring one person stands in: four big buttons, then back to the cirkel."""
    toegang = access_netwerk(request, netwerk_id, Recht.KOMPAS_WIJZIGEN)
    netwerk = toegang.netwerk
    persoon = get_object_or_404(Persoon.objects.in_netwerk(netwerk), pk=persoon_id)
    fout = ""
    if request.method == "POST":
        keuze = request.POST.get("ring", "")
        if persoon.is_hoofdpersoon:
            fout = _(
                "%(naam)s staat altijd in het midden van de cirkel. Die plek verandert niet."
            ) % {"naam": persoon.naam}
        elif keuze not in {str(n) for n in Persoon.RINGEN}:
            fout = _("Kies een van de vier ringen.")
        else:
            nummer = int(keuze)
            # Moving the version on tells an edit form that is open elsewhere about the change.
            Persoon.objects.filter(pk=persoon.pk).update(ring=nummer, versie=F("versie") + 1)
            persoon.ring = nummer
            melding = _("%(naam)s staat nu in ring %(ring)s: %(uitleg)s.") % {
                "naam": persoon.naam,
                "ring": nummer,
                "uitleg": RING_NAMEN[nummer],
            }
            if request.htmx:
                context = met_tekening(cirkel_context(toegang, gewijzigd=persoon))
                context["melding"] = melding
                return render(request, "netwerkkompas/cirkel.html#inhoud", context)
            messages.success(request, melding)
            return redirect("netwerkkompas:cirkel", netwerk.pk)
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "persoon": persoon,
        "ringen": _ringen(),
        "fout": fout,
    }
    if request.htmx:
        response = render(request, "netwerkkompas/cirkel_ring.html#kiezer", context)
        if request.method == "POST":
            # The form aims at the whole cirkel; an error belongs in the panel only.
            response = reswap(retarget(response, "#ring-kiezer"), "innerHTML")
        return response
    return render(request, "netwerkkompas/cirkel_ring.html", context)

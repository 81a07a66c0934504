"""Talentenkaart, ondersteuningskaart and rondje positief.

Each page loads the Netwerk's people once and its own rows once, and puts them
together in Python, so the number of queries stays the same however large the
Netwerk grows. Writes answer htmx with the swapped region and everyone else with
a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from sonestra.core.access import Actie, Toegang, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht
from sonestra.core.templatetags.avatar import avatar

from ..forms.kaarten import ComplimentForm, OndersteuningForm, TalentForm
from ..models import Compliment, Ondersteuning, Talent

GEEN_EIGEN_PERSOON = gettext_lazy(
    "Je naam staat nog niet in de groslijst van dit netwerk. Vraag de hoofdpersoon of "
    "de facilitator om je toe te voegen. Daarna kun je hier je talenten neerzetten."
)


def _personen(toegang: Toegang) -> list[Persoon]:
    """Everyone in the Netwerk, the hoofdpersoon first (one query)."""
    return list(Persoon.objects.in_netwerk(toegang.netwerk))


def _hoofdpersoon(personen: list[Persoon]) -> Persoon | None:
    return next((p for p in personen if p.is_hoofdpersoon), None)


# --- Talentenkaart ----------------------------------------------------------------------


@dataclass
class TalentKaart:
    persoon: Persoon
    goed_in: list[Talent] = field(default_factory=list)
    doet_graag: list[Talent] = field(default_factory=list)


def _eigen_talent(toegang: Toegang, user, talent: Talent | None) -> bool:
    """Added by this login, or a talent of their own Persoon."""
    if talent is None:
        return False
    eigen = toegang.persoon_id
    return talent.created_by_id == user.pk or (eigen is not None and talent.persoon_id == eigen)


def mag_talent_weghalen(toegang: Toegang, user, talent: Talent) -> bool:
    """The kompas's editors, the one who added it, and the person whose talent it is."""
    if toegang.mag(Recht.KOMPAS_WIJZIGEN):
        return True
    return toegang.mag(Recht.ZELF_BIJDRAGEN) and _eigen_talent(toegang, user, talent)


def _talenten_response(
    request: HttpRequest,
    toegang: Toegang,
    personen: list[Persoon],
    form: TalentForm | None,
    toegevoegd: Talent | None = None,
    *,
    oob_form: bool = False,
) -> HttpResponse:
    kaarten = {p.pk: TalentKaart(p) for p in personen}
    for talent in Talent.objects.filter(netwerk=toegang.netwerk):
        kaart = kaarten.get(talent.persoon_id)
        if kaart is None:
            continue
        talent.persoon = kaart.persoon
        talent.mag_weg = mag_talent_weghalen(toegang, request.user, talent)
        if talent.soort == Talent.Soort.DOET_GRAAG:
            kaart.doet_graag.append(talent)
        else:
            kaart.goed_in.append(talent)
    eigen = toegang.persoon
    context = {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        # The hoofdpersoon first (the people's own order), then everyone with talents.
        "kaarten": [
            k for k in kaarten.values() if k.persoon.is_hoofdpersoon or k.goed_in or k.doet_graag
        ],
        "form": form,
        "kiest_persoon": toegang.mag(Recht.KOMPAS_WIJZIGEN),
        "eigen": eigen,
        "geen_eigen_persoon": GEEN_EIGEN_PERSOON,
        "toegevoegd": toegevoegd,
        # An htmx add also swaps in the field (emptied, or with its error) out of band.
        "oob_form": oob_form,
    }
    template = "netwerkkompas/talenten.html"
    if request.htmx:
        template += "#kaarten"
    return render(request, template, context)


def _talent_form(toegang: Toegang, personen: list[Persoon], data=None) -> TalentForm | None:
    """The add form for this login, or None when it may not add or has no Persoon of
    its own to add to."""
    if not toegang.mag(Recht.ZELF_BIJDRAGEN):
        return None
    eigen = toegang.persoon
    if toegang.mag(Recht.KOMPAS_WIJZIGEN):
        voor = eigen or _hoofdpersoon(personen)
        initial = {"persoon": voor.pk if voor else None, "soort": Talent.Soort.GOED_IN}
        return TalentForm(data, personen=personen, initial=initial)
    if eigen is None:
        return None
    # A network member always adds to their own card; a posted persoon is ignored.
    return TalentForm(data, initial={"soort": Talent.Soort.GOED_IN})


@login_required
@vary_on_headers("HX-Request")
def talenten(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """What the person and each network member is good at and likes to do."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.ZELF_BIJDRAGEN,
        actie=Actie.CREATE,
    )
    personen = _personen(toegang)
    form = _talent_form(toegang, personen, request.POST if request.method == "POST" else None)
    toegevoegd = None
    if request.method == "POST" and form is None:
        # A network member without a Persoon of their own: nothing to add to.
        messages.info(request, GEEN_EIGEN_PERSOON)
        return redirect("netwerkkompas:talenten", toegang.netwerk.pk)
    if form is not None and form.is_bound and form.is_valid():
        toegevoegd = form.save_for(toegang.persoon, request.user)
        if not request.htmx:
            messages.success(
                request,
                _("‘%(tekst)s’ staat nu op de kaart van %(naam)s.")
                % {"tekst": toegevoegd.tekst, "naam": toegevoegd.persoon.naam},
            )
            return redirect("netwerkkompas:talenten", toegang.netwerk.pk)
        # Ready for the next one: same person, same kind, an empty field.
        form = _talent_form(toegang, personen)
        form.initial.update(
            {"soort": toegevoegd.soort, "persoon": toegevoegd.persoon_id}
            if "persoon" in form.fields
            else {"soort": toegevoegd.soort}
        )
    return _talenten_response(
        request, toegang, personen, form, toegevoegd, oob_form=request.method == "POST"
    )


@login_required
@require_POST
def talent_verwijderen(request: HttpRequest, netwerk_id: int, talent_id: int) -> HttpResponse:
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.KOMPAS_WIJZIGEN,
        of=Recht.ZELF_BIJDRAGEN,
        eigen=lambda t: _eigen_talent(
            t, request.user, Talent.objects.filter(netwerk=t.netwerk, pk=talent_id).first()
        ),
        actie=Actie.DELETE,
    )
    talent = get_object_or_404(
        Talent.objects.filter(netwerk=toegang.netwerk).select_related("persoon"), pk=talent_id
    )
    talent.delete()
    if request.htmx:
        return _talenten_response(request, toegang, _personen(toegang), None)
    messages.success(
        request,
        _("‘%(tekst)s’ is weggehaald bij %(naam)s.")
        % {"tekst": talent.tekst, "naam": talent.persoon.naam},
    )
    return redirect("netwerkkompas:talenten", toegang.netwerk.pk)


# --- Ondersteuningskaart ----------------------------------------------------------------


@dataclass
class Cel:
    """One cell of the grid (its row draws it: `Rij.html`)."""

    domein: str
    label: str
    ondersteuning: Ondersteuning | None
    mag_wijzigen: bool = False

    @property
    def inhoud(self) -> SafeString:
        """A clear mark and the short explanation, or an empty cell's sign."""
        if self.ondersteuning is not None:
            return format_html(
                '<span class="vink" aria-hidden="true">✓</span>{}{}',
                ""
                if self.mag_wijzigen
                else format_html('<span class="visually-hidden">{}</span>', _("ja")),
                format_html('<span class="toelichting">{}</span>', self.ondersteuning.toelichting)
                if self.ondersteuning.toelichting
                else "",
            )
        return format_html(
            '<span class="leeg-teken" aria-hidden="true">{}</span>{}',
            "+" if self.mag_wijzigen else "–",
            ""
            if self.mag_wijzigen
            else format_html('<span class="visually-hidden">{}</span>', _("nee")),
        )


@dataclass
class Rij:
    persoon: Persoon
    cellen: list[Cel]

    def html(self) -> SafeString:
        """The row's cells, built here rather than in the template: a grid of 150 people
        is 1,050 cells, and in template tags they were most of the page's time. Every
        text is escaped here, once per row or cell, before the row is marked safe."""
        if not self.cellen:
            return SafeString("")
        mag_wijzigen = self.cellen[0].mag_wijzigen
        pk, naam = int(self.persoon.pk), self.persoon.naam
        helpt_bij = _("%(naam)s helpt bij %(domein)s")
        weghalen = _("%(naam)s weghalen bij %(domein)s? De uitleg gaat dan ook weg.")
        stukken = []
        for cel in self.cellen:
            domein = escape(cel.domein)
            woorden = {"naam": naam, "domein": cel.label}
            inhoud = cel.inhoud
            gevuld = cel.ondersteuning is not None
            klasse = "cel gevuld" if gevuld else "cel"
            if not mag_wijzigen:
                stukken.append(f'<td class="{klasse}">{inhoud}</td>')
                continue
            bevestig = ""
            if gevuld and cel.ondersteuning.toelichting:
                bevestig = f' hx-confirm="{escape(weghalen % woorden)}"'
            stukken.append(
                f'<td class="{klasse}"><button type="submit" form="rij-{pk}"'
                f' name="{"uit" if gevuld else "aan"}" value="{domein}"'
                f' id="cel-{pk}-{domein}" class="cel-knop"{bevestig}'
                f' aria-pressed="{"true" if gevuld else "false"}"><span class="visually-hidden">'
                f"{escape(helpt_bij % woorden)}"
                f"</span>{inhoud}</button></td>"
            )
        return mark_safe("".join(stukken))  # noqa: S308 -- every part is escaped above


@dataclass
class DomeinKaart:
    """One life domain on a phone: who supports there, the network first."""

    domein: str
    label: str
    netwerk: list[Ondersteuning]
    professionals: list[Ondersteuning]
    mag_wijzigen: bool = False

    @property
    def leeg(self) -> bool:
        return not (self.netwerk or self.professionals)

    def helpers(self) -> SafeString:
        """Who helps here, as list items (built here like the grid's rows, for the same
        reason): avatar, name, what they do, and for those who may change it a cross that
        posts the person's row form."""
        professional = escape(_("professional"))
        haal_weg = _("Haal %(naam)s weg bij %(domein)s")
        weghalen = _("%(naam)s weghalen bij %(domein)s? De uitleg gaat dan ook weg.")
        stukken = []
        for cel in (*self.netwerk, *self.professionals):
            persoon = cel.persoon
            woorden = {"naam": persoon.naam, "domein": self.label}
            tekst = f"<strong>{escape(persoon.naam)}</strong>"
            if persoon.is_professional:
                tekst += f' <span class="text-secondary">({professional})</span>'
            if cel.toelichting:
                tekst += f" — {escape(cel.toelichting)}"
            knop = ""
            if self.mag_wijzigen:
                bevestig = f' hx-confirm="{escape(weghalen % woorden)}"' if cel.toelichting else ""
                knop = (
                    f'<button type="submit" form="rij-{int(persoon.pk)}" name="uit"'
                    f' value="{escape(cel.domein)}" class="btn-weg"{bevestig}'
                    f' id="weg-{int(persoon.pk)}-{escape(cel.domein)}">'
                    '<span aria-hidden="true">×</span>'
                    f'<span class="visually-hidden">{escape(haal_weg % woorden)}</span></button>'
                )
            stukken.append(
                f'<li class="helper">{avatar(persoon)}'
                f'<span class="helper-tekst">{tekst}</span>{knop}</li>'
            )
        return mark_safe("".join(stukken))  # noqa: S308 -- every part is escaped above


def _kies_rij(request: HttpRequest, personen: list[Persoon]) -> Persoon | None:
    """The person chosen with "add a row" (?rij=<id>), if they are of this Netwerk."""
    try:
        pk = int(request.GET.get("rij", ""))
    except ValueError:
        return None
    return next((p for p in personen if p.pk == pk), None)


def _ondersteuning_context(
    toegang: Toegang, personen: list[Persoon], extra: set[int], form: OndersteuningForm | None
) -> dict:
    cellen: dict[tuple[int, str], Ondersteuning] = {}
    by_pk = {p.pk: p for p in personen}
    for cel in Ondersteuning.objects.filter(netwerk=toegang.netwerk):
        if cel.persoon_id in by_pk:
            cel.persoon = by_pk[cel.persoon_id]
            cellen[cel.persoon_id, cel.domein] = cel
    helpers = {pk for pk, _domein in cellen} | extra
    domeinen = Ondersteuning.Domein.choices
    mag_wijzigen = toegang.mag(Recht.KOMPAS_WIJZIGEN)
    rijen = [
        Rij(
            p,
            [Cel(d, str(label), cellen.get((p.pk, d)), mag_wijzigen) for d, label in domeinen],
        )
        for p in personen
        if p.pk in helpers
    ]
    netwerk_rijen = [r for r in rijen if not r.persoon.is_professional]
    professional_rijen = [r for r in rijen if r.persoon.is_professional]
    per_domein = [
        DomeinKaart(
            d,
            label,
            [r.cellen[i].ondersteuning for r in netwerk_rijen if r.cellen[i].ondersteuning],
            [r.cellen[i].ondersteuning for r in professional_rijen if r.cellen[i].ondersteuning],
            mag_wijzigen,
        )
        for i, (d, label) in enumerate(domeinen)
    ]
    return {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "domeinen": domeinen,
        "netwerk_rijen": netwerk_rijen,
        "professional_rijen": professional_rijen,
        "per_domein": per_domein,
        "lege_domeinen": [k for k in per_domein if k.leeg],
        "andere_personen": [p for p in personen if p.pk not in helpers],
        "form": form,
        "mag_wijzigen": mag_wijzigen,
        "kaart_url": reverse("netwerkkompas:ondersteuning", args=[toegang.netwerk.pk]),
    }


@login_required
@vary_on_headers("HX-Request")
def ondersteuning(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """Who supports in which life domain, as a grid (and per domain on a phone)."""
    toegang = access_netwerk(
        request, netwerk_id, Recht.NETWERK_BEKIJKEN, schrijven=Recht.KOMPAS_WIJZIGEN
    )
    netwerk = toegang.netwerk
    personen = _personen(toegang)
    extra: set[int] = set()
    rij = _kies_rij(request, personen)
    if rij is not None:
        extra.add(rij.pk)
    form = None
    melding = ""
    if toegang.mag(Recht.KOMPAS_WIJZIGEN):
        form = OndersteuningForm(request.POST or None, personen=personen)
        if request.method == "POST" and form.is_valid():
            cel, uitkomst = form.save(netwerk)
            teksten = {
                "toegevoegd": _("%(naam)s helpt nu bij %(domein)s."),
                "bijgewerkt": _("De uitleg bij %(naam)s en %(domein)s is opgeslagen."),
                "weggehaald": _("%(naam)s staat niet meer bij %(domein)s."),
                # A second tap, or an old page: it already was as asked.
                "": _("Dat stond al zo: %(naam)s bij %(domein)s."),
            }
            melding = teksten[uitkomst] % {
                "naam": cel.persoon.naam,
                "domein": cel.get_domein_display().lower(),
            }
            if not request.htmx:
                messages.success(request, melding)
                url = reverse("netwerkkompas:ondersteuning", args=[netwerk.pk])
                return redirect(f"{url}?rij={cel.persoon_id}")
            # The row stays under the finger, also when its last mark was just taken away.
            extra.add(cel.persoon_id)
            form = OndersteuningForm(personen=personen, initial={"persoon": cel.persoon_id})
    context = _ondersteuning_context(toegang, personen, extra, form)
    context["melding"] = melding
    template = "netwerkkompas/ondersteuning.html"
    if request.htmx and melding and request.POST.get("alleen_rij"):
        # A tap in a row (or a card's ×) changes that row and one domain: answer with
        # those, not the whole grid of every helper (17 KB at 150 people).
        rijen = context["netwerk_rijen"] + context["professional_rijen"]
        context["rij"] = next(r for r in rijen if r.persoon.pk == cel.persoon_id)
        context["getikt_kaart"] = next(k for k in context["per_domein"] if k.domein == cel.domein)
        response = render(request, template + "#rij_getikt", context)
        return reswap(retarget(response, "#ondersteuning-melding"), "outerHTML")
    if request.htmx:
        template += "#kaart"
    return render(request, template, context)


# --- Rondje positief --------------------------------------------------------------------


def _eigen_compliment(user, compliment: Compliment | None) -> bool:
    return compliment is not None and compliment.auteur_id == user.pk


def mag_compliment_weghalen(toegang: Toegang, user, compliment: Compliment) -> bool:
    """The kompas's editors and the one who wrote it."""
    if toegang.mag(Recht.KOMPAS_WIJZIGEN):
        return True
    return toegang.mag(Recht.ZELF_BIJDRAGEN) and _eigen_compliment(user, compliment)


def _compliment_form(toegang: Toegang, personen: list[Persoon], data=None):
    if not toegang.mag(Recht.ZELF_BIJDRAGEN):
        return None
    if toegang.mag(Recht.KOMPAS_WIJZIGEN):
        # Writing down what someone else said ("Opa zei: …") at a meeting.
        eigen = toegang.persoon
        return ComplimentForm(data, personen=personen, initial={"van": eigen.pk if eigen else None})
    return ComplimentForm(data)


def _positief_response(
    request: HttpRequest,
    toegang: Toegang,
    personen: list[Persoon],
    form: ComplimentForm | None,
    toegevoegd: Compliment | None = None,
    *,
    oob_form: bool = False,
) -> HttpResponse:
    by_pk = {p.pk: p for p in personen}
    complimenten = list(Compliment.objects.filter(netwerk=toegang.netwerk).order_by("-created"))
    for compliment in complimenten:
        compliment.spreker = by_pk.get(compliment.van_id)
        compliment.mag_weg = mag_compliment_weghalen(toegang, request.user, compliment)
    hoofdpersoon = _hoofdpersoon(personen)
    context = {
        "toegang": toegang,
        "netwerk": toegang.netwerk,
        "voornaam": hoofdpersoon.naam.split()[0] if hoofdpersoon and hoofdpersoon.naam else "",
        "complimenten": complimenten,
        "form": form,
        "toegevoegd": toegevoegd,
        "oob_form": oob_form,
    }
    template = "netwerkkompas/rondje_positief.html"
    if request.htmx:
        template += "#complimenten"
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
def rondje_positief(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The good things people say about the person; everyone adds theirs."""
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.ZELF_BIJDRAGEN,
        actie=Actie.CREATE,
    )
    personen = _personen(toegang)
    form = _compliment_form(toegang, personen, request.POST if request.method == "POST" else None)
    toegevoegd = None
    if form is not None and form.is_bound and form.is_valid():
        toegevoegd = form.save_for(toegang.netwerk, toegang.persoon, request.user)
        if not request.htmx:
            messages.success(request, _("Dank je wel! Je woorden staan in het rondje positief."))
            return redirect("netwerkkompas:rondje_positief", toegang.netwerk.pk)
        form = _compliment_form(toegang, personen)
        if "van" in form.fields:
            form.initial["van"] = toegevoegd.van_id
    return _positief_response(
        request, toegang, personen, form, toegevoegd, oob_form=request.method == "POST"
    )


@login_required
@require_POST
def compliment_verwijderen(
    request: HttpRequest, netwerk_id: int, compliment_id: int
) -> HttpResponse:
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.KOMPAS_WIJZIGEN,
        of=Recht.ZELF_BIJDRAGEN,
        eigen=lambda t: _eigen_compliment(
            request.user, Compliment.objects.filter(netwerk=t.netwerk, pk=compliment_id).first()
        ),
        actie=Actie.DELETE,
    )
    compliment = get_object_or_404(
        Compliment.objects.filter(netwerk=toegang.netwerk), pk=compliment_id
    )
    compliment.delete()
    if request.htmx:
        return _positief_response(request, toegang, _personen(toegang), None)
    messages.success(request, _("Het compliment is weggehaald."))
    return redirect("netwerkkompas:rondje_positief", toegang.netwerk.pk)

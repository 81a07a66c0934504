"""Wie nodigen we uit: who comes to the beraad, their personal links, answers and agenda.

The person, with self-chosen supporters and the facilitator (Recht.BERAAD_VOORBEREIDEN),
picks the invitees from the groslijst and may deliberately not invite someone. Why
someone is not invited is read only by the hoofdpersoon and the facilitator
(Recht.REDEN_BEKIJKEN): for everyone else the reason is not even loaded.

Invitees answer through a personal link without a login ("/b/<token>/"). Opening the
link never changes anything (chat apps fetch it for a preview); only the tap on the
answer does. Only a hash of the token is stored, and a new link replaces the old one.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sonestra.core.access import Actie, Toegang, access_netwerk, log
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from .. import ics
from ..forms.uitnodigen import (
    ANTWOORD_LABELS,
    GEEN_ANTWOORD,
    AntwoordForm,
    GenodigdeForm,
    KiesGenodigdenForm,
    NietUitnodigenForm,
    stand_van,
)
from ..models import Beraad, Genodigde, Voorwaarde, Vraag
from ..toegang import beraad_van

logger = logging.getLogger(__name__)

# --- Words about the beraad, shared by the pages, the e-mail and the agenda -------------

# "Marieke nodigt je uit voor haar FamilieNetwerkBeraad": whole sentences per case, so a
# translation can get every one of them right.
_UITNODIGER = {
    (Persoon.Geslacht.VROUW, False): gettext_lazy(
        "%(naam)s nodigt je uit voor haar FamilieNetwerkBeraad"
    ),
    (Persoon.Geslacht.VROUW, True): gettext_lazy("%(naam)s nodigt je uit voor haar vervolgberaad"),
    (Persoon.Geslacht.MAN, False): gettext_lazy(
        "%(naam)s nodigt je uit voor zijn FamilieNetwerkBeraad"
    ),
    (Persoon.Geslacht.MAN, True): gettext_lazy("%(naam)s nodigt je uit voor zijn vervolgberaad"),
    ("", False): gettext_lazy("%(naam)s nodigt je uit voor een FamilieNetwerkBeraad"),
    ("", True): gettext_lazy("%(naam)s nodigt je uit voor een vervolgberaad"),
}


def voornaam(persoon: Persoon | None) -> str:
    if persoon is None or not persoon.naam.split():
        return ""
    return persoon.naam.split()[0]


def hoofdpersoon_van(netwerk_id: int) -> Persoon | None:
    return (
        Persoon.objects.filter(netwerk_id=netwerk_id, is_hoofdpersoon=True).order_by("pk").first()
    )


def uitnodiger_zin(hoofdpersoon: Persoon | None, beraad: Beraad) -> str:
    """Who invites, in one sentence: "Marieke nodigt je uit voor haar FamilieNetwerkBeraad"."""
    vervolg = beraad.vorige_id is not None
    naam = voornaam(hoofdpersoon)
    if not naam:
        if vervolg:
            return _("Je bent uitgenodigd voor een vervolgberaad")
        return _("Je bent uitgenodigd voor een FamilieNetwerkBeraad")
    geslacht = hoofdpersoon.geslacht
    if geslacht not in (Persoon.Geslacht.VROUW, Persoon.Geslacht.MAN):
        geslacht = ""
    return str(_UITNODIGER[(geslacht, vervolg)]) % {"naam": naam}


def agenda_titel(hoofdpersoon: Persoon | None, beraad: Beraad) -> str:
    """ "FamilieNetwerkBeraad van Marieke", for the agenda and the e-mail."""
    naam = voornaam(hoofdpersoon)
    if not naam:
        return str(beraad.titel)
    return _("%(beraad)s van %(naam)s") % {"beraad": beraad.titel, "naam": naam}


def wanneer_tekst(beraad: Beraad) -> str:
    """ "dinsdag 8 december, 19.00 – 21.30 uur" in the reader's language; "" without a date."""
    tijden = ics.tijden(beraad)
    if tijden is None:
        return ""
    start, eind = tijden
    nu = timezone.localtime()
    dag_formaat = "l j F" if start.year == nu.year else "l j F Y"
    dag = formats.date_format(start, dag_formaat)
    van = formats.time_format(start, "H.i")
    if beraad.eindtijd is None:
        return _("%(dag)s, %(van)s uur") % {"dag": dag, "van": van}
    tot = formats.time_format(eind, "H.i")
    return _("%(dag)s, %(van)s – %(tot)s uur") % {"dag": dag, "van": van, "tot": tot}


def _beschrijving(vragen: list[Vraag], link: str, link_uitleg: str) -> str:
    regels = []
    if vragen:
        regels.append(_("De vragen voor het beraad:"))
        regels.extend(f"• {vraag.tekst}" for vraag in vragen)
    if link:
        regels.extend(["", link_uitleg, link])
    return "\n".join(regels).strip()


def _ics_response(beraad: Beraad, hoofdpersoon: Persoon | None, beschrijving: str, url: str):
    inhoud = ics.agenda(
        beraad,
        samenvatting=agenda_titel(hoofdpersoon, beraad),
        beschrijving=beschrijving,
        url=url,
    )
    response = HttpResponse(inhoud, content_type=ics.CONTENT_TYPE)
    naam = ics.bestandsnaam(beraad, voornaam(hoofdpersoon))
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


# --- Wie nodigen we uit? -------------------------------------------------------------------

# Groups of the groslijst to pick from: the person's own people first, professionals last.
_SOORT_VOLGORDE = [
    Persoon.Soort.FAMILIE,
    Persoon.Soort.VRIENDEN,
    Persoon.Soort.BUURT,
    Persoon.Soort.SCHOOL_WERK,
    Persoon.Soort.VRIJWILLIGER,
    "",
    Persoon.Soort.PROFESSIONAL,
]
_ZONDER_SOORT = gettext_lazy("Anderen")

# The overview per answer: who comes first, who does not last.
_ANTWOORD_GROEPEN = [
    (Genodigde.Antwoord.KOMT, gettext_lazy("Komen")),
    (Genodigde.Antwoord.MISSCHIEN, gettext_lazy("Misschien")),
    ("", GEEN_ANTWOORD),
    (Genodigde.Antwoord.KOMT_NIET, gettext_lazy("Komen niet")),
]


@dataclass
class Keuze:
    """One person in the list to pick from."""

    persoon: Persoon
    aangevinkt: bool
    genodigde: Genodigde | None

    @property
    def bewust_niet(self) -> bool:
        return self.genodigde is not None and not self.genodigde.uitgenodigd

    @property
    def antwoord_label(self) -> str:
        if self.genodigde is None or not self.genodigde.antwoord:
            return ""
        return str(ANTWOORD_LABELS.get(self.genodigde.antwoord, self.genodigde.antwoord))


@dataclass
class Groep:
    label: str
    keuzes: list[Keuze]


def _kiesbaar(netwerk):
    """Who can be invited: anyone in the groslijst but the hoofdpersoon and the deceased.

    People from the past (tijd=verleden) are here too: a beraad is a moment to ask
    someone back.
    """
    return Persoon.objects.in_netwerk(netwerk).filter(is_hoofdpersoon=False, overleden=False)


def _kies_groepen(personen: list[Persoon], per_persoon: dict, aangevinkt: set[int]) -> list[Groep]:
    per_soort: dict[str, list[Keuze]] = {soort: [] for soort in _SOORT_VOLGORDE}
    for persoon in personen:
        soort = persoon.soort if persoon.soort in per_soort else ""
        per_soort[soort].append(
            Keuze(persoon, persoon.pk in aangevinkt, per_persoon.get(persoon.pk))
        )
    groepen = []
    for soort, keuzes in per_soort.items():
        if keuzes:
            keuzes.sort(key=lambda k: (k.persoon.naam.casefold(), k.persoon.pk))
            label = _label_soort(soort)
            groepen.append(Groep(label, keuzes))
    return groepen


def _label_soort(soort: str) -> str:
    if soort == Persoon.Soort.PROFESSIONAL:
        return _("Professionals")
    if not soort:
        return str(_ZONDER_SOORT)
    return Persoon.Soort(soort).label


@transaction.atomic
def do_kies_genodigden(beraad: Beraad, gekozen: set[int], getoond: set[int]) -> tuple:
    """Save what changed in the ticks: returns (added, taken off, kept because answered).

    Someone who already answered stays on the list when un-ticked: removing them takes
    an explicit step on their own page, so an answer is never lost by a stray tap.
    """
    bestaand = {
        g.persoon_id: g for g in Genodigde.objects.filter(beraad=beraad).select_related("persoon")
    }
    nieuw = [
        Genodigde(netwerk_id=beraad.netwerk_id, beraad=beraad, persoon_id=persoon_id)
        for persoon_id in sorted(gekozen - bestaand.keys())
    ]
    # Two people saving at once: the unique constraint keeps one row per person.
    Genodigde.objects.bulk_create(nieuw, ignore_conflicts=True)
    uit = [
        g
        for persoon_id, g in bestaand.items()
        if persoon_id in getoond and persoon_id not in gekozen and g.uitgenodigd
    ]
    blijven = [g for g in uit if g.antwoord]
    weg = [g for g in uit if not g.antwoord]
    # An answer that came in just now still counts: only rows without one go.
    verwijderd, _per_model = Genodigde.objects.filter(
        pk__in=[g.pk for g in weg], antwoord=""
    ).delete()
    return len(nieuw), verwijderd, blijven


@transaction.atomic
def do_niet_uitnodigen(beraad: Beraad, persoon: Persoon, reden: str | None) -> Genodigde:
    """Mark someone as deliberately not invited. Their link stops working, their answer goes.

    `reden` None keeps the reason as it was (the role cannot see it).
    """
    genodigde, _nieuw = Genodigde.objects.get_or_create(
        beraad=beraad,
        persoon=persoon,
        defaults={"netwerk_id": beraad.netwerk_id, "uitgenodigd": False, "reden": reden or ""},
    )
    velden = ["uitgenodigd", "antwoord", "opmerking", "beantwoord", "token_hash", "link_gemaakt"]
    genodigde.uitgenodigd = False
    genodigde.antwoord = genodigde.opmerking = ""
    genodigde.beantwoord = genodigde.token_hash = genodigde.link_gemaakt = None
    if reden is not None:
        genodigde.reden = reden
        velden.append("reden")
    genodigde.save(update_fields=velden)
    return genodigde


def _genodigden_qs(toegang: Toegang, beraad: Beraad):
    qs = Genodigde.objects.filter(beraad=beraad, netwerk=toegang.netwerk).select_related("persoon")
    if not toegang.mag(Recht.BERAAD_VOORBEREIDEN):
        # Network members and professionals see who is invited, not who is not.
        qs = qs.filter(uitgenodigd=True)
    if not toegang.mag(Recht.REDEN_BEKIJKEN):
        qs = qs.defer("reden")
    return qs


def _afgerond_melding(request: HttpRequest) -> None:
    messages.error(
        request,
        _("Dit beraad is afgerond. Wie er kwam en wat zij antwoordden, kan niet meer veranderen."),
    )


@login_required
def genodigden(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.NETWERK_BEKIJKEN,
        schrijven=Recht.BERAAD_VOORBEREIDEN,
        actie=Actie.UPDATE,
    )
    beraad = beraad_van(toegang, beraad_id)
    netwerk = toegang.netwerk
    lijst_url = reverse("beraad:genodigden", args=[netwerk.pk, beraad.pk])
    mag_voorbereiden = toegang.mag(Recht.BERAAD_VOORBEREIDEN)
    mag_reden = toegang.mag(Recht.REDEN_BEKIJKEN)

    kies_form = niet_form = None
    if mag_voorbereiden:
        kiesbaar = _kiesbaar(netwerk)
        actie = request.POST.get("actie") if request.method == "POST" else None
        kies_form = KiesGenodigdenForm(
            request.POST if actie == "kiezen" else None, kiesbaar=kiesbaar
        )
        niet_form = NietUitnodigenForm(
            request.POST if actie == "niet_uitnodigen" else None,
            kiesbaar=kiesbaar,
            mag_reden=mag_reden,
        )
        if request.method == "POST":
            if beraad.is_afgerond:
                _afgerond_melding(request)
                return redirect(lijst_url)
            if actie == "kiezen" and kies_form.is_valid():
                erbij, eraf, blijven = do_kies_genodigden(
                    beraad,
                    {p.pk for p in kies_form.cleaned_data["personen"]},
                    kies_form.cleaned_data["getoond"],
                )
                _meld_keuze(request, erbij, eraf, blijven)
                if erbij or eraf:
                    beraad.tik()
                return redirect(lijst_url)
            if actie == "niet_uitnodigen" and niet_form.is_valid():
                persoon = niet_form.cleaned_data["persoon"]
                reden = niet_form.cleaned_data.get("reden") if mag_reden else None
                do_niet_uitnodigen(beraad, persoon, reden)
                beraad.tik()
                messages.success(
                    request,
                    _("%(naam)s staat bij de mensen die jullie bewust niet uitnodigen.")
                    % {"naam": persoon.naam},
                )
                return redirect(lijst_url)
            if actie not in ("kiezen", "niet_uitnodigen"):
                messages.error(request, _("Er ging iets mis. Probeer het nog een keer."))
                return redirect(lijst_url)

    alle = list(_genodigden_qs(toegang, beraad))
    uitgenodigd = [g for g in alle if g.uitgenodigd]
    niet_uitgenodigd = [g for g in alle if not g.uitgenodigd]
    per_antwoord: dict[str, list[Genodigde]] = {sleutel: [] for sleutel, _l in _ANTWOORD_GROEPEN}
    for g in uitgenodigd:
        per_antwoord.get(g.antwoord, per_antwoord[""]).append(g)
    antwoord_groepen = [
        (sleutel, label, per_antwoord[sleutel]) for sleutel, label in _ANTWOORD_GROEPEN
    ]

    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "beraad": beraad,
        "antwoord_groepen": antwoord_groepen,
        "aantal_uitgenodigd": len(uitgenodigd),
        "niet_uitgenodigd": niet_uitgenodigd if mag_voorbereiden else None,
        "mag_voorbereiden": mag_voorbereiden and not beraad.is_afgerond,
        "toon_details": mag_voorbereiden,
        "mag_reden": mag_reden,
        "kies_form": kies_form,
        "niet_form": niet_form,
        "wanneer": wanneer_tekst(beraad),
    }
    if mag_voorbereiden:
        personen = list(Persoon.objects.in_netwerk(netwerk))
        per_persoon = {g.persoon_id: g for g in alle}
        if kies_form.is_bound:
            aangevinkt = {int(v) for v in kies_form.data.getlist("personen") if v.isdigit()}
            getoond = kies_form.data.getlist("getoond")
        else:
            aangevinkt = {g.persoon_id for g in uitgenodigd}
            getoond = sorted(aangevinkt)
        kiesbare = [p for p in personen if not p.is_hoofdpersoon and not p.overleden]
        al_niet = {g.persoon_id for g in niet_uitgenodigd}
        context.update(
            {
                "hoofdpersonen": [p for p in personen if p.is_hoofdpersoon],
                "kies_groepen": _kies_groepen(kiesbare, per_persoon, aangevinkt),
                "getoond": getoond,
                # Not yet marked: who can still be put on the not-invited list.
                "niet_keuzes": sorted(
                    (p for p in kiesbare if p.pk not in al_niet),
                    key=lambda p: (p.is_professional, p.naam.casefold()),
                ),
            }
        )
    return render(request, "beraad/genodigden.html", context)


def _meld_keuze(request: HttpRequest, erbij: int, eraf: int, blijven: list[Genodigde]) -> None:
    if erbij or eraf:
        delen = []
        if erbij:
            delen.append(
                ngettext("%(n)d persoon erbij", "%(n)d mensen erbij", erbij) % {"n": erbij}
            )
        if eraf:
            delen.append(ngettext("%(n)d persoon eraf", "%(n)d mensen eraf", eraf) % {"n": eraf})
        messages.success(request, _("De lijst is opgeslagen: %(wat)s.") % {"wat": ", ".join(delen)})
    elif not blijven:
        messages.info(request, _("Er is niets veranderd aan de lijst."))
    if blijven:
        namen = ", ".join(g.persoon.naam for g in blijven)
        messages.warning(
            request,
            ngettext(
                "%(namen)s heeft al geantwoord en staat nog op de lijst. Wil je toch iemand "
                "eraf halen? Kies dan 'Wijzigen' bij de naam.",
                "%(namen)s hebben al geantwoord en staan nog op de lijst. Wil je toch iemand "
                "eraf halen? Kies dan 'Wijzigen' bij de naam.",
                len(blijven),
            )
            % {"namen": namen},
        )


# --- One invitee ---------------------------------------------------------------------------


def _genodigde_van(toegang: Toegang, beraad: Beraad, genodigde_id: int) -> Genodigde:
    return get_object_or_404(_genodigden_qs(toegang, beraad), pk=genodigde_id)


@login_required
def genodigde(
    request: HttpRequest, netwerk_id: int, beraad_id: int, genodigde_id: int
) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN, actie=Actie.UPDATE)
    beraad = beraad_van(toegang, beraad_id)
    gekozen = _genodigde_van(toegang, beraad, genodigde_id)
    lijst_url = reverse("beraad:genodigden", args=[toegang.netwerk.pk, beraad.pk])
    mag_reden = toegang.mag(Recht.REDEN_BEKIJKEN)
    # As stored, before the form writes the user's choices onto the instance.
    was = {
        "uitgenodigd": gekozen.uitgenodigd,
        "antwoord": gekozen.antwoord,
        "opmerking": gekozen.opmerking,
        "stand": stand_van(gekozen),
        "antwoord_label": ANTWOORD_LABELS.get(gekozen.antwoord, GEEN_ANTWOORD),
    }
    naam = gekozen.persoon.naam
    form = GenodigdeForm(request.POST or None, instance=gekozen, mag_reden=mag_reden)
    conflict = False
    if request.method == "POST":
        if beraad.is_afgerond:
            _afgerond_melding(request)
            return redirect(lijst_url)
        if "verwijderen" in request.POST:
            gekozen.delete()
            beraad.tik()
            messages.success(request, _("%(naam)s staat niet meer op de lijst.") % {"naam": naam})
            return redirect(lijst_url)
        if form.is_valid():
            data = form.cleaned_data
            antwoord_anders = (data["antwoord"], data["opmerking"]) != (
                was["antwoord"],
                was["opmerking"],
            )
            gezien = data.get("gezien")
            if gezien in ("0", "1") and (gezien == "1") != was["uitgenodigd"]:
                # Someone else chose "uitnodigen" or "bewust niet" while this page was open.
                conflict = True
                bijgewerkt = form.data.copy()
                bijgewerkt["gezien"] = "1" if was["uitgenodigd"] else "0"
                bijgewerkt["stand"] = was["stand"]
                form.data = bijgewerkt
                form.add_error(
                    None,
                    (
                        _("Iemand anders heeft %(naam)s intussen toch uitgenodigd.")
                        if was["uitgenodigd"]
                        else _(
                            "Iemand anders heeft intussen gekozen %(naam)s bewust niet uit "
                            "te nodigen."
                        )
                    )
                    % {"naam": naam}
                    + " "
                    + _("Er is niets veranderd. Kijk je keuze na en sla opnieuw op."),
                )
            elif data["uitgenodigd"] and antwoord_anders and data["stand"] != was["stand"]:
                # The invitee answered on their phone while this page was open.
                conflict = True
                bijgewerkt = form.data.copy()
                bijgewerkt["stand"] = was["stand"]
                form.data = bijgewerkt
                form.add_error(
                    None,
                    _(
                        "%(naam)s heeft intussen zelf geantwoord. Hierboven staat dat antwoord. "
                        "Jouw keuze staat nog in het formulier: kijk het na en sla opnieuw op."
                    )
                    % {"naam": naam},
                )
            else:
                _bewaar_genodigde(gekozen, was, mag_reden)
                beraad.tik()
                messages.success(request, _("%(naam)s is opgeslagen.") % {"naam": naam})
                return redirect(lijst_url)
    return render(
        request,
        "beraad/genodigde.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "beraad": beraad,
            "genodigde": gekozen,
            "naam": naam,
            "was": was,
            "form": form,
            "conflict": conflict,
            "mag_reden": mag_reden,
            "afgerond": beraad.is_afgerond,
        },
    )


def _bewaar_genodigde(gekozen: Genodigde, was: dict, mag_reden: bool) -> None:
    velden = ["uitgenodigd", "antwoord", "opmerking", "beantwoord"]
    if not gekozen.uitgenodigd:
        # Not invited: the link stops working and an earlier answer no longer applies.
        gekozen.antwoord = gekozen.opmerking = ""
        gekozen.beantwoord = gekozen.token_hash = gekozen.link_gemaakt = None
        velden += ["token_hash", "link_gemaakt"]
        if mag_reden:
            velden.append("reden")
    else:
        if not was["uitgenodigd"] or mag_reden:
            # Invited after all: the reason for not inviting no longer applies.
            gekozen.reden = ""
            velden.append("reden")
        if (gekozen.antwoord, gekozen.opmerking) != (was["antwoord"], was["opmerking"]):
            gekozen.beantwoord = timezone.now() if gekozen.antwoord else None
    gekozen.save(update_fields=velden)


# --- The personal link ---------------------------------------------------------------------


def _qr_svg(link: str) -> str:
    # Colours as SVG attributes, sizes from CSS: no style attribute, so the CSP allows it.
    return segno.make(link, error="m").svg_inline(
        scale=4, dark="#1b1b1b", omitsize=True, title=_("QR-code van de persoonlijke link")
    )


def _mail_link(genodigde: Genodigde, link: str, zin: str, wanneer: str, waar: str) -> bool:
    """Send the personal link by e-mail; False when the mail server refused it."""
    regels = [
        _("Hallo %(naam)s,") % {"naam": voornaam(genodigde.persoon) or genodigde.persoon.naam},
        "",
        f"{zin}.",
    ]
    if wanneer:
        regels.append(_("Wanneer: %(wanneer)s") % {"wanneer": wanneer})
    if waar:
        regels.append(_("Waar: %(waar)s") % {"waar": waar})
    regels += [
        "",
        _("Laat hier weten of je komt:"),
        link,
        "",
        _("Deze link is alleen voor jou. Stuur hem niet door."),
    ]
    try:
        send_mail(
            subject=zin,
            message="\n".join(regels) + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[genodigde.persoon.email],
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Uitnodiging voor beraad %s niet verstuurd", genodigde.beraad_id)
        return False
    return True


@login_required
@require_POST
def genodigde_link(
    request: HttpRequest, netwerk_id: int, beraad_id: int, genodigde_id: int
) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.BERAAD_VOORBEREIDEN, actie=Actie.UPDATE)
    beraad = beraad_van(toegang, beraad_id)
    gekozen = _genodigde_van(toegang, beraad, genodigde_id)
    netwerk = toegang.netwerk
    if beraad.is_afgerond:
        _afgerond_melding(request)
        return redirect("beraad:genodigden", netwerk.pk, beraad.pk)
    if not gekozen.uitgenodigd:
        messages.error(
            request,
            _("%(naam)s is niet uitgenodigd. Nodig eerst uit, maak dan een link.")
            % {"naam": gekozen.persoon.naam},
        )
        return redirect("beraad:genodigde", netwerk.pk, beraad.pk, gekozen.pk)

    # The link just shown, sent back to e-mail it too: only if it is still this person's.
    token = request.POST.get("token", "")
    gevonden = Genodigde.find(token) if token else None
    if gevonden is None or gevonden.pk != gekozen.pk:
        token = gekozen.new_token()
        gekozen.save(update_fields=["token_hash", "link_gemaakt"])

    hoofdpersoon = hoofdpersoon_van(netwerk.pk)
    link = Genodigde.url_for(token)
    zin = uitnodiger_zin(hoofdpersoon, beraad)
    wanneer = wanneer_tekst(beraad)
    gemaild = None
    if request.POST.get("mailen") and gekozen.persoon.email:
        gemaild = _mail_link(gekozen, link, zin, wanneer, beraad.waar)
    bericht = "\n".join(
        filter(
            None,
            [
                f"{zin}.",
                _("Wanneer: %(wanneer)s") % {"wanneer": wanneer} if wanneer else "",
                _("Laat hier weten of je komt: %(link)s") % {"link": link},
            ],
        )
    )
    return render(
        request,
        "beraad/genodigde_link.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "beraad": beraad,
            "genodigde": gekozen,
            "link": link,
            "token": token,
            "bericht": bericht,
            "qr_svg": _qr_svg(link),
            "gemaild": gemaild,
        },
    )


# --- The agenda, for logged-in participants -----------------------------------------------


@login_required
@require_safe
def agenda(request: HttpRequest, netwerk_id: int, beraad_id: int) -> HttpResponse:
    # The file leaves the app: logged as an export (E), one line.
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN, actie=Actie.EXPORT)
    beraad = beraad_van(toegang, beraad_id)
    if ics.tijden(beraad) is None:
        return render(
            request,
            "beraad/antwoord_geen_datum.html",
            {"toegang": toegang, "netwerk": toegang.netwerk, "beraad": beraad},
            status=404,
        )
    vragen = list(Vraag.objects.filter(beraad=beraad, netwerk=toegang.netwerk))
    url = settings.SITE_URL + beraad.get_absolute_url()
    beschrijving = _beschrijving(vragen, url, _("Meer over het beraad:"))
    return _ics_response(beraad, hoofdpersoon_van(toegang.netwerk.pk), beschrijving, url)


# --- The invitee's personal link, no login ------------------------------------------------


def publiek(view: Callable) -> Callable:
    """Headers for the pages behind a personal link, whatever they answer.

    The link is the key: it must not leak through a Referer, a search engine, or a
    shared cache. `strict-origin` sends at most "https://host/", never the path with the
    token. Not `no-referrer`: under that policy browsers send `Origin: null` with the
    page's own forms, and Django's CSRF check refuses the answer (and the language switch).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "strict-origin"
        patch_cache_control(response, no_store=True, private=True)
        return response

    return wrapped


def _vind(token: str) -> Genodigde | None:
    """The invitee behind a working link: invited, in a Netwerk that is not archived."""
    gevonden = Genodigde.find(token)
    if gevonden is None or gevonden.netwerk.gearchiveerd is not None:
        return None
    return gevonden


def _log_link(request: HttpRequest, actie: str, gekozen: Genodigde | None) -> None:
    # The token itself is never written to the log: it is the key to the answer.
    if gekozen is None:
        log(
            request,
            actie,
            toegestaan=False,
            onderwerp="beraad: link werkt niet",
            gebruikersnaam="link",
        )
        return
    log(
        request,
        actie,
        netwerk_id=gekozen.netwerk_id,
        onderwerp=f"beraad {gekozen.beraad_id}: persoonlijke link",
        gebruikersnaam=f"link: {gekozen.persoon.naam}"[:150],
    )


def _ongeldig(request: HttpRequest) -> HttpResponse:
    return render(request, "beraad/antwoord_ongeldig.html", status=404)


@publiek
@require_http_methods(["GET", "HEAD", "POST"])
def beraad_antwoord(request: HttpRequest, token: str) -> HttpResponse:
    gekozen = _vind(token)
    if gekozen is None:
        _log_link(request, Actie.UPDATE if request.method == "POST" else Actie.READ, None)
        return _ongeldig(request)
    beraad = gekozen.beraad
    # As stored: a form that does not validate puts what was typed on the instance.
    antwoord, opmerking = gekozen.antwoord, gekozen.opmerking
    form = AntwoordForm(instance=gekozen)
    if request.method == "POST" and not beraad.is_afgerond:
        form = AntwoordForm(request.POST, instance=gekozen)
        if form.is_valid():
            gekozen.beantwoord = timezone.now()
            gekozen.save(update_fields=["antwoord", "opmerking", "beantwoord"])
            beraad.tik()
            _log_link(request, Actie.UPDATE, gekozen)
            return redirect(reverse("beraad_antwoord", args=[token]) + "?bedankt=1#antwoord")
    # Opening the link (and a tap that did not save) only reads: chat apps fetch it too.
    _log_link(request, Actie.READ, gekozen)
    hoofdpersoon = hoofdpersoon_van(gekozen.netwerk_id)
    context = {
        "genodigde": gekozen,
        "beraad": beraad,
        "token": token,
        "hoofdpersoon": hoofdpersoon,
        "hoofdpersoon_naam": voornaam(hoofdpersoon),
        "zin": uitnodiger_zin(hoofdpersoon, beraad),
        "wanneer": wanneer_tekst(beraad),
        "form": form,
        "antwoord": antwoord,
        "antwoord_label": dict(Genodigde.Antwoord.choices).get(antwoord, ""),
        "opmerking": opmerking,
        "bedankt": request.GET.get("bedankt") == "1" and bool(antwoord),
    }
    if not beraad.is_afgerond:
        context["vragen"] = list(Vraag.objects.filter(beraad=beraad, netwerk_id=gekozen.netwerk_id))
        context["voorwaarden"] = list(
            Voorwaarde.objects.filter(beraad=beraad, netwerk_id=gekozen.netwerk_id).select_related(
                "persoon"
            )
        )
    return render(request, "beraad/antwoord.html", context)


@publiek
@require_safe
def beraad_antwoord_agenda(request: HttpRequest, token: str) -> HttpResponse:
    gekozen = _vind(token)
    _log_link(request, Actie.EXPORT, gekozen)
    if gekozen is None:
        return _ongeldig(request)
    beraad = gekozen.beraad
    if ics.tijden(beraad) is None:
        return render(
            request,
            "beraad/antwoord_geen_datum.html",
            {"beraad": beraad, "token": token},
            status=404,
        )
    vragen = list(Vraag.objects.filter(beraad=beraad, netwerk_id=gekozen.netwerk_id))
    link = Genodigde.url_for(token)
    beschrijving = _beschrijving(vragen, link, _("Je antwoord geven of veranderen:"))
    return _ics_response(beraad, hoofdpersoon_van(gekozen.netwerk_id), beschrijving, link)


urlpatterns = [
    path("<int:beraad_id>/genodigden/", genodigden, name="genodigden"),
    path("<int:beraad_id>/genodigden/<int:genodigde_id>/", genodigde, name="genodigde"),
    path(
        "<int:beraad_id>/genodigden/<int:genodigde_id>/link/",
        genodigde_link,
        name="genodigde_link",
    ),
    path("<int:beraad_id>/agenda.ics", agenda, name="agenda"),
]

antwoord_urlpatterns = [
    path("<str:token>/", beraad_antwoord, name="beraad_antwoord"),
    path("<str:token>/agenda.ics", beraad_antwoord_agenda, name="beraad_antwoord_agenda"),
]

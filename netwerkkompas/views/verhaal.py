"""Verhaal en perspectieven: the person's story, told once, and each member's own view.

Privacy is the point of this tool. Every story and perspective is read through
`zichtbaar_voor(toegang)`, the one access layer for these items, so nobody reads
anything the hoofdpersoon did not share with them; the author always reads their own.
What is not shared is not hinted at either: no text, no length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from sonestra.core.access import Toegang, access_netwerk
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht, Rol, Zichtbaarheid, zichtbaarheden_voor

from ..forms.verhaal import PerspectiefForm, VerhaalForm, ZichtbaarheidForm, eerste_woorden
from ..models import Perspectief, Verhaal

# Who reads an item now, in whole sentences, said to three kinds of reader:
# the hoofdpersoon ("ik"), the one who wrote it ("schrijver") and anyone else ("ander").
IK, SCHRIJVER, ANDER = "ik", "schrijver", "ander"

_KORT = {
    (IK, Zichtbaarheid.PRIVE): gettext_lazy("Alleen voor mij en de facilitator"),
    (ANDER, Zichtbaarheid.PRIVE): gettext_lazy("Alleen voor %(naam)s en de facilitator"),
    (IK, Zichtbaarheid.NETWERK): gettext_lazy("Voor mijn netwerk"),
    (ANDER, Zichtbaarheid.NETWERK): gettext_lazy("Voor het netwerk"),
    (IK, Zichtbaarheid.PROFESSIONALS): gettext_lazy("Voor mijn netwerk en de professionals"),
    (ANDER, Zichtbaarheid.PROFESSIONALS): gettext_lazy("Voor het netwerk en de professionals"),
}

_LEZERS = {
    (IK, Zichtbaarheid.PRIVE): gettext_lazy("Nu kunnen alleen jij en de facilitator dit lezen."),
    (IK, Zichtbaarheid.NETWERK): gettext_lazy(
        "Nu kunnen jij, je supporters, de mensen uit je netwerk en de facilitator dit lezen. "
        "Professionals niet."
    ),
    (IK, Zichtbaarheid.PROFESSIONALS): gettext_lazy(
        "Nu kunnen jij, je supporters, de mensen uit je netwerk, de facilitator en de "
        "professionals dit lezen."
    ),
    (SCHRIJVER, Zichtbaarheid.PRIVE): gettext_lazy(
        "Nu kunnen alleen jij, %(naam)s en de facilitator dit lezen."
    ),
    (SCHRIJVER, Zichtbaarheid.NETWERK): gettext_lazy(
        "Nu kunnen jij, %(naam)s, de supporters, de mensen uit het netwerk en de facilitator "
        "dit lezen. Professionals niet."
    ),
    (SCHRIJVER, Zichtbaarheid.PROFESSIONALS): gettext_lazy(
        "Nu kunnen jij, %(naam)s, het netwerk, de facilitator en de professionals dit lezen."
    ),
    (ANDER, Zichtbaarheid.PRIVE): gettext_lazy(
        "Nu kunnen alleen %(naam)s en de facilitator dit lezen."
    ),
    (ANDER, Zichtbaarheid.NETWERK): gettext_lazy(
        "Nu kunnen %(naam)s, de supporters, de mensen uit het netwerk en de facilitator dit "
        "lezen. Professionals niet."
    ),
    (ANDER, Zichtbaarheid.PROFESSIONALS): gettext_lazy(
        "Nu kunnen %(naam)s, het netwerk, de facilitator en de professionals dit lezen."
    ),
}


def voor_wie(niveau: str, naam: str, *, ik: bool) -> str:
    """The short badge: for whom this item is."""
    return _KORT[(IK if ik else ANDER, niveau)] % {"naam": naam}


def wie_leest(niveau: str, naam: str, lezer: str) -> str:
    """One sentence: who can read this item now."""
    return _LEZERS[(lezer, niveau)] % {"naam": naam}


def _hoofdpersoon(toegang: Toegang) -> Persoon | None:
    """The Netwerk's central person; for the hoofdpersoon themselves without a query."""
    if toegang.rol == Rol.HOOFDPERSOON and toegang.persoon:
        return toegang.persoon
    return Persoon.objects.in_netwerk(toegang.netwerk).filter(is_hoofdpersoon=True).first()


def _voornaam(persoon: Persoon | None) -> str:
    if persoon is None or not persoon.naam.split():
        return _("de hoofdpersoon")
    return persoon.naam.split()[0]


@dataclass
class Kijk:
    """One perspective as the verhaal page shows it."""

    perspectief: Perspectief
    naam: str
    persoon: Persoon | None
    initialen: str
    antwoorden: list[tuple[str, str]]
    voor_wie: str
    wie_leest: str
    erbij: str
    eigen: bool


def _schrijver(perspectief: Perspectief) -> tuple[str, Persoon | None, str]:
    """Name, person and initials of who wrote it: their Persoon, else their login."""
    if perspectief.persoon is not None:
        return perspectief.persoon.naam, perspectief.persoon, perspectief.persoon.initialen
    if perspectief.auteur is not None:
        naam = str(perspectief.auteur)
        return naam, None, Persoon(naam=naam).initialen
    return _("Iemand die niet meer meedoet"), None, "?"


def _kijk(perspectief: Perspectief, *, user_id: int, voornaam: str, ik: bool) -> Kijk:
    naam, persoon, initialen = _schrijver(perspectief)
    eigen = perspectief.auteur_id == user_id
    niveau = perspectief.zichtbaarheid
    # The hoofdpersoon sees who reads each item; a writer sees who reads their own.
    lezers, erbij = "", ""
    if ik:
        lezers = wie_leest(niveau, voornaam, IK)
        if not eigen:
            erbij = _("%(naam)s schreef dit zelf en kan het altijd lezen.") % {"naam": naam}
    elif eigen:
        lezers = wie_leest(niveau, voornaam, SCHRIJVER)
        erbij = _("%(naam)s beslist wie jouw kijk mag lezen.") % {"naam": voornaam}
    return Kijk(
        perspectief=perspectief,
        naam=naam,
        persoon=persoon,
        initialen=initialen,
        antwoorden=[
            (str(Perspectief._meta.get_field(vraag).verbose_name), getattr(perspectief, vraag))
            for vraag in PerspectiefForm.VRAGEN
            if getattr(perspectief, vraag).strip()
        ],
        voor_wie=voor_wie(niveau, voornaam, ik=ik),
        wie_leest=lezers,
        erbij=erbij,
        eigen=eigen,
    )


@login_required
@require_safe
def verhaal(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The story, if shared with me, and every perspective shared with me."""
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    netwerk = toegang.netwerk
    ik = toegang.rol == Rol.HOOFDPERSOON
    voornaam = _voornaam(_hoofdpersoon(toegang))
    het_verhaal = Verhaal.objects.zichtbaar_voor(toegang).first()
    kijken = [
        _kijk(p, user_id=request.user.pk, voornaam=voornaam, ik=ik)
        for p in Perspectief.objects.zichtbaar_voor(toegang)
        .select_related("persoon", "auteur")
        .order_by("-bijgewerkt", "-pk")
    ]
    context = {
        "toegang": toegang,
        "netwerk": netwerk,
        "ik": ik,
        "voornaam": voornaam,
        "verhaal": het_verhaal,
        "kijken": kijken,
        # Whoever reads private items would see the story if there were one.
        "leest_alles": Zichtbaarheid.PRIVE in zichtbaarheden_voor(toegang.rol),
        "heeft_eigen_kijk": any(k.eigen for k in kijken),
        "mag_verhaal": toegang.mag(Recht.VERHAAL_SCHRIJVEN),
        "mag_kijk": toegang.mag(Recht.PERSPECTIEF_SCHRIJVEN),
        "mag_zichtbaarheid": toegang.mag(Recht.ZICHTBAARHEID_BEPALEN),
    }
    if het_verhaal is not None:
        context["verhaal_voor_wie"] = voor_wie(het_verhaal.zichtbaarheid, voornaam, ik=ik)
        if ik:
            context["verhaal_wie_leest"] = wie_leest(het_verhaal.zichtbaarheid, voornaam, IK)
    return render(request, "netwerkkompas/verhaal.html", context)


@login_required
def verhaal_schrijven(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The person writes their story (or a facilitator writes it down with them)."""
    toegang = access_netwerk(request, netwerk_id, Recht.VERHAAL_SCHRIJVEN)
    netwerk = toegang.netwerk
    ik = toegang.rol == Rol.HOOFDPERSOON
    voornaam = _voornaam(_hoofdpersoon(toegang))
    zichtbaar = Verhaal.objects.zichtbaar_voor(toegang)
    bestaand = zichtbaar.first()
    form = VerhaalForm(
        request.POST if request.method == "POST" else None,
        instance=bestaand or Verhaal(netwerk=netwerk, auteur=request.user),
        mag_zichtbaarheid=toegang.mag(Recht.ZICHTBAARHEID_BEPALEN),
        hoofdpersoon=voornaam,
        eigen=ik,
    )
    if request.method == "POST" and form.is_valid() and form.opslaan(zichtbaar.first):
        if ik:
            messages.success(request, _("Je verhaal is opgeslagen."))
        else:
            messages.success(
                request,
                _("Het verhaal van %(naam)s is opgeslagen. %(naam)s beslist wie het mag lezen.")
                % {"naam": voornaam},
            )
        return redirect("netwerkkompas:verhaal", netwerk.pk)
    niveau = bestaand.zichtbaarheid if bestaand else Zichtbaarheid.PRIVE
    return render(
        request,
        "netwerkkompas/verhaal_schrijven.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "ik": ik,
            "voornaam": voornaam,
            "form": form,
            "wie_leest": wie_leest(niveau, voornaam, IK if ik else ANDER),
        },
    )


@login_required
def perspectief_schrijven(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """My own perspective, and only mine: found or made by this Netwerk and this login."""
    toegang = access_netwerk(request, netwerk_id, Recht.PERSPECTIEF_SCHRIJVEN)
    netwerk = toegang.netwerk
    ik = toegang.rol == Rol.HOOFDPERSOON
    voornaam = _voornaam(_hoofdpersoon(toegang))
    eigen = Perspectief.objects.zichtbaar_voor(toegang).filter(auteur=request.user)
    bestaand = eigen.first()
    persoon = toegang.persoon
    form = PerspectiefForm(
        request.POST if request.method == "POST" else None,
        instance=bestaand or Perspectief(netwerk=netwerk, auteur=request.user, persoon=persoon),
        hoofdpersoon=voornaam,
    )
    if request.method == "POST" and form.is_valid() and form.opslaan(eigen.first):
        messages.success(request, _("Je kijk is opgeslagen."))
        return redirect("netwerkkompas:verhaal", netwerk.pk)
    niveau = bestaand.zichtbaarheid if bestaand else Zichtbaarheid.PRIVE
    return render(
        request,
        "netwerkkompas/perspectief_schrijven.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "ik": ik,
            "voornaam": voornaam,
            "form": form,
            "nieuw": bestaand is None,
            "wie_leest": wie_leest(niveau, voornaam, IK if ik else SCHRIJVER),
        },
    )


@dataclass
class Keuze:
    """One item on the zichtbaarheid page, with its three choices."""

    veld: object
    titel: str
    woorden: str
    persoon: Persoon | None
    initialen: str
    # Who wrote it, when that is someone else: they always read their own.
    schrijver: str = ""


@login_required
def zichtbaarheid(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    """The hoofdpersoon decides, on one page, who may read the story and each perspective."""
    toegang = access_netwerk(request, netwerk_id, Recht.ZICHTBAARHEID_BEPALEN)
    netwerk = toegang.netwerk
    het_verhaal = Verhaal.objects.zichtbaar_voor(toegang).first()
    perspectieven = list(
        Perspectief.objects.zichtbaar_voor(toegang)
        .select_related("persoon", "auteur")
        .order_by("bijgewerkt", "pk")
    )
    form = ZichtbaarheidForm(
        request.POST if request.method == "POST" else None,
        verhaal=het_verhaal,
        perspectieven=perspectieven,
    )
    if request.method == "POST" and form.is_valid():
        overgeslagen = 0
        for (model, gezien, niveau), pks in form.wijzigingen().items():
            # Through the access layer once more, and only where the level is still the
            # one the page showed; the version moves on for open edit forms.
            bijgewerkt = (
                model.objects.zichtbaar_voor(toegang)
                .filter(pk__in=pks, zichtbaarheid=gezien)
                .update(zichtbaarheid=niveau, versie=F("versie") + 1)
            )
            overgeslagen += len(pks) - bijgewerkt
        if overgeslagen:
            messages.warning(
                request,
                _(
                    "Intussen is op een andere plek ook iets veranderd aan wie wat mag lezen. "
                    "Dat hebben we niet overschreven. Kijk hieronder hoe het nu staat."
                ),
            )
            return redirect("netwerkkompas:zichtbaarheid", netwerk.pk)
        messages.success(request, _("Opgeslagen. Hieronder zie je wie nu wat kan lezen."))
        return redirect("netwerkkompas:verhaal", netwerk.pk)

    keuzes = []
    if het_verhaal is not None:
        hp = toegang.persoon
        keuzes.append(
            Keuze(
                veld=form["verhaal"],
                titel=_("Mijn verhaal"),
                woorden=eerste_woorden(het_verhaal.tekst),
                persoon=hp,
                initialen=hp.initialen if hp else "?",
            )
        )
    for perspectief in perspectieven:
        naam, persoon, initialen = _schrijver(perspectief)
        eigen = perspectief.auteur_id == request.user.pk
        titel = _("Mijn kijk") if eigen else _("De kijk van %(naam)s") % {"naam": naam}
        keuzes.append(
            Keuze(
                veld=form[f"perspectief-{perspectief.pk}"],
                titel=titel,
                woorden=eerste_woorden(*(getattr(perspectief, v) for v in PerspectiefForm.VRAGEN)),
                persoon=persoon,
                initialen=initialen,
                schrijver="" if eigen else naam,
            )
        )
    return render(
        request,
        "netwerkkompas/zichtbaarheid.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form, "keuzes": keuzes},
    )

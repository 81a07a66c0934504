"""Wie heeft mijn gegevens bekeken: the access log of one Netwerk, for its hoofdpersoon.

Every line of the log that names this Netwerk, refusals included, newest first, fifty to
a page, in plain words. The page costs the same number of queries whatever the size of
the log: the people in it are looked up once (names from the groslijst through their
Deelname), the lines of one page once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from sonestra.core.access import access_netwerk
from sonestra.core.models import Deelname, Toegangslog, User
from sonestra.core.roles import Recht, Rol

from .. import logboek_tekst

PER_PAGINA = 50


@dataclass(frozen=True)
class Wie:
    """Someone who appears in the log, as the hoofdpersoon knows them."""

    user_id: int
    naam: str
    rol: str  # their role in this Netwerk, in words ("" when they have none)


def mensen_in_log(netwerk_id: int) -> dict[int, Wie]:
    """Everyone with a login who appears in this Netwerk's log, in one query.

    Their name is the one in the groslijst when their Deelname (now or earlier) names a
    Persoon, else the name of their login.
    """
    deelnames = Deelname.objects.filter(netwerk_id=netwerk_id, user=OuterRef("pk")).order_by(
        "beeindigd", "-created"
    )
    users = (
        User.objects.filter(
            pk__in=Toegangslog.objects.filter(netwerk_ref=netwerk_id, user__isnull=False).values(
                "user_id"
            )
        )
        .annotate(
            persoon_naam=Subquery(
                deelnames.filter(persoon__isnull=False).values("persoon__naam")[:1]
            ),
            deelname_rol=Subquery(deelnames.values("rol")[:1]),
        )
        .only("pk", "username", "first_name", "last_name", "is_coordinator")
    )
    mensen = {}
    for user in users:
        naam = user.persoon_naam or user.get_full_name() or user.username
        rol = user.deelname_rol or (Rol.COORDINATOR if user.is_coordinator else "")
        mensen[user.pk] = Wie(user.pk, naam, logboek_tekst.rol_woorden(rol))
    return dict(sorted(mensen.items(), key=lambda item: item[1].naam.casefold()))


class FilterForm(forms.Form):
    wie = forms.TypedChoiceField(
        label=gettext_lazy("Laat zien van wie"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": gettext_lazy("Kies iemand uit de lijst.")},
    )

    def __init__(self, *args, mensen: dict[int, Wie], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wie"].choices = [("", _("Iedereen"))] + [
            (wie.user_id, f"{wie.naam} ({wie.rol})" if wie.rol else wie.naam)
            for wie in mensen.values()
        ]


@dataclass(frozen=True)
class Regel:
    """One line of the log in words."""

    tijd: datetime
    naam: str
    rol: str
    gedaan: str
    doen: str
    onderdeel: str
    geweigerd: bool


def _regel(line: Toegangslog, mensen: dict[int, Wie]) -> Regel:
    wie = mensen.get(line.user_id) if line.user_id else None
    if wie is not None:
        naam = wie.naam
    elif line.gebruikersnaam.startswith("link: "):
        # Someone who answered the beraad's invitation by their personal link.
        naam = line.gebruikersnaam.removeprefix("link: ")
    else:
        naam = _("Iemand zonder eigen login")
    wat = logboek_tekst.wat(line.actie, line.onderwerp)
    return Regel(
        tijd=line.tijd,
        naam=naam,
        # The role they had at that moment, as the log wrote it down.
        rol=logboek_tekst.rol_woorden(line.rol),
        gedaan=wat.gedaan,
        doen=wat.doen,
        onderdeel=wat.onderdeel,
        geweigerd=line.uitkomst == Toegangslog.Uitkomst.GEWEIGERD,
    )


@login_required
@require_safe
def logboek(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    # Reading the log is itself a read of the Netwerk's data: logged like any other.
    toegang = access_netwerk(request, netwerk_id, Recht.PRIVACY_BEHEREN)
    netwerk = toegang.netwerk
    mensen = mensen_in_log(netwerk.pk)
    form = FilterForm(request.GET or None, mensen=mensen)
    regels = Toegangslog.objects.filter(netwerk_ref=netwerk.pk).only(
        "tijd", "actie", "user_id", "gebruikersnaam", "rol", "uitkomst", "onderwerp"
    )
    gekozen = None
    if form.is_valid() and form.cleaned_data["wie"] is not None:
        gekozen = mensen[form.cleaned_data["wie"]]
        regels = regels.filter(user_id=gekozen.user_id)
    pagina = Paginator(regels.order_by("-tijd", "-pk"), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    # Keeps the chosen person when paging.
    filter_query = f"wie={gekozen.user_id}&" if gekozen else ""
    return render(
        request,
        "privacy/logboek.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "form": form,
            "gekozen": gekozen,
            "pagina": pagina,
            "regels": [_regel(line, mensen) for line in pagina.object_list],
            "filter_query": filter_query,
        },
    )


urlpatterns = [
    path("logboek/", logboek, name="logboek"),
]

"""Verwijderen: the hoofdpersoon erases the whole Netwerk, after typing its name.

GET shows what goes and offers the export first; it never deletes. Only a POST with the
Netwerk's title (or the word VERWIJDEREN) typed in erases (privacy/wissen.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sonestra.core.access import Actie, access_netwerk
from sonestra.core.roles import Recht

from ..wissen import BEVESTIGWOORD, wis_netwerk


def _gelijk(tekst: str) -> str:
    return " ".join(tekst.split()).casefold()


class BevestigForm(forms.Form):
    bevestiging = forms.CharField(
        label=gettext_lazy("Typ de naam van het netwerk"),
        max_length=250,
        strip=True,
        error_messages={"required": gettext_lazy("Typ de naam van het netwerk om te bevestigen.")},
    )

    def __init__(self, *args, titel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.titel = titel

    def clean_bevestiging(self) -> str:
        tekst = self.cleaned_data["bevestiging"]
        woorden = {_gelijk(self.titel), _gelijk(str(BEVESTIGWOORD)), _gelijk("VERWIJDEREN")}
        if _gelijk(tekst) not in woorden:
            raise forms.ValidationError(
                _(
                    "Dit is niet de naam van het netwerk. Typ precies „%(titel)s”, "
                    "of typ %(woord)s. Er is nog niets verwijderd."
                )
                % {"titel": self.titel, "woord": BEVESTIGWOORD}
            )
        return tekst


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def wissen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(
        request, netwerk_id, Recht.WISSEN, schrijven=Recht.WISSEN, actie=Actie.DELETE
    )
    netwerk = toegang.netwerk
    form = BevestigForm(request.POST or None, titel=netwerk.titel)
    if request.method == "POST" and form.is_valid():
        gewist = wis_netwerk(netwerk, rol=toegang.rol)
        if request.user.pk in gewist.uitgelogd:
            # Their sessions are ended; end this one cleanly too, so the message shows.
            auth_logout(request)
        messages.success(
            request,
            _("Het netwerk „%(titel)s” en alles wat erbij hoorde is verwijderd.")
            % {"titel": netwerk.titel},
        )
        return redirect("home")
    return render(
        request,
        "privacy/wissen.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form, "woord": BEVESTIGWOORD},
    )


urlpatterns = [
    path("verwijderen/", wissen, name="wissen"),
]

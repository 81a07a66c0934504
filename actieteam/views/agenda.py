"""Two addresses that work without logging in, each by a token in its link:

- the member's private calendar feed: a calendar app subscribes to it and cannot log in;
  the token is the key (only its hash is stored; a new link ends the old one);
- the link in every Actieteam e-mail that switches those e-mails off (signed, so it
  cannot be guessed for someone else). Opening it changes nothing; the button does.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from beraad.views.uitnodigen import publiek
from sonestra.core.access import Actie, log
from sonestra.core.models import Deelname

from .. import ics
from ..mail import deelname_id_uit
from ..models import Lidinstelling

# --- The calendar feed ------------------------------------------------------------------


@require_safe
def agenda(request: HttpRequest, token: str) -> HttpResponse:
    instelling = Lidinstelling.voor_agenda(token)
    if instelling is None:
        # Unknown, renewed or revoked link, ended access or archived Netwerk: one answer.
        # The token itself is never written to the log.
        log(
            request,
            Actie.EXPORT,
            toegestaan=False,
            onderwerp="agenda: link werkt niet",
            gebruikersnaam="agendalink",
        )
        response = HttpResponseNotFound(
            _(
                "Deze agendalink werkt niet meer. Maak in SoNeStra bij je instellingen een "
                "nieuwe link."
            ),
            content_type="text/plain; charset=utf-8",
        )
    else:
        deelname = instelling.deelname
        # The calendar app fetches for this member: the line names them, as an export.
        log(
            request,
            Actie.EXPORT,
            netwerk_id=instelling.netwerk_id,
            rol=deelname.rol,
            user=deelname.user,
            onderwerp="agenda: eigen afspraken en data",
        )
        response = HttpResponse(ics.feed(instelling), content_type=ics.CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{ics.bestandsnaam(instelling)}"'
    response["X-Robots-Tag"] = "noindex"
    # The feed is one member's own: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


# --- E-mails off ------------------------------------------------------------------------


def _deelname(token: str) -> Deelname | None:
    """The member behind an opt-out link: signed by us, access not ended, Netwerk not
    archived. One query."""
    deelname_id = deelname_id_uit(token)
    if deelname_id is None:
        return None
    return (
        Deelname.objects.actief()
        .select_related("netwerk", "user", "persoon", "instelling")
        .filter(pk=deelname_id, netwerk__gearchiveerd__isnull=True)
        .first()
    )


def _mail_aan(deelname: Deelname) -> bool:
    try:
        return deelname.instelling.mail
    except Lidinstelling.DoesNotExist:
        return True


@publiek
@require_http_methods(["GET", "HEAD", "POST"])
def mail_uit(request: HttpRequest, token: str) -> HttpResponse:
    deelname = _deelname(token)
    schrijven = request.method == "POST"
    if deelname is None:
        log(
            request,
            Actie.UPDATE if schrijven else Actie.READ,
            toegestaan=False,
            onderwerp="e-mail uit: link werkt niet",
            gebruikersnaam="e-maillink",
        )
        return render(request, "actieteam/mail_uit.html", {"ongeldig": True}, status=404)
    wie = {"netwerk_id": deelname.netwerk_id, "rol": deelname.rol, "user": deelname.user}
    if schrijven:
        if _mail_aan(deelname):
            Lidinstelling.objects.update_or_create(
                deelname=deelname,
                defaults={"mail": False},
                create_defaults={"netwerk_id": deelname.netwerk_id, "mail": False},
            )
            log(request, Actie.UPDATE, onderwerp="e-mail uit: herinneringen uitgezet", **wie)
        # After the POST a plain page: a refresh does not ask to send the form again.
        return redirect("actieteam_mail_uit", token=token)
    # Opening the link only reads (mail scanners open links too): nothing changes.
    log(request, Actie.READ, onderwerp="e-mail uit", **wie)
    context = {"deelname": deelname, "netwerk": deelname.netwerk, "token": token}
    if not _mail_aan(deelname):
        return render(request, "actieteam/mail_uit_klaar.html", context)
    return render(request, "actieteam/mail_uit.html", context)


urlpatterns = [
    path("agenda/<str:token>.ics", agenda, name="actieteam_agenda"),
    path("e-mail/uit/<str:token>/", mail_uit, name="actieteam_mail_uit"),
]

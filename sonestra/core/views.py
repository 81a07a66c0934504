from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .access import Actie, Toegang, access_netwerk, log
from .forms import AccountForm, NetwerkForm, NetwerkWijzigenForm, UitnodigingForm
from .models import Deelname, LoginLink, Netwerk, Persoon, Uitnodiging
from .roles import MAG_UITNODIGEN_ALS, Recht, Rol


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:mijn_netwerken")
    return redirect("login")


@login_required
def mijn_netwerken(request: HttpRequest) -> HttpResponse:
    user = request.user
    deelnames = (
        Deelname.objects.actief()
        .filter(user=user)
        .select_related("netwerk")
        .order_by("netwerk__gearchiveerd", "netwerk__titel")
    )
    organisatie_netwerken = None
    if user.is_coordinator:
        # Status only: counts, never the story.
        organisatie_netwerken = (
            Netwerk.objects.for_coordinator(user).with_counts().order_by("gearchiveerd", "titel")
        )
    return render(
        request,
        "core/mijn_netwerken.html",
        {
            "deelnames": deelnames,
            "organisatie_netwerken": organisatie_netwerken,
            "mag_aanmaken": user.is_medewerker,
        },
    )


@login_required
def netwerk_nieuw(request: HttpRequest) -> HttpResponse:
    if not request.user.is_medewerker:
        raise PermissionDenied
    form = NetwerkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        netwerk = actions.do_create_netwerk(
            user=request.user,
            titel=form.cleaned_data["titel"],
            hoofdpersoon=form.cleaned_data["hoofdpersoon"],
            rol=form.cleaned_data["mijn_rol"],
        )
        log(request, Actie.CREATE, netwerk_id=netwerk.pk, rol=form.cleaned_data["mijn_rol"])
        messages.success(
            request,
            _("Het netwerk is gemaakt. Nodig nu %(naam)s uit.")
            % {"naam": form.cleaned_data["hoofdpersoon"]},
        )
        hoofdpersoon = netwerk.personen.get(is_hoofdpersoon=True)
        url = reverse("core:uitnodigen", args=[netwerk.pk])
        return redirect(f"{url}?persoon={hoofdpersoon.pk}&rol={Rol.HOOFDPERSOON}")
    return render(request, "core/netwerk_nieuw.html", {"form": form})


@login_required
def netwerk(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.STATUS_BEKIJKEN)
    netwerk = toegang.netwerk
    counts = (
        Netwerk.objects.filter(pk=netwerk.pk)
        .with_counts()
        .values("aantal_personen", "aantal_deelnemers")
        .get()
    )
    hoofdpersonen = []
    if toegang.mag(Recht.NETWERK_BEKIJKEN):
        hoofdpersonen = list(Persoon.objects.in_netwerk(netwerk).filter(is_hoofdpersoon=True))
    return render(
        request,
        "core/netwerk.html",
        {"toegang": toegang, "netwerk": netwerk, "counts": counts, "hoofdpersonen": hoofdpersonen},
    )


@login_required
def netwerk_wijzigen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_WIJZIGEN)
    netwerk = toegang.netwerk
    form = NetwerkWijzigenForm(request.POST or None, instance=netwerk)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, _("Opgeslagen."))
        return redirect(netwerk)
    return render(
        request,
        "core/netwerk_wijzigen.html",
        {"toegang": toegang, "netwerk": netwerk, "form": form},
    )


@login_required
@require_POST
def netwerk_archiveren(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_WIJZIGEN)
    netwerk = toegang.netwerk
    archiveren = request.POST.get("archiveren") == "1"
    Netwerk.objects.filter(pk=netwerk.pk).update(
        gearchiveerd=timezone.now() if archiveren else None
    )
    if archiveren:
        messages.success(request, _("Het netwerk staat nu in het archief."))
    else:
        messages.success(request, _("Het netwerk is weer actief."))
    return redirect(netwerk)


@login_required
def uitnodigen(request: HttpRequest, netwerk_id: int) -> HttpResponse:
    actie = Actie.CREATE if request.method == "POST" else Actie.READ
    toegang = access_netwerk(request, netwerk_id, Recht.UITNODIGEN, actie=actie)
    netwerk = toegang.netwerk
    # ?persoon=&rol= pre-fill the form, e.g. to invite the hoofdpersoon right after creating.
    form = UitnodigingForm(
        request.POST or None, netwerk=netwerk, rol=toegang.rol, initial=request.GET.dict()
    )
    nieuw = None
    if request.method == "POST" and form.is_valid():
        uitnodiging, token = actions.do_invite(
            netwerk=netwerk,
            rol=form.cleaned_data["rol"],
            by=request.user,
            persoon=form.cleaned_data["persoon"],
            naam=form.cleaned_data["naam"],
            email=form.cleaned_data["email"],
        )
        nieuw = _link_context(uitnodiging, token)
        form = UitnodigingForm(netwerk=netwerk, rol=toegang.rol)
    uitnodigingen = (
        Uitnodiging.objects.filter(netwerk=netwerk).select_related("persoon").order_by("-created")
    )
    mag_beheren = MAG_UITNODIGEN_ALS.get(toegang.rol, ())
    return render(
        request,
        "core/uitnodigen.html",
        {
            "toegang": toegang,
            "netwerk": netwerk,
            "form": form,
            "nieuw": nieuw,
            "uitnodigingen": uitnodigingen,
            "familie": _familie_met_login(toegang, mag_beheren).exclude(user=request.user),
            "mag_beheren": mag_beheren,
            "minuten": settings.LOGIN_LINK_MAX_AGE // 60,
            "now": timezone.now(),
        },
    )


def _familie_met_login(toegang, rollen):
    """The family members of this Netwerk who log in by link (an active login without a
    password, outside any organisation), in the roles this login may hand out."""
    return (
        Deelname.objects.actief()
        .filter(
            netwerk=toegang.netwerk,
            rol__in=rollen,
            user__is_active=True,
            user__organisatie__isnull=True,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .select_related("persoon", "user")
        .order_by("persoon__naam", "pk")
    )


def _qr_svg(link: str, title: str) -> str:
    return segno.make(link, error="m").svg_inline(
        scale=4, dark="#1b1b1b", omitsize=True, title=title
    )


def _link_context(uitnodiging: Uitnodiging, token: str) -> dict:
    link = Uitnodiging.url_for(token)
    return {
        "uitnodiging": uitnodiging,
        "link": link,
        "qr_svg": _qr_svg(link, _("QR-code van de uitnodiging")),
    }


def _own_invitation(toegang, uitnodiging_id: int) -> Uitnodiging:
    """An invitation of this Netwerk with a role this login may hand out.

    Only who may hand out a role may renew or revoke it: a supporter can neither
    remove the facilitator nor make a fresh link into the hoofdpersoon's account.
    """
    uitnodiging = get_object_or_404(Uitnodiging, pk=uitnodiging_id, netwerk=toegang.netwerk)
    if uitnodiging.rol not in MAG_UITNODIGEN_ALS.get(toegang.rol, ()):
        raise PermissionDenied
    return uitnodiging


@login_required
@require_POST
def uitnodiging_intrekken(request: HttpRequest, netwerk_id: int, uitnodiging_id: int):
    toegang = access_netwerk(request, netwerk_id, Recht.UITNODIGEN)
    uitnodiging = _own_invitation(toegang, uitnodiging_id)
    actions.do_revoke_invitation(uitnodiging)
    messages.success(
        request,
        _("De uitnodiging van %(naam)s is ingetrokken. De link werkt niet meer.")
        % {"naam": uitnodiging.persoon.naam},
    )
    return redirect("core:uitnodigen", toegang.netwerk.pk)


@login_required
@require_POST
def uitnodiging_vernieuwen(request: HttpRequest, netwerk_id: int, uitnodiging_id: int):
    toegang = access_netwerk(request, netwerk_id, Recht.UITNODIGEN)
    uitnodiging = _own_invitation(toegang, uitnodiging_id)
    if uitnodiging.ingetrokken is not None or uitnodiging.user_id is not None:
        # An accepted invitation opens the door only once: a new link for it would not
        # let anyone in. A family member gets a new login link instead (`inloglink_maken`).
        raise Http404
    token = actions.do_renew_invitation_link(uitnodiging)
    return render(
        request,
        "core/uitnodiging_link.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "nieuw": _link_context(uitnodiging, token),
        },
    )


@login_required
@require_POST
def inloglink_maken(request: HttpRequest, netwerk_id: int, deelname_id: int) -> HttpResponse:
    """A one-time login link for a family member who has no e-mail address (or cannot
    find the mail): shown once, to hand over or to scan from this screen.

    Only for the roles this login may hand out (a supporter cannot make a link into the
    hoofdpersoon's account), and never for a staff account: staff log in with their
    password and app, which a link must not get around.
    """

    def mag_uitdelen(t: Toegang) -> bool:
        rol = (
            Deelname.objects.actief()
            .filter(pk=deelname_id, netwerk=t.netwerk)
            .values_list("rol", flat=True)
            .first()
        )
        # No such Deelname here: the 404 below says so.
        return rol is None or rol in MAG_UITNODIGEN_ALS.get(t.rol, ())

    toegang = access_netwerk(
        request,
        netwerk_id,
        Recht.UITNODIGEN,
        schrijven=Recht.UITNODIGEN,
        actie=Actie.CREATE,
        voorwaarde=mag_uitdelen,
    )
    deelname = get_object_or_404(
        Deelname.objects.actief().select_related("persoon", "user"),
        pk=deelname_id,
        netwerk=toegang.netwerk,
    )
    user = deelname.user
    if user.is_medewerker or user.has_usable_password() or not user.is_active:
        raise Http404
    link = LoginLink.url_for(LoginLink.create_for(user))
    naam = deelname.persoon.naam if deelname.persoon else user.get_full_name()
    return render(
        request,
        "core/uitnodigen_inloglink.html",
        {
            "toegang": toegang,
            "netwerk": toegang.netwerk,
            "naam": naam,
            "link": link,
            "qr_svg": _qr_svg(link, _("QR-code van de inloglink")),
            "minuten": settings.LOGIN_LINK_MAX_AGE // 60,
        },
    )


@login_required
def persoon_foto(request: HttpRequest, netwerk_id: int, persoon_id: int) -> FileResponse:
    toegang = access_netwerk(request, netwerk_id, Recht.NETWERK_BEKIJKEN)
    persoon = get_object_or_404(Persoon.objects.in_netwerk(toegang.netwerk), pk=persoon_id)
    if not persoon.foto:
        raise Http404
    response = FileResponse(persoon.foto.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Je gegevens zijn opgeslagen."))
        return redirect("core:account")
    deelnames = (
        Deelname.objects.actief().filter(user=request.user).select_related("netwerk", "persoon")
    )
    from .tweestaps import apparaat

    # Staff only: family members log in by link and never need a second step.
    app = apparaat(request.user) if request.user.is_medewerker else None
    return render(
        request, "core/account.html", {"form": form, "deelnames": deelnames, "tweestaps_app": app}
    )

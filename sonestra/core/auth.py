"""Logging in: staff with a password (and a code from an app), family members through
their personal invitation (once) and after that through one-time login links; logging
out, here or everywhere."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import actions, tweestaps
from .access import client_address, log
from .forms import LoginForm, LoginLinkRequestForm
from .middleware import max_seconden
from .models import LoginLink, Toegangslog, Uitnodiging
from .roles import STAFF_ROLLEN
from .sessies import beeindig_sessies

Actie = Toegangslog.Actie
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _login(request: HttpRequest, user) -> None:
    """Log in by link; the session lasts as long as this kind of login may (its cookie
    too, so a staff member's browser does not keep it for a month)."""
    auth_login(request, user, backend=MODEL_BACKEND)
    request.session.set_expiry(max_seconden(user))


def _username(request: HttpRequest) -> str:
    """The name as the login form reads it (stripped, NFKC), so variants count as one."""
    return unicodedata.normalize("NFKC", request.POST.get("username", "").strip())[:150]


def te_vaak_melding() -> str:
    return _("Te vaak geprobeerd. Probeer het over %(minutes)s minuten opnieuw.") % {
        "minutes": settings.LOGIN_FAILURE_WINDOW // 60
    }


def too_many_failures(request: HttpRequest, username: str) -> bool:
    """Too many failed logins within the window (see the settings for the limits).

    Counted from the access log in the database, so the limit holds across processes and
    app servers. Wrong passwords and wrong codes of the second step both count.
    """
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    address = client_address(request)
    name = Q(gebruikersnaam__iexact=username) if username else Q(pk=None)
    here = Q(adres=address) if address else Q(pk=None)
    counts = Toegangslog.objects.filter(
        actie=Actie.LOGIN, uitkomst=Toegangslog.Uitkomst.GEWEIGERD, tijd__gte=since
    ).aggregate(
        name_here=Count("pk", filter=name & here),
        here=Count("pk", filter=here),
        name=Count("pk", filter=name),
    )
    return (
        counts["name_here"] >= settings.LOGIN_MAX_FAILURES
        or counts["here"] >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS
        or counts["name"] >= settings.LOGIN_MAX_FAILURES_PER_NAME
    )


class RateLimitedLoginView(LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if too_many_failures(request, _username(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, te_vaak_melding())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.set_expiry(max_seconden(form.get_user()))
        log(self.request, Actie.LOGIN, onderwerp="wachtwoord")
        # Logged in, but a staff member with an app (or whose organisation requires one)
        # is not done yet: the middleware holds every other page back until then.
        stap = self.request.session.get(tweestaps.STAP)
        if stap:
            doel = "tweestaps_code" if stap == tweestaps.CODE else "tweestaps_instellen"
            return redirect(f"{reverse(doel)}?{urlencode({'next': self.get_success_url()})}")
        return response

    def form_invalid(self, form):
        # Logged with the name tried, so repeated guesses are counted and can be seen.
        log(
            self.request,
            Actie.LOGIN,
            toegestaan=False,
            onderwerp="wachtwoord",
            gebruikersnaam=_username(self.request),
        )
        return super().form_invalid(form)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        log(request, Actie.LOGOUT)
    auth_logout(request)
    messages.success(request, _("Je bent uitgelogd."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("login")


@require_POST
@login_required
def overal_uitloggen(request: HttpRequest) -> HttpResponse:
    """End every session of this login on every device, this one included (a lost phone,
    a computer in a library someone forgot to log out of)."""
    log(request, Actie.LOGOUT, onderwerp="overal uitgelogd")
    beeindig_sessies(request.user)
    auth_logout(request)
    messages.success(request, _("Je bent uitgelogd op al je apparaten."))
    return redirect("login")


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second step: the page asked for, if it is one of ours."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _check_code(request: HttpRequest, form: tweestaps.CodeForm, device, onderwerp: str) -> bool:
    """Check the code in the (bound) form against the device; on failure put a Dutch
    message on the form. Every attempt, right or wrong, is a line in the access log; the
    wrong ones count toward the same limit as wrong passwords."""
    username = request.user.get_username()
    if too_many_failures(request, username):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, te_vaak_melding())
        return False
    if not form.is_valid():
        return False
    goed, wacht = tweestaps.controleer(device, form.cleaned_data["code"])
    if goed:
        log(request, Actie.LOGIN, onderwerp=onderwerp)
        return True
    log(request, Actie.LOGIN, toegestaan=False, onderwerp=onderwerp)
    if wacht:
        form.add_error(
            None,
            ngettext(
                "Te vaak een verkeerde code. Probeer het over %(seconden)s seconde opnieuw.",
                "Te vaak een verkeerde code. Probeer het over %(seconden)s seconden opnieuw.",
                wacht,
            )
            % {"seconden": wacht},
        )
    else:
        form.add_error("code", _("Deze code klopt niet. Vul de code in die je app nu laat zien."))
    return False


@login_required
def tweestaps_code(request: HttpRequest) -> HttpResponse:
    """The second step of a staff login: the code from the app."""
    if request.session.get(tweestaps.STAP) != tweestaps.CODE:
        return redirect(_next_url(request))
    device = tweestaps.apparaat(request.user)
    if device is None:
        # The app was removed meanwhile (by an administrator): see what is left to do.
        stap = tweestaps.stap_voor(request.user)
        if stap:
            request.session[tweestaps.STAP] = stap
        else:
            request.session.pop(tweestaps.STAP, None)
        return redirect(_next_url(request))
    form = tweestaps.CodeForm(request.POST or None)
    if request.method == "POST" and _check_code(request, form, device, "tweestaps-code"):
        tweestaps.rond_af(request, device)
        return redirect(_next_url(request))
    status = 429 if form.non_field_errors() else 200
    return render(
        request,
        "registration/tweestaps_code.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@login_required
def tweestaps_instellen(request: HttpRequest) -> HttpResponse:
    """Set up the app for the second step: scan the QR code (or type the secret), then
    type the first code it shows. Only a right code turns the second step on."""
    user = request.user
    if not user.is_medewerker:
        # Family members log in by their personal link; there is nothing to set up.
        raise Http404
    if tweestaps.apparaat(user) is not None and not user.is_verified():
        # Replacing the app needs the code of the current one first.
        request.session[tweestaps.STAP] = tweestaps.CODE
        return redirect(f"{reverse('tweestaps_code')}?{urlencode({'next': request.path})}")
    device = tweestaps.nieuw_apparaat(user)
    form = tweestaps.CodeForm(request.POST or None)
    if request.method == "POST" and _check_code(request, form, device, "tweestaps-instellen"):
        tweestaps.bevestig(request, device)
        messages.success(
            request,
            _(
                "Inloggen in twee stappen staat aan. Voortaan vraagt SoNeStra na je "
                "wachtwoord om een code uit je app."
            ),
        )
        return redirect(_next_url(request) if request.POST.get("next") else "core:account")
    status = 429 if form.non_field_errors() else 200
    return render(
        request,
        "registration/tweestaps_instellen.html",
        {
            "form": form,
            "qr_svg": tweestaps.qr_svg(device),
            "geheim": tweestaps.geheim_in_groepen(device),
            "moet": request.session.get(tweestaps.STAP) == tweestaps.INSTELLEN,
            "vervangt": user.is_verified(),
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
        status=status,
    )


def _link_ongeldig(
    request: HttpRequest, soort: str, found: LoginLink | Uitnodiging | None
) -> HttpResponse:
    """The page for a link that no longer works: why, as far as the link's holder may know
    (whoever has the link knows it anyway), and what to do now."""
    reden = "onbekend"
    if isinstance(found, Uitnodiging):
        if found.ingetrokken is not None:
            reden = "ingetrokken"
        elif found.verloopt <= timezone.now():
            reden = "verlopen"
    elif isinstance(found, LoginLink):
        if found.gebruikt is not None:
            reden = "gebruikt"
        elif found.verloopt <= timezone.now():
            reden = "verlopen"
    context = {"soort": soort, "reden": reden, "minuten": settings.LOGIN_LINK_MAX_AGE // 60}
    return render(request, "core/link_ongeldig.html", context, status=410)


def _uitnodiging_gebruikt(request: HttpRequest, found: Uitnodiging) -> HttpResponse:
    """The page for an invitation someone already accepted: the way back in is a new
    one-time login link, by e-mail or from whoever invited them."""
    bound = found.user
    door = found.created_by
    door_naam = door.get_full_name() if door is not None else ""
    context = {
        "soort": "uitnodiging_gebruikt",
        # Whether the account has an address, never which one (whoever holds the link
        # need not be its owner); the form answers the same for any address.
        "heeft_email": bool(bound.email),
        "form": LoginLinkRequestForm(),
        "uitgenodigd_door": door_naam,
        "door_medewerker": door is not None and door.is_medewerker,
        "minuten": settings.LOGIN_LINK_MAX_AGE // 60,
    }
    return render(request, "core/link_ongeldig.html", context, status=410)


def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """A personal invitation link. It opens the door once: the first tap accepts the
    invitation and logs the person in; after that, they log in with a one-time login link
    (by e-mail, or made for them on the invitations page), so a link that leaks later from
    a chat or a mailbox opens nothing.

    The tap is a POST so link previews in chat apps and mail scanners, which only
    fetch the page, never log anyone in.
    """
    found = Uitnodiging.find(token)
    if found is None or not found.is_geldig:
        log(
            request,
            Actie.LOGIN,
            toegestaan=False,
            onderwerp="uitnodiging",
            netwerk_id=found.netwerk_id if found is not None else None,
        )
        return _link_ongeldig(request, "uitnodiging", found)
    bound = found.user
    if bound is not None and request.user != bound:
        # Accepted already. Someone who logs in with a password (staff) uses it from then
        # on, so a forwarded link cannot open a staff account; a family member asks for a
        # new login link.
        log(
            request,
            Actie.LOGIN,
            toegestaan=False,
            onderwerp="uitnodiging",
            netwerk_id=found.netwerk_id,
            gebruikersnaam=bound.get_username(),
        )
        if bound.has_usable_password():
            return render(request, "core/link_ongeldig.html", {"soort": "aangenomen"}, status=410)
        return _uitnodiging_gebruikt(request, found)
    context = {"uitnodiging": found, "next": request.get_full_path()}
    medewerker = getattr(request.user, "is_medewerker", False)
    if bound is None and found.rol in STAFF_ROLLEN and not medewerker:
        # A facilitator or professional joins with their own staff account, never a
        # password-less one made by whoever opened the link.
        return render(request, "core/uitnodiging.html", {**context, "eerst": "inloggen"})
    if bound is None and found.rol not in STAFF_ROLLEN and medewerker:
        # A staff member testing the QR code must not take the family member's place.
        return render(request, "core/uitnodiging.html", {**context, "eerst": "uitloggen"})
    if request.method == "POST":
        try:
            user = actions.do_accept_invitation(found, request.user)
        except actions.InvitationGone:
            return _link_ongeldig(request, "uitnodiging", Uitnodiging.find(token))
        if request.user != user:
            _login(request, user)
        log(
            request,
            Actie.LOGIN,
            netwerk_id=found.netwerk_id,
            rol=found.rol,
            onderwerp="uitnodiging",
        )
        messages.success(request, _("Welkom, %(naam)s!") % {"naam": found.persoon.naam})
        return redirect(found.netwerk)
    return render(request, "core/uitnodiging.html", context)


def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time login link. Like the invitation, only the tap (POST) uses it up."""
    found = LoginLink.find(token)
    geldig = found is not None and found.is_geldig
    if geldig and request.method != "POST":
        return render(request, "core/login_link.html", {"link_user": found.user})
    if geldig and found.use():
        _login(request, found.user)
        log(request, Actie.LOGIN, onderwerp="inloglink")
        return redirect(settings.LOGIN_REDIRECT_URL)
    if found is not None:
        found.refresh_from_db()  # someone else may have used it just now
    if request.method == "POST":
        # A tap on a used, expired or made-up link is a failed login, under the name of
        # whose link it was (so it counts toward that login's limit).
        log(
            request,
            Actie.LOGIN,
            toegestaan=False,
            onderwerp="inloglink",
            gebruikersnaam=found.user.get_username() if found is not None else "",
        )
    return _link_ongeldig(request, "login", found)


def login_link_aanvragen(request: HttpRequest) -> HttpResponse:
    form = LoginLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_send_login_link(form.cleaned_data["email"])
        # The same answer whether or not the address is known: it tells a stranger nothing.
        messages.success(
            request,
            _(
                "Als dit e-mailadres bij ons bekend is, krijg je binnen een paar minuten een "
                "e-mail met een inloglink."
            ),
        )
        return redirect("login")
    return render(request, "registration/login_link_aanvragen.html", {"form": form})

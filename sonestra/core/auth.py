"""Logging in: staff with a password, family members through their personal link."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import LoginView
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .access import client_address, log
from .forms import LoginForm, LoginLinkRequestForm
from .models import LoginLink, Toegangslog, Uitnodiging
from .roles import STAFF_ROLLEN

Actie = Toegangslog.Actie
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _username(request: HttpRequest) -> str:
    """The name as the login form reads it (stripped, NFKC), so variants count as one."""
    return unicodedata.normalize("NFKC", request.POST.get("username", "").strip())[:150]


def too_many_failures(request: HttpRequest, username: str) -> bool:
    """Too many failed password logins within the window (see the settings for the limits)."""
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
            form.add_error(
                None,
                _(
                    "Er is te vaak een verkeerd wachtwoord ingevuld. Wacht %(minutes)s minuten "
                    "en probeer het dan opnieuw."
                )
                % {"minutes": settings.LOGIN_FAILURE_WINDOW // 60},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        log(self.request, Actie.LOGIN, onderwerp="wachtwoord")
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


def uitnodiging(request: HttpRequest, token: str) -> HttpResponse:
    """A personal invitation link. Opening it asks one tap; the tap logs the person in.

    The tap is a POST so link previews in chat apps and mail scanners, which only
    fetch the page, never log anyone in.
    """
    found = Uitnodiging.find(token)
    if found is None or not found.is_geldig:
        return render(request, "core/link_ongeldig.html", {"soort": "uitnodiging"}, status=410)
    bound = found.user
    if bound is not None and bound.has_usable_password() and request.user != bound:
        # Accepted by an account with a password: from then on that account logs in with
        # its password, so a forwarded link cannot open a staff account.
        return render(request, "core/link_ongeldig.html", {"soort": "aangenomen"}, status=410)
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
            return render(request, "core/link_ongeldig.html", {"soort": "uitnodiging"}, status=410)
        if request.user != user:
            auth_login(request, user, backend=MODEL_BACKEND)
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
    if found is None or not found.is_geldig:
        return render(request, "core/link_ongeldig.html", {"soort": "login"}, status=410)
    if request.method == "POST":
        if not found.use():
            return render(request, "core/link_ongeldig.html", {"soort": "login"}, status=410)
        auth_login(request, found.user, backend=MODEL_BACKEND)
        log(request, Actie.LOGIN, onderwerp="inloglink")
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "core/login_link.html", {"link_user": found.user})


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

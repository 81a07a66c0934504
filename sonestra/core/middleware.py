"""Middleware for logged-in pages: no caching, session time limits, the second login step."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from . import tweestaps
from .access import Actie, log
from .sessies import ACTIEF, BEGONNEN

# The activity stamp is written at most once a minute: writing it on every request would
# save the session (a database write) on every click and every htmx request.
ACTIEF_STAP_SECONDEN = 60


def is_personal(request: HttpRequest) -> bool:
    """Every answer to a logged-in person may hold a Netwerk's data, and a page behind a
    personal link (invitation, login link, beraad answer, calendar feed: URLs with a
    `token`) is that person's data to whoever holds the link."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and "token" in match.kwargs


class NoStoreMiddleware:
    """No browser or proxy keeps a personal page: after logging out, the back button on a
    shared computer shows nothing. A view that chose its own caching (a photo kept for an
    hour in this browser only) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and is_personal(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def _naar(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to `url` as a whole page; htmx would otherwise swap that page into
    a small part of the current one."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _met_next(request: HttpRequest, url: str) -> str:
    """`url`, remembering the page asked for, so the person lands there afterwards."""
    if request.method == "GET" and not getattr(request, "htmx", False):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def is_achtergrond(request: HttpRequest) -> bool:
    """A request a page makes by itself (the live beraad asks for news every 2 s).

    htmx does not say whether a request comes from a timer (`hx-trigger="every 2s"`) or
    from a click, so the polled URLs are named in SESSIE_ACHTERGROND_URLS; only an htmx
    request (header HX-Request) to one of those counts as background.
    """
    return bool(getattr(request, "htmx", False)) and (
        _view_name(request) in settings.SESSIE_ACHTERGROND_URLS
    )


def inactief_seconden(user) -> int:
    minuten = (
        settings.SESSIE_INACTIEF_MINUTEN_MEDEWERKER
        if getattr(user, "is_medewerker", False)
        else settings.SESSIE_INACTIEF_MINUTEN_FAMILIE
    )
    return minuten * 60


def max_uren(user) -> int:
    return (
        settings.SESSIE_MAX_UREN_MEDEWERKER
        if getattr(user, "is_medewerker", False)
        else settings.SESSIE_MAX_UREN_FAMILIE
    )


def max_seconden(user) -> int:
    """How long a login of this user may last at most, whatever happens."""
    return max_uren(user) * 60 * 60


def te_lang_melding(uren: int) -> str:
    if uren % 24 == 0:
        dagen = uren // 24
        return ngettext(
            "Je was %(dagen)s dag ingelogd. Log voor de veiligheid opnieuw in.",
            "Je was %(dagen)s dagen ingelogd. Log voor de veiligheid opnieuw in.",
            dagen,
        ) % {"dagen": dagen}
    return _("Je was %(uren)s uur ingelogd. Log voor de veiligheid opnieuw in.") % {"uren": uren}


class SessieTijdenMiddleware:
    """Ends a login after too long without activity, and after SESSIE_MAX_UREN_* at most.

    Staff have much shorter limits than family members: a staff login opens many
    Netwerken and logs in again with a password, while a family member has to ask for a
    new one-time link. Requests a page makes by itself (see `is_achtergrond`) are no
    activity, or a live beraad left open on a screen would keep its login alive for ever;
    the page notices the time-out at its next poll and goes to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        session = request.session
        nu = int(time.time())
        begonnen, actief = session.get(BEGONNEN), session.get(ACTIEF)
        if begonnen is None or actief is None:
            # A login from before these clocks existed: they start now.
            session[BEGONNEN] = begonnen or nu
            session[ACTIEF] = nu
            return None
        if nu - begonnen > max_seconden(request.user):
            return self.beeindig(request, "max", te_lang_melding(max_uren(request.user)))
        if nu - actief > inactief_seconden(request.user):
            return self.beeindig(
                request, "inactief", _("Je was een tijd niet actief. Log opnieuw in.")
            )
        if nu - actief >= ACTIEF_STAP_SECONDEN and not is_achtergrond(request):
            session[ACTIEF] = nu
        return None

    @staticmethod
    def beeindig(request: HttpRequest, reden: str, melding: str) -> HttpResponse:
        log(request, Actie.LOGOUT, onderwerp=f"time-out ({reden})")
        auth_logout(request)
        messages.info(request, melding)
        return _naar(request, _met_next(request, reverse(settings.LOGIN_URL)))


class TweestapsMiddleware:
    """Holds a staff login back until its second step is done (see core/tweestaps.py).

    A session that still has to type its code may only reach the code page and log out;
    one that still has to set up an app also the set-up page. Everything else sends it
    there. Logins without a pending step (family members, staff without an app in an
    Organisatie that does not require one, and every test's `force_login` of such staff)
    pass without a single extra query.
    """

    VRIJ = {"logout", "set_language", "tweestaps_code"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        stap = request.session.get(tweestaps.STAP)
        if not stap:
            return None
        naam = _view_name(request)
        if naam in self.VRIJ or (stap == tweestaps.INSTELLEN and naam == "tweestaps_instellen"):
            return None
        doel = "tweestaps_code" if stap == tweestaps.CODE else "tweestaps_instellen"
        return _naar(request, _met_next(request, reverse(doel)))

"""Which sessions a login has open, and ending them all at once.

Sessions live in the database (`SESSION_ENGINE`); each login remembers its session key in
a `Sessie`, so "overal uitloggen" and taking someone's access away end every session of
that login on every device and every app server, not only the one in front of you.
"""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import receiver

from .models import Deelname, Sessie

# Session keys holding when the login began and when its person last did something (Unix
# seconds); the middleware ends the login after too long, or after too long without activity.
BEGONNEN = "sessie_begonnen"
ACTIEF = "sessie_actief"


@receiver(user_logged_in, dispatch_uid="sonestra.sessie.onthoud")
def onthoud(sender, request, user, **kwargs) -> None:
    """A login just started: remember its (new) session key, start its clocks, and note
    whether it still has a second step to take before it may do anything."""
    if request is None or not hasattr(request, "session"):
        return
    from .tweestaps import STAP, stap_voor  # tweestaps uses beeindig_sessies below

    nu = int(time.time())
    request.session[BEGONNEN] = nu
    request.session[ACTIEF] = nu
    stap = stap_voor(user)
    if stap:
        request.session[STAP] = stap
    else:
        request.session.pop(STAP, None)
    if request.session.session_key is None:
        request.session.save()
    Sessie.objects.get_or_create(sleutel=request.session.session_key, defaults={"user": user})


@receiver(user_logged_out, dispatch_uid="sonestra.sessie.vergeet")
def vergeet(sender, request, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        Sessie.objects.filter(sleutel=request.session.session_key).delete()


def beeindig_sessies(user, *, behalve: str | None = None) -> int:
    """End every session of this login (except the key `behalve`, the one in use when
    someone logs out elsewhere). Returns how many were ended."""
    with transaction.atomic():
        sessies = Sessie.objects.filter(user=user)
        if behalve:
            sessies = sessies.exclude(sleutel=behalve)
        sleutels = list(sessies.values_list("sleutel", flat=True))
        Session.objects.filter(session_key__in=sleutels).delete()
        sessies.delete()
    return len(sleutels)


def beeindig_als_nergens_meer(user) -> bool:
    """End every session of a login whose access just ended, when nothing else is left.

    Ending every session logs a login out of everything. That is right for a family
    member who was only here. A member of staff, or someone who takes part in another
    Netwerk too, keeps their sessions: their other work goes on, and this Netwerk is gone
    for them anyway, because `find_toegang` only counts an active Deelname and asks again
    on every request. True when the sessions ended.
    """
    if user.is_medewerker or user.is_staff or Deelname.objects.actief().filter(user=user).exists():
        return False
    beeindig_sessies(user)
    return True

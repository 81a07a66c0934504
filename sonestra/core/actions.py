"""Writes that touch several models, each in one function with a verb name."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Deelname, LoginLink, Netwerk, Persoon, Uitnodiging, User
from .roles import STAFF_ROLLEN


@transaction.atomic
def do_create_netwerk(*, user: User, titel: str, hoofdpersoon: str, rol: str) -> Netwerk:
    netwerk = Netwerk.objects.create(titel=titel, organisatie=user.organisatie, created_by=user)
    Persoon.objects.create(netwerk=netwerk, naam=hoofdpersoon, is_hoofdpersoon=True)
    Deelname.objects.create(netwerk=netwerk, user=user, rol=rol)
    return netwerk


@transaction.atomic
def do_invite(
    *,
    netwerk: Netwerk,
    rol: str,
    by: User,
    persoon: Persoon | None = None,
    naam: str = "",
    email: str = "",
) -> tuple[Uitnodiging, str]:
    """Make a personal invitation link; returns the invitation and its (only shown once) token."""
    if persoon is None:
        persoon = Persoon.objects.create(netwerk=netwerk, naam=naam.strip(), email=email)
    uitnodiging = Uitnodiging(netwerk=netwerk, persoon=persoon, rol=rol, email=email, created_by=by)
    token = uitnodiging.new_token()
    uitnodiging.save()
    if email:
        send_invitation_mail(uitnodiging, token)
    return uitnodiging, token


def send_invitation_mail(uitnodiging: Uitnodiging, token: str) -> None:
    context = {
        "uitnodiging": uitnodiging,
        "link": Uitnodiging.url_for(token),
        "netwerk": uitnodiging.netwerk,
    }
    send_mail(
        subject=_("Uitnodiging: %(netwerk)s") % {"netwerk": uitnodiging.netwerk.titel},
        message=render_to_string("core/email/uitnodiging.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[uitnodiging.email],
    )


def do_renew_invitation_link(uitnodiging: Uitnodiging) -> str:
    token = uitnodiging.new_token()
    uitnodiging.save(update_fields=["token_hash", "verloopt"])
    return token


class InvitationGone(Exception):
    """The invitation was revoked or replaced while it was being accepted."""


@transaction.atomic
def do_accept_invitation(uitnodiging: Uitnodiging, current_user) -> User:
    """Bind the invitation to a login and give that login its Deelname.

    The first time, a family member gets a login of their own (no password: they
    come back through their link). An invitation for a staff role is accepted by
    the staff member who is logged in, for their own account (the view checks who
    may). Runs under a row lock, so a double tap on a slow phone makes one login.
    """
    uitnodiging = (
        Uitnodiging.objects.select_for_update().select_related("persoon").get(pk=uitnodiging.pk)
    )
    if not uitnodiging.is_geldig:
        raise InvitationGone
    now = timezone.now()
    user = uitnodiging.user
    if user is None:
        if uitnodiging.rol in STAFF_ROLLEN:
            user = current_user
        else:
            user = User(
                username=f"p-{secrets.token_hex(6)}",
                first_name=uitnodiging.persoon.naam[:150],
                email=uitnodiging.email,
            )
            user.set_unusable_password()
            user.save()
        uitnodiging.user = user
        uitnodiging.aangenomen = now
    uitnodiging.laatst_gebruikt = now
    uitnodiging.save(update_fields=["user", "aangenomen", "laatst_gebruikt"])

    deelname = Deelname.objects.actief().filter(netwerk=uitnodiging.netwerk, user=user).first()
    if deelname is None:
        Deelname.objects.create(
            netwerk=uitnodiging.netwerk, user=user, rol=uitnodiging.rol, persoon=uitnodiging.persoon
        )
    elif deelname.persoon_id is None:
        deelname.persoon = uitnodiging.persoon
        deelname.save(update_fields=["persoon"])
    return user


@transaction.atomic
def do_revoke_invitation(uitnodiging: Uitnodiging) -> None:
    """The link stops working and the access it gave ends at once."""
    now = timezone.now()
    if uitnodiging.ingetrokken is None:
        uitnodiging.ingetrokken = now
        uitnodiging.save(update_fields=["ingetrokken"])
    if uitnodiging.user_id:
        Deelname.objects.actief().filter(
            netwerk_id=uitnodiging.netwerk_id, user_id=uitnodiging.user_id, rol=uitnodiging.rol
        ).update(beeindigd=now)


def do_send_login_link(email: str) -> None:
    """E-mail a one-time login link to the family logins with this address, if any.

    Never to staff: they log in with their password (and later a second factor),
    which a link by e-mail must not get around. A few links per window at most,
    so nobody can flood a mailbox.
    """
    since = timezone.now() - timedelta(seconds=settings.LOGIN_LINK_MAX_AGE)
    users = User.objects.filter(
        email__iexact=email, is_active=True, organisatie__isnull=True
    ).annotate(recent=Count("login_links", filter=Q(login_links__created__gte=since)))
    for user in users:
        if user.has_usable_password() or user.recent >= settings.LOGIN_LINKS_PER_WINDOW:
            continue
        token = LoginLink.create_for(user)
        send_mail(
            subject=_("Je inloglink voor SoNeStra"),
            message=render_to_string(
                "core/email/login_link.txt",
                {
                    "user": user,
                    "link": LoginLink.url_for(token),
                    "minutes": settings.LOGIN_LINK_MAX_AGE // 60,
                },
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )

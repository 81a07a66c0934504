"""Inloggen in twee stappen for staff: a password, then a code from an app (TOTP).

Family members never need it: they log in by a personal link. A staff member needs the
code when they have set up an app (a confirmed device), and must set one up first when
their Organisatie requires it (`Organisatie.tweestaps_verplicht`).

Which step a session still has to take is kept in the session itself (`STAP`), set when
the login starts (see `sessies.py`) and removed when the step is done, so the middleware
that holds the rest of the site back asks no database question on each request.

Administration (there is no admin site; from `python manage.py shell`):

    from sonestra.core.models import Organisatie, User
    from sonestra.core.sessies import beeindig_sessies
    org = Organisatie.objects.get(naam="...")
    org.tweestaps_verplicht = True; org.save()
    for user in org.medewerkers.all():   # at once, not only from their next login
        beeindig_sessies(user)

    # A staff member lost their phone: remove the app; they set up a new one after
    # logging in with their password (at once, if the organisation requires it).
    from django_otp.plugins.otp_totp.models import TOTPDevice
    TOTPDevice.objects.filter(user__username="...").delete()
    beeindig_sessies(User.objects.get(username="..."))
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Organisatie
from .sessies import beeindig_sessies

# The session key, and its values: the code is still to be typed, or an app to be set up.
STAP = "tweestaps_stap"
CODE = "code"
INSTELLEN = "instellen"


def apparaat(user: AbstractBaseUser) -> TOTPDevice | None:
    """The confirmed app of this login, if it has one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def verplicht(user: AbstractBaseUser) -> bool:
    """Whether the login's Organisatie requires the second step."""
    if not getattr(user, "is_medewerker", False):
        return False
    return Organisatie.objects.filter(pk=user.organisatie_id, tweestaps_verplicht=True).exists()


def stap_voor(user: AbstractBaseUser) -> str:
    """What a fresh login of this user still has to do: CODE, INSTELLEN or nothing ("")."""
    if not getattr(user, "is_medewerker", False):
        return ""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return CODE
    return INSTELLEN if verplicht(user) else ""


def nieuw_apparaat(user: AbstractBaseUser) -> TOTPDevice:
    """The app being set up: the same one on every visit until it is confirmed, so the QR
    code does not change while someone is scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return device


def geheim_in_groepen(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed: base32, in groups of four."""
    geheim = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4))


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#1b1b1b", omitsize=True, title=_("QR-code om de app in te stellen")
    )


def controleer(device: TOTPDevice, code: str) -> tuple[bool, int]:
    """Check a code against the device. Returns (right, seconds to wait first).

    After each wrong code the device waits 1, 2, 4, 8 … seconds before it checks another
    (django-otp's throttling, kept in the database, so it holds across app servers). The
    row is locked while checking, so one code cannot be used twice at the same moment.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        toegestaan, info = device.verify_is_allowed()
        if not toegestaan:
            tot = (info or {}).get("locked_until")
            wacht = int((tot - timezone.now()).total_seconds()) + 1 if tot else 1
            return False, max(wacht, 1)
        return bool(device.verify_token(code)), 0


def rond_af(request: HttpRequest, device: TOTPDevice) -> None:
    """The second step is done: the session counts as verified from now on."""
    otp_login(request, device)
    request.session.pop(STAP, None)


def bevestig(request: HttpRequest, device: TOTPDevice) -> None:
    """A new app gave a right code: it replaces any earlier app. Every other session of
    this login ends, so none of them goes on without the second step."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user_id).exclude(pk=device.pk).delete()
    rond_af(request, device)
    beeindig_sessies(request.user, behalve=request.session.session_key)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit je app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control-lg code-invoer",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Vul de 6 cijfers in die je app nu laat zien."))
        return code

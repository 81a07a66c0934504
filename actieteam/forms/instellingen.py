"""A member's own settings in one Netwerk: e-mails on or off."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Lidinstelling


class MailForm(forms.ModelForm):
    """The switch: an unticked box means off (a browser sends nothing for it)."""

    class Meta:
        model = Lidinstelling
        fields = ["mail"]
        labels = {"mail": _("Stuur mij herinneringen en meldingen per e-mail")}
        widgets = {"mail": forms.CheckboxInput(attrs={"role": "switch"})}

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Netwerk, Persoon, User
from .roles import MAG_UITNODIGEN_ALS, Rol


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that saves only when nobody else saved the record in the meantime.

    The form carries the version it was opened at. On a conflict nothing is lost:
    the form comes back with the user's own text, the version moves to the current
    one, and `conflict` holds the record as the other person left it.
    """

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["versie"] = self.instance.versie

    def save_checked(self) -> bool:
        fields = [name for name in self._meta.fields if name in self.cleaned_data]
        expected = self.cleaned_data["versie"]
        model = type(self.instance)
        with transaction.atomic():
            saved = self.instance.save_if_version(expected, fields)
        if saved:
            return True
        self.conflict = model._default_manager.get(pk=self.instance.pk)
        # Let the next submit of this same text go through, on top of the other change.
        data = self.data.copy()
        data[self.add_prefix("versie")] = self.conflict.versie
        self.data = data
        self.add_error(
            None,
            _(
                "Iemand anders heeft dit intussen ook gewijzigd. Hierboven staat wat er nu is "
                "opgeslagen. Jouw tekst staat nog in het formulier: kijk het na en sla opnieuw op."
            ),
        )
        return False


class NetwerkForm(forms.ModelForm):
    hoofdpersoon = forms.CharField(
        label=_("Naam van de hoofdpersoon"),
        max_length=120,
        help_text=_("De persoon om wie het netwerk draait. Je nodigt hem of haar hierna uit."),
    )
    mijn_rol = forms.ChoiceField(
        label=_("Mijn rol in dit netwerk"),
        choices=[
            (Rol.FACILITATOR.value, Rol.FACILITATOR.label),
            (Rol.PROFESSIONAL.value, Rol.PROFESSIONAL.label),
        ],
        initial=Rol.FACILITATOR,
    )

    class Meta:
        model = Netwerk
        fields = ["titel"]
        help_texts = {"titel": _("Bijvoorbeeld: Het netwerk van Marieke.")}


class NetwerkWijzigenForm(VersionedModelForm):
    class Meta:
        model = Netwerk
        fields = ["titel"]


class UitnodigingForm(forms.Form):
    persoon = forms.ModelChoiceField(
        label=_("Wie nodig je uit?"),
        queryset=Persoon.objects.none(),
        required=False,
        empty_label=_("— Iemand nieuw —"),
    )
    naam = forms.CharField(
        label=_("Naam (als de persoon nog niet in de lijst staat)"), max_length=120, required=False
    )
    rol = forms.ChoiceField(label=_("Rol"))
    email = forms.EmailField(
        label=_("E-mailadres (niet verplicht)"),
        required=False,
        help_text=_("Vul je dit in, dan sturen we de link ook per e-mail."),
    )

    def __init__(self, *args, netwerk: Netwerk, rol: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persoon"].queryset = Persoon.objects.in_netwerk(netwerk)
        self.fields["rol"].choices = [(r, Rol(r).label) for r in MAG_UITNODIGEN_ALS.get(rol, ())]
        if self.initial.get("rol") not in MAG_UITNODIGEN_ALS.get(rol, ()):
            self.initial["rol"] = Rol.NETWERKLID

    def clean(self):
        data = super().clean()
        if not data.get("persoon") and not (data.get("naam") or "").strip():
            self.add_error("naam", _("Kies iemand uit de lijst of vul een naam in."))
        return data


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Je gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is uitgezet. Vraag je organisatie om hulp."),
    }


class LoginLinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"))


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]
        labels = {
            "first_name": _("Voornaam"),
            "last_name": _("Achternaam"),
            "email": _("E-mailadres"),
        }

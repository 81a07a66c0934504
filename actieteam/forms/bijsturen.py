"""The form of Plan bijsturen: the live beraad's afspraak form, with two additions.

- It knows which fields the person really changed (`veranderd`), also for who does it and
  who steps in, so a save without changes touches nothing and makes no plan version.
- A new afspraak carries a `sleutel`: when the form was opened, signed. A second submit
  of the same form (a double tap, or the browser sending it again) finds the afspraak the
  first one made, in the same transaction under the plan's lock, and adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beraad.forms.plan import AfspraakForm

SLEUTEL_SALT = "actieteam.bijsturen.sleutel"
SLEUTEL_FOUT = _(
    "Dit formulier is te oud of niet compleet. Jouw tekst staat nog in het formulier: "
    "tik nog een keer op opslaan."
)


def nieuwe_sleutel() -> str:
    """The key for a form opened now: signed, so only this site makes them."""
    return signing.dumps(timezone.now().timestamp(), salt=SLEUTEL_SALT)


def geopend_op(sleutel: str) -> datetime | None:
    """When the form with this key was opened, or None for a key we did not make."""
    try:
        moment = signing.loads(sleutel, salt=SLEUTEL_SALT)
        return datetime.fromtimestamp(float(moment), tz=UTC)
    except (signing.BadSignature, TypeError, ValueError, OverflowError):
        return None


class BijsturenForm(AfspraakForm):
    """An afspraak of the Actieteam's plan: new (with `sleutel`) or changed (with `versie`)."""

    sleutel = forms.CharField(widget=forms.HiddenInput, required=False)
    geopend: datetime | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nieuw = self.instance._state.adding
        if nieuw:
            self.fields["sleutel"].required = True
            self.fields["sleutel"].error_messages["required"] = SLEUTEL_FOUT
            if not self.is_bound:
                self.initial["sleutel"] = nieuwe_sleutel()
        else:
            del self.fields["sleutel"]
            if self.is_bound:
                # What was saved, so `changed_data` sees a change of who does it too (the
                # parent sets these only for an unbound form).
                afspraak = self.instance
                self.initial["wie"] = [p.pk for p in afspraak.wie.all()]
                self.initial["invallers"] = [p.pk for p in afspraak.invallers.all()]
                self.initial["voorwaarden"] = [v.pk for v in afspraak.voorwaarden.all()]

    def clean_sleutel(self):
        sleutel = self.cleaned_data.get("sleutel", "")
        self.geopend = geopend_op(sleutel)
        if self.geopend is None:
            raise forms.ValidationError(SLEUTEL_FOUT)
        return sleutel

    def clean(self):
        data = super().clean()
        if "sleutel" in self._errors:
            # Let the next tap go through: the text stays, the key is new.
            nieuw = self.data.copy()
            nieuw[self.add_prefix("sleutel")] = nieuwe_sleutel()
            self.data = nieuw
        return data

    def save_checked(self) -> bool:
        if super().save_checked():
            return True
        # The page shows the other's change with its own words above the form: one
        # message, not the same one twice.
        self._errors.pop(NON_FIELD_ERRORS, None)
        return False

    def veranderd(self) -> list[str]:
        """The fields the person changed, compared with what is saved now."""
        return [naam for naam in self.changed_data if naam not in ("versie", "sleutel")]

"""Forms for who is invited to the beraad, and the invitee's own answer."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Genodigde

KIES_UIT_GROSLIJST = _("Kies alleen mensen uit de groslijst van dit netwerk.")

# The answer as someone else reads or notes it ("Els komt"), beside the invitee's own
# words on their phone ("Ik kom", the model's labels).
ANTWOORD_LABELS = {
    Genodigde.Antwoord.KOMT: _("Komt"),
    Genodigde.Antwoord.KOMT_NIET: _("Komt niet"),
    Genodigde.Antwoord.MISSCHIEN: _("Misschien"),
}
GEEN_ANTWOORD = _("Nog geen antwoord")


class IdLijst(forms.Field):
    """A list of ids sent back in hidden fields; anything else is refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[int]:
        if not value:
            return set()
        if isinstance(value, str):
            value = [value]
        try:
            return {int(v) for v in value}
        except (TypeError, ValueError):
            raise ValidationError(KIES_UIT_GROSLIJST, code="invalid") from None


class KiesGenodigdenForm(forms.Form):
    """Tick who is invited. `getoond` holds who was ticked when the page was opened.

    Only what this person changed is saved: someone ticked by another supporter in the
    meantime is not taken off the list because this page did not show them yet.
    """

    personen = forms.ModelMultipleChoiceField(
        label=_("Wie nodigen we uit?"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": KIES_UIT_GROSLIJST,
            "invalid_pk_value": KIES_UIT_GROSLIJST,
            "invalid_list": KIES_UIT_GROSLIJST,
        },
    )
    getoond = IdLijst(required=False)

    def __init__(self, *args, kiesbaar: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personen"].queryset = kiesbaar


class NietUitnodigenForm(forms.Form):
    """Someone the person deliberately does not invite; the reason only for who may read it."""

    persoon = forms.ModelChoiceField(
        label=_("Wie nodigen we bewust niet uit?"),
        queryset=None,
        empty_label=_("— Kies iemand —"),
        error_messages={
            "required": _("Kies wie je niet uitnodigt."),
            "invalid_choice": KIES_UIT_GROSLIJST,
        },
    )
    reden = forms.CharField(
        label=_("Waarom niet?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen de hoofdpersoon en de facilitator kunnen dit lezen."),
        error_messages={"max_length": _("Schrijf het korter: hoogstens 1000 tekens.")},
    )

    def __init__(self, *args, kiesbaar: QuerySet, mag_reden: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persoon"].queryset = kiesbaar
        if not mag_reden:
            del self.fields["reden"]


class GenodigdeForm(forms.ModelForm):
    """One invitee: invited or deliberately not, and an answer given by phone.

    `stand` is when the invitee last answered as the page was opened: if they answered
    on their own phone in the meantime, saving stops and shows their answer first.
    """

    uitgenodigd = forms.TypedChoiceField(
        label=_("Nodigen we deze persoon uit?"),
        choices=[(True, _("Ja, we nodigen uit")), (False, _("Nee, we nodigen bewust niet uit"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of jullie deze persoon uitnodigen."),
            "invalid_choice": _("Kies of jullie deze persoon uitnodigen."),
        },
    )
    antwoord = forms.ChoiceField(
        label=_("Wat heeft deze persoon geantwoord?"),
        help_text=_("Bijvoorbeeld als iemand het door de telefoon zei."),
        choices=[("", GEEN_ANTWOORD), *ANTWOORD_LABELS.items()],
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Kies komt, komt niet, misschien of nog geen antwoord.")
        },
    )
    stand = forms.CharField(required=False, widget=forms.HiddenInput)
    # Whether the page showed this person as invited ("1") or deliberately not ("0"):
    # a stale page must not undo "bewust niet" (and its reason) someone chose meanwhile.
    gezien = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Genodigde
        fields = ["uitgenodigd", "reden", "antwoord", "opmerking"]
        labels = {
            "reden": _("Waarom niet?"),
            "opmerking": _("Wil deze persoon iets laten weten?"),
        }
        help_texts = {
            "reden": _("Alleen de hoofdpersoon en de facilitator kunnen dit lezen."),
            "opmerking": _("Bijvoorbeeld over vervoer, eten of oppas."),
        }
        widgets = {"reden": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "reden": {"max_length": _("Schrijf het korter: hoogstens 1000 tekens.")},
            "opmerking": {"max_length": _("Schrijf het korter: hoogstens 300 tekens.")},
        }

    def __init__(self, *args, mag_reden: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not mag_reden:
            # Not even an empty field: the reason stays as it is, unseen.
            del self.fields["reden"]
        if not self.is_bound:
            self.initial["stand"] = stand_van(self.instance)
            self.initial["gezien"] = "1" if self.instance.uitgenodigd else "0"


def stand_van(genodigde: Genodigde) -> str:
    return genodigde.beantwoord.isoformat() if genodigde.beantwoord else ""


class AntwoordForm(forms.ModelForm):
    """The invitee's own answer, on their phone."""

    antwoord = forms.ChoiceField(
        label=_("Kom je?"),
        choices=Genodigde.Antwoord.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies: ik kom, ik kom niet of misschien."),
            "invalid_choice": _("Kies: ik kom, ik kom niet of misschien."),
        },
    )

    class Meta:
        model = Genodigde
        fields = ["antwoord", "opmerking"]
        labels = {"opmerking": _("Wil je iets laten weten?")}
        help_texts = {"opmerking": _("Bijvoorbeeld over vervoer, eten of oppas.")}
        widgets = {"opmerking": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}
        error_messages = {
            "opmerking": {"max_length": _("Schrijf het korter: hoogstens 300 tekens.")},
        }

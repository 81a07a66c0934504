"""Forms of the talentenkaart, the ondersteuningskaart and the rondje positief.

The choice of a person is filled from the list of people the page has already
loaded, so a form never asks the database again and can only name someone of
this Netwerk.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sonestra.core.models import Netwerk, Persoon

from ..models import Compliment, Ondersteuning, Talent

NIET_IN_NETWERK = _("Kies iemand uit de groslijst van dit netwerk.")


class PersoonKeuze(forms.TypedChoiceField):
    """A choice of one Persoon from a list the view already holds."""

    def __init__(self, *, personen: Iterable[Persoon], leeg: str | None = None, **kwargs):
        self.personen = {p.pk: p for p in personen}
        choices = [(p.pk, p.naam) for p in self.personen.values()]
        if leeg is not None:
            choices.insert(0, ("", leeg))
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", NIET_IN_NETWERK)
        kwargs["error_messages"].setdefault("required", NIET_IN_NETWERK)
        super().__init__(choices=choices, coerce=int, empty_value=None, **kwargs)

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.personen[pk]


class TalentForm(forms.ModelForm):
    """Add one talent. With `personen` the form asks for whom; without, it is one's own."""

    class Meta:
        model = Talent
        fields = ["soort", "tekst"]
        labels = {"soort": _("Soort"), "tekst": _("Wat?")}
        widgets = {
            "soort": forms.RadioSelect,
            "tekst": forms.TextInput(
                attrs={"autocomplete": "off", "placeholder": _("Bijvoorbeeld: koken")}
            ),
        }
        error_messages = {
            "tekst": {
                "required": _("Vul in wat iemand goed kan of graag doet."),
                "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
            },
            "soort": {
                "required": _("Kies: is goed in, of doet graag."),
                "invalid_choice": _("Kies: is goed in, of doet graag."),
            },
        }

    def __init__(self, *args, personen: Iterable[Persoon] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = Talent.Soort.choices
        if personen is not None:
            self.fields["persoon"] = PersoonKeuze(personen=personen, label=_("Van wie?"))
            self.order_fields(["persoon", "soort", "tekst"])

    def save_for(self, eigen: Persoon | None, user) -> Talent:
        """Save for the chosen person, or for `eigen` when the form asks for nobody."""
        talent = self.instance
        talent.persoon = self.cleaned_data.get("persoon") or eigen
        talent.netwerk_id = talent.persoon.netwerk_id
        talent.created_by = user
        talent.save()
        return talent


class OndersteuningForm(forms.Form):
    """One cell of the grid: this person supports in this life domain."""

    persoon = forms.Field()  # replaced in __init__ by the choice from this Netwerk
    domein = forms.ChoiceField(
        label=_("Bij welk levensgebied?"),
        choices=Ondersteuning.Domein.choices,
        error_messages={
            "required": _("Kies een levensgebied."),
            "invalid_choice": _("Kies een levensgebied uit de lijst."),
        },
    )
    toelichting = forms.CharField(
        label=_("Wat doet iemand? (mag leeg)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": _("Bijvoorbeeld: helpt met de post")}
        ),
        error_messages={"max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens.")},
    )

    def __init__(self, data=None, *args, personen: Iterable[Persoon], **kwargs):
        # A tap in the grid says what it wants: its button is named "aan" or "uit" with the
        # domein as value. So a double tap or an old page never flips a cell back.
        self.weghalen = False
        if data is not None and not data.get("domein"):
            data = data.copy()
            if data.get("uit"):
                data["domein"], self.weghalen = data["uit"], True
            elif data.get("aan"):
                data["domein"] = data["aan"]
        super().__init__(data, *args, **kwargs)
        self.fields["persoon"] = PersoonKeuze(
            personen=personen, label=_("Wie helpt?"), leeg=_("Kies iemand")
        )
        self.order_fields(["persoon", "domein", "toelichting"])

    def save(self, netwerk: Netwerk) -> tuple[Ondersteuning, str]:
        """Fill in or take away one cell, as asked. Returns the cell and what happened:
        "toegevoegd", "bijgewerkt", "weggehaald" or "" (it already was so)."""
        persoon = self.cleaned_data["persoon"]
        domein = self.cleaned_data["domein"]
        toelichting = self.cleaned_data["toelichting"]
        cel = Ondersteuning.objects.filter(netwerk=netwerk, persoon=persoon, domein=domein).first()
        if self.weghalen:
            if cel is None:
                return Ondersteuning(netwerk=netwerk, persoon=persoon, domein=domein), ""
            cel.delete()
            return cel, "weggehaald"
        if cel is None:
            cel = Ondersteuning(
                netwerk=netwerk, persoon=persoon, domein=domein, toelichting=toelichting
            )
            try:
                with transaction.atomic():
                    cel.save()
            except IntegrityError:
                # Someone else filled the same cell a moment ago: that is what was asked.
                cel = Ondersteuning.objects.get(persoon=persoon, domein=domein)
            return cel, "toegevoegd"
        if toelichting and toelichting != cel.toelichting:
            cel.toelichting = toelichting
            cel.save(update_fields=["toelichting"])
            return cel, "bijgewerkt"
        return cel, ""


class ComplimentForm(forms.ModelForm):
    """One line of the rondje positief. With `personen` the writer may say who said it."""

    class Meta:
        model = Compliment
        fields = ["tekst"]
        labels = {"tekst": _("Wat waardeer je?")}
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "tekst": {
                "required": _("Schrijf op wat je waardeert."),
                "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
            }
        }

    def __init__(self, *args, personen: Iterable[Persoon] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if personen is not None:
            self.fields["van"] = PersoonKeuze(
                personen=personen,
                label=_("Wie zegt het?"),
                leeg=_("Iemand uit het netwerk"),
                required=False,
            )
            self.order_fields(["van", "tekst"])

    def save_for(self, netwerk: Netwerk, van: Persoon | None, user) -> Compliment:
        compliment = self.instance
        compliment.netwerk = netwerk
        compliment.van = self.cleaned_data["van"] if "van" in self.fields else van
        compliment.auteur = user
        compliment.save()
        return compliment

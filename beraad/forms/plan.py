"""Forms of the live beraad: an afspraak in the plan, and closing the beraad.

Every choice (vraag, people, voorwaarden) is filled from a list the view already loaded
for this Netwerk and this beraad, so a form asks the database nothing more and an id from
elsewhere is simply not a valid choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sonestra.core.forms import VersionedModelForm
from sonestra.core.models import Persoon

from ..models import Actieplan, Afspraak, Voorwaarde, Vraag

NIET_IN_NETWERK = _("Kies alleen mensen uit de groslijst van dit netwerk.")
DATUM_FOUT = _("Vul een datum in, bijvoorbeeld 15-03-2027.")
DATUM_FORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%m-%y"]


class Keuze(forms.TypedChoiceField):
    """One of a list of objects the view holds; cleans to the object itself."""

    def __init__(self, *, fout: str, leeg: str | None = None, **kwargs):
        self.objecten: dict[int, object] = {}
        self.leeg = leeg
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", fout)
        kwargs["error_messages"].setdefault("required", fout)
        super().__init__(choices=[], coerce=int, empty_value=None, **kwargs)

    def vul(self, objecten: Iterable, label: Callable[[object], str] = str) -> None:
        self.objecten = {o.pk: o for o in objecten}
        choices = [(pk, label(o)) for pk, o in self.objecten.items()]
        if self.leeg is not None:
            choices.insert(0, ("", self.leeg))
        self.choices = choices

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.objecten[pk]


class Keuzes(forms.TypedMultipleChoiceField):
    """Several of a list of objects the view holds; cleans to the objects themselves."""

    def __init__(self, *, fout: str, **kwargs):
        self.objecten: dict[int, object] = {}
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", fout)
        kwargs["error_messages"].setdefault("invalid_pk_value", fout)
        super().__init__(
            choices=[],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )

    def vul(self, objecten: Iterable, label: Callable[[object], str] = str) -> None:
        self.objecten = {o.pk: o for o in objecten}
        self.choices = [(pk, label(o)) for pk, o in self.objecten.items()]

    def clean(self, value):
        return [self.objecten[pk] for pk in super().clean(value)]


class EuroVeld(forms.DecimalField):
    """An amount in euro as people type it: 12,50 or € 12,50 (12.50 works too)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "")
        return super().to_python(value)


def _voorwaarde_label(voorwaarde: Voorwaarde) -> str:
    tekst = " ".join(voorwaarde.tekst.split())
    if len(tekst) > 90:
        tekst = tekst[:88].rstrip() + "…"
    return f"{voorwaarde.get_thema_display()}: {tekst}"


class AfspraakForm(VersionedModelForm):
    """One afspraak: wat, wie, wanneer, how we know it works, who steps in, and for
    aanbod what it costs."""

    vraag = Keuze(label=_("Bij welke vraag?"), fout=_("Kies bij welke vraag deze afspraak hoort."))
    wie = Keuzes(
        label=_("Wie doet het?"),
        fout=NIET_IN_NETWERK,
        help_text=_("Kies een of meer mensen uit de groslijst."),
    )
    invallers = Keuzes(
        label=_("Wie springt in als het anders loopt?"),
        fout=NIET_IN_NETWERK,
        help_text=_("Als het een keer niet lukt: wie doet het dan?"),
    )
    kosten = EuroVeld(
        label=_("Kosten in euro"),
        required=False,
        localize=True,
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        help_text=_("Alleen bij aanbod. Bijvoorbeeld 12,50."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Vul een bedrag in, bijvoorbeeld 12,50."),
            "min_value": _("Een bedrag kan niet onder nul zijn."),
            "max_digits": _("Dat bedrag is te groot."),
            "max_whole_digits": _("Dat bedrag is te groot."),
            "max_decimal_places": _("Vul hooguit twee cijfers na de komma in."),
        },
    )
    klaar_op = forms.DateField(
        label=_("Klaar op (datum, niet verplicht)"),
        required=False,
        input_formats=DATUM_FORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATUM_FOUT},
    )
    voorwaarden = Keuzes(
        label=_("Deze afspraak helpt bij deze voorwaarde"),
        fout=_("Kies alleen voorwaarden van dit beraad."),
        help_text=_("Kruis aan als deze afspraak zorgt dat aan een voorwaarde wordt voldaan."),
    )

    class Meta:
        model = Afspraak
        # The many-to-many choices are set after a checked save (save_checked updates
        # columns only), so they are not model fields of this form.
        fields = [
            "vraag",
            "soort",
            "wat",
            "wanneer",
            "hoe_weten",
            "klaar_op",
            "kosten",
            "kosten_per",
        ]
        labels = {
            "soort": _("Wat voor afspraak is het?"),
            "wat": _("Wat gaan we doen?"),
            "wanneer": _("Wanneer?"),
            "hoe_weten": _("Hoe weten we dat het lukt?"),
            "kosten_per": _("Per"),
        }
        help_texts = {
            "soort": _(
                "Eerst wat jullie zelf doen, met familie en netwerk. Daarna welke hulp van "
                "professionals nog nodig is. Als laatste aanbod en wat het kost."
            ),
            "hoe_weten": _(
                "Bijvoorbeeld: de koelkast is gevuld, of Marieke zegt dat het goed gaat."
            ),
        }
        widgets = {
            "soort": forms.RadioSelect,
            "wat": forms.Textarea(attrs={"rows": 3}),
            "hoe_weten": forms.Textarea(attrs={"rows": 2}),
            "wanneer": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {
            "soort": {
                "required": _("Kies wat voor afspraak het is."),
                "invalid_choice": _("Kies wat voor afspraak het is."),
            },
            "wat": {
                "required": _("Schrijf op wat jullie gaan doen."),
                "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
            },
            "wanneer": {"max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens.")},
            "hoe_weten": {
                "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
            },
            "kosten_per": {"invalid_choice": _("Kies eenmalig, per week, per maand of per jaar.")},
        }

    def __init__(
        self,
        *args,
        vragen: Iterable[Vraag],
        personen: Iterable[Persoon],
        voorwaarden: Iterable[Voorwaarde],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        personen = list(personen)
        self.fields["vraag"].vul(vragen, lambda v: v.tekst)
        self.fields["wie"].vul(personen, lambda p: p.naam)
        self.fields["invallers"].vul(personen, lambda p: p.naam)
        self.fields["voorwaarden"].vul(
            [v for v in voorwaarden if v.soort == Voorwaarde.Soort.VOORWAARDE], _voorwaarde_label
        )
        # A model field with choices brings a blank choice along; three radios need none.
        self.fields["soort"].choices = Afspraak.Soort.choices
        self.fields["kosten_per"].choices = [("", "—"), *Afspraak.Per.choices]
        if self.instance._state.adding:
            # Nothing to be in conflict with yet.
            self.fields["versie"].required = False
        elif not self.is_bound:
            afspraak = self.instance
            self.initial["wie"] = [p.pk for p in afspraak.wie.all()]
            self.initial["invallers"] = [p.pk for p in afspraak.invallers.all()]
            self.initial["voorwaarden"] = [v.pk for v in afspraak.voorwaarden.all()]

    def clean_klaar_op(self):
        dag = self.cleaned_data.get("klaar_op")
        if dag is not None and abs((dag - timezone.localdate()).days) > 5 * 366:
            # A typo like 2207 for 2027: calendars and reminders cannot place it.
            raise forms.ValidationError(_("Kies een datum binnen vijf jaar van nu."))
        return dag

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        kosten = data.get("kosten")
        if kosten is None:
            # A unit without an amount means nothing; it stays behind when the kind changed.
            data["kosten_per"] = ""
        elif soort is not None and soort != Afspraak.Soort.AANBOD:
            self.add_error("kosten", _("Kosten vul je alleen in bij ‘Aanbod en wat het kost’."))
        elif not data.get("kosten_per"):
            self.add_error(
                "kosten_per", _("Kies of het bedrag eenmalig is, of per week, maand of jaar.")
            )
        return data

    def opslaan(self, user=None) -> bool:
        """Save a new afspraak, or a changed one with the version check; then who does
        it, who steps in and the voorwaarden. False on a conflict (nothing saved)."""
        afspraak = self.instance
        with transaction.atomic():
            if afspraak._state.adding:
                afspraak.created_by = user
                afspraak.save()
            elif self.save_checked():
                Afspraak.objects.filter(pk=afspraak.pk).update(gewijzigd=timezone.now())
            else:
                return False
            afspraak.wie.set(self.cleaned_data["wie"])
            afspraak.invallers.set(self.cleaned_data["invallers"])
            afspraak.voorwaarden.set(self.cleaned_data["voorwaarden"])
        return True


class AfsluitenForm(VersionedModelForm):
    """The family names an aanspreekpunt and a day to look back together."""

    aanspreekpunt = Keuze(
        label=_("Wie is het aanspreekpunt?"),
        fout=_("Kies iemand uit de familie of het netwerk."),
        leeg=_("— Nog niet gekozen —"),
        required=False,
        help_text=_("Iemand uit de familie of het netwerk die het plan bijhoudt."),
    )
    vervolgdatum = forms.DateField(
        label=_("Wanneer kijken jullie samen terug?"),
        required=False,
        input_formats=DATUM_FORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Op deze dag is het vervolgberaad, om 19.00 uur. Dat kun je later nog veranderen."
        ),
        error_messages={"invalid": DATUM_FOUT},
    )

    class Meta:
        model = Actieplan
        fields = ["aanspreekpunt", "vervolgdatum"]

    def __init__(self, *args, personen: Iterable[Persoon], afronden: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.afronden = afronden
        self.fields["aanspreekpunt"].vul(
            [p for p in personen if not p.is_professional], lambda p: p.naam
        )

    def clean_vervolgdatum(self):
        dag = self.cleaned_data.get("vervolgdatum")
        if dag is not None and dag <= timezone.localdate():
            raise forms.ValidationError(_("Kies een datum na vandaag."))
        if dag is not None and (dag - timezone.localdate()).days > 5 * 366:
            raise forms.ValidationError(_("Kies een datum binnen vijf jaar van nu."))
        return dag

    def clean(self):
        data = super().clean()
        if self.afronden:
            if "aanspreekpunt" in data and data["aanspreekpunt"] is None:
                self.add_error(
                    "aanspreekpunt", _("Kies eerst een aanspreekpunt. Dan kun je afronden.")
                )
            if "vervolgdatum" in data and data["vervolgdatum"] is None:
                self.add_error(
                    "vervolgdatum",
                    _("Kies eerst een datum om terug te kijken. Dan kun je afronden."),
                )
        return data

"""Forms of the voorbereiding: vragen, informatie, waar en wanneer, zorgen en voorwaarden.

The person writes the vragen in their own words; the forms ask in plain Dutch and say
what went wrong in plain Dutch. Records two people may edit at once carry the version
they were opened at, so nobody's text is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from netwerkkompas.forms.kaarten import PersoonKeuze
from sonestra.core.forms import VersionedModelForm
from sonestra.core.models import Persoon

from ..models import Beraad, Informatie, Voorwaarde, Vraag

CONFLICT = _(
    "Iemand anders heeft dit intussen ook gewijzigd. Hierboven staat wat er nu is "
    "opgeslagen. Jouw tekst staat nog in het formulier: kijk het na en sla opnieuw op."
)
WEGGEHAALD = _(
    "Iemand anders heeft dit intussen weggehaald. Jouw tekst staat nog in het formulier: "
    "kopieer hem als je hem wilt bewaren."
)


class WegVeiligMixin:
    """A record removed while someone edited it: a message, not a crash."""

    def save_checked(self) -> bool:
        try:
            return super().save_checked()
        except self._meta.model.DoesNotExist:
            self.weggehaald = True
            self.add_error(None, WEGGEHAALD)
            return False


# --- Nieuw beraad ----------------------------------------------------------------------


class NieuwBeraadForm(forms.Form):
    """The button on the overview; `vorige` names the beraad this one follows."""

    vorige = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


# --- Vragen ----------------------------------------------------------------------------


def vingerafdruk(tekst: str) -> str:
    """A short mark of a text as it was when a form opened (line ends do not count)."""
    gewoon = tekst.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(gewoon.encode()).hexdigest()[:32]


class VraagForm(forms.ModelForm):
    """One vraag, in the person's own words.

    A Vraag has no version number, so an edit form carries a mark of the text it was
    opened with: when someone else changed the vraag in the meantime, nothing is
    overwritten and the form comes back with both texts.
    """

    stand = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict = None
    weggehaald = False

    class Meta:
        model = Vraag
        fields = ["tekst"]
        labels = {"tekst": _("De vraag")}
        help_texts = {
            "tekst": _(
                "Schrijf de vraag zoals jij hem zou stellen. Bijvoorbeeld: Hoe kan ik "
                "blijven wonen waar ik nu woon?"
            )
        }
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "tekst": {
                "required": _("Schrijf eerst de vraag in het vak."),
                "max_length": _("De vraag is te lang: hooguit %(limit_value)d tekens."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["stand"]
        elif not self.is_bound:
            self.initial["stand"] = vingerafdruk(self.instance.tekst)

    def save_new(self, beraad: Beraad) -> Vraag:
        """Add the vraag at the bottom of the list."""
        vraag = self.instance
        vraag.netwerk_id = beraad.netwerk_id
        vraag.beraad = beraad
        with transaction.atomic():
            laatste = (
                Vraag.objects.filter(beraad=beraad)
                .order_by("-volgorde")
                .values_list("volgorde", flat=True)
            ).first()
            vraag.volgorde = (laatste or 0) + 1
            vraag.save()
        return vraag

    def save_checked(self) -> bool:
        """Save when the vraag is still as it was when the form opened."""
        vraag = self.instance
        with transaction.atomic():
            huidig = Vraag.objects.select_for_update().filter(pk=vraag.pk).first()
            if huidig is None:
                self.weggehaald = True
                self.add_error(None, WEGGEHAALD)
                return False
            if vingerafdruk(huidig.tekst) == self.cleaned_data.get("stand"):
                # Compare-and-swap on the text just read: a save in between loses nothing.
                if Vraag.objects.filter(pk=vraag.pk, tekst=huidig.tekst).update(
                    tekst=self.cleaned_data["tekst"]
                ):
                    return True
                huidig.refresh_from_db()
        self.conflict = huidig
        data = self.data.copy()
        data[self.add_prefix("stand")] = vingerafdruk(huidig.tekst)
        self.data = data
        self.add_error(None, CONFLICT)
        return False


class VerwijderenForm(forms.Form):
    """The second step of removing something: the person said yes."""

    zeker = forms.BooleanField(required=False)


# --- Informatie ------------------------------------------------------------------------

INFORMATIE_LABELS = {
    "onderwerp": _("Wat willen we weten?"),
    "van": pgettext_lazy("wie vertelt het", "Van wie?"),
    "antwoord": _("Het antwoord"),
}
INFORMATIE_HELP = {
    "onderwerp": _(
        "Bijvoorbeeld: wat betekent de diagnose voor later? Of: welke regels gelden er "
        "voor een woning?"
    ),
    "van": _("Kies iemand uit de groslijst. Weet je het nog niet? Laat dit dan leeg."),
    "antwoord": _("Schrijf het antwoord zo dat iedereen het begrijpt. Gewone woorden."),
}
INFORMATIE_FOUTEN = {
    "onderwerp": {
        "required": _("Schrijf op wat jullie willen weten."),
        "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
    },
    "antwoord": {
        "max_length": _("Het antwoord is te lang: hooguit %(limit_value)d tekens."),
    },
}


def _van_keuze(personen: Iterable[Persoon]) -> PersoonKeuze:
    return PersoonKeuze(
        personen=personen,
        leeg=_("— Weet ik nog niet —"),
        required=False,
        label=INFORMATIE_LABELS["van"],
        help_text=INFORMATIE_HELP["van"],
    )


class InformatieForm(forms.ModelForm):
    """What the beraad needs to know, and from whom (someone from the groslijst)."""

    class Meta:
        model = Informatie
        fields = ["onderwerp", "van"]
        labels = INFORMATIE_LABELS
        help_texts = INFORMATIE_HELP
        error_messages = INFORMATIE_FOUTEN

    def __init__(self, *args, personen: Iterable[Persoon], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["van"] = _van_keuze(personen)

    def save_new(self, beraad: Beraad) -> Informatie:
        informatie = self.save(commit=False)
        informatie.netwerk_id = beraad.netwerk_id
        informatie.beraad = beraad
        informatie.save()
        return informatie


class AntwoordForm(WegVeiligMixin, VersionedModelForm):
    """The answer to one informatievraag, written by the one who was asked or by the
    people who prepare the beraad. With `personen`, the question itself can change too."""

    weggehaald = False

    class Meta:
        model = Informatie
        fields = ["onderwerp", "van", "antwoord"]
        labels = INFORMATIE_LABELS
        help_texts = INFORMATIE_HELP
        error_messages = INFORMATIE_FOUTEN
        widgets = {"antwoord": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, personen: Iterable[Persoon] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if personen is None:
            # The one who was asked writes the answer, and only that.
            del self.fields["onderwerp"]
            del self.fields["van"]
        else:
            self.fields["van"] = _van_keuze(personen)
        self._antwoord_was = self.instance.antwoord

    def opslaan(self, user) -> bool:
        """Save with the version check; a new answer records who gave it and when."""
        with transaction.atomic():
            if not self.save_checked():
                return False
            informatie = self.instance
            if informatie.antwoord.strip() != self._antwoord_was.strip():
                beantwoord = timezone.now() if informatie.antwoord.strip() else None
                door = user if beantwoord else None
                Informatie.objects.filter(pk=informatie.pk).update(
                    beantwoord=beantwoord, beantwoord_door=door
                )
                informatie.beantwoord, informatie.beantwoord_door = beantwoord, door
        return True


# --- Waar en wanneer -------------------------------------------------------------------


class WaarWanneerForm(VersionedModelForm):
    """Where and when, chosen by the person; a phone shows its own date and time picker."""

    datum = forms.SplitDateTimeField(
        label=_("Dag en begintijd"),
        required=False,
        input_date_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        input_time_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        widget=forms.SplitDateTimeWidget(
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date", "class": "form-control"},
            time_attrs={"type": "time", "class": "form-control", "step": 300},
        ),
        error_messages={
            "invalid_date": _("Kies een dag, bijvoorbeeld 14-03-2027."),
            "invalid_time": _("Kies een begintijd, bijvoorbeeld 19:30."),
        },
    )
    eindtijd = forms.TimeField(
        label=_("Eindtijd (ongeveer)"),
        required=False,
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        widget=forms.TimeInput(
            format="%H:%M", attrs={"type": "time", "class": "form-control", "step": 300}
        ),
        help_text=_("Een beraad duurt vaak twee tot drie uur."),
        error_messages={"invalid": _("Kies een eindtijd, bijvoorbeeld 22:00.")},
    )

    class Meta:
        model = Beraad
        fields = ["datum", "eindtijd", "waar"]
        labels = {"waar": _("Waar?")}
        help_texts = {
            "waar": _(
                "Een plek waar iedereen zich welkom voelt. Bijvoorbeeld: bij oma Truus "
                "thuis, Lindelaan 12 in Utrecht, of in het buurthuis."
            )
        }
        error_messages = {
            "waar": {"max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens.")}
        }

    def dag_en_tijd(self) -> tuple[str, str]:
        """The day and the start time as the two inputs show them: what was typed, or
        the saved moment in this time zone."""
        veld = self["datum"]
        widget = self.fields["datum"].widget
        delen = widget.get_context(veld.html_name, veld.value(), {})["widget"]["subwidgets"]
        return tuple(str(deel["value"] or "") for deel in delen)

    def clean_datum(self):
        datum = self.cleaned_data.get("datum")
        if (
            datum is not None
            and self.instance.fase == Beraad.Fase.VOORBEREIDING
            and datum < timezone.now()
        ):
            raise forms.ValidationError(
                _("Deze dag en tijd zijn al voorbij. Kies een moment in de toekomst."),
                code="verleden",
            )
        if datum is not None and abs(datum - timezone.now()).days > 5 * 366:
            # A typo such as 9999 would break the agenda file and the invitation page.
            raise forms.ValidationError(
                _("Kies een datum binnen vijf jaar van nu."), code="ver_weg"
            )
        return datum

    def clean(self):
        data = super().clean()
        datum, eindtijd = data.get("datum"), data.get("eindtijd")
        if datum is not None and eindtijd is not None:
            begin = timezone.localtime(datum).time()
            if eindtijd <= begin:
                self.add_error("eindtijd", _("De eindtijd moet later zijn dan de begintijd."))
        return data


# --- Zorgen en voorwaarden -------------------------------------------------------------


class VoorwaardeForm(WegVeiligMixin, VersionedModelForm):
    """A professional's concern or bottom line, in words the family understands."""

    weggehaald = False

    class Meta:
        model = Voorwaarde
        fields = ["soort", "thema", "tekst"]
        labels = {
            "soort": _("Is het een zorg of een voorwaarde?"),
            "thema": _("Waar gaat het over?"),
            "tekst": _("Wat is de zorg of voorwaarde?"),
        }
        help_texts = {
            "tekst": _(
                "Schrijf in gewone woorden, zodat de familie het begrijpt. Zeg wat er "
                "geregeld moet zijn, niet hoe: dat bedenken de familie en het netwerk zelf."
            )
        }
        widgets = {
            "soort": forms.RadioSelect,
            "thema": forms.RadioSelect,
            "tekst": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "tekst": {
                "required": _("Schrijf de zorg of voorwaarde in het vak."),
                "max_length": _("Schrijf het korter: hooguit %(limit_value)d tekens."),
            },
            "soort": {
                "required": _("Kies: een zorg of een voorwaarde."),
                "invalid_choice": _("Kies: een zorg of een voorwaarde."),
            },
            "thema": {
                "required": _("Kies waar het over gaat."),
                "invalid_choice": _("Kies waar het over gaat."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model field with choices brings a blank choice along; a radio list needs none.
        self.fields["soort"].choices = Voorwaarde.Soort.choices
        self.fields["thema"].choices = Voorwaarde.Thema.choices
        if self.instance._state.adding:
            # Nothing to be in conflict with yet.
            self.fields["versie"].required = False

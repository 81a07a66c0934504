"""Forms of Verhaal en perspectieven: the story, one's own perspective, who may read what."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from sonestra.core.forms import VersionedModelForm
from sonestra.core.roles import Zichtbaarheid

from ..models import Perspectief, Verhaal

CONFLICT_BIJ_MAKEN = _(
    "Iemand anders heeft dit intussen ook opgeslagen. Hierboven staat wat er nu is "
    "opgeslagen. Jouw tekst staat nog in het formulier: kijk het na en sla opnieuw op."
)


class EenKeerMakenForm(VersionedModelForm):
    """A versioned form for a record that exists at most once (one story per Netwerk,
    one perspective per author), made by its first save.

    Two people who both make it at the same moment meet the unique constraint; the
    second one then gets the same conflict as with any other version check. A form
    opened while there was nothing yet carries version 0, so it cannot overwrite what
    someone else made in the meantime either.
    """

    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.initial["versie"] = 0

    def opslaan(self, huidig: Callable[[], models.Model | None]) -> bool:
        """Save; False on a conflict. `huidig` fetches the record as it is now, through
        the access layer, for when someone else made it first."""
        if self.instance.pk is not None:
            return self.save_checked()
        try:
            with transaction.atomic():
                self.save()
            return True
        except IntegrityError as fout:
            self.instance.pk = None
            self.conflict = huidig()
            if self.conflict is None:
                raise fout
        data = self.data.copy()
        data[self.add_prefix("versie")] = self.conflict.versie
        self.data = data
        self.add_error(None, CONFLICT_BIJ_MAKEN)
        return False


class VerhaalForm(EenKeerMakenForm):
    class Meta:
        model = Verhaal
        fields = ["tekst", "zichtbaarheid"]
        labels = {"tekst": _("Mijn verhaal"), "zichtbaarheid": _("Wie mag mijn verhaal lezen?")}
        help_texts = {
            "tekst": _(
                "Vertel in je eigen woorden wat er aan de hand is. Wat gaat goed? Wat is "
                "moeilijk? Wat wil je graag? Schrijf zoals je praat. Kort mag, lang mag ook."
            )
        }
        error_messages = {
            "tekst": {
                "required": _("Schrijf eerst iets in het vak. Een paar zinnen is genoeg."),
                "max_length": _("Je verhaal is te lang: maximaal %(limit_value)d tekens."),
            }
        }
        widgets = {
            "tekst": forms.Textarea(attrs={"rows": 14, "class": "verhaal-veld"}),
            "zichtbaarheid": forms.RadioSelect,
        }

    def __init__(self, *args, mag_zichtbaarheid: bool, hoofdpersoon: str, eigen: bool, **kw):
        super().__init__(*args, **kw)
        self.fields["tekst"].required = True
        if not eigen:
            # The facilitator writes the story down with the person, in their words.
            self.fields["tekst"].label = _("Het verhaal van %(naam)s") % {"naam": hoofdpersoon}
            self.fields["tekst"].help_text = _(
                "Schrijf op wat %(naam)s vertelt, zo veel mogelijk in de eigen woorden van "
                "%(naam)s."
            ) % {"naam": hoofdpersoon}
        if not mag_zichtbaarheid:
            # Writing the story down never changes who reads it: only the person decides.
            del self.fields["zichtbaarheid"]


class PerspectiefForm(EenKeerMakenForm):
    VRAGEN = ("situatie", "wie_last", "kijk", "bijdrage")

    class Meta:
        model = Perspectief
        fields = ["situatie", "wie_last", "kijk", "bijdrage"]
        help_texts = {
            "situatie": _("Wat zie jij gebeuren? Wat gaat goed en wat niet?"),
            "wie_last": _("Wie merkt er iets van? Dat kan ook iemand anders zijn dan %(naam)s."),
            "kijk": _("Hoe zie jij het? Wat vind je ervan?"),
            "bijdrage": _("Wat kun of wil jij doen? Iets kleins is ook goed."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        error_messages = {
            name: {"max_length": _("Dit antwoord is te lang: maximaal %(limit_value)d tekens.")}
            for name in fields
        }

    def __init__(self, *args, hoofdpersoon: str, **kw):
        super().__init__(*args, **kw)
        self.fields["wie_last"].help_text = self.fields["wie_last"].help_text % {
            "naam": hoofdpersoon
        }

    def clean(self):
        data = super().clean()
        if not any((data.get(vraag) or "").strip() for vraag in self.VRAGEN):
            raise forms.ValidationError(
                _("Vul minstens één vraag in. De andere vragen mag je leeg laten.")
            )
        return data


def eerste_woorden(*teksten: str, woorden: int = 12) -> str:
    """The first words of the first text that has any, for a short reminder of an item."""
    for tekst in teksten:
        if tekst and tekst.strip():
            return Truncator(" ".join(tekst.split())).words(woorden, truncate="…")
    return ""


class ZichtbaarheidForm(forms.Form):
    """One choice per item of this Netwerk: the story and every perspective.

    The fields are made from the items the access layer gave, so a posted id of an
    item in another Netwerk has no field here and is ignored.
    """

    def __init__(self, *args, verhaal: Verhaal | None, perspectieven: Iterable[Perspectief], **kw):
        super().__init__(*args, **kw)
        self.items: dict[str, models.Model] = {}
        if verhaal is not None:
            self._voeg_toe("verhaal", verhaal)
        for perspectief in perspectieven:
            self._voeg_toe(f"perspectief-{perspectief.pk}", perspectief)

    def _voeg_toe(self, naam: str, item: models.Model) -> None:
        self.items[naam] = item
        self.fields[naam] = forms.ChoiceField(
            choices=Zichtbaarheid.choices,
            widget=forms.RadioSelect,
            initial=item.zichtbaarheid,
            # Left out (an item made while the page was open): stays as it is.
            required=False,
            error_messages={"invalid_choice": _("Kies een van de drie mogelijkheden.")},
        )
        # The level the page showed: only what the person changed on it is saved.
        self.fields[f"{naam}-gezien"] = forms.ChoiceField(
            choices=Zichtbaarheid.choices,
            widget=forms.HiddenInput,
            initial=item.zichtbaarheid,
            required=False,
        )

    def wijzigingen(self) -> dict[tuple[type[models.Model], str, str], list[int]]:
        """(model, level shown, new level) -> the pks the person changed on the page.

        Comparing with what the page showed, not with what is stored now, means an old
        page never puts back a level that someone changed elsewhere in the meantime.
        """
        gewijzigd: dict[tuple[type[models.Model], str, str], list[int]] = {}
        for naam, item in self.items.items():
            nieuw = self.cleaned_data.get(naam)
            gezien = self.cleaned_data.get(f"{naam}-gezien") or item.zichtbaarheid
            if nieuw and nieuw != gezien:
                gewijzigd.setdefault((type(item), gezien, nieuw), []).append(item.pk)
        return gewijzigd

from django import forms
from django.db.models import Case, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sonestra.core.forms import VersionedModelForm
from sonestra.core.images import PhotoField
from sonestra.core.models import Persoon


class PersoonSnelForm(forms.ModelForm):
    """One field: a name, so a list fills up quickly on a phone."""

    class Meta:
        model = Persoon
        fields = ["naam"]
        labels = {"naam": _("Naam")}
        error_messages = {"naam": {"required": _("Vul een naam in.")}}
        widgets = {
            "naam": forms.TextInput(
                attrs={"autocomplete": "off", "placeholder": _("Naam, dan Enter")}
            )
        }


def _check_jaar(jaar: int | None) -> int | None:
    if jaar is not None and not 1900 <= jaar <= timezone.now().year:
        raise forms.ValidationError(
            _("Vul een jaar in tussen 1900 en %(nu)s."), params={"nu": timezone.now().year}
        )
    return jaar


class PersoonRijForm(VersionedModelForm):
    """Filling in one row of the groslijst, inline, without leaving the list."""

    foto = PhotoField(label=_("Foto"), required=False)

    class Meta:
        model = Persoon
        fields = ["soort", "tijd", "kwaliteit", "contact", "notities", "foto"]
        labels = {"contact": _("Hoe vaak contact")}
        widgets = {
            "tijd": forms.RadioSelect,
            "kwaliteit": forms.RadioSelect,
            "notities": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty choices say plainly that nothing was chosen yet.
        self.fields["soort"].choices = [("", _("Nog niet gekozen")), *Persoon.Soort.choices]
        self.fields["contact"].choices = [("", _("Weet ik niet")), *Persoon.Contact.choices]
        self.fields["kwaliteit"].choices = [("", _("Weet ik niet")), *Persoon.Kwaliteit.choices]
        self.fields["kwaliteit"].required = False


class PersoonForm(VersionedModelForm):
    """Everything about one person, for those who keep the kompas."""

    foto = PhotoField(label=_("Foto"), required=False)

    class Meta:
        model = Persoon
        fields = [
            "naam",
            "soort",
            "tijd",
            "kwaliteit",
            "contact",
            "ring",
            "geslacht",
            "geboortejaar",
            "overleden",
            "overlijdensjaar",
            "telefoon",
            "email",
            "notities",
            "foto",
        ]
        widgets = {"notities": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", _("Nog niet gekozen")), *Persoon.Soort.choices]
        self.fields["contact"].choices = [("", _("Weet ik niet")), *Persoon.Contact.choices]
        self.fields["kwaliteit"].choices = [("", _("Weet ik niet")), *Persoon.Kwaliteit.choices]
        self.fields["geslacht"].choices = [("", _("Zeg ik niet")), *Persoon.Geslacht.choices]
        self.fields["ring"].choices = [
            ("", _("Laat de cirkel kiezen")),
            *self.fields["ring"].choices[1:],
        ]

    def clean_geboortejaar(self):
        return _check_jaar(self.cleaned_data.get("geboortejaar"))

    def clean_overlijdensjaar(self):
        return _check_jaar(self.cleaned_data.get("overlijdensjaar"))

    def clean(self):
        cleaned = super().clean()
        geboren, overleden = cleaned.get("geboortejaar"), cleaned.get("overlijdensjaar")
        if overleden and not cleaned.get("overleden"):
            cleaned["overleden"] = True
        if geboren and overleden and overleden < geboren:
            self.add_error(
                "overlijdensjaar", _("Het jaar van overlijden ligt vóór het geboortejaar.")
            )
        return cleaned


class ZelfForm(VersionedModelForm):
    """What a network member fills in about themselves."""

    foto = PhotoField(label=_("Foto"), required=False)

    class Meta:
        model = Persoon
        fields = ["naam", "geboortejaar", "telefoon", "email", "foto"]

    def clean_geboortejaar(self):
        return _check_jaar(self.cleaned_data.get("geboortejaar"))


def _in_order(veld: str, choices) -> Case:
    """Sort by the order of the choices (Elke dag before Elke week), unknown last."""
    return Case(
        *[When(**{veld: value}, then=Value(index)) for index, value in enumerate(choices.values)],
        default=Value(len(choices.values)),
    )


class GroslijstFilter(forms.Form):
    """Filter and sort the groslijst. Unknown values fall back to 'all' instead of an error."""

    SORTERING = [
        ("naam", _("Naam")),
        ("soort", _("Soort relatie")),
        ("ring", _("Ring in de cirkel")),
        ("contact", _("Hoe vaak contact")),
        ("nieuw", _("Laatst toegevoegd")),
    ]

    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=120)
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Alle soorten")), *Persoon.Soort.choices]
    )
    tijd = forms.ChoiceField(
        label=_("Wanneer"),
        required=False,
        choices=[("", _("Allemaal")), *Persoon.Tijd.choices],
    )
    kwaliteit = forms.ChoiceField(
        label=_("Contact"),
        required=False,
        choices=[("", _("Elk contact")), *Persoon.Kwaliteit.choices],
    )
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=SORTERING)

    def __init__(self, *args, met_kwaliteit: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not met_kwaliteit:
            # How a contact feels stays with those who may read notes; no filter reveals it.
            del self.fields["kwaliteit"]

    def filter(self, personen):
        if not self.is_valid():
            return personen.order_by("-is_hoofdpersoon", "naam")
        data = self.cleaned_data
        if data["q"]:
            personen = personen.filter(naam__icontains=data["q"])
        for veld in ("soort", "tijd", "kwaliteit"):
            if data.get(veld):
                personen = personen.filter(**{veld: data[veld]})
        sorteer = data["sorteer"]
        if sorteer == "soort":
            volgorde = [_in_order("soort", Persoon.Soort), "naam"]
        elif sorteer == "ring":
            # The ring the cirkel draws: the chosen one, else the one that fits the kind.
            passend = Case(
                When(soort=Persoon.Soort.PROFESSIONAL, then=Value(Persoon.PROFESSIONAL_RING)),
                When(soort=Persoon.Soort.FAMILIE, then=Value(2)),
                default=Value(3),
            )
            volgorde = [Coalesce("ring", passend), "naam"]
        elif sorteer == "contact":
            volgorde = [_in_order("contact", Persoon.Contact), "naam"]
        elif sorteer == "nieuw":
            volgorde = ["-created", "-pk"]
        else:
            volgorde = ["naam"]
        return personen.order_by("-is_hoofdpersoon", *volgorde)

    @property
    def actief(self) -> bool:
        return self.is_valid() and any(
            self.cleaned_data.get(v) for v in ("q", "soort", "tijd", "kwaliteit")
        )

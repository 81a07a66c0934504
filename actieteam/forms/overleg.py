"""The form of an actieteam overleg: when and where, who was there, what was said and
decided, and when the next one is.

Who was there is chosen from people the view already loaded from this Netwerk's
groslijst, so an id from elsewhere is simply not a valid choice. Two people editing the
same overleg never overwrite each other (version check, `VersionedModelForm`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beraad.forms.plan import Keuzes
from beraad.models import Actieplan
from sonestra.core.forms import VersionedModelForm
from sonestra.core.models import Netwerk, Persoon

from ..models import Overleg

DATUM_FORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
TIJD_FORMATEN = ["%H:%M", "%H:%M:%S", "%H.%M"]
KORTER = _("Schrijf het korter: hooguit %(limit_value)d tekens.")
VIJF_JAAR = 5 * 366


class MomentVeld(forms.SplitDateTimeField):
    """Day and time; a time that does not exist or exists twice (the night the clocks
    change) gets a plain message instead of Django's technical one."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as fout:
            if getattr(fout, "code", None) == "ambiguous_timezone":
                raise forms.ValidationError(
                    _("In die nacht gaat de klok een uur om. Kies een andere tijd."),
                    code="klok_om",
                ) from fout
            raise


def _moment(label: str, *, required: bool, leeg: str) -> forms.SplitDateTimeField:
    """A day and a time as two fields; a phone shows its own pickers."""
    return MomentVeld(
        label=label,
        required=required,
        input_date_formats=DATUM_FORMATEN,
        input_time_formats=TIJD_FORMATEN,
        widget=forms.SplitDateTimeWidget(
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date", "class": "form-control"},
            time_attrs={"type": "time", "class": "form-control", "step": 300},
        ),
        error_messages={
            "required": leeg,
            "invalid_date": _("Kies een dag, bijvoorbeeld 14-03-2027."),
            "invalid_time": _("Kies een tijd, bijvoorbeeld 19:30."),
        },
    )


class OverlegForm(VersionedModelForm):
    """One overleg of the actieteam. New, or changed with the version check."""

    datum = _moment(
        _("Dag en tijd van het overleg"),
        required=True,
        leeg=_("Kies de dag en de tijd van het overleg."),
    )
    aanwezig = Keuzes(
        label=_("Wie waren er?"),
        fout=_("Kies alleen mensen uit de groslijst van dit netwerk."),
        help_text=_("Kruis aan wie er bij het overleg was."),
    )
    volgende = _moment(
        _("Wanneer is het volgende overleg? (niet verplicht)"),
        required=False,
        leeg=_("Kies de dag en de tijd van het volgende overleg."),
    )

    class Meta:
        model = Overleg
        # Who was there is set after a checked save (save_checked updates columns only).
        fields = ["datum", "waar", "notities", "besluiten", "volgende"]
        labels = {
            "waar": _("Waar?"),
            "notities": _("Wat hebben we besproken?"),
            "besluiten": _("Wat hebben we besloten?"),
        }
        help_texts = {
            "waar": _("Bijvoorbeeld: bij Marieke thuis, of in het buurthuis."),
            "besluiten": _("Wie doet wat, en wanneer? Een nieuwe afspraak zet je ook in het plan."),
        }
        widgets = {
            "waar": forms.TextInput(attrs={"autocomplete": "off"}),
            "notities": forms.Textarea(attrs={"rows": 5}),
            "besluiten": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "waar": {"max_length": KORTER},
            "notities": {"max_length": KORTER},
            "besluiten": {"max_length": KORTER},
        }

    def __init__(self, *args, personen: Iterable[Persoon], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanwezig"].vul(personen, lambda p: p.naam)
        self.order_fields(["datum", "waar", "aanwezig", "notities", "besluiten", "volgende"])
        if self.instance._state.adding:
            # Nothing to be in conflict with yet.
            self.fields["versie"].required = False
        elif not self.is_bound:
            self.initial["aanwezig"] = [p.pk for p in self.instance.aanwezig.all()]

    def dag_en_tijd(self, naam: str) -> tuple[str, str]:
        """The day and the time as the two inputs show them: what was typed, or the
        saved moment in this time zone."""
        veld = self[naam]
        widget = self.fields[naam].widget
        delen = widget.get_context(veld.html_name, veld.value(), {})["widget"]["subwidgets"]
        return tuple(str(deel["value"] or "") for deel in delen)

    @property
    def momenten(self) -> dict[str, tuple[str, str]]:
        """For the template: {"datum": (day, time), "volgende": (day, time)}."""
        return {naam: self.dag_en_tijd(naam) for naam in ("datum", "volgende")}

    def _binnen_vijf_jaar(self, naam: str):
        moment = self.cleaned_data.get(naam)
        if moment is not None and abs(moment - timezone.now()).days > VIJF_JAAR:
            # A typo such as 9999 would break the calendar feed and the overviews.
            raise forms.ValidationError(
                _("Kies een datum binnen vijf jaar van nu."), code="ver_weg"
            )
        return moment

    def clean_datum(self):
        return self._binnen_vijf_jaar("datum")

    def clean_volgende(self):
        return self._binnen_vijf_jaar("volgende")

    def clean(self):
        data = super().clean()
        datum, volgende = data.get("datum"), data.get("volgende")
        if datum is not None and volgende is not None and volgende <= datum:
            self.add_error("volgende", _("Het volgende overleg moet later zijn dan dit overleg."))
        return data

    def opslaan(self, *, netwerk: Netwerk, plan: Actieplan | None, user) -> bool:
        """Save a new overleg, or a changed one with the version check; then who was
        there. False on a conflict (nothing saved; `conflict` holds the other's)."""
        overleg = self.instance
        with transaction.atomic():
            if overleg._state.adding:
                overleg.netwerk = netwerk
                overleg.plan = plan
                overleg.created_by = user
                overleg.save()
            elif not self.save_checked():
                return False
            overleg.aanwezig.set(self.cleaned_data["aanwezig"])
        return True

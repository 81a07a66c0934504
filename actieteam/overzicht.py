"""The coordinator's overview of every Netwerk of the organisation: status only.

Per Netwerk the phase it is in, the next beraad or overleg, how much of the active plan
has worked out, what is overdue, and the balance between what the network does itself
and what professionals and aanbod do. Never the story, the perspectives, the vragen, the
texts of the afspraken or the names of the people.

The figures follow the rules of `actieteam.team`: the active plan is the plan of the last
beraad closed with akkoord; its afspraken in force are the ones not ended; an afspraak
without a Voortgang is "nog niet begonnen"; it is late when its date has passed and it is
not gelukt.

Everything is counted in the database, in two steps, so a page costs the same few
queries and about the same time with three Netwerken or a thousand:

1. `kies()` finds, searches, filters and sorts the Netwerken, computing only what the
   filter and the order need (a correlated subquery per Netwerk), and gives their ids;
   the paginator counts them and takes one page;
2. `rijen()` computes every figure for the 25 Netwerken of that page only: one query for
   the phase, the next dates and the plan to print, one grouped query for the counts of
   their plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from beraad.models import Actieplan, Afspraak, Beraad
from sonestra.core.models import Netwerk

from .models import Overleg, Status

PER_PAGINA = 25


class Fase(models.TextChoices):
    """Where a Netwerk stands in the SNS flow, as the coordinator's overview names it."""

    KOMPAS = "kompas", _("Netwerkkompas")
    VOORBEREIDING = "voorbereiding", _("Beraad in voorbereiding")
    BEZIG = "bezig", _("Beraad bezig")
    ACTIETEAM = "actieteam", _("Actieteam")


class Sortering(models.TextChoices):
    NAAM = "naam", _("Naam")
    TE_LAAT = "te_laat", _("Meeste te laat eerst")
    GELUKT_LAAG = "gelukt", _("Minst gelukt eerst")
    GELUKT_HOOG = "-gelukt", _("Meest gelukt eerst")


# --- The figures, as expressions on a Netwerk queryset ---------------------------------


def _beraden() -> QuerySet[Beraad]:
    return Beraad.objects.filter(netwerk=OuterRef("pk"))


def _actief_plan() -> Subquery:
    """The id of the plan of the last beraad closed with akkoord (as `team.actief_plan`)."""
    plannen = (
        Actieplan.objects.filter(netwerk=OuterRef("pk"), vastgesteld__isnull=False)
        .order_by("-vastgesteld", "-pk")
        .values("pk")[:1]
    )
    return Subquery(plannen, output_field=models.BigIntegerField())


def _actief_beraad() -> Subquery:
    """The beraad of that plan: the printable plan's address (`beraad:plan_pdf`) needs it."""
    plannen = (
        Actieplan.objects.filter(netwerk=OuterRef("pk"), vastgesteld__isnull=False)
        .order_by("-vastgesteld", "-pk")
        .values("beraad_id")[:1]
    )
    return Subquery(plannen, output_field=models.BigIntegerField())


def _lopend() -> QuerySet[Afspraak]:
    """The afspraken in force of the active plan; needs the `actief_plan` annotation."""
    return Afspraak.objects.filter(plan=OuterRef("actief_plan"), beeindigd__isnull=True)


def _tel(afspraken: QuerySet[Afspraak]) -> Coalesce:
    """How many of these afspraken, as a subquery per Netwerk (0 when there are none)."""
    geteld = afspraken.order_by().values("plan_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(geteld, output_field=models.IntegerField()), 0)


def _fase_filter(netwerken: QuerySet[Netwerk], fase: str) -> QuerySet[Netwerk]:
    """Only the Netwerken in this phase, as `fase_van` names it: plain EXISTS tests, so
    the database can stop at the first row it finds."""
    live = Exists(_beraden().filter(fase__in=Beraad.LIVE_FASEN))
    plan = Exists(Actieplan.objects.filter(netwerk=OuterRef("pk"), vastgesteld__isnull=False))
    voorbereiding = Exists(_beraden().filter(fase=Beraad.Fase.VOORBEREIDING))
    if fase == Fase.BEZIG:
        return netwerken.filter(live)
    if fase == Fase.ACTIETEAM:
        return netwerken.filter(~live, plan)
    if fase == Fase.VOORBEREIDING:
        return netwerken.filter(~live, ~plan, voorbereiding)
    return netwerken.filter(~live, ~plan, ~voorbereiding)


def fase_van(*, live: bool, plan: bool, voorbereiding: bool) -> Fase:
    """A live beraad first; then a closed plan (the Actieteam); then a beraad being
    prepared; else the Netwerk is still in its Netwerkkompas."""
    if live:
        return Fase.BEZIG
    if plan:
        return Fase.ACTIETEAM
    if voorbereiding:
        return Fase.VOORBEREIDING
    return Fase.KOMPAS


def _te_laat(vandaag: date) -> Coalesce:
    return _tel(_lopend().filter(klaar_op__lt=vandaag).exclude(voortgang__status=Status.GELUKT))


def _procent_gelukt() -> Subquery:
    """The share gelukt in percent, one subquery; NULL for a plan without afspraken."""
    gelukt = Case(
        When(voortgang__status=Status.GELUKT, then=Value(100.0)),
        default=Value(0.0),
        output_field=models.FloatField(),
    )
    gemiddeld = _lopend().order_by().values("plan_id").annotate(p=Avg(gelukt)).values("p")
    return Subquery(gemiddeld, output_field=models.FloatField())


# --- Step 1: which Netwerken, in which order -----------------------------------------


def kies(
    netwerken: QuerySet[Netwerk],
    *,
    zoek: str = "",
    fase: str = "",
    sorteer: str = "",
    vandaag: date,
) -> QuerySet:
    """The ids of the Netwerken asked for, in order: active ones before archived ones,
    then the chosen order, then by name. Only what the filter and the order need is
    computed here, for every Netwerk of the organisation."""
    if zoek:
        netwerken = netwerken.filter(titel__icontains=zoek)
    if fase in Fase.values:
        netwerken = _fase_filter(netwerken, fase)
    if sorteer in {Sortering.TE_LAAT, Sortering.GELUKT_LAAG, Sortering.GELUKT_HOOG}:
        netwerken = netwerken.alias(actief_plan=_actief_plan())
    volgorde = [F("gearchiveerd").asc(nulls_first=True)]
    if sorteer == Sortering.TE_LAAT:
        netwerken = netwerken.alias(te_laat=_te_laat(vandaag))
        volgorde.append(F("te_laat").desc())
    elif sorteer in {Sortering.GELUKT_LAAG, Sortering.GELUKT_HOOG}:
        netwerken = netwerken.alias(procent_gelukt=_procent_gelukt())
        procent = F("procent_gelukt")
        volgorde.append(
            procent.asc(nulls_last=True)
            if sorteer == Sortering.GELUKT_LAAG
            else procent.desc(nulls_last=True)
        )
    return netwerken.order_by(*volgorde, "titel", "pk").values_list("pk", flat=True)


# --- Step 2: the figures of one page -------------------------------------------------
#
# Two plain queries rather than one with every count nested in it: for 25 rows the
# database needs about the same time, and Django builds and compiles the nested one
# several times slower.


def met_status(netwerken: QuerySet[Netwerk], *, nu: datetime) -> QuerySet[Netwerk]:
    """Annotate each Netwerk with what its phase and next date are made of:

    - `actief_plan` (the id of the active plan or None), `live` and `voorbereiding`
      (a beraad in a live phase, or being prepared): see `fase_van`;
    - `actief_beraad`: the beraad of the active plan, for the links to print it (a
      subquery in the same query, so the links cost no query per row);
    - `volgend_beraad`, `volgend_overleg` and `afgesproken_overleg`: the earliest beraad
      ahead that is not closed, the earliest overleg ahead, and the next date the last
      overleg held agreed on (see `volgende`).
    """
    overleggen = Overleg.objects.filter(netwerk=OuterRef("pk"))
    return netwerken.annotate(
        actief_plan=_actief_plan(),
        actief_beraad=_actief_beraad(),
        live=Exists(_beraden().filter(fase__in=Beraad.LIVE_FASEN)),
        voorbereiding=Exists(_beraden().filter(fase=Beraad.Fase.VOORBEREIDING)),
        volgend_beraad=Subquery(
            _beraden()
            .filter(datum__gt=nu)
            .exclude(fase=Beraad.Fase.AFGEROND)
            .order_by("datum")
            .values("datum")[:1]
        ),
        volgend_overleg=Subquery(
            overleggen.filter(datum__gt=nu).order_by("datum").values("datum")[:1]
        ),
        afgesproken_overleg=Subquery(
            overleggen.filter(datum__lte=nu).order_by("-datum", "-pk").values("volgende")[:1]
        ),
    )


@dataclass(frozen=True)
class Telling:
    """The afspraken in force of one plan, counted."""

    totaal: int = 0
    gelukt: int = 0
    te_laat: int = 0
    eigen: int = 0  # what the network does itself; the rest is professionals and aanbod


def tellingen(plan_ids: list[int], *, vandaag: date) -> dict[int, Telling]:
    """Per plan: its afspraken in force, gelukt, late, and the network's own; one query."""
    if not plan_ids:
        return {}
    gelukt = Q(status=Status.GELUKT)
    geteld = (
        Afspraak.objects.filter(plan_id__in=plan_ids)
        .lopend()
        # No Voortgang yet is "nog niet begonnen".
        .alias(status=Coalesce(F("voortgang__status"), Value(Status.NOG_NIET)))
        .order_by()
        .values("plan_id")
        .annotate(
            totaal=Count("pk"),
            gelukt=Count("pk", filter=gelukt),
            te_laat=Count("pk", filter=Q(klaar_op__lt=vandaag) & ~gelukt),
            eigen=Count("pk", filter=Q(soort=Afspraak.Soort.NETWERK)),
        )
    )
    return {r.pop("plan_id"): Telling(**r) for r in geteld}


@dataclass(frozen=True)
class Volgende:
    soort: str  # "beraad" or "overleg"
    datum: datetime

    @property
    def label(self) -> str:
        return str(_("Beraad") if self.soort == "beraad" else _("Overleg"))


def volgende(netwerk: Netwerk, nu: datetime) -> Volgende | None:
    """The next beraad (not closed, ahead) or overleg, whichever comes first. An overleg
    ahead counts by its own date; the last overleg held counts by the next date it agreed
    on, while that is still ahead."""
    kandidaten = []
    if netwerk.volgend_beraad:
        kandidaten.append(Volgende("beraad", netwerk.volgend_beraad))
    overleg = [d for d in (netwerk.volgend_overleg, netwerk.afgesproken_overleg) if d and d > nu]
    if overleg:
        kandidaten.append(Volgende("overleg", min(overleg)))
    return min(kandidaten, key=lambda v: v.datum, default=None)


@dataclass(frozen=True)
class Rij:
    """One Netwerk of the overview, ready for the template. Status only."""

    netwerk: Netwerk
    fase: Fase
    volgende: Volgende | None
    telling: Telling

    @property
    def fase_label(self) -> str:
        if self.fase == Fase.ACTIETEAM and self.netwerk.voorbereiding:
            return str(_("Actieteam · vervolgberaad in voorbereiding"))
        return str(self.fase.label)

    @property
    def heeft_plan(self) -> bool:
        return self.netwerk.actief_plan is not None

    @property
    def beraad_id(self) -> int | None:
        """The beraad whose closed plan the coordinator may print, or None."""
        return self.netwerk.actief_beraad

    @property
    def totaal(self) -> int:
        return self.telling.totaal

    @property
    def gelukt(self) -> int:
        return self.telling.gelukt

    @property
    def te_laat(self) -> int:
        return self.telling.te_laat

    @property
    def eigen(self) -> int:
        return self.telling.eigen

    @property
    def professioneel(self) -> int:
        return self.telling.totaal - self.telling.eigen

    @property
    def procent(self) -> int | None:
        """Share gelukt in whole percents; None for a plan without afspraken in force."""
        return round(self.gelukt * 100 / self.totaal) if self.totaal else None

    @property
    def aandeel_eigen(self) -> int:
        """The network's own share of the afspraken, in whole percents (for the bar)."""
        return round(self.eigen * 100 / self.totaal) if self.totaal else 0

    @property
    def meer_professionals(self) -> bool:
        """As the netwerkbalans flags it: professionals outnumber the network."""
        return self.professioneel > self.eigen


def rijen(
    netwerken: QuerySet[Netwerk], ids: list[int], *, nu: datetime, vandaag: date
) -> list[Rij]:
    """The rows for these ids (one page), in the order of `ids`, in two queries."""
    if not ids:
        return []
    gevonden = {n.pk: n for n in met_status(netwerken.filter(pk__in=ids), nu=nu)}
    per_plan = tellingen(
        [n.actief_plan for n in gevonden.values() if n.actief_plan is not None],
        vandaag=vandaag,
    )
    return [
        Rij(
            netwerk=n,
            fase=fase_van(
                live=n.live, plan=n.actief_plan is not None, voorbereiding=n.voorbereiding
            ),
            volgende=volgende(n, nu),
            telling=per_plan.get(n.actief_plan, Telling()),
        )
        for n in (gevonden[pk] for pk in ids if pk in gevonden)
    ]


# --- Search, filter and sort ----------------------------------------------------------


class OverzichtFilter(forms.Form):
    """Search, filter and sort the overview. Unknown values fall back to everything."""

    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=120)
    fase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen")), *Fase.choices]
    )
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=Sortering.choices)

    def waarde(self, naam: str) -> str:
        """The cleaned value of one field; a field with a bad value counts as empty, the
        others still apply."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return (self.cleaned_data.get(naam) or "").strip()

    def kies(self, netwerken: QuerySet[Netwerk], *, vandaag: date) -> QuerySet:
        return kies(
            netwerken,
            zoek=self.waarde("q"),
            fase=self.waarde("fase"),
            sorteer=self.waarde("sorteer"),
            vandaag=vandaag,
        )

    @property
    def actief(self) -> bool:
        return bool(self.waarde("q") or self.waarde("fase"))

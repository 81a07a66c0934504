"""The actieplan as the live beraad and the plan page show it, and the rules of the live beraad.

Reading: `afspraken_voor()` is the one way the pages read afspraken (through the access
layer, `Afspraak.objects.zichtbaar_voor`), and `bouw_plan()` groups them per vraag in the
fixed order of the plan — first what the person and network do, then professional support,
then aanbod and what it costs — and checks each voorwaarde against them.

Rules: who may write the plan in which phase, where the facilitator's phase buttons lead,
and the writes that touch several records at once (akkoord, afronden).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import IntegerField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from sonestra.core.access import Toegang
from sonestra.core.models import Persoon
from sonestra.core.roles import Recht

from .models import Actieplan, Afspraak, Akkoord, Beraad, Voorwaarde, Vraag
from .signals import plan_vastgesteld
from .toegang import plan_van

Fase = Beraad.Fase
Soort = Afspraak.Soort

# The facilitator's stepper: the beraad's own phases, in order.
STAPPEN = Beraad.LIVE_FASEN
# Akkoord is given to the plan as presented, and may be renewed until the beraad closes.
AKKOORD_FASEN = (Fase.PRESENTATIE, Fase.AFSLUITING)


# --- Reading the plan --------------------------------------------------------------------


def afspraken_voor(
    toegang: Toegang,
    plan: Actieplan,
    *,
    personen: Iterable[Persoon] | None = None,
    voorwaarden: Iterable[Voorwaarde] | None = None,
) -> list[Afspraak]:
    """The afspraken of this plan this role may read now, in plan order, with who does
    what, who steps in and which voorwaarden they help with.

    Two queries, or three when the page did not load the Netwerk's people already (see
    `koppel()`); the same for 3 afspraken or 40.
    """
    afspraken = list(
        Afspraak.objects.zichtbaar_voor(toegang).filter(plan=plan).lopend().in_plan_volgorde()
    )
    koppel(afspraken, personen=personen, voorwaarden=voorwaarden)
    return afspraken


def _persoon_volgorde(persoon: Persoon) -> tuple:
    return (not persoon.is_hoofdpersoon, persoon.naam, persoon.pk)


def koppel(
    afspraken: list[Afspraak],
    *,
    personen: Iterable[Persoon] | None = None,
    voorwaarden: Iterable[Voorwaarde] | None = None,
) -> None:
    """Fill `wie`, `invallers` and `voorwaarden` of these afspraken as a prefetch would.

    The three links come in one query (a UNION of the three link tables) instead of three
    prefetches; the people and voorwaarden come from what the page already loaded, and
    only what is missing is asked for (one query each at most).
    """
    if not afspraken:
        return
    ids = [a.pk for a in afspraken]
    links = (
        Afspraak.wie.through.objects.filter(afspraak_id__in=ids)
        .annotate(soort=Value(0, output_field=IntegerField()))
        .values_list("afspraak_id", "persoon_id", "soort")
        .union(
            Afspraak.invallers.through.objects.filter(afspraak_id__in=ids)
            .annotate(soort=Value(1, output_field=IntegerField()))
            .values_list("afspraak_id", "persoon_id", "soort"),
            Afspraak.voorwaarden.through.objects.filter(afspraak_id__in=ids)
            .annotate(soort=Value(2, output_field=IntegerField()))
            .values_list("afspraak_id", "voorwaarde_id", "soort"),
            all=True,
        )
    )
    per_afspraak: dict[int, tuple[list, list, list]] = {a: ([], [], []) for a in ids}
    for afspraak_id, doel_id, soort in links:
        per_afspraak[afspraak_id][soort].append(doel_id)
    mensen = {p.pk: p for p in personen or ()}
    nodig = {p for w, i, _v in per_afspraak.values() for p in (*w, *i)} - mensen.keys()
    if nodig:
        mensen.update(Persoon.objects.in_bulk(nodig))
    bekend = {v.pk: v for v in voorwaarden or ()}
    nodig = {v for _w, _i, vs in per_afspraak.values() for v in vs} - bekend.keys()
    if nodig:
        bekend.update(Voorwaarde.objects.in_bulk(nodig))
    for afspraak in afspraken:
        wie, invallers, vw = per_afspraak[afspraak.pk]
        _als_prefetch(afspraak, "wie", sorted((mensen[p] for p in wie), key=_persoon_volgorde))
        _als_prefetch(
            afspraak,
            "invallers",
            sorted((mensen[p] for p in invallers), key=_persoon_volgorde),
        )
        _als_prefetch(afspraak, "voorwaarden", [bekend[v] for v in sorted(vw)])


def _als_prefetch(afspraak: Afspraak, naam: str, objecten: list) -> None:
    """What prefetch_related leaves behind: a QuerySet with its results already there, so
    `.all()`, `.count()` and iterating ask the database nothing."""
    if not hasattr(afspraak, "_prefetched_objects_cache"):
        afspraak._prefetched_objects_cache = {}
    afspraak._prefetched_objects_cache.pop(naam, None)
    qs = getattr(afspraak, naam).get_queryset()
    qs._result_cache = objecten
    qs._prefetch_done = True
    afspraak._prefetched_objects_cache[naam] = qs


@dataclass
class Bedrag:
    """What aanbod costs, per unit of time (costs per month and once never add up)."""

    per: str
    label: str
    bedrag: Decimal


def totalen(afspraken) -> list[Bedrag]:
    """The costs of these afspraken added up per unit, in the order eenmalig … per jaar."""
    som: dict[str, Decimal] = defaultdict(Decimal)
    for afspraak in afspraken:
        if afspraak.soort == Soort.AANBOD and afspraak.kosten is not None:
            som[afspraak.kosten_per] += afspraak.kosten
    volgorde = [p.value for p in Afspraak.Per] + [""]
    labels = dict(Afspraak.Per.choices)
    return [Bedrag(per, str(labels.get(per, "")), som[per]) for per in volgorde if per in som]


@dataclass
class Sectie:
    soort: int
    titel: str
    afspraken: list[Afspraak] = field(default_factory=list)


@dataclass
class VraagBlok:
    """One vraag with its afspraken in three sections, always in the same order."""

    vraag: Vraag
    secties: list[Sectie]
    totalen: list[Bedrag]

    @property
    def aantal(self) -> int:
        return sum(len(s.afspraken) for s in self.secties)

    @property
    def zelf_leeg(self) -> bool:
        """Help from professionals or aanbod, but nothing the network does itself yet."""
        netwerk, *rest = self.secties
        return not netwerk.afspraken and any(s.afspraken for s in rest)


@dataclass
class Toets:
    """One voorwaarde and the afspraken that meet it."""

    voorwaarde: Voorwaarde
    afspraken: list[Afspraak]

    @property
    def vervuld(self) -> bool:
        return bool(self.afspraken)


@dataclass
class PlanOverzicht:
    blokken: list[VraagBlok]
    toetsen: list[Toets]
    totalen: list[Bedrag]
    zorgen: list[Voorwaarde]

    @property
    def aantal(self) -> int:
        return sum(b.aantal for b in self.blokken)

    @property
    def onvervuld(self) -> list[Toets]:
        return [t for t in self.toetsen if not t.vervuld]


def bouw_plan(
    vragen: list[Vraag], afspraken: list[Afspraak], voorwaarden: list[Voorwaarde]
) -> PlanOverzicht:
    """Group the afspraken per vraag and soort, and check each voorwaarde against them.

    Works on lists the view already loaded (afspraken with their voorwaarden prefetched),
    so it asks the database nothing. Only voorwaarden of soort voorwaarde are checked;
    a zorg explains and needs no afspraak.
    """
    per_vraag: dict[int, dict[int, list[Afspraak]]] = defaultdict(lambda: defaultdict(list))
    per_voorwaarde: dict[int, list[Afspraak]] = defaultdict(list)
    for afspraak in afspraken:
        per_vraag[afspraak.vraag_id][afspraak.soort].append(afspraak)
        for voorwaarde in afspraak.voorwaarden.all():
            per_voorwaarde[voorwaarde.pk].append(afspraak)
    blokken = []
    for vraag in vragen:
        soorten = per_vraag.get(vraag.pk, {})
        secties = [Sectie(s.value, str(s.label), soorten.get(s.value, [])) for s in Soort]
        blokken.append(VraagBlok(vraag, secties, totalen(soorten.get(Soort.AANBOD.value, []))))
    toetsen = [
        Toets(v, per_voorwaarde.get(v.pk, []))
        for v in voorwaarden
        if v.soort == Voorwaarde.Soort.VOORWAARDE
    ]
    zorgen = [v for v in voorwaarden if v.soort == Voorwaarde.Soort.ZORG]
    return PlanOverzicht(blokken, toetsen, totalen(afspraken), zorgen)


def lees_plan(toegang: Toegang, beraad: Beraad) -> PlanOverzicht:
    """The plan of this beraad as this role may read it, grouped and checked: five queries
    (voorwaarden, vragen, afspraken, their links, the people in them)."""
    netwerk = toegang.netwerk
    voorwaarden = list(
        Voorwaarde.objects.filter(netwerk=netwerk, beraad=beraad).select_related(
            "persoon", "auteur"
        )
    )
    return bouw_plan(
        list(Vraag.objects.filter(netwerk=netwerk, beraad=beraad)),
        afspraken_voor(toegang, beraad.plan, voorwaarden=voorwaarden),
        voorwaarden,
    )


def akkoorden_van(plan: Actieplan) -> list[Akkoord]:
    """The akkoorden given to this plan, each marked `geldig` when it covers the plan as it
    is now: one query."""
    akkoorden = list(Akkoord.objects.filter(netwerk_id=plan.netwerk_id, plan=plan))
    for akkoord in akkoorden:
        akkoord.geldig = akkoord.geldt_voor(plan)
    return akkoorden


# --- Who may write, and when -------------------------------------------------------------


def mag_schrijven(toegang: Toegang, fase: str, gepubliceerd: bool) -> bool:
    """The family writes from welkom until afsluiting; the facilitator writes along
    once the family shared the plan."""
    if fase not in Beraad.LIVE_FASEN or not toegang.mag(Recht.PLAN_SCHRIJVEN):
        return False
    return toegang.mag(Recht.CONCEPT_LEZEN) or gepubliceerd


def schrijf_weigering(toegang: Toegang, beraad: Beraad) -> str | None:
    """Why this role may not write the plan now, in words for the form; None if it may."""
    gepubliceerd = beraad.plan.gepubliceerd is not None
    if mag_schrijven(toegang, beraad.fase, gepubliceerd):
        return None
    if beraad.is_afgerond:
        return _(
            "Dit beraad is afgerond. Het plan is vastgesteld en verandert hier niet meer. "
            "Wat jullie nog willen aanpassen, doen jullie samen in het Actieteam."
        )
    if beraad.fase == Fase.VOORBEREIDING:
        return _("Het plan schrijven jullie tijdens het beraad. Het beraad is nog niet begonnen.")
    if toegang.mag(Recht.PLAN_SCHRIJVEN) and not gepubliceerd:
        return _(
            "De familie schrijft nu zelf het plan. Je kunt meeschrijven zodra de familie "
            "het plan deelt."
        )
    return _("Je kunt het plan lezen, maar niet wijzigen.")


# --- The facilitator's phase buttons ---------------------------------------------------


def fase_na(fase: str, richting: str) -> tuple[str | None, str]:
    """Where 'volgende' or 'vorige' leads the facilitator from `fase`, or why not.

    The facilitator may lead the beraad into eigen tijd but never out of it: the family
    ends it by sharing the plan, and only the family takes it back.
    """
    if fase == Fase.AFGEROND:
        return None, _("Dit beraad is al afgerond.")
    if fase == Fase.EIGEN_TIJD:
        return None, _(
            "De eigen tijd is van de familie. Zij sluiten hem af door het plan te delen."
        )
    volgorde = [Fase.VOORBEREIDING, *STAPPEN]
    i = volgorde.index(fase)
    if richting == "volgende":
        if fase == Fase.AFSLUITING:
            return None, _("Kies een aanspreekpunt en een datum, en rond het beraad af.")
        return volgorde[i + 1], ""
    if richting == "vorige":
        if fase == Fase.VOORBEREIDING:
            return None, _("Het beraad is nog niet begonnen.")
        if fase == Fase.PRESENTATIE:
            return None, _(
                "Terug naar de eigen tijd kan alleen de familie. Zij halen het plan dan terug."
            )
        return volgorde[i - 1], ""
    return None, _("Kies de volgende of de vorige fase.")


# --- Akkoord -----------------------------------------------------------------------------


def akkoord_keuzes(personen: list[Persoon], komen: set[int]) -> list[Persoon]:
    """For whom the facilitator may note an akkoord: the invitees who come first, then
    everyone of the Netwerk's own circle (no professionals: they agree for themselves)."""
    eerst = [p for p in personen if p.pk in komen]
    dan = [p for p in personen if p.pk not in komen and not p.is_professional]
    return eerst + dan


def geef_akkoord(
    plan: Actieplan,
    *,
    naam: str,
    user=None,
    persoon: Persoon | None = None,
    door=None,
) -> Akkoord:
    """Record or renew one person's akkoord on the plan as it is now.

    One akkoord per person and per login: a second tap (or a renewal after the plan
    changed) moves the time and the plan state of the one there is.
    """
    wie = Q(pk__in=[])
    if user is not None:
        wie |= Q(user=user)
    if persoon is not None:
        wie |= Q(persoon=persoon)
    velden = {"naam": naam, "tijd": timezone.now(), "planstand": plan.inhoud}
    if door is not None:
        velden["vastgelegd_door"] = door
    for _poging in range(2):
        gevonden = list(Akkoord.objects.filter(plan=plan).filter(wie).order_by("pk"))
        if gevonden:
            # A login and its Persoon once agreed apart (noted by the facilitator, then
            # on their own phone): from now on they are one akkoord.
            bestaand, *dubbel = gevonden
            for oud in dubbel:
                oud.delete()
            for naam_veld, waarde in velden.items():
                setattr(bestaand, naam_veld, waarde)
            bestaand.user = bestaand.user or user
            bestaand.persoon = bestaand.persoon or persoon
            bestaand.save()
            return bestaand
        try:
            with transaction.atomic():
                return Akkoord.objects.create(
                    netwerk_id=plan.netwerk_id, plan=plan, user=user, persoon=persoon, **velden
                )
        except IntegrityError:
            # Two taps at once: the other one just made it; renew that one.
            continue
    raise IntegrityError("akkoord")


# --- Afronden ----------------------------------------------------------------------------


def vervolg_tijdstip(dag: date) -> datetime:
    """The vervolgberaad starts at 19:00 local time on the chosen day."""
    return timezone.make_aware(datetime.combine(dag, time(19, 0)))


def vergrendel(beraad: Beraad) -> None:
    """Hold the beraad's row until this transaction ends, and read its phase and whether
    the plan is shared again: a write to the plan and closing the beraad take turns, so an
    afspraak saved at the moment the beraad closes is either in version 1 or refused."""
    beraad.fase, gepubliceerd = (
        Beraad.objects.select_for_update(of=("self",))
        .filter(pk=beraad.pk)
        .values_list("fase", "plan__gepubliceerd")
        .get()
    )
    plan_van(beraad).gepubliceerd = gepubliceerd


def rond_af(beraad: Beraad, plan: Actieplan, user) -> Beraad | None:
    """Close the beraad: the plan becomes version 1 and the vervolgberaad is made, in
    preparation, on the chosen date. None when someone else closed it just before, or
    when the plan changed after the last akkoord while the beraad was being closed."""
    nu = timezone.now()
    with transaction.atomic():
        vergrendel(beraad)
        if beraad.fase != Fase.AFSLUITING:
            return None
        # Read under the lock: an afspraak saved just before counts, and needs akkoord.
        inhoud = Actieplan.objects.values_list("inhoud", flat=True).get(pk=plan.pk)
        if not Akkoord.objects.filter(plan=plan, planstand=inhoud).exists():
            return None
        Beraad.objects.filter(pk=beraad.pk).update(fase=Fase.AFGEROND, afgerond=nu)
        beraad.fase, beraad.afgerond = Fase.AFGEROND, nu
        Actieplan.objects.filter(pk=plan.pk).update(vastgesteld=nu, planversie=1)
        plan.vastgesteld, plan.planversie = nu, 1
        plan_vastgesteld.send(sender=Actieplan, plan=plan, user=user)
        vervolg = Beraad.objects.create(
            netwerk_id=beraad.netwerk_id,
            vorige=beraad,
            datum=vervolg_tijdstip(plan.vervolgdatum),
            created_by=user,
        )
        Actieplan.objects.create(netwerk_id=beraad.netwerk_id, beraad=vervolg)
    beraad.tik()
    return vervolg

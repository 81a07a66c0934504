"""The rules of the Actieteam, in one place for every view, the demo and the cron command.

- `actief_plan()` is the plan the team works on: the plan of the last beraad that was
  closed with akkoord. `afspraken_van()` reads its afspraken (through the access layer).
- `zet_status()` changes one afspraak's status with a version check and keeps the change
  in its history.
- `nieuwe_versie()` is called in the same transaction as every change to the plan
  (add, change, end): it copies the plan as it now is into a new Planversie and writes
  in words what changed. `vergelijk()` compares any two versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, Max, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beraad.models import Actieplan, Afspraak, Beraad, Voorwaarde
from sonestra.core.access import Toegang
from sonestra.core.models import Persoon

from .models import Overleg, Planversie, Status, Statuswijziging, Voortgang

Soort = Afspraak.Soort

# --- The plan the team works on ------------------------------------------------------


def actief_plan(netwerk) -> Actieplan | None:
    """The plan of the last beraad closed with akkoord, or None before the first one."""
    return (
        Actieplan.objects.filter(netwerk=netwerk, vastgesteld__isnull=False)
        .select_related("beraad", "aanspreekpunt")
        .order_by("-vastgesteld", "-pk")
        .first()
    )


def leesbaar_plan(toegang: Toegang) -> Actieplan | None:
    """The active plan when this role may read it (a closed plan is published, so staff
    read it too), else None. One query; the pages of the team all start here."""
    plan = actief_plan(toegang.netwerk)
    if plan is None or not plan.zichtbaar_voor(toegang):
        return None
    return plan


def vergrendel_plan(plan: Actieplan) -> None:
    """Wait until other changes to this plan are done, until this transaction ends.

    An UPDATE that changes nothing takes the lock on every database: the plan's row on
    PostgreSQL, the write lock on SQLite (where SELECT … FOR UPDATE does nothing). What the
    transaction reads next is what the change before it left.
    """
    Actieplan.objects.filter(pk=plan.pk).update(planversie=F("planversie"))


def afspraken_van(toegang: Toegang, plan: Actieplan) -> QuerySet[Afspraak]:
    """The afspraken in force in this plan that this role may read, in plan order, with
    the vraag, the voortgang, who does it and who steps in: three queries when listed."""
    personen = Persoon.objects.order_by("-is_hoofdpersoon", "naam", "pk")
    return (
        Afspraak.objects.zichtbaar_voor(toegang)
        .filter(plan=plan)
        .lopend()
        .in_plan_volgorde()
        .select_related("vraag", "voortgang")
        .prefetch_related(
            Prefetch("wie", queryset=personen), Prefetch("invallers", queryset=personen)
        )
    )


def status_van(afspraak: Afspraak) -> Voortgang:
    """The afspraak's voortgang; an unsaved 'nog niet' one before its first change."""
    try:
        return afspraak.voortgang
    except Voortgang.DoesNotExist:
        return Voortgang(afspraak=afspraak, netwerk_id=afspraak.netwerk_id, versie=0)


def is_te_laat(afspraak: Afspraak, vandaag: date | None = None) -> bool:
    """Past its date and not done (ended afspraken are never late)."""
    vandaag = vandaag or timezone.localdate()
    return (
        afspraak.klaar_op is not None
        and afspraak.klaar_op < vandaag
        and afspraak.beeindigd is None
        and status_van(afspraak).status != Status.GELUKT
    )


def neemt_deel(toegang: Toegang, afspraak_id: int) -> bool:
    """Does this login do the afspraak or step in for it, in a closed plan it may read?
    (One query.) A draft afspraak of a beraad in eigen tijd is never 'theirs' to staff:
    the answer must not tell them the family named them in it."""
    if toegang.persoon_id is None:
        return False
    return (
        Afspraak.objects.zichtbaar_voor(toegang)
        .filter(pk=afspraak_id, plan__vastgesteld__isnull=False)
        .filter(Q(wie=toegang.persoon_id) | Q(invallers=toegang.persoon_id))
        .exists()
    )


def naam_van(toegang: Toegang, user) -> str:
    """How this person is named in histories: their name in the groslijst, else the login."""
    persoon = toegang.persoon
    return persoon.naam if persoon is not None else str(user)


# --- Status ----------------------------------------------------------------------------


def zet_status(
    afspraak: Afspraak, status: str, notitie: str, *, versie: int, user, naam: str
) -> tuple[bool, Voortgang]:
    """Set the status the person chose on a screen that showed `versie` (0: never set).

    Returns (True, the new voortgang), or (False, the voortgang as someone else just left
    it) when it changed since that screen was shown: nothing is overwritten.
    """
    if status not in Status.values:
        raise ValueError(status)
    nu = timezone.now()
    with transaction.atomic():
        huidig, _nieuw = Voortgang.objects.select_for_update().get_or_create(
            afspraak=afspraak, defaults={"netwerk_id": afspraak.netwerk_id, "versie": 0}
        )
        if huidig.versie != versie:
            return False, huidig
        van = huidig.status
        huidig.status, huidig.notitie = status, notitie
        huidig.gewijzigd, huidig.gewijzigd_door, huidig.gewijzigd_naam = nu, user, naam
        huidig.versie = versie + 1
        huidig.save()
        Statuswijziging.objects.create(
            netwerk_id=afspraak.netwerk_id,
            afspraak=afspraak,
            van=van,
            naar=status,
            notitie=notitie,
            tijd=nu,
            user=user,
            naam=naam,
        )
    afspraak.voortgang = huidig
    return True, huidig


# --- Plan versions ---------------------------------------------------------------------

VELDEN = {
    "vraag": gettext_lazy("vraag"),
    "soort": gettext_lazy("soort"),
    "wat": gettext_lazy("de tekst"),
    "wie": gettext_lazy("wie"),
    "wanneer": gettext_lazy("wanneer"),
    "klaar_op": gettext_lazy("klaar op"),
    "hoe_weten": gettext_lazy("hoe weten we dat het lukt"),
    "invallers": gettext_lazy("wie springt in"),
    "kosten": gettext_lazy("kosten"),
    "kosten_per": gettext_lazy("per"),
    "voorwaarden": gettext_lazy("helpt bij voorwaarde"),
}
# Compared by who it is, shown by name: renaming someone is no change of the plan.
VERGELIJK_OP = {"wie": "wie_ids", "invallers": "invallers_ids"}


def snapshot(plan: Actieplan) -> list[dict]:
    """Every afspraak in force in the plan, as plain data (four queries)."""
    personen = Persoon.objects.order_by("-is_hoofdpersoon", "naam", "pk").only("naam")
    afspraken = (
        Afspraak.objects.filter(plan=plan)
        .lopend()
        .in_plan_volgorde()
        .select_related("vraag")
        .prefetch_related(
            Prefetch("wie", queryset=personen),
            Prefetch("invallers", queryset=personen),
            Prefetch("voorwaarden", queryset=Voorwaarde.objects.order_by("pk").only("tekst")),
        )
    )
    return [
        {
            "id": a.pk,
            "vraag_id": a.vraag_id,
            "vraag": a.vraag.tekst,
            "soort": a.soort,
            "wat": a.wat,
            "wie": [p.naam for p in a.wie.all()],
            "wie_ids": [p.pk for p in a.wie.all()],
            "wanneer": a.wanneer,
            "klaar_op": a.klaar_op.isoformat() if a.klaar_op else "",
            "hoe_weten": a.hoe_weten,
            "invallers": [p.naam for p in a.invallers.all()],
            "invallers_ids": [p.pk for p in a.invallers.all()],
            "kosten": str(a.kosten) if a.kosten is not None else "",
            "kosten_per": a.kosten_per,
            "voorwaarden": [v.tekst for v in a.voorwaarden.all()],
        }
        for a in afspraken
    ]


def eerste_versie(plan: Actieplan, user=None, naam: str = "") -> Planversie | None:
    """Version 1: the plan as the beraad closed it. Made once, when the beraad is closed
    (or on first use for a plan closed before versions were kept)."""
    if plan.vastgesteld is None:
        return None
    versie, _nieuw = Planversie.objects.get_or_create(
        plan=plan,
        nummer=1,
        defaults={
            "netwerk_id": plan.netwerk_id,
            "tijd": plan.vastgesteld,
            "user": user,
            "naam": naam,
            "omschrijving": _("Vastgesteld in het beraad, met akkoord."),
            "afspraken": snapshot(plan),
        },
    )
    return versie


def nieuwe_versie(plan: Actieplan, *, user, naam: str) -> Planversie | None:
    """Keep the plan as it is now as a new version, after a change in this transaction.

    None when nothing in the plan differs from the last version (a save without changes).
    """
    with transaction.atomic():
        # One change at a time per plan: two saves at once get numbers one after the other.
        vergrendel_plan(plan)
        laatste = Planversie.objects.filter(plan=plan).order_by("-nummer").first()
        nu = snapshot(plan)
        if laatste is None:
            # The plan was closed before versions were kept and nobody called
            # eerste_versie() before this change: the plan before it is unknown. Keep the
            # plan as it is now, without claiming every afspraak in it is new.
            nummer = max(plan.planversie, 1)
            versie = Planversie.objects.create(
                netwerk_id=plan.netwerk_id,
                plan=plan,
                nummer=nummer,
                user=user,
                naam=naam,
                omschrijving=_("Het plan zoals het nu is. Eerdere versies zijn niet bewaard."),
                afspraken=nu,
            )
            Actieplan.objects.filter(pk=plan.pk).update(planversie=nummer)
            plan.planversie = nummer
            return versie
        verschil = vergelijk(laatste.afspraken, nu)
        if not verschil.iets:
            return None
        nummer = laatste.nummer + 1
        versie = Planversie.objects.create(
            netwerk_id=plan.netwerk_id,
            plan=plan,
            nummer=nummer,
            user=user,
            naam=naam,
            omschrijving=verschil.samenvatting(),
            afspraken=nu,
        )
        Actieplan.objects.filter(pk=plan.pk).update(planversie=nummer)
        plan.planversie = nummer
    return versie


def hoogste_versie(plan: Actieplan) -> int:
    return Planversie.objects.filter(plan=plan).aggregate(n=Max("nummer"))["n"] or 0


@dataclass
class Veldwijziging:
    veld: str
    label: str
    oud: object
    nieuw: object


@dataclass
class Wijziging:
    oud: dict
    nieuw: dict
    velden: list[Veldwijziging]


@dataclass
class Vergelijking:
    """What differs between two versions: afspraken added, ended, and changed (per field)."""

    toegevoegd: list[dict] = field(default_factory=list)
    beeindigd: list[dict] = field(default_factory=list)
    gewijzigd: list[Wijziging] = field(default_factory=list)

    @property
    def iets(self) -> bool:
        return bool(self.toegevoegd or self.beeindigd or self.gewijzigd)

    def samenvatting(self) -> str:
        """In words, one line per afspraak, for the list of versions."""
        regels = [_("Nieuw: %(wat)s") % {"wat": _kort(a["wat"])} for a in self.toegevoegd]
        # Named by the text people knew it by: the old one, when the text itself changed.
        regels += [
            _("Veranderd bij ‘%(wat)s’: %(velden)s")
            % {"wat": _kort(w.oud["wat"]), "velden": ", ".join(v.label for v in w.velden)}
            for w in self.gewijzigd
        ]
        regels += [_("Gestopt: %(wat)s") % {"wat": _kort(a["wat"])} for a in self.beeindigd]
        return "\n".join(regels)


def _kort(tekst: str, lengte: int = 80) -> str:
    tekst = " ".join(tekst.split())  # one line, whatever the afspraak's own line breaks
    if len(tekst) <= lengte:
        return tekst
    kort = tekst[: lengte - 1]
    # Cut between words where one ends in the last part, not in the middle of a word.
    if " " in kort[lengte // 2 :]:
        kort = kort.rsplit(" ", 1)[0]
    return kort.rstrip(" ,.;:") + "…"


def _verschilt(oud: dict, nieuw: dict, naam: str) -> bool:
    # Copies made before a key was kept do not differ in it.
    sleutel = VERGELIJK_OP.get(naam, naam)
    if sleutel not in oud or sleutel not in nieuw:
        sleutel = naam
        if naam not in oud or naam not in nieuw:
            return False
    return oud[sleutel] != nieuw[sleutel]


def vergelijk(oud: list[dict], nieuw: list[dict]) -> Vergelijking:
    """Compare two copies of the plan (Planversie.afspraken), afspraak by afspraak."""
    oud_per_id = {a["id"]: a for a in oud}
    nieuw_per_id = {a["id"]: a for a in nieuw}
    verschil = Vergelijking()
    for afspraak in nieuw:
        vorige = oud_per_id.get(afspraak["id"])
        if vorige is None:
            verschil.toegevoegd.append(afspraak)
            continue
        velden = [
            Veldwijziging(naam, str(label), vorige.get(naam), afspraak.get(naam))
            for naam, label in VELDEN.items()
            if _verschilt(vorige, afspraak, naam)
        ]
        if velden:
            verschil.gewijzigd.append(Wijziging(vorige, afspraak, velden))
    verschil.beeindigd = [a for a in oud if a["id"] not in nieuw_per_id]
    return verschil


# --- When is the next overleg? ---------------------------------------------------------
# One rule for every page, the calendar feed and the coordinator's overview (which says
# the same in SQL, in overzicht.py): the earliest of an overleg planned for later and the
# 'volgende' date the last overleg held set.


@dataclass(frozen=True)
class Volgend:
    datum: datetime
    # Planned, the moment passed, and nobody wrote the overleg down yet.
    voorbij: bool
    # The overleg the date comes from: a planned one, or the last one held.
    overleg: Overleg | None = None
    # True when the date is the 'volgende' the last overleg set, not a planned overleg.
    uit_volgende: bool = False


def volgend_overleg(overleggen: Iterable[Overleg], nu: datetime) -> Volgend | None:
    """The next overleg among these: the earliest one planned for later, or the 'next
    date' the last overleg held named, whichever comes first. When that date passed
    without a new overleg written down, it is still given, as passed, so the team notices."""
    komend: list[Volgend] = []
    laatste = None
    for overleg in overleggen:
        if overleg.datum > nu:
            komend.append(Volgend(overleg.datum, False, overleg))
        elif laatste is None or (overleg.datum, overleg.pk) > (laatste.datum, laatste.pk):
            laatste = overleg
    if laatste is not None and laatste.volgende is not None and laatste.volgende > nu:
        komend.append(Volgend(laatste.volgende, False, laatste, uit_volgende=True))
    if komend:
        return min(komend, key=lambda v: (v.datum, v.uit_volgende))
    if laatste is not None and laatste.volgende is not None:
        return Volgend(laatste.volgende, True, laatste, uit_volgende=True)
    return None


def volgend_overleg_van(netwerk, nu: datetime) -> Volgend | None:
    """The same for one Netwerk, for a page that does not list the overleggen: one query
    for the overleggen still to come and the last one held."""
    laatste = (
        Overleg.objects.filter(netwerk=netwerk, datum__lte=nu)
        .order_by("-datum", "-pk")
        .values("pk")[:1]
    )
    rijen = Overleg.objects.filter(netwerk=netwerk).filter(
        Q(datum__gt=nu) | Q(pk=Subquery(laatste))
    )
    return volgend_overleg(rijen, nu)


def volgend_beraad(netwerk, nu: datetime) -> Beraad | None:
    """The next beraad with a date still to come (usually the vervolgberaad). One query;
    the calendar feed, the team home and the coordinator's overview agree on it."""
    return (
        Beraad.objects.filter(netwerk=netwerk, datum__gt=nu)
        .exclude(fase=Beraad.Fase.AFGEROND)
        .order_by("datum", "pk")
        .first()
    )

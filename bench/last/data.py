"""The load test's own data, built with the real models and rules, and the check afterwards.

- 10 Netwerken in the Actieteam (a beraad closed with akkoord, plan version 1), each with
  5 family members who log in: a hoofdpersoon, a supporter and 3 netwerkleden. Every
  afspraak is done by 2 or 3 of them and one more steps in, so members of one family
  change the same afspraak at the same time and meet the version check.
- 5 facilitators, each with a Netwerk whose beraad is live in "presentatie en akkoord":
  the family shared the plan, so the facilitator writes along (adds and changes afspraken).

Everything belongs to the organisation `ORGANISATIE`; the runner refuses a database with
any other Netwerk. `stand()` reads what the database holds before the run and
`controleer()` holds what the clients were told against what the database holds after.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

ORGANISATIE = "Lasttest: Zorggroep Vijftig"
NAAM_VOORVOEGSEL = "last-"
# Every note and text the clients write starts with this, then the run's id.
MERKTEKEN = "LT"

VOORNAMEN = (
    *("Marieke", "Ahmed", "Sevda", "Joost", "Ria", "Truus", "Emre", "Fatima", "Kees", "Noor"),
    *("Daan", "Lotte", "Mo", "Anouk", "Jan", "Els", "Bram", "Yara", "Sanne", "Piet", "Iris"),
)
ACHTERNAMEN = (
    *("Bakker", "Jansen", "de Vries", "van Dijk", "Visser", "Smit", "Meijer", "de Boer"),
    *("Mulder", "de Groot", "Bos", "Vos", "Yilmaz", "El Amrani", "Kaya", "Dekker"),
)
VRAGEN = (
    "Hoe kan ik zelf blijven wonen?",
    "Wie helpt mij met mijn geld en de post?",
    "Hoe houd ik contact met mijn vrienden?",
)
WAT = (
    "boodschappen doen op zaterdag",
    "samen de post openen op zondag",
    "meegaan naar de huisarts",
    "elke woensdag samen koken",
    "bellen als het niet goed gaat",
    "rijden naar volleybal op dinsdag",
    "helpen met de weekplanning",
    "een keer per maand samen uit eten",
)


def _gebruikers_rollen():
    from sonestra.core.roles import Rol

    # A hoofdpersoon and a supporter may change any afspraak's status; a netwerklid only
    # the ones they do or step in for.
    return (Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.NETWERKLID, Rol.NETWERKLID)


def vreemde_netwerken() -> int:
    """How many Netwerken in this database are not the load test's own (0 on an empty one)."""
    from django.db import connection

    from sonestra.core.models import Netwerk

    if "core_netwerk" not in connection.introspection.table_names():
        return 0
    return Netwerk.objects.exclude(organisatie__naam=ORGANISATIE).count()


def is_gebouwd() -> bool:
    from sonestra.core.models import Netwerk

    return Netwerk.objects.filter(organisatie__naam=ORGANISATIE).exists()


def leeg() -> None:
    """Empty every table (the access log too, through its one door: see core's flush)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)


def bouw(
    *, families: int = 10, leden: int = 5, afspraken: int = 8, facilitators: int = 5, seed: int = 8
) -> None:
    """Build the Netwerken, logins and plans described at the top of this module."""
    from django.db import transaction
    from django.utils import timezone

    from actieteam import team
    from beraad.models import Actieplan, Afspraak, Beraad, Voorwaarde, Vraag
    from sonestra.core.models import Deelname, Netwerk, Organisatie, Persoon, User
    from sonestra.core.roles import Rol

    rng = random.Random(seed)
    nu = timezone.now()
    vandaag = timezone.localdate()
    rollen = _gebruikers_rollen()
    if leden > len(rollen):
        raise ValueError(f"at most {len(rollen)} family members per Netwerk")

    def naam() -> str:
        return f"{rng.choice(VOORNAMEN)} {rng.choice(ACHTERNAMEN)}"

    with transaction.atomic():
        org = Organisatie.objects.create(naam=ORGANISATIE)
        for f in range(families):
            netwerk = Netwerk.objects.create(titel=f"Het netwerk van {naam()}", organisatie=org)
            mensen = []
            for j in range(leden):
                persoon = Persoon.objects.create(
                    netwerk=netwerk, naam=naam(), is_hoofdpersoon=rollen[j] == Rol.HOOFDPERSOON
                )
                user = User(username=f"{NAAM_VOORVOEGSEL}familie-{f}-{j}", first_name=persoon.naam)
                # Family members never have a password: they log in by a one-time link.
                user.set_unusable_password()
                user.save()
                Deelname.objects.create(netwerk=netwerk, user=user, rol=rollen[j], persoon=persoon)
                mensen.append(persoon)
            for _ in range(6):  # the rest of the groslijst, without a login
                Persoon.objects.create(netwerk=netwerk, naam=naam())
            toen = nu - timedelta(days=rng.randint(30, 90))
            beraad = Beraad.objects.create(
                netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=toen, gestart=toen, afgerond=toen
            )
            plan = Actieplan.objects.create(
                netwerk=netwerk,
                beraad=beraad,
                gepubliceerd=toen,
                vastgesteld=toen,
                planversie=1,
                aanspreekpunt=mensen[1 % leden],
                vervolgdatum=vandaag + timedelta(days=rng.randint(30, 90)),
            )
            vragen = [
                Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=i)
                for i, tekst in enumerate(VRAGEN, start=1)
            ]
            for k in range(afspraken):
                # Two or three members do it and one more steps in: shared afspraken.
                wie = {mensen[k % leden], mensen[(k + 1) % leden]}
                if k % 2 == 0:
                    wie.add(mensen[(k + 3) % leden])
                afspraak = Afspraak.objects.create(
                    netwerk=netwerk,
                    plan=plan,
                    vraag=vragen[k % len(vragen)],
                    wat=f"{WAT[k % len(WAT)].capitalize()}.",
                    wanneer="elke week",
                    klaar_op=vandaag + timedelta(days=rng.randint(-10, 60)),
                    hoe_weten="We horen het in het overleg.",
                    volgorde=k,
                )
                afspraak.wie.set(wie)
                afspraak.invallers.set([mensen[(k + 2) % leden]])
            team.eerste_versie(plan)

        for i in range(facilitators):
            netwerk = Netwerk.objects.create(titel=f"Het netwerk van {naam()}", organisatie=org)
            hoofdpersoon = Persoon.objects.create(
                netwerk=netwerk, naam=naam(), is_hoofdpersoon=True
            )
            personen = [hoofdpersoon] + [
                Persoon.objects.create(netwerk=netwerk, naam=naam()) for _ in range(8)
            ]
            user = User(
                username=f"{NAAM_VOORVOEGSEL}facilitator-{i}",
                first_name=f"Facilitator {i}",
                organisatie=org,
            )
            # The runner gives every run a fresh password; until then nobody can log in.
            user.set_unusable_password()
            user.save()
            Deelname.objects.create(netwerk=netwerk, user=user, rol=Rol.FACILITATOR)
            beraad = Beraad.objects.create(
                netwerk=netwerk,
                fase=Beraad.Fase.PRESENTATIE,
                datum=nu,
                gestart=nu - timedelta(minutes=50),
                waar="Bij de familie thuis",
                created_by=user,
            )
            # Eigen tijd is over: the family shared the plan, so the facilitator writes along.
            plan = Actieplan.objects.create(
                netwerk=netwerk, beraad=beraad, gepubliceerd=nu - timedelta(minutes=5)
            )
            vragen = [
                Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=v)
                for v, tekst in enumerate(VRAGEN, start=1)
            ]
            Voorwaarde.objects.create(
                netwerk=netwerk,
                beraad=beraad,
                tekst="Er is elke dag iemand die even belt of langskomt.",
                auteur=user,
            )
            for k in range(6):
                afspraak = Afspraak.objects.create(
                    netwerk=netwerk,
                    plan=plan,
                    vraag=vragen[k % len(vragen)],
                    wat=f"{WAT[k % len(WAT)].capitalize()}.",
                    wanneer="elke week",
                    created_by=user,
                )
                afspraak.wie.set(personen[1 + k % 8 : 3 + k % 8])


@dataclass
class Deelnemers:
    families: list[dict]
    facilitators: list[dict]


def klaarzetten() -> Deelnemers:
    """For this run: a one-time login link for every family member and a fresh password
    for every facilitator, with the sessions of earlier runs ended."""
    from django.contrib.auth.hashers import make_password

    from actieteam import team
    from beraad.models import Beraad
    from sonestra.core.models import Deelname, LoginLink
    from sonestra.core.sessies import beeindig_sessies

    families, facilitators = [], []
    deelnames = (
        Deelname.objects.actief()
        .filter(netwerk__organisatie__naam=ORGANISATIE, user__username__startswith=NAAM_VOORVOEGSEL)
        .select_related("user", "netwerk")
        .order_by("netwerk_id", "pk")
    )
    for deelname in deelnames:
        user = deelname.user
        beeindig_sessies(user)
        if user.is_medewerker:
            wachtwoord = secrets.token_urlsafe(18)
            # The production hasher on purpose: a facilitator's login costs what it costs.
            user.password = make_password(wachtwoord)
            user.save(update_fields=["password"])
            beraad = Beraad.objects.get(netwerk=deelname.netwerk, fase=Beraad.Fase.PRESENTATIE)
            facilitators.append(
                {
                    "gebruiker": user.username,
                    "wachtwoord": wachtwoord,
                    "netwerk": deelname.netwerk_id,
                    "beraad": beraad.pk,
                }
            )
        else:
            families.append(
                {
                    "gebruiker": user.username,
                    "rol": deelname.rol,
                    "netwerk": deelname.netwerk_id,
                    "plan": team.actief_plan(deelname.netwerk).pk,
                    "link": LoginLink.create_for(user, max_age=30 * 60),
                }
            )
    return Deelnemers(families=families, facilitators=facilitators)


@dataclass
class Stand:
    """What the database holds of the load test's plans at one moment."""

    # afspraak id -> (voortgang versie, status); versie 0: never set.
    status: dict[int, tuple[int, str]]
    laatste_wijziging: int  # highest Statuswijziging pk
    # afspraak id -> versie, for the afspraken of the live beraden.
    beraad_afspraken: dict[int, int]
    # plan id -> (afspraken in it, inhoud)
    beraad_plannen: dict[int, tuple[int, int]]


def stand() -> Stand:
    from django.db.models import Count, Max

    from actieteam.models import Status, Statuswijziging, Voortgang
    from beraad.models import Actieplan, Afspraak, Beraad

    teamafspraken = Afspraak.objects.filter(
        netwerk__organisatie__naam=ORGANISATIE, plan__vastgesteld__isnull=False
    ).values_list("pk", flat=True)
    status = dict.fromkeys(teamafspraken, (0, Status.NOG_NIET.value))
    for pk, versie, waarde in Voortgang.objects.filter(afspraak__in=list(status)).values_list(
        "afspraak_id", "versie", "status"
    ):
        status[pk] = (versie, waarde)
    laatste = Statuswijziging.objects.aggregate(m=Max("pk"))["m"] or 0
    live = {
        "plan__beraad__fase": Beraad.Fase.PRESENTATIE,
        "netwerk__organisatie__naam": ORGANISATIE,
    }
    beraad_afspraken = dict(Afspraak.objects.filter(**live).values_list("pk", "versie"))
    plannen = {
        pk: (aantal, inhoud)
        for pk, aantal, inhoud in Actieplan.objects.filter(
            beraad__fase=Beraad.Fase.PRESENTATIE, netwerk__organisatie__naam=ORGANISATIE
        )
        .annotate(aantal=Count("afspraken"))
        .values_list("pk", "aantal", "inhoud")
    }
    return Stand(status, laatste, beraad_afspraken, plannen)


@dataclass
class Controle:
    """The clients' accepted changes held against what the database stored."""

    status_geaccepteerd: int = 0
    status_opgeslagen: int = 0  # Statuswijziging rows written during the run
    status_conflicten: int = 0
    nieuw_geaccepteerd: int = 0
    nieuw_opgeslagen: int = 0
    wijziging_geaccepteerd: int = 0
    wijziging_opgeslagen: int = 0  # version steps of the beraad's afspraken
    beraad_conflicten: int = 0
    verloren: list[str] = field(default_factory=list)  # lost updates
    zonder_bevestiging: list[str] = field(default_factory=list)  # stored, client not told


def _keten_fouten(afspraak_id: int, begin: tuple[int, str], rijen: list, nu) -> list[str]:
    """Each change must start from where the one before it ended, and the last one must be
    what the afspraak shows now: a change that overwrote another without history breaks it."""
    fouten = []
    vorige = begin[1]
    for rij in rijen:
        if rij.van != vorige:
            fouten.append(
                f"afspraak {afspraak_id}: wijziging {rij.pk} begint bij {rij.van}, "
                f"de vorige eindigde bij {vorige}"
            )
        vorige = rij.naar
    if rijen and nu is not None and (nu.status != vorige or nu.notitie != rijen[-1].notitie):
        fouten.append(f"afspraak {afspraak_id}: de status is niet de laatste wijziging")
    return fouten


def controleer(voor: Stand, uitkomst: dict) -> Controle:
    """Every change a client was told was saved must be in the database once, and every
    version step in the database must be one change a client was told was saved."""
    from actieteam.models import Statuswijziging, Voortgang
    from beraad.models import Actieplan, Afspraak

    c = Controle()

    # --- Status changes (Mijn afspraken) --------------------------------------------------
    geaccepteerd = uitkomst["status"]
    c.status_geaccepteerd = len(geaccepteerd)
    c.status_conflicten = uitkomst["status_conflicten"]
    rijen = list(
        Statuswijziging.objects.filter(pk__gt=voor.laatste_wijziging, afspraak__in=voor.status)
        .order_by("pk")
        .only("pk", "afspraak_id", "van", "naar", "notitie")
    )
    c.status_opgeslagen = len(rijen)
    per_notitie = Counter(r.notitie for r in rijen)
    for wijziging in geaccepteerd:
        n = per_notitie.get(wijziging["notitie"], 0)
        if n != 1:
            c.verloren.append(
                f"status {wijziging['notitie']} (afspraak {wijziging['afspraak']}): "
                f"{n} keer opgeslagen, verwacht 1"
            )
    bekend = {w["notitie"] for w in geaccepteerd}
    c.zonder_bevestiging += [
        f"statuswijziging {r.pk} ({r.notitie})" for r in rijen if r.notitie not in bekend
    ]
    per_afspraak = defaultdict(list)
    for rij in rijen:
        per_afspraak[rij.afspraak_id].append(rij)
    gezien = defaultdict(list)
    for wijziging in geaccepteerd:
        gezien[wijziging["afspraak"]].append(wijziging["versie"])
    nu = {v.afspraak_id: v for v in Voortgang.objects.filter(afspraak__in=list(voor.status))}
    for afspraak_id, (begin_versie, begin_status) in voor.status.items():
        eind = nu.get(afspraak_id)
        eind_versie = eind.versie if eind is not None else 0
        # Version steps begin..eind-1 were each taken by exactly one accepted change.
        verwacht = list(range(begin_versie, eind_versie))
        bevestigd = sorted(gezien.get(afspraak_id, []))
        if bevestigd != verwacht:
            c.verloren.append(
                f"afspraak {afspraak_id}: versie {begin_versie} -> {eind_versie}, maar de "
                f"clients kregen een bevestiging vanaf versies {bevestigd}"
            )
        if len(per_afspraak.get(afspraak_id, [])) != eind_versie - begin_versie:
            c.verloren.append(
                f"afspraak {afspraak_id}: {len(per_afspraak.get(afspraak_id, []))} "
                f"wijzigingen in de geschiedenis, {eind_versie - begin_versie} versiestappen"
            )
        c.verloren += _keten_fouten(
            afspraak_id, (begin_versie, begin_status), per_afspraak.get(afspraak_id, []), eind
        )

    # --- The live beraad: new and changed afspraken --------------------------------------
    nieuw = uitkomst["nieuw"]
    wijzigingen = uitkomst["wijzigingen"]
    c.nieuw_geaccepteerd = len(nieuw)
    c.wijziging_geaccepteerd = len(wijzigingen)
    c.beraad_conflicten = uitkomst["beraad_conflicten"]
    plannen = list(voor.beraad_plannen)
    afspraken = {
        a.pk: a
        for a in Afspraak.objects.filter(plan__in=plannen).only("pk", "versie", "wat", "hoe_weten")
    }
    nieuwe = [a for pk, a in afspraken.items() if pk not in voor.beraad_afspraken]
    c.nieuw_opgeslagen = len(nieuwe)
    # A new afspraak's text (wat) is the client's mark; changes write their mark in
    # hoe_weten, so the text stays findable.
    per_wat = Counter(a.wat for a in afspraken.values())
    for item in nieuw:
        if per_wat.get(item["wat"], 0) != 1:
            c.verloren.append(
                f"nieuwe afspraak {item['wat']}: {per_wat.get(item['wat'], 0)} keer opgeslagen"
            )
    bekend_nieuw = {item["wat"] for item in nieuw}
    c.zonder_bevestiging += [
        f"afspraak {a.pk} ({a.wat[:40]})" for a in nieuwe if a.wat not in bekend_nieuw
    ]
    gezien_beraad = defaultdict(list)
    for item in wijzigingen:
        gezien_beraad[item["afspraak"]].append(item)
    stappen = 0
    for pk, afspraak in afspraken.items():
        begin = voor.beraad_afspraken.get(pk, 1)
        stappen += afspraak.versie - begin
        items = sorted(gezien_beraad.get(pk, []), key=lambda i: i["versie"])
        if [i["versie"] for i in items] != list(range(begin, afspraak.versie)):
            c.verloren.append(
                f"beraad-afspraak {pk}: versie {begin} -> {afspraak.versie}, bevestigd vanaf "
                f"{[i['versie'] for i in items]}"
            )
        elif items and afspraak.hoe_weten != items[-1]["hoe_weten"]:
            c.verloren.append(f"beraad-afspraak {pk}: de tekst is niet de laatste wijziging")
    c.wijziging_opgeslagen = stappen
    inhoud = dict(Actieplan.objects.filter(pk__in=plannen).values_list("pk", "inhoud"))
    toename = sum(inhoud[pk] - voor.beraad_plannen[pk][1] for pk in plannen)
    if toename != c.nieuw_geaccepteerd + c.wijziging_geaccepteerd:
        c.verloren.append(
            f"de plannen veranderden {toename} keer, de clients kregen "
            f"{c.nieuw_geaccepteerd + c.wijziging_geaccepteerd} bevestigingen"
        )
    return c

"""The Actieteam of the demo.

- `build_actieteam()`: Marieke's team since the beraad of three months ago. Everyone keeps
  their own afspraken up to date from a phone (Marieke, tante Els, vriendin Sevda,
  buurvrouw Annie, begeleider Ahmed), the team met twice, changed the plan once
  (version 2), and one afspraak "lukt niet" right now.
- `build_organisatie()`: more Netwerken of the organisation in every phase, so the
  coordinator's overview looks like a real caseload (status only, no kompas data).

Idempotent like the rest of the demo: a Netwerk whose team has any history, and a
Netwerk title that exists, are left as they are. History is written with the moments it
happened, the way `team.zet_status()` and `team.nieuwe_versie()` would have written it
then.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import formats, timezone

from beraad.models import Actieplan, Afspraak, Beraad, Voorwaarde, Vraag
from sonestra.core.models import Deelname, Netwerk, Organisatie, Persoon, Uitnodiging, User
from sonestra.core.roles import Rol

from . import team
from .models import (
    Herinnering,
    Lidinstelling,
    Overleg,
    Planversie,
    Status,
    Statuswijziging,
    Voortgang,
)

NETWERK, PROFESSIONAL, AANBOD = Afspraak.Soort
NOG_NIET, BEZIG, GELUKT, LUKT_NIET = Status

# --- Marieke's Actieteam ----------------------------------------------------------------

# Each afspraak of the beraad (beraad.demo.AFSPRAKEN) by the start of its text.
AFSPRAKEN = {
    "post": "Els komt elke zondag een uur langs",
    "briefje": "Joost maakt met Marieke een briefje",
    "online": "Wil Marieke online iets kopen",
    "ria": "Ria belt om de dag",
    "peter": "Peter legt Marieke elke maand uit",
    "ahmed": "Ahmed komt nog twee keer per week",
    "kassa": "Marieke vraagt Dirk",
    "snuffelstage": "Iris zoekt samen met Marieke",
    "dagbesteding": "Dagbesteding op Kinderboerderij",
    "volleybal": "Sevda neemt Marieke om de week",
    "jasmijn": "Marieke stuurt Jasmijn",
    "lidmaatschap": "Lidmaatschap van de volleybalclub",
}

# When something happened: ("beraad", n) n days after the beraad, ("zondag", n) the n-th
# Sunday after it, ("vandaag", -n) n days ago; then the hour and minute.
# Overleg 1, five weeks after the beraad; the plan change the next evening; overleg 2,
# ten weeks after; the next overleg a week before the vervolgberaad.
OVERLEG_1 = ("beraad", 35, 19, 30)
PLANWIJZIGING = ("beraad", 36, 20, 10)
OVERLEG_2 = ("beraad", 70, 19, 30)
VOLGEND_OVERLEG_VOOR_VERVOLG = 7  # days before the vervolgberaad

# The status changes, by the people who do the afspraken, in their own words:
# (afspraak, moment, login, naar, notitie). Sorted by moment when written.
# fmt: off
GESCHIEDENIS = [
    ("ahmed", ("beraad", 2, 10, 40), "ahmed", BEZIG,
     "Eerste planning voor de week gemaakt. Marieke hangt hem zelf op de koelkast."),
    ("ria", ("beraad", 3, 20, 15), "marieke", BEZIG,
     "Mama belt nu om de dag. Dat is wennen, maar het gaat goed."),
    ("post", ("zondag", 1, 12, 5), "els", BEZIG,
     "Eerste zondag samen gedaan. Drie brieven open gemaakt, één rekening betaald."),
    ("briefje", ("beraad", 6, 19, 30), "marieke", BEZIG,
     "Joost komt zaterdag. Dan maken we samen het briefje."),
    ("online", ("beraad", 9, 21, 10), "sevda", BEZIG,
     "Marieke belde over een jas van 60 euro. We slapen er een nacht over."),
    ("kassa", ("beraad", 10, 13, 20), "marieke", BEZIG,
     "Ik heb het aan Dirk gevraagd. Hij overlegt met Lotte."),
    ("briefje", ("beraad", 11, 20, 45), "annie", GELUKT,
     "Marieke belde gisteravond bij mij aan. We hebben thee gedronken. Het briefje hangt "
     "op de koelkast."),
    ("volleybal", ("zondag", 2, 17, 5), "sevda", BEZIG,
     "Eerste keer samen naar volleybal. Marieke deed meteen mee met de warming-up!"),
    ("peter", ("beraad", 12, 16, 0), "marieke", BEZIG,
     "Eerste gesprek met Peter. Ik snap mijn afschrift nu beter."),
    ("jasmijn", ("beraad", 15, 22, 5), "marieke", BEZIG,
     "Ik heb Jasmijn gevonden op Instagram. Ik vind het nog spannend om te sturen."),
    ("jasmijn", ("beraad", 26, 18, 30), "marieke", GELUKT,
     "We hebben koffie gedronken bij Bakkerij Öztürk. Volgende maand weer!"),
    ("kassa", ("beraad", 33, 14, 10), "marieke", GELUKT,
     "Ik sta nu op donderdag bij de kassa. Lotte staat naast me."),
    ("volleybal", ("zondag", 6, 16, 40), "sevda", GELUKT,
     "Al vier keer samen geweest. Marieke kent nu iedereen van het team."),
    ("snuffelstage", ("beraad", 40, 11, 15), "marieke", BEZIG,
     "Eerste gesprek met Iris. Misschien mag ik twee dagen meelopen bij de geiten."),
    ("post", ("zondag", 7, 12, 20), "els", GELUKT,
     "Loopt nu elke zondag. Marieke opent de post zelf, ik kijk mee. Geen aanmaningen meer."),
    ("lijstje", ("zondag", 7, 12, 25), "els", BEZIG,
     "Eerste keer het lijstje besproken. De nieuwe koptelefoon wacht nog een maand."),
    ("peter", ("beraad", 64, 17, 45), "els", GELUKT,
     "Marieke vertelde me zelf hoeveel leefgeld ze nog had. Peter is tevreden."),
    ("verjaardag", ("beraad", 72, 19, 50), "marieke", BEZIG,
     "Lisa en ik hebben de uitnodigingen gemaakt. Oma weet nog van niks!"),
    ("volleybal", ("vandaag", -5, 21, 20), "sevda", LUKT_NIET,
     "Ik heb een nieuw werkrooster en moet nu elke zondag werken. Dan kan ik Marieke niet "
     "ophalen. Wie kan haar brengen?"),
]
# fmt: on
# Els, the aanspreekpunt, got the "lukt niet" message by e-mail a moment later.
GEMELD_NA = timedelta(minutes=2)

# The plan change after overleg 1 (by Els, the aanspreekpunt): the rule about buying
# online stops, a shopping list on Sundays comes instead, and a family party is added.
GESTOPT = "online"
# (key, vraag, soort, wat, wie, wanneer, klaar_op days from today, hoe_weten, invallers,
#  voorwaarde it helps with: start of its text)
# fmt: off
NIEUWE_AFSPRAKEN = [
    ("lijstje", 0, NETWERK,
     "Wil Marieke iets kopen van meer dan 25 euro? Dan zet ze het op het lijstje op de "
     "koelkast. Op zondag bespreekt ze het lijstje met Els.",
     ["Marieke Bakker", "Els van Dijk"], "Elke zondag bij de post, eerst acht weken proberen",
     1,
     "Marieke koopt niets duurs meer zonder het lijstje. Peter ziet geen nieuwe schulden op "
     "het afschrift.",
     ["Sevda Yılmaz"], "Elke week kijkt iemand"),
    ("verjaardag", 2, NETWERK,
     "Marieke en Lisa maken een verjaardagsfeestje voor oma Truus in het verzorgingshuis. "
     "Els haalt Ria op.",
     ["Marieke Bakker", "Lisa Meijer", "Els van Dijk"], "Op de verjaardag van oma Truus",
     2,
     "Oma Truus heeft een fijne verjaardag en Marieke heeft het zelf mee georganiseerd.",
     ["Ria Bakker"], ""),
]
# fmt: on

# (moment, waar, aanwezig, notities, besluiten, geschreven door)
# fmt: off
OVERLEGGEN = [
    (OVERLEG_1, "Bij Marieke thuis",
     ["Marieke Bakker", "Els van Dijk", "Ria Bakker", "Joost Bakker", "Sevda Yılmaz",
      "Ahmed El Amrani"],
     "Marieke vertelde wat goed gaat: de post op zondag met Els, het briefje op de koelkast "
     "en de koffie met Jasmijn. Ze staat nu ook bij de kassa.\n"
     "Eerst Sevda bellen als Marieke iets online wil kopen helpt wel. Maar Sevda is overdag "
     "aan het werk, en Marieke wil het liever eerst zelf opschrijven.\n"
     "Ria vindt om de dag bellen nog moeilijk. Ze houdt het vol.\n"
     "Marieke wil in het weekend ook iets met de familie doen. Lisa wil helpen met een "
     "feestje voor de verjaardag van oma Truus.",
     "De afspraak over online kopen stopt. Marieke zet wat ze wil kopen op een lijstje en "
     "bespreekt het op zondag met Els.\n"
     "Marieke en Lisa maken het verjaardagsfeestje voor oma. Els haalt Ria op.\n"
     "Els past het plan aan.",
     "els"),
    (OVERLEG_2, "Wijkcentrum De Dreef, zaal 2",
     ["Marieke Bakker", "Els van Dijk", "Lisa Meijer", "Sevda Yılmaz", "Ahmed El Amrani",
      "Iris Koster"],
     "Het lijstje werkt. Marieke heeft niets duurs gekocht zonder het eerst met Els te "
     "bespreken. Peter ziet geen nieuwe schulden.\n"
     "Marieke gaat graag met Sevda naar volleybal.\n"
     "Iris regelt een snuffelstage op de kinderboerderij. Marieke vindt het spannend en leuk.\n"
     "Ahmed komt na het vervolgberaad misschien minder vaak. Marieke wil eerst zien hoe de "
     "snuffelstage gaat.\n"
     "Het lidmaatschap van de volleybalclub is nog niet geregeld.",
     "Els belt Peter over het lidmaatschap van de volleybalclub.\n"
     "Lisa en Marieke gaan door met het feest voor oma. Ria neemt taart mee.\n"
     "Het volgende overleg is een week voor het vervolgberaad. Dan bereiden we het samen "
     "voor.",
     "marieke"),
]
# fmt: on

# Reminders that went out before a due date, the way `manage.py herinneringen` sends
# them: (afspraak, login, days before klaar_op). Only for afspraken that were not done yet.
HERINNERINGEN = [("jasmijn", "marieke", 2), ("kassa", "marieke", 2), ("lidmaatschap", "marieke", 2)]

# E-mail on or off per login; Ahmed reads the app himself and switched the e-mails off.
MAIL = {"marieke": True, "els": True, "sevda": True, "ahmed": False}
MARIEKE_EMAIL = "marieke@example.org"

# Buurvrouw Annie keeps her own afspraak up to date: she got a login after the beraad.
ANNIE = ("annie", "Annie", "Visser", "Annie Visser")


def _om(dag: date, uur: int, minuut: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


class _Klok:
    """Turns the demo's moments into datetimes around the beraad day."""

    def __init__(self, beraad_dag: date, vandaag: date) -> None:
        self.beraad_dag, self.vandaag = beraad_dag, vandaag
        self.eerste_zondag = beraad_dag + timedelta(days=(6 - beraad_dag.weekday()) % 7 or 7)

    def dag(self, basis: str, n: int) -> date:
        if basis == "zondag":
            return self.eerste_zondag + timedelta(weeks=n - 1)
        return (self.beraad_dag if basis == "beraad" else self.vandaag) + timedelta(days=n)

    def __call__(self, moment: tuple) -> datetime:
        basis, n, uur, minuut = moment
        return _om(self.dag(basis, n), uur, minuut)


def _zoek_afspraken(plan: Actieplan) -> dict[str, Afspraak]:
    afspraken = list(Afspraak.objects.filter(plan=plan))
    gevonden = {}
    for key, begin in AFSPRAKEN.items():
        matches = [a for a in afspraken if a.wat.startswith(begin)]
        if len(matches) != 1:
            raise LookupError(f"De demo vindt de afspraak '{begin}…' niet in het plan.")
        gevonden[key] = matches[0]
    return gevonden


def heeft_geschiedenis(netwerk: Netwerk) -> bool:
    """Has this team done anything yet (then the demo leaves it alone)?"""
    return (
        Statuswijziging.objects.filter(netwerk=netwerk).exists()
        or Overleg.objects.filter(netwerk=netwerk).exists()
        or Planversie.objects.filter(netwerk=netwerk, nummer__gt=1).exists()
    )


@transaction.atomic
def build_actieteam(netwerk: Netwerk) -> bool:
    """Three months of Actieteam for Marieke. False when there was nothing to do: no
    closed plan yet, or the team already has a history."""
    plan = team.actief_plan(netwerk)
    if plan is None or heeft_geschiedenis(netwerk):
        return False
    vandaag = timezone.localdate()
    klok = _Klok(timezone.localdate(plan.beraad.datum), vandaag)
    mensen = {p.naam: p for p in Persoon.objects.in_netwerk(netwerk)}
    logins = {
        d.user.username: d
        for d in Deelname.objects.actief().filter(netwerk=netwerk).select_related("user")
    }
    logins["annie"] = _annie(netwerk, mensen, logins, klok)
    afspraken = _zoek_afspraken(plan)

    namen = {p.pk: p.naam for p in mensen.values()}

    def wie(username: str) -> tuple[User, str]:
        """The login and how histories name it (as `team.naam_van`)."""
        deelname = logins[username]
        return deelname.user, namen.get(deelname.persoon_id) or str(deelname.user)

    # Version 1 is the plan as the beraad closed it, before anything changed.
    sanne = wie("sanne")
    team.eerste_versie(plan, user=sanne[0], naam=sanne[1])

    afspraken.update(_wijzig_plan(plan, afspraken, mensen, klok, *wie("els")))
    _geschiedenis(netwerk, afspraken, klok, wie)
    _overleggen(netwerk, plan, mensen, klok, logins)
    _instellingen(netwerk, afspraken, logins)
    return True


def _annie(netwerk: Netwerk, mensen: dict, logins: dict, klok: _Klok) -> Deelname:
    username, first, last, naam = ANNIE
    if username in logins:
        return logins[username]
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    deelname, _ = Deelname.objects.actief().get_or_create(
        netwerk=netwerk, user=user, defaults={"rol": Rol.NETWERKLID, "persoon": mensen[naam]}
    )
    # Marieke invited her the week after the beraad; the link itself is not kept.
    uitgenodigd = klok(("beraad", 4, 18, 0))
    uitnodiging = Uitnodiging(
        netwerk=netwerk,
        persoon=mensen[naam],
        rol=Rol.NETWERKLID,
        user=user,
        created_by=logins["marieke"].user if "marieke" in logins else None,
        aangenomen=uitgenodigd + timedelta(hours=2),
    )
    uitnodiging.new_token()
    uitnodiging.save()
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(created=uitgenodigd)
    Deelname.objects.filter(pk=deelname.pk).update(created=uitgenodigd + timedelta(hours=2))
    return deelname


def _wijzig_plan(plan, afspraken, mensen, klok, user, naam) -> dict[str, Afspraak]:
    """The one plan change, made on the afspraken and kept as version 2 at its moment."""
    moment = klok(PLANWIJZIGING)
    gestopt = afspraken[GESTOPT]
    Afspraak.objects.filter(pk=gestopt.pk).update(
        beeindigd=moment, gewijzigd=moment, versie=gestopt.versie + 1
    )
    voorwaarden = list(Voorwaarde.objects.filter(beraad=plan.beraad))
    vragen = list(Vraag.objects.filter(beraad=plan.beraad).order_by("volgorde", "pk"))
    nieuw = {}
    for key, v, soort, wat, wie, wanneer, klaar, hoe_weten, invallers, helpt in NIEUWE_AFSPRAKEN:
        volgorde = Afspraak.objects.filter(plan=plan, vraag=vragen[v], soort=soort).count() + 1
        afspraak = Afspraak.objects.create(
            netwerk_id=plan.netwerk_id,
            plan=plan,
            vraag=vragen[v],
            soort=soort,
            wat=wat,
            wanneer=wanneer,
            klaar_op=klok.vandaag + timedelta(days=klaar),
            hoe_weten=hoe_weten,
            volgorde=volgorde,
            created_by=user,
        )
        afspraak.wie.set([mensen[n] for n in wie])
        afspraak.invallers.set([mensen[n] for n in invallers])
        if helpt:
            afspraak.voorwaarden.set([w for w in voorwaarden if w.tekst.startswith(helpt)])
        Afspraak.objects.filter(pk=afspraak.pk).update(created=moment, gewijzigd=moment)
        nieuw[key] = afspraak
    versie = team.nieuwe_versie(plan, user=user, naam=naam)
    Planversie.objects.filter(pk=versie.pk).update(tijd=moment)
    return nieuw


def _geschiedenis(netwerk, afspraken, klok, wie) -> None:
    """Every status change at its moment, and each afspraak's voortgang as the last one
    left it (what `team.zet_status()` would have written each time)."""
    regels = sorted(
        (
            (klok(moment), key, username, naar, notitie)
            for key, moment, username, naar, notitie in GESCHIEDENIS
        ),
        key=lambda r: r[0],
    )
    wijzigingen, stand = [], {}
    for tijd, key, username, naar, notitie in regels:
        user, naam = wie(username)
        afspraak = afspraken[key]
        vorige = stand.get(key)
        wijzigingen.append(
            Statuswijziging(
                netwerk=netwerk,
                afspraak=afspraak,
                van=vorige.status if vorige else NOG_NIET,
                naar=naar,
                notitie=notitie,
                tijd=tijd,
                user=user,
                naam=naam,
                gemeld=tijd + GEMELD_NA if naar == LUKT_NIET else None,
            )
        )
        stand[key] = Voortgang(
            afspraak=afspraak,
            netwerk=netwerk,
            status=naar,
            notitie=notitie,
            gewijzigd=tijd,
            gewijzigd_door=user,
            gewijzigd_naam=naam,
            versie=(vorige.versie if vorige else 0) + 1,
        )
    Statuswijziging.objects.bulk_create(wijzigingen)
    Voortgang.objects.bulk_create(stand.values())


def _overleggen(netwerk, plan, mensen, klok, logins) -> None:
    # The next overleg prepares the vervolgberaad; without one, it is in two weeks.
    if plan.vervolgdatum:
        volgend = plan.vervolgdatum - timedelta(days=VOLGEND_OVERLEG_VOOR_VERVOLG)
    else:
        volgend = klok.vandaag + timedelta(weeks=2)
    volgende = [klok(OVERLEG_2), _om(volgend, 19, 30)]
    for (moment, waar, aanwezig, notities, besluiten, door), na in zip(
        OVERLEGGEN, volgende, strict=True
    ):
        datum = klok(moment)
        overleg = Overleg.objects.create(
            netwerk=netwerk,
            plan=plan,
            datum=datum,
            waar=waar,
            notities=notities,
            besluiten=besluiten,
            volgende=na,
            created_by=logins[door].user,
        )
        overleg.aanwezig.set([mensen[n] for n in aanwezig])
        # Written down the evening itself, after the meeting.
        Overleg.objects.filter(pk=overleg.pk).update(created=datum + timedelta(hours=2, minutes=5))


def _instellingen(netwerk, afspraken, logins) -> None:
    marieke = logins["marieke"].user
    if not marieke.email:
        User.objects.filter(pk=marieke.pk).update(email=MARIEKE_EMAIL)
    for username, mail in MAIL.items():
        Lidinstelling.objects.get_or_create(
            deelname=logins[username], defaults={"netwerk": netwerk, "mail": mail}
        )
    Herinnering.objects.bulk_create(
        [
            Herinnering(
                netwerk=netwerk,
                afspraak=afspraken[key],
                user=logins[username].user,
                klaar_op=afspraken[key].klaar_op,
                verstuurd=_om(afspraken[key].klaar_op - timedelta(days=dagen), 7, 0),
            )
            for key, username, dagen in HERINNERINGEN
        ],
        ignore_conflicts=True,
    )


def samenvatting(netwerk: Netwerk) -> list[str]:
    """What the demo now holds, in a few lines for whoever started it; read from the
    database, so it is also true when the demo was built earlier."""
    plan = team.actief_plan(netwerk)
    if plan is None:
        return []
    vandaag = timezone.localdate()
    regels = [
        f"Het FamilieNetwerkBeraad was op {_datum(timezone.localdate(plan.beraad.datum))}. "
        f"Het actieteam werkt nu met versie {plan.planversie} van het actieplan."
    ]
    afspraken = list(Afspraak.objects.filter(plan=plan).lopend().select_related("voortgang"))
    telling = dict.fromkeys(Status, 0)
    for afspraak in afspraken:
        telling[team.status_van(afspraak).status] += 1
    te_laat = sum(team.is_te_laat(a, vandaag) for a in afspraken)
    regels.append(
        f"Van de {len(afspraken)} afspraken: {telling[GELUKT]} gelukt, {telling[BEZIG]} bezig, "
        f"{telling[NOG_NIET]} nog niet begonnen, {telling[LUKT_NIET]} lukt niet "
        f"(hulp nodig); {te_laat} te laat."
    )
    overleggen = list(Overleg.objects.filter(netwerk=netwerk).order_by("datum"))
    if overleggen:
        volgende = overleggen[-1].volgende
        regels.append(
            f"{len(overleggen)} overleggen van het actieteam"
            + (f"; het volgende is op {_datum(timezone.localdate(volgende))}." if volgende else ".")
        )
    vervolg = Beraad.objects.filter(netwerk=netwerk, fase=Beraad.Fase.VOORBEREIDING).first()
    if vervolg is not None and vervolg.datum:
        dag = _datum(timezone.localdate(vervolg.datum))
        regels.append(f"Het vervolgberaad is in voorbereiding, op {dag}.")
    netwerken = Netwerk.objects.filter(organisatie=netwerk.organisatie)
    regels.append(
        f"{netwerk.organisatie} heeft {netwerken.count()} netwerken "
        f"({netwerken.filter(gearchiveerd__isnull=False).count()} gearchiveerd): log in als "
        "coördinator voor het overzicht."
    )
    return regels


def _datum(dag: date) -> str:
    return formats.date_format(dag, "l j F Y")


# --- The rest of the organisation, for the coordinator's overview ---------------------

# Persoon.soort in short: the first person of each Netwerk is the hoofdpersoon.
F, V, B, W, P = "familie", "vrienden", "buurt", "school_werk", "professional"

# Every Netwerk: its title and people, and how far it got. "beraad_over": a beraad being
# prepared in so many days (None: no date yet); "live": the phase of a beraad held right
# now; "plan": a beraad closed with a plan (see _plan); "gearchiveerd": weeks ago.
# An afspraak: (vraag, soort, wat, wie, klaar_op in days from today or None, status).
# fmt: off
NETWERKEN = [
    # Only the Netwerkkompas so far.
    {"titel": "Het netwerk van Lieke de Jong",
     "mensen": [("Lieke de Jong", ""), ("Anja de Jong", F), ("Ruud de Jong", F),
                ("Mirjam Post", V)]},
    {"titel": "Het netwerk van Rachid Benali",
     "mensen": [("Rachid Benali", ""), ("Naima Benali", F), ("Youssef Tahiri", V)]},
    {"titel": "Gezin Kramer",
     "mensen": [("Marco Kramer", ""), ("Linda Kramer", F), ("Julia Kramer", F),
                ("Henk Kramer", F), ("Greetje Smit", B)]},
    # A beraad being prepared.
    {"titel": "Het netwerk van Sophie Willems", "beraad_over": 12, "waar": "Bij Sophie thuis",
     "mensen": [("Sophie Willems", ""), ("Ans Willems", F), ("Bart Willems", F),
                ("Eva Claassen", V), ("Noor van Dam", P)],
     "vragen": ["Hoe kan ik op mezelf gaan wonen?", "Wie helpt mij met koken en wassen?"]},
    {"titel": "Gezin Hoekstra", "beraad_over": 25, "waar": "Buurthuis De Boog",
     "mensen": [("Jelle Hoekstra", ""), ("Marit Hoekstra", F), ("Sietske Hoekstra", F),
                ("Klaas Dijkstra", B)],
     "vragen": ["Hoe krijgen we weer rust in huis?"]},
    {"titel": "Het netwerk van Priya Ramdin", "beraad_over": None, "waar": "",
     "mensen": [("Priya Ramdin", ""), ("Sunita Ramdin", F), ("Ravi Ramdin", F)],
     "vragen": []},
    # A beraad going on right now, in eigen tijd.
    {"titel": "Het netwerk van Tom Verbeek", "live": Beraad.Fase.EIGEN_TIJD,
     "waar": "Wijkcentrum De Dreef, zaal 1",
     "mensen": [("Tom Verbeek", ""), ("Marja Verbeek", F), ("Johan Verbeek", F),
                ("Stefan Bos", V), ("Ilona de Wit", B), ("Rik Jansen", P)],
     "vragen": ["Hoe houd ik mijn baan?", "Wat doe ik als ik weer ga drinken?"]},
    # The Actieteam at work.
    {"titel": "Het netwerk van Fatima El Idrissi",
     "mensen": [("Fatima El Idrissi", ""), ("Nadia El Idrissi", F), ("Karim El Idrissi", F),
                ("Samira Amrani", B), ("Linda Groen", P)],
     "plan": {"weken": 6, "vervolg_over": 40, "overleg": (2, 12),
              "vragen": ["Hoe krijg ik 's ochtends de kinderen op tijd naar school?",
                         "Wie helpt mij als ik ziek ben?"],
              "afspraken": [
                  (0, NETWERK, "Samira brengt de kinderen op dinsdag en donderdag naar school.",
                   ["Samira Amrani"], None, GELUKT),
                  (0, NETWERK, "Karim haalt Yassin op vrijdag op van voetbal.",
                   ["Karim El Idrissi"], None, GELUKT),
                  (0, NETWERK, "Fatima maakt met de kinderen een schema voor de ochtend.",
                   ["Fatima El Idrissi"], -10, GELUKT),
                  (1, NETWERK, "Nadia komt koken als Fatima ziek is.",
                   ["Nadia El Idrissi"], None, BEZIG),
                  (1, NETWERK, "Fatima maakt een groepsapp met iedereen die wil helpen.",
                   ["Fatima El Idrissi"], -20, GELUKT),
                  (1, PROFESSIONAL, "Linda van het wijkteam zoekt uit of er oppas via de "
                   "gemeente kan.", ["Linda Groen"], 5, BEZIG),
                  (1, AANBOD, "Voorschoolse opvang, twee ochtenden per week.",
                   ["Linda Groen"], 30, NOG_NIET),
              ]}},
    {"titel": "Gezin De Vries",
     "mensen": [("Sandra de Vries", ""), ("Mark de Vries", F), ("Daan de Vries", F),
                ("Gerrit de Vries", F), ("Ingrid Bos", F), ("Piet Jansen", B),
                ("Erik Kok", W), ("Marloes Vermeer", P)],
     "plan": {"weken": 14, "vervolg_over": 10, "overleg": (3, 4),
              "vragen": ["Hoe gaat Daan weer elke dag naar school?",
                         "Hoe krijgen we minder ruzie thuis?"],
              "afspraken": [
                  (0, NETWERK, "Opa Gerrit fietst op maandag met Daan naar school.",
                   ["Gerrit de Vries"], None, GELUKT),
                  (0, NETWERK, "Daan en Mark bespreken elke zondag de week.",
                   ["Daan de Vries", "Mark de Vries"], None, BEZIG),
                  (0, NETWERK, "Tante Ingrid belt de mentor als Daan niet op school is.",
                   ["Ingrid Bos"], None, GELUKT),
                  (0, PROFESSIONAL, "Meneer Kok mailt elke vrijdag hoe de week ging.",
                   ["Erik Kok"], None, GELUKT),
                  (1, NETWERK, "Sandra en Daan gaan één avond per week samen sporten.",
                   ["Sandra de Vries", "Daan de Vries"], -30, LUKT_NIET),
                  (1, NETWERK, "Loopt de ruzie op, dan gaat Daan een uur naar opa.",
                   ["Daan de Vries", "Gerrit de Vries"], None, GELUKT),
                  (1, NETWERK, "Buurman Piet neemt Daan mee naar de markt op zaterdag.",
                   ["Piet Jansen"], -14, NOG_NIET),
                  (1, PROFESSIONAL, "Gezinscoach Marloes komt om de week.",
                   ["Marloes Vermeer"], None, BEZIG),
                  (1, AANBOD, "Training 'Rustig blijven' voor Sandra en Mark.",
                   ["Marloes Vermeer"], -3, NOG_NIET),
              ]}},
    {"titel": "Het netwerk van Jeroen Smits",
     "mensen": [("Jeroen Smits", ""), ("Mark Smits", F), ("Hans Peters", B), ("Kim Bos", P)],
     "plan": {"weken": 20, "vervolg_over": 7, "overleg": None,
              "vragen": ["Hoe krijg ik weer een ritme voor de dag?",
                         "Wie kan ik bellen als het slecht gaat?"],
              "afspraken": [
                  (0, NETWERK, "Jeroen wandelt elke ochtend om 9 uur met Hans en de hond.",
                   ["Jeroen Smits", "Hans Peters"], None, GELUKT),
                  (0, NETWERK, "Mark komt op woensdag eten.", ["Mark Smits"], None, GELUKT),
                  (0, PROFESSIONAL, "Kim regelt vrijwilligerswerk bij de voedselbank.",
                   ["Kim Bos"], -40, GELUKT),
                  (1, NETWERK, "Jeroen zet drie nummers in zijn telefoon onder 'Als het "
                   "slecht gaat'.", ["Jeroen Smits"], -60, GELUKT),
                  (1, PROFESSIONAL, "Kim belt om de week.", ["Kim Bos"], None, GELUKT),
              ]}},
    {"titel": "Gezin Demir",
     "mensen": [("Elif Demir", ""), ("Ayten Demir", F), ("Zeynep Demir", F),
                ("Ellen de Boer", B), ("Tom Hendriks", P)],
     "plan": {"weken": 3, "vervolg_over": 60, "overleg": None,
              "vragen": ["Waar kan Elif na school heen, zodat ze zich veilig voelt?"],
              "afspraken": [
                  (0, NETWERK, "Oma Ayten vangt Elif op maandag en woensdag op na school.",
                   ["Ayten Demir"], None, BEZIG),
                  (0, NETWERK, "Tante Zeynep neemt Elif op zaterdag mee naar de bibliotheek.",
                   ["Zeynep Demir"], None, NOG_NIET),
                  (0, NETWERK, "Buurvrouw Ellen is het adres als er iets is.",
                   ["Ellen de Boer"], None, GELUKT),
                  (0, PROFESSIONAL, "Tom van school spreekt Elif elke week.",
                   ["Tom Hendriks"], None, BEZIG),
                  (0, AANBOD, "Naschoolse opvang op vrijdag.", ["Tom Hendriks"], 14, NOG_NIET),
              ]}},
    {"titel": "Het netwerk van Anouk Peters",
     "mensen": [("Anouk Peters", ""), ("Ilse Peters", F), ("Romy Visser", V),
                ("Wendy Kuiper", P), ("Ahmet Yıldız", P)],
     "plan": {"weken": 9, "vervolg_over": 30, "overleg": (4, 9),
              "vragen": ["Hoe kom ik de nachten door met Noah?", "Hoe maak ik mijn school af?"],
              "afspraken": [
                  (0, NETWERK, "Ilse neemt Noah één nacht per week.", ["Ilse Peters"], None,
                   GELUKT),
                  (0, NETWERK, "Romy kookt op dinsdag voor twee dagen.", ["Romy Visser"],
                   None, GELUKT),
                  (0, PROFESSIONAL, "Wendy van het consultatiebureau komt eens per maand.",
                   ["Wendy Kuiper"], None, BEZIG),
                  (1, NETWERK, "Ilse past op als Anouk op dinsdag naar school gaat.",
                   ["Ilse Peters"], None, BEZIG),
                  (1, NETWERK, "Anouk meldt zich weer aan bij het ROC.", ["Anouk Peters"],
                   -21, BEZIG),
                  (1, PROFESSIONAL, "Ahmet maakt een rooster dat past bij Noah.",
                   ["Ahmet Yıldız"], 2, BEZIG),
              ]}},
    {"titel": "Het netwerk van Kees van den Berg",
     "mensen": [("Kees van den Berg", ""), ("Petra van den Berg", F), ("Wim Brouwer", B),
                ("Joke Meijer", P), ("Rob van Dam", P), ("Lisa Hoekman", P),
                ("Fenna Dijkstra", P)],
     "plan": {"weken": 8, "vervolg_over": 25, "overleg": (2, 16),
              "vragen": ["Hoe kan ik thuis blijven wonen?", "Hoe voel ik me minder alleen?"],
              "afspraken": [
                  (0, NETWERK, "Petra doet op zaterdag de boodschappen.",
                   ["Petra van den Berg"], None, GELUKT),
                  (0, PROFESSIONAL, "Wijkverpleging helpt elke ochtend met wassen en "
                   "aankleden.", ["Joke Meijer"], None, GELUKT),
                  (0, PROFESSIONAL, "Huisarts Van Dam komt eens per maand langs.",
                   ["Rob van Dam"], None, GELUKT),
                  (0, PROFESSIONAL, "Ergotherapeut Lisa bekijkt de badkamer en de trap.",
                   ["Lisa Hoekman"], -12, GELUKT),
                  (0, AANBOD, "Traplift via de Wmo.", ["Lisa Hoekman"], 45, BEZIG),
                  (0, AANBOD, "Warme maaltijd aan huis, vijf dagen per week.",
                   ["Joke Meijer"], None, GELUKT),
                  (1, NETWERK, "Buurman Wim komt op woensdag koffie drinken.",
                   ["Wim Brouwer"], None, BEZIG),
                  (1, PROFESSIONAL, "Fenna zoekt een maatje om samen te wandelen.",
                   ["Fenna Dijkstra"], -7, NOG_NIET),
                  (1, AANBOD, "Dagbesteding op dinsdag en vrijdag.", ["Fenna Dijkstra"], 20,
                   NOG_NIET),
              ]}},
    {"titel": "Gezin Mensah",
     "mensen": [("Akosua Mensah", ""), ("Kwame Mensah", F), ("Kofi Mensah", F),
                ("Abena Boateng", F), ("Daniel Owusu", F), ("Samuel Asante", V),
                ("Ellen Bakker", W), ("Mirjam Smit", P)],
     "plan": {"weken": 11, "vervolg_over": 21, "overleg": None,
              "vragen": ["Hoe krijgen we overzicht over de rekeningen?",
                         "Wie helpt Kofi met zijn huiswerk?"],
              "afspraken": [
                  (0, NETWERK, "Kwame en Daniel doen alle rekeningen in één map.",
                   ["Kwame Mensah", "Daniel Owusu"], -50, GELUKT),
                  (0, NETWERK, "Akosua en Abena kijken elke maandag naar het geld.",
                   ["Akosua Mensah", "Abena Boateng"], None, BEZIG),
                  (0, PROFESSIONAL, "Mirjam maakt een plan met de schuldeisers.",
                   ["Mirjam Smit"], -5, BEZIG),
                  (0, AANBOD, "Cursus omgaan met geld in het wijkcentrum.", ["Mirjam Smit"],
                   1, NOG_NIET),
                  (1, NETWERK, "Samuel helpt Kofi op woensdag met wiskunde.",
                   ["Samuel Asante"], None, GELUKT),
                  (1, NETWERK, "Kofi maakt zijn huiswerk aan de keukentafel, Akosua kijkt "
                   "mee.", ["Kofi Mensah", "Akosua Mensah"], None, LUKT_NIET),
                  (1, PROFESSIONAL, "Mevrouw Bakker van school belt Akosua elke maand.",
                   ["Ellen Bakker"], None, GELUKT),
              ]}},
    {"titel": "Het netwerk van Bas Veenstra",
     "mensen": [("Bas Veenstra", ""), ("Jolanda Veenstra", F), ("Erik Veenstra", F),
                ("Rick Veenstra", F), ("Thijs Wouters", V), ("Yvonne Smit", P)],
     "plan": {"weken": 16, "vervolg_over": 14, "overleg": (1, 20),
              "vragen": ["Hoe regel ik mijn eigen huis en geld?", "Wat ga ik overdag doen?"],
              "afspraken": [
                  (0, NETWERK, "Jolanda helpt Bas met de inschrijving voor een huis.",
                   ["Jolanda Veenstra"], -80, GELUKT),
                  (0, NETWERK, "Bas en Thijs verven samen de nieuwe kamer.",
                   ["Bas Veenstra", "Thijs Wouters"], -40, GELUKT),
                  (0, NETWERK, "Erik en Bas kijken elke maand samen in de bankapp.",
                   ["Erik Veenstra", "Bas Veenstra"], None, GELUKT),
                  (0, PROFESSIONAL, "Yvonne van de jeugdzorg blijft nog drie maanden.",
                   ["Yvonne Smit"], -10, GELUKT),
                  (1, NETWERK, "Bas gaat een week mee met oom Rick naar de bouw.",
                   ["Rick Veenstra", "Bas Veenstra"], -25, GELUKT),
                  (1, NETWERK, "Bas meldt zich aan voor de opleiding timmeren.",
                   ["Bas Veenstra"], 3, BEZIG),
                  (1, AANBOD, "Jobcoach via de gemeente.", ["Yvonne Smit"], 25, NOG_NIET),
              ]}},
    # Done: everything worked out and the Netwerk was archived.
    {"titel": "Gezin Pinas", "gearchiveerd": 6,
     "mensen": [("Shanti Pinas", ""), ("Hilda Pinas", F), ("Ricardo Pinas", F),
                ("Jan Vos", B), ("Ans Koster", P)],
     "plan": {"weken": 40, "vervolg_over": -150, "overleg": None,
              "vragen": ["Wie vangt de tweeling op na school?", "Wie helpt bij de verhuizing?"],
              "afspraken": [
                  (0, NETWERK, "Oma Hilda haalt de tweeling op maandag op van school.",
                   ["Hilda Pinas"], None, GELUKT),
                  (0, NETWERK, "Buurman Jan past op woensdagmiddag op.", ["Jan Vos"], None,
                   GELUKT),
                  (1, NETWERK, "Ricardo helpt met de verhuizing.", ["Ricardo Pinas"], -250,
                   GELUKT),
                  (1, PROFESSIONAL, "Ans van de jeugdgezondheidszorg komt tot de verhuizing.",
                   ["Ans Koster"], -240, GELUKT),
              ]}},
]
# fmt: on


@transaction.atomic
def build_organisatie(organisatie: Organisatie) -> int:
    """The other Netwerken of the organisation; how many were made."""
    titels = [n["titel"] for n in NETWERKEN]
    bestaand = set(
        Netwerk.objects.filter(organisatie=organisatie, titel__in=titels).values_list(
            "titel", flat=True
        )
    )
    nu = timezone.now()
    gemaakt = 0
    for voorbeeld in NETWERKEN:
        if voorbeeld["titel"] not in bestaand:
            _voorbeeld(organisatie, voorbeeld, nu)
            gemaakt += 1
    return gemaakt


def _voorbeeld(organisatie: Organisatie, voorbeeld: dict, nu: datetime) -> None:
    vandaag = timezone.localdate(nu)
    plan = voorbeeld.get("plan")
    # The kompas was started some weeks before the beraad.
    weken = (plan["weken"] if plan else 2) + 7
    netwerk = Netwerk.objects.create(titel=voorbeeld["titel"], organisatie=organisatie)
    Netwerk.objects.filter(pk=netwerk.pk).update(
        created=_om(vandaag - timedelta(weeks=weken), 10, 30)
    )
    personen = Persoon.objects.bulk_create(
        [
            Persoon(netwerk=netwerk, naam=naam, soort=soort, is_hoofdpersoon=index == 0)
            for index, (naam, soort) in enumerate(voorbeeld["mensen"])
        ]
    )
    mensen = {p.naam: p for p in personen}
    if "beraad_over" in voorbeeld:
        dagen = voorbeeld["beraad_over"]
        _beraad(
            netwerk,
            voorbeeld,
            fase=Beraad.Fase.VOORBEREIDING,
            datum=_om(vandaag + timedelta(days=dagen), 19) if dagen is not None else None,
        )
    if "live" in voorbeeld:
        # Begun a little over an hour ago, on the quarter.
        begin = timezone.localtime(nu - timedelta(minutes=75)).replace(second=0, microsecond=0)
        begin -= timedelta(minutes=begin.minute % 15)
        beraad = _beraad(netwerk, voorbeeld, fase=voorbeeld["live"], datum=begin)
        Beraad.objects.filter(pk=beraad.pk).update(gestart=begin + timedelta(minutes=3))
    if plan:
        _plan(netwerk, plan, mensen, vandaag)
    if "gearchiveerd" in voorbeeld:
        Netwerk.objects.filter(pk=netwerk.pk).update(
            gearchiveerd=_om(vandaag - timedelta(weeks=voorbeeld["gearchiveerd"]), 11)
        )


def _beraad(netwerk: Netwerk, voorbeeld: dict, *, fase: str, datum: datetime | None) -> Beraad:
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        fase=fase,
        datum=datum,
        eindtijd=time(21, 30) if datum else None,
        waar=voorbeeld.get("waar", ""),
    )
    Actieplan.objects.create(netwerk=netwerk, beraad=beraad)
    Vraag.objects.bulk_create(
        [
            Vraag(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=volgorde)
            for volgorde, tekst in enumerate(voorbeeld.get("vragen", []), start=1)
        ]
    )
    return beraad


def _plan(netwerk: Netwerk, spec: dict, mensen: dict[str, Persoon], vandaag: date) -> None:
    """A beraad closed with its plan (version 1), the vervolgberaad it set up, the
    status of each afspraak with the change that set it, and maybe an overleg."""
    dag = vandaag - timedelta(weeks=spec["weken"])
    begin, einde = _om(dag, 19), _om(dag, 21, 15)
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        fase=Beraad.Fase.AFGEROND,
        datum=begin,
        eindtijd=time(21, 30),
        waar="Wijkcentrum De Dreef",
        gestart=begin + timedelta(minutes=4),
        afgerond=einde,
    )
    Beraad.objects.filter(pk=beraad.pk).update(created=begin - timedelta(weeks=5))
    hoofdpersoon, *anderen = mensen.values()
    vervolgdatum = vandaag + timedelta(days=spec["vervolg_over"])
    plan = Actieplan.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        gepubliceerd=einde - timedelta(minutes=20),
        vastgesteld=einde,
        planversie=1,
        aanspreekpunt=anderen[0],
        vervolgdatum=vervolgdatum,
    )
    vragen = Vraag.objects.bulk_create(
        [
            Vraag(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=volgorde)
            for volgorde, tekst in enumerate(spec["vragen"], start=1)
        ]
    )
    rijen = spec["afspraken"]
    teller: dict[tuple[int, int], int] = {}
    afspraken = []
    for v, soort, wat, _wie, klaar, _status in rijen:
        teller[v, soort] = teller.get((v, soort), 0) + 1
        afspraken.append(
            Afspraak(
                netwerk=netwerk,
                plan=plan,
                vraag=vragen[v],
                soort=soort,
                wat=wat,
                klaar_op=vandaag + timedelta(days=klaar) if klaar is not None else None,
                volgorde=teller[v, soort],
            )
        )
    afspraken = Afspraak.objects.bulk_create(afspraken)
    geschreven = einde - timedelta(minutes=45)
    Afspraak.objects.filter(plan=plan).update(created=geschreven, gewijzigd=geschreven)
    Afspraak.wie.through.objects.bulk_create(
        [
            Afspraak.wie.through(afspraak_id=afspraak.pk, persoon_id=mensen[naam].pk)
            for afspraak, (_v, _s, _wat, wie, _k, _st) in zip(afspraken, rijen, strict=True)
            for naam in wie
        ]
    )
    team.eerste_versie(plan)

    # Each status as set by the first person who does the afspraak, spread over the
    # weeks since the beraad; a "lukt niet" came in lately and was passed on.
    dagen = (vandaag - dag).days
    wijzigingen, voortgang = [], []
    for index, (afspraak, (_v, _s, _wat, wie, _k, status)) in enumerate(
        zip(afspraken, rijen, strict=True)
    ):
        if status == NOG_NIET:
            continue
        deel = {BEZIG: 0.25, GELUKT: 0.55, LUKT_NIET: 0.9}[status]
        na = min(dagen - 1, max(1, round(dagen * deel) + index % 4))
        tijd = _om(dag + timedelta(days=na), 17 + index % 4, 5 + (7 * index) % 50)
        naam = wie[0]
        wijzigingen.append(
            Statuswijziging(
                netwerk=netwerk,
                afspraak=afspraak,
                van=NOG_NIET,
                naar=status,
                tijd=tijd,
                naam=naam,
                gemeld=tijd + GEMELD_NA if status == LUKT_NIET else None,
            )
        )
        voortgang.append(
            Voortgang(
                afspraak=afspraak,
                netwerk=netwerk,
                status=status,
                gewijzigd=tijd,
                gewijzigd_naam=naam,
                versie=1,
            )
        )
    Statuswijziging.objects.bulk_create(wijzigingen)
    Voortgang.objects.bulk_create(voortgang)

    # Closing the beraad set up the vervolgberaad (as beraad.plan.rond_af does); in an
    # archived Netwerk its date is long past and it is no longer being prepared.
    if vervolgdatum >= vandaag:
        vervolg = Beraad.objects.create(netwerk=netwerk, vorige=beraad, datum=_om(vervolgdatum, 19))
        Beraad.objects.filter(pk=vervolg.pk).update(created=einde)
        Actieplan.objects.create(netwerk=netwerk, beraad=vervolg)

    if spec["overleg"]:
        weken_geleden, volgende_over = spec["overleg"]
        datum = _om(vandaag - timedelta(weeks=weken_geleden), 19, 30)
        overleg = Overleg.objects.create(
            netwerk=netwerk,
            plan=plan,
            datum=datum,
            waar=f"Bij {hoofdpersoon.naam.split()[0]} thuis",
            notities="We hebben de afspraken één voor één besproken.",
            besluiten="We gaan door zoals afgesproken. Wat niet lukt, pakken we samen op.",
            volgende=_om(vandaag + timedelta(days=volgende_over), 19, 30),
        )
        overleg.aanwezig.set([hoofdpersoon, *anderen[:3]])
        Overleg.objects.filter(pk=overleg.pk).update(created=datum + timedelta(hours=2))

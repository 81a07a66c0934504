"""The FamilieNetwerkBeraad of the demo: one held three months ago, with its actieplan
(version 1, akkoord, aanspreekpunt), and the vervolgberaad Marieke is preparing now.

Idempotent like the rest of the demo: a Netwerk that already has beraden is left as it is.
Dates are relative to today, so the plan always has afspraken both past and still to come.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sonestra.core.models import Deelname, Netwerk, Persoon

from .models import Actieplan, Afspraak, Akkoord, Beraad, Genodigde, Informatie, Voorwaarde, Vraag

WEKEN_GELEDEN = 13  # about three months: the Actieteam has a history since
VERVOLG_OVER_DAGEN = 21

# In Marieke's own words, in the order she chose.
VRAGEN = [
    "Hoe kan ik zelf blijven wonen zonder dat het misgaat met geld?",
    "Hoe kom ik aan werk dat bij mij past?",
    "Met wie kan ik iets leuks doen in het weekend?",
]

# (onderwerp, van, antwoord, ingevuld door: username)
INFORMATIE = [
    (
        "Wat doet een bewindvoerder, en kan ik later mijn geld weer zelf doen?",
        "Peter Mulder",
        "Ik beheer het geld van Marieke tot de schulden weg zijn. Dat duurt nog ongeveer een "
        "jaar. Marieke krijgt elke week leefgeld op haar eigen pas. Ik leg haar elke maand uit "
        "wat er op haar rekening staat, zodat ze het zelf leert. Gaat het goed? Dan vragen we "
        "samen aan de rechter om het bewind te stoppen.",
        "sanne",  # Peter told Sanne on the phone; he has no login
    ),
    (
        "Wat kan begeleiding wel en niet doen, en hoe lang nog?",
        "Ahmed El Amrani",
        "Ik kom nu twee keer per week. Ik help met plannen, post en afspraken, en ik oefen met "
        "Marieke zodat ze het zelf kan. Ik kom niet 's avonds of in het weekend. Als de familie "
        "en vrienden meer samen oppakken, kan ik minder vaak komen. Dat beslissen we samen.",
        "ahmed",
    ),
]

# Ahmed's zorgen en voorwaarden, stated before the beraad: (key, soort, thema, tekst).
VOORWAARDEN = [
    (
        "post",
        Voorwaarde.Soort.VOORWAARDE,
        Voorwaarde.Thema.CONTINUITEIT,
        "Elke week kijkt iemand samen met Marieke naar de post en de rekeningen, ook als "
        "iemand op vakantie is. Zo komen er geen nieuwe schulden.",
    ),
    (
        "bellen",
        Voorwaarde.Soort.VOORWAARDE,
        Voorwaarde.Thema.VEILIGHEID,
        "Als het 's avonds of in het weekend niet goed gaat, weet Marieke wie ze kan bellen "
        "of bij wie ze kan aanbellen.",
    ),
    (
        "zelf",
        Voorwaarde.Soort.ZORG,
        Voorwaarde.Thema.ONTWIKKELING,
        "Marieke wil veel zelf leren. Mijn zorg is dat anderen dingen voor haar gaan regelen, "
        "omdat dat sneller gaat. Dan leert ze het niet zelf.",
    ),
]

# Who was asked, and how they answered: (naam, antwoord, opmerking, akkoord door: username or
# "sanne" when Sanne noted it for someone without a login, or "" for no akkoord).
GENODIGDEN = [
    ("Ria Bakker", Genodigde.Antwoord.KOMT, "", "sanne"),
    ("Els van Dijk", Genodigde.Antwoord.KOMT, "Ik haal Ria op in Zeist.", "els"),
    ("Joost Bakker", Genodigde.Antwoord.KOMT, "", "sanne"),
    ("Sevda Yılmaz", Genodigde.Antwoord.KOMT, "Ik eet geen vlees.", "sevda"),
    ("Annie Visser", Genodigde.Antwoord.KOMT, "", "sanne"),
    ("Frank Meijer", Genodigde.Antwoord.KOMT_NIET, "Ik moet werken. Els vertelt het mij.", ""),
    ("Lotte Smit", Genodigde.Antwoord.KOMT_NIET, "Ik ben die week op vakantie. Succes!", ""),
    ("Ahmed El Amrani", Genodigde.Antwoord.KOMT, "", "ahmed"),
    ("Peter Mulder", Genodigde.Antwoord.KOMT, "Ik kom voor de informatieronde.", ""),
    ("Iris Koster", Genodigde.Antwoord.KOMT, "", "sanne"),
]
NIET_UITGENODIGD = (
    "Henk Bakker",
    "Papa en ik hebben al lang geen contact. Als hij erbij is, durf ik niet te zeggen wat ik "
    "wil. Misschien later.",
)

# The plan, per vraag in the fixed order: first what Marieke and her network do, then
# professional support, then aanbod and what it costs.
# (vraag, soort, wat, wie, wanneer, klaar_op, hoe_weten, invallers, kosten, per,
#  voorwaarden, geschreven door)
# klaar_op: ("beraad", n) is n days after the beraad, ("vandaag", n) n days from today.
NETWERK, PROFESSIONAL, AANBOD = Afspraak.Soort
# fmt: off
AFSPRAKEN = [
    (0, NETWERK,
     "Els komt elke zondag een uur langs. Samen openen we de post en betalen we de "
     "rekeningen die moeten.",
     ["Els van Dijk", "Marieke Bakker"], "Elke zondag om 11 uur", None,
     "Er ligt geen ongeopende post meer op tafel. Er komen geen aanmaningen.",
     ["Ria Bakker"], None, "", ["post"], "els"),
    (0, NETWERK,
     "Joost maakt met Marieke een briefje met belangrijke nummers voor op de koelkast. "
     "Bij Annie mag Marieke altijd aanbellen als ze 's avonds onrustig is.",
     ["Joost Bakker", "Annie Visser", "Marieke Bakker"], "Binnen twee weken", ("beraad", 14),
     "Het briefje hangt op de koelkast. Marieke weet wie ze kan bellen, ook 's avonds en in "
     "het weekend.",
     ["Mohamed Bouzid"], None, "", ["bellen"], "marieke"),
    (0, NETWERK,
     "Wil Marieke online iets kopen van meer dan 25 euro? Dan belt ze eerst Sevda. Ze slapen "
     "er een nacht over.",
     ["Marieke Bakker", "Sevda Yılmaz"], "Elke keer als ik iets online wil kopen", None,
     "Er komen geen nieuwe schulden bij. Peter ziet het op het afschrift.",
     ["Els van Dijk"], None, "", ["bellen"], "sevda"),
    (0, NETWERK,
     "Ria belt om de dag, niet meer elke dag. Marieke belt zelf als ze haar moeder nodig heeft.",
     ["Ria Bakker", "Marieke Bakker"], "Vanaf nu", None,
     "Bij het vervolgberaad zeggen Marieke en Ria allebei dat het goed voelt.",
     [], None, "", ["zelf"], "marieke"),
    (0, PROFESSIONAL,
     "Peter legt Marieke elke maand uit wat er op haar rekening staat. Marieke krijgt haar "
     "leefgeld per week op haar eigen pas.",
     ["Peter Mulder"], "Eerste maandag van de maand", None,
     "Marieke kan zelf vertellen hoeveel leefgeld ze die week nog heeft.",
     ["Els van Dijk"], None, "", ["post", "zelf"], "sanne"),
    (0, PROFESSIONAL,
     "Ahmed komt nog twee keer per week tot de afspraken goed lopen. Hij maakt met Marieke de "
     "planning voor de week.",
     ["Ahmed El Amrani"], "Dinsdag en donderdag, tot het vervolgberaad", ("vandaag", 21),
     "Bij het vervolgberaad kijken we samen of één keer per week genoeg is.",
     [], None, "", [], "sanne"),
    (1, NETWERK,
     "Marieke vraagt Dirk of ze bij de kassa mag leren werken.",
     ["Marieke Bakker"], "Binnen een maand", ("beraad", 30),
     "Marieke staat één ochtend per week bij de kassa, met Lotte ernaast.",
     ["Lotte Smit"], None, "", [], "marieke"),
    (1, PROFESSIONAL,
     "Iris zoekt samen met Marieke uit of werken met dieren bij haar past. Ze regelt een "
     "snuffelstage van twee dagen op Kinderboerderij Gagelsteede.",
     ["Iris Koster", "Marieke Bakker"], "Eens per maand een gesprek", ("vandaag", 10),
     "Marieke heeft twee dagen meegelopen en weet of ze dit werk wil.",
     [], None, "", [], "sanne"),
    (1, AANBOD,
     "Dagbesteding op Kinderboerderij Gagelsteede, 2 dagdelen per week. Iris vraagt het aan "
     "bij de gemeente.",
     ["Iris Koster", "Marieke Bakker"], "Na de snuffelstage, als Marieke het wil",
     ("vandaag", 42),
     "Marieke gaat twee ochtenden per week met plezier naar de kinderboerderij.",
     [], Decimal("186.00"), Afspraak.Per.MAAND, [], "sanne"),
    (2, NETWERK,
     "Sevda neemt Marieke om de week op zondag mee naar haar volleybalteam.",
     ["Sevda Yılmaz", "Marieke Bakker"], "Om de week op zondag, 14 uur", None,
     "Marieke is in het weekend minder alleen en vertelt dat ze het leuk vindt.",
     ["Noor Haddad"], None, "", ["bellen"], "sevda"),
    (2, NETWERK,
     "Marieke stuurt Jasmijn Verhoef een bericht om weer eens af te spreken.",
     ["Marieke Bakker"], "Binnen drie weken", ("beraad", 21),
     "Marieke en Jasmijn hebben samen koffie gedronken.",
     ["Sevda Yılmaz"], None, "", [], "marieke"),
    (2, AANBOD,
     "Lidmaatschap van de volleybalclub van Sevda, recreantenteam. Peter betaalt het van "
     "Mariekes rekening.",
     ["Marieke Bakker", "Peter Mulder"], "Na drie keer meedoen", ("beraad", 45),
     "Marieke staat op de teamlijst.",
     [], Decimal("95.00"), Afspraak.Per.JAAR, [], "sevda"),
]
# fmt: on

VERVOLG_VRAGEN = [
    "Kan ik de post zelf doen, met Els alleen nog als ik vastloop?",
    "Hoe kan ik meer met dieren werken?",
]
VERVOLG_INFORMATIE = (
    "Wat betekent werken op de kinderboerderij voor mijn uitkering?",
    "Iris Koster",
)
VERVOLG_ZORG = (
    "Ik ga van twee keer naar één keer per week. Wie helpt Marieke op dinsdag met de planning? "
    "Dat wil ik graag samen afspreken."
)
# (naam, antwoord or "" for no answer yet, opmerking)
VERVOLG_GENODIGDEN = [
    ("Ria Bakker", Genodigde.Antwoord.KOMT, ""),
    ("Els van Dijk", Genodigde.Antwoord.KOMT, "Ik neem koffie en koek mee."),
    ("Sevda Yılmaz", Genodigde.Antwoord.KOMT, ""),
    ("Ahmed El Amrani", Genodigde.Antwoord.KOMT, ""),
    ("Iris Koster", Genodigde.Antwoord.KOMT, ""),
    ("Annie Visser", Genodigde.Antwoord.KOMT_NIET, "Ik ben bij mijn zus in Zwolle. Ik bel je."),
    ("Joost Bakker", Genodigde.Antwoord.MISSCHIEN, "Als ik oppas heb voor Daan."),
    ("Peter Mulder", "", ""),
    ("Lisa Meijer", "", ""),
]
VERVOLG_NIET_UITGENODIGD = (
    "Henk Bakker",
    "Ik wil eerst zelf een keer met papa praten, zonder de anderen erbij. Daarna kijk ik of hij "
    "mag komen.",
)


def _om(dag: date, uur: int, minuut: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(uur, minuut)))


@transaction.atomic
def build_beraad(netwerk: Netwerk) -> None:
    if netwerk.beraden.exists():
        return
    mensen = {p.naam: p for p in Persoon.objects.in_netwerk(netwerk)}
    logins = {
        d.user.username: d
        for d in Deelname.objects.actief().filter(netwerk=netwerk).select_related("user")
    }

    def user(username: str):
        return logins[username].user if username in logins else None

    gehouden = _gehouden_beraad(netwerk, mensen, logins, user)
    _vervolgberaad(netwerk, gehouden, mensen, logins, user)


def _gehouden_beraad(netwerk, mensen, logins, user) -> Beraad:
    vandaag = timezone.localdate()
    dag = vandaag - timedelta(weeks=WEKEN_GELEDEN)
    begin, einde = _om(dag, 19), _om(dag, 21, 30)
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        fase=Beraad.Fase.AFGEROND,
        datum=begin,
        eindtijd=time(21, 30),
        waar="Wijkcentrum De Dreef, zaal 2",
        created_by=user("sanne"),
        gestart=_om(dag, 19, 2),
        afgerond=einde,
    )
    Beraad.objects.filter(pk=beraad.pk).update(created=_om(dag - timedelta(days=38), 10, 15))
    plan = Actieplan.objects.create(netwerk=netwerk, beraad=beraad)

    vragen = []
    for volgorde, tekst in enumerate(VRAGEN, start=1):
        vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=volgorde)
        Vraag.objects.filter(pk=vraag.pk).update(
            created=_om(dag - timedelta(days=38), 10, 20 + volgorde * 5)
        )
        vragen.append(vraag)

    for index, (onderwerp, van, antwoord, door) in enumerate(INFORMATIE):
        info = Informatie.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            onderwerp=onderwerp,
            van=mensen[van],
            antwoord=antwoord,
            beantwoord=_om(dag - timedelta(days=9 - index * 3), 14, 10),
            beantwoord_door=user(door),
        )
        Informatie.objects.filter(pk=info.pk).update(
            created=_om(dag - timedelta(days=31), 16, index * 10)
        )

    ahmed = logins.get("ahmed")
    voorwaarden = {}
    for index, (key, soort, thema, tekst) in enumerate(VOORWAARDEN):
        voorwaarde = Voorwaarde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            soort=soort,
            thema=thema,
            tekst=tekst,
            auteur=ahmed.user if ahmed else None,
            persoon=ahmed.persoon if ahmed else None,
        )
        Voorwaarde.objects.filter(pk=voorwaarde.pk).update(
            created=_om(dag - timedelta(days=12), 9, 30 + index * 8)
        )
        voorwaarden[key] = voorwaarde

    uitgenodigd = _om(dag - timedelta(days=24), 20, 5)
    for index, (naam, antwoord, opmerking, _akkoord) in enumerate(GENODIGDEN):
        _genodigde(
            netwerk,
            beraad,
            mensen[naam],
            uitgenodigd,
            antwoord=antwoord,
            opmerking=opmerking,
            beantwoord=_om(dag - timedelta(days=22 - index), 18 + index % 4, 12 + index * 3),
        )
    naam, reden = NIET_UITGENODIGD
    _niet_uitgenodigd(netwerk, beraad, mensen[naam], reden, uitgenodigd)

    # The family wrote in eigen tijd; after they published the plan, Sanne typed what the
    # professionals offered during the presentatie.
    eigen_tijd, presentatie = _om(dag, 20, 0), _om(dag, 21, 6)
    volgorde: dict[tuple[int, int], int] = {}
    for regel in AFSPRAKEN:
        v, soort, wat, wie, wanneer, klaar, hoe_weten, invallers, kosten, per, helpt, door = regel
        volgorde[v, soort] = volgorde.get((v, soort), 0) + 1
        klaar_op = None
        if klaar:
            basis, dagen = klaar
            klaar_op = (dag if basis == "beraad" else vandaag) + timedelta(days=dagen)
        afspraak = Afspraak.objects.create(
            netwerk=netwerk,
            plan=plan,
            vraag=vragen[v],
            soort=soort,
            wat=wat,
            wanneer=wanneer,
            klaar_op=klaar_op,
            hoe_weten=hoe_weten,
            kosten=kosten,
            kosten_per=per,
            volgorde=volgorde[v, soort],
            created_by=user(door),
        )
        afspraak.wie.set([mensen[n] for n in wie])
        afspraak.invallers.set([mensen[n] for n in invallers])
        afspraak.voorwaarden.set([voorwaarden[k] for k in helpt])
        if door == "sanne":
            presentatie += timedelta(minutes=1)
            geschreven = presentatie
        else:
            eigen_tijd += timedelta(minutes=6)
            geschreven = eigen_tijd
        Afspraak.objects.filter(pk=afspraak.pk).update(created=geschreven, gewijzigd=geschreven)
        plan.gewijzigd()

    akkoorden = 0
    for index, (naam, _antwoord, _opmerking, door) in enumerate(
        [("Marieke Bakker", "", "", "marieke"), *GENODIGDEN]
    ):
        if not door:
            continue
        eigen = door != "sanne"
        Akkoord.objects.create(
            netwerk=netwerk,
            plan=plan,
            persoon=mensen[naam],
            user=user(door) if eigen else None,
            naam=naam,
            tijd=_om(dag, 21, 18 + index),
            vastgelegd_door=None if eigen else user("sanne"),
            planstand=plan.inhoud,
        )
        akkoorden += 1

    Actieplan.objects.filter(pk=plan.pk).update(
        gepubliceerd=_om(dag, 21, 5),
        aanspreekpunt=mensen["Els van Dijk"],
        vervolgdatum=vandaag + timedelta(days=VERVOLG_OVER_DAGEN),
        vastgesteld=einde,
        planversie=1,
    )
    # Every change the phones were told about: answers, voorwaarden, the six phase steps,
    # the afspraken, publishing and the akkoorden.
    tikken = len(GENODIGDEN) + len(voorwaarden) + 6 + len(AFSPRAKEN) + 1 + akkoorden
    Beraad.objects.filter(pk=beraad.pk).update(stempel=tikken)
    beraad.refresh_from_db()
    return beraad


def _vervolgberaad(netwerk, vorige: Beraad, mensen, logins, user) -> None:
    vandaag = timezone.localdate()
    vervolgdatum = vorige.plan.vervolgdatum
    begonnen = vandaag - timedelta(days=16)
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        vorige=vorige,
        datum=_om(vervolgdatum, 19),
        eindtijd=time(21, 0),
        waar="Bij Marieke thuis",
        created_by=user("marieke"),
    )
    Beraad.objects.filter(pk=beraad.pk).update(created=_om(begonnen, 16, 40))
    Actieplan.objects.create(netwerk=netwerk, beraad=beraad)

    for volgorde, tekst in enumerate(VERVOLG_VRAGEN, start=1):
        vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=tekst, volgorde=volgorde)
        Vraag.objects.filter(pk=vraag.pk).update(created=_om(begonnen, 16, 45 + volgorde * 3))

    onderwerp, van = VERVOLG_INFORMATIE
    info = Informatie.objects.create(
        netwerk=netwerk, beraad=beraad, onderwerp=onderwerp, van=mensen[van]
    )
    Informatie.objects.filter(pk=info.pk).update(created=_om(begonnen, 17, 0))

    ahmed = logins.get("ahmed")
    zorg = Voorwaarde.objects.create(
        netwerk=netwerk,
        beraad=beraad,
        soort=Voorwaarde.Soort.ZORG,
        thema=Voorwaarde.Thema.CONTINUITEIT,
        tekst=VERVOLG_ZORG,
        auteur=ahmed.user if ahmed else None,
        persoon=ahmed.persoon if ahmed else None,
    )
    Voorwaarde.objects.filter(pk=zorg.pk).update(created=_om(vandaag - timedelta(days=6), 11, 20))

    uitgenodigd = _om(begonnen + timedelta(days=2), 19, 30)
    antwoorden = 0
    for index, (naam, antwoord, opmerking) in enumerate(VERVOLG_GENODIGDEN):
        _genodigde(
            netwerk,
            beraad,
            mensen[naam],
            uitgenodigd,
            antwoord=antwoord,
            opmerking=opmerking,
            beantwoord=_om(vandaag - timedelta(days=13 - index), 8 + index, 15)
            if antwoord
            else None,
        )
        antwoorden += bool(antwoord)
    naam, reden = VERVOLG_NIET_UITGENODIGD
    _niet_uitgenodigd(netwerk, beraad, mensen[naam], reden, uitgenodigd)
    Beraad.objects.filter(pk=beraad.pk).update(stempel=antwoorden + 1)


def _genodigde(netwerk, beraad, persoon, uitgenodigd: datetime, **velden) -> None:
    genodigde = Genodigde(netwerk=netwerk, beraad=beraad, persoon=persoon, **velden)
    # The link itself was sent then and is not kept: only its hash is stored.
    genodigde.new_token()
    genodigde.link_gemaakt = uitgenodigd
    genodigde.save()
    Genodigde.objects.filter(pk=genodigde.pk).update(created=uitgenodigd - timedelta(minutes=20))


def _niet_uitgenodigd(netwerk, beraad, persoon, reden: str, uitgenodigd: datetime) -> None:
    genodigde = Genodigde.objects.create(
        netwerk=netwerk, beraad=beraad, persoon=persoon, uitgenodigd=False, reden=reden
    )
    Genodigde.objects.filter(pk=genodigde.pk).update(created=uitgenodigd - timedelta(minutes=25))


def demo_antwoordlink(netwerk: Netwerk) -> tuple[str, str]:
    """A fresh personal link for someone who has not answered the vervolgberaad yet,
    so whoever runs the demo can answer as them from a phone. The old link stops working."""
    genodigde = (
        Genodigde.objects.filter(
            netwerk=netwerk, beraad__fase=Beraad.Fase.VOORBEREIDING, uitgenodigd=True, antwoord=""
        )
        .select_related("persoon")
        .order_by("persoon__naam")
        .first()
    )
    token = genodigde.new_token()
    genodigde.save(update_fields=["token_hash", "link_gemaakt"])
    return genodigde.persoon.naam, Genodigde.url_for(token)

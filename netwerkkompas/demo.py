"""The Netwerkkompas of the demo: Marieke's relations, places, talents, support, story,
perspectives, two momentopnamen months apart and a year of netwerkbalans.

Idempotent like the rest of the demo: what exists is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sonestra.core.models import Deelname, Netwerk, Persoon
from sonestra.core.roles import Zichtbaarheid

from .models import (
    Balansmeting,
    Compliment,
    Momentopname,
    Ondersteuning,
    Perspectief,
    Plek,
    Relatie,
    Talent,
    Verhaal,
)

# Marieke chose these rings herself; the others follow from the kind of relation.
RINGEN = {
    "Ria Bakker": 1,
    "Els van Dijk": 1,
    "Sevda Yılmaz": 1,
    "Joost Bakker": 1,
    "Annie Visser": 2,
    "Fatima Ouali": 2,
    "Truus van Dijk": 2,
    "Henk Bakker": 3,
    "Kevin de Groot": 3,
}

OUDERS = [
    ("Wim van Dijk", "Ria Bakker"),
    ("Truus van Dijk", "Ria Bakker"),
    ("Wim van Dijk", "Els van Dijk"),
    ("Truus van Dijk", "Els van Dijk"),
    ("Jan Bakker", "Henk Bakker"),
    ("Greet Bakker", "Henk Bakker"),
    ("Jan Bakker", "Rob Bakker"),
    ("Greet Bakker", "Rob Bakker"),
    ("Ria Bakker", "Marieke Bakker", "hecht"),
    ("Henk Bakker", "Marieke Bakker", "verbroken"),
    ("Ria Bakker", "Joost Bakker"),
    ("Henk Bakker", "Joost Bakker"),
    ("Els van Dijk", "Lisa Meijer"),
    ("Frank Meijer", "Lisa Meijer"),
    ("Rob Bakker", "Tim Bakker"),
    ("Karin Bakker", "Tim Bakker"),
    ("Joost Bakker", "Daan Bakker"),
    ("Nicole Bakker", "Daan Bakker"),
    ("Lisa Meijer", "Mila Meijer"),
]
PARTNERS = [
    ("Wim van Dijk", "Truus van Dijk", "hecht"),
    ("Jan Bakker", "Greet Bakker", ""),
    ("Els van Dijk", "Frank Meijer", ""),
    ("Rob Bakker", "Karin Bakker", ""),
    ("Joost Bakker", "Nicole Bakker", ""),
]
EX_PARTNERS = [("Ria Bakker", "Henk Bakker", "conflict")]
BANDEN = [("Marieke Bakker", "Els van Dijk", "hecht")]  # tante, no direct relation line

# (naam, soort, loopminuten, wie is daar, notities)
PLEKKEN = [
    ("Bakkerij Öztürk", "winkel", 2, ["Yusuf Öztürk"], "Op zaterdag verse broodjes."),
    ("Albert Heijn Overvecht", "winkel", 5, ["Mohamed Bouzid"], "Boodschappen op maandag."),
    (
        "Wijkcentrum De Dreef",
        "wijkcentrum",
        6,
        ["Fatima Ouali", "Hans Kuipers"],
        "Koffie op dinsdag, Repair Café op de eerste zaterdag.",
    ),
    ("Huisartsenpraktijk Overvecht", "zorg", 7, ["Carla van Leeuwen", "Yvonne Dekker"], ""),
    ("Kerk De Bron", "gebedshuis", 9, ["Annie Visser"], "Met Annie naar de kerstnachtdienst."),
    (
        "Kringloopwinkel Het Goed",
        "werk",
        12,
        ["Marieke Bakker", "Lotte Smit", "Dirk Jansen"],
        "Werkt er dinsdag tot en met vrijdag, 's ochtends.",
    ),
    (
        "Zwembad Den Hommel",
        "club",
        15,
        ["Sevda Yılmaz", "Gert Hofman", "Noor Haddad"],
        "Zwemclub De Watertrappers, zaterdag om tien uur.",
    ),
    (
        "Kinderboerderij Gagelsteede",
        "kinderboerderij",
        18,
        ["Joost Bakker", "Daan Bakker"],
        "Op zondag met Joost en Daan de geiten voeren.",
    ),
]

# (naam, soort, tekst)
TALENTEN = [
    ("Marieke Bakker", "goed_in", "Dieren verzorgen"),
    ("Marieke Bakker", "goed_in", "Spullen sorteren en prijzen in de winkel"),
    ("Marieke Bakker", "doet_graag", "Zwemmen"),
    ("Marieke Bakker", "doet_graag", "Tekenen, vooral dieren"),
    ("Ria Bakker", "goed_in", "Koken voor veel mensen"),
    ("Els van Dijk", "goed_in", "Post en administratie bijhouden"),
    ("Joost Bakker", "goed_in", "Klussen in huis"),
    ("Frank Meijer", "goed_in", "Rijden en verhuizen"),
    ("Sevda Yılmaz", "goed_in", "Luisteren zonder te oordelen"),
    ("Sevda Yılmaz", "doet_graag", "Zwemmen en daarna friet eten"),
    ("Annie Visser", "goed_in", "Planten verzorgen"),
    ("Mohamed Bouzid", "goed_in", "Fietsen repareren"),
    ("Lisa Meijer", "doet_graag", "Feestjes organiseren"),
    ("Fatima Ouali", "doet_graag", "Koffie drinken en een goed gesprek"),
    ("Daan Bakker", "doet_graag", "Geiten aaien op de kinderboerderij"),
]

# (naam, domein, toelichting)
ONDERSTEUNING = [
    ("Annie Visser", "wonen", "Heeft een sleutel en kijkt als het nodig is"),
    ("Joost Bakker", "wonen", "Klusjes in huis"),
    ("Ahmed El Amrani", "wonen", "Samen de week plannen, twee keer per week"),
    ("Lotte Smit", "werk", "Werkt samen in de winkel"),
    ("Dirk Jansen", "werk", "Maakt het rooster"),
    ("Iris Koster", "werk", "Jobcoach, eens per maand"),
    ("Sevda Yılmaz", "vrije_tijd", "Zwemmen op zaterdag"),
    ("Gert Hofman", "vrije_tijd", "Trainer"),
    ("Noor Haddad", "vrije_tijd", ""),
    ("Els van Dijk", "geld", "Helpt met post en rekeningen"),
    ("Peter Mulder", "geld", "Bewindvoerder"),
    ("Ria Bakker", "gezondheid", "Gaat mee naar de huisarts"),
    ("Carla van Leeuwen", "gezondheid", "Huisarts"),
    ("Fatima Ouali", "contacten", "Koffie eens per twee weken"),
    ("Ria Bakker", "contacten", "Belt bijna elke dag"),
]

# (van, tekst)
COMPLIMENTEN = [
    ("Ria Bakker", "Marieke is eerlijk, ook als het moeilijk is. Daar ben ik trots op."),
    ("Els van Dijk", "Ze geeft nooit op. Ze woont nu echt zelf, dat had niemand gedacht."),
    ("Sevda Yılmaz", "Met Marieke kun je altijd lachen. Ze onthoudt ieders verjaardag!"),
    ("Annie Visser", "Ze helpt mij met de zware boodschappen en vraagt altijd hoe het gaat."),
    ("Lotte Smit", "In de winkel weet Marieke precies waar alles ligt. Klanten vragen naar haar."),
    ("Joost Bakker", "Daan is dol op haar. Ze is een geweldige tante."),
]

VERHAAL = (
    "Ik ben Marieke. Ik woon sinds vorig jaar alleen in een appartement in Overvecht. "
    "Daar ben ik trots op. Ik werk in de kringloopwinkel en op zaterdag zwem ik met Sevda.\n\n"
    "Soms gaat het niet goed. Dan komen de brieven en rekeningen en weet ik niet wat ik moet "
    "doen. Dan word ik onrustig en slaap ik slecht. Vorig jaar had ik schulden omdat ik dingen "
    "online kocht. Nu helpt Peter met mijn geld, maar ik wil het zelf leren.\n\n"
    "Met mijn vader heb ik geen contact meer sinds de scheiding. Dat vind ik verdrietig. "
    "Mijn moeder belt elke dag; soms is dat te veel, maar ik weet dat ze het goed bedoelt.\n\n"
    "Wat ik wil: blijven wonen waar ik woon, meer uren werken, en niet alleen zijn in het "
    "weekend. En ik wil dat mensen mij eerst vragen wat ik wil, voordat ze iets regelen."
)

# (username, zichtbaarheid, situatie, wie_last, kijk, bijdrage)
PERSPECTIEVEN = [
    (
        "els",
        Zichtbaarheid.NETWERK,
        "Marieke woont alleen en doet dat goed, maar de post stapelt zich op als het druk is.",
        "Marieke zelf, als ze niet slaapt. En Ria maakt zich zorgen en belt dan vaker.",
        "Ze kan veel meer dan mensen denken. Ze heeft wel iemand nodig die rustig meekijkt.",
        "Ik kom elke zondag een uur langs voor de post. Dat wil ik blijven doen.",
    ),
    (
        "sevda",
        Zichtbaarheid.PROFESSIONALS,
        "In het weekend is Marieke vaak alleen. Dan gaat ze online dingen kopen.",
        "Vooral Marieke. Ze schaamt zich daarna.",
        "Ze heeft meer leuke dingen nodig in het weekend, met mensen erbij.",
        "Zaterdag zwemmen we al. Ik kan haar meenemen naar mijn volleybalteam op zondag.",
    ),
    (
        "ahmed",
        Zichtbaarheid.PROFESSIONALS,
        "Marieke woont een jaar zelfstandig. Praktisch gaat het goed; spanning rond geld en post.",
        "Marieke, en haar moeder die veel opvangt.",
        "Het netwerk is groter dan het lijkt. Met de tante en de vriendin kan veel.",
        "Ik help met plannen tot de afspraken in het netwerk lopen, daarna minder vaak.",
    ),
]


def _mensen(netwerk: Netwerk) -> dict[str, Persoon]:
    return {p.naam: p for p in Persoon.objects.in_netwerk(netwerk)}


@transaction.atomic
def build_kompas(netwerk: Netwerk) -> None:
    mensen = _mensen(netwerk)
    for naam, ring in RINGEN.items():
        Persoon.objects.filter(netwerk=netwerk, naam=naam, ring__isnull=True).update(ring=ring)

    def relatie(van: str, naar: str, soort: str, band: str = "") -> None:
        Relatie.objects.get_or_create(
            netwerk=netwerk,
            van=mensen[van],
            naar=mensen[naar],
            soort=soort,
            defaults={"band": band},
        )

    for ouder, kind, *band in OUDERS:
        relatie(ouder, kind, Relatie.Soort.OUDER, *band)
    for a, b, band in PARTNERS:
        relatie(a, b, Relatie.Soort.PARTNER, band)
    for a, b, band in EX_PARTNERS:
        relatie(a, b, Relatie.Soort.EX_PARTNER, band)

    for naam, soort, minuten, wie, notities in PLEKKEN:
        plek, created = Plek.objects.get_or_create(
            netwerk=netwerk,
            naam=naam,
            defaults={"soort": soort, "loopminuten": minuten, "notities": notities},
        )
        if created:
            plek.personen.set([mensen[n] for n in wie])

    for naam, soort, tekst in TALENTEN:
        Talent.objects.get_or_create(
            netwerk=netwerk, persoon=mensen[naam], tekst=tekst, defaults={"soort": soort}
        )
    for naam, domein, toelichting in ONDERSTEUNING:
        Ondersteuning.objects.get_or_create(
            netwerk=netwerk,
            persoon=mensen[naam],
            domein=domein,
            defaults={"toelichting": toelichting},
        )
    for van, tekst in COMPLIMENTEN:
        Compliment.objects.get_or_create(netwerk=netwerk, van=mensen[van], tekst=tekst)

    logins = {
        d.user.username: d
        for d in Deelname.objects.actief().filter(netwerk=netwerk).select_related("user")
    }
    if "marieke" in logins:
        Verhaal.objects.get_or_create(
            netwerk=netwerk,
            defaults={
                "tekst": VERHAAL,
                "zichtbaarheid": Zichtbaarheid.NETWERK,
                "auteur": logins["marieke"].user,
            },
        )
    for username, zichtbaarheid, situatie, last, kijk, bijdrage in PERSPECTIEVEN:
        if username in logins:
            deelname = logins[username]
            Perspectief.objects.get_or_create(
                netwerk=netwerk,
                auteur=deelname.user,
                defaults={
                    "persoon": deelname.persoon,
                    "zichtbaarheid": zichtbaarheid,
                    "situatie": situatie,
                    "wie_last": last,
                    "kijk": kijk,
                    "bijdrage": bijdrage,
                },
            )

    sanne = logins.get("sanne")
    _momentopnamen(netwerk, sanne.user if sanne else None)
    _balans(netwerk)


# Who was not yet in the picture at each moment, and who was still active then.
NOG_NIET_IN_MEI = {
    "Sevda Yılmaz", "Noor Haddad", "Fatima Ouali", "Hans Kuipers", "Jasmijn Verhoef",
    "Lisa Meijer", "Mila Meijer", "Frank Meijer", "Rob Bakker", "Karin Bakker", "Tim Bakker",
    "Yusuf Öztürk", "Bep de Wit", "Greet Bakker", "Jan Bakker", "Gert Hofman",
}  # fmt: skip
NOG_NIET_IN_AUGUSTUS = {"Hans Kuipers", "Jasmijn Verhoef", "Mila Meijer", "Tim Bakker"}
TOEN_NOG_ACTIEF = {"Ilse Brouwer", "Bram Vos"}  # professionals who have since left


def _momentopnamen(netwerk: Netwerk, user) -> None:
    if netwerk.momentopnamen.exists():
        return
    vandaag = timezone.localdate()
    personen = list(Persoon.objects.in_netwerk(netwerk))
    for naam, dagen_geleden, weg, ringen in [
        ("Eerste gesprek met Sanne", 170, NOG_NIET_IN_MEI, {"Els van Dijk": 2, "Sevda Yılmaz": 3}),
        ("Voor het beraad", 95, NOG_NIET_IN_AUGUSTUS, {"Sevda Yılmaz": 2}),
    ]:
        toen = Momentopname.freeze([p for p in personen if p.naam not in weg])
        for rij in toen:
            if rij["naam"] in TOEN_NOG_ACTIEF:
                rij["tijd"] = Persoon.Tijd.HEDEN
            rij["ring"] = ringen.get(rij["naam"], rij["ring"])
        Momentopname.objects.create(
            netwerk=netwerk,
            naam=naam,
            datum=vandaag - timedelta(days=dagen_geleden),
            personen=toen,
            gemaakt_door=user,
        )


def _balans(netwerk: Netwerk) -> None:
    """A year of weekly measurements: the network grew while professionals stepped back."""
    vandaag = timezone.localdate()
    informeel_nu, professioneel_nu = Balansmeting.tel(netwerk.pk)
    for week in range(52, 0, -1):
        deel = (52 - week) / 52  # 0 a year ago, almost 1 now
        Balansmeting.objects.get_or_create(
            netwerk=netwerk,
            datum=vandaag - timedelta(weeks=week),
            defaults={
                "informeel": round(8 + (informeel_nu - 8) * deel),
                "professioneel": round(9 - (9 - professioneel_nu) * deel),
            },
        )

"""The demo: how people first meet SoNeStra. Idempotent: running it again changes nothing
but the printed links, which are made fresh each time (only their hashes are stored)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Deelname, LoginLink, Netwerk, Organisatie, Persoon, Uitnodiging, User
from .roles import Rol

ORGANISATIE = "Stichting Samen Verder"
ANDERE_ORGANISATIE = "Zorggroep De Linde"
DEMO_WACHTWOORD = "samen-verder-2026"
# Staff links printed at start-up stay valid a working day, so the demo can be explored.
DEMO_LOGIN_LINK_SECONDS = 8 * 60 * 60

# (naam, geboortejaar, notities) — Marieke's network as she told it.
MARIEKE_NETWERK = [
    (
        "Marieke Bakker",
        2001,
        "Woont sinds een jaar zelfstandig in Overvecht. Werkt in de kringloopwinkel.",
    ),
    ("Ria Bakker", 1972, "Moeder. Woont in Zeist, belt bijna elke dag."),
    ("Henk Bakker", 1969, "Vader. Gescheiden van Ria, weinig contact sinds 2019."),
    ("Joost Bakker", 1998, "Broer. Helpt met klussen in huis."),
    ("Nicole Bakker", 1997, "Schoonzus, partner van Joost."),
    ("Daan Bakker", 2021, "Neefje, zoon van Joost en Nicole."),
    ("Els van Dijk", 1968, "Tante, zus van Ria. Supporter: helpt met post en geld."),
    ("Truus van Dijk", 1944, "Oma. Woont in een verzorgingshuis in Zeist."),
    ("Wim van Dijk", 1940, "Opa. Overleden in 2020."),
    ("Sevda Yılmaz", 2000, "Vriendin van school. Samen zwemmen op zaterdag."),
    ("Kevin de Groot", 1999, "Ex-vriend. Contact is moeizaam."),
    ("Annie Visser", 1958, "Buurvrouw. Heeft een sleutel van het huis."),
    ("Mohamed Bouzid", 1985, "Buurman. Groet altijd, helpt met de fiets."),
    ("Lotte Smit", 1990, "Collega in de kringloopwinkel."),
    ("Gert Hofman", 1963, "Trainer bij zwemclub De Watertrappers."),
    ("Fatima Ouali", 1994, "Maatje via het vrijwilligerswerk. Eens per twee weken koffie."),
    ("Marjan Hoekstra", 1971, "Vroeger juf op het praktijkonderwijs. Nog kaartjes met Kerst."),
    ("Ahmed El Amrani", 1986, "Ambulant begeleider, twee keer per week."),
    ("Carla van Leeuwen", 1975, "Huisarts."),
    ("Peter Mulder", 1966, "Bewindvoerder."),
    ("Iris Koster", 1989, "Jobcoach."),
]

KAYA_NETWERK = [
    ("Emre Kaya", 2009, "Hoofdpersoon."),
    ("Ayşe Kaya", 1980, "Moeder."),
]


@dataclass
class DemoLink:
    rol: str
    naam: str
    url: str
    wachtwoord: str = ""


def _user(username: str, first: str, last: str, **fields) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, **fields}
    )
    if created:
        if fields.get("organisatie"):
            user.set_password(DEMO_WACHTWOORD)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _netwerk(titel: str, organisatie: Organisatie, mensen: list, created_by: User) -> Netwerk:
    netwerk, _ = Netwerk.objects.get_or_create(
        titel=titel, organisatie=organisatie, defaults={"created_by": created_by}
    )
    for index, (naam, jaar, notities) in enumerate(mensen):
        Persoon.objects.get_or_create(
            netwerk=netwerk,
            naam=naam,
            defaults={"geboortejaar": jaar, "notities": notities, "is_hoofdpersoon": index == 0},
        )
    return netwerk


def _deelname(netwerk: Netwerk, user: User, rol: str, persoon_naam: str | None = None) -> None:
    persoon = netwerk.personen.filter(naam=persoon_naam).first() if persoon_naam else None
    Deelname.objects.actief().get_or_create(
        netwerk=netwerk, user=user, defaults={"rol": rol, "persoon": persoon}
    )


def _invitation_link(netwerk: Netwerk, user: User, rol: str, persoon_naam: str) -> str:
    persoon = netwerk.personen.get(naam=persoon_naam)
    uitnodiging = Uitnodiging.objects.filter(netwerk=netwerk, persoon=persoon, rol=rol).first()
    if uitnodiging is None:
        uitnodiging = Uitnodiging(netwerk=netwerk, persoon=persoon, rol=rol, user=user)
    token = uitnodiging.new_token()
    uitnodiging.ingetrokken = None
    if uitnodiging.aangenomen is None:
        uitnodiging.aangenomen = timezone.now()
    uitnodiging.save()
    return Uitnodiging.url_for(token)


@transaction.atomic
def build_demo() -> list[DemoLink]:
    org, _ = Organisatie.objects.get_or_create(naam=ORGANISATIE)
    andere, _ = Organisatie.objects.get_or_create(naam=ANDERE_ORGANISATIE)

    sanne = _user("sanne", "Sanne", "de Vries", organisatie=org, email="sanne@example.org")
    ahmed = _user("ahmed", "Ahmed", "El Amrani", organisatie=org, email="ahmed@example.org")
    petra = _user(
        "petra", "Petra", "Jansen", organisatie=org, is_coordinator=True, email="petra@example.org"
    )
    olaf = _user("olaf", "Olaf", "Brink", organisatie=andere, email="olaf@example.org")
    marieke = _user("marieke", "Marieke", "Bakker")
    els = _user("els", "Els", "van Dijk", email="els@example.org")
    sevda = _user("sevda", "Sevda", "Yılmaz")

    netwerk = _netwerk("Het netwerk van Marieke", org, MARIEKE_NETWERK, sanne)
    _deelname(netwerk, sanne, Rol.FACILITATOR)
    _deelname(netwerk, ahmed, Rol.PROFESSIONAL, "Ahmed El Amrani")
    _deelname(netwerk, marieke, Rol.HOOFDPERSOON, "Marieke Bakker")
    _deelname(netwerk, els, Rol.SUPPORTER, "Els van Dijk")
    _deelname(netwerk, sevda, Rol.NETWERKLID, "Sevda Yılmaz")

    kaya = _netwerk("Het netwerk van Emre", andere, KAYA_NETWERK, olaf)
    _deelname(kaya, olaf, Rol.FACILITATOR)

    links = [
        DemoLink(
            Rol.HOOFDPERSOON.label,
            "Marieke Bakker",
            _invitation_link(netwerk, marieke, Rol.HOOFDPERSOON, "Marieke Bakker"),
        ),
        DemoLink(
            Rol.SUPPORTER.label,
            "Els van Dijk (tante)",
            _invitation_link(netwerk, els, Rol.SUPPORTER, "Els van Dijk"),
        ),
        DemoLink(
            Rol.NETWERKLID.label,
            "Sevda Yılmaz (vriendin)",
            _invitation_link(netwerk, sevda, Rol.NETWERKLID, "Sevda Yılmaz"),
        ),
    ]
    for rol, naam, user in [
        (Rol.FACILITATOR.label, "Sanne de Vries", sanne),
        (Rol.PROFESSIONAL.label, "Ahmed El Amrani (ambulant begeleider)", ahmed),
        (Rol.COORDINATOR.label, "Petra Jansen", petra),
        (str(Rol.FACILITATOR.label) + ", andere organisatie", "Olaf Brink", olaf),
    ]:
        token = LoginLink.create_for(user, max_age=DEMO_LOGIN_LINK_SECONDS)
        links.append(
            DemoLink(rol, naam, LoginLink.url_for(token), f"{user.username} / {DEMO_WACHTWOORD}")
        )
    return links

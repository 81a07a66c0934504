"""The demo: how people first meet SoNeStra. Idempotent: running it again changes nothing
but the printed links, which are made fresh each time (only their hashes are stored)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from .images import clean_photo
from .models import Deelname, LoginLink, Netwerk, Organisatie, Persoon, Uitnodiging, User
from .roles import Rol

ORGANISATIE = "Stichting Samen Verder"
ANDERE_ORGANISATIE = "Zorggroep De Linde"
DEMO_WACHTWOORD = "samen-verder-2026"
# The login links printed at start-up work once, for a day, so the demo can be explored.
DEMO_LOGIN_LINK_SECONDS = 24 * 60 * 60
DEMO_LINKS_UITLEG = (
    "Deze links werken één keer, 24 uur lang; voer 'python manage.py demo' opnieuw uit "
    "voor nieuwe links."
)

# Marieke's groslijst as she told it: four generations, friends, neighbours, work,
# volunteers and professionals, past, present and maybe-later.
# fmt: off
# (naam, geboortejaar, soort, tijd, kwaliteit, contact, geslacht, overleden in, notities)
MARIEKE_NETWERK = [
    ("Marieke Bakker", 2001, "", "heden", "", "", "v", None,
     "Woont sinds een jaar zelfstandig in Overvecht. Werkt in de kringloopwinkel."),
    ("Wim van Dijk", 1940, "familie", "verleden", "positief", "", "m", 2020,
     "Opa. Overleden in 2020. Nam Marieke mee vissen."),
    ("Truus van Dijk", 1944, "familie", "heden", "positief", "maandelijks", "v", None,
     "Oma. Woont in een verzorgingshuis in Zeist."),
    ("Jan Bakker", 1941, "familie", "verleden", "neutraal", "", "m", 2015,
     "Opa van vaderskant. Overleden in 2015."),
    ("Greet Bakker", 1945, "familie", "heden", "neutraal", "soms", "v", None,
     "Oma van vaderskant. Woont in Amersfoort. Stuurt een kaart op verjaardagen."),
    ("Ria Bakker", 1972, "familie", "heden", "positief", "dagelijks", "v", None,
     "Moeder. Woont in Zeist, belt bijna elke dag."),
    ("Henk Bakker", 1969, "familie", "heden", "moeizaam", "soms", "m", None,
     "Vader. Gescheiden van Ria, weinig contact sinds 2019."),
    ("Els van Dijk", 1968, "familie", "heden", "positief", "wekelijks", "v", None,
     "Tante, zus van Ria. Supporter: helpt met post en geld."),
    ("Frank Meijer", 1966, "familie", "heden", "neutraal", "maandelijks", "m", None,
     "Oom, partner van Els. Heeft een bus en helpt bij verhuizen."),
    ("Rob Bakker", 1974, "familie", "mogelijk", "neutraal", "nooit", "m", None,
     "Oom, broer van Henk. Woont in Groningen. Misschien weer contact?"),
    ("Karin Bakker", 1975, "familie", "mogelijk", "", "nooit", "v", None, "Partner van Rob."),
    ("Joost Bakker", 1998, "familie", "heden", "positief", "wekelijks", "m", None,
     "Broer. Helpt met klussen in huis."),
    ("Nicole Bakker", 1997, "familie", "heden", "positief", "maandelijks", "v", None,
     "Schoonzus, partner van Joost."),
    ("Lisa Meijer", 1995, "familie", "heden", "positief", "maandelijks", "v", None,
     "Nicht, dochter van Els en Frank. Organiseert de verjaardagen."),
    ("Tim Bakker", 2003, "familie", "mogelijk", "", "nooit", "m", None,
     "Neef, zoon van Rob en Karin. Ongeveer even oud als Marieke."),
    ("Daan Bakker", 2021, "familie", "heden", "positief", "wekelijks", "m", None,
     "Neefje, zoon van Joost en Nicole."),
    ("Mila Meijer", 2024, "familie", "heden", "positief", "soms", "v", None, "Dochter van Lisa."),
    ("Sevda Yılmaz", 2000, "vrienden", "heden", "positief", "wekelijks", "v", None,
     "Vriendin van school. Samen zwemmen op zaterdag."),
    ("Kevin de Groot", 1999, "vrienden", "verleden", "moeizaam", "nooit", "m", None,
     "Ex-vriend. Contact is moeizaam."),
    ("Jasmijn Verhoef", 2001, "vrienden", "mogelijk", "positief", "nooit", "v", None,
     "Vriendin van de basisschool. Uit het oog verloren; Marieke zou haar graag weer zien."),
    ("Noor Haddad", 2002, "vrienden", "heden", "positief", "maandelijks", "v", None,
     "Vriendin van de zwemclub."),
    ("Annie Visser", 1958, "buurt", "heden", "positief", "wekelijks", "v", None,
     "Buurvrouw. Heeft een sleutel van het huis."),
    ("Mohamed Bouzid", 1985, "buurt", "heden", "positief", "wekelijks", "m", None,
     "Buurman. Groet altijd, helpt met de fiets."),
    ("Bep de Wit", 1950, "buurt", "heden", "neutraal", "soms", "v", None,
     "Buurvrouw op de hoek. Altijd een praatje bij de brievenbus."),
    ("Yusuf Öztürk", 1979, "buurt", "mogelijk", "positief", "soms", "m", None,
     "Bakker op de hoek. Vraagt altijd hoe het gaat."),
    ("Lotte Smit", 1990, "school_werk", "heden", "positief", "wekelijks", "v", None,
     "Collega in de kringloopwinkel."),
    ("Dirk Jansen", 1970, "school_werk", "heden", "neutraal", "wekelijks", "m", None,
     "Bedrijfsleider van de kringloopwinkel."),
    ("Gert Hofman", 1963, "school_werk", "heden", "positief", "wekelijks", "m", None,
     "Trainer bij zwemclub De Watertrappers."),
    ("Marjan Hoekstra", 1971, "school_werk", "verleden", "positief", "soms", "v", None,
     "Vroeger juf op het praktijkonderwijs. Nog kaartjes met Kerst."),
    ("Fatima Ouali", 1994, "vrijwilliger", "heden", "positief", "maandelijks", "v", None,
     "Maatje via het vrijwilligerswerk. Eens per twee weken koffie."),
    ("Hans Kuipers", 1955, "vrijwilliger", "mogelijk", "", "", "m", None,
     "Vrijwilliger bij het Repair Café in het wijkcentrum. Wil wel helpen met de fiets."),
    ("Ahmed El Amrani", 1986, "professional", "heden", "positief", "wekelijks", "m", None,
     "Ambulant begeleider, twee keer per week."),
    ("Carla van Leeuwen", 1975, "professional", "heden", "neutraal", "soms", "v", None,
     "Huisarts."),
    ("Yvonne Dekker", 1968, "professional", "heden", "neutraal", "soms", "v", None,
     "Praktijkondersteuner bij de huisarts."),
    ("Peter Mulder", 1966, "professional", "heden", "neutraal", "maandelijks", "m", None,
     "Bewindvoerder."),
    ("Iris Koster", 1989, "professional", "heden", "positief", "maandelijks", "v", None,
     "Jobcoach."),
    ("Ilse Brouwer", 1980, "professional", "verleden", "neutraal", "nooit", "v", None,
     "Vroeger mentor bij de woongroep."),
    ("Bram Vos", 1978, "professional", "verleden", "moeizaam", "nooit", "m", None,
     "Wijkagent. Kwam in 2022 na een ruzie met Kevin."),
]
# fmt: on

# A few people have a photo, so the netwerkcirkel, the groslijst and the printed plan show
# photos beside initials. A demo holds no photos of real people: these portraits are drawn.
# (skin, hair, hair style, background, shirt)
# fmt: off
DEMO_FOTOS = {
    "Marieke Bakker": ("#f2c9a8", "#7a4a26", "lang", "#cfe8e4", "#0b5c6b"),
    "Els van Dijk": ("#eab894", "#b9b2aa", "kort", "#f7e3c6", "#8a2a17"),
    "Sevda Yılmaz": ("#c68b5e", "#2b1a12", "lang", "#e6dcf2", "#b07d00"),
    "Joost Bakker": ("#f0c29e", "#c79a4e", "stoppel", "#dbeaf7", "#1e5631"),
    "Annie Visser": ("#f3d1b6", "#e4e1dc", "krul", "#f5e1e8", "#5b4a8a"),
}
# fmt: on

KAYA_NETWERK = [
    ("Emre Kaya", 2009, "", "heden", "", "", "m", None, "Hoofdpersoon."),
    ("Ayşe Kaya", 1980, "familie", "heden", "positief", "dagelijks", "v", None, "Moeder."),
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
    for index, (naam, jaar, soort, tijd, kwaliteit, contact, geslacht, dood, notities) in enumerate(
        mensen
    ):
        Persoon.objects.get_or_create(
            netwerk=netwerk,
            naam=naam,
            defaults={
                "geboortejaar": jaar,
                "soort": soort,
                "tijd": tijd,
                "kwaliteit": kwaliteit,
                "contact": contact,
                "geslacht": geslacht,
                "overleden": dood is not None,
                "overlijdensjaar": dood,
                "notities": notities,
                "is_hoofdpersoon": index == 0,
            },
        )
    return netwerk


def portret(huid: str, haar: str, kapsel: str, achtergrond: str, shirt: str) -> bytes:
    """A friendly head-and-shoulders drawing, 400×400 JPEG: drawn twice as large and scaled
    down, so the edges are smooth."""
    k = 2  # drawn at 800×800

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
        return (x0 * k, y0 * k, x1 * k, y1 * k)

    image = Image.new("RGB", (400 * k, 400 * k), achtergrond)
    teken = ImageDraw.Draw(image)
    if kapsel == "lang":  # hair that falls to the shoulders, behind the head
        teken.rounded_rectangle(box(118, 92, 282, 318), radius=70 * k, fill=haar)
    if kapsel == "krul":  # a cloud of curls around the head
        for x, y in [(130, 110), (170, 85), (215, 82), (255, 105), (272, 150), (125, 155)]:
            teken.ellipse(box(x - 38, y - 38, x + 38, y + 38), fill=haar)
    # Shoulders and shirt, then the neck and the head.
    teken.ellipse(box(55, 295, 345, 560), fill=shirt)
    teken.rectangle(box(178, 240, 222, 312), fill=huid)
    teken.ellipse(box(178, 290, 222, 322), fill=huid)  # the collar's round opening
    teken.ellipse(box(132, 100, 268, 262), fill=huid)
    teken.ellipse(box(122, 166, 142, 200), fill=huid)  # ears
    teken.ellipse(box(258, 166, 278, 200), fill=huid)
    # Hair on top: a cap over the forehead, shaped by the style.
    if kapsel in {"lang", "kort"}:
        teken.chord(box(124, 86, 276, 196), start=180, end=360, fill=haar)
        # A fringe swept to one side.
        teken.chord(box(140, 96, 262, 176), start=150, end=300, fill=haar)
        if kapsel == "kort":  # down over the ears
            teken.rounded_rectangle(box(122, 130, 146, 196), radius=10 * k, fill=haar)
            teken.rounded_rectangle(box(254, 130, 278, 196), radius=10 * k, fill=haar)
    elif kapsel == "stoppel":
        teken.chord(box(130, 92, 270, 190), start=185, end=355, fill=haar)
    elif kapsel == "krul":
        for x, y in [(160, 112), (200, 100), (240, 112)]:
            teken.ellipse(box(x - 30, y - 24, x + 30, y + 24), fill=haar)
    # A kind face: eyes, rosy cheeks and a smile.
    oog = "#2f2a26"
    teken.ellipse(box(168, 172, 182, 188), fill=oog)
    teken.ellipse(box(218, 172, 232, 188), fill=oog)
    wang = "#f0a69a"
    teken.ellipse(box(150, 198, 172, 214), fill=wang)
    teken.ellipse(box(228, 198, 250, 214), fill=wang)
    teken.arc(box(176, 196, 224, 232), start=20, end=160, fill="#8a3b2e", width=5 * k)
    image = image.resize((400, 400), Image.Resampling.LANCZOS)
    uit = io.BytesIO()
    image.save(uit, format="JPEG", quality=90)
    return uit.getvalue()


def _fotos(netwerk: Netwerk) -> None:
    """Give the people of DEMO_FOTOS their portrait, through the same cleaning as an
    upload. Only who has none yet (or whose file is gone), so a rerun adds nothing."""
    for persoon in netwerk.personen.filter(naam__in=DEMO_FOTOS):
        if persoon.foto and persoon.foto.storage.exists(persoon.foto.name):
            continue
        inhoud = portret(*DEMO_FOTOS[persoon.naam])
        persoon.foto.save("foto.jpg", clean_photo(ContentFile(inhoud, name="foto.jpg")))


def _deelname(netwerk: Netwerk, user: User, rol: str, persoon_naam: str | None = None) -> None:
    persoon = netwerk.personen.filter(naam=persoon_naam).first() if persoon_naam else None
    Deelname.objects.actief().get_or_create(
        netwerk=netwerk, user=user, defaults={"rol": rol, "persoon": persoon}
    )


def _accepted_invitation(
    netwerk: Netwerk, user: User, rol: str, persoon_naam: str, by: User
) -> None:
    """The invitation this family member came in with, accepted long ago: it opens the
    door only once, so the demo logs them in with a login link, as a real family member
    who comes back does. It is still there to see, revoke and log on the privacy pages."""
    persoon = netwerk.personen.get(naam=persoon_naam)
    uitnodiging = Uitnodiging.objects.filter(netwerk=netwerk, persoon=persoon, rol=rol).first()
    if uitnodiging is None:
        uitnodiging = Uitnodiging(netwerk=netwerk, persoon=persoon, rol=rol, user=user)
        uitnodiging.new_token()  # nobody gets this link: it was used long ago
    uitnodiging.user = user
    uitnodiging.created_by = uitnodiging.created_by or by
    uitnodiging.ingetrokken = None
    if uitnodiging.aangenomen is None:
        uitnodiging.aangenomen = timezone.now()
    uitnodiging.save()


def _login_link(user: User) -> str:
    return LoginLink.url_for(LoginLink.create_for(user, max_age=DEMO_LOGIN_LINK_SECONDS))


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
    _fotos(netwerk)
    _deelname(netwerk, sanne, Rol.FACILITATOR)
    _deelname(netwerk, ahmed, Rol.PROFESSIONAL, "Ahmed El Amrani")
    _deelname(netwerk, marieke, Rol.HOOFDPERSOON, "Marieke Bakker")
    _deelname(netwerk, els, Rol.SUPPORTER, "Els van Dijk")
    _deelname(netwerk, sevda, Rol.NETWERKLID, "Sevda Yılmaz")

    kaya = _netwerk("Het netwerk van Emre", andere, KAYA_NETWERK, olaf)
    _deelname(kaya, olaf, Rol.FACILITATOR)

    _accepted_invitation(netwerk, marieke, Rol.HOOFDPERSOON, "Marieke Bakker", by=sanne)
    _accepted_invitation(netwerk, els, Rol.SUPPORTER, "Els van Dijk", by=marieke)
    _accepted_invitation(netwerk, sevda, Rol.NETWERKLID, "Sevda Yılmaz", by=marieke)

    # The links printed last time stop working: only the newest ones let anyone in.
    iedereen = [marieke, els, sevda, sanne, ahmed, petra, olaf]
    LoginLink.objects.filter(user__in=iedereen).delete()
    links = [
        DemoLink(Rol.HOOFDPERSOON.label, "Marieke Bakker", _login_link(marieke)),
        DemoLink(Rol.SUPPORTER.label, "Els van Dijk (tante)", _login_link(els)),
        DemoLink(Rol.NETWERKLID.label, "Sevda Yılmaz (vriendin)", _login_link(sevda)),
    ]
    for rol, naam, user in [
        (Rol.FACILITATOR.label, "Sanne de Vries", sanne),
        (Rol.PROFESSIONAL.label, "Ahmed El Amrani (ambulant begeleider)", ahmed),
        (Rol.COORDINATOR.label, "Petra Jansen", petra),
        (str(Rol.FACILITATOR.label) + ", andere organisatie", "Olaf Brink", olaf),
    ]:
        links.append(DemoLink(rol, naam, _login_link(user), f"{user.username} / {DEMO_WACHTWOORD}"))
    return links

"""The access log in words the hoofdpersoon understands: who did what, with which part.

A log line names the page by its path (`access.log` writes `request.path` unless the view
says otherwise). Here that path is turned back into a URL name and then into plain Dutch,
without a query: `resolve` only reads the URL patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from sonestra.core.models import Toegangslog
from sonestra.core.roles import Rol

Actie = Toegangslog.Actie

# What was done, as a past participle ("bekeken") and as a verb for a refusal
# ("probeerde … te bekijken").
_GEDAAN = {
    Actie.CREATE: (_("aangemaakt"), _("aanmaken")),
    Actie.READ: (_("bekeken"), _("bekijken")),
    Actie.UPDATE: (_("gewijzigd"), _("wijzigen")),
    Actie.DELETE: (_("verwijderd"), _("verwijderen")),
    Actie.LOGIN: (_("ingelogd"), _("inloggen")),
    Actie.LOGOUT: (_("uitgelogd"), _("uitloggen")),
}
_GEPRINT = (_("geprint"), _("printen"))
_GEEXPORTEERD = (_("geëxporteerd"), _("exporteren"))

# The PDFs of the actieplan: an E on these is printing, any other E is an export.
PRINT_PAGINAS = {"beraad:plan_pdf", "beraad:plan_makkelijk"}

# Which part of the Netwerk a page shows, by URL name.
ONDERDELEN: dict[str, str] = {
    "core:netwerk": _("het overzicht van het netwerk"),
    "core:netwerk_wijzigen": _("de naam van het netwerk"),
    "core:netwerk_archiveren": _("het archief van het netwerk"),
    "core:uitnodigen": _("de uitnodigingen"),
    "core:uitnodiging_intrekken": _("een uitnodiging"),
    "core:uitnodiging_vernieuwen": _("een uitnodiging"),
    "core:inloglink_maken": _("een inloglink"),
    "core:persoon_foto": _("een foto"),
    "netwerkkompas:personen": _("de groslijst"),
    "netwerkkompas:persoon": _("de gegevens van een persoon"),
    "netwerkkompas:rij": _("de gegevens van een persoon"),
    "netwerkkompas:persoon_verwijderen": _("een persoon in de groslijst"),
    "netwerkkompas:cirkel": _("de netwerkcirkel"),
    "netwerkkompas:cirkel_ring": _("de netwerkcirkel"),
    "netwerkkompas:genogram": _("het genogram"),
    "netwerkkompas:relatie_nieuw": _("het genogram"),
    "netwerkkompas:relatie_verwijderen": _("het genogram"),
    "netwerkkompas:buurtkaart": _("de buurtkaart"),
    "netwerkkompas:plek_nieuw": _("de buurtkaart"),
    "netwerkkompas:plek": _("de buurtkaart"),
    "netwerkkompas:plek_verwijderen": _("de buurtkaart"),
    "netwerkkompas:talenten": _("de talentenkaart"),
    "netwerkkompas:talent_verwijderen": _("de talentenkaart"),
    "netwerkkompas:ondersteuning": _("de ondersteuningskaart"),
    "netwerkkompas:rondje_positief": _("het rondje positief"),
    "netwerkkompas:compliment_verwijderen": _("het rondje positief"),
    "netwerkkompas:verhaal": _("het verhaal en de perspectieven"),
    "netwerkkompas:verhaal_schrijven": _("het verhaal"),
    "netwerkkompas:perspectief_schrijven": _("een eigen kijk (perspectief)"),
    "netwerkkompas:zichtbaarheid": _("wie wat mag lezen"),
    "netwerkkompas:balans": _("de netwerkbalans"),
    "netwerkkompas:momentopnamen": _("de momentopnamen"),
    "netwerkkompas:momentopnamen_vergelijken": _("de momentopnamen"),
    "netwerkkompas:momentopname": _("een momentopname"),
    "netwerkkompas:momentopname_verwijderen": _("een momentopname"),
    "beraad:overzicht": _("het beraad"),
    "beraad:nieuw": _("het beraad"),
    "beraad:beraad": _("het beraad"),
    "beraad:vragen": _("de vragen voor het beraad"),
    "beraad:vraag": _("een vraag voor het beraad"),
    "beraad:vraag_verwijderen": _("een vraag voor het beraad"),
    "beraad:vraag_verplaatsen": _("de vragen voor het beraad"),
    "beraad:informatie": _("de informatie voor het beraad"),
    "beraad:informatie_antwoord": _("de informatie voor het beraad"),
    "beraad:waar_wanneer": _("waar en wanneer het beraad is"),
    "beraad:voorwaarden": _("de zorgen en voorwaarden"),
    "beraad:voorwaarde": _("een zorg of voorwaarde"),
    "beraad:genodigden": _("wie er komt naar het beraad"),
    "beraad:genodigde": _("wie er komt naar het beraad"),
    "beraad:genodigde_link": _("een uitnodiging voor het beraad"),
    "beraad:agenda": _("de datum van het beraad (agenda)"),
    "beraad:live": _("het beraad"),
    "beraad:stand": _("het beraad"),
    "beraad:plan": _("het actieplan"),
    "beraad:afspraak_nieuw": _("een afspraak in het actieplan"),
    "beraad:afspraak": _("een afspraak in het actieplan"),
    "beraad:afspraak_verwijderen": _("een afspraak in het actieplan"),
    "beraad:akkoord": _("het akkoord op het actieplan"),
    "beraad:afsluiten": _("het einde van het beraad"),
    "beraad:fase": _("het beraad"),
    "beraad:publiceren": _("het actieplan"),
    "beraad:plan_pdf": _("het actieplan (PDF)"),
    "beraad:plan_makkelijk": _("het actieplan in makkelijke taal (PDF)"),
    "actieteam:team": _("het actieteam"),
    "actieteam:mijn": _("eigen afspraken"),
    "actieteam:instellingen": _("eigen instellingen"),
    "actieteam:afspraak": _("een afspraak"),
    "actieteam:status": _("hoe het gaat met een afspraak"),
    "actieteam:voortgang": _("de voortgang van het plan"),
    "actieteam:bijsturen": _("het plan bijsturen"),
    "actieteam:afspraak_nieuw": _("een afspraak"),
    "actieteam:afspraak_wijzigen": _("een afspraak"),
    "actieteam:afspraak_stoppen": _("een afspraak"),
    "actieteam:versies": _("de versies van het plan"),
    "actieteam:vergelijken": _("de versies van het plan"),
    "actieteam:overleggen": _("de overleggen"),
    "actieteam:overleg": _("een overleg"),
    "privacy:logboek": _("wie heeft wat bekeken"),
    "privacy:toegang": _("wie mag wat zien"),
    "privacy:toegang_stoppen": _("iemands toegang tot het netwerk"),
    "privacy:uitnodiging_intrekken": _("een uitnodiging"),
    "privacy:export": _("de pagina om gegevens te downloaden"),
    "privacy:export_netwerk": _("alle gegevens van het netwerk"),
    "privacy:export_persoon": _("de gegevens van één persoon"),
    "privacy:export_mijn": _("eigen gegevens"),
    "privacy:wissen": _("het wissen van het netwerk"),
}

# A page we have no words for yet still says which part of the app it was in.
_PER_APP = {
    "core": _("het netwerk"),
    "netwerkkompas": _("het netwerkkompas"),
    "beraad": _("het beraad"),
    "actieteam": _("het actieteam"),
    "privacy": _("de privacy-pagina's"),
}

# Lines written with an onderwerp of their own instead of a path.
_ONDERWERPEN = (
    ("agenda:", _("eigen afspraken en data (agenda)")),
    ("beraad ", _("het antwoord op de uitnodiging voor het beraad")),
    ("uitnodiging", _("met de persoonlijke uitnodiging")),
)


@dataclass(frozen=True)
class Wat:
    url_name: str
    gedaan: str  # "bekeken"
    doen: str  # "bekijken", for a refusal
    onderdeel: str  # "de groslijst", or "" when not known


def url_name(onderwerp: str) -> str:
    """The URL name of a logged path, or "" when it is no path of ours."""
    if not onderwerp.startswith("/"):
        return ""
    try:
        match = resolve(onderwerp)
    except Resolver404:
        return ""
    return match.view_name or ""


def onderdeel(onderwerp: str, name: str) -> str:
    if name:
        if name in ONDERDELEN:
            return str(ONDERDELEN[name])
        app = name.split(":", 1)[0] if ":" in name else ""
        return str(_PER_APP.get(app, ""))
    for begin, woorden in _ONDERWERPEN:
        if onderwerp.startswith(begin):
            return str(woorden)
    return ""


def wat(actie: str, onderwerp: str) -> Wat:
    """What one log line says was done, and with which part."""
    name = url_name(onderwerp)
    if actie == Actie.EXPORT:
        gedaan, doen = _GEPRINT if name in PRINT_PAGINAS else _GEEXPORTEERD
    else:
        gedaan, doen = _GEDAAN.get(actie, (actie, actie))
    return Wat(name, str(gedaan), str(doen), onderdeel(onderwerp, name))


def rol_woorden(rol: str) -> str:
    """The role in words; empty for someone without a role in this Netwerk."""
    try:
        return str(Rol(rol).label) if rol else ""
    except ValueError:
        return rol

"""Every URL pattern, walked with every role.

The table below is the access contract. A new URL pattern that is not in it
fails `test_every_url_pattern_is_in_the_matrix`, so nobody can add a page
without saying who may open it. Someone outside the Netwerk gets 404 for every
Netwerk page (it does not exist for them); anonymous visitors go to the login.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from actieteam.forms.bijsturen import nieuwe_sleutel
from actieteam.mail import uit_token
from actieteam.models import Lidinstelling, Overleg
from actieteam.team import eerste_versie
from beraad.models import (
    Actieplan,
    Afspraak,
    Beraad,
    Genodigde,
    Informatie,
    Voorwaarde,
    Vraag,
)
from netwerkkompas.models import Compliment, Momentopname, Plek, Relatie, Talent
from sonestra.core import actions
from sonestra.core.models import LoginLink, Persoon
from sonestra.core.roles import Rol
from tests.conftest import make_user

ROLES = [
    "anoniem",
    "outsider",
    Rol.HOOFDPERSOON,
    Rol.SUPPORTER,
    Rol.NETWERKLID,
    Rol.FACILITATOR,
    Rol.PROFESSIONAL,
    Rol.COORDINATOR,
]
LOGIN = "login"  # expected: a redirect to the login page

FAMILIE_REGIE = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR}
DEELNEMERS = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR, Rol.PROFESSIONAL}
# Who adds their own part to the kompas (themselves, talents, rondje positief).
ZELF = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR}


def netwerk_page(ok: int, allowed: set[str], refused: int = 403) -> dict[str, object]:
    """A page inside one Netwerk: outsiders 404, anonymous to login, the rest by role."""
    expected: dict[str, object] = {"anoniem": LOGIN, "outsider": 404}
    for rol in ROLES[2:]:
        expected[rol] = ok if rol in allowed else refused
    return expected


def everyone(status: int, anonymous: object = None) -> dict[str, object]:
    expected: dict[str, object] = dict.fromkeys(ROLES, status)
    if anonymous is not None:
        expected["anoniem"] = anonymous
    return expected


# url name -> (HTTP method, expected status per role)
MATRIX: dict[str, tuple[str, dict[str, object]]] = {
    "home": ("get", everyone(302)),
    "login": ("get", everyone(302, anonymous=200)),
    "logout": ("post", everyone(302)),
    "login_link": ("get", everyone(200)),
    "login_link_aanvragen": ("get", everyone(200)),
    "password_change": ("get", everyone(200, anonymous=LOGIN)),
    "password_change_done": ("get", everyone(200, anonymous=LOGIN)),
    "set_language": ("post", everyone(302)),
    "core:uitnodiging": ("get", everyone(200)),
    "core:mijn_netwerken": ("get", everyone(200, anonymous=LOGIN)),
    "core:account": ("get", everyone(200, anonymous=LOGIN)),
    # Nothing pending (no app set up): the code page sends everyone straight on.
    "tweestaps_code": ("get", everyone(302, anonymous=LOGIN)),
    # Staff only; family members log in by link and have nothing to set up.
    "tweestaps_instellen": (
        "get",
        {
            **everyone(200, anonymous=LOGIN),
            Rol.HOOFDPERSOON: 404,
            Rol.SUPPORTER: 404,
            Rol.NETWERKLID: 404,
        },
    ),
    "overal_uitloggen": ("post", everyone(302, anonymous=LOGIN)),
    # Privacy: everyone downloads what the Netwerk holds about them; the hoofdpersoon
    # downloads and erases it all.
    "privacy:export": ("get", netwerk_page(200, DEELNEMERS)),
    "privacy:export_netwerk": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "privacy:export_mijn": ("get", netwerk_page(200, DEELNEMERS)),
    "privacy:export_persoon": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "privacy:wissen": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "privacy:logboek": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "privacy:toegang": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "privacy:toegang_stoppen": ("post", netwerk_page(302, {Rol.HOOFDPERSOON})),
    "privacy:uitnodiging_intrekken": ("post", netwerk_page(302, {Rol.HOOFDPERSOON})),
    "core:netwerk_nieuw": (
        "get",
        {
            "anoniem": LOGIN,
            "outsider": 200,
            Rol.HOOFDPERSOON: 403,
            Rol.SUPPORTER: 403,
            Rol.NETWERKLID: 403,
            Rol.FACILITATOR: 200,
            Rol.PROFESSIONAL: 200,
            Rol.COORDINATOR: 200,
        },
    ),
    "core:netwerk": ("get", netwerk_page(200, DEELNEMERS | {Rol.COORDINATOR})),
    "core:netwerk_wijzigen": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "core:netwerk_archiveren": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "core:uitnodigen": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "core:uitnodiging_intrekken": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "core:uitnodiging_vernieuwen": ("post", netwerk_page(200, FAMILIE_REGIE)),
    # A one-time login link for the supporter (deelname_id): only who may hand out her
    # role may make one, so she cannot make one for herself.
    "core:inloglink_maken": ("post", netwerk_page(200, {Rol.HOOFDPERSOON, Rol.FACILITATOR})),
    "core:persoon_foto": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:personen": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:persoon": ("get", netwerk_page(200, DEELNEMERS)),
    # Without htmx the row sends you to the person's page.
    "netwerkkompas:rij": ("get", netwerk_page(302, DEELNEMERS)),
    "netwerkkompas:persoon_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:cirkel": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:cirkel_ring": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "netwerkkompas:genogram": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:relatie_nieuw": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "netwerkkompas:relatie_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:buurtkaart": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:plek_nieuw": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "netwerkkompas:plek": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "netwerkkompas:plek_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:talenten": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:talent_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:ondersteuning": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:rondje_positief": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:compliment_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:verhaal": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:verhaal_schrijven": (
        "get",
        netwerk_page(200, {Rol.HOOFDPERSOON, Rol.FACILITATOR}),
    ),
    "netwerkkompas:perspectief_schrijven": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:zichtbaarheid": ("get", netwerk_page(200, {Rol.HOOFDPERSOON})),
    "netwerkkompas:balans": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:momentopnamen": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:momentopnamen_vergelijken": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:momentopname": ("get", netwerk_page(200, DEELNEMERS)),
    "netwerkkompas:momentopname_verwijderen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    # FamilieNetwerkBeraad. The matrix's beraad is in presentatie with a published plan
    # (what staff may see in eigen tijd is tested in tests/beraad/test_live.py).
    "beraad:overzicht": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:nieuw": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "beraad:beraad": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:vragen": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:vraag": ("get", netwerk_page(200, FAMILIE_REGIE)),
    # Without zeker=ja the first POST shows the confirmation step.
    "beraad:vraag_verwijderen": ("post", netwerk_page(200, FAMILIE_REGIE)),
    "beraad:vraag_verplaatsen": ("post", netwerk_page(302, FAMILIE_REGIE)),
    "beraad:informatie": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:informatie_antwoord": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:waar_wanneer": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "beraad:voorwaarden": ("get", netwerk_page(200, DEELNEMERS)),
    # Only its author (here the facilitator) changes a voorwaarde.
    "beraad:voorwaarde": ("get", netwerk_page(200, {Rol.FACILITATOR})),
    "beraad:genodigden": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:genodigde": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "beraad:genodigde_link": ("post", netwerk_page(200, FAMILIE_REGIE)),
    "beraad:agenda": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:live": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:stand": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:plan": ("get", netwerk_page(200, DEELNEMERS)),
    "beraad:afspraak_nieuw": ("get", netwerk_page(200, ZELF)),
    "beraad:afspraak": ("get", netwerk_page(200, DEELNEMERS)),
    # Without bevestigd=ja the first POST shows the confirmation step.
    "beraad:afspraak_verwijderen": ("post", netwerk_page(200, ZELF)),
    # Everyone agrees for themselves; the facilitator notes it for people without a login.
    "beraad:akkoord": ("post", netwerk_page(302, DEELNEMERS)),
    "beraad:afsluiten": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "beraad:fase": ("post", netwerk_page(302, {Rol.FACILITATOR})),
    # The family ends eigen tijd and may take the plan back; staff never do.
    "beraad:publiceren": (
        "post",
        netwerk_page(302, {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID}),
    ),
    # The plan on paper, for whoever may read it. The matrix prints the Actieteam's closed
    # plan, which the coordinator prints too (drafts and the other states: see
    # tests/beraad/test_pdf.py).
    "beraad:plan_pdf": ("get", netwerk_page(200, DEELNEMERS | {Rol.COORDINATOR})),
    "beraad:plan_makkelijk": ("get", netwerk_page(200, DEELNEMERS | {Rol.COORDINATOR})),
    # An invitee's personal link works for whoever holds it, logged in or not.
    "beraad_antwoord": ("get", everyone(200)),
    "beraad_antwoord_agenda": ("get", everyone(200)),
    # Actieteam. The matrix's closed plan has one afspraak that the supporter does: the
    # netwerklid and the professional keep only their own afspraken up to date.
    "actieteam:team": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:mijn": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:instellingen": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:afspraak": ("get", netwerk_page(200, DEELNEMERS)),
    # A POST without a status re-renders the form (200) for whoever may change it.
    "actieteam:status": ("post", netwerk_page(200, FAMILIE_REGIE)),
    "actieteam:voortgang": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:bijsturen": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:afspraak_nieuw": ("get", netwerk_page(200, ZELF)),
    "actieteam:afspraak_wijzigen": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "actieteam:afspraak_stoppen": ("get", netwerk_page(200, FAMILIE_REGIE)),
    "actieteam:versies": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:vergelijken": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:overleggen": ("get", netwerk_page(200, DEELNEMERS)),
    "actieteam:overleg": ("get", netwerk_page(200, DEELNEMERS)),
    # A member's private calendar feed and the e-mail opt-out work by their token alone
    # (calendar apps and mail clients do not log in).
    "actieteam_agenda": ("get", everyone(200)),
    "actieteam_mail_uit": ("get", everyone(200)),
    # Only a coordinator, and only of their own organisation (the outsider fixture
    # coordinates another organisation: they see its Netwerken, never ours).
    "organisatie_overzicht": (
        "get",
        {
            **dict.fromkeys(ROLES, 404),
            "anoniem": LOGIN,
            "outsider": 200,
            Rol.COORDINATOR: 200,
        },
    ),
}

# Writes that go through pages readable by more roles than may write:
# name -> (POST data, made from the objects in url_kwargs; expected status per role).
WRITES: dict[str, tuple[object, dict[str, object]]] = {
    "privacy:wissen": (
        lambda kw: {"bevestiging": "VERWIJDEREN"},
        netwerk_page(302, {Rol.HOOFDPERSOON}),
    ),
    "netwerkkompas:personen": (
        lambda kw: {"naam": "Buurvrouw Annie"},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "netwerkkompas:cirkel_ring": (lambda kw: {"ring": "1"}, netwerk_page(302, FAMILIE_REGIE)),
    "netwerkkompas:talenten": (
        lambda kw: {"persoon": kw["persoon_id"], "soort": "goed_in", "tekst": "Koken"},
        netwerk_page(302, ZELF),
    ),
    "netwerkkompas:ondersteuning": (
        lambda kw: {"persoon": kw["persoon_id"], "domein": "wonen"},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "netwerkkompas:rondje_positief": (
        lambda kw: {"tekst": "Ze is altijd eerlijk."},
        netwerk_page(302, ZELF),
    ),
    "netwerkkompas:momentopnamen": (
        lambda kw: {"naam": "Na het eerste gesprek"},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "beraad:vragen": (
        lambda kw: {"tekst": "Wie helpt met koken?"},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "beraad:informatie": (
        lambda kw: {"onderwerp": "Wat kost dagbesteding?"},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "beraad:voorwaarden": (
        lambda kw: {
            "soort": "voorwaarde",
            "thema": "veiligheid",
            "tekst": "Iemand belt elke avond.",
        },
        netwerk_page(302, {Rol.FACILITATOR, Rol.PROFESSIONAL}),
    ),
    "beraad:genodigden": (
        lambda kw: {"actie": "kiezen", "personen": [kw["persoon_id"]]},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "beraad_antwoord": (lambda kw: {"antwoord": "komt"}, everyone(302)),
    "beraad:afspraak_nieuw": (
        lambda kw: {"vraag": kw["vraag_id"], "soort": "1", "wat": "Joost klust op zaterdag."},
        netwerk_page(302, ZELF),
    ),
    "beraad:afspraak": (
        lambda kw: {"vraag": kw["vraag_id"], "soort": "1", "wat": "Els doet de post.", "versie": 1},
        netwerk_page(302, ZELF),
    ),
    "beraad:afsluiten": (
        lambda kw: {"actie": "opslaan", "versie": 1},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "actieteam:status": (
        lambda kw: {"status": "bezig", "versie": 0},
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "actieteam:instellingen": (lambda kw: {"actie": "mail"}, netwerk_page(302, DEELNEMERS)),
    "actieteam:afspraak_nieuw": (
        lambda kw: {
            "vraag": kw["actieteam"]["vraag_id"],
            "soort": "1",
            "wat": "Joost klust op zaterdag.",
            "sleutel": nieuwe_sleutel(),
        },
        netwerk_page(302, ZELF),
    ),
    "actieteam:afspraak_wijzigen": (
        lambda kw: {
            "vraag": kw["actieteam"]["vraag_id"],
            "soort": "1",
            "wat": "Els doet de post op maandag.",
            "versie": 1,
        },
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "actieteam:afspraak_stoppen": (lambda kw: {"versie": 1}, netwerk_page(302, FAMILIE_REGIE)),
    "actieteam:overleggen": (
        lambda kw: {
            "datum_0": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "datum_1": "19:30",
            "waar": "Bij Marieke thuis",
        },
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "actieteam:overleg": (
        lambda kw: {
            "datum_0": (timezone.localdate() - timedelta(days=7)).isoformat(),
            "datum_1": "19:00",
            "besluiten": "Els belt het wijkteam.",
            "versie": 1,
        },
        netwerk_page(302, FAMILIE_REGIE),
    ),
    "actieteam_mail_uit": (lambda kw: {}, everyone(302)),
}


def _walk(resolver: URLResolver, prefix: str = "", params: tuple = ()) -> dict[str, set[str]]:
    """url name -> the names of its arguments."""
    found: dict[str, set[str]] = {}
    for entry in resolver.url_patterns:
        own = params + tuple(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found |= _walk(entry, namespace, own)
        elif isinstance(entry, URLPattern) and entry.name:
            found[prefix + entry.name] = set(own)
    return found


def all_url_names() -> list[str]:
    return sorted(_walk(get_resolver()))


def test_every_url_pattern_is_in_the_matrix():
    missing = [name for name in all_url_names() if name not in MATRIX]
    assert missing == [], f"Add these URL patterns to the access matrix: {missing}"
    stale = [name for name in MATRIX if name not in all_url_names()]
    assert stale == [], f"The matrix names URL patterns that no longer exist: {stale}"


def test_every_url_pattern_has_a_name():
    def unnamed(resolver: URLResolver) -> list[str]:
        found = []
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                found += unnamed(entry)
            elif not entry.name:
                found.append(str(entry.pattern))
        return found

    assert unnamed(get_resolver()) == []


def _jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def url_kwargs(netwerk, facilitator, supporter, settings, tmp_path) -> dict[str, object]:
    """One object of every kind a URL can name, all in the fixture Netwerk."""
    settings.MEDIA_ROOT = tmp_path
    persoon = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", foto=_jpeg())
    kind = Persoon.objects.create(netwerk=netwerk, naam="Ria Bakker", soort="familie")
    uitnodiging, token = actions.do_invite(
        netwerk=netwerk, rol=Rol.NETWERKLID, by=facilitator, naam="Buurman Mo"
    )
    plek = Plek.objects.create(
        netwerk=netwerk, naam="Wijkcentrum De Boog", soort="wijkcentrum", loopminuten=8
    )
    return {
        "netwerk_id": netwerk.pk,
        "persoon_id": persoon.pk,
        "deelname_id": supporter.deelnames.get().pk,
        "uitnodiging_id": uitnodiging.pk,
        "token": token,
        "relatie_id": Relatie.objects.create(
            netwerk=netwerk, van=persoon, naar=kind, soort=Relatie.Soort.OUDER
        ).pk,
        "plek_id": plek.pk,
        "talent_id": Talent.objects.create(netwerk=netwerk, persoon=persoon, tekst="Breien").pk,
        "compliment_id": Compliment.objects.create(netwerk=netwerk, tekst="Ze lacht veel.").pk,
        "momentopname_id": Momentopname.maak(netwerk, naam="Begin").pk,
        **_beraad_kwargs(netwerk, facilitator, persoon),
        "actieteam": _actieteam_kwargs(netwerk, facilitator, supporter),
    }


def _actieteam_kwargs(netwerk, facilitator, supporter) -> dict[str, object]:
    """A closed beraad's plan with one afspraak that the supporter does (so the netwerklid
    and the professional do not take part in it), and one overleg."""
    nu = timezone.now()
    beraad = Beraad.objects.create(
        netwerk=netwerk, fase=Beraad.Fase.AFGEROND, datum=nu - timedelta(days=60), afgerond=nu
    )
    plan = Actieplan.objects.create(
        netwerk=netwerk, beraad=beraad, gepubliceerd=nu, vastgesteld=nu, planversie=1
    )
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Hoe kom ik aan werk?")
    afspraak = Afspraak.objects.create(
        netwerk=netwerk, plan=plan, vraag=vraag, wat="Els belt met het wijkteam."
    )
    afspraak.wie.set([supporter.deelnames.get().persoon])
    eerste_versie(plan)
    overleg = Overleg.objects.create(netwerk=netwerk, plan=plan, datum=nu - timedelta(days=7))
    deelname = supporter.deelnames.get()
    instelling = Lidinstelling(deelname=deelname, netwerk=netwerk)
    agenda_token = instelling.nieuwe_agendalink()
    instelling.save()
    return {
        "netwerk_id": netwerk.pk,
        "beraad_id": beraad.pk,
        "afspraak_id": afspraak.pk,
        "vraag_id": vraag.pk,
        "overleg_id": overleg.pk,
        "agenda_token": agenda_token,
        "mail_token": uit_token(deelname.pk),
    }


def _beraad_kwargs(netwerk, facilitator, persoon) -> dict[str, object]:
    """A beraad in presentatie with its plan published, and one of each of its parts."""
    beraad = Beraad.objects.create(
        netwerk=netwerk,
        fase=Beraad.Fase.PRESENTATIE,
        datum=timezone.now() + timedelta(days=14),
        waar="Wijkcentrum De Dreef",
    )
    plan = Actieplan.objects.create(netwerk=netwerk, beraad=beraad, gepubliceerd=timezone.now())
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst="Hoe woon ik zelf?")
    genodigde = Genodigde.objects.create(netwerk=netwerk, beraad=beraad, persoon=persoon)
    token = genodigde.new_token()
    genodigde.save()
    return {
        "beraad_id": beraad.pk,
        "vraag_id": vraag.pk,
        "informatie_id": Informatie.objects.create(
            netwerk=netwerk, beraad=beraad, onderwerp="Wat doet een bewindvoerder?"
        ).pk,
        "voorwaarde_id": Voorwaarde.objects.create(
            netwerk=netwerk,
            beraad=beraad,
            tekst="Elke week iemand bij de post.",
            auteur=facilitator,
        ).pk,
        "genodigde_id": genodigde.pk,
        "beraad_token": token,
        "afspraak_id": Afspraak.objects.create(
            netwerk=netwerk, plan=plan, vraag=vraag, wat="Els doet zondag de post."
        ).pk,
    }


# The PDFs of the plan print the Actieteam's closed plan, not the beraad in presentatie.
GESLOTEN_PLAN = {"beraad:plan_pdf", "beraad:plan_makkelijk"}


def _url(name: str, kwargs: dict[str, object]) -> str:
    if name.startswith("actieteam:") or name in GESLOTEN_PLAN:
        # The Actieteam works on the closed plan, not on the beraad in presentatie.
        kwargs = {**kwargs, **kwargs["actieteam"]}
    if name == "actieteam_agenda":
        return reverse(name, kwargs={"token": kwargs["actieteam"]["agenda_token"]})
    if name == "actieteam_mail_uit":
        return reverse(name, kwargs={"token": kwargs["actieteam"]["mail_token"]})
    if name.startswith("beraad_antwoord"):
        return reverse(name, kwargs={"token": kwargs["beraad_token"]})
    if name == "login_link":
        return reverse(name, kwargs={"token": LoginLink.create_for(make_user("linkgebruiker"))})
    params = _walk(get_resolver())[name]
    missing = params - set(kwargs)
    assert not missing, f"Cannot build a URL for {name}; add {missing} to url_kwargs"
    return reverse(name, kwargs={key: kwargs[key] for key in params})


def _login_as(client, request, rol: str, members) -> None:
    if rol == "anoniem":
        return
    user = request.getfixturevalue("outsider") if rol == "outsider" else members[rol]
    client.force_login(user)


def _check(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.content[:500]


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(client, request, members, url_kwargs, name, rol):
    method, expected = MATRIX[name]
    _login_as(client, request, rol, members)
    response = getattr(client, method)(_url(name, url_kwargs))
    _check(response, expected[rol])


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("name", sorted(WRITES))
def test_writes_answer_each_role_as_the_matrix_says(
    client, request, members, url_kwargs, name, rol
):
    data, expected = WRITES[name]
    _login_as(client, request, rol, members)
    response = client.post(_url(name, url_kwargs), data(url_kwargs))
    _check(response, expected[rol])


def _without_per_request_values(content: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', rb"\1", content)


def test_outsider_sees_no_trace_of_the_netwerk(client, outsider, netwerk, url_kwargs):
    """A 404 for a Netwerk that exists looks exactly like one for a Netwerk that does not."""
    client.force_login(outsider)
    exists_url = reverse("core:netwerk", args=[netwerk.pk])
    missing_url = reverse("core:netwerk", args=[netwerk.pk + 1000])
    exists, missing = client.get(exists_url), client.get(missing_url)
    assert exists.status_code == missing.status_code == 404
    # Same page but for its own address, the masked CSRF token and the CSP nonce.
    assert _without_per_request_values(exists.content).replace(
        exists_url.encode(), b""
    ) == _without_per_request_values(missing.content).replace(missing_url.encode(), b"")
    assert netwerk.titel.encode() not in exists.content

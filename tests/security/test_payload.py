"""A script and HTML payload in every free-text field of every form comes back as text.

Table-driven: one row per form and field, with the role that may post it, the address,
the data, and the pages that show the saved text. The POST must be accepted (the text is
saved, not merely echoed back by a form with errors), then each page must show it escaped.
The actieplan PDF must hold it as literal text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pypdfium2
import pytest
from django.test import Client
from django.utils import timezone

from actieteam.forms.bijsturen import nieuwe_sleutel
from sonestra.core.roles import Rol
from tests.core.test_url_access_matrix import _url

PAYLOAD = """<script>alert("x")</script><img src=x onerror=alert(1)>"'&"""
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
RAW = ("<script>alert", "<img src=x", "onerror=alert(1)>")


@dataclass
class Rij:
    """One form field: who posts where, with what, and which pages show it."""

    rol: str
    url: str
    data: Callable[[dict], dict]
    toont: list[str]
    status: int = 302
    # Not saved on purpose (a failed login): the page that comes back shows the text.
    opnieuw: bool = False
    htmx: bool = False
    pdf: bool = False
    # URL arguments taken from another key of the objects: {"persoon_id": "zelf_id"}.
    extra: dict = field(default_factory=dict)


def _kw(name: str, kw: dict) -> str:
    return _url(name, kw)


def _moment(dagen: int) -> dict:
    dag = timezone.localdate() - timedelta(days=dagen)
    return {"datum_0": dag.isoformat(), "datum_1": "19:30"}


F, H, S, P = Rol.FACILITATOR, Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.PROFESSIONAL
AT = "actieteam"

TABEL: dict[str, Rij] = {
    "NetwerkForm.titel": Rij(
        F,
        "core:netwerk_nieuw",
        lambda kw: {"titel": PAYLOAD, "hoofdpersoon": "Zoë", "mijn_rol": "facilitator"},
        ["core:mijn_netwerken"],
    ),
    "NetwerkForm.hoofdpersoon": Rij(
        F,
        "core:netwerk_nieuw",
        lambda kw: {"titel": "Netwerk van Ağ", "hoofdpersoon": PAYLOAD, "mijn_rol": "facilitator"},
        ["core:mijn_netwerken"],
    ),
    "NetwerkWijzigenForm.titel": Rij(
        H,
        "core:netwerk_wijzigen",
        lambda kw: {"titel": PAYLOAD, "versie": 1},
        ["core:netwerk", "core:mijn_netwerken"],
    ),
    "UitnodigingForm.naam": Rij(
        F,
        "core:uitnodigen",
        lambda kw: {"persoon": "", "naam": PAYLOAD, "rol": "netwerklid", "email": ""},
        ["core:uitnodigen", "netwerkkompas:personen"],
        status=200,
    ),
    "AccountForm.first_name": Rij(
        S,
        "core:account",
        lambda kw: {"first_name": PAYLOAD, "last_name": PAYLOAD, "email": ""},
        ["core:account"],
    ),
    "PersoonSnelForm.naam": Rij(
        F,
        "netwerkkompas:personen",
        lambda kw: {"naam": PAYLOAD},
        ["netwerkkompas:personen", "netwerkkompas:cirkel"],
    ),
    "PersoonForm.notities": Rij(
        F,
        "netwerkkompas:persoon",
        lambda kw: {
            "naam": PAYLOAD,
            "soort": "familie",
            "tijd": "heden",
            "kwaliteit": "",
            "contact": "",
            "ring": "",
            "geslacht": "",
            "overlijdensjaar": "",
            "geboortejaar": "",
            "telefoon": "06-1234",
            "email": "",
            "notities": PAYLOAD,
            "versie": 1,
        },
        ["netwerkkompas:persoon", "netwerkkompas:personen", "netwerkkompas:genogram"],
    ),
    "ZelfForm.naam+telefoon": Rij(
        Rol.NETWERKLID,
        "netwerkkompas:persoon",
        lambda kw: {
            "naam": PAYLOAD,
            "geboortejaar": "1990",
            "telefoon": PAYLOAD[:30],
            "email": "",
            "versie": 1,
        },
        ["netwerkkompas:persoon", "netwerkkompas:personen"],
        extra={"persoon_id": "zelf_id"},
    ),
    "PlekForm.naam+notities": Rij(
        F,
        "netwerkkompas:plek_nieuw",
        lambda kw: {"naam": PAYLOAD, "soort": "winkel", "loopminuten": "5", "notities": PAYLOAD},
        ["netwerkkompas:buurtkaart"],
    ),
    "TalentForm.tekst": Rij(
        F,
        "netwerkkompas:talenten",
        lambda kw: {"persoon": kw["persoon_id"], "soort": "goed_in", "tekst": PAYLOAD},
        ["netwerkkompas:talenten"],
    ),
    "OndersteuningForm.toelichting": Rij(
        F,
        "netwerkkompas:ondersteuning",
        lambda kw: {"persoon": kw["persoon_id"], "domein": "wonen", "toelichting": PAYLOAD},
        ["netwerkkompas:ondersteuning"],
    ),
    "ComplimentForm.tekst": Rij(
        F,
        "netwerkkompas:rondje_positief",
        lambda kw: {"tekst": PAYLOAD},
        ["netwerkkompas:rondje_positief"],
        pdf=True,
    ),
    "VerhaalForm.tekst": Rij(
        H,
        "netwerkkompas:verhaal_schrijven",
        lambda kw: {"tekst": PAYLOAD, "zichtbaarheid": "netwerk", "versie": 0},
        ["netwerkkompas:verhaal"],
    ),
    "PerspectiefForm.*": Rij(
        S,
        "netwerkkompas:perspectief_schrijven",
        lambda kw: {
            "situatie": PAYLOAD,
            "wie_last": PAYLOAD,
            "kijk": PAYLOAD,
            "bijdrage": PAYLOAD,
            "versie": 0,
        },
        ["netwerkkompas:verhaal"],
    ),
    "MomentopnameForm.naam": Rij(
        F,
        "netwerkkompas:momentopnamen",
        lambda kw: {"naam": PAYLOAD},
        ["netwerkkompas:momentopnamen", "netwerkkompas:balans"],
    ),
    "LoginForm.username": Rij(
        "anoniem",
        "login",
        lambda kw: {"username": PAYLOAD, "password": "fout"},
        [],
        status=200,
        opnieuw=True,
    ),
    "LoginLinkRequestForm.email": Rij(
        "anoniem",
        "login_link_aanvragen",
        lambda kw: {"email": PAYLOAD},
        [],
        status=200,
        opnieuw=True,
    ),
    "PersoonRijForm.notities": Rij(
        F,
        "netwerkkompas:rij",
        lambda kw: {"soort": "familie", "tijd": "heden", "notities": PAYLOAD, "versie": 1},
        ["netwerkkompas:persoon"],
        status=200,
        extra={"persoon_id": "kind_id"},
        htmx=True,
    ),
    "GroslijstFilter.q": Rij(
        F,
        "netwerkkompas:personen",
        None,  # a GET: the search box shows what was typed
        [],
        status=200,
    ),
    "VraagForm.tekst": Rij(
        F,
        "beraad:vragen",
        lambda kw: {"tekst": PAYLOAD},
        ["beraad:vragen", "beraad:plan", "beraad:live"],
    ),
    "InformatieForm.onderwerp": Rij(
        F,
        "beraad:informatie",
        lambda kw: {"onderwerp": PAYLOAD},
        ["beraad:informatie"],
    ),
    "AntwoordForm(informatie).antwoord": Rij(
        F,
        "beraad:informatie_antwoord",
        lambda kw: {"onderwerp": "Wat doet een bewindvoerder?", "antwoord": PAYLOAD, "versie": 1},
        ["beraad:informatie", "beraad:informatie_antwoord"],
    ),
    "WaarWanneerForm.waar": Rij(
        F,
        "beraad:waar_wanneer",
        lambda kw: {
            "datum_0": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "datum_1": "19:00",
            "eindtijd": "21:00",
            "waar": PAYLOAD,
            "versie": 1,
        },
        ["beraad:beraad"],
    ),
    "VoorwaardeForm.tekst": Rij(
        F,
        "beraad:voorwaarden",
        lambda kw: {"soort": "voorwaarde", "thema": "veiligheid", "tekst": PAYLOAD},
        ["beraad:voorwaarden", "beraad:plan"],
    ),
    "NietUitnodigenForm.reden": Rij(
        H,
        "beraad:genodigden",
        lambda kw: {"actie": "niet_uitnodigen", "persoon": kw["kind_id"], "reden": PAYLOAD},
        ["beraad:genodigden"],
    ),
    "GenodigdeForm.opmerking": Rij(
        F,
        "beraad:genodigde",
        lambda kw: {"uitgenodigd": "True", "antwoord": "komt", "opmerking": PAYLOAD},
        ["beraad:genodigden", "beraad:genodigde"],
    ),
    "AntwoordForm(link).opmerking": Rij(
        "anoniem",
        "beraad_antwoord",
        lambda kw: {"antwoord": "komt", "opmerking": PAYLOAD},
        ["beraad_antwoord"],
    ),
    "AfspraakForm.wat+wanneer+hoe_weten": Rij(
        F,
        "beraad:afspraak_nieuw",
        lambda kw: {
            "vraag": kw["vraag_id"],
            "soort": "1",
            "wat": PAYLOAD,
            "wanneer": PAYLOAD,
            "hoe_weten": PAYLOAD,
        },
        ["beraad:plan", "beraad:live"],
    ),
    "BijsturenForm.wat+wanneer+hoe_weten": Rij(
        F,
        "actieteam:afspraak_nieuw",
        lambda kw: {
            "vraag": kw[AT]["vraag_id"],
            "soort": "1",
            "wat": PAYLOAD,
            "wanneer": PAYLOAD,
            "hoe_weten": PAYLOAD,
            "sleutel": nieuwe_sleutel(),
        },
        ["actieteam:bijsturen", "actieteam:voortgang", "actieteam:versies"],
        pdf=True,
    ),
    "OverlegForm.*": Rij(
        F,
        "actieteam:overleggen",
        lambda kw: {
            **_moment(3),
            "waar": PAYLOAD,
            "notities": PAYLOAD,
            "besluiten": PAYLOAD,
            "volgende_0": "",
            "volgende_1": "",
        },
        ["actieteam:overleggen"],
    ),
    "StatusForm.notitie": Rij(
        S,
        "actieteam:status",
        lambda kw: {"status": "bezig", "notitie": PAYLOAD, "versie": 0},
        ["actieteam:afspraak", "actieteam:mijn"],
    ),
}


def _client(request, members, rol: str) -> Client:
    client = Client()
    if rol != "anoniem":
        client.force_login(members[rol])
    return client


def assert_escaped(html: str, where: str) -> None:
    assert ESCAPED in html, f"{where}: the text is not shown (escaped) on the page"
    for raw in RAW:
        assert raw not in html, f"{where}: raw {raw!r} in the page"


@pytest.fixture
def kw(url_kwargs, netwerk, members):
    from sonestra.core.models import Persoon

    kind = Persoon.objects.get(netwerk=netwerk, naam="Ria Bakker")
    zelf = members[Rol.NETWERKLID].deelnames.get().persoon_id
    return {**url_kwargs, "kind_id": kind.pk, "zelf_id": zelf}


@pytest.mark.parametrize("naam", sorted(TABEL))
def test_payload_comes_back_as_text(request, members, kw, naam):
    rij = TABEL[naam]
    kw = {**kw, **{arg: kw[sleutel] for arg, sleutel in rij.extra.items()}}
    client = _client(request, members, rij.rol)
    if rij.data is None:
        url = _kw(rij.url, kw)
        response = client.get(url, {"q": PAYLOAD})
        assert response.status_code == 200
        assert_escaped(response.content.decode(), url)
        return
    headers = {"HX-Request": "true"} if rij.htmx else {}
    response = client.post(_kw(rij.url, kw), rij.data(kw), headers=headers)
    assert response.status_code == rij.status, response.content.decode()[:3000]
    html = response.content.decode()
    if rij.opnieuw:
        assert_escaped(html, rij.url)
    elif response.status_code == 200:
        assert "is-invalid" not in html and "invalid-feedback" not in html, html[:3000]
    for pagina in rij.toont:
        url = _kw(pagina, kw)
        if rij.url == "core:netwerk_nieuw":
            # The new Netwerk: the one this facilitator made last.
            url = response["Location"]
        shown = client.get(url)
        assert shown.status_code == 200, (pagina, shown.status_code)
        assert_escaped(shown.content.decode(), pagina)
    if rij.pdf:
        pdf_client = _client(request, members, Rol.FACILITATOR)
        response = pdf_client.get(_kw("beraad:plan_pdf", kw))
        assert response.status_code == 200
        tekst = pdf_text(response.content)
        assert _compact(PAYLOAD) in _compact(tekst), tekst


def _compact(text: str) -> str:
    # Table cells wrap long words with a hyphen (U+2010) at the line end: join them again.
    return "".join(text.replace("\u2010\n", "").replace("\u2010\r\n", "").split())


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_the_table_covers_every_free_text_field():
    """A new form with a text field must get a row here (or a reason it has none)."""
    from tests.security.test_formulieren_hypothesis import FORMS, tekstvelden

    gedekt = {naam.split(".")[0].split("(")[0] for naam in TABEL}
    # Forms whose text fields are hidden bookkeeping (stand, gezien, sleutel) or that do
    # not save text: their rows would only test a form re-render.
    zonder_vrije_tekst = {
        "AntwoordForm",  # both are covered above: (informatie) and (link)
        # Typed to confirm or to log in, never saved nor shown: hypothesis covers them.
        "BevestigForm",
        "CodeForm",
    }
    ontbreekt = [
        cls.__name__
        for cls, _ in FORMS
        if tekstvelden(cls) and cls.__name__ not in gedekt | zonder_vrije_tekst
    ]
    assert ontbreekt == []

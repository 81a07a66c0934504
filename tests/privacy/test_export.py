"""Exporteren (privacy:export*): all of a Netwerk as JSON, PDF or zip for the hoofdpersoon;
what concerns one person for everyone with a role. Who may download what, that a person's
export holds nothing of other people's contact details, notes or views, that every
download is logged as E and never cached, and that the number of queries does not grow
with the Netwerk.

The demo (Marieke's Netwerk) is exported once for the module and read back: the JSON with
`json`, the PDF with pypdfium2.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beraad.models import Afspraak, Akkoord
from netwerkkompas.models import Compliment, Perspectief, Relatie, Talent, Verhaal
from privacy import export as gegevens
from sonestra.core.models import Netwerk, Persoon, Toegangslog, User
from sonestra.core.roles import Rol, Zichtbaarheid
from tests.conftest import demo_om_te_lezen, make_afspraak

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "privacy"
KAAD = '<script>alert("x")</script><b>vet</b> & Zoë'


def pdf_tekst(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        tekst = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    tekst = re.sub(r"\u2010\s*\n", "", tekst)
    tekst = re.sub(r"\s+", " ", tekst)
    return re.sub(r"- ", "-", tekst)


def url(naam: str, netwerk: Netwerk, formaat: str | None = None, **kwargs) -> str:
    adres = reverse(f"privacy:{naam}", kwargs={"netwerk_id": netwerk.pk, **kwargs})
    return f"{adres}?formaat={formaat}" if formaat else adres


def download(client: Client, adres: str) -> bytes:
    response = client.get(adres)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "no-store" in response["Cache-Control"]
    return response.content


# --- Every model is in the export --------------------------------------------------------


def test_every_model_of_a_netwerk_is_in_the_register_and_the_person_rule():
    """A new model with a `netwerk` field must be added to the export (and to the rule of
    what a person's export holds of it), or this fails."""
    in_register = {soort.model for soort in gegevens.REGISTER}
    moeten = {
        model
        for app in ("core", "netwerkkompas", "beraad", "actieteam", "privacy")
        for model in apps.get_app_config(app).get_models()
        if any(f.name == "netwerk" for f in model._meta.fields) and model is not Toegangslog
    }
    assert moeten - in_register == set()
    assert in_register - moeten == set()
    betrokkene = gegevens.Betrokkene(None, (), hoofdpersoon=False)
    assert set(gegevens.persoon_regels(betrokkene)) == {s.sleutel for s in gegevens.REGISTER}


# --- The demo, exported once --------------------------------------------------------------


@dataclass
class DemoExport:
    personen: list[str]
    afspraken: list[str]
    verhaal: str
    complimenten: list[str]
    perspectief_els: str
    telefoon_els: str
    sevda_afspraken: list[str]
    data: dict
    pdf: str
    sevda: dict
    sevda_pdf: str
    zip_namen: list[str]
    fotos: list[str]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoExport:
    """Marieke's Netwerk exported by Marieke (JSON, PDF, zip) and by Sevda (her own).
    Built in a transaction that is rolled back: the tests get bytes, not rows."""
    with demo_om_te_lezen(django_db_blocker, tmp_path_factory.mktemp("media")) as netwerk:
        els = Persoon.objects.get(netwerk=netwerk, naam="Els van Dijk")
        els.telefoon = "06-11223344"
        els.save()
        sevda = Persoon.objects.get(netwerk=netwerk, naam="Sevda Yılmaz")
        perspectief_els = Perspectief.objects.filter(netwerk=netwerk, persoon=els).first()
        marieke = Client()
        marieke.force_login(User.objects.get(username="marieke"))
        sevda_client = Client()
        sevda_client.force_login(User.objects.get(username="sevda"))
        zip_bytes = download(marieke, url("export_netwerk", netwerk, "zip"))
        pdf = download(marieke, url("export_netwerk", netwerk, "pdf"))
        sevda_pdf = download(sevda_client, url("export_mijn", netwerk, "pdf"))
        # To look at: test-artifacts/privacy/*.pdf
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "export-netwerk.pdf").write_bytes(pdf)
        (ARTIFACTS / "export-sevda.pdf").write_bytes(sevda_pdf)
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archief:
            zip_namen = archief.namelist()
        uitkomst = DemoExport(
            personen=list(netwerk.personen.values_list("naam", flat=True)),
            afspraken=list(Afspraak.objects.filter(netwerk=netwerk).values_list("wat", flat=True)),
            verhaal=Verhaal.objects.get(netwerk=netwerk).tekst,
            complimenten=list(
                Compliment.objects.filter(netwerk=netwerk).values_list("tekst", flat=True)
            ),
            perspectief_els=perspectief_els.kijk if perspectief_els else "",
            telefoon_els=els.telefoon,
            # Where she is wie or invaller.
            sevda_afspraken=list(
                Afspraak.objects.filter(netwerk=netwerk)
                .filter(Q(wie=sevda) | Q(invallers=sevda))
                .distinct()
                .values_list("wat", flat=True)
            ),
            data=json.loads(download(marieke, url("export_netwerk", netwerk, "json"))),
            pdf=pdf_tekst(pdf),
            sevda=json.loads(download(sevda_client, url("export_mijn", netwerk, "json"))),
            sevda_pdf=pdf_tekst(sevda_pdf),
            zip_namen=zip_namen,
            fotos=list(netwerk.personen.exclude(foto="").values_list("foto", flat=True)),
        )
    return uitkomst


def test_demo_json_holds_mariekes_people_story_and_afspraken(demo):
    data = demo.data
    assert data["schema"] == "sonestra.export"
    assert data["schema_versie"] == gegevens.SCHEMA_VERSIE
    assert data["soort"] == "netwerk"
    assert data["netwerk"]["titel"] == "Het netwerk van Marieke"
    onderdelen = data["onderdelen"]
    assert set(onderdelen) == {"core", "netwerkkompas", "beraad", "actieteam"}
    assert sorted(p["naam"] for p in onderdelen["core"]["personen"]) == sorted(demo.personen)
    assert len(demo.personen) > 30
    assert [v["tekst"] for v in onderdelen["netwerkkompas"]["verhaal"]] == [demo.verhaal]
    assert sorted(a["wat"] for a in onderdelen["beraad"]["afspraken"]) == sorted(demo.afspraken)
    assert len(demo.afspraken) >= 10
    assert all(isinstance(a["wie"], list) for a in onderdelen["beraad"]["afspraken"])
    assert sorted(c["tekst"] for c in onderdelen["netwerkkompas"]["complimenten"]) == sorted(
        demo.complimenten
    )
    # Photos as file names; no secrets behind links; the log of the Netwerk with names.
    assert sorted(data["bestanden"]) == sorted(demo.fotos) and demo.fotos
    tekst = json.dumps(data)
    assert "token_hash" not in tekst and "agenda_hash" not in tekst
    assert data["toegangslog"], "the log of the Netwerk is in the export"
    assert all("adres" not in r for r in data["toegangslog"])
    assert any(r["actie"] == "E" and r["wie"] == "Marieke Bakker" for r in data["toegangslog"])


def test_demo_zip_holds_the_json_and_every_photo(demo):
    assert "gegevens.json" in demo.zip_namen
    assert sorted(n for n in demo.zip_namen if n != "gegevens.json") == sorted(demo.fotos)


def test_demo_pdf_reads_as_sections_with_the_people_story_and_afspraken(demo):
    tekst = demo.pdf
    assert "Alle gegevens van Het netwerk van Marieke" in tekst
    posities = [
        tekst.find(kop)
        for kop in (
            "Het netwerk en de mensen",
            "Netwerkkompas",
            "FamilieNetwerkBeraad en actieplan",
            "Actieteam",
            "Wie heeft de gegevens bekeken",
        )
    ]
    assert all(p >= 0 for p in posities) and posities == sorted(posities)
    for naam in demo.personen:
        assert naam in tekst
    assert " ".join(demo.verhaal.split())[:80] in tekst
    for wat in demo.afspraken:
        assert " ".join(wat.split())[:40] in tekst


def test_demo_own_export_of_a_netwerklid_holds_only_her_part(demo):
    sevda = demo.sevda
    assert sevda["soort"] == "persoon"
    assert sevda["over"]["naam"] == "Sevda Yılmaz"
    assert [p["naam"] for p in sevda["onderdelen"]["core"]["personen"]] == ["Sevda Yılmaz"]
    assert sorted(a["wat"] for a in sevda["onderdelen"]["beraad"]["afspraken"]) == sorted(
        demo.sevda_afspraken
    )
    assert demo.sevda_afspraken
    tekst = json.dumps(sevda, ensure_ascii=False)
    assert demo.verhaal[:60] not in tekst
    assert demo.telefoon_els not in tekst
    if demo.perspectief_els:
        assert demo.perspectief_els[:60] not in tekst
    assert "verhaal" not in sevda["onderdelen"]["netwerkkompas"]
    assert all(r["wie"] == "Sevda Yılmaz" for r in sevda["toegangslog"])
    assert all("adres" in r for r in sevda["toegangslog"])  # her own download
    assert "Gegevens over Sevda Yılmaz" in demo.sevda_pdf
    assert demo.telefoon_els not in demo.sevda_pdf


# --- Who may download what ----------------------------------------------------------------

PAGINA = {
    "outsider": 404,
    Rol.HOOFDPERSOON: 200,
    Rol.SUPPORTER: 200,
    Rol.NETWERKLID: 200,
    Rol.FACILITATOR: 200,
    Rol.PROFESSIONAL: 200,
    Rol.COORDINATOR: 403,
}
# Everything of the Netwerk: the hoofdpersoon only.
ALLES = {**dict.fromkeys(PAGINA, 403), "outsider": 404, Rol.HOOFDPERSOON: 200}


@pytest.mark.parametrize(
    ("naam", "verwacht", "formaat"),
    [
        ("export", PAGINA, None),
        ("export_mijn", PAGINA, "json"),
        ("export_mijn", PAGINA, "pdf"),
        ("export_netwerk", ALLES, "json"),
        ("export_netwerk", ALLES, "zip"),
    ],
)
def test_it_lets_each_role_download_what_it_may(
    client, netwerk, members, outsider, naam, verwacht, formaat
):
    adres = url(naam, netwerk, formaat)
    for rol, status in verwacht.items():
        user = outsider if rol == "outsider" else members[rol]
        client.force_login(user)
        response = client.get(adres)
        assert response.status_code == status, (rol, response.status_code)
    client.logout()
    assert client.get(adres).status_code == 302


def test_it_exports_one_person_only_for_the_hoofdpersoon(client, netwerk, members, outsider):
    ander = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus")
    adres = url("export_persoon", netwerk, "json", persoon_id=ander.pk)
    for rol, user in members.items():
        client.force_login(user)
        assert client.get(adres).status_code == (200 if rol == Rol.HOOFDPERSOON else 403), rol
    client.force_login(outsider)
    assert client.get(adres).status_code == 404


def test_it_refuses_a_person_of_another_netwerk(client, netwerk, hoofdpersoon, outsider):
    eigen = Netwerk.objects.get(deelnames__user=outsider)
    elders = Persoon.objects.create(netwerk=eigen, naam="Emre Kaya")
    client.force_login(hoofdpersoon)
    response = client.get(url("export_persoon", netwerk, "json", persoon_id=elders.pk))
    assert response.status_code == 404
    regel = Toegangslog.objects.order_by("-pk").first()
    assert (regel.actie, regel.uitkomst) == ("E", "geweigerd")


def test_it_refuses_an_unknown_format(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    assert client.get(url("export_netwerk", netwerk, "xml")).status_code == 404
    assert client.get(url("export_mijn", netwerk, "zip")).status_code == 404


def test_every_download_is_logged_as_e_and_not_cached(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    for adres in (
        url("export_netwerk", netwerk, "json"),
        url("export_netwerk", netwerk, "pdf"),
        url("export_netwerk", netwerk, "zip"),
        url("export_mijn", netwerk, "json"),
        url("export_mijn", netwerk, "pdf"),
        url("export_persoon", netwerk, "pdf", persoon_id=marieke.pk),
    ):
        voor = Toegangslog.objects.count()
        download(client, adres)
        regels = list(Toegangslog.objects.order_by("pk")[voor:])
        assert [(r.actie, r.uitkomst, r.rol, r.netwerk_ref) for r in regels] == [
            ("E", "toegestaan", Rol.HOOFDPERSOON, netwerk.pk)
        ], adres


def test_the_page_offers_the_choices_of_the_role(client, netwerk, hoofdpersoon, netwerklid):
    client.force_login(hoofdpersoon)
    pagina = client.get(url("export", netwerk)).content.decode()
    assert url("export_netwerk", netwerk) in pagina
    assert reverse("privacy:wissen", args=[netwerk.pk]) in pagina
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    gekozen = client.get(url("export", netwerk) + f"?persoon={marieke.pk}").content.decode()
    assert url("export_persoon", netwerk, persoon_id=marieke.pk) in gekozen
    fout = client.get(url("export", netwerk) + "?persoon=999999").content.decode()
    assert "Deze persoon staat niet in dit netwerk" in fout
    client.force_login(netwerklid)
    pagina = client.get(url("export", netwerk)).content.decode()
    assert url("export_mijn", netwerk) in pagina
    assert url("export_netwerk", netwerk) not in pagina
    assert reverse("privacy:wissen", args=[netwerk.pk]) not in pagina


# --- One person's export leaves out what only concerns others -------------------------------


@pytest.fixture
def druk_netwerk(netwerk, hoofdpersoon, supporter, netwerklid, facilitator, vraag, beraad):
    """Everyone has contact details, notes and a perspective; the story is written."""
    for persoon in netwerk.personen.all():
        slug = persoon.naam.split()[0].lower()
        persoon.telefoon = f"06-{abs(hash(slug)) % 10**8:08d}"
        persoon.email = f"{slug}@voorbeeld.nl"
        persoon.notities = f"Geheime notitie over {persoon.naam}"
        persoon.save()
    Verhaal.objects.create(netwerk=netwerk, tekst="Mijn verhaal: alleen van Marieke.")
    for user in (hoofdpersoon, supporter, netwerklid, facilitator):
        persoon = user.deelnames.get().persoon
        Perspectief.objects.create(
            netwerk=netwerk,
            auteur=user,
            persoon=persoon,
            kijk=f"De kijk van {user.username}",
            zichtbaarheid=Zichtbaarheid.NETWERK,
        )
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    sevda = netwerklid.deelnames.get().persoon
    els = supporter.deelnames.get().persoon
    Relatie.objects.create(netwerk=netwerk, van=marieke, naar=sevda, soort="broer_zus")
    Relatie.objects.create(netwerk=netwerk, van=marieke, naar=els, soort="ouder")
    Talent.objects.create(netwerk=netwerk, persoon=sevda, tekst="Zwemmen")
    Talent.objects.create(netwerk=netwerk, persoon=els, tekst="Rekenen")
    Compliment.objects.create(netwerk=netwerk, van=sevda, tekst="Marieke is grappig")
    Compliment.objects.create(netwerk=netwerk, van=els, tekst="Marieke is dapper")
    make_afspraak(beraad, vraag, "Samen zwemmen op zaterdag", wie=[sevda, marieke])
    make_afspraak(beraad, vraag, "Els helpt met de post", wie=[els])
    Akkoord.objects.create(netwerk=netwerk, plan=beraad.plan, persoon=sevda, naam="Sevda")
    return netwerk


def test_a_netwerklids_export_holds_nothing_of_anyone_elses_details(
    client, druk_netwerk, netwerklid
):
    client.force_login(netwerklid)
    data = json.loads(download(client, url("export_mijn", druk_netwerk, "json")))
    tekst = json.dumps(data, ensure_ascii=False)
    sevda = netwerklid.deelnames.get().persoon
    # Her own row, in full.
    assert data["onderdelen"]["core"]["personen"] == [
        {**data["onderdelen"]["core"]["personen"][0], "telefoon": sevda.telefoon}
    ]
    assert sevda.email in tekst and "Geheime notitie over Sevda" in tekst
    assert "De kijk van sevda" in tekst and "Zwemmen" in tekst
    assert "Samen zwemmen op zaterdag" in tekst and "Marieke is grappig" in tekst
    # Nothing of the others: no phone, e-mail, notes, perspective, talents, afspraken.
    for ander in druk_netwerk.personen.exclude(pk=sevda.pk):
        assert ander.telefoon not in tekst
        assert ander.email not in tekst
        assert ander.notities not in tekst
    for geheim in (
        "De kijk van marieke",
        "De kijk van els",
        "De kijk van sanne",
        "Mijn verhaal",
        "Rekenen",
        "Els helpt met de post",
        "Marieke is dapper",
    ):
        assert geheim not in tekst
    # Others appear by name only, where one of her rows names them.
    assert {p["naam"] for p in data["andere_personen"]} == {"Marieke Bakker"}
    assert set(data["andere_personen"][0]) == {"id", "naam"}
    # Same in the PDF.
    pdf = pdf_tekst(download(client, url("export_mijn", druk_netwerk, "pdf")))
    assert "Samen zwemmen op zaterdag" in pdf
    for ander in druk_netwerk.personen.exclude(pk=sevda.pk):
        assert ander.telefoon not in pdf and ander.notities not in pdf
    assert "De kijk van els" not in pdf


def test_the_hoofdpersoons_own_export_holds_her_story(client, druk_netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    data = json.loads(download(client, url("export_mijn", druk_netwerk, "json")))
    tekst = json.dumps(data, ensure_ascii=False)
    assert "Mijn verhaal: alleen van Marieke." in tekst
    assert "Marieke is dapper" in tekst  # compliments are about her
    assert "De kijk van els" not in tekst and "Geheime notitie over Els" not in tekst


def test_the_hoofdpersoon_exports_another_persons_part(
    client, druk_netwerk, hoofdpersoon, supporter
):
    els = druk_netwerk.personen.get(naam="Els")
    els_client = Client()
    els_client.force_login(supporter)
    els_client.get(reverse("core:netwerk", args=[druk_netwerk.pk]))
    client.force_login(hoofdpersoon)
    adres = url("export_persoon", druk_netwerk, "json", persoon_id=els.pk)
    data = json.loads(download(client, adres))
    tekst = json.dumps(data, ensure_ascii=False)
    assert data["over"]["naam"] == "Els"
    # Els's login (the supporter) is found through her Deelname: her perspective comes too.
    assert "De kijk van els" in tekst and "Els helpt met de post" in tekst
    assert "Mijn verhaal" not in tekst and "De kijk van sevda" not in tekst
    assert "Geheime notitie over Sevda" not in tekst
    # Her log lines, without the addresses she came from: those are hers alone.
    assert data["toegangslog"] and all("adres" not in r for r in data["toegangslog"])
    assert all(r["wie"] == "Els" for r in data["toegangslog"])


def test_a_facilitator_without_a_person_gets_what_their_login_did(
    client, druk_netwerk, facilitator
):
    client.force_login(facilitator)
    data = json.loads(download(client, url("export_mijn", druk_netwerk, "json")))
    tekst = json.dumps(data, ensure_ascii=False)
    assert data["onderdelen"]["core"]["personen"] == []
    assert "De kijk van sanne" in tekst
    assert "Geheime notitie" not in tekst and "Mijn verhaal" not in tekst


def test_user_text_stays_text_in_the_pdf(client, netwerk, hoofdpersoon):
    Persoon.objects.create(netwerk=netwerk, naam=KAAD, notities=KAAD)
    client.force_login(hoofdpersoon)
    pdf = pdf_tekst(download(client, url("export_netwerk", netwerk, "pdf")))
    assert KAAD in pdf


# --- Queries do not grow with the Netwerk ---------------------------------------------------


def _groei(netwerk: Netwerk, beraad, vraag, n: int) -> None:
    for i in range(n):
        p = Persoon.objects.create(netwerk=netwerk, naam=f"Persoon {i}", telefoon="06")
        p.foto.save(f"{i}.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
        Talent.objects.create(netwerk=netwerk, persoon=p, tekst=f"Talent {i}")
        Compliment.objects.create(netwerk=netwerk, van=p, tekst=f"Compliment {i}")
        make_afspraak(beraad, vraag, f"Afspraak {i}", wie=[p])


@pytest.mark.parametrize(
    ("naam", "formaat"),
    [
        ("export_netwerk", "json"),
        ("export_netwerk", "zip"),
        ("export_netwerk", "pdf"),
        ("export_mijn", "json"),
        ("export_persoon", "json"),
    ],
)
def test_queries_do_not_grow_with_the_netwerk(
    client, netwerk, hoofdpersoon, beraad, vraag, naam, formaat
):
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    kwargs = {"persoon_id": marieke.pk} if naam == "export_persoon" else {}
    adres = url(naam, netwerk, formaat, **kwargs)
    client.force_login(hoofdpersoon)

    def tel() -> int:
        with CaptureQueriesContext(connection) as queries:
            download(client, adres)
        return len(queries)

    _groei(netwerk, beraad, vraag, 2)
    klein = tel()
    _groei(netwerk, beraad, vraag, 12)
    # Session, user, access lookup, log line (4); one query per kind of row (26); one per
    # many-to-many field that has rows (here Afspraak.wie, invallers, voorwaarden); the log;
    # the names of the logins; the organisation (JSON); the people with photos (zip).
    # export_netwerk: JSON 36, zip 37, PDF 35 here; 38 for the demo, where every
    # many-to-many field has rows.
    assert tel() == klein

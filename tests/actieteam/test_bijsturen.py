"""Plan bijsturen: the team changes its own plan (add, change, end afspraken), and every
change makes exactly one new plan version with who, what and when.

The plan here: a closed beraad's plan with one afspraak that Els (the supporter) does.
Sevda (the netwerklid) takes no part in it unless a test says so; Ahmed (the
professional) reads along.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actieteam import team
from actieteam.forms.bijsturen import BijsturenForm, nieuwe_sleutel
from actieteam.models import Planversie
from beraad.models import Actieplan, Afspraak, Beraad, Voorwaarde, Vraag
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak
from tests.core.test_query_counts import BASE

Soort = Afspraak.Soort
ALLE_ROLLEN = [
    Rol.HOOFDPERSOON,
    Rol.SUPPORTER,
    Rol.NETWERKLID,
    Rol.FACILITATOR,
    Rol.PROFESSIONAL,
    Rol.COORDINATOR,
]
REGIE = [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR]
TOEVOEGEN = [*REGIE, Rol.NETWERKLID]


def persoon_van(user) -> Persoon:
    return Deelname.objects.select_related("persoon").get(user=user).persoon


def url(name: str, netwerk_id: int, *args) -> str:
    return reverse(f"actieteam:{name}", args=[netwerk_id, *args])


def versies(plan) -> list[Planversie]:
    return list(Planversie.objects.filter(plan=plan).order_by("nummer"))


def sleutel_uit(html: str) -> str:
    return unescape(re.search(r'name="sleutel" value="([^"]+)"', html).group(1))


class _Formulier(HTMLParser):
    """What a browser would post from the page's afspraak form."""

    def __init__(self):
        super().__init__()
        self.velden: dict[str, list[str]] = {}
        self.klaar = self.binnen = False
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.klaar:
            return
        if tag == "form" and "bijsturen-form" in a.get("class", ""):
            self.binnen = True
        elif not self.binnen:
            return
        elif tag == "input" and a.get("name") and a.get("type") not in ("submit",):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.velden.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "select":
            self.select = a["name"]
            self.velden.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in a:
            self.velden[self.select].append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.velden[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form" and self.binnen:
            self.klaar, self.binnen = True, False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.velden[self.textarea][0] += data


def formulier(html: str) -> dict[str, list[str]]:
    parser = _Formulier()
    parser.feed(html)
    velden = parser.velden
    # A browser drops the first newline of a textarea, as Django renders one.
    for naam, waarden in velden.items():
        if waarden and waarden[0].startswith("\n"):
            velden[naam] = [waarden[0][1:], *waarden[1:]]
    velden.pop("csrfmiddlewaretoken", None)
    return velden


def wijzig_data(afspraak: Afspraak, versie: int | None = None, **velden) -> dict:
    """What the change form posts when opened at `versie` (default: the current one)."""
    afspraak.refresh_from_db()
    data = {
        "vraag": afspraak.vraag_id,
        "soort": afspraak.soort,
        "wat": afspraak.wat,
        "wie": [p.pk for p in afspraak.wie.all()],
        "wanneer": afspraak.wanneer,
        "klaar_op": afspraak.klaar_op.isoformat() if afspraak.klaar_op else "",
        "hoe_weten": afspraak.hoe_weten,
        "invallers": [p.pk for p in afspraak.invallers.all()],
        "kosten": "" if afspraak.kosten is None else str(afspraak.kosten),
        "kosten_per": afspraak.kosten_per,
        "voorwaarden": [v.pk for v in afspraak.voorwaarden.all()],
        "versie": afspraak.versie if versie is None else versie,
    }
    return {**data, **velden}


def nieuw_data(plan, **velden) -> dict:
    data = {
        "vraag": plan.test_vraag.pk,
        "soort": "1",
        "wat": "Joost klust op zaterdag.",
        "wanneer": "",
        "klaar_op": "",
        "hoe_weten": "",
        "kosten": "",
        "kosten_per": "",
        "sleutel": nieuwe_sleutel(),
    }
    return {**data, **velden}


@pytest.fixture
def plan(teamplan, members):
    """The closed plan with one afspraak that the supporter does; version 1 kept."""
    teamplan.afspraak = make_teamafspraak(
        teamplan,
        wat="Els doet op zondag de post met Marieke.",
        wie=[persoon_van(members["supporter"])],
    )
    team.eerste_versie(teamplan)
    return teamplan


# --- The plan as it is now -----------------------------------------------------------------


@pytest.mark.parametrize("rol", ALLE_ROLLEN)
def test_who_reads_the_plan_to_steer(client, members, plan, rol):
    client.force_login(members[rol])
    response = client.get(url("bijsturen", plan.netwerk_id))
    # The coordinator sees only the status overview, never a page inside a Netwerk.
    assert response.status_code == (403 if rol == Rol.COORDINATOR else 200)
    if response.status_code == 200:
        assert "Els doet op zondag de post met Marieke." in response.content.decode()


def test_outsiders_and_anonymous_do_not_reach_it(client, outsider, plan):
    adres = url("bijsturen", plan.netwerk_id)
    assert client.get(adres)["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    for name in ("bijsturen", "afspraak_nieuw", "versies", "vergelijken"):
        assert client.get(url(name, plan.netwerk_id)).status_code == 404
    for name in ("afspraak_wijzigen", "afspraak_stoppen"):
        assert client.get(url(name, plan.netwerk_id, plan.afspraak.pk)).status_code == 404
        assert client.post(url(name, plan.netwerk_id, plan.afspraak.pk), {}).status_code == 404
    assert Afspraak.objects.get().beeindigd is None


def test_the_plan_shows_per_vraag_in_the_fixed_order(client, hoofdpersoon, plan, members):
    tweede = Vraag.objects.create(
        netwerk=plan.netwerk, beraad=plan.beraad, tekst="Wie helpt met geld?", volgorde=2
    )
    make_teamafspraak(plan, wat="Bewindvoering", vraag=tweede, soort=Soort.AANBOD)
    make_teamafspraak(plan, wat="Wijkcoach helpt", soort=Soort.PROFESSIONAL)
    make_teamafspraak(plan, wat="Gestopt al", beeindigd=timezone.now())
    client.force_login(hoofdpersoon)
    html = client.get(url("bijsturen", plan.netwerk_id)).content.decode()
    volgorde = [
        "Hoe kan ik zelf blijven wonen?",
        "Wat wij zelf doen",
        "Els doet op zondag de post",
        "Hulp van professionals",
        "Wijkcoach helpt",
        "Aanbod en wat het kost",
        "Wie helpt met geld?",
        "Bewindvoering",
    ]
    plekken = [html.index(tekst) for tekst in volgorde]
    assert plekken == sorted(plekken)
    assert "Gestopt al" not in html
    assert "Versie 1 van het plan" in html
    assert "Vastgesteld in het beraad op" in html
    assert url("versies", plan.netwerk_id) in html
    assert url("afspraak_nieuw", plan.netwerk_id) in html


def test_the_plan_names_who_changed_it_last_and_when(client, supporter, plan):
    client.force_login(supporter)
    client.post(
        url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk),
        wijzig_data(plan.afspraak, wanneer="elke zondag"),
    )
    html = client.get(url("bijsturen", plan.netwerk_id)).content.decode()
    versie = versies(plan)[-1]
    assert "Versie 2 van het plan" in html
    assert f"Laatst gewijzigd door Els, op {timezone.localtime(versie.tijd):%-d}" in html


def test_what_each_role_may_do_with_each_afspraak(client, members, plan):
    sevda = persoon_van(members["netwerklid"])
    ook_sevda = make_teamafspraak(plan, wat="Sevda springt in", invallers=[sevda])
    ahmed = make_teamafspraak(plan, wat="Ahmed helpt", wie=[persoon_van(members["professional"])])

    def knoppen(rol):
        client.force_login(members[rol])
        html = client.get(url("bijsturen", plan.netwerk_id)).content.decode()
        wijzig = {
            a.pk
            for a in (plan.afspraak, ook_sevda, ahmed)
            if url("afspraak_wijzigen", plan.netwerk_id, a.pk) in html
        }
        stop = {
            a.pk
            for a in (plan.afspraak, ook_sevda, ahmed)
            if url("afspraak_stoppen", plan.netwerk_id, a.pk) in html
        }
        assert wijzig == stop
        return wijzig, url("afspraak_nieuw", plan.netwerk_id) in html

    alle = {plan.afspraak.pk, ook_sevda.pk, ahmed.pk}
    for rol in REGIE:
        assert knoppen(rol) == (alle, True)
    # A network member changes only what they take part in, and adds.
    assert knoppen(Rol.NETWERKLID) == ({ook_sevda.pk}, True)
    # The professional reads along, also their own afspraak: the plan is the family's.
    assert knoppen(Rol.PROFESSIONAL) == (set(), False)


def test_before_the_first_closed_beraad_it_explains_and_links_to_the_beraad(
    client, hoofdpersoon, beraad, professional
):
    # A beraad in preparation, its plan not closed yet.
    for user in (hoofdpersoon, professional):
        client.force_login(user)
        for name in ("bijsturen", "versies", "vergelijken"):
            response = client.get(url(name, beraad.netwerk_id))
            assert response.status_code == 200
            html = response.content.decode()
            assert "Er is nog geen plan om bij te sturen." in html
            assert reverse("beraad:overzicht", args=[beraad.netwerk_id]) in html
    client.force_login(hoofdpersoon)
    response = client.get(url("afspraak_nieuw", beraad.netwerk_id))
    assert "Er is nog geen plan om bij te sturen." in response.content.decode()
    response = client.post(url("afspraak_nieuw", beraad.netwerk_id), {"wat": "Iets"})
    assert response.status_code == 200
    assert not Afspraak.objects.exists()
    assert client.get(url("afspraak_wijzigen", beraad.netwerk_id, 1)).status_code == 404


def test_the_team_steers_the_latest_closed_plan(client, hoofdpersoon, plan, netwerk):
    """After a vervolgberaad the plan of that beraad is the one the team works on."""
    nu = timezone.now()
    volgend = Beraad.objects.create(netwerk=netwerk, fase="afgerond", vorige=plan.beraad)
    nieuw = Actieplan.objects.create(
        netwerk=netwerk, beraad=volgend, vastgesteld=nu, gepubliceerd=nu, planversie=1
    )
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=volgend, tekst="Nieuwe vraag?")
    Afspraak.objects.create(netwerk=netwerk, plan=nieuw, vraag=vraag, wat="Uit het vervolg")
    client.force_login(hoofdpersoon)
    html = client.get(url("bijsturen", netwerk.pk)).content.decode()
    assert "Uit het vervolg" in html and "Els doet op zondag" not in html
    # An afspraak of the earlier plan is not steered here any more.
    assert client.get(url("afspraak_wijzigen", netwerk.pk, plan.afspraak.pk)).status_code == 404


def test_user_text_is_escaped(client, hoofdpersoon, plan):
    Afspraak.objects.filter(pk=plan.afspraak.pk).update(wat="<script>alert(1)</script>")
    client.force_login(hoofdpersoon)
    for adres in (
        url("bijsturen", plan.netwerk_id),
        url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk),
        url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk),
    ):
        html = client.get(adres).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Adding an afspraak --------------------------------------------------------------------


@pytest.mark.parametrize("rol", ALLE_ROLLEN)
def test_who_adds_an_afspraak(client, members, plan, rol):
    client.force_login(members[rol])
    mag = rol in TOEVOEGEN
    assert client.get(url("afspraak_nieuw", plan.netwerk_id)).status_code == (200 if mag else 403)
    response = client.post(url("afspraak_nieuw", plan.netwerk_id), nieuw_data(plan))
    assert response.status_code == (302 if mag else 403)
    assert Afspraak.objects.filter(wat="Joost klust op zaterdag.").exists() == mag
    assert len(versies(plan)) == (2 if mag else 1)


def test_adding_makes_exactly_one_version_with_who_and_what(client, netwerklid, plan, members):
    joost = Persoon.objects.create(netwerk=plan.netwerk, naam="Joost")
    client.force_login(netwerklid)
    response = client.post(
        url("afspraak_nieuw", plan.netwerk_id),
        nieuw_data(
            plan, wie=[joost.pk], klaar_op="15-03-2027", invallers=[persoon_van(netwerklid).pk]
        ),
    )
    nieuw = Afspraak.objects.get(wat="Joost klust op zaterdag.")
    assert response["Location"] == url("bijsturen", plan.netwerk_id) + f"#afspraak-{nieuw.pk}"
    assert (nieuw.plan, nieuw.netwerk, nieuw.created_by) == (plan, plan.netwerk, netwerklid)
    assert nieuw.klaar_op == date(2027, 3, 15)
    assert list(nieuw.wie.all()) == [joost]
    een, twee = versies(plan)
    assert (twee.nummer, twee.user, twee.naam) == (2, netwerklid, "Sevda")
    assert twee.omschrijving == "Nieuw: Joost klust op zaterdag."
    assert [a["id"] for a in twee.afspraken] == [plan.afspraak.pk, nieuw.pk]
    assert twee.afspraken[1]["wie"] == ["Joost"]
    assert [a["id"] for a in een.afspraken] == [plan.afspraak.pk]
    plan.refresh_from_db()
    assert plan.planversie == 2
    html = client.get(response["Location"]).content.decode()
    assert "De afspraak staat in het plan. Dit is nu versie 2 van het plan." in html
    assert Toegangslog.objects.filter(actie="C", rol=Rol.NETWERKLID).count() == 1


def test_the_add_link_of_a_vraag_starts_the_form_there(client, hoofdpersoon, plan):
    tweede = Vraag.objects.create(
        netwerk=plan.netwerk, beraad=plan.beraad, tekst="Wie helpt met geld?", volgorde=2
    )
    client.force_login(hoofdpersoon)
    html = client.get(
        url("afspraak_nieuw", plan.netwerk_id) + f"?vraag={tweede.pk}"
    ).content.decode()
    assert f'<option value="{tweede.pk}" selected>' in html
    # Nonsense in the address is ignored, not an error.
    response = client.get(url("afspraak_nieuw", plan.netwerk_id) + "?vraag=x&soort=9")
    assert response.status_code == 200


def test_a_double_submit_adds_the_afspraak_once(client, supporter, plan):
    client.force_login(supporter)
    form = client.get(url("afspraak_nieuw", plan.netwerk_id)).content.decode()
    data = nieuw_data(plan, sleutel=sleutel_uit(form))
    eerste = client.post(url("afspraak_nieuw", plan.netwerk_id), data)
    tweede = client.post(url("afspraak_nieuw", plan.netwerk_id), data)
    [nieuw] = Afspraak.objects.filter(wat="Joost klust op zaterdag.")
    assert eerste["Location"] == tweede["Location"]
    assert [v.nummer for v in versies(plan)] == [1, 2]
    html = client.get(tweede["Location"]).content.decode()
    assert "Deze afspraak staat al in het plan. Hij staat er één keer in." in html
    # A form opened afterwards may add the same text again, on purpose.
    opnieuw = client.get(url("afspraak_nieuw", plan.netwerk_id)).content.decode()
    client.post(url("afspraak_nieuw", plan.netwerk_id), {**data, "sleutel": sleutel_uit(opnieuw)})
    assert Afspraak.objects.filter(wat="Joost klust op zaterdag.").count() == 2
    assert nieuw.pk in [a["id"] for a in versies(plan)[-1].afspraken]


def test_the_same_form_may_add_a_different_afspraak_after_going_back(client, supporter, plan):
    client.force_login(supporter)
    data = nieuw_data(plan)
    client.post(url("afspraak_nieuw", plan.netwerk_id), data)
    client.post(url("afspraak_nieuw", plan.netwerk_id), {**data, "wat": "Iets anders."})
    assert Afspraak.objects.filter(plan=plan).count() == 3
    assert len(versies(plan)) == 3


@pytest.mark.parametrize("sleutel", ["", "vervalst", "MTIz:1abc:xyz"])
def test_a_form_without_a_good_key_keeps_the_text_and_asks_again(client, supporter, plan, sleutel):
    client.force_login(supporter)
    response = client.post(
        url("afspraak_nieuw", plan.netwerk_id), nieuw_data(plan, sleutel=sleutel, wat="Mijn tekst")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jouw tekst staat nog in het formulier: tik nog een keer op opslaan." in html
    assert "Mijn tekst</textarea>" in html
    assert len(versies(plan)) == 1
    # The form now has a good key: the next tap saves.
    client.post(
        url("afspraak_nieuw", plan.netwerk_id),
        nieuw_data(plan, sleutel=sleutel_uit(html), wat="Mijn tekst"),
    )
    assert Afspraak.objects.filter(wat="Mijn tekst").count() == 1


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        ({"wat": ""}, "Schrijf op wat jullie gaan doen."),
        ({"klaar_op": "morgen"}, "Vul een datum in, bijvoorbeeld 15-03-2027."),
        ({"kosten": "12,50"}, "Kosten vul je alleen in bij ‘Aanbod en wat het kost’."),
        ({"soort": "3", "kosten": "12,50"}, "Kies of het bedrag eenmalig is"),
        ({"vraag": "999999"}, "Kies bij welke vraag deze afspraak hoort."),
        ({"wie": ["999999"]}, "Kies alleen mensen uit de groslijst van dit netwerk."),
    ],
)
def test_bad_input_comes_back_in_dutch_with_the_text_kept(client, hoofdpersoon, plan, velden, fout):
    client.force_login(hoofdpersoon)
    data = nieuw_data(plan, hoe_weten="Mijn eigen uitleg", wanneer="elke zaterdag", **velden)
    response = client.post(url("afspraak_nieuw", plan.netwerk_id), data)
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert fout in html
    assert "Mijn eigen uitleg</textarea>" in html
    assert 'value="elke zaterdag"' in html
    assert Afspraak.objects.filter(plan=plan).count() == 1
    assert len(versies(plan)) == 1


def test_a_person_from_another_netwerk_is_no_choice(client, hoofdpersoon, plan, organisatie):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    vreemd = Persoon.objects.create(netwerk=ander, naam="Vreemde Vera")
    client.force_login(hoofdpersoon)
    html = client.get(url("afspraak_nieuw", plan.netwerk_id)).content.decode()
    assert "Vreemde Vera" not in html
    client.post(url("afspraak_nieuw", plan.netwerk_id), nieuw_data(plan, wie=[vreemd.pk]))
    assert not Afspraak.objects.filter(wat="Joost klust op zaterdag.").exists()


def test_a_get_changes_nothing(client, hoofdpersoon, teamplan):
    """Not even version 1 of a plan closed before versions were kept: that comes with the
    first change."""
    afspraak = make_teamafspraak(teamplan)
    client.force_login(hoofdpersoon)
    for adres in (
        url("bijsturen", teamplan.netwerk_id),
        url("afspraak_nieuw", teamplan.netwerk_id),
        url("afspraak_wijzigen", teamplan.netwerk_id, afspraak.pk),
        url("afspraak_stoppen", teamplan.netwerk_id, afspraak.pk),
        url("versies", teamplan.netwerk_id),
        url("vergelijken", teamplan.netwerk_id),
    ):
        assert client.get(adres).status_code == 200
    assert not Planversie.objects.exists()
    afspraak.refresh_from_db()
    assert (afspraak.versie, afspraak.beeindigd) == (1, None)


def test_the_first_change_of_a_plan_without_versions_keeps_the_plan_before_it(
    client, hoofdpersoon, teamplan
):
    afspraak = make_teamafspraak(teamplan, wat="Stond er al")
    client.force_login(hoofdpersoon)
    client.post(url("afspraak_nieuw", teamplan.netwerk_id), nieuw_data(teamplan))
    een, twee = versies(teamplan)
    assert [a["id"] for a in een.afspraken] == [afspraak.pk]
    assert twee.omschrijving == "Nieuw: Joost klust op zaterdag."


def _tegelijk(user, adres: str, data: list[dict], monkeypatch) -> list[int]:
    """Post these forms at the same moment, each from its own phone; the first save
    holds its transaction open a moment, so the others really arrive during it."""
    echt = BijsturenForm.opslaan

    def traag(self, *args, **kwargs):
        gelukt = echt(self, *args, **kwargs)
        time.sleep(0.4)
        return gelukt

    monkeypatch.setattr(BijsturenForm, "opslaan", traag)
    antwoorden: list[int] = []
    start = threading.Barrier(len(data))

    def post(velden: dict) -> None:
        try:
            telefoon = Client()
            telefoon.force_login(user)
            start.wait()
            antwoorden.append(telefoon.post(adres, velden).status_code)
        finally:
            connection.close()

    draden = [threading.Thread(target=post, args=(velden,)) for velden in data]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    return sorted(antwoorden)


def _alleen_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "On SQLite the test database is shared in memory between threads: real "
            "concurrency is tested on PostgreSQL."
        )


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_adds_one_afspraak(supporter, plan, monkeypatch):
    _alleen_postgres()
    data = nieuw_data(plan)
    antwoorden = _tegelijk(
        supporter, url("afspraak_nieuw", plan.netwerk_id), [data, data], monkeypatch
    )
    assert antwoorden == [302, 302]
    assert Afspraak.objects.filter(wat="Joost klust op zaterdag.").count() == 1
    assert [v.nummer for v in versies(plan)] == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_two_changes_at_the_same_moment_one_saves_one_sees_it(supporter, plan, monkeypatch):
    _alleen_postgres()
    geopend = wijzig_data(plan.afspraak)
    antwoorden = _tegelijk(
        supporter,
        url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk),
        [{**geopend, "wat": "Versie A"}, {**geopend, "wat": "Versie B"}],
        monkeypatch,
    )
    assert antwoorden == [200, 302]
    plan.afspraak.refresh_from_db()
    assert plan.afspraak.wat in ("Versie A", "Versie B")
    assert plan.afspraak.versie == 2
    assert [v.nummer for v in versies(plan)] == [1, 2]


# --- Changing an afspraak ------------------------------------------------------------------


@pytest.mark.parametrize("rol", ALLE_ROLLEN)
def test_who_changes_an_afspraak_they_do_not_take_part_in(client, members, plan, rol):
    """Els (supporter) does it; the others take no part in it."""
    client.force_login(members[rol])
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    mag = rol in REGIE
    assert client.get(adres).status_code == (200 if mag else 403)
    response = client.post(adres, wijzig_data(plan.afspraak, wat="Els doet de post op maandag."))
    assert response.status_code == (302 if mag else 403)
    plan.afspraak.refresh_from_db()
    assert (plan.afspraak.wat == "Els doet de post op maandag.") == mag
    assert len(versies(plan)) == (2 if mag else 1)


@pytest.mark.parametrize("als", ["wie", "invallers"])
def test_a_network_member_changes_what_they_take_part_in(client, netwerklid, plan, als):
    getattr(plan.afspraak, als).add(persoon_van(netwerklid))
    client.force_login(netwerklid)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    assert client.get(adres).status_code == 200
    response = client.post(adres, wijzig_data(plan.afspraak, wanneer="elke maandag"))
    assert response.status_code == 302
    assert versies(plan)[-1].naam == "Sevda"


def test_a_professional_does_not_change_even_their_own_afspraak(client, professional, plan):
    plan.afspraak.wie.add(persoon_van(professional))
    client.force_login(professional)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    assert client.get(adres).status_code == 403
    assert client.post(adres, wijzig_data(plan.afspraak, wat="Anders")).status_code == 403
    assert (
        client.post(
            url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk), {"versie": 1}
        ).status_code
        == 403
    )


def test_an_afspraak_of_another_netwerk_is_not_found(
    client, hoofdpersoon, netwerklid, plan, organisatie
):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    nu = timezone.now()
    ander_plan = Actieplan.objects.create(
        netwerk=ander,
        beraad=Beraad.objects.create(netwerk=ander, fase="afgerond"),
        vastgesteld=nu,
        gepubliceerd=nu,
    )
    ander_plan.test_vraag = Vraag.objects.create(netwerk=ander, beraad=ander_plan.beraad, tekst="?")
    vreemd = make_teamafspraak(ander_plan, wat="Geheim van een ander netwerk")
    team.eerste_versie(ander_plan)
    client.force_login(hoofdpersoon)
    for name in ("afspraak_wijzigen", "afspraak_stoppen"):
        adres = url(name, plan.netwerk_id, vreemd.pk)
        assert client.get(adres).status_code == 404
        assert client.post(adres, {"wat": "x", "versie": 1}).status_code == 404
    # A network member takes no part in it: refused before anything is looked up.
    client.force_login(netwerklid)
    assert client.get(url("afspraak_wijzigen", plan.netwerk_id, vreemd.pk)).status_code == 403
    vreemd.refresh_from_db()
    assert (vreemd.wat, vreemd.beeindigd, vreemd.versie) == (
        "Geheim van een ander netwerk",
        None,
        1,
    )


def test_changing_makes_exactly_one_version_with_the_changed_fields(client, supporter, plan):
    joost = Persoon.objects.create(netwerk=plan.netwerk, naam="Joost")
    client.force_login(supporter)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    html = client.get(adres).content.decode()
    assert "Els doet op zondag de post met Marieke.</textarea>" in html
    response = client.post(
        adres, wijzig_data(plan.afspraak, invallers=[joost.pk], klaar_op="2027-03-15")
    )
    assert (
        response["Location"] == url("bijsturen", plan.netwerk_id) + f"#afspraak-{plan.afspraak.pk}"
    )
    plan.afspraak.refresh_from_db()
    assert plan.afspraak.versie == 2
    assert list(plan.afspraak.invallers.all()) == [joost]
    een, twee = versies(plan)
    assert (twee.nummer, twee.user, twee.naam) == (2, supporter, "Els")
    assert (
        twee.omschrijving
        == "Veranderd bij ‘Els doet op zondag de post met Marieke.’: klaar op, wie springt in"
    )
    assert twee.afspraken[0]["invallers"] == ["Joost"]
    assert twee.afspraken[0]["klaar_op"] == "2027-03-15"
    assert een.afspraken[0]["invallers"] == []
    assert (
        "De afspraak is gewijzigd. Dit is nu versie 2 van het plan."
        in client.get(response["Location"]).content.decode()
    )


def test_a_save_without_changes_makes_no_version(client, supporter, plan):
    client.force_login(supporter)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    response = client.post(adres, wijzig_data(plan.afspraak), follow=True)
    assert "Je hebt niets veranderd. Het plan blijft zoals het was." in response.content.decode()
    assert len(versies(plan)) == 1
    plan.afspraak.refresh_from_db()
    # Not even the afspraak's own version moved: nobody else's open form is spoiled.
    assert plan.afspraak.versie == 1


def test_saving_the_form_as_it_was_shown_changes_nothing(client, hoofdpersoon, plan, members):
    """Every field filled, as the page renders it (12,50 and a date): still no change."""
    voorwaarde = Voorwaarde.objects.create(
        netwerk=plan.netwerk, beraad=plan.beraad, tekst="Iemand belt elke avond."
    )
    aanbod = make_teamafspraak(
        plan,
        wat="Bewindvoering\nmet een tweede regel",
        soort=Soort.AANBOD,
        wie=[persoon_van(members["supporter"]), persoon_van(hoofdpersoon)],
        invallers=[persoon_van(members["netwerklid"])],
        wanneer="elke maand",
        klaar_op=date(2027, 3, 15),
        hoe_weten="De rekeningen zijn betaald.",
        kosten="112.50",
        kosten_per="maand",
    )
    aanbod.voorwaarden.set([voorwaarde])
    team.nieuwe_versie(plan, user=None, naam="")
    client.force_login(hoofdpersoon)
    adres = url("afspraak_wijzigen", plan.netwerk_id, aanbod.pk)
    getoond = formulier(client.get(adres).content.decode())
    assert getoond["kosten"] == ["112,50"] and getoond["klaar_op"] == ["2027-03-15"]
    response = client.post(adres, getoond, follow=True)
    assert "Je hebt niets veranderd." in response.content.decode()
    aanbod.refresh_from_db()
    assert aanbod.versie == 1
    assert len(versies(plan)) == 2
    # The same form with one thing changed saves, and says only that.
    client.post(adres, {**getoond, "kosten": ["115,00"]})
    assert (
        versies(plan)[-1].omschrijving
        == "Veranderd bij ‘Bewindvoering met een tweede regel’: kosten"
    )
    assert len(versies(plan)) == 3


def test_two_family_members_change_the_same_afspraak_at_once(client, hoofdpersoon, supporter, plan):
    """Marieke and Els open the same afspraak. Els saves first. Marieke then gets a clear
    message with what Els saved, keeps her own text, and nothing is lost."""
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    geopend = wijzig_data(plan.afspraak)  # both screens show version 1

    client.force_login(supporter)
    assert client.post(adres, {**geopend, "wat": "Els doet de post op maandag."}).status_code == 302

    client.force_login(hoofdpersoon)
    response = client.post(
        adres, {**geopend, "wat": "Marieke doet de post zelf.", "wanneer": "op dinsdag"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft deze afspraak net ook gewijzigd" in html
    # The other's change, as saved now ...
    conflict = html[html.index('class="alert alert-warning conflict"') :]
    conflict = conflict[: conflict.index("</section>")]
    assert "Els doet de post op maandag." in conflict
    assert "Marieke doet de post zelf." not in conflict
    # ... and her own text, still in the form, now at the current version.
    formulier = html[html.index("<form") :]
    assert "Marieke doet de post zelf.</textarea>" in formulier
    assert 'value="op dinsdag"' in formulier
    assert 'name="versie" value="2"' in formulier
    plan.afspraak.refresh_from_db()
    assert (plan.afspraak.wat, plan.afspraak.versie) == ("Els doet de post op maandag.", 2)
    assert [v.naam for v in versies(plan)] == ["", "Els"]

    # She looks it over and saves her text after all: on top of Els's change.
    response = client.post(
        adres,
        {**geopend, "wat": "Marieke doet de post zelf.", "wanneer": "op dinsdag", "versie": 2},
    )
    assert response.status_code == 302
    plan.afspraak.refresh_from_db()
    assert (plan.afspraak.wat, plan.afspraak.wanneer) == (
        "Marieke doet de post zelf.",
        "op dinsdag",
    )
    een, twee, drie = versies(plan)
    assert twee.afspraken[0]["wat"] == "Els doet de post op maandag."
    assert (drie.naam, drie.afspraken[0]["wat"]) == ("Marieke Bakker", "Marieke doet de post zelf.")


def test_a_conflict_about_who_does_it_is_seen_too(client, hoofdpersoon, supporter, plan):
    joost = Persoon.objects.create(netwerk=plan.netwerk, naam="Joost de Buurman")
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    geopend = wijzig_data(plan.afspraak)
    client.force_login(supporter)
    client.post(adres, {**geopend, "wie": [joost.pk]})
    client.force_login(hoofdpersoon)
    html = client.post(adres, {**geopend, "wat": "Anders"}).content.decode()
    assert "Joost de Buurman" in html[html.index("conflict") :][:2000]
    plan.afspraak.refresh_from_db()
    assert list(plan.afspraak.wie.all()) == [joost]


def test_bad_input_when_changing_keeps_the_text(client, supporter, plan):
    client.force_login(supporter)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    response = client.post(
        adres, wijzig_data(plan.afspraak, wat="", hoe_weten="Dat zie je", klaar_op="32-13-2027")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf op wat jullie gaan doen." in html
    assert "Vul een datum in, bijvoorbeeld 15-03-2027." in html
    assert "Dat zie je</textarea>" in html
    assert 'value="32-13-2027"' in html
    assert len(versies(plan)) == 1


def test_an_afspraak_ended_meanwhile_keeps_the_text_of_the_change(
    client, hoofdpersoon, supporter, plan
):
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    geopend = wijzig_data(plan.afspraak)
    client.force_login(supporter)
    client.post(url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk), {"versie": 1})

    client.force_login(hoofdpersoon)
    response = client.post(adres, {**geopend, "wat": "Marieke wil het anders."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Deze afspraak staat niet meer in het plan" in html
    assert "Els is met deze afspraak gestopt" in html
    assert "Je tekst is niet weg" in html
    assert "Marieke wil het anders.</textarea>" in html
    # The kept text can go into the plan as a new afspraak, in one tap.
    assert f'action="{url("afspraak_nieuw", plan.netwerk_id)}"' in html
    response = client.post(
        url("afspraak_nieuw", plan.netwerk_id),
        {**geopend, "wat": "Marieke wil het anders.", "sleutel": sleutel_uit(html), "versie": ""},
    )
    assert response.status_code == 302
    assert Afspraak.objects.filter(plan=plan).lopend().get().wat == "Marieke wil het anders."
    assert [v.omschrijving for v in versies(plan)][1:] == [
        "Gestopt: Els doet op zondag de post met Marieke.",
        "Nieuw: Marieke wil het anders.",
    ]
    # Opening an ended afspraak explains it (no form to lose text in).
    response = client.get(adres)
    assert response.status_code == 200
    assert "Deze afspraak staat niet meer in het plan" in response.content.decode()
    assert "<textarea" not in response.content.decode()


def test_an_afspraak_removed_meanwhile_keeps_the_text(client, hoofdpersoon, plan):
    """Removed outright (not through the Actieteam): the versions still know it."""
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    geopend = wijzig_data(plan.afspraak)
    Afspraak.objects.filter(pk=plan.afspraak.pk).delete()
    client.force_login(hoofdpersoon)
    response = client.post(adres, {**geopend, "wat": "Mijn nieuwe tekst"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Els doet op zondag de post met Marieke." in html  # how it stood
    assert "Mijn nieuwe tekst</textarea>" in html
    assert client.get(adres).status_code == 200
    # An id this plan never had is simply not found.
    assert (
        client.get(url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk + 99)).status_code
        == 404
    )


def test_voorwaarden_of_the_beraad_can_be_chosen(client, hoofdpersoon, plan):
    voorwaarde = Voorwaarde.objects.create(
        netwerk=plan.netwerk, beraad=plan.beraad, tekst="Iemand belt elke avond."
    )
    client.force_login(hoofdpersoon)
    adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
    assert "Iemand belt elke avond." in client.get(adres).content.decode()
    client.post(adres, wijzig_data(plan.afspraak, voorwaarden=[voorwaarde.pk]))
    assert list(plan.afspraak.voorwaarden.all()) == [voorwaarde]


# --- Ending an afspraak --------------------------------------------------------------------


@pytest.mark.parametrize("rol", ALLE_ROLLEN)
def test_who_ends_an_afspraak(client, members, plan, rol):
    client.force_login(members[rol])
    adres = url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk)
    mag = rol in REGIE
    assert client.get(adres).status_code == (200 if mag else 403)
    assert client.post(adres, {"versie": 1}).status_code == (302 if mag else 403)
    plan.afspraak.refresh_from_db()
    assert (plan.afspraak.beeindigd is not None) == mag


def test_ending_makes_exactly_one_version_and_the_afspraak_leaves_the_plan(
    client, netwerklid, plan
):
    plan.afspraak.invallers.add(persoon_van(netwerklid))
    client.force_login(netwerklid)
    adres = url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk)
    html = client.get(adres).content.decode()
    assert "Stoppen met deze afspraak?" in html
    assert 'name="versie" value="1"' in html
    response = client.post(adres, {"versie": "1"})
    assert response["Location"] == url("bijsturen", plan.netwerk_id)
    plan.afspraak.refresh_from_db()
    assert plan.afspraak.beeindigd is not None
    assert plan.afspraak.versie == 2
    een, twee = versies(plan)
    assert (twee.naam, twee.omschrijving) == (
        "Sevda",
        "Gestopt: Els doet op zondag de post met Marieke.",
    )
    assert twee.afspraken == []
    html = client.get(response["Location"]).content.decode()
    assert "De afspraak is gestopt. Hij staat nog in de versies." in html
    assert "Els doet op zondag de post met Marieke." not in html
    # The afspraak is kept (its history too), it is only no longer in force.
    assert Afspraak.objects.filter(pk=plan.afspraak.pk).exists()


def test_ending_what_changed_meanwhile_asks_again(client, hoofdpersoon, supporter, plan):
    adres = url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk)
    client.force_login(supporter)
    client.post(
        url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk),
        wijzig_data(plan.afspraak, wat="Els doet de post op maandag."),
    )
    client.force_login(hoofdpersoon)
    response = client.post(adres, {"versie": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze afspraak intussen gewijzigd." in html
    assert "Els doet de post op maandag." in html
    assert 'name="versie" value="2"' in html
    plan.afspraak.refresh_from_db()
    assert plan.afspraak.beeindigd is None
    assert len(versies(plan)) == 2
    # Without a version (or nonsense), nothing is ended either.
    for versie in ("", "x"):
        assert client.post(adres, {"versie": versie}).status_code == 200
    plan.afspraak.refresh_from_db()
    assert plan.afspraak.beeindigd is None


def test_ending_twice_ends_once(client, hoofdpersoon, supporter, plan):
    adres = url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk)
    client.force_login(supporter)
    client.post(adres, {"versie": "1"})
    client.force_login(hoofdpersoon)
    response = client.post(adres, {"versie": "1"})
    assert response.status_code == 200
    assert "Els is met deze afspraak gestopt" in response.content.decode()
    assert len(versies(plan)) == 2


# --- Query counts --------------------------------------------------------------------------


def _groei(plan, aantal: int, mensen: list[Persoon]) -> None:
    vragen = list(Vraag.objects.filter(beraad=plan.beraad))
    for i in range(Afspraak.objects.filter(plan=plan).count(), aantal):
        vraag = vragen[i % len(vragen)]
        persoon = Persoon.objects.create(netwerk=plan.netwerk, naam=f"Persoon {i}")
        mensen.append(persoon)
        make_teamafspraak(
            plan,
            wat=f"Afspraak {i}",
            vraag=vraag,
            soort=1 + i % 3,
            wie=[persoon, mensen[0]],
            invallers=mensen[-3:],
            klaar_op=date(2027, 1, 1 + i % 28),
        )
        if i % 2:
            team.zet_status(
                Afspraak.objects.get(wat=f"Afspraak {i}"), "bezig", "", versie=0, user=None, naam=""
            )


def _tel(client, adres: str, django_assert_num_queries, aantal: int) -> None:
    with django_assert_num_queries(aantal):
        assert client.get(adres).status_code == 200


@pytest.mark.parametrize("rol", [Rol.HOOFDPERSOON, Rol.NETWERKLID, Rol.PROFESSIONAL])
def test_bijsturen_query_count_does_not_grow(client, members, plan, django_assert_num_queries, rol):
    Vraag.objects.create(netwerk=plan.netwerk, beraad=plan.beraad, tekst="Tweede?", volgorde=2)
    mensen = [persoon_van(members["netwerklid"])]
    client.force_login(members[rol])
    adres = url("bijsturen", plan.netwerk_id)
    # + the plan, the afspraken (with vraag and voortgang), who does them, who steps in,
    #   the vragen, the last version
    for aantal in (3, 40):
        _groei(plan, aantal, mensen)
        _tel(client, adres, django_assert_num_queries, BASE + 6)


def test_afspraak_wijzigen_query_count_does_not_grow(
    client, members, plan, django_assert_num_queries
):
    mensen = [persoon_van(members["netwerklid"])]
    plan.afspraak.invallers.add(mensen[0])
    for rol, extra in ((Rol.SUPPORTER, 0), (Rol.NETWERKLID, 1)):  # + 'takes part?' for a member
        client.force_login(members[rol])
        adres = url("afspraak_wijzigen", plan.netwerk_id, plan.afspraak.pk)
        # + the plan; the choices: vragen, people, voorwaarden; the afspraak with its
        #   vraag; who does it, who steps in and its voorwaarden in one query (the people
        #   and voorwaarden come from the choices)
        for aantal in (3, 40):
            _groei(plan, aantal, mensen)
            plan.afspraak.wie.add(*mensen[-5:])
            _tel(client, adres, django_assert_num_queries, BASE + extra + 6)


def test_afspraak_nieuw_and_stoppen_query_counts_do_not_grow(
    client, hoofdpersoon, plan, django_assert_num_queries
):
    client.force_login(hoofdpersoon)
    mensen = [persoon_van(hoofdpersoon)]
    for aantal in (3, 40):
        _groei(plan, aantal, mensen)
        # + the plan; the choices: vragen, people, voorwaarden
        _tel(client, url("afspraak_nieuw", plan.netwerk_id), django_assert_num_queries, BASE + 4)
        # + the plan, the afspraak with its vraag, its links in one query, the people in
        #   them (a voorwaarde it helps with would be one more)
        _tel(
            client,
            url("afspraak_stoppen", plan.netwerk_id, plan.afspraak.pk),
            django_assert_num_queries,
            BASE + 4,
        )

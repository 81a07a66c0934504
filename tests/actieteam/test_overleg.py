"""Overleggen of the actieteam: the list with the next date on top, a new overleg, one
overleg changed with the version check (actieteam:overleggen, actieteam:overleg)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actieteam.models import Overleg, Planversie, Statuswijziging, Voortgang
from actieteam.team import volgend_overleg, volgend_overleg_van
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol

SCHRIJVERS = [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.FACILITATOR]
LEZERS = [Rol.NETWERKLID, Rol.PROFESSIONAL]


def lijst_url(netwerk) -> str:
    return reverse("actieteam:overleggen", args=[netwerk.pk])


def overleg_url(netwerk, overleg) -> str:
    return reverse("actieteam:overleg", args=[netwerk.pk, overleg.pk])


def moment(dagen: int, uur: int = 19) -> datetime:
    """A moment `dagen` days from today at `uur`:00, local time."""
    dag = timezone.localdate() + timedelta(days=dagen)
    return timezone.make_aware(datetime(dag.year, dag.month, dag.day, uur, 0))


def persoon_van(user, netwerk) -> Persoon:
    return Deelname.objects.get(user=user, netwerk=netwerk).persoon


def form_data(**velden) -> dict:
    """A new overleg a week ago at 19:30, the next one in three weeks."""
    eerder, later = moment(-7), moment(21)
    data = {
        "datum_0": eerder.strftime("%Y-%m-%d"),
        "datum_1": "19:30",
        "waar": "Bij Marieke thuis",
        "notities": "We hebben over de boodschappen gepraat.",
        "besluiten": "Sevda doet voortaan de zaterdag.",
        "volgende_0": later.strftime("%Y-%m-%d"),
        "volgende_1": "20:00",
    }
    data.update(velden)
    return {k: v for k, v in data.items() if v is not None}


def edit_data(overleg: Overleg, versie: int | None = None, **velden) -> dict:
    datum = timezone.localtime(overleg.datum)
    data = {
        "datum_0": datum.strftime("%Y-%m-%d"),
        "datum_1": datum.strftime("%H:%M"),
        "waar": overleg.waar,
        "notities": overleg.notities,
        "besluiten": overleg.besluiten,
        "volgende_0": "",
        "volgende_1": "",
        "aanwezig": [p.pk for p in overleg.aanwezig.all()],
        "versie": overleg.versie if versie is None else versie,
    }
    data.update(velden)
    return data


@pytest.fixture
def overleg(netwerk, hoofdpersoon, supporter):
    gemaakt = Overleg.objects.create(
        netwerk=netwerk,
        datum=moment(-14),
        waar="In het buurthuis",
        notities="Eerste overleg.",
        besluiten="Els belt de gemeente.",
        volgende=moment(14),
    )
    gemaakt.aanwezig.set([persoon_van(hoofdpersoon, netwerk), persoon_van(supporter, netwerk)])
    return gemaakt


# --- Access ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rol", "verwacht"),
    [(r, 200) for r in SCHRIJVERS + LEZERS] + [(Rol.COORDINATOR, 403)],
)
def test_everyone_in_the_netwerk_reads_the_overleggen(
    client, members, netwerk, overleg, rol, verwacht
):
    client.force_login(members[rol])
    assert client.get(lijst_url(netwerk)).status_code == verwacht
    assert client.get(overleg_url(netwerk, overleg)).status_code == verwacht


def test_they_do_not_exist_for_an_outsider_or_anonymous(client, outsider, netwerk, overleg):
    assert client.get(lijst_url(netwerk)).status_code == 302
    assert client.post(lijst_url(netwerk), form_data()).status_code == 302
    client.force_login(outsider)
    assert client.get(lijst_url(netwerk)).status_code == 404
    assert client.get(overleg_url(netwerk, overleg)).status_code == 404
    assert client.post(lijst_url(netwerk), form_data()).status_code == 404
    assert client.post(overleg_url(netwerk, overleg), edit_data(overleg)).status_code == 404


@pytest.mark.parametrize("rol", SCHRIJVERS)
def test_the_person_supporters_and_facilitator_write_an_overleg_down(
    client, members, netwerk, teamplan, rol
):
    client.force_login(members[rol])
    html = client.get(lijst_url(netwerk)).content.decode()
    assert "Een overleg vastleggen" in html and 'name="datum_0"' in html
    response = client.post(lijst_url(netwerk), form_data())
    nieuw = Overleg.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#overleg-{nieuw.pk}")
    assert nieuw.netwerk == netwerk and nieuw.plan == teamplan
    assert nieuw.created_by == members[rol]
    assert timezone.localtime(nieuw.datum).strftime("%H:%M") == "19:30"
    assert nieuw.besluiten == "Sevda doet voortaan de zaterdag."


@pytest.mark.parametrize("rol", [*LEZERS, Rol.COORDINATOR])
def test_others_read_along_but_write_nothing(client, members, netwerk, overleg, rol):
    client.force_login(members[rol])
    if rol != Rol.COORDINATOR:
        lijst = client.get(lijst_url(netwerk)).content.decode()
        assert "Els belt de gemeente." in lijst
        assert "Een overleg vastleggen" not in lijst and 'name="datum_0"' not in lijst
        detail = client.get(overleg_url(netwerk, overleg)).content.decode()
        assert "Eerste overleg." in detail and "Dit overleg aanpassen" not in detail
    assert client.post(lijst_url(netwerk), form_data()).status_code == 403
    data = edit_data(overleg, notities="Overschreven")
    assert client.post(overleg_url(netwerk, overleg), data).status_code == 403
    assert Overleg.objects.count() == 1
    overleg.refresh_from_db()
    assert overleg.notities == "Eerste overleg." and overleg.versie == 1


def test_another_netwerks_overleg_is_not_found(client, facilitator, netwerk, organisatie):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    elders = Overleg.objects.create(netwerk=ander, datum=moment(-1), notities="Geheim")
    client.force_login(facilitator)
    assert client.get(overleg_url(netwerk, elders)).status_code == 404
    assert client.post(overleg_url(netwerk, elders), edit_data(elders)).status_code == 404
    elders.refresh_from_db()
    assert elders.versie == 1


def test_a_get_writes_nothing_but_the_access_log(client, facilitator, netwerk, overleg):
    modellen = [Overleg, Overleg.aanwezig.through, Voortgang, Statuswijziging, Planversie]
    voor = [m.objects.count() for m in modellen]
    logs = Toegangslog.objects.count()
    client.force_login(facilitator)
    assert client.get(lijst_url(netwerk)).status_code == 200
    assert client.get(overleg_url(netwerk, overleg)).status_code == 200
    assert [m.objects.count() for m in modellen] == voor
    overleg.refresh_from_db()
    assert overleg.versie == 1
    assert Toegangslog.objects.count() == logs + 2


# --- The list ----------------------------------------------------------------------------


def test_the_list_is_newest_first_with_the_next_date_on_top(
    client, netwerklid, netwerk, overleg, hoofdpersoon
):
    tweede = Overleg.objects.create(
        netwerk=netwerk,
        datum=moment(-2),
        waar="Bij Els",
        besluiten="Ahmed zoekt dagbesteding uit.\nSevda belt de huisarts.",
        volgende=moment(10, uur=20),
    )
    tweede.aanwezig.set([persoon_van(hoofdpersoon, netwerk)])
    client.force_login(netwerklid)
    html = client.get(lijst_url(netwerk)).content.decode()
    # The next date is the one the last overleg named, on top, before the list.
    volgend = html[html.index('id="volgend-kop"') : html.index('id="alle-kop"')]
    assert moment(10, uur=20).isoformat() in volgend and "20:00" in volgend
    alle = html[html.index('id="alle-kop"') :]
    assert alle.index("Bij Els") < alle.index("In het buurthuis")
    assert "Ahmed zoekt dagbesteding uit.<br>Sevda belt de huisarts." in alle
    assert "Marieke Bakker, Els" in alle  # who was there, the person first
    assert overleg_url(netwerk, tweede) in alle


def test_a_passed_next_date_still_shows_so_the_team_notices(client, facilitator, netwerk):
    Overleg.objects.create(netwerk=netwerk, datum=moment(-30), volgende=moment(-2))
    client.force_login(facilitator)
    html = client.get(lijst_url(netwerk)).content.decode()
    assert "Het volgende overleg stond gepland op" in html
    assert "Is het geweest?" in html


def test_without_overleggen_it_says_so(client, facilitator, netwerk):
    client.force_login(facilitator)
    html = client.get(lijst_url(netwerk)).content.decode()
    assert "Er is nog geen volgend overleg gepland." in html
    assert "Er is nog geen overleg vastgelegd." in html


def test_the_next_overleg_is_the_earliest_still_to_come():
    nu = moment(0, uur=12)

    def rij(pk, datum, volgende=None):
        return Overleg(pk=pk, datum=datum, volgende=volgende)

    assert volgend_overleg([], nu) is None
    assert volgend_overleg([rij(1, moment(-7))], nu) is None
    # The last one held names the next date.
    gevonden = volgend_overleg([rij(1, moment(-30), moment(-7)), rij(2, moment(-7), moment(7))], nu)
    assert gevonden.datum == moment(7) and not gevonden.voorbij
    # An older overleg's next date no longer counts once a later one was held.
    gevonden = volgend_overleg([rij(1, moment(-30), moment(3)), rij(2, moment(-7), moment(9))], nu)
    assert gevonden.datum == moment(9)
    # An overleg planned ahead counts when it is earlier.
    gevonden = volgend_overleg([rij(1, moment(-7), moment(9)), rij(2, moment(5))], nu)
    assert gevonden.datum == moment(5)
    # A passed date nobody followed up is shown as passed.
    gevonden = volgend_overleg([rij(1, moment(-30), moment(-2))], nu)
    assert gevonden.datum == moment(-2) and gevonden.voorbij


def test_the_next_overleg_is_found_in_one_query(django_assert_num_queries, netwerk):
    for i in range(5):
        Overleg.objects.create(
            netwerk=netwerk, datum=moment(-60 + i * 10), volgende=moment(-45 + i * 10)
        )
    Overleg.objects.create(netwerk=netwerk, datum=moment(-5), volgende=moment(12))
    with django_assert_num_queries(1):
        gevonden = volgend_overleg_van(netwerk, timezone.now())
    assert gevonden.datum == moment(12)


# --- The form ----------------------------------------------------------------------------


def test_who_was_there_is_chosen_from_the_people_now_hoofdpersoon_first(
    client, facilitator, netwerk, supporter, hoofdpersoon
):
    Persoon.objects.create(netwerk=netwerk, naam="Aad de wijkcoach", soort="professional")
    Persoon.objects.create(netwerk=netwerk, naam="Opa Kees", tijd=Persoon.Tijd.VERLEDEN)
    Persoon.objects.create(netwerk=netwerk, naam="Anna", soort="familie")
    client.force_login(facilitator)
    html = client.get(lijst_url(netwerk)).content.decode()
    keuzes = html[html.index('class="personen-keuze"') :]
    keuzes = keuzes[: keuzes.index("</fieldset>")]
    namen = ["Marieke Bakker", "Anna", "Els", "Aad de wijkcoach"]
    posities = [keuzes.index(f">{naam}</label>") for naam in namen]
    assert posities == sorted(posities)
    assert "Opa Kees" not in keuzes


def test_someone_from_another_netwerk_cannot_be_ticked(client, facilitator, netwerk, organisatie):
    vreemde = Persoon.objects.create(
        netwerk=Netwerk.objects.create(titel="Ander", organisatie=organisatie), naam="Vera"
    )
    client.force_login(facilitator)
    response = client.post(lijst_url(netwerk), form_data(aanwezig=[vreemde.pk]))
    assert response.status_code == 200
    assert "Kies alleen mensen uit de groslijst van dit netwerk." in response.content.decode()
    assert not Overleg.objects.exists()


@pytest.mark.parametrize(
    ("velden", "fout"),
    [
        ({"datum_0": "", "datum_1": ""}, "Kies de dag en de tijd van het overleg."),
        ({"datum_1": ""}, "Kies de dag en de tijd van het overleg."),
        ({"volgende_1": ""}, "Kies een tijd, bijvoorbeeld 19:30."),
        ({"datum_0": "gisteren"}, "Kies een dag, bijvoorbeeld 14-03-2027."),
        ({"datum_1": "half acht"}, "Kies een tijd, bijvoorbeeld 19:30."),
        ({"datum_0": "9999-01-01"}, "Kies een datum binnen vijf jaar van nu."),
        (
            {"volgende_0": (timezone.localdate() - timedelta(days=8)).isoformat()},
            "Het volgende overleg moet later zijn dan dit overleg.",
        ),
        ({"waar": "x" * 301}, "Schrijf het korter: hooguit 300 tekens."),
    ],
)
def test_bad_input_comes_back_in_dutch_with_the_text_kept(client, supporter, netwerk, velden, fout):
    client.force_login(supporter)
    response = client.post(lijst_url(netwerk), form_data(**velden))
    html = response.content.decode()
    assert response.status_code == 200
    assert fout in html
    assert "Wat je schreef, staat er nog." in html
    assert "We hebben over de boodschappen gepraat." in html
    assert "Sevda doet voortaan de zaterdag." in html
    assert '<details class="ov-nieuw" open>' in html
    assert not Overleg.objects.exists()


def test_a_new_overleg_keeps_who_was_there(client, supporter, netwerk, hoofdpersoon, netwerklid):
    marieke = persoon_van(hoofdpersoon, netwerk)
    sevda = persoon_van(netwerklid, netwerk)
    client.force_login(supporter)
    client.post(lijst_url(netwerk), form_data(aanwezig=[marieke.pk, sevda.pk]))
    assert set(Overleg.objects.get().aanwezig.all()) == {marieke, sevda}


def test_an_overleg_without_a_plan_is_kept_too(client, facilitator, netwerk):
    client.force_login(facilitator)
    assert client.post(lijst_url(netwerk), form_data()).status_code == 302
    assert Overleg.objects.get().plan is None


# --- One overleg -------------------------------------------------------------------------


def test_a_writer_changes_an_overleg(client, supporter, netwerk, overleg, netwerklid):
    sevda = persoon_van(netwerklid, netwerk)
    client.force_login(supporter)
    html = client.get(overleg_url(netwerk, overleg)).content.decode()
    assert "Dit overleg aanpassen" in html and "Els belt de gemeente." in html
    data = edit_data(overleg, besluiten="Els belt de gemeente op maandag.", aanwezig=[sevda.pk])
    response = client.post(overleg_url(netwerk, overleg), data)
    assert response.status_code == 302 and response["Location"] == overleg_url(netwerk, overleg)
    overleg.refresh_from_db()
    assert overleg.besluiten == "Els belt de gemeente op maandag."
    assert list(overleg.aanwezig.all()) == [sevda] and overleg.versie == 2


def test_someone_who_moved_to_the_past_stays_ticked(
    client, facilitator, netwerk, overleg, supporter
):
    els = persoon_van(supporter, netwerk)
    Persoon.objects.filter(pk=els.pk).update(tijd=Persoon.Tijd.VERLEDEN)
    client.force_login(facilitator)
    html = client.get(overleg_url(netwerk, overleg)).content.decode()
    assert f'value="{els.pk}" checked' in html


def test_bad_input_on_an_overleg_keeps_the_saved_one_on_screen(
    client, facilitator, netwerk, overleg
):
    client.force_login(facilitator)
    eerder = (timezone.localdate() - timedelta(days=20)).isoformat()
    data = edit_data(
        overleg, notities="Mijn nieuwe notities", volgende_0=eerder, volgende_1="10:00"
    )
    html = client.post(overleg_url(netwerk, overleg), data).content.decode()
    assert "Het volgende overleg moet later zijn dan dit overleg." in html
    opgeslagen = html[html.index("ov-opgeslagen") : html.index("Dit overleg aanpassen")]
    assert "Eerste overleg." in opgeslagen and "Mijn nieuwe notities" not in opgeslagen
    assert "Mijn nieuwe notities" in html
    overleg.refresh_from_db()
    assert overleg.notities == "Eerste overleg."


def test_two_people_changing_one_overleg_lose_nothing(
    client, hoofdpersoon, facilitator, netwerk, overleg
):
    # Both opened the form at version 1. Marieke saves first.
    client.force_login(hoofdpersoon)
    eerst = edit_data(overleg, versie=1, besluiten="Marieke: we gaan samen koken.")
    assert client.post(overleg_url(netwerk, overleg), eerst).status_code == 302
    # Sanne saves second, from the screen that still showed version 1.
    client.force_login(facilitator)
    tweede = edit_data(overleg, versie=1, besluiten="Sanne: de wijkcoach komt langs.")
    response = client.post(overleg_url(netwerk, overleg), tweede)
    html = response.content.decode()
    assert response.status_code == 200
    overleg.refresh_from_db()
    assert overleg.besluiten == "Marieke: we gaan samen koken." and overleg.versie == 2
    # She sees what Marieke saved, and her own text is still in the form.
    assert "Iemand anders heeft dit overleg intussen ook gewijzigd." in html
    opgeslagen = html[html.index("ov-opgeslagen") : html.index("Dit overleg aanpassen")]
    assert "Marieke: we gaan samen koken." in opgeslagen
    formulier = html[html.index("Dit overleg aanpassen") :]
    assert "Sanne: de wijkcoach komt langs." in formulier
    assert 'name="versie" value="2"' in formulier
    # Saving again, now on top of Marieke's version, goes through.
    tweede["versie"] = 2
    assert client.post(overleg_url(netwerk, overleg), tweede).status_code == 302
    overleg.refresh_from_db()
    assert overleg.besluiten == "Sanne: de wijkcoach komt langs." and overleg.versie == 3


def test_user_text_is_escaped(client, netwerklid, netwerk):
    gemaakt = Overleg.objects.create(
        netwerk=netwerk,
        datum=moment(-1),
        waar="<b>Thuis</b>",
        notities="<script>alert(1)</script>",
        besluiten="<img src=x onerror=alert(2)>",
    )
    client.force_login(netwerklid)
    for adres in (lijst_url(netwerk), overleg_url(netwerk, gemaakt)):
        html = client.get(adres).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "<b>Thuis</b>" not in html and "&lt;b&gt;Thuis&lt;/b&gt;" in html


# --- Queries -----------------------------------------------------------------------------


def maak_overleggen(netwerk, aantal: int) -> list[Overleg]:
    personen = [Persoon.objects.create(netwerk=netwerk, naam=f"Lid {i}") for i in range(6)]
    gemaakt = []
    for i in range(aantal):
        item = Overleg.objects.create(
            netwerk=netwerk,
            datum=moment(-7 * (aantal - i)),
            waar=f"Plek {i}",
            besluiten=f"Besluit {i}",
            volgende=moment(-7 * (aantal - i) + 7),
        )
        item.aanwezig.set(personen[: 2 + i % 4])
        gemaakt.append(item)
    return gemaakt


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


# session, user, access lookup, access log; the overleggen; who was there; for a writer
# also the people to choose from.
LIJST_LEZER = 4 + 2
LIJST_SCHRIJVER = 4 + 3
# session, user, access lookup, access log; the overleg (with who wrote it down); who was
# there; for a writer also the people to choose from.
DETAIL_LEZER = 4 + 2
DETAIL_SCHRIJVER = 4 + 3


def test_the_pages_ask_as_much_for_1_overleg_as_for_30(client, facilitator, netwerklid, netwerk):
    [eerste] = maak_overleggen(netwerk, 1)
    client.force_login(facilitator)
    klein = (
        count_queries(client, lijst_url(netwerk)),
        count_queries(client, overleg_url(netwerk, eerste)),
    )
    client.force_login(netwerklid)
    klein_lezer = (
        count_queries(client, lijst_url(netwerk)),
        count_queries(client, overleg_url(netwerk, eerste)),
    )

    Overleg.objects.all().delete()
    laatste = maak_overleggen(netwerk, 30)[-1]
    client.force_login(facilitator)
    html = client.get(lijst_url(netwerk)).content.decode()
    assert html.count('class="ov-kaart"') == 30
    groot = (
        count_queries(client, lijst_url(netwerk)),
        count_queries(client, overleg_url(netwerk, laatste)),
    )
    client.force_login(netwerklid)
    groot_lezer = (
        count_queries(client, lijst_url(netwerk)),
        count_queries(client, overleg_url(netwerk, laatste)),
    )

    assert klein == groot == (LIJST_SCHRIJVER, DETAIL_SCHRIJVER)
    assert klein_lezer == groot_lezer == (LIJST_LEZER, DETAIL_LEZER)

"""The rules of actieteam/team.py that Plan bijsturen builds on: the copy of the plan
(`snapshot`), its versions (`eerste_versie`, `nieuwe_versie`), comparing two copies
(`vergelijk`), and setting a status with the version check (`zet_status`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from actieteam import team
from actieteam.models import Planversie, Status, Statuswijziging, Voortgang
from beraad.models import Actieplan, Afspraak, Beraad, Voorwaarde, Vraag
from sonestra.core.models import Persoon
from tests.conftest import make_teamafspraak

Soort = Afspraak.Soort


@pytest.fixture
def mensen(netwerk) -> dict[str, Persoon]:
    """The hoofdpersoon and three people of the groslijst, by first name."""
    marieke = netwerk.personen.get(is_hoofdpersoon=True)
    return {
        "marieke": marieke,
        **{
            naam.lower(): Persoon.objects.create(netwerk=netwerk, naam=naam)
            for naam in ("Els", "Joost", "Anna")
        },
    }


@pytest.fixture
def tweede_vraag(teamplan) -> Vraag:
    return Vraag.objects.create(
        netwerk=teamplan.netwerk, beraad=teamplan.beraad, tekst="Wie helpt met geld?", volgorde=2
    )


def versies_van(plan) -> list[Planversie]:
    return list(Planversie.objects.filter(plan=plan).order_by("nummer"))


# --- snapshot ----------------------------------------------------------------------------


def test_snapshot_copies_every_afspraak_in_force_in_plan_order(
    django_assert_num_queries, teamplan, tweede_vraag, mensen
):
    geld = make_teamafspraak(
        teamplan,
        wat="Bewindvoering",
        vraag=tweede_vraag,
        soort=Soort.AANBOD,
        kosten=Decimal("12.50"),
        kosten_per=Afspraak.Per.MAAND,
    )
    prof = make_teamafspraak(teamplan, wat="Wijkcoach helpt met post", soort=Soort.PROFESSIONAL)
    zelf = make_teamafspraak(
        teamplan,
        wat="Els kookt op woensdag",
        wie=[mensen["els"], mensen["marieke"]],
        invallers=[mensen["joost"], mensen["anna"]],
        wanneer="elke woensdag",
        klaar_op=date(2027, 3, 15),
        hoe_weten="De koelkast is vol.",
    )
    gestopt = make_teamafspraak(teamplan, wat="Gestopt", beeindigd=timezone.now())
    with django_assert_num_queries(4):  # afspraken with vraag, wie, invallers, voorwaarden
        kopie = team.snapshot(teamplan)
    assert [a["id"] for a in kopie] == [zelf.pk, prof.pk, geld.pk]
    assert gestopt.pk not in [a["id"] for a in kopie]
    assert kopie[0] == {
        "id": zelf.pk,
        "vraag_id": teamplan.test_vraag.pk,
        "vraag": "Hoe kan ik zelf blijven wonen?",
        "soort": Soort.NETWERK,
        "wat": "Els kookt op woensdag",
        # The hoofdpersoon first, then by name.
        "wie": ["Marieke Bakker", "Els"],
        "wie_ids": [mensen["marieke"].pk, mensen["els"].pk],
        "wanneer": "elke woensdag",
        "klaar_op": "2027-03-15",
        "hoe_weten": "De koelkast is vol.",
        "invallers": ["Anna", "Joost"],
        "invallers_ids": [mensen["anna"].pk, mensen["joost"].pk],
        "kosten": "",
        "kosten_per": "",
        "voorwaarden": [],
    }
    assert kopie[2]["kosten"] == "12.50"
    assert kopie[2]["kosten_per"] == "maand"
    assert kopie[2]["vraag"] == "Wie helpt met geld?"
    assert kopie[1]["klaar_op"] == "" and kopie[1]["wie"] == []


def test_snapshot_query_count_does_not_grow(django_assert_num_queries, teamplan, mensen):
    for i in range(30):
        make_teamafspraak(teamplan, wat=f"Afspraak {i}", wie=[mensen["els"]])
    with django_assert_num_queries(4):
        assert len(team.snapshot(teamplan)) == 30


def test_snapshot_is_plain_json(teamplan, mensen):
    make_teamafspraak(teamplan, kosten=Decimal(3), kosten_per="week", klaar_op=date(2027, 1, 2))
    versie = team.eerste_versie(teamplan)
    versie.refresh_from_db()
    assert versie.afspraken == team.snapshot(teamplan)


# --- eerste_versie -----------------------------------------------------------------------


def test_eerste_versie_is_the_plan_as_the_beraad_closed_it_made_once(teamplan, facilitator):
    make_teamafspraak(teamplan, wat="Koken")
    versie = team.eerste_versie(teamplan, user=facilitator, naam="Sanne")
    assert (versie.nummer, versie.tijd, versie.naam, versie.user) == (
        1,
        teamplan.vastgesteld,
        "Sanne",
        facilitator,
    )
    assert versie.netwerk_id == teamplan.netwerk_id
    assert [a["wat"] for a in versie.afspraken] == ["Koken"]
    assert versie.omschrijving == "Vastgesteld in het beraad, met akkoord."
    # A second call (the signal and a first use) finds it: still one version 1.
    make_teamafspraak(teamplan, wat="Later")
    assert team.eerste_versie(teamplan).pk == versie.pk
    assert [v.nummer for v in versies_van(teamplan)] == [1]
    assert [a["wat"] for a in versies_van(teamplan)[0].afspraken] == ["Koken"]


def test_eerste_versie_of_a_draft_plan_is_nothing(beraad):
    assert team.eerste_versie(beraad.plan) is None
    assert not Planversie.objects.exists()


# --- nieuwe_versie -----------------------------------------------------------------------


def test_nieuwe_versie_after_adding_keeps_the_plan_and_says_what_is_new(
    teamplan, supporter, mensen
):
    team.eerste_versie(teamplan)
    afspraak = make_teamafspraak(teamplan, wat="Joost klust op zaterdag", wie=[mensen["joost"]])
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    assert versie.nummer == 2
    assert (versie.user, versie.naam) == (supporter, "Els")
    assert versie.omschrijving == "Nieuw: Joost klust op zaterdag"
    assert [a["id"] for a in versie.afspraken] == [afspraak.pk]
    assert teamplan.planversie == 2
    assert Actieplan.objects.get(pk=teamplan.pk).planversie == 2


def test_nieuwe_versie_without_a_change_makes_none(teamplan, supporter):
    make_teamafspraak(teamplan)
    team.eerste_versie(teamplan)
    assert team.nieuwe_versie(teamplan, user=supporter, naam="Els") is None
    assert [v.nummer for v in versies_van(teamplan)] == [1]
    assert Actieplan.objects.get(pk=teamplan.pk).planversie == 1


def test_nieuwe_versie_names_the_changed_fields_and_the_ended_afspraken(
    teamplan, supporter, mensen
):
    blijft = make_teamafspraak(teamplan, wat="Els doet de post", wie=[mensen["els"]])
    stopt = make_teamafspraak(teamplan, wat="Anna wandelt")
    team.eerste_versie(teamplan)
    blijft.wie.set([mensen["joost"]])
    Afspraak.objects.filter(pk=blijft.pk).update(klaar_op=date(2027, 5, 1))
    Afspraak.objects.filter(pk=stopt.pk).update(beeindigd=timezone.now())
    nieuw = make_teamafspraak(teamplan, wat="x" * 100)
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    # New first, then changed, then ended; long texts shortened.
    assert versie.omschrijving.splitlines() == [
        "Nieuw: " + "x" * 79 + "…",
        "Veranderd bij ‘Els doet de post’: wie, klaar op",
        "Gestopt: Anna wandelt",
    ]
    assert [a["id"] for a in versie.afspraken] == [blijft.pk, nieuw.pk]
    # The next change numbers on.
    Afspraak.objects.filter(pk=nieuw.pk).update(wat="Korter")
    assert team.nieuwe_versie(teamplan, user=supporter, naam="Els").nummer == 3


def test_nieuwe_versie_numbers_are_per_plan(netwerk, teamplan, supporter):
    team.eerste_versie(teamplan)
    make_teamafspraak(teamplan)
    team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    nu = timezone.now()
    ander = Actieplan.objects.create(
        netwerk=netwerk,
        beraad=Beraad.objects.create(netwerk=netwerk, fase="afgerond"),
        vastgesteld=nu,
        gepubliceerd=nu,
        planversie=1,
    )
    ander.test_vraag = Vraag.objects.create(netwerk=netwerk, beraad=ander.beraad, tekst="Werk?")
    team.eerste_versie(ander)
    make_teamafspraak(ander)
    assert team.nieuwe_versie(ander, user=supporter, naam="Els").nummer == 2
    assert [v.nummer for v in versies_van(teamplan)] == [1, 2]


def test_nieuwe_versie_for_a_plan_closed_before_versions_were_kept(teamplan, supporter):
    """No version 1 yet and nobody kept it before the change: the plan as it is now is
    kept under the plan's number."""
    make_teamafspraak(teamplan, wat="Nieuw")
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    assert [v.nummer for v in versies_van(teamplan)] == [1]
    assert (versie.nummer, versie.naam) == (1, "Els")
    assert [a["wat"] for a in versie.afspraken] == ["Nieuw"]


def test_nieuwe_versie_without_version_1_claims_nothing_new_that_was_there(teamplan, supporter):
    make_teamafspraak(teamplan, wat="Stond al in het plan")
    make_teamafspraak(teamplan, wat="Net toegevoegd")
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    assert "Stond al in het plan" not in versie.omschrijving


def test_nieuwe_versie_sees_a_change_of_voorwaarden(teamplan, supporter):
    afspraak = make_teamafspraak(teamplan)
    team.eerste_versie(teamplan)
    voorwaarde = Voorwaarde.objects.create(
        netwerk=teamplan.netwerk, beraad=teamplan.beraad, tekst="Iemand belt elke avond."
    )
    afspraak.voorwaarden.set([voorwaarde])
    assert team.nieuwe_versie(teamplan, user=supporter, naam="Els") is not None


def test_renaming_a_persoon_is_no_change_of_the_plan(teamplan, supporter, mensen):
    make_teamafspraak(teamplan, wat="Els doet de post", wie=[mensen["els"]])
    team.eerste_versie(teamplan)
    Persoon.objects.filter(pk=mensen["els"].pk).update(naam="Els de Vries")
    ander = make_teamafspraak(teamplan, wat="Iets nieuws")
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    assert versie.omschrijving == f"Nieuw: {ander.wat}"


def test_the_summary_has_one_line_per_afspraak(teamplan, supporter):
    team.eerste_versie(teamplan)
    make_teamafspraak(teamplan, wat="Bewindvoering\nmet een tweede regel")
    versie = team.nieuwe_versie(teamplan, user=supporter, naam="Els")
    assert versie.omschrijving == "Nieuw: Bewindvoering met een tweede regel"


# --- vergelijk ---------------------------------------------------------------------------


def _kopie(id: int, **velden) -> dict:
    basis = {
        "id": id,
        "vraag_id": 1,
        "vraag": "Wonen?",
        "soort": 1,
        "wat": f"Afspraak {id}",
        "wie": ["Els"],
        "wanneer": "",
        "klaar_op": "",
        "hoe_weten": "",
        "invallers": [],
        "kosten": "",
        "kosten_per": "",
    }
    return {**basis, **velden}


def test_vergelijk_finds_added_ended_and_changed_afspraken_field_by_field():
    oud = [_kopie(1), _kopie(2), _kopie(3)]
    nieuw = [
        _kopie(1),
        _kopie(3, wie=["Els", "Joost"], klaar_op="2027-03-15", wat="Nieuwe tekst"),
        _kopie(4),
    ]
    verschil = team.vergelijk(oud, nieuw)
    assert verschil.iets
    assert [a["id"] for a in verschil.toegevoegd] == [4]
    assert [a["id"] for a in verschil.beeindigd] == [2]
    [wijziging] = verschil.gewijzigd
    assert wijziging.oud["id"] == wijziging.nieuw["id"] == 3
    # In the order of the form, with their labels, old and new values.
    assert [(v.veld, v.label, v.oud, v.nieuw) for v in wijziging.velden] == [
        ("wat", "de tekst", "Afspraak 3", "Nieuwe tekst"),
        ("wie", "wie", ["Els"], ["Els", "Joost"]),
        ("klaar_op", "klaar op", "", "2027-03-15"),
    ]
    assert verschil.samenvatting().splitlines() == [
        "Nieuw: Afspraak 4",
        "Veranderd bij ‘Afspraak 3’: de tekst, wie, klaar op",
        "Gestopt: Afspraak 2",
    ]


def test_vergelijk_of_equal_copies_finds_nothing():
    kopie = [_kopie(1), _kopie(2)]
    verschil = team.vergelijk(kopie, [dict(a) for a in kopie])
    assert not verschil.iets
    assert verschil.samenvatting() == ""


def test_vergelijk_sees_a_move_to_another_vraag_and_every_field():
    oud = [_kopie(1)]
    nieuw = [
        _kopie(
            1,
            vraag_id=2,
            vraag="Geld?",
            soort=3,
            wanneer="elke maand",
            hoe_weten="Rekeningen betaald",
            invallers=["Anna"],
            kosten="10.00",
            kosten_per="maand",
        )
    ]
    [wijziging] = team.vergelijk(oud, nieuw).gewijzigd
    assert [v.veld for v in wijziging.velden] == [
        "vraag",
        "soort",
        "wanneer",
        "hoe_weten",
        "invallers",
        "kosten",
        "kosten_per",
    ]
    assert [v.label for v in wijziging.velden][3:5] == [
        "hoe weten we dat het lukt",
        "wie springt in",
    ]


def test_vergelijk_from_nothing_lists_everything_as_new():
    verschil = team.vergelijk([], [_kopie(1), _kopie(2)])
    assert [a["id"] for a in verschil.toegevoegd] == [1, 2]
    assert not verschil.beeindigd and not verschil.gewijzigd


# --- zet_status --------------------------------------------------------------------------


def test_zet_status_first_change_makes_the_voortgang_and_keeps_the_history(teamplan, supporter):
    afspraak = make_teamafspraak(teamplan)
    assert team.status_van(afspraak).status == Status.NOG_NIET
    assert team.status_van(afspraak).versie == 0
    ok, voortgang = team.zet_status(
        afspraak, Status.BEZIG, "Begonnen", versie=0, user=supporter, naam="Els"
    )
    assert ok
    assert (voortgang.status, voortgang.notitie, voortgang.versie) == ("bezig", "Begonnen", 1)
    assert (voortgang.gewijzigd_door, voortgang.gewijzigd_naam) == (supporter, "Els")
    assert afspraak.voortgang == voortgang
    [wijziging] = Statuswijziging.objects.filter(afspraak=afspraak)
    assert (wijziging.van, wijziging.naar, wijziging.notitie, wijziging.naam, wijziging.user) == (
        "nog_niet",
        "bezig",
        "Begonnen",
        "Els",
        supporter,
    )
    assert wijziging.netwerk_id == afspraak.netwerk_id

    ok, voortgang = team.zet_status(
        afspraak, Status.GELUKT, "", versie=1, user=supporter, naam="Els"
    )
    assert ok and voortgang.versie == 2
    assert [(w.van, w.naar) for w in Statuswijziging.objects.filter(afspraak=afspraak)] == [
        ("bezig", "gelukt"),
        ("nog_niet", "bezig"),
    ]


def test_zet_status_on_a_screen_that_is_behind_overwrites_nothing(
    teamplan, supporter, hoofdpersoon
):
    afspraak = make_teamafspraak(teamplan)
    team.zet_status(afspraak, Status.GELUKT, "Klaar!", versie=0, user=supporter, naam="Els")
    # Marieke's screen still showed 'nog niet' (version 0).
    ok, huidig = team.zet_status(
        afspraak, Status.LUKT_NIET, "Hulp", versie=0, user=hoofdpersoon, naam="Marieke"
    )
    assert not ok
    assert (huidig.status, huidig.notitie, huidig.gewijzigd_naam) == ("gelukt", "Klaar!", "Els")
    assert Voortgang.objects.get(afspraak=afspraak).status == Status.GELUKT
    assert Statuswijziging.objects.filter(afspraak=afspraak).count() == 1


def test_zet_status_refuses_an_unknown_status(teamplan, supporter):
    afspraak = make_teamafspraak(teamplan)
    with pytest.raises(ValueError):
        team.zet_status(afspraak, "klaar", "", versie=0, user=supporter, naam="Els")
    assert not Voortgang.objects.exists()
    assert not Statuswijziging.objects.exists()


def test_a_status_change_is_no_change_of_the_plan(teamplan, supporter):
    afspraak = make_teamafspraak(teamplan)
    team.eerste_versie(teamplan)
    team.zet_status(afspraak, Status.BEZIG, "", versie=0, user=supporter, naam="Els")
    # Its own version: the afspraak itself (and so a Bijsturen form open on it) stays put.
    afspraak.refresh_from_db()
    assert afspraak.versie == 1
    assert team.nieuwe_versie(teamplan, user=supporter, naam="Els") is None

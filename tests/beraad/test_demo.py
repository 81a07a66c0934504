"""The demo's FamilieNetwerkBeraad: one held with a plan people agreed to, and a
vervolgberaad in preparation with invitations answered in every way."""

import pytest
from django.db import models
from django.utils import timezone

from beraad.demo import build_beraad
from beraad.models import (
    Actieplan,
    Afspraak,
    Akkoord,
    Beraad,
    Genodigde,
    Informatie,
    Voorwaarde,
    Vraag,
)
from netwerkkompas.demo import build_kompas
from netwerkkompas.models import Momentopname, Plek, Relatie, Talent
from sonestra.core.demo import ORGANISATIE, build_demo
from sonestra.core.models import Deelname, Netwerk, Persoon
from sonestra.core.roles import Rol

BERAAD_MODELLEN = (Beraad, Vraag, Informatie, Genodigde, Voorwaarde, Actieplan, Afspraak, Akkoord)


def marieke() -> Netwerk:
    return Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)


@pytest.fixture
def demo(db) -> Netwerk:
    """The whole demo, built the way the demo command builds it."""
    build_demo()
    netwerk = marieke()
    build_kompas(netwerk)
    build_beraad(netwerk)
    return netwerk


@pytest.fixture
def gehouden(demo) -> Beraad:
    return Beraad.objects.select_related("plan").get(netwerk=demo, vorige__isnull=True)


@pytest.fixture
def vervolg(demo, gehouden) -> Beraad:
    return Beraad.objects.select_related("plan").get(netwerk=demo, vorige=gehouden)


def counts() -> list[int]:
    rows = [m.objects.count() for m in BERAAD_MODELLEN]
    rows += [
        Afspraak.wie.through.objects.count(),
        Afspraak.invallers.through.objects.count(),
        Afspraak.voorwaarden.through.objects.count(),
    ]
    return rows


def test_it_builds_one_held_beraad_and_one_vervolgberaad(demo, gehouden, vervolg):
    assert Beraad.objects.filter(netwerk=demo).count() == 2
    assert gehouden.fase == Beraad.Fase.AFGEROND
    assert gehouden.waar == "Wijkcentrum De Dreef, zaal 2"
    dagen = (timezone.localdate() - timezone.localtime(gehouden.datum).date()).days
    assert 84 <= dagen <= 98  # about three months: the Actieteam has a history since
    assert timezone.localtime(gehouden.datum).hour == 19
    assert gehouden.eindtijd.strftime("%H:%M") == "21:30"
    assert gehouden.created < gehouden.gestart < gehouden.afgerond < timezone.now()
    assert gehouden.stempel > 0
    assert vervolg.fase == Beraad.Fase.VOORBEREIDING
    assert vervolg.waar == "Bij Marieke thuis"
    assert vervolg.stempel > 0
    assert timezone.localtime(vervolg.datum).date() == gehouden.plan.vervolgdatum
    assert timezone.localtime(vervolg.datum).hour == 19
    assert vervolg.created < timezone.now() < vervolg.datum
    assert vervolg.plan.planversie == 0 and not vervolg.plan.afspraken.exists()


def test_the_held_beraad_has_a_plan_in_the_fixed_order(demo, gehouden):
    vragen = list(gehouden.vragen.all())
    assert len(vragen) == 3
    assert vragen[0].tekst == "Hoe kan ik zelf blijven wonen zonder dat het misgaat met geld?"
    afspraken = list(gehouden.plan.afspraken.in_plan_volgorde())
    assert 10 <= len(afspraken) <= 14
    assert {a.vraag_id for a in afspraken} == {v.pk for v in vragen}
    for vraag in vragen:
        soorten = [a.soort for a in afspraken if a.vraag_id == vraag.pk]
        assert soorten == sorted(soorten), vraag
        assert soorten[0] == Afspraak.Soort.NETWERK
    soorten = [a.soort for a in afspraken]
    assert soorten.count(Afspraak.Soort.NETWERK) > len(afspraken) / 2
    assert soorten.count(Afspraak.Soort.PROFESSIONAL) >= 2
    aanbod = [a for a in afspraken if a.soort == Afspraak.Soort.AANBOD]
    assert 1 <= len(aanbod) <= 2
    assert all(a.kosten and a.kosten > 0 and a.kosten_per for a in aanbod)
    assert all(a.kosten is None for a in afspraken if a.soort != Afspraak.Soort.AANBOD)
    assert all(a.wat and a.hoe_weten and a.wanneer for a in afspraken)
    assert all(a.netwerk_id == demo.pk for a in afspraken)
    # Some due dates have passed and some are still to come: the Actieteam shows both.
    vandaag = timezone.localdate()
    klaar = [a.klaar_op for a in afspraken if a.klaar_op]
    assert any(d < vandaag for d in klaar) and any(d > vandaag for d in klaar)
    # Written in the meeting, never in the future.
    assert all(a.created <= gehouden.afgerond for a in afspraken)


def test_everyone_in_the_plan_is_from_mariekes_groslijst(demo, gehouden):
    wie = Persoon.objects.filter(afspraken__plan=gehouden.plan)
    invallers = Persoon.objects.filter(invalafspraken__plan=gehouden.plan)
    assert set(wie.values_list("netwerk_id", flat=True)) == {demo.pk}
    assert set(invallers.values_list("netwerk_id", flat=True)) == {demo.pk}
    namen = set(wie.values_list("naam", flat=True))
    assert {"Marieke Bakker", "Els van Dijk", "Ahmed El Amrani", "Iris Koster"} <= namen
    # Every afspraak says who does it; most say who steps in.
    assert not gehouden.plan.afspraken.filter(wie__isnull=True).exists()
    assert invallers.values("invalafspraken").distinct().count() >= 6


def test_every_voorwaarde_of_ahmed_is_met_by_an_afspraak(demo, gehouden):
    ahmed = Deelname.objects.get(netwerk=demo, user__username="ahmed")
    voorwaarden = list(gehouden.voorwaarden.prefetch_related("afspraken"))
    assert [v.soort for v in voorwaarden].count(Voorwaarde.Soort.VOORWAARDE) == 2
    assert [v.soort for v in voorwaarden].count(Voorwaarde.Soort.ZORG) == 1
    for voorwaarde in voorwaarden:
        assert voorwaarde.auteur == ahmed.user
        assert voorwaarde.persoon == ahmed.persoon
        assert voorwaarde.created < gehouden.datum
        if voorwaarde.soort == Voorwaarde.Soort.VOORWAARDE:
            assert voorwaarde.afspraken.all(), voorwaarde
            assert {a.plan_id for a in voorwaarde.afspraken.all()} == {gehouden.plan.pk}


def test_the_held_beraad_had_informatie_and_invitations(demo, gehouden):
    informatie = list(gehouden.informatie.select_related("van"))
    assert len(informatie) == 2
    assert {i.van.naam for i in informatie} == {"Peter Mulder", "Ahmed El Amrani"}
    assert all(i.antwoord and i.beantwoord < gehouden.datum for i in informatie)
    genodigden = list(gehouden.genodigden.select_related("persoon"))
    uitgenodigd = [g for g in genodigden if g.uitgenodigd]
    assert 8 <= len(uitgenodigd) <= 12
    assert all(g.antwoord and g.beantwoord < gehouden.datum for g in uitgenodigd)
    [henk] = [g for g in genodigden if not g.uitgenodigd]
    assert henk.persoon.naam == "Henk Bakker"
    assert "papa" in henk.reden.lower() and not henk.antwoord and not henk.token_hash
    assert "Marieke Bakker" not in {g.persoon.naam for g in genodigden}


def test_the_plan_is_agreed_published_and_version_1(demo, gehouden):
    plan = Actieplan.objects.select_related("aanspreekpunt").get(beraad=gehouden)
    assert plan.planversie == 1
    assert plan.aanspreekpunt.naam == "Els van Dijk"
    assert plan.gepubliceerd and plan.vastgesteld
    assert gehouden.gestart < plan.gepubliceerd < plan.vastgesteld <= gehouden.afgerond
    assert 18 <= (plan.vervolgdatum - timezone.localdate()).days <= 24
    assert plan.inhoud == plan.afspraken.count()
    akkoorden = list(plan.akkoorden.select_related("persoon", "user", "vastgelegd_door"))
    assert 7 <= len(akkoorden) <= 10
    assert all(a.geldt_voor(plan) for a in akkoorden)
    assert all(gehouden.gestart < a.tijd <= gehouden.afgerond for a in akkoorden)
    assert all(a.persoon.netwerk_id == demo.pk and a.naam == a.persoon.naam for a in akkoorden)
    zelf = [a for a in akkoorden if a.user]
    genoteerd = [a for a in akkoorden if a.vastgelegd_door]
    assert len(zelf) + len(genoteerd) == len(akkoorden) and zelf and genoteerd
    assert {a.user.username for a in zelf} == {"marieke", "els", "sevda", "ahmed"}
    assert {a.vastgelegd_door.username for a in genoteerd} == {"sanne"}
    rollen = dict(Deelname.objects.filter(netwerk=demo).values_list("user__username", "rol"))
    assert rollen["sanne"] == Rol.FACILITATOR
    assert "Ria Bakker" in {a.naam for a in genoteerd}


def test_the_vervolgberaad_is_being_prepared(demo, gehouden, vervolg):
    assert vervolg.vragen.count() == 2
    [info] = vervolg.informatie.all()
    assert not info.antwoord and info.beantwoord is None
    [zorg] = vervolg.voorwaarden.all()
    assert zorg.soort == Voorwaarde.Soort.ZORG and zorg.auteur.username == "ahmed"
    genodigden = list(vervolg.genodigden.filter(uitgenodigd=True))
    antwoorden = {g.antwoord for g in genodigden}
    assert antwoorden == {"komt", "komt_niet", "misschien", ""}
    assert any(g.antwoord == "komt_niet" and g.opmerking for g in genodigden)
    assert any(g.antwoord == "misschien" and "oppas" in g.opmerking for g in genodigden)
    open_ = [g for g in genodigden if not g.antwoord]
    assert 1 <= len(open_) <= 2
    assert all(g.token_hash and g.link_gemaakt and g.beantwoord is None for g in open_)
    beantwoord = [g for g in genodigden if g.antwoord]
    assert all(vervolg.created < g.beantwoord < timezone.now() for g in beantwoord)
    assert vervolg.genodigden.filter(uitgenodigd=False, persoon__naam="Henk Bakker").exists()


def test_running_it_again_adds_nothing(demo):
    before = counts()
    kompas_before = [m.objects.count() for m in (Relatie, Plek, Talent, Momentopname)]
    build_demo()
    build_kompas(demo)
    build_beraad(demo)
    assert counts() == before
    assert [m.objects.count() for m in (Relatie, Plek, Talent, Momentopname)] == kompas_before


def test_it_leaves_the_kompas_alone(db):
    build_demo()
    netwerk = marieke()
    build_kompas(netwerk)
    kompas = [m.objects.count() for m in (Relatie, Plek, Talent, Momentopname)]
    personen = list(Persoon.objects.in_netwerk(netwerk).values())
    build_beraad(netwerk)
    assert [m.objects.count() for m in (Relatie, Plek, Talent, Momentopname)] == kompas
    assert list(Persoon.objects.in_netwerk(netwerk).values()) == personen


def test_no_text_says_the_network_is_used(demo):
    woorden = ("ingezet", "gebruikt", "betrokken")
    teksten = []
    for model in BERAAD_MODELLEN:
        velden = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.name != "token_hash"
        ]
        if not velden:  # values_list() without names would give every column
            continue
        for rij in model.objects.filter(netwerk=demo).values_list(*velden):
            teksten += [t for t in rij if t]
    assert len(teksten) > 50
    for tekst in teksten:
        assert not any(w in tekst.lower() for w in woorden), tekst

"""The demo's Actieteam: Marieke's team three months after the beraad (history, two
overleggen, one plan change, one afspraak that "lukt niet" now), and the rest of the
organisation in every phase for the coordinator's overview."""

import re
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from actieteam import team
from actieteam.demo import NETWERKEN, build_actieteam, build_organisatie
from actieteam.models import (
    Herinnering,
    Lidinstelling,
    Overleg,
    Planversie,
    Status,
    Statuswijziging,
    Voortgang,
)
from beraad.demo import build_beraad
from beraad.models import Actieplan, Afspraak, Beraad, Vraag
from netwerkkompas.demo import build_kompas
from sonestra.core.demo import ORGANISATIE, build_demo
from sonestra.core.models import Deelname, Netwerk, Persoon, Uitnodiging, User
from sonestra.core.roles import Recht, heeft_recht

TEAM_MODELLEN = (
    Statuswijziging,
    Voortgang,
    Planversie,
    Overleg,
    Lidinstelling,
    Herinnering,
    Afspraak,
    Beraad,
    Actieplan,
    Vraag,
    Netwerk,
    Persoon,
    Deelname,
    Uitnodiging,
    User,
)


def bouw() -> Netwerk:
    """The whole demo, built the way the demo command builds it."""
    build_demo()
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)
    build_kompas(netwerk)
    build_beraad(netwerk)
    build_actieteam(netwerk)
    build_organisatie(netwerk.organisatie)
    return netwerk


@pytest.fixture
def demo(db) -> Netwerk:
    return bouw()


@pytest.fixture
def plan(demo) -> Actieplan:
    return team.actief_plan(demo)


def lopend(plan) -> list[Afspraak]:
    return list(
        Afspraak.objects.filter(plan=plan)
        .lopend()
        .select_related("voortgang")
        .prefetch_related("wie")
    )


def counts() -> list[int]:
    return [m.objects.count() for m in TEAM_MODELLEN] + [
        Overleg.aanwezig.through.objects.count(),
        Afspraak.wie.through.objects.count(),
    ]


# --- Marieke's team ----------------------------------------------------------------------


def test_the_history_spans_three_months_since_the_beraad(demo, plan):
    rijen = list(Statuswijziging.objects.filter(netwerk=demo).order_by("tijd"))
    assert len(rijen) >= 15
    eerste, laatste = rijen[0].tijd, rijen[-1].tijd
    assert plan.vastgesteld < eerste
    assert laatste - plan.vastgesteld >= timedelta(weeks=12)
    assert laatste - eerste >= timedelta(weeks=12)
    assert laatste < timezone.now()
    # Spread over the weeks, not all at once.
    weken = {(r.tijd - plan.vastgesteld).days // 7 for r in rijen}
    assert len(weken) >= 8
    assert all(r.notitie for r in rijen)


def test_the_people_who_do_the_afspraken_update_them(demo):
    """Each change is by a login allowed to make it: one who may update any afspraak,
    or one who takes part in it (a netwerklid, a professional)."""
    deelnames = {
        d.user_id: d for d in Deelname.objects.filter(netwerk=demo).select_related("persoon")
    }
    rijen = list(
        Statuswijziging.objects.filter(netwerk=demo).prefetch_related(
            "afspraak__wie", "afspraak__invallers"
        )
    )
    door = Counter()
    for rij in rijen:
        deelname = deelnames[rij.user_id]
        assert rij.naam == (deelname.persoon.naam if deelname.persoon else str(rij.user))
        if not heeft_recht(deelname.rol, Recht.VOORTGANG_BIJWERKEN):
            assert heeft_recht(deelname.rol, Recht.EIGEN_VOORTGANG)
            doen = {*rij.afspraak.wie.all(), *rij.afspraak.invallers.all()}
            assert deelname.persoon in doen, rij
        door[rij.user.username] += 1
    # Marieke herself, her tante, her vriendin, the buurvrouw and the begeleider.
    assert set(door) >= {"marieke", "els", "sevda", "annie", "ahmed"}
    assert door["marieke"] == max(door.values())
    annie = Deelname.objects.get(netwerk=demo, user__username="annie")
    assert annie.persoon.naam == "Annie Visser" and annie.persoon.soort == "buurt"


def test_each_status_is_what_its_last_change_left(demo, plan):
    per_afspraak = defaultdict(list)
    for rij in Statuswijziging.objects.filter(netwerk=demo).order_by("tijd", "pk"):
        per_afspraak[rij.afspraak_id].append(rij)
    voortgang = {v.afspraak_id: v for v in Voortgang.objects.filter(netwerk=demo)}
    assert set(voortgang) == set(per_afspraak)
    for afspraak_id, rijen in per_afspraak.items():
        # A chain: each change starts where the one before ended.
        assert rijen[0].van == Status.NOG_NIET
        assert all(a.naar == b.van for a, b in zip(rijen, rijen[1:], strict=False))
        laatste, stand = rijen[-1], voortgang[afspraak_id]
        assert stand.status == laatste.naar
        assert stand.notitie == laatste.notitie
        assert stand.gewijzigd == laatste.tijd
        assert stand.gewijzigd_door_id == laatste.user_id
        assert stand.gewijzigd_naam == laatste.naam
        assert stand.versie == len(rijen)
    # Afspraken nobody touched yet are "nog niet begonnen" without a voortgang.
    for afspraak in lopend(plan):
        if afspraak.pk not in voortgang:
            assert team.status_van(afspraak).status == Status.NOG_NIET


def test_now_exactly_one_afspraak_lukt_niet_and_els_was_told(demo, plan):
    afspraken = lopend(plan)
    statussen = Counter(team.status_van(a).status for a in afspraken)
    assert statussen[Status.LUKT_NIET] == 1
    assert statussen[Status.GELUKT] >= 3
    assert statussen[Status.BEZIG] >= 2
    assert statussen[Status.NOG_NIET] >= 2
    [mislukt] = [a for a in afspraken if team.status_van(a).status == Status.LUKT_NIET]
    assert "rooster" in mislukt.voortgang.notitie
    laatste = Statuswijziging.objects.filter(afspraak=mislukt).order_by("-tijd").first()
    assert laatste.naar == Status.LUKT_NIET
    assert laatste.tijd < laatste.gemeld < timezone.now()
    assert plan.aanspreekpunt.naam == "Els van Dijk"
    assert timezone.now() - laatste.tijd < timedelta(days=14)
    # Only the "lukt niet" was ever passed on.
    gemeld = Statuswijziging.objects.filter(netwerk=demo, gemeld__isnull=False)
    assert list(gemeld) == [laatste]


def test_one_afspraak_is_late_and_some_are_due_in_the_next_days(demo, plan):
    vandaag = timezone.localdate()
    afspraken = lopend(plan)
    te_laat = [a for a in afspraken if team.is_te_laat(a, vandaag)]
    assert len(te_laat) == 1
    assert team.status_van(te_laat[0]).status == Status.NOG_NIET
    # The reminder command has something to send: afspraken due soon that a login with an
    # e-mail address and e-mails on does.
    logins = {
        d.persoon_id: d
        for d in Deelname.objects.actief()
        .filter(netwerk=demo, persoon__isnull=False)
        .select_related("user")
    }
    uit = set(Lidinstelling.objects.filter(netwerk=demo, mail=False).values_list("pk", flat=True))
    binnenkort = [
        a
        for a in afspraken
        if a.klaar_op
        and 0 < (a.klaar_op - vandaag).days <= 2  # `manage.py herinneringen` looks 2 days ahead
        and team.status_van(a).status != Status.GELUKT
    ]
    assert len(binnenkort) >= 2
    for afspraak in binnenkort:
        ontvangers = [
            logins[p.pk]
            for p in afspraak.wie.all()
            if p.pk in logins and logins[p.pk].user.email and logins[p.pk].pk not in uit
        ]
        assert ontvangers, afspraak


def test_two_overleggen_with_the_next_one_ahead(demo, plan):
    eerste, tweede = Overleg.objects.filter(netwerk=demo).order_by("datum")
    beraad = plan.beraad.datum
    assert 33 <= (eerste.datum - beraad).days <= 37  # about five weeks after the beraad
    assert 68 <= (tweede.datum - beraad).days <= 72  # about ten weeks after
    assert eerste.volgende == tweede.datum
    dagen = (timezone.localdate(tweede.volgende) - timezone.localdate()).days
    assert 10 <= dagen <= 18
    assert timezone.localdate(tweede.volgende) < plan.vervolgdatum
    for overleg in (eerste, tweede):
        aanwezig = {p.naam for p in overleg.aanwezig.all()}
        assert {"Marieke Bakker", "Els van Dijk"} <= aanwezig and len(aanwezig) >= 5
        assert overleg.notities and overleg.besluiten and overleg.waar
        assert overleg.plan_id == plan.pk
        assert overleg.datum < overleg.created < timezone.now()
        assert heeft_recht(
            Deelname.objects.get(netwerk=demo, user=overleg.created_by).rol,
            Recht.OVERLEG_VASTLEGGEN,
        )


def test_the_plan_changed_once_after_the_first_overleg(demo, plan):
    v1, v2 = Planversie.objects.filter(plan=plan).order_by("nummer")
    assert (v1.nummer, v2.nummer) == (1, 2) and plan.planversie == 2
    assert v1.tijd == plan.vastgesteld
    eerste, tweede = Overleg.objects.filter(netwerk=demo).order_by("datum")
    assert eerste.datum < v2.tijd < tweede.datum
    assert v2.naam == "Els van Dijk" and v2.user.username == "els"
    verschil = team.vergelijk(v1.afspraken, v2.afspraken)
    assert len(verschil.toegevoegd) == 2 and len(verschil.beeindigd) == 1
    assert not verschil.gewijzigd
    assert "Nieuw:" in v2.omschrijving and "Gestopt:" in v2.omschrijving
    # The copy of version 2 is the plan as it is now: nothing changed it since.
    assert v2.afspraken == team.snapshot(plan)
    [gestopt] = Afspraak.objects.filter(plan=plan, beeindigd__isnull=False)
    assert gestopt.beeindigd == v2.tijd and gestopt.versie == 2
    assert gestopt.pk == verschil.beeindigd[0]["id"]
    for nieuw in Afspraak.objects.filter(pk__in=[a["id"] for a in verschil.toegevoegd]):
        assert nieuw.created == v2.tijd and nieuw.created_by.username == "els"
        assert nieuw.wie.exists() and nieuw.hoe_weten and nieuw.klaar_op
        assert not Statuswijziging.objects.filter(afspraak=nieuw, tijd__lt=v2.tijd).exists()
    # The "lukt niet" came after the change: the change was about something else.
    mislukt = Statuswijziging.objects.get(netwerk=demo, naar=Status.LUKT_NIET)
    assert mislukt.tijd > v2.tijd and mislukt.afspraak.beeindigd is None


def test_reminders_went_out_before_their_dates(demo):
    herinneringen = list(Herinnering.objects.filter(netwerk=demo).select_related("afspraak"))
    assert len(herinneringen) >= 2
    for herinnering in herinneringen:
        afspraak = herinnering.afspraak
        assert herinnering.klaar_op == afspraak.klaar_op
        assert timezone.localdate(herinnering.verstuurd) < herinnering.klaar_op
        assert herinnering.verstuurd < timezone.now()
        # Not sent for something already done, and only to whoever does it by e-mail.
        assert not Statuswijziging.objects.filter(
            afspraak=afspraak, naar=Status.GELUKT, tijd__lt=herinnering.verstuurd
        ).exists()
        assert herinnering.user.email
        deelname = Deelname.objects.get(netwerk=demo, user=herinnering.user)
        assert afspraak.wie.filter(pk=deelname.persoon_id).exists()
        assert not Lidinstelling.objects.filter(deelname=deelname, mail=False).exists()


def test_a_few_logins_have_settings_and_one_switched_email_off(demo):
    instellingen = list(Lidinstelling.objects.filter(netwerk=demo).select_related("deelname"))
    assert len(instellingen) >= 3
    assert [i.mail for i in instellingen].count(False) == 1
    assert all(i.deelname.netwerk_id == demo.pk for i in instellingen)
    # No calendar link: its token would be shown only once.
    assert not any(i.agenda_hash for i in instellingen)


def test_nothing_is_in_the_future_or_says_the_network_is_used(demo):
    nu = timezone.now()
    assert not Statuswijziging.objects.filter(tijd__gt=nu).exists()
    assert not Planversie.objects.filter(tijd__gt=nu).exists()
    assert not Overleg.objects.filter(datum__gt=nu).exists()
    teksten = list(Statuswijziging.objects.values_list("notitie", flat=True))
    for overleg in Overleg.objects.all():
        teksten += [overleg.notities, overleg.besluiten]
    teksten += [v.omschrijving for v in Planversie.objects.all()]
    for afspraak in Afspraak.objects.filter(netwerk=demo):
        teksten += [afspraak.wat, afspraak.hoe_weten, afspraak.wanneer]
    for tekst in teksten:
        assert not any(w in tekst.lower() for w in ("ingezet", "gebruikt", "betrokken")), tekst


# --- The rest of the organisation ------------------------------------------------------


def fase(netwerk: Netwerk) -> str:
    """The phase as the coordinator sees it (a live beraad first, then a closed plan, then
    a beraad being prepared, else the kompas), or "archief"."""
    if netwerk.gearchiveerd:
        return "archief"
    beraden = Beraad.objects.filter(netwerk=netwerk)
    if beraden.filter(fase__in=Beraad.LIVE_FASEN).exists():
        return "bezig"
    if team.actief_plan(netwerk):
        return "actieteam"
    if beraden.filter(fase=Beraad.Fase.VOORBEREIDING).exists():
        return "voorbereiding"
    return "kompas"


def test_the_organisation_has_netwerken_in_every_phase(demo):
    anderen = list(
        Netwerk.objects.filter(organisatie=demo.organisatie).exclude(pk=demo.pk).order_by("pk")
    )
    assert 12 <= len(anderen) <= 20
    assert len({n.titel for n in anderen}) == len(anderen)
    fasen = Counter(fase(n) for n in anderen)
    assert fasen["kompas"] >= 2 and fasen["voorbereiding"] >= 2
    assert fasen["bezig"] == 1 and fasen["archief"] == 1
    assert fasen["actieteam"] >= 5
    # No logins: the coordinator sees them in the overview only.
    assert not Deelname.objects.filter(netwerk__in=anderen).exists()
    for netwerk in anderen:
        personen = Persoon.objects.filter(netwerk=netwerk)
        assert personen.count() >= 3
        assert personen.filter(is_hoofdpersoon=True).count() == 1
        assert netwerk.created < timezone.now() - timedelta(weeks=2)
    nu = timezone.now()
    voorbereiding = [n for n in anderen if fase(n) == "voorbereiding"]
    assert any(Beraad.objects.filter(netwerk=n, datum__gt=nu).exists() for n in voorbereiding)
    [live] = [n for n in anderen if fase(n) == "bezig"]
    beraad = Beraad.objects.get(netwerk=live)
    assert beraad.gestart and beraad.datum <= beraad.gestart < nu
    assert Actieplan.objects.get(beraad=beraad).vastgesteld is None


def test_the_actieteams_of_the_organisation_differ(demo):
    vandaag = timezone.localdate()
    rijen = []
    for netwerk in Netwerk.objects.filter(organisatie=demo.organisatie).exclude(pk=demo.pk):
        if fase(netwerk) not in {"actieteam", "archief"}:
            continue
        plan = team.actief_plan(netwerk)
        afspraken = lopend(plan)
        assert 4 <= len(afspraken) <= 12, netwerk
        assert plan.planversie == 1 and plan.gepubliceerd and plan.aanspreekpunt
        [versie] = Planversie.objects.filter(plan=plan)
        assert versie.nummer == 1 and len(versie.afspraken) == len(afspraken)
        assert all(a.wie.exists() for a in afspraken)
        for afspraak in afspraken:
            stand = team.status_van(afspraak)
            laatste = Statuswijziging.objects.filter(afspraak=afspraak).order_by("-tijd").first()
            assert (laatste.naar if laatste else Status.NOG_NIET) == stand.status
        gelukt = sum(team.status_van(a).status == Status.GELUKT for a in afspraken)
        netwerk_zelf = sum(a.soort == Afspraak.Soort.NETWERK for a in afspraken)
        rijen.append(
            {
                "procent": round(100 * gelukt / len(afspraken)),
                "te_laat": sum(team.is_te_laat(a, vandaag) for a in afspraken),
                "meer_professionals": len(afspraken) - netwerk_zelf > netwerk_zelf,
                "volgend_overleg": Overleg.objects.filter(
                    netwerk=netwerk, volgende__gt=timezone.now()
                ).exists(),
                "gearchiveerd": netwerk.gearchiveerd is not None,
            }
        )
    procenten = {r["procent"] for r in rijen}
    assert len(procenten) >= 4 and max(procenten) == 100 and min(procenten) < 40
    assert sum(r["te_laat"] > 0 for r in rijen) >= 2
    assert sum(r["meer_professionals"] for r in rijen) == 1
    assert 2 <= sum(r["volgend_overleg"] for r in rijen) < len(rijen)
    assert sum(r["gearchiveerd"] for r in rijen) == 1


def test_the_data_lists_every_phase_it_promises():
    """Guard for whoever edits the list: the counts the overview relies on."""
    assert 12 <= len(NETWERKEN) <= 20
    for voorbeeld in NETWERKEN:
        if "plan" in voorbeeld:
            namen = {naam for naam, _soort in voorbeeld["mensen"]}
            for _v, _s, wat, wie, _k, _st in voorbeeld["plan"]["afspraken"]:
                assert set(wie) <= namen, wat


# --- Idempotent, and what the command says -------------------------------------------


def test_running_it_again_adds_nothing(demo):
    before = counts()
    assert build_actieteam(demo) is False
    assert build_organisatie(demo.organisatie) == 0
    bouw()
    assert counts() == before


def test_a_team_with_history_of_its_own_is_left_alone(db):
    build_demo()
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke", organisatie__naam=ORGANISATIE)
    build_beraad(netwerk)
    plan = team.actief_plan(netwerk)
    afspraak = Afspraak.objects.filter(plan=plan).first()
    els = User.objects.get(username="els")
    team.zet_status(afspraak, Status.BEZIG, "", versie=0, user=els, naam="Els van Dijk")
    before = counts()
    assert build_actieteam(netwerk) is False
    assert counts() == before


def test_the_command_tells_what_the_demo_holds(db):
    out = StringIO()
    call_command("demo", "--ook-zonder-debug", stdout=out)
    tekst = out.getvalue()
    assert "versie 2 van het actieplan" in tekst
    assert re.search(
        r"Van de 13 afspraken: 5 gelukt, 5 bezig, 2 nog niet begonnen, 1 lukt niet", tekst
    )
    assert "2 overleggen" in tekst and "1 te laat" in tekst
    assert "Stichting Samen Verder heeft 17 netwerken (1 gearchiveerd)" in tekst
    assert "tien weken" not in tekst
    # The same figures from the database, so the text is not just a promise.
    netwerk = Netwerk.objects.get(titel="Het netwerk van Marieke")
    plan = team.actief_plan(netwerk)
    assert len(lopend(plan)) == 13
    assert Netwerk.objects.filter(organisatie=netwerk.organisatie).count() == 17
    # Run again: same story, no new rows.
    before = counts()
    out2 = StringIO()
    call_command("demo", "--ook-zonder-debug", stdout=out2)
    assert counts() == before
    assert out2.getvalue().splitlines()[:6] == tekst.splitlines()[:6]


def test_the_models_texts_fit_their_fields(demo):
    """Written with create(), so nothing checked the lengths: check them here."""
    for model in (Statuswijziging, Voortgang, Overleg, Afspraak, Planversie):
        velden = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and f.max_length
        ]
        for rij in model.objects.all():
            for veld in velden:
                assert len(getattr(rij, veld.attname)) <= veld.max_length, (model, veld.name)

"""Edge cases a review found: who may still be mailed, dates at the end of the calendar,
what a tap may tell staff during eigen tijd, e-mails at night, the night the clocks change."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import actieteam.management.commands.herinneringen as herinneringen
from actieteam.forms.bijsturen import nieuwe_sleutel
from actieteam.models import Status, Statuswijziging, Voortgang
from beraad.models import Actieplan, Afspraak, Beraad, Vraag
from sonestra.core.models import Deelname, Persoon
from tests.actieteam.test_agenda import agendalink
from tests.actieteam.test_herinneringen import lukt_niet, run
from tests.conftest import make_teamafspraak


def _els_is_aanspreekpunt(teamplan, supporter) -> Persoon:
    els = Deelname.objects.get(user=supporter).persoon
    Persoon.objects.filter(pk=els.pk).update(email="els.thuis@example.org")
    Actieplan.objects.filter(pk=teamplan.pk).update(aanspreekpunt=els)
    return els


def _sevda(netwerklid) -> Persoon:
    return Deelname.objects.get(user=netwerklid).persoon


def test_an_aanspreekpunt_whose_access_ended_is_not_mailed_at_the_groslijst_address(
    teamplan, supporter, netwerklid, mailoutbox
):
    _els_is_aanspreekpunt(teamplan, supporter)
    Deelname.objects.filter(user=supporter).update(beeindigd=timezone.now())
    lukt_niet(make_teamafspraak(teamplan, wie=[_sevda(netwerklid)]), netwerklid, "Sevda")
    run()
    assert mailoutbox == []
    # Handled: the next run does not try again.
    assert Statuswijziging.objects.get().gemeld is not None


def test_an_aanspreekpunt_whose_account_is_off_is_not_mailed(
    teamplan, supporter, netwerklid, mailoutbox
):
    _els_is_aanspreekpunt(teamplan, supporter)
    supporter.is_active = False
    supporter.save()
    lukt_niet(make_teamafspraak(teamplan, wie=[_sevda(netwerklid)]), netwerklid, "Sevda")
    run()
    assert mailoutbox == []


def test_an_aanspreekpunt_who_never_had_a_login_is_mailed_at_the_groslijst_address(
    teamplan, netwerklid, mailoutbox
):
    oom = Persoon.objects.create(
        netwerk=teamplan.netwerk, naam="Oom Kees", email="kees@example.org"
    )
    Actieplan.objects.filter(pk=teamplan.pk).update(aanspreekpunt=oom)
    lukt_niet(make_teamafspraak(teamplan, wie=[_sevda(netwerklid)]), netwerklid, "Sevda")
    run()
    assert [m.to for m in mailoutbox] == [["kees@example.org"]]


def test_nothing_goes_out_at_night(monkeypatch, teamplan, supporter, mailoutbox):
    els = Deelname.objects.get(user=supporter).persoon
    supporter.email = "els@example.org"
    supporter.save()
    make_teamafspraak(teamplan, wie=[els], klaar_op=timezone.localdate() + timedelta(days=1))
    nacht = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time()))
    monkeypatch.setattr(herinneringen.timezone, "localtime", lambda *a: nacht.replace(hour=3))
    out = io.StringIO()
    call_command("herinneringen", stdout=out)
    assert "Buiten de verzendtijd" in out.getvalue() and mailoutbox == []
    monkeypatch.setattr(herinneringen.timezone, "localtime", lambda *a: nacht.replace(hour=9))
    call_command("herinneringen", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["els@example.org"]]


def test_a_date_far_away_is_refused_and_the_feed_survives_one_in_the_database(
    client, supporter, teamplan
):
    client.force_login(supporter)
    data = {
        "vraag": teamplan.test_vraag.pk,
        "soort": "1",
        "wat": "Els schildert de gang.",
        "klaar_op": "9999-12-31",
        "sleutel": nieuwe_sleutel(),
    }
    html = client.post(
        reverse("actieteam:afspraak_nieuw", args=[teamplan.netwerk_id]), data
    ).content.decode()
    assert "Kies een datum binnen vijf jaar van nu." in html and "Els schildert de gang." in html
    assert not Afspraak.objects.exists()
    # One that got in some other way does not break the member's calendar.
    els = Deelname.objects.get(user=supporter).persoon
    make_teamafspraak(teamplan, "Ver weg.", wie=[els], klaar_op=date.max)
    make_teamafspraak(teamplan, "Gewoon.", wie=[els], klaar_op=timezone.localdate())
    response = client.get(agendalink(supporter))
    assert response.status_code == 200 and b"Gewoon." in response.content


def test_the_feed_stops_for_an_account_that_is_switched_off(client, supporter, teamplan):
    url = agendalink(supporter)
    assert client.get(url).status_code == 200
    supporter.is_active = False
    supporter.save()
    assert client.get(url).status_code == 404


def test_a_tap_tells_a_professional_nothing_about_a_draft_in_eigen_tijd(
    client, professional, netwerk, teamplan
):
    """During the vervolgberaad's eigen tijd a draft afspraak naming the professional
    answers exactly like one that does not exist."""
    ahmed = Deelname.objects.get(user=professional).persoon
    nu = timezone.now()
    vervolg = Beraad.objects.create(
        netwerk=netwerk, vorige=teamplan.beraad, fase=Beraad.Fase.EIGEN_TIJD, datum=nu
    )
    concept = Actieplan.objects.create(netwerk=netwerk, beraad=vervolg)
    vraag = Vraag.objects.create(netwerk=netwerk, beraad=vervolg, tekst="Werk?")
    met_ahmed = Afspraak.objects.create(netwerk=netwerk, plan=concept, vraag=vraag, wat="Geheim")
    met_ahmed.wie.set([ahmed])
    zonder = Afspraak.objects.create(netwerk=netwerk, plan=concept, vraag=vraag, wat="Ook")
    client.force_login(professional)
    codes = [
        client.post(
            reverse("actieteam:status", args=[netwerk.pk, pk]),
            {"status": Status.GELUKT, "versie": 0},
        ).status_code
        for pk in (met_ahmed.pk, zonder.pk, zonder.pk + 1000)
    ]
    assert len(set(codes)) == 1, codes
    assert not Voortgang.objects.exists()


def test_an_overleg_at_a_time_the_clocks_skip_gets_a_plain_message(client, supporter, teamplan):
    client.force_login(supporter)
    # The last Sunday of March 2027: at 2:00 the clocks jump to 3:00.
    html = client.post(
        reverse("actieteam:overleggen", args=[teamplan.netwerk_id]),
        {"datum_0": "2027-03-28", "datum_1": "02:30", "waar": "Bij Els"},
    ).content.decode()
    assert "In die nacht gaat de klok een uur om. Kies een andere tijd." in html
    assert "Bij Els" in html

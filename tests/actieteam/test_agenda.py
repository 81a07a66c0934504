"""The member's private calendar feed and the link that switches the e-mails off.

Both work without a login (a calendar app, a mail client), by a token in the link.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from actieteam import mail
from actieteam.models import Lidinstelling, Overleg, Status
from actieteam.team import zet_status
from beraad.models import Actieplan, Beraad, Vraag
from netwerkkompas.models import Verhaal
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_teamafspraak

# --- Helpers ----------------------------------------------------------------------------


def persoon_van(user, netwerk=None) -> Persoon:
    filters = {"netwerk": netwerk} if netwerk else {}
    return Deelname.objects.get(user=user, beeindigd__isnull=True, **filters).persoon


def agendalink(user, netwerk=None) -> str:
    filters = {"netwerk": netwerk} if netwerk else {}
    deelname = Deelname.objects.get(user=user, beeindigd__isnull=True, **filters)
    instelling, _nieuw = Lidinstelling.objects.get_or_create(
        deelname=deelname, defaults={"netwerk": deelname.netwerk}
    )
    token = instelling.nieuwe_agendalink()
    instelling.save()
    return reverse("actieteam_agenda", args=[token])


def lees(response) -> Calendar:
    assert response.status_code == 200, response.content[:300]
    return Calendar.from_ical(response.content)


def per_titel(cal: Calendar) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def els(supporter, netwerk) -> Persoon:
    return persoon_van(supporter, netwerk)


@pytest.fixture
def sevda(netwerklid, netwerk) -> Persoon:
    return persoon_van(netwerklid, netwerk)


def over(dagen: int) -> date:
    return timezone.localdate() + timedelta(days=dagen)


# --- The feed -----------------------------------------------------------------------------


def test_it_lists_my_afspraken_as_all_day_events(members, teamplan, els, sevda):
    post = make_teamafspraak(
        teamplan,
        wat="Els doet op zondag de post met Marieke.",
        wie=[els],
        wanneer="elke zondag",
        hoe_weten="Er liggen geen open brieven meer.",
        klaar_op=over(5),
    )
    invallen = make_teamafspraak(
        teamplan, wat="Sevda kookt op woensdag.", wie=[sevda], invallers=[els], klaar_op=over(9)
    )
    make_teamafspraak(teamplan, wat="Sevda fietst mee naar werk.", wie=[sevda], klaar_op=over(3))
    make_teamafspraak(teamplan, wat="Els belt de woningbouw.", wie=[els])  # no date
    gestopt = make_teamafspraak(
        teamplan, wat="Els ruimt de zolder op.", wie=[els], klaar_op=over(4)
    )
    gestopt.beeindigd = timezone.now()
    gestopt.save()

    response = Client().get(agendalink(members[Rol.SUPPORTER]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    cal = lees(response)
    assert str(cal["X-WR-CALNAME"]) == "SoNeStra: Het netwerk van Marieke"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"

    events = per_titel(cal)
    assert set(events) == {
        "Klaar: Els doet op zondag de post met Marieke.",
        "Invallen: Sevda kookt op woensdag.",
    }
    klaar = events["Klaar: Els doet op zondag de post met Marieke."]
    # All day: a date, not a time.
    assert klaar.start == post.klaar_op
    assert klaar.end == post.klaar_op + timedelta(days=1)
    beschrijving = str(klaar["DESCRIPTION"])
    assert "Bij de vraag: Hoe kan ik zelf blijven wonen?" in beschrijving
    assert "Wanneer: elke zondag" in beschrijving
    assert "Hoe weten we dat het lukt: Er liggen geen open brieven meer." in beschrijving
    assert "Hoe gaat het: Nog niet begonnen" in beschrijving
    link = f"http://127.0.0.1:8000/netwerken/{teamplan.netwerk_id}/actieteam/afspraken/{post.pk}/"
    assert link == "http://127.0.0.1:8000" + reverse(
        "actieteam:afspraak", args=[teamplan.netwerk_id, post.pk]
    )
    assert link in beschrijving
    assert str(klaar["URL"]) == link
    assert str(klaar["UID"]) == f"afspraak-{post.pk}@127.0.0.1"

    ander = str(events["Invallen: Sevda kookt op woensdag."]["DESCRIPTION"])
    assert "Jij springt in als het anders loopt. Wie doet het: Sevda" in ander
    assert str(events["Invallen: Sevda kookt op woensdag."]["UID"]) == (
        f"afspraak-{invallen.pk}@127.0.0.1"
    )


def test_a_change_keeps_the_uid_and_raises_the_sequence(members, teamplan, els):
    afspraak = make_teamafspraak(teamplan, wie=[els], klaar_op=over(5))
    url = agendalink(members[Rol.SUPPORTER])
    voor = per_titel(lees(Client().get(url)))
    (event,) = voor.values()

    ok, _voortgang = zet_status(
        afspraak, Status.GELUKT, "", versie=0, user=members[Rol.SUPPORTER], naam="Els"
    )
    assert ok
    na = per_titel(lees(Client().get(url)))
    (event_na,) = na.values()
    assert str(event_na["UID"]) == str(event["UID"])
    assert event_na["SEQUENCE"] > event["SEQUENCE"]
    assert str(event_na["SUMMARY"]).startswith("Gelukt: ")
    assert "Hoe gaat het: Gelukt" in str(event_na["DESCRIPTION"])
    assert event_na["LAST-MODIFIED"].dt >= event["LAST-MODIFIED"].dt


def test_other_plans_and_netwerken_stay_out(members, teamplan, els, supporter, organisatie):
    make_teamafspraak(teamplan, wat="Van het plan van nu.", wie=[els], klaar_op=over(2))
    # An older closed plan of the same Netwerk is not the plan the team works on.
    nu = timezone.now()
    oud_beraad = Beraad.objects.create(
        netwerk=teamplan.netwerk, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    oud = Actieplan.objects.create(
        netwerk=teamplan.netwerk,
        beraad=oud_beraad,
        gepubliceerd=nu,
        vastgesteld=nu - timedelta(days=200),
        planversie=1,
    )
    oud.test_vraag = Vraag.objects.create(
        netwerk=teamplan.netwerk, beraad=oud_beraad, tekst="Oude vraag"
    )
    make_teamafspraak(oud, wat="Van het oude plan.", wie=[els], klaar_op=over(2))
    # Els also takes part in another Netwerk, with an active plan of its own.
    ander = Netwerk.objects.create(titel="Het netwerk van Joost", organisatie=organisatie)
    els_daar = Persoon.objects.create(netwerk=ander, naam="Els")
    Deelname.objects.create(netwerk=ander, user=supporter, rol=Rol.NETWERKLID, persoon=els_daar)
    ander_beraad = Beraad.objects.create(
        netwerk=ander, fase=Beraad.Fase.AFGEROND, datum=nu, afgerond=nu
    )
    ander_plan = Actieplan.objects.create(
        netwerk=ander, beraad=ander_beraad, gepubliceerd=nu, vastgesteld=nu, planversie=1
    )
    ander_plan.test_vraag = Vraag.objects.create(netwerk=ander, beraad=ander_beraad, tekst="?")
    make_teamafspraak(ander_plan, wat="Van Joost.", wie=[els_daar], klaar_op=over(2))

    titels = set(per_titel(lees(Client().get(agendalink(supporter, teamplan.netwerk)))))
    assert titels == {"Klaar: Van het plan van nu."}
    assert set(per_titel(lees(Client().get(agendalink(supporter, ander))))) == {"Klaar: Van Joost."}


def test_the_next_beraad_and_overleg_are_in_the_feed(members, teamplan, els):
    nu = timezone.now()
    netwerk = teamplan.netwerk
    vervolg = Beraad.objects.create(
        netwerk=netwerk, vorige=teamplan.beraad, datum=nu + timedelta(days=30), waar="Bij Els"
    )
    # Later ones, and ones past or without a date, are not "the next".
    Beraad.objects.create(netwerk=netwerk, datum=nu + timedelta(days=90))
    Beraad.objects.create(netwerk=netwerk)
    Overleg.objects.create(netwerk=netwerk, datum=nu - timedelta(days=20))
    overleg = Overleg.objects.create(
        netwerk=netwerk, datum=nu + timedelta(days=7), waar="Wijkcentrum De Linde"
    )
    Overleg.objects.create(netwerk=netwerk, datum=nu + timedelta(days=40))

    cal = lees(Client().get(agendalink(members[Rol.SUPPORTER])))
    events = per_titel(cal)
    assert set(events) == {"Vervolgberaad", "Overleg van het actieteam"}
    beraad_event = events["Vervolgberaad"]
    assert str(beraad_event["UID"]) == f"beraad-{vervolg.pk}@127.0.0.1"
    assert beraad_event.start == vervolg.datum.replace(microsecond=0)
    assert str(beraad_event["LOCATION"]) == "Bij Els"
    overleg_event = events["Overleg van het actieteam"]
    assert str(overleg_event["UID"]) == f"overleg-{overleg.pk}@127.0.0.1"
    assert overleg_event.start == overleg.datum.replace(microsecond=0)
    assert str(overleg_event["LOCATION"]) == "Wijkcentrum De Linde"
    # Timed events come with their time zone.
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_without_a_planned_overleg_the_date_the_last_one_set_shows(members, teamplan):
    nu = timezone.now()
    netwerk = teamplan.netwerk
    # An older overleg's "volgende" is replaced by the last one's.
    Overleg.objects.create(
        netwerk=netwerk, datum=nu - timedelta(days=40), volgende=nu + timedelta(days=3)
    )
    laatste = Overleg.objects.create(
        netwerk=netwerk, datum=nu - timedelta(days=10), volgende=nu + timedelta(days=14)
    )
    url = agendalink(members[Rol.NETWERKLID])
    (event,) = lees(Client().get(url)).walk("VEVENT")
    assert str(event["UID"]) == f"overleg-{laatste.pk}-volgende@127.0.0.1"
    assert event.start == laatste.volgende.replace(microsecond=0)
    # Once that date has passed there is no next overleg.
    Overleg.objects.filter(pk=laatste.pk).update(volgende=nu - timedelta(hours=1))
    assert lees(Client().get(url)).walk("VEVENT") == []


def test_the_vervolgdatum_shows_while_no_vervolgberaad_is_planned(members, teamplan):
    Actieplan.objects.filter(pk=teamplan.pk).update(vervolgdatum=over(60))
    (event,) = lees(Client().get(agendalink(members[Rol.HOOFDPERSOON]))).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Samen terugkijken: vervolgberaad"
    assert event.start == over(60)


def test_a_facilitator_without_a_persoon_gets_the_dates_only(members, teamplan, els):
    make_teamafspraak(teamplan, wie=[els], klaar_op=over(2))
    Overleg.objects.create(netwerk=teamplan.netwerk, datum=timezone.now() + timedelta(days=2))
    events = per_titel(lees(Client().get(agendalink(members[Rol.FACILITATOR]))))
    assert set(events) == {"Overleg van het actieteam"}


def test_a_professional_gets_their_own_afspraken(members, teamplan):
    ahmed = persoon_van(members[Rol.PROFESSIONAL])
    make_teamafspraak(
        teamplan, wat="Ahmed helpt met de huurtoeslag.", wie=[ahmed], klaar_op=over(8), soort=2
    )
    events = per_titel(lees(Client().get(agendalink(members[Rol.PROFESSIONAL]))))
    assert set(events) == {"Klaar: Ahmed helpt met de huurtoeslag."}


def test_no_story_perspective_or_status_note_in_the_feed(members, teamplan, els):
    Verhaal.objects.create(
        netwerk=teamplan.netwerk, tekst="GEHEIM-VERHAAL", zichtbaarheid="netwerk"
    )
    afspraak = make_teamafspraak(teamplan, wie=[els], klaar_op=over(2))
    zet_status(afspraak, Status.LUKT_NIET, "GEHEIME-NOTITIE", versie=0, user=None, naam="Els")
    els.notities = "GEHEIME-NOTITIES"
    els.save()
    inhoud = Client().get(agendalink(members[Rol.SUPPORTER])).content
    assert b"GEHEIM" not in inhoud
    (event,) = Calendar.from_ical(inhoud).walk("VEVENT")
    assert "Hoe gaat het: Lukt niet, hulp nodig" in str(event["DESCRIPTION"])


def test_each_fetch_is_logged_as_an_export_by_the_member(members, teamplan, els):
    url = agendalink(members[Rol.SUPPORTER])
    voor = Toegangslog.objects.count()
    Client().get(url)
    assert Toegangslog.objects.count() == voor + 1
    regel = Toegangslog.objects.order_by("-pk").first()
    assert regel.actie == Toegangslog.Actie.EXPORT
    assert regel.user == members[Rol.SUPPORTER]
    assert regel.gebruikersnaam == "els"
    assert regel.rol == Rol.SUPPORTER
    assert regel.netwerk_id == teamplan.netwerk_id
    assert regel.uitkomst == Toegangslog.Uitkomst.TOEGESTAAN
    # The token is the key: it never lands in the log.
    assert url.split("/")[-1].removesuffix(".ics") not in regel.onderwerp


def _weigert(url: str) -> None:
    voor = Toegangslog.objects.count()
    response = Client().get(url)
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-store"
    assert "Deze agendalink werkt niet meer" in response.content.decode()
    assert Toegangslog.objects.count() == voor + 1
    regel = Toegangslog.objects.order_by("-pk").first()
    assert regel.actie == Toegangslog.Actie.EXPORT
    assert regel.uitkomst == Toegangslog.Uitkomst.GEWEIGERD
    assert regel.netwerk_id is None and regel.user is None


def test_a_renewed_revoked_or_ended_link_answers_404(members, teamplan, netwerk):
    supporter = members[Rol.SUPPORTER]
    oud = agendalink(supporter)
    nieuw = agendalink(supporter)  # a new link ends the old one
    _weigert(oud)
    assert Client().get(nieuw).status_code == 200
    _weigert(reverse("actieteam_agenda", args=["verzonnen-token"]))

    # Revoked: the member's settings no longer hold a link.
    Lidinstelling.objects.filter(deelname__user=supporter).update(agenda_hash=None)
    _weigert(nieuw)

    # Access ended, or the Netwerk archived: the link stops too.
    link = agendalink(members[Rol.NETWERKLID])
    Deelname.objects.filter(user=members[Rol.NETWERKLID]).update(beeindigd=timezone.now())
    _weigert(link)
    link = agendalink(members[Rol.HOOFDPERSOON])
    assert Client().get(link).status_code == 200
    Netwerk.objects.filter(pk=netwerk.pk).update(gearchiveerd=timezone.now())
    _weigert(link)


def test_only_get_reads_the_feed(members, teamplan):
    url = agendalink(members[Rol.SUPPORTER])
    assert Client().post(url).status_code == 405


@pytest.mark.parametrize("aantal", [3, 40])
def test_the_feed_costs_the_same_queries_at_any_size(
    members, teamplan, els, sevda, aantal, django_assert_num_queries
):
    for n in range(aantal):
        make_teamafspraak(
            teamplan,
            wat=f"Afspraak {n}",
            wie=[els, sevda] if n % 2 else [els],
            invallers=[sevda],
            klaar_op=over(n),
        )
    nu = timezone.now()
    Beraad.objects.create(netwerk=teamplan.netwerk, datum=nu + timedelta(days=30))
    Overleg.objects.create(netwerk=teamplan.netwerk, datum=nu + timedelta(days=3))
    url = agendalink(members[Rol.SUPPORTER])
    client = Client()
    # 1 link + member + Netwerk, 1 active plan, 3 afspraken (with vraag and voortgang,
    # wie, invallers), 1 next beraad, 1 next overleg, 1 access-log line.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(lees(response).walk("VEVENT")) == aantal + 2


# --- E-mails off --------------------------------------------------------------------------


def uit_url(user) -> str:
    deelname = Deelname.objects.get(user=user, beeindigd__isnull=True)
    return reverse("actieteam_mail_uit", args=[mail.uit_token(deelname.pk)])


def mail_staat_aan(user) -> bool:
    instelling = Lidinstelling.objects.filter(deelname__user=user).first()
    return instelling is None or instelling.mail


def test_opening_the_link_changes_nothing(members):
    url = uit_url(members[Rol.NETWERKLID])
    response = Client().get(url)
    assert response.status_code == 200
    pagina = response.content.decode()
    assert "Zet e-mails uit" in pagina
    assert 'method="post"' in pagina
    assert "Het netwerk van Marieke" in pagina
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    assert response["X-Robots-Tag"] == "noindex"
    assert mail_staat_aan(members[Rol.NETWERKLID])
    assert not Lidinstelling.objects.exists()
    regel = Toegangslog.objects.order_by("-pk").first()
    assert (regel.actie, regel.user) == (Toegangslog.Actie.READ, members[Rol.NETWERKLID])


def test_the_button_switches_the_e_mails_off(members):
    sevda = members[Rol.NETWERKLID]
    url = uit_url(sevda)
    client = Client(enforce_csrf_checks=True)
    pagina = client.get(url).content.decode()
    csrf = pagina.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(url, {"csrfmiddlewaretoken": csrf})
    assert response.status_code == 302
    assert response["Location"] == url
    assert not mail_staat_aan(sevda)
    instelling = Lidinstelling.objects.get(deelname__user=sevda)
    assert instelling.netwerk_id == instelling.deelname.netwerk_id
    regel = Toegangslog.objects.order_by("-pk").first()
    assert (regel.actie, regel.user, regel.rol) == (
        Toegangslog.Actie.UPDATE,
        sevda,
        Rol.NETWERKLID,
    )
    assert regel.netwerk_id == instelling.netwerk_id

    klaar = client.get(url)
    assert klaar.status_code == 200
    tekst = klaar.content.decode()
    assert "E-mails staan uit" in tekst
    assert reverse("actieteam:instellingen", args=[instelling.netwerk_id]) in tekst
    assert 'method="post"' not in tekst.split("<main")[1].split("</main>")[0]


def test_the_button_keeps_the_calendar_link(members, teamplan):
    els = members[Rol.SUPPORTER]
    link = agendalink(els)
    Client().post(uit_url(els))
    assert not mail_staat_aan(els)
    assert Client().get(link).status_code == 200


def test_switching_off_needs_csrf(members):
    url = uit_url(members[Rol.NETWERKLID])
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    assert mail_staat_aan(members[Rol.NETWERKLID])


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_bad_link_gets_a_clear_page(members, methode):
    deelname = Deelname.objects.get(user=members[Rol.NETWERKLID])
    goed = mail.uit_token(deelname.pk)
    slecht = [
        "verzonnen",
        goed[:-2] + ("AA" if not goed.endswith("AA") else "BB"),  # changed signature
        mail.uit_token(999_999),  # signed, but nobody
        signing.dumps(deelname.pk),  # signed for something else
        signing.dumps("tekst", salt="actieteam.mail-uit"),
    ]
    for token in slecht:
        response = getattr(Client(), methode)(reverse("actieteam_mail_uit", args=[token]))
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.content.decode()
    assert mail_staat_aan(members[Rol.NETWERKLID])
    assert not Lidinstelling.objects.exists()


def test_an_ended_deelname_has_no_e_mails_to_switch_off(members):
    url = uit_url(members[Rol.NETWERKLID])
    Deelname.objects.filter(user=members[Rol.NETWERKLID]).update(beeindigd=timezone.now())
    assert Client().post(url).status_code == 404
    assert not Lidinstelling.objects.exists()


def test_a_second_member_in_another_netwerk_is_not_touched(members, netwerk, organisatie):
    sevda = members[Rol.NETWERKLID]
    ander = Netwerk.objects.create(titel="Het netwerk van Joost", organisatie=organisatie)
    elders = Deelname.objects.create(netwerk=ander, user=sevda, rol=Rol.NETWERKLID)
    Client().post(reverse("actieteam_mail_uit", args=[mail.uit_token(elders.pk)]))
    assert Lidinstelling.objects.get(deelname=elders).mail is False
    hier = Deelname.objects.get(user=sevda, netwerk=netwerk)
    assert not Lidinstelling.objects.filter(deelname=hier).exists()


def test_the_opt_out_pages_cost_few_queries(members, django_assert_num_queries):
    url = uit_url(members[Rol.NETWERKLID])
    client = Client()
    # member + Netwerk + login + settings, access-log line.
    with django_assert_num_queries(2):
        client.get(url)
    # member; settings made by update_or_create (savepoint, select, savepoint, insert,
    # release, release); access-log line.
    with django_assert_num_queries(8):
        client.post(url)

"""`manage.py herinneringen`: reminders before a due date and "lukt niet" meldingen to the
aanspreekpunt, each sent once however often cron runs it."""

from __future__ import annotations

import io
import smtplib
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actieteam import mail
from actieteam.models import Herinnering, Lidinstelling, Status, Statuswijziging
from actieteam.team import zet_status
from beraad.models import Actieplan
from sonestra.core.models import Deelname, Netwerk, Persoon
from tests.conftest import make_teamafspraak

VANDAAG = date(2026, 3, 10)  # a Tuesday
SITE = "http://127.0.0.1:8000"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("herinneringen", "--vandaag", VANDAAG.isoformat(), *args, stdout=out)
    return out.getvalue()


def deelname_van(user) -> Deelname:
    return Deelname.objects.get(user=user, beeindigd__isnull=True)


@pytest.fixture
def els(supporter) -> Persoon:
    supporter.email = "els@example.org"
    supporter.save()
    return deelname_van(supporter).persoon


@pytest.fixture
def sevda(netwerklid) -> Persoon:
    netwerklid.email = "sevda@example.org"
    netwerklid.save()
    return deelname_van(netwerklid).persoon


def op(dagen: int) -> date:
    return VANDAAG + timedelta(days=dagen)


# --- Reminders --------------------------------------------------------------------------


def test_it_reminds_the_person_once(teamplan, els, supporter, mailoutbox):
    afspraak = make_teamafspraak(
        teamplan, wat="Els doet de post met Marieke.", wie=[els], wanneer="zondag", klaar_op=op(2)
    )
    uitvoer = run()
    assert "Herinneringen (2026-03-10, 2 dagen vooruit): 1 verstuurd" in uitvoer
    (bericht,) = mailoutbox
    assert bericht.to == ["els@example.org"]
    assert bericht.subject == "Herinnering: je afspraak voor donderdag 12 maart"
    tekst = bericht.body
    assert tekst.startswith("Hallo Els,")
    assert "Els doet de post met Marieke." in tekst
    assert "Klaar op: donderdag 12 maart" in tekst
    assert "Wanneer: zondag" in tekst
    assert "Je hebt een afspraak die binnenkort klaar moet zijn." in tekst
    afspraak_url = SITE + reverse("actieteam:afspraak", args=[teamplan.netwerk_id, afspraak.pk])
    mijn_url = SITE + reverse("actieteam:mijn", args=[teamplan.netwerk_id])
    uit_url = mail.uit_url(deelname_van(supporter).pk)
    assert afspraak_url in tekst and mijn_url in tekst and uit_url in tekst
    assert bericht.extra_headers["List-Unsubscribe"] == f"<{uit_url}>"
    ((html, soort),) = bericht.alternatives
    assert soort == "text/html"
    assert f'href="{afspraak_url}"' in html and f'href="{uit_url}"' in html
    herinnering = Herinnering.objects.get()
    assert (herinnering.afspraak, herinnering.user, herinnering.klaar_op) == (
        afspraak,
        supporter,
        op(2),
    )

    # Cron runs again (and again): nothing new goes out.
    assert "0 verstuurd" in run()
    run()
    assert len(mailoutbox) == 1


def test_the_opt_out_link_in_the_e_mail_works(client, teamplan, els, supporter, mailoutbox):
    make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    run()
    uit = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix(SITE)
    assert client.get(uit).status_code == 200
    client.post(uit)
    assert Lidinstelling.objects.get(deelname__user=supporter).mail is False


def test_one_e_mail_names_all_of_a_persons_afspraken(teamplan, els, sevda, mailoutbox):
    make_teamafspraak(teamplan, wat="De post.", wie=[els], klaar_op=op(0))
    make_teamafspraak(teamplan, wat="Samen koken.", wie=[els, sevda], klaar_op=op(1))
    make_teamafspraak(teamplan, wat="Invallen telt niet.", wie=[sevda], invallers=[els])
    run()
    per_adres = {m.to[0]: m for m in mailoutbox}
    assert set(per_adres) == {"els@example.org", "sevda@example.org"}
    els_mail = per_adres["els@example.org"]
    assert els_mail.subject == "Herinnering: 2 afspraken zijn bijna klaar"
    assert "De post." in els_mail.body and "Samen koken." in els_mail.body
    assert "Invallen telt niet." not in els_mail.body
    assert "Hallo Sevda," in per_adres["sevda@example.org"].body
    assert Herinnering.objects.count() == 3


def test_the_window_is_today_up_to_the_setting(settings, teamplan, els, mailoutbox):
    make_teamafspraak(teamplan, wat="Gisteren.", wie=[els], klaar_op=op(-1))
    make_teamafspraak(teamplan, wat="Over drie dagen.", wie=[els], klaar_op=op(3))
    make_teamafspraak(teamplan, wat="Zonder datum.", wie=[els])
    run()
    assert mailoutbox == []
    settings.HERINNERING_DAGEN = 3
    assert "3 dagen vooruit" in run()
    (bericht,) = mailoutbox
    assert "Over drie dagen." in bericht.body and "Gisteren." not in bericht.body


def test_a_moved_date_is_reminded_again(teamplan, els, mailoutbox):
    afspraak = make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    run()
    afspraak.klaar_op = op(2)
    afspraak.save()
    run()
    assert len(mailoutbox) == 2
    assert "Klaar op: donderdag 12 maart" in mailoutbox[1].body
    assert sorted(Herinnering.objects.values_list("klaar_op", flat=True)) == [op(1), op(2)]


@pytest.mark.parametrize("status", [Status.NOG_NIET, Status.BEZIG, Status.LUKT_NIET])
def test_anything_not_done_is_reminded(teamplan, els, supporter, mailoutbox, status):
    afspraak = make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    zet_status(afspraak, status, "", versie=0, user=supporter, naam="Els")
    run()
    assert len(mailoutbox) == 1


def test_no_reminder_when_it_is_done_or_ended(teamplan, els, supporter, mailoutbox):
    gelukt = make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    zet_status(gelukt, Status.GELUKT, "", versie=0, user=supporter, naam="Els")
    gestopt = make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    gestopt.beeindigd = timezone.now()
    gestopt.save()
    run()
    assert mailoutbox == []
    assert not Herinnering.objects.exists()


def test_no_reminder_for_an_old_plan_or_an_archived_netwerk(teamplan, els, netwerk, mailoutbox):
    make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))
    Netwerk.objects.filter(pk=netwerk.pk).update(gearchiveerd=timezone.now())
    run()
    assert mailoutbox == []
    Netwerk.objects.filter(pk=netwerk.pk).update(gearchiveerd=None)
    # A newer beraad closed: the team works on its plan now, not this one.
    from beraad.models import Beraad

    nieuw = Beraad.objects.create(netwerk=netwerk, fase=Beraad.Fase.AFGEROND)
    Actieplan.objects.create(
        netwerk=netwerk, beraad=nieuw, vastgesteld=timezone.now() + timedelta(seconds=1)
    )
    run()
    assert mailoutbox == []


def test_who_gets_no_reminder(teamplan, els, sevda, supporter, netwerklid, mailoutbox):
    make_teamafspraak(teamplan, wie=[els, sevda], klaar_op=op(1))
    # Els switched the e-mails off; Sevda's access ended.
    Lidinstelling.objects.create(
        deelname=deelname_van(supporter), netwerk=teamplan.netwerk, mail=False
    )
    Deelname.objects.filter(user=netwerklid).update(beeindigd=timezone.now())
    # Someone in the plan without a login, and a login without an address.
    zonder_login = Persoon.objects.create(netwerk=teamplan.netwerk, naam="Kees", email="k@x.nl")
    make_teamafspraak(teamplan, wie=[zonder_login], klaar_op=op(1))
    run()
    assert mailoutbox == []

    # With the e-mails on again (an instelling that says so), Els gets hers.
    Lidinstelling.objects.filter(deelname__user=supporter).update(mail=True)
    supporter.email = ""
    supporter.save()
    run()
    assert mailoutbox == []
    supporter.email = "els@example.org"
    supporter.save()
    run()
    assert [m.to for m in mailoutbox] == [["els@example.org"]]


def test_dry_run_sends_and_records_nothing(teamplan, els, mailoutbox):
    make_teamafspraak(teamplan, wat="De post.", wie=[els], klaar_op=op(1))
    uitvoer = run("--dry-run")
    assert "Herinnering aan els@example.org (Het netwerk van Marieke): De post." in uitvoer
    assert "1 zou versturen" in uitvoer
    assert mailoutbox == []
    assert not Herinnering.objects.exists()
    run()
    assert len(mailoutbox) == 1


def test_a_reminder_another_run_took_is_not_sent_again(teamplan, els, supporter, mailoutbox):
    eerste = make_teamafspraak(teamplan, wat="Eerste.", wie=[els], klaar_op=op(1))
    make_teamafspraak(teamplan, wat="Tweede.", wie=[els], klaar_op=op(1))
    (klaar,) = mail.herinneringsmails(VANDAAG, 2)
    # Between looking and sending, another run wrote the first one.
    Herinnering.objects.create(
        netwerk=teamplan.netwerk, afspraak=eerste, user=supporter, klaar_op=op(1)
    )
    eigen = mail._neem_herinneringen(klaar)
    assert set(eigen) == {a.pk for a in klaar.afspraken} - {eerste.pk}
    assert Herinnering.objects.count() == 2


def test_a_refused_e_mail_is_tried_again_next_run(teamplan, els, mailoutbox, monkeypatch):
    make_teamafspraak(teamplan, wie=[els], klaar_op=op(1))

    def weigert(self, berichten):
        raise smtplib.SMTPServerDisconnected("weg")

    from django.core.mail.backends.locmem import EmailBackend

    with monkeypatch.context() as m:
        m.setattr(EmailBackend, "send_messages", weigert)
        with pytest.raises(CommandError):
            run()
    assert not Herinnering.objects.exists()
    run()
    assert len(mailoutbox) == 1


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("herinneringen", "--vandaag", "morgen", stdout=io.StringIO())


@pytest.mark.parametrize("aantal", [3, 40])
def test_reminders_cost_the_same_queries_at_any_size(
    teamplan, els, sevda, aantal, django_assert_num_queries, mailoutbox
):
    for n in range(aantal):
        make_teamafspraak(teamplan, wat=f"Afspraak {n}", wie=[els, sevda], klaar_op=op(n % 3))
    # Reminders: afspraken, wie, logins, earlier reminders; per e-mail (2): insert, read
    # back. Meldingen: the changes to tell (none here).
    with django_assert_num_queries(4 + 2 * 2 + 1):
        run()
    assert len(mailoutbox) == 2
    assert Herinnering.objects.count() == 2 * aantal


# --- Meldingen: "lukt niet" to the aanspreekpunt ------------------------------------------


@pytest.fixture
def aanspreekpunt_els(teamplan, els):
    Actieplan.objects.filter(pk=teamplan.pk).update(aanspreekpunt=els)
    teamplan.aanspreekpunt = els
    return els


def lukt_niet(afspraak, user, naam: str, notitie: str = "Mijn fiets is kapot.", versie=0):
    ok, voortgang = zet_status(
        afspraak, Status.LUKT_NIET, notitie, versie=versie, user=user, naam=naam
    )
    assert ok
    return voortgang


def test_the_aanspreekpunt_hears_once_when_something_does_not_work(
    teamplan, aanspreekpunt_els, sevda, supporter, netwerklid, mailoutbox
):
    afspraak = make_teamafspraak(
        teamplan, wat="Sevda fietst mee naar werk.", wie=[sevda], klaar_op=op(30)
    )
    lukt_niet(afspraak, netwerklid, "Sevda")
    uitvoer = run()
    assert "Meldingen 'lukt niet': 1 verstuurd" in uitvoer
    (bericht,) = mailoutbox
    assert bericht.to == ["els@example.org"]
    assert bericht.subject == "Lukt niet: Sevda heeft hulp nodig bij een afspraak"
    tekst = bericht.body
    assert tekst.startswith("Hallo Els,")
    assert "Sevda heeft bij een afspraak gezet: lukt niet, hulp nodig." in tekst
    assert "Netwerk: Het netwerk van Marieke" in tekst
    assert "Afspraak: Sevda fietst mee naar werk." in tekst
    assert "Notitie: Mijn fiets is kapot." in tekst
    assert SITE + reverse("actieteam:afspraak", args=[teamplan.netwerk_id, afspraak.pk]) in tekst
    uit = mail.uit_url(deelname_van(supporter).pk)
    assert uit in tekst
    assert bericht.extra_headers["List-Unsubscribe"] == f"<{uit}>"
    assert Statuswijziging.objects.get(naar=Status.LUKT_NIET).gemeld is not None

    run()
    assert len(mailoutbox) == 1


def test_user_text_is_escaped_in_the_html_version(
    teamplan, aanspreekpunt_els, sevda, netwerklid, mailoutbox
):
    afspraak = make_teamafspraak(teamplan, wat="<script>x</script>", wie=[sevda])
    lukt_niet(afspraak, netwerklid, "<b>Sevda</b>", notitie="<img src=x>")
    run()
    ((html, _soort),) = mailoutbox[0].alternatives
    assert "<script>" not in html and "<img" not in html and "<b>Sevda" not in html
    assert "&lt;script&gt;" in html
    # The plain text is plain.
    assert "<script>x</script>" in mailoutbox[0].body


def test_not_when_the_aanspreekpunt_did_it_themselves(
    teamplan, aanspreekpunt_els, els, supporter, mailoutbox
):
    afspraak = make_teamafspraak(teamplan, wie=[els])
    lukt_niet(afspraak, supporter, "Els")
    assert "1 zonder e-mail afgehandeld" in run()
    assert mailoutbox == []
    assert Statuswijziging.objects.get().gemeld is not None


def test_not_when_the_status_moved_on_before_the_run(
    teamplan, aanspreekpunt_els, sevda, netwerklid, mailoutbox
):
    afspraak = make_teamafspraak(teamplan, wie=[sevda])
    lukt_niet(afspraak, netwerklid, "Sevda")
    zet_status(
        afspraak,
        Status.BEZIG,
        "Toch gelukt met een leenfiets.",
        versie=1,
        user=netwerklid,
        naam="Sevda",
    )
    run()
    assert mailoutbox == []
    assert not Statuswijziging.objects.filter(naar=Status.LUKT_NIET, gemeld__isnull=True).exists()


def test_several_changes_of_one_afspraak_make_one_melding(
    teamplan, aanspreekpunt_els, sevda, netwerklid, mailoutbox
):
    afspraak = make_teamafspraak(teamplan, wie=[sevda])
    lukt_niet(afspraak, netwerklid, "Sevda", notitie="Eerst.")
    lukt_niet(afspraak, netwerklid, "Sevda", notitie="Nu echt niet.", versie=1)
    run()
    (bericht,) = mailoutbox
    assert "Notitie: Nu echt niet." in bericht.body
    assert not Statuswijziging.objects.filter(gemeld__isnull=True).exists()


def test_without_a_login_the_persoon_address_is_used(teamplan, sevda, netwerklid, mailoutbox):
    kees = Persoon.objects.create(netwerk=teamplan.netwerk, naam="Kees Bakker", email="kees@x.nl")
    Actieplan.objects.filter(pk=teamplan.pk).update(aanspreekpunt=kees)
    lukt_niet(make_teamafspraak(teamplan, wie=[sevda]), netwerklid, "Sevda")
    run()
    (bericht,) = mailoutbox
    assert bericht.to == ["kees@x.nl"]
    assert bericht.body.startswith("Hallo Kees,")
    assert "List-Unsubscribe" not in bericht.extra_headers
    assert "Bel of app Sevda" in bericht.body


def test_a_login_without_an_address_falls_back_to_the_persoon(
    teamplan, aanspreekpunt_els, els, supporter, sevda, netwerklid, mailoutbox
):
    supporter.email = ""
    supporter.save()
    Persoon.objects.filter(pk=els.pk).update(email="els.thuis@example.org")
    lukt_niet(make_teamafspraak(teamplan, wie=[sevda]), netwerklid, "Sevda")
    run()
    (bericht,) = mailoutbox
    assert bericht.to == ["els.thuis@example.org"]
    assert "List-Unsubscribe" in bericht.extra_headers


def test_an_aanspreekpunt_who_switched_e_mails_off_gets_none(
    teamplan, aanspreekpunt_els, supporter, sevda, netwerklid, mailoutbox
):
    Lidinstelling.objects.create(
        deelname=deelname_van(supporter), netwerk=teamplan.netwerk, mail=False
    )
    Persoon.objects.filter(pk=aanspreekpunt_els.pk).update(email="els.thuis@example.org")
    lukt_niet(make_teamafspraak(teamplan, wie=[sevda]), netwerklid, "Sevda")
    run()
    assert mailoutbox == []


def test_dry_run_neither_sends_nor_marks(
    teamplan, aanspreekpunt_els, sevda, netwerklid, mailoutbox
):
    lukt_niet(make_teamafspraak(teamplan, wat="Fietsen.", wie=[sevda]), netwerklid, "Sevda")
    uitvoer = run("--dry-run")
    assert (
        "Melding aan els@example.org (Het netwerk van Marieke): lukt niet bij Fietsen." in uitvoer
    )
    assert mailoutbox == []
    assert Statuswijziging.objects.get().gemeld is None


def test_two_runs_at_once_send_a_melding_once(
    teamplan, aanspreekpunt_els, sevda, netwerklid, mailoutbox, monkeypatch
):
    lukt_niet(make_teamafspraak(teamplan, wie=[sevda]), netwerklid, "Sevda")
    # The second run looked before the first one claimed the row.
    gezien = mail.meldingen()
    run()
    monkeypatch.setattr(mail, "meldingen", lambda: gezien)
    assert mail.stuur_meldingen().verstuurd == 0
    assert len(mailoutbox) == 1


def test_meldingen_cost_a_constant_per_e_mail(
    teamplan, aanspreekpunt_els, sevda, netwerklid, django_assert_num_queries, mailoutbox
):
    for _ in range(12):
        lukt_niet(make_teamafspraak(teamplan, wie=[sevda]), netwerklid, "Sevda")
    # Reminders: afspraken (none due). Meldingen: the changes, the aanspreekpunt's logins;
    # per e-mail: the claim.
    with django_assert_num_queries(1 + 2 + 12):
        run()
    assert len(mailoutbox) == 12

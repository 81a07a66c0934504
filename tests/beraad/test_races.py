"""A write to the plan and closing the beraad take turns: the write locks the beraad and
asks again whether it may write, and closing checks the akkoord under the same lock."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import beraad.views.live as live
from beraad.models import Actieplan, Afspraak, Beraad
from beraad.plan import geef_akkoord, rond_af
from tests.beraad.test_live import afspraak_data, url, zet_fase
from tests.conftest import make_afspraak

Fase = Beraad.Fase


def _sluit_net_ervoor(monkeypatch, beraad):
    """Someone closes the beraad after the view's first check, before its write."""
    echte = live.vergrendel

    def eerst_afgerond(b):
        Beraad.objects.filter(pk=beraad.pk).update(fase=Fase.AFGEROND)
        echte(b)

    monkeypatch.setattr(live, "vergrendel", eerst_afgerond)


def test_an_afspraak_saved_while_the_beraad_closes_is_refused_with_the_text_kept(
    client, monkeypatch, supporter, beraad, vraag
):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    _sluit_net_ervoor(monkeypatch, beraad)
    client.force_login(supporter)
    data = afspraak_data(vraag, wat="Tekst die ik net typte.")
    html = client.post(url("afspraak_nieuw", beraad), data).content.decode()
    assert not Afspraak.objects.exists()
    assert "Dit beraad is afgerond." in html and "Tekst die ik net typte." in html


def test_a_change_while_the_beraad_closes_is_refused(client, monkeypatch, supporter, beraad, vraag):
    geheim = make_afspraak(beraad, vraag)
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    _sluit_net_ervoor(monkeypatch, beraad)
    client.force_login(supporter)
    data = afspraak_data(vraag, geheim, wat="Veranderd na het afronden.")
    client.post(url("afspraak", beraad, geheim.pk), data)
    geheim.refresh_from_db()
    assert geheim.wat != "Veranderd na het afronden."
    response = client.post(
        url("afspraak_verwijderen", beraad, geheim.pk),
        {"bevestigd": "ja", "versie": geheim.versie},
    )
    assert response.status_code == 302 and Afspraak.objects.filter(pk=geheim.pk).exists()


def test_closing_needs_an_akkoord_on_the_plan_as_it_is_under_the_lock(supporter, beraad):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    plan = beraad.plan
    plan.vervolgdatum = timezone.localdate() + timedelta(days=30)
    plan.save()
    geef_akkoord(plan, naam="Els", user=supporter)
    # An afspraak saved between the view's akkoord check and the close.
    Actieplan.objects.filter(pk=plan.pk).update(inhoud=plan.inhoud + 1)
    assert rond_af(beraad, plan, supporter) is None
    beraad.refresh_from_db()
    assert beraad.fase == Fase.AFSLUITING

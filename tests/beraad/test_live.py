"""Het beraad, live: phases, eigen tijd, the polled region, writing the plan, akkoord, afsluiten.

Eigen tijd is the point of this file: until the family shares the plan, the facilitator
and the professional see no afspraak in any view, and the access layer itself gives them
none.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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
from beraad.toegang import afspraak_van
from netwerkkompas.models import Compliment
from sonestra.core.access import find_toegang
from sonestra.core.models import Netwerk, Persoon, Toegangslog
from sonestra.core.roles import Rol
from tests.conftest import make_afspraak
from tests.core.test_query_counts import BASE, grow

Fase = Beraad.Fase
FAMILIE = [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID]
STAF = [Rol.FACILITATOR, Rol.PROFESSIONAL]
EIGEN_TIJD_TEKST = (
    "Eigen tijd: de familie praat en schrijft het plan. Je ziet het plan zodra de familie "
    "het deelt."
)


def url(name: str, beraad: Beraad, *extra) -> str:
    return reverse(f"beraad:{name}", args=[beraad.netwerk_id, beraad.pk, *extra])


def zet_fase(beraad: Beraad, fase: str, *, gedeeld: bool = False) -> Beraad:
    """Put the beraad in a phase, with the plan shared with the professionals or not."""
    Beraad.objects.filter(pk=beraad.pk).update(fase=fase)
    Actieplan.objects.filter(beraad=beraad).update(gepubliceerd=timezone.now() if gedeeld else None)
    beraad.refresh_from_db()
    beraad.plan.refresh_from_db()
    return beraad


def afspraak_data(vraag: Vraag, afspraak: Afspraak | None = None, **fields) -> dict:
    """What the afspraak form posts; for an existing one, as opened at its version."""
    data = {
        "vraag": vraag.pk,
        "soort": 1,
        "wat": "Els doet boodschappen.",
        "wie": [],
        "wanneer": "",
        "klaar_op": "",
        "hoe_weten": "",
        "invallers": [],
        "kosten": "",
        "kosten_per": "",
        "versie": "",
    }
    if afspraak is not None:
        data.update(
            vraag=afspraak.vraag_id,
            soort=afspraak.soort,
            wat=afspraak.wat,
            wie=[p.pk for p in afspraak.wie.all()],
            invallers=[p.pk for p in afspraak.invallers.all()],
            wanneer=afspraak.wanneer,
            hoe_weten=afspraak.hoe_weten,
            versie=afspraak.versie,
        )
    return {**data, **fields}


def logs(user, **filters):
    return Toegangslog.objects.filter(user=user, **filters)


@pytest.fixture
def oma(netwerk) -> Persoon:
    return Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")


@pytest.fixture
def voorwaarde(beraad) -> Voorwaarde:
    return Voorwaarde.objects.create(
        netwerk=beraad.netwerk,
        beraad=beraad,
        soort=Voorwaarde.Soort.VOORWAARDE,
        thema=Voorwaarde.Thema.VEILIGHEID,
        tekst="Er is elke avond iemand bij Marieke.",
    )


@pytest.fixture
def geheim(beraad, vraag) -> Afspraak:
    """An afspraak in the draft plan: staff must not see it during eigen tijd."""
    return make_afspraak(beraad, vraag, "Tante Ria kookt elke woensdag.")


# --- Phases ------------------------------------------------------------------------------


def test_the_facilitator_walks_the_phases_into_eigen_tijd_but_not_out(client, facilitator, beraad):
    client.force_login(facilitator)
    stempel = beraad.stempel
    for fase, volgende in [
        (Fase.VOORBEREIDING, Fase.WELKOM),
        (Fase.WELKOM, Fase.INFORMATIE),
        (Fase.INFORMATIE, Fase.EIGEN_TIJD),
    ]:
        response = client.post(url("fase", beraad), {"richting": "volgende", "van": fase})
        assert response.status_code == 302 and response["Location"] == url("live", beraad)
        beraad.refresh_from_db()
        assert beraad.fase == volgende
    assert beraad.gestart is not None
    assert beraad.stempel == stempel + 3
    # Out of eigen tijd: neither way; only the family ends it by sharing the plan.
    for richting in ("volgende", "vorige"):
        response = client.post(
            url("fase", beraad), {"richting": richting, "van": Fase.EIGEN_TIJD}, follow=True
        )
        assert "De eigen tijd is van de familie." in response.content.decode()
    beraad.refresh_from_db()
    assert beraad.fase == Fase.EIGEN_TIJD
    assert logs(facilitator, actie="U", uitkomst="toegestaan").count() == 5


def test_the_facilitator_goes_back_but_not_from_presentatie_into_eigen_tijd(
    client, facilitator, beraad
):
    client.force_login(facilitator)
    zet_fase(beraad, Fase.INFORMATIE)
    client.post(url("fase", beraad), {"richting": "vorige", "van": Fase.INFORMATIE})
    beraad.refresh_from_db()
    assert beraad.fase == Fase.WELKOM
    client.post(url("fase", beraad), {"richting": "vorige", "van": Fase.WELKOM})
    beraad.refresh_from_db()
    assert (beraad.fase, beraad.gestart) == (Fase.VOORBEREIDING, None)

    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    response = client.post(
        url("fase", beraad), {"richting": "vorige", "van": Fase.PRESENTATIE}, follow=True
    )
    assert "Terug naar de eigen tijd kan alleen de familie." in response.content.decode()
    client.post(url("fase", beraad), {"richting": "volgende", "van": Fase.PRESENTATIE})
    beraad.refresh_from_db()
    assert beraad.fase == Fase.AFSLUITING
    response = client.post(
        url("fase", beraad), {"richting": "volgende", "van": Fase.AFSLUITING}, follow=True
    )
    assert "rond het beraad af" in response.content.decode()
    client.post(url("fase", beraad), {"richting": "vorige", "van": Fase.AFSLUITING})
    beraad.refresh_from_db()
    assert beraad.fase == Fase.PRESENTATIE


def test_a_double_tap_moves_one_phase(client, facilitator, beraad):
    client.force_login(facilitator)
    zet_fase(beraad, Fase.WELKOM)
    for _ in range(2):
        client.post(url("fase", beraad), {"richting": "volgende", "van": Fase.WELKOM})
    beraad.refresh_from_db()
    assert beraad.fase == Fase.INFORMATIE


@pytest.mark.parametrize("rol", [*FAMILIE, Rol.PROFESSIONAL, Rol.COORDINATOR])
def test_only_the_facilitator_moves_the_phases(client, members, beraad, rol):
    zet_fase(beraad, Fase.WELKOM)
    client.force_login(members[rol])
    response = client.post(url("fase", beraad), {"richting": "volgende", "van": Fase.WELKOM})
    assert response.status_code == 403
    beraad.refresh_from_db()
    assert beraad.fase == Fase.WELKOM
    assert logs(members[rol], uitkomst="geweigerd").count() == 1


def test_the_phase_controls_are_the_facilitators_only(client, members, beraad):
    zet_fase(beraad, Fase.WELKOM)
    for rol, user in members.items():
        if rol == Rol.COORDINATOR:
            continue
        client.force_login(user)
        html = client.get(url("live", beraad)).content.decode()
        assert ('action="' + url("fase", beraad) + '"' in html) == (rol == Rol.FACILITATOR)
        assert 'aria-current="step"' in html and "Welkom en rondje positief" in html


def test_welkom_shows_the_rondje_positief_with_who_said_it(
    client, netwerklid, netwerk, beraad, oma
):
    Compliment.objects.create(netwerk=netwerk, van=oma, tekst="Ze lacht altijd.")
    Compliment.objects.create(netwerk=netwerk, tekst="Ze <b>zorgt</b> voor iedereen.")
    zet_fase(beraad, Fase.WELKOM)
    client.force_login(netwerklid)
    html = client.get(url("live", beraad)).content.decode()
    assert "Ze lacht altijd." in html and "— Oma Truus" in html
    assert "Ze &lt;b&gt;zorgt&lt;/b&gt; voor iedereen." in html
    assert "iemand uit het netwerk" in html
    assert "iedereen zegt iets goeds over Marieke" in html


def test_informatieronde_shows_the_answers_and_the_zorgen_en_voorwaarden(
    client, professional, netwerk, beraad, oma, voorwaarde
):
    Informatie.objects.create(
        netwerk=netwerk, beraad=beraad, onderwerp="Wat is autisme?", van=oma, antwoord="Uitleg."
    )
    Informatie.objects.create(netwerk=netwerk, beraad=beraad, onderwerp="Wat kost de PGB?")
    Voorwaarde.objects.create(
        netwerk=netwerk, beraad=beraad, soort="zorg", thema="ontwikkeling", tekst="School mist."
    )
    zet_fase(beraad, Fase.INFORMATIE)
    client.force_login(professional)
    html = client.get(url("live", beraad)).content.decode()
    assert "Wat is autisme?" in html and "vertelt: Oma Truus" in html and "Uitleg." in html
    assert "Wat kost de PGB?" in html and "Nog geen antwoord opgeschreven." in html
    assert "Er is elke avond iemand bij Marieke." in html and "School mist." in html


# --- Eigen tijd --------------------------------------------------------------------------


@pytest.mark.parametrize("rol", STAF)
def test_eigen_tijd_hides_the_plan_from_staff_in_every_view(client, members, beraad, geheim, rol):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    user = members[rol]
    client.force_login(user)
    html = client.get(url("live", beraad)).content.decode()
    assert EIGEN_TIJD_TEKST in html
    assert "Tante Ria" not in html and url("afspraak", beraad, geheim.pk) not in html

    stand = client.get(url("stand", beraad), HTTP_HX_REQUEST="true")
    assert stand.status_code == 200
    assert "Tante Ria" not in stand.content.decode()

    plan = client.get(url("plan", beraad)).content.decode()
    assert EIGEN_TIJD_TEKST in plan and "Tante Ria" not in plan

    assert client.get(url("afspraak", beraad, geheim.pk)).status_code == 404
    if rol == Rol.FACILITATOR:
        # The facilitator may write (once shared) and prepare: still nothing to find.
        assert client.post(url("afspraak", beraad, geheim.pk), {}).status_code == 404
        gone = client.post(url("afspraak_verwijderen", beraad, geheim.pk), {"bevestigd": "ja"})
        assert gone.status_code == 404
        assert "Tante Ria" not in client.get(url("afsluiten", beraad)).content.decode()
        assert "Tante Ria" not in client.get(url("afspraak_nieuw", beraad)).content.decode()
    assert Afspraak.objects.filter(pk=geheim.pk).exists()


@pytest.mark.parametrize("rol", FAMILIE)
def test_the_family_reads_and_writes_the_draft(client, members, beraad, geheim, rol):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(members[rol])
    html = client.get(url("live", beraad)).content.decode()
    assert "Tante Ria kookt elke woensdag." in html
    assert "Concept: alleen de familie en het netwerk zien dit plan." in html
    assert 'id="afspraak-form"' in html and url("afspraak", beraad, geheim.pk) in html
    assert client.get(url("afspraak", beraad, geheim.pk)).status_code == 200
    assert "Tante Ria" in client.get(url("plan", beraad)).content.decode()


def test_the_access_layer_gives_staff_no_draft_afspraak(members, netwerk, beraad, geheim):
    """The queryset and the model methods themselves, not only the views."""
    zet_fase(beraad, Fase.EIGEN_TIJD)
    for rol, user in members.items():
        toegang = find_toegang(user, netwerk.pk)
        familie = rol in FAMILIE
        assert list(Afspraak.objects.zichtbaar_voor(toegang)) == ([geheim] if familie else [])
        assert beraad.plan.zichtbaar_voor(toegang) is familie
        if familie:
            assert afspraak_van(toegang, beraad, geheim.pk) == geheim
        else:
            with pytest.raises(Exception, match="niet gevonden"):
                afspraak_van(toegang, beraad, geheim.pk)
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    for rol, user in members.items():
        toegang = find_toegang(user, netwerk.pk)
        zien = rol != Rol.COORDINATOR  # the coordinator never reads the plan here
        assert list(Afspraak.objects.zichtbaar_voor(toegang)) == ([geheim] if zien else [])
        assert beraad.plan.zichtbaar_voor(toegang) is zien


def test_another_netwerks_afspraak_is_never_found(client, hoofdpersoon, organisatie, beraad):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    ander_beraad = Beraad.objects.create(netwerk=ander)
    Actieplan.objects.create(netwerk=ander, beraad=ander_beraad)
    vreemde_vraag = Vraag.objects.create(netwerk=ander, beraad=ander_beraad, tekst="?")
    vreemd = make_afspraak(ander_beraad, vreemde_vraag, "Niet van ons.")
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    assert client.get(url("afspraak", beraad, vreemd.pk)).status_code == 404
    assert client.get(url("live", ander_beraad)).status_code == 404
    assert client.get(url("plan", ander_beraad)).status_code == 404


# --- Publishing --------------------------------------------------------------------------


def test_the_family_shares_the_plan_and_staff_see_it(
    client, hoofdpersoon, facilitator, professional, beraad, geheim
):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    stempel = beraad.stempel
    response = client.post(url("publiceren", beraad), {"actie": "delen"}, follow=True)
    assert "Het plan is gedeeld." in response.content.decode()
    beraad.refresh_from_db()
    beraad.plan.refresh_from_db()
    assert beraad.fase == Fase.PRESENTATIE and beraad.plan.gepubliceerd is not None
    assert beraad.stempel == stempel + 1
    for user in (facilitator, professional):
        client.force_login(user)
        html = client.get(url("live", beraad)).content.decode()
        assert "Tante Ria kookt elke woensdag." in html and EIGEN_TIJD_TEKST not in html
        assert client.get(url("afspraak", beraad, geheim.pk)).status_code == 200
    # The facilitator now writes along; the professional does not write.
    client.force_login(facilitator)
    assert 'id="afspraak-form"' in client.get(url("live", beraad)).content.decode()
    client.force_login(professional)
    assert 'id="afspraak-form"' not in client.get(url("live", beraad)).content.decode()


def test_the_family_takes_the_plan_back_to_eigen_tijd(
    client, supporter, professional, beraad, geheim
):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(supporter)
    client.post(url("publiceren", beraad), {"actie": "terug"})
    beraad.refresh_from_db()
    beraad.plan.refresh_from_db()
    assert (beraad.fase, beraad.plan.gepubliceerd) == (Fase.EIGEN_TIJD, None)
    client.force_login(professional)
    assert client.get(url("afspraak", beraad, geheim.pk)).status_code == 404
    assert "Tante Ria" not in client.get(url("live", beraad)).content.decode()


def test_sharing_needs_eigen_tijd_and_an_afspraak(client, netwerklid, beraad, vraag):
    client.force_login(netwerklid)
    zet_fase(beraad, Fase.INFORMATIE)
    response = client.post(url("publiceren", beraad), follow=True)
    assert "Het plan delen kan aan het eind van de eigen tijd." in response.content.decode()
    zet_fase(beraad, Fase.EIGEN_TIJD)
    response = client.post(url("publiceren", beraad), follow=True)
    assert "Schrijf eerst minstens één afspraak op." in response.content.decode()
    response = client.post(url("publiceren", beraad), {"actie": "terug"}, follow=True)
    assert "Het plan terughalen kan alleen tijdens de presentatie." in response.content.decode()
    beraad.refresh_from_db()
    assert beraad.fase == Fase.EIGEN_TIJD and beraad.plan.gepubliceerd is None


@pytest.mark.parametrize("rol", [*STAF, Rol.COORDINATOR])
def test_staff_cannot_share_or_take_back_the_plan(client, members, beraad, geheim, rol):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(members[rol])
    assert client.post(url("publiceren", beraad)).status_code == 403
    beraad.refresh_from_db()
    assert beraad.fase == Fase.EIGEN_TIJD and beraad.plan.gepubliceerd is None


# --- The polled region -------------------------------------------------------------------


def stand_url(beraad: Beraad, kijk: str) -> str:
    return url("stand", beraad) + f"?stempel={beraad.stempel}&kijk={kijk}"


def test_the_page_polls_the_region_with_its_stempel(client, hoofdpersoon, beraad, vraag):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    html = client.get(url("live", beraad)).content.decode()
    region = re.search(r'<section id="stand"[^>]*>', html).group(0)
    assert f'hx-get="{url("stand", beraad)}?stempel={beraad.stempel}&amp;kijk=11"' in region
    assert 'hx-trigger="every 2s, plan-gewijzigd from:body"' in region
    assert 'hx-swap="outerHTML"' in region
    assert 'id="stand-melding"' in html and 'aria-live="polite"' in html
    # The add form sits outside the polled region: a poll never wipes what one types.
    einde = html.index("</section>", html.index('<section id="stand"'))
    assert html.index('id="afspraak-form"') > einde


def test_unchanged_stand_answers_204_without_a_log_line(client, netwerklid, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(netwerklid)
    voor = Toegangslog.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(stand_url(beraad, "11"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response.content == b""
    assert Toegangslog.objects.count() == voor
    # session, user, access lookup, the beraad's stempel and phase: no log insert
    assert len(queries) == 4, [q["sql"] for q in queries]


def test_changed_stand_renders_the_region_and_logs_the_read(client, netwerklid, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(netwerklid)
    oud = stand_url(beraad, "11")
    make_afspraak(beraad, geheim.vraag, "Buurman Henk rijdt naar de dokter.")
    beraad.tik()
    beraad.refresh_from_db()
    response = client.get(oud, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="stand"')
    assert "Buurman Henk rijdt naar de dokter." in html
    assert f"stempel={beraad.stempel}&amp;kijk=11" in html
    assert 'hx-swap-oob="innerHTML"' in html and "Bijgewerkt." in html
    assert logs(netwerklid, actie="R", uitkomst="toegestaan").count() == 1
    # Polling again with the new stempel: quiet.
    assert client.get(stand_url(beraad, "11"), HTTP_HX_REQUEST="true").status_code == 204
    assert logs(netwerklid).count() == 1


def test_stand_refusals_are_still_refused_and_logged(
    client, coordinator, outsider, facilitator, organisatie, beraad
):
    client.force_login(coordinator)
    assert client.get(stand_url(beraad, "00")).status_code == 403
    assert logs(coordinator, uitkomst="geweigerd").count() == 1
    client.force_login(outsider)
    assert client.get(stand_url(beraad, "00")).status_code == 404
    assert logs(outsider, uitkomst="geweigerd").count() == 1
    # A beraad of another Netwerk, by a member of this one: 404 too.
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    vreemd = Beraad.objects.create(netwerk=ander)
    client.force_login(facilitator)
    response = client.get(
        reverse("beraad:stand", args=[beraad.netwerk_id, vreemd.pk]) + "?stempel=0&kijk=00"
    )
    assert response.status_code == 404
    client.logout()
    assert client.get(stand_url(beraad, "00")).status_code == 302


def test_staff_reload_when_the_family_shares_the_plan(client, facilitator, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(facilitator)
    html = client.get(url("live", beraad)).content.decode()
    assert "kijk=00" in html and 'id="afspraak-form"' not in html
    kijk_voor = stand_url(beraad, "00")
    assert client.get(kijk_voor, HTTP_HX_REQUEST="true").status_code == 204
    Actieplan.objects.filter(pk=beraad.plan.pk).update(gepubliceerd=timezone.now())
    Beraad.objects.filter(pk=beraad.pk).update(fase=Fase.PRESENTATIE)
    beraad.tik()
    response = client.get(kijk_voor, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true" and response.content == b""
    # Taken back: the region hides the plan again, without wiping an open form.
    zet_fase(beraad, Fase.EIGEN_TIJD)
    beraad.tik()
    response = client.get(stand_url(beraad, "11"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert "Tante Ria" not in response.content.decode()
    assert EIGEN_TIJD_TEKST in response.content.decode()


# --- Writing afspraken -------------------------------------------------------------------


def test_the_family_adds_an_afspraak_with_htmx(client, supporter, netwerk, beraad, vraag, oma):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    henk = Persoon.objects.create(netwerk=netwerk, naam="Buurman Henk")
    client.force_login(supporter)
    stempel, inhoud = beraad.stempel, beraad.plan.inhoud
    response = client.post(
        url("afspraak_nieuw", beraad),
        afspraak_data(
            vraag,
            wat="Oma Truus kookt op woensdag.",
            wie=[oma.pk],
            invallers=[henk.pk],
            wanneer="elke woensdag",
            klaar_op="2027-03-15",
            hoe_weten="De koelkast is vol.",
        ),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "plan-gewijzigd"
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="afspraak-form"')
    assert "De afspraak staat in het plan" in html
    # A fresh form, ready for the next one: the same vraag and kind, empty text.
    assert re.search(r'<textarea name="wat"[^>]*>\s*</textarea>', html)
    assert f'<option value="{vraag.pk}" selected>' in html
    afspraak = Afspraak.objects.get(netwerk=netwerk)
    assert (afspraak.wat, afspraak.wanneer, str(afspraak.klaar_op)) == (
        "Oma Truus kookt op woensdag.",
        "elke woensdag",
        "2027-03-15",
    )
    assert list(afspraak.wie.all()) == [oma] and list(afspraak.invallers.all()) == [henk]
    assert afspraak.created_by == supporter and afspraak.plan == beraad.plan
    beraad.refresh_from_db()
    beraad.plan.refresh_from_db()
    assert (beraad.stempel, beraad.plan.inhoud) == (stempel + 1, inhoud + 1)
    assert logs(supporter, actie="C", uitkomst="toegestaan").count() == 1


def test_without_javascript_the_form_posts_and_returns_to_the_beraad(
    client, netwerklid, beraad, vraag
):
    zet_fase(beraad, Fase.WELKOM)
    client.force_login(netwerklid)
    page = client.get(url("afspraak_nieuw", beraad))
    assert page.status_code == 200 and 'id="afspraak-form"' in page.content.decode()
    response = client.post(url("afspraak_nieuw", beraad), afspraak_data(vraag))
    assert response.status_code == 302
    assert response["Location"] == url("live", beraad) + "#nieuwe-afspraak"
    assert Afspraak.objects.filter(wat="Els doet boodschappen.").exists()


@pytest.mark.parametrize(
    ("rol", "fase", "gedeeld", "mag"),
    [
        (Rol.HOOFDPERSOON, Fase.VOORBEREIDING, False, False),
        (Rol.HOOFDPERSOON, Fase.WELKOM, False, True),
        (Rol.NETWERKLID, Fase.INFORMATIE, False, True),
        (Rol.SUPPORTER, Fase.EIGEN_TIJD, False, True),
        (Rol.NETWERKLID, Fase.AFSLUITING, True, True),
        (Rol.FACILITATOR, Fase.WELKOM, False, False),
        (Rol.FACILITATOR, Fase.EIGEN_TIJD, False, False),
        (Rol.FACILITATOR, Fase.PRESENTATIE, True, True),
        (Rol.HOOFDPERSOON, Fase.AFGEROND, True, False),
        (Rol.FACILITATOR, Fase.AFGEROND, True, False),
    ],
)
def test_who_writes_when(client, members, beraad, vraag, rol, fase, gedeeld, mag):
    zet_fase(beraad, fase, gedeeld=gedeeld)
    client.force_login(members[rol])
    response = client.post(
        url("afspraak_nieuw", beraad),
        afspraak_data(vraag, wat="Mijn getypte tekst blijft."),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert Afspraak.objects.exists() is mag
    if not mag:
        html = response.content.decode()
        # Refused in words, and the text is kept in the form.
        assert "Je tekst staat nog in het formulier." in html
        assert "Mijn getypte tekst blijft." in html
        assert "HX-Trigger" not in response


@pytest.mark.parametrize("rol", [Rol.PROFESSIONAL, Rol.COORDINATOR])
def test_roles_that_never_write_get_403(client, members, beraad, vraag, rol):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(members[rol])
    assert client.post(url("afspraak_nieuw", beraad), afspraak_data(vraag)).status_code == 403
    assert client.get(url("afspraak_nieuw", beraad)).status_code == 403
    assert not Afspraak.objects.exists()


def test_only_people_vragen_and_voorwaarden_of_this_netwerk_and_beraad(
    client, hoofdpersoon, organisatie, beraad, vraag, voorwaarde
):
    ander = Netwerk.objects.create(titel="Ander", organisatie=organisatie)
    vreemde = Persoon.objects.create(netwerk=ander, naam="Vreemde Vera")
    ander_beraad = Beraad.objects.create(netwerk=beraad.netwerk)
    andere_vraag = Vraag.objects.create(netwerk=beraad.netwerk, beraad=ander_beraad, tekst="?")
    andere_voorwaarde = Voorwaarde.objects.create(
        netwerk=beraad.netwerk, beraad=ander_beraad, tekst="elders"
    )
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    for fields, fout in [
        ({"wie": [vreemde.pk]}, "Kies alleen mensen uit de groslijst van dit netwerk."),
        ({"invallers": [vreemde.pk]}, "Kies alleen mensen uit de groslijst van dit netwerk."),
        ({"wie": ["abc"]}, "Kies alleen mensen uit de groslijst van dit netwerk."),
        ({"vraag": andere_vraag.pk}, "Kies bij welke vraag deze afspraak hoort."),
        ({"voorwaarden": [andere_voorwaarde.pk]}, "Kies alleen voorwaarden van dit beraad."),
    ]:
        response = client.post(
            url("afspraak_nieuw", beraad), {**afspraak_data(vraag, wat="Blijft staan"), **fields}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert fout in html and "Blijft staan" in html
    assert not Afspraak.objects.exists()
    html = client.get(url("live", beraad)).content.decode()
    assert "Vreemde Vera" not in html and "Marieke Bakker" in html
    assert voorwaarde.tekst in html and "elders" not in html


@pytest.mark.parametrize(
    ("fields", "fout"),
    [
        ({"wat": ""}, "Schrijf op wat jullie gaan doen."),
        ({"soort": "4"}, "Kies wat voor afspraak het is."),
        ({"soort": 1, "kosten": "20"}, "Kosten vul je alleen in bij ‘Aanbod en wat het kost’."),
        (
            {"soort": 3, "kosten": "-5", "kosten_per": "maand"},
            "Een bedrag kan niet onder nul zijn.",
        ),
        ({"soort": 3, "kosten": "twintig", "kosten_per": "maand"}, "Vul een bedrag in"),
        ({"soort": 3, "kosten": "20"}, "Kies of het bedrag eenmalig is"),
        ({"klaar_op": "morgen"}, "Vul een datum in, bijvoorbeeld 15-03-2027."),
    ],
)
def test_invalid_afspraak_keeps_the_text(client, supporter, beraad, vraag, fields, fout):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(supporter)
    data = afspraak_data(vraag, **{"wat": "Mijn tekst", "hoe_weten": "Zo weten we het", **fields})
    response = client.post(url("afspraak_nieuw", beraad), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert fout in html and "Zo weten we het" in html
    assert not Afspraak.objects.exists()


def test_aanbod_costs_in_dutch_notation(client, supporter, beraad, vraag):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(supporter)
    client.post(
        url("afspraak_nieuw", beraad),
        afspraak_data(vraag, soort=3, wat="Dagbesteding", kosten="€ 1234,50", kosten_per="maand"),
    )
    afspraak = Afspraak.objects.get()
    assert (afspraak.kosten, afspraak.kosten_per) == (Decimal("1234.50"), "maand")
    html = client.get(url("live", beraad)).content.decode()
    assert "€&nbsp;1.234,50 per maand" in html


# --- Changing and removing ---------------------------------------------------------------


def test_two_people_edit_one_afspraak_and_nobody_loses_text(
    client, hoofdpersoon, supporter, beraad, geheim, oma
):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    # Both open the form at the same version.
    client.force_login(hoofdpersoon)
    html = client.get(url("afspraak", beraad, geheim.pk)).content.decode()
    versie = int(re.search(r'name="versie" value="(\d+)"', html).group(1))
    eerste = afspraak_data(geheim.vraag, geheim, wat="Ria kookt op dinsdag.", wie=[oma.pk])
    tweede = afspraak_data(geheim.vraag, geheim, wat="Ria kookt op donderdag.", wanneer="'s avonds")
    assert eerste["versie"] == tweede["versie"] == versie

    response = client.post(url("afspraak", beraad, geheim.pk), eerste)
    assert response.status_code == 302
    client.force_login(supporter)
    response = client.post(url("afspraak", beraad, geheim.pk), tweede)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    nu = html[html.index("Nu opgeslagen:") : html.index("</dl>", html.index("Nu opgeslagen:"))]
    assert "Ria kookt op dinsdag." in nu and "Oma Truus" in nu
    assert "Ria kookt op donderdag." in html and "&#x27;s avonds" in html  # my text, kept
    geheim.refresh_from_db()
    assert geheim.wat == "Ria kookt op dinsdag."
    # Sending my text again, now on top of the other's: it goes through.
    nieuwe_versie = re.search(r'name="versie" value="(\d+)"', html).group(1)
    response = client.post(url("afspraak", beraad, geheim.pk), {**tweede, "versie": nieuwe_versie})
    assert response.status_code == 302
    geheim.refresh_from_db()
    assert (geheim.wat, geheim.wanneer) == ("Ria kookt op donderdag.", "'s avonds")
    assert list(geheim.wie.all()) == []


def test_an_edit_moves_the_plan_on(client, netwerklid, beraad, geheim, oma):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(netwerklid)
    stempel, inhoud = beraad.stempel, beraad.plan.inhoud
    response = client.post(
        url("afspraak", beraad, geheim.pk),
        afspraak_data(geheim.vraag, geheim, invallers=[oma.pk]),
    )
    assert response["Location"] == url("live", beraad) + f"#afspraak-{geheim.pk}"
    beraad.refresh_from_db()
    beraad.plan.refresh_from_db()
    assert (beraad.stempel, beraad.plan.inhoud) == (stempel + 1, inhoud + 1)
    assert list(geheim.invallers.all()) == [oma]
    assert logs(netwerklid, actie="U").count() == 1


def test_the_professional_reads_a_shared_afspraak_but_does_not_change_it(
    client, professional, beraad, geheim
):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(professional)
    response = client.get(url("afspraak", beraad, geheim.pk))
    html = response.content.decode()
    assert response.status_code == 200 and "Tante Ria kookt elke woensdag." in html
    assert '<form method="post" class="smal afspraak-form"' not in html
    assert client.post(url("afspraak", beraad, geheim.pk), {}).status_code == 403
    gone = client.post(url("afspraak_verwijderen", beraad, geheim.pk), {"bevestigd": "ja"})
    assert gone.status_code == 403
    assert Afspraak.objects.filter(pk=geheim.pk).exists()


def test_removing_asks_for_confirmation_first(client, hoofdpersoon, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(hoofdpersoon)
    response = client.post(url("afspraak_verwijderen", beraad, geheim.pk))
    assert response.status_code == 200
    assert "Afspraak weghalen?" in response.content.decode()
    assert Afspraak.objects.filter(pk=geheim.pk).exists()
    inhoud = beraad.plan.inhoud
    response = client.post(
        url("afspraak_verwijderen", beraad, geheim.pk),
        {"bevestigd": "ja", "versie": geheim.versie},
    )
    assert response.status_code == 302 and response["Location"] == url("live", beraad)
    assert not Afspraak.objects.filter(pk=geheim.pk).exists()
    beraad.plan.refresh_from_db()
    assert beraad.plan.inhoud == inhoud + 1
    assert logs(hoofdpersoon, actie="D").count() == 2


def test_removing_an_afspraak_someone_just_changed_asks_again(client, supporter, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(supporter)
    oud = geheim.versie
    Afspraak.objects.filter(pk=geheim.pk).update(versie=oud + 1, wat="Nu op vrijdag.")
    response = client.post(
        url("afspraak_verwijderen", beraad, geheim.pk), {"bevestigd": "ja", "versie": oud}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Iemand anders heeft deze afspraak intussen gewijzigd." in html
    assert "Nu op vrijdag." in html
    assert Afspraak.objects.filter(pk=geheim.pk).exists()


# --- Voorwaarden check -------------------------------------------------------------------


def test_a_voorwaarde_nobody_meets_is_flagged_next_to_akkoord(
    client, hoofdpersoon, beraad, vraag, voorwaarde
):
    Voorwaarde.objects.create(
        netwerk=beraad.netwerk, beraad=beraad, thema="continuiteit", tekst="Een vaste mentor."
    )
    make_afspraak(beraad, vraag, "Els slaapt er op maandag.").voorwaarden.set([voorwaarde])
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(hoofdpersoon)
    html = client.get(url("live", beraad)).content.decode()
    toets = html[html.index('class="voorwaarden-toets"') :]
    ok = toets[toets.index("Er is elke avond iemand bij Marieke.") :]
    assert ok.index("Geregeld in:") < ok.index("Een vaste mentor.")
    assert "Els slaapt er op maandag." in ok
    open_ = toets[toets.index("Een vaste mentor.") :]
    assert "Let op:" in open_[:400] and "nog geen afspraak voor deze voorwaarde" in open_[:400]
    akkoord = html[html.index('id="akkoord"') :]
    assert "Let op: voor 1 voorwaarde is nog geen afspraak." in akkoord
    assert akkoord.index("Let op:") < akkoord.index("Ik ga akkoord met dit plan")


# --- Akkoord -----------------------------------------------------------------------------


def test_a_participant_agrees_for_themselves_once(client, hoofdpersoon, beraad, geheim):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(hoofdpersoon)
    stempel = beraad.stempel
    for _ in range(2):  # a double tap
        response = client.post(url("akkoord", beraad))
        assert response["Location"] == url("live", beraad) + "#akkoord"
    akkoord = Akkoord.objects.get()
    assert (akkoord.user, akkoord.persoon.naam, akkoord.naam) == (
        hoofdpersoon,
        "Marieke Bakker",
        "Marieke Bakker",
    )
    assert akkoord.planstand == beraad.plan.inhoud and akkoord.vastgelegd_door is None
    beraad.refresh_from_db()
    assert beraad.stempel == stempel + 2
    html = client.get(url("live", beraad)).content.decode()
    assert "Je gaf akkoord om" in html and "Ik ga akkoord met dit plan" not in html


def test_an_akkoord_before_a_change_is_marked_and_renewed(
    client, netwerklid, professional, beraad, geheim
):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(professional)
    client.post(url("akkoord", beraad))
    client.force_login(netwerklid)
    client.post(
        url("afspraak", beraad, geheim.pk), afspraak_data(geheim.vraag, geheim, wat="Anders")
    )
    client.force_login(professional)
    html = client.get(url("live", beraad)).content.decode()
    assert "gaf akkoord vóór de laatste wijziging" in html
    assert "Opnieuw akkoord geven" in html
    client.post(url("akkoord", beraad))
    beraad.plan.refresh_from_db()
    akkoord = Akkoord.objects.get()
    assert akkoord.geldt_voor(beraad.plan) and akkoord.naam == "Ahmed"
    assert (
        "gaf akkoord vóór de laatste wijziging"
        not in client.get(url("live", beraad)).content.decode()
    )


def test_the_facilitator_notes_akkoord_for_someone_without_a_login(
    client, facilitator, netwerk, beraad, geheim, oma
):
    zus = Persoon.objects.create(netwerk=netwerk, naam="Zus Anna", soort="familie")
    juf = Persoon.objects.create(netwerk=netwerk, naam="Juf Ineke", soort="professional")
    Genodigde.objects.create(netwerk=netwerk, beraad=beraad, persoon=zus, antwoord="komt")
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(facilitator)
    html = client.get(url("live", beraad)).content.decode()
    keuze = html[
        html.index('id="akkoord-persoon"') : html.index(
            "</select>", html.index('id="akkoord-persoon"')
        )
    ]
    # Who came is on top; professionals agree for themselves.
    assert keuze.index("Zus Anna") < keuze.index("Marieke Bakker")
    assert "Oma Truus" in keuze and "Juf Ineke" not in keuze
    assert "Ik ga akkoord met dit plan" not in html  # the facilitator agrees to nothing
    client.post(url("akkoord", beraad), {"persoon": oma.pk})
    akkoord = Akkoord.objects.get()
    assert (akkoord.persoon, akkoord.user, akkoord.naam, akkoord.vastgelegd_door) == (
        oma,
        None,
        "Oma Truus",
        facilitator,
    )
    for fout in (juf.pk, "", "x"):
        response = client.post(url("akkoord", beraad), {"persoon": fout}, follow=True)
        assert "Kies voor wie je het akkoord noteert." in response.content.decode()
    assert Akkoord.objects.count() == 1
    html = client.get(url("live", beraad)).content.decode()
    assert "genoteerd door de facilitator" in html


def test_akkoord_only_when_the_plan_is_presented(client, supporter, facilitator, beraad, geheim):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    client.force_login(supporter)
    response = client.post(url("akkoord", beraad), follow=True)
    assert "Akkoord geven kan als de familie het plan laat zien." in response.content.decode()
    client.force_login(facilitator)
    client.post(url("akkoord", beraad), {"persoon": beraad.netwerk.personen.first().pk})
    assert not Akkoord.objects.exists()


def test_the_coordinator_gives_no_akkoord(client, coordinator, beraad, geheim):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(coordinator)
    assert client.post(url("akkoord", beraad)).status_code == 403
    assert not Akkoord.objects.exists()


# --- Afsluiten ---------------------------------------------------------------------------


def afsluit_data(plan: Actieplan, persoon: Persoon | None, dagen: int = 90, **extra) -> dict:
    dag = timezone.localdate() + timedelta(days=dagen)
    return {
        "versie": plan.versie,
        "aanspreekpunt": persoon.pk if persoon else "",
        "vervolgdatum": dag.isoformat(),
        **extra,
    }


def test_afronden_makes_version_1_and_the_vervolgberaad(
    client, hoofdpersoon, supporter, beraad, geheim, oma
):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    Akkoord.objects.create(netwerk=beraad.netwerk, plan=beraad.plan, naam="Els", user=supporter)
    client.force_login(hoofdpersoon)
    response = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="afronden")
    )
    assert response.status_code == 302 and response["Location"] == url("plan", beraad)
    beraad.refresh_from_db()
    plan = Actieplan.objects.get(beraad=beraad)
    assert beraad.fase == Fase.AFGEROND and beraad.afgerond is not None
    assert (plan.planversie, plan.aanspreekpunt) == (1, oma) and plan.vastgesteld is not None
    vervolg = Beraad.objects.get(vorige=beraad)
    assert vervolg.fase == Fase.VOORBEREIDING and vervolg.netwerk == beraad.netwerk
    lokaal = timezone.localtime(vervolg.datum)
    assert (lokaal.date(), lokaal.hour, lokaal.minute) == (plan.vervolgdatum, 19, 0)
    assert Actieplan.objects.get(beraad=vervolg).planversie == 0
    html = client.get(url("plan", beraad)).content.decode()
    assert "Versie 1, vastgesteld op" in html and "Oma Truus" in html


def test_afronden_needs_akkoord_aanspreekpunt_and_a_later_date(
    client, supporter, beraad, geheim, oma
):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    client.force_login(supporter)
    html = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="afronden")
    ).content.decode()
    assert "Er is nog geen akkoord op het plan zoals het nu is." in html
    # An akkoord given to an older plan does not count.
    oud = Akkoord.objects.create(
        netwerk=beraad.netwerk, plan=beraad.plan, naam="Els", user=supporter, planstand=0
    )
    beraad.plan.gewijzigd()
    html = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="afronden")
    ).content.decode()
    assert "Er is nog geen akkoord op het plan zoals het nu is." in html
    Akkoord.objects.filter(pk=oud.pk).update(planstand=beraad.plan.inhoud)
    data = afsluit_data(beraad.plan, None, actie="afronden", vervolgdatum="")
    html = client.post(url("afsluiten", beraad), data).content.decode()
    assert "Kies eerst een aanspreekpunt." in html and "Kies eerst een datum" in html
    html = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, dagen=0, actie="afronden")
    ).content.decode()
    assert "Kies een datum na vandaag." in html
    beraad.refresh_from_db()
    assert beraad.fase == Fase.AFSLUITING and not Beraad.objects.filter(vorige=beraad).exists()


def test_a_professional_is_not_an_aanspreekpunt(client, hoofdpersoon, netwerk, beraad):
    juf = Persoon.objects.create(netwerk=netwerk, naam="Juf Ineke", soort="professional")
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    client.force_login(hoofdpersoon)
    html = client.get(url("afsluiten", beraad)).content.decode()
    assert "Juf Ineke" not in html and "Marieke Bakker" in html
    html = client.post(url("afsluiten", beraad), afsluit_data(beraad.plan, juf)).content.decode()
    assert "Kies iemand uit de familie of het netwerk." in html


def test_saving_the_aanspreekpunt_before_afsluiting_and_afronden_waits(
    client, facilitator, beraad, geheim, oma
):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(facilitator)
    html = client.get(url("afsluiten", beraad)).content.decode()
    assert "Beraad afronden" not in html
    response = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="opslaan")
    )
    assert response.status_code == 302
    beraad.plan.refresh_from_db()
    assert beraad.plan.aanspreekpunt == oma and beraad.plan.planversie == 0
    html = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="afronden")
    ).content.decode()
    assert "Het beraad afronden kan in de laatste fase: de afsluiting." in html


def test_afsluiten_shows_the_unmet_voorwaarden(client, supporter, beraad, geheim, voorwaarde):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    client.force_login(supporter)
    html = client.get(url("afsluiten", beraad)).content.decode()
    assert "Let op: voor 1 voorwaarde is nog geen afspraak." in html
    assert "Er is elke avond iemand bij Marieke." in html


def test_afsluiten_conflict_shows_the_others_choice(client, hoofdpersoon, supporter, beraad, oma):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    zus = Persoon.objects.create(netwerk=beraad.netwerk, naam="Zus Anna")
    oud = beraad.plan.versie
    client.force_login(hoofdpersoon)
    client.post(url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="opslaan"))
    client.force_login(supporter)
    data = {**afsluit_data(beraad.plan, zus, actie="opslaan"), "versie": oud}
    html = client.post(url("afsluiten", beraad), data).content.decode()
    assert "Iemand anders heeft dit intussen ook gewijzigd." in html
    assert "Oma Truus" in html[html.index("Nu opgeslagen:") :][:300]
    assert f'<option value="{zus.pk}" selected>' in html
    beraad.plan.refresh_from_db()
    assert beraad.plan.aanspreekpunt == oma


@pytest.mark.parametrize("rol", [Rol.NETWERKLID, Rol.PROFESSIONAL, Rol.COORDINATOR])
def test_who_may_not_close_the_beraad(client, members, beraad, rol):
    zet_fase(beraad, Fase.AFSLUITING, gedeeld=True)
    client.force_login(members[rol])
    assert client.get(url("afsluiten", beraad)).status_code == 403
    assert client.post(url("afsluiten", beraad), {"actie": "afronden"}).status_code == 403


def test_nothing_changes_after_afronden(client, members, beraad, geheim, oma):
    zet_fase(beraad, Fase.AFGEROND, gedeeld=True)
    Akkoord.objects.create(netwerk=beraad.netwerk, plan=beraad.plan, naam="Oma", persoon=oma)
    stempel = beraad.stempel
    hoofd, facilitator = members[Rol.HOOFDPERSOON], members[Rol.FACILITATOR]

    client.force_login(facilitator)
    for richting in ("volgende", "vorige"):
        response = client.post(url("fase", beraad), {"richting": richting}, follow=True)
        assert "Dit beraad is al afgerond." in response.content.decode()
    response = client.post(url("akkoord", beraad), {"persoon": oma.pk}, follow=True)
    assert "Dit beraad is al afgerond." in response.content.decode()

    client.force_login(hoofd)
    for actie in ("delen", "terug"):
        response = client.post(url("publiceren", beraad), {"actie": actie}, follow=True)
        assert "Dit beraad is al afgerond." in response.content.decode()
    response = client.post(url("akkoord", beraad), follow=True)
    assert "Dit beraad is al afgerond." in response.content.decode()
    response = client.post(url("afspraak_nieuw", beraad), afspraak_data(geheim.vraag, wat="Nieuw"))
    assert "Dit beraad is afgerond." in response.content.decode()
    response = client.post(
        url("afspraak", beraad, geheim.pk), afspraak_data(geheim.vraag, geheim, wat="Anders")
    )
    assert (
        "Dit beraad is afgerond." in response.content.decode()
        and "Anders" in response.content.decode()
    )
    response = client.post(
        url("afspraak_verwijderen", beraad, geheim.pk), {"bevestigd": "ja", "versie": geheim.versie}
    )
    assert response.status_code == 302
    response = client.post(
        url("afsluiten", beraad), afsluit_data(beraad.plan, oma, actie="afronden")
    )
    assert response["Location"] == url("plan", beraad)
    # The edit page reads, no form.
    html = client.get(url("afspraak", beraad, geheim.pk)).content.decode()
    assert 'name="wat"' not in html and "Tante Ria kookt elke woensdag." in html
    html = client.get(url("live", beraad)).content.decode()
    assert 'id="afspraak-form"' not in html and "Dit beraad is afgerond." in html

    beraad.refresh_from_db()
    geheim.refresh_from_db()
    assert beraad.fase == Fase.AFGEROND and beraad.stempel == stempel
    assert geheim.wat == "Tante Ria kookt elke woensdag."
    assert Afspraak.objects.count() == 1 and Akkoord.objects.count() == 1
    assert not Beraad.objects.filter(vorige=beraad).exists()


# --- Query counts ------------------------------------------------------------------------


def vul(beraad: Beraad, afspraken: int, personen: int, facilitator) -> None:
    """A plan with afspraken over three vragen, each with people, invallers, voorwaarden;
    akkoorden and invitees, in a Netwerk grown to `personen` people."""
    netwerk = beraad.netwerk
    grow(netwerk, personen, facilitator)
    mensen = list(netwerk.personen.order_by("pk"))
    vragen = list(beraad.vragen.all())
    for i in range(len(vragen), 3):
        vragen.append(
            Vraag.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"V{i}", volgorde=i)
        )
    voorwaarden = list(beraad.voorwaarden.all())
    for i in range(len(voorwaarden), 3):
        voorwaarden.append(Voorwaarde.objects.create(netwerk=netwerk, beraad=beraad, tekst=f"W{i}"))
    for i in range(beraad.plan.afspraken.count(), afspraken):
        afspraak = make_afspraak(
            beraad,
            vragen[i % 3],
            f"Afspraak {i}",
            soort=1 + i % 3,
            kosten=Decimal(10) if i % 3 == 2 else None,
            kosten_per="maand" if i % 3 == 2 else "",
            wie=mensen[i % len(mensen) : i % len(mensen) + 2],
        )
        afspraak.invallers.set(mensen[-2:])
        afspraak.voorwaarden.set(voorwaarden[: 1 + i % 2])
    for persoon in mensen[:6]:
        Genodigde.objects.get_or_create(
            netwerk=netwerk, beraad=beraad, persoon=persoon, defaults={"antwoord": "komt"}
        )
        Akkoord.objects.get_or_create(
            netwerk=netwerk, plan=beraad.plan, persoon=persoon, defaults={"naam": persoon.naam}
        )
    beraad.plan.refresh_from_db()


def measure(client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, path
    return len(queries)


# Per page and role: (phase, shared, queries). BASE is session, user, access lookup, log.
QUERIES = {
    # + beraad with plan, people, vragen, voorwaarden, afspraken + their wie, invallers
    #   and voorwaarden in one query (beraad.plan.koppel), akkoorden, invitees who came
    #   (the facilitator notes their akkoord)
    ("live", Rol.FACILITATOR): (Fase.PRESENTATIE, True, BASE + 8),
    # the same without the invitees; the add form uses the lists already loaded
    ("live", Rol.HOOFDPERSOON): (Fase.EIGEN_TIJD, False, BASE + 7),
    # the stempel check first, then as live
    ("stand", Rol.FACILITATOR): (Fase.PRESENTATIE, True, BASE + 9),
    ("stand", Rol.HOOFDPERSOON): (Fase.EIGEN_TIJD, False, BASE + 8),
    # + beraad with plan, hoofdpersoon, akkoorden, vragen, afspraken + links + the people
    #   in them, voorwaarden
    ("plan", Rol.PROFESSIONAL): (Fase.PRESENTATIE, True, BASE + 8),
    ("plan", Rol.HOOFDPERSOON): (Fase.EIGEN_TIJD, False, BASE + 8),
    # + beraad, the afspraak with its vraag, its wie + invallers + voorwaarden, and for
    #   the form the vragen, people and voorwaarden
    ("afspraak", Rol.SUPPORTER): (Fase.EIGEN_TIJD, False, BASE + 8),
    # the professional reads the card: no form lists
    ("afspraak", Rol.PROFESSIONAL): (Fase.PRESENTATIE, True, BASE + 5),
    # + beraad, people, akkoorden, vragen, afspraken + links + the people in them,
    #   voorwaarden
    ("afsluiten", Rol.FACILITATOR): (Fase.AFSLUITING, True, BASE + 8),
}


@pytest.mark.parametrize(("name", "rol"), sorted(QUERIES))
def test_query_count_does_not_grow_with_the_plan_or_the_netwerk(
    client, members, beraad, vraag, name, rol
):
    fase, gedeeld, verwacht = QUERIES[(name, rol)]
    zet_fase(beraad, fase, gedeeld=gedeeld)
    facilitator = members[Rol.FACILITATOR]
    client.force_login(members[rol])
    counts = []
    for afspraken, personen in ((3, 5), (40, 150)):
        vul(beraad, afspraken, personen, facilitator)
        headers = {}
        if name == "afspraak":
            path = url(name, beraad, beraad.plan.afspraken.order_by("pk").first().pk)
        else:
            path = url(name, beraad)
        if name == "stand":
            path += "?stempel=-1&kijk=11"
            headers["HTTP_HX_REQUEST"] = "true"
        counts.append(measure(client, path, **headers))
    assert counts == [verwacht, verwacht]


def test_an_akkoord_covers_only_the_plan_that_was_on_screen(client, supporter, beraad, vraag):
    zet_fase(beraad, Fase.PRESENTATIE, gedeeld=True)
    client.force_login(supporter)
    gezien = beraad.plan.inhoud
    make_afspraak(beraad, vraag, "Kwam er net bij.")
    beraad.plan.gewijzigd()
    response = client.post(url("akkoord", beraad), {"inhoud": gezien})
    assert response.status_code == 302
    assert not Akkoord.objects.filter(plan=beraad.plan).exists()
    client.post(url("akkoord", beraad), {"inhoud": beraad.plan.inhoud})
    assert Akkoord.objects.get(plan=beraad.plan).geldt_voor(beraad.plan)


def test_staff_do_not_read_or_change_the_afsluiting_in_eigen_tijd(client, facilitator, beraad, oma):
    zet_fase(beraad, Fase.EIGEN_TIJD)
    Actieplan.objects.filter(pk=beraad.plan.pk).update(aanspreekpunt=oma)
    client.force_login(facilitator)
    assert client.get(url("afsluiten", beraad)).status_code == 302
    client.post(url("afsluiten", beraad), afsluit_data(beraad.plan, None))
    assert Actieplan.objects.get(pk=beraad.plan.pk).aanspreekpunt == oma

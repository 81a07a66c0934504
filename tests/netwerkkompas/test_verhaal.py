"""Verhaal en perspectieven: the story told once, each member's own view, and who reads what.

Privacy is the heart of this tool, so most tests here are about the access layer:
for every zichtbaarheid level and every role, exactly the right items are visible,
on the page and through `zichtbaar_voor`, and nothing else leaks into any response.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from netwerkkompas.forms.verhaal import VerhaalForm
from netwerkkompas.models import Perspectief, Verhaal
from sonestra.core.access import find_toegang
from sonestra.core.models import Deelname, Netwerk, Persoon, Toegangslog, User
from sonestra.core.roles import Rol, Zichtbaarheid
from tests.conftest import make_user
from tests.core.test_query_counts import BASE, count, grow

PRIVE, NETWERK, PROFESSIONALS = (
    Zichtbaarheid.PRIVE,
    Zichtbaarheid.NETWERK,
    Zichtbaarheid.PROFESSIONALS,
)
VIJF_ROLLEN = [Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR, Rol.PROFESSIONAL]

# Who reads an item of each level, written out by hand (not derived from roles.py, so a
# change there has to be made here too, on purpose).
LEEST = {
    PRIVE: {Rol.HOOFDPERSOON, Rol.FACILITATOR},
    NETWERK: {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR},
    PROFESSIONALS: {
        Rol.HOOFDPERSOON,
        Rol.SUPPORTER,
        Rol.NETWERKLID,
        Rol.FACILITATOR,
        Rol.PROFESSIONAL,
    },
}


def url(name: str, netwerk: Netwerk) -> str:
    return reverse(f"netwerkkompas:{name}", args=[netwerk.pk])


def verhaal_tekst(niveau: str) -> str:
    return f"Geheim verhaal {niveau.upper()} over de schulden"


def kijk_tekst(rol: str, niveau: str) -> str:
    return f"Kijk van {rol.upper()} op niveau {niveau.upper()}"


def schrijf_alles(netwerk: Netwerk, members: dict[str, User], niveau: str) -> None:
    """The story (by the hoofdpersoon) and a perspective of every role, all at one level."""
    Verhaal.objects.create(
        netwerk=netwerk,
        tekst=verhaal_tekst(niveau),
        zichtbaarheid=niveau,
        auteur=members[Rol.HOOFDPERSOON],
    )
    for rol in VIJF_ROLLEN:
        user = members[rol]
        deelname = Deelname.objects.get(netwerk=netwerk, user=user)
        Perspectief.objects.create(
            netwerk=netwerk,
            auteur=user,
            persoon=deelname.persoon,
            situatie=kijk_tekst(rol, niveau),
            zichtbaarheid=niveau,
        )


def zichtbaar(model, user: User, netwerk: Netwerk) -> set[str]:
    toegang = find_toegang(user, netwerk.pk)
    if model is Verhaal:
        return set(model.objects.zichtbaar_voor(toegang).values_list("tekst", flat=True))
    return set(model.objects.zichtbaar_voor(toegang).values_list("situatie", flat=True))


def zonder_per_request(content: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', r"\1", content)


# --- The access layer as a table ------------------------------------------------------


@pytest.mark.parametrize("niveau", [PRIVE, NETWERK, PROFESSIONALS])
@pytest.mark.parametrize("rol", VIJF_ROLLEN)
def test_each_role_sees_exactly_what_the_level_allows(client, netwerk, members, niveau, rol):
    schrijf_alles(netwerk, members, niveau)
    user = members[rol]
    mag = rol in LEEST[niveau]
    # Everyone's own perspective, plus the others' when the level lets this role read.
    verwacht_kijken = {kijk_tekst(r, niveau) for r in VIJF_ROLLEN if mag or r == rol}
    verwacht_verhaal = {verhaal_tekst(niveau)} if mag else set()

    assert zichtbaar(Perspectief, user, netwerk) == verwacht_kijken
    assert zichtbaar(Verhaal, user, netwerk) == verwacht_verhaal

    client.force_login(user)
    page = client.get(url("verhaal", netwerk)).text
    for r in VIJF_ROLLEN:
        assert (kijk_tekst(r, niveau) in page) == (kijk_tekst(r, niveau) in verwacht_kijken), r
    assert (verhaal_tekst(niveau) in page) == mag
    assert ("is niet met jou gedeeld" in page) == (not mag)


def test_the_author_always_reads_their_own_story(client, netwerk, facilitator, hoofdpersoon):
    """A facilitator who wrote the story down reads it, whatever the level (also as
    written down in the access layer: the author clause)."""
    Verhaal.objects.create(netwerk=netwerk, tekst="Opgeschreven met Marieke", auteur=facilitator)
    assert zichtbaar(Verhaal, facilitator, netwerk) == {"Opgeschreven met Marieke"}


def test_the_coordinator_is_refused_and_an_outsider_finds_nothing(
    client, netwerk, hoofdpersoon, coordinator, outsider
):
    Verhaal.objects.create(netwerk=netwerk, tekst="Heel persoonlijk", zichtbaarheid=PROFESSIONALS)
    for name in ("verhaal", "verhaal_schrijven", "perspectief_schrijven", "zichtbaarheid"):
        client.force_login(coordinator)
        response = client.get(url(name, netwerk))
        assert response.status_code == 403, name
        assert "Heel persoonlijk" not in response.text
        client.force_login(outsider)
        response = client.get(url(name, netwerk))
        assert response.status_code == 404, name
        assert "Heel persoonlijk" not in response.text


def test_a_professional_never_sees_private_or_network_text_anywhere(client, netwerk, members):
    professional = members[Rol.PROFESSIONAL]
    geheimen = []
    for niveau in (PRIVE, NETWERK):
        for rol in (Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR):
            geheim = f"Geheim {rol} {niveau} 🔒"
            geheimen.append(geheim)
            Perspectief.objects.create(
                netwerk=netwerk,
                auteur=User.objects.create(username=f"{rol}-{niveau}"),
                situatie=geheim,
                wie_last=f"Last {geheim}",
                zichtbaarheid=niveau,
            )
    Verhaal.objects.create(netwerk=netwerk, tekst="Het geheime verhaal van Marieke", auteur=None)
    geheimen.append("Het geheime verhaal van Marieke")
    client.force_login(professional)

    responses = [client.get(url(name, netwerk)) for name in ("verhaal", "perspectief_schrijven")]
    responses += [client.get(url(name, netwerk)) for name in ("verhaal_schrijven", "zichtbaarheid")]
    responses.append(client.post(url("perspectief_schrijven", netwerk), {"kijk": "", "versie": 0}))
    responses.append(
        client.post(
            url("perspectief_schrijven", netwerk),
            {"kijk": "Mijn kijk als hulpverlener", "versie": 0},
        )
    )
    responses.append(client.get(url("verhaal", netwerk), follow=True))
    assert [r.status_code for r in responses] == [200, 200, 403, 403, 200, 302, 200]
    for response in responses:
        for geheim in geheimen:
            assert geheim not in response.content.decode()
            assert "Geheim" not in response.content.decode()


def test_a_story_not_shared_with_you_gives_away_nothing_not_even_its_length(
    client, netwerk, hoofdpersoon, netwerklid
):
    client.force_login(netwerklid)
    zonder = zonder_per_request(client.get(url("verhaal", netwerk)).text)
    Verhaal.objects.create(
        netwerk=netwerk, tekst="Een heel lang geheim verhaal. " * 300, auteur=hoofdpersoon
    )
    met = zonder_per_request(client.get(url("verhaal", netwerk)).text)

    assert met == zonder
    assert "Het verhaal van Marieke is niet met jou gedeeld." in met
    assert "geheim" not in met


# --- The verhaal page ------------------------------------------------------------------


def test_page_shows_each_perspective_with_its_name_answers_and_reader_badge(
    client, netwerk, hoofdpersoon, supporter, facilitator
):
    els = Deelname.objects.get(user=supporter).persoon
    Perspectief.objects.create(
        netwerk=netwerk,
        auteur=supporter,
        persoon=els,
        situatie="Marieke is vaak moe.",
        bijdrage="Ik kook op dinsdag.",
        zichtbaarheid=NETWERK,
    )
    Perspectief.objects.create(
        netwerk=netwerk, auteur=facilitator, kijk="Er is veel kracht.", zichtbaarheid=PRIVE
    )
    client.force_login(hoofdpersoon)
    response = client.get(url("verhaal", netwerk))
    page = response.text

    assert response.status_code == 200
    assert "Els" in page and "Sanne" in page  # the Persoon's name, else the login's name
    assert "Marieke is vaak moe." in page and "Ik kook op dinsdag." in page
    assert "Wat is de situatie?" in page and "Wat wil jij bijdragen?" in page
    kaarten = page.split('id="kijk-')[1]
    assert "Wie heeft er last?" not in kaarten  # empty answers are left out
    assert "Voor mijn netwerk" in page and "Alleen voor mij en de facilitator" in page
    assert (
        "Nu kunnen jij, je supporters, de mensen uit je netwerk en de facilitator dit lezen. "
        "Professionals niet." in page
    )
    assert "Els schreef dit zelf en kan het altijd lezen." in page
    assert "Je hebt je verhaal nog niet geschreven." in page


def test_links_follow_the_rights(client, netwerk, members):
    links = {
        "Mijn verhaal schrijven": url("verhaal_schrijven", netwerk),
        "Mijn kijk schrijven": url("perspectief_schrijven", netwerk),
        "Wie mag wat lezen": url("zichtbaarheid", netwerk),
    }
    verwacht = {
        Rol.HOOFDPERSOON: {"Mijn verhaal schrijven", "Mijn kijk schrijven", "Wie mag wat lezen"},
        Rol.SUPPORTER: {"Mijn kijk schrijven"},
        Rol.NETWERKLID: {"Mijn kijk schrijven"},
        Rol.FACILITATOR: {"Mijn kijk schrijven"},
        Rol.PROFESSIONAL: {"Mijn kijk schrijven"},
    }
    for rol, namen in verwacht.items():
        client.force_login(members[rol])
        page = client.get(url("verhaal", netwerk)).text
        assert {naam for naam in links if naam in page} == namen, rol
        assert (f'href="{links["Wie mag wat lezen"]}"' in page) == (rol == Rol.HOOFDPERSOON)
    client.force_login(members[Rol.FACILITATOR])
    page = client.get(url("verhaal", netwerk)).text
    assert "Het verhaal van Marieke opschrijven" in page
    assert url("verhaal_schrijven", netwerk) in page
    Verhaal.objects.create(netwerk=netwerk, tekst="Er is al een verhaal.")
    assert "Het verhaal van Marieke aanpassen" in client.get(url("verhaal", netwerk)).text
    client.force_login(members[Rol.HOOFDPERSOON])
    assert "Mijn verhaal aanpassen" in client.get(url("verhaal", netwerk)).text


def test_after_writing_the_link_says_mijn_kijk_aanpassen(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    client.post(url("perspectief_schrijven", netwerk), {"kijk": "Het gaat beter.", "versie": 0})
    page = client.get(url("verhaal", netwerk)).text
    assert "Mijn kijk aanpassen" in page
    assert "Mijn kijk schrijven" not in page
    assert "Sevda (jij)" in page
    assert "Nu kunnen alleen jij, Marieke en de facilitator dit lezen." in page
    assert "Marieke beslist wie jouw kijk mag lezen." in page


def test_user_text_is_escaped(client, netwerk, hoofdpersoon):
    Verhaal.objects.create(netwerk=netwerk, tekst="<script>alert(1)</script>", auteur=hoofdpersoon)
    client.force_login(hoofdpersoon)
    page = client.get(url("verhaal", netwerk)).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_reading_the_page_is_logged(client, netwerk, professional):
    client.force_login(professional)
    client.get(url("verhaal", netwerk))
    regel = Toegangslog.objects.filter(netwerk=netwerk).first()
    assert (regel.actie, regel.rol, regel.user) == ("R", Rol.PROFESSIONAL, professional)


# --- Writing the story -----------------------------------------------------------------


def test_the_hoofdpersoon_writes_a_long_story_with_emoji_and_accents(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.get(url("verhaal_schrijven", netwerk))
    assert response.status_code == 200
    assert "Vertel in je eigen woorden" in response.text
    assert 'name="zichtbaarheid"' in response.text
    tekst = ("Ik ben Marieke 😊. Mijn zoon Daniël gaat naar de crèche. " * 300).strip()
    assert len(tekst) > 15000

    response = client.post(
        url("verhaal_schrijven", netwerk), {"tekst": tekst, "zichtbaarheid": NETWERK, "versie": 0}
    )

    assert response.status_code == 302
    assert response.url == url("verhaal", netwerk)
    verhaal = Verhaal.objects.get(netwerk=netwerk)
    assert (verhaal.tekst, verhaal.zichtbaarheid, verhaal.auteur) == (tekst, NETWERK, hoofdpersoon)
    page = client.get(response.url).text
    assert "Je verhaal is opgeslagen." in page
    assert "Daniël gaat naar de crèche" in page and "😊" in page


def test_an_empty_or_too_long_story_comes_back_in_dutch(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.post(url("verhaal_schrijven", netwerk), {"tekst": "  ", "versie": 0})
    assert response.status_code == 200
    assert "Schrijf eerst iets in het vak." in response.text
    te_lang = "ë" * 20001
    response = client.post(url("verhaal_schrijven", netwerk), {"tekst": te_lang, "versie": 0})
    assert "Je verhaal is te lang: maximaal 20000 tekens." in response.text
    assert te_lang in response.text  # the user's text is kept
    assert not Verhaal.objects.exists()


def test_the_facilitator_writes_it_down_but_never_changes_who_reads_it(
    client, netwerk, hoofdpersoon, facilitator
):
    client.force_login(facilitator)
    response = client.get(url("verhaal_schrijven", netwerk))
    assert response.status_code == 200
    assert 'name="zichtbaarheid"' not in response.text
    assert "Marieke beslist wie het verhaal mag lezen." in response.text
    assert "Nu kunnen alleen Marieke en de facilitator dit lezen." in response.text

    response = client.post(
        url("verhaal_schrijven", netwerk),
        {"tekst": "Marieke vertelt.", "zichtbaarheid": PROFESSIONALS, "versie": 0},
    )
    assert response.status_code == 302
    verhaal = Verhaal.objects.get(netwerk=netwerk)
    assert (verhaal.tekst, verhaal.zichtbaarheid) == ("Marieke vertelt.", PRIVE)

    verhaal.zichtbaarheid = NETWERK
    verhaal.save()
    client.post(
        url("verhaal_schrijven", netwerk),
        {"tekst": "Marieke vertelt meer.", "zichtbaarheid": PRIVE, "versie": verhaal.versie},
    )
    verhaal.refresh_from_db()
    assert (verhaal.tekst, verhaal.zichtbaarheid) == ("Marieke vertelt meer.", NETWERK)


@pytest.mark.parametrize("rol", [Rol.SUPPORTER, Rol.NETWERKLID, Rol.PROFESSIONAL])
def test_others_cannot_write_the_story(client, netwerk, members, rol):
    client.force_login(members[rol])
    response = client.post(
        url("verhaal_schrijven", netwerk), {"tekst": "Niet van mij", "versie": 0}
    )
    assert response.status_code == 403
    assert not Verhaal.objects.exists()


def test_a_story_conflict_shows_what_is_saved_and_keeps_my_text(
    client, netwerk, hoofdpersoon, facilitator
):
    verhaal = Verhaal.objects.create(netwerk=netwerk, tekst="Begin.", auteur=hoofdpersoon)
    # Both opened the form at version 1; the facilitator saves first.
    client.force_login(facilitator)
    client.post(url("verhaal_schrijven", netwerk), {"tekst": "Versie van Sanne.", "versie": 1})
    client.force_login(hoofdpersoon)

    response = client.post(
        url("verhaal_schrijven", netwerk),
        {"tekst": "Mijn eigen versie.", "zichtbaarheid": PRIVE, "versie": 1},
    )

    assert response.status_code == 200
    page = response.text
    assert "Iemand anders heeft dit intussen ook gewijzigd." in page
    assert "Dit is nu opgeslagen:" in page
    assert "Versie van Sanne." in page
    assert re.search(r"<textarea[^>]*>\s*Mijn eigen versie\.</textarea>", page)
    verhaal.refresh_from_db()
    assert (verhaal.tekst, verhaal.versie) == ("Versie van Sanne.", 2)
    # Saving the same text again goes through, on top of the other change.
    assert 'name="versie" value="2"' in page
    client.post(
        url("verhaal_schrijven", netwerk),
        {"tekst": "Mijn eigen versie.", "zichtbaarheid": PRIVE, "versie": 2},
    )
    verhaal.refresh_from_db()
    assert verhaal.tekst == "Mijn eigen versie."


def test_two_people_starting_the_first_story_do_not_overwrite_each_other(
    client, netwerk, hoofdpersoon, facilitator
):
    client.force_login(hoofdpersoon)
    assert 'name="versie" value="0"' in client.get(url("verhaal_schrijven", netwerk)).text
    Verhaal.objects.create(netwerk=netwerk, tekst="Sanne was eerder.", auteur=facilitator)

    response = client.post(
        url("verhaal_schrijven", netwerk),
        {"tekst": "Ik begin.", "zichtbaarheid": PRIVE, "versie": 0},
    )

    assert response.status_code == 200
    assert "Sanne was eerder." in response.text and "Ik begin." in response.text
    assert Verhaal.objects.get(netwerk=netwerk).tekst == "Sanne was eerder."


def test_a_story_made_at_the_same_moment_meets_the_unique_constraint_as_a_conflict(
    netwerk, hoofdpersoon, facilitator
):
    toegang = find_toegang(hoofdpersoon, netwerk.pk)
    form = VerhaalForm(
        {"tekst": "Ik begin.", "zichtbaarheid": PRIVE, "versie": 0},
        instance=Verhaal(netwerk=netwerk, auteur=hoofdpersoon),
        mag_zichtbaarheid=True,
        hoofdpersoon="Marieke",
        eigen=True,
    )
    assert form.is_valid()
    # Someone else's first save lands between our look-up and our insert.
    Verhaal.objects.create(netwerk=netwerk, tekst="Sanne was eerder.", auteur=facilitator)

    assert form.opslaan(Verhaal.objects.zichtbaar_voor(toegang).first) is False

    assert form.conflict.tekst == "Sanne was eerder."
    assert form.data["versie"] == 1
    assert form.non_field_errors()
    assert Verhaal.objects.get().tekst == "Sanne was eerder."


# --- Writing one's own perspective -----------------------------------------------------


def test_a_netwerklid_writes_their_own_perspective(client, netwerk, hoofdpersoon, netwerklid):
    client.force_login(netwerklid)
    response = client.get(url("perspectief_schrijven", netwerk))
    assert response.status_code == 200
    for vraag in ("Wat is de situatie?", "Wie heeft er last?", "Wat is jouw kijk?"):
        assert vraag in response.text
    assert "Nu kunnen alleen jij, Marieke en de facilitator dit lezen." in response.text
    assert "Marieke beslist wie jouw kijk mag lezen." in response.text

    data = {
        "situatie": "Ze zit veel thuis.",
        "wie_last": "",
        "kijk": "Ze kan meer dan ze denkt.",
        "bijdrage": "Wandelen op zondag 🚶",
        "zichtbaarheid": PROFESSIONALS,  # not hers to choose: ignored
        "versie": 0,
    }
    response = client.post(url("perspectief_schrijven", netwerk), data)

    assert response.status_code == 302
    kijk = Perspectief.objects.get(netwerk=netwerk)
    sevda = Deelname.objects.get(user=netwerklid).persoon
    assert (kijk.auteur, kijk.persoon, kijk.zichtbaarheid) == (netwerklid, sevda, PRIVE)
    assert kijk.bijdrage == "Wandelen op zondag 🚶"

    response = client.get(url("perspectief_schrijven", netwerk))
    assert "Ze kan meer dan ze denkt." in response.text
    client.post(url("perspectief_schrijven", netwerk), {**data, "kijk": "Anders.", "versie": 1})
    assert Perspectief.objects.get(netwerk=netwerk).kijk == "Anders."
    assert Perspectief.objects.count() == 1


def test_my_perspective_is_mine_only(client, netwerk, supporter, netwerklid):
    van_els = Perspectief.objects.create(netwerk=netwerk, auteur=supporter, kijk="Kijk van Els")
    client.force_login(netwerklid)
    page = client.get(url("perspectief_schrijven", netwerk)).text
    assert "Kijk van Els" not in page
    client.post(url("perspectief_schrijven", netwerk), {"kijk": "Kijk van Sevda", "versie": 1})
    van_els.refresh_from_db()
    assert van_els.kijk == "Kijk van Els"
    assert Perspectief.objects.get(auteur=netwerklid).kijk == "Kijk van Sevda"


def test_an_empty_perspective_comes_back_in_dutch(client, netwerk, netwerklid):
    client.force_login(netwerklid)
    response = client.post(
        url("perspectief_schrijven", netwerk), {"situatie": " ", "kijk": "", "versie": 0}
    )
    assert response.status_code == 200
    assert "Vul minstens één vraag in." in response.text
    assert not Perspectief.objects.exists()


def test_the_hoofdpersoon_is_told_they_decide(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    page = client.get(url("perspectief_schrijven", netwerk)).text
    assert "Nu kunnen alleen jij en de facilitator dit lezen." in page
    assert "Jij beslist wie dit mag lezen" in page


def test_a_perspective_conflict_keeps_the_losers_text(client, netwerk, netwerklid):
    kijk = Perspectief.objects.create(netwerk=netwerk, auteur=netwerklid, kijk="Eerst.")
    # The same person in two tabs (or on phone and laptop): the phone saved first.
    Perspectief.objects.filter(pk=kijk.pk).update(kijk="Van de telefoon.", versie=2)
    client.force_login(netwerklid)

    response = client.post(
        url("perspectief_schrijven", netwerk), {"kijk": "Van de laptop.", "versie": 1}
    )

    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen ook gewijzigd." in response.text
    assert "Van de telefoon." in response.text
    assert re.search(r"<textarea[^>]*>\s*Van de laptop\.</textarea>", response.text)
    assert Perspectief.objects.get().kijk == "Van de telefoon."


def test_the_coordinator_cannot_write_a_perspective(client, netwerk, coordinator):
    client.force_login(coordinator)
    response = client.post(url("perspectief_schrijven", netwerk), {"kijk": "Hallo", "versie": 0})
    assert response.status_code == 403
    assert not Perspectief.objects.exists()


# --- Who may read what -----------------------------------------------------------------


@pytest.fixture
def twee_kijken(netwerk, supporter, professional):
    return (
        Perspectief.objects.create(
            netwerk=netwerk,
            auteur=supporter,
            persoon=Deelname.objects.get(user=supporter).persoon,
            situatie="Het huis is een rommel en niemand durft het te zeggen.",
        ),
        Perspectief.objects.create(netwerk=netwerk, auteur=professional, kijk="Zorg om geld."),
    )


def test_the_hoofdpersoon_shares_on_one_page(client, netwerk, hoofdpersoon, twee_kijken):
    verhaal = Verhaal.objects.create(netwerk=netwerk, tekst="Mijn verhaal.", auteur=hoofdpersoon)
    els, ahmed = twee_kijken
    client.force_login(hoofdpersoon)
    response = client.get(url("zichtbaarheid", netwerk))
    assert response.status_code == 200
    page = response.text
    assert "Mijn verhaal" in page and "De kijk van Els" in page and "De kijk van Ahmed" in page
    assert "Het huis is een rommel en niemand durft het te zeggen." in page  # first words
    assert page.count('type="radio"') == 9
    assert "Verder alleen Els, die het schreef." in page  # the author always reads it
    for label in ("Alleen ik en de facilitator", "Het netwerk", "Het netwerk en de professionals"):
        assert label in page

    response = client.post(
        url("zichtbaarheid", netwerk),
        {
            "verhaal": PROFESSIONALS,
            f"perspectief-{els.pk}": NETWERK,
            f"perspectief-{ahmed.pk}": PRIVE,
        },
    )

    assert response.status_code == 302
    assert response.url == url("verhaal", netwerk)
    verhaal.refresh_from_db()
    els.refresh_from_db()
    ahmed.refresh_from_db()
    assert (verhaal.zichtbaarheid, els.zichtbaarheid, ahmed.zichtbaarheid) == (
        PROFESSIONALS,
        NETWERK,
        PRIVE,
    )
    # A change moves the version on; an unchanged item keeps its own.
    assert (verhaal.versie, els.versie, ahmed.versie) == (2, 2, 1)


def test_an_old_page_never_undoes_a_newer_choice(client, netwerk, hoofdpersoon, twee_kijken):
    """Two tabs: the story was made private in one; the other, opened before, changes only
    Els's perspective. The story stays private."""
    verhaal = Verhaal.objects.create(
        netwerk=netwerk, tekst="Mijn verhaal.", zichtbaarheid=NETWERK, auteur=hoofdpersoon
    )
    els, _ = twee_kijken
    client.force_login(hoofdpersoon)
    oud = {"verhaal": NETWERK, "verhaal-gezien": NETWERK, f"perspectief-{els.pk}-gezien": PRIVE}
    # The other tab: the story goes back to private.
    client.post(url("zichtbaarheid", netwerk), {"verhaal": PRIVE, "verhaal-gezien": NETWERK})
    verhaal.refresh_from_db()
    assert verhaal.zichtbaarheid == PRIVE

    response = client.post(url("zichtbaarheid", netwerk), {**oud, f"perspectief-{els.pk}": NETWERK})

    assert response.status_code == 302
    verhaal.refresh_from_db()
    els.refresh_from_db()
    assert (verhaal.zichtbaarheid, els.zichtbaarheid) == (PRIVE, NETWERK)


def test_a_change_made_elsewhere_meanwhile_is_not_overwritten(
    client, netwerk, hoofdpersoon, twee_kijken
):
    els, _ = twee_kijken
    client.force_login(hoofdpersoon)
    Perspectief.objects.filter(pk=els.pk).update(zichtbaarheid=PROFESSIONALS)
    response = client.post(
        url("zichtbaarheid", netwerk),
        {f"perspectief-{els.pk}": NETWERK, f"perspectief-{els.pk}-gezien": PRIVE},
        follow=True,
    )
    assert "Dat hebben we niet overschreven." in response.text
    els.refresh_from_db()
    assert els.zichtbaarheid == PROFESSIONALS


def test_an_item_of_another_netwerk_cannot_be_changed(
    client, netwerk, hoofdpersoon, twee_kijken, organisatie
):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemd = Perspectief.objects.create(
        netwerk=ander, auteur=make_user("vreemde"), kijk="Niet van jou."
    )
    vreemd_verhaal = Verhaal.objects.create(netwerk=ander, tekst="Ander verhaal.")
    client.force_login(hoofdpersoon)

    response = client.post(
        url("zichtbaarheid", netwerk),
        {f"perspectief-{vreemd.pk}": PROFESSIONALS, "verhaal": PROFESSIONALS},
    )

    assert response.status_code == 302
    vreemd.refresh_from_db()
    vreemd_verhaal.refresh_from_db()
    assert (vreemd.zichtbaarheid, vreemd.versie) == (PRIVE, 1)
    assert (vreemd_verhaal.zichtbaarheid, vreemd_verhaal.versie) == (PRIVE, 1)


def test_an_unknown_choice_comes_back_in_dutch(client, netwerk, hoofdpersoon, twee_kijken):
    els, _ = twee_kijken
    client.force_login(hoofdpersoon)
    response = client.post(url("zichtbaarheid", netwerk), {f"perspectief-{els.pk}": "iedereen"})
    assert response.status_code == 200
    assert "Kies een van de drie mogelijkheden." in response.text
    els.refresh_from_db()
    assert els.zichtbaarheid == PRIVE


@pytest.mark.parametrize(
    "rol", [Rol.SUPPORTER, Rol.NETWERKLID, Rol.FACILITATOR, Rol.PROFESSIONAL, Rol.COORDINATOR]
)
def test_only_the_hoofdpersoon_changes_who_reads(client, netwerk, members, twee_kijken, rol):
    els, _ = twee_kijken
    Verhaal.objects.create(netwerk=netwerk, tekst="Mijn verhaal.")
    client.force_login(members[rol])
    response = client.post(
        url("zichtbaarheid", netwerk), {"verhaal": PROFESSIONALS, f"perspectief-{els.pk}": NETWERK}
    )
    assert response.status_code == 403
    assert Verhaal.objects.get().zichtbaarheid == PRIVE
    els.refresh_from_db()
    assert els.zichtbaarheid == PRIVE


def test_nothing_to_share_yet(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    page = client.get(url("zichtbaarheid", netwerk)).text
    assert "Er is nog niets om te delen." in page
    assert 'type="radio"' not in page


# --- Query counts ----------------------------------------------------------------------


def perspectieven(netwerk: Netwerk, aantal: int) -> None:
    """Grow to `aantal` perspectives, each by its own login, at every level in turn."""
    niveaus = [PRIVE, NETWERK, PROFESSIONALS]
    personen = list(Persoon.objects.in_netwerk(netwerk).order_by("pk"))
    for i in range(Perspectief.objects.filter(netwerk=netwerk).count(), aantal):
        Perspectief.objects.create(
            netwerk=netwerk,
            auteur=User.objects.create(username=f"schrijver-{netwerk.pk}-{i}"),
            persoon=personen[i % len(personen)] if i % 4 else None,
            situatie=f"Situatie {i}",
            kijk=f"Kijk {i}",
            zichtbaarheid=niveaus[i % 3],
        )


QUERIES = {
    # + the story + the perspectives with their person and author
    ("verhaal", Rol.HOOFDPERSOON): BASE + 2,
    # + the hoofdpersoon (for the name) + the story + the perspectives
    ("verhaal", Rol.FACILITATOR): BASE + 3,
    ("verhaal", Rol.PROFESSIONAL): BASE + 3,
    # + the story (the name comes with the hoofdpersoon's own access)
    ("verhaal_schrijven", Rol.HOOFDPERSOON): BASE + 1,
    # + the hoofdpersoon + the story
    ("verhaal_schrijven", Rol.FACILITATOR): BASE + 2,
    # + the hoofdpersoon + my own perspective
    ("perspectief_schrijven", Rol.NETWERKLID): BASE + 2,
    # + the story + the perspectives with their person and author
    ("zichtbaarheid", Rol.HOOFDPERSOON): BASE + 2,
}


@pytest.mark.parametrize(("name", "rol"), sorted(QUERIES))
def test_query_count_does_not_grow(client, netwerk, members, name, rol):
    facilitator = members[Rol.FACILITATOR]
    Verhaal.objects.create(netwerk=netwerk, tekst="Het verhaal.", zichtbaarheid=PROFESSIONALS)
    Perspectief.objects.create(netwerk=netwerk, auteur=members[rol], kijk="Mijn eigen kijk.")
    grow(netwerk, 5, facilitator)
    perspectieven(netwerk, 3)
    client.force_login(members[rol])
    small = count(client, url(name, netwerk))
    grow(netwerk, 150, facilitator)
    perspectieven(netwerk, 60)
    large = count(client, url(name, netwerk))
    assert (small, large) == (QUERIES[name, rol], QUERIES[name, rol])

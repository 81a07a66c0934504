"""Momentopnamen: keeping the network on a date, one moment ring by ring, two side by side."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netwerkkompas.models import Momentopname
from netwerkkompas.vergelijken import Lid, lees, per_ring, tel, vergelijk
from sonestra.core.models import Netwerk, Persoon
from tests.core.test_query_counts import BASE, count, grow


def p(id, naam, soort="familie", tijd="heden", kwaliteit="", ring=2, hoofdpersoon=False):
    return {
        "id": id,
        "naam": naam,
        "soort": soort,
        "tijd": tijd,
        "kwaliteit": kwaliteit,
        "ring": ring,
        "hoofdpersoon": hoofdpersoon,
    }


MARIEKE = p(1, "Marieke Bakker", soort="", ring=1, hoofdpersoon=True)


# --- The comparison, pure -------------------------------------------------------------


def test_who_joined_and_who_left():
    oud = [MARIEKE, p(2, "Oma Truus"), p(3, "Buurman Henk", soort="buurt", ring=3)]
    nieuw = [MARIEKE, p(2, "Oma Truus"), p(4, "Juf Aysel", soort="school_werk", ring=3)]
    uitkomst = vergelijk(oud, nieuw)
    assert [lid.naam for lid in uitkomst.erbij] == ["Juf Aysel"]
    assert [lid.naam for lid in uitkomst.weg] == ["Buurman Henk"]
    assert uitkomst.ringwissels == () and uitkomst.veranderingen == ()
    assert uitkomst.zinnen()[0] == (
        "Het netwerk is even groot gebleven: 1 persoon erbij en 1 niet meer."
    )


def test_a_grown_network_in_a_plain_sentence():
    oud = [MARIEKE, p(2, "Oma Truus")]
    nieuw = [MARIEKE, p(2, "Oma Truus"), *(p(10 + i, f"Vriend {i}", "vrienden") for i in range(6))]
    uitkomst = vergelijk(oud, nieuw)
    assert uitkomst.zinnen() == ["Het netwerk van Marieke is groter geworden: 6 mensen erbij."]
    assert (uitkomst.voor.informeel, uitkomst.na.informeel) == (1, 7)


def test_a_smaller_network_and_one_joined():
    oud = [MARIEKE, p(2, "Oma Truus"), p(3, "Henk"), p(4, "Ali")]
    nieuw = [MARIEKE, p(2, "Oma Truus"), p(5, "Jeugdzorg", "professional", ring=4)]
    zinnen = vergelijk(oud, nieuw).zinnen()
    assert zinnen == [
        "Het netwerk van Marieke is kleiner geworden: 2 mensen staan er niet meer in.",
        "1 persoon is erbij gekomen.",
    ]


def test_ring_changes_from_and_to():
    oud = [MARIEKE, p(2, "Oma Truus", ring=3), p(3, "Henk", ring=1)]
    nieuw = [MARIEKE, p(2, "Oma Truus", ring=1), p(3, "Henk", ring=2)]
    uitkomst = vergelijk(oud, nieuw)
    wissels = {w.lid.naam: (w.van, w.naar, w.dichterbij) for w in uitkomst.ringwissels}
    assert wissels == {"Oma Truus": (3, 1, True), "Henk": (1, 2, False)}
    zinnen = uitkomst.zinnen()
    assert "1 persoon staat dichterbij dan eerst." in zinnen
    assert "1 persoon staat verder weg dan eerst." in zinnen


def test_soort_tijd_and_kwaliteit_changes_have_labels():
    oud = [MARIEKE, p(2, "Henk", soort="buurt", tijd="heden", kwaliteit="positief")]
    nieuw = [MARIEKE, p(2, "Henk", soort="vrienden", tijd="verleden", kwaliteit="moeizaam")]
    uitkomst = vergelijk(oud, nieuw)
    gezien = {(v.veld, v.van, v.naar) for v in uitkomst.veranderingen}
    assert gezien == {
        ("soort", "Buurt", "Vrienden"),
        ("tijd", "Nu", "Vroeger"),
        ("kwaliteit", "Positief", "Moeizaam"),
    }
    # Henk is no longer active: he leaves the count, but not the list.
    assert (uitkomst.voor.informeel, uitkomst.na.informeel) == (1, 0)
    assert uitkomst.weg == ()


def test_matching_falls_back_to_the_name_when_an_id_is_missing():
    oud = [MARIEKE, {"naam": "Oma  Truus", "ring": 3}, {"naam": "Henk"}]
    nieuw = [MARIEKE, p(2, "oma truus", ring=1), p(3, "Henk", ring=3)]
    uitkomst = vergelijk(oud, nieuw)
    assert uitkomst.erbij == () and uitkomst.weg == ()
    assert [(w.lid.naam, w.van, w.naar) for w in uitkomst.ringwissels] == [("oma truus", 3, 1)]


def test_ids_win_over_names():
    # Two people called Jan; the ids say which one left.
    oud = [MARIEKE, p(2, "Jan", ring=1), p(3, "Jan", ring=3)]
    nieuw = [MARIEKE, p(3, "Jan", ring=3)]
    uitkomst = vergelijk(oud, nieuw)
    assert [(lid.id, lid.ring) for lid in uitkomst.weg] == [(2, 1)]
    assert uitkomst.ringwissels == ()


def test_someone_removed_and_entered_again_is_the_same_person():
    oud = [MARIEKE, p(2, "Oma Truus")]
    nieuw = [MARIEKE, p(9, "Oma Truus")]
    assert vergelijk(oud, nieuw).zelfde


def test_nothing_changed():
    lijst = [MARIEKE, p(2, "Oma Truus")]
    uitkomst = vergelijk(lijst, lijst)
    assert uitkomst.zelfde
    assert uitkomst.zinnen() == ["Er is niemand bij gekomen en niemand weggegaan."]


def test_counting_and_rings_leave_the_hoofdpersoon_out():
    leden = lees(
        [
            MARIEKE,
            p(2, "Oma Truus", ring=1),
            p(3, "Jeugdzorg", "professional", ring=4),
            p(4, "Oom Kees", tijd="verleden", ring=3),
            "rommel",  # not a person: skipped
        ]
    )
    telling = tel(leden)
    assert (telling.informeel, telling.professioneel, telling.in_lijst) == (1, 1, 3)
    ringen = per_ring(leden)
    assert [r.nummer for r in ringen] == [1, 2, 3, 4]
    assert [[lid.naam for lid in r.leden] for r in ringen] == [
        ["Oma Truus"],
        [],
        ["Oom Kees"],
        ["Jeugdzorg"],
    ]


def test_old_entries_without_keys_get_a_ring_by_their_kind():
    assert Lid.uit({"naam": "X", "soort": "professional"}).ring == 4
    assert Lid.uit({"naam": "X", "soort": "familie"}).ring == 2
    assert Lid.uit({"naam": "X"}).ring == 3
    assert Lid.uit({"naam": "X", "id": "12"}).id is None
    assert Lid.uit({}).naam == "(zonder naam)"


# --- Views ----------------------------------------------------------------------------


def lijst_url(netwerk) -> str:
    return reverse("netwerkkompas:momentopnamen", args=[netwerk.pk])


def vergelijk_url(netwerk) -> str:
    return reverse("netwerkkompas:momentopnamen_vergelijken", args=[netwerk.pk])


def test_it_keeps_the_network_as_it_stands(client, netwerk, supporter):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie", ring=1)
    client.force_login(supporter)
    response = client.post(lijst_url(netwerk), {"naam": "Na het eerste gesprek"})
    assert response.status_code == 302
    moment = Momentopname.objects.get(netwerk=netwerk)
    assert moment.naam == "Na het eerste gesprek"
    assert moment.datum == timezone.localdate()
    assert moment.gemaakt_door == supporter
    assert {x["naam"] for x in moment.personen} == {"Marieke Bakker", "Els", "Oma Truus"}
    page = client.get(response["Location"]).content.decode()
    assert "is bewaard." in page
    assert "Na het eerste gesprek" in page
    assert "2 mensen in de lijst" in page


def test_a_moment_is_always_today(client, netwerk, facilitator):
    """A posted date is ignored: a moment dated in the past would hold today's people."""
    client.force_login(facilitator)
    response = client.post(lijst_url(netwerk), {"naam": "", "datum": "2026-01-15"})
    assert response.status_code == 302
    assert Momentopname.objects.get(netwerk=netwerk).datum == timezone.localdate()


def test_a_name_that_is_too_long_is_refused_in_dutch(client, netwerk, hoofdpersoon):
    client.force_login(hoofdpersoon)
    response = client.post(lijst_url(netwerk), {"naam": "x" * 121})
    assert response.status_code == 200
    assert "Gebruik hoogstens 120 tekens." in response.content.decode()
    assert not Momentopname.objects.exists()


def test_a_netwerklid_sees_the_list_but_cannot_keep_a_moment(client, netwerk, netwerklid):
    Momentopname.maak(netwerk, naam="Begin")
    client.force_login(netwerklid)
    response = client.get(lijst_url(netwerk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Begin" in html and "Bewaar het netwerk van nu" not in html
    assert client.post(lijst_url(netwerk), {"naam": "Nee"}).status_code == 403
    assert Momentopname.objects.count() == 1


def test_one_moment_ring_by_ring(client, netwerk, netwerklid):
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie", ring=1)
    Persoon.objects.create(netwerk=netwerk, naam="Jeugdzorg", soort="professional")
    moment = Momentopname.maak(netwerk, naam="Begin")
    # Later changes do not change the past.
    Persoon.objects.filter(naam="Oma Truus").delete()
    client.force_login(netwerklid)
    response = client.get(reverse("netwerkkompas:momentopname", args=[netwerk.pk, moment.pk]))
    assert response.status_code == 200
    ringen = {r.nummer: [lid.naam for lid in r.leden] for r in response.context["ringen"]}
    assert ringen == {1: ["Oma Truus"], 2: [], 3: ["Sevda"], 4: ["Jeugdzorg"]}
    html = response.content.decode()
    assert "In het midden: <strong>Marieke Bakker</strong>" in html
    assert "Ring 1: heel dichtbij" in html
    assert "Deze momentopname verwijderen" not in html  # a netwerklid may not


def test_another_netwerks_moment_does_not_exist(client, netwerk, facilitator, organisatie):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemd = Momentopname.maak(ander, naam="Niet van jou")
    client.force_login(facilitator)
    url = reverse("netwerkkompas:momentopname", args=[netwerk.pk, vreemd.pk])
    assert client.get(url).status_code == 404
    weg = reverse("netwerkkompas:momentopname_verwijderen", args=[netwerk.pk, vreemd.pk])
    assert client.post(weg).status_code == 404
    assert Momentopname.objects.filter(pk=vreemd.pk).exists()


def test_removing_a_moment(client, netwerk, hoofdpersoon, professional):
    moment = Momentopname.maak(netwerk, naam="Begin")
    url = reverse("netwerkkompas:momentopname_verwijderen", args=[netwerk.pk, moment.pk])
    client.force_login(professional)
    assert client.post(url).status_code == 403
    client.force_login(hoofdpersoon)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == lijst_url(netwerk)
    assert not Momentopname.objects.filter(pk=moment.pk).exists()
    assert "is weg." in client.get(response["Location"]).content.decode()


@pytest.fixture
def twee_momenten(netwerk):
    oma = Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie", ring=3)
    henk = Persoon.objects.create(netwerk=netwerk, naam="Buurman Henk", soort="buurt")
    eerste = Momentopname.maak(netwerk, naam="Begin", datum=date(2026, 1, 10))
    oma.ring = 1
    oma.save()
    henk.delete()
    for naam in ("Juf Aysel", "Coach Fatima"):
        Persoon.objects.create(netwerk=netwerk, naam=naam, soort="vrienden")
    tweede = Momentopname.maak(netwerk, naam="Na het beraad", datum=date(2026, 3, 1))
    Persoon.objects.create(netwerk=netwerk, naam="Jeugdzorg", soort="professional")
    return eerste, tweede


def test_compare_starts_with_the_two_most_recent(client, netwerk, netwerklid, twee_momenten):
    eerste, tweede = twee_momenten
    client.force_login(netwerklid)
    response = client.get(vergelijk_url(netwerk))
    assert response.status_code == 200
    uitkomst = response.context["vergelijking"]
    assert [lid.naam for lid in uitkomst.erbij] == ["Coach Fatima", "Juf Aysel"]
    assert [lid.naam for lid in uitkomst.weg] == ["Buurman Henk"]
    assert [(w.lid.naam, w.van, w.naar) for w in uitkomst.ringwissels] == [("Oma Truus", 3, 1)]
    html = response.content.decode()
    assert "Het netwerk van Marieke is groter geworden: 2 mensen erbij." in html
    assert "Oma Truus: dichterbij, van ring 3 naar ring 1" in html
    assert "Van 10 januari 2026 · Begin tot 1 maart 2026 · Na het beraad." in html


def test_compare_a_moment_with_now(client, netwerk, netwerklid, twee_momenten):
    eerste, tweede = twee_momenten
    client.force_login(netwerklid)
    response = client.get(vergelijk_url(netwerk), {"van": "nu", "tot": tweede.pk})
    assert response.status_code == 200
    uitkomst = response.context["vergelijking"]
    # Put in order: from the kept moment to now, whatever the order chosen.
    assert response.context["nieuw_label"] == "Nu"
    assert [lid.naam for lid in uitkomst.erbij] == ["Jeugdzorg"]
    assert (uitkomst.voor.professioneel, uitkomst.na.professioneel) == (0, 1)


def test_with_one_moment_compare_it_with_now(client, netwerk, facilitator):
    moment = Momentopname.maak(netwerk, naam="Begin")
    Persoon.objects.create(netwerk=netwerk, naam="Oma Truus", soort="familie")
    client.force_login(facilitator)
    response = client.get(vergelijk_url(netwerk))
    form = response.context["form"]
    assert (form["van"].value(), form["tot"].value()) == (str(moment.pk), "nu")
    assert [lid.naam for lid in response.context["vergelijking"].erbij] == ["Oma Truus"]


def test_without_moments_it_says_what_to_do(client, netwerk, facilitator):
    client.force_login(facilitator)
    response = client.get(vergelijk_url(netwerk))
    assert response.status_code == 200
    assert "Er is nog geen momentopname." in response.content.decode()
    assert response.context["vergelijking"] is None


@pytest.mark.parametrize(
    "params, melding",
    [
        ({"van": "999999", "tot": "nu"}, "Dit moment bestaat niet (meer)."),
        ({"van": "vandaag", "tot": "nu"}, "Dit moment bestaat niet (meer)."),
        ({"van": "", "tot": "nu"}, "Kies een moment."),
        ({"van": "nu", "tot": "nu"}, "Kies twee verschillende momenten."),
        ({"van": "nu"}, "Kies een moment."),
    ],
)
def test_invalid_choices_give_the_form_in_dutch(
    client, netwerk, facilitator, twee_momenten, params, melding
):
    client.force_login(facilitator)
    response = client.get(vergelijk_url(netwerk), params)
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert response.context["vergelijking"] is None


def test_another_netwerks_moment_cannot_be_compared(
    client, netwerk, facilitator, organisatie, twee_momenten
):
    ander = Netwerk.objects.create(titel="Ander netwerk", organisatie=organisatie)
    vreemd = Momentopname.maak(ander, naam="Geheim")
    client.force_login(facilitator)
    response = client.get(vergelijk_url(netwerk), {"van": vreemd.pk, "tot": "nu"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit moment bestaat niet (meer)." in html
    assert "Geheim" not in html


def test_outsiders_get_404(client, netwerk, outsider, twee_momenten):
    client.force_login(outsider)
    assert client.get(vergelijk_url(netwerk)).status_code == 404
    assert client.get(lijst_url(netwerk)).status_code == 404


# --- Query counts -----------------------------------------------------------------------


def _momenten(netwerk, aantal: int) -> list[Momentopname]:
    vandaag = timezone.localdate()
    for i in range(Momentopname.objects.filter(netwerk=netwerk).count(), aantal):
        Momentopname.maak(netwerk, naam=f"Moment {i}", datum=vandaag - timedelta(days=i))
    return list(Momentopname.objects.filter(netwerk=netwerk))


@pytest.mark.parametrize(
    "name, extra, expected",
    [
        # + the moments with their frozen lists (counted in Python)
        ("netwerkkompas:momentopnamen", {}, BASE + 1),
        # + this moment
        ("netwerkkompas:momentopname", {"momentopname_id": True}, BASE + 1),
        # + the moments for the choice (without their lists) + the two chosen, in one query
        ("netwerkkompas:momentopnamen_vergelijken", {}, BASE + 2),
        # the same + the groslijst of today, frozen on the fly
        ("netwerkkompas:momentopnamen_vergelijken", {"nu": True}, BASE + 3),
    ],
)
def test_query_counts_do_not_grow(client, netwerk, facilitator, name, extra, expected):
    client.force_login(facilitator)
    grow(netwerk, 5, facilitator)
    momenten = _momenten(netwerk, 2)
    kwargs = {"netwerk_id": netwerk.pk}
    if "momentopname_id" in extra:
        kwargs["momentopname_id"] = momenten[-1].pk
    url = reverse(name, kwargs=kwargs)
    if "nu" in extra:
        url += f"?van={momenten[-1].pk}&tot=nu"
    small = count(client, url)
    grow(netwerk, 150, facilitator)
    _momenten(netwerk, 30)
    large = count(client, url)
    assert (small, large) == (expected, expected)


def test_how_a_contact_felt_stays_with_the_keepers(
    client, netwerk, netwerklid, professional, supporter
):
    ria = Persoon.objects.create(netwerk=netwerk, naam="Ria", soort="familie", kwaliteit="positief")
    eerst = Momentopname.maak(netwerk, naam="Begin")
    Persoon.objects.filter(pk=ria.pk).update(kwaliteit="moeizaam")
    daarna = Momentopname.maak(netwerk, naam="Later")
    moment_url = reverse("netwerkkompas:momentopname", args=[netwerk.pk, daarna.pk])
    query = {"van": eerst.pk, "tot": daarna.pk}
    for user in (netwerklid, professional):
        client.force_login(user)
        assert "Moeizaam" not in client.get(moment_url).content.decode()
        assert "Moeizaam" not in client.get(vergelijk_url(netwerk), query).content.decode()
    client.force_login(supporter)
    assert "Moeizaam" in client.get(moment_url).content.decode()
    assert "Moeizaam" in client.get(vergelijk_url(netwerk), query).content.decode()

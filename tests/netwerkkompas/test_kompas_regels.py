"""Rules that hold across the tools of the Netwerkkompas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netwerkkompas.models import Verhaal
from sonestra.core.access import find_toegang
from sonestra.core.models import Deelname
from sonestra.core.roles import Rol, Zichtbaarheid

READ_ONLY = [
    "netwerkkompas:cirkel",
    "netwerkkompas:genogram",
    "netwerkkompas:buurtkaart",
    "netwerkkompas:verhaal",
    "netwerkkompas:balans",
    "netwerkkompas:momentopnamen_vergelijken",
]


@pytest.mark.parametrize("name", READ_ONLY)
def test_pages_that_only_show_refuse_a_post(client, netwerk, facilitator, name):
    client.force_login(facilitator)
    assert client.post(reverse(name, args=[netwerk.pk])).status_code == 405


def test_who_typed_the_story_does_not_decide_who_reads_it(
    client, netwerk, facilitator, hoofdpersoon
):
    """A facilitator wrote the story down; later they take part as a professional. The
    story is private: now they may not read it."""
    Verhaal.objects.create(
        netwerk=netwerk,
        tekst="Dit is alleen voor mij.",
        zichtbaarheid=Zichtbaarheid.PRIVE,
        auteur=facilitator,
    )
    assert Verhaal.objects.zichtbaar_voor(find_toegang(facilitator, netwerk.pk)).exists()
    Deelname.objects.filter(user=facilitator, netwerk=netwerk).update(rol=Rol.PROFESSIONAL)
    assert not Verhaal.objects.zichtbaar_voor(find_toegang(facilitator, netwerk.pk)).exists()
    client.force_login(facilitator)
    assert (
        "Dit is alleen voor mij."
        not in client.get(reverse("netwerkkompas:verhaal", args=[netwerk.pk])).content.decode()
    )

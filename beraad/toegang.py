"""Getting a beraad and its parts for one request, after `access_netwerk` said yes.

Every beraad view starts with `access_netwerk(...)` and then asks here for the objects
it names, always inside the Netwerk the access check returned: an id from another
Netwerk is a 404, like a Netwerk you are not in.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from sonestra.core.access import Toegang

from .models import Actieplan, Afspraak, Beraad


def beraad_van(toegang: Toegang, beraad_id: int) -> Beraad:
    """The beraad with its plan (one query), or 404 when it is not in this Netwerk."""
    beraad = get_object_or_404(
        Beraad.objects.select_related("plan", "plan__aanspreekpunt"),
        pk=beraad_id,
        netwerk=toegang.netwerk,
    )
    plan_van(beraad)
    return beraad


def plan_van(beraad: Beraad) -> Actieplan:
    """Every beraad has a plan from the start; made here for a beraad made elsewhere."""
    try:
        return beraad.plan
    except Actieplan.DoesNotExist:
        plan, _ = Actieplan.objects.get_or_create(beraad=beraad, netwerk_id=beraad.netwerk_id)
        beraad.plan = plan
        return plan


def afspraak_van(toegang: Toegang, beraad: Beraad, afspraak_id: int) -> Afspraak:
    """An afspraak this role may read now: during eigen tijd it does not exist for staff."""
    afspraak = (
        Afspraak.objects.zichtbaar_voor(toegang)
        .filter(pk=afspraak_id, plan__beraad=beraad)
        .select_related("vraag")
        .first()
    )
    if afspraak is None:
        raise Http404("Afspraak niet gevonden")
    return afspraak

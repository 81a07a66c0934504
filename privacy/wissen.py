"""Erasing a whole Netwerk, on the hoofdpersoon's request. It cannot be undone.

`wis_netwerk` removes, in one transaction:

- every row of the Netwerk in every app: everything hangs off the Netwerk with CASCADE
  (people, Deelnames, invitations, the Netwerkkompas, beraden, plans, the Actieteam);
- every line of the Netwerk's access log (`log_onderhoud()`: the one door through which
  lines may go). One line stays as a trace that an erasure happened: action D, the time,
  the role of who asked, the outcome, and a pseudonym of the Netwerk (`pseudoniem`, an
  HMAC of its id with SECRET_KEY) — no user, name, address or id. Whoever holds the key
  can check that Netwerk 12 was erased; nobody can read from the line whose it was;
- the sessions and unused login links of the family logins that now take part in no
  Netwerk (staff keep theirs: they work in other Netwerken of their organisation); a
  password-less family login that never took part in another Netwerk is removed, with its
  login lines;

and once that transaction is committed, every photo of the Netwerk from storage (also
files no row names any more, in the Netwerk's photo folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy

from sonestra.core.logboek import log_onderhoud
from sonestra.core.models import Deelname, LoginLink, Netwerk, Persoon, Toegangslog, User
from sonestra.core.sessies import beeindig_sessies

logger = logging.getLogger(__name__)

# What someone types to confirm, besides the Netwerk's own title: the word in the page's
# language (the Dutch word always works too).
BEVESTIGWOORD = gettext_lazy("VERWIJDEREN")


def pseudoniem(netwerk_id: int) -> str:
    """A stable stand-in for the Netwerk's id that says nothing without SECRET_KEY."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"netwerk:{netwerk_id}".encode(), hashlib.sha256
    ).hexdigest()


def spoor(netwerk_id: int) -> str:
    """The `onderwerp` of the one log line that stays."""
    return f"netwerk gewist: {pseudoniem(netwerk_id)}"


def fotomap(netwerk_id: int) -> str:
    """The folder the Netwerk's photos are stored in (see core.models._photo_path)."""
    return f"fotos/{netwerk_id}"


@dataclass(frozen=True)
class Gewist:
    pseudoniem: str
    rijen: int  # rows removed, the Netwerk's log lines included
    uitgelogd: frozenset[int]  # logins whose sessions were ended


def _log_van(netwerk_id: int):
    return Toegangslog.objects.filter(Q(netwerk_id=netwerk_id) | Q(netwerk_ref=netwerk_id))


def wis_netwerk(netwerk: Netwerk, *, rol: str) -> Gewist:
    """Erase the Netwerk and everything of it (see the module docstring)."""
    netwerk_id = netwerk.pk
    foto_veld = Persoon._meta.get_field("foto")
    with transaction.atomic():
        # One erasure at a time; a second one waits and then finds nothing.
        if not list(Netwerk.objects.select_for_update().filter(pk=netwerk_id).values("pk")):
            return Gewist(pseudoniem(netwerk_id), 0, frozenset())
        fotos = set(
            Persoon.objects.filter(netwerk_id=netwerk_id)
            .exclude(foto="")
            .values_list("foto", flat=True)
        )
        user_ids = set(
            Deelname.objects.filter(netwerk_id=netwerk_id).values_list("user_id", flat=True)
        )
        with log_onderhoud():
            regels, _ = _log_van(netwerk_id).delete()
            rijen, _ = Netwerk.objects.filter(pk=netwerk_id).delete()
            # Lines another request wrote for this Netwerk while we were busy.
            laat, _ = _log_van(netwerk_id).delete()
        Toegangslog.objects.create(
            actie=Toegangslog.Actie.DELETE,
            rol=rol,
            uitkomst=Toegangslog.Uitkomst.TOEGESTAAN,
            onderwerp=spoor(netwerk_id),
        )
        # Family logins that take part in nothing any more are logged out everywhere.
        nog_ergens = set(
            Deelname.objects.actief().filter(user_id__in=user_ids).values_list("user_id", flat=True)
        )
        uit = list(
            User.objects.filter(
                pk__in=user_ids - nog_ergens,
                organisatie__isnull=True,
                is_staff=False,
                is_superuser=False,
            )
        )
        for user in uit:
            beeindig_sessies(user)
        LoginLink.objects.filter(user__in=uit, gebruikt__isnull=True).delete()
        # A family login that never took part in another Netwerk (not even a revoked
        # Deelname) has nothing left to log in to: its name goes too, with its login lines.
        elders = set(
            Deelname.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
        )
        weg = [u.pk for u in uit if u.pk not in elders and not u.has_usable_password()]
        with log_onderhoud():
            Toegangslog.objects.filter(user_id__in=weg).delete()
            User.objects.filter(pk__in=weg).delete()
        transaction.on_commit(
            partial(verwijder_fotos, foto_veld.storage, fotos, fotomap(netwerk_id))
        )
    return Gewist(
        pseudoniem(netwerk_id),
        rijen + regels + laat,
        frozenset(u.pk for u in uit),
    )


def verwijder_fotos(storage: Storage, namen: set[str], map_: str) -> None:
    """Remove the photos, and whatever else is left in the Netwerk's photo folder."""
    alle = set(namen)
    try:
        _mappen, bestanden = storage.listdir(map_)
        alle.update(f"{map_}/{naam}" for naam in bestanden)
    except (FileNotFoundError, NotImplementedError):
        pass
    for naam in sorted(alle):
        try:
            storage.delete(naam)
        except OSError:
            # The rows are gone already; a file that will not go is for the operator.
            logger.exception("Foto van een gewist netwerk niet verwijderd: %s", naam)
    # Not on a local disk, or not empty (a file that would not go): the folder stays.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(storage.path(map_))

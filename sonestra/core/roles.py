"""Roles and what each may do: the one place in code that says so.

A login takes part in a Netwerk through a Deelname with one of the Netwerk roles.
The coordinator is organisation-wide and has no Deelname: they see the status of
their organisation's Netwerken, never the story.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    HOOFDPERSOON = "hoofdpersoon", _("Hoofdpersoon")
    SUPPORTER = "supporter", _("Supporter")
    NETWERKLID = "netwerklid", _("Netwerklid")
    FACILITATOR = "facilitator", _("Facilitator")
    PROFESSIONAL = "professional", _("Professional")
    # Never stored on a Deelname: it follows from User.is_coordinator + the organisation.
    COORDINATOR = "coordinator", _("Coördinator")


# Roles a Deelname can have (the coordinator has none).
DEELNAME_ROLLEN = [r for r in Rol if r != Rol.COORDINATOR]
# Roles of people who are part of the person's own (informal) network.
FAMILIE_ROLLEN = {Rol.HOOFDPERSOON, Rol.SUPPORTER, Rol.NETWERKLID}
STAFF_ROLLEN = {Rol.FACILITATOR, Rol.PROFESSIONAL, Rol.COORDINATOR}


class Recht(StrEnum):
    STATUS_BEKIJKEN = "status.bekijken"  # title, phase, counts
    NETWERK_BEKIJKEN = "netwerk.bekijken"  # the Netwerk's pages and its people
    CONTACT_BEKIJKEN = "contact.bekijken"  # phone, e-mail and notes of the people
    NETWERK_WIJZIGEN = "netwerk.wijzigen"  # title, archive
    PERSONEN_WIJZIGEN = "personen.wijzigen"  # add and change people in the Netwerk
    UITNODIGEN = "uitnodigen"  # invite people, revoke invitations and access


_IEDEREEN = {Recht.STATUS_BEKIJKEN, Recht.NETWERK_BEKIJKEN}
# Contact details and notes stay with the person, their supporters and the facilitator
# until the person shares more (zichtbaarheid, in the Netwerkkompas).
_REGIE = _IEDEREEN | {
    Recht.CONTACT_BEKIJKEN,
    Recht.NETWERK_WIJZIGEN,
    Recht.PERSONEN_WIJZIGEN,
    Recht.UITNODIGEN,
}

RECHTEN: dict[str, frozenset[Recht]] = {
    # The person and their self-chosen supporters hold the plan; the facilitator helps them.
    Rol.HOOFDPERSOON: frozenset(_REGIE),
    Rol.SUPPORTER: frozenset(_REGIE),
    Rol.FACILITATOR: frozenset(_REGIE),
    Rol.NETWERKLID: frozenset(_IEDEREEN),
    Rol.PROFESSIONAL: frozenset(_IEDEREEN),
    Rol.COORDINATOR: frozenset({Recht.STATUS_BEKIJKEN}),
}

# Which roles a role may hand out in an invitation. Only the person (or a facilitator
# at their side) makes someone a supporter or hoofdpersoon.
MAG_UITNODIGEN_ALS: dict[str, tuple[str, ...]] = {
    Rol.HOOFDPERSOON: (Rol.SUPPORTER, Rol.NETWERKLID, Rol.PROFESSIONAL, Rol.FACILITATOR),
    Rol.FACILITATOR: (
        Rol.HOOFDPERSOON,
        Rol.SUPPORTER,
        Rol.NETWERKLID,
        Rol.PROFESSIONAL,
        Rol.FACILITATOR,
    ),
    Rol.SUPPORTER: (Rol.NETWERKLID, Rol.PROFESSIONAL),
}


def heeft_recht(rol: str | None, recht: Recht) -> bool:
    return rol is not None and recht in RECHTEN.get(rol, frozenset())

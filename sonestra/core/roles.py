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
    # Netwerkkompas
    KOMPAS_WIJZIGEN = "kompas.wijzigen"  # relations, places, rings, support grid, momentopnamen
    ZELF_BIJDRAGEN = "kompas.bijdragen"  # own details, own talents, rondje positief
    PERSPECTIEF_SCHRIJVEN = "perspectief.schrijven"  # one's own perspective
    VERHAAL_SCHRIJVEN = "verhaal.schrijven"  # the person's story, in their words
    ZICHTBAARHEID_BEPALEN = "zichtbaarheid.bepalen"  # who may read the story and perspectives
    # FamilieNetwerkBeraad
    BERAAD_VOORBEREIDEN = "beraad.voorbereiden"  # vragen, informatie, who comes, where and when
    REDEN_BEKIJKEN = "beraad.reden"  # why someone is deliberately not invited
    VOORWAARDEN_STELLEN = "beraad.voorwaarden"  # zorgen en voorwaarden (professionals)
    BERAAD_LEIDEN = "beraad.leiden"  # walk the phases, note akkoord of people without a login
    PLAN_SCHRIJVEN = "plan.schrijven"  # write afspraken in the plan
    CONCEPT_LEZEN = "plan.concept"  # read the plan before the family publishes it (eigen tijd)
    PLAN_PUBLICEREN = "plan.publiceren"  # end eigen tijd: show the plan to the professionals
    AKKOORD_GEVEN = "plan.akkoord"  # agree to the plan, for oneself
    # Actieteam
    EIGEN_VOORTGANG = "team.eigen"  # the status of afspraken one does or steps in for
    VOORTGANG_BIJWERKEN = "team.voortgang"  # the status of any afspraak in the plan
    EIGEN_BIJSTUREN = "team.eigen_bijsturen"  # add afspraken; change and end one's own
    PLAN_BIJSTUREN = "team.bijsturen"  # add, change and end any afspraak (a new plan version)
    OVERLEG_VASTLEGGEN = "team.overleg"  # plan actieteam meetings, write notes and decisions
    # The actieplan on paper (PDF), for whoever may read the plan; the coordinator prints
    # the plan the beraad agreed on, without the Netwerkkompas.
    PLAN_PRINTEN = "plan.printen"
    # Privacy: the person controls and can see who reads their story.
    PRIVACY_BEHEREN = "privacy.beheren"  # the access log, who may see what, revoke access
    EXPORTEREN = "privacy.exporteren"  # all data of the Netwerk, as JSON and PDF
    EIGEN_EXPORT = "privacy.eigen_export"  # what the Netwerk holds about oneself
    WISSEN = "privacy.wissen"  # erase the whole Netwerk, on the person's request


_IEDEREEN = {
    Recht.STATUS_BEKIJKEN,
    Recht.NETWERK_BEKIJKEN,
    Recht.PERSPECTIEF_SCHRIJVEN,
    Recht.PLAN_PRINTEN,
    Recht.EIGEN_EXPORT,
}
# Network members add themselves, their talents and their part of the rondje positief.
_NETWERK = _IEDEREEN | {Recht.ZELF_BIJDRAGEN}
# Contact details and notes stay with the person, their supporters and the facilitator
# until the person shares more (zichtbaarheid, in the Netwerkkompas).
_REGIE = _NETWERK | {
    Recht.CONTACT_BEKIJKEN,
    Recht.NETWERK_WIJZIGEN,
    Recht.PERSONEN_WIJZIGEN,
    Recht.UITNODIGEN,
    Recht.KOMPAS_WIJZIGEN,
}

# The family owns the plan. During eigen tijd only they read and write the draft; the
# professionals (the facilitator too) see it once the family publishes it.
_FAMILIE_PLAN = {
    Recht.PLAN_SCHRIJVEN,
    Recht.CONCEPT_LEZEN,
    Recht.PLAN_PUBLICEREN,
    Recht.AKKOORD_GEVEN,
}
_VOORBEREIDEN = {Recht.BERAAD_VOORBEREIDEN}
# In the Actieteam everyone keeps their own afspraken up to date. The person, their
# supporters and the facilitator at their side steer the whole plan and hold the overleg;
# a network member adds afspraken and changes the ones they take part in.
_TEAM_EIGEN = {Recht.EIGEN_VOORTGANG}
_TEAM_REGIE = _TEAM_EIGEN | {
    Recht.VOORTGANG_BIJWERKEN,
    Recht.EIGEN_BIJSTUREN,
    Recht.PLAN_BIJSTUREN,
    Recht.OVERLEG_VASTLEGGEN,
}

RECHTEN: dict[str, frozenset[Recht]] = {
    # The person and their self-chosen supporters hold the plan; the facilitator helps them.
    # The story is the person's own: they write it (a facilitator may write it down with
    # them) and only they decide who reads it and the perspectives.
    # The person prepares the beraad with self-chosen supporters; only the person and the
    # facilitator read why someone is not invited.
    Rol.HOOFDPERSOON: frozenset(
        _REGIE
        | _FAMILIE_PLAN
        | _VOORBEREIDEN
        | _TEAM_REGIE
        | {Recht.VERHAAL_SCHRIJVEN, Recht.ZICHTBAARHEID_BEPALEN, Recht.REDEN_BEKIJKEN}
        # Their data: who read it, who may see what, everything out, everything gone.
        | {Recht.PRIVACY_BEHEREN, Recht.EXPORTEREN, Recht.WISSEN}
    ),
    Rol.SUPPORTER: frozenset(_REGIE | _FAMILIE_PLAN | _VOORBEREIDEN | _TEAM_REGIE),
    # The facilitator helps prepare, walks the phases and writes along once the plan is
    # published; they state voorwaarden where protection matters, and agree to nothing.
    Rol.FACILITATOR: frozenset(
        _REGIE
        | _VOORBEREIDEN
        | _TEAM_REGIE
        | {
            Recht.VERHAAL_SCHRIJVEN,
            Recht.REDEN_BEKIJKEN,
            Recht.BERAAD_LEIDEN,
            Recht.PLAN_SCHRIJVEN,
            Recht.VOORWAARDEN_STELLEN,
        }
    ),
    Rol.NETWERKLID: frozenset(_NETWERK | _FAMILIE_PLAN | _TEAM_EIGEN | {Recht.EIGEN_BIJSTUREN}),
    # Professionals read what is shared with them and add their own perspective; before
    # a beraad they state zorgen en voorwaarden, and they agree to the plan. In the
    # Actieteam they keep their own afspraken up to date; the plan is the family's.
    Rol.PROFESSIONAL: frozenset(
        _IEDEREEN | _TEAM_EIGEN | {Recht.VOORWAARDEN_STELLEN, Recht.AKKOORD_GEVEN}
    ),
    # The coordinator sees status and prints the actieplan once it is agreed, for a family
    # without a printer; never the story, the kompas or a draft.
    Rol.COORDINATOR: frozenset({Recht.STATUS_BEKIJKEN, Recht.PLAN_PRINTEN}),
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


class Zichtbaarheid(models.TextChoices):
    """Who may read one story item or perspective; the hoofdpersoon sets it."""

    PRIVE = "prive", _("Alleen ik en de facilitator")
    NETWERK = "netwerk", _("Het netwerk")
    PROFESSIONALS = "professionals", _("Het netwerk en de professionals")


# Which roles read an item at each level. The one who wrote an item always reads it.
ZICHTBAAR_VOOR: dict[str, frozenset[str]] = {
    Zichtbaarheid.PRIVE: frozenset({Rol.HOOFDPERSOON, Rol.FACILITATOR}),
    Zichtbaarheid.NETWERK: frozenset(FAMILIE_ROLLEN | {Rol.FACILITATOR}),
    Zichtbaarheid.PROFESSIONALS: frozenset(FAMILIE_ROLLEN | {Rol.FACILITATOR, Rol.PROFESSIONAL}),
}


def zichtbaarheden_voor(rol: str | None) -> list[str]:
    """The zichtbaarheid levels a role may read (none for a coordinator: status only)."""
    return [niveau for niveau, rollen in ZICHTBAAR_VOOR.items() if rol in rollen]

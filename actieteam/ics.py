"""A member's private calendar feed (.ics): their own due dates and the next meetings.

A calendar app subscribes to the link once and fetches it again every hour or so, without
logging in. So the feed holds only what this member may read of the plan, and never story
or perspective text: per afspraak they do or step in for, what it is, the vraag it serves,
when, how we know it works and how it stands; the next beraad; the next actieteam overleg.

Every event keeps its UID from fetch to fetch and raises its SEQUENCE when it changes, so
the app moves the event instead of adding a second one. The next beraad has the same UID
as the beraad's own .ics download (beraad/ics.py), so the two never show twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from beraad import ics as beraad_ics
from beraad.models import Actieplan, Afspraak, Beraad
from sonestra.core.access import Toegang

from .models import Lidinstelling, Status
from .team import (
    Volgend,
    actief_plan,
    afspraken_van,
    is_te_laat,
    status_van,
    volgend_beraad,
    volgend_overleg_van,
)

CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often a calendar app should fetch the feed again (apps may take longer).
VERVERSEN = timedelta(hours=1)
# An overleg has no end time in the app: an evening meeting is about this long.
OVERLEG_DUUR = timedelta(hours=2)
# Room for the time zone rules around the timed events.
ZONE_MARGE = timedelta(days=366)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "sonestra"


def _kort(tekst: str, lengte: int = 80) -> str:
    """One line for a calendar title: the app shows a line, not a paragraph."""
    regel = " ".join(tekst.split())
    return regel if len(regel) <= lengte else regel[: lengte - 1].rstrip() + "…"


def _later(*momenten: datetime | None) -> datetime | None:
    gezet = [m for m in momenten if m is not None]
    return max(gezet) if gezet else None


def mijn_afspraken(toegang: Toegang, plan: Actieplan) -> list[Afspraak]:
    """The afspraken with a date in the plan that this member does or steps in for, as
    far as their role may read them. Three queries."""
    persoon_id = toegang.persoon_id
    if persoon_id is None or not plan.zichtbaar_voor(toegang):
        return []
    doet = Afspraak.wie.through.objects.filter(persoon_id=persoon_id).values("afspraak_id")
    valt_in = Afspraak.invallers.through.objects.filter(persoon_id=persoon_id).values("afspraak_id")
    return list(
        afspraken_van(toegang, plan)
        .filter(klaar_op__isnull=False)
        .filter(Q(pk__in=doet) | Q(pk__in=valt_in))
    )


def _afspraak_event(afspraak: Afspraak, persoon_id: int, stempel: datetime) -> Event:
    voortgang = status_van(afspraak)
    wie = list(afspraak.wie.all())
    doet_het = any(p.pk == persoon_id for p in wie)
    wat = _kort(afspraak.wat)
    if voortgang.status == Status.GELUKT:
        titel = _("Gelukt: %(wat)s") % {"wat": wat}
    elif doet_het:
        titel = _("Klaar: %(wat)s") % {"wat": wat}
    else:
        titel = _("Invallen: %(wat)s") % {"wat": wat}
    status = str(Status(voortgang.status).label)
    if is_te_laat(afspraak):
        status = _("%(status)s (de datum is voorbij)") % {"status": status}
    link = settings.SITE_URL + reverse(
        "actieteam:afspraak", args=[afspraak.netwerk_id, afspraak.pk]
    )
    regels = [afspraak.wat.strip(), ""]
    if not doet_het:
        regels.append(
            _("Jij springt in als het anders loopt. Wie doet het: %(namen)s")
            % {"namen": ", ".join(p.naam for p in wie) or "–"}
        )
    regels.append(_("Bij de vraag: %(vraag)s") % {"vraag": afspraak.vraag.tekst})
    if afspraak.wanneer:
        regels.append(_("Wanneer: %(wanneer)s") % {"wanneer": afspraak.wanneer})
    if afspraak.hoe_weten:
        regels.append(_("Hoe weten we dat het lukt: %(hoe)s") % {"hoe": afspraak.hoe_weten})
    regels.append(_("Hoe gaat het: %(status)s") % {"status": status})
    regels += ["", _("Bijwerken of meer lezen:"), link]
    return Event.new(
        uid=f"afspraak-{afspraak.pk}@{_host()}",
        # Both only ever go up: a change to the text or to the status is a new sequence.
        sequence=afspraak.versie + voortgang.versie,
        stamp=stempel,
        last_modified=_later(afspraak.gewijzigd, voortgang.gewijzigd),
        start=afspraak.klaar_op,
        end=afspraak.klaar_op + timedelta(days=1),
        summary=titel,
        description="\n".join(regels),
        url=link,
        # A due date does not make the member busy that day.
        transparency="TRANSPARENT",
    )


def _beraad_event(beraad: Beraad, stempel: datetime) -> tuple[Event, datetime, datetime]:
    start, eind = beraad_ics.tijden(beraad)
    link = settings.SITE_URL + beraad.get_absolute_url()
    event = Event.new(
        uid=beraad_ics.uid(beraad),
        sequence=beraad.versie,
        stamp=stempel,
        start=start,
        end=eind,
        summary=str(beraad.titel),
        location=beraad.waar or None,
        description="\n".join([_("Meer over het beraad:"), link]),
        url=link,
    )
    return event, start, eind


def _overleg_event(volgende: Volgend, stempel: datetime) -> tuple[Event, datetime, datetime]:
    overleg = volgende.overleg
    start = volgende.datum.astimezone(timezone.get_default_timezone())
    eind = start + OVERLEG_DUUR
    link = settings.SITE_URL + reverse("actieteam:overleggen", args=[overleg.netwerk_id])
    if volgende.uit_volgende:
        # The date the last overleg set: its own UID, so it never replaces that overleg.
        uid = f"overleg-{overleg.pk}-volgende@{_host()}"
        regels = [
            _("Afgesproken in het overleg van %(datum)s.")
            % {"datum": formats.date_format(timezone.localtime(overleg.datum), "j F Y")}
        ]
        waar = None
    else:
        uid = f"overleg-{overleg.pk}@{_host()}"
        regels = []
        waar = overleg.waar or None
    regels += [_("Meer over de overleggen:"), link]
    event = Event.new(
        uid=uid,
        sequence=overleg.versie,
        stamp=stempel,
        start=start,
        end=eind,
        summary=_("Overleg van het actieteam"),
        location=waar,
        description="\n".join(regels),
        url=link,
    )
    return event, start, eind


def _vervolgdatum_event(plan: Actieplan, stempel: datetime) -> Event:
    """The date the beraad set to look back together, while no vervolgberaad is planned."""
    return Event.new(
        uid=f"vervolgdatum-{plan.pk}@{_host()}",
        sequence=plan.versie,
        stamp=stempel,
        start=plan.vervolgdatum,
        end=plan.vervolgdatum + timedelta(days=1),
        summary=_("Samen terugkijken: vervolgberaad"),
        description=_(
            "Op deze dag kijken jullie samen hoe het gaat. De precieze tijd volgt met de "
            "uitnodiging."
        ),
        transparency="TRANSPARENT",
    )


def feed(instelling: Lidinstelling, nu: datetime | None = None) -> bytes:
    """The whole feed for the member behind this calendar link (from `voor_agenda`, which
    loaded the Deelname, its Persoon and the Netwerk). Eight queries at most, whatever the
    size of the plan."""
    nu = nu or timezone.now()
    deelname = instelling.deelname
    netwerk = instelling.netwerk
    toegang = Toegang(netwerk=netwerk, rol=deelname.rol, deelname=deelname)
    events: list[Event] = []
    momenten: list[datetime] = []

    plan = actief_plan(netwerk)
    if plan is not None:
        events += [
            _afspraak_event(afspraak, toegang.persoon_id, nu)
            for afspraak in mijn_afspraken(toegang, plan)
            # A date at the end of the calendar has no day after it to end on.
            if afspraak.klaar_op < date.max
        ]
    beraad = volgend_beraad(netwerk, nu)
    if beraad is not None:
        event, start, eind = _beraad_event(beraad, nu)
        events.append(event)
        momenten += [start, eind]
    elif (
        plan is not None
        and plan.vervolgdatum is not None
        and plan.vervolgdatum >= timezone.localdate(nu)
    ):
        events.append(_vervolgdatum_event(plan, nu))
    volgende = volgend_overleg_van(netwerk, nu)
    if volgende is not None and not volgende.voorbij:
        event, start, eind = _overleg_event(volgende, nu)
        events.append(event)
        momenten += [start, eind]

    naam = _("SoNeStra: %(netwerk)s") % {"netwerk": _kort(netwerk.titel, 120)}
    cal = Calendar.new(
        prodid="-//SoNeStra//Actieteam//NL",
        method="PUBLISH",
        # Stable: the app knows it is the same calendar on every fetch.
        uid=f"agenda-{deelname.pk}@{_host()}",
        name=naam,
        description=_("Jouw afspraken uit het plan, het volgende beraad en het volgende overleg."),
        subcomponents=events,
    )
    # RFC 7986 asks for the value type; the older apps read X-PUBLISHED-TTL.
    cal.add("refresh-interval", VERVERSEN, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    if momenten:
        cal.add_missing_timezones(
            first_date=(min(momenten) - ZONE_MARGE).date(),
            last_date=(max(momenten) + ZONE_MARGE).date(),
        )
    return cal.to_ical()


def bestandsnaam(instelling: Lidinstelling) -> str:
    return f"sonestra-{instelling.netwerk_id}.ics"

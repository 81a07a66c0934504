"""The beraad as a calendar file (.ics), for the invitee's own agenda.

One VEVENT whose UID stays the same for the beraad and whose SEQUENCE is the beraad's
version: when the date or place changes, downloading the file again replaces the old
event in the agenda instead of adding a second one. Times are in the project's time zone
(Europe/Amsterdam) with its VTIMEZONE, so a phone abroad still shows the right hour.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event

from .models import Beraad

# A beraad without an end time: an evening's meeting is about this long.
STANDAARD_DUUR = timedelta(hours=3)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def tijden(beraad: Beraad) -> tuple[datetime, datetime] | None:
    """Start and end in local time, or None while no date is chosen.

    `eindtijd` is a time on the day it starts; one earlier than the start means the
    beraad runs past midnight.
    """
    if beraad.datum is None:
        return None
    tz = timezone.get_default_timezone()
    start = beraad.datum.astimezone(tz)
    if beraad.eindtijd is None:
        return start, start + STANDAARD_DUUR
    eind = datetime.combine(start.date(), beraad.eindtijd, tzinfo=tz)
    if eind <= start:
        eind += timedelta(days=1)
    return start, eind


def uid(beraad: Beraad) -> str:
    """The same for every download of this beraad, on this installation."""
    host = urlsplit(settings.SITE_URL).hostname or "sonestra"
    return f"beraad-{beraad.pk}@{host}"


def bestandsnaam(beraad: Beraad, naam: str) -> str:
    start = tijden(beraad)
    datum = f"-{start[0]:%Y-%m-%d}" if start else ""
    return f"{slugify(f'{beraad.titel} {naam}') or 'beraad'}{datum}.ics"


def agenda(beraad: Beraad, *, samenvatting: str, beschrijving: str, url: str = "") -> bytes:
    """The .ics file for a beraad that has a date (callers check `tijden` first)."""
    start, eind = tijden(beraad)
    event = Event.new(
        uid=uid(beraad),
        sequence=beraad.versie,
        stamp=timezone.now(),
        start=start,
        end=eind,
        summary=samenvatting,
        location=beraad.waar or None,
        description=beschrijving or None,
        url=url or None,
    )
    cal = Calendar.new(
        prodid="-//SoNeStra//FamilieNetwerkBeraad//NL",
        method="PUBLISH",
        # Stable too: a random one per download would make every file look new.
        uid=f"agenda-{uid(beraad)}",
        subcomponents=[event],
    )
    # Only the rules around this date: the whole history of the zone is kilobytes long.
    cal.add_missing_timezones(
        first_date=start.date() - timedelta(days=366), last_date=eind.date() + timedelta(days=366)
    )
    return cal.to_ical()

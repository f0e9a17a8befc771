"""Times as a calendar must hold them: IANA zones, their VTIMEZONE blocks, and local
times that a summer-time change makes ambiguous written in UTC."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

from icalendar import Timezone

from confexport.model import Conference, Talk


def zones(talks: Sequence[Talk], conference: Conference) -> list[Timezone]:
    """A VTIMEZONE for every IANA zone the events use, covering their years."""
    moments = [m for talk in talks for m in (talk.start, talk.end) if m is not None]
    zoned_moments = [zoned(m, conference) for m in moments]
    keys = sorted({m.tzinfo.key for m in zoned_moments if isinstance(m.tzinfo, zoneinfo.ZoneInfo)})
    if not keys:
        return []
    years = [m.year for m in zoned_moments]
    first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
    found = []
    for key in keys:
        zone = Timezone.from_tzid(key, first_date=first, last_date=last)
        zone.pop("COMMENT", None)  # icalendar's range note; libical flags it
        found.append(zone)
    return found


def zoned(moment: dt.datetime, conference: Conference) -> dt.datetime:
    """Floating stays floating; IANA zones stay; fixed offsets go to the conference zone."""
    if moment.tzinfo is None or isinstance(moment.tzinfo, zoneinfo.ZoneInfo):
        return moment
    if conference.timezone:
        return moment.astimezone(zoneinfo.ZoneInfo(conference.timezone))
    return moment.astimezone(dt.UTC)


def writable(moment: dt.datetime) -> dt.datetime:
    """The moment, or the same instant in UTC when its local time is ambiguous or
    skipped (the repeated hour at the end of summer time): readers take an ambiguous
    TZID time as its first occurrence."""
    if not isinstance(moment.tzinfo, zoneinfo.ZoneInfo):
        return moment
    first = moment.replace(fold=0)
    if first.astimezone(dt.UTC) != moment.astimezone(dt.UTC):
        return moment.astimezone(dt.UTC)
    if first.astimezone(dt.UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != first.replace(
        tzinfo=None
    ):
        return moment.astimezone(dt.UTC)  # a time skipped when summer time starts
    return moment


def plus_minutes(start: dt.datetime, minutes: int) -> dt.datetime:
    """Elapsed minutes later (correct across a DST change), in the start's zone."""
    if start.tzinfo is None:
        return start + dt.timedelta(minutes=minutes)
    later = start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
    return later.astimezone(start.tzinfo)

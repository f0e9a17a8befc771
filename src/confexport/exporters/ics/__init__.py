"""iCalendar (RFC 5545): every session as an event, with the person's notes inside.

Timed sessions get ``DTSTART;TZID=<IANA zone>`` and a VTIMEZONE built from the zone
database; sessions known only by their day become all-day, transparent events, so
no time is invented.  UIDs derive from the talk's uid and the event slug, so a
re-export updates the events already in a calendar instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event, Timezone

from confexport.context import Clock, ExportContext, context_for
from confexport.errors import ExportError
from confexport.exporters.ics.folding import serialise
from confexport.exporters.ics.text import clean, one_line, readable_text
from confexport.model import Conference, Day, Talk
from confexport.schedule.types import is_after
from confexport.text import slugify

log = logging.getLogger("confexport")

_REMIND = re.compile(r"^(\d{1,4})\s*([mhd]?)$")
_SAFE_URL = re.compile(r"^https?://[^\s\"<>\\^`{|}]+$")


def parse_reminder(raw: str) -> dt.timedelta:
    """``10m``, ``1h``, ``1d`` or a bare number of minutes."""
    match = _REMIND.match(raw.strip().lower())
    if match is None:
        raise ValueError(f"remind={raw!r}: expected minutes such as 10m, or 1h, or 1d")
    amount, unit = int(match.group(1)), match.group(2) or "m"
    return {"m": dt.timedelta(minutes=amount), "h": dt.timedelta(hours=amount)}.get(
        unit, dt.timedelta(days=amount)
    )


@dataclass(frozen=True, slots=True)
class IcsOptions:
    """``-O`` options of the ``ics`` format."""

    #: Add a reminder this long before each timed session (``10m``, ``1h``).
    remind: str | None = None
    #: ``confexport`` UIDs, or pretalx's own ``pretalx-<event>-<CODE>@<host>``.
    uid: Literal["confexport", "pretalx"] = "confexport"
    #: Minutes a session lasts when it has a start but no end.
    duration: int = 30
    #: SEQUENCE of every event; raise it when re-sending changed events.
    sequence: int = 0

    def __post_init__(self) -> None:
        if self.remind:
            parse_reminder(self.remind)
        if not 1 <= self.duration <= 24 * 60:
            raise ValueError(f"duration={self.duration}: expected 1 to 1440 minutes")
        if self.sequence < 0:
            raise ValueError(f"sequence={self.sequence}: expected 0 or more")


class IcsExporter:
    name: ClassVar[str] = "ics"
    extension: ClassVar[str] = ".ics"
    media_type: ClassVar[str] = "text/calendar"
    description: ClassVar[str] = "iCalendar: sessions at their local times, notes inside"
    Options: ClassVar[type] = IcsOptions
    cost: ClassVar[int] = 0

    def export(
        self, conference: Conference, options: IcsOptions, context: ExportContext | None = None
    ) -> bytes:
        return calendar_bytes(conference, options, context_for([conference], context).clock)


def calendar_bytes(
    conference: Conference, options: IcsOptions, clock: Clock | None = None
) -> bytes:
    """The whole calendar, serialised (CRLF, folded at 75 octets by :mod:`.folding`);
    every DTSTAMP is the clock's time (the environment's when None), and LAST-MODIFIED
    too when ``SOURCE_DATE_EPOCH`` set it."""
    if clock is None:
        clock = context_for([conference], None).clock
    sessions = _dated_sessions(conference)
    stamp, reproducible = clock.moment, clock.from_environment
    calendar = _calendar(conference)
    for zone in _zones([talk for _, talk in sessions], conference):
        calendar.add_component(zone)
    builder = _EventBuilder(conference, options, stamp, reproducible)
    for day, talk in sessions:
        calendar.add_component(builder.event(day, talk))
    return serialise(calendar.content_lines())


def _dated_sessions(conference: Conference) -> list[tuple[Day, Talk]]:
    chosen = [(day, talk) for day in conference.days for talk in day.talks]
    dated = [(day, talk) for day, talk in chosen if talk.start or day.date]
    if not dated:
        raise ExportError(
            "no session has a date, so there is nothing to put in a calendar: give the "
            "conference dates and time zone as 'start:', 'end:' and 'timezone:' in the front "
            "matter or a sidecar <notes>.yaml, write dates in the day headings, or merge the "
            "official schedule with --schedule FILE (or the 'schedule:' metadata key)",
            str(conference.source) if conference.source else None,
        )
    for day, talk in chosen:
        if not (talk.start or day.date):
            log.warning(
                "%s: session %r has no date (its day %r is not placed); left out of the calendar",
                talk.source or conference.stem, talk.title, day.title,
            )  # fmt: skip
    if any(talk.start and talk.start.tzinfo is None for _, talk in dated):
        log.warning(
            "%s: no time zone is known, so session times are floating (local wherever the "
            "calendar is opened); give 'timezone:' in the metadata",
            conference.source or conference.stem,
        )
    return dated


def _calendar(conference: Conference) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//confexport//confexport {_version()}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = one_line(conference.title)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if conference.subtitle:
        calendar.add("x-wr-caldesc", one_line(conference.subtitle))
    if conference.timezone:
        calendar.add("x-wr-timezone", conference.timezone)
    calendar.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    return calendar


def _version() -> str:
    try:
        return version("confexport")
    except PackageNotFoundError:
        return "0"


def _zones(talks: Sequence[Talk], conference: Conference) -> list[Timezone]:
    """A VTIMEZONE for every IANA zone the events use, covering their years."""
    moments = [m for talk in talks for m in (talk.start, talk.end) if m is not None]
    zoned = [_zoned(m, conference) for m in moments]
    keys = sorted({m.tzinfo.key for m in zoned if isinstance(m.tzinfo, zoneinfo.ZoneInfo)})
    if not keys:
        return []
    years = [m.year for m in zoned]
    first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
    zones = []
    for key in keys:
        zone = Timezone.from_tzid(key, first_date=first, last_date=last)
        zone.pop("COMMENT", None)  # icalendar's range note; libical flags it
        zones.append(zone)
    return zones


def _zoned(moment: dt.datetime, conference: Conference) -> dt.datetime:
    """Floating stays floating; IANA zones stay; fixed offsets go to the conference zone."""
    if moment.tzinfo is None or isinstance(moment.tzinfo, zoneinfo.ZoneInfo):
        return moment
    if conference.timezone:
        return moment.astimezone(zoneinfo.ZoneInfo(conference.timezone))
    return moment.astimezone(dt.UTC)


def event_slug(conference: Conference) -> str:
    """The conference's pretalx event slug, else a slug of its title or file name."""
    events = Counter(talk.event for talk in conference.talks if talk.event)
    if events:
        return min(events, key=lambda name: (-events[name], name))
    return slugify(conference.title) or slugify(conference.stem) or "notes"


def pretalx_host(conference: Conference) -> str | None:
    """The host of the talk pages the notes link, as pretalx's UIDs name it."""
    hosts = Counter(_host(talk.url) for talk in conference.talks if _host(talk.url))
    return min(hosts, key=lambda host: (-hosts[host], host)) if hosts else None


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "") if url and _SAFE_URL.match(url) else ""


class _EventBuilder:
    """Turns one session into a VEVENT; holds what every event shares."""

    def __init__(
        self, conference: Conference, options: IcsOptions, stamp: dt.datetime, fixed: bool
    ) -> None:
        self.conference = conference
        self.options = options
        self.stamp = stamp
        self.fixed = fixed
        self.slug = event_slug(conference)
        self.host = pretalx_host(conference)
        self.reminder = parse_reminder(options.remind) if options.remind else None

    def event(self, day: Day, talk: Talk) -> Event:
        event = Event()
        event.add("uid", self.uid(talk))
        event.add("dtstamp", self.stamp)
        if self.fixed:
            event.add("last-modified", self.stamp)
        event.add("sequence", self.options.sequence)
        event.add("summary", summary(talk))
        self._add_times(event, day, talk)
        if location := self.location(talk):
            event.add("location", location)
        event.add("status", "CONFIRMED")
        named = (talk.kind, talk.track, *talk.tags)
        categories = list(dict.fromkeys(one_line(c) for c in named if c and one_line(c)))
        if categories:
            event.add("categories", categories)
        if talk.url and _SAFE_URL.match(talk.url):
            event.add("url", talk.url)
        text = description(talk)
        if text:
            event.add("description", text)
        if self.reminder is not None and talk.start is not None:
            event.add_component(self._alarm(talk))
        return event

    def uid(self, talk: Talk) -> str:
        if self.options.uid == "pretalx" and talk.code and self.host:
            return f"pretalx-{talk.event or self.slug}-{talk.code}@{self.host}"
        return f"{talk.uid}-{self.slug}@confexport"

    def location(self, talk: Talk) -> str:
        """The session's room, else the conference's ``location:``; "" when neither is known."""
        return one_line(talk.room or self.conference.location or "")

    def _add_times(self, event: Event, day: Day, talk: Talk) -> None:
        if talk.start is None:
            assert day.date is not None  # _dated_sessions keeps only dated sessions
            event.add("dtstart", day.date)
            event.add("dtend", day.date + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
            return
        start = _zoned(talk.start, self.conference)
        end = _zoned(talk.end, self.conference) if talk.end else None
        if end is None or not is_after(end, start):
            end = _plus_minutes(start, self.options.duration)
        event.add("dtstart", _writable(start))
        event.add("dtend", _writable(end))
        event.add("transp", "OPAQUE")

    def _alarm(self, talk: Talk) -> Alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(talk))
        assert self.reminder is not None
        alarm.add("trigger", -self.reminder)
        return alarm


def _writable(moment: dt.datetime) -> dt.datetime:
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


def _plus_minutes(start: dt.datetime, minutes: int) -> dt.datetime:
    """Elapsed minutes later (correct across a DST change), in the start's zone."""
    if start.tzinfo is None:
        return start + dt.timedelta(minutes=minutes)
    later = start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
    return later.astimezone(start.tzinfo)


def summary(talk: Talk) -> str:
    """``Title — Speaker A, Speaker B`` on one line."""
    title = one_line(talk.title)
    speakers = ", ".join(one_line(name) for name in talk.speakers if one_line(name))
    return f"{title} — {speakers}" if speakers else title


def description(talk: Talk) -> str:
    """The abstract, then the person's notes, then the talk's page."""
    parts: list[str] = []
    if not talk.attended:
        parts.append("(not attended)")
    abstract = readable_text(talk.abstract)
    if abstract:
        parts.append(abstract)
    notes = readable_text(talk.notes)
    if notes:
        parts.append(f"My notes:\n{notes}")
    if talk.url and _SAFE_URL.match(talk.url):
        parts.append(talk.url)
    return clean("\n\n".join(parts))

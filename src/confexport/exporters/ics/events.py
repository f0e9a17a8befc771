"""One session → one VEVENT: its UID, times, text and alarm.

Each property is set once, already typed (``event["SUMMARY"] = vText(...)``): what
icalendar's ``add()`` would write, without ``add()``'s work of inferring its type and
merging its parameters, which was a third of the calendar's time; a date-time is a
``vDatetime`` (``add()`` makes a ``vDDDTypes``, which makes a ``vDatetime`` again
each time it is written).  ``tests/exporters/test_ics_folding.py`` checks that both
give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from icalendar import Alarm, Event, vCategory, vDatetime, vDDDTypes, vInt, vText, vUri

from confexport.exporters.ics.html import add_html_description, session_html
from confexport.exporters.ics.options import IcsOptions, parse_reminder
from confexport.exporters.ics.text import clean, one_line, readable_text
from confexport.exporters.ics.times import plus_minutes, writable, zoned
from confexport.model import Conference, Day, Talk
from confexport.schedule.types import is_after
from confexport.text import slugify

SAFE_URL = re.compile(r"^https?://[^\s\"<>\\^`{|}]+$")


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
    return (urlsplit(url).hostname or "") if url and SAFE_URL.match(url) else ""


def safe_url(talk: Talk) -> str | None:
    """The talk's page, when it is an http(s) URL a calendar can hold as it is."""
    return talk.url if talk.url and SAFE_URL.match(talk.url) else None


@dataclass(frozen=True, slots=True)
class Entry:
    """One event of the calendar, the day it is on, and the sessions it stands for."""

    date: dt.date
    event: Event
    talks: tuple[Talk, ...]


class EventBuilder:
    """Turns one session into a VEVENT; holds what every event shares."""

    def __init__(
        self, conference: Conference, options: IcsOptions, stamp: dt.datetime, fixed: bool
    ) -> None:
        self.conference = conference
        self.options = options
        #: DTSTAMP and LAST-MODIFIED: an aware UTC time, as the RFC has them.
        self.stamp = stamp
        self.fixed = fixed
        self.slug = event_slug(conference)
        self.host = pretalx_host(conference)
        self.reminder = parse_reminder(options.remind) if options.remind else None

    def entry(self, day: Day, talk: Talk) -> Entry:
        """The session's event, on the local date it starts (else its day's date)."""
        if talk.start is not None:
            date = zoned(talk.start, self.conference).date()
        else:
            assert day.date is not None  # only dated sessions reach the calendar
            date = day.date
        return Entry(date, self.event(day, talk), (talk,))

    def event(self, day: Day, talk: Talk) -> Event:
        event = self.stamped(self.uid(talk))
        event["SUMMARY"] = vText(summary(talk))
        self._add_times(event, day, talk)
        if location := self.location(talk):
            event["LOCATION"] = vText(location)
        event["STATUS"] = vText("CONFIRMED")
        named = (talk.kind, talk.track, *talk.tags)
        categories = list(dict.fromkeys(one_line(c) for c in named if c and one_line(c)))
        if categories:
            event["CATEGORIES"] = vCategory(categories)
        if url := safe_url(talk):
            event["URL"] = vUri(url)
        text = description(talk)
        if text:
            event["DESCRIPTION"] = vText(text)
        if self.options.html_description:
            add_html_description(event, session_html(talk, safe_url(talk)))
        if self.reminder is not None and talk.start is not None:
            event.add_component(self._alarm(talk))
        return event

    def stamped(self, uid: str) -> Event:
        """A new event with its UID, DTSTAMP (and LAST-MODIFIED) and SEQUENCE."""
        event = Event()
        event["UID"] = vText(uid)
        event["DTSTAMP"] = vDatetime(self.stamp)
        if self.fixed:
            event["LAST-MODIFIED"] = vDatetime(self.stamp)
        event["SEQUENCE"] = vInt(self.options.sequence)
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
            assert day.date is not None  # only dated sessions reach the calendar
            add_all_day(event, day.date)
            return
        start = zoned(talk.start, self.conference)
        end = zoned(talk.end, self.conference) if talk.end else None
        if end is None or not is_after(end, start):
            end = plus_minutes(start, self.options.duration)
        event["DTSTART"] = vDatetime(writable(start))  # with its TZID
        event["DTEND"] = vDatetime(writable(end))
        event["TRANSP"] = vText("OPAQUE")

    def _alarm(self, talk: Talk) -> Alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(talk))
        assert self.reminder is not None
        alarm.add("trigger", -self.reminder)
        return alarm


def add_all_day(event: Event, date: dt.date) -> None:
    """``date`` as an all-day, transparent event (it does not block the day)."""
    event["DTSTART"] = vDDDTypes(date)  # VALUE=DATE
    event["DTEND"] = vDDDTypes(date + dt.timedelta(days=1))
    event["TRANSP"] = vText("TRANSPARENT")


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
    if url := safe_url(talk):
        parts.append(url)
    return clean("\n\n".join(parts))

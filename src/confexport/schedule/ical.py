"""A pretalx or Indico iCalendar export as a schedule.

pretalx writes ``UID:pretalx-<event>-<CODE>@<host>``, ``SUMMARY:<title> - <speakers>``,
``LOCATION:<room>``, ``URL:<talk page>`` and ``DESCRIPTION:<abstract>``.  Indico
(``/export/event/<ID>.ics?detail=contributions``) writes ``UID:indico-<kind>-<id>@<host>``,
the bare title as ``SUMMARY``, and the contribution's page as ``URL``, which gives
the session its key (:func:`.links.link_id`).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from icalendar import Calendar, Component

from confexport.schedule.links import link_id
from confexport.schedule.types import (
    Schedule,
    ScheduleError,
    ScheduleSession,
    checked_end,
    clean_text,
    code_and_event,
    optional_text,
)

_ENDS_A_CALENDAR = re.compile(rb"(?:^|\n)END:VCALENDAR\s*$", re.IGNORECASE)
_PRETALX_UID = re.compile(r"^pretalx-(?P<event>[\w-]+?)-(?P<code>[A-Z0-9]{4,12})@")


def read_ical(data: bytes, where: str) -> Schedule:
    if not _ENDS_A_CALENDAR.search(data):
        lines = data.rstrip().count(b"\n") + 1
        raise ScheduleError(
            "the iCalendar schedule is cut short: it does not end with END:VCALENDAR",
            f"{where}:{lines}",
        )
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError) as exc:
        raise ScheduleError(f"unreadable iCalendar schedule: {exc}", where) from None
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    sessions = tuple(_session(event, where) for event in events if clean_text(event.get("SUMMARY")))
    names = [calendar.get("X-WR-CALNAME") for calendar in calendars]
    return Schedule(
        title=optional_text(names[0]) if names else None,
        timezone=_zone_of(calendars, sessions),
        sessions=sessions,
        source=where,
    )


def _session(event: Component, where: str) -> ScheduleSession:
    uid = clean_text(event.get("UID"))
    url = optional_text(event.get("URL"))
    code, slug = code_and_event(url)
    match = _PRETALX_UID.match(uid)
    if match is not None:
        code, slug = match.group("code"), match.group("event")
    summary = clean_text(event.get("SUMMARY"))
    from_indico = uid.startswith("indico-")
    title, speakers = (summary, ()) if from_indico else _split_summary(summary)
    start = _moment(event, "DTSTART")
    return ScheduleSession(
        title=title,
        code=code,
        start=start,
        end=checked_end(start, _moment(event, "DTEND"), f"{where}: session {title!r}"),
        room=optional_text(event.get("LOCATION")),
        speakers=speakers,
        abstract=clean_text(event.get("DESCRIPTION")),
        url=url,
        event=slug,
        link_id=link_id(url),
    )


def _split_summary(summary: str) -> tuple[str, tuple[str, ...]]:
    """pretalx's ``Title - Speaker A, Speaker B``; the last `` - `` separates them."""
    summary = summary.removesuffix(" -")  # pretalx writes "Title - " for no speakers
    title, separator, people = summary.rpartition(" - ")
    if not separator or not title.strip():
        return summary, ()
    return title.strip(), tuple(name.strip() for name in people.split(",") if name.strip())


def _moment(event: Component, name: str) -> dt.datetime | None:
    value = event.get(name)
    moment = getattr(value, "dt", None)
    return moment if isinstance(moment, dt.datetime) else None


def _zone_of(calendars: list[Calendar], sessions: tuple[ScheduleSession, ...]) -> str | None:
    for calendar in calendars:
        named = optional_text(calendar.get("X-WR-TIMEZONE"))
        if named and _is_iana(named):
            return named
    for session in sessions:
        key = getattr(session.start.tzinfo if session.start else None, "key", None)
        if isinstance(key, str) and _is_iana(key):
            return key
    return None


def _is_iana(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"

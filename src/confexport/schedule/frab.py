"""frab-compatible schedules as pretalx and the c3voc tools publish them: JSON and XML.

Both JSON generations are read: the 2021–22 one (talk code only in ``url``, persons
with ``public_name``) and the current one (``code``, ``end``, ``time_zone_name``,
persons with ``name``).  XML is decoded as XML says (:mod:`.xml_text`) and parsed with
the standard library after refusing any DOCTYPE or ENTITY declaration in that text, so
no entity is ever expanded or fetched.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator, Mapping
from typing import Any
from xml.etree import ElementTree

from confexport.schedule.json_text import load_json
from confexport.schedule.types import (
    Schedule,
    ScheduleError,
    ScheduleSession,
    checked_end,
    clean_text,
    code_and_event,
    optional_text,
    parse_duration,
    schedule_event,
)
from confexport.schedule.xml_text import decode_xml

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def zone_named(name: str | None, where: str) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"time_zone_name {name!r} is not an IANA time zone", where) from None


def session_times(
    date: str | None,
    day: str | None,
    clock: str | None,
    end: str | None,
    duration: str | None,
    zone: dt.tzinfo | None,
    session: str,
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Start and end from ``date`` (or the day's date and ``start``), ``end`` or ``duration``;
    ``session`` names it in a warning (``schedule.xml: session 'Title'``)."""
    start = _moment(date, zone)
    if start is None and day and clock:
        start = _moment(f"{day.strip()[:10]}T{clock.strip()}", zone)
    finish = _moment(end, zone)
    if finish is None and start is not None and duration:
        length = parse_duration(duration)
        if length:
            # Wall-clock arithmetic in UTC, so a session across a DST change keeps its length.
            finish = (start.astimezone(dt.UTC) + length).astimezone(start.tzinfo)
    return start, checked_end(start, finish, session)


def _moment(raw: str | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    if not raw or "T" not in raw.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone) if zone is not None else moment
    return moment.astimezone(zone) if zone is not None else moment


# JSON ---------------------------------------------------------------------------------


def read_frab_json(data: bytes, where: str) -> Schedule:
    return frab_json_schedule(load_json(data, where), where)


def frab_json_schedule(document: Any, where: str) -> Schedule:
    """A parsed pretalx/frab JSON document as a schedule."""
    schedule = document.get("schedule", document) if isinstance(document, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    if not isinstance(conference, dict) or not isinstance(conference.get("days"), list):
        raise ScheduleError("not a frab/pretalx schedule: no schedule.conference.days", where)
    timezone = optional_text(conference.get("time_zone_name"))
    zone = zone_named(timezone, where)
    sessions = tuple(
        _json_session(event, day, room, zone, where)
        for day, room, event in _json_events(conference)
    )
    return Schedule(
        title=optional_text(conference.get("title")),
        timezone=timezone,
        sessions=sessions,
        source=where,
        event=schedule_event(_str(conference.get("acronym")), _str(conference.get("url"))),
    )


def talk_page(url: str | None, origin: str | None) -> str | None:
    """The pretalx page of a talk: ``origin_url`` when only it is one (the CCC's hub
    writes its own page in ``url`` and pretalx's in ``origin_url``)."""
    if code_and_event(origin)[0] and not code_and_event(url)[0]:
        return origin
    return url or origin


def _json_events(conference: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for day in conference.get("days") or ():
        if not isinstance(day, dict) or not isinstance(day.get("rooms"), dict):
            continue
        for room, events in day["rooms"].items():
            for event in events if isinstance(events, list) else ():
                if isinstance(event, dict) and clean_text(event.get("title")):
                    yield clean_text(day.get("date")), str(room), event


def _json_session(
    event: Mapping[str, Any], day: str, room: str, zone: dt.tzinfo | None, where: str
) -> ScheduleSession:
    url = optional_text(event.get("url"))
    origin = optional_text(event.get("origin_url"))
    code_in_url, slug = code_and_event(url)
    code_in_origin, origin_slug = code_and_event(origin)
    start, end = session_times(
        _str(event.get("date")),
        day,
        _str(event.get("start")),
        _str(event.get("end")),
        _str(event.get("duration")),
        zone,
        f"{where}: session {clean_text(event.get('title'))!r}",
    )
    return ScheduleSession(
        title=clean_text(event.get("title")),
        code=optional_text(event.get("code")) or code_in_url or code_in_origin,
        start=start,
        end=end,
        room=optional_text(event.get("room")) or room,
        track=optional_text(event.get("track")),
        kind=optional_text(event.get("type")),
        speakers=tuple(_json_person(p) for p in event.get("persons") or () if _json_person(p)),
        abstract=clean_text(event.get("abstract")) or clean_text(event.get("description")),
        url=talk_page(url, origin),
        event=slug or origin_slug,
    )


def _json_person(person: object) -> str:
    if isinstance(person, dict):
        return clean_text(person.get("name") or person.get("public_name"))
    return clean_text(person)


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


# XML ----------------------------------------------------------------------------------


def read_frab_xml(data: bytes, where: str) -> Schedule:
    text = decode_xml(data, where)  # decoded first, so no encoding hides a declaration
    declaration = _DECLARATION.search(text)
    if declaration is not None:
        raise ScheduleError(
            "schedule XML with a DOCTYPE or ENTITY declaration is refused (not needed by "
            "frab schedules, and a way to read local files or exhaust memory)",
            f"{where}:{text.count(chr(10), 0, declaration.start()) + 1}",
        )
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ScheduleError(f"unreadable schedule XML: {exc}", where) from None
    if root.tag != "schedule":
        raise ScheduleError(f"not a frab schedule: the root element is <{root.tag}>", where)
    conference = root.find("conference")
    timezone = _child(conference, "time_zone_name")
    zone = zone_named(timezone, where)
    sessions = [
        _xml_session(event, day.get("date", ""), room.get("name", ""), zone, where)
        for day in root.iter("day")
        for room in day.iter("room")
        for event in room.iter("event")
        if _child(event, "title")
    ]
    return Schedule(
        title=_child(conference, "title"),
        timezone=timezone,
        sessions=tuple(sessions),
        source=where,
        event=schedule_event(_child(conference, "acronym"), _child(conference, "url")),
    )


def _xml_session(
    event: ElementTree.Element, day: str, room: str, zone: dt.tzinfo | None, where: str
) -> ScheduleSession:
    url = _child(event, "url")
    origin = _child(event, "origin_url")
    code_in_url, slug = code_and_event(url)
    code_in_origin, origin_slug = code_and_event(origin)
    start, end = session_times(
        _child(event, "date"),
        day,
        _child(event, "start"),
        _child(event, "end"),
        _child(event, "duration"),
        zone,
        f"{where}: session {_child(event, 'title')!r}",
    )
    persons = event.find("persons")
    speakers = tuple(
        clean_text("".join(person.itertext()))
        for person in (persons.iter("person") if persons is not None else ())
        if clean_text("".join(person.itertext()))
    )
    return ScheduleSession(
        title=_child(event, "title") or "",
        code=optional_text(event.get("code")) or code_in_url or code_in_origin,
        start=start,
        end=end,
        room=_child(event, "room") or room or None,
        track=_child(event, "track"),
        kind=_child(event, "type"),
        speakers=speakers,
        abstract=_child(event, "abstract") or _child(event, "description") or "",
        url=talk_page(url, origin),
        event=slug or origin_slug,
    )


def _child(element: ElementTree.Element | None, tag: str) -> str | None:
    if element is None:
        return None
    found = element.find(tag)
    return optional_text("".join(found.itertext())) if found is not None else None

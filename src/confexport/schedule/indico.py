"""An Indico event export (``https://<host>/export/event/<ID>.json?detail=contributions``).

The export API wraps the event in ``{"_type": "HTTPAPIResult", "results": [event]}``.
The fields read, all others ignored:

- event: ``title``, ``timezone``, ``url`` (its host and id name the contributions'
  pages when they give no ``url``), ``id``, ``contributions[]`` and, when the export
  was made with ``detail=sessions``, ``sessions[].contributions[]``.
- contribution: ``id``, ``title``, ``description`` (the abstract), ``startDate`` and
  ``endDate`` (``{"date": "2024-06-10", "time": "09:30:00", "tz": "Europe/Zurich"}``),
  ``room`` (else ``roomFullname``), ``track``, ``type`` (the kind), ``url`` (the
  contribution's page) and ``speakers[]``: ``first_name`` and ``last_name``, else
  ``fullName`` (which Indico writes "Last, First").

Indico's ``.ics`` export is read by :mod:`.ical`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from confexport.schedule.links import indico_id, link_id
from confexport.schedule.types import (
    Schedule,
    ScheduleError,
    ScheduleSession,
    checked_end,
    clean_text,
    optional_text,
)


def is_indico(document: object) -> bool:
    """The export API's answer: ``results`` holding an event with ``contributions``."""
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        return False
    return document.get("_type") == "HTTPAPIResult" or any(
        isinstance(event, dict) and "contributions" in event for event in document["results"]
    )


def indico_schedule(document: Mapping[str, Any], where: str) -> Schedule:
    events = [event for event in document["results"] if isinstance(event, dict)]
    if not events:
        raise ScheduleError("the Indico export holds no event (is the event public?)", where)
    event = events[0]
    timezone = optional_text(event.get("timezone"))
    zone = _zone(timezone, where)
    page = urlsplit(clean_text(event.get("url")))
    host, event_id = page.hostname or "", clean_text(event.get("id"))
    sessions = tuple(
        _session(contribution, zone, host, event_id, where)
        for contribution in _contributions(event)
    )
    return Schedule(
        title=optional_text(event.get("title")), timezone=timezone, sessions=sessions, source=where
    )


def _contributions(event: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The event's contributions, then those its sessions hold, each id once."""
    seen: set[str] = set()
    nested = (
        contribution
        for session in _dicts(event.get("sessions"))
        for contribution in _dicts(session.get("contributions"))
    )
    for contribution in (*_dicts(event.get("contributions")), *nested):
        key = clean_text(contribution.get("id")) or str(id(contribution))
        if key not in seen and clean_text(contribution.get("title")):
            seen.add(key)
            yield contribution


def _session(
    contribution: Mapping[str, Any], zone: dt.tzinfo | None, host: str, event: str, where: str
) -> ScheduleSession:
    title = clean_text(contribution.get("title"))
    named = f"{where}: session {title!r}"
    start = _moment(contribution.get("startDate"), zone, named)
    url = optional_text(contribution.get("url"))
    own_id = clean_text(contribution.get("id"))
    return ScheduleSession(
        title=title,
        start=start,
        end=checked_end(start, _moment(contribution.get("endDate"), zone, named), named),
        room=optional_text(contribution.get("room"))
        or optional_text(contribution.get("roomFullname")),
        track=optional_text(contribution.get("track")),
        kind=optional_text(contribution.get("type")),
        speakers=tuple(
            name for name in map(_speaker, _dicts(contribution.get("speakers"))) if name
        ),
        abstract=clean_text(contribution.get("description")),
        url=url,
        link_id=link_id(url) or (indico_id(host, event, own_id) if host and own_id else None),
    )


def _moment(value: object, zone: dt.tzinfo | None, session: str) -> dt.datetime | None:
    """``{"date": …, "time": …, "tz": …}`` as an aware time (the event's zone if no ``tz``)."""
    if not isinstance(value, dict) or not value.get("date"):
        return None
    raw = f"{clean_text(value.get('date'))}T{clean_text(value.get('time')) or '00:00:00'}"
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ScheduleError(f"{raw!r} is not an ISO date and time", session) from None
    own = _zone(optional_text(value.get("tz")), session) or zone
    return moment.replace(tzinfo=own) if own is not None and moment.tzinfo is None else moment


def _speaker(person: Mapping[str, Any]) -> str:
    first, last = clean_text(person.get("first_name")), clean_text(person.get("last_name"))
    if first or last:
        return " ".join(filter(None, (first, last)))
    last, comma, first = clean_text(person.get("fullName")).partition(", ")
    return f"{first} {last}" if comma and first and "," not in first else last + comma + first


def _zone(name: str | None, where: str) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"time zone {name!r} is not an IANA time zone", where) from None


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

"""A Sessionize "All data" schedule (``https://sessionize.com/api/v2/<id>/view/All``).

The fields read, all others ignored:

- ``sessions[]``: ``id``, ``title``, ``description`` (the abstract), ``startsAt`` and
  ``endsAt`` (local times without an offset: the conference's zone is laid on them),
  ``roomId`` (→ ``rooms[].name``), ``speakers`` (ids → ``speakers[].fullName``, else
  ``firstName lastName``), ``categoryItems`` (ids → ``categories[].items[]``: the
  item of the category titled "Track" is the track, of "Session format" the kind),
  ``isServiceSession`` (a break, welcome… without speakers: kind ``service``).
- ``speakers[]``: ``id``, ``fullName``, ``firstName``, ``lastName``.
- ``rooms[]``: ``id``, ``name``.  ``categories[]``: ``title``, ``items[]``: ``id``, ``name``.

A session's key (:func:`.links.sessionize_id`) is its numeric ``id``, which ends the
URL of its page on sessionize.com; notes linking that page match it exactly.  Service
sessions (breaks) have no page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from confexport.schedule.links import sessionize_id
from confexport.schedule.types import (
    Schedule,
    ScheduleError,
    ScheduleSession,
    checked_end,
    clean_text,
    optional_text,
)

TRACK_CATEGORIES = ("track", "tracks")
FORMAT_CATEGORIES = ("session format", "format", "session type", "type")


def is_sessionize(document: object) -> bool:
    """An object with a ``sessions`` list beside ``speakers`` or ``rooms`` lists."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("sessions"), list)
        and any(isinstance(document.get(key), list) for key in ("speakers", "rooms"))
    )


def sessionize_schedule(document: Mapping[str, Any], where: str) -> Schedule:
    rooms = _names_by_id(document.get("rooms"), "name")
    people = {
        str(person["id"]): _person_name(person)
        for person in _dicts(document.get("speakers"))
        if "id" in person
    }
    tracks = _category_items(document.get("categories"), TRACK_CATEGORIES)
    formats = _category_items(document.get("categories"), FORMAT_CATEGORIES)
    sessions = tuple(
        _session(session, rooms, people, tracks, formats, where)
        for session in _dicts(document.get("sessions"))
        if clean_text(session.get("title"))
    )
    if document.get("sessions") and not sessions:
        raise ScheduleError("not a Sessionize schedule: no session has a title", where)
    return Schedule(sessions=sessions, source=where)


def _session(
    session: Mapping[str, Any],
    rooms: Mapping[str, str],
    people: Mapping[str, str],
    tracks: Mapping[str, str],
    formats: Mapping[str, str],
    where: str,
) -> ScheduleSession:
    title = clean_text(session.get("title"))
    start = _moment(session.get("startsAt"), f"{where}: session {title!r}")
    end = _moment(session.get("endsAt"), f"{where}: session {title!r}")
    items = [str(item) for item in _list(session.get("categoryItems"))]
    kind = next((formats[item] for item in items if item in formats), None)
    if kind is None and session.get("isServiceSession") is True:
        kind = "service"
    return ScheduleSession(
        title=title,
        start=start,
        end=checked_end(start, end, f"{where}: session {title!r}"),
        room=rooms.get(str(session.get("roomId"))) or optional_text(session.get("room")),
        track=next((tracks[item] for item in items if item in tracks), None),
        kind=kind,
        speakers=tuple(
            people[key] for key in map(str, _list(session.get("speakers"))) if people.get(key)
        ),
        abstract=clean_text(session.get("description")),
        link_id=sessionize_id(session["id"]) if str(session.get("id")).isdigit() else None,
    )


def _moment(raw: object, session: str) -> dt.datetime | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ScheduleError(f"{raw!r} is not an ISO date and time", session) from None


def _person_name(person: Mapping[str, Any]) -> str:
    full = clean_text(person.get("fullName"))
    if full:
        return full
    return " ".join(filter(None, (clean_text(person.get(k)) for k in ("firstName", "lastName"))))


def _names_by_id(items: object, field: str) -> dict[str, str]:
    return {
        str(item["id"]): clean_text(item.get(field))
        for item in _dicts(items)
        if "id" in item and clean_text(item.get(field))
    }


def _category_items(categories: object, titles: tuple[str, ...]) -> dict[str, str]:
    """Item id → name of every item of the categories titled one of ``titles``."""
    found: dict[str, str] = {}
    for category in _dicts(categories):
        if clean_text(category.get("title")).lower() in titles:
            found.update(_names_by_id(category.get("items"), "name"))
    return found


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []

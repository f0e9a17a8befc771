"""A schedule in a conference's own JSON or CSV, read through ``schedule-fields``.

The notes' metadata says which field holds what, e.g. for a list of talks under
``talks`` with a room object and a list of speaker objects::

    schedule-fields:
      sessions: talks          # where the list of sessions is (JSON; default: the
                               # document itself when it is a list, else its one list)
      title: name              # required
      start: begins_at         # an ISO date and time ("2024-10-31T10:00", offset optional)
      end: ends_at
      room: room.name          # a dotted path walks into objects and across lists
      speakers: speakers.name  # a list, or one text split at ";" or ","

The other keys are ``date`` (when ``start``/``end`` hold only a time), ``track``,
``kind``, ``abstract`` and ``url`` (a pretalx, Sessionize or Indico page there
matches the notes' links exactly).  In a CSV file the values name columns of its
header row; the delimiter (``,``, ``;`` or tab) is found from the header.
Times without an offset are in the conference's time zone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from confexport.errors import MetadataError
from confexport.schedule.json_text import load_json
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

FIELDS = frozenset(
    {"sessions", "title", "start", "end", "date", "room", "track", "kind", "speakers",
     "abstract", "url"}
)  # fmt: skip
_NAME_SEPARATOR = re.compile(r"\s*[;,]\s*")


def checked_fields(value: object, where: str) -> dict[str, str] | None:
    """The ``schedule-fields`` mapping, checked: known keys, text values, a ``title``."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise MetadataError("schedule-fields must map fields (title, start…) to names", where)
    unknown = sorted(str(key) for key in value if key not in FIELDS)
    if unknown:
        known = ", ".join(sorted(FIELDS))
        raise MetadataError(f"schedule-fields: unknown key {unknown[0]!r} (known: {known})", where)
    fields = {str(key): clean_text(name) for key, name in value.items()}
    empty = [key for key, name in fields.items() if not name or not isinstance(value[key], str)]
    if empty:
        raise MetadataError(f"schedule-fields.{empty[0]} must name a field", where)
    if "title" not in fields:
        raise MetadataError("schedule-fields needs title: <the field holding the title>", where)
    return fields


def read_mapped(data: bytes, where: str, fields: Mapping[str, str]) -> Schedule:
    """Sessions from JSON (when the file begins with ``{`` or ``[``) or CSV."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        records = _json_records(load_json(data, where), fields.get("sessions"), where)
    else:
        records = _csv_records(data, where)
    sessions = tuple(
        session
        for record in records
        if (session := _session(record, fields, where)) is not None
    )  # fmt: skip
    if not sessions:
        raise ScheduleError(
            f"no session has a {fields['title']!r} (schedule-fields.title) in this schedule",
            where,
        )
    return Schedule(sessions=sessions, source=where)


def _json_records(document: Any, path: str | None, where: str) -> list[Mapping[str, Any]]:
    found = _walk(document, path) if path else document
    if isinstance(found, dict) and not path:
        lists = [value for value in found.values() if isinstance(value, list)]
        found = lists[0] if len(lists) == 1 else None
    if not isinstance(found, list):
        place = f"at {path!r} (schedule-fields.sessions)" if path else "(say where with sessions:)"
        raise ScheduleError(f"no list of sessions {place}", where)
    return [record for record in found if isinstance(record, dict)]


def _csv_records(data: bytes, where: str) -> list[Mapping[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScheduleError(f"schedule CSV is not UTF-8: {exc.reason}", where) from None
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    try:
        return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ScheduleError(f"unreadable schedule CSV: {exc}", where) from None


def _walk(value: Any, path: str) -> Any:
    """``room.name`` of a record; across a list, the list of each element's value."""
    if isinstance(value, Mapping) and path in value:  # a CSV column or key with a dot
        return value[path]
    for step in path.split("."):
        if isinstance(value, list):
            value = [item.get(step) for item in value if isinstance(item, Mapping)]
        elif isinstance(value, Mapping):
            value = value.get(step)
        else:
            return None
    return value


def _text_at(record: Mapping[str, Any], fields: Mapping[str, str], key: str) -> str | None:
    if key not in fields:
        return None
    value = _walk(record, fields[key])
    if isinstance(value, list):
        return optional_text(", ".join(clean_text(item) for item in value if clean_text(item)))
    return optional_text(value) if isinstance(value, str | int | float) else None


def _session(
    record: Mapping[str, Any], fields: Mapping[str, str], where: str
) -> ScheduleSession | None:
    title = _text_at(record, fields, "title")
    if title is None:
        return None
    named = f"{where}: session {title!r}"
    date = _text_at(record, fields, "date")
    start = _moment(_text_at(record, fields, "start"), date, named)
    end = _moment(_text_at(record, fields, "end"), date, named)
    url = _text_at(record, fields, "url")
    code, event = code_and_event(url)
    return ScheduleSession(
        title=title,
        code=code,
        start=start,
        end=checked_end(start, end, named),
        room=_text_at(record, fields, "room"),
        track=_text_at(record, fields, "track"),
        kind=_text_at(record, fields, "kind"),
        speakers=_names(_walk(record, fields["speakers"])) if "speakers" in fields else (),
        abstract=_text_at(record, fields, "abstract") or "",
        url=url,
        event=event,
        link_id=link_id(url),
    )


def _moment(raw: str | None, date: str | None, session: str) -> dt.datetime | None:
    if raw is None:
        return None
    text = raw if date is None or re.match(r"\d{4}-\d\d-\d\d", raw) else f"{date}T{raw}"
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ScheduleError(f"{text!r} is not an ISO date and time", session) from None


def _names(value: Any) -> tuple[str, ...]:
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.extend(name for name in _NAME_SEPARATOR.split(item.strip()) if name)
        elif isinstance(item, int | float):
            names.append(str(item))
    return tuple(names)

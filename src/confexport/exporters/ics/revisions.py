"""``SEQUENCE`` carried on from the calendar the build replaces (RFC 5545 3.8.7.4).

An event's ``SEQUENCE`` is its revision number: 0 when it is new, one more each time
it changes significantly, so an app that has it already takes the new version as an
update.  Significant: the start, the end, the duration, the recurrence (``RRULE``,
``RDATE``, ``EXDATE``) and the status, as the RFC has it, and the place (``LOCATION``,
the room: a new room matters to whoever goes).  A new title, abstract or note is not:
the event still updates (same UID) but keeps its number.  The previous calendar is
parsed with icalendar, only its events' UIDs, SEQUENCEs and significant properties
(descriptions, the bulk of the bytes, never reach the parser, nor time-zone
definitions, which icalendar would remember process-wide).
"""

from __future__ import annotations

import datetime as dt
import glob
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from icalendar import Calendar, Component, vInt

from confexport.context import ExportContext
from confexport.exporters.ics.options import IcsOptions
from confexport.model import Conference

#: The properties whose change raises an event's SEQUENCE.
SIGNIFICANT = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "STATUS", "LOCATION")
#: The largest SEQUENCE (RFC 5545 INTEGER); an event there stays there.
MAX_SEQUENCE = 2**31 - 1
#: The most event lines a previous calendar may hand the parser (some 9,000 events).
MAX_LINES = 100_000

#: The date in a ``-O split=day`` file's name, as a glob.
DAY_PATTERN = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"

_KEPT = frozenset(name.encode() for name in ("UID", "SEQUENCE", "RECURRENCE-ID", *SIGNIFICANT))
_UNFOLD = re.compile(rb"\r?\n[ \t]")
_NAME = re.compile(rb"[^;:]*")


class UnreadableCalendar(ValueError):
    """The previous output is not a calendar whose revisions can be read."""


@dataclass(frozen=True, slots=True)
class Revision:
    """An event as a previous build wrote it: its SEQUENCE and significant values."""

    sequence: int
    significant: tuple[object, ...]


def previous_calendar(
    conference: Conference, options: IcsOptions, context: ExportContext
) -> dict[str, Revision]:
    """The revisions of the events this export replaces: in the previous ``<stem>.ics``
    and ``<stem>-<date>.ics`` (``-O split=day``) of the output folder, those of this
    build's kind first; only the named file with ``-o FILE``.  A calendar that cannot
    be read is one warning, and counts as none."""
    readable = []
    for name, data in _previous_files(conference, options, context).items():
        try:
            readable.append(revisions_of(data))
        except UnreadableCalendar as exc:
            context.warn(
                context.previous.path(name or None),
                f"the previous calendar is not read: {exc}; its events' SEQUENCE starts "
                "again (-O sequence=N sets the least)",
            )
    return latest(readable)


def _previous_files(
    conference: Conference, options: IcsOptions, context: ExportContext
) -> dict[str, bytes]:
    """The previous calendars by name ("" for the main file), this build's kind first."""
    whole = context.previous_output()
    found = {} if whole is None else {"": whole}
    if context.previous.file is not None:
        return found
    days = context.previous_outputs(f"{glob.escape(conference.stem)}-{DAY_PATTERN}.ics")
    return {**days, **found} if options.split == "day" else {**found, **days}


def latest(calendars: Iterable[Iterable[tuple[str, Revision]]]) -> dict[str, Revision]:
    """Each UID's revision in the previous calendars (:func:`revisions_of` each): where
    several hold one, the one with the highest SEQUENCE (the first of equals)."""
    found: dict[str, Revision] = {}
    for revisions in calendars:
        for uid, revision in revisions:
            if uid not in found or revision.sequence > found[uid].sequence:
                found[uid] = revision
    return found


def revise(events: Sequence[Component], previous: Mapping[str, Revision], least: int) -> None:
    """Set each event's SEQUENCE: ``least`` (``-O sequence=``) for a new one; for one
    the previous calendar holds, its number, one more when it changed significantly,
    and never below ``least``."""
    for event in events:
        before = previous.get(str(event["UID"]))
        if before is not None:
            changed = before.significant != significant(event)
            number = max(least, min(before.sequence + changed, MAX_SEQUENCE))
            event["SEQUENCE"] = vInt(number)  # in place: the property keeps its position


def significant(event: Component) -> tuple[object, ...]:
    """The event's significant values, comparable across a write and a parse."""
    return tuple(_comparable(event.get(name)) for name in SIGNIFICANT)


def _comparable(value: object) -> object:
    """A value as compared: instants in UTC (a floating time as written), dates and
    durations as they are, lists item by item, other values as their text."""
    if value is None:
        return None
    if isinstance(value, list):
        return tuple(_comparable(item) for item in value)
    moment = getattr(value, "dt", None)
    if isinstance(moment, dt.datetime):
        return ("floating", moment) if moment.tzinfo is None else ("at", moment.astimezone(dt.UTC))
    if isinstance(moment, (dt.date, dt.timedelta)):
        return (type(moment).__name__, moment)
    to_ical = getattr(value, "to_ical", None)
    return to_ical() if callable(to_ical) else str(value)


def revisions_of(data: bytes) -> list[tuple[str, Revision]]:
    """Each event's UID and revision in the calendar ``data``; an
    :class:`UnreadableCalendar` when it cannot be read (never another error)."""
    try:
        with warnings.catch_warnings():  # about the old file (a guessed zone): not ours
            warnings.simplefilter("ignore")
            calendar = Calendar.from_ical(_essentials(data))
        if not isinstance(calendar, Calendar):
            raise UnreadableCalendar("it is not a VCALENDAR")
        found = [(event, _sequence(event)) for event in calendar.subcomponents]
        return [
            (str(event["UID"]), Revision(number, significant(event)))
            for event, number in found
            if number is not None
        ]
    except UnreadableCalendar:
        raise
    except Exception as exc:  # icalendar may fail in any way on a corrupt file
        raise UnreadableCalendar(f"it does not parse as iCalendar ({type(exc).__name__})") from exc


def _sequence(event: Component) -> int | None:
    """The SEQUENCE of a VEVENT with a UID that is not a recurrence's exception
    (confexport writes none): absent is 0; None for another component, or a SEQUENCE
    that is not 0 to :data:`MAX_SEQUENCE`."""
    if event.name != "VEVENT" or "RECURRENCE-ID" in event or not str(event.get("UID", "")):
        return None
    number = event.get("SEQUENCE", 0)
    return int(number) if isinstance(number, int) and 0 <= number <= MAX_SEQUENCE else None


def _essentials(data: bytes) -> bytes:
    """The lines of ``data`` (unfolded) that the revisions need: the calendar's and its
    events' BEGIN and END, and the events' own UID, SEQUENCE and significant lines."""
    kept: list[bytes] = []
    open_components: list[bytes] = []
    for line in _UNFOLD.sub(b"", data).splitlines():
        match = _NAME.match(line)
        name = match.group().strip().upper() if match else b""
        if name == b"BEGIN":
            open_components.append(line.partition(b":")[2].strip().upper())
        depth = len(open_components)
        in_event = open_components[:2] == [b"VCALENDAR", b"VEVENT"]
        if name in (b"BEGIN", b"END"):
            if depth == 1 or (depth == 2 and in_event):
                kept.append(line)
            if name == b"END" and open_components:
                open_components.pop()
        elif name in _KEPT and depth == 2 and in_event:
            kept.append(line)
        if len(kept) > MAX_LINES:
            raise UnreadableCalendar(f"it holds more than {MAX_LINES} event lines")
    return b"\r\n".join(kept) + b"\r\n"

"""The whole calendar: its header, the time zones its events use and the events, in
reading order, serialised by :mod:`.folding` (one file, or one a day).

Imported when a calendar is made: it brings in icalendar (a tenth of a second), which
checking the ``ics`` options does not need.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version

from icalendar import Calendar

from confexport.context import Clock, context_for
from confexport.errors import ExportError
from confexport.exporters.ics.events import Entry, EventBuilder
from confexport.exporters.ics.folding import content_lines, serialise
from confexport.exporters.ics.options import IcsOptions
from confexport.exporters.ics.revisions import Revision, revise
from confexport.exporters.ics.text import one_line
from confexport.exporters.ics.times import zones
from confexport.exporters.ics.untimed import arranged
from confexport.model import Conference, Day, Talk

log = logging.getLogger("confexport")


def calendar_bytes(
    conference: Conference,
    options: IcsOptions,
    clock: Clock | None = None,
    previous: Mapping[str, Revision] | None = None,
) -> bytes:
    """The whole calendar, serialised (CRLF, folded at 75 octets by :mod:`.folding`);
    every DTSTAMP is the clock's time (the environment's when None), and LAST-MODIFIED
    too when ``SOURCE_DATE_EPOCH`` set it; SEQUENCE carried on from ``previous``."""
    return _serialised(conference, calendar_entries(conference, options, clock, previous))


def calendar_files(
    conference: Conference,
    options: IcsOptions,
    clock: Clock | None = None,
    previous: Mapping[str, Revision] | None = None,
) -> dict[str, bytes]:
    """One calendar a day (``-O split=day``), ``<stem>-<YYYY-MM-DD>.ics``, in date
    order: each holds the events on that local date and the time zones they use."""
    by_date: dict[dt.date, list[Entry]] = {}
    for entry in calendar_entries(conference, options, clock, previous):
        by_date.setdefault(entry.date, []).append(entry)
    return {
        f"{conference.stem}-{date.isoformat()}.ics": _serialised(conference, by_date[date], date)
        for date in sorted(by_date)
    }


def calendar_entries(
    conference: Conference,
    options: IcsOptions,
    clock: Clock | None,
    previous: Mapping[str, Revision] | None = None,
) -> list[Entry]:
    """The calendar's events in reading order, SEQUENCE carried on from ``previous``."""
    if clock is None:
        clock = context_for([conference], None).clock
    builder = EventBuilder(conference, options, clock.moment, clock.from_environment)
    entries = arranged(_dated_sessions(conference), builder, options.untimed)
    if previous:
        revise([entry.event for entry in entries], previous, options.sequence)
    return entries


def _serialised(
    conference: Conference, entries: Sequence[Entry], date: dt.date | None = None
) -> bytes:
    return serialise(content_lines(assembled(conference, entries, date)))


def assembled(
    conference: Conference, entries: Sequence[Entry], date: dt.date | None = None
) -> Calendar:
    """A calendar of ``entries`` and the time zones they use; one day's (``date``) is
    named after it."""
    calendar = _calendar(conference, date)
    for zone in zones([talk for entry in entries for talk in entry.talks], conference):
        calendar.add_component(zone)
    for entry in entries:
        calendar.add_component(entry.event)
    return calendar


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


def _calendar(conference: Conference, date: dt.date | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//confexport//confexport {_version()}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = one_line(conference.title)
    if date is not None:
        name = f"{name}, {date.isoformat()}"
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

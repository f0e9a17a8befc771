"""Sessions known only by their day (``-O untimed=``): all-day events, left out, or
one all-day event a day that lists them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from icalendar import vText

from confexport.errors import ExportError
from confexport.exporters.ics.events import Entry, EventBuilder, add_all_day, summary
from confexport.exporters.ics.html import add_html_description, list_html
from confexport.exporters.ics.options import Untimed
from confexport.exporters.ics.text import one_line
from confexport.model import Day, Talk

log = logging.getLogger("confexport")

Sessions = Sequence[tuple[Day, Talk]]


def arranged(sessions: Sessions, builder: EventBuilder, untimed: Untimed) -> list[Entry]:
    """The calendar's entries in reading order, untimed sessions as ``untimed`` says."""
    if untimed == "skip":
        return [builder.entry(day, talk) for day, talk in _timed_only(sessions, builder)]
    if untimed == "summary":
        return _with_day_summaries(sessions, builder)
    return [builder.entry(day, talk) for day, talk in sessions]


def _timed_only(sessions: Sessions, builder: EventBuilder) -> Sessions:
    timed = [(day, talk) for day, talk in sessions if talk.start is not None]
    left_out = len(sessions) - len(timed)
    conference = builder.conference
    where = conference.source or conference.stem
    if not timed:
        raise ExportError(
            "every session has only a day, no time, so -O untimed=skip leaves nothing to "
            "put in the calendar; use -O untimed=all-day or -O untimed=summary",
            str(conference.source) if conference.source else None,
        )
    if left_out:
        log.info(
            "%s: %d session%s without a time left out of the calendar (-O untimed=skip)",
            where, left_out, "" if left_out == 1 else "s",
        )  # fmt: skip
    return timed


def _with_day_summaries(sessions: Sessions, builder: EventBuilder) -> list[Entry]:
    """Timed sessions as events; each day's untimed ones as one all-day event, placed
    where the first of them is."""
    untimed: dict[dt.date, list[Talk]] = {}
    for day, talk in sessions:
        if talk.start is None:
            assert day.date is not None  # only dated sessions reach the calendar
            untimed.setdefault(day.date, []).append(talk)
    entries: list[Entry] = []
    for day, talk in sessions:
        if talk.start is not None:
            entries.append(builder.entry(day, talk))
        elif day.date in untimed:
            entries.append(day_summary(builder, day.date, untimed.pop(day.date)))
    return entries


def day_summary(builder: EventBuilder, date: dt.date, talks: Sequence[Talk]) -> Entry:
    """One all-day event listing ``talks`` (title and speakers), the untimed sessions
    of ``date``; its UID names the date, so a rebuild updates it."""
    event = builder.stamped(f"untimed-{date:%Y%m%d}-{builder.slug}@confexport")
    event["SUMMARY"] = vText(day_summary_title(builder, len(talks)))
    add_all_day(event, date)
    if location := one_line(builder.conference.location or ""):
        event["LOCATION"] = vText(location)
    event["STATUS"] = vText("CONFIRMED")
    listed = [_listed(talk) for talk in talks]
    event["DESCRIPTION"] = vText("\n".join(f"- {line}" for line in listed))
    if builder.options.html_description:
        add_html_description(event, list_html(listed))
    return Entry(date, event, tuple(talks))


def day_summary_title(builder: EventBuilder, count: int) -> str:
    """``PyCascades 2022: 13 sessions without a time``."""
    sessions = "1 session" if count == 1 else f"{count} sessions"
    return f"{one_line(builder.conference.title)}: {sessions} without a time"


def _listed(talk: Talk) -> str:
    return summary(talk) if talk.attended else f"{summary(talk)} (not attended)"

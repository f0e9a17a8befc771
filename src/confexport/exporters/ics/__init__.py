"""iCalendar (RFC 5545): every session as an event, with the person's notes inside.

Timed sessions get ``DTSTART;TZID=<IANA zone>`` and a VTIMEZONE built from the zone
database; sessions known only by their day become all-day, transparent events, so
no time is invented.  UIDs derive from the talk's uid and the event slug, so a
re-export updates the events already in a calendar instead of duplicating them.
The calendar is made in :mod:`.calendar`, one session's event in :mod:`.events`, its
times in :mod:`.times`; sessions without a time are arranged by :mod:`.untimed`
(``-O untimed=``), the HTML description is :mod:`.html`'s (``-O html-description=``);
``-O split=day`` gives one file a day.  Each event's SEQUENCE rises when the build
replaces a calendar in which it started, ended or stood elsewhere (:mod:`.revisions`).

This module is what checking the options loads: it imports no icalendar, which the
modules that make the calendar bring in when an export runs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, ClassVar

from confexport.context import ExportContext, context_for
from confexport.exporters.ics.options import IcsOptions, parse_reminder
from confexport.model import Conference

if TYPE_CHECKING:
    from confexport.exporters.ics.calendar import calendar_bytes, calendar_files
    from confexport.exporters.ics.events import description, event_slug, summary

__all__ = [
    "IcsExporter",
    "IcsOptions",
    "calendar_bytes",
    "calendar_files",
    "description",
    "event_slug",
    "parse_reminder",
    "summary",
]

#: The names this package offers from the modules that import icalendar, loaded when
#: first asked for.
_LAZY = {
    "calendar_bytes": "calendar",
    "calendar_files": "calendar",
    "description": "events",
    "event_slug": "events",
    "summary": "events",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class IcsExporter:
    name: ClassVar[str] = "ics"
    extension: ClassVar[str] = ".ics"
    media_type: ClassVar[str] = "text/calendar"
    description: ClassVar[str] = "iCalendar: sessions at their local times, notes inside"
    Options: ClassVar[type] = IcsOptions
    cost: ClassVar[int] = 0

    @classmethod
    def warm_up(cls) -> None:
        """Import icalendar and the modules that make a calendar, in the worker that
        exports it, while the notes are read."""
        from confexport.exporters.ics import calendar  # noqa: F401

    def export(
        self, conference: Conference, options: IcsOptions, context: ExportContext | None = None
    ) -> bytes | dict[str, bytes]:
        from confexport.exporters.ics.calendar import calendar_bytes, calendar_files
        from confexport.exporters.ics.revisions import previous_calendar

        context = context_for([conference], context)
        previous = previous_calendar(conference, options, context)
        if options.split == "day":
            return calendar_files(conference, options, context.clock, previous)
        return calendar_bytes(conference, options, context.clock, previous)

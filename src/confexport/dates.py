"""Dates and times as a reader reads them: "Saturday 5 February 2022", "5–6 February
2022", "16:30–17:00"; every format labels days and sessions through these."""

from __future__ import annotations

import datetime as dt

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def date_label(date: dt.date) -> str:
    """``5 February 2022``."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def long_date(date: dt.date) -> str:
    """``Saturday 5 February 2022``."""
    return f"{_WEEKDAYS[date.weekday()]} {date_label(date)}"


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    """``5–6 February 2022``, ``30 June – 2 July 2022``, or one date."""
    if start is None:
        return ""
    if end is None or end == start:
        return date_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_label(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} – {date_label(end)}"
    return f"{date_label(start)} – {date_label(end)}"


def time_range(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """``16:30``, ``16:30–17:00``, or "" for a session without a time."""
    if start is None:
        return ""
    return f"{start:%H:%M}–{end:%H:%M}" if end is not None else f"{start:%H:%M}"

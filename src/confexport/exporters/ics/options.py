"""The ``-O`` options of the ``ics`` format."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

#: What becomes of sessions known only by their day (``-O untimed=``).
Untimed = Literal["all-day", "skip", "summary"]

_REMIND = re.compile(r"^(\d{1,4})\s*([mhd]?)$")


def parse_reminder(raw: str) -> dt.timedelta:
    """``10m``, ``1h``, ``1d`` or a bare number of minutes."""
    match = _REMIND.match(raw.strip().lower())
    if match is None:
        raise ValueError(f"remind={raw!r}: expected minutes such as 10m, or 1h, or 1d")
    amount, unit = int(match.group(1)), match.group(2) or "m"
    return {"m": dt.timedelta(minutes=amount), "h": dt.timedelta(hours=amount)}.get(
        unit, dt.timedelta(days=amount)
    )


@dataclass(frozen=True, slots=True)
class IcsOptions:
    """``-O`` options of the ``ics`` format."""

    #: Add a reminder this long before each timed session (``10m``, ``1h``).
    remind: str | None = None
    #: ``confexport`` UIDs, or pretalx's own ``pretalx-<event>-<CODE>@<host>``.
    uid: Literal["confexport", "pretalx"] = "confexport"
    #: Minutes a session lasts when it has a start but no end.
    duration: int = 30
    #: The least SEQUENCE: of a new event, and below which none carried on falls.
    sequence: int = 0
    #: Sessions without a time: all-day events, left out, or one all-day list a day.
    untimed: Untimed = "all-day"
    #: Add ``X-ALT-DESC;FMTTYPE=text/html`` beside the plain description (Outlook).
    html_description: bool = False
    #: ``day``: one ``<stem>-<YYYY-MM-DD>.ics`` a day instead of one calendar.
    split: Literal["none", "day"] = "none"

    def __post_init__(self) -> None:
        if self.remind:
            parse_reminder(self.remind)
        if not 1 <= self.duration <= 24 * 60:
            raise ValueError(f"duration={self.duration}: expected 1 to 1440 minutes")
        if self.sequence < 0:
            raise ValueError(f"sequence={self.sequence}: expected 0 or more")

"""Official conference schedules: read pretalx / frab JSON and XML or a pretalx .ics,
and merge their times, rooms, tracks and speakers into the talk model.

``read_schedule(path)`` gives a :class:`Schedule`; ``merge_schedule(conference, path)``
returns a new :class:`~confexport.model.Conference` with the schedule merged in.
"""

from __future__ import annotations

from pathlib import Path

from confexport.schedule.merge import MergeReport, merge, merge_schedule
from confexport.schedule.types import Schedule, ScheduleError, ScheduleSession
from confexport.schedule.xml_text import xml_encoding

__all__ = [
    "MergeReport",
    "Schedule",
    "ScheduleError",
    "ScheduleSession",
    "merge",
    "merge_schedule",
    "read_schedule",
]

#: Schedules larger than this are refused (a real one is a few MB at most).
MAX_SCHEDULE_BYTES = 50_000_000


def read_schedule(path: Path | str) -> Schedule:
    """Read a schedule file, recognising its format by its content."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SCHEDULE_BYTES:
            raise ScheduleError("schedule is larger than 50 MB", str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ScheduleError(f"cannot read schedule: {exc.strerror}", str(path)) from None
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"{"):
        from confexport.schedule.frab import read_frab_json

        return read_frab_json(data, str(path))
    if head.startswith(b"<") or xml_encoding(data)[0].startswith(("utf-16", "utf-32")):
        from confexport.schedule.frab import read_frab_xml

        return read_frab_xml(data, str(path))
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        from confexport.schedule.ical import read_ical

        return read_ical(data, str(path))
    raise ScheduleError(
        "not a schedule confexport can read (expected pretalx/frab JSON or XML, or an "
        "iCalendar .ics export)",
        str(path),
    )

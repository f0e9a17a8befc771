"""Official conference schedules: read pretalx / frab JSON and XML, Sessionize "All
data" JSON, an Indico event export (JSON), a pretalx or Indico .ics, or any JSON or
CSV through ``schedule-fields``; merge their times, rooms, tracks and speakers into
the talk model.

The format is found from the content, never from the file name.
``read_schedule(path)`` gives a :class:`Schedule`; ``merge_schedule(conference, path)``
returns a new :class:`~confexport.model.Conference` with the schedule merged in.
"""

from __future__ import annotations

from confexport.schedule.merge import MergeReport, merge, merge_schedule
from confexport.schedule.read import MAX_SCHEDULE_BYTES, parse_schedule, read_schedule
from confexport.schedule.types import Schedule, ScheduleError, ScheduleSession

__all__ = [
    "MAX_SCHEDULE_BYTES",
    "MergeReport",
    "Schedule",
    "ScheduleError",
    "ScheduleSession",
    "merge",
    "merge_schedule",
    "parse_schedule",
    "read_schedule",
]

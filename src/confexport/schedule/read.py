"""Read a schedule file or its bytes, recognising the format from the content."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from confexport.schedule.types import Schedule, ScheduleError
from confexport.schedule.xml_text import xml_encoding

#: Schedules larger than this are refused (a real one is a few MB at most).
MAX_SCHEDULE_BYTES = 50_000_000


def read_schedule(path: Path | str, fields: Mapping[str, str] | None = None) -> Schedule:
    """Read a schedule file, recognising its format by its content; with ``fields``
    (``schedule-fields``), read it as the conference's own JSON or CSV (:mod:`.mapped`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SCHEDULE_BYTES:
            raise ScheduleError("schedule is larger than 50 MB", str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise ScheduleError(f"cannot read schedule: {exc.strerror}", str(path)) from None
    return parse_schedule(data, str(path), fields)


def parse_schedule(data: bytes, where: str, fields: Mapping[str, str] | None = None) -> Schedule:
    """A schedule from its bytes; ``where`` names it in messages."""
    if fields:
        from confexport.schedule.mapped import read_mapped

        return read_mapped(data, where, fields)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"{"):
        return _read_json(data, where)
    if head.startswith(b"<") or xml_encoding(data)[0].startswith(("utf-16", "utf-32")):
        from confexport.schedule.frab import read_frab_xml

        return read_frab_xml(data, where)
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        from confexport.schedule.ical import read_ical

        return read_ical(data, where)
    raise ScheduleError(f"not a schedule confexport can read ({EXPECTED})", where)


EXPECTED = (
    "expected pretalx/frab JSON or XML, Sessionize or Indico JSON, or an iCalendar .ics "
    "export; for another JSON or a CSV schedule, name its fields with schedule-fields "
    "in the notes' metadata"
)


def _read_json(data: bytes, where: str) -> Schedule:
    """A JSON schedule, told apart by its keys: frab's ``schedule.conference``,
    Sessionize's ``sessions`` beside ``speakers``, Indico's ``results``."""
    from confexport.schedule.frab import frab_json_schedule
    from confexport.schedule.indico import indico_schedule, is_indico
    from confexport.schedule.json_text import load_json
    from confexport.schedule.sessionize import is_sessionize, sessionize_schedule

    document = load_json(data, where)
    if is_sessionize(document):
        return sessionize_schedule(document, where)
    if is_indico(document):
        return indico_schedule(document, where)
    if isinstance(document, dict) and ("schedule" in document or "conference" in document):
        return frab_json_schedule(document, where)
    raise ScheduleError(
        "not a schedule confexport can read: JSON without schedule.conference "
        "(pretalx/frab), sessions and speakers (Sessionize) or results (Indico); for "
        "another JSON schedule, name its fields with schedule-fields in the notes' metadata",
        where,
    )

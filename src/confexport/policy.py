"""Policy every format shares, decided once above the exporters.

- :class:`SharedOptions`: the ``-O`` options every format takes because the build
  applies them to the model before any exporter sees it (``-O attended_only=true``).
- :func:`attended_only`: the conference without the sessions marked not attended.
- :class:`SessionFacts`: what a session's meta line says ("Keynote · Saturday
  5 February 2022 · 16:30–17:00 PST · Room 1"), built once from the model; each format
  picks its parts and styles them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from confexport.dates import long_date, time_range
from confexport.model import Conference, Day, Talk, kind_label


@dataclass(frozen=True, slots=True)
class SharedOptions:
    """``-O`` options of every format, applied to the model by the build."""

    #: Leave out the sessions the notes mark as not attended (and days left empty).
    attended_only: bool = False

    def apply(self, conference: Conference) -> Conference:
        """``conference`` as these options make it, before it is exported."""
        return attended_only(conference) if self.attended_only else conference

    def apply_all(self, conferences: Sequence[Conference]) -> list[Conference]:
        return [self.apply(conference) for conference in conferences]


#: The names of the shared options, which every format accepts.
SHARED_OPTIONS = tuple(field.name for field in dataclasses.fields(SharedOptions))


def attended_only(conference: Conference) -> Conference:
    """The conference without the sessions marked not attended (and days left empty)."""
    days = []
    for day in conference.days:
        talks = tuple(talk for talk in day.talks if talk.attended)
        if talks:
            days.append(dataclasses.replace(day, talks=talks))
    return dataclasses.replace(conference, days=tuple(days))


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """The parts of a session's meta line, as plain text (each format escapes them)."""

    #: The kind's label ("Keynote"), and whether it is the default kind, "talk", which
    #: some formats leave unsaid.
    kind: str
    plain_talk: bool
    #: The session's date: its start's, else its day's; None when neither is known.
    date: dt.date | None
    #: ``16:30``, ``16:30–17:00``, or "" without a time; the start's zone ("PST") or "".
    time: str
    zone: str
    room: str
    track: str
    #: ``A, B``: the speakers' names.
    speakers: str
    attended: bool

    @property
    def long_date(self) -> str:
        """``Saturday 5 February 2022``, or ""."""
        return long_date(self.date) if self.date else ""

    @property
    def zoned_time(self) -> str:
        """``16:30–17:00 PST``: the time with its zone, when both are known."""
        return f"{self.time} {self.zone}" if self.time and self.zone else self.time


def session_facts(talk: Talk, day: Day | None = None) -> SessionFacts:
    """The meta line's parts of ``talk``, in ``day`` (which dates an untimed session)."""
    date = talk.start.date() if talk.start else day.date if day else None
    return SessionFacts(
        kind=kind_label(talk.kind),
        plain_talk=talk.kind == "talk",
        date=date,
        time=time_range(talk.start, talk.end),
        zone=(talk.start.tzname() or "") if talk.start else "",
        room=talk.room or "",
        track=talk.track or "",
        speakers=", ".join(talk.speakers),
        attended=talk.attended,
    )

"""Merge an official schedule into the talk model.

Sessions match by pretalx code first, then by normalised title.  From the schedule
come start, end, room, track and speakers (where it has them), and the abstract
when the notes have none; the notes keep everything else.  Times are converted to
the conference time zone (or the schedule's, when the notes name none).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from confexport.model import Conference, Day, Talk
from confexport.schedule.types import Schedule, ScheduleSession, is_after
from confexport.text import normalise_title

log = logging.getLogger("confexport")

#: How many unmatched schedule sessions a warning names before summarising.
SHOWN_UNMATCHED = 10


@dataclass(frozen=True, slots=True)
class MergeReport:
    """Which sessions matched, and which on either side found no partner."""

    matched: tuple[tuple[str, ScheduleSession], ...] = ()
    unmatched_notes: tuple[Talk, ...] = ()
    unmatched_schedule: tuple[ScheduleSession, ...] = ()


def merge_schedule(conference: Conference, schedule_path: Path) -> Conference:
    """Read ``schedule_path`` and merge it into ``conference``, warning about misses."""
    from confexport.schedule import read_schedule

    schedule = read_schedule(schedule_path)
    merged, report = merge(conference, schedule)
    warn_unmatched(report, schedule.source)
    return merged


def merge(conference: Conference, schedule: Schedule) -> tuple[Conference, MergeReport]:
    """``conference`` with ``schedule`` merged in, and what matched (no logging)."""
    zone_name = conference.timezone or schedule.timezone
    if conference.timezone and schedule.timezone and conference.timezone != schedule.timezone:
        log.warning(
            "%s: the schedule is in %s but the notes say %s; its times are converted to %s",
            schedule.source, schedule.timezone, conference.timezone, conference.timezone,
        )  # fmt: skip
    zone = zoneinfo.ZoneInfo(zone_name) if zone_name else None
    sessions = [_in_zone(_of_event(session, schedule), zone) for session in schedule.sessions]
    pairs = match_sessions(conference.days, sessions)
    by_uid = {talk.uid: session for talk, session in pairs}
    days = tuple(_merge_day(day, by_uid) for day in conference.days)
    dates = [day.date for day in days if day.date is not None]
    merged = replace(
        conference,
        days=days,
        timezone=zone_name,
        start=conference.start or (min(dates) if dates else None),
        end=conference.end or (max(dates) if dates else None),
    )
    claimed = {id(session) for _, session in pairs}
    report = MergeReport(
        matched=tuple((talk.uid, session) for talk, session in pairs),
        unmatched_notes=tuple(talk for talk in conference.talks if talk.uid not in by_uid),
        unmatched_schedule=tuple(s for s in sessions if id(s) not in claimed),
    )
    return merged, report


def match_sessions(
    days: Sequence[Day], sessions: Sequence[ScheduleSession]
) -> list[tuple[Talk, ScheduleSession]]:
    """One-to-one pairs: by pretalx code first, then by normalised title (and date)."""
    talks = [talk for day in days for talk in day.talks]
    dates = {
        talk.uid: talk.start.date() if talk.start else day.date
        for day in days
        for talk in day.talks
    }
    claimed: set[int] = set()
    pairs: dict[str, tuple[Talk, ScheduleSession]] = {}
    by_code: dict[str, ScheduleSession] = {}
    for listed in sessions:
        if listed.code:
            by_code.setdefault(listed.code.upper(), listed)
    for talk in talks:
        coded = by_code.get(talk.code.upper()) if talk.code else None
        if coded is not None and id(coded) not in claimed:
            claimed.add(id(coded))
            pairs[talk.uid] = (talk, coded)
    for talk in talks:
        if talk.uid in pairs:
            continue
        candidates = [
            s for s in sessions if id(s) not in claimed and normalise_title(talk.title) in _keys(s)
        ]
        titled = _closest(dates[talk.uid], candidates)
        if titled is not None:
            claimed.add(id(titled))
            pairs[talk.uid] = (talk, titled)
    return [pairs[talk.uid] for talk in talks if talk.uid in pairs]


def _keys(session: ScheduleSession) -> set[str]:
    keys = {normalise_title(session.title)}
    if session.speakers:  # an .ics SUMMARY split at a dash that belonged to the title
        keys.add(normalise_title(f"{session.title} - {', '.join(session.speakers)}"))
    return keys - {""}


def _closest(day: dt.date | None, candidates: list[ScheduleSession]) -> ScheduleSession | None:
    """Of sessions with the same title, the one on the talk's date, else the first."""
    if not candidates:
        return None
    same_day = [s for s in candidates if day and s.start and s.start.date() == day]
    return (same_day or candidates)[0]


def _of_event(session: ScheduleSession, schedule: Schedule) -> ScheduleSession:
    """A session whose link does not name its event belongs to the schedule's."""
    return session if session.event else replace(session, event=schedule.event)


def _in_zone(session: ScheduleSession, zone: dt.tzinfo | None) -> ScheduleSession:
    return replace(session, start=_convert(session.start, zone), end=_convert(session.end, zone))


def _convert(moment: dt.datetime | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    if moment is None or zone is None:
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _merge_day(day: Day, by_uid: dict[str, ScheduleSession]) -> Day:
    talks = tuple(
        merge_talk(talk, by_uid[talk.uid]) if talk.uid in by_uid else talk for talk in day.talks
    )
    date = day.date
    if date is None:
        dates = {talk.start.date() for talk in talks if talk.uid in by_uid and talk.start}
        date = dates.pop() if len(dates) == 1 else None
    return replace(day, talks=talks, date=date)


def merge_talk(talk: Talk, session: ScheduleSession) -> Talk:
    """The talk with the schedule's facts laid over it."""
    start = session.start or talk.start
    end = session.end if session.start else talk.end
    if end is not None and start is not None and not is_after(end, start):
        end = None
    return replace(
        talk,
        start=start,
        end=end,
        room=session.room or talk.room,
        track=session.track or talk.track,
        speakers=session.speakers or talk.speakers,
        abstract=talk.abstract if talk.abstract.strip() else session.abstract,
        code=talk.code or session.code,
        url=talk.url or session.url,
        event=session.event or talk.event,  # a link under a sub-path misnames it
    )


def warn_unmatched(report: MergeReport, source: str) -> None:
    """One warning per notes session without a match; one for the schedule's leftovers."""
    for talk in report.unmatched_notes:
        where = talk.source or source
        log.warning("%s: session %r is not in the schedule %s", where, talk.title, source)
    leftovers = report.unmatched_schedule
    if leftovers:
        log.warning(
            "%s: %d schedule session(s) match nothing in the notes: %s",
            source, len(leftovers), _titles(leftovers),
        )  # fmt: skip


def _titles(sessions: Iterable[ScheduleSession]) -> str:
    listed = list(sessions)
    shown = "; ".join(repr(s.title) for s in listed[:SHOWN_UNMATCHED])
    more = len(listed) - SHOWN_UNMATCHED
    return shown + (f"; and {more} more" if more > 0 else "")

"""Merge an official schedule into the talk model.

Sessions match by pretalx code first, then by a Sessionize or Indico session page
the notes link (:mod:`.links`), then by title (:mod:`.titles`: case, punctuation,
hyphens and an ``<event>:`` prefix ignored), then by a close title.  From the schedule
come start, end, room, track and speakers (where it has them), and the abstract
when the notes have none; the notes keep everything else.  Times are converted to
the conference time zone (or the schedule's, when the notes name none).
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from confexport.model import Conference, Day, Talk
from confexport.schedule.links import link_id
from confexport.schedule.titles import (
    CLOSE_ENOUGH,
    alike,
    closest,
    event_keys,
    may_be_variants,
    title_key,
    without_event,
)
from confexport.schedule.types import Schedule, ScheduleSession, is_after

log = logging.getLogger("confexport")

#: How many unmatched schedule sessions a warning names before summarising.
SHOWN_UNMATCHED = 10


@dataclass(frozen=True, slots=True)
class MergeReport:
    """Which sessions matched, and which on either side found no partner."""

    matched: tuple[tuple[str, ScheduleSession], ...] = ()
    unmatched_notes: tuple[Talk, ...] = ()
    unmatched_schedule: tuple[ScheduleSession, ...] = ()
    #: (uid, the unmatched schedule session whose title is closest) per unmatched talk.
    suggestions: tuple[tuple[str, ScheduleSession], ...] = ()
    #: The schedule's dates, in order: ``days[0]`` is its day 1.
    days: tuple[dt.date, ...] = ()
    #: The event names a title's ``<event>:`` prefix may give (:func:`.titles.event_keys`).
    events: frozenset[str] = frozenset()


def merge_schedule(
    conference: Conference, schedule_path: Path, fields: Mapping[str, str] | None = None
) -> Conference:
    """Read ``schedule_path`` (through ``fields``, the ``schedule-fields`` mapping, when
    given) and merge it into ``conference``, warning about misses."""
    from confexport.schedule.read import read_schedule

    schedule = read_schedule(schedule_path, fields)
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
    events = event_keys(schedule.event, schedule.title)
    pairs = match_sessions(conference.days, sessions, events)
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
    unmatched_notes = tuple(talk for talk in conference.talks if talk.uid not in by_uid)
    unmatched_schedule = tuple(s for s in sessions if id(s) not in claimed)
    report = MergeReport(
        matched=tuple((talk.uid, session) for talk, session in pairs),
        unmatched_notes=unmatched_notes,
        unmatched_schedule=unmatched_schedule,
        suggestions=suggest(unmatched_notes, unmatched_schedule, events),
        days=tuple(sorted({s.start.date() for s in sessions if s.start is not None})),
        events=events,
    )
    return merged, report


def match_sessions(
    days: Sequence[Day], sessions: Sequence[ScheduleSession], events: Collection[str] = ()
) -> list[tuple[Talk, ScheduleSession]]:
    """One-to-one pairs: by pretalx code, then by linked session page, then by title key
    (and date), then by a close title; ``events`` (:func:`~.titles.event_keys`) are the
    event prefixes titles drop."""
    talks = [talk for day in days for talk in day.talks]
    dates = {
        talk.uid: talk.start.date() if talk.start else day.date
        for day in days
        for talk in day.talks
    }
    keys = {id(session): _keys(session, events) for session in sessions}
    pairs: dict[str, ScheduleSession] = {}
    claimed: set[int] = set()

    def pair(talk: Talk, session: ScheduleSession) -> None:
        pairs[talk.uid] = session
        claimed.add(id(session))

    by_code: dict[str, ScheduleSession] = {}
    for listed in sessions:
        if listed.code:
            by_code.setdefault(listed.code.upper(), listed)
    for talk in talks:
        coded = by_code.get(talk.code.upper()) if talk.code else None
        if coded is not None and id(coded) not in claimed:
            pair(talk, coded)
    for talk, linked in _link_pairs(talks, sessions):
        if talk.uid not in pairs and id(linked) not in claimed:
            pair(talk, linked)
    for talk in talks:
        if talk.uid in pairs:
            continue
        key = title_key(talk.title, events)
        candidates = [s for s in sessions if id(s) not in claimed and key in keys[id(s)]]
        titled = _closest(dates[talk.uid], candidates)
        if titled is not None:
            pair(talk, titled)
    unpaired = [talk for talk in talks if talk.uid not in pairs]
    free = [session for session in sessions if id(session) not in claimed]
    for talk, session in _close_pairs(unpaired, free, dates, keys, events):
        pair(talk, session)
    return [(talk, pairs[talk.uid]) for talk in talks if talk.uid in pairs]


def _link_pairs(
    talks: Sequence[Talk], sessions: Sequence[ScheduleSession]
) -> Iterable[tuple[Talk, ScheduleSession]]:
    """Each talk whose notes link a session page, with the session of that page."""
    by_link: dict[str, ScheduleSession] = {}
    for listed in sessions:
        if listed.link_id:
            by_link.setdefault(listed.link_id, listed)
    if not by_link:
        return
    for talk in talks:
        for url in (talk.url, *(link.url for link in talk.links)):
            linked = by_link.get(link_id(url) or "")
            if linked is not None:
                yield talk, linked
                break


def _keys(session: ScheduleSession, events: Collection[str]) -> set[str]:
    keys = {title_key(session.title, events)}
    if session.speakers:  # an .ics SUMMARY split at a dash that belonged to the title
        keys.add(title_key(f"{session.title} - {', '.join(session.speakers)}", events))
    return keys - {""}


def _closest(day: dt.date | None, candidates: list[ScheduleSession]) -> ScheduleSession | None:
    """Of sessions with the same title, the one on the talk's date, else the first."""
    if not candidates:
        return None
    same_day = [s for s in candidates if day and s.start and s.start.date() == day]
    return (same_day or candidates)[0]


def _close_pairs(
    talks: Sequence[Talk],
    sessions: Sequence[ScheduleSession],
    dates: Mapping[str, dt.date | None],
    keys: Mapping[int, set[str]],
    events: Collection[str],
) -> list[tuple[Talk, ScheduleSession]]:
    """Pairs of titles at least :data:`CLOSE_ENOUGH` alike, the closest first, each
    talk and each session used once; never across two known dates, numbers or words."""
    talk_keys = [title_key(talk.title, events) for talk in talks]
    owners, options = _options(sessions, keys)
    best: dict[tuple[int, int], float] = {}
    for t, o, score in alike(talk_keys, options, CLOSE_ENOUGH):
        s = owners[o]
        if _may_be_on(dates[talks[t].uid], sessions[s]) and may_be_variants(
            talk_keys[t], options[o]
        ):
            best[t, s] = max(score, best.get((t, s), 0.0))
    used_talks: set[int] = set()
    used_sessions: set[int] = set()
    found: list[tuple[Talk, ScheduleSession]] = []
    for _, t, s in sorted((-score, t, s) for (t, s), score in best.items()):
        if t not in used_talks and s not in used_sessions:
            used_talks.add(t)
            used_sessions.add(s)
            found.append((talks[t], sessions[s]))
    return found


def _options(
    sessions: Sequence[ScheduleSession], keys: Mapping[int, set[str]]
) -> tuple[list[int], list[str]]:
    """Every title key of every session, and the index of the session each belongs to."""
    pairs = [(s, key) for s, session in enumerate(sessions) for key in sorted(keys[id(session)])]
    return [s for s, _ in pairs], [key for _, key in pairs]


def _may_be_on(day: dt.date | None, session: ScheduleSession) -> bool:
    return day is None or session.start is None or session.start.date() == day


def suggest(
    talks: Sequence[Talk], sessions: Sequence[ScheduleSession], events: Collection[str]
) -> tuple[tuple[str, ScheduleSession], ...]:
    """For each talk, the schedule session whose title is the best "did you mean"."""
    talk_keys = [title_key(talk.title, events) for talk in talks]
    owners, options = _options(sessions, {id(s): _keys(s, events) for s in sessions})
    best = closest(talk_keys, options)
    return tuple((talks[t].uid, sessions[owners[best[t][0]]]) for t in sorted(best))


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
    suggestions = dict(report.suggestions)
    for talk in report.unmatched_notes:
        where = talk.source or source
        hint = suggestions.get(talk.uid)
        did_you_mean = f"; {did_you_mean_text(hint, report)}" if hint else ""
        log.warning(
            "%s: session %r is not in the schedule %s%s", where, talk.title, source, did_you_mean
        )
    leftovers = report.unmatched_schedule
    if leftovers:
        log.warning(
            "%s: %d schedule session(s) match nothing in the notes: %s",
            source, len(leftovers), _titles(leftovers),
        )  # fmt: skip


def did_you_mean_text(session: ScheduleSession, report: MergeReport) -> str:
    """``did you mean 'Opening Ceremony' (38C3: Opening Ceremony, day 1 10:30)?``"""
    short = without_event(session.title, report.events)
    where = [session.title] if short != session.title else []
    if session.start is not None:
        day = report.days.index(session.start.date()) + 1
        where.append(f"day {day} {session.start:%H:%M}")
    return f"did you mean {short!r}" + (f" ({', '.join(where)})" if where else "") + "?"


def _titles(sessions: Iterable[ScheduleSession]) -> str:
    listed = list(sessions)
    shown = "; ".join(repr(s.title) for s in listed[:SHOWN_UNMATCHED])
    more = len(listed) - SHOWN_UNMATCHED
    return shown + (f"; and {more} more" if more > 0 else "")

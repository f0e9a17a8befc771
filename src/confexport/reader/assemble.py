"""An outline of the notes (:mod:`.outline`) → the model: each section read as a
session draft (:mod:`.session`), given its unique uid, date, times and metadata facts,
and the days, preface and title put together."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path

from confexport.location import Location
from confexport.model import Conference, Day, Image, Talk
from confexport.reader import patterns
from confexport.reader.blocks import Block, has_image, is_link_line, links_of
from confexport.reader.filenames import NamedTalk, is_generic, talk_from_path
from confexport.reader.metadata import ConferenceFacts, SessionFacts
from confexport.reader.session import SessionDraft, images_in, read_session
from confexport.reader.shape import DayDraft, Outline, names_side_of
from confexport.text import normalise_title, slugify

log = logging.getLogger("confexport")

#: Longest session a heading range that wraps past midnight is read as ("23:30–00:30").
MAX_OVERNIGHT = dt.timedelta(hours=12)


def build_conference(
    shape: Outline, lines: Sequence[str], facts: ConferenceFacts, path: Path | None, where: str
) -> Conference:
    named = talk_from_path(path) if path is not None and shape.single_talk else None
    title = _conference_title(shape, facts, path)
    title_day = None
    undivided = all(day.heading is None for day in shape.days)
    if not facts.title and shape.title is not None and undivided:
        split = patterns.split_day(title)
        if split is not None:
            title, title_day = split
    subtitle, url, preface = _preamble(shape.preamble, lines)
    zone = zoneinfo.ZoneInfo(facts.timezone) if facts.timezone else None
    year = facts.start.year if facts.start else _year_in(title)
    title_mark = patterns.day_mark(shape.title.text) if shape.title else None

    side = names_side_of(shape)
    drafts: list[tuple[int, SessionDraft]] = []
    for number, day in enumerate(shape.days):
        drafts.extend((number, read_session(section, lines, side)) for section in day.sections)
    if shape.single_talk:
        _name_single_talk(drafts[0][1], shape, facts, named)
    uids = _unique_uids([draft for _, draft in drafts])
    _warn_unknown_sessions(facts.sessions, uids, where)

    per_day: list[list[tuple[SessionDraft, str]]] = [[] for _ in shape.days]
    for (day_number, draft), uid in zip(drafts, uids, strict=True):
        per_day[day_number].append((draft, uid))
    days: list[Day] = []
    for number, day in enumerate(shape.days):
        date = _day_date(day, number, len(shape.days), facts, year, title_mark)
        talks = tuple(
            _talk(draft, uid, date, zone, facts.sessions.get(uid), path, where)
            for draft, uid in per_day[number]
        )
        heading = day.heading.text if day.heading else None
        if heading is None and named is not None and named.day:
            heading = named.day
        if heading is None and title_day is not None and len(shape.days) == 1:
            heading = title_day
        heading = heading or f"Day {number + 1}"
        days.append(
            Day(
                title=heading,
                date=date,
                talks=talks,
                notes=_blocks_text(day.intro, lines),
                images=_images_of(day.intro, lines),
            )
        )
    return facts.conference(
        days,
        title=title,
        subtitle=subtitle,
        url=url,
        notes=preface,
        images=_images_of(shape.preamble, lines),
        source=path,
    )


def _conference_title(shape: Outline, facts: ConferenceFacts, path: Path | None) -> str:
    if not shape.single_talk:
        title = facts.title or (shape.title.text if shape.title else None)
        return title or (path.stem if path else "Conference notes")
    talk_heading = shape.days[0].sections[0].title_block.text
    if facts.title and facts.title != talk_heading and talk_heading:
        return facts.title
    if path is not None:
        folder = path.resolve().parent
        if is_generic(path.stem):
            folder = folder.parent
        if folder.name and not is_generic(folder.name):
            return folder.name
    return talk_heading or facts.title or (path.stem if path else "Talk notes")


def _name_single_talk(
    draft: SessionDraft, shape: Outline, facts: ConferenceFacts, named: NamedTalk | None
) -> None:
    """A talk with no title heading: front matter ``title:``, else the file's name."""
    section = shape.days[0].sections[0]
    if section.title_block.kind == "heading" and section.title_block.text:
        if not draft.speakers and named is not None and named.speakers:
            draft.speakers = named.speakers
        return
    if facts.title:
        draft.title = facts.title
    elif named is not None:
        draft.title = named.title
    else:
        draft.title = "Untitled talk"
    if not draft.speakers and named is not None:
        draft.speakers = named.speakers


def _preamble(blocks: Sequence[Block], lines: Sequence[str]) -> tuple[str, str | None, str]:
    """Subtitle (a first short paragraph), URL (a first link line), and the rest."""
    subtitle, url = "", None
    rest: list[Block] = []
    for block in blocks:
        if block.kind == "rule":
            continue
        first = not subtitle and not rest
        one_line = block.kind == "paragraph" and block.end - block.start == 1
        plain = not links_of(block) and not has_image(block)
        if first and one_line and plain and len(block.text) <= _SUBTITLE_LENGTH:
            subtitle = block.text
            continue
        if url is None and block.kind == "paragraph" and block.end - block.start <= 2:
            links = links_of(block)
            label = re.sub(r"<[^>]*>|https?://\S+", "", lines[block.start]).strip(" :")
            if len(links) == 1 and (is_link_line(block) or len(label.split()) <= 2):
                url = links[0][0]
                continue
        rest.append(block)
    return subtitle, url, _blocks_text(rest, lines)


#: Longest first line of the preface that is taken as the subtitle.
_SUBTITLE_LENGTH = 120


def _images_of(blocks: Sequence[Block], lines: Sequence[str]) -> tuple[Image, ...]:
    return tuple(image for block in blocks for image in images_in(block, lines))


def _blocks_text(blocks: Sequence[Block], lines: Sequence[str]) -> str:
    kept = [b for b in blocks if b.kind != "rule"]
    return "\n\n".join("\n".join(lines[b.start : b.end]).strip("\n") for b in kept)


def _year_in(text: str) -> int | None:
    match = re.search(r"\b(19[89]\d|20\d\d)\b", text)
    return int(match.group(1)) if match else None


def _day_date(
    day: DayDraft,
    number: int,
    count: int,
    facts: ConferenceFacts,
    year: int | None,
    title_mark: patterns.DayMark | None,
) -> dt.date | None:
    if day.heading is not None:
        mark = patterns.day_mark(day.heading.text)
        if mark is not None:
            return mark.resolve(facts.start, year)
    title_date = title_mark.resolve(facts.start, year) if title_mark else None
    if count == 1 and title_date is not None:
        return title_date
    if facts.start is None:
        return None
    if day.heading is not None and count > 1:
        return None  # a named day ("Tutorials") we cannot place
    if count == 1 and facts.end is not None and facts.end != facts.start:
        return None  # one undivided day of a longer conference: which date is unknown
    date = facts.start + dt.timedelta(days=number)
    return date if facts.end is None or date <= facts.end else None


def _unique_uids(drafts: Sequence[SessionDraft]) -> list[str]:
    uids: list[str] = []
    taken: set[str] = set()
    for number, draft in enumerate(drafts, start=1):
        base = draft.code or slugify(draft.title) or _title_hash(draft.title, number)
        uid, suffix = base, 2
        while uid in taken:
            uid, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(uid)
        uids.append(uid)
    return uids


def _title_hash(title: str, number: int) -> str:
    """A stable uid for a title with no ASCII letters (Japanese, Greek, emoji…)."""
    folded = normalise_title(title)
    if not folded:
        return f"session-{number}"
    return "session-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:10]


def _warn_unknown_sessions(
    sessions: Mapping[str, SessionFacts], uids: Sequence[str], where: str
) -> None:
    known = set(uids)
    for uid in sessions:
        if uid not in known:
            log.warning("%s: metadata 'sessions' names %r, which matches no session", where, uid)


def _talk(
    draft: SessionDraft,
    uid: str,
    date: dt.date | None,
    zone: dt.tzinfo | None,
    facts: SessionFacts | None,
    path: Path | None,
    where: str,
) -> Talk:
    start = end = None
    title = draft.title
    if draft.start_time is not None:
        if date is None:
            log.warning(
                "%s:%d: time %s in the heading has no date; give 'start:' in the metadata",
                where, draft.line, draft.start_time.strftime("%H:%M"),
            )  # fmt: skip
            clock = draft.start_time.strftime("%H:%M")
            if draft.end_time is not None:
                clock += draft.end_time.strftime("–%H:%M")
            title = f"{draft.title} ({clock})"  # kept in the title rather than lost
        else:
            start = dt.datetime.combine(date, draft.start_time, tzinfo=zone)
            if draft.end_time is not None:
                end = _heading_end(start, draft, date, zone, where)
    elif draft.group_start is not None and date is not None:
        start = dt.datetime.combine(date, draft.group_start, tzinfo=zone)
    facts = facts or SessionFacts()
    return Talk(
        uid=uid,
        title=facts.title or title,
        kind=facts.kind or draft.kind,
        speakers=facts.speakers if facts.speakers is not None else draft.speakers,
        url=draft.url,
        event=draft.event,
        code=facts.code or draft.code,
        abstract=draft.abstract,
        notes=draft.notes,
        images=tuple(draft.images),
        links=tuple(draft.links),
        tags=draft.tags,
        start=facts.start or start,
        end=facts.end or end,
        room=facts.room,
        track=facts.track or draft.track,
        attended=facts.attended if facts.attended is not None else draft.attended,
        source=Location(path=where, line=draft.line),
    )


def _heading_end(
    start: dt.datetime, draft: SessionDraft, date: dt.date, zone: dt.tzinfo | None, where: str
) -> dt.datetime | None:
    """The end a heading's range gives; "23:30–00:30" ends the next day, while
    "11:00–10:00" ends before it starts: a warning, and no end."""
    assert draft.end_time is not None
    end = dt.datetime.combine(date, draft.end_time, tzinfo=zone)
    if end > start:
        return end
    if end + dt.timedelta(days=1) - start <= MAX_OVERNIGHT:
        return end + dt.timedelta(days=1)
    log.warning(
        "%s:%d: session %r ends (%s) before it starts (%s); its end is ignored",
        where, draft.line, draft.title, f"{end:%H:%M}", f"{start:%H:%M}",
    )  # fmt: skip
    return None

"""Find the shape of a notes file: its title, days, and the sections that are sessions.

No configuration: the heading level that carries sessions is the top-most level whose
sections look like sessions (a talk link, an abstract quote, a time, speakers), or
the top-most level with headings at all.  Where no heading level carries sessions,
bold-paragraph titles on a line of their own are the sessions.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from confexport.reader import patterns
from confexport.reader.blocks import Block, is_link_line, links_of

#: Headings below this level are never sessions.
_DEEPEST_TALK_LEVEL = 4


@dataclass(slots=True)
class Section:
    """A session's title block and the blocks of its body."""

    title_block: Block
    body: list[Block]
    end: int
    kind_hint: str | None = None
    track: str | None = None


@dataclass(slots=True)
class DayDraft:
    """A day as the notes lay it out; ``heading`` is None for an implied day."""

    heading: Block | None = None
    sections: list[Section] = field(default_factory=list)
    intro: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Outline:
    title: Block | None
    preamble: list[Block]
    days: list[DayDraft]


def _signals(heading: Block, body: Sequence[Block]) -> bool:
    """Does this section look like a session?"""
    text = heading.text
    if patterns.heading_time(text) or patterns.speakers_in_title(text, patterns.kind_of(text)):
        return True
    if any(patterns.PRETALX_TALK.match(url) for url, _ in links_of(heading)):
        return True
    if links_of(heading) and is_link_line(heading_as_paragraph(heading)):
        return True
    for block in body[:4]:
        if block.kind == "blockquote":
            return True
        if any(patterns.PRETALX_TALK.match(url) for url, _ in links_of(block)):
            return True
        if block.kind == "paragraph" and patterns.speakers_from_line(block.text):
            return True
    return False


def heading_as_paragraph(heading: Block) -> Block:
    return Block("paragraph", heading.start, heading.end, heading.tokens, 0)


def _role(block: Block) -> str:
    if patterns.is_end_of_day(block.text):
        return "end"
    if patterns.is_day_heading(block.text):
        return "day"
    return "candidate"


def _immediate_body(blocks: Sequence[Block], index: int) -> list[Block]:
    end = index + 1
    while end < len(blocks) and blocks[end].kind != "heading":
        end += 1
    return list(blocks[index + 1 : end])


def _talk_level(blocks: Sequence[Block], roles: dict[int, str]) -> int | None:
    counts: dict[int, int] = {}
    signals: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if roles.get(index) != "candidate" or block.level > _DEEPEST_TALK_LEVEL:
            continue
        counts[block.level] = counts.get(block.level, 0) + 1
        if _signals(block, _immediate_body(blocks, index)):
            signals[block.level] = signals.get(block.level, 0) + 1
    if not counts:
        return None
    for level in sorted(counts):
        if signals.get(level, 0) >= max(1, 0.3 * counts[level]):
            return level
    return min(counts)


def _is_bold_title(block: Block) -> bool:
    if block.kind != "paragraph" or block.end - block.start != 1:
        return False
    children = [
        c for c in block.inline_tokens() if not (c.type == "text" and not c.content.strip())
    ]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(1 for c in children if c.type == "strong_open") == 1
    )


def outline(blocks: Sequence[Block], total_lines: int) -> Outline:
    """Lay the blocks out as title, preamble, days and sessions."""
    roles: dict[int, str] = {
        index: _role(block) for index, block in enumerate(blocks) if block.kind == "heading"
    }
    title_index = _title_index(blocks, roles)
    if title_index is not None:
        roles[title_index] = "title"
    level = _talk_level(blocks, roles)
    if level is None:
        for index, block in enumerate(blocks):
            if _is_bold_title(block):
                roles[index] = "bold"
    return _walk(
        blocks, roles, level, total_lines, blocks[title_index] if title_index is not None else None
    )


def _title_index(blocks: Sequence[Block], roles: dict[int, str]) -> int | None:
    """The H1 that names the conference: the first heading, an H1, the only such H1."""
    headings = list(roles)
    if not headings:
        return None
    first = headings[0]
    if blocks[first].level != 1 or roles[first] != "candidate":
        return None
    other_h1 = [i for i in headings[1:] if blocks[i].level == 1 and roles[i] == "candidate"]
    return None if other_h1 else first


def _walk(
    blocks: Sequence[Block],
    roles: dict[int, str],
    level: int | None,
    total_lines: int,
    title: Block | None,
) -> Outline:
    preamble: list[Block] = []
    days: list[DayDraft] = []
    day_closed = True
    section: Section | None = None
    track: str | None = None
    lightning_level: int | None = None  # level of the children of a "Lightning talks" heading

    def current_day() -> DayDraft:
        nonlocal day_closed
        if day_closed or not days:
            days.append(DayDraft())
            day_closed = False
        return days[-1]

    def start_section(block: Block, kind_hint: str | None = None) -> None:
        nonlocal section
        section = Section(block, [], total_lines, kind_hint, track)
        current_day().sections.append(section)

    def close_section(at: int) -> None:
        nonlocal section
        if section is not None:
            section.end = at
            section = None

    for index, block in enumerate(blocks):
        role = roles.get(index)
        if role == "title":
            continue
        if role in ("day", "end"):
            close_section(block.start)
            track, lightning_level = None, None
            if role == "day":
                if days and not day_closed and days[-1].heading is None and not days[-1].sections:
                    days[-1].heading = block
                else:
                    days.append(DayDraft(heading=block))
                    day_closed = False
            else:
                day_closed = True
            continue
        if role == "bold":
            close_section(block.start)
            start_section(block)
            continue
        if role == "candidate" and level is not None:
            if block.level == level:
                close_section(block.start)
                lightning_level = None
                if patterns.is_lightning_group(block.text) and _has_children(blocks, index, level):
                    lightning_level = level + 1
                    current_day().intro.append(block)  # its words stay in the day's notes
                    continue
                start_section(block)
                continue
            if block.level < level:
                close_section(block.start)
                track, lightning_level = block.text, None
                current_day()
                continue
            if lightning_level is not None and block.level == lightning_level:
                close_section(block.start)
                start_section(block, "lightning")
                continue
        if section is not None:
            section.body.append(block)
        elif days and not day_closed:
            days[-1].intro.append(block)
        else:
            preamble.append(block)
    close_section(total_lines)
    return Outline(title, preamble, [day for day in days if day.sections or day.heading])


def _has_children(blocks: Sequence[Block], index: int, level: int) -> bool:
    following = (block for block in itertools.islice(blocks, index + 1, None))
    return next((block.level > level for block in following if block.kind == "heading"), False)

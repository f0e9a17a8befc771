"""The shape a notes file is read into: its title, its days, and the sections that are
sessions (:mod:`.outline` chooses it; :mod:`.session` reads each section)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from confexport.reader import headings
from confexport.reader.blocks import Block

#: Headings below this level are never sessions.
DEEPEST_TALK_LEVEL = 4


@dataclass(slots=True)
class Section:
    """A session's title block and the blocks of its body."""

    title_block: Block
    body: list[Block]
    end: int
    kind_hint: str | None = None
    track: str | None = None
    #: The heading over (or under) the title that names the speakers (a heading pair).
    speaker_block: Block | None = None
    #: Which side of " - " the file's headings put the names on.
    names_side: headings.Side | None = None
    #: The start a group heading ("Lightning Talks (16:00)") gives its first session.
    start_hint: dt.time | None = None


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
    #: The file is one talk: its single section is the whole file.
    single_talk: bool = False


def names_side_of(outline: Outline) -> headings.Side | None:
    """Which side of " - " the session headings of a file put the names on."""
    titles = [s.title_block.text for day in outline.days for s in day.sections]
    return headings.names_side(titles)

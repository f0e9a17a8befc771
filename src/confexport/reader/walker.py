"""Lays a notes file's blocks out as days and sections, one block at a time, given what
each heading is (:mod:`.roles`); :mod:`.layouts` says which headings open sessions."""

from __future__ import annotations

import datetime as dt

from confexport.reader import headings, patterns
from confexport.reader.blocks import Block
from confexport.reader.program import ProgramItem
from confexport.reader.roles import Doc
from confexport.reader.shape import DayDraft, Outline, Section


class Walker:
    """Lays the blocks out as days and sections, given what each block is."""

    def __init__(self, doc: Doc, title: int | None) -> None:
        self.doc = doc
        self.title = title
        self.preamble: list[Block] = []
        self.days: list[DayDraft] = []
        self.day_closed = True
        self.section: Section | None = None
        self.track: str | None = None
        #: The open group heading's name, and its start while no session under it took it.
        self.group: str | None = None
        self.group_start: dt.time | None = None

    def current_day(self) -> DayDraft:
        if self.day_closed or not self.days:
            self.days.append(DayDraft())
            self.day_closed = False
        return self.days[-1]

    def start_section(self, index: int, kind_hint: str | None = None) -> None:
        doc = self.doc
        block = doc.blocks[index]
        self.close_section(block.start)
        speaker_block = None
        if index in doc.pairs:
            partner = doc.blocks[doc.pairs[index]]
            if headings.name_only(block.text):
                block, speaker_block = partner, block
            else:
                speaker_block = partner
        track = self.group or self.track
        self.section = Section(block, [], doc.total_lines, kind_hint, track, speaker_block)
        if self.group is not None:
            self.section.start_hint, self.group_start = self.group_start, None
        self.current_day().sections.append(self.section)

    def add_item(self, item: ProgramItem) -> None:
        """A program's list item: a session of its first line, its nested lines its notes."""
        self.close_section(item.title.start)
        section = Section(item.title, item.body, item.end, None, self.group or self.track)
        self.current_day().sections.append(section)

    def open_group(self, index: int, kind: str | None) -> None:
        """A heading over sessions, kept at its place: the sessions under it carry its
        name as their track, and the first takes its time.  A group with a time or words
        of its own is also a session of its own there (its heading, time and text), so
        that nothing of it moves to the top of the day."""
        block = self.doc.blocks[index]
        self.close_section(block.start)
        self.group = None
        written = patterns.heading_time(block.text)
        if written or any(b.kind not in ("rule", "html") for b in self.doc.bodies[index]):
            self.start_section(index, kind)
        self.group = written.title if written else block.text
        self.group_start = written.start if written else None

    def close_group(self) -> None:
        self.group, self.group_start = None, None

    def close_section(self, at: int) -> None:
        if self.section is not None:
            self.section.end = at
            self.section = None

    def open_day(self, block: Block) -> None:
        self.close_section(block.start)
        self.close_group()
        self.track = None
        days = self.days
        if days and not self.day_closed and days[-1].heading is None and not days[-1].sections:
            days[-1].heading = block
        else:
            days.append(DayDraft(heading=block))
            self.day_closed = False

    def end_day(self, block: Block) -> None:
        self.close_section(block.start)
        self.close_group()
        self.track = None
        self.day_closed = True

    def structural(self, index: int, role: str | None) -> bool:
        """Take the title, a paired heading, a day heading or an end of day; True if taken."""
        if index == self.title or role == "paired":
            return True
        if role == "day":
            self.open_day(self.doc.blocks[index])
            return True
        if role == "end":
            self.end_day(self.doc.blocks[index])
            return True
        return False

    def to_notes(self, block: Block) -> None:
        """A block outside every session: the day's notes, or the preface."""
        if self.section is not None:
            self.section.body.append(block)
        elif self.days and not self.day_closed:
            self.days[-1].intro.append(block)
        else:
            self.preamble.append(block)

    def outside(self, block: Block) -> None:
        self.close_section(block.start)
        if self.days and not self.day_closed:
            self.days[-1].intro.append(block)
        else:
            self.preamble.append(block)

    def result(self, title: Block | None) -> Outline:
        self.close_section(self.doc.total_lines)
        days = [day for day in self.days if day.sections or day.heading]
        return Outline(title, self.preamble, days)

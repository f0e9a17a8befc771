"""The candidate layouts of a notes file: sessions at one heading level (with groups of
sessions under a heading), sessions as bold one-line titles, sessions as the items of a
bulleted program."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from confexport.reader import evidence, patterns
from confexport.reader.blocks import Block
from confexport.reader.program import ProgramItem
from confexport.reader.roles import Doc, headings_in, span_end
from confexport.reader.shape import Outline
from confexport.reader.walker import Walker


@dataclass(slots=True)
class Layout:
    outline: Outline
    sessions: list[int] = field(default_factory=list)  # block indexes of session titles
    orphans: int = 0
    asides: int = 0
    groups: int = 0
    direct: int = 0
    #: Asides known only by where they stand (a bare list ending a day): scored as
    #: sessions, so that the order of the sections never changes the choice.
    placed_asides: list[int] = field(default_factory=list)


def _group_children(doc: Doc, index: int) -> tuple[int, list[int]] | None:
    """A heading that holds sessions (lightning talks, an unconference block)."""
    inner = headings_in(doc, index, span_end(doc, index))
    if not inner:
        return None
    child_level = min(doc.blocks[i].level for i in inner)
    children = [i for i in inner if doc.blocks[i].level == child_level]
    text = doc.blocks[index].text
    if patterns.is_lightning_group(text):
        return child_level, children
    if len(children) < 2 or doc.evidence.get(index, 0) >= 0.5:
        return None
    signals = sum(1 for i in children if doc.evidence.get(i, 0) >= 0.5)
    keys = Counter(evidence.template_key(doc.blocks[i].text) for i in children)
    if signals >= 2 and signals >= 0.6 * len(children) and max(keys.values()) == 1:
        return child_level, children
    return None


def layout_level(doc: Doc, level: int, title: int | None) -> Layout:
    walker = Walker(doc, title)
    layout = Layout(Outline(None, [], []))
    group_until = -1
    group_level: int | None = None
    group_kind: str | None = None
    for index, block in enumerate(doc.blocks):
        role = doc.roles.get(index)
        if walker.structural(index, role):
            if role in ("day", "end"):
                group_until, group_level = -1, None
            continue
        if role == "nav":
            walker.outside(block)
            continue
        if role != "candidate":
            walker.to_notes(block)
            continue
        if index >= group_until and group_level is not None:
            group_level = None
            walker.close_group()
        if group_level is not None and block.level == group_level:
            walker.start_section(index, group_kind)
            layout.sessions.append(index)
            continue
        if block.level == level or (block.level < level and _is_leaf(doc, index, level)):
            above = block.level < level and _ends_day(doc, index)
            under_lightning = walker.track is not None and patterns.is_lightning_group(walker.track)
            relaxed = above and not under_lightning
            if evidence.is_aside(block, doc.bodies[index], doc.lines, relaxed=relaxed):
                walker.outside(block)
                layout.asides += 1
                if not evidence.is_aside(block, doc.bodies[index], doc.lines):
                    layout.placed_asides.append(index)
                continue
            group = _group_children(doc, index) if block.level == level else None
            if group is not None:
                layout.groups += not patterns.is_lightning_group(block.text)
                group_level, group_until = group[0], span_end(doc, index)
                group_kind = "lightning" if patterns.is_lightning_group(block.text) else None
                walker.open_group(index, group_kind)
                continue
            kind = "lightning" if under_lightning and block.level == level else None
            walker.start_section(index, kind)
            layout.sessions.append(index)
            layout.direct += block.level == level
            continue
        if block.level < level:
            walker.close_section(block.start)
            walker.track = block.text
            walker.current_day().intro.append(block)
            continue
        # deeper than the session level
        if walker.section is None and group_level is None:
            layout.orphans += 1
        walker.to_notes(block)
    layout.outline = walker.result(doc.blocks[title] if title is not None else None)
    return layout


def _is_leaf(doc: Doc, index: int, level: int) -> bool:
    """A heading above the session level with no session under it: a session itself."""
    end = span_end(doc, index)
    if any(doc.blocks[i].level == level for i in headings_in(doc, index, end)):
        return False
    body = [b for b in doc.bodies[index] if b.kind not in ("rule", "html")]
    return bool(body) or doc.evidence.get(index, 0) > 0


def _ends_day(doc: Doc, index: int) -> bool:
    """Does only a day heading, an aside or the end of the file follow this section?"""
    for other in range(span_end(doc, index), len(doc.blocks)):
        role = doc.roles.get(other)
        if role in ("day", "end"):
            return True
        if role == "candidate" and doc.blocks[other].level <= doc.blocks[index].level:
            later = doc.blocks[other]
            if not evidence.is_aside(later, doc.bodies[other], doc.lines):
                return False
    return True


def layout_bold(doc: Doc, title: int | None) -> Layout:
    walker = Walker(doc, title)
    layout = Layout(Outline(None, [], []))
    for index, block in enumerate(doc.blocks):
        role = doc.roles.get(index)
        if walker.structural(index, role):
            continue
        if role in ("nav", "candidate"):
            walker.outside(block)
        elif is_bold_title(block):
            walker.start_section(index)
            layout.sessions.append(index)
        else:
            walker.to_notes(block)
    layout.outline = walker.result(doc.blocks[title] if title is not None else None)
    return layout


def layout_program(
    doc: Doc, programs: dict[int, list[ProgramItem]], title: int | None
) -> tuple[Outline, list[ProgramItem]]:
    """The program's items as sessions, its date lines as days, its headings as tracks."""
    walker = Walker(doc, title)
    items: list[ProgramItem] = []
    for index, block in enumerate(doc.blocks):
        role = doc.roles.get(index)
        if walker.structural(index, role):
            continue
        if index in programs:
            for item in programs[index]:
                walker.add_item(item)
                items.append(item)
        elif block.kind == "paragraph" and patterns.is_day_heading(block.text):
            walker.open_day(block)
        elif role in ("candidate", "nav"):
            walker.outside(block)
            walker.track = block.text
        else:
            walker.to_notes(block)
    return walker.result(doc.blocks[title] if title is not None else None), items


def is_bold_title(block: Block) -> bool:
    """A paragraph that is one bold line: ``**Talk title**``."""
    if block.kind != "paragraph" or block.end - block.start != 1:
        return False
    source = block.source.strip()
    if not (source.startswith(("**", "__")) and source.endswith(("**", "__"))):
        return False
    children = [
        c for c in block.inline_tokens() if not (c.type == "text" and not c.content.strip())
    ]
    if not (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(1 for c in children if c.type == "strong_open") == 1
    ):
        return False
    text = block.text.strip()
    return not text.endswith(":") and evidence.word_count(text) >= 1

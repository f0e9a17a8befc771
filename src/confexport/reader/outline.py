"""Find the shape of a notes file: its title, days, and the sections that are sessions.

No configuration.  The reader lays the file out every way it could be meant — sessions
at heading level 1, 2, 3 or 4, sessions as bold one-line titles, the whole file as one
talk — scores each candidate (:func:`choose`) and keeps the best.  A candidate
scores for the share of its sessions that show session signals (a time, speakers, a
talk page, an abstract quote, a kind word), for headings that read like talk titles
rather than sub-topics, and loses for repeated template headings ("Takeaways" under
every talk) and for headings it would leave outside every session.  Metadata
(``session-level``, ``sessions: bold``, ``single-talk``) overrides the choice.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from confexport.reader import evidence, headings, patterns, program
from confexport.reader.blocks import Block
from confexport.reader.program import ProgramItem

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


@dataclass(slots=True)
class Candidate:
    """One way to read the file, with its score and the reasons for it."""

    name: str
    score: float
    sessions: int
    reasons: list[str]
    eligible: bool = True
    level: int | None = None
    title_likeness: float = 0.0
    share: float = 0.0


@dataclass(frozen=True, slots=True)
class Override:
    """What metadata says about the structure (``session-level``, ``sessions``…)."""

    level: int | None = None
    bold: bool = False
    program: bool = False
    single_talk: bool | None = None


@dataclass(slots=True)
class Choice:
    outline: Outline
    chosen: Candidate
    candidates: list[Candidate]
    #: Metadata named the structure (``session-level`` and the like).
    overridden: bool = False

    @property
    def doubtful(self) -> bool:
        """Two eligible candidates score close: the user may want to say which."""
        if self.overridden:
            return False
        others = [c for c in self.candidates if c.eligible and c is not self.chosen]
        # with no signals to go on, a wider margin is still a guess
        margin = 0.6 if self.chosen.level is not None and self.chosen.share < 0.3 else 0.25
        return any(self.chosen.score - other.score < margin for other in others)


# --- roles --------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    blocks: Sequence[Block]
    lines: Sequence[str]
    total_lines: int
    roles: dict[int, str]
    #: heading index → the index of the heading it is paired with (speaker/title).
    pairs: dict[int, int]
    bodies: dict[int, list[Block]]
    evidence: dict[int, float]

    def headings(self, role: str = "candidate") -> list[int]:
        return [i for i, r in self.roles.items() if r == role]


def _prepare(blocks: Sequence[Block], lines: Sequence[str], total_lines: int) -> _Doc:
    roles: dict[int, str] = {}
    bodies: dict[int, list[Block]] = {}
    heading_indexes = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    candidates_before: list[int] = []  # the first two candidate headings, for _at_top
    for position, index in enumerate(heading_indexes):
        following = (
            heading_indexes[position + 1] if position + 1 < len(heading_indexes) else len(blocks)
        )
        bodies[index] = list(blocks[index + 1 : following])
        text = blocks[index].text
        if patterns.is_end_of_day(text):
            roles[index] = "end"
        elif patterns.is_day_heading(text):
            roles[index] = "day"
        elif _at_top(blocks, candidates_before, index) and evidence.is_navigation(
            blocks[index], bodies[index]
        ):
            roles[index] = "nav"
        else:
            roles[index] = "candidate"
            if len(candidates_before) < 2:
                candidates_before.append(index)
    doc = _Doc(blocks, lines, total_lines, roles, {}, bodies, {})
    _pair_headings(doc, heading_indexes)
    for index, role in roles.items():
        if role == "candidate":
            doc.evidence[index] = evidence.session_evidence(blocks[index], bodies[index], lines)
            if index in doc.pairs:
                doc.evidence[index] = 1.0
    return doc


def _at_top(blocks: Sequence[Block], before: Sequence[int], index: int) -> bool:
    """Before every session heading: under the title at most (contents lists sit here)."""
    if not before:
        return blocks[index].level > 1
    return len(before) == 1 and blocks[before[0]].level < blocks[index].level


def _pair_headings(doc: _Doc, heading_indexes: Sequence[int]) -> None:
    """A speaker heading right above (or below) a title heading is one session."""
    for position, index in enumerate(heading_indexes[:-1]):
        partner = heading_indexes[position + 1]
        if partner != index + 1 or index in doc.pairs or doc.roles[index] != "candidate":
            continue
        if doc.roles[partner] != "candidate":
            continue
        upper, lower = doc.blocks[index], doc.blocks[partner]
        if abs(upper.level - lower.level) != 1:
            continue
        upper_name = bool(headings.name_only(upper.text))
        lower_name = bool(headings.name_only(lower.text))
        if upper_name == lower_name:
            continue
        shallow = index if upper.level < lower.level else partner
        deep_level = max(upper.level, lower.level)
        inside = _headings_in(doc, shallow, _span_end(doc, shallow))
        if sum(1 for i in inside if doc.blocks[i].level == deep_level) != 1:
            continue  # a container over several sessions, not a pair
        doc.pairs[index] = partner
        doc.roles[partner] = "paired"


# --- candidate layouts ----------------------------------------------------------------


@dataclass(slots=True)
class _Layout:
    outline: Outline
    sessions: list[int] = field(default_factory=list)  # block indexes of session titles
    orphans: int = 0
    asides: int = 0
    groups: int = 0
    direct: int = 0
    #: Asides known only by where they stand (a bare list ending a day): scored as
    #: sessions, so that the order of the sections never changes the choice.
    placed_asides: list[int] = field(default_factory=list)


class _Walker:
    """Lays the blocks out as days and sections, given what each block is."""

    def __init__(self, doc: _Doc, title: int | None) -> None:
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


def _span_end(doc: _Doc, index: int) -> int:
    """The block index where a heading's part of the document ends."""
    level = doc.blocks[index].level
    for other in range(index + 1, len(doc.blocks)):
        block = doc.blocks[other]
        if block.kind != "heading":
            continue
        role = doc.roles.get(other)
        if role in ("day", "end") or (role in ("candidate", "nav") and block.level <= level):
            return other
    return len(doc.blocks)


def _headings_in(doc: _Doc, start: int, end: int) -> list[int]:
    return [i for i in range(start + 1, end) if doc.roles.get(i) == "candidate"]


def _group_children(doc: _Doc, index: int) -> tuple[int, list[int]] | None:
    """A heading that holds sessions (lightning talks, an unconference block)."""
    inner = _headings_in(doc, index, _span_end(doc, index))
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


def _layout_level(doc: _Doc, level: int, title: int | None) -> _Layout:
    walker = _Walker(doc, title)
    layout = _Layout(Outline(None, [], []))
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
                group_level, group_until = group[0], _span_end(doc, index)
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


def _is_leaf(doc: _Doc, index: int, level: int) -> bool:
    """A heading above the session level with no session under it: a session itself."""
    end = _span_end(doc, index)
    if any(doc.blocks[i].level == level for i in _headings_in(doc, index, end)):
        return False
    body = [b for b in doc.bodies[index] if b.kind not in ("rule", "html")]
    return bool(body) or doc.evidence.get(index, 0) > 0


def _ends_day(doc: _Doc, index: int) -> bool:
    """Does only a day heading, an aside or the end of the file follow this section?"""
    for other in range(_span_end(doc, index), len(doc.blocks)):
        role = doc.roles.get(other)
        if role in ("day", "end"):
            return True
        if role == "candidate" and doc.blocks[other].level <= doc.blocks[index].level:
            later = doc.blocks[other]
            if not evidence.is_aside(later, doc.bodies[other], doc.lines):
                return False
    return True


def _layout_bold(doc: _Doc, title: int | None) -> _Layout:
    walker = _Walker(doc, title)
    layout = _Layout(Outline(None, [], []))
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


def _layout_program(
    doc: _Doc, programs: dict[int, list[ProgramItem]], title: int | None
) -> tuple[Outline, list[ProgramItem]]:
    """The program's items as sessions, its date lines as days, its headings as tracks."""
    walker = _Walker(doc, title)
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


#: Session headings enough to outrank any list (a contents list of "Title - Speaker").
LEAST_HEADING_SESSIONS = 3


def _score_program(doc: _Doc, items: Sequence[ProgramItem], best: Candidate | None) -> Candidate:
    """A program scores as a heading level would, on its items; it is a way to read
    notes whose headings hold no sessions, never one to override them."""
    texts = [item.title.text for item in items]
    side = headings.names_side(texts)
    n = len(items)
    share = sum(1 for t in texts if headings.split(t, side=side).speakers) / n
    likeness = sum(evidence.title_likeness(headings.split(t, side=side).title) for t in texts) / n
    listed = program.list_item_count(doc.blocks)
    score = 2.0 * share + 0.6 * likeness + 0.3 * math.log(n)
    reasons = [
        f"{n} list items",
        f"{share:.0%} name speakers",
        f"titles {likeness:.0%} title-like",
        f"{n / listed:.0%} of the file's list items",
    ]
    eligible = n >= 2 * (listed - n)
    if not eligible:
        reasons.append("most of the file's lists are notes, not a program")
    if best is not None and best.share >= 0.5 and best.sessions >= LEAST_HEADING_SESSIONS:
        eligible = False
        reasons.append(f"its headings carry sessions ({best.name})")
    return Candidate(
        "bulleted program", round(score, 3), n, reasons, eligible, title_likeness=likeness,
        share=share,
    )  # fmt: skip


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


# --- scoring ----------------------------------------------------------------------------


def _score_sessions(doc: _Doc, layout: _Layout, name: str, bold: bool = False) -> Candidate:
    sessions = layout.sessions + layout.placed_asides
    n = len(sessions)
    if n == 0:
        return Candidate(name, 0.0, 0, ["no sessions"], eligible=False)
    if bold:
        signals = [_bold_evidence(doc, i) for i in sessions]
    else:
        signals = [doc.evidence.get(i, 0.0) for i in sessions]
    texts = [doc.blocks[i].text for i in sessions]
    share = sum(signals) / n
    likeness = sum(evidence.title_likeness(t) for t in texts) / n
    plain = [t for t, signal in zip(texts, signals, strict=True) if signal < 0.5]
    keys = Counter(evidence.template_key(t) for t in plain)
    repeated = sum(1 for t in plain if keys[evidence.template_key(t)] > 1) / n
    orphan_share = layout.orphans / n
    score = 2.0 * share + 0.6 * likeness - 1.5 * repeated - 0.5 * orphan_share
    score += 0.3 * math.log(n)
    reasons = [
        f"{n} sessions",
        f"{share:.0%} show session signals",
        f"titles {likeness:.0%} title-like",
    ]
    if repeated:
        reasons.append(f"{repeated:.0%} repeat the same heading")
    if layout.orphans:
        reasons.append(f"{layout.orphans} headings outside every session")
    if layout.asides:
        reasons.append(f"{layout.asides} asides left in the notes")
    eligible = layout.orphans <= n
    if not eligible:
        reasons.append("orphans more headings than it has sessions")
    if layout.groups and not layout.direct and not bold:
        eligible = False
        reasons.append("its sections only hold deeper sessions")
    return Candidate(
        name, round(score, 3), n, reasons, eligible, title_likeness=likeness, share=share
    )


def _bold_evidence(doc: _Doc, index: int) -> float:
    end = index + 1
    while end < len(doc.blocks) and doc.blocks[end].kind != "heading":
        if is_bold_title(doc.blocks[end]):
            break
        end += 1
    body = list(doc.blocks[index + 1 : end])
    return evidence.session_evidence(doc.blocks[index], body, doc.lines)


_CONFERENCE_WORDS = re.compile(
    r"\b(?:19\d\d|20\d\d|notes?|conf|conference|summit|congress|symposium|meetup|days?|"
    r"recap|festival|convention|expo|forum|camp|con|fest|week|journées?|tagung|konferenz)\b",
    re.I,
)


def _score_single(
    doc: _Doc, title: int | None, best_level: Candidate | None, named: str | None
) -> Candidate:
    reasons: list[str] = []
    if title is None:
        if named is None:
            return Candidate("single talk", 0.0, 1, ["no title heading and no file name"], False)
        reasons.append(f"no title heading: the file (or folder) names the talk {named!r}")
        texts = [doc.blocks[i].text for i in doc.headings()]
        generic = sum(1 for t in texts if evidence.is_generic_heading(t)) / max(1, len(texts))
        score = 0.3 + 1.7 * generic
        reasons.append(f"{generic:.0%} of its headings are generic sub-topics")
        if _CONFERENCE_WORDS.search(named):
            score -= 1.0
            reasons.append("that name reads like a conference's")
        specific = [
            i for i in doc.headings() if not evidence.is_generic_heading(doc.blocks[i].text)
        ]
        if specific:
            share = sum(doc.evidence[i] for i in specific) / len(specific)
            score -= 2.0 * share
            reasons.append(f"{share:.0%} of its other headings show session signals")
        keys = Counter(evidence.template_key(t) for t in texts)
        if keys and max(keys.values()) > 1:
            score -= 1.0
            reasons.append("a heading repeats, as a template under each talk would")
        if doc.headings("day"):
            score -= 1.5
            reasons.append("it has day headings")
        if score < 1.0 and texts:
            reasons.append("too little says the headings are parts of one talk")
            return Candidate("single talk", round(score, 3), 1, reasons, eligible=False)
    else:
        heading = doc.blocks[title]
        lead = doc.bodies[title]
        signal = evidence.session_evidence(heading, lead, doc.lines, name_heading=False)
        likeness = evidence.title_likeness(heading.text)
        score = 2.0 * signal + 0.6 * likeness
        reasons.append(f"title heading shows {signal:.0%} session signals")
        if _CONFERENCE_WORDS.search(heading.text):
            score -= 1.0
            reasons.append("title reads like a conference's name")
    if best_level is not None and best_level.eligible:
        strong = best_level.score
        if strong > 1.4:
            score -= strong - 1.4
            reasons.append(f"a heading level scores {strong:.2f}")
    return Candidate("single talk", round(score, 3), 1, reasons)


def _title_candidates(doc: _Doc) -> int | None:
    """The H1 that may name the whole file: the first heading, an H1."""
    ordered = sorted(i for i, r in doc.roles.items() if r in ("candidate", "nav"))
    if not ordered:
        return None
    first = ordered[0]
    if doc.blocks[first].level != 1 or doc.roles[first] != "candidate":
        return None
    return first


def _names_file(doc: _Doc, first_h1: int | None, level: int) -> bool:
    """Is the first H1 the file's title at this session level (not a session itself)?"""
    if first_h1 is None:
        return False
    following = [i for i in doc.roles if i > first_h1]
    if following and doc.roles[following[0]] == "day":
        return True  # "# Conference" right over "## Day 1"
    if level == 1:
        return False
    others = [i for i in doc.headings() if doc.blocks[i].level == 1 and i != first_h1]
    if not others:
        return True
    nxt = others[0]
    return any(doc.blocks[i].level == level for i in _headings_in(doc, first_h1, nxt)) or any(
        doc.roles.get(i) == "day" for i in range(first_h1 + 1, nxt)
    )


def _h1_count(doc: _Doc) -> int:
    return sum(1 for i in doc.headings() if doc.blocks[i].level == 1)


def choose(
    blocks: Sequence[Block],
    lines: Sequence[str],
    total_lines: int,
    override: Override | None = None,
    named: str | None = None,
) -> Choice:
    """Score every candidate structure and lay the file out the best way.

    ``named`` is the talk title the file's (or folder's) name offers, if any.
    """
    override = override or Override()
    doc = _prepare(blocks, lines, total_lines)
    first_h1 = _title_candidates(doc)
    levels = sorted({doc.blocks[i].level for i in doc.headings()} & set(range(1, 5)))
    options: list[tuple[Candidate, Outline]] = []
    if first_h1 is not None and _h1_count(doc) == 1:
        levels = [level for level in levels if level > 1]  # the one H1 is a title, or a talk
    for level in levels:
        title = first_h1 if _names_file(doc, first_h1, level) else None
        layout = _layout_level(doc, level, title)
        candidate = _score_sessions(doc, layout, f"heading level {level}")
        candidate.level = level
        options.append((candidate, layout.outline))
    if sum(1 for block in doc.blocks if is_bold_title(block)) >= 2:
        bold = _layout_bold(doc, first_h1)
        candidate = _score_sessions(doc, bold, "bold titles", bold=True)
        options.append((candidate, bold.outline))
    best_level = max((c for c, _ in options if c.eligible), key=lambda c: c.score, default=None)
    programs = program.program_lists(doc.blocks)
    if program.is_program(programs) or (override.program and programs):
        listed, items = _layout_program(doc, programs, first_h1)
        options.append((_score_program(doc, items, best_level), listed))
    if _h1_count(doc) <= 1:
        single_candidate = _score_single(doc, first_h1, best_level, named)
        options.append((single_candidate, _single_outline(doc, first_h1)))
    chosen = _pick(options, override)
    overridden = (
        override.level is not None
        or override.bold
        or override.program
        or override.single_talk is not None
    )
    return Choice(chosen[1], chosen[0], [c for c, _ in options], overridden)


def _pick(
    options: Sequence[tuple[Candidate, Outline]], override: Override
) -> tuple[Candidate, Outline]:
    if override.single_talk:
        for option in options:
            if option[0].name == "single talk":
                return option
    if override.bold or override.program:
        wanted = "bold titles" if override.bold else "bulleted program"
        for option in options:
            if option[0].name == wanted:
                return option
    if override.level is not None:
        for option in options:
            if option[0].level == override.level:
                return option
    eligible = [o for o in options if o[0].eligible and o[0].sessions]
    if override.single_talk is False:
        eligible = [o for o in eligible if o[0].name != "single talk"] or eligible
    if not eligible:
        eligible = [o for o in options if o[0].sessions] or list(options)
    # ties go to the first (shallowest) candidate
    best = eligible[0]
    for option in eligible[1:]:
        if option[0].score > best[0].score + 1e-9:
            best = option
    return best


def _single_outline(doc: _Doc, title: int | None) -> Outline:
    """The whole file as one talk, titled by its H1 (or, later, by its file name)."""
    blocks = doc.blocks
    if title is not None:
        section = Section(blocks[title], list(blocks[title + 1 :]), doc.total_lines)
        preamble = list(blocks[:title])
        return Outline(None, preamble, [DayDraft(sections=[section])], single_talk=True)
    anchor = Block("paragraph", 0, 0, (), 0)
    section = Section(anchor, list(blocks), doc.total_lines)
    return Outline(None, [], [DayDraft(sections=[section])], single_talk=True)


def names_side_of(outline: Outline) -> headings.Side | None:
    """Which side of " - " the session headings of a file put the names on."""
    titles = [s.title_block.text for day in outline.days for s in day.sections]
    return headings.names_side(titles)

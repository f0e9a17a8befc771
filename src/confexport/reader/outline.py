"""Choose the shape of a notes file: its title, days, and the sections that are sessions.

No configuration.  The reader lays the file out every way it could be meant — sessions
at heading level 1, 2, 3 or 4, sessions as bold one-line titles, the whole file as one
talk — scores each candidate (:func:`choose`) and keeps the best.  A candidate
scores for the share of its sessions that show session signals (a time, speakers, a
talk page, an abstract quote, a kind word), for headings that read like talk titles
rather than sub-topics, and loses for repeated template headings ("Takeaways" under
every talk) and for headings it would leave outside every session.  Metadata
(``session-level``, ``sessions: bold``, ``single-talk``) overrides the choice.

What each heading is comes from :mod:`.roles`, the candidate layouts from
:mod:`.layouts` (laid out by :mod:`.walker`), their scores from :mod:`.scoring`; the
shape itself (:class:`~.shape.Outline`) is in :mod:`.shape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from confexport.reader import program
from confexport.reader.blocks import Block
from confexport.reader.layouts import is_bold_title, layout_bold, layout_level, layout_program
from confexport.reader.roles import Doc, headings_in, prepare
from confexport.reader.scoring import Candidate, score_program, score_sessions, score_single
from confexport.reader.shape import DayDraft, Outline, Section


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


def _title_candidates(doc: Doc) -> int | None:
    """The H1 that may name the whole file: the first heading, an H1."""
    ordered = sorted(i for i, r in doc.roles.items() if r in ("candidate", "nav"))
    if not ordered:
        return None
    first = ordered[0]
    if doc.blocks[first].level != 1 or doc.roles[first] != "candidate":
        return None
    return first


def _names_file(doc: Doc, first_h1: int | None, level: int, known_title: str | None) -> bool:
    """Is the first H1 the file's title at this session level (not a session itself)?

    Not when the metadata names the conference otherwise and every other H1 holds
    sessions too: it is then one of a series of groups (morning, afternoon; 一日目,
    二日目), whose heading and words would be lost as a title."""
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
    differs = known_title is not None and not _same_title(doc.blocks[first_h1].text, known_title)
    if differs and all(_holds_sessions(doc, h1, level) for h1 in others):
        return False
    return _holds_sessions(doc, first_h1, level)


def _same_title(heading: str, title: str) -> bool:
    """The same words, whatever the case and punctuation (or one holds the other)."""
    a, b = (" ".join(re.findall(r"\w+", text.casefold())) for text in (heading, title))
    return a == b or (bool(a) and bool(b) and (a in b or b in a))


def _holds_sessions(doc: Doc, h1: int, level: int) -> bool:
    """Has the H1 ``h1`` headings at the session level, or a day, before the next H1?"""
    later = [i for i in doc.headings() if doc.blocks[i].level == 1 and i > h1]
    until = later[0] if later else len(doc.blocks)
    return any(doc.blocks[i].level == level for i in headings_in(doc, h1, until)) or any(
        doc.roles.get(i) == "day" for i in range(h1 + 1, until)
    )


def _h1_count(doc: Doc) -> int:
    return sum(1 for i in doc.headings() if doc.blocks[i].level == 1)


def choose(
    blocks: Sequence[Block],
    lines: Sequence[str],
    total_lines: int,
    override: Override | None = None,
    named: str | None = None,
    known_title: str | None = None,
) -> Choice:
    """Score every candidate structure and lay the file out the best way.

    ``named`` is the talk title the file's (or folder's) name offers, if any;
    ``known_title`` the conference title the metadata gives, if any.
    """
    override = override or Override()
    doc = prepare(blocks, lines, total_lines)
    first_h1 = _title_candidates(doc)
    levels = sorted({doc.blocks[i].level for i in doc.headings()} & set(range(1, 5)))
    options: list[tuple[Candidate, Outline]] = []
    if first_h1 is not None and _h1_count(doc) == 1:
        levels = [level for level in levels if level > 1]  # the one H1 is a title, or a talk
    for level in levels:
        title = first_h1 if _names_file(doc, first_h1, level, known_title) else None
        layout = layout_level(doc, level, title)
        candidate = score_sessions(doc, layout, f"heading level {level}")
        candidate.level = level
        options.append((candidate, layout.outline))
    if sum(1 for block in doc.blocks if is_bold_title(block)) >= 2:
        bold = layout_bold(doc, first_h1)
        candidate = score_sessions(doc, bold, "bold titles", bold=True)
        options.append((candidate, bold.outline))
    best_level = max((c for c, _ in options if c.eligible), key=lambda c: c.score, default=None)
    programs = program.program_lists(doc.blocks)
    if program.is_program(programs) or (override.program and programs):
        listed, items = layout_program(doc, programs, first_h1)
        options.append((score_program(doc, items, best_level), listed))
    if _h1_count(doc) <= 1:
        single_candidate = score_single(doc, first_h1, best_level, named)
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


def _single_outline(doc: Doc, title: int | None) -> Outline:
    """The whole file as one talk, titled by its H1 (or, later, by its file name)."""
    blocks = doc.blocks
    if title is not None:
        section = Section(blocks[title], list(blocks[title + 1 :]), doc.total_lines)
        preamble = list(blocks[:title])
        return Outline(None, preamble, [DayDraft(sections=[section])], single_talk=True)
    anchor = Block("paragraph", 0, 0, (), 0)
    section = Section(anchor, list(blocks), doc.total_lines)
    return Outline(None, [], [DayDraft(sections=[section])], single_talk=True)

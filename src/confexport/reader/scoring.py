"""Scores each candidate layout of a notes file (:func:`.outline.choose` keeps the best):
the share of its sessions that show session signals, titles that read like talk titles,
less repeated template headings and headings left outside every session."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from confexport.reader import evidence, headings, program
from confexport.reader.layouts import Layout, is_bold_title
from confexport.reader.program import ProgramItem
from confexport.reader.roles import Doc


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


#: Session headings enough to outrank any list (a contents list of "Title - Speaker").
LEAST_HEADING_SESSIONS = 3


def score_program(doc: Doc, items: Sequence[ProgramItem], best: Candidate | None) -> Candidate:
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


def score_sessions(doc: Doc, layout: Layout, name: str, bold: bool = False) -> Candidate:
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


def _bold_evidence(doc: Doc, index: int) -> float:
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


def score_single(
    doc: Doc, title: int | None, best_level: Candidate | None, named: str | None
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

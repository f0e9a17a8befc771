"""What each heading of a notes file is: a day, an end of day, navigation (a contents
list at the top), a candidate session title, or the partner of a heading pair (speaker
over title); with each heading's body and its session evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confexport.reader import evidence, headings, patterns
from confexport.reader.blocks import Block


@dataclass(slots=True)
class Doc:
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


def prepare(blocks: Sequence[Block], lines: Sequence[str], total_lines: int) -> Doc:
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
    doc = Doc(blocks, lines, total_lines, roles, {}, bodies, {})
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


def _pair_headings(doc: Doc, heading_indexes: Sequence[int]) -> None:
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
        inside = headings_in(doc, shallow, span_end(doc, shallow))
        if sum(1 for i in inside if doc.blocks[i].level == deep_level) != 1:
            continue  # a container over several sessions, not a pair
        doc.pairs[index] = partner
        doc.roles[partner] = "paired"


def span_end(doc: Doc, index: int) -> int:
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


def headings_in(doc: Doc, start: int, end: int) -> list[int]:
    return [i for i in range(start + 1, end) if doc.roles.get(i) == "candidate"]

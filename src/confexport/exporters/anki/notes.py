"""Reading flash cards out of a talk's notes, from the prose tree (never raw text).

Explicit cards are written in the notes as ``Question :: Answer`` lines, ``Q:`` /
``A:`` line pairs, and cloze deletions ``{{c1::…}}`` or ``==highlight==`` (which
become Cloze notes).  Code spans and code blocks never make a card, nor does a
``::`` inside a link's text.
The talk card's key points are the top-level lists of the notes, each with the
paragraph that leads into it and its nested lists, or else the notes' paragraphs.  A
bullet or paragraph that is only links (after a short label, perhaps) is a link, not
a point; nor is an image alone, a heading or code.

The notes are read from :func:`confexport.prose.tree`, shared with the other formats:
what a card shows differently (cloze syntax removed, say) is made of new nodes
(:mod:`confexport.exporters.anki.runs`), never by changing the tree's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from confexport import prose
from confexport.exporters.anki import runs
from confexport.exporters.anki.runs import Run

#: Most words of the label before a links-only line's links ("Slides:", "Speaker's blog").
LINK_LABEL_WORDS = 8
_LISTS = ("bullet_list", "ordered_list")
_QA_SEPARATOR = re.compile(r"(?:^|\s)::(?:\s|$)")


@dataclass(frozen=True, slots=True)
class ExplicitCard:
    """A card the person wrote: a question and answer, or a cloze text."""

    kind: Literal["qa", "cloze"]
    front: Run
    back: Run = ()


@dataclass(frozen=True, slots=True)
class Point:
    """A top-level point of the notes: a list item with its nested lists, or a paragraph.

    ``block`` is the tree's node; the talk card shows each of its paragraphs through
    :func:`~confexport.exporters.anki.runs.display` (images left out, cloze syntax
    removed)."""

    block: prose.Node
    #: Its first paragraph is also one of the notes' own cards (a cloze).
    is_card: bool = False


@dataclass(frozen=True, slots=True)
class PointGroup:
    """The points of one top-level list and the paragraph leading into it, or the
    paragraphs of notes without lists."""

    kind: Literal["bullets", "numbers", "paragraphs"]
    lead_in: Run
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class NotesReading:
    """What the cards need from one talk's notes."""

    cards: tuple[ExplicitCard, ...]
    #: The top-level lists with points, in order; or else one group of paragraphs.
    groups: tuple[PointGroup, ...]
    #: Links-only bullets and paragraphs, each as written (label and links).
    links: tuple[Run, ...]
    images: tuple[prose.Node, ...]


def read_talk_notes(notes: str) -> NotesReading:
    """Explicit cards, points, links and images of a talk's notes."""
    root = prose.tree(notes)
    below = list(_descendants(root))
    inlines = list(_paragraph_inlines(below))
    cards, card_blocks = _explicit_cards(inlines)
    qa_blocks = {id(i) for i in inlines if id(i) in card_blocks and not runs.is_cloze_block(i)}
    outline = _Outline(root.children, qa_blocks, card_blocks)
    images = tuple(node for node in below if node.type == "image")
    return NotesReading(tuple(cards), outline.groups(), tuple(outline.links), images)


def first_paragraph(text: str) -> Run:
    """The first paragraph of ``text`` (an abstract) with content, images removed."""
    for inline in _paragraph_inlines(_descendants(prose.tree(text))):
        shown = runs.without_images(inline.children)
        if runs.has_content(shown):
            return shown
    return ()


def _descendants(node: prose.Node) -> Iterator[prose.Node]:
    """Every node below ``node``, in reading order (without recursion)."""
    pending = node.children[::-1]
    while pending:
        child = pending.pop()
        yield child
        pending += child.children[::-1]


def _paragraph_inlines(nodes: Iterable[prose.Node]) -> Iterator[prose.Node]:
    """The inline content of every paragraph among ``nodes``, in order."""
    return (node.children[0] for node in nodes if node.type == "paragraph" and node.children)


def _has_list(node: prose.Node) -> bool:
    return any(child.type in _LISTS or _has_list(child) for child in node.children)


class _Outline:
    """The top-level blocks of the notes, read into point groups and links."""

    def __init__(
        self, blocks: Sequence[prose.Node], qa_blocks: set[int], card_blocks: set[int]
    ) -> None:
        self._qa = qa_blocks  # question-and-answer blocks: cards, never points
        self._cards = card_blocks
        self.links: list[Run] = []
        self._lists: list[PointGroup] = []
        self._paragraphs: list[Point] = []
        for index, block in enumerate(blocks):
            before = blocks[index - 1] if index else None
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if block.type in _LISTS:
                self._read_list(block, before)
            elif block.type == "paragraph" and not (after is not None and after.type in _LISTS):
                self._read_paragraph(block)

    def groups(self) -> tuple[PointGroup, ...]:
        if self._lists:
            return tuple(self._lists)
        if self._paragraphs:
            return (PointGroup("paragraphs", (), tuple(self._paragraphs)),)
        return ()

    def _lead_in(self, before: prose.Node | None) -> Run:
        """The paragraph just before a list, unless it is a card."""
        if before is None or before.type != "paragraph" or not before.children:
            return ()
        inline = before.children[0]
        if id(inline) in self._cards or runs.only_images(inline):
            return ()
        return runs.strip(runs.display(inline))

    def _read_paragraph(self, paragraph: prose.Node) -> None:
        inline = paragraph.children[0]
        if id(inline) in self._qa or runs.only_images(inline):
            return
        if runs.links_only(inline, LINK_LABEL_WORDS):
            self.links.append(runs.strip(runs.display(inline)))
        elif runs.has_content(runs.display(inline)):
            self._paragraphs.append(Point(paragraph, id(inline) in self._cards))

    def _read_list(self, block: prose.Node, before: prose.Node | None) -> None:
        points = [point for item in block.children if (point := self._item_point(item))]
        if points:
            kind: Literal["bullets", "numbers"] = (
                "numbers" if block.type == "ordered_list" else "bullets"
            )
            self._lists.append(PointGroup(kind, self._lead_in(before), tuple(points)))

    def _item_point(self, item: prose.Node) -> Point | None:
        """The list item as a point; None for a card, a link, an image, a heading, code."""
        if not item.children or item.children[0].type != "paragraph":
            return None
        inline = item.children[0].children[0]
        if id(inline) in self._qa or runs.only_images(inline):
            return None
        if runs.links_only(inline, LINK_LABEL_WORDS) and not _has_list(item):
            self.links.append(runs.strip(runs.display(inline)))
            return None
        if not runs.has_content(runs.display(inline)):
            return None
        return Point(item, id(inline) in self._cards)


# --- explicit cards ------------------------------------------------------------------

#: A block's entries: a cloze block is one (line None), another block one per line.
_Entry = tuple[prose.Node, "Run | None"]


def _explicit_cards(inlines: Sequence[prose.Node]) -> tuple[list[ExplicitCard], set[int]]:
    """Every explicit card, in reading order, and the ids of the blocks they came from."""
    entries: list[_Entry] = []
    for inline in inlines:
        if runs.is_cloze_block(inline):
            entries.append((inline, None))
        else:
            entries.extend((inline, line) for line in runs.lines(inline))
    cards: list[ExplicitCard] = []
    used: set[int] = set()
    index = 0
    while index < len(entries):
        inline, line = entries[index]
        answer_end = _qa_pair_end(entries, index)
        if line is None:
            cards.append(ExplicitCard("cloze", runs.cloze(inline)))
            used.add(id(inline))
        elif answer_end:
            cards.append(_qa_pair(line, [line for _, line in entries[index + 1 : answer_end]]))
            used.update(id(entry) for entry, _ in entries[index:answer_end])
            index = answer_end
            continue
        else:
            split = _split_at_separator(line)
            if split is not None:
                cards.append(ExplicitCard("qa", *split))
                used.add(id(inline))
        index += 1
    return cards, used


def _qa_pair(question: Run, answer_lines: Sequence[Run | None]) -> ExplicitCard:
    """A ``Q:`` line and the ``A:`` lines after it, the answer's lines kept apart."""
    answer: list[prose.Node] = []
    for line in answer_lines:
        if answer:
            answer.append(runs.leaf("hardbreak"))
        answer.extend(line or ())
    front = runs.strip(_drop_prefix(question, "Q:"))
    back = runs.strip(_drop_prefix(tuple(answer), "A:"))
    return ExplicitCard("qa", front, back)


def _starts_with(line: Run | None, prefix: str) -> bool:
    if not line or line[0].type != "text":
        return False
    return line[0].content.lstrip().startswith(prefix)


def _drop_prefix(line: Run, prefix: str) -> Run:
    if not _starts_with(line, prefix):
        return line
    rest = line[0].content.lstrip()[len(prefix) :]
    return (runs.leaf("text", rest), *line[1:])


def _qa_pair_end(entries: Sequence[_Entry], index: int) -> int:
    """For a ``Q:`` line followed by an ``A:`` line, the index after the answer's lines."""
    if index + 1 >= len(entries):
        return 0
    if not (_starts_with(entries[index][1], "Q:") and _starts_with(entries[index + 1][1], "A:")):
        return 0
    answer_block = entries[index + 1][0]
    end = index + 2
    while end < len(entries) and entries[end][0] is answer_block:
        if _starts_with(entries[end][1], "Q:"):
            break
        end += 1
    return end


def _split_at_separator(line: Run) -> tuple[Run, Run] | None:
    """``Question :: Answer`` → (question, answer), using ``::`` outside any markup."""
    for index, node in enumerate(line):
        if node.type == "text":
            match = _QA_SEPARATOR.search(node.content)
            if match:
                before = runs.leaf("text", node.content[: match.start()])
                after = runs.leaf("text", node.content[match.end() :])
                question = runs.strip((*line[:index], before))
                answer = runs.strip((after, *line[index + 1 :]))
                if runs.has_content(question) and runs.has_content(answer):
                    return question, answer
                return None
    return None

"""Reading flash cards out of a talk's notes, from Markdown tokens (never raw text).

Explicit cards are written in the notes as ``Question :: Answer`` lines, ``Q:`` /
``A:`` line pairs, and cloze deletions ``{{c1::…}}`` or ``==highlight==`` (which
become Cloze notes).  Code spans and code blocks never make a card, nor does a
``::`` inside a link's text.
The talk card's key points are the top-level lists of the notes, each with the
paragraph that leads into it and its nested lists, or else the notes' paragraphs.  A
bullet or paragraph that is only links (after a short label, perhaps) is a link, not
a point; nor is an image alone, a heading or code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from confexport import markup

Children = tuple[Token, ...]

_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_CLOZE_WHOLE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)
_CLOZE_HINT_CLOSE = re.compile(r"(?:::[^{}]*)?\}\}")
_QA_SEPARATOR = re.compile(r"(?:^|\s)::(?:\s|$)")
#: Most words of the label before a links-only line's links ("Slides:", "Speaker's blog").
LINK_LABEL_WORDS = 8
_LIST_OPENERS = ("bullet_list_open", "ordered_list_open")


@dataclass(frozen=True, slots=True)
class ExplicitCard:
    """A card the person wrote: a question and answer, or a cloze text."""

    kind: Literal["qa", "cloze"]
    front: Children
    back: Children = ()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the notes (top level, or inside a list item or quote)."""

    inline: Token


@dataclass(frozen=True, slots=True)
class Point:
    """A top-level point of the notes: a list item with its nested lists, or a paragraph.

    ``blocks`` are its block tokens as the talk card shows them (images left out,
    highlights marked, cloze syntax removed), ready for markdown-it's renderer."""

    blocks: tuple[Token, ...]
    #: Its first paragraph is also one of the notes' own cards (a cloze).
    is_card: bool = False


@dataclass(frozen=True, slots=True)
class PointGroup:
    """The points of one top-level list and the paragraph leading into it, or the
    paragraphs of notes without lists."""

    kind: Literal["bullets", "numbers", "paragraphs"]
    lead_in: Children
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class NotesReading:
    """What the cards need from one talk's notes."""

    cards: tuple[ExplicitCard, ...]
    #: The top-level lists with points, in order; or else one group of paragraphs.
    groups: tuple[PointGroup, ...]
    #: Links-only bullets and paragraphs, each as written (label and links).
    links: tuple[Children, ...]
    images: tuple[Token, ...]


def read_talk_notes(notes: str) -> NotesReading:
    """Explicit cards, points, links and images of a talk's notes."""
    tokens = markup.safe_tokens(notes)
    blocks = _blocks(tokens)
    cards, card_blocks = _explicit_cards(blocks)
    qa_blocks = {id(b.inline) for b in blocks if id(b.inline) in card_blocks}
    qa_blocks -= {id(b.inline) for b in blocks if _is_cloze_block(b.inline)}
    outline = _Outline(tokens, qa_blocks, card_blocks)
    images = tuple(
        child
        for token in tokens
        if token.type == "inline"
        for child in _walk(token.children or ())
        if child.type == "image"
    )
    return NotesReading(tuple(cards), outline.groups(), tuple(outline.links), images)


class _Outline:
    """The top-level blocks of the notes, read into point groups and links."""

    def __init__(self, tokens: Sequence[Token], qa_blocks: set[int], card_blocks: set[int]):
        self._tokens = tokens
        self._qa = qa_blocks  # question-and-answer blocks: cards, never points
        self._cards = card_blocks
        self.links: list[Children] = []
        self._lists: list[PointGroup] = []
        self._paragraphs: list[Point] = []
        self._read()

    def groups(self) -> tuple[PointGroup, ...]:
        if self._lists:
            return tuple(self._lists)
        if self._paragraphs:
            return (PointGroup("paragraphs", (), tuple(self._paragraphs)),)
        return ()

    def _read(self) -> None:
        tokens, index = self._tokens, 0
        while index < len(tokens):
            end = _block_end(tokens, index)
            if tokens[index].type in _LIST_OPENERS:
                self._read_list(index, end)
            elif tokens[index].type == "paragraph_open" and not self._leads_a_list(end):
                self._read_paragraph(tokens[index:end])
            index = end

    def _leads_a_list(self, end: int) -> bool:
        return end < len(self._tokens) and self._tokens[end].type in _LIST_OPENERS

    def _lead_in(self, start: int) -> Children:
        """The paragraph just before the list at ``start``, unless it is a card."""
        if start < 3 or self._tokens[start - 1].type != "paragraph_close":
            return ()
        inline = self._tokens[start - 2]
        if id(inline) in self._cards or _only_images(inline):
            return ()
        return _strip(_display_children(inline))

    def _read_paragraph(self, blocks: Sequence[Token]) -> None:
        inline = blocks[1]
        if id(inline) in self._qa or _only_images(inline):
            return
        if _links_only(inline):
            self.links.append(_strip(_display_children(inline)))
        elif _has_content(_display_children(inline)):
            self._paragraphs.append(Point(_shown(blocks), id(inline) in self._cards))

    def _read_list(self, start: int, end: int) -> None:
        points: list[Point] = []
        index = start + 1
        while index < end - 1:
            item_end = _block_end(self._tokens, index)
            point = self._item_point(self._tokens[index:item_end])
            if point is not None:
                points.append(point)
            index = item_end
        if points:
            kind: Literal["bullets", "numbers"] = (
                "numbers" if self._tokens[start].type == "ordered_list_open" else "bullets"
            )
            self._lists.append(PointGroup(kind, self._lead_in(start), tuple(points)))

    def _item_point(self, item: Sequence[Token]) -> Point | None:
        """The list item as a point; None for a card, a link, an image, a heading, code."""
        if len(item) < 4 or item[1].type != "paragraph_open":
            return None
        inline = item[2]
        if id(inline) in self._qa or _only_images(inline):
            return None
        nested = any(token.type in _LIST_OPENERS for token in item)
        if _links_only(inline) and not nested:
            self.links.append(_strip(_display_children(inline)))
            return None
        if not _has_content(_display_children(inline)):
            return None
        return Point(_shown(item), id(inline) in self._cards)


def _block_end(tokens: Sequence[Token], index: int) -> int:
    """The index after the block that opens at ``index`` (its matching close)."""
    opener = tokens[index]
    if opener.nesting != 1:
        return index + 1
    for end in range(index + 1, len(tokens)):
        if tokens[end].level == opener.level and tokens[end].nesting == -1:
            return end + 1
    return len(tokens)


def _shown(blocks: Sequence[Token]) -> tuple[Token, ...]:
    """The block tokens with each paragraph's inline content as the card shows it."""
    return tuple(
        token.copy(children=list(_display_children(token))) if token.type == "inline" else token
        for token in blocks
    )


def _links_only(inline: Token) -> bool:
    """Links, perhaps after a short label ("Slides: <url>"), and nothing else."""
    children = [c for c in inline.children or () if c.type not in ("softbreak", "hardbreak")]
    first_link = next((i for i, c in enumerate(children) if c.type == "link_open"), None)
    if first_link is None:
        return False
    label = "".join(c.content for c in children[:first_link] if c.type == "text")
    if any(c.type != "text" for c in children[:first_link]):
        return False
    if len(label.split()) > LINK_LABEL_WORDS:
        return False
    depth = 0
    for child in children[first_link:]:
        if depth == 0 and child.type == "text" and child.content.strip(" ,;·|-–—:/"):
            return False
        if depth == 0 and child.type not in ("text", "link_open"):
            return False
        depth += child.nesting
    return True


def first_paragraph(text: str) -> Children:
    """The inline tokens of the first paragraph of ``text`` (an abstract), images removed."""
    for block in _blocks(markup.safe_tokens(text)):
        children = _without_images(block.inline.children or ())
        if _has_content(children):
            return children
    return ()


def _blocks(tokens: Sequence[Token]) -> list[Block]:
    return [
        Block(token)
        for index, token in enumerate(tokens)
        if token.type == "inline" and index > 0 and tokens[index - 1].type == "paragraph_open"
    ]


def _walk(children: Sequence[Token]) -> list[Token]:
    found: list[Token] = []
    for child in children:
        found.append(child)
        found.extend(_walk(child.children or ()))
    return found


def _lines(inline: Token) -> list[Children]:
    lines: list[list[Token]] = [[]]
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return [tuple(line) for line in lines if line]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _has_content(children: Sequence[Token]) -> bool:
    return any(c.type != "text" or c.content.strip() for c in children if c.type != "softbreak")


def _only_images(inline: Token) -> bool:
    children = [c for c in inline.children or () if c.type not in ("softbreak", "hardbreak")]
    return bool(children) and all(
        c.type == "image" or (c.type == "text" and not c.content.strip()) for c in children
    )


def _without_images(children: Sequence[Token]) -> Children:
    return tuple(c for c in children if c.type != "image")


def _strip(children: Sequence[Token]) -> Children:
    """Drop the whitespace at both ends of a run of inline tokens."""
    items = list(children)
    if items and items[0].type == "text":
        items[0] = _text(items[0].content.lstrip())
    if items and items[-1].type == "text":
        items[-1] = _text(items[-1].content.rstrip())
    return tuple(c for c in items if c.type != "text" or c.content)


# --- explicit cards ------------------------------------------------------------------


def _explicit_cards(blocks: Sequence[Block]) -> tuple[list[ExplicitCard], set[int]]:
    """Every explicit card, in reading order, and the ids of the blocks they came from."""
    # A cloze block is one entry (line None); other blocks give one entry per line.
    entries: list[tuple[Block, Children | None]] = []
    for block in blocks:
        if _is_cloze_block(block.inline):
            entries.append((block, None))
        else:
            entries.extend((block, line) for line in _lines(block.inline))
    cards: list[ExplicitCard] = []
    used: set[int] = set()
    index = 0
    while index < len(entries):
        block, line = entries[index]
        answer_end = _qa_pair_end(entries, index)
        if line is None:
            cards.append(ExplicitCard("cloze", _cloze_children(block.inline)))
            used.add(id(block.inline))
        elif answer_end:
            answer: list[Token] = []
            for _, answer_line in entries[index + 1 : answer_end]:
                if answer:
                    answer.append(Token("hardbreak", "br", 0))
                answer.extend(answer_line or ())
            front = _strip(_drop_prefix(line, "Q:"))
            back = _strip(_drop_prefix(tuple(answer), "A:"))
            cards.append(ExplicitCard("qa", front, back))
            used.update(id(entry.inline) for entry, _ in entries[index:answer_end])
            index = answer_end
            continue
        else:
            split = _split_at_separator(line)
            if split is not None:
                cards.append(ExplicitCard("qa", *split))
                used.add(id(block.inline))
        index += 1
    return cards, used


def _starts_with(line: Children | None, prefix: str) -> bool:
    if not line or line[0].type != "text":
        return False
    return line[0].content.lstrip().startswith(prefix)


def _drop_prefix(line: Children, prefix: str) -> Children:
    if not _starts_with(line, prefix):
        return line
    rest = line[0].content.lstrip()[len(prefix) :]
    return (_text(rest), *line[1:])


def _qa_pair_end(entries: Sequence[tuple[Block, Children | None]], index: int) -> int:
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


def _split_at_separator(line: Children) -> tuple[Children, Children] | None:
    """``Question :: Answer`` → (question, answer), using ``::`` outside any markup."""
    depth = 0
    for index, child in enumerate(line):
        if child.type == "text" and depth == 0:
            match = _QA_SEPARATOR.search(child.content)
            if match:
                question = _strip((*line[:index], _text(child.content[: match.start()])))
                answer = _strip((_text(child.content[match.end() :]), *line[index + 1 :]))
                if _has_content(question) and _has_content(answer):
                    return question, answer
                return None
        depth += child.nesting
    return None


# --- clozes --------------------------------------------------------------------------


def _has_cloze(children: Sequence[Token]) -> bool:
    """Whether the text (code spans left out) holds a complete ``{{cN::…}}``, N ≥ 1."""
    text = "".join(c.content for c in children if c.type == "text")
    return any(
        int(number) >= 1 and answer.split("::", 1)[0].strip()
        for number, answer in _CLOZE_WHOLE.findall(text)
    )


def _is_cloze_block(inline: Token) -> bool:
    children = inline.children or ()
    if _has_cloze(children):
        return True
    return any(isinstance(c.meta.get("highlight"), int) for c in _mark_highlights(children))


def _cloze_children(inline: Token) -> Children:
    """The block with every ``==highlight==`` numbered as the next cloze deletion."""
    children = inline.children or ()
    numbers = [int(n) for c in children if c.type == "text" for n in _CLOZE_OPEN.findall(c.content)]
    next_number = max(numbers, default=0) + 1
    result: list[Token] = []
    for child in _mark_highlights(children):
        role = child.meta.get("highlight")
        if role is None:
            result.append(child)
            continue
        if child.nesting == 1:
            number = next_number
            next_number += 1
            result.append(_text(f"{{{{c{number}::"))
        else:
            result.append(_text("}}"))
    return tuple(result)


def _display_children(inline: Token) -> Children:
    """A block as the talk card shows it: highlights marked, cloze syntax removed."""
    children = inline.children or ()
    has_cloze = _has_cloze(children)
    shown: list[Token] = []
    for child in _mark_highlights(children):
        if child.type == "image":
            continue
        if child.type == "text" and has_cloze:
            child = _text(_CLOZE_HINT_CLOSE.sub("", _CLOZE_OPEN.sub("", child.content)))
        shown.append(child)
    return tuple(shown)


def _mark_highlights(children: Sequence[Token]) -> list[Token]:
    """The children with each ``==highlight==`` the parser paired (``mark_open`` /
    ``mark_close``, see :mod:`confexport.obsidian`) marked ``meta["highlight"]``.

    The parser pairs ``==`` like ``_`` emphasis, so ``a == b`` and ``x==y`` stay text.
    """
    return [
        _mark_token(child.nesting)  # type: ignore[arg-type]
        if child.type in ("mark_open", "mark_close")
        else child
        for child in children
    ]


def _mark_token(nesting: Literal[1, -1]) -> Token:
    token = Token("mark_open" if nesting == 1 else "mark_close", "mark", nesting)
    token.meta = {"highlight": nesting}
    return token


def copy_children(children: Sequence[Token]) -> Children:
    """The tokens, with fresh attributes for images: rendering rewrites an image's
    ``src`` and ``alt`` and nothing else, so the originals stay as read."""
    return tuple(_fresh_image(child) if child.type == "image" else child for child in children)


def _fresh_image(token: Token) -> Token:
    return token.copy(attrs=dict(token.attrs))

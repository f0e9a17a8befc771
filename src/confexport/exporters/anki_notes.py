"""Reading flash cards out of a talk's notes, from Markdown tokens (never raw text).

Explicit cards are written in the notes as ``Question :: Answer`` lines, ``Q:`` /
``A:`` line pairs, and cloze deletions ``{{c1::…}}`` or ``==highlight==`` (which
become Cloze notes).  Code spans and code blocks never make a card, nor does a
``::`` inside a link's text.
The talk card's key points are the top-level bullets of the notes, or else the
first paragraphs.
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
#: How many paragraphs stand for the key points when the notes have no bullets.
FIRST_PARAGRAPHS = 3


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
    #: A top-level paragraph, the first paragraph of a top-level bullet, or another.
    role: Literal["paragraph", "bullet", "other"]


@dataclass(frozen=True, slots=True)
class NotesReading:
    """What the cards need from one talk's notes."""

    cards: tuple[ExplicitCard, ...]
    key_points: tuple[Children, ...]
    points_are_bullets: bool
    images: tuple[Token, ...]


def read_talk_notes(notes: str, max_points: int) -> NotesReading:
    """Explicit cards, key points and images of a talk's notes."""
    tokens = markup.safe_tokens(notes)
    blocks = _blocks(tokens)
    cards, card_blocks = _explicit_cards(blocks)

    def shown(block: Block) -> bool:  # a question-and-answer block is a card, not a point
        return id(block.inline) not in card_blocks or _is_cloze_block(block.inline)

    bullets = [b for b in blocks if b.role == "bullet" and shown(b)]
    paragraphs = [
        b for b in blocks if b.role == "paragraph" and shown(b) and not _only_images(b.inline)
    ]
    chosen = bullets or paragraphs[:FIRST_PARAGRAPHS]
    points = [p for p in map(_display_children, (b.inline for b in chosen)) if _has_content(p)]
    points = points[:max_points]
    images = tuple(
        child
        for token in tokens
        if token.type == "inline"
        for child in _walk(token.children or ())
        if child.type == "image"
    )
    return NotesReading(tuple(cards), tuple(points), bool(bullets), images)


def first_paragraph(text: str) -> Children:
    """The inline tokens of the first paragraph of ``text`` (an abstract), images removed."""
    for block in _blocks(markup.safe_tokens(text)):
        children = _without_images(block.inline.children or ())
        if _has_content(children):
            return children
    return ()


def _blocks(tokens: Sequence[Token]) -> list[Block]:
    blocks: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or index == 0 or tokens[index - 1].type != "paragraph_open":
            continue
        opener = tokens[index - 2] if index >= 2 else None
        if token.level == 1:
            role: Literal["paragraph", "bullet", "other"] = "paragraph"
        elif token.level == 3 and opener is not None and opener.type == "list_item_open":
            role = "bullet"
        else:
            role = "other"
        blocks.append(Block(token, role))
    return blocks


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

"""Private blocks: found in the notes' lines, then left out or marked as private.

Four forms mark a passage private:

- an Obsidian/GitHub callout ``> [!private]`` (any case, an optional ``+``/``-`` fold
  marker and title): its whole block quote;
- a fenced ``:::private`` (or ``::: {.private}``) … ``:::`` block;
- an Obsidian comment ``%% … %%``, inline or over several lines;
- an HTML comment ``<!-- … -->``, inline or as a block.

They are found with the Markdown structure (:func:`confexport.markup.structure_tokens`),
so a marker in a code span or a code block is code, not a comment.  The reader leaves
them out of the body lines (or marks them, :mod:`.private_rewrite`) before it lays out
the sessions, so no format sees a private word and no private heading becomes a session.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from confexport import markup

_MAYBE = re.compile(r"%%|<!--|:::|\[!private\]", re.IGNORECASE)
_MARKER = re.compile(r"%%|<!--|-->")
#: The callout's type and fold marker, which a kept callout's label replaces.
CALLOUT_MARK = re.compile(r"\[!private\][+-]?", re.IGNORECASE)
_CALLOUT_START = re.compile(r">[ \t]?\[!private\][+-]?", re.IGNORECASE)
_DIV_OPEN = re.compile(
    r"^([ \t>]*):{3,}[ \t]*(?:private\b(.*)|\{[^}]*\.private\b[^}]*\}[ \t]*)$", re.IGNORECASE
)
_ANY_DIV_OPEN = re.compile(r"^[ \t>]*:{3,}[ \t]*[\w{.]")
_DIV_CLOSE = re.compile(r"^[ \t>]*:{3,}[ \t]*$")
#: The quote markers and indentation a line starts with.
CONTAINER = re.compile(r"^[ \t>]*")
#: Each comment opener and its closer.
CLOSER = {"%%": "%%", "<!--": "-->"}
_SENTINEL = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True, slots=True)
class PrivateBlock:
    """One private passage: from ``start`` to ``end`` as (line, column), 0-based, the
    end exclusive.  Block forms (callout, fenced) cover whole lines."""

    kind: str  # "callout", "fenced block", "%% comment" or "HTML comment"
    start: tuple[int, int]
    end: tuple[int, int]
    #: The container prefix (quote markers, indentation) the block opened in.
    prefix: str = ""
    #: False for a comment never closed: it runs to the end of the notes.
    closed: bool = True
    #: A fenced block's title, after ``:::private``.
    title: str = ""

    @property
    def line(self) -> int:
        """The 1-based line the block starts on."""
        return self.start[0] + 1

    @property
    def whole_lines(self) -> bool:
        return self.kind in ("callout", "fenced block")


def find_private(lines: Sequence[str]) -> list[PrivateBlock]:
    """Every private block of ``lines``, in order, none inside another."""
    text = "\n".join(lines)
    if not _MAYBE.search(text):
        return []
    tokens, env = markup.structure_tokens(text)
    code = _code_lines(tokens)
    blocks = _callouts(tokens, lines) + _fenced(lines, code)
    blocks = _outermost(blocks)
    markers = _live_markers(tokens, env, lines, code)
    starts = [block.start for block in blocks]
    markers = [marker for marker in markers if not _inside(marker[:2], blocks, starts)]
    return _outermost(blocks + _comments(markers, lines))


def _code_lines(tokens: Sequence[Token]) -> set[int]:
    return {
        number
        for token in tokens
        if token.type in ("fence", "code_block") and token.map is not None
        for number in range(*token.map)
    }


# --- finding --------------------------------------------------------------------------


def _callouts(tokens: Sequence[Token], lines: Sequence[str]) -> list[PrivateBlock]:
    found: list[PrivateBlock] = []
    for index, token in enumerate(tokens[:-2]):
        inline = tokens[index + 2]
        if token.type != "blockquote_open" or token.map is None or inline.type != "inline":
            continue
        if not CALLOUT_MARK.match(inline.content):
            continue
        first, end = token.map
        start = _CALLOUT_START.search(lines[first])
        prefix = lines[first][: start.start()] if start else ""
        found.append(PrivateBlock("callout", (first, 0), (end, 0), prefix))
    return found


def _fenced(lines: Sequence[str], code: set[int]) -> list[PrivateBlock]:
    found: list[PrivateBlock] = []
    number = 0
    while number < len(lines):
        opening = _DIV_OPEN.match(lines[number]) if number not in code else None
        if opening is None:
            number += 1
            continue
        end = _div_end(lines, number, code)
        closed = end < len(lines)
        stop = (min(end + 1, len(lines)), 0)
        title = (opening.group(2) or "").strip()
        found.append(
            PrivateBlock("fenced block", (number, 0), stop, opening.group(1), closed, title)
        )
        number = end + 1
    return found


def _div_end(lines: Sequence[str], opening: int, code: set[int]) -> int:
    """The line that closes the fenced block opened at ``opening`` (nested ones counted),
    or ``len(lines)``."""
    depth = 1
    for number in range(opening + 1, len(lines)):
        if number in code:
            continue
        if _DIV_CLOSE.match(lines[number]):
            depth -= 1
            if depth == 0:
                return number
        elif _ANY_DIV_OPEN.match(lines[number]):
            depth += 1
    return len(lines)


Marker = tuple[int, int, str]  # line, column, text


def _live_markers(
    tokens: Sequence[Token], env: dict[str, Any], lines: Sequence[str], code: set[int]
) -> list[Marker]:
    """Every ``%%``, ``<!--`` and ``-->`` outside code, in order."""
    dead: set[tuple[int, int]] = set()
    for region, inlines in _inline_regions(tokens):
        dead |= _in_code_spans(region, inlines, lines, env)
    return [
        (number, match.start(), match.group())
        for number, line in enumerate(lines)
        if number not in code
        for match in _MARKER.finditer(line)
        if (number, match.start()) not in dead
    ]


def _inline_regions(tokens: Sequence[Token]) -> Iterator[tuple[range, list[Token]]]:
    """The inline tokens of each paragraph, heading or table row, with its lines."""
    group: list[Token] = []
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        if group and group[0].map != token.map:
            yield range(*group[0].map or (0, 0)), group
            group = []
        group.append(token)
    if group:
        yield range(*group[0].map or (0, 0)), group


def _in_code_spans(
    region: range, inlines: Sequence[Token], lines: Sequence[str], env: dict[str, Any]
) -> set[tuple[int, int]]:
    """The markers of ``region`` that its inline tokens read as code span text.

    Each marker of a token's content gets a numbered sentinel before it; the
    sentinels the parse puts in ``code_inline`` tokens name the markers in code.
    Markers come in the same order in the contents as in the source lines."""
    in_source = [
        (number, match.start()) for number in region for match in _MARKER.finditer(lines[number])
    ]
    if not in_source:
        return set()
    flags: list[bool] = []
    for token in inlines:
        pieces = _MARKER.split(token.content)
        found = _MARKER.findall(token.content)
        marked = pieces[0] + "".join(
            f"\ue000{n}\ue001{marker}{piece}"
            for n, (marker, piece) in enumerate(zip(found, pieces[1:], strict=True))
        )
        in_code = {
            int(match.group(1))
            for child in markup.inline_children(marked, env)
            if child.type == "code_inline"
            for match in _SENTINEL.finditer(child.content)
        }
        flags.extend(n in in_code for n in range(len(found)))
    if len(flags) != len(in_source):  # cannot tell: every marker counts
        return set()
    return {place for place, is_code in zip(in_source, flags, strict=True) if is_code}


def _comments(markers: Sequence[Marker], lines: Sequence[str]) -> list[PrivateBlock]:
    """Pair openers with closers: ``%%`` with the next ``%%``, ``<!--`` with ``-->``."""
    found: list[PrivateBlock] = []
    opener: Marker | None = None
    for marker in markers:
        line, column, text = marker
        if opener is None:
            if text in CLOSER:
                opener = marker
        elif text == CLOSER[opener[2]]:
            found.append(_comment(opener, (line, column + len(text)), lines))
            opener = None
    if opener is not None:
        end = (len(lines) - 1, len(lines[-1]))
        found.append(_comment(opener, end, lines, closed=False))
    return found


def _comment(
    opener: Marker, end: tuple[int, int], lines: Sequence[str], *, closed: bool = True
) -> PrivateBlock:
    line, column, text = opener
    kind = "%% comment" if text == "%%" else "HTML comment"
    prefix = _container(lines[line][:column])
    return PrivateBlock(kind, (line, column), end, prefix, closed)


def _container(text: str) -> str:
    match = CONTAINER.match(text)
    return match.group() if match else ""


def _inside(
    place: tuple[int, int], blocks: Sequence[PrivateBlock], starts: Sequence[tuple[int, int]]
) -> bool:
    """Whether ``place`` is in one of ``blocks`` (in order, none overlapping), whose
    ``starts`` are given."""
    index = bisect.bisect_right(starts, place) - 1
    return index >= 0 and place < blocks[index].end


def _outermost(blocks: Sequence[PrivateBlock]) -> list[PrivateBlock]:
    """``blocks`` in order, without those that start inside an earlier one."""
    kept: list[PrivateBlock] = []
    for block in sorted(blocks, key=lambda b: (b.start, (-b.end[0], -b.end[1]))):
        if kept and block.start < kept[-1].end:
            if block.end > kept[-1].end:  # overlapping: one block over both
                last = kept[-1]
                kept[-1] = dataclasses.replace(last, end=block.end, closed=block.closed)
            continue
        kept.append(block)
    return kept


def blocks_in_file(path: Path, encoding: str | None = None) -> list[PrivateBlock]:
    """The private blocks of a notes file (its front matter not read)."""
    from confexport.reader.decode import decode_notes, read_bytes
    from confexport.reader.front_matter import read_front_matter

    where = str(path)
    text = decode_notes(read_bytes(path), where, encoding)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    front = read_front_matter(text, where).lines
    return find_private([""] * front + lines[front:])

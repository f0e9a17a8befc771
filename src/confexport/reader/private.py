"""Private blocks: found in the notes' lines, then left out or marked as private.

Four forms mark a passage private:

- an Obsidian/GitHub callout ``> [!private]`` (any case, an optional ``+``/``-`` fold
  marker and title): its whole block quote;
- a fenced ``:::private`` (or ``::: {.private}``) … ``:::`` block;
- an Obsidian comment ``%% … %%``, inline or over several lines;
- an HTML comment ``<!-- … -->``, inline or as a block.

They are found with the Markdown structure (:func:`confexport.markup.structure_tokens`),
so a marker in a code span or a code block is code, not a comment.  The reader calls
:func:`without_private` on the body lines before it lays out the sessions, so no format
sees a private word and no private heading becomes a session.  With ``keep=True`` each
block is rewritten into Markdown every renderer shows, labelled ``**Private:**``: a block
quote for the block forms, an inline ``[**Private:** …]`` for a comment in a line.
The rewrite keeps the number of lines, so every later message names the right line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from confexport import markup

log = logging.getLogger("confexport")

#: The label a kept private block starts with.
LABEL = "**Private:**"
_MAYBE = re.compile(r"%%|<!--|:::|\[!private\]", re.IGNORECASE)
_MARKER = re.compile(r"%%|<!--|-->")
_CALLOUT = re.compile(r"\[!private\][+-]?", re.IGNORECASE)
_CALLOUT_START = re.compile(r">[ \t]?\[!private\][+-]?", re.IGNORECASE)
_DIV_OPEN = re.compile(
    r"^([ \t>]*):{3,}[ \t]*(?:private\b(.*)|\{[^}]*\.private\b[^}]*\}[ \t]*)$", re.IGNORECASE
)
_ANY_DIV_OPEN = re.compile(r"^[ \t>]*:{3,}[ \t]*[\w{.]")
_DIV_CLOSE = re.compile(r"^[ \t>]*:{3,}[ \t]*$")
_CONTAINER = re.compile(r"^[ \t>]*")
_SENTINEL = re.compile("\ue000(\\d+)\ue001")
#: A line's start that would open a block when a comment before it is removed.
_OPENS_BLOCK = re.compile(r"^(?:[#>=|`~*+\-]|\d{1,9}[.)])")
_CLOSER = {"%%": "%%", "<!--": "-->"}


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
    markers = [m for m in _live_markers(tokens, env, lines, code) if not _inside(m[:2], blocks)]
    return _outermost(blocks + _comments(markers, lines))


def without_private(lines: Sequence[str], where: str, *, keep: bool = False) -> list[str]:
    """``lines`` with every private block left out (blank lines where it was), or,
    with ``keep``, marked as private; as many lines either way."""
    blocks = find_private(lines)
    result = list(lines)
    for block in reversed(blocks):
        if not block.closed:
            log.warning(
                "%s:%d: this %s is never closed: everything after it is taken as private",
                where, block.line, block.kind,
            )  # fmt: skip
        (_mark if keep else _strip)(result, block)
    return result


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
        if not _CALLOUT.match(inline.content):
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
        found.append(PrivateBlock("fenced block", (number, 0), stop, opening.group(1), closed))
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
            if text in _CLOSER:
                opener = marker
        elif text == _CLOSER[opener[2]]:
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
    match = _CONTAINER.match(text)
    return match.group() if match else ""


def _inside(place: tuple[int, int], blocks: Sequence[PrivateBlock]) -> bool:
    return any(block.start <= place < block.end for block in blocks)


def _outermost(blocks: Sequence[PrivateBlock]) -> list[PrivateBlock]:
    """``blocks`` in order, without those that start inside an earlier one."""
    kept: list[PrivateBlock] = []
    for block in sorted(blocks, key=lambda b: (b.start, (-b.end[0], -b.end[1]))):
        if kept and block.start < kept[-1].end:
            if block.end > kept[-1].end:  # overlapping: one block over both
                last = kept[-1]
                kept[-1] = PrivateBlock(last.kind, last.start, block.end, last.prefix, block.closed)
            continue
        kept.append(block)
    return kept


# --- rewriting ------------------------------------------------------------------------


def _kept_prefix(line: str, prefix: str) -> str:
    """What stays of a private line: the containers the block opened in."""
    return prefix.rstrip() if prefix.strip() and line.startswith(prefix.rstrip()) else ""


def _strip(lines: list[str], block: PrivateBlock) -> None:
    (first, column), (last, end) = block.start, block.end
    if block.whole_lines:
        for number in range(first, last):
            lines[number] = _kept_prefix(lines[number], block.prefix)
        return
    if first == last:
        before, after = lines[first][:column], lines[first][end:]
        if before[-1:].isspace() and after[:1].isspace():
            after = after.lstrip(" \t")
        joined = before + after
        lines[first] = joined if joined.strip(" \t>") else _kept_prefix(joined, block.prefix)
        return
    before = lines[first][:column].rstrip()
    lines[first] = before if before.strip(" \t>") else _kept_prefix(before, block.prefix)
    for number in range(first + 1, last):
        lines[number] = _kept_prefix(lines[number], block.prefix)
    tail = lines[last][end:].lstrip(" \t")
    kept = _kept_prefix(lines[last], block.prefix)
    lines[last] = f"{kept} {_as_text(tail)}".lstrip(" ") if tail else kept


def _as_text(tail: str) -> str:
    """``tail`` moved to a line's start, escaped so that it opens no block there."""
    match = _OPENS_BLOCK.match(tail)
    if match is None:
        return tail
    if match.group()[0].isdigit():  # "1. x": escape the list's dot
        return match.group()[:-1] + "\\" + tail[len(match.group()) - 1 :]
    return "\\" + tail


def _mark(lines: list[str], block: PrivateBlock) -> None:
    (first, column), (last, end) = block.start, block.end
    if block.kind == "callout":
        lines[first] = _CALLOUT.sub(LABEL, lines[first], count=1)
        return
    if block.kind == "fenced block":
        opening = _DIV_OPEN.match(lines[first])
        title = (opening.group(2) or "").strip() if opening else ""
        lines[first] = (f"{block.prefix}> {LABEL} {title}").rstrip()
        for number in range(first + 1, last - 1 if block.closed else last):
            lines[number] = _quoted(lines[number], block.prefix)
        if block.closed:
            lines[last - 1] = _kept_prefix(lines[last - 1], block.prefix)
        return
    opener = "%%" if block.kind == "%% comment" else "<!--"
    closer = _CLOSER[opener] if block.closed else ""
    if first == last:
        line = lines[first]
        inner = line[column + len(opener) : end - len(closer)].strip()
        lines[first] = f"{line[:column]}\\[{LABEL} {inner}\\]{line[end:]}"
        return
    before, inner = lines[first][:column], lines[first][column + len(opener) :].strip()
    if before.strip(" \t>"):
        lines[first] = f"{before.rstrip()} {LABEL} {inner}".rstrip()
    else:
        lines[first] = f"{block.prefix}> {LABEL} {inner}".rstrip()
    for number in range(first + 1, last + 1):
        line = lines[number]
        if number == last:
            line = line[: end - len(closer)] + line[end:]
        lines[number] = _quoted(line, block.prefix)


def _quoted(line: str, prefix: str) -> str:
    """``line`` inside a block quote opened after ``prefix``."""
    if prefix and line.startswith(prefix):
        return f"{prefix}> {line[len(prefix) :]}".rstrip()
    return f"> {line}".rstrip()


def blocks_in_file(path: Path, encoding: str | None = None) -> list[PrivateBlock]:
    """The private blocks of a notes file (its front matter not read)."""
    from confexport.reader.decode import decode_notes, read_bytes
    from confexport.reader.metadata import read_front_matter

    where = str(path)
    text = decode_notes(read_bytes(path), where, encoding)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    front = read_front_matter(text, where).lines
    return find_private([""] * front + lines[front:])

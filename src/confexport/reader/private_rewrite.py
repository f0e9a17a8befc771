"""Private blocks (:mod:`.private`) left out of the notes' lines, or marked as private.

Left out, a block leaves blank lines (its containers' quote markers kept), and the text
beside a comment stays where it was.  Kept (``--include-private``), each block becomes
Markdown every renderer already shows, labelled ``**Private:**``: a block quote for a
callout, a fenced block or a comment on lines of its own, an inline ``[**Private:** …]``
for a comment within a line.  Either way the notes keep their number of lines, so every
later message names the right line, and no private line can open a heading.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from confexport.reader.private import (
    CALLOUT_MARK,
    CLOSER,
    CONTAINER,
    PrivateBlock,
    find_private,
)

log = logging.getLogger("confexport")

#: The label a kept private block starts with.
LABEL = "**Private:**"
#: A line's start that would open a block when a comment before it is removed.
_OPENS_BLOCK = re.compile(r"^(?:[#>=|`~*+\-]|\d{1,9}[.)])")


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


def _kept_prefix(line: str, prefix: str) -> str:
    """What stays of a private line: the quote markers the block opened in."""
    quotes = prefix[: prefix.rfind(">") + 1]
    return quotes if quotes and line.startswith(quotes) else ""


def _split_container(line: str) -> tuple[str, str]:
    match = CONTAINER.match(line)
    container = match.group() if match else ""
    return container, line[len(container) :]


def _as_text(tail: str) -> str:
    """``tail`` at a line's start, escaped so that it opens no block there."""
    match = _OPENS_BLOCK.match(tail)
    if match is None:
        return tail
    if match.group()[0].isdigit():  # "1. x": escape the list's dot
        return match.group()[:-1] + "\\" + tail[len(match.group()) - 1 :]
    return "\\" + tail


def _strip(lines: list[str], block: PrivateBlock) -> None:
    (first, column), (last, end) = block.start, block.end
    if block.whole_lines:
        for number in range(first, last):
            lines[number] = _kept_prefix(lines[number], block.prefix)
        return
    if first == last:
        before, after = lines[first][:column], lines[first][end:]
        if not after.strip():
            before, after = before.rstrip(), ""
        elif before[-1:].isspace() and after[:1].isspace():
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


def _mark(lines: list[str], block: PrivateBlock) -> None:
    if block.kind == "callout":
        first = block.start[0]
        lines[first] = CALLOUT_MARK.sub(LABEL, lines[first], count=1)
    elif block.kind == "fenced block":
        _mark_fenced(lines, block)
    else:
        _mark_comment(lines, block)


def _mark_fenced(lines: list[str], block: PrivateBlock) -> None:
    first, last = block.start[0], block.end[0]
    lines[first] = f"{block.prefix}> {LABEL} {block.title}".rstrip()
    for number in range(first + 1, last - 1 if block.closed else last):
        lines[number] = _quoted(lines[number], block.prefix)
    if block.closed:
        lines[last - 1] = _kept_prefix(lines[last - 1], block.prefix)


def _mark_comment(lines: list[str], block: PrivateBlock) -> None:
    """A comment on lines of its own becomes a block quote; one within a paragraph an
    inline ``[**Private:** …]`` (its lines' starts escaped: they open no block)."""
    (first, column), (last, end) = block.start, block.end
    opener = "%%" if block.kind == "%% comment" else "<!--"
    closer = CLOSER[opener] if block.closed else ""
    before, after = lines[first][:column], lines[last][end:]
    inner_first = lines[first][column + len(opener) :]
    if first == last:
        inner = lines[first][column + len(opener) : end - len(closer)].strip()
        lines[first] = f"{before}\\[{LABEL} {inner}\\]{after}"
        return
    inner_last = lines[last][: end - len(closer)]
    if not before.strip(" \t>") and not after.strip():
        lines[first] = f"{block.prefix}> {LABEL} {inner_first.strip()}".rstrip()
        for number in range(first + 1, last):
            lines[number] = _quoted(lines[number], block.prefix)
        lines[last] = _quoted(inner_last, block.prefix)
        return
    lines[first] = f"{before}\\[{LABEL} {inner_first.lstrip()}".rstrip()
    for number in range(first + 1, last):
        container, rest = _split_container(lines[number])
        lines[number] = container + _as_text(rest)
    container, rest = _split_container(inner_last)
    lines[last] = f"{container}{_as_text(rest).rstrip()}\\]{after}"


def _quoted(line: str, prefix: str) -> str:
    """``line`` inside a block quote opened after ``prefix``."""
    if prefix and line.startswith(prefix):
        return f"{prefix}> {line[len(prefix) :]}".rstrip()
    return f"> {line}".rstrip()

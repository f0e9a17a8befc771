"""Old habits that CommonMark does not read, repaired before parsing.

``#Title`` and ``##Title`` (no space after the hashes) were headings in early GitHub
Markdown and still are in many notes.  Where a file writes several of them outside
code, they are read as headings.  A line of tags (``#python #notes``) is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NO_SPACE = re.compile(r"^(#{1,6})([^\s#].*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TAGS_ONLY = re.compile(r"^#[\w/-]+(?:\s+#[\w/-]+)*\s*$")
#: How many such lines make a file's habit (one could be a stray tag).
_HABIT = 2


def _is_heading_habit(line: str) -> bool:
    match = _NO_SPACE.match(line)
    if match is None or (_TAGS_ONLY.match(line) and (" " in line or line[1:].islower())):
        return False
    return any(ch.isalpha() for ch in match.group(2))


def no_space_headings(lines: Sequence[str]) -> list[str]:
    """``lines`` with ``##Title`` written ``## Title`` where the file has that habit."""
    repaired = list(lines)
    # Code fences only take candidates away: too few anywhere means too few outside code.
    if sum(1 for line in lines if line.startswith("#") and _is_heading_habit(line)) < _HABIT:
        return repaired
    found: list[int] = []
    fence: str | None = None
    for number, line in enumerate(lines):
        if match := _FENCE.match(line):
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is None and _is_heading_habit(line):
            found.append(number)
    if len(found) < _HABIT:
        return repaired
    for number in found:
        match = _NO_SPACE.match(lines[number])
        assert match is not None
        repaired[number] = f"{match.group(1)} {match.group(2)}"
    return repaired

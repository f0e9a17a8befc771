"""``#tags`` written in a session's notes, as Obsidian reads them.

A tag is ``#`` at the start of a line or after white space, followed by letters,
digits, ``_``, ``-`` and ``/`` (nested tags, ``#project/idea``), with at least one
letter: ``#123`` and ``#2024-05`` are not tags.  Only text counts: not code spans or
code blocks, not raw HTML, not link targets (``https://x.org/#part`` has no space
before its ``#``), not a heading's own ``#`` markers.  The text itself is left as
written; the tags are the distinct ones in reading order, the first spelling kept
(``#Python`` and ``#python`` are one tag).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markdown_it.token import Token

from confexport.reader.blocks import Block

_TAG = re.compile(r"(?<!\S)#([\w/-]+)")
#: Stands for an inline construct that is not text (a code span, an image…): no tag
#: can start right after one, as none can start inside a word.
_OTHER = "\x00"


def tags_in(blocks: Sequence[Block]) -> tuple[str, ...]:
    """The tags written in ``blocks``, distinct, in reading order."""
    found: dict[str, str] = {}
    for block in blocks:
        if "#" not in block.source:
            continue
        for token in block.tokens:
            if token.type == "inline":
                for tag in _tags_of(block.children(token)):
                    found.setdefault(tag.casefold(), tag)
    return tuple(found.values())


def _tags_of(children: Iterable[Token]) -> list[str]:
    parts: list[str] = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.nesting == 0:  # code, images, raw HTML, checkboxes
            parts.append(_OTHER)
        # emphasis, links and highlights around text leave it as it is
    tags = []
    for match in _TAG.finditer("".join(parts)):
        tag = match.group(1).rstrip("/-")
        if any(char.isalpha() for char in tag):
            tags.append(tag)
    return tags

"""Prose → plain text for counting words: words kept, markup dropped.

Read from the shared prose tree (:mod:`confexport.prose`), so raw HTML counts as the
text it is shown as.  The calendar's readable text, which keeps a reader's shape
(list markers, link URLs), is :mod:`confexport.exporters.ics.text`.
"""

from __future__ import annotations

from confexport import prose

_CODE = ("fence", "code_block")
_WORDS = ("text", "code_inline", "task_checkbox")


def to_plain_text(text: str) -> str:
    """Markdown → plain text: each paragraph, heading, cell and code block on its own
    line(s), in reading order."""
    lines: list[str] = []
    pending = list(reversed(prose.tree(text).children))
    while pending:
        node = pending.pop()
        if node.type == "inline":
            lines.append(inline_words(node))
        elif node.type in _CODE:
            lines.append(node.content.rstrip("\n"))
        else:
            pending += reversed(node.children)
    return "\n".join(line for line in lines if line)


def inline_words(node: prose.Node) -> str:
    """The words of a paragraph's inline content: breaks as spaces, an image as its
    description as written."""
    parts: list[str] = []
    for child in node.children:
        if child.type in _WORDS:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        else:
            parts.append(inline_words(child))
    return "".join(parts)

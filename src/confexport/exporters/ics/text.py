"""Markdown → readable plain text for calendar descriptions.

Unlike :func:`confexport.markup.to_plain_text` (which is for counting words), this
keeps the shape a reader needs in a calendar app: list markers, quotes, code
blocks, table rows, and every link's URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.tree import SyntaxTreeNode

from confexport import markup

#: Characters some parsers take as line breaks or that iCalendar forbids in TEXT.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Line breaks normalised to ``\\n`` and other control characters removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """``clean`` text with every run of white space (newlines too) made one space."""
    return " ".join(clean(text).split())


def readable_text(markdown: str) -> str:
    """The Markdown as plain text a person reads comfortably; links keep their URLs."""
    tree = SyntaxTreeNode(markup.tokens(clean(markdown)))
    return "\n\n".join(_blocks(tree.children)).strip()


def _blocks(nodes: Sequence[SyntaxTreeNode]) -> list[str]:
    return [text for text in (_block(node) for node in nodes) if text.strip()]


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return "".join(_inline(child) for child in node.children).strip()
    if kind == "inline":
        return _inline(node)
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind in ("fence", "code_block", "html_block"):
        return node.content.rstrip("\n")
    if kind == "blockquote":
        quoted = "\n\n".join(_blocks(node.children))
        return "\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))
    if kind == "hr":
        return "* * *"
    if kind == "tr":
        return " | ".join(_block(cell) for cell in node.children)
    if kind in ("table", "thead", "tbody"):
        return "\n".join(_block(child) for child in node.children)
    if kind in ("th", "td"):
        return "".join(_inline(child) for child in node.children).strip()
    return "\n".join(_blocks(node.children))


def _list(node: SyntaxTreeNode) -> str:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    items: list[str] = []
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        body = "\n".join(_blocks(item.children))
        items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
    return "\n".join(items)


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("text", "code_inline", "html_inline"):
        return node.content
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "image":
        return f"[image: {node.content or node.attrs.get('src', '')}]"
    if not node.children:  # ☐/☒ of a task list, or a construct not known here
        return node.content
    inner = "".join(_inline(child) for child in node.children)
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        shown = inner.strip()
        same = shown in (href, href.removeprefix("mailto:"))
        return href if same or not shown else f"{shown} ({href})"
    return inner

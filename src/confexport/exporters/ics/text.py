"""Markdown → readable plain text for calendar descriptions.

Unlike :func:`confexport.markup.to_plain_text` (which is for counting words), this
keeps the shape a reader needs in a calendar app: list markers, quotes, code
blocks, table rows, and every link's URL.
"""

from __future__ import annotations

import re

from confexport import prose

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
    blocks = ReadableText().blocks(prose.tree(markdown))
    return clean("\n\n".join(blocks)).strip()


class ReadableText(prose.Visitor[str]):
    """Blocks apart by a blank line, list markers, ``>`` quotes, code as written, table
    rows with ``|`` between cells, each link's URL after its text."""

    handled_by_parent = frozenset(("list_item",))

    def fallback(self, text: str) -> str:
        return text

    def blocks(self, node: prose.Node) -> list[str]:
        return [text for text in self.visit_children(node) if text.strip()]

    def inlines(self, node: prose.Node) -> str:
        return "".join(self.visit_children(node))

    # blocks -------------------------------------------------------------------------

    def visit_paragraph(self, node: prose.Node) -> str:
        return self.inlines(node).strip()

    visit_heading = visit_th = visit_td = visit_paragraph

    def visit_bullet_list(self, node: prose.Node) -> str:
        ordered = node.type == "ordered_list"
        number = int(str(node.attrs.get("start", 1))) if ordered else 0
        items: list[str] = []
        for item in node.children:
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = "\n".join(self.blocks(item))
            items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
        return "\n".join(items)

    visit_ordered_list = visit_bullet_list

    def visit_fence(self, node: prose.Node) -> str:
        return node.content.rstrip("\n")

    visit_code_block = visit_fence

    def visit_blockquote(self, node: prose.Node) -> str:
        quoted = "\n\n".join(self.blocks(node))
        return "\n".join(f"> {line}".rstrip() for line in quoted.split("\n"))

    def visit_hr(self, node: prose.Node) -> str:
        return "* * *"

    def visit_tr(self, node: prose.Node) -> str:
        return " | ".join(self.visit_children(node))

    def visit_table(self, node: prose.Node) -> str:
        return "\n".join(self.visit_children(node))

    visit_thead = visit_tbody = visit_table

    # inlines ------------------------------------------------------------------------

    def visit_inline(self, node: prose.Node) -> str:
        return self.inlines(node)

    def visit_text(self, node: prose.Node) -> str:
        return node.content

    visit_code_inline = visit_task_checkbox = visit_text

    def visit_softbreak(self, node: prose.Node) -> str:
        return " "

    def visit_hardbreak(self, node: prose.Node) -> str:
        return "\n"

    def visit_image(self, node: prose.Node) -> str:
        return f"[image: {node.content or node.attrs.get('src', '')}]"

    def visit_em(self, node: prose.Node) -> str:
        return self.inlines(node)

    visit_strong = visit_s = visit_mark = visit_em

    def visit_link(self, node: prose.Node) -> str:
        href = str(node.attrs.get("href", ""))
        shown = self.inlines(node).strip()
        same = shown in (href, href.removeprefix("mailto:"))
        return href if same or not shown else f"{shown} ({href})"

"""Markdown (through :mod:`confexport.markup`) → reportlab flowables.

Every piece of text from the notes is escaped before it reaches reportlab's
paragraph markup; raw HTML is shown as text; only http(s) and mailto links become
clickable; images go through the exporter's image callback (inside the notes folder
only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from markdown_it.token import Token
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, XPreformatted
from reportlab.platypus.flowables import HRFlowable

from confexport import markup
from confexport.exporters.pdf.flowables import Box, Inset, paragraph, paragraphs, piece_style
from confexport.exporters.pdf.style import MONO, SANS, StyleSheet, glyphs
from confexport.exporters.pdf.tables import Cell, tables

#: Makes the flowables of one image: (src, alt, title, available width).
ImageMaker = Callable[[str, str, str, float], list[Flowable]]

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
BULLETS = ("•", "◦", "▪")
LIST_INDENT = 16.0
QUOTE_INDENT = 11.0
#: Narrowest text that nesting may leave: deeper quotes and lists stop indenting
#: (absurdly deep nesting would otherwise run off the page and lose its words).
MIN_TEXT_WIDTH = 144.0


def _indent(wanted: float, width: float) -> float:
    """``wanted`` points of indentation, or as much as keeps MIN_TEXT_WIDTH of text."""
    return max(0.0, min(wanted, width - MIN_TEXT_WIDTH))


CODE_PADDING = 6.0
CONTINUATION = "↪ "
#: Lines of code one flowable holds: a long block is several, stacked with no gap
#: (reportlab measures a flowable's lines again on every page it reaches).
CODE_PIECE_LINES = 40
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
#: Anything that could make Markdown read a text as more than paragraphs of words:
#: a syntax character, a line starting with a block marker or a space, trailing
#: spaces (a hard break), or whitespace other than spaces and newlines.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&|~=]|[^\S \n]|(?:^|\n)[ +=#\d-]| (?:\n|$)")


@dataclass(slots=True)
class Node:
    """A block token with the tokens between its open and close."""

    token: Token
    children: list[Node] = field(default_factory=list)


def block_tree(tokens: Sequence[Token]) -> list[Node]:
    root = Node(Token("root", "", 1))
    stack = [root]
    for token in tokens:
        if token.nesting == -1:
            stack.pop()
            continue
        node = Node(token)
        stack[-1].children.append(node)
        if token.nesting == 1:
            stack.append(node)
    return root.children


def attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def with_fallback(text: str, font: str) -> str:
    """Escape ``text``; characters ``font`` lacks but DejaVu Sans has switch to Sans."""
    if font == SANS:
        return escape(text)
    have, sans = glyphs(font), glyphs(SANS)
    out: list[str] = []
    for char in text:
        piece = escape(char)
        if ord(char) not in have and ord(char) in sans:
            piece = f'<font face="{SANS}">{piece}</font>'
        out.append(piece)
    return "".join(out)


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of ``text`` as Markdown would print them, when it is nothing but
    words (no parse needed); None when it has any Markdown syntax."""
    text = text.strip("\n")
    if _MARKDOWN_SYNTAX.search(text):
        return None
    blocks = re.split(r"\n{2,}", text)
    return [" ".join(block.split("\n")) for block in blocks if block]


def wrap_code_line(line: str, columns: int) -> list[str]:
    """Cut a long code line into pieces of at most ``columns``, at a space if one is near."""
    pieces: list[str] = []
    start = 0
    while len(line) - start > columns:
        cut = line.rfind(" ", start + columns // 2, start + columns)
        cut = start + columns if cut <= start else cut + 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


class MarkdownFlowables:
    """Renders Markdown fragments with one style sheet and one image callback."""

    def __init__(self, sheet: StyleSheet, make_image: ImageMaker) -> None:
        self.sheet = sheet
        self.make_image = make_image
        self.link_color = sheet.color("accent").hexval().replace("0x", "#")
        self.highlight_color = sheet.color("highlight").hexval().replace("0x", "#")
        self._aligned: dict[tuple[str, str], ParagraphStyle] = {}

    def render(self, text: str, width: float, style: str = "body") -> list[Flowable]:
        plain = plain_paragraphs(text)
        if plain is not None:
            return [part for piece in plain for part in paragraphs(piece, self.sheet[style])]
        return self.blocks(block_tree(markup.tokens(text)), width, style)

    def blocks(self, nodes: Sequence[Node], width: float, style: str) -> list[Flowable]:
        out: list[Flowable] = []
        for node in nodes:
            made = self.block(node, width, style)
            if made and _leads_in(node):
                made[-1].keepWithNext = True  # never the last thing on a page
            out.extend(made)
        return out

    def block(self, node: Node, width: float, style: str) -> list[Flowable]:
        kind = node.token.type
        if kind == "paragraph_open":
            tight = node.token.hidden and style == "body"
            return self.paragraph(node.children, width, "list_body" if tight else style)
        if kind == "heading_open":
            level = min(int(node.token.tag[1:]), 3)
            return self.paragraph(node.children, width, f"heading{level}", images=False)
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_items(node, width, style)
        if kind == "blockquote_open":
            indent = _indent(QUOTE_INDENT, width)
            box = Box(left=indent, bar=self.sheet.color("quote_bar"), bar_width=2.0)
            inner = self.blocks(node.children, width - indent, style)
            return [Inset(inner, box, space_after=4)] if inner else []
        if kind in ("fence", "code_block", "html_block"):
            return [self.code(node.token.content, width)]
        if kind == "hr":
            return [HRFlowable(width="100%", thickness=0.5, color=self.sheet.color("rule"),
                               spaceBefore=4, spaceAfter=8)]  # fmt: skip
        if kind == "table_open":
            return self.table(node, width)
        if kind == "inline":
            return self.paragraph([node], width, style)
        return self.blocks(node.children, width, style)

    # -- inline text ------------------------------------------------------------

    def paragraph(
        self, nodes: Sequence[Node], width: float, style: str, *, images: bool = True
    ) -> list[Flowable]:
        out: list[Flowable] = []
        for node in nodes:
            if node.token.type != "inline":
                continue
            for piece in self.inline(node.token.children or [], images=images):
                if isinstance(piece, str):
                    if piece.strip():
                        out.extend(paragraphs(piece, self.sheet[style]))
                else:
                    out.extend(self.make_image(*piece, width))
        return out

    def inline(
        self, children: Sequence[Token], *, images: bool
    ) -> list[str | tuple[str, str, str]]:
        """Paragraph markup, split where a block image stands between the text."""
        pieces: list[str | tuple[str, str, str]] = []
        text: list[str] = []
        open_tags: list[tuple[str, str]] = []  # (opening markup, closing markup)

        def push(opening: str, closing: str) -> None:
            text.append(opening)
            open_tags.append((opening, closing))

        def pop() -> None:
            if open_tags:
                text.append(open_tags.pop()[1])

        for child in children:
            kind = child.type
            if kind in ("text", "html_inline"):
                text.append(escape(child.content))
            elif kind == "code_inline":
                code = with_fallback(child.content, MONO)
                text.append(f'<font face="{MONO}" size="{self._code_size()}">{code}</font>')
            elif kind == "softbreak":
                text.append(" ")
            elif kind == "hardbreak":
                text.append("<br/>")
            elif kind in ("strong_open", "em_open", "s_open"):
                tag = {"strong_open": "b", "em_open": "i", "s_open": "strike"}[kind]
                push(f"<{tag}>", f"</{tag}>")
            elif kind == "mark_open":
                push(f'<span backColor="{self.highlight_color}">', "</span>")
            elif kind in ("strong_close", "em_close", "s_close", "link_close", "mark_close"):
                pop()
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                if SAFE_LINK.match(href):
                    push(f'<a href="{attribute(href)}" color="{self.link_color}">', "</a>")
                else:
                    push("", "")
            elif kind == "image":
                src, title = str(child.attrs.get("src", "")), str(child.attrs.get("title") or "")
                if not images:
                    text.append(escape(child.content))
                    continue
                closing = "".join(close for _, close in reversed(open_tags))
                pieces.append("".join(text) + closing)
                pieces.append((src, child.content, title))
                text = [opening for opening, _ in open_tags]
            elif kind == "task_checkbox":
                if not child.meta.get("as_marker"):
                    text.append(escape(child.content))
            elif child.nesting == 0 and child.content:  # a construct not known here
                text.append(escape(child.content))
        pieces.append("".join(text) + "".join(close for _, close in reversed(open_tags)))
        return pieces

    def _code_size(self) -> float:
        return float(self.sheet["code"].fontSize) + 0.5

    # -- blocks -----------------------------------------------------------------

    def list_items(self, node: Node, width: float, style: str) -> list[Flowable]:
        ordered = node.token.type == "ordered_list_open"
        number = int(node.token.attrs.get("start", 1) or 1)
        depth = int(node.token.level) // 2
        markers: list[str] = []
        items = [child for child in node.children if child.token.type == "list_item_open"]
        for offset, item in enumerate(items):
            if not ordered and (checkbox := _task_checkbox(item)):
                checkbox.meta["as_marker"] = True  # printed as the marker, not in the text
                markers.append(checkbox.content)
            else:
                markers.append(f"{number + offset}." if ordered else BULLETS[depth % len(BULLETS)])
        widest = max((stringWidth(m, SANS, self.sheet[style].fontSize) for m in markers), default=0)
        indent = _indent(max(LIST_INDENT, widest + 8), width)
        out: list[Flowable] = []
        marker_style = self._aligned_style(style, "right")
        for item, marker in zip(items, markers, strict=True):
            inner = self.blocks(item.children, width - indent, style)
            if not inner:
                inner = [Paragraph("", self.sheet["list_body"])]
            box = Box(left=indent, marker_gap=5)
            out.append(
                Inset(inner, box, marker=paragraph(escape(marker), marker_style), space_after=2)
            )
        if out:
            out[-1].spaceAfter = 6
        return out

    def code(self, content: str, width: float) -> Flowable:
        style = self.sheet["code"]
        char_width = stringWidth("M", MONO, style.fontSize)
        marker_width = stringWidth(CONTINUATION, MONO, style.fontSize)
        columns = max(int((width - 2 * CODE_PADDING - marker_width) / char_width), 8)
        muted = self.sheet.color("muted").hexval().replace("0x", "#")
        lines: list[str] = []
        for line in content.rstrip("\n").expandtabs(4).split("\n"):
            for index, piece in enumerate(wrap_code_line(line, columns)):
                prefix = f'<font color="{muted}">{CONTINUATION}</font>' if index else ""
                lines.append(prefix + with_fallback(piece, MONO))
        box = Box(
            left=CODE_PADDING,
            right=CODE_PADDING,
            top=CODE_PADDING - 1,
            bottom=CODE_PADDING,
            fill=self.sheet.color("code_fill"),
            border=self.sheet.color("code_border"),
        )
        starts = range(0, len(lines), CODE_PIECE_LINES)
        pieces = [
            XPreformatted(
                "\n".join(lines[start : start + CODE_PIECE_LINES]),
                piece_style(style, first=start == 0, last=start == starts[-1]),
            )
            for start in starts
        ]
        return Inset(pieces, box, space_before=2, space_after=8)

    def _aligned_style(self, name: str, align: str) -> ParagraphStyle:
        key = (name, align)
        if key not in self._aligned:
            self._aligned[key] = ParagraphStyle(
                f"{name}-{align}", parent=self.sheet[name], alignment=_ALIGN[align]
            )
        return self._aligned[key]

    def table(self, node: Node, width: float) -> list[Flowable]:
        rows: list[list[Cell]] = []
        for nodes in _table_rows(node):
            cells: list[Cell] = []
            for cell in nodes:
                style = "table_header" if cell.token.type == "th_open" else "table_cell"
                inline = [child.token for child in cell.children if child.token.type == "inline"]
                tokens = [t for token in inline for t in token.children or ()]
                text = "".join(p for p in self.inline(tokens, images=False) if isinstance(p, str))
                plain = "".join(markup.inline_text(token) for token in inline)
                cells.append(Cell(text, plain, self._aligned_style(style, _cell_align(cell.token))))
            rows.append(cells)
        columns = max(len(row) for row in rows)
        empty = Cell("", "", self.sheet["table_cell"])
        for row in rows:
            row.extend(empty for _ in range(columns - len(row)))
        return tables(rows, width, self.sheet)


def _leads_in(node: Node) -> bool:
    """A heading, or a paragraph ending in ":" (what follows belongs to it)."""
    if node.token.type == "heading_open":
        return True
    if node.token.type != "paragraph_open":
        return False
    inline = next((child.token for child in node.children if child.token.type == "inline"), None)
    return inline is not None and inline.content.rstrip().endswith(":")


def _task_checkbox(item: Node) -> Token | None:
    """The ☐/☒ that starts a task-list item, if it is one."""
    if not item.children or item.children[0].token.type != "paragraph_open":
        return None
    for inline in item.children[0].children:
        children = inline.token.children
        if inline.token.type == "inline" and children and children[0].type == "task_checkbox":
            return children[0]
    return None


def _table_rows(node: Node) -> list[list[Node]]:
    rows: list[list[Node]] = []
    for section in node.children:
        for row in section.children:
            if row.token.type == "tr_open":
                rows.append(
                    [cell for cell in row.children if cell.token.type in ("th_open", "td_open")]
                )
    return rows or [[]]


def _cell_align(token: Token) -> str:
    style = str(token.attrs.get("style", ""))
    match = re.search(r"text-align:\s*(left|center|right)", style)
    return match.group(1) if match else "left"


def image_dpi_side(printed_points: float, dpi: float = 150.0) -> int:
    """Pixels along a side printed ``printed_points`` long at ``dpi``."""
    return max(math.ceil(printed_points / 72.0 * dpi), 16)

"""Prose (a talk's abstract and notes, as a :mod:`confexport.prose` tree) → reportlab
flowables.

:class:`Blocks` renders a tree's blocks, :class:`~confexport.exporters.pdf.inline.
InlineMarkup` the paragraph text inside each.  Raw HTML is text, as the prose tree
reads it; images go through the exporter's image callback (inside the notes folder
only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, XPreformatted
from reportlab.platypus.flowables import HRFlowable

from confexport import prose
from confexport.exporters.pdf.flowables import Box, Inset, paragraph, paragraphs, piece_style
from confexport.exporters.pdf.fragments import Markup
from confexport.exporters.pdf.inline import InlineLook, InlineMarkup, with_fallback
from confexport.exporters.pdf.style import MONO, SANS, StyleSheet
from confexport.exporters.pdf.tables import Cell, tables

#: Makes the flowables of one image: (src, alt, title, available width).
ImageMaker = Callable[[str, str, str, float], list[Flowable]]

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


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of ``text`` as Markdown would print them, when it is nothing but
    words (no tree needed); None when it has any Markdown syntax."""
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
    """Renders prose with one style sheet and one image callback."""

    def __init__(self, sheet: StyleSheet, make_image: ImageMaker) -> None:
        self.sheet = sheet
        self.make_image = make_image
        self.inline_look = InlineLook(
            link_color=sheet.color("accent").hexval().replace("0x", "#"),
            highlight_color=sheet.color("highlight").hexval().replace("0x", "#"),
            code_size=float(sheet["code"].fontSize) + 0.5,
        )
        self._aligned: dict[tuple[str, str], ParagraphStyle] = {}

    def render(self, text: str, width: float, style: str = "body") -> list[Flowable]:
        plain = plain_paragraphs(text)
        if plain is not None:
            return [part for piece in plain for part in paragraphs(piece, self.sheet[style])]
        return self.blocks(prose.tree(text), width, style)

    def blocks(self, parent: prose.Node, width: float, style: str) -> list[Flowable]:
        """The flowables of the blocks below ``parent`` (a prose tree's root, say)."""
        return Blocks(self, width, style).below(parent)

    def aligned_style(self, name: str, align: str) -> ParagraphStyle:
        key = (name, align)
        if key not in self._aligned:
            self._aligned[key] = ParagraphStyle(
                f"{name}-{align}", parent=self.sheet[name], alignment=_ALIGN[align]
            )
        return self._aligned[key]

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


class Blocks(prose.Visitor[list[Flowable]]):
    """The flowables of prose blocks set ``width`` wide in the paragraph ``style``.

    ``marker`` is the task box a list item prints as its marker (so not in its text).
    """

    #: List items, table rows and cells are read by their list's or table's method;
    #: the inline node inside a paragraph, heading or cell by :class:`InlineMarkup`.
    handled_by_parent = frozenset(("list_item", "thead", "tbody", "tr", "th", "td"))
    handled_by_parent |= prose.INLINES

    def __init__(
        self,
        shared: MarkdownFlowables,
        width: float,
        style: str,
        marker: prose.Node | None = None,
    ) -> None:
        self.shared = shared
        self.sheet = shared.sheet
        self.width = width
        self.style = style
        self.marker = marker

    def below(self, parent: prose.Node) -> list[Flowable]:
        """The flowables of ``parent``'s blocks, a lead-in kept with what follows."""
        out: list[Flowable] = []
        for node in parent.children:
            made = self.visit(node)
            if made and _leads_in(node):
                made[-1].keepWithNext = True  # never the last thing on a page
            out.extend(made)
        return out

    def fallback(self, text: str) -> list[Flowable]:
        return paragraphs(escape(text), self.sheet[self.style]) if text.strip() else []

    def visit_paragraph(self, node: prose.Node) -> list[Flowable]:
        tight = node.hidden and self.style == "body"
        return self.text(node, "list_body" if tight else self.style)

    def visit_heading(self, node: prose.Node) -> list[Flowable]:
        level = min(int(node.tag[1:]), 3)
        return self.text(node, f"heading{level}", images=False)

    def text(self, node: prose.Node, style: str, *, images: bool = True) -> list[Flowable]:
        """The paragraphs (and images) of the inline prose in ``node``."""
        out: list[Flowable] = []
        for inline in node.children:
            if inline.type != "inline":
                continue
            look = self.shared.inline_look
            for piece in InlineMarkup(look, images=images, marker=self.marker).render(inline):
                if isinstance(piece, Markup):
                    if not piece.blank():
                        out.extend(paragraphs(piece, self.sheet[style]))
                else:
                    out.extend(self.shared.make_image(*piece, self.width))
        return out

    def visit_blockquote(self, node: prose.Node) -> list[Flowable]:
        indent = _indent(QUOTE_INDENT, self.width)
        box = Box(left=indent, bar=self.sheet.color("quote_bar"), bar_width=2.0)
        inner = Blocks(self.shared, self.width - indent, self.style).below(node)
        return [Inset(inner, box, space_after=4)] if inner else []

    def visit_fence(self, node: prose.Node) -> list[Flowable]:
        return [self.shared.code(node.content, self.width)]

    visit_code_block = visit_fence

    def visit_hr(self, node: prose.Node) -> list[Flowable]:
        return [HRFlowable(width="100%", thickness=0.5, color=self.sheet.color("rule"),
                           spaceBefore=4, spaceAfter=8)]  # fmt: skip

    def visit_bullet_list(self, node: prose.Node) -> list[Flowable]:
        ordered = node.type == "ordered_list"
        number = int(node.attrs.get("start", 1) or 1)
        bullet = BULLETS[int(node.level) // 2 % len(BULLETS)]  # by depth
        items = [child for child in node.children if child.type == "list_item"]
        boxes = [None if ordered else _task_checkbox(item) for item in items]
        markers = [
            box.content if box else f"{number + offset}." if ordered else bullet
            for offset, box in enumerate(boxes)
        ]
        size = self.sheet[self.style].fontSize
        widest = max((stringWidth(marker, SANS, size) for marker in markers), default=0)
        indent = _indent(max(LIST_INDENT, widest + 8), self.width)
        marker_style = self.shared.aligned_style(self.style, "right")
        out: list[Flowable] = []
        for item, marker, box in zip(items, markers, boxes, strict=True):
            inner = Blocks(self.shared, self.width - indent, self.style, box).below(item)
            if not inner:
                inner = [Paragraph("", self.sheet["list_body"])]
            out.append(
                Inset(
                    inner,
                    Box(left=indent, marker_gap=5),
                    marker=paragraph(escape(marker), marker_style),
                    space_after=2,
                )
            )
        if out:
            out[-1].spaceAfter = 6
        return out

    visit_ordered_list = visit_bullet_list

    def visit_table(self, node: prose.Node) -> list[Flowable]:
        rows = [[self.cell(cell) for cell in row] for row in _table_rows(node)]
        columns = max(len(row) for row in rows)
        empty = Cell(Markup(), "", self.sheet["table_cell"])
        for row in rows:
            row.extend(empty for _ in range(columns - len(row)))
        return tables(rows, self.width, self.sheet)

    def cell(self, node: prose.Node) -> Cell:
        markup = Markup()
        words: list[str] = []
        for inline in node.children:
            if inline.type == "inline":
                rendered = InlineMarkup(self.shared.inline_look, images=False)
                for piece in rendered.render(inline):
                    if isinstance(piece, Markup):
                        markup.extend(piece)
                words += rendered.words
        style = "table_header" if node.type == "th" else "table_cell"
        align = self.shared.aligned_style(style, _cell_align(node))
        return Cell(markup, "".join(words), align)


def _leads_in(node: prose.Node) -> bool:
    """A heading, or a paragraph ending in ":" (what follows belongs to it)."""
    if node.type == "heading":
        return True
    if node.type != "paragraph":
        return False
    inline = next((child for child in node.children if child.type == "inline"), None)
    return inline is not None and inline.content.rstrip().endswith(":")


def _task_checkbox(item: prose.Node) -> prose.Node | None:
    """The ☐/☒ that starts a task-list item, if it is one."""
    if not item.children or item.children[0].type != "paragraph":
        return None
    for inline in item.children[0].children:
        children = inline.children
        if inline.type == "inline" and children and children[0].type == "task_checkbox":
            return children[0]
    return None


def _table_rows(node: prose.Node) -> list[list[prose.Node]]:
    rows: list[list[prose.Node]] = []
    for section in node.children:
        for row in section.children:
            if row.type == "tr":
                rows.append([cell for cell in row.children if cell.type in ("th", "td")])
    return rows or [[]]


def _cell_align(node: prose.Node) -> str:
    style = str(node.attrs.get("style", ""))
    match = re.search(r"text-align:\s*(left|center|right)", style)
    return match.group(1) if match else "left"


def image_dpi_side(printed_points: float, dpi: float = 150.0) -> int:
    """Pixels along a side printed ``printed_points`` long at ``dpi``."""
    return max(math.ceil(printed_points / 72.0 * dpi), 16)

"""Tables in the PDF handout, fitted to the text width however many columns they have.

A table whose columns fit is set as it is, its columns as wide as their text allows.
Past that, its font shrinks (down to :data:`FONT_FLOOR`); a table still too wide at
the floor is split into groups of columns printed one below the other, each
repeating the first column, so every row can still be read across.  A table with a
cell too long for a page is printed as paragraphs, a block a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from confexport.exporters.pdf.flowables import paragraph, paragraphs
from confexport.exporters.pdf.fragments import Markup
from confexport.exporters.pdf.style import SANS, StyleSheet, text_width

#: A table with a cell longer than this prints as paragraphs, a block a row:
#: reportlab lays a row out whole again on every page it reaches, so a cell running
#: over many pages would take time growing with the square of its length.
CELL_CHARACTERS = 5_000
#: Longest header that labels the cells below it when a table prints as paragraphs.
LABEL_CHARACTERS = 200
#: Smallest font size (points) a table's text shrinks to before it is split.
FONT_FLOOR = 5.5
#: Times the font is shrunk towards the size that fits (a word capped at a third of
#: the width, or a column no wider than its text, shrinks less than the font, so
#: one step can fall short).
SHRINK_STEPS = 4
#: Narrowest column, in ems of the table's font, however short its words.
MIN_COLUMN_EMS = 2.8
#: Cell padding, in ems of the table's font: left and right, top, bottom.
PADDING_EMS = (5 / 8.5, 3 / 8.5, 4 / 8.5)


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its paragraph text, its plain text (to measure) and its style."""

    markup: Markup
    text: str
    style: ParagraphStyle


@dataclass(frozen=True, slots=True)
class Layout:
    """How a table is set: its font size and, per printed table, its columns and widths."""

    size: float
    groups: tuple[tuple[tuple[int, ...], tuple[float, ...]], ...]


def layout(texts: Sequence[Sequence[str]], width: float, size: float) -> Layout:
    """The font size and column groups that fit the plain ``texts`` (rows of cells of
    equal length) into ``width``, starting from the font ``size``."""
    least = minimum_widths(texts, size, width)
    for _ in range(SHRINK_STEPS):
        if sum(least) <= width or size <= FONT_FLOOR:
            break
        size = max(size * width / sum(least), FONT_FLOOR)
        least = minimum_widths(texts, size, width)
    natural = natural_widths(texts, size)
    groups = column_groups(least, width) if sum(least) > width else [tuple(range(len(least)))]
    return Layout(
        size,
        tuple(
            (group, fit_widths([natural[c] for c in group], [least[c] for c in group], width))
            for group in groups
        ),
    )


def minimum_widths(texts: Sequence[Sequence[str]], size: float, width: float) -> list[float]:
    """Per column: the width its longest word needs (at most a third of ``width``, at
    least :data:`MIN_COLUMN_EMS`) plus the padding, never more than its natural width.
    A longer word wraps a character at a time."""
    padding = 2 * PADDING_EMS[0] * size
    return [
        min(
            max(min(_longest_word(texts, column, size), width / 3), MIN_COLUMN_EMS * size)
            + padding,
            natural,
        )
        for column, natural in enumerate(natural_widths(texts, size))
    ]


def natural_widths(texts: Sequence[Sequence[str]], size: float) -> list[float]:
    """Per column: its widest cell on one line, plus the padding."""
    padding = 2 * PADDING_EMS[0] * size
    return [
        max(text_width(row[column], _BOLD, size) for row in texts) + padding + 2
        for column in range(len(texts[0]))
    ]


def column_groups(minimum: Sequence[float], width: float) -> list[tuple[int, ...]]:
    """The columns in groups that each fit ``width`` with the first column repeated."""
    groups: list[tuple[int, ...]] = []
    group: list[int] = []
    used = minimum[0]
    for column in range(1, len(minimum)):
        if group and used + minimum[column] > width:
            groups.append((0, *group))
            group, used = [], minimum[0]
        group.append(column)
        used += minimum[column]
    groups.append((0, *group))
    return groups


def fit_widths(
    natural: Sequence[float], minimum: Sequence[float], width: float
) -> tuple[float, ...]:
    """Column widths: the natural ones if they fit, else the minimum ones with the room
    left shared out in proportion to what each column lacks of its natural width."""
    if sum(natural) <= width:
        return tuple(natural)
    spare = max(width - sum(minimum), 0.0)
    extra = [max(n - m, 0.0) for n, m in zip(natural, minimum, strict=True)]
    total_extra = sum(extra) or 1.0
    return tuple(m + spare * e / total_extra for m, e in zip(minimum, extra, strict=True))


def tables(rows: Sequence[Sequence[Cell]], width: float, sheet: StyleSheet) -> list[Flowable]:
    """The flowables of a table: one table, or one a column group (or, with a cell
    longer than :data:`CELL_CHARACTERS`, paragraphs)."""
    if any(len(cell.text) > CELL_CHARACTERS for row in rows for cell in row):
        return rows_as_paragraphs(rows, sheet)
    texts = [[cell.text for cell in row] for row in rows]
    base = float(sheet["table_cell"].fontSize)
    plan = layout(texts, width, base)
    style = table_style(sheet, plan.size)
    styles = {id(cell.style): cell.style for row in rows for cell in row}
    scaled = {key: _scaled(value, plan.size / base) for key, value in styles.items()}
    out: list[Flowable] = []
    for columns, widths in plan.groups:
        cells = [
            [paragraph(row[c].markup, scaled[id(row[c].style)]) for c in columns] for row in rows
        ]
        table = Table(cells, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(style)
        table.spaceBefore, table.spaceAfter = 2, 8
        out.append(table)
    return out


def rows_as_paragraphs(rows: Sequence[Sequence[Cell]], sheet: StyleSheet) -> list[Flowable]:
    """The table as paragraphs: each row's cells, labelled with their column's header
    when that is short, a rule between rows; the header's own cells first when one of
    them is too long to be a label."""
    header, *body = rows
    labels = [cell.markup if len(cell.text) <= LABEL_CHARACTERS else None for cell in header]
    out: list[Flowable] = []
    if not body or not all(label is not None and label.tags() for label in labels):
        out += _cells_as_paragraphs(header, [None] * len(header))
    for index, row in enumerate(body):
        if out or index:
            out.append(HRFlowable(width="100%", thickness=0.4, color=sheet.color("rule"),
                                  spaceBefore=2, spaceAfter=4))  # fmt: skip
        out += _cells_as_paragraphs(row, labels)
    out.append(Spacer(1, 8))
    return out


def _cells_as_paragraphs(row: Sequence[Cell], labels: Sequence[Markup | None]) -> list[Flowable]:
    out: list[Flowable] = []
    for cell, label in zip(row, labels, strict=True):
        if cell.text.strip():
            markup = cell.markup
            if label is not None and not label.blank():
                labelled = Markup().open("b").extend(label).text(":").close("b").text(" ")
                markup = labelled.extend(cell.markup)
            out += paragraphs(markup, cell.style)
    return out


def table_style(sheet: StyleSheet, size: float) -> TableStyle:
    side, top, bottom = (ems * size for ems in PADDING_EMS)
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), SANS),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), side),
            ("RIGHTPADDING", (0, 0), (-1, -1), side),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("BACKGROUND", (0, 0), (-1, 0), sheet.color("table_header_fill")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, sheet.color("table_stripe_fill")]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, sheet.color("accent")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, sheet.color("rule")),
        ]
    )


_BOLD = f"{SANS}-Bold"  # text is measured in bold, so header cells fit too


def _longest_word(texts: Sequence[Sequence[str]], column: int, size: float) -> float:
    return max(
        (text_width(word, _BOLD, size) for row in texts for word in row[column].split()),
        default=0.0,
    )


def _scaled(style: ParagraphStyle, scale: float) -> ParagraphStyle:
    """``style`` with its font size and leading times ``scale``."""
    if scale == 1:
        return style
    return ParagraphStyle(
        f"{style.name}-scaled",
        parent=style,
        fontSize=style.fontSize * scale,
        leading=style.leading * scale,
    )

"""Flowables the PDF handout needs beyond reportlab's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser


@dataclass(frozen=True, slots=True)
class Box:
    """How an :class:`Inset` is drawn: padding, fill, a left bar, a border, a marker."""

    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    fill: colors.Color | None = None
    bar: colors.Color | None = None
    bar_width: float = 2.5
    border: colors.Color | None = None
    dashed: bool = False
    #: Width of the gutter left of the content where ``marker`` is drawn.
    marker_gap: float = 5.0


class Inset(Flowable):  # type: ignore[misc]
    """A column of flowables drawn indented inside a :class:`Box`; splits across pages.

    Lists (the bullet is ``marker``), block quotes, code blocks and the abstract box
    are all insets, so each of them can break at a page end like plain paragraphs.
    """

    def __init__(
        self,
        content: Sequence[Flowable],
        box: Box,
        *,
        marker: Paragraph | None = None,
        space_before: float = 0.0,
        space_after: float = 0.0,
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.box = box
        self.marker = marker
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._placed: list[tuple[Flowable, float, float]] = []

    def _inner_width(self, available: float) -> float:
        return max(available - self.box.left - self.box.right, 1.0)

    def _gaps(self) -> list[float]:
        """Space above each child: the previous one's space after plus its own before."""
        gaps = [0.0]
        for previous, current in zip(self.content, self.content[1:], strict=False):
            gaps.append(previous.getSpaceAfter() + current.getSpaceBefore())
        return gaps

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self._inner_width(available_width)
        placed: list[tuple[Flowable, float, float]] = []
        total = 0.0
        for child, gap in zip(self.content, self._gaps(), strict=True):
            _, height = child.wrap(inner, max(available_height - total, 1.0))
            placed.append((child, gap, height))
            total += gap + height
        self._placed = placed
        self.width = available_width
        self.height = total + self.box.top + self.box.bottom
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        inner = self._inner_width(available_width)
        room = available_height - self.box.top - self.box.bottom
        used = 0.0
        for index, (child, gap) in enumerate(zip(self.content, self._gaps(), strict=True)):
            _, height = child.wrap(inner, max(room - used - gap, 1.0))
            if used + gap + height <= room:
                used += gap + height
                continue
            parts = child.split(inner, room - used - gap) if room - used - gap > 0 else []
            if parts:
                head = [*self.content[:index], parts[0]]
                tail = [*parts[1:], *self.content[index + 1 :]]
            elif index > 0:
                head, tail = self.content[:index], self.content[index:]
            else:
                return []
            return [self._copy(head, first=True), self._copy(tail, first=False)]
        return [self]

    def _copy(self, content: list[Flowable], *, first: bool) -> Inset:
        return Inset(
            content,
            self.box,
            marker=self.marker if first else None,
            space_before=self.spaceBefore if first else 0.0,
            space_after=0.0 if first else self.spaceAfter,
        )

    def draw(self) -> None:
        canvas, box = self.canv, self.box
        canvas.saveState()
        if box.fill is not None or box.border is not None:
            if box.border is not None:
                canvas.setStrokeColor(box.border)
                canvas.setLineWidth(0.6)
                if box.dashed:
                    canvas.setDash(3, 2)
            if box.fill is not None:
                canvas.setFillColor(box.fill)
            canvas.rect(
                0,
                0,
                self.width,
                self.height,
                stroke=box.border is not None,
                fill=box.fill is not None,
            )
        if box.bar is not None:
            canvas.setFillColor(box.bar)
            canvas.rect(0, 0, box.bar_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - box.top
        for child, gap, height in self._placed:
            y -= gap + height
            child.drawOn(canvas, box.left, y)
        if self.marker is not None:
            width = max(box.left - box.marker_gap, 1.0)
            _, height = self.marker.wrap(width, self.height)
            self.marker.drawOn(canvas, 0, self.height - box.top - height)


@dataclass(frozen=True, slots=True)
class Mark:
    """Set as ``flowable.mark``: an outline entry (and contents entry) where it lands."""

    key: str
    title: str
    #: What is marked: "book", "conference", "day" or "talk" (the header follows it).
    kind: str
    outline_level: int
    toc_level: int | None = None
    toc_text: str = ""


class MarkedParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph carrying a :class:`Mark`; when it splits, its first part keeps it."""

    def __init__(self, text: str | None, style: Any, mark: Mark | None = None, **kw: Any) -> None:
        super().__init__(text, style, **kw)
        self.mark = mark

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        if parts:
            parts[0].mark = self.mark
        return parts


_PLAIN_FRAGS: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}


def _plain_frag(style: ParagraphStyle) -> ParaFrag:
    """The fragment reportlab's parser makes of untagged text in ``style`` (once a style)."""
    known = _PLAIN_FRAGS.get(id(style))
    if known is None or known[0] is not style:
        _, frags, _ = ParaParser().parse("x", style)
        known = _PLAIN_FRAGS[id(style)] = (style, frags[0])
    return known[1]


def paragraph(markup: str, style: ParagraphStyle, mark: Mark | None = None) -> Paragraph:
    """``Paragraph(markup, style)``, skipping reportlab's markup parser when ``markup``
    has no tag or entity: the fragment is then the one the parser would have made."""
    if "<" in markup or "&" in markup or not markup.strip():
        if mark is None:
            return Paragraph(markup, style)
        return MarkedParagraph(markup, style, mark)
    text = cleanBlockQuotedText(markup)
    frags = [_plain_frag(style).clone(text=text, link=[], us_lines=[])]
    textTransformFrags(frags, style)
    if mark is None:
        return Paragraph(text, style, frags=frags)
    return MarkedParagraph(text, style, mark, frags=frags)

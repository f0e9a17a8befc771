"""Flowables the PDF handout needs beyond reportlab's own."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from confexport.exporters.pdf.fragments import Markup
from confexport.exporters.pdf.style import fallback_faces, runs_by_face

#: Most characters one Paragraph flowable holds.  reportlab breaks a paragraph's
#: lines again on every page it reaches, so a longer text (a line of a hundred
#: thousand words) is set as consecutive paragraphs of at most this many characters
#: (a few pages each), and layout time grows with the text, not with its square.
PIECE_CHARACTERS = 20_000
#: Longest run without a space one Paragraph holds.  reportlab measures such a run
#: a character at a time, so it is cut into pieces this long.
RUN_CHARACTERS = 1_000
_WORD = re.compile(r"\S+")


class Deferred(Flowable):  # type: ignore[misc]
    """Stands in a story for flowables made only when layout reaches them: an image,
    whose pixels are prepared meanwhile on another thread.  The document and
    :class:`Inset` put what it makes in its place (:func:`resolved`) before laying
    anything out, so layout only ever sees the flowables made."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self._make = make

    def made(self) -> list[Flowable]:
        flowables = self._make()
        if getattr(self, "keepWithNext", False) and flowables:
            flowables[-1].keepWithNext = True  # as the story asked of the stand-in
        return flowables

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        raise RuntimeError("a deferred flowable is laid out before it is made")


def resolved(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` with each :class:`Deferred` replaced by what it makes (the list
    itself when there is none)."""
    if not any(isinstance(flowable, Deferred) for flowable in flowables):
        return flowables
    out: list[Flowable] = []
    for flowable in flowables:
        out += flowable.made() if isinstance(flowable, Deferred) else [flowable]
    return out


def laid_out(content: list[Flowable]) -> list[Flowable]:
    """An :class:`Inset`'s content as it lays it out: each :class:`Deferred` made, and
    a group kept together (a captioned picture) as its flowables, one after the other:
    reportlab keeps a group together only in a frame, and an inset is none."""
    content = resolved(content)
    if not any(isinstance(flowable, KeepTogether) for flowable in content):
        return content
    return [
        part
        for flowable in content
        for part in (flowable._content if isinstance(flowable, KeepTogether) else [flowable])
    ]


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

    def _gaps(self) -> Iterator[float]:
        """Space above each child: the previous one's space after plus its own before."""
        yield 0.0
        for previous, current in itertools.pairwise(self.content):
            yield previous.getSpaceAfter() + current.getSpaceBefore()

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The size of the whole inset, or of as much of it as shows it is taller than
        ``available_height``: the frame then splits it, and a long one is not measured
        whole again on every page it reaches."""
        self.content = laid_out(self.content)
        inner = self._inner_width(available_width)
        placed: list[tuple[Flowable, float, float]] = []
        total = 0.0
        # A point over the room, so the frame never takes a cut-short inset as fitting.
        room = available_height - self.box.top - self.box.bottom + 1.0
        for child, gap in zip(self.content, self._gaps(), strict=False):
            if total > room:
                break
            _, height = child.wrap(inner, max(available_height - total, 1.0))
            placed.append((child, gap, height))
            total += gap + height
        self._placed = placed
        self.width = available_width
        self.height = total + self.box.top + self.box.bottom
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.content = laid_out(self.content)
        inner = self._inner_width(available_width)
        room = available_height - self.box.top - self.box.bottom
        used = 0.0
        for index, (child, gap) in enumerate(zip(self.content, self._gaps(), strict=False)):
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
    #: The contents line's text (when ``toc_level`` is set).
    toc_text: Markup | None = None


class WrappedOnce(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once for a width.  reportlab lays a flowable
    out again at the width it has just been measured in (a group kept together is
    measured whole, then each of its flowables; an :class:`Inset` measures its content,
    then splits it), and a paragraph's lines depend on the width alone.  (Right-to-left
    lines are turned in place when drawn: those are broken every time.)"""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        state = self.__dict__
        if state.get("_wrapped_width") == available_width and "blPara" in state:
            return self.width, self.height  # (a split that cannot split drops the lines)
        size: tuple[float, float] = super().wrap(available_width, available_height)
        if "blPara" in self.__dict__ and self.style.wordWrap != "RTL":
            self._wrapped_width = available_width
        return size


class MarkedParagraph(WrappedOnce):
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


def paragraph(markup: str | Markup, style: ParagraphStyle, mark: Mark | None = None) -> Paragraph:
    """``Paragraph(markup, style)``.  reportlab's markup parser reads only a string
    that has a tag or entity: the fragments of :class:`Markup` are made straight
    (:meth:`Markup.fragments`), and so is the fragment of untagged text."""
    if isinstance(markup, Markup):
        markup = markup.plain() or markup
    if isinstance(markup, Markup):
        text = markup.words()
        frags = markup.fragments(style)
    elif "<" in markup or "&" in markup or not markup.strip():
        parsed = (
            WrappedOnce(markup, style) if mark is None else MarkedParagraph(markup, style, mark)
        )
        parsed.frags = with_fallback_faces(parsed.frags)
        return parsed
    else:
        text = cleanBlockQuotedText(markup)
        frags = [_plain_frag(style).clone(text=text, link=[], us_lines=[])]
        textTransformFrags(frags, style)
    frags = with_fallback_faces(frags)
    if mark is None:
        return WrappedOnce(text, style, frags=frags)
    return MarkedParagraph(text, style, mark, frags=frags)


def with_fallback_faces(frags: list[ParaFrag]) -> list[ParaFrag]:
    """``frags``, where a face that lacks some of its characters has fallbacks
    (:func:`fallback_faces`: DejaVu Sans for the serif, the CJK font when one is given):
    those characters then are set in a fallback, so they print rather than as boxes.
    Fragments in other faces are kept as they are."""
    if not any(fallback_faces(getattr(frag, "fontName", "")) for frag in frags):
        return frags
    out: list[ParaFrag] = []
    for frag in frags:
        text: str = getattr(frag, "text", "")
        if not text or getattr(frag, "cbDefn", None) is not None:
            out.append(frag)
            continue
        face = getattr(frag, "fontName", "")
        runs = runs_by_face(text, face)
        out += [frag] if len(runs) == 1 and runs[0][1] == face else [
            frag.clone(text=run, fontName=face) for run, face in runs
        ]  # fmt: skip
    return out


def paragraphs(
    markup: str | Markup, style: ParagraphStyle, mark: Mark | None = None
) -> list[Paragraph]:
    """``paragraph(markup, style, mark)``, as consecutive paragraphs when its text is
    longer than :data:`PIECE_CHARACTERS` or has a run longer than
    :data:`RUN_CHARACTERS`: they read as one, with no space between them, and the
    first carries ``mark``."""
    whole = paragraph(markup, style, mark)
    length = len(markup.words() if isinstance(markup, Markup) else markup)
    if length <= RUN_CHARACTERS:  # the text is no longer than that
        return [whole]
    cuts = cut_points("".join(getattr(frag, "text", "") for frag in whole.frags))
    if not cuts:
        return [whole]
    pieces = _cut_frags(whole.frags, cuts)
    last = len(pieces) - 1
    out: list[Paragraph] = []
    for index, frags in enumerate(pieces):
        piece = piece_style(style, first=index == 0, last=index == last)
        if index == 0 and mark is not None:
            out.append(MarkedParagraph("", piece, mark, frags=frags))
        else:
            out.append(WrappedOnce("", piece, frags=frags))
    return out


def cut_points(text: str) -> list[int]:
    """Where to cut ``text`` so that no piece is longer than :data:`PIECE_CHARACTERS`
    (cut before a word) and no run without a space longer than :data:`RUN_CHARACTERS`
    (cut inside it: reportlab fills its lines a character at a time anyway)."""
    cuts: list[int] = []
    start = 0
    for word in _WORD.finditer(text):
        begin, end = word.span()
        if min(end, begin + RUN_CHARACTERS) - start > PIECE_CHARACTERS and begin > start:
            cuts.append(begin)
            start = begin
        for cut in range(begin + RUN_CHARACTERS, end, RUN_CHARACTERS):
            cuts.append(cut)
            start = cut
    return cuts


def _cut_frags(frags: Sequence[ParaFrag], cuts: Sequence[int]) -> list[list[ParaFrag]]:
    """``frags`` in groups that end at the text offsets ``cuts`` (ascending)."""
    groups: list[list[ParaFrag]] = []
    group: list[ParaFrag] = []
    pending = iter(cuts)
    cut = next(pending, None)
    offset = 0
    for frag in frags:
        text: str = getattr(frag, "text", "")
        start = 0
        while cut is not None and cut <= offset + len(text):
            at = cut - offset
            if at > start:
                group.append(frag.clone(text=text[start:at]))
            if group:
                groups.append(group)
                group = []
            start = at
            cut = next(pending, None)
        if start == 0:
            group.append(frag)
        elif start < len(text):
            group.append(frag.clone(text=text[start:]))
        offset += len(text)
    if group:
        groups.append(group)
    return groups


@functools.lru_cache(maxsize=64)
def piece_style(style: ParagraphStyle, *, first: bool, last: bool) -> ParagraphStyle:
    """``style`` for one piece of a cut paragraph: no space nor indent where it joins
    the next or the previous piece."""
    joined: dict[str, float] = {}
    if not first:
        joined |= {"spaceBefore": 0.0, "firstLineIndent": 0.0}
    if not last:
        joined["spaceAfter"] = 0.0
    return ParagraphStyle(f"{style.name}-piece", parent=style, **joined)

"""The handout's document: page templates, running header and footer, bookmarks."""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import md5
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from confexport.exporters.pdf.contents import PageNumbers
from confexport.exporters.pdf.flowables import Deferred, Mark
from confexport.exporters.pdf.style import SANS, StyleSheet, runs_by_face, text_width
from confexport.model import Conference, all_tags


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The PDF's document information and language."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str

    @classmethod
    def of(cls, conference: Conference) -> DocumentInfo:
        return cls.of_book(conference.title, [conference], conference.subtitle)

    @classmethod
    def of_book(
        cls, title: str, conferences: Sequence[Conference], subject: str = ""
    ) -> DocumentInfo:
        authors = dict.fromkeys(a for c in conferences for a in c.authors)
        speakers = sorted({name for c in conferences for t in c.talks for name in t.speakers})
        titles = [c.title for c in conferences]
        return cls(
            title=title,
            author=", ".join(authors),
            subject=subject or f"Notes from {', '.join(titles)}",
            keywords=("conference notes", *titles, *all_tags(conferences), *speakers),
            language=conferences[0].language if conferences else "en",
        )


class HandoutDocument(BaseDocTemplate):  # type: ignore[misc]
    """Page templates, running header and footer, outline and contents entries."""

    def __init__(
        self,
        buffer: io.BytesIO,
        info: DocumentInfo,
        sheet: StyleSheet,
        pagesize: tuple[float, float],
        *,
        epoch: int,
    ) -> None:
        page = sheet.page
        self.epoch = epoch
        left, right = side_margins(sheet, pagesize[0])
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=left,
            rightMargin=right,
            topMargin=page["margin_top"],
            bottomMargin=page["margin_bottom"],
            title=info.title,
            author=info.author,
            subject=info.subject,
            keywords=list(info.keywords),
            creator="confexport",
            lang=info.language or "en",
            invariant=1,
            initialFontName=SANS,
        )
        self.sheet = sheet
        #: Left of the running header: the conference whose pages these are.
        self.running_title = info.title
        self.current_day = ""
        self._day_on_page = ""
        self.page_numbers = PageNumbers()
        frame = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
        cover = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="cover", **frame
        )
        body = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", **frame
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [cover], onPage=self._draw_cover_band),
                PageTemplate("body", [body], onPage=self._start_page, onPageEnd=self._furniture),
            ]
        )

    def _makeCanvas(self, *args: Any, **kwargs: Any) -> Any:
        """reportlab's canvas, its document dated by the export clock (reportlab would
        read ``SOURCE_DATE_EPOCH`` itself, or date an invariant document 2000-01-01)."""
        canvas = super()._makeCanvas(*args, **kwargs)
        document = canvas._doc
        document._timeStamp = _timestamp(self.epoch)
        document.signature = md5(b"a reportlab document", usedforsecurity=False)
        document.signature.update(ascii(self.epoch).encode())  # the ID, as reportlab seeds it
        return canvas

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        """Make each :class:`Deferred` flowable layout is about to meet: the next one,
        and those it keeps with (reportlab groups them before laying any out)."""
        index = 0
        while index < len(flowables):
            if isinstance(flowables[index], Deferred):
                flowables[index : index + 1] = flowables[index].made()
                continue
            if not flowables[index].getKeepWithNext():
                return
            index += 1

    def afterFlowable(self, flowable: Flowable) -> None:
        mark: Mark | None = getattr(flowable, "mark", None)
        if mark is None:
            return
        top = self.frame._y + flowable.height + 6
        self.canv.bookmarkPage(mark.key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(mark.title, mark.key, mark.outline_level, closed=False)
        if mark.toc_level is not None:
            self.page_numbers.found(mark.key, self.page)
        if mark.kind == "conference":
            self.running_title = mark.title
            self.current_day = ""
        elif mark.kind == "day":
            self.current_day = mark.title
            self._day_on_page = self._day_on_page or mark.title

    def _start_page(self, canvas: Any, document: Any) -> None:
        self._day_on_page = ""

    def _draw_cover_band(self, canvas: Any, document: Any) -> None:
        width, height = self.pagesize
        canvas.saveState()
        canvas.setFillColor(self.sheet.color("accent"))
        canvas.rect(0, height - 14, width, 14, stroke=0, fill=1)
        canvas.rect(0, 0, 6, height, stroke=0, fill=1)
        canvas.restoreState()

    def _furniture(self, canvas: Any, document: Any) -> None:
        """Running header (conference, day) and footer (page number)."""
        width, height = self.pagesize
        page, sheet = self.sheet.page, self.sheet
        left, right = self.leftMargin, width - self.rightMargin
        header_y = height - self.topMargin + page["header_gap"]
        header, footer = sheet["header"], sheet["footer"]
        canvas.saveState()
        canvas.setFont(header.fontName, header.fontSize)
        canvas.setFillColor(header.textColor)
        half = (right - left) / 2 - 6
        title = _fit(self.running_title, header.fontName, header.fontSize, half)
        _draw_runs(canvas, left, header_y, title, header.fontName, header.fontSize)
        day = _fit(self._day_on_page or self.current_day, header.fontName, header.fontSize, half)
        _draw_runs(canvas, right, header_y, day, header.fontName, header.fontSize, flush_right=True)
        canvas.setStrokeColor(sheet.color("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(left, header_y - 4, right, header_y - 4)
        canvas.setFont(footer.fontName, footer.fontSize)
        canvas.setFillColor(footer.textColor)
        canvas.drawCentredString(
            width / 2, self.bottomMargin - page["footer_gap"], str(canvas.getPageNumber())
        )
        canvas.restoreState()


def side_margins(sheet: StyleSheet, page_width: float) -> tuple[float, float]:
    """The sheet's side margins, both widened alike when its measure is narrower than
    the room between them."""
    left, right = sheet.page["margin_left"], sheet.page["margin_right"]
    measure = sheet.measure()
    room = page_width - left - right
    if measure is None or measure >= room:
        return left, right
    extra = (room - measure) / 2
    return left + extra, right + extra


def _draw_runs(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, *, flush_right: bool = False
) -> None:
    """Draw ``text`` from ``x`` (or ending at ``x``), the characters ``font`` lacks in
    its fallback faces; the font set before is ``font``."""
    runs = runs_by_face(text, font)
    if len(runs) <= 1:
        (canvas.drawRightString if flush_right else canvas.drawString)(x, y, text)
        return
    if flush_right:
        x -= text_width(text, font, size)
    for run, face in runs:
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, face, size)
    canvas.setFont(font, size)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text``, or its longest start that fits ``width`` with an ellipsis."""
    # No glyph that takes room is narrower than a tenth of an em: what lies beyond
    # that many characters cannot fit, and is not measured on every page.
    shown = text[: int(width / size * 10) + 1]
    if len(shown) == len(text) and text_width(text, font, size) <= width:
        return text
    text = shown
    fits, too_long = 0, len(text)
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if text_width(text[:middle] + "…", font, size) <= width:
            fits = middle
        else:
            too_long = middle
    return text[:fits].rstrip() + "…"


def _timestamp(epoch: int) -> TimeStamp:
    """A reportlab timestamp of ``epoch``, in UTC."""
    stamp = TimeStamp(invariant=1)
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp

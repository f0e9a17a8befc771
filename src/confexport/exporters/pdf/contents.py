"""The handout's table of contents, laid out in the same single pass as the body.

A contents line is drawn before the page it points to is known, so each contents
page draws a named PDF form where its page numbers go, and
:class:`PageNumberForms`, the last flowable of the story, defines those forms once
the whole document has been laid out.  No second layout pass is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from confexport.exporters.pdf.flowables import paragraph
from confexport.exporters.pdf.fragments import Markup

#: Room kept right of every title for the leader and the page number.
NUMBER_COLUMN = 40.0
#: Space between the leader and the page number.
GAP = 4.0
LEADER = " . "
_CALLBACK = "confexport_contents_end"


@dataclass(slots=True)
class _Entry:
    style: ParagraphStyle
    dots: bool
    page: int | None = None
    #: Where it was drawn, in page coordinates: end of the title, right edge, baseline.
    end_x: float = 0.0
    right_x: float = 0.0
    baseline: float = 0.0


@dataclass(slots=True)
class _Form:
    keys: list[str] = field(default_factory=list)


class PageNumbers:
    """The page of every contents entry, filled in as the body is laid out."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._forms: dict[str, _Form] = {}

    def add(self, key: str, style: ParagraphStyle, *, dots: bool) -> None:
        self._entries[key] = _Entry(style, dots)

    def found(self, key: str, page: int) -> None:
        """The flowable with ``key`` landed on ``page`` (its first landing counts)."""
        entry = self._entries.get(key)
        if entry is not None and entry.page is None:
            entry.page = page

    def drawn(self, canvas: Any, key: str, end_x: float, right_x: float, baseline: float) -> None:
        """Entry ``key`` was drawn (``canvas`` coordinates); its number goes in the
        form of the page it is on, which the page draws with its first entry."""
        entry = self._entries[key]
        entry.end_x, entry.baseline = canvas.absolutePosition(end_x, baseline)
        entry.right_x = canvas.absolutePosition(right_x, baseline)[0]
        name = f"contents-page-{canvas.getPageNumber()}"
        if name not in self._forms:
            self._forms[name] = _Form()
            origin_x, origin_y = canvas.absolutePosition(0, 0)
            canvas.saveState()
            canvas.translate(-origin_x, -origin_y)
            canvas.doForm(name)
            canvas.restoreState()
        self._forms[name].keys.append(key)

    def define_forms(self, canvas: Any) -> None:
        """For each contents page, a form of its leader dots and page numbers."""
        for name, form in self._forms.items():
            canvas.beginForm(name)
            for key in form.keys:
                self._draw_number(canvas, self._entries[key])
            canvas.endForm()

    @staticmethod
    def _draw_number(canvas: Any, entry: _Entry) -> None:
        style = entry.style
        font, size = style.fontName, style.fontSize
        number = "" if entry.page is None else str(entry.page)
        number_width = stringWidth(number, font, size)
        canvas.setFont(font, size)
        canvas.setFillColor(style.textColor)
        canvas.drawRightString(entry.right_x, entry.baseline, number)
        if entry.dots:
            dot = stringWidth(LEADER, font, size)
            room = entry.right_x - entry.end_x - number_width - GAP
            count = int(room / dot) if room > 0 else 0
            canvas.drawRightString(
                entry.right_x - number_width - GAP, entry.baseline, LEADER * count
            )


class ContentsLine(Flowable):  # type: ignore[misc]
    """A linked title with its leader and page number (a form defined later)."""

    def __init__(
        self, text: Markup, key: str, style: ParagraphStyle, pages: PageNumbers, *, dots: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.style = style
        self.pages = pages
        line = Markup().open("a", href=f"#{key}").extend(text).close("a")
        self.paragraph = paragraph(line.open("onDraw", name=_CALLBACK, label="end"), style)
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self._end = (0.0, 0.0)
        pages.add(key, style, dots=dots)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(available_width - NUMBER_COLUMN, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []

    def _remember_end(self, canvas: Any, kind: str, label: str) -> None:
        info = canvas._curr_tx_info  # where reportlab's own contents put their numbers
        self._end = (float(info["cur_x"]), float(info["cur_y"]))

    def draw(self) -> None:
        canvas = self.canv
        canvas.setNamedCB(_CALLBACK, self._remember_end)
        self.paragraph.drawOn(canvas, 0, 0)
        end_x, baseline = self._end
        self.pages.drawn(canvas, self.key, end_x, self.width, baseline)
        top = baseline + self.style.fontSize
        canvas.linkRect("", self.key, (end_x, baseline - 2, self.width, top), relative=1)


class PageNumberForms(Flowable):  # type: ignore[misc]
    """Takes no room; drawn last, it defines the page-number forms of the contents."""

    def __init__(self, pages: PageNumbers) -> None:
        super().__init__()
        self.pages = pages
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.pages.define_forms(self.canv)

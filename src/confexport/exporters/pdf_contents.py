"""The handout's table of contents, laid out in the same single pass as the body.

A contents line is drawn before the page it points to is known, so its page number
is a named PDF form: the line draws the form where its number goes, and
:class:`PageNumberForms`, the last flowable of the story, defines every form once
the whole document has been laid out.  No second layout pass is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

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
    lead: float = 0.0  # from the end of the title to the right edge
    page: int | None = None


class PageNumbers:
    """The page of every contents entry, filled in as the body is laid out."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    def add(self, key: str, style: ParagraphStyle, *, dots: bool) -> None:
        self._entries[key] = _Entry(style, dots)

    def found(self, key: str, page: int) -> None:
        """The flowable with ``key`` landed on ``page`` (its first landing counts)."""
        entry = self._entries.get(key)
        if entry is not None and entry.page is None:
            entry.page = page

    def drawn(self, key: str, lead: float) -> None:
        self._entries[key].lead = lead

    @staticmethod
    def form_name(key: str) -> str:
        return f"page-number-{key}"

    def define_forms(self, canvas: Any) -> None:
        """One form an entry: its leader dots and its page number, right-aligned at 0."""
        for key, entry in self._entries.items():
            style = entry.style
            font, size = style.fontName, style.fontSize
            number = "" if entry.page is None else str(entry.page)
            number_width = stringWidth(number, font, size)
            left = -max(entry.lead, number_width)
            canvas.beginForm(
                self.form_name(key), lowerx=left, lowery=-size, upperx=1, uppery=size * 1.5
            )
            canvas.setFont(font, size)
            canvas.setFillColor(style.textColor)
            canvas.drawRightString(0, 0, number)
            if entry.dots:
                dot = stringWidth(LEADER, font, size)
                room = entry.lead - number_width - GAP
                count = int(room / dot) if room > 0 else 0
                canvas.drawRightString(-number_width - GAP, 0, LEADER * count)
            canvas.endForm()


class ContentsLine(Flowable):  # type: ignore[misc]
    """A linked title with its leader and page number (a form defined later)."""

    def __init__(
        self, text: str, key: str, style: ParagraphStyle, pages: PageNumbers, *, dots: bool
    ) -> None:
        super().__init__()
        self.key = key
        self.style = style
        self.pages = pages
        self.paragraph = Paragraph(
            f'<a href="#{key}">{text}</a><onDraw name="{_CALLBACK}" label="end"/>', style
        )
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
        self.pages.drawn(self.key, self.width - end_x)
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(PageNumbers.form_name(self.key))
        canvas.restoreState()
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

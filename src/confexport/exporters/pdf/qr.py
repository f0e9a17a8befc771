"""A talk link with a QR code beside it (``-O qr=true``), drawn with reportlab's own
QR widget, so a reader of the paper handout opens the talk page with a phone."""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

#: Longest link (in UTF-8 bytes) given a code: a longer one needs so many modules
#: that the code would have to be printed large to stay legible.
LONGEST_CODED_LINK = 200
#: Smallest printed module (one square of the code) a phone camera reads reliably.
SMALLEST_MODULE = 0.33 * mm
#: White modules around the code, as the QR standard asks.
QUIET_ZONE = 4


def can_encode(url: str) -> bool:
    return len(url.encode("utf-8")) <= LONGEST_CODED_LINK


def qr_drawing(url: str, size: float) -> Drawing:
    """``url``'s QR code (error correction M), at least ``size`` points wide, and
    wider when its modules would otherwise print smaller than :data:`SMALLEST_MODULE`."""
    widget = QrCodeWidget(url, barLevel="M", barBorder=QUIET_ZONE, barWidth=size, barHeight=size)
    code = widget.draw()  # encodes the link (the slow part: once a code)
    side = max(size, (widget.qr.getModuleCount() + 2 * QUIET_ZONE) * SMALLEST_MODULE)
    if side > size:
        widget.barWidth = widget.barHeight = side
        code = widget.draw()
    drawing = Drawing(side, side)
    drawing.add(code)
    return drawing


class LinkWithCode(Flowable):  # type: ignore[misc]
    """A link's paragraph on the left and its QR code on the right of the frame, the
    text centred on the code's height; the code is a link too."""

    def __init__(self, link: Paragraph, url: str, size: float, gap: float) -> None:
        super().__init__()
        self.link = link
        self.url = url
        self.code = qr_drawing(url, size)
        self.gap = gap
        self._text_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = max(available_width - self.code.width - self.gap, 1.0)
        _, self._text_height = self.link.wrap(text_width, available_height)
        self.width = available_width
        self.height = max(self.code.height, self._text_height)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.link.drawOn(canvas, 0, (self.height - self._text_height) / 2)
        left, bottom = self.width - self.code.width, self.height - self.code.height
        self.code.drawOn(canvas, left, bottom)
        box = (left, bottom, left + self.code.width, bottom + self.code.height)
        canvas.linkURL(self.url, box, relative=1)

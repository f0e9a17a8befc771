"""Images in the PDF handout: found inside the notes folder, sized for print, captioned."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether

from confexport import media
from confexport.context import ExportContext
from confexport.exporters.pdf.flowables import Box, Inset, paragraphs
from confexport.exporters.pdf.inline import SAFE_LINK, attribute
from confexport.exporters.pdf.markdown import image_dpi_side
from confexport.exporters.pdf.style import StyleSheet
from confexport.images import ImageCatalog, ImageUse, placeholder
from confexport.model import Conference

#: Print resolution images are downsampled to.
PRINT_DPI = 150.0
#: Pixels per inch a small image is shown at when it is narrower than the text (CSS px).
NATURAL_DPI = 96.0


class SharedImage:
    """One prepared image, embedded once per PDF however many times it is drawn.

    reportlab names an image it is not handed as an ``ImageReader`` by its string
    and embeds each name once, so the name here is a digest of the encoded bytes,
    computed once.  The decoder behind it is opened only when reportlab embeds the
    image (a JPEG is copied as it is; a PNG is decoded once) and dropped afterwards,
    so no decoded pixels stay in memory.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.name = "confexport-image-" + hashlib.sha256(data).hexdigest()[:32]
        self._reader: ImageReader | None = None

    def __str__(self) -> str:
        return self.name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") or attribute == "_reader":
            raise AttributeError(attribute)
        if self._reader is None:
            self._reader = ImageReader(io.BytesIO(self.data))
        return getattr(self._reader, attribute)

    def release(self) -> None:
        self._reader = None


class Picture(Flowable):  # type: ignore[misc]
    """A :class:`SharedImage` printed at a fixed size, centred in the frame."""

    def __init__(self, image: SharedImage, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width, self.height = width, height
        self.hAlign = "CENTER"
        self.spaceBefore = 4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")
        self.image.release()


class ImagePlacer:
    """Makes the flowables for one Markdown image, from the export's image catalog."""

    def __init__(self, sheet: StyleSheet, max_height: float) -> None:
        self.sheet = sheet
        self.max_height = max_height
        #: The export's services: its image catalog and ``warn`` (set by :func:`render`).
        self.context: ExportContext | None = None
        #: Whose images are being placed: they come from its folder or resource paths.
        self.conference: Conference | None = None
        self._uses: dict[int, ImageUse] = {}
        self._pictures: dict[tuple[Path, float], tuple[SharedImage, float, float]] = {}

    def __call__(self, src: str, alt: str, title: str, width: float) -> list[Flowable]:
        if self.conference is None:
            return [self._placeholder(src, alt, remote=False)]
        use = self._use(self.conference)
        found = use.lookup(src, image_dpi_side(width, PRINT_DPI))
        if found.prepared is None or found.located.path is None:
            return [self._placeholder(src, alt, remote=found.remote)]
        picture = self._picture(use.catalog, found.located.path, found.prepared, width)
        caption = alt or title
        if not caption:
            return [picture]
        return [KeepTogether([picture, *paragraphs(escape(caption), self.sheet["caption"])])]

    def _use(self, conference: Conference) -> ImageUse:
        if id(conference) not in self._uses:
            context = self.context or ExportContext.from_environment([conference])
            self._uses[id(conference)] = ImageUse(context, conference)
        return self._uses[id(conference)]

    def _picture(
        self, catalog: ImageCatalog, path: Path, prepared: media.PreparedImage, width: float
    ) -> Picture:
        key = (path, width)
        if key not in self._pictures:
            self._pictures[key] = self._fit(catalog, path, prepared, width)
        return Picture(*self._pictures[key])

    def _fit(
        self, catalog: ImageCatalog, path: Path, prepared: media.PreparedImage, width: float
    ) -> tuple[SharedImage, float, float]:
        """The image at the size it prints, its pixels at print resolution."""
        aspect = prepared.height / prepared.width
        printed_width = min(width, prepared.width * 72.0 / NATURAL_DPI, self.max_height / aspect)
        printed_height = printed_width * aspect
        needed = image_dpi_side(max(printed_width, printed_height), PRINT_DPI)
        if needed < max(prepared.width, prepared.height):
            prepared = catalog.prepare(path, needed)
        return SharedImage(prepared.data), printed_width, printed_height

    def _placeholder(self, src: str, alt: str, *, remote: bool) -> Flowable:
        if remote and SAFE_LINK.match(src):
            accent = self.sheet.color("accent").hexval().replace("0x", "#")
            label = escape(placeholder(src, alt, remote=True))
            text = f'<a href="{attribute(src)}" color="{accent}">{label}</a>'
        else:
            text = escape(placeholder(src, alt, remote=remote))
        box = Box(
            left=8,
            right=8,
            top=6,
            bottom=6,
            fill=self.sheet.color("placeholder_fill"),
            border=self.sheet.color("placeholder_border"),
            dashed=True,
        )
        content = paragraphs(text, self.sheet["placeholder"])
        return Inset(content, box, space_before=2, space_after=8)

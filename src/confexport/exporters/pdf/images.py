"""Images in the PDF handout: found inside the notes folder, sized for print, captioned;
prepared on a background thread while the story is built and laid out."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether

from confexport import media
from confexport.context import ExportContext
from confexport.exporters.pdf.flowables import Box, Deferred, Inset, paragraphs
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
    """Makes the flowables for one Markdown image, from the export's image catalog.

    Each image is prepared once, at the size it prints (found from its header), on a
    background thread started when the story meets it; its flowables are made (the
    pixels waited for) when layout reaches it (:class:`Deferred`).  Call :meth:`close`
    when the document is built.
    """

    def __init__(self, sheet: StyleSheet, max_height: float) -> None:
        self.sheet = sheet
        self.max_height = max_height
        #: The export's services: its image catalog and ``warn`` (set by :func:`render`).
        self.context: ExportContext | None = None
        #: Whose images are being placed: they come from its folder or resource paths.
        self.conference: Conference | None = None
        self._uses: dict[int, ImageUse] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._preparing: dict[tuple[Path, int], Future[media.PreparedImage]] = {}
        self._pictures: dict[tuple[Path, float], tuple[SharedImage, float, float]] = {}

    def __call__(self, src: str, alt: str, title: str, width: float) -> list[Flowable]:
        if self.conference is None:
            return [self._placeholder(src, alt, remote=False)]
        use = self._use(self.conference)
        located = use.locate(src)
        if located.path is None:
            return [self._placeholder(src, alt, remote=located.remote)]
        path = located.path
        size = use.catalog.size(path)
        if size is None:  # it will not decode either: placed now, warned where it is met
            pixels = functools.partial(use.catalog.prepare, path, image_dpi_side(width, PRINT_DPI))
            return self._made(use, src, alt, title, width, path, pixels)
        future = self._prepare(use.catalog, path, self._side(size, width))
        return [Deferred(functools.partial(
            self._made, use, src, alt, title, width, path, future.result
        ))]  # fmt: skip

    def close(self) -> None:
        """Stop the background thread (what it has not started is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _use(self, conference: Conference) -> ImageUse:
        if id(conference) not in self._uses:
            context = self.context or ExportContext.from_environment([conference])
            self._uses[id(conference)] = ImageUse(context, conference)
        return self._uses[id(conference)]

    def _side(self, size: tuple[int, int], width: float) -> int:
        """Pixels along the longer side of the image printed in ``width``: what print
        resolution needs, never more than the text width needs nor than the file has."""
        printed = max(self._printed_size(*size, width))
        return min(image_dpi_side(printed, PRINT_DPI), image_dpi_side(width, PRINT_DPI), max(size))

    def _printed_size(
        self, pixels_wide: int, pixels_high: int, width: float
    ) -> tuple[float, float]:
        """The printed width and height of an image of that many pixels: as wide as the
        text, a small one at its natural size, a tall one no taller than ``max_height``."""
        aspect = pixels_high / pixels_wide
        printed_width = min(width, pixels_wide * 72.0 / NATURAL_DPI, self.max_height / aspect)
        return printed_width, printed_width * aspect

    def _prepare(self, catalog: ImageCatalog, path: Path, side: int) -> Future[media.PreparedImage]:
        """``path`` being prepared at ``side`` on the background thread (started once)."""
        key = (path, side)
        if key not in self._preparing:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="confexport-pdf")
            self._preparing[key] = self._pool.submit(catalog.prepare, path, side)
        return self._preparing[key]

    def _made(
        self,
        use: ImageUse,
        src: str,
        alt: str,
        title: str,
        width: float,
        path: Path,
        pixels: Callable[[], media.PreparedImage],
    ) -> list[Flowable]:
        """The picture (captioned by ``alt`` or ``title``) once its ``pixels`` are
        ready, or the placeholder of an image that does not decode."""
        try:
            prepared = pixels()
        except media.ImageError as exc:
            use.warn(src, str(exc))
            return [self._placeholder(src, alt, remote=False)]
        picture = self._picture(path, prepared, width)
        caption = alt or title
        if not caption:
            return [picture]
        return [KeepTogether([picture, *paragraphs(escape(caption), self.sheet["caption"])])]

    def _picture(self, path: Path, prepared: media.PreparedImage, width: float) -> Picture:
        """The image printed in ``width``, at the aspect of the pixels it draws."""
        key = (path, width)
        if key not in self._pictures:
            printed = self._printed_size(prepared.width, prepared.height, width)
            self._pictures[key] = (SharedImage(prepared.data), *printed)
        return Picture(*self._pictures[key])

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

"""The PDF handout: cover, contents, one section a session, with reportlab Platypus.

Several notes files make one book (``--combine``): a cover listing the conferences,
contents for all of them, then a part per conference in date order.

Fonts are the embedded DejaVu family (Unicode text prints; characters they lack are
reported); the look comes from ``templates/pdf/style.yaml``.  Builds are
reproducible: reportlab's invariant mode plus ``SOURCE_DATE_EPOCH`` for the date.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from confexport.errors import ExportError
from confexport.exporters.pdf.contents import PageNumberForms
from confexport.exporters.pdf.document import DocumentInfo, HandoutDocument
from confexport.exporters.pdf.story import (
    ConferenceStory,
    Layout,
    book_cover,
    contents,
)
from confexport.exporters.pdf.style import load_style_sheet
from confexport.model import Conference, in_date_order
from confexport.text import paused_garbage_collection, source_date_epoch

PAPER = {"a4": A4, "letter": LETTER}


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """``-O`` options of the PDF handout."""

    #: Paper size; None takes the metadata's ``paper`` where the model has one, else A4.
    paper: Literal["a4", "letter"] | None = None
    #: A table of contents after the cover.
    toc: bool = True
    #: Leave out sessions marked "did not attend".
    attended_only: bool = False
    #: Print each session's official abstract.
    abstracts: bool = True
    #: A folder laid over the default templates (its ``pdf/style.yaml``).
    templates: str | None = None


class PdfExporter:
    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "a printable handout: cover, contents, every session (reportlab)"
    Options: ClassVar[type] = PdfOptions

    def export(self, conference: Conference, options: PdfOptions) -> bytes:
        source_date_epoch()  # refuse a malformed value before reportlab trips on it
        return build_handout(conference, options)

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: PdfOptions,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> bytes:
        """One book of several conferences: a part each, in date order."""
        if not conferences:
            raise ExportError("nothing to combine: no notes given")
        return build_book(conferences, options, title)


def paper_size(conference: Conference, options: PdfOptions) -> tuple[float, float]:
    wanted = options.paper or str(getattr(conference, "paper", None) or "a4").lower()
    size: tuple[float, float] = PAPER.get(wanted, A4)
    return size


def build_handout(conference: Conference, options: PdfOptions) -> bytes:
    """The handout of one conference: cover, contents, a section a day."""

    def story(layout: Layout) -> list[Flowable]:
        part = ConferenceStory(conference, layout)
        cover = [NextPageTemplate("body"), *part.cover()]
        levels = [layout.sheet["toc_day"], layout.sheet["toc_talk"]]
        return with_contents(cover, part.body(), levels, layout, options)

    return render(DocumentInfo.of(conference), paper_size(conference, options), options, story)


def build_book(conferences: Sequence[Conference], options: PdfOptions, title: str) -> bytes:
    """A book of several conferences: its cover, contents, then a part each."""
    ordered = in_date_order(conferences)

    def story(layout: Layout) -> list[Flowable]:
        parts = [ConferenceStory(c, layout, part=n) for n, c in enumerate(ordered, start=1)]
        body: list[Flowable] = []
        for part in parts:
            body += [NextPageTemplate("cover"), PageBreak(), NextPageTemplate("body")]
            body += [*part.cover(), *part.body()]
        sheet = layout.sheet
        levels = [sheet["toc_part"], sheet["toc_day"], sheet["toc_talk"]]
        return with_contents(book_cover(title, parts, layout), body, levels, layout, options)

    info = DocumentInfo.of_book(title, ordered)
    return render(info, paper_size(ordered[0], options), options, story)


def with_contents(
    cover: list[Flowable],
    body: list[Flowable],
    levels: list[Any],
    layout: Layout,
    options: PdfOptions,
) -> list[Flowable]:
    if not options.toc:
        return cover + body
    toc = contents(body, levels, layout.sheet, layout.pages)
    return [*cover, PageBreak(), *toc, *body, PageNumberForms(layout.pages)]


def render(
    info: DocumentInfo,
    pagesize: tuple[float, float],
    options: PdfOptions,
    story: Callable[[Layout], list[Flowable]],
) -> bytes:
    templates = Path(options.templates).expanduser() if options.templates else None
    sheet = load_style_sheet(templates)
    buffer = io.BytesIO()
    document = HandoutDocument(buffer, info, sheet, pagesize)
    layout = Layout(
        sheet,
        document.page_numbers,
        float(document.width),
        float(document.height),
        attended_only=options.attended_only,
        abstracts=options.abstracts,
    )
    with paused_garbage_collection(), binary_streams():
        document.build(story(layout))
    return buffer.getvalue()


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Streams written as binary rather than ASCII85 text: a quarter smaller, and faster."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved

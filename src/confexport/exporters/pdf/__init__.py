"""The PDF handout: cover, contents, one section a session, with reportlab Platypus.

Several notes files make one book (``--combine``): a cover listing the conferences,
contents for all of them, then a part per conference in date order.

Fonts are the embedded DejaVu family (Unicode text prints; characters they lack are
set in the ``-O cjk-font`` fallback when one is given, else reported); the look comes
from ``templates/pdf/style.yaml`` (and the context's templates).  Builds are
reproducible: reportlab's invariant mode, dated by the export context's clock.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from confexport.context import ExportContext, context_for
from confexport.errors import ExportError
from confexport.exporters.pdf.contents import PageNumberForms
from confexport.exporters.pdf.document import DocumentInfo, HandoutDocument
from confexport.exporters.pdf.story import (
    ConferenceStory,
    Layout,
    book_cover,
    contents,
)
from confexport.exporters.pdf.style import cjk_fallback, load_style_sheet, register_fonts
from confexport.memory import paused_garbage_collection
from confexport.model import Conference, in_date_order

PAPER = {"a4": A4, "letter": LETTER, "a5": A5}


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """``-O`` options of the PDF handout."""

    #: Paper size; None takes the metadata's ``paper`` where the model has one, else A4.
    #: A5 is a pocket handout, with its own type scale and margins.
    paper: Literal["a4", "letter", "a5"] | None = None
    #: A table of contents after the cover.
    toc: bool = True
    #: Print each session's official abstract.
    abstracts: bool = True
    #: A QR code beside each talk link, to open it from the paper with a phone.
    qr: bool = False
    #: The body's face: DejaVu Sans, or DejaVu Serif on a measure of about 70 characters.
    theme: Literal["sans", "serif"] = "sans"
    #: A TrueType font file (.ttf, .ttc) that draws what DejaVu lacks: Chinese,
    #: Japanese, Korean; the PDF embeds the subset it uses.
    cjk_font: str | None = None


class PdfExporter:
    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = ".pdf"
    media_type: ClassVar[str] = "application/pdf"
    description: ClassVar[str] = "a printable handout: cover, contents, every session (reportlab)"
    Options: ClassVar[type] = PdfOptions
    cost: ClassVar[int] = 70

    @classmethod
    def warm_up(cls) -> None:
        """Read the embedded fonts (a tenth of a second), while the notes are read."""
        register_fonts()

    def export(
        self, conference: Conference, options: PdfOptions, context: ExportContext | None = None
    ) -> bytes:
        return build_handout(conference, options, context_for([conference], context))

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: PdfOptions,
        context: ExportContext | None = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> bytes:
        """One book of several conferences: a part each, in date order."""
        if not conferences:
            raise ExportError("nothing to combine: no notes given")
        return build_book(conferences, options, title, context_for(conferences, context))


def paper_name(conference: Conference, options: PdfOptions) -> str:
    wanted = options.paper or str(getattr(conference, "paper", None) or "a4").lower()
    return wanted if wanted in PAPER else "a4"


def looks(paper: str, options: PdfOptions) -> list[str]:
    """The style sheets laid over the default one (``templates/pdf/LOOK.yaml``)."""
    chosen = ["paper-a5"] if paper == "a5" else []
    return chosen + (["theme-serif"] if options.theme == "serif" else [])


def build_handout(conference: Conference, options: PdfOptions, context: ExportContext) -> bytes:
    """The handout of one conference: cover, contents, a section a day."""

    def story(layout: Layout) -> list[Flowable]:
        part = ConferenceStory(conference, layout)
        cover = [NextPageTemplate("body"), *part.cover()]
        levels = [layout.sheet["toc_day"], layout.sheet["toc_talk"]]
        return with_contents(cover, part.body(), levels, layout, options)

    paper = paper_name(conference, options)
    return render(DocumentInfo.of(conference), paper, options, context, story)


def build_book(
    conferences: Sequence[Conference], options: PdfOptions, title: str, context: ExportContext
) -> bytes:
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
    return render(info, paper_name(ordered[0], options), options, context, story)


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
    paper: str,
    options: PdfOptions,
    context: ExportContext,
    story: Callable[[Layout], list[Flowable]],
) -> bytes:
    templates = context.templates.expanduser() if context.templates else None
    sheet = load_style_sheet(templates, looks(paper, options))
    buffer = io.BytesIO()
    document = HandoutDocument(buffer, info, sheet, PAPER[paper], epoch=context.clock.epoch)
    layout = Layout(
        sheet,
        document.page_numbers,
        float(document.width),
        float(document.height),
        abstracts=options.abstracts,
        qr_codes=options.qr,
    )
    layout.images.context = context  # images from the context's catalog, warned through it
    try:
        with paused_garbage_collection(), binary_streams(), cjk_fallback(options.cjk_font):
            document.build(story(layout))
    finally:
        layout.images.close()
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

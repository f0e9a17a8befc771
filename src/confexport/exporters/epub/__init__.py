"""EPUB 3 (with an NCX for older readers), written with ebooklib, checked by EPUBCheck.

The book: a drawn cover, a title page, a contents page grouped Day → Session, then
one chapter per session (or per day).  ``--combine`` makes one book of several
conferences, a part each, in date order.  Output is reproducible: the zip has fixed
entry dates and order (ebooklib's zip is rewritten), and every date is the export
context's clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, Literal

from confexport.context import Clock, ExportContext, context_for
from confexport.dates import date_range
from confexport.exporters.epub import cover as epub_cover
from confexport.exporters.epub.book import BookMeta, Item, TocEntry, write_book
from confexport.exporters.epub.content import (
    ImageShelf,
    warn_about_broken,
    warn_about_images,
    xml_text,
)
from confexport.exporters.epub.pages import (
    Page,
    PageMaker,
    conference_facts,
    reading_order,
)
from confexport.exporters.epub.templates import stylesheet
from confexport.model import Conference, all_tags, in_date_order

log = logging.getLogger("confexport")

COVER_IMAGE = "images/cover.png"
XHTML = "application/xhtml+xml"
#: A well-formed BCP 47 tag (language, optional script, region and variants).
_LANGUAGE_TAG = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$"
)


@dataclass(frozen=True, slots=True)
class EpubOptions:
    """``-O chapter=session|day``, ``-O cover=false``."""

    chapter: Literal["session", "day"] = "session"
    cover: bool = True


class EpubExporter:
    name: ClassVar[str] = "epub"
    extension: ClassVar[str] = ".epub"
    media_type: ClassVar[str] = "application/epub+zip"
    description: ClassVar[str] = "EPUB 3 ebook with cover, contents by day, one chapter a session"
    Options: ClassVar[type] = EpubOptions
    cost: ClassVar[int] = 60

    def export(
        self, conference: Conference, options: EpubOptions, context: ExportContext | None = None
    ) -> bytes:
        return build_epub(conference, options, context_for([conference], context))

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: EpubOptions,
        context: ExportContext | None = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> bytes:
        """One book of several conferences: a part each, in date order (undated last)."""
        return build_combined_epub(conferences, options, title, context_for(conferences, context))


def book_language(conference: Conference) -> str:
    """The notes' language from metadata, never the machine's locale; ``en`` if malformed."""
    tag = conference.language.strip().replace("_", "-")
    if _LANGUAGE_TAG.match(tag):
        return tag
    log.warning("%s: language %r is not a BCP 47 tag; the EPUB says 'en'", conference.stem, tag)
    return "en"


def build_time(clock: Clock) -> dt.datetime:
    """The clock's time (UTC), never before 1980 (a zip entry cannot say earlier)."""
    return max(clock.moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))


def book_identifier(conference: Conference) -> str:
    """A stable ``urn:uuid``: uuid5 of the conference url, or of its title."""
    if conference.url:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, conference.url)}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'confexport:title:' + conference.title)}"


def combined_identifier(conferences: Sequence[Conference]) -> str:
    """A stable ``urn:uuid`` for a book of several conferences, whatever their order."""
    identities = sorted(book_identifier(conference) for conference in conferences)
    name = "confexport:combined:" + "\n".join(identities)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def build_epub(conference: Conference, options: EpubOptions, context: ExportContext) -> bytes:
    c = conference
    shelf = ImageShelf(context)
    try:
        language = book_language(c)
        maker = PageMaker(c, language, shelf)
        cover = _Cover(c.title, c.subtitle, date_range(c.start, c.end), c.location or "")
        cover_png = shelf.submit(cover.draw) if options.cover else None
        pending = warn_about_images(c, shelf)
        front = [maker.title_page()]
        body, day_toc = reading_order(maker, chapter=options.chapter)
        toc = [TocEntry("title.xhtml", xml_text(c.title), id="toc-title-page"), *day_toc]
        meta = BookMeta(
            identifier=book_identifier(c),
            title=xml_text(c.title),
            language=language,
            modified=build_time(context.clock),
            authors=tuple(xml_text(author) for author in c.authors),
            date=c.start.isoformat() if c.start else "",
            description=xml_text(c.subtitle),
            subjects=tuple(xml_text(tag) for tag in all_tags([c])),
        )
        return _assemble(
            meta, maker, front, body, toc, cover, cover_png, shelf, pending, context.templates
        )
    finally:
        shelf.close()


def build_combined_epub(
    conferences: Sequence[Conference], options: EpubOptions, title: str, context: ExportContext
) -> bytes:
    ordered = in_date_order(conferences)
    shelf = ImageShelf(context)
    try:
        makers = [
            PageMaker(c, book_language(c), shelf, prefix=f"c{number}-")
            for number, c in enumerate(ordered, start=1)
        ]
        starts = [c.start for c in ordered if c.start]
        ends = [c.end or c.start for c in ordered if c.start]
        when = date_range(min(starts), max(ends)) if starts else ""
        subtitle = f"Notes from {len(ordered)} conferences"
        cover = _Cover(title, subtitle, when, "")
        cover_png = shelf.submit(cover.draw) if options.cover else None
        pending = [found for c in ordered for found in warn_about_images(c, shelf)]
        book_page = _library_page(makers, title, subtitle, when)
        body: list[Page] = []
        toc = [TocEntry("title.xhtml", xml_text(title), id="toc-title-page")]
        for part, maker in enumerate(makers, start=1):
            pages, day_toc = reading_order(maker, chapter=options.chapter)
            opening = maker.title_page(part=part)
            body += [opening, *pages]
            name = xml_text(maker.conference.title)
            toc.append(TocEntry(opening.file_name, name, tuple(day_toc), f"toc-{opening.id}"))
        authors = dict.fromkeys(xml_text(a) for c in ordered for a in c.authors)
        meta = BookMeta(
            identifier=combined_identifier(ordered),
            title=xml_text(title),
            language=makers[0].language if makers else "en",
            modified=build_time(context.clock),
            authors=tuple(authors),
            date=min(starts).isoformat() if starts else "",
            description=xml_text(f"{subtitle}: " + "; ".join(c.title for c in ordered)),
            subjects=tuple(xml_text(tag) for tag in all_tags(ordered)),
        )
        first = makers[0] if makers else PageMaker(Conference(title=title), "en", shelf)
        return _assemble(
            meta, first, [book_page], body, toc, cover, cover_png, shelf, pending, context.templates
        )
    finally:
        shelf.close()


def _library_page(makers: Sequence[PageMaker], title: str, subtitle: str, when: str) -> Page:
    """The title page of a combined book: its name, and its conferences as a list."""
    language = makers[0].language if makers else "en"
    conferences = [
        {
            "href": maker.title_file(),
            "title": xml_text(maker.conference.title),
            "facts": conference_facts(maker.conference),
        }
        for maker in makers
    ]
    context = {
        "language": language,
        "page_title": xml_text(title),
        "eyebrow": "Collected conference notes",
        "part": False,
        "title": xml_text(title),
        "subtitle": xml_text(subtitle),
        "facts": [when] if when else [],
        "url": "",
        "url_label": "",
        "authors": "",
        "preface": "",
        "conferences": conferences,
    }
    return Page("title-page", "title.xhtml", title, "title.xhtml", context)


@dataclass(frozen=True, slots=True)
class _Cover:
    title: str
    subtitle: str
    when: str
    where: str

    def draw(self) -> bytes:
        return epub_cover.draw_cover(self.title, self.subtitle, self.when, self.where)


def _assemble(
    meta: BookMeta,
    maker: PageMaker,
    front: list[Page],
    body: list[Page],
    toc: list[TocEntry],
    cover: _Cover,
    cover_png: Future[bytes] | None,
    shelf: ImageShelf,
    pending: list[tuple[Conference, str, Path]],
    templates: Path | None,
) -> bytes:
    """Render every page (images are ready by now), then package the book."""
    if cover_png is not None:
        alt_subtitle = cover.subtitle
        front.insert(0, maker.cover(COVER_IMAGE, cover.title, alt_subtitle))
    landmarks = [
        {"type": "toc", "href": "nav.xhtml#toc", "title": "Contents"},
        {"type": "bodymatter", "href": (body or front)[0].file_name, "title": "Start of notes"},
    ]
    if cover_png is not None:
        landmarks.insert(0, {"type": "cover", "href": "cover.xhtml", "title": "Cover"})
    nav = maker.contents(toc, landmarks)
    pages = [*front, nav, *body]
    warn_about_broken(shelf, pending)
    items = [Item("style", "style.css", "text/css", stylesheet(templates))]
    for page in pages:
        properties = "nav" if page is nav else ""
        items.append(Item(page.id, page.file_name, XHTML, page.render(templates), properties))
    for number, (href, image) in enumerate(shelf.packaged(), start=1):
        items.append(Item(f"image-{number}", href, image.media_type, image.data))
    cover_image = None
    if cover_png is not None:
        cover_image = Item("cover-img", COVER_IMAGE, "image/png", cover_png.result())
    meta = replace(
        meta, accessibility=tuple(accessibility_metadata(alt_complete=not shelf.missing_alt))
    )
    guide = [
        {"type": {"bodymatter": "text"}.get(mark["type"], mark["type"]), **_without_type(mark)}
        for mark in landmarks
    ]
    return write_book(meta, items, [page.id for page in pages], toc, guide, cover_image)


def _without_type(mark: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in mark.items() if key != "type"}


def accessibility_metadata(*, alt_complete: bool) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 / schema.org properties that honestly describe the book."""
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    summary = (
        "Reflowable text with a table of contents grouped by day and session, headings "
        "for every day and session, and one reading order."
    )
    sufficient = ["textual"]
    if alt_complete:
        features.append("alternativeText")
        summary += " Every image has a text alternative."
    else:
        sufficient = ["textual,visual"]
        summary += " Some images in the notes have no text alternative."
    meta = [("schema:accessMode", "textual"), ("schema:accessMode", "visual")]
    meta += [("schema:accessModeSufficient", mode) for mode in sufficient]
    meta += [("schema:accessibilityFeature", feature) for feature in features]
    meta += [("schema:accessibilityHazard", "none"), ("schema:accessibilitySummary", summary)]
    if alt_complete:
        meta += [
            ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level A"),
            ("a11y:certifiedBy", "confexport (automated checks, not a manual audit)"),
        ]
    return meta

"""EPUB 3 (with an NCX for older readers), built with ebooklib and checked by EPUBCheck.

The book: a drawn cover, a title page, a contents page grouped Day → Session, then
one chapter per session (or per day).  Output is reproducible: ebooklib's zip is
rewritten with fixed entry dates and order, and every date honours
``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from confexport.errors import ConfexportError
from confexport.exporters import epub_cover
from confexport.exporters.epub_content import (
    ImageShelf,
    images_missing_alt,
    warn_about_images,
    xml_text,
)
from confexport.exporters.epub_pages import (
    Page,
    PageMaker,
    TocEntry,
    attended_only,
    date_range,
    reading_order,
)
from confexport.exporters.epub_templates import stylesheet
from confexport.model import Conference

log = logging.getLogger("confexport")

COVER_IMAGE = "images/cover.png"
#: A well-formed BCP 47 tag (language, optional script, region and variants).
_LANGUAGE_TAG = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*$"
)


@dataclass(frozen=True, slots=True)
class EpubOptions:
    """``-O chapter=session|day``, ``-O attended_only=true``, ``-O cover=false``."""

    chapter: Literal["session", "day"] = "session"
    attended_only: bool = False
    cover: bool = True


class EpubExporter:
    name: ClassVar[str] = "epub"
    extension: ClassVar[str] = ".epub"
    media_type: ClassVar[str] = "application/epub+zip"
    description: ClassVar[str] = "EPUB 3 ebook with cover, contents by day, one chapter a session"
    Options: ClassVar[type] = EpubOptions

    def export(self, conference: Conference, options: EpubOptions) -> bytes:
        return build_epub(conference, options)


def book_language(conference: Conference) -> str:
    """The notes' language from metadata, never the machine's locale; ``en`` if malformed."""
    tag = conference.language.strip().replace("_", "-")
    if _LANGUAGE_TAG.match(tag):
        return tag
    log.warning("%s: language %r is not a BCP 47 tag; the EPUB says 'en'", conference.stem, tag)
    return "en"


def build_time() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else now; always UTC, never before 1980 (zip)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfexportError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    else:
        moment = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    return max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC))


def book_identifier(conference: Conference) -> str:
    """A stable ``urn:uuid``: uuid5 of the conference url, or of its title."""
    if conference.url:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, conference.url)}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'confexport:title:' + conference.title)}"


def build_epub(conference: Conference, options: EpubOptions) -> bytes:
    if options.attended_only:
        conference = attended_only(conference)
    language = book_language(conference)
    modified = build_time()
    warn_about_images(conference)
    shelf = ImageShelf(conference.base_dir)
    maker = PageMaker(conference, language, shelf)

    front = [maker.title_page()]
    cover_png = None
    if options.cover:
        c = conference
        when = date_range(c.start, c.end)
        cover_png = epub_cover.draw_cover(c.title, c.subtitle, when, c.location or "")
        front.insert(0, maker.cover(COVER_IMAGE))
    body, day_toc = reading_order(maker, conference.days, chapter=options.chapter)
    toc = [TocEntry("title.xhtml", xml_text(conference.title), id="toc-title-page"), *day_toc]
    landmarks = [
        {"type": "toc", "href": "nav.xhtml#toc", "title": "Contents"},
        {"type": "bodymatter", "href": (body or front)[0].file_name, "title": "Start of notes"},
    ]
    if options.cover:
        landmarks.insert(0, {"type": "cover", "href": "cover.xhtml", "title": "Cover"})
    nav = maker.contents(toc, landmarks)

    book = _new_book(conference, language, alt_complete=not _lacks_alt(conference))
    if cover_png is not None:
        book.set_cover(COVER_IMAGE, cover_png, create_page=False)
    _add_items(book, [*front, nav, *body], nav, shelf)
    book.toc = _ebooklib_toc(toc)
    book.guide = [
        {"type": mark["type"], "href": mark["href"], "title": mark["title"]} for mark in landmarks
    ]
    for mark in book.guide:
        mark["type"] = {"bodymatter": "text"}.get(mark["type"], mark["type"])
    return _write(book, modified)


def _lacks_alt(conference: Conference) -> bool:
    texts = [conference.notes]
    for day in conference.days:
        texts.append(day.notes)
        texts.extend(text for talk in day.talks for text in (talk.abstract, talk.notes))
    return images_missing_alt(texts)


def _new_book(conference: Conference, language: str, *, alt_complete: bool) -> Any:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(book_identifier(conference))
    book.set_title(xml_text(conference.title))
    book.set_language(language)
    for number, author in enumerate(conference.authors, start=1):
        book.add_author(xml_text(author), uid=f"creator-{number}")
    if conference.start is not None:
        book.add_metadata("DC", "date", conference.start.isoformat())
    if description := xml_text(conference.subtitle).strip():
        book.add_metadata("DC", "description", description)
    for prop, value in accessibility_metadata(alt_complete=alt_complete):
        book.add_metadata(None, "meta", value, {"property": prop})
    return book


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


def _add_items(book: Any, pages: list[Page], nav: Page, shelf: ImageShelf) -> None:
    from ebooklib import epub

    book.add_item(
        epub.EpubItem(
            uid="style", file_name="style.css", media_type="text/css", content=stylesheet()
        )
    )
    for page in pages:
        item = epub.EpubItem(
            uid=page.id,
            file_name=page.file_name,
            media_type="application/xhtml+xml",
            content=page.content,
        )
        item.properties = ["nav"] if page is nav else []
        book.add_item(item)
    for number, (href, image) in enumerate(shelf.packaged(), start=1):
        book.add_item(
            epub.EpubImage(
                uid=f"image-{number}",
                file_name=href,
                media_type=image.media_type,
                content=image.data,
            )
        )
    book.add_item(epub.EpubNcx())
    book.spine = [page.id for page in pages]


def _ebooklib_toc(toc: list[TocEntry]) -> list[Any]:
    from ebooklib import epub

    result: list[Any] = []
    for number, entry in enumerate(toc, start=1):
        if entry.children:
            links = [epub.Link(child.href, child.title, child.id) for child in entry.children]
            result.append((epub.Section(entry.title, entry.href), links))
        else:
            result.append(epub.Link(entry.href, entry.title, entry.id or f"toc-{number}"))
    return result


def _write(book: Any, modified: dt.datetime) -> bytes:
    from ebooklib import epub

    buffer = io.BytesIO()
    options = {
        "mtime": modified,
        "raise_exceptions": True,
        "epub3_pages": False,
        "play_order": {"enabled": True, "start_from": 1},
    }
    epub.write_epub(buffer, book, options)
    return normalise_zip(buffer.getvalue(), modified)


def normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same archive with fixed dates, attributes and order: ``mimetype`` first, stored."""
    date_time = moment.timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        contents = {name: source.read(name) for name in names}
    order = ["mimetype", *[name for name in names if name != "mimetype"]]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, contents[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, contents[name], compresslevel=9)
    return out.getvalue()

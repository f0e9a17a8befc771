"""The book's files, taken from ebooklib's writer without its zip, are the files its own
zip would hold, in the same order; and the zip is made of them once, reproducibly."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile

from ebooklib import epub

from confexport.exporters.epub.book import (
    BookMeta,
    TocEntry,
    _book_with_metadata,
    _ebooklib_toc,
    _written_by_ebooklib,
    reproducible_zip,
)

MOMENT = dt.datetime(2022, 2, 5, 12, tzinfo=dt.UTC)
PAGE = b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>'


def _book() -> epub.EpubBook:
    meta = BookMeta(
        identifier="urn:uuid:0", title="T", language="en", modified=MOMENT,
        authors=("A", "B"), date="2022-02-05", description="D", subjects=("python",),
        accessibility=(("schema:accessMode", "textual"),),
    )  # fmt: skip
    book = _book_with_metadata(meta)
    book.set_cover("images/cover.png", b"\x89PNG cover", create_page=False)
    pages = []
    for number in (1, 2):
        page = epub.EpubItem(
            uid=f"p{number}", file_name=f"p{number}.xhtml",
            media_type="application/xhtml+xml", content=PAGE,
        )  # fmt: skip
        pages.append(book.add_item(page))
    book.add_item(epub.EpubItem(uid="s", file_name="style.css", media_type="text/css", content=b""))
    book.add_item(epub.EpubNcx())
    book.spine = pages
    toc = [TocEntry("p1.xhtml", "One"), TocEntry("p2.xhtml", "Two", (TocEntry("p2.xhtml", "2a"),))]
    book.toc = _ebooklib_toc(toc, itertools.count(1))
    book.guide = [{"type": "text", "href": "p1.xhtml", "title": "Start"}]
    return book


OPTIONS = {
    "mtime": MOMENT,
    "raise_exceptions": True,
    "epub3_landmark": False,
    "epub3_pages": False,
    "play_order": {"enabled": True, "start_from": 1},
}


def test_the_files_are_those_of_ebooklibs_own_zip() -> None:
    buffer = io.BytesIO()
    epub.write_epub(buffer, _book(), OPTIONS)
    with zipfile.ZipFile(buffer) as written:
        zipped = {name: written.read(name) for name in written.namelist()}
    files = _written_by_ebooklib(_book(), OPTIONS)
    assert list(files) == list(zipped)
    assert files == zipped
    assert {"mimetype", "META-INF/container.xml", "EPUB/content.opf", "EPUB/toc.ncx"} <= set(files)


def test_the_zip_holds_the_files_mimetype_first_and_stored() -> None:
    files = {"EPUB/a.xhtml": PAGE, "mimetype": b"application/epub+zip", "EPUB/b.css": b"x"}
    data = reproducible_zip(files, MOMENT)
    assert data[30:38] == b"mimetype"  # the first entry's name, where readers look for it
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        infos = book.infolist()
        assert [info.filename for info in infos] == ["mimetype", "EPUB/a.xhtml", "EPUB/b.css"]
        assert infos[0].compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in infos} == {(2022, 2, 5, 12, 0, 0)}
        assert {name: book.read(name) for name in book.namelist()} == files
    assert reproducible_zip(files, MOMENT) == data

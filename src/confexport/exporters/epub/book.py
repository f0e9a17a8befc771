"""The EPUB package, written by ebooklib, then made reproducible.

ebooklib's ``EpubBook`` writes the package document (metadata, manifest, spine,
guide) and the NCX from ``book.toc``.  Pages arrive rendered, as plain ``EpubItem``s,
so ebooklib does not parse them again; the nav page is one of them (ebooklib's own
nav cannot hide the landmarks or carry the book's style).  ebooklib would date zip
entries with the clock, so its writer hands its files to a :class:`_Files` in place
of its zip, and the zip is made here, once: ``mimetype`` first and stored, every
entry in ebooklib's order with one fixed date, each compressed once.  (Before, the
zip ebooklib wrote was read back and written again: a zip entry's bookkeeping three
times over, for a thousand entries.)
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Deflate level: 6 is zlib's default; 9 costs much more time for a percent or two.
COMPRESS_LEVEL = 6
#: ebooklib writes ``dtb:depth`` as 0 whatever the depth of the NCX.
_NCX_DEPTH = b'<meta content="0" name="dtb:depth"/>'


@dataclass(frozen=True, slots=True)
class BookMeta:
    """What the package document says about the book (all text already XML-safe)."""

    identifier: str
    title: str
    language: str
    modified: dt.datetime
    authors: tuple[str, ...] = ()
    date: str = ""
    description: str = ""
    #: ``dc:subject`` entries: the sessions' ``#tags``.
    subjects: tuple[str, ...] = ()
    accessibility: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """One file of the book, under ``EPUB/``."""

    id: str
    href: str
    media_type: str
    data: bytes
    properties: str = ""


@dataclass(frozen=True, slots=True)
class TocEntry:
    """An entry of the contents (nav and NCX), with its sub-entries."""

    href: str
    title: str
    children: tuple[TocEntry, ...] = ()
    id: str = ""


def toc_depth(entries: Sequence[TocEntry]) -> int:
    return max((1 + toc_depth(entry.children) for entry in entries), default=0)


def write_book(
    meta: BookMeta,
    items: Sequence[Item],
    spine: Sequence[str],
    toc: Sequence[TocEntry],
    guide: Sequence[dict[str, str]],
    cover_image: Item | None = None,
) -> bytes:
    """The ``.epub`` of ``items``, read in ``spine`` order (ids), with ``toc`` as its NCX."""
    from ebooklib import epub

    book = _book_with_metadata(meta)
    if cover_image is not None:
        book.set_cover(cover_image.href, cover_image.data, create_page=False)
    by_id = {}
    for item in items:
        added = epub.EpubItem(
            uid=item.id, file_name=item.href, media_type=item.media_type, content=item.data
        )
        added.properties = item.properties.split()
        by_id[item.id] = book.add_item(added)
    book.add_item(epub.EpubNcx())
    book.spine = [by_id[item_id] for item_id in spine]  # items, not ids: no look-ups
    book.toc = _ebooklib_toc(toc, itertools.count(1))
    book.guide = list(guide)
    options = {
        "mtime": meta.modified,
        "raise_exceptions": True,
        "epub3_landmark": False,  # the nav page is ours, with its landmarks
        "epub3_pages": False,
        "play_order": {"enabled": True, "start_from": 1},
    }
    files = _written_by_ebooklib(book, options)
    return reproducible_zip(files, meta.modified, ncx_depth=toc_depth(toc))


class _Files:
    """Where ebooklib's writer puts the book's files in place of its zip: by name, in
    the order written (what the writer asks of a ``ZipFile``: ``writestr``)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes, **_: object) -> None:
        self.files[name] = data.encode("utf-8") if isinstance(data, str) else data


def _written_by_ebooklib(book: Any, options: dict[str, Any]) -> dict[str, bytes]:
    """Every file of ``book`` as ebooklib's ``write_epub`` would zip them.  Its
    ``EpubWriter.write`` opens the zip and then writes the files in these steps; they
    are run here into a :class:`_Files` (``tests/exporters/test_epub.py`` checks the
    files against ebooklib's own zip)."""
    from ebooklib import epub

    writer = epub.EpubWriter("", book, options)
    writer.process()
    writer.out = _Files()
    writer.out.writestr("mimetype", "application/epub+zip")
    writer._write_container()
    writer._write_opf()
    writer._write_items()
    files: dict[str, bytes] = writer.out.files
    return files


def _book_with_metadata(meta: BookMeta) -> Any:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(meta.identifier)
    book.set_title(meta.title)
    book.set_language(meta.language)
    for number, author in enumerate(meta.authors, start=1):
        book.add_author(author, uid=f"creator-{number}")
    if meta.date:
        book.add_metadata("DC", "date", meta.date)
    if meta.description.strip():
        book.add_metadata("DC", "description", meta.description)
    for subject in meta.subjects:
        book.add_metadata("DC", "subject", subject)
    for prop, value in meta.accessibility:
        book.add_metadata(None, "meta", value, {"property": prop})
    return book


def _ebooklib_toc(entries: Sequence[TocEntry], numbers: Iterator[int]) -> list[Any]:
    """``book.toc``: a ``(Section, [entries])`` pair for an entry with sub-entries."""
    from ebooklib import epub

    toc: list[Any] = []
    for entry in entries:
        if entry.children:
            section = epub.Section(entry.title, entry.href)
            toc.append((section, _ebooklib_toc(entry.children, numbers)))
        else:
            uid = entry.id or f"toc-{next(numbers)}"
            toc.append(epub.Link(entry.href, entry.title, uid))
    return toc


def reproducible_zip(
    files: Mapping[str, bytes], moment: dt.datetime, *, ncx_depth: int = 0
) -> bytes:
    """The zip of ``files`` with fixed dates, attributes and order: ``mimetype`` first,
    stored; the others in their order."""
    date_time = moment.timetuple()[:6]
    contents = dict(files)
    names = list(contents)
    if ncx_depth and "EPUB/toc.ncx" in contents:
        depth = f'<meta content="{ncx_depth}" name="dtb:depth"/>'.encode()
        contents["EPUB/toc.ncx"] = contents["EPUB/toc.ncx"].replace(_NCX_DEPTH, depth, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in ["mimetype", *(name for name in names if name != "mimetype")]:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, contents[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, contents[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()

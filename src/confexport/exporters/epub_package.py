"""The EPUB container: package document (OPF), NCX, and a reproducible zip.

Written directly from templates (no ebooklib): every file is compressed once, zip
entries carry one fixed date, and ``mimetype`` comes first, stored.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from confexport.exporters.epub_templates import render

CONTAINER = b"""<?xml version="1.0" encoding="utf-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles>
<rootfile media-type="application/oebps-package+xml" full-path="EPUB/content.opf" />
</rootfiles>
</container>
"""
#: Deflate level: 6 is zlib's default; 9 costs much more time for a percent or two.
COMPRESS_LEVEL = 6


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


@dataclass(frozen=True, slots=True)
class NavPoint:
    id: str
    order: int
    title: str
    href: str
    children: list[NavPoint] = field(default_factory=list)


def _nav_points(entries: Sequence[TocEntry], counter: Iterator[int]) -> list[NavPoint]:
    points = []
    for entry in entries:
        order = next(counter)
        children = _nav_points(entry.children, counter)
        point_id = entry.id or f"toc-{order}"
        points.append(NavPoint(point_id, order, entry.title, entry.href, children))
    return points


def _depth(entries: Sequence[TocEntry]) -> int:
    return max((1 + _depth(entry.children) for entry in entries), default=0)


def package_document(
    book: BookMeta,
    items: Sequence[Item],
    spine: Sequence[str],
    guide: Sequence[dict[str, str]],
    cover_id: str = "",
) -> bytes:
    modified = book.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    return render(
        "content.opf",
        book=book,
        modified=modified,
        items=items,
        spine=spine,
        guide=guide,
        cover_id=cover_id,
    )


def ncx(book: BookMeta, toc: Sequence[TocEntry]) -> bytes:
    points = _nav_points(toc, itertools.count(1))
    return render("toc.ncx", book=book, points=points, depth=_depth(toc))


def write_zip(book: BookMeta, items: Sequence[Item], opf: bytes, ncx_data: bytes) -> bytes:
    """The ``.epub``: fixed dates and attributes, entries in manifest order."""
    date_time = book.modified.timetuple()[:6]
    files = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER),
        ("EPUB/content.opf", opf),
        ("EPUB/toc.ncx", ncx_data),
        *((f"EPUB/{item.href}", item.data) for item in items),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()

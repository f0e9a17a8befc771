"""Hostile nesting in every format family: a valid file with every word, no traceback.

One talk a shape, each nested 3,000 deep: quotes (``> > >`` and ``>>>``), bullets and
numbers (``- - -``, ``1. 1.``), brackets (``[[[…]]]``), links in link texts
(``[a [b [c …]]](u)``) and emphasis (``*a *b *c …*``).  The formats, one a family (all
pandoc formats share one Markdown parse, so md and docx stand for them): pdf, epub,
ics, anki, apkg, json, md and docx.  Each file is read back by a real reader (pypdf,
libxml2 for the EPUB's pages, icalendar, csv, SQLite, json, pandoc).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import icalendar
import pypandoc
import pypdf
import pytest
from lxml import etree

from confexport import markup
from confexport.exporter import load_exporter, parse_options
from confexport.model import Conference
from confexport.reader import read_text
from tests.exporters.test_pdf import assert_inside_text_frame

DEPTH = 3000
SHAPES = {
    "quotes": "> " * DEPTH + "endquotes",
    "tight": ">" * DEPTH + "endtight",
    "bullets": "- " * DEPTH + "endbullets",
    "numbers": "1. " * DEPTH + "endnumbers",
    "mixed": "> - " * DEPTH + "endmixed",
    "brackets": "[" * DEPTH + "endbrackets" + "]" * DEPTH,
    "links": "".join(f"[a{i} " for i in range(DEPTH)) + "endlinks" + "]" * DEPTH + "(u)",
    "emphasis": "*a " * DEPTH + "endemphasis" + "*" * DEPTH,
}
FRONT_MATTER = "---\ntitle: Deep\nstart: 2024-04-24\nend: 2024-04-24\ntimezone: UTC\n---\n"
NOTES = FRONT_MATTER + "".join(
    f"## Talk {name} ({9 + hour}:00)\n\n{text}\n\n"
    for hour, (name, text) in enumerate(SHAPES.items())
)
WORDS = [f"end{name}" for name in SHAPES]


@pytest.fixture(scope="module")
def deep() -> Conference:
    return read_text(NOTES)


def _export(conference: Conference, name: str) -> bytes:
    cls = load_exporter(name)
    output = cls().export(conference, parse_options(cls, {}))
    return output if isinstance(output, bytes) else output[next(iter(output))]


def _pdf_text(data: bytes) -> str:
    """The PDF's characters without the spaces and line breaks of its layout (an
    unbroken run of brackets wraps wherever the line is full, even inside a word)."""
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def _epub_text(data: bytes) -> str:
    """The text of every page, each parsed by libxml2 (which refuses over 256 levels)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pages = [archive.read(name) for name in archive.namelist() if name.endswith(".xhtml")]
    return " ".join("".join(etree.fromstring(page).itertext()) for page in pages)


def _ics_text(data: bytes) -> str:
    calendar = icalendar.Calendar.from_ical(data)
    return " ".join(str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT"))


def _csv_text(data: bytes) -> str:
    return " ".join(" ".join(row) for row in csv.reader(io.StringIO(data.decode())))


def _apkg_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, tempfile.TemporaryDirectory() as folder:
        collection = Path(folder) / "collection.anki2"
        collection.write_bytes(archive.read("collection.anki2"))
        with contextlib.closing(sqlite3.connect(collection)) as connection:
            return " ".join(row[0] for row in connection.execute("select flds from notes"))


def _json_text(data: bytes) -> str:
    return json.dumps(json.loads(data))


def _pandoc_text(data: bytes, fmt: str) -> str:
    source = data.decode() if fmt == "gfm" else data
    return str(pypandoc.convert_text(source, "plain", format=fmt, sandbox=True))


READ_BACK: dict[str, Callable[[bytes], str]] = {
    "pdf": _pdf_text,
    "epub": _epub_text,
    "ics": _ics_text,
    "anki": _csv_text,
    "apkg": _apkg_text,
    "json": _json_text,
    "md": functools.partial(_pandoc_text, fmt="gfm"),
    "docx": functools.partial(_pandoc_text, fmt="docx"),
}
#: The Anki formats make cards of a talk's first points, not of all its words.
CARRIES_EVERY_WORD = {"pdf", "epub", "ics", "json", "md", "docx"}


@pytest.mark.parametrize("fmt", list(READ_BACK))
def test_3000_deep_nesting_gives_a_valid_file_with_every_word(fmt: str, deep: Conference) -> None:
    text = READ_BACK[fmt](_export(deep, fmt))
    assert len(deep.talks) == len(SHAPES)
    if fmt in CARRIES_EVERY_WORD:
        lost = [word for word in WORDS if word not in text]
        assert lost == []


def test_deep_nesting_stays_inside_the_pdf_page(deep: Conference) -> None:
    """Text placed past the page edge is still extracted, yet nobody can read it:
    every word must sit inside the text frame, however deep the nesting."""
    assert_inside_text_frame(_export(deep, "pdf"))


def test_every_shape_parses_within_the_bounds() -> None:
    for name, text in SHAPES.items():
        parsed = markup.tokens(text)
        assert max(token.level for token in parsed) <= markup.MAX_NESTING, name
        assert f"end{name}" in markup.to_plain_text(text), name


def test_indentation_alone_and_real_nesting_are_kept_as_written() -> None:
    code = " " * 300 + "deeply indented code"
    outline = "\n".join("    " * level + f"- level {level}" for level in range(15))
    assert markup.bounded(code) == code
    assert markup.bounded(outline) == outline
    assert markup.bounded("\t" * 40 + "- x") == "\t" * 16 + "x"


def test_markdown_is_parsed_only_through_the_bounded_entry() -> None:
    """No module but markup.py parses Markdown itself, so none can bypass the bounds."""
    source = Path(markup.__file__).parent
    bypasses = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        if path.name != "markup.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bparser\([^)]*\)\.parse|MarkdownIt\(|\.parseInline\(", line)
    ]
    assert bypasses == []

"""Property tests: on generated notes every exporter gives a file its validator accepts.

Books are generated first and validated together afterwards, so W3C EPUBCheck starts
one JVM for all of them and Anki opens one collection.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import icalendar
import pypdf
import vobject
from hypothesis import given, settings

from confexport.errors import ConfexportError, ExportError
from confexport.exporter import load_exporter, parse_options
from confexport.model import Conference
from confexport.reader import read_text
from tests import validators
from tests.strategies import HOSTILE_NOTES, NOTES_WITH_METADATA

EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 25


def _export(conference: Conference, name: str) -> bytes:
    cls = load_exporter(name)
    output = cls().export(conference, parse_options(cls, {}))
    assert isinstance(output, bytes)
    return output


def _generated(folder: Path) -> list[Conference]:
    """Conferences read from generated notes (those the reader accepts), and one of
    each hostile kind."""
    conferences: list[Conference] = []

    @settings(max_examples=EXAMPLES, database=None)
    @given(NOTES_WITH_METADATA)
    def collect(text: str) -> None:
        path = folder / f"notes-{len(conferences)}.md"
        with contextlib.suppress(ConfexportError):
            conferences.append(read_text(text, path=path))

    collect()
    for number, text in enumerate(HOSTILE_NOTES):
        conferences.append(read_text(text, path=folder / f"hostile-{number}.md"))
    return conferences


def test_every_exporter_output_passes_its_validator(tmp_path: Path) -> None:
    conferences = _generated(tmp_path)
    assert conferences, "the strategy produced no readable notes"
    books: list[Path] = []
    packages: list[bytes] = []
    for number, conference in enumerate(conferences):
        pdf = pypdf.PdfReader(io.BytesIO(_export(conference, "pdf")))
        assert len(pdf.pages) >= 1 and pdf.outline
        try:
            calendar = _export(conference, "ics")
        except ExportError as exc:
            assert "no session has a date" in str(exc)
        else:
            icalendar.Calendar.from_ical(calendar)
            list(vobject.readComponents(calendar.decode("utf-8")))
        book = tmp_path / f"book-{number}.epub"
        book.write_bytes(_export(conference, "epub"))
        books.append(book)
        packages.append(_export(conference, "apkg"))
    _assert_epubcheck_clean(books, tmp_path)
    _assert_anki_imports(packages, tmp_path)


def _assert_epubcheck_clean(books: list[Path], folder: Path) -> None:
    reports = validators.epubcheck_reports({book.stem: book for book in books}, folder)
    for name, report in reports.items():
        messages = [(m["ID"], m["message"]) for m in report["messages"]]
        assert messages == [], name


def _assert_anki_imports(packages: list[bytes], folder: Path) -> None:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    with tempfile.TemporaryDirectory(dir=folder) as place:
        collection = Collection(str(Path(place) / "collection.anki2"))
        try:
            for number, data in enumerate(packages):
                package = Path(place) / f"deck-{number}.apkg"
                package.write_bytes(data)
                request = ImportAnkiPackageRequest(
                    package_path=str(package), options=ImportAnkiPackageOptions()
                )
                collection.import_anki_package(request)
        finally:
            collection.close()

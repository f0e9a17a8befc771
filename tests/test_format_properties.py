"""Property tests: on generated notes, hostile shapes included (deep nesting, long
unbroken runs, wide tables: :mod:`tests.strategies`), every format that
:mod:`tests.test_exporter_properties` does not validate gives a file its reader reads.

Together the two cover every built-in format.  The text and office formats are read
back by pandoc (AsciiDoc by Asciidoctor, ODT's content by libxml2), the Anki CSV by
the csv module, the JSON by the json module.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable

import pypandoc
from hypothesis import given, settings
from lxml import etree

from confexport.errors import ConfexportError
from confexport.exporter import load_exporter, parse_options, registry
from confexport.model import Conference
from confexport.reader import read_text
from tests.strategies import HOSTILE_NOTES, NOTES_WITH_METADATA

EXAMPLES = 200 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 10
#: Formats test_exporter_properties validates (with EPUBCheck, Anki, icalendar, pypdf).
VALIDATED_THERE = frozenset({"pdf", "epub", "ics", "apkg"})


#: Seconds a reader may take on one generated file: a reader that takes longer on what
#: confexport wrote (pandoc's Org reader on nested emphasis took minutes) is a failure,
#: not a hung suite.
READ_TIMEOUT = 120


def _pandoc(reader: str) -> Callable[[bytes], object]:
    def read(data: bytes) -> object:
        command = [pypandoc.get_pandoc_path(), f"--from={reader}", "--to=plain", "--sandbox"]
        return subprocess.run(
            command, input=data, capture_output=True, check=True, timeout=READ_TIMEOUT
        )

    return read


def _asciidoctor(data: bytes) -> object:
    """Asciidoctor, AsciiDoc's own tool (pandoc's asciidoc reader takes exponential time
    on nested blocks: 19 s for ten quotes).  Errors fail; warnings do not, as pandoc's
    writer leaves nested quotes' open blocks unterminated (a warning) today."""
    asciidoctor = shutil.which("asciidoctor")
    assert asciidoctor is not None, "asciidoctor is needed (scripts/system-deps.sh)"
    command = [asciidoctor, "--safe-mode", "secure", "--failure-level", "ERROR", "-o", "-", "-"]
    return subprocess.run(
        command, input=data, capture_output=True, check=True, timeout=READ_TIMEOUT
    )


def _odt_content(data: bytes) -> object:
    """The ODF package's content, parsed by libxml2 (pandoc's odt reader takes minutes
    on lists nested 30 deep)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        return etree.fromstring(package.read("content.xml"))


READERS: dict[str, Callable[[bytes], object]] = {
    "anki": lambda data: list(csv.reader(io.StringIO(data.decode("utf-8")))),
    "json": json.loads,
    "md": _pandoc("gfm"),
    "html": _pandoc("html"),
    "rst": _pandoc("rst"),
    "latex": _pandoc("latex"),
    "org": _pandoc("org"),
    "mediawiki": _pandoc("mediawiki"),
    "asciidoc": _asciidoctor,
    "docx": _pandoc("docx"),
    "odt": _odt_content,
}


def _main_file(output: bytes | dict[str, bytes]) -> bytes:
    """The document itself, not the images written beside it."""
    if isinstance(output, bytes):
        return output
    return next(data for name, data in output.items() if "/" not in name)


def test_every_built_in_format_is_covered_by_one_property_test() -> None:
    built_in = {name for name, info in registry().items() if info.package == "confexport"}
    assert built_in == VALIDATED_THERE | set(READERS)


def test_every_other_format_reads_back() -> None:
    conferences: list[Conference] = []

    @settings(max_examples=EXAMPLES, database=None)
    @given(NOTES_WITH_METADATA)
    def collect(text: str) -> None:
        with contextlib.suppress(ConfexportError):
            conferences.append(read_text(text))

    collect()
    assert conferences, "the strategy produced no readable notes"
    conferences += [read_text(text) for text in HOSTILE_NOTES]
    for conference in conferences:
        for name, read_back in READERS.items():
            exporter = load_exporter(name)
            output = exporter().export(conference, parse_options(exporter, {}))
            read_back(_main_file(output))

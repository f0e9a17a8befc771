"""Hostile nesting in every format: a valid file with every word, no traceback.

One talk a shape, each nested 3,000 deep: quotes (``> > >`` and ``>>>``), bullets and
numbers (``- - -``, ``1. 1.``), brackets (``[[[…]]]``), links in link texts
(``[a [b [c …]]](u)``) and emphasis (``*a *b *c …*``).  The notes are built once in
every built-in format by the command line (``-t all``), which must end with no
internal error, and each file is read back by a real reader: libxml2 for the EPUB's
pages and the ODT's content (pandoc's odt reader takes minutes on lists nested 30
deep), the readers of :func:`tests.validators.visible_text` for the others (pypdf,
icalendar, the ``anki`` package, json, pandoc, Asciidoctor).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypandoc
import pytest
from lxml import etree

from confexport import markup
from confexport.exporter import registry
from confexport.plaintext import to_plain_text
from confexport.reader import read_text
from tests import validators
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


FORMATS = sorted(name for name, info in registry().items() if info.package == "confexport")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The notes built once in every format; ``built(fmt)`` is that format's file, and
    fails naming the format's error when the build made none."""
    folder = tmp_path_factory.mktemp("deep")
    notes = folder / "deep.md"
    notes.write_text(NOTES, encoding="utf-8")
    stderr = validators.build_every_format(notes, folder / "out")

    def path(fmt: str) -> Path:
        return validators.built_file(folder / "out", "deep", fmt, stderr)

    return path


def _epub_text(path: Path) -> str:
    """The text of every page, each parsed by libxml2 (which refuses over 256 levels)."""
    with zipfile.ZipFile(path) as archive:
        pages = [archive.read(name) for name in archive.namelist() if name.endswith(".xhtml")]
    return " ".join("".join(etree.fromstring(page).itertext()) for page in pages)


def _odt_text(path: Path) -> str:
    """The text of the ODF package's content, parsed by libxml2."""
    with zipfile.ZipFile(path) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        return " ".join(etree.fromstring(package.read("content.xml")).itertext())


def _org_text(path: Path) -> str:
    """pandoc's org reader, given a time limit (it can take exponential time)."""
    command = [pypandoc.get_pandoc_path(), "--sandbox", "-f", "org", "-t", "html", str(path)]
    try:
        run = subprocess.run(command, capture_output=True, check=True, timeout=10)
    except subprocess.TimeoutExpired:
        raise AssertionError("pandoc's org reader did not finish in 10 s") from None
    return validators.html_visible_text(run.stdout.decode("utf-8"))


READ_BACK: dict[str, Callable[[Path], str]] = {
    **validators.TEXT_READERS,
    "epub": _epub_text,
    "odt": _odt_text,
    "org": _org_text,
}
#: The Anki formats make cards of a talk's first points, not of all its words.
CARRIES_EVERY_WORD = set(READ_BACK) - {"anki", "apkg"}
#: format → why its file cannot be read back today.
UNREADABLE: dict[str, str] = {}


def _case(fmt: str) -> object:
    reason = UNREADABLE.get(fmt)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fmt, marks=marks)


def test_every_built_in_format_is_read_back() -> None:
    assert set(FORMATS) == set(READ_BACK)


def test_every_shape_is_a_talk() -> None:
    assert len(read_text(NOTES).talks) == len(SHAPES)


@pytest.mark.parametrize("fmt", [_case(fmt) for fmt in FORMATS])
def test_3000_deep_nesting_gives_a_valid_file_with_every_word(
    fmt: str, built: Callable[[str], Path]
) -> None:
    text = READ_BACK[fmt](built(fmt))
    assert text.strip(), f"nothing read back from the {fmt} file"
    if fmt in CARRIES_EVERY_WORD:
        lost = [word for word in WORDS if word not in text]
        assert lost == []


def test_deep_nesting_stays_inside_the_pdf_page(built: Callable[[str], Path]) -> None:
    """Text placed past the page edge is still extracted, yet nobody can read it:
    every word must sit inside the text frame, however deep the nesting."""
    assert_inside_text_frame(built("pdf").read_bytes())


def test_every_shape_parses_within_the_bounds() -> None:
    for name, text in SHAPES.items():
        parsed = markup.tokens(text)
        assert max(token.level for token in parsed) <= markup.MAX_NESTING, name
        assert f"end{name}" in to_plain_text(text), name


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

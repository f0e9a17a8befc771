"""Every construct the reader keeps survives in every format, read back by that format's
own reader.

The fixture ``fixtures/notes/conformance/every-construct.md`` gives each construct a
session of its own (``## Session on <construct>``) whose words are animal names found
nowhere else.  It is built once, ``-t all`` through the command line, and each output
is read back as its users' software shows it (:func:`tests.validators.visible_text`:
pypdf, pandoc, Asciidoctor, icalendar, the ``anki`` package, json).  Each (format,
construct) pair is one test, so a lost word names both.  What a format leaves out by
design (flash cards hold a talk's key points only: :data:`BY_DESIGN`) is not asked of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from confexport.exporter import registry
from confexport.model import Conference
from confexport.reader import read_notes
from tests import validators
from tests.conftest import FIXTURES

NOTES = FIXTURES / "notes" / "conformance" / "every-construct.md"

#: construct → its marker words, each in the session ``Session on <construct>``.
CONSTRUCTS: dict[str, tuple[str, ...]] = {
    "the abstract": ("abalone", "albatross", "anchovy", "antelope", "armadillo", "axolotl"),
    "headings": ("bandicoot", "capybara"),
    "nested lists": ("dingo", "echidna", "ferret"),
    "ordered lists": ("gecko", "hedgehog"),
    "task lists": ("ibex", "jackal"),
    "tables": ("kestrel", "lynx", "mongoose", "numbat"),
    "fenced code": ("ocelot", "pangolin"),
    "indented code": ("quetzal", "raccoon"),
    "block quotes": ("salamander", "tapir"),
    "local images": ("urchin",),
    "missing images": ("vulture",),
    "remote images": ("walrus",),
    "links": ("xerus",),
    "autolinks": ("zebu",),
    "emphasis": ("agouti", "bison", "caracal", "dugong", "eland"),
    "strikethrough": ("fossa",),
    "highlights": ("gazelle",),
    "inline code": ("hyena",),
    # The attribute words show only where the tag itself is shown as text.
    "inline html": ("impala", "jerboa", "koala"),
    "block html": ("llama", "marmot", "okapi"),
    "footnotes": ("puffin", "quokka"),
    "hard breaks": ("reindeer", "sealion", "toucan"),
    "wiki links": ("unicorn", "wapiti", "xenops", "yapok"),
    "wiki embeds": ("zorilla", "aoudad"),
}
#: The class names of the notes' raw HTML: an element carrying one is live markup.
RAW_CLASSES = {"impala", "llama"}
#: The words inside the notes' ``<script>`` elements.
SCRIPT_WORDS = ("koala", "okapi")

FORMATS = sorted(name for name, info in registry().items() if info.package == "confexport")

#: What a format leaves out by design, not by loss: a flash card holds a talk's key points
#: (its top-level lists and paragraphs, README "anki and apkg"), so headings, tables,
#: code and quotes stay off the cards (exporters/anki/notes.py, ``_Outline._read``).
BY_DESIGN = {
    (fmt, construct)
    for fmt in ("anki", "apkg")
    for construct in ("headings", "fenced code", "indented code", "tables", "block quotes")
}


def _cases() -> list[object]:
    return [
        pytest.param(fmt, construct, id=f"{fmt}-{construct.replace(' ', '_')}")
        for fmt in FORMATS
        for construct in CONSTRUCTS
        if (fmt, construct) not in BY_DESIGN
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Every format of the fixture, built once by the command line: (folder, stderr)."""
    out = tmp_path_factory.mktemp("conformance")
    return out, validators.build_every_format(NOTES, out)


@pytest.fixture(scope="module")
def shown(built: tuple[Path, str]) -> Callable[[str], str]:
    """``shown(fmt)``: the text a reader of that format sees, read back once."""

    @functools.cache
    def read(fmt: str) -> str:
        return validators.visible_text(fmt, _written(built, fmt)).casefold()

    return read


def _written(built: tuple[Path, str], fmt: str) -> Path:
    folder, stderr = built
    return validators.built_file(folder, NOTES.stem, fmt, stderr)


def _session(conference: Conference, construct: str) -> str:
    (talk,) = [talk for talk in conference.talks if talk.title == f"Session on {construct}"]
    return f"{talk.abstract}\n{talk.notes}"


def test_the_fixture_gives_each_construct_its_own_words() -> None:
    """Each marker word is written once, in its construct's session, and the reader
    keeps it there; so a word found in an output is that construct's."""
    text = NOTES.read_text(encoding="utf-8").casefold()
    conference = read_notes(NOTES)
    for construct, words in CONSTRUCTS.items():
        session = _session(conference, construct).casefold()
        assert [w for w in words if len(re.findall(rf"(?<![a-z]){w}", text)) != 1] == [], construct
        assert [w for w in words if w not in session] == [], construct


def test_every_built_in_format_is_checked() -> None:
    assert set(FORMATS) == set(validators.TEXT_READERS)


def test_only_the_missing_and_the_remote_image_are_warned_about(built: tuple[Path, str]) -> None:
    """The local picture and the embed are found inside the notes folder by every format;
    the missing image and the remote one (never fetched) are warned about, once each."""
    _, stderr = built
    warnings = [line for line in stderr.splitlines() if "warning" in line]
    missing = [line for line in warnings if "pictures/nowhere.png" in line]
    remote = [line for line in warnings if "https://example.org/far.png" in line]
    assert len(missing) == 1 and len(remote) == 1, stderr
    assert "is a remote image; kept as a link, never fetched" in remote[0]
    assert sorted(warnings) == sorted(missing + remote)


@pytest.mark.parametrize(("fmt", "construct"), _cases())
def test_construct_words_survive(fmt: str, construct: str, shown: Callable[[str], str]) -> None:
    text = shown(fmt)
    lost = [word for word in CONSTRUCTS[construct] if word not in text]
    assert lost == [], f"{fmt} lost the words of {construct}: {lost}"


class _LiveMarkup(HTMLParser):
    """The elements of an HTML page that came from the notes' raw HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = {
            word for name, value in attrs if name == "class" for word in (value or "").split()
        }
        if classes & RAW_CLASSES:
            self.live.append(f"<{tag} class={sorted(classes)}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and any(word in data for word in SCRIPT_WORDS):
            self.live.append(f"<script>{data.strip()}</script>")


#: Formats whose readers render HTML (or markup pandoc turns into HTML).
RENDERED = sorted(set(FORMATS) - {"pdf", "ics", "json"})


@pytest.mark.parametrize("fmt", RENDERED)
def test_raw_html_is_never_live(fmt: str, built: tuple[Path, str]) -> None:
    """The notes' ``<span>``, ``<div>`` and ``<script>`` show as text: rendered, they are
    no element (their words are checked above, under inline and block html)."""
    pages = validators.html_documents(fmt, _written(built, fmt))
    assert pages, f"no HTML read back from the {fmt} file"
    live = []
    for page in pages:
        parser = _LiveMarkup()
        parser.feed(page)
        parser.close()
        live += parser.live
    assert live == []

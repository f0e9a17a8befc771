"""No private word in any output of ``build -t all``, each file searched as its users'
software reads it (zip-based formats unzipped, Anki's collection read from SQLite, the
PDF's text extracted); ``--include-private`` keeps every one, marked as private."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from confexport.exporter import load_available
from tests import validators
from tests.conftest import FIXTURES
from tests.output_text import texts_of

FIXTURE = FIXTURES / "notes" / "private.md"
SOURCE = FIXTURE.read_text(encoding="utf-8")
PRIVATE_WORDS = set(re.findall(r"hush\w+", SOURCE))
PUBLIC_WORDS = set(re.findall(r"keep\w+", SOURCE))
#: Anki cards carry a session's key points (its lists, else its notes), not every word.
CARD_FORMATS = ("anki.csv", "apkg")
CARD_PRIVATE = {"hushnineteen", "hushtwenty", "hushtwentyone", "hushtwentytwo"}
CARD_PUBLIC = {"keeplima", "keeposcar", "keepmike", "keepnovember"}
CONFEXPORT = Path(sys.executable).with_name("confexport")


def build(folder: Path, *extra: str) -> dict[str, str]:
    """``confexport build -t all`` of the fixture into ``folder``; each file's text."""
    folder.mkdir(exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(CONFEXPORT), "build", str(FIXTURE), "-t", "all", "-o", f"{folder}/", *extra]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return texts_of(folder)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two builds, one folder each: ``left-out`` (the default) and ``kept``."""
    return tmp_path_factory.mktemp("private-builds")


@pytest.fixture(scope="module")
def left_out(builds: Path) -> dict[str, str]:
    return build(builds / "left-out")


@pytest.fixture(scope="module")
def kept(builds: Path) -> dict[str, str]:
    return build(builds / "kept", "--include-private")


def _main_outputs(texts: dict[str, str]) -> dict[str, str]:
    """The output of each format (not the media files beside some)."""
    return {name: text for name, text in texts.items() if "/" not in name}


def test_every_format_was_built(left_out: dict[str, str]) -> None:
    extensions = {cls.extension for cls in load_available().values()}
    assert {"." + name.split(".", 1)[1] for name in _main_outputs(left_out)} == extensions
    assert len(extensions) >= 15


def test_no_private_word_in_any_output(left_out: dict[str, str]) -> None:
    leaks = {name: sorted(set(re.findall(r"hush\w*", text))) for name, text in left_out.items()}
    assert {name: words for name, words in leaks.items() if words} == {}


def test_every_output_keeps_the_public_words(left_out: dict[str, str]) -> None:
    """The search above finds words: every public one is there, look-alikes included."""
    for name, text in _main_outputs(left_out).items():
        expected = CARD_PUBLIC if name.endswith(CARD_FORMATS) else PUBLIC_WORDS
        assert expected - set(re.findall(r"keep\w+", text)) == set(), name


def test_the_package_collection_was_read(left_out: dict[str, str]) -> None:
    package = left_out["private.apkg"]
    assert "tables:" in package and " notes " in package.split("\n", 2)[1] + " "
    assert "keepmike" in package


def test_include_private_keeps_every_private_word_marked(kept: dict[str, str]) -> None:
    for name, text in _main_outputs(kept).items():
        expected = CARD_PRIVATE if name.endswith(CARD_FORMATS) else PRIVATE_WORDS
        assert expected - set(re.findall(r"hush\w+", text)) == set(), name
        assert "Private:" in text, name


def test_kept_private_blocks_read_as_quotes_labelled_private(kept: dict[str, str]) -> None:
    markdown = kept["private.md"]
    assert "> **Private:** hushtwo title hushthree body line" in markdown
    assert "\\[**Private:** hushfifteen\\]" in markdown
    assert "<strong>Private:</strong> hushfifteen" in kept["private.html"]


def test_the_epub_with_private_blocks_kept_passes_epubcheck(
    builds: Path, kept: dict[str, str], tmp_path: Path
) -> None:
    reports = validators.epubcheck_reports({"kept": builds / "kept" / "private.epub"}, tmp_path)
    messages = reports["kept"]["messages"]
    assert [(m["ID"], m["message"]) for m in messages] == []


@pytest.mark.parametrize("include", [False, True], ids=["left-out", "kept"])
def test_anki_imports_the_cards_as_built(
    include: bool, builds: Path, left_out: dict[str, str], kept: dict[str, str], tmp_path: Path
) -> None:
    package = builds / ("kept" if include else "left-out") / "private.apkg"
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(with_scheduling=True),
            )
        )
        fields = " ".join(
            value for note_id in col.find_notes("") for _, value in col.get_note(note_id).items()
        )
    finally:
        col.close()
    assert set(re.findall(r"keep\w+", fields)) >= CARD_PUBLIC
    assert set(re.findall(r"hush\w+", fields)) == (CARD_PRIVATE if include else set())

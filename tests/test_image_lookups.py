"""One lookup per image per build: the reader's image check locates through the build's
image catalogs, and the exports (here or in a worker) find each image located.  A
remote image (never fetched) has one wording in every format and one warning a line."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from confexport import media
from confexport.commands import build_outputs
from confexport.images import ImageCatalogs, placeholder
from confexport.reader import MetadataSources, read_notes
from tests.test_image_catalog import assert_every_placing_format_shows
from tests.validators import build_every_format

NOTES = """\
# Image Con

## A talk

![A real slide](real.png) and ![a lost one](lost.png)

## Another talk

![The same slide](real.png)
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    Image.new("RGB", (40, 20), "#336699").save(tmp_path / "real.png")
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    locate = media.locate_image

    def counting(src: str, *args: Any) -> media.Located:
        counted[src] += 1
        return locate(src, *args)

    monkeypatch.setattr(media, "locate_image", counting)
    return counted


def test_a_build_looks_each_image_up_once(
    notes: Path, tmp_path: Path, lookups: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outcomes = build_outputs([notes], ["epub"], f"{tmp_path / 'out'}/", [])
    assert [outcome.error for outcome in outcomes] == [""]
    assert (tmp_path / "out" / "notes.epub").stat().st_size > 0
    assert lookups == {"real.png": 1, "lost.png": 1}


def test_the_catalogs_reach_a_worker_with_what_the_reader_located(
    notes: Path, lookups: Counter[str]
) -> None:
    catalogs = ImageCatalogs()
    conference = read_notes(notes, sources=MetadataSources(images=catalogs))
    assert lookups == {"real.png": 1, "lost.png": 1}
    received = pickle.loads(pickle.dumps(catalogs))  # as a worker process receives them
    assert received is not catalogs
    assert received.of(conference).locate("real.png").path == (notes.parent / "real.png").resolve()
    assert received.of(conference).locate("lost.png").problem == "not found"
    assert lookups == {"real.png": 1, "lost.png": 1}


REMOTE_NOTES = """\
# Remote Con

## Day 1

### A talk

Text first.

![A far slide](https://example.org/far.png)

And again: ![A far slide](https://example.org/far.png)
"""
#: Formats that show no placeholder (ics keeps an image as its words, json the Markdown).


def test_a_remote_image_has_one_wording_and_one_warning_per_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(REMOTE_NOTES, encoding="utf-8")
    out = tmp_path / "out"
    stderr = build_every_format(notes, out)
    warned = [line for line in stderr.splitlines() if "https://example.org/far.png" in line]
    assert [line.split("notes.md:", 1)[1][:3] for line in warned] == ["9: ", "11:"], stderr
    assert "is a remote image; kept as a link, never fetched" in warned[0]
    expected = placeholder("https://example.org/far.png", "A far slide", remote=True)
    assert expected == "[remote image, not fetched: A far slide (https://example.org/far.png)]"
    assert_every_placing_format_shows(expected, out, stderr)

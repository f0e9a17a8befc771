"""The image catalog: each image located and prepared once, one placeholder, one warning."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from confexport import media, read
from confexport.context import ExportContext
from confexport.exporter import load_exporter
from confexport.images import ImageCatalogs, placeholder
from tests.validators import build_every_format, built_file, visible_text

NOTES = """\
# Image Con

## Day 1

### A talk

Text first.

![A lost slide](pictures/lost.png)

![A real slide](pictures/real.png)
"""

#: Formats that show a placeholder for an image they cannot show (ics keeps every
#: image as its words, json keeps the Markdown).
NOT_PLACING = ("ics", "json")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    (tmp_path / "pictures").mkdir()
    Image.new("RGB", (2400, 1200), "#336699").save(tmp_path / "pictures" / "real.png")
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_missing_image_warned_once_with_one_placeholder_in_every_format(
    notes: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    stderr = build_every_format(notes, out)
    warned = [line for line in stderr.splitlines() if "pictures/lost.png" in line]
    assert len(warned) == 1, stderr
    assert "notes.md:9: image pictures/lost.png not found" in warned[0]
    expected = placeholder("pictures/lost.png", "A lost slide")
    assert expected == "[image not available: A lost slide (pictures/lost.png)]"
    assert_every_placing_format_shows(expected, out, stderr)


def assert_every_placing_format_shows(expected: str, out: Path, stderr: str) -> None:
    """Every format that places images (all but :data:`NOT_PLACING`) shows ``expected``
    in the ``notes`` outputs of ``out``, read back with its own reader."""
    from confexport.exporter import registry

    checked = 0
    for fmt in sorted(registry()):
        if fmt in NOT_PLACING:
            continue
        shown = visible_text(fmt, built_file(out, "notes", fmt, stderr))
        # Spacing is the reader's (pypdf drops it, LaTeX's {[} gains it, org adds U+200B).
        assert letters(expected) in letters(shown), f"{fmt}: {shown[:400]}"
        checked += 1
    assert checked >= 6


def letters(text: str) -> str:
    return "".join(text.replace("\u200b", "").split())


def test_each_image_is_located_once_and_each_size_made_once_for_every_format(
    notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[tuple[Path, int]] = Counter()
    located: Counter[str] = Counter()
    prepare, locate = media.prepare_image, media.locate_image

    def counted(path: Path, max_side: int) -> Any:
        calls[path, max_side] += 1
        return prepare(path, max_side)

    def counted_locate(src: str, *args: Any) -> Any:
        located[src] += 1
        return locate(src, *args)

    conference = read(notes)  # the reader checks its images itself
    monkeypatch.setattr(media, "prepare_image", counted)
    monkeypatch.setattr(media, "locate_image", counted_locate)
    context = ExportContext.of([conference])
    for fmt, pairs in (
        ("epub", {}),
        ("epub", {}),
        ("anki", {"image_size": "1600"}),
        ("apkg", {"image_size": "1600"}),
        ("html", {"image_size": "1600"}),
        ("pdf", {}),
        ("pdf", {}),
    ):
        exporter = load_exporter(fmt)
        options = exporter.Options(**{k: int(v) for k, v in pairs.items()})
        exporter().export(conference, options, context)
    assert (notes.parent / "pictures" / "real.png", 1600) in calls
    assert calls and set(calls.values()) == {1}, calls
    assert located == {"pictures/lost.png": 1, "pictures/real.png": 1}


def test_lookups_are_kept_per_notes_folder(notes: Path, tmp_path: Path) -> None:
    conference = read(notes)
    catalogs = ImageCatalogs()
    catalog = catalogs.of(conference)
    assert catalogs.of(read(notes)) is catalog  # the same folder, another read
    found = catalog.lookup("pictures/real.png", 100)
    assert found.prepared is not None and max(found.prepared.width, found.prepared.height) == 100
    assert catalog.lookup("pictures/real.png", 100).prepared is found.prepared
    assert catalog.lookup("pictures/lost.png", 100).problem == "not found"


def test_catalogs_arrive_in_a_worker_as_one_copy() -> None:
    catalogs = ImageCatalogs()
    first, second = pickle.loads(pickle.dumps(catalogs)), pickle.loads(pickle.dumps(catalogs))
    assert first is second
    assert first.token == catalogs.token
    assert pickle.loads(pickle.dumps(ImageCatalogs())) is not first


@pytest.mark.parametrize(
    ("alt", "shown"),
    [
        ("A lost slide", "[image not available: A lost slide (x.png)]"),
        ("", "[image not available: x.png]"),
        ("  two\nlines ", "[image not available: two lines (x.png)]"),
    ],
)
def test_placeholder_wording(alt: str, shown: str) -> None:
    assert placeholder("x.png", alt) == shown

"""Images in the PDF: each prepared once, at the side it prints, on a background thread
while the story is built; the handout is the same however long that thread takes."""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tests.exporters.test_pdf import _tool, build, flat, notes, pdftotext

from confexport import media
from confexport.images import header_size

WriteNotes = Callable[..., Path]
#: The default style sheet's A4 text frame (22 mm side margins).
TEXT_WIDTH = 595.28 - 2 * 22 * 72 / 25.4

#: (file name, side, thread name) of each preparation.
Calls = list[tuple[str, int, str]]


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Every call of :func:`media.prepare_image` the export makes, as it makes it."""
    calls: Calls = []
    prepare = media.prepare_image

    def counted(path: Path, side: int) -> media.PreparedImage:
        calls.append((path.name, side, threading.current_thread().name))
        return prepare(path, side)

    monkeypatch.setattr(media, "prepare_image", counted)
    return calls


def drawn_images(pdf: bytes, folder: Path) -> list[dict[str, str]]:
    """``pdfimages -list``: each image drawn, by its column names."""
    path = folder / "images.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    names = listing[0].split()
    names[names.index("object") : names.index("object") + 2] = ["object"]  # "object ID"
    return [dict(zip(names, row.split(), strict=False)) for row in listing[2:]]


def test_a_picture_limited_by_the_page_height_is_prepared_once_at_its_printed_side(
    write_notes: WriteNotes, tmp_path: Path, prepared: Calls
) -> None:
    (tmp_path / "pictures").mkdir()
    Image.linear_gradient("L").resize((1200, 3000)).save(tmp_path / "pictures" / "tall.png")
    pdf = build(notes(write_notes, "## A tall one\n\n![](pictures/tall.png)\n"))
    [(name, side, thread)] = prepared  # once, not at the text width and again smaller
    assert name == "tall.png"
    assert thread != threading.main_thread().name
    assert side < TEXT_WIDTH / 72 * 150  # the height limits it, not the text width
    [image] = drawn_images(pdf, tmp_path)
    assert int(image["height"]) == side
    assert 149 <= int(image["y-ppi"]) <= 151  # printed at print resolution


def test_an_image_is_sized_from_its_header_turned_as_its_exif_says(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter clockwise
    Image.new("RGB", (400, 200), "#336699").save(tmp_path / "turned.jpg", exif=exif)
    Image.new("RGB", (400, 200), "#336699").save(tmp_path / "turned.png", exif=exif)
    Image.new("RGB", (400, 200), "#336699").save(tmp_path / "plain.png")
    (tmp_path / "text.png").write_text("not an image", encoding="utf-8")
    assert header_size(tmp_path / "turned.jpg") == (200, 400)
    assert header_size(tmp_path / "turned.png") == (200, 400)
    assert header_size(tmp_path / "plain.png") == (400, 200)
    assert header_size(tmp_path / "text.png") is None
    turned = media.prepare_image(tmp_path / "turned.jpg", 1000)
    assert (turned.width, turned.height) == (200, 400)  # as the header said


def truncated_png(path: Path) -> Path:
    """A PNG whose header reads but whose pixels stop short (it does not decode)."""
    Image.effect_noise((300, 200), 60).save(path)
    path.write_bytes(path.read_bytes()[:600])
    return path


def test_an_image_that_fails_on_the_background_thread_warns_once_with_the_placeholder(
    write_notes: WriteNotes, tmp_path: Path, prepared: Calls, caplog: Any
) -> None:
    (tmp_path / "pictures").mkdir()
    broken = truncated_png(tmp_path / "pictures" / "broken.png")
    assert header_size(broken) == (300, 200)  # so it is prepared in the background
    conference = notes(
        write_notes,
        """\
        ## A talk

        ![Broken slide](pictures/broken.png)

        Again: ![Broken slide](pictures/broken.png)
        """,
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(conference)
    text = flat(pdftotext(pdf))
    assert text.count("[image not available: Broken slide (pictures/broken.png)]") == 2
    warned = [r.getMessage() for r in caplog.records if "broken.png" in r.getMessage()]
    assert [message.split(": image ")[0].rsplit("/", 1)[-1] for message in warned] == [
        "notes.md:3",
        "notes.md:5",
    ]
    assert all(
        message.endswith("image pictures/broken.png cannot be decoded as an image (OSError)")
        for message in warned
    )
    assert [thread for *_, thread in prepared] == ["confexport-pdf_0"]  # tried once


def test_the_handout_is_the_same_when_the_image_thread_is_slow(
    write_notes: WriteNotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pictures").mkdir()
    for index, size in enumerate([(1600, 900), (500, 1400), (64, 48)]):
        Image.effect_noise(size, 30 + index).save(tmp_path / "pictures" / f"p{index}.png")
    truncated_png(tmp_path / "pictures" / "broken.png")
    body = "\n\n".join(
        f"## Talk {n}\n\nWords before.\n\n![Slide {n}](pictures/{name}.png)\n\n- a list"
        for n, name in enumerate(["p0", "p1", "p2", "broken", "p0", "p2"])
    )
    conference = notes(write_notes, body)
    fast = build(conference)
    prepare = media.prepare_image

    def slow(path: Path, side: int) -> media.PreparedImage:
        time.sleep(0.3)
        return prepare(path, side)

    monkeypatch.setattr(media, "prepare_image", slow)
    assert build(conference) == fast


def test_a_captioned_picture_prints_inside_a_list_and_a_quote(
    write_notes: WriteNotes, tmp_path: Path
) -> None:
    (tmp_path / "pictures").mkdir()
    Image.new("RGB", (640, 360), "#336699").save(tmp_path / "pictures" / "slide.png")
    conference = notes(
        write_notes,
        """\
        ## A talk

        ![On its own](pictures/slide.png)

        - an item ![In a list](pictures/slide.png)
        - plain

        > ![In a quote](pictures/slide.png)
        """,
    )
    pdf = build(conference)  # reportlab keeps a group together only in a frame
    text = flat(pdftotext(pdf))
    assert all(caption in text for caption in ("On its own", "In a list", "In a quote"))
    assert len(drawn_images(pdf, tmp_path)) == 3

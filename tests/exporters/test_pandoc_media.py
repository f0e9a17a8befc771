"""An image the notes show many times is stored once in docx, odt and html (files)."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypandoc
from PIL import Image

from confexport.exporter import load_exporter
from confexport.exporters.pandoc import PandocOptions
from confexport.exporters.pandoc.media import stand_in
from confexport.reader import read_notes

SHOWN = 5


def notes_showing_one_image(write_notes: Callable[..., Path], tmp_path: Path) -> Path:
    Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3)).save(tmp_path / "photo.png")
    shown = "\n\n".join(f"![photo {n}](photo.png)" for n in range(SHOWN))
    return write_notes(f"# Day 1\n\n## A talk\n\n{shown}\n\n## Another\n\n![again](photo.png)\n")


def elements(node: object, tag: str) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if node.get("t") == tag else []
        return own + [e for value in node.values() for e in elements(value, tag)]
    if isinstance(node, list):
        return [e for value in node for e in elements(value, tag)]
    return []


def media(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith(("word/media/", "Pictures/"))
        }


def test_an_image_shown_many_times_is_stored_once(
    write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    conference = read_notes(notes_showing_one_image(write_notes, tmp_path))
    for fmt, document in (("docx", "word/document.xml"), ("odt", "content.xml")):
        package = load_exporter(fmt)().export(conference, PandocOptions())  # type: ignore[attr-defined]
        stored = media(package)
        assert len(stored) == 1, (fmt, sorted(stored))
        [(name, data)] = stored.items()
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.size == (400, 300)
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            xml = archive.read(document)
            if fmt == "odt":
                manifest = archive.read("META-INF/manifest.xml").decode()
                assert re.findall(r'full-path="(Pictures/[^"]+)"', manifest) == [name]
        assert len(xml) < len(data)  # no copy of the image per reference
        # pandoc reads every reference back as that one image
        back = json.loads(pypandoc.convert_text(package, "json", format=fmt, sandbox=True))
        sources = [image["c"][2][0] for image in elements(back, "Image")]
        assert len(sources) == SHOWN + 1 and len(set(sources)) == 1
    html = load_exporter("html")().export(conference, PandocOptions(images="files"))  # type: ignore[attr-defined]
    assert isinstance(html, dict) and len(html) == 2
    page = html["notes.html"].decode()
    [(name, _)] = [(n, d) for n, d in html.items() if n != "notes.html"]
    assert name.startswith("notes-media/01-photo.") and page.count(f'src="{name}"') == SHOWN + 1


def test_a_stand_in_keeps_the_images_header() -> None:
    for kind in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        Image.new("RGB", (321, 123), (10, 200, 30)).save(buffer, kind, dpi=(150, 150))
        media_type = f"image/{kind.lower()}"
        first, second = (stand_in(buffer.getvalue(), media_type, n) for n in (0, 1))
        assert first != second and len(first) < 400
        header = Image.open(io.BytesIO(first))
        assert (header.format, header.size) == (kind, (321, 123))
        assert round(header.info["dpi"][0]) == 150


def test_the_html_page_stores_an_image_shown_many_times_once(
    write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    conference = read_notes(notes_showing_one_image(write_notes, tmp_path))
    page = load_exporter("html")().export(conference, PandocOptions())  # type: ignore[attr-defined]
    assert isinstance(page, bytes)
    text = page.decode()
    assert text.count("data:image/") == 1  # one copy of the pixels, not one a showing
    assert text.count('<use href="#confexport-image-1"/>') == SHOWN
    assert len(page) < 2 * len((tmp_path / "photo.png").read_bytes())
    for number in range(SHOWN):  # each showing keeps its own alt text
        assert f'aria-label="photo {number}"' in text
    # pandoc reads the page back with the image and every showing of it
    back = pypandoc.convert_text(text, "html", format="html+raw_html", sandbox=True)
    assert back.count("data:image/") == 1 and back.count("<use ") == SHOWN


def test_an_html_image_shown_once_stays_an_img(
    write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "once.png")
    conference = read_notes(write_notes("# Day 1\n\n## A talk\n\n![once](once.png)\n"))
    page = load_exporter("html")().export(conference, PandocOptions())  # type: ignore[attr-defined]
    assert isinstance(page, bytes)
    assert re.search(rb'<img\s+src="data:image/png;base64,', page) and b"<svg" not in page

"""LibreOffice, headless, opens the docx and odt and converts them with every title."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from confexport import export
from confexport.model import Conference
from confexport.text import normalise_title


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed: make install puts libreoffice-writer-nogui in place"
    return found


def convert(soffice: str, document: Path, target: str, tmp_path: Path) -> Path:
    """``document`` converted by headless LibreOffice, in a fresh profile, to ``target``
    ("pdf", "txt:Text", "html"); the converted file."""
    extension = target.split(":")[0]
    folder = tmp_path / extension
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--norestore", "--convert-to", target, "--outdir", str(folder), str(document)],
        capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    converted = folder / f"{document.stem}.{extension}"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    return converted


def pdf_images(pdf: Path) -> list[list[str]]:
    """``pdfimages -list`` rows: page num type width height color comp bpc enc interp
    object ID x-ppi y-ppi size ratio."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [row.split() for row in listing]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_converts_with_every_session_title(
    fmt: str, sample: Conference, soffice: str, tmp_path: Path
) -> None:
    document = tmp_path / f"sample.{fmt}"
    data = export(sample, fmt)
    assert isinstance(data, bytes)
    document.write_bytes(data)
    converted = convert(soffice, document, "txt:Text", tmp_path)
    text = normalise_title(converted.read_text(encoding="utf-8", errors="replace"))
    missing = [t.title for t in sample.talks if normalise_title(t.title) not in text]
    assert missing == []


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_shows_every_reference_to_an_image_stored_once(
    fmt: str, soffice: str, tmp_path: Path
) -> None:
    from PIL import Image

    from confexport.reader import read_notes

    Image.frombytes("RGB", (200, 150), os.urandom(200 * 150 * 3)).save(tmp_path / "photo.png")
    shown = "\n\n".join(f"![photo {n}](photo.png)" for n in range(5))
    (tmp_path / "notes.md").write_text(f"# Day 1\n\n## A talk\n\n{shown}\n", encoding="utf-8")
    data = export(read_notes(tmp_path / "notes.md"), fmt)
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        stored = [n for n in names if n.startswith(("word/media/", "Pictures/"))]
        text = package.read("word/document.xml" if fmt == "docx" else "content.xml")
        assert len(stored) == 1 and len(text) < len(package.read(stored[0]))
    document = tmp_path / f"images.{fmt}"
    document.write_bytes(data)
    listing = pdf_images(convert(soffice, document, "pdf", tmp_path))
    assert len(listing) == 5  # each reference drawn, from the one stored image


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_shows_a_wide_picture_whole_and_in_proportion(
    fmt: str, soffice: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from PIL import Image

    from confexport.reader import read_notes

    Image.new("RGB", (1600, 800), "teal").save(tmp_path / "wide.png")
    Image.new("RGB", (200, 100), "navy").save(tmp_path / "small.png")
    notes = "# Day 1\n\n## A talk\n\n![a wide slide](wide.png)\n\n![a small logo](small.png)\n"
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    document = tmp_path / f"pictures.{fmt}"
    with caplog.at_level(logging.WARNING, logger="confexport"):
        data = export(read_notes(tmp_path / "notes.md"), fmt)
    assert isinstance(data, bytes)
    # pandoc is told each picture's size: the user is warned of nothing
    assert [r.getMessage() for r in caplog.records if r.name == "confexport"] == []
    document.write_bytes(data)
    rows = pdf_images(convert(soffice, document, "pdf", tmp_path))
    shown = {int(r[3]): float(r[3]) / float(r[12]) for r in rows}  # inches printed
    ppi = {int(r[3]): (float(r[12]), float(r[13])) for r in rows}
    assert shown[1600] <= 6.5, f"the wide picture prints {shown[1600]:.1f} in wide"
    assert shown[200] == pytest.approx(200 / 96, rel=0.05)  # small pictures keep their size
    assert ppi[1600][0] == pytest.approx(ppi[1600][1], rel=0.02)  # and every one its shape


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_shows_the_contents_filled_in(
    fmt: str, sample: Conference, soffice: str, tmp_path: Path
) -> None:
    document = tmp_path / f"sample.{fmt}"
    data = export(sample, fmt)
    assert isinstance(data, bytes)
    document.write_bytes(data)
    converted = convert(soffice, document, "txt:Text", tmp_path)
    text = normalise_title(converted.read_text(encoding="utf-8", errors="replace"))
    first = normalise_title(sample.talks[0].title)
    start = text.index("contents")
    end = text.index(first, text.index(first, start) + 1)  # the first session's own heading
    listed = text[start:end]
    assert [t.title for t in sample.talks if normalise_title(t.title) not in listed] == []


TABLE_NOTES = """\
# Day 1

## A talk

| # | Tool | What the speaker said about it, at length, with examples and caveats | Stars |
|---|---|---|---|
| 1 | ruff | Fast, and it replaces flake8, isort and many plugins; run it in pre-commit and CI | 5 |
| 2 | mypy | Strict mode catches real bugs but needs stubs for old libraries: adopt it slowly | 4 |
"""


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_a_wide_table_gives_its_long_column_the_room(
    fmt: str, soffice: str, tmp_path: Path
) -> None:
    """LibreOffice lays the table out from the widths the file gives (equal, before)."""
    from confexport.reader import read_notes

    (tmp_path / "notes.md").write_text(TABLE_NOTES, encoding="utf-8")
    document = tmp_path / f"table.{fmt}"
    data = export(read_notes(tmp_path / "notes.md"), fmt)
    assert isinstance(data, bytes)
    document.write_bytes(data)
    page = convert(soffice, document, "html", tmp_path).read_text(encoding="utf-8")
    widths = [int(w) for w in re.findall(r'<col width="(\d+)\*?"', page)]
    assert len(widths) == 4, page[:2000]
    narrow, long = max(widths[0], widths[1], widths[3]), widths[2]
    assert long > 3 * narrow, widths

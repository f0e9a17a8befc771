"""The PDF handout for paper: QR codes read back by zbarimg (zbar-tools) from pages
rendered by pdftoppm (poppler), A5 pages and the serif theme measured by pdftotext."""

from __future__ import annotations

import io
import logging
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pypdf
import pytest

import confexport
from confexport.model import Conference
from confexport.reader import read_notes

EPOCH = "1650000000"
TALK_URLS = [
    "https://pretalx.com/pycascades-2022/talk/MVLLML/",
    "https://2024.example.org/talk/a-longer-session-address-about-gradual-typing/?lang=en",
]


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} ({package}) is needed to check the printed page; run make install"
    return path


def build(conference: Conference, **options: str) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        output = confexport.export(conference, "pdf", **options)
    assert isinstance(output, bytes)
    return output


def page_png(pdf: bytes, page: int, folder: Path, dpi: int = 200) -> Path:
    """Page ``page`` (from 1) of ``pdf`` rendered to a PNG, as a printer would see it."""
    source = folder / "handout.pdf"
    source.write_bytes(pdf)
    prefix = folder / f"page-{page}"
    subprocess.run(
        [tool("pdftoppm", "poppler-utils"), "-r", str(dpi), "-png", "-singlefile",
         "-f", str(page), "-l", str(page), str(source), str(prefix)],
        check=True,
    )  # fmt: skip
    return prefix.with_suffix(".png")


def decoded_codes(png: Path) -> list[str]:
    """Every QR code zbarimg reads on the image."""
    result = subprocess.run(
        [tool("zbarimg", "zbar-tools"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
         str(png)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.splitlines()


def pdftotext(pdf: bytes, *args: str) -> str:
    result = subprocess.run(
        [tool("pdftotext", "poppler-utils"), "-enc", "UTF-8", *args, "-", "-"],
        input=pdf, capture_output=True, check=True,
    )  # fmt: skip
    return result.stdout.decode("utf-8")


def talks_with_links(write_notes: object, urls: list[str]) -> Conference:
    sections = "".join(
        f"## [Talk {number}]({url})\n\nA few notes.\n\n" for number, url in enumerate(urls, 1)
    )
    return read_notes(write_notes(f"# Handout\n\n{sections}"))  # type: ignore[operator]


# -- QR codes ---------------------------------------------------------------------------


def test_qr_codes_decode_to_the_talk_links(write_notes: object, tmp_path: Path) -> None:
    conference = talks_with_links(write_notes, TALK_URLS)
    pdf = build(conference, qr="true", toc="false")
    # the cover, then day 1 with both talks on its page
    assert sorted(decoded_codes(page_png(pdf, 2, tmp_path))) == sorted(TALK_URLS)


def test_qr_code_is_a_link_too_and_off_by_default(write_notes: object) -> None:
    conference = talks_with_links(write_notes, TALK_URLS[:1])
    with_codes = pypdf.PdfReader(io.BytesIO(build(conference, qr="true", toc="false")))
    without = pypdf.PdfReader(io.BytesIO(build(conference, toc="false")))

    def links(reader: pypdf.PdfReader) -> list[str]:
        annotations = reader.pages[1].get("/Annots") or []
        return [str(a.get_object()["/A"]["/URI"]) for a in annotations]

    assert links(with_codes) == TALK_URLS[:1] * 2  # the text and the code
    assert links(without) == TALK_URLS[:1]


def test_qr_code_left_out_for_a_link_too_long_to_print_legibly(
    write_notes: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    long_url = "https://example.org/talk/" + "a" * 300
    conference = talks_with_links(write_notes, [long_url, TALK_URLS[0]])
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(conference, qr="true", toc="false")
    assert decoded_codes(page_png(pdf, 2, tmp_path)) == TALK_URLS[:1]
    assert re.search(r"notes\.md:\d+: the talk link is 325 characters long", caplog.text)


# -- A5 and the serif theme -------------------------------------------------------------

PROSE = (
    "The speaker walked us through moving a large service to typed Python, one module "
    "at a time, with the checker run in strict mode on new code only. The first month "
    "found more real bugs than the whole previous year of code review had, most of them "
    "in error paths nobody had ever exercised in tests. "
) * 4
NOTES = f"""\
# Handout

## [A talk about typing](https://pretalx.com/pycon/talk/TYPING/)

{PROSE}

- [ ] ask about the plugin
- [x] read the slides

Shalom is שָׁלוֹם in Hebrew.
"""


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    path = tmp_path_factory.mktemp("notes") / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return read_notes(path)


def text_runs(pdf: bytes) -> list[tuple[str, str, float]]:
    """(text, font's base name, size) of every piece of text pypdf finds."""
    runs: list[tuple[str, str, float]] = []

    def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
        if text.strip() and isinstance(font, dict):
            runs.append((text, str(font.get("/BaseFont", "")).split("+")[-1], size))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return runs


def size_of(runs: list[tuple[str, str, float]], start: str) -> float:
    return next(size for text, _, size in runs if text.startswith(start))


def body_line_lengths(pdf: bytes) -> list[int]:
    """Characters of each full line of the long paragraph (its last line left out)."""
    lines = [line.strip() for line in pdftotext(pdf).splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("The speaker walked"))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("☐"))  # the list
    return [len(line) for line in lines[start : end - 1]]


def test_a5_pages_with_their_own_type_scale(handout: Conference) -> None:
    a4, a5 = build(handout, toc="false"), build(handout, paper="a5", toc="false")
    pages = pypdf.PdfReader(io.BytesIO(a5)).pages
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in pages} == {(420, 595)}
    big, small = text_runs(a4), text_runs(a5)
    assert size_of(big, "The speaker") == 9.5 and size_of(small, "The speaker") == 8.5
    assert size_of(big, "Handout") == 30 and size_of(small, "Handout") == 22  # cover title
    assert size_of(small, "A talk about typing") == 12
    margin = 14 * 72 / 25.4
    for width, left, right, word in word_boxes(a5):
        assert left >= margin - 1 and right <= width - margin + 1, f"{word!r} leaves the frame"
    assert 70 <= statistics.mean(body_line_lengths(a5)) <= 85


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_serif_theme_sets_the_body_in_serif_on_a_70_character_measure(
    handout: Conference, paper: str
) -> None:
    pdf = build(handout, theme="serif", paper=paper, toc="false")
    runs = text_runs(pdf)
    assert next(font for text, font, _ in runs if text.startswith("The speaker")) == "DejaVuSerif"
    assert next(font for text, font, _ in runs if text.startswith("A talk about")) == (
        "DejaVuSans-Bold"
    )  # headings stay sans
    measure = statistics.mean(body_line_lengths(pdf))
    assert 62 <= measure <= 76
    sans = build(handout, paper=paper, toc="false")
    assert statistics.mean(body_line_lengths(sans)) > measure + 5  # it fills the width
    assert "DejaVuSerif" not in {font for _, font, _ in text_runs(sans)}


def test_serif_theme_prints_what_the_serif_lacks_in_sans(handout: Conference) -> None:
    runs = text_runs(build(handout, theme="serif", toc="false"))
    fonts = {text.strip(): font for text, font, _ in runs}
    assert fonts["☐"] == fonts["☒"] == "DejaVuSans"  # DejaVu Serif has no ballot boxes
    assert {font for text, font, _ in runs if "ש" in text} == {"DejaVuSans"}  # nor Hebrew
    assert fonts["Shalom is"] == fonts["in Hebrew."] == "DejaVuSerif"


WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*)</word>')


def word_boxes(pdf: bytes) -> list[tuple[float, float, float, str]]:
    """(page width, xMin, xMax, word) for every word pdftotext finds."""
    boxes: list[tuple[float, float, float, str]] = []
    width = 0.0
    for line in pdftotext(pdf, "-bbox").splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = WORD_BOX.search(line)
        if word:
            boxes.append((width, float(word.group(1)), float(word.group(2)), word.group(3)))
    return boxes


def test_a_dense_code_prints_larger_so_its_modules_stay_legible() -> None:
    from reportlab.lib.units import mm

    from confexport.exporters.pdf.qr import LONGEST_CODED_LINK, SMALLEST_MODULE, qr_drawing

    short = qr_drawing(TALK_URLS[0], 16 * mm)
    dense = qr_drawing("https://example.org/talk/" + "a" * (LONGEST_CODED_LINK - 25), 16 * mm)
    assert short.width == pytest.approx(16 * mm)
    assert dense.width > 16 * mm  # 16 mm would give modules under 0.33 mm
    modules = dense.width / SMALLEST_MODULE
    assert modules == pytest.approx(round(modules)) and round(modules) % 4 == 1  # 4v + 17 + 8

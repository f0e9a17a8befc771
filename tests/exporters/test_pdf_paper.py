"""The PDF handout for paper: QR codes read back by zbarimg (zbar-tools) from pages
rendered by pdftoppm (poppler), A5 pages and the serif theme measured by pdftotext."""

from __future__ import annotations

import io
import logging
import re
import shutil
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

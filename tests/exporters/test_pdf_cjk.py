"""The PDF's CJK fallback font (``-O cjk-font``): Japanese and Chinese notes read back
with pdftotext, the font embedded as a small subset, ``check`` quiet about what it
draws, and nothing changed for notes that need no fallback."""

from __future__ import annotations

import logging
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Run
from tests.exporters.test_pdf import (
    WriteNotes,
    _tool,
    assert_inside_text_frame,
    build,
    flat,
    pdftotext,
)

from confexport.check import check
from confexport.model import Conference
from confexport.reader import read_notes

FIXTURES = Path(__file__).parent.parent / "fixtures" / "cjk"
#: WenQuanYi Micro Hei: free (Apache 2.0 or GPL 3 with the font exception), TrueType
#: outlines, Chinese, Japanese and Korean; ``scripts/system-deps.sh`` installs it.
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture(scope="module")
def font() -> str:
    assert WQY.is_file(), "fonts-wqy-microhei is needed to test the CJK fallback; run make install"
    return str(WQY)


def fonts_of(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return [row.split()[0].split("+")[-1] for row in listing.splitlines()[2:]]


def glyph_warnings(caplog: Any) -> list[str]:
    return [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "japanese.md",
            [
                "関西パイソン勉強会 2024",
                "秋の集まり",
                "10月12日",
                "朝は受付から始まります。",
                "型ヒントを使いこなす",
                "佐藤 花子",
                "型チェッカーは大きなコードベースで本当に役に立ちます。",
                "要点：テストを先に書くこと",
                "設定.toml",
                "型の検査",
            ],
        ),
        (
            "chinese.md",
            [
                "深圳开源技术大会",
                "11月2日",
                "开场前请在门口签到。",
                "用类型检查让代码更可靠",
                "王小明",
                "听众问：迁移花了多长时间？答：大约三个月。",
            ],
        ),
    ],
)
def test_cjk_notes_read_back_in_the_fallback_font(
    fixture: str, expected: list[str], font: str, tmp_path: Path, caplog: Any
) -> None:
    conference = read_notes(FIXTURES / fixture)
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(conference, cjk_font=font)
    text = flat(pdftotext(pdf))
    for line in expected:
        assert line in text
    assert any(name.startswith("WenQuanYiMicroHei") for name in fonts_of(pdf, tmp_path))
    assert glyph_warnings(caplog) == []
    assert len(pdf) < 150_000  # a subset of the 5 MB font, not all of it


def test_a_long_chinese_paragraph_wraps_inside_the_frame_reproducibly(font: str) -> None:
    pdf = build(read_notes(FIXTURES / "chinese.md"), cjk_font=font)
    assert build(read_notes(FIXTURES / "chinese.md"), cjk_font=font) == pdf  # reproducible
    squeezed = "".join(pdftotext(pdf).split())
    assert "这一段很长，没有空格，用来检查中文在行尾能否正确换行" in squeezed
    assert_inside_text_frame(pdf)


def test_without_the_fallback_cjk_is_lost_and_the_warning_says_how_to_add_one(
    caplog: Any,
) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(read_notes(FIXTURES / "japanese.md"))
    assert "型ヒント" not in pdftotext(pdf)
    warnings = glyph_warnings(caplog)
    assert warnings and all("-O cjk-font=" in message for message in warnings)


def test_running_headers_use_the_fallback(font: str) -> None:
    pdf = build(read_notes(FIXTURES / "japanese.md"), cjk_font=font)
    last_page = pdftotext(pdf, "-f", "3", "-l", "3")
    assert last_page.splitlines()[0] == "関西パイソン勉強会 2024"


def test_serif_theme_code_and_bold_fall_back_too(
    write_notes: WriteNotes, font: str, caplog: Any
) -> None:
    path = write_notes("## **太字** の題\n\n本文 *斜体* `コード 代码` 한국어\n")
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(read_notes(path), cjk_font=font, theme="serif")
    text = flat(pdftotext(pdf))
    assert "太字 の題" in text and "本文 斜体 コード 代码 한국어" in text
    assert glyph_warnings(caplog) == []


def test_notes_without_cjk_are_byte_identical_with_the_fallback(
    sample: Conference, font: str
) -> None:
    assert build(sample, cjk_font=font) == build(sample)


def test_check_counts_what_the_fallback_draws(font: str) -> None:
    from confexport.fallback_font import coverage

    conference = read_notes(FIXTURES / "japanese.md")
    without = [str(finding) for finding in check(conference)]
    assert without and all("-O cjk-font=" in line for line in without)
    assert check(conference, coverage(font)) == []


def test_check_reads_the_fallback_from_the_command_line(run: Run, font: str) -> None:
    notes = str(FIXTURES / "chinese.md")
    code, out, _ = run("check", notes)
    assert code == 3 and "-O cjk-font=FONT.ttf" in out
    code, out, _ = run("check", notes, "-O", f"cjk-font={font}")
    assert code == 0 and "no problem(s)" in out


def test_check_reads_the_fallback_from_the_config_file(
    run: Run, font: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "confexport" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'[options.pdf]\ncjk_font = "{font}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    code, out, _ = run("check", str(FIXTURES / "chinese.md"))
    assert code == 0, out


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("missing.ttf", None, 1, "no such font file"),
        ("notes.ttf", b"not a font at all", 1, "cannot use this font"),
    ],
)
def test_a_bad_font_is_one_clear_line(
    run: Run, tmp_path: Path, name: str, content: bytes | None, code: int, message: str
) -> None:
    font = tmp_path / name
    if content is not None:
        font.write_bytes(content)
    notes = tmp_path / "notes.md"
    notes.write_text(textwrap.dedent("## 漢字\n\nText.\n"), encoding="utf-8")
    out_dir = tmp_path / "out"
    status, _, err = run("build", str(notes), "-t", "pdf", "-o", f"{out_dir}/",
                         "-O", f"cjk-font={font}")  # fmt: skip
    assert status == code
    lines = [line for line in err.splitlines() if "cjk-font" in line]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in err

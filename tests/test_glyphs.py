"""The body font's coverage table, which ``check`` reads without loading the font."""

from __future__ import annotations

from confexport import glyphs
from confexport.exporters.pdf.style import SANS
from confexport.exporters.pdf.style import glyphs as font_glyphs
from confexport.resources import read_text


def test_the_coverage_table_is_the_shipped_font_s_own() -> None:
    # Regenerate with scripts/make_font_coverage.py when the font changes.
    expected = glyphs.coverage_lines(font_glyphs(SANS))
    assert read_text(glyphs.COVERAGE_FILE).split() == expected


def test_every_code_point_is_judged_as_the_font_judges_it() -> None:
    have = font_glyphs(SANS)
    for point in range(0x30000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        assert glyphs.can_draw(chr(point)) == (point in have), hex(point)


def test_missing_characters_are_named_by_script() -> None:
    text = "Grüße 基調 カナ 한국 🎉 ✓ ก"
    scripts = glyphs.missing_scripts(text)
    assert list(scripts) == ["CJK", "Japanese kana", "Hangul", "emoji and symbols", "Thai"]
    assert glyphs.describe_scripts({"CJK": "基調"}) == "CJK 基 (U+57FA), 調 (U+8ABF)"

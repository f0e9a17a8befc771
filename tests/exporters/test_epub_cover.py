"""The EPUB cover knows the text its fonts draw without loading them, and is right."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from confexport.exporters.epub import cover


@pytest.mark.parametrize("font", ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"])
def test_text_always_drawn_is_in_both_fonts(font: str) -> None:
    covered = frozenset(TTFontFile(str(cover.font_path(font))).charToGlyph)
    assumed = [chr(point) for point in range(0x110000) if cover.ALWAYS_DRAWN.fullmatch(chr(point))]
    assert len(assumed) > 200
    assert [c for c in assumed if ord(c) not in covered and not c.isspace()] == []


def test_other_text_is_looked_up_in_the_font() -> None:
    assert cover.drawable("PyCascades 2022 — Feb 5–6, Zürich “notes” …")
    assert not cover.drawable("会議ノート")
    assert not cover.drawable("tab\x01control")

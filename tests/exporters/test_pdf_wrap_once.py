"""A paragraph of the handout breaks its lines once for a width, however many times
reportlab lays it out at that width."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from confexport.exporters.pdf.flowables import paragraph
from confexport.exporters.pdf.style import load_style_sheet

WORDS = " ".join(f"word{n}" for n in range(300))


@pytest.fixture
def breaks(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The first line width of every line breaking reportlab does."""
    widths: list[float] = []
    original = Paragraph.breakLines

    def counted(self: Paragraph, line_widths: Any) -> Any:
        widths.append(line_widths[0])
        return original(self, line_widths)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    return widths


def test_lines_are_broken_once_a_width(breaks: list[float]) -> None:
    made = paragraph(WORDS, load_style_sheet()["body"])
    first = made.wrap(300, 800)
    assert made.wrap(300, 50) == first  # the height offered does not matter
    assert made.wrap(200, 800) != first
    assert made.wrap(200, 800) == made.wrap(200, 10)
    assert breaks == [300, 200]


def test_a_split_that_gives_up_breaks_them_again(breaks: list[float]) -> None:
    made = paragraph(WORDS, load_style_sheet()["body"])
    made.wrap(300, 800)
    assert made.split(300, 1) == []  # no room for two lines: reportlab drops its lines
    made.wrap(300, 800)
    assert breaks == [300, 300]
    assert len(made.split(300, 100)) == 2

"""The EPUB's cover image: title, subtitle, dates and place, drawn with Pillow."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any

from confexport.resources import templates_root

WIDTH, HEIGHT = 1600, 2400
MARGIN = 140
INK = (255, 255, 255)
SOFT_INK = (214, 226, 240)
BACKGROUND = (23, 48, 82)
BAND = (233, 160, 58)
#: Text both cover fonts draw whole: printable ASCII and Latin-1, the dashes, quotes,
#: bullets and ellipsis of U+2010–U+2027, and white space (``tests/exporters/test_epub.py``
#: checks it against the fonts).  The cover's usual text needs no look into a font file.
ALWAYS_DRAWN = re.compile(r"[\x20-\x7e\xa0-\xff\u2010-\u2027\s]*")


def font_path(name: str) -> Path:
    return templates_root() / "fonts" / name


@functools.cache
def _covered_codepoints(name: str) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(str(font_path(name))).charToGlyph)


def drawable(text: str, font: str = "DejaVuSans-Bold.ttf") -> bool:
    """True when the bundled font has a glyph for every character of ``text``."""
    if ALWAYS_DRAWN.fullmatch(text):
        return True
    covered = _covered_codepoints(font)
    return all(ord(char) in covered or char.isspace() for char in text)


def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path(name)), size)


def _wrap(draw: Any, text: str, font: Any, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; an overlong word gets a line of its own."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fitting_block(draw: Any, text: str, font_name: str, size: int, max_lines: int) -> Any:
    """The largest font (from ``size`` down) that sets ``text`` in ``max_lines`` lines."""
    width = WIDTH - 2 * MARGIN
    while True:
        font = _font(font_name, size)
        lines = _wrap(draw, text, font, width)
        fits = all(draw.textlength(line, font=font) <= width for line in lines)
        if (len(lines) <= max_lines and fits) or size <= 40:
            return font, lines
        size -= 8


def _draw_lines(draw: Any, lines: list[str], font: Any, top: int, fill: Any, gap: float) -> int:
    line_height = int(font.size * gap)
    for line in lines:
        draw.text((MARGIN, top), line, font=font, fill=fill)
        top += line_height
    return top


def draw_cover(title: str, subtitle: str, when: str, where: str) -> bytes:
    """A PNG cover.  Text the bundled fonts cannot draw is left off the image."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 60), fill=BAND)
    label_font = _font("DejaVuSans.ttf", 54)
    draw.text((MARGIN, 300), "CONFERENCE NOTES", font=label_font, fill=BAND)
    top = 420
    if drawable(title):
        title_font, lines = _fitting_block(draw, title, "DejaVuSans-Bold.ttf", 150, 5)
        top = _draw_lines(draw, lines, title_font, top, INK, 1.18)
    draw.rectangle((MARGIN, top + 50, MARGIN + 260, top + 66), fill=BAND)
    top += 140
    if subtitle and drawable(subtitle, "DejaVuSans.ttf"):
        sub_font, lines = _fitting_block(draw, subtitle, "DejaVuSans.ttf", 70, 4)
        _draw_lines(draw, lines, sub_font, top, SOFT_INK, 1.3)
    facts_font = _font("DejaVuSans.ttf", 64)
    facts = [text for text in (when, where) if text and drawable(text, "DejaVuSans.ttf")]
    lines = [line for text in facts for line in _wrap(draw, text, facts_font, WIDTH - 2 * MARGIN)]
    _draw_lines(draw, lines, facts_font, HEIGHT - MARGIN - 96 * len(lines), INK, 1.5)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")  # optimize=True halves the speed for 3% smaller
    return buffer.getvalue()

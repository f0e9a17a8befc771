"""Which characters the PDF's body font can draw, known without loading the font.

The handout's body face is DejaVu Sans (``templates/fonts/``).  Its coverage, the code
points it has a glyph for, is read from the font once by
``scripts/make_font_coverage.py`` into :data:`COVERAGE_FILE` (ranges of code points), so
``confexport check`` names the characters that would print as boxes without importing
reportlab, as the PDF build warns of them.  ``tests/test_glyphs.py`` checks the file
against the font itself.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Iterable

from confexport.resources import read_text

#: The body font's coverage, under templates/: one ``XXXX-YYYY`` (hex) range a line.
COVERAGE_FILE = "fonts/DejaVuSans.coverage"

#: The first word of a Unicode character name → the script it is reported as.
_SCRIPT_WORDS = {
    "CJK": "CJK",
    "IDEOGRAPHIC": "CJK",
    "FULLWIDTH": "CJK",
    "HALFWIDTH": "CJK",
    "HIRAGANA": "Japanese kana",
    "KATAKANA": "Japanese kana",
    "KATAKANA-HIRAGANA": "Japanese kana",
    "HANGUL": "Hangul",
}
EMOJI = "emoji and symbols"


def coverage_lines(code_points: Iterable[int]) -> list[str]:
    """``code_points`` as the coverage file's lines: sorted runs, ``XXXX-YYYY``."""
    runs: list[list[int]] = []
    for point in sorted(code_points):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return [f"{start:04X}-{end:04X}" for start, end in runs]


@functools.cache
def _runs() -> tuple[list[int], list[int]]:
    """The coverage's run starts and ends, for bisection."""
    starts: list[int] = []
    ends: list[int] = []
    for line in read_text(COVERAGE_FILE).split():
        start, end = line.split("-")
        starts.append(int(start, 16))
        ends.append(int(end, 16))
    return starts, ends


def can_draw(char: str) -> bool:
    """Has the body font a glyph for ``char``?"""
    starts, ends = _runs()
    point = ord(char)
    index = bisect.bisect_right(starts, point) - 1
    return index >= 0 and point <= ends[index]


def missing_glyphs(text: str, fallback: frozenset[int] = frozenset()) -> str:
    """The distinct characters of ``text`` neither the body font nor the ``fallback``
    font's code points draw, in order."""
    return "".join(
        c
        for c in dict.fromkeys(text)
        if not c.isspace() and not can_draw(c) and ord(c) not in fallback
    )


def script_of(char: str) -> str:
    """The script a character is reported under: "CJK", "Japanese kana", "Hangul",
    "emoji and symbols", else the first word of its Unicode name ("Thai", "Bengali")."""
    if 0x3000 <= ord(char) <= 0x303F:  # CJK punctuation
        return "CJK"
    if unicodedata.category(char).startswith("S"):
        return EMOJI
    word = unicodedata.name(char, "").split(" ", 1)[0]
    if not word:
        return "unnamed characters"
    return _SCRIPT_WORDS.get(word, word.capitalize())


def missing_scripts(text: str, fallback: frozenset[int] = frozenset()) -> dict[str, str]:
    """The characters of ``text`` neither the body font nor the ``fallback`` font can
    draw, by script, each script and each character once, in order of appearance."""
    scripts: dict[str, str] = {}
    for char in missing_glyphs(text, fallback):
        script = script_of(char)
        scripts[script] = scripts.get(script, "") + char
    return scripts


def describe_scripts(scripts: dict[str, str], shown: int = 6) -> str:
    """``CJK 漢 (U+6F22), 字 (U+5B57); emoji and symbols 🎉 (U+1F389)``: each script
    once, with at most ``shown`` of its characters."""
    parts = []
    for script, chars in scripts.items():
        listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars[:shown])
        more = f" and {len(chars) - shown} more" if len(chars) > shown else ""
        parts.append(f"{script} {listed}{more}")
    return "; ".join(parts)

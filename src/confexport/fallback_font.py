"""The PDF's fallback font: a TrueType file the user names (``-O cjk-font=PATH``) for the
characters the embedded DejaVu faces lack, Chinese, Japanese and Korean above all.

DejaVu has no CJK glyphs, and no free CJK font small enough to ship in the wheel has
TrueType outlines (reportlab embeds only those), so the user gives one, such as
WenQuanYi Micro Hei (Debian's ``fonts-wqy-microhei``).  The PDF embeds the subset of
it that the text uses; ``confexport check`` reads its coverage so that it does not
report what the fallback draws.  The path comes from the command line or the config
file, never from the notes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from confexport.errors import OptionsError

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

#: The ``-O`` key (and the PDF option's field, ``cjk_font``).
OPTION = "cjk-font"
#: What to do about characters no font draws, when no fallback is configured.
HINT = (
    f"give the PDF a fallback font with -O {OPTION}=FONT.ttf, a TrueType font such as "
    "WenQuanYi Micro Hei (Debian: fonts-wqy-microhei)"
)


def font_path(raw: str) -> Path:
    """``raw`` (``~`` expanded, symlinks resolved), checked to be a readable file."""
    path = Path(raw).expanduser()
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise OptionsError(f"-O {OPTION}={raw}: no such font file") from None
    if not resolved.is_file():
        raise OptionsError(f"-O {OPTION}={raw}: not a font file")
    return resolved


#: The name the fallback font is registered under in reportlab.
FONT_NAME = "CJKFallback"


@functools.cache
def load(path: Path) -> TTFont:
    """The font at ``path`` (the first face of a collection), ready to register with
    reportlab; one clear line when reportlab cannot embed it."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        return TTFont(FONT_NAME, str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError) as exc:
        reason = str(exc).split("\n", 1)[0]
        if "postscript" in reason.lower():
            reason = "its outlines are PostScript (CFF); reportlab embeds TrueType outlines only"
        raise OptionsError(f"-O {OPTION}={path}: cannot use this font: {reason}") from None


def coverage(raw: str | None) -> frozenset[int]:
    """The code points the fallback font named ``raw`` draws (none when unset)."""
    if not raw:
        return frozenset()
    return frozenset(load(font_path(raw)).face.charToGlyph)

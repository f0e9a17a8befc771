"""The PDF handout's look: embedded fonts and the style sheet in ``templates/pdf/``."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from confexport import fallback_font
from confexport.errors import ExportError
from confexport.resources import templates_root

SANS = "DejaVuSans"
MONO = "DejaVuSansMono"
SERIF = "DejaVuSerif"
#: Registered font name → file in ``templates/fonts``.
FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
    f"{SANS}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{SANS}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
    f"{MONO}-Bold": "DejaVuSansMono-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
    f"{SERIF}-Italic": "DejaVuSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}
#: Family → its regular, bold, italic and bold italic faces.
FAMILIES = {
    SANS: (SANS, f"{SANS}-Bold", f"{SANS}-Oblique", f"{SANS}-BoldOblique"),
    MONO: (MONO, f"{MONO}-Bold", MONO, f"{MONO}-Bold"),
    SERIF: (SERIF, f"{SERIF}-Bold", f"{SERIF}-Italic", f"{SERIF}-BoldItalic"),
}
#: A face → the face of DejaVu Sans that draws the characters it lacks (the serif
#: has no Hebrew, Arabic, ballot boxes or dingbats, which Sans has).
SANS_FALLBACK = dict(zip(FAMILIES[SERIF], FAMILIES[SANS], strict=True))
#: The code points of the CJK fallback font (``-O cjk-font``) while a handout that has
#: one is rendered, under its registered name; empty otherwise.
_CJK_COVERAGE: dict[str, frozenset[int]] = {}
#: English prose whose average character width stands for a line's (``measure_chars``).
MEASURE_SAMPLE = (
    "The speaker showed how the team moved their services to a typed codebase, "
    "what broke on the way, and which tests caught it before the users did."
)
_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@functools.cache
def register_fonts() -> None:
    """Embed DejaVu Sans and Sans Mono (once per process)."""
    register_family(SANS)
    register_family(MONO)


@functools.cache
def register_family(family: str) -> None:
    """Embed ``family``'s faces and tie them together, so <b> and <i> find them."""
    from reportlab.lib.fonts import addMapping

    fonts = templates_root() / "fonts"
    regular, bold, italic, bold_italic = FAMILIES[family]
    for name in dict.fromkeys(FAMILIES[family]):
        pdfmetrics.registerFont(TTFont(name, str(fonts / FONT_FILES[name])))
    addMapping(family, 0, 0, regular)
    addMapping(family, 1, 0, bold)
    addMapping(family, 0, 1, italic)
    addMapping(family, 1, 1, bold_italic)


def family_of(font_name: str) -> str:
    return next(family for family, faces in FAMILIES.items() if font_name in faces)


@functools.cache
def glyphs(font_name: str) -> frozenset[int]:
    """Code points the embedded font ``font_name`` has a glyph for."""
    register_fonts()
    register_family(family_of(font_name))
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@contextlib.contextmanager
def cjk_fallback(raw_path: str | None) -> Iterator[None]:
    """While rendering: the TrueType font at ``raw_path`` (``-O cjk-font``) embedded
    and drawing what every DejaVu face lacks; nothing changes when it is None."""
    if not raw_path:
        yield
        return
    font = fallback_font.load(fallback_font.font_path(raw_path))
    pdfmetrics.registerFont(font)
    _CJK_COVERAGE[font.fontName] = frozenset(font.face.charToGlyph)
    try:
        yield
    finally:
        _CJK_COVERAGE.clear()


def fallback_coverage() -> frozenset[int]:
    """The code points the CJK fallback font draws (none without one)."""
    return frozenset().union(*_CJK_COVERAGE.values())


def fallback_faces(face: str) -> tuple[str, ...]:
    """The faces that draw, in turn, the characters ``face`` lacks: DejaVu Sans for the
    serif, then the CJK fallback font when the handout has one."""
    sans = SANS_FALLBACK.get(face)
    chain: tuple[str, ...] = (sans,) if sans else ()
    if _CJK_COVERAGE and face in FONT_FILES:
        chain += tuple(_CJK_COVERAGE)
    return chain


def face_glyphs(face: str) -> frozenset[int]:
    """:func:`glyphs`, for the CJK fallback font too."""
    return _CJK_COVERAGE[face] if face in _CJK_COVERAGE else glyphs(face)


def runs_by_face(text: str, face: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the face to set it in: ``face`` where it has
    the character (or no fallback has), else the first of its fallbacks that has it."""
    chain = fallback_faces(face)
    if not chain:
        return [(text, face)]
    have = glyphs(face)
    others = [(other, face_glyphs(other)) for other in chain]
    runs: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        chosen = face
        if code not in have:
            chosen = next((other for other, drawn in others if code in drawn), face)
        if runs and runs[-1][1] == chosen:
            runs[-1] = (runs[-1][0] + char, chosen)
        else:
            runs.append((char, chosen))
    return runs


def text_width(text: str, face: str, size: float) -> float:
    """The width of ``text`` set in ``face``, its fallbacks drawing what it lacks."""
    widths: list[float] = [
        stringWidth(run, chosen, size) for run, chosen in runs_by_face(text, face)
    ]
    return sum(widths)


@dataclass(frozen=True, slots=True)
class StyleSheet:
    """Paragraph styles, colours and page geometry read from ``style.yaml``."""

    styles: Mapping[str, ParagraphStyle]
    palette: Mapping[str, colors.Color]
    page: Mapping[str, float]

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def measure(self) -> float | None:
        """The text width that holds ``page.measure_chars`` characters of body text, if
        the sheet sets one."""
        characters = self.page.get("measure_chars")
        if not characters:
            return None
        body = self.styles["body"]
        sample: float = stringWidth(MEASURE_SAMPLE, body.fontName, body.fontSize)
        return characters * sample / len(MEASURE_SAMPLE)

    def color(self, name: str) -> colors.Color:
        return self.palette[name]


def load_style_sheet(override_dir: Path | None = None, looks: Sequence[str] = ()) -> StyleSheet:
    """The default style sheet, with each of ``looks`` (``templates/pdf/LOOK.yaml``:
    ``paper-a5``, ``theme-serif``) laid over it in turn, then the user's
    ``pdf/style.yaml``."""
    register_fonts()
    default = templates_root() / "pdf" / "style.yaml"
    data = _read_yaml(default)
    for look in looks:
        data = _merge(data, _read_yaml(templates_root() / "pdf" / f"{look}.yaml"))
    if override_dir is not None:
        user = override_dir / "pdf" / "style.yaml"
        if user.is_file():
            data = _merge(data, _read_yaml(user))
    sheet = _build(data, override_dir / "pdf" / "style.yaml" if override_dir else default)
    for family in {family_of(style.fontName) for style in sheet.styles.values()}:
        register_family(family)
    return sheet


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ExportError(f"cannot read the PDF style sheet: {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise ExportError("the PDF style sheet must be a mapping", str(path))
    return data


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(data: Mapping[str, Any], where: Path) -> StyleSheet:
    try:
        palette = {name: colors.HexColor(str(value)) for name, value in data["colors"].items()}
        page = {
            key.removesuffix("_mm"): float(value) * (mm if key.endswith("_mm") else 1)
            for key, value in data["page"].items()
        }
        raw_styles: Mapping[str, Mapping[str, Any]] = data["styles"]
        body = _style("body", raw_styles["body"], None)
        styles = {"body": body}
        for name, attributes in raw_styles.items():
            if name != "body":
                parent = styles.get(str(attributes.get("parent", "body")), body)
                styles[name] = _style(name, attributes, parent)
    except ExportError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ExportError(f"PDF style sheet is invalid: {exc!r}", str(where)) from None
    return StyleSheet(styles=styles, palette=palette, page=page)


def _style(
    name: str, attributes: Mapping[str, Any], parent: ParagraphStyle | None
) -> ParagraphStyle:
    values: dict[str, Any] = {}
    for key, value in attributes.items():
        if key == "parent":
            continue
        if key not in ParagraphStyle.defaults:
            raise ExportError(f"style {name!r} has an unknown attribute {key!r}")
        if key.endswith(("Color", "color")) and value is not None:
            value = colors.HexColor(str(value))
        elif key == "alignment":
            value = _ALIGNMENTS[str(value)]
        elif key == "fontName" and str(value) not in FONT_FILES:
            raise ExportError(
                f"style {name!r} names font {value!r}; available: {', '.join(FONT_FILES)}"
            )
        values[key] = value
    if parent is None:
        return ParagraphStyle(name, **values)
    return ParagraphStyle(name, parent=parent, **values)

"""The PDF handout's look: embedded fonts and the style sheet in ``templates/pdf/``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from confexport.errors import ExportError
from confexport.resources import templates_root

SANS = "DejaVuSans"
MONO = "DejaVuSansMono"
#: Registered font name → file in ``templates/fonts``.
FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
    f"{SANS}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{SANS}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    MONO: "DejaVuSansMono.ttf",
    f"{MONO}-Bold": "DejaVuSansMono-Bold.ttf",
}
_ALIGNMENTS = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@functools.cache
def register_fonts() -> None:
    """Embed the DejaVu fonts (once per process) and tie the families together."""
    from reportlab.lib.fonts import addMapping

    fonts = templates_root() / "fonts"
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    for family, bold, italic, bold_italic in (
        (SANS, f"{SANS}-Bold", f"{SANS}-Oblique", f"{SANS}-BoldOblique"),
        (MONO, f"{MONO}-Bold", MONO, f"{MONO}-Bold"),
    ):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold_italic)


@functools.cache
def glyphs(font_name: str) -> frozenset[int]:
    """Code points the embedded font ``font_name`` has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


@dataclass(frozen=True, slots=True)
class StyleSheet:
    """Paragraph styles, colours and page geometry read from ``style.yaml``."""

    styles: Mapping[str, ParagraphStyle]
    palette: Mapping[str, colors.Color]
    page: Mapping[str, float]

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.styles[name]

    def color(self, name: str) -> colors.Color:
        return self.palette[name]


def load_style_sheet(override_dir: Path | None = None) -> StyleSheet:
    """The default style sheet with the user's ``pdf/style.yaml`` laid over it."""
    register_fonts()
    default = templates_root() / "pdf" / "style.yaml"
    data = _read_yaml(default)
    if override_dir is not None:
        user = override_dir / "pdf" / "style.yaml"
        if user.is_file():
            data = _merge(data, _read_yaml(user))
    return _build(data, override_dir / "pdf" / "style.yaml" if override_dir else default)


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

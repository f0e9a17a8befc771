"""Paragraph text made into reportlab's fragments without reportlab's markup parser:
the very fragments the parser makes of the same markup, and the parser left idle
for prose."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

import confexport
from confexport import prose
from confexport.exporters.pdf.fragments import Markup
from confexport.exporters.pdf.inline import InlineLook, InlineMarkup
from confexport.exporters.pdf.style import load_style_sheet
from confexport.model import Conference

#: Inline constructs, and the whitespace, entities and characters reportlab's
#: parser treats on its own (non-breaking spaces, characters the mono face lacks).
PROSE = """\
Some *em*, **strong**, ~~struck~~, ==marked==, `code`, a [link](https://example.org)
and a hard\\
break, ***both*** and **bold `code` inside**, ~~one~~ and ~~two~~ strikes.

  Leading   spaces,\ttabs,  and a [**bold link** with `code`](mailto:a@example.org "t").

5 < 6 & 7 > 4, "quoted" 'single' &amp; an [unsafe link](javascript:alert(1)).

Non\u00a0breaking\u00a0 spaces  and\u2003em\u2003 spaces, `ƒ → ☃ ✓ 日本` in code.

**A mark** and ==*nested* ~~all~~ **the way**== down.

A line ending in a tag **here**
and *there*\\
`x`

![alt](pic.png) text after an image, **bold ![in](pic.png) across** it.
"""


def pieces(text: str) -> list[Markup]:
    sheet = load_style_sheet()
    look = InlineLook(link_color="#2563eb", highlight_color="#fde68a", code_size=9.0)
    out: list[Markup] = []
    for node in prose.tree(text).walk():
        if node.type == "inline":
            out += [
                piece
                for piece in InlineMarkup(look, images=True).render(node)
                if isinstance(piece, Markup)
            ]
    assert sheet and out
    return out


def described(value: Any) -> Any:
    """A fragment's attribute, comparable by value (colours, bags, lists)."""
    if isinstance(value, Color):
        return ("color", value.rgba())
    if isinstance(value, ABag):
        return ("bag", described(vars(value)))
    if isinstance(value, dict):
        return {key: described(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [described(item) for item in value]
    return value


def parsed(markup: str, style: Any) -> list[ParaFrag]:
    _, frags, _ = ParaParser().parse(cleanBlockQuotedText(markup), style)
    textTransformFrags(frags, style)
    return list(frags)


@pytest.mark.parametrize("style_name", ["body", "heading2", "table_cell", "abstract"])
def test_fragments_are_those_the_parser_makes_of_the_markup(style_name: str) -> None:
    style = load_style_sheet()[style_name]
    # The NUL stands for tags while the text is cleaned (prose never holds one).
    with_nul = Markup().text(" a\x00  b ").open("b").text(" c ").close("b").text("d ")
    markups = [*pieces(PROSE), with_nul]
    for markup in markups:
        made = [described(vars(frag)) for frag in markup.fragments(style)]
        assert made == [described(vars(frag)) for frag in parsed(markup.tags(), style)], (
            markup.tags()
        )


def test_an_ondraw_and_an_internal_link_are_made_as_parsed() -> None:
    style = load_style_sheet()["toc_talk"]
    markup = Markup().open("a", href="#day-1-talk-2").text("A  talk ")
    markup.open("font", color="#6b7280", size="9").text("· Ann & Bo").close("font")
    markup.close("a").open("onDraw", name="confexport_contents_end", label="end")
    made = [described(vars(frag)) for frag in markup.fragments(style)]
    assert made == [described(vars(frag)) for frag in parsed(markup.tags(), style)]
    assert markup.tags().endswith('</a><onDraw name="confexport_contents_end" label="end"/>')


def test_prose_paragraphs_never_reach_the_parser(
    sample: Conference, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    parse = ParaParser.parse

    def recorded(self: ParaParser, text: str, style: Any) -> Any:
        read.append(text)
        return parse(self, text, style)

    monkeypatch.setattr(ParaParser, "parse", recorded)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1650000000")
    confexport.export(sample, "pdf")
    prose_tags = ("<b>", "<i>", "<strike>", "backColor", 'face="DejaVuSansMono"')
    assert not [text for text in read if any(tag in text for tag in prose_tags)]

"""The one Markdown renderer: escaping, image hook, and hostile nesting."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from confexport.plaintext import to_plain_text
from confexport.reader import read_text
from confexport.xhtml import to_xhtml


def test_raw_html_is_shown_as_text() -> None:
    rendered = to_xhtml('<script>alert(1)</script>\n\nhi <img src=x onerror="bad()">')
    tree = ET.fromstring(f"<div>{rendered}</div>")
    assert [element.tag for element in tree.iter()] == ["div", "p", "p"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_output_is_well_formed_xhtml() -> None:
    text = "a  \nb\n\n---\n\n![x](p.png)\n\n| a |\n|---|\n| 1 |\n\n~~s~~ & <b>"
    ET.fromstring(f"<div>{to_xhtml(text)}</div>")  # raises when malformed


def test_javascript_links_are_dropped() -> None:
    rendered = to_xhtml("[click](javascript:alert(1)) <javascript:alert(1)>")
    assert 'href="javascript' not in rendered


def test_image_hook_rewrites_or_placeholds() -> None:
    rendered = to_xhtml(
        "![a](in.png) ![b](out.png)", image_src=lambda src: "img/1.png" if src == "in.png" else None
    )
    assert '<img src="img/1.png" alt="a" />' in rendered
    assert '<span class="missing-image">[image not available: b (out.png)]</span>' in rendered


@pytest.mark.parametrize(
    "text",
    [
        "> " * 3000 + "deepest",
        "\n".join("  " * i + f"- item {i}" for i in range(300)) + "\n" + "  " * 300 + "- deepest",
        "\n".join("   " * i + "1. x" for i in range(1000)) + "\n" + "   " * 1000 + "1. deepest",
    ],
    ids=["quotes", "bullets", "numbers"],
)
def test_hostile_nesting_keeps_words_without_recursion_error(text: str) -> None:
    assert "deepest" in to_xhtml(text)
    assert "deepest" in to_plain_text(text)
    conference = read_text("## Talk\n\n" + text)
    assert "deepest" in conference.talks[0].notes + conference.talks[0].abstract


def test_plain_text_keeps_code_and_drops_markup() -> None:
    plain = to_plain_text("**bold** [link](u)\n\n```\n# code\n```\n")
    assert plain == "bold link\n# code"

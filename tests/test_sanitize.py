"""The shared HTML sanitiser: nothing that runs survives, what remains is well-formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from confexport.sanitize import sanitize_html
from confexport.xhtml import to_xhtml

FORBIDDEN = {"script", "style", "iframe", "object", "embed", "form", "svg", "math", "meta"}
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  JaVa\tScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<div style="width: expression(alert(1))">x</div>',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<iframe src="https://evil"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil"><input name=a><button>go</button></form>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<p onclick="alert(1)" onmouseover="alert(2)">x</p>',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href='javascript:'>",
    "<<script>script>alert(1)<</script>/script>",
]


@pytest.mark.parametrize("fragment", HOSTILE)
def test_nothing_executable_survives(fragment: str) -> None:
    for cleaned in (sanitize_html(fragment), to_xhtml(fragment, raw_html="sanitize")):
        tree = ET.fromstring(f"<div>{cleaned}</div>")
        for element in tree.iter():
            assert element.tag not in FORBIDDEN
            for name, value in element.attrib.items():
                assert not name.startswith("on") and name != "style"
                assert "javascript" not in value.lower() and not value.startswith("data:text")


def test_safe_html_is_kept_and_balanced() -> None:
    cleaned = sanitize_html("<details open><summary>More</summary><kbd>Ctrl</kbd><i>open")
    assert (
        cleaned
        == '<details open="open"><summary>More</summary><kbd>Ctrl</kbd><i>open</i></details>'
    )


def test_only_placed_or_inline_images_survive() -> None:
    text = '![placed](a.png) <img src="b.png" alt="raw"> <img src="data:image/png;base64,AA==">'
    cleaned = to_xhtml(text, raw_html="sanitize")
    assert '<img src="a.png" alt="placed" />' in cleaned
    assert "b.png" not in cleaned and "[raw]" in cleaned
    assert 'src="data:image/png;base64,AA=="' in cleaned


def test_empty_attributes_stay_empty() -> None:
    assert sanitize_html('<img src="a.png" alt="">', frozenset({"a.png"})) == (
        '<img src="a.png" alt="" />'
    )

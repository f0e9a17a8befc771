"""The EPUB's prose writer writes its final XHTML in one pass.  The reference is the way
the book was made before: the shared, sanitised XHTML parsed by lxml, tidied
(headings moved down, tables wrapped, links into the book as text) and serialised."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image
from tests.strategies import DEEP_BLOCK, DEEP_INLINE, LINES
from tests.test_xhtml import CONSTRUCTS, prose_of_every_notes_file

from confexport import media, xhtml
from confexport.exporters.epub.content import ImageShelf, prose, xml_text
from confexport.model import Conference

EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 40
HOSTILE = (
    "[js](javascript:alert(1)) [ftp](ftp://e.org/f) [rel](other.md) [frag](#x) "
    '[mail](mailto:a@e.org) [t](https://e.org/?a=1&b=2 "say \\"hi\\" & \'bye\'")\n\n'
    "![remote](https://e.org/r.png) ![ftp](ftp://e.org/r.png) ![](gone.png) "
    '![a\nb](pic.png "t") ![](pic.png) ![*x* `y`](pic.png)\n\n'
    "| a | :b: | c: |\n|---|:-:|--:|\n| <b> | | & |\n\n- \n-   \n\n#\n\n```\n```\n\n"
    "- a\n\n  | t |\n  |---|\n  | u |\n- b\n\n<script>alert(1)</script> <b onclick=x>raw</b>\n"
)


def reference(text: str, shelf: ImageShelf, conference: Conference, level: int) -> str:
    """The fragment as the EPUB wrote it before (images resolved the same way)."""
    if not text.strip():
        return ""
    rendered = xhtml.to_xhtml(xml_text(text), image_src=lambda src: shelf.href_now(conference, src))
    root = etree.fromstring(f"<div>{rendered}</div>")
    for element in list(root.iter()):
        _tidy(element, level)
    return "".join(etree.tostring(child, encoding="unicode") for child in root)


def _tidy(element: Any, level: int) -> None:
    tag = element.tag
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        element.tag = f"h{min(6, int(tag[1]) + level)}"
    elif tag == "table":
        wrapper = etree.Element("div", {"class": "table-wrap"})
        element.addprevious(wrapper)
        wrapper.append(element)
    elif tag == "a" and not media.is_remote(element.get("href", "")):
        element.tag = "span"
        element.attrib.clear()
        element.set("class", "link")


def _conference(folder: Path) -> Conference:
    Image.new("RGB", (4, 4), "teal").save(folder / "pic.png")
    return Conference(title="T", source=folder / "notes.md")


def _both(text: str, folder: Path, level: int = 1) -> tuple[str, str]:
    conference = _conference(folder)
    shelf = ImageShelf()
    try:
        written = str(prose(text, shelf, conference, level))
        return written, reference(text, shelf, conference, level)
    finally:
        shelf.close()


def test_the_book_writes_what_the_reparse_wrote_for_every_notes_file(tmp_path: Path) -> None:
    texts = [HOSTILE, CONSTRUCTS, *prose_of_every_notes_file()]
    assert len(texts) > 50
    for level in (1, 2):
        for text in texts:
            written, expected = _both(text, tmp_path, level)
            assert written == expected, text


def test_the_hostile_fragment_is_kept_safe(tmp_path: Path) -> None:
    written, _ = _both(HOSTILE, tmp_path)
    assert 'href="javascript' not in written and 'href="ftp' not in written
    assert "<script" not in written and "<b " not in written  # raw HTML is text
    assert '<span class="link">rel</span>' in written
    assert '<a href="mailto:a@e.org">mail</a>' in written
    assert "<td/>" in written and '<div class="table-wrap"><table>' in written
    assert written.count('<img src="images/pic-') == 3
    root = etree.fromstring(f"<div>{written}</div>")  # well-formed
    assert "".join(etree.tostring(child, encoding="unicode") for child in root) == written


@settings(max_examples=EXAMPLES, database=None, deadline=None)
@given(
    st.lists(
        st.one_of(LINES, DEEP_BLOCK, DEEP_INLINE, st.sampled_from(HOSTILE.split("\n"))),
        max_size=12,
    ).map("\n".join)
)
def test_the_book_writes_what_the_reparse_wrote(text: str) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"confexport-epub-prose-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    written, expected = _both(text, folder)
    assert written == expected

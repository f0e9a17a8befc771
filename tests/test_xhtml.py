"""The XHTML visitor: markdown-it's own HTML renderer is the reference it must match, and
rendering (EPUB chapters, Anki cards) never changes the prose tree the formats share."""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from PIL import Image

from confexport import markup, plaintext, prose, xhtml
from confexport.errors import NotesError
from confexport.exporters.anki.cards import build_cards
from confexport.exporters.epub.content import ImageShelf
from confexport.exporters.epub.content import prose as epub_prose
from confexport.reader import read_text
from tests.strategies import DEEP_BLOCK, DEEP_INLINE, LINES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 40
CONSTRUCTS = (
    '# H\n\npara *em* **strong** ~~s~~ ==mark== `code` [link](https://x.org "t") '
    '![img *alt*](a.png "title") ![[b.png|embed]] line  \nbreak\nsoft &amp; <b>raw</b>\n\n'
    "> quote\n>\n> - [ ] task\n> - [x] done\n\n- tight\n  - nested\n  > quoted\n- item\n\n"
    "3. loose\n\n   second\n4. four\n\n```py extra\nfence <&>\n```\n\n    indented\n\n---\n\n"
    "| a | :b: |\n|---|:-:|\n| c | |\n\n- \n\n<div>\n*html block*\n</div>\n"
)


def _checkbox(tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """The task box as confexport's markdown-it render rule wrote it."""
    token = tokens[index]
    label = "done" if token.meta.get("checked") else "not done"
    glyph = html.escape(token.content)
    return f'<span class="task-checkbox" role="img" aria-label="{label}">{glyph}</span>'


def reference(text: str) -> str:
    """``text`` rendered by markdown-it's HTML renderer, from a parse of its own."""
    renderer = RendererHTML()
    renderer.rules["task_checkbox"] = _checkbox
    return renderer.render(markup.tokens(text, raw_html=False), markup.parser().options, {})


def rendered(text: str) -> str:
    return xhtml.Xhtml().blocks(prose.tree(text).children)


def prose_of_every_notes_file() -> list[str]:
    files = [ROOT / "pycascades-2022.md", *sorted((ROOT / "tests/fixtures/notes").rglob("*.md"))]
    texts = [CONSTRUCTS]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        texts.append(text)  # the whole file is Markdown too
        with contextlib.suppress(NotesError):
            conference = read_text(text, path=path)
            texts += [t.abstract for t in conference.talks] + [t.notes for t in conference.talks]
            texts.append(conference.notes)
    return [text for text in dict.fromkeys(texts) if text.strip()]


def test_the_visitor_writes_what_markdown_it_wrote_for_every_notes_file() -> None:
    texts = prose_of_every_notes_file()
    assert len(texts) > 50
    for text in texts:
        assert rendered(text) == reference(text), text


@settings(max_examples=EXAMPLES, database=None, deadline=None)
@given(st.lists(st.one_of(LINES, DEEP_BLOCK, DEEP_INLINE), max_size=12).map("\n".join))
def test_the_visitor_writes_what_markdown_it_wrote(text: str) -> None:
    assert rendered(text) == reference(text)


def test_images_are_mapped_placed_or_shown_as_placeholders() -> None:
    def image_src(src: str) -> str | None:
        return "images/in.png" if src == "in.png" else None

    writer = xhtml.Xhtml(image_src)
    out = writer.blocks(prose.tree("![a](in.png) ![b](out.png) ![c](https://e.org/c.png)").children)
    assert out == (
        '<p><img src="images/in.png" alt="a" /> '
        '<span class="missing-image">[image not available: b (out.png)]</span> '
        '<a class="remote-image" href="https://e.org/c.png">'
        "[remote image, not fetched: c (https://e.org/c.png)]</a></p>\n"
    )
    assert writer.placed == {"images/in.png"}


def _snapshot(node: prose.Node) -> tuple[object, ...]:
    return (
        node.type,
        node.content if not node.is_root else "",
        sorted(node.attrs.items()) if not node.is_root else (),
        tuple(_snapshot(child) for child in node.children),
    )


def test_rendering_never_changes_the_shared_tree(tmp_path: Path) -> None:
    notes = (
        "## Talk\n\n> An abstract with ![shown](pic.png).\n\n- ==key== point ![p](pic.png)\n"
        "  - nested {{c1::cloze::hint}}\n- *{{c1::inside}}* and *==marked==*\n"
        "- a [![linked](pic.png) picture](https://e.org/p)\n\nQ: why?\nA: because ![q](pic.png)\n\n"
        "term :: *meaning*\n\nSlides: [deck](https://e.org/deck)\n"
    )
    Image.new("RGB", (4, 4), "teal").save(tmp_path / "pic.png")
    conference = read_text(notes, path=tmp_path / "notes.md")
    talk = conference.talks[0]
    trees = [prose.tree(talk.abstract), prose.tree(talk.notes)]
    before = [_snapshot(tree) for tree in trees]
    build_cards(conference, max_points=5, image_size=100, cards="both")
    shelf = ImageShelf()
    try:
        str(epub_prose(talk.notes, shelf, conference, heading_level=2))
    finally:
        shelf.close()
    xhtml.to_xhtml(talk.notes, image_src=lambda src: f"elsewhere/{src}")
    assert [prose.tree(talk.abstract), prose.tree(talk.notes)] == trees  # the same objects
    assert [_snapshot(tree) for tree in trees] == before


def test_plain_text_counts_raw_html_as_the_text_it_is_shown_as() -> None:
    assert plaintext.to_plain_text("<div>\n*a* [b](https://e.org/u)\n</div>") == (
        "<div> a b </div>"
    )
    assert plaintext.to_plain_text("# T\n\n- x ![alt](p.png)\n\n```\ncode\n```") == (
        "T\nx alt\ncode"
    )

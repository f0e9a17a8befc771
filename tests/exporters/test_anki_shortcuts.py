"""Where the cards skip work, they give what the work gives: a plain-text field (UID,
speakers, source) is escaped whole instead of parsed by the HTML sanitiser, and a block
whose Markdown cannot hold a cloze, a highlight or an image is not searched for one."""

from __future__ import annotations

import html

from hypothesis import example, given, settings
from hypothesis import strategies as st

from confexport import prose
from confexport.exporters.anki import runs
from confexport.exporters.anki.cards import _clean, text_field
from confexport.sanitize import sanitize_html
from confexport.xhtml import Xhtml

#: Markup, character references, quotes, line breaks and controls, among any text.
_TRICKY = st.sampled_from(["<", ">", "&", "&amp;", "&#35;", "&lt;b&gt;", '"', "'", "\n", "\x1f"])
_TEXT = st.lists(st.one_of(_TRICKY, st.characters(exclude_categories=("Cs",))), max_size=60)
#: Pieces of Markdown that make, or nearly make, clozes, highlights and images.
_PIECES = st.sampled_from(
    ["{{c1::", "{{c0::", "}}", "::", "{", "}", "\\{", "&#123;", "&lbrace;", "&#x7B;", "==",
     "!", "![a](p.png)", "[l](u)", "![[p.png]]", "`", "*", "_", " ", "x", "\n", "- ", "> "]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_TEXT.map("".join))
@example('Ada "the Countess" Lovelace & <b>Babbage</b>')
@example("=1+1 &amp; <script>alert(1)</script>")
@example("&")
@example("a &#")
def test_a_text_field_is_the_field_the_sanitiser_makes(text: str) -> None:
    assert text_field(text) == _clean(sanitize_html(html.escape(text)))


def _inlines(markdown: str) -> list[prose.Node]:
    tree = prose.tree(markdown)
    pending, found = [tree], []
    while pending:
        node = pending.pop()
        found += [node] if node.type == "inline" else []
        pending += node.children
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
@example("a &#123;&#123;c1::answer}} b")
@example("\\{\\{c2::x}} ![i](p.png)")
@example("==hi== ![[p.png]]")
def test_a_block_is_read_as_if_it_were_searched_in_full(markdown: str) -> None:
    for inline in _inlines(markdown):
        children = inline.children
        searched = runs.has_cloze(children) or runs._has_highlight(children)
        assert runs.is_cloze_block(inline) == searched
        shown = runs._shown(children, unclozed=runs.has_cloze(children))
        assert Xhtml().inlines(runs.display(inline)) == Xhtml().inlines(shown)

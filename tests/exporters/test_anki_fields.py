"""A card's plain-text fields (its UID, speakers and source) skip the HTML sanitiser:
escaped whole, they are the very field the sanitiser makes of them."""

from __future__ import annotations

import html

from hypothesis import example, given, settings
from hypothesis import strategies as st

from confexport.exporters.anki.cards import _clean, text_field
from confexport.sanitize import sanitize_html

#: Markup, character references, quotes, line breaks and controls, among any text.
_TRICKY = st.sampled_from(["<", ">", "&", "&amp;", "&#35;", "&lt;b&gt;", '"', "'", "\n", "\x1f"])
_TEXT = st.lists(st.one_of(_TRICKY, st.characters(exclude_categories=("Cs",))), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXT.map("".join))
@example('Ada "the Countess" Lovelace & <b>Babbage</b>')
@example("=1+1 &amp; <script>alert(1)</script>")
@example("&")
@example("a &#")
def test_a_text_field_is_the_field_the_sanitiser_makes(text: str) -> None:
    assert text_field(text) == _clean(sanitize_html(html.escape(text)))

"""Blocks: what the reader reads without parsing equals what parsing gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from confexport import markup
from confexport.reader.blocks import _links_of, autolink_only, is_plain, links_of, read_blocks

SAFE = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#@!$&'*+,;=",
    min_size=1,
    max_size=40,
)


HOSTS = st.sampled_from(["example.org", "pretalx.com", "a.b-c.io:8080", "x1.dev", "Ex.org", "@x"])


@given(st.sampled_from(["http", "https"]), HOSTS, SAFE)
def test_a_plain_autolink_reads_as_the_parse_would(scheme: str, host: str, rest: str) -> None:
    line = f"<{scheme}://{host}/{rest}>"
    (block,) = read_blocks(line)
    parsed = _links_of(read_blocks(line)[0])  # the parse, past the shortcut
    if autolink_only(block) is None:
        return  # not a plain autolink: the parse decides, as always
    assert links_of(block) == parsed
    assert block.text == markup.inline_text(markup.tokens(line)[1])


def test_the_shortcut_takes_only_plain_autolinks() -> None:
    assert autolink_only(read_blocks("<https://example.org/talk/ABC/>")[0])
    for line in ("<https://example.org/ü>", "<https://ex.org/a%20b>", "see <https://ex.org/>"):
        assert autolink_only(read_blocks(line)[0]) is None
    assert links_of(read_blocks("<https://ex.org/ü>")[0]) == [
        ("https://ex.org/%C3%BC", "https://ex.org/ü")
    ]


#: Letters, spaces, line breaks, controls and every ASCII punctuation mark, so that
#: both plain and marked-up inline content are drawn.
PROSE = st.text(
    alphabet=st.sampled_from(
        list("abcXYZ019 \n\t") + list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["é", "中", "\x01"]
    ),
    min_size=1,
    max_size=60,
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@given(PROSE)
def test_plain_inline_content_reads_as_the_parse_would(words: str) -> None:
    for block in read_blocks(words):
        inline = block.inline
        if inline is None or not is_plain(inline.content):
            continue
        parsed = markup.parser().parseInline(inline.content, {})[0]
        assert block.text == " ".join(CONTROL.sub(" ", markup.inline_text(parsed)).split())


def test_markup_is_never_taken_for_plain_text() -> None:
    for marked in ("*a*", "`a`", "a\\\nb", "[a](b)", "[[a|b]]", "==a==", "~~a~~", "&amp;", "<b>"):
        assert not is_plain(marked), marked
    assert is_plain("Talk: 10:30 - Ana (ACME) #python @ana 50% {x} ^")

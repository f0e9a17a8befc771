"""Blocks: what the reader reads without parsing equals what parsing gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from confexport import markup
from confexport.reader.blocks import _links_of, autolink_only, links_of, read_blocks

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

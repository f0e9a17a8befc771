"""The pandoc family renders the shared prose tree: no parse of its own, no change to it."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pypandoc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from confexport import markup, prose
from confexport.exporters.pandoc import pandoc_api_version
from confexport.exporters.pandoc.ast import Converter, Node, _text_with_breaks, el, text

FAMILY = Path(prose.__file__).parent / "exporters" / "pandoc"
#: One text holding every construct of the dialect, nested where it can be.
EVERY_CONSTRUCT = (
    "## Heading *em* **strong** ~~struck~~ ==marked== `code`\n\n"
    "A [link](https://example.org 'title') and ![alt text](missing.png) line  \nbreak\n"
    "soft\n\n> quoted\n>\n> - [x] done\n> - [ ] open\n\n3) three\n4) four\n\n"
    "```python\nprint('fence')\n```\n\n    indented code\n\n---\n\n"
    "| left | right |\n|:-----|------:|\n| a | *b* |\n\n![figure caption](fig.png)\n"
)


def _placeholder(src: str, alt: list[Node], title: str) -> Node:
    return el("Image", [["", [], []], alt, [src, title]])


def _snapshot(tree: SyntaxTreeNode) -> list[dict[str, object]]:
    return [token.as_dict() for token in tree.to_tokens()]


def _plain(blocks: list[Node]) -> str:
    """The blocks as pandoc's plain writer sees them (pandoc refuses a malformed AST)."""
    document = {"pandoc-api-version": pandoc_api_version(), "meta": {}, "blocks": blocks}
    return str(pypandoc.convert_text(json.dumps(document), "plain", format="json"))


def test_the_pandoc_family_parses_no_markdown_of_its_own() -> None:
    found = [
        f"{path.name}:{number}"
        for path in sorted(FAMILY.glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bmarkup\.\w|SyntaxTreeNode\(|markdown_it", line)
    ]
    assert found == []


def test_a_text_already_parsed_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    prose.tree(EVERY_CONSTRUCT)
    parses: list[str] = []
    original = markup.tokens

    def counting(text: str, **options: bool) -> list[Token]:
        parses.append(text)
        return original(text, **options)

    monkeypatch.setattr(markup, "tokens", counting)
    blocks = Converter(_placeholder).blocks(EVERY_CONSTRUCT)
    assert parses == []
    assert [block["t"] for block in blocks][:2] == ["Header", "Para"]


def test_converting_leaves_the_shared_tree_as_it_was() -> None:
    tree = prose.tree(EVERY_CONSTRUCT)
    before = _snapshot(tree)
    for _ in range(2):
        Converter(_placeholder, base_level=3, id_prefix="t-").blocks(EVERY_CONSTRUCT)
    assert _snapshot(tree) == before


def test_every_construct_s_words_reach_pandoc() -> None:
    rendered = _plain(Converter(_placeholder).blocks(EVERY_CONSTRUCT))
    for word in ("Heading", "em", "strong", "struck", "marked", "code", "link", "alt",
                 "break", "soft", "quoted", "done", "open", "three", "four", "fence",
                 "indented", "left", "right", "figure", "caption", "☒", "☐"):  # fmt: skip
        assert word in rendered, word


def test_an_unknown_construct_keeps_its_words_as_a_block_or_inline(
    caplog: pytest.LogCaptureFixture,
) -> None:
    block = Token("math_block", "math", 0, content="E equals mc", block=True)
    inline = Token("math_inline", "math", 0, content="x squared")
    paragraph = [
        Token("paragraph_open", "p", 1, block=True),
        Token("inline", "", 0, block=True, children=[Token("text", "", 0, content="a "), inline]),
        Token("paragraph_close", "p", -1, block=True),
    ]
    root = SyntaxTreeNode([block, *paragraph])
    with caplog.at_level(logging.WARNING, logger="confexport"):
        blocks = Converter(_placeholder)._blocks(root)
    assert blocks[1] == el("Para", text("a x squared"))
    assert _plain(blocks).split() == ["E", "equals", "mc", "a", "x", "squared"]
    assert {"math_block", "math_inline"} <= {m for r in caplog.records for m in r.args or ()}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é\t\n\r\xa0\u2028\x1c\u3000\x85"), max_size=12))
def test_text_splits_words_at_every_kind_of_white_space_as_the_regex_does(value: str) -> None:
    # text() takes a short cut for a line without a newline; _text_with_breaks is the rule.
    assert text(value) == _text_with_breaks(value)

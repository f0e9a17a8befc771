"""The prose tree and its visitor base: every renderer covers every construct."""

from __future__ import annotations

import importlib
import logging
import pkgutil

import pytest

import confexport
from confexport import prose


def every_visitor() -> list[type[prose.Visitor[object]]]:
    """Every Visitor subclass defined in confexport's modules, all imported."""
    for module in pkgutil.walk_packages(confexport.__path__, "confexport."):
        importlib.import_module(module.name)
    found: list[type[prose.Visitor[object]]] = []
    pending: list[type[prose.Visitor[object]]] = list(prose.Visitor.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending += cls.__subclasses__()
    return [cls for cls in found if cls.__module__.startswith("confexport.")]


def test_there_are_renderers_to_check() -> None:
    assert len(every_visitor()) >= 1


@pytest.mark.parametrize("visitor", every_visitor(), ids=lambda cls: cls.__qualname__)
def test_each_renderer_visits_every_construct_of_the_dialect(
    visitor: type[prose.Visitor[object]],
) -> None:
    assert prose.missing_constructs(visitor) == set()


def test_the_dialect_s_constructs_are_those_a_tree_holds() -> None:
    # A construct the parser makes but CONSTRUCTS lacks would reach every renderer's
    # fallback unseen: parse one text holding them all and compare.
    text = (
        "# H\n\npara *em* **strong** ~~s~~ ==mark== `code` [link](https://x.org) "
        "![img](a.png) line  \nbreak\nsoft\n\n> quote\n\n- [ ] task\n- item\n\n1. one\n\n"
        "```py\nfence\n```\n\n    indented\n\n---\n\n| a | b |\n|---|---|\n| c | d |\n"
    )
    seen: set[str] = set()
    pending = [prose.tree(text)]
    while pending:
        node = pending.pop()
        seen.add(node.type)
        pending += node.children
    assert seen - {"root"} == set(prose.CONSTRUCTS)


def test_a_text_is_parsed_once_and_raw_html_is_text() -> None:
    text = "<script>alert(1)</script> and *this*"
    first = prose.tree(text)
    assert prose.tree(text) is first
    assert prose.plain_text(first) == "<script>alert(1)</script> and this"


class _Partial(prose.Visitor[str]):
    def fallback(self, text: str) -> str:
        return f"[{text}]"

    def visit_paragraph(self, node: prose.Node) -> str:
        return "".join(self.visit_children(node))


def test_an_unknown_construct_keeps_its_text_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        rendered = [_Partial().visit(prose.tree(t).children[0]) for t in ("a *b*", "c *d*")]
    assert rendered == ["[a b]", "[c d]"]
    assert [record.getMessage() for record in caplog.records] == [
        "_Partial does not render the Markdown construct 'inline'; its text is kept as plain text"
    ]
    assert prose.missing_constructs(_Partial) == set(prose.CONSTRUCTS) - {"paragraph"}

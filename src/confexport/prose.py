"""Prose — a talk's abstract and notes — as one tree, and the one way formats walk it.

:func:`tree` parses a Markdown fragment once per process (the nesting bounded, raw HTML
read as text, see :mod:`confexport.markup`) into markdown-it's ``SyntaxTreeNode``; every
format that renders prose asks for the tree here, so a build parses each text once
per worker, however many formats it writes.  The tree is shared: a renderer reads it
and never changes it.

Every renderer is a :class:`Visitor`: one ``visit_<type>`` method per construct of
:data:`CONSTRUCTS`, and :meth:`Visitor.unknown` for a construct it lacks, which keeps
the construct's text (through :meth:`Visitor.fallback`) and warns once per process.
``tests/test_prose.py`` checks that every visitor in ``src/`` covers every construct,
so a construct added to the dialect fails loudly in each format that forgot it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from confexport import markup

log = logging.getLogger("confexport")

T = TypeVar("T")


class Node(SyntaxTreeNode):
    """markdown-it's tree node, its ``type`` worked out once, when it is made: every
    renderer asks each node its type, and markdown-it works it out anew each time (a
    third of the Anki cards' walk).  The tree never changes, so neither does a type."""

    type: str = "root"  # set for each node; shadows markdown-it's property

    def __init__(self, tokens: Sequence[Token] = (), *, create_root: bool = True) -> None:
        super().__init__(tokens, create_root=create_root)
        if self.token is not None:
            self.type = self.token.type
        elif self.nester_tokens is not None:
            self.type = self.nester_tokens.opening.type.removesuffix("_open")


#: Block constructs of the dialect (CommonMark, tables; raw HTML is read as text).
BLOCKS = frozenset(
    ("paragraph", "heading", "blockquote", "bullet_list", "ordered_list", "list_item",
     "fence", "code_block", "hr", "table", "thead", "tbody", "tr", "th", "td")
)  # fmt: skip
#: Inline constructs (below a block's one ``inline`` node): CommonMark's, strikethrough,
#: and Obsidian's highlight and task box.
INLINES = frozenset(
    ("inline", "text", "softbreak", "hardbreak", "code_inline", "em", "strong", "s", "mark",
     "link", "image", "task_checkbox")
)  # fmt: skip
#: Every construct a prose tree holds below its root; each visitor covers them all.
CONSTRUCTS = BLOCKS | INLINES

#: Trees kept per process: a build of 1,000 sessions holds about 2,000 texts.
_CACHED_TREES = 8192


@functools.lru_cache(maxsize=_CACHED_TREES)
def tree(markdown: str) -> Node:
    """The prose tree of ``markdown`` (its root's children are the blocks).  Shared:
    never change it."""
    return Node(markup.tokens(markdown, raw_html=False))


def plain_text(node: Node) -> str:
    """The words of ``node`` and everything below it, markup dropped, blocks and line
    breaks as spaces: what a fallback keeps, and a title's text."""
    if not node.children:
        if node.type in ("softbreak", "hardbreak"):
            return " "
        return node.content
    separator = " " if node.type in BLOCKS else ""
    return separator.join(plain_text(child) for child in node.children)


class Visitor(Generic[T]):
    """Renders a prose tree: ``visit(node)`` calls ``visit_<node.type>(node)``.

    A subclass defines one method per construct in :data:`CONSTRUCTS` (aliases such as
    ``visit_code_block = visit_fence`` are fine) and :meth:`fallback`, which renders a
    plain text; a construct without a method goes to :meth:`unknown`.
    """

    #: Names constructs a renderer handles inside another one's method, so it need
    #: not visit them itself (a list visitor that reads its items, say).
    handled_by_parent: ClassVar[frozenset[str]] = frozenset()
    _methods: ClassVar[dict[str, Callable[[Any, Node], Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._methods = {
            name.removeprefix("visit_"): getattr(cls, name)
            for name in dir(cls)
            if name.startswith("visit_") and callable(getattr(cls, name))
        }

    def visit(self, node: Node) -> T:
        method = self._methods.get(node.type)
        if method is None:
            return self.unknown(node)
        result: T = method(self, node)
        return result

    def visit_children(self, node: Node) -> list[T]:
        return [self.visit(child) for child in node.children]

    def unknown(self, node: Node) -> T:
        """A construct this renderer has no method for: its text, and one warning."""
        _warn_once(type(self).__qualname__, node.type)
        return self.fallback(plain_text(node))

    def fallback(self, text: str) -> T:
        """``text`` rendered as plain text (what :meth:`unknown` keeps)."""
        raise NotImplementedError


@functools.cache
def _warn_once(renderer: str, construct: str) -> None:
    log.warning(
        "%s does not render the Markdown construct %r; its text is kept as plain text",
        renderer, construct,
    )  # fmt: skip


def missing_constructs(visitor: type[Visitor[Any]]) -> set[str]:
    """The constructs ``visitor`` neither visits nor leaves to a parent's method."""
    return set(CONSTRUCTS) - set(visitor._methods) - set(visitor.handled_by_parent)

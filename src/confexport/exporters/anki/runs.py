"""Runs of inline prose — a paragraph's content or a piece of it — as the cards use them.

A run is a tuple of prose-tree nodes (:mod:`confexport.prose`): the children of a
paragraph's ``inline`` node, a line of them, or new nodes made from them.  The tree is
shared by every format, so nothing here changes a node: a changed text is a new text
node, a container with changed content a shallow copy with its own children.

Clozes: ``{{c1::answer}}`` and ``{{c1::answer::hint}}`` are written in the text, and
each ``==highlight==`` (a ``mark`` node, see :mod:`confexport.obsidian`) becomes the
next cloze deletion.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from markdown_it.token import Token

from confexport import prose

Run = tuple[prose.Node, ...]

_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_CLOZE_WHOLE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.DOTALL)
_CLOZE_HINT_CLOSE = re.compile(r"(?:::[^{}]*)?\}\}")
_BREAKS = ("softbreak", "hardbreak")


def leaf(kind: str, content: str = "") -> prose.Node:
    """A new node of one token: a ``text`` with ``content``, or a ``hardbreak``."""
    tag = "br" if kind == "hardbreak" else ""
    return prose.Node([Token(kind, tag, 0, content=content)], create_root=False)


def _with_children(node: prose.Node, children: Sequence[prose.Node]) -> prose.Node:
    """A copy of the container ``node`` holding ``children`` (``node`` is unchanged)."""
    clone = copy.copy(node)
    clone.children = list(children)
    return clone


def _is_container(node: prose.Node) -> bool:
    """Emphasis, a link, a highlight… (an image's description is not its content)."""
    return node.nester_tokens is not None


def texts(nodes: Iterable[prose.Node]) -> Iterator[str]:
    """The content of every text node in the run, containers included, code left out."""
    for node in nodes:
        if node.type == "text":
            yield node.content
        elif _is_container(node):
            yield from texts(node.children)


def lines(inline: prose.Node) -> list[Run]:
    """The inline content split at its line breaks; empty lines left out."""
    found: list[list[prose.Node]] = [[]]
    for node in inline.children:
        if node.type in _BREAKS:
            found.append([])
        else:
            found[-1].append(node)
    return [tuple(line) for line in found if line]


def has_content(run: Sequence[prose.Node]) -> bool:
    return any(n.type != "text" or n.content.strip() for n in run if n.type != "softbreak")


def only_images(inline: prose.Node) -> bool:
    nodes = [n for n in inline.children if n.type not in _BREAKS]
    return bool(nodes) and all(
        n.type == "image" or (n.type == "text" and not n.content.strip()) for n in nodes
    )


def strip(run: Sequence[prose.Node]) -> Run:
    """The run without the white space at both ends."""
    items = list(run)
    if items and items[0].type == "text":
        items[0] = leaf("text", items[0].content.lstrip())
    if items and items[-1].type == "text":
        items[-1] = leaf("text", items[-1].content.rstrip())
    return tuple(n for n in items if n.type != "text" or n.content)


def links_only(inline: prose.Node, label_words: int) -> bool:
    """Links, perhaps after a short label ("Slides: <url>"), and nothing else."""
    nodes = [n for n in inline.children if n.type not in _BREAKS]
    first_link = next((i for i, n in enumerate(nodes) if n.type == "link"), None)
    if first_link is None:
        return False
    before = nodes[:first_link]
    if any(n.type != "text" for n in before):
        return False
    if len("".join(n.content for n in before).split()) > label_words:
        return False
    return all(
        n.type == "link" or (n.type == "text" and not n.content.strip(" ,;·|-–—:/"))
        for n in nodes[first_link:]
    )


def without_images(run: Sequence[prose.Node]) -> Run:
    """The run with every image left out, inside links and emphasis too."""
    return _shown(run, unclozed=False)


def display(inline: prose.Node) -> Run:
    """A block as the talk card shows it: images left out, cloze syntax removed."""
    unclozed = _may_hold_cloze(inline) and has_cloze(inline.children)
    if not unclozed and "!" not in inline.content:  # every image is written with a "!"
        return tuple(inline.children)
    return _shown(inline.children, unclozed=unclozed)


def _shown(run: Sequence[prose.Node], *, unclozed: bool) -> Run:
    shown: list[prose.Node] = []
    for node in run:
        if node.type == "image":
            continue
        if node.type == "text" and unclozed:
            node = leaf("text", _CLOZE_HINT_CLOSE.sub("", _CLOZE_OPEN.sub("", node.content)))
        elif _is_container(node):
            node = _with_children(node, _shown(node.children, unclozed=unclozed))
        shown.append(node)
    return tuple(shown)


# --- clozes --------------------------------------------------------------------------


def has_cloze(run: Sequence[prose.Node]) -> bool:
    """Whether the text (code spans left out) holds a complete ``{{cN::…}}``, N ≥ 1."""
    text = "".join(texts(run))
    return any(
        int(number) >= 1 and answer.split("::", 1)[0].strip()
        for number, answer in _CLOZE_WHOLE.findall(text)
    )


def _has_highlight(run: Sequence[prose.Node]) -> bool:
    return any(
        node.type == "mark" or (_is_container(node) and _has_highlight(node.children))
        for node in run
    )


def is_cloze_block(inline: prose.Node) -> bool:
    if _may_hold_cloze(inline) and has_cloze(inline.children):
        return True
    return "==" in inline.content and _has_highlight(inline.children)


def _may_hold_cloze(inline: prose.Node) -> bool:
    """Whether a text of the block can hold ``{{``: its Markdown has a ``{``, as it is,
    escaped (``\\{``) or as a character reference (``&#123;``).  Most blocks have none,
    and reading their texts for a cloze is most of the cards' reading of the notes."""
    return "{" in inline.content or "&" in inline.content


def cloze(inline: prose.Node) -> Run:
    """The block with every ``==highlight==`` numbered as the next cloze deletion."""
    numbers = [int(n) for text in texts(inline.children) for n in _CLOZE_OPEN.findall(text)]
    return _numbered(inline.children, itertools.count(max(numbers, default=0) + 1))


def _numbered(run: Sequence[prose.Node], numbers: Iterator[int]) -> Run:
    result: list[prose.Node] = []
    for node in run:
        if node.type == "mark":
            opening = leaf("text", f"{{{{c{next(numbers)}::")
            result += [opening, *_numbered(node.children, numbers), leaf("text", "}}")]
        elif _is_container(node):
            result.append(_with_children(node, _numbered(node.children, numbers)))
        else:
            result.append(node)
    return tuple(result)

"""Sessions written as the items of a list: a conference README's program.

Some notes hold no session headings at all, only the program, one item a session,
often under plain date lines::

    Thursday, August 9, 2018
    - [Blenders, Boeing, and Bad Software] - [Randall Koutnik] (Netflix)
    - [An Introduction to Webtask] - [Bobby Johnson] ([Extend])

Each such item is read as a session heading would be ("Title - Speaker"); lines
nested under an item are its notes.  A list counts as a program when most of its
items name speakers that way; this module finds those lists, and :mod:`.outline`
weighs them against the file's headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from confexport.reader import headings
from confexport.reader.blocks import Block, links_of, split_blocks

#: Fewest items that make a program.
LEAST_ITEMS = 3
#: The share of a list's items that must name speakers for the list to be a program.
_NAMED_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class ProgramItem:
    """One list item read as a session: its first paragraph as the title block."""

    title: Block
    #: What is nested under the item: the session's notes.
    body: list[Block]
    #: The line after the item.
    end: int


def list_items(block: Block) -> list[ProgramItem]:
    """The top-level items of a list block that open with a paragraph."""
    items: list[ProgramItem] = []
    tokens = block.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type != "list_item_open" or token.level != 1 or token.map is None:
            continue
        close = index
        while not (tokens[close].type == "list_item_close" and tokens[close].level == 1):
            close += 1
        inner = tokens[index:close]
        index = close + 1
        if len(inner) < 3 or inner[0].type != "paragraph_open" or inner[0].map is None:
            continue
        first = inner[0].map
        title = Block("paragraph", first[0], first[1], tuple(inner[:3]), env=block.env)
        body = split_blocks(inner[3:], block.env, level=2)
        items.append(ProgramItem(title, body, token.map[1]))
    return items


def _first_lines(block: Block) -> list[str]:
    """The Markdown of each top-level item's first paragraph (a cheap first look)."""
    tokens = block.tokens
    return [
        tokens[i + 2].content
        for i, token in enumerate(tokens[:-2])
        if token.type == "list_item_open" and token.level == 1
        and tokens[i + 1].type == "paragraph_open"
    ]  # fmt: skip


def program_lists(blocks: Sequence[Block]) -> dict[int, list[ProgramItem]]:
    """Top-level lists whose items mostly read "Title - Speaker", by block index."""
    programs: dict[int, list[ProgramItem]] = {}
    for index, block in enumerate(blocks):
        if block.kind != "list":
            continue
        firsts = _first_lines(block)
        if not firsts or sum(map(headings.has_separator, firsts)) < _NAMED_SHARE * len(firsts):
            continue
        items = list_items(block)
        side = headings.names_side(item.title.text for item in items)
        named = sum(1 for item in items if _names_speakers(item, side))
        if named and named >= _NAMED_SHARE * len(items):
            programs[index] = items
    return programs


def _names_speakers(item: ProgramItem, side: headings.Side | None) -> bool:
    """An item that reads "Title - Speaker" and is not a link to a heading of the file
    (a contents list names the sessions; it is not them)."""
    links = links_of(item.title)
    if links and all(url.startswith("#") for url, _ in links):
        return False
    return bool(headings.split(item.title.text, side=side).speakers)


def is_program(programs: dict[int, list[ProgramItem]]) -> bool:
    """Enough items, and one list of several, to read the file as a program."""
    sizes = [len(items) for items in programs.values()]
    return sum(sizes) >= LEAST_ITEMS and max(sizes, default=0) >= 2


def list_item_count(blocks: Sequence[Block]) -> int:
    """How many top-level list items the file holds."""
    return sum(len(list_items(block)) for block in blocks if block.kind == "list")

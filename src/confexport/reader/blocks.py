"""The top-level blocks of a Markdown document, with their source lines.

The reader works on these rather than on raw tokens: a heading, paragraph, block
quote, list, code block, table, rule or HTML block, each knowing its line span (so
notes can be cut from the source verbatim) and the tokens inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from confexport import markup

#: C0 and C1 control characters: never part of a title, and no XML format can carry them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: A paragraph that is one plain autolink, ``<https://…>``, in characters that link
#: normalisation leaves as they are: read without parsing (the commonest link line).
_PLAIN_AUTOLINK = re.compile(
    r"<(https?://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?(?:/[A-Za-z0-9\-._~/?#!$&'*+,;=:]*)?)>"
)


def autolink_only(block: Block) -> str | None:
    """The URL of a paragraph that is nothing but one plain autolink."""
    if block.kind != "paragraph" or block.end - block.start != 1:
        return None
    match = _PLAIN_AUTOLINK.fullmatch(block.source.strip())
    return match.group(1) if match else None


#: The characters at which an inline rule of the dialect can start: escapes, code,
#: emphasis, strikethrough, highlights, links, wiki links, images, autolinks, HTML and
#: entities.  Inline content with none of them parses to its own text.
_INLINE_MARKUP = re.compile(r"[\\`*_~=\[\]!<&]")


def is_plain(source: str) -> bool:
    """Inline content that parses to nothing but its own words."""
    return _INLINE_MARKUP.search(source) is None


#: What any link, autolink or bare URL needs somewhere in the source.
_MAY_LINK = re.compile(r"[\[<]|https?:")
_BARE_URL = re.compile(r"https?://[^\s<>\"']+")
_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "blockquote_open": "blockquote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "hr": "rule",
    "html_block": "html",
}


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: ``lines[start:end]`` of the source (0-based, end exclusive)."""

    kind: str
    start: int
    end: int
    tokens: tuple[Token, ...]
    level: int = 0
    _text: list[str] = field(default_factory=list, compare=False, repr=False)
    _source: list[str] = field(default_factory=list, compare=False, repr=False)
    _links: list[list[tuple[str, str]]] = field(default_factory=list, compare=False, repr=False)
    #: The parse's environment (link references), for inline content parsed on demand.
    env: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def children(self, token: Token) -> list[Token]:
        """An inline token's children, parsed the first time they are asked for."""
        if not token.children and token.content:
            token.children = markup.inline_children(token.content, self.env)
        return token.children or []

    @property
    def source(self) -> str:
        """The Markdown of this block's inline content, unparsed (cheap to search)."""
        if len(self._source) == 0:
            self._source.append("\n".join(t.content for t in self.tokens if t.type == "inline"))
        return self._source[0]

    @property
    def inline(self) -> Token | None:
        """The inline token of a heading or paragraph."""
        if self.kind in ("heading", "paragraph") and len(self.tokens) > 1:
            return self.tokens[1]
        return None

    @property
    def text(self) -> str:
        """Plain text of a heading or paragraph ("" for other blocks)."""
        if self._text:
            return self._text[0]
        inline = self.inline
        text = ""
        if (url := autolink_only(self)) is not None:
            text = url
        elif inline is not None and is_plain(inline.content):
            text = " ".join(_CONTROL.sub(" ", inline.content).split())
        elif inline is not None:
            self.children(inline)
            text = " ".join(_CONTROL.sub(" ", markup.inline_text(inline)).split())
        self._text.append(text)
        return text

    def inline_tokens(self) -> Iterator[Token]:
        """Every inline child token inside this block, at any depth."""
        for token in self.tokens:
            if token.type == "inline":
                yield from self.children(token)


def read_blocks(text: str) -> list[Block]:
    """Split ``text`` into top-level blocks in source order."""
    tokens, env = markup.structure_tokens(text)
    return split_blocks(tokens, env)


def split_blocks(tokens: Sequence[Token], env: dict[str, Any], level: int = 0) -> list[Block]:
    """The blocks that ``tokens`` hold at nesting ``level`` (0: the document's own)."""
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = _KINDS.get(token.type)
        if kind is None or token.level != level or token.map is None:
            index += 1
            continue
        end = index + 1
        if token.nesting == 1:
            depth = 1
            while end < len(tokens) and depth:
                depth += tokens[end].nesting
                end += 1
        heading_level = int(token.tag[1]) if kind == "heading" else 0
        span = tuple(tokens[index:end])
        blocks.append(Block(kind, token.map[0], token.map[1], span, heading_level, env=env))
        index = end
    return blocks


def links_of(block: Block) -> list[tuple[str, str]]:
    """(url, text) of every link in a block, autolinks included; images excluded."""
    if block._links:
        return list(block._links[0])
    if (url := autolink_only(block)) is not None:
        found = [(url, url)]
    elif _MAY_LINK.search(block.source):
        found = _links_of(block)
    else:
        found = []
    block._links.append(found)
    return list(found)


def _links_of(block: Block) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    href: str | None = None
    parts: list[str] = []
    for child in block.inline_tokens():
        if child.type == "link_open":
            href, parts = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            found.append((href, "".join(parts).strip()))
            href = None
        elif href is not None and child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "text":
            found.extend((url.rstrip(".,;:!?)"), "") for url in _BARE_URL.findall(child.content))
    return found


def has_image(block: Block) -> bool:
    """A block with an image in its inline content (every image starts with ``![``)."""
    return "![" in block.source and any(t.type == "image" for t in block.inline_tokens())


def is_link_line(block: Block) -> bool:
    """A paragraph made of links only (and punctuation between them)."""
    if block.kind != "paragraph":
        return False
    if autolink_only(block) is not None:
        return True
    if not _MAY_LINK.search(block.source):
        return False
    inside = False
    seen = False
    for child in block.inline_tokens():
        if child.type == "link_open":
            inside, seen = True, True
        elif child.type == "link_close":
            inside = False
        elif not inside and not _is_separator(child):
            return False
    return seen


def _is_separator(token: Token) -> bool:
    """Whitespace or punctuation between links on a link line."""
    if token.type in ("softbreak", "hardbreak"):
        return True
    return token.type == "text" and not token.content.strip(" -–—|,·•")

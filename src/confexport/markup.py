"""The one place Markdown is parsed: one dialect for every format.

CommonMark with tables and strikethrough (markdown-it-py), and what Obsidian adds
(:mod:`confexport.obsidian`: wiki links, image embeds, highlights, task lists), with
the nesting bounded.  The reader parses the notes here; formats render the prose tree
built on it (:mod:`confexport.prose`), as XHTML through :mod:`confexport.xhtml` and as
plain text through :mod:`confexport.plaintext`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from confexport.obsidian import obsidian_plugin

#: Widest container prefix of a line, in columns: the quote and list markers and the
#: indentation before its text.  Each level of nesting takes at least one column, so a
#: wider prefix is cut to this width (its words kept), and hostile input cannot exhaust
#: Python's stack in the parser or in any renderer; no real notes come near it.  Mere
#: indentation opens nothing and is kept (code stays as written).
MAX_PREFIX = 64
#: markdown-it's own bound.  Block nesting stays below it (a prefix opens at most
#: MAX_PREFIX levels); inline nesting (links in link texts) stops at it, the rest text.
MAX_NESTING = MAX_PREFIX + 10
#: Deepest inline nesting (emphasis in emphasis, a link in a highlight) kept as such.
MAX_INLINE_DEPTH = 16
_MAYBE_DEEP = re.compile(
    rf"^(?=[ \t]*[>*+\-0-9])[ \t>*+\-.)0-9]{{{MAX_PREFIX // 4 + 1}}}", re.MULTILINE
)
_PREFIX = re.compile(r"(?:[ \t]|>|(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$))*")
_PIECE = re.compile(r"[ \t]|>|[-+*]|[0-9]{1,9}[.)]")


@functools.cache
def parser(*, html_blocks: bool = True) -> MarkdownIt:
    """A shared parser.  ``html_blocks`` parses raw HTML as HTML tokens (for structure).

    Parse through :func:`tokens`, which bounds the nesting first."""
    md = MarkdownIt("commonmark", {"html": html_blocks, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(obsidian_plugin)
    return md


def bounded(text: str) -> str:
    """``text`` with every container prefix wider than :data:`MAX_PREFIX` cut to it."""
    if not _MAYBE_DEEP.search(text):
        return text
    return "\n".join(_lift(line) for line in text.split("\n"))


def _lift(line: str) -> str:
    prefix = _PREFIX.match(line)
    assert prefix is not None  # the pattern matches the empty string
    opens = prefix.group().strip(" \t")
    if not opens or len(prefix.group().expandtabs(4)) <= MAX_PREFIX:
        return line
    kept = ""
    for piece in _PIECE.finditer(line, 0, prefix.end()):
        if len((kept + piece.group()).expandtabs(4)) > MAX_PREFIX:
            break
        kept += piece.group()
    rest = line[prefix.end() :]
    return kept + (" " if rest and not kept[-1:].isspace() else "") + rest


def _parse(md: MarkdownIt, text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """The one place Markdown is parsed: every parse goes through the nesting bounds."""
    parsed = md.parse(bounded(text), env)
    for token in parsed:
        if token.children:
            token.children = _bounded_inline(token.children)
    return parsed


def _bounded_inline(children: list[Token]) -> list[Token]:
    """``children`` with emphasis, links and the like nested deeper than
    :data:`MAX_INLINE_DEPTH` turned into their markup as text (nothing else bounds
    them: ``*a *b *c …*`` nests as deep as it is written)."""
    depth = 0
    for child in children:
        depth += child.nesting
        if depth > MAX_INLINE_DEPTH:
            return _flattened(children)
    return children


def _flattened(children: list[Token]) -> list[Token]:
    result: list[Token] = []
    depth = 0
    opened: list[bool] = []  # for each open token: is it shown as text?
    for child in children:
        if child.nesting == 1:
            as_text = depth >= MAX_INLINE_DEPTH
            opened.append(as_text)
            depth += not as_text
        elif child.nesting == -1:
            as_text = opened.pop() if opened else False
            depth -= not as_text
        else:
            as_text = False
        result.append(Token("text", "", 0, content=child.markup) if as_text else child)
    return result


def tokens(text: str, *, raw_html: bool = True) -> list[Token]:
    """Block tokens of ``text`` with their inline children, the nesting bounded.

    ``raw_html=False`` keeps raw HTML as text, as the prose tree reads it."""
    return _parse(parser(html_blocks=raw_html), text)


def _quiet_block_rules() -> None:
    """markdown-it's block rules log a debug line each time one is tried (about 175,000
    calls for 1,000 sessions, some 10% of a parse); nobody reads them, so they go."""
    import logging
    import pkgutil

    import markdown_it.rules_block

    for module in pkgutil.iter_modules(markdown_it.rules_block.__path__):
        logger = logging.getLogger(f"markdown_it.rules_block.{module.name}")
        logger.debug = _ignore  # type: ignore[method-assign]


def _ignore(*_args: object, **_kwargs: object) -> None:
    return None


@functools.cache
def _structure_parser() -> MarkdownIt:
    """The shared dialect, block structure only: inline content is parsed on demand."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.use(obsidian_plugin)
    md.disable(["inline", "github-tasklists", "task_checkbox", "text_join"])
    _quiet_block_rules()
    return md


def structure_tokens(text: str) -> tuple[list[Token], dict[str, Any]]:
    """Block tokens of ``text`` whose inline tokens have no children yet, and the
    parse's environment (link reference definitions) for :func:`inline_children`.

    The reader looks inside a few blocks only (headings, the lead of each section,
    blocks that may hold links or images), so it parses the rest never."""
    env: dict[str, Any] = {}
    return _parse(_structure_parser(), text, env), env


def inline_children(content: str, env: dict[str, Any]) -> list[Token]:
    """The inline tokens of one block's content, as :func:`tokens` would give them."""
    parsed = parser().parseInline(content, env)
    return _bounded_inline(list(parsed[0].children or ())) if parsed else []


def inline_text(token: Token) -> str:
    """The plain text of an inline token (a heading or paragraph), markup removed: the
    reader's, on its own tokens (formats read the prose tree)."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline", "task_checkbox"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)

"""What Obsidian adds to Markdown, as markdown-it rules for :func:`confexport.markup.parser`.

- ``![[image.png]]``, ``![[image.png|300]]``, ``![[image.png|alt text]]``: an ``image``
  token like ``![](...)`` makes (the size is read into ``meta["width"]`` and not used);
  the file is found by name in the notes folder when the path does not lead to it
  (:func:`confexport.media.locate_image`).  Embeds of anything else (a note, a PDF)
  become their name as text.
- ``[[Note]]``, ``[[Note|alias]]``, ``[[Note#Section]]``: text only, the alias or else
  the target, a heading anchor shown as ``Note > Section`` (a block anchor ``#^id`` is
  left out).  The notes' other files are not exported, so nothing links to them.
- ``==highlight==``: ``mark_open`` / ``mark_close`` tokens (``<mark>`` in HTML), with
  the flanking rules of ``_`` emphasis, so ``x==y`` and ``a == b`` stay text.
- ``- [ ] todo`` / ``- [x] done``: mdit-py-plugins' task lists, whose raw ``<input>`` is
  replaced by a ``task_checkbox`` token whose ``content`` is ☐ or ☒ (the characters
  pandoc's own reader makes of a task list), ``meta["checked"]`` saying which (each
  format renders it: :mod:`confexport.xhtml` as a labelled ``<span>``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter
from markdown_it.token import Token
from mdit_py_plugins.tasklists import tasklists_plugin

#: File types Obsidian shows as images when embedded.
IMAGE_EXTENSIONS = frozenset({"avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"})
UNCHECKED, CHECKED = "☐", "☒"
#: Longest ``[[…]]`` looked for, so an unclosed ``[[`` costs a bounded scan.
MAX_WIKILINK = 1000
_PIPE = re.compile(r"\\?\|")
_SIZE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")
_MARK = 0x3D  # "="


def obsidian_plugin(md: MarkdownIt) -> None:
    """Wiki links and embeds, highlights and task lists."""
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("emphasis", "mark", _mark_tokenize)
    md.inline.ruler2.after("strikethrough", "mark", _mark_post_process)
    md.use(tasklists_plugin)
    md.core.ruler.after("github-tasklists", "task_checkbox", _checkboxes)


# --- wiki links and embeds -----------------------------------------------------------


def wikilink_text(inner: str) -> str:
    """What ``[[inner]]`` shows: the alias, else the target with ``#`` as `` > ``."""
    parts = _PIPE.split(inner, maxsplit=1)
    target = parts[0].strip()
    if len(parts) > 1 and parts[1].strip():
        return parts[1].strip()
    pieces = [piece.strip() for piece in target.split("#")]
    pieces = [piece for piece in pieces if piece and not piece.startswith("^")]
    return " > ".join(pieces) or target


def _wikilink(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    start = pos + (3 if embed else 2)
    end = src.find("]]", start, min(state.posMax, start + MAX_WIKILINK))
    if end < 0:
        return False
    inner = src[start:end]
    if not inner.strip() or "\n" in inner or "[" in inner or "]" in inner:
        return False
    if not silent and not (embed and _push_embed(state, inner)):
        token = state.push("text", "", 0)
        token.content = wikilink_text(inner)
    state.pos = end + 2
    return True


def _push_embed(state: StateInline, inner: str) -> bool:
    """An ``image`` token for an embedded image; False for any other embed."""
    target, *options = (part.strip() for part in _PIPE.split(inner))
    name = target.split("#", 1)[0].strip()
    if name.rsplit(".", 1)[-1].lower() not in IMAGE_EXTENSIONS or "." not in name:
        return False
    # Kept as written (spaces and all) so that messages find it on its line; only the
    # characters a path lookup reads as URL syntax are escaped.
    src = name.replace("%", "%25").replace("?", "%3F").replace("#", "%23")
    if not state.md.validateLink(src):
        return False
    width = height = None
    alt = ""
    for option in options:
        if size := _SIZE.match(option):
            width = int(size.group(1))
            height = int(size.group(2)) if size.group(2) else None
        elif option and not alt:
            alt = option
    token = state.push("image", "img", 0)
    token.attrs = {"src": src, "alt": ""}
    token.children = [Token("text", "", 0, content=alt)] if alt else []
    token.content = alt
    token.markup = "![["
    token.meta = {"embed": name, "width": width, "height": height}
    return True


# --- highlights ----------------------------------------------------------------------


def _mark_tokenize(state: StateInline, silent: bool) -> bool:
    """``==`` runs as delimiters, paired later by ``balance_pairs``."""
    if silent or state.src[state.pos] != "=":
        return False
    scanned = state.scanDelims(state.pos, False)
    length = scanned.length
    if length < 2:
        return False
    if length % 2:
        token = state.push("text", "", 0)
        token.content = "="
        length -= 1
    for _ in range(length // 2):
        token = state.push("text", "", 0)
        token.content = "=="
        state.delimiters.append(
            Delimiter(
                marker=_MARK,
                length=0,  # no "rule of 3"
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _mark_pairs(state: StateInline, delimiters: Sequence[Delimiter]) -> None:
    lone: list[int] = []
    for delimiter in delimiters:
        if delimiter.marker != _MARK or delimiter.end == -1:
            continue
        closer = delimiters[delimiter.end]
        opener = state.tokens[delimiter.token]
        opener.type, opener.tag, opener.nesting, opener.markup, opener.content = (
            "mark_open", "mark", 1, "==", ""
        )  # fmt: skip
        closing = state.tokens[closer.token]
        closing.type, closing.tag, closing.nesting, closing.markup, closing.content = (
            "mark_close", "mark", -1, "==", ""
        )  # fmt: skip
        before = state.tokens[closer.token - 1]
        if before.type == "text" and before.content == "=":
            lone.append(closer.token - 1)
    # "===x===" is split "=" "==": a lone "=" before a closer moves after it.
    while lone:
        index = lone.pop()
        after = index + 1
        while after < len(state.tokens) and state.tokens[after].type == "mark_close":
            after += 1
        after -= 1
        if index != after:
            state.tokens[index], state.tokens[after] = state.tokens[after], state.tokens[index]


def _mark_post_process(state: StateInline) -> None:
    _mark_pairs(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _mark_pairs(state, meta["delimiters"])


# --- task lists ----------------------------------------------------------------------


def _checkboxes(state: StateCore) -> None:
    """The task-list plugin's raw ``<input>`` → a ``task_checkbox`` token (☐ or ☒)."""
    for token in state.tokens:
        children = token.children
        if token.type != "inline" or not children:
            continue
        first = children[0]
        if first.type == "html_inline" and first.content.startswith(
            '<input class="task-list-item-checkbox"'
        ):
            checked = 'checked="checked"' in first.content
            children[0] = Token(
                "task_checkbox",
                "",
                0,
                content=CHECKED if checked else UNCHECKED,
                markup="[x]" if checked else "[ ]",
                meta={"checked": checked},
            )

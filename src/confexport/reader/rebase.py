"""Image paths of a notes file in a subfolder, re-based onto the notes folder.

``![](pic.png)`` in ``Day 1/talk.md`` becomes ``![](Day%201/pic.png)``: the same file,
named from the notes folder.  Only image destinations change, and only relative ones
that ``wanted`` accepts (remote images, absolute paths and ``file:`` URLs stay as
written, so they are refused as before).  markdown-it-py itself decides what is an
image: every place that could hold a link destination is swapped for a probe, the text
is parsed, and only the probes that come back as image sources are rewritten; a final
parse checks the result, and if it does not hold exactly the expected images the text is
left as it was.  The parse is that of the formats that show raw HTML as text, where an
image inside an HTML block is still an image.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from markdown_it.token import Token

from confexport import markup
from confexport.media import is_remote

__all__ = ["folder_prefix", "is_relative", "rebase_images"]

_DESTINATION = r"<(?:[^<>\n\\]|\\.)*>|(?:[^\s()<>\\]|\\.|\((?:[^\s()\\]|\\.)*\))+"
#: ``](dest`` of an inline link or image.
_INLINE = re.compile(r"\]\([ \t]*\n?[ \t]*(" + _DESTINATION + ")")
#: ``[label]: dest`` of a reference definition (in a quote or a list too).
_DEFINITION = re.compile(
    r"^[ \t>]*\[(?:[^\[\]\\\n]|\\.)+\]:[ \t]*\n?[ \t>]*(" + _DESTINATION + ")", re.MULTILINE
)


def folder_prefix(folder: str) -> str:
    """What goes before a re-based path: the folder, percent-encoded, and a slash."""
    return quote(folder, safe="/") + "/" if folder else ""


def is_relative(src: str) -> bool:
    """An image path that is relative to the notes file (so it can be re-based)."""
    return (
        bool(src.strip())
        and not is_remote(src)
        and not src.startswith(("/", "\\", "#"))
        and not src.lower().startswith("file:")
    )


def rebase_images(
    text: str, prefix: str, wanted: Callable[[str], bool] = lambda src: True
) -> tuple[str, frozenset[str]]:
    """``text`` with ``prefix`` put before each relative image path ``wanted`` accepts (it
    gets the source as markdown-it reads it), and the image sources that were re-based."""
    if not prefix or "![" not in text:
        return text, frozenset()
    spans = _candidates(text)
    if not spans:
        return text, frozenset()
    probe = "cxprobe"
    while probe in text:
        probe += "x"
    probed = _replace(text, spans, [f"{probe}{i}z" for i in range(len(spans))])
    original, probed_sources = _sources(text), _sources(probed)
    if len(original) != len(probed_sources):
        return text, frozenset()
    chosen: set[int] = set()
    expected: list[str] = []
    for src, seen in zip(original, probed_sources, strict=True):
        match = re.fullmatch(rf"{probe}(\d+)z", seen)
        if match is not None and is_relative(src) and wanted(src):
            chosen.add(int(match.group(1)))
            expected.append(prefix + src)
        else:
            expected.append(src)
    if not chosen:
        return text, frozenset()
    pieces = [
        _rebased(text[start:end], prefix) if index in chosen else text[start:end]
        for index, (start, end) in enumerate(spans)
    ]
    result = _replace(text, spans, pieces)
    if _sources(result) != expected:
        return text, frozenset()
    rebased = frozenset(src for src, new in zip(original, expected, strict=True) if new != src)
    return result, rebased


def _candidates(text: str) -> list[tuple[int, int]]:
    """Spans that might be link destinations, in order and not overlapping."""
    patterns = (_INLINE, _DEFINITION)
    found = sorted({m.span(1) for pattern in patterns for m in pattern.finditer(text)})
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _replace(text: str, spans: list[tuple[int, int]], pieces: list[str]) -> str:
    parts: list[str] = []
    position = 0
    for (start, end), piece in zip(spans, pieces, strict=True):
        parts += [text[position:start], piece]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _rebased(destination: str, prefix: str) -> str:
    if destination.startswith("<"):
        return "<" + prefix + destination[1:]
    return prefix + destination


def _sources(text: str) -> list[str]:
    """The source of every image in ``text``, as the exporters' parser reads it."""
    tokens = markup.tokens(text, raw_html=False)
    return [
        str(child.attrs.get("src", ""))
        for token in tokens
        if token.type == "inline"
        for child in _children(token)
        if child.type == "image"
    ]


def _children(token: Token) -> list[Token]:
    return list(token.children or ())

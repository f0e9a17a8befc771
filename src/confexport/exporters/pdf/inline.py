"""A paragraph's inline prose (a prose tree's ``inline`` node) → the tags of
reportlab's paragraphs.

Every piece of text is escaped before it reaches reportlab's paragraph markup; only
http(s) and mailto links become clickable; an image splits the paragraph, so that the
block renderer can place it between the two halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from confexport import prose
from confexport.exporters.pdf.style import MONO, SANS, glyphs

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

#: An image in a paragraph: (src, alt text as written, title).
ImagePiece = tuple[str, str, str]
#: Paragraph markup, or an image that stands between two paragraphs.
Piece = str | ImagePiece


def attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def with_fallback(text: str, font: str) -> str:
    """Escape ``text``; characters ``font`` lacks but DejaVu Sans has switch to Sans."""
    if font == SANS:
        return escape(text)
    have, sans = glyphs(font), glyphs(SANS)
    out: list[str] = []
    for char in text:
        piece = escape(char)
        if ord(char) not in have and ord(char) in sans:
            piece = f'<font face="{SANS}">{piece}</font>'
        out.append(piece)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class InlineLook:
    """What inline markup takes from the style sheet."""

    link_color: str
    highlight_color: str
    code_size: float


class InlineMarkup(prose.Visitor[None]):
    """Walks one ``inline`` node, writing its paragraph markup (and its words).

    ``images=False`` prints an image's alt text instead of splitting the paragraph (in
    headings and table cells); ``marker`` is the task box a list prints as the item's
    marker, left out of the text.
    """

    #: Blocks are the block renderer's; this one reads the inline node inside each.
    handled_by_parent = prose.BLOCKS

    def __init__(self, look: InlineLook, *, images: bool, marker: prose.Node | None = None):
        self.look = look
        self.images = images
        self.marker = marker
        self.pieces: list[Piece] = []
        #: The words, markup dropped (an image's alt text as written): to measure a cell.
        self.words: list[str] = []
        self._text: list[str] = []
        self._open: list[tuple[str, str]] = []  # (opening markup, closing markup)

    def render(self, inline: prose.Node) -> list[Piece]:
        """The paragraph markup of ``inline``, split where a block image stands."""
        self.visit_children(inline)
        self.pieces.append(self._closed())
        return self.pieces

    def _closed(self) -> str:
        """The markup written so far, with every open tag closed."""
        return "".join(self._text) + "".join(close for _, close in reversed(self._open))

    def _write(self, markup: str, words: str) -> None:
        self._text.append(markup)
        self.words.append(words)

    def _wrapped(self, node: prose.Node, opening: str, closing: str) -> None:
        self._text.append(opening)
        self._open.append((opening, closing))
        self.visit_children(node)
        self._text.append(self._open.pop()[1])

    def fallback(self, text: str) -> None:
        self._write(escape(text), text)

    def visit_inline(self, node: prose.Node) -> None:
        self.visit_children(node)

    def visit_text(self, node: prose.Node) -> None:
        self._write(escape(node.content), node.content)

    def visit_code_inline(self, node: prose.Node) -> None:
        code = with_fallback(node.content, MONO)
        self._write(f'<font face="{MONO}" size="{self.look.code_size}">{code}</font>', node.content)

    def visit_softbreak(self, node: prose.Node) -> None:
        self._write(" ", " ")

    def visit_hardbreak(self, node: prose.Node) -> None:
        self._write("<br/>", " ")

    def visit_strong(self, node: prose.Node) -> None:
        self._wrapped(node, "<b>", "</b>")

    def visit_em(self, node: prose.Node) -> None:
        self._wrapped(node, "<i>", "</i>")

    def visit_s(self, node: prose.Node) -> None:
        self._wrapped(node, "<strike>", "</strike>")

    def visit_mark(self, node: prose.Node) -> None:
        self._wrapped(node, f'<span backColor="{self.look.highlight_color}">', "</span>")

    def visit_link(self, node: prose.Node) -> None:
        href = str(node.attrs.get("href", ""))
        if SAFE_LINK.match(href):
            opening = f'<a href="{attribute(href)}" color="{self.look.link_color}">'
            self._wrapped(node, opening, "</a>")
        else:
            self._wrapped(node, "", "")

    def visit_image(self, node: prose.Node) -> None:
        if not self.images:
            self._write(escape(node.content), node.content)
            return
        src, title = str(node.attrs.get("src", "")), str(node.attrs.get("title") or "")
        self.pieces += [self._closed(), (src, node.content, title)]
        self._text = [opening for opening, _ in self._open]

    def visit_task_checkbox(self, node: prose.Node) -> None:
        if node is not self.marker:
            self._write(escape(node.content), node.content)

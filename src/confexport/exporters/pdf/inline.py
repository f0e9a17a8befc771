"""A paragraph's inline prose (a prose tree's ``inline`` node) → reportlab's paragraph
text (:class:`~confexport.exporters.pdf.fragments.Markup`: words and tags, made into
fragments without reportlab's markup parser).

Only http(s) and mailto links become clickable; an image splits the paragraph, so
that the block renderer can place it between the two halves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from confexport import prose
from confexport.exporters.pdf.fragments import Markup, Open
from confexport.exporters.pdf.style import MONO, SANS, glyphs

SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)

#: An image in a paragraph: (src, alt text as written, title).
ImagePiece = tuple[str, str, str]
#: A paragraph's text, or an image that stands between two paragraphs.
Piece = Markup | ImagePiece


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


def with_fallback_runs(markup: Markup, text: str, font: str) -> Markup:
    """:func:`with_fallback` as words and tags, added to ``markup``."""
    if font == SANS:
        return markup.text(text)
    have, sans = glyphs(font), glyphs(SANS)
    for char in text:
        if ord(char) not in have and ord(char) in sans:
            markup.open("font", face=SANS).text(char).close("font")
        else:
            markup.text(char)
    return markup


@dataclass(frozen=True, slots=True)
class InlineLook:
    """What inline markup takes from the style sheet."""

    link_color: str
    highlight_color: str
    code_size: float


class InlineMarkup(prose.Visitor[None]):
    """Walks one ``inline`` node, writing its paragraph text (and its words).

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
        self._markup = Markup()
        self._open: list[Open | None] = []  # None: a link left unclickable, no tag

    def render(self, inline: prose.Node) -> list[Piece]:
        """The paragraph text of ``inline``, split where a block image stands."""
        self.visit_children(inline)
        self.pieces.append(self._closed())
        return self.pieces

    def _closed(self) -> Markup:
        """The text written so far, with every open tag closed."""
        closed = self._markup.copy()
        for opening in reversed(self._open):
            if opening is not None:
                closed.close(opening.tag)
        return closed

    def _write(self, words: str) -> None:
        self._markup.text(words)
        self.words.append(words)

    def _wrapped(self, node: prose.Node, opening: Open | None) -> None:
        if opening is not None:
            self._markup.tokens.append(opening)
        self._open.append(opening)
        self.visit_children(node)
        self._open.pop()
        if opening is not None:
            self._markup.close(opening.tag)

    def fallback(self, text: str) -> None:
        self._write(text)

    def visit_inline(self, node: prose.Node) -> None:
        self.visit_children(node)

    def visit_text(self, node: prose.Node) -> None:
        self._write(node.content)

    def visit_code_inline(self, node: prose.Node) -> None:
        self._markup.open("font", face=MONO, size=f"{self.look.code_size}")
        with_fallback_runs(self._markup, node.content, MONO).close("font")
        self.words.append(node.content)

    def visit_softbreak(self, node: prose.Node) -> None:
        self._write(" ")

    def visit_hardbreak(self, node: prose.Node) -> None:
        self._markup.line_break()
        self.words.append(" ")

    def visit_strong(self, node: prose.Node) -> None:
        self._wrapped(node, Open("b"))

    def visit_em(self, node: prose.Node) -> None:
        self._wrapped(node, Open("i"))

    def visit_s(self, node: prose.Node) -> None:
        self._wrapped(node, Open("strike"))

    def visit_mark(self, node: prose.Node) -> None:
        self._wrapped(node, Open("span", (("backColor", self.look.highlight_color),)))

    def visit_link(self, node: prose.Node) -> None:
        href = str(node.attrs.get("href", ""))
        if SAFE_LINK.match(href):
            self._wrapped(node, Open("a", (("href", href), ("color", self.look.link_color))))
        else:
            self._wrapped(node, None)

    def visit_image(self, node: prose.Node) -> None:
        if not self.images:
            self._write(node.content)
            return
        src, title = str(node.attrs.get("src", "")), str(node.attrs.get("title") or "")
        self.pieces += [self._closed(), (src, node.content, title)]
        self._markup = Markup([opening for opening in self._open if opening is not None])

    def visit_task_checkbox(self, node: prose.Node) -> None:
        if node is not self.marker:
            self._write(node.content)

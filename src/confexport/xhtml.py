"""Prose → XHTML: the one renderer of the XHTML outputs (EPUB chapters, Anki fields).

:class:`Xhtml` walks the prose tree (:mod:`confexport.prose`) and writes the tags,
attributes and line breaks markdown-it's HTML renderer wrote before it, so the outputs
did not change when the renderers moved onto the tree.  Raw HTML in the notes is text
(the tree reads it so).  Images go through an ``image_src`` mapper; where it gives
None an image becomes a visible placeholder, or a link for a remote image (remote
images are never fetched).  :func:`to_xhtml` ends with the shared sanitiser, the last
guard of every HTML output.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from markdown_it.common.utils import MD_TRIM_RE, escapeHtml, mdTrim, unescapeAll

from confexport import markup, prose
from confexport.images import placeholder
from confexport.media import is_remote
from confexport.sanitize import sanitize_html

#: Maps an image ``src`` as written to the ``src`` to use, or None for a placeholder.
ImageMapper = Callable[[str], "str | None"]
RawHtml = Literal["escape", "sanitize"]

#: Blocks written by their own method, never with a line break before them.
_SELF_CONTAINED = frozenset(("fence", "code_block", "html_block"))
#: The class a fenced block's language gets, as markdown-it's CommonMark preset names it.
_LANGUAGE_PREFIX = "language-"


def to_xhtml(
    text: str, image_src: ImageMapper | None = None, *, raw_html: RawHtml = "escape"
) -> str:
    """Markdown → a well-formed XHTML fragment, through the sanitiser.

    Raw HTML in the notes is shown as text (``raw_html="escape"``, from the shared prose
    tree), or kept through the allow-list of :mod:`confexport.sanitize` (``"sanitize"``,
    for exporters of other packages that want it; confexport's own formats never do).
    The sanitiser keeps only the images this rendering placed.
    """
    root = prose.tree(text) if raw_html == "escape" else _tree_with_html(text)
    writer = Xhtml(image_src)
    return sanitize_html(writer.blocks(root.children), frozenset(writer.placed))


@functools.lru_cache(maxsize=256)
def _tree_with_html(text: str) -> prose.Node:
    """``text`` with raw HTML read as HTML: only ``raw_html="sanitize"`` asks for it."""
    return prose.Node(markup.tokens(text, raw_html=True))


def attributes(attrs: Mapping[str, Any]) -> str:
    """`` name="value"`` for each attribute, escaped."""
    return "".join(f' {escapeHtml(key)}="{escapeHtml(str(value))}"' for key, value in attrs.items())


class Xhtml(prose.Visitor[str]):
    """Prose as XHTML.  ``placed`` collects the ``src`` of every image written.

    A subclass may write the same elements its own way through the hooks
    :meth:`escape`, :meth:`attributes`, :meth:`element`, :meth:`empty`, :meth:`tag_of`
    and :meth:`unplaced_image` (the EPUB writes its final XHTML so).
    """

    def __init__(self, image_src: ImageMapper | None = None) -> None:
        self.image_src = image_src
        self.placed: set[str] = set()

    def fallback(self, text: str) -> str:
        return self.escape(text)

    # how elements are written ----------------------------------------------------------

    def escape(self, text: str) -> str:
        """Text as element content."""
        return escapeHtml(text)

    def attributes(self, tag: str, attrs: Mapping[str, Any]) -> str:
        """`` name="value"`` for each attribute of a ``tag`` element."""
        return attributes(attrs)

    def element(self, tag: str, attrs: Mapping[str, Any], content: str) -> str:
        """An element with its (already written) content."""
        return f"<{tag}{self.attributes(tag, attrs)}>{content}</{tag}>"

    def empty(self, tag: str, attrs: Mapping[str, Any]) -> str:
        """A void element: ``br``, ``hr``, ``img``."""
        return f"<{tag}{self.attributes(tag, attrs)} />"

    def tag_of(self, node: prose.Node) -> str:
        """The element a container node is written as."""
        return node.tag

    def blocks(self, nodes: Iterable[prose.Node]) -> str:
        """Sibling blocks in order.  A block after a paragraph a tight list hides starts
        on its own line, as markdown-it writes it."""
        parts: list[str] = []
        after_hidden = False
        for node in nodes:
            rendered = self.visit(node)
            if after_hidden and not node.hidden and node.type not in _SELF_CONTAINED:
                rendered = "\n" + rendered
            parts.append(rendered)
            after_hidden = node.hidden
        return "".join(parts)

    def inlines(self, nodes: Iterable[prose.Node]) -> str:
        return "".join(self.visit(node) for node in nodes)

    # containers, blocks and inlines alike --------------------------------------------

    def visit_paragraph(self, node: prose.Node) -> str:
        """A container; its opening tag is followed by a line break when its content
        does not start on the same line (inline text, a hidden paragraph, nothing)."""
        if node.hidden:
            return self.blocks(node.children)
        first = node.children[0] if node.children else None
        starts_a_line = (
            node.block and first is not None and first.type != "inline" and not first.hidden
        )
        content = ("\n" if starts_a_line else "") + self.blocks(node.children)
        written = self.element(self.tag_of(node), node.attrs, content)
        return written + "\n" if node.block else written

    visit_heading = visit_blockquote = visit_bullet_list = visit_ordered_list = visit_paragraph
    visit_list_item = visit_table = visit_thead = visit_tbody = visit_tr = visit_paragraph
    visit_th = visit_td = visit_em = visit_strong = visit_s = visit_mark = visit_paragraph
    visit_link = visit_paragraph

    # blocks --------------------------------------------------------------------------

    def visit_fence(self, node: prose.Node) -> str:
        info = mdTrim(unescapeAll(node.info)) if node.info else ""
        attrs = dict(node.attrs)
        if info:
            language = _LANGUAGE_PREFIX + MD_TRIM_RE.split(info, maxsplit=1)[0]
            attrs["class"] = f"{attrs['class']} {language}" if "class" in attrs else language
        code = self.element("code", attrs, self.escape(node.content))
        return self.element("pre", {}, code) + "\n"

    def visit_code_block(self, node: prose.Node) -> str:
        code = self.element("code", {}, self.escape(node.content))
        return self.element("pre", node.attrs, code) + "\n"

    def visit_hr(self, node: prose.Node) -> str:
        return self.empty("hr", node.attrs) + "\n"

    def visit_html_block(self, node: prose.Node) -> str:
        """Raw HTML, only in a tree read with it (``raw_html="sanitize"``)."""
        return node.content

    visit_html_inline = visit_html_block

    # inlines -------------------------------------------------------------------------

    def visit_inline(self, node: prose.Node) -> str:
        return self.inlines(node.children)

    def visit_text(self, node: prose.Node) -> str:
        return self.escape(node.content)

    def visit_code_inline(self, node: prose.Node) -> str:
        return self.element("code", node.attrs, self.escape(node.content))

    def visit_softbreak(self, node: prose.Node) -> str:
        return "\n"

    def visit_hardbreak(self, node: prose.Node) -> str:
        return self.empty("br", {}) + "\n"

    def visit_task_checkbox(self, node: prose.Node) -> str:
        label = "done" if node.meta.get("checked") else "not done"
        attrs = {"class": "task-checkbox", "role": "img", "aria-label": label}
        return self.element("span", attrs, html.escape(node.content))

    def visit_image(self, node: prose.Node) -> str:
        src = str(node.attrs.get("src", ""))
        if self.image_src is not None:
            mapped = self.image_src(src)
            if mapped is None:
                return self.unplaced_image(src, node.content)
            src = mapped
        self.placed.add(src)
        return self.empty("img", {**node.attrs, "src": src, "alt": alt_text(node.children)})

    def unplaced_image(self, src: str, alt: str) -> str:
        """A link for a remote image, a visible placeholder for one that cannot be shown."""
        return _unplaced_image(src, alt)


def _unplaced_image(src: str, alt: str) -> str:
    """The placeholder of an image that cannot be shown; a remote one's links to it."""
    if is_remote(src):
        label = html.escape(placeholder(src, alt, remote=True))
        return f'<a class="remote-image" href="{html.escape(src)}">{label}</a>'
    return f'<span class="missing-image">{html.escape(placeholder(src, alt))}</span>'


def alt_text(nodes: Iterable[prose.Node]) -> str:
    """An image's description as its ``alt``: the words, markup dropped, line breaks
    kept (CommonMark's rule)."""
    parts: list[str] = []
    for node in nodes:
        if node.type in ("text", "code_inline", "html_inline"):
            parts.append(node.content)
        elif node.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.append(alt_text(node.children))
    return "".join(parts)

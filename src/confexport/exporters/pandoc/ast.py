"""Markdown fragments → pandoc JSON AST, built from confexport's one Markdown parser.

Every piece of text becomes a ``Str``: raw HTML in the notes is parsed as text (the
parser's HTML switch is off), code info strings are reduced to a safe class name, and
no ``RawBlock``, ``RawInline`` or attribute is ever produced from the notes, so notes
cannot inject markup into any pandoc writer.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from typing import Any

from markdown_it.tree import SyntaxTreeNode

from confexport import markup
from confexport.plaintext import to_plain_text
from confexport.sanitize import safe_url

#: A pandoc AST element as JSON: ``{"t": "Para", "c": [...]}``.
Node = dict[str, Any]

#: Maps an image ``src`` as written to the inline(s) that show it.
ImageRenderer = Callable[[str, list[Node], str], Node]

_WHITESPACE = re.compile(r"(\s+)")
_SAFE_CLASS = re.compile(r"^[A-Za-z0-9_+#.-]{1,40}$")
#: What a URL must not hold as it is (RFC 3986): brackets, quotes, braces, bars,
#: backslashes, spaces and control characters; text formats would read them as markup.
_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f\[\]<>"{}|\\^`]')
_ALIGNMENTS = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}

EMPTY_ATTR: list[Any] = ["", [], []]


def attr(identifier: str = "", classes: tuple[str, ...] = ()) -> list[Any]:
    return [identifier, list(classes), []]


def el(tag: str, content: Any = None) -> Node:
    return {"t": tag} if content is None else {"t": tag, "c": content}


def text(value: str) -> list[Node]:
    """Plain text as ``Str`` and ``Space`` elements (pandoc splits words this way)."""
    nodes: list[Node] = []
    for part in _WHITESPACE.split(value):
        if not part:
            continue
        if part.isspace():
            nodes.append(el("SoftBreak") if "\n" in part else el("Space"))
        else:
            nodes.append(el("Str", part))
    return nodes


def link(inlines: list[Node], url: str, title: str = "") -> Node:
    """A link to a safe URL (else its text alone), with brackets, quotes, braces and
    spaces percent-encoded: writers put the URL into their markup as it is."""
    if not safe_url(url):
        return el("Span", [EMPTY_ATTR, inlines])
    encoded = _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", url)
    return el("Link", [EMPTY_ATTR, inlines, [encoded, title]])


def header(level: int, identifier: str, inlines: list[Node]) -> Node:
    return el("Header", [level, attr(identifier), inlines])


def figure(image: Node) -> Node:
    """An image alone in its paragraph: a figure captioned with its alt text."""
    caption = [None, [el("Plain", image["c"][1])]]
    return el("Figure", [EMPTY_ATTR, caption, [el("Plain", [image])]])


class Converter:
    """Converts Markdown to pandoc blocks; its shallowest heading goes to ``base_level + 1``."""

    def __init__(self, image: ImageRenderer, base_level: int = 2, id_prefix: str = "") -> None:
        self.image = image
        self.base_level = base_level
        self.id_prefix = id_prefix
        self._headings = 0
        self._shift = base_level

    def blocks(self, markdown: str) -> list[Node]:
        if not markdown.strip():
            return []
        tokens = markup.safe_tokens(markdown)
        levels = [int(t.tag[1:]) for t in tokens if t.type == "heading_open"]
        self._shift = self.base_level + 1 - min(levels, default=1)
        return self._blocks(SyntaxTreeNode(tokens).children)

    def inlines(self, markdown: str) -> list[Node]:
        """The inlines of a one-paragraph Markdown string (a title, say)."""
        blocks = self.blocks(markdown)
        if len(blocks) == 1 and blocks[0]["t"] in ("Para", "Plain"):
            return list(blocks[0]["c"])
        return text(to_plain_text(markdown))

    # blocks -----------------------------------------------------------------------

    def _blocks(self, nodes: list[SyntaxTreeNode]) -> list[Node]:
        result: list[Node] = []
        for node in nodes:
            result.extend(self._block(node))
        return result

    def _block(self, node: SyntaxTreeNode) -> list[Node]:
        kind = node.type
        if kind == "paragraph":
            inlines = self._inline_children(node)
            if len(inlines) == 1 and inlines[0]["t"] == "Image" and inlines[0]["c"][1]:
                return [figure(inlines[0])]
            return [el("Plain" if node.hidden else "Para", inlines)] if inlines else []
        if kind == "heading":
            self._headings += 1
            level = min(6, self._shift + int(node.tag[1:]))
            identifier = f"{self.id_prefix}h{self._headings}" if self.id_prefix else ""
            return [header(level, identifier, self._inline_children(node))]
        if kind == "blockquote":
            return [el("BlockQuote", self._blocks(node.children))]
        if kind == "bullet_list":
            return [el("BulletList", [self._blocks(item.children) for item in node.children])]
        if kind == "ordered_list":
            return [self._ordered_list(node)]
        if kind in ("fence", "code_block"):
            return [el("CodeBlock", [attr("", _code_classes(node.info)), node.content])]
        if kind == "hr":
            return [el("HorizontalRule")]
        if kind == "table":
            return [self._table(node)]
        if kind == "html_block":  # only with an HTML-parsing parser; shown as text
            return [el("CodeBlock", [EMPTY_ATTR, node.content])]
        return [el("Para", text(node.content))] if node.content else []

    def _ordered_list(self, node: SyntaxTreeNode) -> Node:
        start = int(str(node.attrs.get("start", 1)))
        delimiter = "OneParen" if node.markup == ")" else "Period"
        items = [self._blocks(item.children) for item in node.children]
        return el("OrderedList", [[start, el("Decimal"), el(delimiter)], items])

    def _table(self, node: SyntaxTreeNode) -> Node:
        head_rows: list[Any] = []
        body_rows: list[Any] = []
        aligns: list[str] = []
        lengths: list[list[int]] = []
        for section in node.children:
            for row in section.children:
                cells = []
                lengths.append([])
                for cell in row.children:
                    style = str(cell.attrs.get("style", ""))
                    align = _ALIGNMENTS.get(style.removeprefix("text-align:"), "AlignDefault")
                    if section.type == "thead":
                        aligns.append(align)
                    content = self._inline_children(cell)
                    lengths[-1].append(len(plain_text(content)))
                    blocks = [el("Plain", content)] if content else []
                    cells.append([EMPTY_ATTR, el("AlignDefault"), 1, 1, blocks])
                (head_rows if section.type == "thead" else body_rows).append([EMPTY_ATTR, cells])
        columns = max((len(row[1]) for row in head_rows + body_rows), default=0)
        aligns += ["AlignDefault"] * (columns - len(aligns))
        widths = column_widths(lengths, columns)
        specs = [
            [el(align), el("ColWidth", widths[i]) if widths else el("ColWidthDefault")]
            for i, align in enumerate(aligns[:columns])
        ]
        return el(
            "Table",
            [
                EMPTY_ATTR,
                [None, []],
                specs,
                [EMPTY_ATTR, head_rows],
                [[EMPTY_ATTR, 0, [], body_rows]],
                [EMPTY_ATTR, []],
            ],
        )

    # inlines ----------------------------------------------------------------------

    def _inline_children(self, node: SyntaxTreeNode) -> list[Node]:
        result: list[Node] = []
        for child in node.children:
            if child.type == "inline":
                result.extend(self._inlines(child.children))
        return result

    def _inlines(self, nodes: list[SyntaxTreeNode]) -> list[Node]:
        result: list[Node] = []
        for node in nodes:
            result.extend(self._inline(node))
        return result

    def _inline(self, node: SyntaxTreeNode) -> list[Node]:
        kind = node.type
        if kind in ("text", "html_inline"):
            return text(node.content)
        if kind == "softbreak":
            return [el("SoftBreak")]
        if kind == "hardbreak":
            return [el("LineBreak")]
        if kind == "code_inline":
            return [el("Code", [EMPTY_ATTR, node.content])]
        if kind in ("em", "strong", "s"):
            tag = {"em": "Emph", "strong": "Strong", "s": "Strikeout"}[kind]
            return [el(tag, self._inlines(node.children))]
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            title = str(node.attrs.get("title", "") or "")
            return [link(self._inlines(node.children), href, title)]
        if kind == "image":
            src = str(node.attrs.get("src", ""))
            title = str(node.attrs.get("title", "") or "")
            return [self.image(src, self._inlines(node.children), title)]
        if kind == "mark":  # pandoc's own reader makes this of ==highlight== (+mark)
            return [el("Span", [attr("", ("mark",)), self._inlines(node.children)])]
        if kind == "task_checkbox":  # ☐ / ☒, as pandoc's reader makes of a task list
            return [el("Str", node.content)]
        if node.children:  # a construct not known here keeps its words
            return self._inlines(node.children)
        return text(node.content)


def _code_classes(info: str) -> tuple[str, ...]:
    words = info.split()
    if words and _SAFE_CLASS.match(words[0]):
        return (words[0],)
    return ()


#: A table whose longest cells add up to more than this many characters gets column
#: widths in proportion to them (pandoc's own rule for pipe tables): left to the
#: writers, docx and odt give every column the same width, however long its text.
TABLE_LINE = 72
#: No column is weighed at fewer or more characters than these.
_NARROWEST, _WIDEST = 8, 60


def column_widths(lengths: list[list[int]], columns: int) -> list[float] | None:
    """Each column's share of the width, from its longest cell (None: a narrow table)."""
    longest = [max((row[i] for row in lengths if i < len(row)), default=0) for i in range(columns)]
    if not columns or sum(longest) + 3 * columns <= TABLE_LINE:
        return None
    weights = [min(max(n, _NARROWEST), _WIDEST) + 2 for n in longest]  # + cell padding
    return [round(w / sum(weights), 4) for w in weights]


def plain_text(inlines: list[Node]) -> str:
    """The text of inlines, for alt texts and messages."""
    parts: list[str] = []
    for node in inlines:
        tag, content = node["t"], node.get("c", [])
        content = typing.cast(Any, content)
        if tag == "Str":
            parts.append(content)
        elif tag in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif tag == "Code":
            parts.append(content[1])
        elif tag in ("Emph", "Strong", "Strikeout"):
            parts.append(plain_text(content))
        elif tag in ("Span", "Link", "Image"):
            parts.append(plain_text(content[1]))
    return "".join(parts)


# lists as paragraphs ----------------------------------------------------------------------

_LISTS = ("BulletList", "OrderedList")


def count_lists(node: Any) -> int:
    """How many bullet and numbered lists a document (or any part of one) holds."""
    if isinstance(node, list):
        return sum(count_lists(item) for item in node)
    if isinstance(node, dict):
        own = 1 if node.get("t") in _LISTS else 0
        return own + count_lists(node.get("c"))
    return 0


def lists_as_paragraphs(node: Any, depth: int = 0) -> Any:
    """The document with every list written as paragraphs that start with their marker
    (``•``, ``1.``), nested ones indented by an em space a level."""
    if isinstance(node, dict):
        return {key: lists_as_paragraphs(value, depth) for key, value in node.items()}
    if not isinstance(node, list):
        return node
    result: list[Any] = []
    for item in node:
        if isinstance(item, dict) and item.get("t") in _LISTS:
            result += _list_paragraphs(item, depth)
        else:
            result.append(lists_as_paragraphs(item, depth))
    return result


def _list_paragraphs(node: Node, depth: int) -> list[Node]:
    if node["t"] == "BulletList":
        items, markers = node["c"], ["•" for _ in node["c"]]
    else:
        (start, _style, delimiter), items = node["c"]
        end = ")" if delimiter["t"] == "OneParen" else "."
        markers = [f"{start + n}{end}" for n in range(len(items))]
    blocks: list[Node] = []
    for marker, item in zip(markers, items, strict=True):
        content = lists_as_paragraphs(item, depth + 1)
        lead = [el("Str", "\u2003" * depth + marker), el("Space")]
        if content and content[0]["t"] in ("Para", "Plain"):
            blocks.append(el("Para", lead + content[0]["c"]))
            blocks += content[1:]
        else:
            blocks += [el("Para", lead[:1]), *content]
    return blocks

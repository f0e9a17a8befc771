"""Markdown fragments → pandoc JSON AST, rendered from their prose trees.

Each text is parsed once, by :func:`confexport.prose.tree`, and walked here; the tree is
shared with the other formats, so nothing here changes it.
Every piece of text becomes a ``Str``: raw HTML in the notes is parsed as text (the
parser's HTML switch is off), code info strings are reduced to a safe class name, and
no ``RawBlock``, ``RawInline`` or attribute is ever produced from the notes, so notes
cannot inject markup into any pandoc writer.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from typing import Any

from confexport import prose
from confexport.sanitize import safe_url

#: A pandoc AST element as JSON: ``{"t": "Para", "c": [...]}``.
Node = dict[str, Any]

#: Maps an image ``src`` as written to the inline(s) that show it.
ImageRenderer = Callable[[str, list[Node], str], Node]

_WHITESPACE = re.compile(r"(\s+)")
_SAFE_CLASS = re.compile(r"^[A-Za-z0-9_+#.-]{1,40}$")
#: What a URL must not hold as it is (RFC 3986): brackets, quotes, braces, bars,
#: backslashes, spaces and control characters; text formats would read them as syntax.
_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f\[\]<>"{}|\\^`]')
_ALIGNMENTS = {"left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}

EMPTY_ATTR: list[Any] = ["", [], []]


def attr(identifier: str = "", classes: tuple[str, ...] = ()) -> list[Any]:
    return [identifier, list(classes), []]


def el(tag: str, content: Any = None) -> Node:
    return {"t": tag} if content is None else {"t": tag, "c": content}


def text(value: str) -> list[Node]:
    """Plain text as ``Str`` and ``Space`` elements (pandoc splits words this way); a run
    of white space holding a newline is a ``SoftBreak``."""
    if "\n" in value:
        return _text_with_breaks(value)
    # The common case, and the AST's hottest code (some 15,000 texts in a document of
    # 1,000 sessions), in 2.2 times fewer instructions: str.split() and the regex's \s
    # know the same white space.
    nodes: list[Node] = [{"t": "Space"}] if value[:1].isspace() else []
    for word in value.split():
        nodes += ({"t": "Str", "c": word}, {"t": "Space"})
    if nodes and not value[-1].isspace():
        nodes.pop()
    return nodes


def _text_with_breaks(value: str) -> list[Node]:
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


class Converter(prose.Visitor[list[Node]]):
    """Renders prose trees as pandoc blocks; its shallowest heading goes to
    ``base_level + 1``.  Each visit gives a list: of blocks for a block construct, of
    inlines for an inline one."""

    #: Read by the list and table methods themselves.
    handled_by_parent = frozenset(("list_item", "thead", "tbody", "tr", "th", "td"))

    def __init__(self, image: ImageRenderer, base_level: int = 2, id_prefix: str = "") -> None:
        self.image = image
        self.base_level = base_level
        self.id_prefix = id_prefix
        self._headings = 0
        self._shift = base_level

    def blocks(self, markdown: str) -> list[Node]:
        if not markdown.strip():
            return []
        root = prose.tree(markdown)
        self._shift = self.base_level + 1 - min(_heading_levels(root), default=1)
        return self._blocks(root)

    def fallback(self, text_: str) -> list[Node]:
        return text(text_)

    def unknown(self, node: prose.Node) -> list[Node]:
        """A construct without a method keeps its words: a paragraph of them for a block."""
        inlines = super().unknown(node)
        return [el("Para", inlines)] if node.block and inlines else inlines

    def _blocks(self, node: prose.Node) -> list[Node]:
        return [block for child in node.children for block in self.visit(child)]

    #: A block's or an inline container's inlines: its children's, one after another.
    _inlines = _blocks

    # blocks -----------------------------------------------------------------------

    def visit_paragraph(self, node: prose.Node) -> list[Node]:
        inlines = self._inlines(node)
        if len(inlines) == 1 and inlines[0]["t"] == "Image" and inlines[0]["c"][1]:
            return [figure(inlines[0])]
        return [el("Plain" if node.hidden else "Para", inlines)] if inlines else []

    def visit_heading(self, node: prose.Node) -> list[Node]:
        self._headings += 1
        level = min(6, self._shift + int(node.tag[1:]))
        identifier = f"{self.id_prefix}h{self._headings}" if self.id_prefix else ""
        return [header(level, identifier, self._inlines(node))]

    def visit_blockquote(self, node: prose.Node) -> list[Node]:
        return [el("BlockQuote", self._blocks(node))]

    def visit_bullet_list(self, node: prose.Node) -> list[Node]:
        return [el("BulletList", [self._blocks(item) for item in node.children])]

    def visit_ordered_list(self, node: prose.Node) -> list[Node]:
        start = int(str(node.attrs.get("start", 1)))
        delimiter = "OneParen" if node.markup == ")" else "Period"
        items = [self._blocks(item) for item in node.children]
        return [el("OrderedList", [[start, el("Decimal"), el(delimiter)], items])]

    def visit_fence(self, node: prose.Node) -> list[Node]:
        return [el("CodeBlock", [attr("", _code_classes(node.info)), node.content])]

    visit_code_block = visit_fence

    def visit_hr(self, node: prose.Node) -> list[Node]:
        return [el("HorizontalRule")]

    def visit_table(self, node: prose.Node) -> list[Node]:
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
                    content = self._inlines(cell)
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
        return [
            el(
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
        ]

    # inlines ----------------------------------------------------------------------

    def visit_inline(self, node: prose.Node) -> list[Node]:
        return self._inlines(node)

    def visit_text(self, node: prose.Node) -> list[Node]:
        return text(node.content)

    def visit_softbreak(self, node: prose.Node) -> list[Node]:
        return [el("SoftBreak")]

    def visit_hardbreak(self, node: prose.Node) -> list[Node]:
        return [el("LineBreak")]

    def visit_code_inline(self, node: prose.Node) -> list[Node]:
        return [el("Code", [EMPTY_ATTR, node.content])]

    def visit_em(self, node: prose.Node) -> list[Node]:
        return [el(_STYLES[node.type], self._inlines(node))]

    visit_strong = visit_s = visit_em

    def visit_mark(self, node: prose.Node) -> list[Node]:
        """What pandoc's own reader makes of ==highlight== (with +mark)."""
        return [el("Span", [attr("", ("mark",)), self._inlines(node)])]

    def visit_link(self, node: prose.Node) -> list[Node]:
        href = str(node.attrs.get("href", ""))
        title = str(node.attrs.get("title", "") or "")
        return [link(self._inlines(node), href, title)]

    def visit_image(self, node: prose.Node) -> list[Node]:
        src = str(node.attrs.get("src", ""))
        title = str(node.attrs.get("title", "") or "")
        return [self.image(src, self._inlines(node), title)]

    def visit_task_checkbox(self, node: prose.Node) -> list[Node]:
        """☐ / ☒, as pandoc's reader makes of a task list."""
        return [el("Str", node.content)]


_STYLES = {"em": "Emph", "strong": "Strong", "s": "Strikeout"}
#: Blocks that may hold headings.
_HOLDS_BLOCKS = frozenset(("blockquote", "bullet_list", "ordered_list", "list_item"))


def _heading_levels(node: prose.Node) -> Iterator[int]:
    """The level of each heading in a tree, however deep in quotes and lists."""
    for child in node.children:
        if child.type == "heading":
            yield int(child.tag[1:])
        elif child.type in _HOLDS_BLOCKS:
            yield from _heading_levels(child)


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

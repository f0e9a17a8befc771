"""The one place Markdown is parsed and rendered: one dialect for every format.

CommonMark with tables and strikethrough (markdown-it-py).  Renderers built on it:
:func:`to_plain_text` for word counts and plain-text fields, :func:`to_xhtml` for
XHTML-based outputs (raw HTML in the notes is shown as text, never interpreted).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

#: Deepest nesting of block quotes and lists that is parsed as structure; deeper
#: levels are kept as text, so hostile input cannot exhaust the stack.
MAX_NESTING = 60


@functools.cache
def parser(*, html_blocks: bool = True) -> MarkdownIt:
    """A shared parser.  ``html_blocks`` parses raw HTML as HTML tokens (for structure)."""
    md = MarkdownIt("commonmark", {"html": html_blocks, "maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _render_image)
    return md


def tokens(text: str) -> list[Token]:
    return parser().parse(text)


#: Maps an image ``src`` as written to the ``src`` to use, or None for a placeholder.
ImageMapper = Callable[[str], "str | None"]


def to_xhtml(text: str, image_src: ImageMapper | None = None) -> str:
    """Markdown → XHTML fragment; raw HTML is escaped and shown as text.

    ``image_src`` rewrites image sources (to a packaged file, say); where it returns
    None the image becomes a visible placeholder naming its alt text and path.
    """
    md = parser(html_blocks=False)
    return str(md.renderer.render(md.parse(text), md.options, {"image_src": image_src}))


def safe_tokens(text: str) -> list[Token]:
    """Block tokens of ``text`` as :func:`to_xhtml` parses it: raw HTML stays text."""
    return parser(html_blocks=False).parse(text)


def inline_to_xhtml(children: Sequence[Token], image_src: ImageMapper | None = None) -> str:
    """Render inline tokens (children of an ``inline`` token) to an XHTML fragment.

    Raw HTML among them is shown as text, whichever parser made the tokens.
    """
    md = parser(html_blocks=False)
    safe = [
        Token("text", "", 0, content=child.content) if child.type == "html_inline" else child
        for child in children
    ]
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    return renderer.renderInline(safe, md.options, {"image_src": image_src})


def _render_image(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    mapper = env.get("image_src") if isinstance(env, dict) else None
    if mapper is not None:
        src = str(token.attrs.get("src", ""))
        mapped = mapper(src)
        if mapped is None:
            label = html.escape(token.content or src)
            return (
                f'<span class="missing-image">[image not available: {label} '
                f"({html.escape(src)})]</span>"
            )
        token.attrs["src"] = mapped
    return str(renderer.image(tokens, index, options, env))


def inline_text(token: Token) -> str:
    """The plain text of an inline token (a heading or paragraph), markup removed."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def to_plain_text(text: str) -> str:
    """Markdown → plain text: words kept, markup dropped, blocks on their own lines."""
    lines: list[str] = []
    for token in parser().parse(text):
        if token.type == "inline":
            lines.append(inline_text(token))
        elif token.type in ("fence", "code_block", "html_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(line for line in lines if line)

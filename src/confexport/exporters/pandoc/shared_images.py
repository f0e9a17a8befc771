"""Each image stored once in the html page, however often the notes show it.

pandoc's html writer puts an image's ``data:`` URI into every ``<img>`` that shows it
(one photo shown 500 times: 500 copies, a 45 MB page).  So an image the page shows
more than once is drawn as inline SVG instead: its first showing holds the pixels once,
as an SVG ``<image>`` with an id, and every later one is a ``<use>`` of that id.
Browsers draw, scale and print them as they do an ``<img>``, and the alt text is the
SVG's ``aria-label`` and ``<title>``.  An image shown once stays an ``<img>``, so a page
without repeated images is what it was.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from confexport.exporters.pandoc.ast import Node, el, plain_text

#: The look of ``img`` in ``templates/pandoc/html.css``, carried by the SVG itself.
_STYLE = "max-width:100%;height:auto;border:1px solid #d8dde5;border-radius:4px"
_ID = "confexport-image-{}"


def share_repeated_images(
    ast: dict[str, Any], sizes: Mapping[str, tuple[int, int]]
) -> tuple[dict[str, Any], int]:
    """``ast`` with every image whose ``data:`` URI (a key of ``sizes``: its width and
    height in pixels) is shown more than once drawn as SVG that stores it once, and how
    many characters of ``data:`` URIs that leaves out."""
    shown = Counter(_targets(ast["blocks"], sizes))
    repeated = {uri for uri, count in shown.items() if count > 1}
    if not repeated:
        return ast, 0
    saved = sum(len(uri) * (shown[uri] - 1) for uri in repeated)
    numbers: dict[str, int] = {}

    def svg(image: Node) -> Node:
        _, alt, (uri, _) = image["c"]
        first = uri not in numbers
        if first:
            numbers[uri] = len(numbers) + 1
        width, height = sizes[uri]
        identifier = _ID.format(numbers[uri])
        label = html.escape(plain_text(alt), quote=True)
        if first:
            drawn = f'<image id="{identifier}" width="{width}" height="{height}" href="{uri}"/>'
        else:
            drawn = f'<use href="#{identifier}"/>'
        markup = (
            f'<svg class="confexport-image" role="img" aria-label="{label}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'style="{_STYLE}"><title>{label}</title>{drawn}</svg>'
        )
        return el("RawInline", ["html", markup])

    return {**ast, "blocks": _replaced(ast["blocks"], repeated, svg)}, saved


def _targets(node: Any, sizes: Mapping[str, tuple[int, int]]) -> list[str]:
    """The ``data:`` URIs of ``sizes`` that the images in ``node`` show, in order."""
    found: list[str] = []
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if item.get("t") == "Image" and item["c"][2][0] in sizes:
                found.append(item["c"][2][0])
            elif "c" in item:
                pending.append(item["c"])
        elif isinstance(item, list):
            pending.extend(reversed(item))
    return found


def _replaced(node: Any, repeated: set[str], svg: Callable[[Node], Node]) -> Any:
    """``node`` with each image that shows one of ``repeated`` made by ``svg``, in
    document order (the first showing of an image is the one that stores it)."""
    if isinstance(node, list):
        return [_replaced(item, repeated, svg) for item in node]
    if isinstance(node, dict) and "c" in node:
        if node.get("t") == "Image" and node["c"][2][0] in repeated:
            return svg(node)
        return {**node, "c": _replaced(node["c"], repeated, svg)}
    return node

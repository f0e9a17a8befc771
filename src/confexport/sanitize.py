"""The one HTML sanitiser: the last guard on every HTML fragment confexport makes
(``xhtml.to_xhtml`` ends with it; Anki's fields pass through it too).

It re-serialises HTML through an allow-list: known-safe elements and attributes
stay; ``script``, ``style``, ``iframe``, ``object``, forms and the like go with
their content; event handlers, ``style`` attributes and ``javascript:`` or
non-image ``data:`` URLs go.  The result is well-formed XHTML: every element
closed, attributes quoted, text escaped.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl "
    "dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby "
    "s samp small span strong sub summary sup table tbody td tfoot th thead time tr u ul var "
    "wbr".split()
)
#: Elements dropped together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    "script style iframe frame frameset object embed applet form input button select option "
    "textarea noscript template svg math audio video canvas link meta base title head".split()
)
VOID = frozenset("br col hr img wbr".split())
ATTRIBUTES = frozenset(
    "href src alt title lang dir colspan rowspan cite datetime start reversed type open "
    "class id width height role aria-label".split()
)
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"^data:image/(?:png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def allowed_attribute(tag: str, name: str, value: str) -> bool:
    """The allow-list's rule for one attribute of a ``tag`` element (``value`` as it
    reads, unescaped)."""
    if name not in ATTRIBUTES:
        return False
    return name not in _URL_ATTRIBUTES or safe_url(value, image=tag == "img")


def safe_url(url: str, *, image: bool = False) -> bool:
    """http(s), mailto, fragments and relative paths; data: only for images."""
    cleaned = _CONTROL.sub("", html.unescape(url))
    if image and _IMAGE_DATA.match(cleaned):
        return True
    return bool(_SAFE_URL.match(cleaned))


class _Sanitiser(HTMLParser):
    def __init__(self, images: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.images = images
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and tag not in VOID:
                self.dropping.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            self.dropping.append(tag)
            return
        if tag not in ALLOWED:
            return
        kept = []
        for name, value in attrs:
            if value is None and name not in ("open", "reversed"):
                continue
            value = name if value is None else value
            if not allowed_attribute(tag, name, value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "img" and not self._known_image(attrs):
            alt = next((value for name, value in attrs if name == "alt" and value), "image")
            self.out.append(html.escape(f"[{alt}]", quote=False))
            return
        if tag in VOID:
            self.out.append(f"<{tag}{''.join(kept)} />")
            return
        self.out.append(f"<{tag}{''.join(kept)}>")
        self.open.append(tag)

    def _known_image(self, attrs: list[tuple[str, str | None]]) -> bool:
        src = next((value for name, value in attrs if name == "src" and value), "")
        return src in self.images or bool(_IMAGE_DATA.match(_CONTROL.sub("", src)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag and not self.dropping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitize_html(fragment: str, images: frozenset[str] = frozenset()) -> str:
    """An HTML fragment → safe, well-formed XHTML.

    ``<img>`` survives only with a ``src`` in ``images`` (the ones the media pipeline
    placed) or an inline ``data:image``; any other becomes its alt text.
    """
    sanitiser = _Sanitiser(images)
    sanitiser.feed(fragment)
    return sanitiser.result()

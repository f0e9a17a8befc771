"""Prose and images for the EPUB: Markdown → safe XHTML fragments, images → packaged files.

Images are decoded and downscaled on worker threads (Pillow releases the GIL) while
the Markdown is rendered.  A fragment names each of its images by a marker that notes
cannot contain, and resolves the marker when its page is rendered, at the end.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.common.utils import escapeHtml

from confexport import media, xhtml
from confexport.context import ExportContext
from confexport.images import ImageUse, placeholder
from confexport.model import Conference
from confexport.prose import Node
from confexport.prose import tree as prose_tree
from confexport.sanitize import allowed_attribute
from confexport.xhtml import alt_text

log = logging.getLogger("confexport")

#: Longest side of a packaged image, in pixels.
MAX_IMAGE_SIDE = 1600

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")
#: Image markers are noncharacters the notes never carry (text holding one is rendered
#: without markers, waiting for its images instead).
_MARK, _END = "\ufdd0", "\ufdd1"
_ATTRIBUTE_SPACE = str.maketrans("\t\n\r", "   ")
_MARKED_IMG = re.compile(f'<img [^>]*src="{_MARK}(\\d+){_END}"[^>]*/>')


def xml_text(text: str) -> str:
    """``text`` without the control characters XML cannot carry."""
    return _NOT_XML.sub("", text)


def safe_id(uid: str) -> str:
    """An ASCII name for ids and file names, stable for a given session uid."""
    cleaned = _SAFE_ID.sub("-", uid).strip("-")
    if cleaned == uid and cleaned:
        return cleaned
    digest = hashlib.sha1(uid.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:40]}-{digest}" if cleaned else digest


@dataclass(frozen=True, slots=True)
class _Reference:
    """One image in the prose: the packaged file it shows, and what the notes wrote."""

    path: Path
    src: str
    alt: str = ""


class ImageShelf:
    """The images the book packages, from the export's image catalog: each source file
    prepared once, on a worker thread."""

    def __init__(self, context: ExportContext | None = None, folder: str = "images") -> None:
        self.context = context or ExportContext.of(())
        self.folder = folder
        self.missing_alt = False
        self._pool: ThreadPoolExecutor | None = None
        self._uses: dict[int, ImageUse] = {}
        self._prepared: dict[Path, Future[media.PreparedImage]] = {}
        self._references: list[_Reference] = []

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        """Run ``function`` on the shelf's worker threads."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="confexport-img")
        return self._pool.submit(function, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def use(self, conference: Conference) -> ImageUse:
        """The export's use of ``conference``'s catalog (it warns once per file:line)."""
        if id(conference) not in self._uses:
            self._uses[id(conference)] = ImageUse(self.context, conference)
        return self._uses[id(conference)]

    def locate(self, conference: Conference, src: str) -> media.Located:
        return self.use(conference).catalog.locate(src)

    def prepare(self, conference: Conference, path: Path) -> Future[media.PreparedImage]:
        """Start preparing ``path`` (once) and return its future."""
        if path not in self._prepared:
            catalog = self.use(conference).catalog
            self._prepared[path] = self.submit(catalog.prepare, path, MAX_IMAGE_SIDE)
        return self._prepared[path]

    def marker(self, conference: Conference, src: str) -> str | None:
        """A marker for an image (resolved later by :meth:`render_image`), or None."""
        found = self.locate(conference, src)
        if found.path is None:
            return None
        self.prepare(conference, found.path)
        self._references.append(_Reference(found.path, src))
        return f"{_MARK}{len(self._references) - 1}{_END}"

    def href_now(self, conference: Conference, src: str) -> str | None:
        """The packaged href for an image, waiting for it; None when it cannot be packaged."""
        found = self.locate(conference, src)
        if found.path is None:
            return None
        self.prepare(conference, found.path)
        return self._href(found.path)

    def _href(self, path: Path) -> str | None:
        try:
            prepared = self._prepared[path].result()
        except media.ImageError:
            return None
        digest = hashlib.sha1(prepared.data).hexdigest()[:12]
        return f"{self.folder}/{_SAFE_ID.sub('-', path.stem)[:40]}-{digest}{prepared.extension}"

    def note_alt(self, number: int, alt: str) -> None:
        reference = self._references[number]
        self._references[number] = _Reference(reference.path, reference.src, alt)

    def render_image(self, number: int, element: str) -> str:
        """The ``<img>`` element with its packaged href, or a visible placeholder."""
        reference = self._references[number]
        href = self._href(reference.path)
        if href is None:
            text = html.escape(placeholder(reference.src, reference.alt))
            return f'<span class="missing-image">{text}</span>'
        return element.replace(f"{_MARK}{number}{_END}", href)

    def packaged(self) -> list[tuple[str, media.PreparedImage]]:
        """Every packaged image, once, in a stable order."""
        files: dict[str, media.PreparedImage] = {}
        for path in self._prepared:
            href = self._href(path)
            if href is not None:
                files[href] = self._prepared[path].result()
        return sorted(files.items())


class Fragment:
    """Rendered prose whose images resolve when the page is rendered (Jinja's ``__html__``)."""

    __slots__ = ("_parts", "_shelf")

    def __init__(self, parts: list[str | tuple[int, str]], shelf: ImageShelf) -> None:
        self._parts = parts
        self._shelf = shelf

    def __bool__(self) -> bool:
        return bool(self._parts)

    def __html__(self) -> str:
        return "".join(
            part if isinstance(part, str) else self._shelf.render_image(*part)
            for part in self._parts
        )

    def __str__(self) -> str:
        return self.__html__()


def warn_about_images(
    conference: Conference, shelf: ImageShelf
) -> list[tuple[Conference, str, Path]]:
    """Warn, with file:line, for images without alt text or that cannot be found, and
    start preparing the others; returns (conference, src, path) to check once prepared."""
    pending = []
    use = shelf.use(conference)
    for talk in conference.talks:
        where = talk.source.path if talk.source else conference.stem
        for image in talk.images:
            place = f"{where}:{image.line}" if image.line else where
            if not image.alt.strip():
                log.warning("%s: image %s has no alt text", place, image.src)
            found = use.locate(image.src)
            if found.path is not None:
                shelf.prepare(conference, found.path)
                pending.append((conference, image.src, found.path))
    return pending


def warn_about_broken(shelf: ImageShelf, pending: Iterable[tuple[Conference, str, Path]]) -> None:
    """Warn for the images found but not decodable (after :func:`warn_about_images`)."""
    for conference, src, path in pending:
        try:
            shelf.prepare(conference, path).result()
        except media.ImageError as exc:
            shelf.use(conference).warn(src, str(exc))


def prose(text: str, shelf: ImageShelf, conference: Conference, heading_level: int) -> Fragment:
    """Markdown → an XHTML fragment for a chapter whose own heading is ``heading_level``,
    written by :class:`BookXhtml` in one pass."""
    if not text.strip():
        return Fragment([], shelf)
    text = xml_text(text)
    deferred = _MARK not in text and _END not in text

    def image_src(src: str) -> str | None:
        if deferred:
            return shelf.marker(conference, src)
        return shelf.href_now(conference, src)

    writer = BookXhtml(image_src, shelf, heading_level)
    written = writer.blocks(prose_tree(text).children)
    if not deferred:
        return Fragment([written], shelf)
    parts: list[str | tuple[int, str]] = []
    start = 0
    for match in _MARKED_IMG.finditer(written):
        parts.append(written[start : match.start()])
        parts.append((int(match.group(1)), match.group(0)))
        start = match.end()
    parts.append(written[start:])
    return Fragment([part for part in parts if part], shelf)


class BookXhtml(xhtml.Xhtml):
    """Prose as the book's final XHTML, in one pass (nothing parses it again).

    The elements are the shared writer's, each attribute kept by the allow-list's rule
    (:func:`confexport.sanitize.allowed_attribute`), written as an XML serialiser
    writes them: text escapes ``& < >``, attributes ``& < > "`` with their line breaks
    and tabs as spaces, an empty element closes itself (``<td/>``).  Raw HTML is text
    (the prose tree reads it so).  For the book: headings move below the chapter's,
    tables get a scrolling wrapper, and links that would point inside the book at
    nothing (relative files, fragments) become plain text.
    """

    def __init__(self, image_src: xhtml.ImageMapper, shelf: ImageShelf, heading_level: int) -> None:
        super().__init__(image_src)
        self.shelf = shelf
        self.heading_level = heading_level

    def escape(self, text: str) -> str:
        return html.escape(text, quote=False)

    def attributes(self, tag: str, attrs: Mapping[str, Any]) -> str:
        return "".join(
            f' {name}="{escapeHtml(str(value).translate(_ATTRIBUTE_SPACE))}"'
            for name, value in attrs.items()
            if allowed_attribute(tag, name, str(value))
        )

    def element(self, tag: str, attrs: Mapping[str, Any], content: str) -> str:
        if not content:
            return self.empty(tag, attrs)
        return f"<{tag}{self.attributes(tag, attrs)}>{content}</{tag}>"

    def empty(self, tag: str, attrs: Mapping[str, Any]) -> str:
        return f"<{tag}{self.attributes(tag, attrs)}/>"

    def tag_of(self, node: Node) -> str:
        if node.type == "heading":
            return f"h{min(6, int(node.tag[1]) + self.heading_level)}"
        return node.tag

    def visit_table(self, node: Node) -> str:
        return f'<div class="table-wrap">{super().visit_table(node)}</div>'

    def visit_link(self, node: Node) -> str:
        return self._link(node.attrs, self.inlines(node.children))

    def _link(self, attrs: Mapping[str, Any], content: str) -> str:
        """A link out of the book; any other (a file, a fragment) as plain text."""
        href = str(attrs.get("href", ""))
        if allowed_attribute("a", "href", href) and media.is_remote(href):
            return self.element("a", attrs, content)
        return self.element("span", {"class": "link"}, content)

    def visit_image(self, node: Node) -> str:
        src = str(node.attrs.get("src", ""))
        assert self.image_src is not None
        mapped = self.image_src(src)
        if mapped is None:
            return self.unplaced_image(src, node.content)
        alt = alt_text(node.children)
        if not alt.strip():
            self.shelf.missing_alt = True
        if mapped.startswith(_MARK):
            self.shelf.note_alt(int(mapped[1:-1]), alt.translate(_ATTRIBUTE_SPACE))
        self.placed.add(mapped)
        return self.empty("img", {**node.attrs, "src": mapped, "alt": alt})

    def unplaced_image(self, src: str, alt: str) -> str:
        if media.is_remote(src):
            label = self.escape(placeholder(src, alt, remote=True))
            return self._link({"class": "remote-image", "href": src}, label)
        return self.element("span", {"class": "missing-image"}, self.escape(placeholder(src, alt)))

"""Prose and images for the EPUB: Markdown → safe XHTML fragments, images → packaged files."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from confexport import markup, media
from confexport.model import Conference

log = logging.getLogger("confexport")

#: Longest side of a packaged image, in pixels.
MAX_IMAGE_SIDE = 1600

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


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


@dataclass
class ImageShelf:
    """The images the book packages: each source file once, downscaled and re-encoded."""

    base_dir: Path
    folder: str = "images"
    files: dict[Path, tuple[str, media.PreparedImage]] = field(default_factory=dict)

    def href(self, src: str) -> str | None:
        """The packaged href for an image source, or None when it cannot be packaged."""
        found = media.locate_image(src, self.base_dir)
        if found.path is None:
            return None
        if found.path not in self.files:
            try:
                prepared = media.prepare_image(found.path, MAX_IMAGE_SIDE)
            except media.ImageError:
                return None
            digest = hashlib.sha1(prepared.data).hexdigest()[:12]
            name = f"{self.folder}/{_SAFE_ID.sub('-', found.path.stem)[:40]}-{digest}"
            self.files[found.path] = (name + prepared.extension, prepared)
        return self.files[found.path][0]

    def packaged(self) -> list[tuple[str, media.PreparedImage]]:
        """Every packaged image, in a stable order."""
        return sorted(self.files.values(), key=lambda entry: entry[0])


def warn_about_images(conference: Conference) -> None:
    """Warn, with file:line, for images without alt text or that cannot be packaged."""
    for talk in conference.talks:
        where = talk.source.path if talk.source else conference.stem
        for image in talk.images:
            place = f"{where}:{image.line}" if image.line else where
            if not image.alt.strip():
                log.warning("%s: image %s has no alt text", place, image.src)
            found = media.locate_image(image.src, conference.base_dir)
            if found.remote:
                continue
            if found.path is None:
                log.warning(
                    "%s: image %s %s; the EPUB shows a placeholder", place, image.src, found.problem
                )
                continue
            try:
                media.prepare_image(found.path, MAX_IMAGE_SIDE)
            except media.ImageError as exc:
                log.warning("%s: image %s %s; the EPUB shows a placeholder", place, image.src, exc)


def images_missing_alt(texts: Iterable[str]) -> bool:
    """True when any image in the Markdown ``texts`` has no alt text."""
    for text in texts:
        for token in markup.tokens(text):
            for child in token.children or ():
                if child.type == "image" and not child.content.strip():
                    return True
    return False


def prose(text: str, shelf: ImageShelf, heading_level: int) -> str:
    """Markdown → an XHTML fragment for a chapter whose own heading is ``heading_level``.

    Raw HTML is shown as text (by :func:`markup.to_xhtml`); headings are moved below
    the chapter's; tables get a scrolling wrapper; links that would point inside the
    book at nothing (relative files, fragments) become plain text.
    """
    if not text.strip():
        return ""
    rendered = markup.to_xhtml(xml_text(text), image_src=shelf.href)
    root = etree.fromstring(f"<div>{rendered}</div>")
    for element in list(root.iter()):
        _tidy(element, heading_level)
    return "".join(etree.tostring(child, encoding="unicode") for child in root)


def _tidy(element: Any, heading_level: int) -> None:
    tag = element.tag
    if isinstance(tag, str) and re.fullmatch(r"h[1-6]", tag):
        element.tag = f"h{min(6, int(tag[1]) + heading_level)}"
    elif tag == "table":
        wrapper = etree.Element("div", {"class": "table-wrap"})
        element.addprevious(wrapper)
        wrapper.append(element)
    elif tag == "a" and not media.is_remote(element.get("href", "")):
        element.tag = "span"
        element.attrib.clear()
        element.set("class", "link")

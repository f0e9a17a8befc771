"""The talk model → one pandoc document (JSON AST): days as sections, sessions inside.

One conference gives days at level 1 and sessions at level 2; a book of several
conferences (:func:`book`) adds a part per conference at level 1, in date order.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from confexport import media
from confexport.context import ExportContext
from confexport.dates import date_range, long_date
from confexport.exporters.pandoc import media as pandoc_media
from confexport.exporters.pandoc.ast import (
    Converter,
    Node,
    attr,
    el,
    header,
    link,
    plain_text,
    text,
)
from confexport.images import ImageUse, placeholder
from confexport.model import Conference, Day, Talk, all_tags, in_date_order
from confexport.policy import session_facts
from confexport.text import slugify

log = logging.getLogger("confexport")

#: How images reach the output: inside it (data: URIs), as files beside it, or not at all.
ImageMode = Literal["embed", "files", "none"]

_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


@dataclass
class Images:
    """Turns image references into pandoc images, embedded or collected as files."""

    mode: ImageMode
    max_side: int
    #: The export's services: its image catalog and ``warn`` (None: this process's own).
    context: ExportContext | None = None
    media_dir: str = "media"
    #: Embed a header-only stand-in for each image, swapped for the image after pandoc
    #: (:mod:`.media`): docx and odt then store each image once.
    stand_ins: bool = False
    #: Widest an image may be, in inches; a wider one is given this width (its height
    #: follows, so the aspect ratio is kept).
    max_width_in: float | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    #: The image bytes of each stand-in given to pandoc.
    originals: dict[bytes, bytes] = field(default_factory=dict)
    #: Characters of the ``data:`` URIs embedded (each reference counted).
    embedded: int = 0
    #: Each embedded ``data:`` URI → the image's width and height in pixels.
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    _by_path: dict[str, str] = field(default_factory=dict)
    _uses: dict[int, ImageUse] = field(default_factory=dict)

    def renderer(self, conference: Conference) -> Any:
        def render(src: str, alt: list[Node], title: str) -> Node:
            return self.image(conference, src, alt, title)

        return render

    def image(self, conference: Conference, src: str, alt: list[Node], title: str) -> Node:
        use = self._use(conference)
        located = use.locate(src)  # warns, once per file:line, for an image not found
        if located.remote:
            return link([self._placeholder(src, alt, remote=True)], src, title)
        if self.mode == "none":
            return self._placeholder(src, alt)
        found = use.lookup(src, self.max_side)
        if found.prepared is None:
            return self._placeholder(src, alt)
        target = self._target(str(located.path), found.prepared)
        return el("Image", [["", [], self._size(found.prepared)], alt, [target, title]])

    def _use(self, conference: Conference) -> ImageUse:
        if id(conference) not in self._uses:
            context = self.context or ExportContext.from_environment([conference])
            self._uses[id(conference)] = ImageUse(context, conference)
        return self._uses[id(conference)]

    @staticmethod
    def _placeholder(src: str, alt: list[Node], *, remote: bool = False) -> Node:
        return el("Emph", text(placeholder(src, plain_text(alt), remote=remote)))

    def _size(self, prepared: media.PreparedImage) -> list[list[str]]:
        """The printed size of an image for the office writers: its pixels at 96 an inch
        (as pandoc would read them), narrowed to ``max_width_in`` keeping its shape.
        pandoc cannot read the size of a stand-in, so it is always given there."""
        if self.max_width_in is None and not self.stand_ins:
            return []
        width, height = prepared.width / 96, prepared.height / 96
        if self.max_width_in is not None and width > self.max_width_in:
            width, height = self.max_width_in, height * self.max_width_in / width
        return [["width", f"{width:.3f}in"], ["height", f"{height:.3f}in"]]

    def _target(self, key: str, prepared: media.PreparedImage) -> str:
        if self.mode == "embed" and not self.stand_ins:
            uri = _data_uri(prepared.data, prepared.media_type)
            self.embedded += len(uri)
            self.sizes.setdefault(uri, (prepared.width, prepared.height))
            return uri
        if key in self._by_path:
            return self._by_path[key]
        if self.mode == "embed":
            stand_in = pandoc_media.stand_in(prepared.data, prepared.media_type, len(self._by_path))
            self.originals[stand_in] = prepared.data
            self._by_path[key] = _data_uri(stand_in, prepared.media_type)
        else:
            stem = slugify(key.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or "image"
            name = f"{self.media_dir}/{len(self._by_path) + 1:02d}-{stem}{prepared.extension}"
            self._by_path[key] = name
            self.files[name] = prepared.data
        return self._by_path[key]


def _data_uri(data: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


@dataclass
class _Ids:
    """Unique section identifiers, stable across runs (derived from uids, not content)."""

    seen: set[str] = field(default_factory=set)

    def make(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self.seen:
            number += 1
            candidate = f"{base}-{number}"
        self.seen.add(candidate)
        return candidate


def document(
    conference: Conference, images: Images, *, classes: bool = False, api: Sequence[int] = ()
) -> dict[str, Any]:
    """One conference as a pandoc document."""
    blocks = _conference_blocks(conference, images, _Ids(), level=1, prefix="", classes=classes)
    return _pandoc(_conference_meta(conference), blocks, api)


def book(
    conferences: Sequence[Conference],
    images: Images,
    *,
    title: str = "",
    classes: bool = False,
    api: Sequence[int] = (),
) -> dict[str, Any]:
    """Several conferences as one book: a part per conference, in date order."""
    ordered = in_date_order(conferences)
    ids = _Ids()
    blocks: list[Node] = []
    for number, conference in enumerate(ordered, start=1):
        prefix = ids.make(slugify(conference.stem) or f"part-{number}")
        heading = conference.title + (f" ({_dates(conference)})" if conference.start else "")
        blocks.append(header(1, prefix, text(heading)))
        if conference.subtitle:
            blocks.append(el("Para", [el("Emph", text(conference.subtitle))]))
        blocks += _conference_blocks(
            conference, images, ids, level=2, prefix=f"{prefix}-", classes=classes
        )
    meta: dict[str, Any] = {
        "title": _meta_text(title or _book_title(ordered)),
        "lang": el("MetaString", _language(ordered[0] if ordered else None)),
    }
    authors = sorted({a for c in ordered for a in c.authors})
    if authors:
        meta["author"] = el("MetaList", [_meta_text(a) for a in authors])
    _add_keywords(meta, ordered)
    return _pandoc(meta, blocks, api)


def contents(blocks: Sequence[Node], *, depth: int = 2, label: str = "Contents") -> list[Node]:
    """The contents as written entries: a nested list of links to the sections down to
    ``depth`` (the office writers' own contents is a field that LibreOffice shows empty)."""
    headers = [b["c"] for b in blocks if b["t"] == "Header" and b["c"][0] <= depth]
    if not headers:
        return []
    top = min(level for level, _, _ in headers)
    entries: list[list[Node]] = []
    for level, (identifier, _, _), inlines in headers:
        entry = [el("Plain", [link(inlines, f"#{identifier}")])]
        if level == top or not entries:
            entries.append(entry)
            continue
        parent = entries[-1]
        if len(parent) == 1:
            parent.append(el("BulletList", []))
        parent[1]["c"].append(entry)
    return [el("Para", [el("Strong", text(label))]), el("BulletList", entries)]


def _book_title(conferences: Sequence[Conference]) -> str:
    titles = list(dict.fromkeys(c.title for c in conferences))
    return "Conference notes" if len(titles) != 1 else titles[0]


def _pandoc(meta: dict[str, Any], blocks: list[Node], api: Sequence[int]) -> dict[str, Any]:
    return {"pandoc-api-version": list(api), "meta": meta, "blocks": blocks}


def _meta_text(value: str) -> Node:
    return el("MetaInlines", text(value))


def _language(conference: Conference | None) -> str:
    language = conference.language if conference is not None else "en"
    return language if _LANGUAGE.match(language) else "en"


def _conference_meta(conference: Conference) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": _meta_text(conference.title),
        "lang": el("MetaString", _language(conference)),
    }
    if conference.subtitle:
        meta["subtitle"] = _meta_text(conference.subtitle)
    if conference.authors:
        meta["author"] = el("MetaList", [_meta_text(a) for a in conference.authors])
    details = [d for d in (_dates(conference), conference.location) if d]
    if details:
        meta["date"] = _meta_text(" · ".join(details))
    _add_keywords(meta, [conference])
    return meta


def _add_keywords(meta: dict[str, Any], conferences: Sequence[Conference]) -> None:
    """The sessions' ``#tags`` as ``keywords`` (docx/odt properties, HTML ``<meta>``)."""
    tags = all_tags(conferences)
    if tags:
        meta["keywords"] = el("MetaList", [_meta_text(tag) for tag in tags])


def _conference_blocks(
    conference: Conference, images: Images, ids: _Ids, *, level: int, prefix: str, classes: bool
) -> list[Node]:
    render = images.renderer(conference)
    blocks: list[Node] = []
    if conference.url:
        blocks.append(el("Para", [link(text(conference.url), conference.url)]))
    blocks += Converter(
        render, base_level=level + 1, id_prefix=ids.make(f"{prefix}notes") + "-"
    ).blocks(conference.notes)
    for number, day in enumerate(conference.days, start=1):
        day_id = ids.make(f"{prefix}day-{number}")
        blocks.append(header(level, day_id, text(_day_title(day))))
        blocks += Converter(render, base_level=level + 1, id_prefix=f"{day_id}-").blocks(day.notes)
        for talk in day.talks:
            blocks += _talk_blocks(talk, conference, render, ids, level + 1, prefix, classes)
    return blocks


def _talk_blocks(
    talk: Talk,
    conference: Conference,
    render: Any,
    ids: _Ids,
    level: int,
    prefix: str,
    classes: bool,
) -> list[Node]:
    talk_id = ids.make(f"{prefix}talk-{slugify(talk.uid) or 'session'}")
    convert = Converter(render, base_level=level, id_prefix=f"{talk_id}-")
    blocks: list[Node] = [header(level, talk_id, text(talk.title))]
    meta_line = el("Para", _meta_line(talk, conference))
    blocks.append(el("Div", [attr("", ("meta",)), [meta_line]]) if classes else meta_line)
    abstract = convert.blocks(talk.abstract)
    if abstract:
        blocks.append(el("BlockQuote", abstract))
    blocks += convert.blocks(talk.notes)
    extra = [lk for lk in talk.links if lk.url not in talk.notes and lk.url not in talk.abstract]
    if extra:
        items = [[el("Plain", [link(text(lk.text or lk.url), lk.url)])] for lk in extra]
        blocks.append(el("BulletList", items))
    return blocks


def _meta_line(talk: Talk, conference: Conference) -> list[Node]:
    facts = session_facts(talk)
    parts: list[list[Node]] = []
    if not facts.plain_talk:
        parts.append([el("Strong", text(facts.kind))])
    parts += [text(part) for part in (facts.speakers, facts.time, facts.room, facts.track) if part]
    if talk.url:
        parts.append([link(text("talk page"), talk.url)])
    if not facts.attended:
        parts.append([el("Emph", text("not attended"))])
    if not parts:
        parts.append(text(conference.title))
    line: list[Node] = []
    for part in parts:
        if line:
            line += [el("Space"), el("Str", "·"), el("Space")]
        line += part
    return line


def _day_title(day: Day) -> str:
    if day.date is None or str(day.date.year) in day.title:
        return day.title
    return f"{day.title}: {long_date(day.date)}"


def _dates(conference: Conference) -> str:
    return date_range(conference.start, conference.end)

"""Read one session's section: title, link, speakers, time, abstract, notes, media.

The lead of a section (link lines, a speaker line, the abstract quote) becomes
fields; everything else stays the person's notes, cut verbatim from the source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from confexport.model import Image, Link
from confexport.reader import patterns, tags
from confexport.reader.blocks import Block, is_link_line, links_of
from confexport.reader.outline import Section

_QUOTE_MARKER = re.compile(r"^ {0,3}> ?")


@dataclass(slots=True)
class SessionDraft:
    """What the notes say about a session, before days and metadata are applied."""

    title: str
    line: int
    kind: str = "talk"
    speakers: tuple[str, ...] = ()
    url: str | None = None
    event: str | None = None
    code: str | None = None
    abstract: str = ""
    notes: str = ""
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    track: str | None = None
    attended: bool = True
    tags: tuple[str, ...] = ()


def read_session(section: Section, lines: Sequence[str]) -> SessionDraft:
    heading = section.title_block
    title = heading.text.strip("*_ ") or "Untitled session"
    draft = SessionDraft(title=title, line=heading.start + 1, track=section.track)
    _read_heading_link(draft, heading)
    if timed := patterns.heading_time(draft.title):
        draft.title, draft.start_time, draft.end_time = timed.title, timed.start, timed.end
    draft.kind = section.kind_hint or patterns.kind_of(draft.title)
    if named := patterns.speakers_in_title(draft.title, draft.kind):
        draft.title, draft.speakers = named.title, named.speakers
    consumed = _read_lead(draft, section.body, lines)
    _read_body(draft, section.body, lines)
    draft.notes = _notes(section, consumed, lines)
    return draft


def _read_heading_link(draft: SessionDraft, heading: Block) -> None:
    for url, _text in links_of(heading):
        _take_talk_url(draft, url, force=True)
        break


def _take_talk_url(draft: SessionDraft, url: str, *, force: bool = False) -> bool:
    """Use ``url`` as the talk page if it is a pretalx link (or ``force``)."""
    match = patterns.PRETALX_TALK.match(url)
    if match and draft.code is None:
        draft.url, draft.event, draft.code = url, match.group("event"), match.group("code")
        return True
    if force and draft.url is None:
        draft.url = url
        return True
    return bool(match) and url == draft.url


def _read_lead(draft: SessionDraft, body: Sequence[Block], lines: Sequence[str]) -> set[int]:
    """Take link lines, speaker lines and the abstract quotes; return consumed indexes."""
    consumed: set[int] = set()
    quotes: list[str] = []
    for index, block in enumerate(body):
        if block.kind == "rule":
            continue
        if is_link_line(block):
            urls = [url for url, _ in links_of(block)]
            taken = [_take_talk_url(draft, url) for url in urls]
            if all(taken):
                consumed.add(index)
            continue
        if block.kind == "paragraph" and block.end - block.start == 1:
            if names := patterns.speakers_from_line(lines[block.start]):
                draft.speakers = draft.speakers or names
                consumed.add(index)
                continue
            if index == 0 and not draft.speakers and patterns.looks_like_names(block.text):
                draft.speakers = patterns.split_names(block.text)
                consumed.add(index)
                continue
        if block.kind == "list" and (names := patterns.speakers_from_line(lines[block.start])):
            draft.speakers = draft.speakers or names
            if sum(1 for token in block.tokens if token.type == "list_item_open") == 1:
                consumed.add(index)
                continue
        if block.kind == "blockquote" and not any(
            body[i].kind not in ("blockquote", "rule") for i in range(index) if i not in consumed
        ):
            quotes.append(_unquote(lines[block.start : block.end]))
            consumed.add(index)
            continue
        break
    draft.abstract = "\n\n".join(quote for quote in quotes if quote)
    return consumed


def _unquote(quoted: Sequence[str]) -> str:
    return "\n".join(_QUOTE_MARKER.sub("", line, count=1) for line in quoted).strip("\n")


def _read_body(draft: SessionDraft, body: Sequence[Block], lines: Sequence[str]) -> None:
    """Speakers from a Twitter line, attendance, images and links anywhere in the body."""
    seen_links = {draft.url}
    for block in body:
        if block.kind == "paragraph":
            if not draft.speakers and (handle := patterns.twitter_handle(block.text)):
                draft.speakers = (handle,)
            if patterns.says_not_attended(block.text):
                draft.attended = False
        for url, text in links_of(block):
            if draft.url is None or draft.code is None:
                _take_talk_url(draft, url)
            if url not in seen_links and not url.startswith("mailto:"):
                seen_links.add(url)
                draft.links.append(Link(url=url, text=text, kind=patterns.link_kind(url, text)))
        draft.images.extend(images_in(block, lines))
    draft.tags = tags.tags_in(body)


def images_in(block: Block, lines: Sequence[str]) -> list[Image]:
    """Every image in a block, with the line it is written on."""
    found: list[Image] = []
    for token in block.tokens:
        if token.type != "inline" or token.map is None:
            continue
        for child in token.children or ():
            if child.type != "image":
                continue
            src = str(child.attrs.get("src", ""))
            line = token.map[0] + next(
                (
                    offset
                    for offset, text in enumerate(lines[token.map[0] : token.map[1]])
                    if src in text
                ),
                0,
            )
            found.append(
                Image(
                    src=src,
                    alt=child.content,
                    title=str(child.attrs.get("title") or ""),
                    line=line + 1,
                )
            )
    return found


def _notes(section: Section, consumed: set[int], lines: Sequence[str]) -> str:
    """The section's source lines, less the consumed lead and the ``---`` rules."""
    if not section.body:
        return ""
    removed = [
        (block.start, block.end)
        for index, block in enumerate(section.body)
        if index in consumed or block.kind == "rule"
    ]
    segments: list[str] = []
    cursor = section.title_block.end
    for start, end in [*removed, (section.end, section.end)]:
        segment = _trim_blank_lines(lines[cursor:start])
        if segment:
            segments.append(segment)
        cursor = max(cursor, end)
    return "\n\n".join(segments)


def _trim_blank_lines(chunk: Sequence[str]) -> str:
    """Join lines, dropping blank lines at either end (indentation is kept)."""
    first, last = 0, len(chunk)
    while first < last and not chunk[first].strip():
        first += 1
    while last > first and not chunk[last - 1].strip():
        last -= 1
    return "\n".join(chunk[first:last])

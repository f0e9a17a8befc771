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
from confexport.reader import headings, names, patterns, tags
from confexport.reader.blocks import Block, is_link_line, links_of
from confexport.reader.shape import Section
from confexport.reader.speakers import LeadSpeakers, lead_speakers

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
    #: The start of the group heading this session opens (used when its own is missing).
    group_start: dt.time | None = None
    track: str | None = None
    attended: bool = True
    tags: tuple[str, ...] = ()


def read_session(
    section: Section, lines: Sequence[str], side: headings.Side | None = None
) -> SessionDraft:
    heading = section.title_block
    raw = heading.text.strip("*_ ") or "Untitled session"
    draft = SessionDraft(title=raw, line=heading.start + 1, track=section.track)
    _read_heading_link(draft, heading)
    draft.kind = section.kind_hint or patterns.kind_of(raw)
    parts = headings.split(raw, side=side, kind=draft.kind)
    draft.title, draft.start_time, draft.end_time = parts.title, parts.start, parts.end
    draft.group_start = section.start_hint
    lead = lead_speakers(section.body, lines)
    consumed = set(lead.consumed)
    if not lead.names:
        lead = _speakers_under_first_subheading(section.body, lines)
    if section.speaker_block is not None:
        draft.speakers = headings.name_only(section.speaker_block.text)
    elif (named := headings.name_only(raw)) and not parts.speakers:
        draft.speakers = named
        draft.title = _linked_title(draft, section.body, consumed) or raw
    elif lead.names:
        draft.speakers = lead.names
        if parts.speakers and not set(parts.speakers) & set(lead.names):
            draft.title = _without_time(raw, parts)  # "Title - Subtitle" over a name line
    else:
        draft.speakers = parts.speakers
    if draft.kind == "talk" and parts.title != raw:
        draft.kind = patterns.kind_of(draft.title)
    consumed |= _read_lead(draft, section.body, lines, consumed)
    _read_body(draft, section.body, lines)
    draft.notes = _notes(section, consumed, lines)
    return draft


def _speakers_under_first_subheading(body: Sequence[Block], lines: Sequence[str]) -> LeadSpeakers:
    """``# Title`` / ``## Abstract`` / ``- Jane Doe``: names opening the first sub-section."""
    for index, block in enumerate(body):
        if block.kind == "heading":
            found = lead_speakers(body[index + 1 : index + 2], lines)
            return LeadSpeakers(found.names) if body[index + 1 : index + 2] else LeadSpeakers()
        if block.kind not in ("rule", "html") and len(block.text.split()) > 3:
            break
    return LeadSpeakers()


def _without_time(raw: str, parts: headings.HeadingParts) -> str:
    if parts.start is None:
        return raw
    timed = patterns.heading_time(raw)
    return timed.title if timed else raw


def _linked_title(draft: SessionDraft, body: Sequence[Block], consumed: set[int]) -> str | None:
    """Under a heading that only names the speaker, a link line may be the talk's title."""
    for index, block in enumerate(body[:2]):
        if block.kind == "rule":
            continue
        if is_link_line(block) and len(links := links_of(block)) == 1:
            url, text = links[0]
            if text:
                consumed.add(index)
                if url and not url.startswith("#"):
                    _take_talk_url(draft, url, force=True)
                return text
        break
    return None


def _read_heading_link(draft: SessionDraft, heading: Block) -> None:
    for url, _text in links_of(heading):
        if names.is_profile_url(url):
            continue
        _take_talk_url(draft, url, force=True)
        break


def _take_talk_url(draft: SessionDraft, url: str, *, force: bool = False) -> bool:
    """Use ``url`` as the talk page if it is a pretalx link (or ``force``)."""
    match = patterns.PRETALX_TALK.match(url)
    if match and draft.code is None:
        draft.url, draft.event, draft.code = url, patterns.talk_event(match), match.group("code")
        return True
    if force and draft.url is None:
        draft.url = url
        return True
    return bool(match) and url == draft.url


def _read_lead(
    draft: SessionDraft, body: Sequence[Block], lines: Sequence[str], speakers: set[int]
) -> set[int]:
    """Take link lines, speaker lines and the abstract quotes; return consumed indexes."""
    consumed: set[int] = set()
    quotes: list[str] = []
    for index, block in enumerate(body):
        if block.kind == "rule" or index in speakers:
            continue
        if is_link_line(block):
            urls = [url for url, _ in links_of(block)]
            taken = [_take_talk_url(draft, url) for url in urls]
            if all(taken):
                consumed.add(index)
            continue
        if block.kind == "blockquote" and not any(
            body[i].kind not in ("blockquote", "rule")
            for i in range(index)
            if i not in consumed and i not in speakers
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
        if block.kind == "paragraph" and patterns.says_not_attended(block.source):
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
    if "![" not in block.source:
        return found
    for token in block.tokens:
        if token.type != "inline" or token.map is None:
            continue
        for child in block.children(token):
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

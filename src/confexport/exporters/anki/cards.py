"""The flash cards of a conference, as Anki notes with safe HTML fields.

Shared by the CSV (``-t anki``) and package (``-t apkg``) exporters.  Every note's
GUID derives from the conference, the talk uid and the card's key (``talk``,
``point3``, ``qa1``, ``cloze2``…), never from its text, so a re-import updates the note.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from confexport import media, prose
from confexport.context import ExportContext, context_for
from confexport.exporters.anki import runs
from confexport.exporters.anki.notes import (
    ExplicitCard,
    NotesReading,
    Point,
    PointGroup,
    first_paragraph,
    read_talk_notes,
)
from confexport.images import ImageUse
from confexport.model import Conference, Day, Talk
from confexport.policy import session_facts
from confexport.sanitize import sanitize_html
from confexport.text import slugify
from confexport.xhtml import Xhtml

TALK_NOTETYPE = "confexport Talk"
CLOZE_NOTETYPE = "confexport Cloze"
TALK_FIELDS = ("UID", "Front", "Back", "Speakers", "Link", "Source")
CLOZE_FIELDS = ("UID", "Text", "Back Extra", "Speakers", "Link", "Source")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: :func:`slugify` once per text: every card asks for its conference's, kind's and track's.
_slug = functools.lru_cache(maxsize=256)(slugify)
#: Link kinds worth showing on a card when the talk has no schedule page.
_CARD_LINK_KINDS = ("slides", "video", "blog")
#: How many paragraphs stand for the key points when the notes have no lists.
FIRST_PARAGRAPHS = 3
#: Which cards a talk gets: one talk card, a card per top-level point, or both.
CardChoice = Literal["talk", "points", "both"]


@dataclass(frozen=True, slots=True)
class Note:
    """One Anki note: its type, identity, deck, tags and six HTML fields."""

    notetype: Literal["talk", "cloze"]
    guid: str
    deck: str
    tags: tuple[str, ...]
    fields: tuple[str, str, str, str, str, str]

    @property
    def notetype_name(self) -> str:
        return TALK_NOTETYPE if self.notetype == "talk" else CLOZE_NOTETYPE

    @property
    def stock_fields(self) -> tuple[str, str]:
        """The note as the stock Basic (Front, Back) or Cloze (Text, Back Extra) holds it:
        speakers, link and source folded into the second field, each in its own line."""
        _, first, second, speakers, link, source = self.fields
        extras = (("speakers", speakers), ("link", link), ("source", source))
        folded = "".join(f'<div class="cx-{name}">{value}</div>' for name, value in extras if value)
        return first, second + folded


@dataclass(frozen=True, slots=True)
class CardSet:
    """All notes of a conference, and the media files (flat name → bytes) they show."""

    notes: tuple[Note, ...]
    media: dict[str, bytes] = field(default_factory=dict)

    @property
    def decks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(note.deck for note in self.notes))


def conference_key(conference: Conference) -> str:
    """The conference's name in GUIDs, UIDs and its tag."""
    return _slug(conference.title) or _slug(conference.stem) or "conference"


def stable_id(*parts: str) -> str:
    """A GUID from names: 20 hex digits of a SHA-256 (safe in CSV and in searches)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def deck_name(conference: Conference, number: int) -> str:
    """``Conference::Day N``; a ``::`` inside the title would add a level, so it goes."""
    title = " ".join(re.sub(r":{2,}", ":", _CONTROL.sub("", conference.title)).split())
    title = title.rstrip(": ") or "Conference"  # "Con:" + "::Day 1" would read "Con::" ":Day 1"
    return f"{title}::Day {number}"


class MediaFiles:
    """Images the cards show, from the export's image catalog, under flat names unique
    to their content."""

    def __init__(self, use: ImageUse, max_side: int) -> None:
        self._use = use
        self._prefix = slugify(use.conference.stem) or "notes"
        self._max_side = max_side
        self._names: dict[Path, str | None] = {}
        self.files: dict[str, bytes] = {}

    def source_for(self, src: str) -> str | None:
        """The media name for an image as written, or None (shown as a placeholder)."""
        found = self._use.lookup(src, self._max_side)
        path = found.located.path
        if found.prepared is None or path is None:
            return None
        if path not in self._names:
            self._names[path] = self._add(path, found.prepared)
        return self._names[path]

    def _add(self, path: Path, prepared: media.PreparedImage) -> str:
        digest = hashlib.sha256(prepared.data).hexdigest()[:10]
        name = f"{self._prefix}-{slugify(path.stem) or 'image'}-{digest}{prepared.extension}"
        self.files[name] = prepared.data
        return name


def build_cards(
    conference: Conference,
    *,
    max_points: int,
    image_size: int,
    cards: CardChoice = "talk",
    context: ExportContext | None = None,
) -> CardSet:
    """Every note of the conference: a talk card per talk with content and/or a card
    per point of its notes, and the explicit cards written in each session's notes."""
    context = context_for([conference], context)
    images = MediaFiles(ImageUse(context, conference), image_size)
    notes: list[Note] = []
    for number, day in enumerate(conference.days, start=1):
        for talk in day.talks:
            made = _talk_notes(conference, day, number, talk, images, max_points, cards)
            notes.extend(made)
    return CardSet(tuple(notes), dict(sorted(images.files.items())))


def _talk_notes(
    conference: Conference,
    day: Day,
    number: int,
    talk: Talk,
    images: MediaFiles,
    max_points: int,
    cards: CardChoice,
) -> list[Note]:
    key = conference_key(conference)
    reading = read_talk_notes(talk.notes)
    deck = deck_name(conference, number)
    tags = _tags(key, talk)
    speakers = ", ".join(talk.speakers)
    link = _link_html(talk)
    where = _source_text(conference, day, number, talk)

    def note(kind: Literal["talk", "cloze"], card: str, front: str, back: str, src: str) -> Note:
        uid = f"{key}/{talk.uid}/{card}" if card != "talk" else f"{key}/{talk.uid}"
        placed = frozenset(images.files)

        def field(value: str) -> str:
            # Anki shows fields in a web view: the shared sanitiser is the last guard.
            return _clean(sanitize_html(value, placed))

        fields = (
            text_field(uid),
            field(front),
            field(back),
            text_field(speakers),
            field(link),
            text_field(src),
        )
        return Note(kind, stable_id(key, talk.uid, card), deck, tags, fields)

    made: list[Note] = []
    if talk.is_talk and talk.has_content and cards != "points":
        back = _talk_back(talk, reading, images, max_points)
        # A front Anki would see as empty (a title of control characters) skips the
        # row on CSV import: the card is then an untitled session's.
        title = " ".join(_CONTROL.sub("", talk.title).split()) or "Untitled session"
        made.append(note("talk", "talk", html.escape(title), back, where))
    if talk.is_talk and cards != "talk":
        for count, (front, back) in enumerate(_point_cards(talk, reading, images), start=1):
            made.append(note("talk", f"point{count}", front, back, where))
    counts = {"qa": 0, "cloze": 0}
    context = f"{talk.title} · {where}"
    for card in reading.cards:
        counts[card.kind] += 1
        front, back = _explicit_fields(card, images)
        kind: Literal["talk", "cloze"] = "cloze" if card.kind == "cloze" else "talk"
        made.append(note(kind, f"{card.kind}{counts[card.kind]}", front, back, context))
    return made


def text_field(text: str) -> str:
    """Plain text as a field: every ``<`` and ``&`` escaped, so it holds no markup for
    the sanitiser to check; the field :func:`sanitize_html` makes of ``html.escape(text)``
    (``tests/exporters/test_anki_shortcuts.py``), without parsing it."""
    return _clean(html.escape(text, quote=False))


def _clean(value: str) -> str:
    """One line without control characters (``\\x1f`` separates fields in Anki's database),
    and no leading ``=+-@`` that a spreadsheet opening the CSV would run as a formula."""
    value = _CONTROL.sub("", _LINE_BREAK.sub(" ", value))
    if value[:1] in ("=", "+", "-", "@", "\t"):
        return f"&#{ord(value[0])};{value[1:]}"
    return value


class ShownXhtml(Xhtml):
    """A point as the talk card shows it: each paragraph's images left out and its
    cloze syntax removed (:func:`~confexport.exporters.anki.runs.display`)."""

    def visit_inline(self, node: prose.Node) -> str:
        return self.inlines(runs.display(node))


def _render(run: Sequence[prose.Node], images: MediaFiles) -> str:
    return Xhtml(images.source_for).inlines(run).strip()


def _explicit_fields(card: ExplicitCard, images: MediaFiles) -> tuple[str, str]:
    return _render(card.front, images), _render(card.back, images)


def _render_blocks(blocks: Sequence[prose.Node], images: MediaFiles) -> str:
    """Blocks (a list item with its nested lists, a paragraph) as the card shows them."""
    return ShownXhtml(images.source_for).blocks(blocks).strip()


def _talk_back(talk: Talk, reading: NotesReading, images: MediaFiles, max_points: int) -> str:
    """The back of a talk card: the abstract's first paragraph, the key points as the
    notes have them (lists with their lead-ins), the links, the pictures."""
    parts: list[str] = []
    abstract = first_paragraph(talk.abstract)
    if abstract:
        parts.append(f'<p class="cx-abstract">{_render(abstract, images)}</p>')
    parts.extend(_points_html(reading.groups, images, max_points))
    links = " · ".join(_render(link, images) for link in reading.links)
    if links:
        parts.append(f'<p class="cx-links">Links: {links}</p>')
    pictures = "".join(_render([picture], images) for picture in reading.images)
    if pictures:
        parts.append(f'<div class="cx-pictures">{pictures}</div>')
    return "".join(parts)


def _points_html(groups: Sequence[PointGroup], images: MediaFiles, max_points: int) -> list[str]:
    """The lists in order, each whole with its lead-in, while their top-level points
    fit in ``max_points`` (the first list is cut to it); or the first paragraphs."""
    parts: list[str] = []
    left = max_points
    for number, group in enumerate(groups):
        if group.kind == "paragraphs":
            points = group.points[: min(left, FIRST_PARAGRAPHS)]
        elif number == 0 or len(group.points) <= left:
            points = group.points[:left]
        else:
            break  # half a list would read as the whole of it
        left -= len(points)
        if group.lead_in:
            parts.append(f'<p class="cx-lead">{_render(group.lead_in, images)}</p>')
        shown = "".join(_render_blocks([point.block], images) for point in points)
        tag = {"bullets": "ul", "numbers": "ol", "paragraphs": "div"}[group.kind]
        parts.append(f'<{tag} class="cx-points">{shown}</{tag}>')
    return parts


def _point_cards(talk: Talk, reading: NotesReading, images: MediaFiles) -> list[tuple[str, str]]:
    """(front, back) of a card per top-level point that is not already a cloze card:
    front "Talk title: the lead-in… (2 of 5)", back the point with its nested lists."""
    made: list[tuple[str, str]] = []
    for group in reading.groups:
        points = [point for point in group.points if not point.is_card]
        lead = _render(group.lead_in, images).removesuffix(":") if group.lead_in else ""
        for number, point in enumerate(points, start=1):
            topic = f'<span class="cx-topic">{html.escape(talk.title)}:</span>'
            front = f"{topic} {lead}… ({number} of {len(points)})"
            made.append((front, _render_blocks(_point_content(point), images)))
    return made


def _point_content(point: Point) -> Sequence[prose.Node]:
    """A list item's blocks without the item's own ``<li>``; a paragraph as it is."""
    if point.block.type == "list_item":
        return point.block.children
    return (point.block,)


def _tags(key: str, talk: Talk) -> tuple[str, ...]:
    tags = [key, _slug(talk.kind)]
    if talk.track and _slug(talk.track):
        tags.append(_slug(talk.track))
    tags.append("attended" if talk.attended else "not-attended")
    # The notes' own #tags; Anki nests tags with "::" where Obsidian uses "/".
    tags += ["::".join(part for part in tag.split("/") if part) for tag in talk.tags]
    unique: dict[str, str] = {}  # Anki's tags ignore case
    for tag in tags:
        if tag:
            unique.setdefault(tag.casefold(), tag)
    return tuple(unique.values())


def _card_link(talk: Talk) -> str | None:
    candidates = [talk.url] if talk.url else []
    candidates += [link.url for link in talk.links if link.kind in _CARD_LINK_KINDS]
    for url in candidates:
        if url and url.lower().startswith(("https://", "http://")):
            return url
    return None


def _link_html(talk: Talk) -> str:
    url = _card_link(talk)
    if url is None:
        return ""
    shown = url.split("://", 1)[1].rstrip("/")
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(shown)}</a>'


def _source_text(conference: Conference, day: Day, number: int, talk: Talk) -> str:
    """``PyCascades 2022 · Day 1 · Saturday 5 February 2022 · 16:30–17:00 · Room 1``:
    where the card comes from, from the meta line's shared parts."""
    facts = session_facts(talk, day)
    parts = [conference.title, f"Day {number}", facts.long_date, facts.time, facts.room]
    return " · ".join(part for part in parts if part)

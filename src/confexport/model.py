"""The talk model: Conference → Day → Talk, read once and shared by every exporter.

Prose stays Markdown (``Talk.abstract``, ``Talk.notes``); exporters render it through
:mod:`confexport.markup`. Times are timezone-aware ``datetime`` objects when the
conference time zone is known, naive ("floating") when it is not, or ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from confexport.location import Location

#: Kinds of session the reader recognises.  The first four are talks; the rest are
#: sessions that are not talks (they get no flash card, for example).
TALK_KINDS = ("talk", "keynote", "panel", "lightning")
OTHER_KINDS = ("welcome", "closing", "ama", "booth", "demo", "break", "social")
KINDS = TALK_KINDS + OTHER_KINDS
#: How each kind is named to a reader.
KIND_LABELS = {
    "talk": "Talk", "keynote": "Keynote", "panel": "Panel", "lightning": "Lightning talk",
    "welcome": "Welcome", "closing": "Closing", "ama": "AMA", "booth": "Booth",
    "demo": "Demo", "break": "Break", "social": "Social",
}  # fmt: skip


def kind_label(kind: str) -> str:
    """``"ama"`` → ``"AMA"``; a kind from metadata that confexport does not know, capitalised."""
    return KIND_LABELS.get(kind, kind.capitalize())


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """An image the notes reference, exactly as written (``src`` is not resolved)."""

    src: str
    alt: str = ""
    title: str = ""
    line: int = 0
    #: The notes file the image is written in, when it is not the conference's own file
    #: (in a folder of notes); ``line`` is a line of that file.
    path: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link in a session: slides, blog, video, repository, social profile…"""

    url: str
    text: str = ""
    kind: str = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Talk:
    """One session of the conference, with the person's notes on it."""

    uid: str
    title: str
    kind: str = "talk"
    speakers: tuple[str, ...] = ()
    url: str | None = None
    event: str | None = None
    code: str | None = None
    abstract: str = ""
    notes: str = ""
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()
    #: ``#tags`` written in the session's notes (without the ``#``), in reading order.
    tags: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None
    track: str | None = None
    attended: bool = True
    source: Location | None = field(default=None, compare=False)

    @property
    def is_talk(self) -> bool:
        """True for talks, keynotes, panels and lightning talks; False for breaks etc."""
        return self.kind in TALK_KINDS

    @property
    def has_content(self) -> bool:
        return bool(self.abstract.strip() or self.notes.strip())


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
    """A conference day; ``date`` is ``None`` when neither notes nor metadata date it."""

    title: str
    date: dt.date | None = None
    talks: tuple[Talk, ...] = ()
    #: Markdown written under the day heading before its first session.
    notes: str = ""
    #: Images in those notes.
    images: tuple[Image, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Conference:
    """The whole of one notes file (or of a folder of them), with its metadata merged in."""

    title: str
    subtitle: str = ""
    url: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    timezone: str | None = None
    location: str | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()
    #: Paper size the notes ask for (``a4`` or ``letter``), when they do.
    paper: str | None = None
    days: tuple[Day, ...] = ()
    #: Markdown written before the first day or session (the notes' preface).
    notes: str = ""
    #: Images in the preface.
    images: tuple[Image, ...] = ()
    #: The notes file, or the notes folder when ``is_folder``.
    source: Path | None = field(default=None, compare=False)
    #: True when the notes are a folder of files read as one conference.
    is_folder: bool = field(default=False, compare=False)
    #: Extra folders images may come from (``--resource-path``), besides the notes folder.
    resource_paths: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def talks(self) -> tuple[Talk, ...]:
        """Every session of every day, in reading order."""
        return tuple(talk for day in self.days for talk in day.talks)

    @property
    def stem(self) -> str:
        """The base name outputs are written under: the notes file's stem, or the notes
        folder's name."""
        if self.source is not None and self.is_folder:
            return self.source.resolve().name or "notes"
        if self.source is not None:
            return self.source.stem
        from confexport.text import slugify

        return slugify(self.title) or "notes"

    @property
    def base_dir(self) -> Path:
        """The notes folder: images are looked up inside it and nowhere else."""
        if self.source is None:
            return Path.cwd()
        return self.source if self.is_folder else self.source.parent


def in_date_order(conferences: Iterable[Conference]) -> list[Conference]:
    """The order of the parts of a combined book: by first day, undated last, then title."""
    return sorted(conferences, key=lambda c: (c.start is None, c.start or dt.date.min, c.title))


def all_tags(conferences: Iterable[Conference]) -> tuple[str, ...]:
    """Every session's tags, once each (``#Python`` and ``#python`` are one), in order."""
    found: dict[str, str] = {}
    for conference in conferences:
        for talk in conference.talks:
            for tag in talk.tags:
                found.setdefault(tag.casefold(), tag)
    return tuple(found.values())


def all_images(conference: Conference) -> list[Image]:
    """Every image the notes reference: preface, day notes and sessions, in order."""
    found = list(conference.images)
    for day in conference.days:
        found.extend(day.images)
        for talk in day.talks:
            found.extend(talk.images)
    return found

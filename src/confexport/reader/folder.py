"""A folder of notes files → one :class:`~confexport.model.Conference`.

Each notes file under the folder (:func:`notes_files`) is read with
:func:`~confexport.reader.read_notes`.  A file under a day folder (``Day 1/``, ``day2``,
``Day-03``, ``2024-05-02``, ``18-Avril``: :func:`folder_day`) puts all its sessions on
that day; any other file keeps the days its own content gives, or the day its file name
gives (``day-2.md``, ``Day 2 - 01 - Title - Speaker.md``, ``2017-05-02-talk.md``), and
days with the same date, number or title are one day.  The root ``README.md`` (or
``readme.md``, ``index.md``) is the front page when the folder holds other notes: its H1
titles the conference and the rest of it is the preface.  A file with no sessions adds
its words to the notes of its day, or of the conference.

Metadata: ``conference.yaml`` in the folder, ``--metadata-file`` and ``-M`` (highest)
describe the conference; the time zone and the day folders' dates reach every file, and
each file's own front matter and sidecar still apply to its sessions.  ``sessions:``
facts in the conference metadata are keyed by the uids of the whole conference, which are
made unique across its files.

Images have one base for the whole conference, the notes folder: an image path of a file
in a subfolder that leads to a file from that file's folder is re-based onto the notes
folder (:mod:`.rebase`; ``pic.png`` in ``Day 1/a.md`` becomes ``Day%201/pic.png``), in
its Markdown and in ``Image.src``.  That is the simplest correct design:
``Conference.base_dir`` and ``media.find_image(conference, src)`` keep working unchanged
for every exporter, third-party ones included, and for readers of the JSON; two files'
``pic.png`` stay two images; and day notes or a preface made of several files need no
per-fragment folder, which a per-session base folder could not give them.  A path that
leads nowhere from its file's folder is left as written, for the notes folder's own
lookup: by name anywhere inside it (as Obsidian finds ``pic.png`` in ``attachments/``),
then in each ``--resource-path``.  The boundary is the notes folder: ``../shared/logo.png``
from ``Day 1/`` is read, nothing outside the folder (or a resource path) is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from confexport.errors import NotesError
from confexport.memory import paused_garbage_collection
from confexport.model import Conference, Day, Image, Talk
from confexport.reader import MetadataSources
from confexport.reader.finish import finished
from confexport.reader.folder_files import (
    CONFERENCE_FILE,
    Prose,
    day_number,
    file_day,
    folder_day,
    front_page_path,
    natural_key,
    notes_files,
    read_file,
    read_front_page,
    without_file_image_checks,
)
from confexport.reader.metadata import ConferenceFacts, SessionFacts, conference_facts, merge_layers
from confexport.reader.metadata_load import read_metadata_file
from confexport.reader.rebase import folder_prefix, rebase_images
from confexport.text import normalise_title

__all__ = ["CONFERENCE_FILE", "folder_day", "natural_key", "notes_files", "read_folder"]

log = logging.getLogger("confexport")

_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")

# --- reading ------------------------------------------------------------------------


@dataclass(slots=True)
class _Day:
    title: str
    date: dt.date | None
    number: int | None
    named_by_folder: bool
    talks: list[Talk] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


class _Days:
    """The conference's days as the files give them; one day per date, number or title."""

    def __init__(self) -> None:
        self.days: list[_Day] = []

    def get(
        self, title: str, date: dt.date | None, number: int | None, *, folder: bool = False
    ) -> _Day:
        for day in self.days:
            if date is not None and day.date is not None:
                same = date == day.date
            elif number is not None and day.number is not None:
                same = number == day.number
            else:
                same = normalise_title(title) == normalise_title(day.title)
            if same:
                if folder and not day.named_by_folder:
                    day.title, day.named_by_folder = title, True
                day.date = day.date or date
                day.number = day.number if day.number is not None else number
                return day
        self.days.append(_Day(title, date, number, folder))
        return self.days[-1]

    def in_order(self) -> list[_Day]:
        """By date when every day has one, else by number when every day has one, else as
        the files come."""
        days = self.days
        if all(day.date is not None for day in days):
            return sorted(days, key=lambda day: day.date or dt.date.min)
        if all(day.number is not None for day in days):
            return sorted(days, key=lambda day: day.number or 0)
        return list(days)


@dataclass(frozen=True, slots=True)
class _Place:
    """The day a file's folder or name puts it on (``folder``: all of its sessions)."""

    title: str
    date: dt.date | None
    number: int | None
    folder: bool


def read_folder(
    root: Path | str, *, encoding: str | None = None, sources: MetadataSources | None = None
) -> Conference:
    """Read every notes file under ``root`` as one conference."""
    root = Path(root)
    sources = sources or MetadataSources()
    where = str(root)
    if not root.is_dir():
        raise NotesError("no such folder", where)
    files = notes_files(root)
    if not files:
        raise NotesError("no Markdown notes files (.md, .markdown) in this folder", where)
    layers: list[Mapping[str, Any]] = [sources.defaults]
    own = root / CONFERENCE_FILE
    if sources.use_sidecar and own.is_file():
        layers.append(read_metadata_file(own))
    if sources.metadata_file is not None:
        layers.append(read_metadata_file(sources.metadata_file))
    layers.append(sources.values)
    facts = conference_facts(merge_layers(layers), where)

    readme = front_page_path(root, files)
    front = None
    preface: list[Prose] = []
    if readme is not None:  # the front page, or (alone) the notes, titled by its H1 still
        front = read_front_page(
            readme, encoding, alone=len(files) == 1, include_private=sources.include_private
        )
        if len(files) > 1:
            files = [path for path in files if path != readme]
            preface.append(front.prose)
    title = facts.title or (front.title if front else None)
    year = facts.start.year if facts.start else _year_in(title, root)
    zone = {"timezone": facts.timezone} if facts.timezone else {}

    days = _Days()
    use_sidecar, keep_private = sources.use_sidecar, sources.include_private
    with paused_garbage_collection(), without_file_image_checks():
        for path in files:
            relative = PurePosixPath(path.relative_to(root).as_posix())
            place = _place(relative, facts.start, year)
            dated = {"start": place.date, "end": place.date} if place and place.date else {}
            read = read_file(path, encoding, {**zone, **dated}, use_sidecar, keep_private)
            if isinstance(read, Conference) and not place and not read.start and facts.start:
                # Undated by itself: read again with the conference's dates, for its days.
                dated = {"start": facts.start, "end": facts.end or facts.start}
                read = read_file(path, encoding, {**zone, **dated}, use_sidecar, keep_private)
            folder = relative.parent.as_posix() if relative.parent.parts else ""
            prefix, wanted = folder_prefix(folder), _leads_to_a_file(root, folder)
            if isinstance(read, Prose):
                prose = _rebase_prose(read, prefix, wanted)
                if place is not None:
                    day = days.get(place.title, place.date, place.number, folder=place.folder)
                    _add_notes(day, prose)
                else:
                    preface.append(prose)
            elif read is not None:
                _add_file(read, str(path), (prefix, wanted), place, days, preface)

    ordered = days.in_order()
    talks = _unique_uids([talk for day in ordered for talk in day.talks])
    if not talks:
        raise NotesError(
            f"no sessions found in its {len(files)} notes file(s); expected a file per "
            "session titled by its '# Heading', or headings per session in a file",
            where,
        )
    talks = _apply_session_facts(talks, facts.sessions, where)
    built: list[Day] = []
    for day in ordered:
        own_talks, talks = talks[: len(day.talks)], talks[len(day.talks) :]
        built.append(
            Day(
                title=day.title,
                date=day.date,
                talks=tuple(own_talks),
                notes="\n\n".join(text for text in day.notes if text.strip()),
                images=tuple(day.images),
            )
        )
    conference = _conference(root, facts, title, built, preface, sources)
    return finished(
        conference, facts, root, where, schedule=sources.schedule, catalogs=sources.images
    )


def _place(relative: PurePosixPath, start: dt.date | None, year: int | None) -> _Place | None:
    """The day of a file: its outermost day folder's, else the one its name gives."""
    for name in relative.parent.parts:
        mark = folder_day(name)
        if mark is not None:
            return _Place(name, mark.resolve(start, year), mark.number, folder=True)
    named = file_day(relative.stem)
    if named is None:
        return None
    title, number, date = named
    if date is None and number is not None and start is not None:
        date = start + dt.timedelta(days=number - 1)
    return _Place(title, date, number, folder=False)


def _year_in(title: str | None, root: Path) -> int | None:
    """A year to date day folders by: in the title, the folder's name or its parent's."""
    resolved = root.resolve()
    for text in (title or "", resolved.name, resolved.parent.name):
        if match := _YEAR.search(text):
            return int(match.group(1))
    return None


# --- putting the files together ---------------------------------------------------


Rebase = tuple[str, Callable[[str], bool]]


def _leads_to_a_file(root: Path, folder: str) -> Callable[[str], bool]:
    """Does an image path (as markdown-it reads it) lead to a file from ``folder``, inside
    the notes folder?"""
    top = root.resolve()

    def leads(src: str) -> bool:
        candidate = (top / folder / unquote(src.split("#", 1)[0].split("?", 1)[0])).resolve()
        return candidate.is_relative_to(top) and candidate.is_file()

    return leads


def _rebase_prose(prose: Prose, prefix: str, wanted: Callable[[str], bool]) -> Prose:
    text, rebased = rebase_images(prose.text, prefix, wanted)
    return Prose(text, _rebased_images(prose.images, prefix, rebased, None))


def _rebased_images(
    images: Sequence[Image], prefix: str, rebased: frozenset[str], path: str | None
) -> tuple[Image, ...]:
    return tuple(
        dataclasses.replace(
            image,
            src=prefix + image.src if image.src in rebased else image.src,
            path=image.path or path,
        )
        for image in images
    )


def _rebased_text(text: str, images: Sequence[Image], rebase: Rebase, path: str) -> Prose:
    prefix, wanted = rebase
    new, rebased = rebase_images(text, prefix, wanted)
    return Prose(new, _rebased_images(images, prefix, rebased, path))


def _add_notes(day: _Day, prose: Prose) -> None:
    if prose.text.strip():
        day.notes.append(prose.text)
    day.images.extend(prose.images)


def _add_file(
    read: Conference,
    path: str,
    rebase: Rebase,
    place: _Place | None,
    days: _Days,
    preface: list[Prose],
) -> None:
    """Put one file's sessions, day notes and preface where they belong.  Its preface
    (subtitle, link and words before its first session) goes to its day folder's notes or
    the conference's."""
    parts = [read.subtitle, _autolink(read.url), read.notes]
    own_preface = _rebased_text("\n\n".join(p for p in parts if p), read.images, rebase, path)
    if place is not None and place.folder:
        _add_notes(days.get(place.title, place.date, place.number, folder=True), own_preface)
    else:
        preface.append(own_preface)
    for day in read.days:
        if place is not None and (place.folder or len(read.days) == 1):
            target = days.get(place.title, place.date, place.number, folder=place.folder)
            target.date = target.date or day.date
        else:
            target = days.get(day.title, day.date, day_number(day.title))
        _add_notes(target, _rebased_text(day.notes, day.images, rebase, path))
        prefix, wanted = rebase
        for talk in day.talks:
            abstract, in_abstract = rebase_images(talk.abstract, prefix, wanted)
            notes, in_notes = rebase_images(talk.notes, prefix, wanted)
            images = _rebased_images(talk.images, prefix, in_abstract | in_notes, path)
            target.talks.append(
                dataclasses.replace(talk, abstract=abstract, notes=notes, images=images)
            )


def _autolink(url: str | None) -> str:
    return f"<{url}>" if url and not re.search(r"[\s<>]", url) else (url or "")


def _unique_uids(talks: Sequence[Talk]) -> list[Talk]:
    """Each talk's uid, made unique across the files (``intro``, ``intro-2``…)."""
    taken: set[str] = set()
    unique: list[Talk] = []
    for talk in talks:
        uid, suffix = talk.uid, 2
        while uid in taken:
            uid, suffix = f"{talk.uid}-{suffix}", suffix + 1
        taken.add(uid)
        unique.append(talk if uid == talk.uid else dataclasses.replace(talk, uid=uid))
    return unique


def _apply_session_facts(
    talks: Sequence[Talk], sessions: Mapping[str, SessionFacts], where: str
) -> list[Talk]:
    """The conference metadata's ``sessions:`` facts, by the conference's uids."""
    known = {talk.uid for talk in talks}
    for uid in sessions:
        if uid not in known:
            log.warning("%s: metadata 'sessions' names %r, which matches no session", where, uid)
    applied: list[Talk] = []
    for talk in talks:
        facts = sessions.get(talk.uid)
        if facts is None:
            applied.append(talk)
            continue
        applied.append(
            dataclasses.replace(
                talk,
                title=facts.title or talk.title,
                kind=facts.kind or talk.kind,
                speakers=facts.speakers if facts.speakers is not None else talk.speakers,
                start=facts.start or talk.start,
                end=facts.end or talk.end,
                room=facts.room or talk.room,
                track=facts.track or talk.track,
                attended=facts.attended if facts.attended is not None else talk.attended,
                code=facts.code or talk.code,
            )
        )
    return applied


def _conference(
    root: Path,
    facts: ConferenceFacts,
    title: str | None,
    days: Sequence[Day],
    preface: Sequence[Prose],
    sources: MetadataSources,
) -> Conference:
    return facts.conference(
        days,
        title=title or root.resolve().name or "Conference notes",
        notes="\n\n".join(prose.text for prose in preface if prose.text.strip()),
        images=tuple(image for prose in preface for image in prose.images),
        source=root,
        is_folder=True,
        resource_paths=sources.resource_paths,
    )

"""Finding and reading the files of a folder of notes (see :mod:`.folder`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confexport import markup
from confexport.errors import NotesError
from confexport.model import Conference, Image
from confexport.reader import MetadataSources, patterns, read_notes
from confexport.reader.blocks import read_blocks
from confexport.reader.decode import decode_notes, read_bytes
from confexport.reader.front_matter import read_front_matter
from confexport.reader.metadata import KNOWN_KEYS
from confexport.reader.private_rewrite import without_private

log = logging.getLogger("confexport")

#: The notes folder's own metadata (read unless ``--no-sidecar``).
CONFERENCE_FILE = "conference.yaml"
NOTES_SUFFIXES = (".md", ".markdown")
#: Root files that are the folder's front page, in order of preference.
FRONT_PAGES = ("readme", "index")
#: Folders never read, besides hidden ones (``.obsidian``, ``.git``).
SKIPPED_FOLDERS = frozenset({"node_modules"})
#: Markdown files of a repository that are not notes (compared without case or suffix).
NOT_NOTES = frozenset(
    {"license", "licence", "copying", "contributing", "changelog", "code_of_conduct", "security"}
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


# --- finding the files -------------------------------------------------------------


def natural_key(text: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """Sort key: ``Day 2`` before ``day10``, ``02-x`` before ``10-y``: numbers by value
    (before words), words without case, spaces, ``-`` and ``_`` between them ignored; the
    name itself breaks ties."""
    tokens = re.findall(r"\d+|[^\d\s_-]+", text.casefold())
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in tokens), text


def notes_files(root: Path) -> list[Path]:
    """Every ``.md``/``.markdown`` file under ``root``, in natural order of their paths.

    Hidden files and folders (``.obsidian``, ``.git``), ``node_modules`` and a
    repository's LICENSE, CONTRIBUTING, CHANGELOG, CODE_OF_CONDUCT and SECURITY files are
    skipped; ``_``-prefixed ones are read (``_keynotes.md``, Jekyll's ``_posts``).  Symbolic
    links are not followed: what one leads to inside the folder is read where it is, and
    one that leads outside is reported and not read.
    """
    top = root.resolve()
    found: list[Path] = []

    def visit(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir(), key=lambda entry: natural_key(entry.name))
        except OSError as exc:
            raise NotesError(f"cannot read the folder: {exc.strerror}", str(folder)) from None
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS:
                continue
            if entry.is_symlink():  # never followed: what it leads to inside is read there
                leads_out = not entry.resolve().is_relative_to(top)
                if leads_out and (entry.suffix.lower() in NOTES_SUFFIXES or entry.is_dir()):
                    log.warning("%s: links to outside the notes folder; not read", entry)
                continue
            if entry.is_dir():
                visit(entry)
            elif _is_notes_file(entry):
                found.append(entry)

    visit(root)
    return found


def _is_notes_file(path: Path) -> bool:
    return (
        path.suffix.lower() in NOTES_SUFFIXES
        and path.stem.casefold() not in NOT_NOTES
        and path.is_file()
    )


# --- what names say about days -----------------------------------------------------


def folder_day(name: str) -> patterns.DayMark | None:
    """The day a folder's name names, when it names only a day: ``Day 1``, ``day2``,
    ``Day-03``, ``Day_4``, ``2024-05-02``, ``Thursday``, ``18-Avril``, ``Jour 2``."""
    for candidate in (name, _as_words(name)):
        if patterns.is_day_heading(candidate):
            return patterns.day_mark(candidate)
    return None


def _as_words(name: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", name).split())


def file_day(stem: str) -> tuple[str, int | None, dt.date | None] | None:
    """The day a file's name gives: a day number (``day-2``, ``Day 2 - 01 - Title``) or an
    ISO date (``2017-05-02-talk``), as (title, number, date)."""
    if match := _ISO_DATE.search(stem):
        try:
            date = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
        return date.isoformat(), None, date
    mark = patterns.day_mark(_as_words(stem))
    if mark is not None and mark.number is not None:
        return f"Day {mark.number}", mark.number, None
    return None


def day_number(title: str) -> int | None:
    if not patterns.is_day_heading(title):
        return None
    mark = patterns.day_mark(title)
    return mark.number if mark is not None else None


# --- reading one file ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prose:
    """What a file without sessions gives: its words and their images."""

    text: str
    images: tuple[Image, ...]


@dataclass(frozen=True, slots=True)
class FrontPage:
    title: str | None
    prose: Prose


@contextmanager
def without_file_image_checks() -> Iterator[None]:
    """Each file's reader checks its images against the file's own folder; the folder's
    check (against the notes folder, with ``--resource-path``) replaces it."""

    def keep(record: logging.LogRecord) -> bool:
        return record.funcName != "warn_missing_images"

    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)


def read_file(
    path: Path,
    encoding: str | None,
    values: Mapping[str, Any],
    use_sidecar: bool,
    include_private: bool = False,
) -> Conference | Prose | None:
    """The file's conference, or its words when it has no sessions, or None when empty."""
    sources = MetadataSources(
        values=values, use_sidecar=use_sidecar, include_private=include_private
    )
    try:
        return read_notes(path, encoding=encoding, sources=sources)
    except NotesError as exc:
        if exc.message == "is empty":
            log.info("%s: empty; skipped", path)
            return None
        if not exc.message.startswith("no sessions found"):
            raise
    text = decode_notes(read_bytes(path), str(path), encoding)
    return _prose(text, str(path), include_private)


def _body_lines(text: str, where: str, include_private: bool) -> list[str]:
    """The file's lines with its front matter blanked and its private blocks left out
    or marked (so line numbers stay)."""
    front = read_front_matter(text, where)
    lines = text.removeprefix("\ufeff").split("\n")
    body = [""] * front.lines + lines[front.lines :]
    return without_private(body, where, keep=include_private)


def _prose(text: str, where: str, include_private: bool) -> Prose:
    body = "\n".join(_body_lines(text, where, include_private))
    return Prose(body.strip("\n"), _images_in(body, where))


def _images_in(text: str, where: str) -> tuple[Image, ...]:
    """Every image in ``text``, with the line it is on (``text`` keeps the file's lines)."""
    lines = text.split("\n")
    found: list[Image] = []
    for token in markup.tokens(text):
        if token.type != "inline" or token.map is None:
            continue
        for child in token.children or ():
            if child.type != "image":
                continue
            src = str(child.attrs.get("src", ""))
            span = lines[token.map[0] : token.map[1]]
            offset = next((i for i, line in enumerate(span) if src in line), 0)
            found.append(
                Image(
                    src=src,
                    alt=child.content,
                    title=str(child.attrs.get("title") or ""),
                    line=token.map[0] + offset + 1,
                    path=where,
                )
            )
    return tuple(found)


def read_front_page(
    path: Path, encoding: str | None, *, alone: bool = False, include_private: bool = False
) -> FrontPage:
    """The README: its first H1 titles the conference, the rest is the preface.  Its front
    matter is not conference metadata (``conference.yaml`` is), which it says, unless it is
    ``alone`` in the folder (then it is read as notes, front matter and all)."""
    where = str(path)
    text = decode_notes(read_bytes(path), where, encoding)
    front = read_front_matter(text, where)
    if set(front.values) & KNOWN_KEYS and not alone:
        log.warning(
            "%s:1: front matter of the front page is not read; put conference metadata "
            "in %s",
            where, CONFERENCE_FILE,
        )  # fmt: skip
    lines = _body_lines(text, where, include_private)
    title = None
    for block in read_blocks("\n".join(lines)):
        if block.kind == "heading" and block.level == 1:
            title = block.text or None
            lines[block.start : block.end] = [""] * (block.end - block.start)
            break
    body = "\n".join(lines)
    return FrontPage(title, Prose(body.strip("\n"), _images_in(body, where)))


def front_page_path(root: Path, files: Sequence[Path]) -> Path | None:
    for stem in FRONT_PAGES:
        for path in files:
            if path.parent == root and path.stem.casefold() == stem:
                return path
    return None

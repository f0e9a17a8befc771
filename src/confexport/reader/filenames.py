"""What a file's name (or its folder's) says about the talk inside it.

``Day 1 - 01 - Level up your Swift - Paul Hudson.md`` → day "Day 1", title "Level up
your Swift", speaker "Paul Hudson".  ``notes.md`` and ``README.md`` say nothing, so the
folder's name speaks for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from confexport.reader import headings, patterns

_GENERIC_STEMS = frozenset({"notes", "readme", "index", "talk", "main", "untitled", "note"})
_DAY_PREFIX = re.compile(r"^\s*(day\s*\d{1,2}|\d{4}-\d{2}-\d{2})\s*[-–—_.]+\s*", re.I)
_ORDER_PREFIX = re.compile(r"^\s*\d{1,3}\s*[-–—_.)]+\s*")
_DATE_PREFIX = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[-_ ]")


@dataclass(frozen=True, slots=True)
class NamedTalk:
    title: str
    speakers: tuple[str, ...] = ()
    day: str | None = None


def is_generic(stem: str) -> bool:
    return stem.strip().lower() in _GENERIC_STEMS


def talk_from_path(path: Path) -> NamedTalk | None:
    """The talk a file's name gives, or its folder's when the file name is generic."""
    stem = path.stem
    if is_generic(stem):
        stem = path.resolve().parent.name
        if not stem or is_generic(stem):
            return None
    return talk_from_name(stem)


def talk_from_name(stem: str) -> NamedTalk | None:
    """ "Day 1 - 01 - Title - Speaker" → its parts; a slug becomes words."""
    day = None
    text = stem.strip()
    if match := _DAY_PREFIX.match(text):
        day = match.group(1)
        text = text[match.end() :]
    text = _DATE_PREFIX.sub("", text)
    text = _ORDER_PREFIX.sub("", text)
    if " " not in text and re.search(r"[-_]", text):
        text = re.sub(r"[-_]+", " ", text).strip()
        text = text[:1].upper() + text[1:]
        return NamedTalk(title=text, day=day) if text else None
    if not text:
        return None
    parts = headings.split(text, kind=patterns.kind_of(text))
    return NamedTalk(title=parts.title, speakers=parts.speakers, day=day)

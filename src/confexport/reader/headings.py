"""A session heading taken apart: time, number, title, speakers.

``Talk 3 - Title``, ``10:15 Jane Doe - Title``, ``Title - Jane Doe``, ``"Title" by Jane
Doe``, ``Title (Jane Doe)``, ``Keynote - Jane Doe``, ``Fireside chat with A & B``.
Which side of a `` - `` holds the names is decided once per file, from all the sibling
headings together (:func:`names_side`), because ``Jane Doe - Title`` and ``Title - Jane
Doe`` are both common and a single heading cannot tell them apart.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from confexport.reader import names, patterns

Side = Literal["left", "right"]

_NUMBERED = re.compile(
    r"^\s*(?:talk|session|vortrag|présentation|presentation|conf[ée]rence|ponencia|"
    r"charla|lt|lightning(?:\s+talk)?)\s*#?\s*(\d{1,3})\s*(?:[-–—:.|)]\s*|\s+)",
    re.I,
)
_SEPARATOR = re.compile(r"\s+[-–—|]\s+|\s+-(?=[A-Z])|(?<=\S)-\s+(?=[A-Z])")
_QUOTED_BY = re.compile(r"^[\"“”'‘](.+?)[\"“”'’]\s*(?:,\s*)?(?:by|par|von|de|di)\s+(.+)$", re.I)
_BY = re.compile(r"^(.+?)\s+(?:by|par|von)\s+(.+)$", re.I)
_WITH = re.compile(r"^(.+?)\s+(?:with|avec|mit|con)\s+(.+)$", re.I)
_PAREN_TAIL = re.compile(r"^(.+?)\s*[(（]([^()（）]+)[)）]\s*$")
_KIND_PREFIX = re.compile(
    r"^\W*(keynote|opening keynote|closing keynote|panel|lightning talk|workshop|tutorial)\s*"
    r"(?:[-–—:|]\s*|\s+)(.+)$",
    re.I,
)
_HANDLE_IN_TEXT = re.compile(r"\s*[(\[]?@[A-Za-z0-9_]{1,30}[)\]]?")


@dataclass(frozen=True, slots=True)
class HeadingParts:
    title: str
    speakers: tuple[str, ...] = ()
    start: dt.time | None = None
    end: dt.time | None = None
    numbered: bool = False


def without_handles(text: str) -> str:
    """ "Jane Doe @jdoe" → "Jane Doe"."""
    return _HANDLE_IN_TEXT.sub("", text).strip()


@functools.lru_cache(maxsize=4096)
def name_only(text: str) -> tuple[str, ...]:
    """The names when a heading is nothing but names ("Jane Doe @jdoe", "A & B")."""
    bare = without_handles(text)
    if not bare or len(bare.split()) > 10:
        return ()
    parts = names.split_list(bare)
    if parts and all(names.is_name(part) for part in parts):
        return tuple(parts)
    return ()


def has_separator(text: str) -> bool:
    """Does ``text`` hold a " - " that may part a title from its speakers?"""
    return _SEPARATOR.search(text) is not None


def _dash_parts(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATOR.split(text) if part.strip()]


def names_side(titles: Iterable[str]) -> Side | None:
    """Which side of `` - `` the sibling headings put the speakers on, if any."""
    left = right = 0
    for title in titles:
        text = _core(title)
        parts = _dash_parts(text)
        if len(parts) < 2:
            continue
        left += bool(names.names_in(parts[0]) and _all_names(parts[0]))
        right += bool(_all_names(parts[-1]))
    if left > right:
        return "left"
    if right > left:
        return "right"
    return None


#: A company or role in brackets after the names: "Jane Doe (ACME)", "A, B [Org]".
_AFFILIATION = re.compile(r"\s*(?:[(（][^()（）]*[)）]|\[[^\[\]]*\])\s*$")


def _names_part(text: str) -> str:
    """The names side of a heading without its handles and a trailing affiliation."""
    return _AFFILIATION.sub("", without_handles(text)) or without_handles(text)


def _all_names(text: str, *, single: bool = False) -> bool:
    parts = names.split_list(_names_part(text))
    return bool(parts) and all(names.is_name(part, single=single) for part in parts)


def _core(text: str) -> str:
    """The heading without its time and its "Talk 3 -" number."""
    if timed := patterns.heading_time(text):
        text = timed.title
    return _NUMBERED.sub("", text, count=1)


@functools.lru_cache(maxsize=4096)
def split(text: str, *, side: Side | None = None, kind: str = "talk") -> HeadingParts:
    """Take a session heading apart (see the module docstring)."""
    start = end = None
    if timed := patterns.heading_time(text):
        text, start, end = timed.title, timed.start, timed.end
    numbered = bool(_NUMBERED.match(text))
    if numbered:
        text = _NUMBERED.sub("", text, count=1)
    title, speakers = _title_and_speakers(text, side, kind)
    return HeadingParts(
        title=title or text, speakers=speakers, start=start, end=end, numbered=numbered
    )


def _title_and_speakers(text: str, side: Side | None, kind: str) -> tuple[str, tuple[str, ...]]:
    match = _QUOTED_BY.match(text)
    if match and (found := names.names_in(match.group(2), single=True)):
        return match.group(1).strip(), found
    if match := _KIND_PREFIX.match(text):
        rest = match.group(2)
        if found := name_only(rest):
            return text, found  # "Keynote - Jane Doe": the whole heading stays the title
    parts = _dash_parts(text)
    if len(parts) >= 2:
        pieces = list(_SEPARATOR.finditer(text))
        if side != "left" and _all_names(parts[-1], single=side == "right"):
            return text[: pieces[-1].start()].strip(), _names_of(parts[-1])
        if side != "right" and _all_names(parts[0], single=side == "left"):
            return text[pieces[0].end() :].strip(), _names_of(parts[0])
        if side == "left" and patterns.kind_of(parts[0]) != "talk" and len(parts[0].split()) <= 2:
            return text[pieces[0].end() :].strip(), ()  # "Panel - Title"
    if (match := _BY.match(text)) and (found := names.names_in(match.group(2))):
        return match.group(1).strip(" ,"), found
    if match := _PAREN_TAIL.match(text):
        inner = match.group(2)
        if _all_names(inner) or (kind == "lightning" and _all_names(inner, single=True)):
            return match.group(1).strip(), _names_of(inner)
    if (match := _WITH.match(text)) and _all_names(match.group(2)):
        return text, _names_of(match.group(2))
    match = re.match(r"^\W*key\s?note\s*[:\-–—]\s*(.+)$", text, re.I)
    if kind == "keynote" and match and (found := name_only(match.group(1))):
        return text, found
    return text, ()


def _names_of(text: str) -> tuple[str, ...]:
    return tuple(names.split_list(_names_part(text)))

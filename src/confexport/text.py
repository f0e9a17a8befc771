"""Small text helpers shared by the reader and the exporters."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
import unicodedata
from collections.abc import Iterator

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """``"Python’s tale of concurrency!"`` → ``"pythons-tale-of-concurrency"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "")
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) <= max_length:
        return slug
    head = slug[: max_length + 1]
    return head.rsplit("-", 1)[0] if "-" in head else slug[:max_length]


def normalise_title(text: str) -> str:
    """A form of a title for matching: case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", text))


# Dates are written in English with fixed names, whatever the machine's locale, so
# that every format reads the same and builds are reproducible.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


def date_label(date: dt.date) -> str:
    """``5 February 2022``."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def long_date(date: dt.date) -> str:
    """``Saturday 5 February 2022``."""
    return f"{_WEEKDAYS[date.weekday()]} {date_label(date)}"


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    """``5–6 February 2022``, ``30 June – 2 July 2022``, or one date."""
    if start is None:
        return ""
    if end is None or end == start:
        return date_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_label(end)}"
    if start.year == end.year:
        return f"{start.day} {_MONTHS[start.month - 1]} – {date_label(end)}"
    return f"{date_label(start)} – {date_label(end)}"


@contextlib.contextmanager
def paused_garbage_collection() -> Iterator[None]:
    """No cycle collection while building many short-lived objects (parse trees, pages).

    What is built there holds few reference cycles, and the collector's passes over
    the growing heap cost 10–15 % of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: The last second every format can date a build with: 2107-12-31 23:59:59 UTC, the
#: last a zip entry (EPUB, apkg, docx, odt) can carry.
LAST_SOURCE_DATE_EPOCH = 4354819199


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) as seconds, or None when unset.

    A value that is not a whole number of seconds from 0 to
    :data:`LAST_SOURCE_DATE_EPOCH` is an error, so every format refuses it alike
    rather than each in its own way (or with a traceback).
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12 or int(raw) > LAST_SOURCE_DATE_EPOCH:
        from confexport.errors import OptionsError

        raise OptionsError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time in whole seconds from 0 to "
            f"{LAST_SOURCE_DATE_EPOCH} (1970-01-01 to 2107-12-31 UTC, the dates a zip "
            "file can hold)"
        )
    return int(raw)


def time_range(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """``16:30``, ``16:30–17:00``, or "" for a session without a time."""
    if start is None:
        return ""
    return f"{start:%H:%M}–{end:%H:%M}" if end is not None else f"{start:%H:%M}"

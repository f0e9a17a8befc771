"""What a schedule file says about its sessions, in one shape for every format."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from confexport.errors import ConfexportError
from confexport.reader.patterns import PRETALX_TALK, talk_event

log = logging.getLogger("confexport")


class ScheduleError(ConfexportError):
    """A schedule file cannot be read or is not a schedule (exit 1)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleSession:
    """One session of an official schedule; times are timezone-aware."""

    title: str
    code: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None
    track: str | None = None
    kind: str | None = None
    speakers: tuple[str, ...] = ()
    abstract: str = ""
    url: str | None = None
    #: The pretalx event slug, when the session's URL names one.
    event: str | None = None
    #: The key of a Sessionize or Indico session page (:func:`.links.link_id`).
    link_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """An official schedule: its sessions and the IANA time zone it states, if any."""

    title: str | None = None
    timezone: str | None = None
    sessions: tuple[ScheduleSession, ...] = ()
    source: str = "<schedule>"
    #: The pretalx event slug of the whole schedule (frab's ``acronym``), when it names one.
    event: str | None = None


def schedule_event(acronym: str | None, url: str | None) -> str | None:
    """The event slug: the ``acronym`` (pretalx writes its event slug there), else the
    slug in a pretalx schedule URL (``https://pretalx.com/<event>/schedule/``)."""
    if acronym and _SLUG.fullmatch(acronym.strip()):
        return acronym.strip()
    match = _SCHEDULE_PAGE.search(urlsplit(url.strip()).path) if url else None
    return match.group("event") if match else None


_SLUG = re.compile(r"[\w.-]+")
_SCHEDULE_PAGE = re.compile(r"^/(?:[^/]+/)*?(?P<event>[\w.-]+)/schedule/?$")


def code_and_event(url: str | None) -> tuple[str | None, str | None]:
    """``https://pretalx.com/pycascades-2022/talk/UVFAMG/`` → ``("UVFAMG", "pycascades-2022")``.

    Under a sub-path (``…/congress/2024/fahrplan/talk/XNB7SG/``) the segment before
    ``talk`` need not be the event, so only the code is read; the schedule's own
    ``acronym`` names the event (:attr:`Schedule.event`).
    """
    if not url:
        return None, None
    parts = urlsplit(url.strip())
    match = PRETALX_TALK.match(f"{parts.scheme}://{parts.netloc}{parts.path}")
    if match is None:
        return None, None
    return match.group("code"), talk_event(match)


def clean_text(value: object) -> str:
    """A schedule string with CRLFs normalised and surrounding space removed."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def optional_text(value: object) -> str | None:
    return clean_text(value) or None


def is_after(later: dt.datetime, earlier: dt.datetime) -> bool:
    """``later > earlier`` as instants: Python compares wall clocks within one zone,
    which gets the repeated hour at the end of summer time wrong."""
    if later.tzinfo is None or earlier.tzinfo is None:
        return later.replace(tzinfo=None) > earlier.replace(tzinfo=None)
    return later.astimezone(dt.UTC) > earlier.astimezone(dt.UTC)


def checked_end(
    start: dt.datetime | None, end: dt.datetime | None, session: str
) -> dt.datetime | None:
    """``end``, or None when it is not after ``start``; one before it is warned about."""
    if start is None or end is None or is_after(end, start):
        return end
    if is_after(start, end):
        log.warning(
            "%s ends (%s) before it starts (%s); its end is ignored",
            session, f"{end:%Y-%m-%d %H:%M}", f"{start:%Y-%m-%d %H:%M}",
        )  # fmt: skip
    return None


def parse_duration(raw: str) -> dt.timedelta | None:
    """frab durations: ``"00:30"``, ``"1:30"`` or ``"01:30:00"``."""
    parts = raw.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    seconds = int(parts[2]) if len(parts) == 3 else 0
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)

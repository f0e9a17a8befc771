"""Conference metadata: the layers (front matter, ``Key: value`` headers, sidecar,
``--metadata-file``, ``-M``) merged, and the known keys checked and converted.

Each layer is a plain mapping (read by :mod:`.front_matter` and :mod:`.metadata_load`);
:func:`merge_layers` lays them over each other (``sessions`` merged per session) and
:func:`conference_facts` checks and converts the known keys.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from confexport.errors import MetadataError
from confexport.model import Conference, Day

#: The keys confexport reads; others are kept but unused.
KNOWN_KEYS = frozenset(
    {
        "title", "subtitle", "author", "authors", "language", "lang", "start", "end",
        "date", "timezone", "location", "url", "schedule", "sessions", "paper",
        "session-level", "single-talk", "schedule-fields",
    }
)  # fmt: skip
SESSION_KEYS = frozenset(
    {"speakers", "speaker", "start", "end", "room", "track", "title", "kind", "attended", "code"}
)
log = logging.getLogger("confexport")
_When = TypeVar("_When", dt.date, dt.datetime)


def merge_layers(layers: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Lay mappings over each other, lowest precedence first; sessions merge per uid."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == "sessions" and isinstance(value, Mapping):
                sessions = dict(merged.get("sessions") or {})
                for uid, facts in value.items():
                    previous = sessions.get(str(uid)) or {}
                    if isinstance(facts, Mapping) and isinstance(previous, Mapping):
                        sessions[str(uid)] = {**previous, **facts}
                    else:
                        sessions[str(uid)] = facts
                merged["sessions"] = sessions
            else:
                merged[key] = value
    return merged


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """Facts about one session given by metadata, keyed by the session's uid."""

    speakers: tuple[str, ...] | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    room: str | None = None
    track: str | None = None
    title: str | None = None
    kind: str | None = None
    attended: bool | None = None
    #: The session's pretalx code (``check --write-sidecar`` writes the matched ones).
    code: str | None = None


@dataclass(frozen=True, slots=True)
class ConferenceFacts:
    """The known metadata keys, checked and converted."""

    title: str | None = None
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    timezone: str | None = None
    location: str | None = None
    url: str | None = None
    schedule: str | None = None
    #: ``schedule-fields``: how to read a conference's own JSON or CSV schedule.
    schedule_fields: dict[str, str] | None = None
    paper: str | None = None
    sessions: dict[str, SessionFacts] = field(default_factory=dict)
    #: The structure the user names: ``session-level``, ``sessions: bold`` or ``list``,
    #: ``single-talk``.
    session_level: int | None = None
    bold_sessions: bool = False
    list_sessions: bool = False
    single_talk: bool | None = None

    def conference(
        self,
        days: Sequence[Day],
        *,
        title: str,
        subtitle: str = "",
        url: str | None = None,
        **notes_say: Any,
    ) -> Conference:
        """The conference of ``days``, these facts over what the notes say (``title`` is
        already decided; ``notes_say`` holds notes, images, source…); its dates are
        the days' where the metadata gives none."""
        dates = [day.date for day in days if day.date]
        return Conference(
            title=title,
            subtitle=self.subtitle or subtitle,
            url=self.url or url,
            start=self.start or (min(dates) if dates else None),
            end=self.end or (max(dates) if dates else None),
            timezone=self.timezone,
            location=self.location,
            language=self.language or "en",
            authors=self.authors,
            paper=self.paper,
            days=tuple(days),
            **notes_say,
        )  # fmt: skip


def conference_facts(values: Mapping[str, Any], where: str = "metadata") -> ConferenceFacts:
    """Check and convert the known keys of merged metadata."""
    timezone = _text(values.get("timezone"))
    if timezone is not None:
        try:
            zone: dt.tzinfo | None = zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise MetadataError(
                f"timezone {timezone!r} is not an IANA time zone name "
                "(for example Europe/Berlin or America/Los_Angeles)",
                where,
            ) from None
    else:
        zone = None
    start = _date(values.get("start", values.get("date")), "start", where)
    sessions_raw = values.get("sessions") or {}
    layout = sessions_raw.strip().lower() if isinstance(sessions_raw, str) else None
    if layout in ("bold", "list"):
        sessions_raw = {}
    if not isinstance(sessions_raw, Mapping):
        raise MetadataError(
            "'sessions' must map session uids to their facts, or be 'bold' "
            "(sessions are bold one-line titles) or 'list' (sessions are list items)",
            where,
        )
    return ConferenceFacts(
        title=_text(values.get("title")),
        subtitle=_text(values.get("subtitle")),
        authors=_names(values.get("authors", values.get("author"))),
        language=_text(values.get("language", values.get("lang"))),
        start=start,
        end=_after(start, _date(values.get("end"), "end", where), "the conference", where),
        timezone=timezone,
        location=_text(values.get("location")),
        url=_text(values.get("url")),
        schedule=_text(values.get("schedule")),
        schedule_fields=_schedule_fields(values.get("schedule-fields"), where),
        paper=_paper(values.get("paper"), where),
        session_level=_level(values.get("session-level"), where),
        bold_sessions=layout == "bold",
        list_sessions=layout == "list",
        single_talk=_yes_no(values.get("single-talk"), "single-talk", where),
        sessions={
            str(uid): _session(str(uid), facts, zone, start, where)
            for uid, facts in sessions_raw.items()
        },
    )


def _session(
    uid: str, facts: Any, zone: dt.tzinfo | None, day: dt.date | None, where: str
) -> SessionFacts:
    if not isinstance(facts, Mapping):
        raise MetadataError(f"sessions.{uid} must be a mapping", where)
    attended = facts.get("attended")
    speakers = facts.get("speakers", facts.get("speaker"))
    start = _datetime(facts.get("start"), zone, day, f"sessions.{uid}.start", where)
    end = _datetime(facts.get("end"), zone, day, f"sessions.{uid}.end", where)
    return SessionFacts(
        speakers=_names(speakers) if speakers is not None else None,
        start=start,
        end=_after(start, end, f"session {uid!r}", where),
        room=_text(facts.get("room")),
        track=_text(facts.get("track")),
        title=_text(facts.get("title")),
        kind=_text(facts.get("kind")),
        attended=_yes_no(attended, f"sessions.{uid}.attended", where),
        code=_text(facts.get("code")),
    )


def _after(start: _When | None, end: _When | None, what: str, where: str) -> _When | None:
    """``end``, or None (with a warning) when it comes before ``start``."""
    if start is None or end is None or not _before(end, start):
        return end
    log.warning(
        "%s: %s ends (%s) before it starts (%s); its end is ignored",
        where, what, _shown(end), _shown(start),
    )  # fmt: skip
    return None


def _shown(moment: dt.date) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if isinstance(moment, dt.datetime) else str(moment)


def _before(end: dt.date, start: dt.date) -> bool:
    if isinstance(end, dt.datetime) and isinstance(start, dt.datetime):
        if (end.tzinfo is None) != (start.tzinfo is None):
            return False  # one of them has no time zone: they cannot be compared
        return end < start
    return end < start


def _level(value: Any, where: str) -> int | None:
    """``session-level: 3``: the heading level that holds the sessions (1–4)."""
    if value is None:
        return None
    try:
        level = int(str(value).strip().lstrip("#") or "x")
    except ValueError:
        level = 0
    if not 1 <= level <= 4:
        raise MetadataError(f"session-level {value!r} must be a heading level from 1 to 4", where)
    return level


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value).strip()
    return text or None


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", value)
        return tuple(part.strip() for part in parts if part.strip())
    if isinstance(value, list):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return (str(value),)


def _date(value: Any, key: str, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise MetadataError(f"{key}: {value!r} is not an ISO date (YYYY-MM-DD)", where) from None


def _datetime(
    value: Any, zone: dt.tzinfo | None, day: dt.date | None, key: str, where: str
) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        raise MetadataError(f"{key}: {value} has a date but no time of day", where)
    else:
        moment = _parse_moment(str(value).strip(), day, f"{key}", where)
    if moment.tzinfo is None and zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _parse_moment(raw: str, day: dt.date | None, key: str, where: str) -> dt.datetime:
    """``2022-02-05T16:30`` (or ``16:30`` on the conference's first day)."""
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        clock = dt.time.fromisoformat(raw)
    except ValueError:
        raise MetadataError(
            f"{key}: {raw!r} is not an ISO date-time (YYYY-MM-DDTHH:MM)", where
        ) from None
    if day is None:
        raise MetadataError(f"{key}: {raw} has no date and no 'start' date is known", where)
    return dt.datetime.combine(day, clock)


def _schedule_fields(value: Any, where: str) -> dict[str, str] | None:
    from confexport.schedule.mapped import checked_fields  # the schedule's own module

    return checked_fields(value, where)


def _paper(value: Any, where: str) -> str | None:
    paper = _text(value)
    if paper is None:
        return None
    if paper.lower() not in ("a4", "letter", "a5"):
        raise MetadataError(f"paper: {paper!r} is not a4, letter or a5", where)
    return paper.lower()


def _yes_no(value: Any, key: str, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise MetadataError(f"{key}: {value!r} is not true or false", where)

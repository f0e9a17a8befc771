"""``check --write-sidecar``: the pretalx codes a schedule matched, kept in the sidecar;
``schedule fetch --write-sidecar``: the ``schedule:`` key naming the file it fetched.

A session the schedule matched by title gets ``sessions: {<uid>: {code: <CODE>}}`` in
``<notes-stem>.yaml``, so the next build matches it by code, exactly.  Everything else
in the sidecar is kept (its values; PyYAML keeps no comments).  A folder of notes has
its sidecar in ``conference.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from confexport.errors import MetadataError
from confexport.model import Conference
from confexport.output import write_atomically
from confexport.reader.folder_files import CONFERENCE_FILE
from confexport.reader.metadata_load import read_metadata_file


def sidecar_of(notes: Path) -> Path:
    """``notes.yaml`` beside a notes file; ``conference.yaml`` in a folder of notes."""
    return notes / CONFERENCE_FILE if notes.is_dir() else notes.with_suffix(".yaml")


def write_schedule_key(sidecar: Path, value: str) -> bool:
    """Set ``schedule: value`` in ``sidecar``; False when it already said so."""
    data: dict[str, Any] = read_metadata_file(sidecar) if sidecar.is_file() else {}
    if data.get("schedule") == value:
        return False
    data["schedule"] = value
    _write(sidecar, data)
    return True


def codes_matched_by_title(conference: Conference) -> dict[str, str]:
    """uid → code of each merged session whose code its notes do not carry (a session
    that links its talk page has the code as its uid)."""
    return {talk.uid: talk.code for talk in conference.talks if talk.code and talk.code != talk.uid}


def write_session_codes(sidecar: Path, codes: Mapping[str, str]) -> list[str]:
    """Lay ``codes`` into the ``sessions:`` of ``sidecar``; return the uids that changed."""
    data: dict[str, Any] = read_metadata_file(sidecar) if sidecar.is_file() else {}
    sessions = data.get("sessions") or {}
    if not isinstance(sessions, dict):
        raise MetadataError("'sessions' is not a mapping of uids; not changed", str(sidecar))
    changed = []
    for uid, code in codes.items():
        facts = sessions.get(uid) or {}
        if not isinstance(facts, dict):
            raise MetadataError(f"sessions.{uid} is not a mapping; not changed", str(sidecar))
        if facts.get("code") != code:
            sessions[uid] = {**facts, "code": code}
            changed.append(uid)
    if changed:
        data["sessions"] = sessions
        _write(sidecar, data)
    return changed


def _write(sidecar: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    write_atomically(sidecar, text.encode("utf-8"))

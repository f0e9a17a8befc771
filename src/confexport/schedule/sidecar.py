"""``check --write-sidecar``: the pretalx codes a schedule matched, kept in the sidecar.

A session the schedule matched by title gets ``sessions: {<uid>: {code: <CODE>}}`` in
``<notes-stem>.yaml``, so the next build matches it by code, exactly.  Everything else
in the sidecar is kept (its values; PyYAML keeps no comments).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from confexport.errors import MetadataError
from confexport.model import Conference
from confexport.output import write_atomically
from confexport.reader.metadata import read_metadata_file


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
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        write_atomically(sidecar, text.encode("utf-8"))
    return changed

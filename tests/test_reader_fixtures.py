"""Reader fixtures: each notes file in fixtures/notes/shapes beside the model a careful
reader sees in it (``NAME.md`` and ``NAME.expected.yaml``).

An expected file names the conference (optional), the ``-M`` style metadata to read
with (optional) and every session in order. A session claims its ``title`` always and
its ``speakers``, ``kind``, ``day`` and ``time`` only where the key is present.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from confexport.model import Conference
from confexport.reader import MetadataSources, read_notes
from tests.conftest import FIXTURES

SHAPES = FIXTURES / "notes" / "shapes"
SUFFIX = ".expected.yaml"
TOP_KEYS = {"conference", "metadata", "sessions"}
SESSION_KEYS = ("title", "speakers", "kind", "day", "time")
KINDS = {
    "talk",
    "keynote",
    "panel",
    "lightning",
    "welcome",
    "closing",
    "ama",
    "booth",
    "demo",
    "break",
    "social",
}

EXPECTED_FILES = sorted(SHAPES.rglob(f"*{SUFFIX}"))


def fixture_name(expected: Path) -> str:
    """The fixture's path below shapes/, without the suffix: the test id."""
    return expected.relative_to(SHAPES).as_posix().removesuffix(SUFFIX)


def notes_beside(expected: Path) -> Path:
    return expected.with_name(expected.name.removesuffix(SUFFIX) + ".md")


def load_expected(expected: Path) -> dict[str, Any]:
    """The expected file, checked against the schema so a typo cannot pass silently."""
    data = yaml.safe_load(expected.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{expected.name}: not a mapping"
    assert set(data) <= TOP_KEYS, f"{expected.name}: unknown keys {set(data) - TOP_KEYS}"
    sessions = data.get("sessions")
    assert isinstance(sessions, list) and sessions, f"{expected.name}: no sessions"
    for session in sessions:
        assert isinstance(session, dict) and "title" in session, f"{expected.name}: {session}"
        unknown = set(session) - set(SESSION_KEYS)
        assert not unknown, f"{expected.name}: unknown session keys {unknown}"
        assert session.get("kind", "talk") in KINDS, f"{expected.name}: {session['kind']}"
    return data


def session_facts(conference: Conference) -> list[dict[str, Any]]:
    """Every session the reader found, with every fact a fixture may claim."""
    facts = []
    for day in conference.days:
        for talk in day.talks:
            facts.append(
                {
                    "title": talk.title,
                    "speakers": list(talk.speakers),
                    "kind": talk.kind,
                    "day": day.title,
                    "time": talk.start.strftime("%H:%M") if talk.start else None,
                }
            )
    return facts


def claimed(
    got: list[dict[str, Any]], expected: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """``got`` cut down to the keys the expected session at the same place claims.

    Sessions beyond the expected ones keep every key, so the diff shows what they are.
    """
    cut = []
    for index, facts in enumerate(got):
        keys = list(expected[index]) if index < len(expected) else list(SESSION_KEYS)
        cut.append({key: facts[key] for key in SESSION_KEYS if key in keys})
    return cut


def as_yaml(value: object) -> list[str]:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000).splitlines()


@pytest.mark.parametrize("expected_file", EXPECTED_FILES, ids=fixture_name)
def test_reader_sees_what_a_careful_reader_sees(expected_file: Path) -> None:
    expected = load_expected(expected_file)
    metadata = expected.get("metadata") or {}
    conference = read_notes(notes_beside(expected_file), sources=MetadataSources(values=metadata))

    sessions = [
        {key: session[key] for key in SESSION_KEYS if key in session}
        for session in expected["sessions"]
    ]
    want: dict[str, Any] = {"sessions": sessions}
    got: dict[str, Any] = {"sessions": claimed(session_facts(conference), sessions)}
    if "conference" in expected:
        want = {"conference": expected["conference"], **want}
        got = {"conference": conference.title, **got}

    if got != want:
        diff = difflib.unified_diff(as_yaml(want), as_yaml(got), "expected", "got", lineterm="")
        pytest.fail("the reader sees a different model:\n" + "\n".join(diff))


def test_every_shape_has_its_expected_model() -> None:
    notes = sorted(SHAPES.rglob("*.md"))
    assert notes, f"no fixtures in {SHAPES}"
    missing = [path.name for path in notes if not path.with_suffix(SUFFIX).is_file()]
    assert not missing, f"notes without an expected file: {missing}"

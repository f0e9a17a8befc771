"""The calendar controls of the ics format: ``untimed=``, ``html-description=``,
``split=``; each checked by re-parsing (icalendar, vobject) and by khal."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.exporters.test_ics import (
    KhalList,
    check_format_rules,
    events,
    export,
    fixed_epoch,
    khal,
    vobject_check,
)

from confexport.errors import ExportError, OptionsError
from confexport.exporter import parse_options
from confexport.exporters.ics import IcsExporter
from confexport.model import Conference
from confexport.reader import read_notes

__all__ = ["fixed_epoch", "khal"]  # fixtures, used by name

#: The sample's sessions without a time, by day: 13 on the first, 4 on the second.
UNTIMED = {dt.date(2022, 2, 5): 13, dt.date(2022, 2, 6): 4}


def khal_lines(khal: KhalList, data: bytes, folder: Path, start: str, days: str) -> list[str]:
    """What khal lists after importing ``data`` into an empty calendar (no complaint)."""
    path = folder / "calendar.ics"
    path.write_bytes(data)
    listing, stderr = khal(path, start, days, "America/Los_Angeles")
    assert stderr == ""
    return listing.splitlines()


# --- untimed= -----------------------------------------------------------------------


def test_untimed_all_day_is_the_default(sample: Conference) -> None:
    assert export(sample, untimed="all-day") == export(sample)
    starts = [e.decoded("DTSTART") for e in events(export(sample))]
    assert sum(not isinstance(start, dt.datetime) for start in starts) == 17


def test_untimed_skip_leaves_them_out_and_says_how_many(
    sample: Conference, caplog: pytest.LogCaptureFixture, tmp_path: Path, khal: KhalList
) -> None:
    caplog.set_level(logging.INFO, logger="confexport")
    data = export(sample, untimed="skip")
    check_format_rules(data)
    assert len(vobject_check(data).vevent_list) == 1
    (event,) = events(data)
    assert str(event["SUMMARY"]) == "Tests as Classifiers — Moshe Zadka"
    said = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert len(said) == 1 and said[0].endswith(
        "pycascades-2022.md: 17 sessions without a time left out of the calendar (-O untimed=skip)"
    )
    lines = khal_lines(khal, data, tmp_path, "2022-02-05", "2d")
    assert lines == ["2022-02-05 16:30 2022-02-05 17:00 Tests as Classifiers — Moshe Zadka"]


def test_untimed_skip_with_nothing_timed_is_an_error(
    write_notes: Callable[[str, str], Path],
) -> None:
    notes = write_notes("---\nstart: 2024-05-01\n---\n# Conf\n\n## A talk\n\nnotes\n", "day.md")
    with pytest.raises(ExportError, match="untimed=skip leaves nothing"):
        export(read_notes(notes), untimed="skip")


def test_untimed_summary_lists_each_days_sessions(
    sample: Conference, tmp_path: Path, khal: KhalList
) -> None:
    data = export(sample, untimed="summary")
    check_format_rules(data)
    assert len(vobject_check(data).vevent_list) == 3
    found = events(data)
    lists = {e.decoded("DTSTART"): e for e in found if str(e["UID"]).startswith("untimed-")}
    assert sorted(lists) == sorted(UNTIMED)
    untimed_talks = [talk for talk in sample.talks if talk.start is None]
    for date, event in lists.items():
        assert event.decoded("DTEND") == date + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["SUMMARY"]) == f"PyCascades 2022: {UNTIMED[date]} sessions without a time"
        lines = str(event["DESCRIPTION"]).split("\n")
        assert len(lines) == UNTIMED[date] and all(line.startswith("- ") for line in lines)
    text = "\n".join(str(e["DESCRIPTION"]) for e in lists.values())
    for talk in untimed_talks:
        assert talk.title in text
    assert "- Tests as Classifiers" not in text  # the timed one keeps its own event
    assert "Python’s tale of concurrency — Pradhvan Bisht" in text
    assert "Vivek Raja P S (not attended)" in text
    lines = khal_lines(khal, data, tmp_path, "2022-02-05", "2d")
    assert "2022-02-05 2022-02-05 PyCascades 2022: 13 sessions without a time" in lines
    assert "2022-02-06 2022-02-06 PyCascades 2022: 4 sessions without a time" in lines
    assert len(lines) == 3


def test_untimed_summary_keeps_its_uid_when_sessions_change(sample: Conference) -> None:
    before = {str(e["UID"]) for e in events(export(sample, untimed="summary"))}
    fewer = export(sample, untimed="summary", attended_only="true")
    assert {str(e["UID"]) for e in events(fewer)} == before
    assert b"13 sessions" not in fewer and b"12 sessions without a time" in fewer


def test_untimed_takes_only_its_three_values() -> None:
    assert parse_options(IcsExporter, {"untimed": "summary"}).untimed == "summary"
    with pytest.raises(OptionsError, match="all-day, skip, summary"):
        parse_options(IcsExporter, {"untimed": "hide"})

"""The calendar controls of the ics format: ``untimed=``, ``html-description=``,
``split=``; each checked by re-parsing (icalendar, vobject) and by khal."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from collections.abc import Callable
from pathlib import Path

import lxml.etree
import pytest
from tests.exporters.test_ics import (
    BIN,
    KhalList,
    check_format_rules,
    events,
    export,
    fixed_epoch,
    khal,
    parse,
    vobject_check,
)

import confexport
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


# --- html-description= --------------------------------------------------------------


def html_descriptions(data: bytes) -> dict[str, str]:
    """Each event's X-ALT-DESC by UID, as vobject reads it (unescaped), after checking
    that icalendar finds it typed ``text/html``."""
    for event in events(data):
        if "X-ALT-DESC" in event:
            assert event["X-ALT-DESC"].params["FMTTYPE"] == "text/html"
    calendar = vobject_check(data)
    return {
        event.uid.value: event.x_alt_desc.value
        for event in calendar.vevent_list
        if hasattr(event, "x_alt_desc")
    }


def test_html_description_is_off_by_default(sample: Conference) -> None:
    assert b"X-ALT-DESC" not in export(sample)
    assert export(sample, html_description="false") == export(sample)


def test_html_description_beside_the_plain_one(
    sample: Conference, tmp_path: Path, khal: KhalList
) -> None:
    data = export(sample, html_description="true")
    check_format_rules(data)
    found = html_descriptions(data)
    described = [e for e in events(data) if "DESCRIPTION" in e]
    assert len(found) == len(described) == 18
    assert {str(e["UID"]) for e in described} == set(found)
    plain = export(sample)
    assert [e["DESCRIPTION"] for e in events(plain)] == [e["DESCRIPTION"] for e in described]
    document = next(text for uid, text in found.items() if uid.startswith("ESCJLQ"))
    root = lxml.etree.fromstring(document.encode("utf-8"))  # well-formed XHTML
    assert root.tag == "html" and root[0].tag == "body"
    links = [a.get("href") for a in root.iter("a")]
    assert links[-1] == "https://pretalx.com/pycascades-2022/talk/ESCJLQ/"
    assert "https://apiblueprint.org/" in links
    assert [li.xpath("string()") for li in root.iter("li")][:2] == [
        "https://apiblueprint.org/", "https://raml.org/",
    ]  # fmt: skip
    assert not list(root.iter("img"))  # no app fetches an image
    assert "[image not available: API Contracts" in root.xpath("string()")
    skipped = next(text for uid, text in found.items() if uid.startswith("FP87MV"))
    assert "<em>(not attended)</em>" in skipped
    assert len(khal_lines(khal, data, tmp_path, "2022-02-05", "2d")) == 18


def test_html_description_of_hostile_notes_stays_inside_its_event(
    write_notes: Callable[[str, str], Path], tmp_path: Path, khal: KhalList
) -> None:
    notes = (
        "---\nstart: 2024-05-01\ntimezone: Europe/Berlin\n---\n# Conf\n\n"
        "## 10:00 Talk one\n\n<script>alert(1)</script> a;b,c\\\n"
        "END:VEVENT\nBEGIN:VEVENT\nUID:injected\n\n<img src=https://tracker.example/x.png>\n\n"
        "![photo](https://tracker.example/y.png)\n\n## 11:00 Talk two\n\nFine.\n"
    )
    data = export(read_notes(write_notes(notes, "hostile.md")), html_description="true")
    check_format_rules(data)
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 2 and not any(line == b"UID:injected" for line in lines)
    found = html_descriptions(data)
    (first,) = [text for uid, text in found.items() if uid.startswith("talk-one")]
    root = lxml.etree.fromstring(first.encode("utf-8"))
    assert not list(root.iter("script")) and not list(root.iter("img"))
    assert "<script>alert(1)</script> a;b,c" in root.xpath("string()")
    assert "END:VEVENT\nBEGIN:VEVENT\nUID:injected" in root.xpath("string()")
    assert [a.get("href") for a in root.iter("a")] == ["https://tracker.example/y.png"]
    assert khal_lines(khal, data, tmp_path, "2024-05-01", "1d") != []


def test_html_description_of_a_day_summary_lists_the_sessions(sample: Conference) -> None:
    data = export(sample, untimed="summary", html_description="true")
    found = html_descriptions(data)
    root = lxml.etree.fromstring(found["untimed-20220206-pycascades-2022@confexport"].encode())
    items = [li.text for li in root.iter("li")]
    assert len(items) == 4 and items[0].startswith("Diversity in Neurodiversity")


# --- split= -------------------------------------------------------------------------

DAY_FILES = ("pycascades-2022-2022-02-05.ics", "pycascades-2022-2022-02-06.ics")


def split_export(conference: Conference, **options: str) -> dict[str, bytes]:
    output = confexport.export(conference, "ics", split="day", **options)
    assert isinstance(output, dict)
    return output


def test_split_day_writes_one_calendar_a_day(
    sample: Conference, tmp_path: Path, khal: KhalList
) -> None:
    files = split_export(sample)
    assert tuple(files) == DAY_FILES
    whole = events(export(sample))
    for data in files.values():
        check_format_rules(data)
        vobject_check(data)
    first, second = (parse(files[name]) for name in DAY_FILES)
    assert str(first["X-WR-CALNAME"]) == str(first["NAME"]) == "PyCascades 2022, 2022-02-05"
    assert str(second["X-WR-CALNAME"]) == "PyCascades 2022, 2022-02-06"
    # the same events, split by date; a zone only where a timed session needs it
    split = [e for calendar in (first, second) for e in calendar.walk("VEVENT")]
    assert [e.to_ical() for e in split] == [e.to_ical() for e in whole]
    assert [len(c.walk("VEVENT")) for c in (first, second)] == [14, 4]
    assert [len(c.walk("VTIMEZONE")) for c in (first, second)] == [1, 0]
    for calendar, date in ((first, dt.date(2022, 2, 5)), (second, dt.date(2022, 2, 6))):
        for event in calendar.walk("VEVENT"):
            start = event.decoded("DTSTART")
            assert (start.date() if isinstance(start, dt.datetime) else start) == date
    (tmp_path / "one").mkdir()
    lines = khal_lines(khal, files[DAY_FILES[0]], tmp_path / "one", "2022-02-05", "3d")
    assert len(lines) == 14 and all(line.startswith("2022-02-05 ") for line in lines)


def test_split_day_with_day_summaries(sample: Conference) -> None:
    files = split_export(sample, untimed="summary")
    assert [len(events(files[name])) for name in DAY_FILES] == [2, 1]


def test_split_day_by_the_local_date_a_session_starts(
    write_notes: Callable[[str, str], Path],
) -> None:
    notes = (
        "---\ntitle: Late Conf\nstart: 2024-06-10\nend: 2024-06-11\ntimezone: Europe/Berlin\n"
        "sessions:\n  after-midnight: {start: '2024-06-10T22:30:00+00:00'}\n---\n"
        "# Late Conf\n\n## 2024-06-10\n\n### 20:00 Evening talk\n\n### After midnight\n\n"
        "## 2024-06-11\n\n### 09:00 Morning talk\n"
    )
    files = split_export(read_notes(write_notes(notes, "late.md")))
    assert list(files) == ["late-2024-06-10.ics", "late-2024-06-11.ics"]
    assert [str(e["SUMMARY"]) for e in events(files["late-2024-06-11.ics"])] == [
        "After midnight", "Morning talk",
    ]  # fmt: skip


def test_split_day_and_html_description_from_the_cli(sample_dir: Path) -> None:
    out = sample_dir / "out"
    done = subprocess.run(
        [str(BIN / "confexport"), "build", str(sample_dir / "pycascades-2022.md"),
         "-t", "ics", "-O", "split=day", "-O", "html-description=true", "-o", str(out)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in out.iterdir()) == list(DAY_FILES)
    for name in DAY_FILES:
        assert b"X-ALT-DESC;FMTTYPE=text/html:" in (out / name).read_bytes()

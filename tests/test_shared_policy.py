"""Policy decided once for every format: ``-O attended_only=true`` applied to the model
by the build, and the clock (``SOURCE_DATE_EPOCH``, else the conference's last day)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import icalendar
import pypdf
import pytest

import confexport
from confexport.cli import main
from confexport.context import FALLBACK_EPOCH, Clock, ExportContext, fallback_epoch
from confexport.images import ImageCatalogs
from confexport.model import Conference
from confexport.policy import attended_only, session_facts
from tests.conftest import SAMPLE

SKIPPED = "Literature Text Translation"


def _text(fmt: str, output: confexport.Output) -> str:
    """The words of an output, read back with the format's own reader."""
    if isinstance(output, dict):
        (main,) = [data for name, data in output.items() if name.count("/") == 0]
        output = main
    assert isinstance(output, bytes)
    if fmt == "json":
        days = json.loads(output)["days"]
        return "\n".join(talk["title"] for day in days for talk in day["talks"])
    if fmt == "ics":
        calendar = icalendar.Calendar.from_ical(output)
        return "\n".join(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(output)).pages)
    if fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(output)) as book:
            return "\n".join(
                book.read(name).decode() for name in book.namelist() if "xhtml" in name
            )
    return output.decode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "ics", "md", "anki", "epub", "pdf"])
def test_attended_only_leaves_the_skipped_session_out_of_every_format(
    sample: Conference, fmt: str
) -> None:
    assert SKIPPED in _text(fmt, confexport.export(sample, fmt))
    only = _text(fmt, confexport.export(sample, fmt, attended_only=True))
    assert SKIPPED not in only and "Tests as Classifiers" in only


def test_attended_only_drops_days_left_empty(sample: Conference) -> None:
    first = sample.days[0]
    skipped = [t for t in sample.talks if not t.attended]
    assert skipped
    import dataclasses

    lonely = dataclasses.replace(sample, days=(dataclasses.replace(first, talks=tuple(skipped)),))
    assert attended_only(lonely).days == ()
    assert len(attended_only(sample).talks) == len(sample.talks) - len(skipped)


def test_an_unknown_shared_option_value_is_refused_for_every_format(sample: Conference) -> None:
    with pytest.raises(confexport.OptionsError, match="expected true or false"):
        confexport.export(sample, "json", attended_only="perhaps")


def test_the_fallback_clock_is_noon_utc_of_the_last_day(sample: Conference) -> None:
    assert sample.end == dt.date(2022, 2, 6)
    noon = dt.datetime(2022, 2, 6, 12, tzinfo=dt.UTC)
    assert fallback_epoch([sample]) == int(noon.timestamp())
    assert fallback_epoch([Conference(title="undated")]) == FALLBACK_EPOCH
    assert Clock.for_conferences([sample], 1700000000) == Clock(1700000000, True)
    assert Clock.for_conferences([sample]) == Clock(int(noon.timestamp()), False)


@pytest.mark.parametrize("fmt", ["epub", "apkg", "ics", "pdf", "docx"])
def test_without_source_date_epoch_every_format_is_dated_by_the_same_clock(
    sample: Conference, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = confexport.export(sample, fmt)
    assert first == confexport.export(sample, fmt)  # byte-identical rebuilds
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(fallback_epoch([sample])))
    assert confexport.export(sample, fmt) == first or fmt == "ics"  # ics adds LAST-MODIFIED
    if fmt == "epub":
        assert isinstance(first, bytes)
        with zipfile.ZipFile(io.BytesIO(first)) as archive:
            assert {info.date_time for info in archive.infolist()} <= {(2022, 2, 6, 12, 0, 0)}
    if fmt == "pdf":
        assert isinstance(first, bytes)
        assert (
            pypdf.PdfReader(io.BytesIO(first))
            .metadata["/CreationDate"]
            .startswith("D:20220206120000")
        )


def test_templates_reach_the_context(sample: Conference, tmp_path: Path) -> None:
    (tmp_path / "epub").mkdir()
    (tmp_path / "epub" / "style.css").write_text("body { color: teal }\n")
    book = confexport.export(sample, "epub", templates=tmp_path)
    assert isinstance(book, bytes)
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        css = [name for name in archive.namelist() if name.endswith("style.css")]
        assert archive.read(css[0]) == b"body { color: teal }\n"
    context = ExportContext.of([sample], templates=tmp_path)
    assert context.templates == tmp_path and isinstance(context.images, ImageCatalogs)


def test_o_templates_is_still_read_as_templates(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "epub").mkdir(parents=True)
    (mine / "epub" / "style.css").write_text("body { color: teal }\n")
    out = tmp_path / "out"
    flags = ["-t", "epub", "-O", f"templates={mine}", "-o", str(out), "-q"]
    assert main(["build", str(SAMPLE), *flags]) == 0
    with zipfile.ZipFile(out / "pycascades-2022.epub") as archive:
        css = [name for name in archive.namelist() if name.endswith("style.css")]
        assert archive.read(css[0]) == b"body { color: teal }\n"


def test_the_meta_line_is_built_once_and_every_format_shows_it(sample: Conference) -> None:
    day = sample.days[0]
    talk = next(t for t in sample.talks if t.start and t.title == "Tests as Classifiers")
    facts = session_facts(talk, day)
    assert (facts.kind, facts.plain_talk, facts.attended) == ("Talk", True, True)
    assert facts.date == talk.start.date() and facts.long_date.endswith("February 2022")
    assert facts.time == "16:30" and facts.speakers == "Moshe Zadka"
    assert facts.zoned_time == f"{facts.time} {talk.start.tzname()}"
    pdf = " ".join(_text("pdf", confexport.export(sample, "pdf")).split())
    assert f"Talk · {facts.long_date} · {facts.zoned_time}" in pdf
    epub = _text("epub", confexport.export(sample, "epub"))
    assert f"<span>{facts.time}</span>" in epub and f"<span>{facts.long_date}</span>" in epub
    markdown = _text("md", confexport.export(sample, "md", images="none"))
    assert f"Moshe Zadka · {facts.time}" in markdown
    cards = _text("anki", confexport.export(sample, "anki"))
    assert f"{sample.title} · Day 1 · {facts.long_date} · {facts.time}" in cards
    skipped = next(t for t in sample.talks if not t.attended)
    assert not session_facts(skipped).attended

"""The reader on the sample and on small notes files of every shape it must handle."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

import confexport
from confexport.errors import MetadataError, NotesError
from confexport.model import Conference, Talk
from confexport.reader import MetadataSources, read_notes, read_text
from tests.conftest import FIXTURES

NOTES = FIXTURES / "notes"
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")


def read(name: str, **metadata: object) -> Conference:
    return read_notes(NOTES / name, sources=MetadataSources(values=metadata))


def titles(conference: Conference) -> list[str]:
    return [talk.title for talk in conference.talks]


def by_title(conference: Conference, title: str) -> Talk:
    (talk,) = [talk for talk in conference.talks if talk.title == title]
    return talk


# --- the sample ---------------------------------------------------------------------


def test_sample_has_18_sessions_in_two_days(sample: Conference) -> None:
    assert [len(day.talks) for day in sample.days] == [14, 4]
    assert "END OF DAY 1" not in titles(sample)
    assert [day.date for day in sample.days] == [dt.date(2022, 2, 5), dt.date(2022, 2, 6)]


def test_sample_pretalx_codes_in_order(sample: Conference) -> None:
    codes = [talk.code for talk in sample.talks if talk.code]
    expected = "MVLLML 3HKZTJ CZRPCJ WEYYJG ESCJLQ RF3L8D 9KJWWL YLBZLQ FP87MV UVFAMG 8YFUUC"
    assert codes == [*expected.split(" "), "3UBEKS", "7FZC9R", "HWAFCC", "XFUZCM"]
    assert all(talk.event == "pycascades-2022" for talk in sample.talks if talk.code)


def test_sample_non_talk_sessions(sample: Conference) -> None:
    not_talks = {talk.title for talk in sample.talks if not talk.is_talk}
    assert {
        "AMA with Brett Cannon",
        "Intellicode Demo",
        "MS Booth: What's New in VS Code Python?",
    } <= not_talks
    assert by_title(sample, "Tests as Classifiers").is_talk


def test_sample_abstracts_attendance_and_images(sample: Conference) -> None:
    talks = {talk.code: talk for talk in sample.talks}
    assert talks["WEYYJG"].abstract.startswith("Python is underrated")
    assert not talks["FP87MV"].attended
    assert sum(1 for talk in sample.talks if not talk.attended) == 1
    assert sum(len(talk.images) for talk in sample.talks) == 4
    assert [image.src for image in talks["ESCJLQ"].images] == [
        "pictures/api_elements_principles.png",
        "pictures/api_contracts.png",
    ]


def test_sample_code_fence_stays_in_tests_as_classifiers(sample: Conference) -> None:
    talk = by_title(sample, "Tests as Classifiers")
    assert "# rewards not-alarming" in talk.notes
    assert "# rewards alarming:" in talk.notes
    assert "```code" in talk.notes
    assert "rewards" not in "".join(titles(sample))


def test_sample_speakers_and_schedule_facts_from_sidecar(sample: Conference) -> None:
    talks = {talk.code: talk for talk in sample.talks}
    assert talks["ESCJLQ"].speakers == ("Neeraj Pandey",)
    assert talks["3HKZTJ"].speakers[2] == "Débora Azevedo"
    assert talks["UVFAMG"].start == dt.datetime(2022, 2, 5, 16, 30, tzinfo=PACIFIC)
    assert talks["UVFAMG"].room == "Main Stage"
    assert talks["WEYYJG"].start is None  # no source gives it: nothing invented
    assert sample.timezone == "America/Los_Angeles"
    assert sample.title == "PyCascades 2022"


def test_sample_keeps_every_word(sample: Conference) -> None:
    """Every word of the notes file is in some field of the model."""
    source = Path(sample.source or "").read_text(encoding="utf-8")
    held = " ".join(
        [sample.title, sample.subtitle, sample.url or "", sample.notes]
        + [day.notes for day in sample.days]
        + [f"{t.title} {t.url} {t.abstract} {t.notes}" for t in sample.talks]
    )
    markers = {"##", ">", "---", "END", "OF", "DAY", "1", "Schedule:", "Pycascades"}
    missing = [
        word
        for word in source.split()
        if word not in held and word.strip("<>") not in held and word not in markers
    ]
    assert missing == []


def test_sample_without_sidecar_infers_title_from_h1() -> None:
    conference = read_notes(
        Path(__file__).parent.parent / "pycascades-2022.md",
        sources=MetadataSources(use_sidecar=False),
    )
    assert conference.title == "Pycascades 2022"
    assert conference.subtitle == "Notes from the virtual conference"
    assert conference.url == "https://2022.pycascades.com/program/schedule/"
    assert conference.days[0].date is None
    esc = next(talk for talk in conference.talks if talk.code == "ESCJLQ")
    assert esc.speakers == ("@BishtPradhvan",)  # from the "Presenter's Twitter" line


# --- heading levels and days --------------------------------------------------------


def test_h1_talks_without_a_title() -> None:
    conference = read("h1-talks.md")
    assert titles(conference) == ["Rust for Pythonistas", "Typing at scale"]
    assert conference.title == "h1-talks"  # the file name
    assert [talk.uid for talk in conference.talks] == ["AB12CD", "EF34GH"]
    assert conference.talks[0].abstract == "Why Rust and Python make a good pair."


def test_h3_talks_under_h2_days_with_times() -> None:
    conference = read("h3-under-day-h2.md", start="2023-10-16", timezone="America/Chicago")
    assert conference.title == "DjangoCon 2023"
    assert [day.title for day in conference.days] == ["Day 1", "Day 2"]
    assert [day.date for day in conference.days] == [dt.date(2023, 10, 16), dt.date(2023, 10, 17)]
    keynote, orm, async_views = conference.talks
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    assert keynote.title == "Opening keynote" and keynote.kind == "keynote"
    assert keynote.start == dt.datetime(2023, 10, 16, 9, 0, tzinfo=chicago)
    assert orm.title == "ORM deep dive"
    assert (orm.start, orm.end) == (
        dt.datetime(2023, 10, 16, 10, 30, tzinfo=chicago),
        dt.datetime(2023, 10, 16, 11, 15, tzinfo=chicago),
    )
    assert "#### Q&A" in orm.notes  # a sub-heading stays in the notes
    assert async_views.start == dt.datetime(2023, 10, 17, 14, 10, tzinfo=chicago)


def test_heading_time_without_a_date_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read("h3-under-day-h2.md")
    assert conference.talks[0].start is None
    assert "h3-under-day-h2.md:5: time 09:00 in the heading has no date" in caplog.text


def test_weekday_and_date_day_headings() -> None:
    conference = read("weekday-days.md")
    assert [(day.title, day.date) for day in conference.days] == [
        ("Monday 17th July", dt.date(2023, 7, 17)),
        ("Wed 19 Jul", dt.date(2023, 7, 19)),
        ("2023-07-21", dt.date(2023, 7, 21)),
        ("Saturday", dt.date(2023, 7, 22)),
    ]
    assert conference.title == "EuroPython 2023"  # front matter over the H1


def test_date_in_h1_dates_the_file() -> None:
    conference = read("dated-h1.md", start="2022-04-28", end="2022-04-30")
    assert [day.date for day in conference.days] == [dt.date(2022, 4, 29)]
    keynote = conference.talks[0]
    assert keynote.kind == "keynote" and keynote.speakers == ("Sarah Bird",)


def test_end_of_day_marker_splits_days_and_is_not_a_session() -> None:
    conference = read("end-of-day.md")
    assert [[t.title for t in day.talks] for day in conference.days] == [
        ["First talk", "Second talk"],
        ["Third talk"],
    ]


def test_bold_titles_when_no_heading_carries_sessions() -> None:
    conference = read("bold-titles.md")
    assert [[t.title for t in day.talks] for day in conference.days] == [
        ["A. Welcome and intro", "B. Building bots"],
        ["C. Wrap-up"],
    ]
    assert conference.talks[1].notes == "Bots are fun."


def test_day_intro_and_preface_are_kept() -> None:
    conference = read("day-intro.md")
    assert conference.days[0].notes == "The venue was cold."
    assert "Preface paragraph one" in conference.notes


# --- metadata -----------------------------------------------------------------------


def test_yaml_front_matter() -> None:
    conference = read("front-matter.md")
    assert conference.title == "PyData London"
    assert conference.subtitle == "My notes"
    assert conference.authors == ("Ada Lovelace", "Alan Turing")
    assert conference.language == "en-GB"
    talk = conference.talks[0]
    assert talk.speakers == ("Wes McKinney",)
    assert talk.room == "Tower Suite"
    assert talk.start == dt.datetime(2024, 6, 14, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


def test_pelican_headers() -> None:
    conference = read("pelican-headers.md")
    assert conference.title == "PyCon AU notes"
    assert conference.authors == ("Someone",)
    assert conference.start == dt.date(2019, 8, 2)
    assert titles(conference) == ["Typing talk", "Packaging talk"]
    assert "Tags" not in conference.talks[0].notes


def test_metadata_precedence(write_notes: Callable[..., Path], tmp_path: Path) -> None:
    notes = write_notes("---\ntitle: front\nlocation: front\nlanguage: de\n---\n# H1\n## T\n\nx\n")
    (tmp_path / "notes.yaml").write_text("title: sidecar\nlocation: sidecar\nurl: https://s\n")
    metadata_file = tmp_path / "meta.yaml"
    metadata_file.write_text("title: file\n")
    conference = read_notes(
        notes, sources=MetadataSources(metadata_file=metadata_file, values={"title": "cli"})
    )
    assert conference.title == "cli"
    assert (conference.location, conference.url, conference.language) == (
        "sidecar",
        "https://s",
        "de",
    )
    without_cli = read_notes(notes, sources=MetadataSources(metadata_file=metadata_file))
    assert without_cli.title == "file"
    assert read_notes(notes).title == "sidecar"
    assert read_notes(notes, sources=MetadataSources(use_sidecar=False)).title == "front"


def test_metadata_sessions_for_an_unknown_uid_warn(
    write_notes: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    notes = write_notes("---\nsessions:\n  nope:\n    room: A\n---\n## Talk\n\nx\n")
    with caplog.at_level(logging.WARNING, logger="confexport"):
        read_notes(notes)
    assert "'nope', which matches no session" in caplog.text


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed\n", "notes.md:2: unreadable metadata"),
        ("title: !!python/object/apply:os.system ['echo hi']\n", "unreadable metadata"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("timezone: Mars/Olympus\n", "not an IANA time zone"),
        ("start: yesterday\n", "not an ISO date"),
        ("title: x\n- a list\n", "unreadable metadata"),
    ],
)
def test_bad_front_matter(write_notes: Callable[..., Path], front: str, message: str) -> None:
    notes = write_notes(f"---\n{front}---\n## Talk\n\nx\n")
    with pytest.raises(MetadataError, match=re.escape(message)):
        read_notes(notes)


def test_unclosed_front_matter(write_notes: Callable[..., Path]) -> None:
    with pytest.raises(MetadataError, match=r"notes.md:1: front matter .* never closed"):
        read_notes(write_notes("---\ntitle: x\n## Talk\n"))


# --- sessions -----------------------------------------------------------------------


def test_speaker_forms() -> None:
    conference = read("speakers.md")
    speakers = {talk.title: talk.speakers for talk in conference.talks}
    assert speakers == {
        "Fast APIs": ("Sebastián Ramírez",),
        "Scaling Postgres": ("Jane Doe",),
        "Keynote: Guido van Rossum": ("Guido van Rossum",),
        "Docs that people read": ("Daniele Procida",),
        "Observability": ("Ada Lovelace",),
        "Secure packaging": ("@somehandle",),
        "Programming Your Way up a Skyscraper - Python in the Built World": (),
    }
    assert by_title(conference, "Observability").notes == "Notes five."


def test_lightning_talk_children_are_sessions() -> None:
    conference = read("lightning.md")
    assert [(t.title, t.kind) for t in conference.talks] == [
        ("Talk before", "talk"),
        ("Emoji in identifiers", "lightning"),
        ("A tiny web framework", "lightning"),
        ("Closing remarks", "closing"),
    ]


def test_link_as_heading_and_other_links() -> None:
    conference = read("link-heading.md")
    first, second = conference.talks
    assert (first.code, first.event) == ("UVFAMG", "pycascades-2022")
    assert first.title == "Tests as Classifiers"
    assert [(link.kind, link.url) for link in first.links] == [
        ("slides", "https://speakerdeck.com/x/y"),
        ("video", "https://youtube.com/watch?v=1"),
    ]
    assert second.url == "https://example.org/talks/42" and second.code is None
    assert second.uid == "a-talk-on-another-site"


def test_markdown_is_kept_verbatim(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read("fidelity.md")
    (talk,) = conference.talks
    source = (NOTES / "fidelity.md").read_text(encoding="utf-8")
    assert talk.abstract == "The abstract."
    start = source.index("Intro with")
    assert talk.notes == source[start:].rstrip("\n")
    assert "    indented code line one" in talk.notes
    assert "fidelity.md:34: image missing.png not found" in caplog.text


def test_kinds() -> None:
    kinds = [talk.kind for talk in read("kinds.md").talks]
    assert kinds == [
        "welcome", "keynote", "panel", "break", "break", "ama", "booth", "demo", "social",
        "closing", "talk",
    ]  # fmt: skip


def test_did_not_attend() -> None:
    attended = {t.title: t.attended for t in read("not-attended.md").talks}
    assert attended == {"Talk I skipped": False, "Talk I saw": True}


def test_uids_are_unique_slugs(write_notes: Callable[..., Path]) -> None:
    conference = read_notes(write_notes("## Q&A\n\na\n\n## Q&A\n\nb\n\n## ???\n\nc\n"))
    assert [talk.uid for talk in conference.talks] == ["q-a", "q-a-2", "session-3"]


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf# Conf\r\n\r\n## Talk one\r\n\r\n> Abstract\r\n\r\nNotes\r\n")
    conference = read_notes(path)
    assert conference.title == "Conf"
    assert conference.talks[0].abstract == "Abstract"
    assert conference.talks[0].notes == "Notes"


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "notes.md: is empty"),
        (b"  \n\n", "notes.md: is empty"),
        (b"## Talk\n\ncaf\xe9\n", r"notes.md:3: is not UTF-8: byte 0xe9 at offset 12.*--encoding"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
    ],
)
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(content)
    with pytest.raises(NotesError, match=message):
        read_notes(path)


def test_other_encoding_with_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("## Café talk\n\nnaïve\n".encode("cp1252"))
    assert read_notes(path, encoding="cp1252").talks[0].title == "Café talk"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(NotesError, match="no such file"):
        read_notes(tmp_path / "absent.md")
    with pytest.raises(NotesError, match="is a folder"):
        read_notes(tmp_path)


def test_prose_without_a_name_says_what_is_expected() -> None:
    text = (NOTES / "prose-only.md").read_text(encoding="utf-8")
    with pytest.raises(NotesError, match=r"no sessions found; expected one heading per session"):
        read_text(text)


def test_prose_in_a_named_file_is_one_talk_named_by_the_file() -> None:
    conference = read("prose-only.md")
    (talk,) = conference.talks
    assert talk.title == "Prose only"
    assert "Another paragraph with no headings at all." in talk.notes


# --- shapes found in review ---------------------------------------------------------


def test_a_rule_opening_the_notes_is_not_front_matter(write_notes: Callable[..., Path]) -> None:
    conference = read_notes(write_notes("---\n\n# Title\n\n---\n\n## Talk one\n\nalpha\n"))
    assert conference.title == "Title" and titles(conference) == ["Talk one"]


def test_unknown_front_matter_keys_warn(
    write_notes: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        read_notes(write_notes("---\nTL;DR: great conference\ntags: [py]\n---\n## Talk\n\nx\n"))
    assert "notes.md:1: front matter key(s) 'tl;dr' are not ones confexport reads" in caplog.text
    assert "'tags'" not in caplog.text


def test_impossible_dates_and_yes_no_values_are_metadata_errors(
    write_notes: Callable[..., Path],
) -> None:
    with pytest.raises(MetadataError, match="unreadable metadata"):
        read_notes(write_notes("---\nstart: 2024-02-30\n---\n## Talk\n\nx\n"))
    notes = write_notes("---\nsessions:\n  talk:\n    attended: 'false'\n---\n## Talk\n\nx\n")
    assert read_notes(notes).talks[0].attended is False
    notes = write_notes("---\nsessions:\n  talk:\n    attended: maybe\n---\n## Talk\n\nx\n")
    with pytest.raises(MetadataError, match="attended: 'maybe' is not true or false"):
        read_notes(notes)


def test_an_image_first_is_not_the_subtitle(write_notes: Callable[..., Path]) -> None:
    conference = read_notes(write_notes("# Conf\n\n![conf pic](ok.png)\n\n## Talk\n\nx\n"))
    assert conference.subtitle == ""
    assert "![conf pic](ok.png)" in conference.notes


def test_times_across_noon_and_midnight() -> None:
    text = "## Day 1\n\n### 11:30-1pm Lunch talk\n\nx\n\n### 23:30–00:30 Late talk\n\ny\n"
    conference = read_text(text, sources=MetadataSources(values={"start": "2024-05-01"}))
    lunch, late = conference.talks
    assert (lunch.start, lunch.end) == (
        dt.datetime(2024, 5, 1, 11, 30),
        dt.datetime(2024, 5, 1, 13, 0),
    )
    assert (late.start, late.end) == (
        dt.datetime(2024, 5, 1, 23, 30),
        dt.datetime(2024, 5, 2, 0, 30),
    )


def test_an_unplaceable_time_stays_in_the_title() -> None:
    (talk,) = read_text("## Day 1\n\n### 10:30 Morning talk\n\nx\n").talks
    assert talk.title == "Morning talk (10:30)" and talk.start is None


def test_non_latin_titles_get_stable_uids() -> None:
    first = read_text("## 基調講演\n\nx\n\n## Ομιλία\n\ny\n").talks
    second = read_text("## 新しい\n\nz\n\n## 基調講演\n\nx\n\n## Ομιλία\n\ny\n").talks
    assert [t.uid for t in first] == [t.uid for t in second[1:]]
    assert all(t.uid.startswith("session-") and len(t.uid) == 18 for t in first)


def test_lightning_group_heading_words_are_kept() -> None:
    conference = read_text("## Lightning Talks (5pm)\n\nHosted by Ada.\n\n### One\n\nx\n")
    group, one = conference.talks
    assert group.title == "Lightning Talks (17:00)" and group.speakers == ("Ada",)
    assert one.title == "One" and one.track == "Lightning Talks"
    assert conference.days[0].notes == ""


LIGHTNING_DAY = """\
---
start: 2024-05-01
timezone: Europe/Berlin
---
# LT Conf

## Keynote: The future (09:00)

Keynote notes.

## A morning talk (10:00)

Morning notes.

## Lightning Talks (16:00)

Five minutes each.

### Tiny tool

Tool notes.

### Another tiny thing (16:10)

Thing notes.

### A third thing

Third notes.

## Closing remarks (17:00)

Bye.
"""


def test_a_group_heading_stays_where_it_was_written() -> None:
    conference = read_text(LIGHTNING_DAY)
    (day,) = conference.days
    clock = {t.title: t.start.strftime("%H:%M") if t.start else None for t in day.talks}
    assert list(clock.items()) == [
        ("Keynote: The future", "09:00"),
        ("A morning talk", "10:00"),
        ("Lightning Talks", "16:00"),  # the group's own time and words, at their place
        ("Tiny tool", "16:00"),  # the first session under it starts with the group
        ("Another tiny thing", "16:10"),
        ("A third thing", None),  # dated by its day, never given a made-up time
        ("Closing remarks", "17:00"),
    ]
    group = day.talks[2]
    assert group.notes == "Five minutes each." and day.notes == ""
    assert [t.track for t in day.talks[3:6]] == ["Lightning Talks"] * 3
    assert all(t.kind == "lightning" for t in day.talks[2:6])


def test_a_group_keeps_its_place_in_the_pdf() -> None:
    pdf = confexport.export(read_text(LIGHTNING_DAY), "pdf")
    assert isinstance(pdf, bytes)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    order = ["Keynote notes.", "Morning notes.", "Five minutes each.", "Tool notes."]
    found = [text.find(words) for words in order]
    assert -1 not in found and found == sorted(found)


def test_a_series_of_h1_groups_under_a_metadata_title_keeps_every_word(tmp_path: Path) -> None:
    """When the front matter names the conference, the first of several H1s over
    sessions is a group like the others, not a second title whose words are dropped."""
    notes = tmp_path / "blocks.md"
    notes.write_text(
        "---\ntitle: Harbour Conf\ndate: 2024-10-12\n---\n\n"
        "# Morning block\n\nThe venue sits by the old harbour.\n\n"
        "## Type hints in practice\n\nSpeaker: Hana Sato\n\nGradual typing.\n\n"
        "## Async pitfalls\n\nSpeaker: Ichiro Suzuki\n\nDo not block the loop.\n\n"
        "# Afternoon block\n\nA smaller room after lunch.\n\n"
        "## Faster tests\n\nSpeaker: Taro Yamada\n\nParallel runs.\n",
        encoding="utf-8",
    )
    conference = read_notes(notes)
    assert conference.title == "Harbour Conf"
    day_notes = " ".join(day.notes for day in conference.days)
    for words in ("Morning block", "by the old harbour", "Afternoon block", "after lunch"):
        assert words in day_notes
    assert [talk.track for talk in conference.talks] == [
        "Morning block", "Morning block", "Afternoon block",
    ]  # fmt: skip

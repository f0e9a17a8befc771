"""A folder of notes files read as one conference (``confexport.reader.folder``)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.token import Token

import confexport
from confexport import markup, media
from confexport.errors import ConfexportError, NotesError
from confexport.model import Conference, Talk
from confexport.reader import MetadataSources
from confexport.reader.folder import folder_day, natural_key, notes_files, read_folder
from confexport.reader.rebase import folder_prefix, rebase_images
from tests.conftest import FIXTURES
from tests.strategies import LINES

FOLDER = FIXTURES / "notes" / "folder-days"


def read(root: Path = FOLDER, **metadata: object) -> Conference:
    return read_folder(root, sources=MetadataSources(values=metadata))


def by_title(conference: Conference, title: str) -> Talk:
    (talk,) = [talk for talk in conference.talks if talk.title == title]
    return talk


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def conference() -> Conference:
    return read()


# --- days, order, titles ----------------------------------------------------------


def test_days_are_the_folders_as_written_dated_from_the_conference_start(
    conference: Conference,
) -> None:
    assert [day.title for day in conference.days] == ["Day 1", "Day 2", "day10"]
    assert [day.date for day in conference.days] == [
        dt.date(2025, 6, 2),
        dt.date(2025, 6, 3),
        dt.date(2025, 6, 11),
    ]
    assert (conference.start, conference.end) == (dt.date(2025, 6, 2), dt.date(2025, 6, 11))


def test_files_are_read_in_natural_order(conference: Conference) -> None:
    day1, day2, day10 = conference.days
    assert [talk.title for talk in day1.talks] == ["Shipping Is a Feature", "Layouts Without Tears"]
    assert day2.talks[0].title == "Offline First Sync"
    assert [talk.title for talk in day10.talks] == ["Panel: What We Would Build Again"]
    assert [path.name for path in notes_files(FOLDER)] == [
        "2-opening-keynote.md",
        "10-layouts-without-tears.md",
        "Day 2 - 01 - Offline First Sync - Rosa Delgado.md",
        "Day 2 - 02 - Testing the Untestable - Kenji Mori.md",
        "closing-panel.md",
        "README.md",
    ]


def test_natural_key_orders_numbers_by_value() -> None:
    names = ["day10", "Day 2", "10-y.md", "02-x.md", "Day 1 - 10 - b", "Day 1 - 02 - a"]
    assert sorted(names, key=natural_key) == [
        "02-x.md",
        "10-y.md",
        "Day 1 - 02 - a",
        "Day 1 - 10 - b",
        "Day 2",
        "day10",
    ]


@pytest.mark.parametrize(
    ("name", "number", "date"),
    [
        ("Day 1", 1, None),
        ("day2", 2, None),
        ("Day-03", 3, None),
        ("day_4", 4, None),
        ("2024-05-02", None, dt.date(2024, 5, 2)),
        ("18-Avril", None, dt.date(2024, 4, 18)),
        ("Jour 2", 2, None),
    ],
)
def test_folder_names_that_name_a_day(name: str, number: int | None, date: dt.date | None) -> None:
    mark = folder_day(name)
    assert mark is not None
    assert mark.number == number
    if date is not None:
        assert mark.resolve(None, 2024) == date


@pytest.mark.parametrize("name", ["talks", "2019", "midwestjs", "iOSConf 2025", "pictures"])
def test_other_folder_names_name_no_day(name: str) -> None:
    assert folder_day(name) is None


def test_times_in_headings_are_on_the_folder_day_in_the_conference_zone(
    conference: Conference,
) -> None:
    keynote = by_title(conference, "Shipping Is a Feature")
    assert keynote.start is not None
    assert keynote.start.isoformat() == "2025-06-02T09:30:00+01:00"
    assert keynote.speakers == ("Inês Carvalho",)


def test_title_from_the_readme_h1_its_words_are_the_preface(conference: Conference) -> None:
    assert conference.title == "Northwind Mobile Residency 2025"
    assert conference.notes.startswith("Ten days of talks and workshops")
    assert "# Northwind" not in conference.notes
    assert conference.location == "Porto" and conference.timezone == "Europe/Lisbon"
    assert conference.stem == "folder-days"
    assert conference.base_dir == FOLDER


def test_metadata_title_beats_the_readme_and_the_folder_name_is_the_last_resort(
    tmp_path: Path,
) -> None:
    assert read(title="Renamed").title == "Renamed"
    root = write(tmp_path / "craft-2016", {"a.md": "# Alpha\n\nnotes\n", "b.md": "# Beta\n\nx\n"})
    untitled = read(root)
    assert untitled.title == "craft-2016"
    assert [day.title for day in untitled.days] == ["Day 1"]  # one day for a flat folder
    assert [talk.title for talk in untitled.talks] == ["Alpha", "Beta"]


def test_root_files_keep_their_own_days_and_join_the_day_folders(tmp_path: Path) -> None:
    root = write(
        tmp_path / "conf",
        {
            "schedule-notes.md": "# Conf\n\n## Day 1\n\n### Welcome\n\nhi\n\n"
            "## Day 2\n\n### Lunch chat\n\nfood\n",
            "Day 2/talk.md": "# A talk on day two\n\nwords\n",
            "day-3.md": "# Closing thoughts\n\nbye\n",
        },
    )
    conference = read(root, start="2024-03-04")
    days = [(day.title, day.date, [t.title for t in day.talks]) for day in conference.days]
    assert days == [
        ("Day 1", dt.date(2024, 3, 4), ["Welcome"]),
        ("Day 2", dt.date(2024, 3, 5), ["A talk on day two", "Lunch chat"]),
        ("Day 3", dt.date(2024, 3, 6), ["Closing thoughts"]),
    ]


# --- sources and uids -------------------------------------------------------------


def test_each_talk_names_its_own_file_and_line(conference: Conference) -> None:
    sources = {talk.title: talk.source for talk in conference.talks}
    keynote = sources["Shipping Is a Feature"]
    assert keynote is not None
    assert keynote.path == str(FOLDER / "Day 1" / "2-opening-keynote.md") and keynote.line == 1
    sync = sources["Offline First Sync"]
    assert sync is not None
    assert sync.path.endswith("Day 2/Day 2 - 01 - Offline First Sync - Rosa Delgado.md")


def test_messages_name_the_file_and_line_relative_to_the_folder_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, {"README.md": "# C\n", "Day 1/talk.md": "# Talk\n\nx\n\n![gone](gone.png)\n"})
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.WARNING, logger="confexport"):
        read(Path())
    assert caplog.messages == ["Day 1/talk.md:5: image gone.png not found"]  # as written


def test_uids_are_unique_across_the_whole_conference(tmp_path: Path) -> None:
    root = write(
        tmp_path / "c",
        {"Day 1/a.md": "# Q&A\n\nx\n", "Day 2/b.md": "# Q&A\n\ny\n", "Day 3/c.md": "# Q&A\n\nz\n"},
    )
    assert [talk.uid for talk in read(root).talks] == ["q-a", "q-a-2", "q-a-3"]


# --- images ------------------------------------------------------------------------


def test_images_are_relative_to_their_own_files_folder(conference: Conference) -> None:
    keynote = by_title(conference, "Shipping Is a Feature")
    sync = by_title(conference, "Offline First Sync")
    assert [image.src for image in keynote.images] == ["Day%201/stage.png", "Day%201/diagram.png"]
    assert "![Release train diagram, drawn on the whiteboard](Day%201/diagram.png)" in keynote.notes
    assert [image.src for image in sync.images] == ["Day%202/diagram.png"]
    assert keynote.images[0].path == str(FOLDER / "Day 1" / "2-opening-keynote.md")


def test_two_images_with_one_relative_name_stay_two_images(conference: Conference) -> None:
    keynote, sync = (
        by_title(conference, "Shipping Is a Feature"),
        by_title(conference, "Offline First Sync"),
    )
    first = media.find_image(conference, keynote.images[1].src)
    second = media.find_image(conference, sync.images[0].src)
    assert first.path == (FOLDER / "Day 1" / "diagram.png").resolve()
    assert second.path == (FOLDER / "Day 2" / "diagram.png").resolve()
    # and an exporter packages both, each once
    output = confexport.export(conference, "md")
    assert isinstance(output, dict)
    images = {name: data for name, data in output.items() if name.endswith(".png")}
    assert len(images) == 3 and len(set(images.values())) == 3
    assert images["folder-days-media/02-diagram.png"] == first.path.read_bytes()
    assert images["folder-days-media/03-diagram.png"] == second.path.read_bytes()


def test_images_may_come_from_anywhere_in_the_folder_but_never_outside_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "secret.png").write_bytes(b"secret")
    root = write(
        tmp_path / "notes",
        {"Day 1/talk.md": "# Talk\n\n![logo](../shared/logo.png)\n\n![no](../../secret.png)\n"},
    )
    (root / "shared").mkdir()
    (root / "shared" / "logo.png").write_bytes(b"png")
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read(root)
    logo, secret = conference.talks[0].images
    assert media.find_image(conference, logo.src).path == (root / "shared" / "logo.png").resolve()
    assert media.find_image(conference, secret.src).path is None
    assert caplog.messages == [
        f"{root / 'Day 1' / 'talk.md'}:5: image ../../secret.png is outside the notes folder; "
        "not embedded"
    ]


def test_a_path_that_leads_nowhere_is_found_by_name_or_in_a_resource_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write(
        tmp_path / "vault",
        {"Day 1/talk.md": "# Talk\n\n![a](pasted.png)\n\n![b](elsewhere.png)\n"},
    )
    (root / "attachments").mkdir()
    (root / "attachments" / "pasted.png").write_bytes(b"png")  # as Obsidian keeps them
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "elsewhere.png").write_bytes(b"png")
    sources = MetadataSources(resource_paths=(tmp_path / "extra",))
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read_folder(root, sources=sources)
    pasted, elsewhere = conference.talks[0].images
    assert (pasted.src, elsewhere.src) == ("pasted.png", "elsewhere.png")  # left as written
    assert (
        media.find_image(conference, pasted.src).path
        == (root / "attachments" / "pasted.png").resolve()
    )
    assert (
        media.find_image(conference, elsewhere.src).path
        == (tmp_path / "extra" / "elsewhere.png").resolve()
    )
    assert caplog.messages == []


def test_rebasing_touches_image_paths_only() -> None:
    text = (
        "`![code](c.png)` ![a](a.png) [link](l.md) ![r](https://x.org/r.png) ![abs](/x.png)\n\n"
        "![ref][1]\n\n[1]: <b c.png>\n"
    )
    rebased, sources = rebase_images(text, "Day%201/")
    assert rebased == (
        "`![code](c.png)` ![a](Day%201/a.png) [link](l.md) ![r](https://x.org/r.png) "
        "![abs](/x.png)\n\n![ref][1]\n\n[1]: <Day%201/b c.png>\n"
    )
    assert sources == {"a.png", "b%20c.png"}


IMAGE_LINES = st.sampled_from(
    [
        "![a](<my pic.png> \"t\")", "![r][ref]", "[ref]: ref.png", "> ![q](q.png)",
        "`![c](c.png)`", "[![i](i.png)](l.html)", "![p](p(1).png)", "![u](../up.png)",
        "[link](doc.md)", "![e]()", "![s](./x.png#frag)",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(LINES, IMAGE_LINES, st.text(max_size=20)), max_size=25).map("\n".join)


def _inline(text: str) -> list[Token]:
    """Inline tokens as the formats that show raw HTML as text parse them."""
    tokens = markup.parser(html_blocks=False).parse(markup.bounded(text))
    return [token for token in tokens if token.type == "inline"]


def _sources(text: str) -> list[str]:
    children = [child for token in _inline(text) for child in token.children or ()]
    return [str(child.attrs.get("src", "")) for child in children if child.type == "image"]


@given(TEXT, st.sampled_from(["Day 1", "a/b (c)", "Jour é", "x%y#z?"]))
def test_rebase_properties_only_relative_image_paths_change(text: str, folder: str) -> None:
    prefix = folder_prefix(folder)
    rebased, sources = rebase_images(text, prefix)
    words = [markup.inline_text(token) for token in _inline(text)]
    assert [markup.inline_text(token) for token in _inline(rebased)] == words
    assert _sources(rebased) == [prefix + src if src in sources else src for src in _sources(text)]


# --- metadata ----------------------------------------------------------------------


def test_conference_yaml_is_the_folders_metadata_unless_no_sidecar() -> None:
    ignored = read_folder(FOLDER, sources=MetadataSources(use_sidecar=False))
    assert ignored.start is None and ignored.timezone is None
    assert [day.date for day in ignored.days] == [None, None, None]
    assert read(timezone="Asia/Tokyo").timezone == "Asia/Tokyo"  # -M over conference.yaml


def test_each_files_front_matter_applies_to_its_sessions_and_sessions_facts_to_the_whole(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path / "c",
        {
            "conference.yaml": "start: 2024-01-10\nsessions:\n  intro-2: {room: Hall B}\n",
            "Day 1/intro.md": "---\nsessions:\n  intro: {room: Hall A}\n---\n# Intro\n\nx\n",
            "Day 2/intro.md": "# Intro\n\ny\n",
        },
    )
    first, second = read(root).talks
    assert (first.uid, first.room) == ("intro", "Hall A")
    assert (second.uid, second.room) == ("intro-2", "Hall B")
    assert second.start is None and read(root).days[1].date == dt.date(2024, 1, 11)


# --- files that are not talks, files that are skipped -------------------------------


def test_a_file_without_sessions_keeps_its_words(tmp_path: Path) -> None:
    root = write(
        tmp_path / "c",
        {"Day 1/talk.md": "# Talk\n\nx\n", "Day 1/venue.md": "The venue opens at eight.\n"},
    )
    conference = read(root)
    everything = [conference.notes, *(d.notes for d in conference.days)]
    everything += [t.notes for t in conference.talks]
    assert any("The venue opens at eight." in text for text in everything)


def test_hidden_files_repository_files_and_outside_links_are_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "elsewhere.md").write_text("# Elsewhere\n\nx\n")
    root = write(
        tmp_path / "c",
        {
            "talk.md": "# Talk\n\nx\n",
            "_keynote.md": "# Keynote\n\ny\n",
            ".obsidian/workspace.md": "# Not notes\n\nz\n",
            "node_modules/pkg/README.md": "# Not notes either\n\nz\n",
            "LICENSE.md": "# MIT License\n\nz\n",
        },
    )
    (root / "link.md").symlink_to(tmp_path / "elsewhere.md")
    (root / "again.md").symlink_to(root / "talk.md")  # read once, as talk.md
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read(root)
    assert [talk.title for talk in conference.talks] == ["Keynote", "Talk"]
    assert caplog.messages == [f"{root / 'link.md'}: links to outside the notes folder; not read"]


def test_a_folder_without_notes_files_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "picture.png").write_bytes(b"png")
    with pytest.raises(NotesError, match=r"no Markdown notes files \(\.md, \.markdown\)"):
        read(tmp_path)


def test_a_broken_file_is_an_error_naming_it(tmp_path: Path) -> None:
    root = write(tmp_path / "c", {"a.md": "# A\n\nx\n", "Day 1/b.md": "---\ntitle: x\n\n# B\n"})
    with pytest.raises(ConfexportError, match=r"Day 1/b\.md:1: front matter .* never closed"):
        read(root)


def test_a_folder_with_only_a_readme_reads_it_as_the_notes(tmp_path: Path) -> None:
    root = write(tmp_path / "jquery-uk", {"README.md": "# jQuery UK\n\n## First\n\na\n\n## Two\n"})
    conference = confexport.read(root)
    assert conference.title == "jQuery UK" and conference.stem == "jquery-uk"
    assert [talk.title for talk in conference.talks] == ["First", "Two"]


def test_a_copy_of_the_fixture_reads_the_same(tmp_path: Path, conference: Conference) -> None:
    copy = shutil.copytree(FOLDER, tmp_path / "folder-days")
    assert read(copy) == conference


def test_a_file_name_alone_titles_its_talk(conference: Conference) -> None:
    """``Day 2 - 02 - Testing the Untestable - Kenji Mori.md`` has no heading at all: its
    title and speaker are only in its name."""
    day2 = conference.days[1]
    assert [talk.title for talk in day2.talks] == ["Offline First Sync", "Testing the Untestable"]
    assert day2.talks[1].speakers == ("Kenji Mori",)
    assert day2.talks[1].notes.startswith("Tests that need a real network")

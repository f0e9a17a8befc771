"""The command line: commands, messages, exit codes and the files it writes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.conftest import FIXTURES, SAMPLE, Run
from tests.exporters.test_ics import events, vobject_check
from tests.exporters.test_pdf import pdftotext
from tests.validators import epubcheck_reports


def test_console_script_help_and_version() -> None:
    script = Path(sys.executable).with_name("confexport")
    help_text = subprocess.run([script, "--help"], capture_output=True, text=True, check=True)
    assert "inspect" in help_text.stdout and "build" in help_text.stdout
    version = subprocess.run([script, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("confexport ")


def test_usage_error_exits_2() -> None:
    script = Path(sys.executable).with_name("confexport")
    result = subprocess.run([script, "build"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_inspect_table(run: Run) -> None:
    code, out, _ = run("inspect", SAMPLE)
    assert code == 0
    assert out.startswith("PyCascades 2022, 2022-02-05 to 2022-02-06 (America/Los_Angeles)")
    assert "18 sessions in 2 day(s), 4 images" in out
    row = next(line for line in out.splitlines() if "Tests as Classifiers" in line)
    assert "16:30" in row and "UVFAMG" in row and "Moshe Zadka" in row
    assert "(not attended) Literature" in out


def test_inspect_json_shape(run: Run) -> None:
    code, out, _ = run("inspect", SAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "PyCascades 2022"
    talk = data["days"][0]["talks"][12]
    assert set(talk) == {
        "uid", "title", "kind", "speakers", "url", "event", "code", "abstract", "notes",
        "images", "links", "tags", "start", "end", "room", "track", "attended", "line",
    }  # fmt: skip
    assert talk["start"] == "2022-02-05T16:30:00-08:00"
    assert talk["line"] == 220


def test_build_json_matches_inspect_and_is_stable(run: Run, tmp_path: Path) -> None:
    code, _, err = run("build", SAMPLE, "-t", "json", "-o", tmp_path)
    assert code == 0, err
    written = (tmp_path / "pycascades-2022.json").read_text(encoding="utf-8")
    _, printed, _ = run("inspect", SAMPLE, "--json")
    assert written == printed
    assert [p.name for p in tmp_path.iterdir()] == ["pycascades-2022.json"]  # no temp files


def test_formats_lists_json(run: Run) -> None:
    code, out, _ = run("formats")
    assert code == 0
    assert any(line.split()[:2] == ["json", ".json"] for line in out.splitlines())


def test_unknown_format_and_option_are_usage_errors(run: Run, tmp_path: Path) -> None:
    code, _, err = run("build", SAMPLE, "-t", "nope", "-o", tmp_path)
    assert code == 2 and "unknown format 'nope'" in err
    code, _, err = run("build", SAMPLE, "-t", "json", "-O", "colour=red", "-o", tmp_path)
    assert code == 2 and "colour" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x7fELF\x02\x01\x00\x00binary\x00", "binary"),
        (b"\xff\xfe#\x00 \x00T\x00", "--encoding utf-16"),
        (b"## T\n\n\xe9t\xe9\n", "notes.md:3: is not UTF-8"),
        (b"---\ntitle: [x\n---\n## T\n", "notes.md:2: unreadable metadata"),
        (b"\n---\n\n* * *\n", "no sessions found"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    run: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(content)
    code, _, err = run("build", notes, "-t", "json", "-o", tmp_path / "out")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("confexport: ") and message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_missing_file_and_folder(run: Run, tmp_path: Path) -> None:
    code, _, err = run("inspect", tmp_path / "absent.md")
    assert code == 1 and "absent.md: no such file" in err
    code, _, err = run("inspect", tmp_path)
    assert code == 1 and "no Markdown notes files" in err


def test_strict_turns_warnings_into_exit_3(
    run: Run, write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    notes = write_notes("## Talk\n\n![x](nowhere.png)\n")
    code, _, err = run("build", notes, "-t", "json", "-o", tmp_path / "out")
    assert code == 0 and "notes.md:3: image nowhere.png not found" in err
    code, _, err = run("build", notes, "-t", "json", "-o", tmp_path / "out", "--strict")
    assert code == 3


def test_metadata_options(run: Run, write_notes: Callable[..., Path], tmp_path: Path) -> None:
    notes = write_notes("## Talk\n\nx\n")
    meta = tmp_path / "m.yaml"
    meta.write_text("title: From file\nlocation: Lisbon\n")
    code, out, _ = run("inspect", notes, "--json", "--metadata-file", meta, "-M", "title=From M")
    data = json.loads(out)
    assert code == 0 and (data["title"], data["location"]) == ("From M", "Lisbon")
    code, _, err = run("inspect", notes, "-M", "no-equals-sign")
    assert code == 1 and "-M expects key=value" in err


def test_encoding_option(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "latin.md"
    notes.write_bytes("## Café\n\nx\n".encode("latin-1"))
    code, out, _ = run("inspect", notes, "--json", "--encoding", "latin-1")
    assert code == 0 and json.loads(out)["days"][0]["talks"][0]["title"] == "Café"


def test_never_overwrites_the_input(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "talks.json"
    notes.write_text("## Talk\n\nx\n")
    code, _, err = run("build", notes, "-t", "json", "-o", tmp_path)
    assert code == 1 and "refusing to overwrite the input file" in err
    assert notes.read_text() == "## Talk\n\nx\n"


def test_quiet_prints_nothing_on_success(run: Run, tmp_path: Path) -> None:
    code, out, err = run("build", SAMPLE, "-t", "json", "-o", tmp_path, "-q")
    assert (code, out, err) == (0, "", "")


def test_resource_path_finds_images_elsewhere_but_never_outside_it(
    run: Run, write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    shared = tmp_path / "shared"  # beside the notes folder: not searched unless given
    shared.mkdir()
    (shared / "slide.png").write_bytes(b"png")
    (tmp_path / "notes").mkdir()
    notes = write_notes("## Talk\n\n![s](slide.png)\n\n![e](../secret.png)\n", "notes/notes.md")
    (tmp_path / "secret.png").write_bytes(b"secret")
    code, _, err = run("inspect", notes)
    assert "image slide.png not found" in err
    code, _, err = run("inspect", notes, "--resource-path", shared)
    assert code == 0 and "slide.png" not in err
    assert "image ../secret.png is outside the notes folder" in err


def test_check_reports_what_would_degrade_an_export(
    run: Run, write_notes: Callable[..., Path]
) -> None:
    notes = write_notes(
        "## Same\n\n![](gone.png)\n\n"
        "## Same\n\nx\n\n"
        "## [Linked](https://pretalx.com/ev/talk/ABCDEF/)\n\nok\n\n"
        "## [Elsewhere](https://example.org/talk/1)\n\nok\n\n"
        "![diagram](https://example.org/diagram.png)\n"
    )
    code, out, err = run("check", notes)
    assert code == 3 and err == ""
    assert "notes.md:3: image gone.png not found" in out
    # as the build warns it: every format shows a placeholder for it
    remote = "https://example.org/diagram.png is a remote image; kept as a link, never fetched"
    assert f"notes.md:17: image {remote}" in out
    assert "notes.md:3: image gone.png has no alt text" in out
    assert out.count("'Same' is used by another session") == 2
    assert "notes.md:13: talk link https://example.org/talk/1 is not a pretalx talk link" in out
    assert (  # the four undated sessions are one line
        f"{notes}:1: a session has no date (give 'start:' metadata) (4 times; also at "
        f"{notes}:5, {notes}:9 and 1 more)\n" in out
    )
    assert "notes.md: 10 problem(s) in 4 sessions" in out


def test_check_reports_characters_the_pdf_cannot_draw(
    run: Run, write_notes: Callable[..., Path]
) -> None:
    notes = write_notes(
        "---\nstart: 2024-05-01\n---\n# Conf\n\n## 基調講演\n\nSpeaker: 山田 太郎\n\n"
        "Notes 🎉\n\n## Plain talk\n\nwords\n"
    )
    code, out, _ = run("check", notes)
    assert code == 3
    (line,) = [ln for ln in out.splitlines() if "no glyph" in ln]
    assert line.startswith(f"{notes}:6: the PDF's fonts have no glyph for CJK 基 (U+57FA)")
    assert "emoji and symbols 🎉 (U+1F389)" in line and "Plain talk" not in out


def test_check_is_clean_on_the_sample(run: Run) -> None:
    code, out, _ = run("check", SAMPLE)
    assert code == 0 and "no problem(s) in 18 sessions" in out


def test_several_files_build_in_parallel_and_relay_warnings(
    run: Run, write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    first = write_notes("## One\n\n![x](gone.png)\n", "first.md")
    second = write_notes("## Two\n\nfine\n", "second.md")
    code, _, err = run("build", first, second, "-t", "json", "-o", tmp_path / "out", "--strict")
    assert code == 3
    assert "first.md:3: image gone.png not found" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.json", "second.json"]


def test_one_failing_format_does_not_stop_the_others(
    run: Run, write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    notes = write_notes("## One\n\nx\n")
    code, _, err = run(
        "build", notes, "-t", "json,md", "--combine", "--book-title", "My PyCons",
        "-o", tmp_path / "out",
    )  # fmt: skip
    assert code == 1
    assert "confexport: json: cannot combine several notes files" in err
    assert "My PyCons" in (tmp_path / "out" / "conferences.md").read_text(encoding="utf-8")


def test_option_names_take_hyphens_and_paper_comes_from_metadata(run: Run, tmp_path: Path) -> None:
    code, _, err = run("build", SAMPLE, "-t", "ics", "-O", "attended-only=true", "-o", tmp_path)
    assert code == 0, err
    calendar = (tmp_path / "pycascades-2022.ics").read_text(encoding="utf-8")
    assert "Literature Text Translation" not in calendar and "Tests as Classifiers" in calendar
    code, out, _ = run("inspect", SAMPLE, "--json", "-M", "paper=Letter")
    assert code == 0 and json.loads(out)["paper"] == "letter"
    code, out, _ = run("inspect", SAMPLE, "--json", "-M", "paper=A5")
    assert code == 0 and json.loads(out)["paper"] == "a5"
    code, _, err = run("inspect", SAMPLE, "-M", "paper=A3")
    assert code == 1 and "paper: 'A3' is not a4, letter or a5" in err


def test_templates_override_the_built_in_files_one_by_one(run: Run, tmp_path: Path) -> None:
    import zipfile

    mine = tmp_path / "mine"
    (mine / "epub").mkdir(parents=True)
    (mine / "anki").mkdir()
    (mine / "epub" / "style.css").write_text("/* MY-EPUB-STYLE */ body { margin: 0 }\n")
    (mine / "anki" / "cards.css").write_text("/* MY-CARD-STYLE */ .card { color: black }\n")
    out = tmp_path / "out"
    code, _, err = run("build", SAMPLE, "-t", "epub,apkg", "--templates", mine, "-o", out)
    assert code == 0, err
    with zipfile.ZipFile(out / "pycascades-2022.epub") as book:
        assert b"MY-EPUB-STYLE" in book.read("EPUB/style.css")
        chapter = next(name for name in book.namelist() if "UVFAMG" in name)
        assert b"Tests as Classifiers" in book.read(chapter)  # the other templates still built-in
    with zipfile.ZipFile(out / "pycascades-2022.apkg") as package:
        assert b"MY-CARD-STYLE" in package.read("collection.anki2")


def test_a_broken_environment_or_output_folder_is_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    code, _, err = run("build", SAMPLE, "-t", "pdf,json", "-o", tmp_path / "out")
    assert code == 2 and "SOURCE_DATE_EPOCH='abc' is not a Unix time" in err
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (tmp_path / "file").write_text("x")
    code, _, err = run("build", SAMPLE, "-t", "json", "-o", tmp_path / "file")
    assert code == 2 and "exists and is not a folder" in err
    code, _, err = run("build", SAMPLE, "-t", "md", "--combine", "../escape", "-o", tmp_path)
    assert code == 2 and "give a file name, not a path" in err


def test_two_notes_files_with_one_name_are_refused(run: Run, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notes.md").write_text(f"## Talk {folder}\n\nx\n")
    code, _, err = run(
        "build", tmp_path / "a" / "notes.md", tmp_path / "b" / "notes.md", "-t", "json",
        "-o", tmp_path / "out",
    )  # fmt: skip
    assert code == 2 and "would both be written as" in err
    assert not (tmp_path / "out").exists()


def test_a_bug_in_one_exporter_does_not_stop_the_others(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confexport.exporters.json import JsonExporter

    def broken(self: object, conference: object, options: object) -> bytes:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(JsonExporter, "export", broken)
    code, _, err = run("build", SAMPLE, "-t", "json,ics", "-o", tmp_path, "-q")
    assert code == 1
    assert "confexport: json: internal error, please report it: ZeroDivisionError" in err
    assert (tmp_path / "pycascades-2022.ics").is_file()


def test_images_in_the_preface_and_day_notes_are_checked(
    run: Run, write_notes: Callable[..., Path]
) -> None:
    notes = write_notes(
        "# Conf\n\nIntro ![a](nope1.png)\n\n## Day 1\n\n![](nope2.png)\n\n### Talk\n\nx\n"
    )
    code, out, _ = run("check", notes)
    assert code == 3
    assert "notes.md:3: image nope1.png not found" in out
    assert "notes.md:7: image nope2.png not found" in out
    assert "notes.md:7: image nope2.png has no alt text" in out
    code, out, _ = run("inspect", notes, "--json")
    data = json.loads(out)
    assert data["images"][0]["src"] == "nope1.png"
    assert data["days"][0]["images"][0]["line"] == 7


# --- a folder of notes ---------------------------------------------------------------

FOLDER = FIXTURES / "notes" / "folder-days"
TALK_TITLES = [
    "Shipping Is a Feature",
    "Layouts Without Tears",
    "Offline First Sync",
    "Panel: What We Would Build Again",
]


def test_build_a_folder_writes_valid_epub_pdf_and_ics(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run("build", FOLDER, "-t", "epub,pdf,ics", "-o", out)
    assert code == 0 and "warning" not in err, err
    assert sorted(p.name for p in out.iterdir()) == [
        "folder-days.epub",
        "folder-days.ics",
        "folder-days.pdf",
    ]
    report = epubcheck_reports({"folder": out / "folder-days.epub"}, tmp_path)["folder"]
    assert report["messages"] == []
    with zipfile.ZipFile(out / "folder-days.epub") as book:
        images = [name for name in book.namelist() if name.endswith(".png")]
        assert len([name for name in images if "diagram" in name]) == 2  # two diagram.png

    pdf = (out / "folder-days.pdf").read_bytes()
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == "Northwind Mobile Residency 2025"
    text = " ".join(pdftotext(pdf).split())
    assert all(title in text for title in TALK_TITLES)

    ics = (out / "folder-days.ics").read_bytes()
    vobject_check(ics)
    starts = {str(e["SUMMARY"]).split(" — ")[0]: e.decoded("DTSTART") for e in events(ics)}
    assert set(TALK_TITLES) <= set(starts)
    assert starts["Shipping Is a Feature"].isoformat() == "2025-06-02T09:30:00+01:00"
    assert starts["Offline First Sync"] == dt.date(2025, 6, 3)  # all day: no time given


def test_inspect_and_check_a_folder(run: Run) -> None:
    code, out, _ = run("inspect", FOLDER)
    assert code == 0
    assert out.startswith("Northwind Mobile Residency 2025, 2025-06-02 to 2025-06-11")
    code, out, _ = run("inspect", FOLDER, "--json")
    data = json.loads(out)
    assert [day["title"] for day in data["days"]] == ["Day 1", "Day 2", "day10"]
    assert [t["title"] for day in data["days"] for t in day["talks"]][:3] == TALK_TITLES[:3]
    code, out, _ = run("check", FOLDER)
    assert code == 0 and out.endswith(": no problem(s) in 5 sessions of 6 notes files\n")


def test_check_a_folder_reports_each_file_at_its_own_lines(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "conf"
    (root / "Day 2").mkdir(parents=True)
    (root / "Day 1").mkdir()
    (root / "Day 2" / "b.md").write_text("# B\n\nx\n\n![](gone.png)\n")
    (root / "Day 1" / "a.md").write_text("# [A](https://example.org/talk/1)\n\nx\n")
    code, out, err = run("check", root, "-M", "start=2024-05-02")
    assert code == 3 and err == ""
    assert out.splitlines() == [
        f"{root / 'Day 1' / 'a.md'}:1: talk link https://example.org/talk/1 is not a pretalx "
        "talk link",
        f"{root / 'Day 2' / 'b.md'}:5: image gone.png not found",
        f"{root / 'Day 2' / 'b.md'}:5: image gone.png has no alt text",
        f"{root}: 3 problem(s) in 2 sessions of 2 notes files",
    ]


def test_a_folder_is_built_under_its_name_never_into_itself_unless_asked(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "conf"
    root.mkdir()
    (root / "conf.md").write_text("# A talk\n\nx\n")
    (root / "other.md").write_text("# Another\n\ny\n")
    monkeypatch.chdir(root)
    code, _, err = run("build", ".", "-t", "json")
    assert code == 2 and "inside the notes folder" in err
    assert sorted(p.name for p in root.iterdir()) == ["conf.md", "other.md"]
    code, _, err = run("build", ".", "-t", "md", "-o", ".")  # asked, but conf.md is notes
    assert code == 1 and "refusing to overwrite the input file" in err
    assert (root / "conf.md").read_text() == "# A talk\n\nx\n"
    code, _, err = run("build", ".", "-t", "json", "-o", "exports")
    assert code == 0 and (root / "exports" / "conf.json").is_file()


def test_a_folder_without_notes_is_one_line_and_exit_1(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run("build", tmp_path / "empty", "-t", "pdf", "-o", tmp_path / "out")
    assert code == 1
    assert err == (
        f"confexport: {tmp_path / 'empty'}: no Markdown notes files (.md, .markdown) "
        "in this folder\n"
    )
    assert not (tmp_path / "out").exists()


TINY_DATED_NOTES = """---
title: Tiny
start: 2024-05-04
timezone: Europe/Berlin
---

## Day 1

### 10:00 A talk

![a square](square.png)

Some notes.
"""


def _console(
    *args: str | Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("confexport")
    command = [str(script), *(str(arg) for arg in args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)


def test_every_format_leaves_nothing_in_tmpdir(tmp_path: Path) -> None:
    from PIL import Image

    notes = tmp_path / "tiny.md"
    notes.write_text(TINY_DATED_NOTES, encoding="utf-8")
    Image.new("RGB", (8, 8), "red").save(tmp_path / "square.png")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    result = _console("build", notes, "-t", "all", "-o", tmp_path / "out", "-q", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "tiny.apkg").is_file()
    assert sorted(path.name for path in scratch.iterdir()) == []


def test_a_combined_export_that_fails_is_one_line_and_the_rest_still_build(
    run: Run, write_notes: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confexport.exporters.pandoc import documents as pandoc_document
    from confexport.exporters.pandoc import exporter as pandoc

    def book_that_breaks_on(conferences: list[Any], *args: Any, **kwargs: Any) -> Any:
        if any(conference.title == "Broken" for conference in conferences):
            raise RecursionError("maximum recursion depth exceeded")
        return pandoc_document.book(conferences, *args, **kwargs)

    monkeypatch.setattr(pandoc, "book", book_that_breaks_on)
    broken = write_notes("---\ntitle: Broken\n---\n\n## One\n\nx\n", "broken.md")
    fine = write_notes("---\ntitle: Fine\n---\n\n## Two\n\ny\n", "fine.md")
    out = tmp_path / "out"
    code, _, err = run("build", broken, fine, "-t", "md,anki", "--combine", "-o", out, "-q")
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"confexport: md: {broken}: internal error, please report it: "
        "RecursionError: maximum recursion depth exceeded; the book is written without it"
    ]
    book = (out / "conferences.md").read_text(encoding="utf-8")
    assert "Fine" in book and "Broken" not in book
    assert "Broken" in (out / "conferences.anki.csv").read_text(encoding="utf-8")


def test_control_characters_in_messages_are_shown_escaped(run: Run, tmp_path: Path) -> None:
    hostile = "evil\x1b[2J\nname\x9b"
    notes = tmp_path / f"{hostile}.md"
    notes.write_text("# Conf\n\n## Talk \u202e evil\n\n![x](gone.png)\n\nnotes\n", encoding="utf-8")
    broken = tmp_path / f"{hostile}-broken.md"
    broken.write_text("---\ntitle: x\n\n## Talk\n", encoding="utf-8")
    shown = str(tmp_path / "evil\\x1b[2J\\nname\\x9b")
    code, _, err = run("build", notes, broken, "-t", "json,md", "-o", tmp_path / "out")
    assert code == 1
    assert f"confexport: warning: {shown}.md:5: image gone.png not found\n" in err
    assert f"confexport: {shown}-broken.md:1: front matter opened with '---'" in err
    assert f"wrote {tmp_path / 'out' / 'evil'}\\x1b[2J\\nname\\x9b.json (" in err
    code, out, _ = run("check", notes)
    assert code == 3 and f"{shown}.md:5: image gone.png not found\n" in out
    code, table, _ = run("inspect", notes)
    assert code == 0 and "Talk \\u202e evil" in table  # a title's bidi override, escaped
    for text in (err, out, table):
        assert not any(
            ord(char) < 32 or 127 <= ord(char) < 160 or char == "\u202e"
            for char in text.replace("\n", "")
        )


def test_main_gives_the_caller_its_logging_back(
    run: Run, write_notes: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    # A program (or a test) that calls main() keeps seeing confexport's warnings after.
    import logging

    notes = write_notes("# Conf\n\n## A talk\n\nwords\n")
    logger = logging.getLogger("confexport")
    before = logger.handlers[:], logger.propagate, logger.level
    assert run("inspect", notes)[0] == 0
    assert (logger.handlers, logger.propagate, logger.level) == before
    with caplog.at_level(logging.WARNING, logger="confexport"):
        logger.warning("still heard")
    assert [record.getMessage() for record in caplog.records] == ["still heard"]

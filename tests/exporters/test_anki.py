"""The Anki exporters, checked by the official ``anki`` package importing what they write."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st

from confexport.errors import OptionsError
from confexport.exporter import load_exporter, parse_options
from confexport.exporters.anki.cards import build_cards
from confexport.model import Conference, Day, Talk
from confexport.reader import read_notes

TALK = "confexport Talk"
CLOZE = "confexport Cloze"
WriteNotes = Callable[..., Path]


# --- helpers -------------------------------------------------------------------------


def export(fmt: str, conference: Conference, **options: str) -> Any:
    cls = load_exporter(fmt)
    return cls().export(conference, parse_options(cls, options))


def write_output(output: bytes | Mapping[str, bytes], folder: Path, name: str) -> Path:
    """Write an exporter's output as the CLI would; return the main file."""
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(output, bytes):
        (folder / name).write_bytes(output)
        return folder / name
    for relative, data in output.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return folder / name


def build(
    conference: Conference, folder: Path, epoch: int = 1_700_000_000, **options: str
) -> tuple[Path, Path]:
    """Both formats of ``conference`` under ``folder``: (csv, apkg), with the ``-O``
    ``options``.  The CSV names the package's note types unless they say otherwise."""
    options = {"notetype": "confexport", **options}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        output = export("anki", conference, **options)
        csv_path = write_output(output, folder, f"{conference.stem}.anki.csv")
        apkg = write_output(
            export("apkg", conference, **options), folder, f"{conference.stem}.apkg"
        )
    return csv_path, apkg


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "anki-profile"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col: Collection, path: Path) -> None:
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
        )
    )


def import_csv(col: Collection, path: Path) -> Any:
    """Import as File › Import does with the file's own headers; Anki's import log."""
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


@dataclass(frozen=True)
class Imported:
    notetype: str
    decks: frozenset[str]
    tags: tuple[str, ...]
    fields: dict[str, str]
    cards: int


def imported_notes(col: Collection) -> dict[str, Imported]:
    """Every note in the collection, by GUID, as Anki reads it back."""
    notes: dict[str, Imported] = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        notetype = note.note_type()
        assert notetype is not None
        notes[note.guid] = Imported(
            notetype=notetype["name"],
            decks=frozenset(col.decks.name(card.did) for card in note.cards()),
            tags=tuple(note.tags),
            fields=dict(note.items()),
            cards=len(note.cards()),
        )
    return notes


def csv_rows(path: Path) -> int:
    """The notes in a CSV: its lines after the headers (a field never holds a newline)."""
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")


def expected_talk_cards(conference: Conference) -> dict[str, str]:
    """uid → title of every talk with content (what the issue asks a card for)."""
    return {t.uid: t.title for t in conference.talks if t.is_talk and t.has_content}


class _Unsafe(HTMLParser):
    """Collects anything in a field that a web view could run or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "style", "link", "meta", "form"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src") and value is not None:
                # As a browser reads a URL: outer controls and spaces, then tabs and
                # newlines anywhere, are dropped before the scheme is looked for.
                url = re.sub(r"[\t\n\r]", "", value.strip("\x00- "))
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
                if (scheme and scheme[1].lower() not in ("http", "https")) or url.startswith("//"):
                    self.problems.append(f"{tag}[{name}={value}]")
                if name == "src" and ("/" in value or "\\" in value):
                    self.problems.append(f"{tag}[src={value}] is not a flat media name")


def unsafe_html(field: str) -> list[str]:
    checker = _Unsafe()
    checker.feed(field)
    checker.close()
    return checker.problems


# --- the sample ----------------------------------------------------------------------


@pytest.fixture
def sample_build(sample_dir: Path, tmp_path: Path) -> tuple[Conference, Path, Path]:
    conference = read_notes(sample_dir / "pycascades-2022.md")
    csv_path, apkg = build(conference, tmp_path / "out")
    return conference, csv_path, apkg


def test_sample_package_imports_into_anki(
    sample_build: tuple[Conference, Path, Path], collection: Collection
) -> None:
    conference, _, apkg = sample_build
    import_apkg(collection, apkg)
    notes = imported_notes(collection)
    talks = expected_talk_cards(conference)
    assert len(notes) == len(talks) == 12
    uids = {note.fields["UID"]: note for note in notes.values()}
    assert set(uids) == {f"pycascades-2022/{uid}" for uid in talks}
    for uid, title in talks.items():
        note = uids[f"pycascades-2022/{uid}"]
        assert note.notetype == TALK
        assert list(note.fields) == ["UID", "Front", "Back", "Speakers", "Link", "Source"]
        assert note.fields["Front"] == title.replace("&", "&amp;")
        assert note.fields["Link"].startswith('<a href="https://pretalx.com/pycascades-2022/talk/')
        assert note.cards == 1
    day_of = {t.uid: n for n, d in enumerate(conference.days, 1) for t in d.talks}
    for uid in talks:
        note = uids[f"pycascades-2022/{uid}"]
        assert note.decks == {f"PyCascades 2022::Day {day_of[uid]}"}
    assert uids["pycascades-2022/FP87MV"].tags == ("not-attended", "pycascades-2022", "talk")
    assert uids["pycascades-2022/UVFAMG"].tags == ("attended", "pycascades-2022", "talk")
    assert "Moshe Zadka" in uids["pycascades-2022/UVFAMG"].fields["Speakers"]
    # The back: abstract's first paragraph, then the top-level bullets of the notes.
    back = uids["pycascades-2022/UVFAMG"].fields["Back"]
    assert "The reason to write, and run, tests" in back
    assert "What makes a good" in back and "By modeling tests" not in back
    assert "<li>flaky test, fails" in back
    # Images: embedded, referenced by flat names, none missing.
    check = collection.media.check()
    assert list(check.missing) == []
    assert list(check.unused) == []
    images = sorted(Path(collection.media.dir()).iterdir())
    assert len(images) == 3
    assert all(p.name.startswith("pycascades-2022-") for p in images)
    assert all(max(_image_size(p)) <= 800 for p in images)
    for note in notes.values():
        for value in note.fields.values():
            assert unsafe_html(value) == []


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def test_sample_csv_imports_into_anki_like_the_package(
    sample_build: tuple[Conference, Path, Path], collection: Collection, tmp_path: Path
) -> None:
    """The package brings the note types; the CSV's notes then read back field for
    field as the package's did, and its media folder satisfies them."""
    _, csv_path, apkg = sample_build
    import_apkg(collection, apkg)
    from_package = imported_notes(collection)
    collection.remove_notes(list(collection.find_notes("")))
    for image in Path(collection.media.dir()).iterdir():
        image.unlink()
    assert imported_notes(collection) == {}

    import_csv(collection, csv_path)
    from_csv = imported_notes(collection)
    assert from_csv == from_package
    assert {note.notetype for note in from_csv.values()} == {TALK}

    # As the README says: copy <stem>.anki-media/* into Anki's media folder.
    media_folder = csv_path.parent / "pycascades-2022.anki-media"
    for image in media_folder.iterdir():
        shutil.copy(image, collection.media.dir())
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == []


def test_csv_headers_are_anki_file_headers(sample: Conference) -> None:
    stock = export("anki", sample)["pycascades-2022.anki.csv"].decode("utf-8").splitlines()
    assert stock[:7] == [
        "#separator:tab",
        "#html:true",
        "#notetype column:3",
        "#deck column:4",
        "#tags column:5",
        "#guid column:6",
        "#columns:Front\tBack\tNotetype\tDeck\tTags\tGUID",
    ]
    assert {line.split("\t")[2] for line in stock[7:]} == {"Basic"}
    rich = export("anki", sample, notetype="confexport")["pycascades-2022.anki.csv"]
    lines = rich.decode("utf-8").splitlines()
    assert lines[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype column:1",
        "#deck column:2",
        "#tags column:3",
        "#guid column:4",
    ]
    assert lines[6].split("\t") == [
        "#columns:Notetype",
        "Deck",
        "Tags",
        "GUID",
        "UID",
        "Front",
        "Back",
        "Speakers",
        "Link",
        "Source",
    ]


# --- the CSV on its own, with the stock note types ------------------------------------


def test_csv_alone_imports_every_card_into_a_fresh_collection(
    sample_dir: Path, write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    """Anki skips rows whose note type it does not know ("missing notetype"): the
    default CSV names the stock Basic and Cloze, so it needs no package first."""
    sample = read_notes(sample_dir / "pycascades-2022.md")
    explicit = read_notes(write_notes(EXPLICIT))
    rows = 0
    for conference in (sample, explicit):
        csv_path, _ = build(conference, tmp_path / conference.stem, notetype="stock")
        log = import_csv(collection, csv_path)
        assert len(log.missing_notetype) == 0
        rows += csv_rows(csv_path)
    notes = imported_notes(collection)
    assert len(notes) == rows == 12 + 6
    assert {n.notetype for n in notes.values()} == {"Basic", "Cloze"}
    assert {tuple(n.fields) for n in notes.values() if n.notetype == "Basic"} == {("Front", "Back")}
    by_front = {n.fields.get("Front"): n for n in notes.values()}
    talk = by_front["Tests as Classifiers"]
    assert talk.decks == {"PyCascades 2022::Day 1"}
    assert "attended" in talk.tags
    back = talk.fields["Back"]  # the package's Speakers, Link and Source, folded into Back
    assert "The reason to write, and run, tests" in back
    assert '<div class="cx-speakers">Moshe Zadka</div>' in back
    assert (
        '<div class="cx-link"><a href="https://pretalx.com/pycascades-2022/talk/UVFAMG/">' in back
    )
    assert '<div class="cx-source">PyCascades 2022 · Day 1' in back
    qa = by_front["What is a classifier"]
    assert qa.fields["Back"].startswith("A function from inputs to <strong>labels</strong><div")
    (cloze,) = [n for n in notes.values() if "{{c2::recall}}" in n.fields.get("Text", "")]
    assert list(cloze.fields) == ["Text", "Back Extra"] and cloze.cards == 2
    assert "Cards Talk" in cloze.fields["Back Extra"]
    # The GUIDs are the package's: the same cards, whichever file brought them.
    package_guids = {n.guid for n in build_cards(explicit, max_points=10, image_size=800).notes}
    assert package_guids <= notes.keys()


# --- explicit cards ------------------------------------------------------------------

EXPLICIT = """\
# Explicit Con

## Day 1

## Cards Talk

<https://pretalx.com/explicit-con/talk/CARDS1/>

> What this talk is about.

* What is a classifier :: A function from inputs to **labels**
* `a :: b` in code is not a card, nor is std::vector or [link :: text](https://x.org)
* The capital of France is {{c1::Paris}} and of Italy {{c2::Rome::city}}
* Tests trade ==precision== for ==recall==
* a == b and x==y stay text

Q: Why measure tests?
A: To know what they catch.

```
Q: not a card
A: not a card
fenced :: not a card
```

## Coffee Break

Remember :: coffee helps

## Empty Talk

<https://pretalx.com/explicit-con/talk/EMPTY1/>
"""


def test_explicit_cards_import_as_written(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    conference = read_notes(write_notes(EXPLICIT))
    assert [t.kind for t in conference.talks] == ["talk", "break", "talk"]
    _, apkg = build(conference, tmp_path / "out")
    import_apkg(collection, apkg)
    notes = sorted(imported_notes(collection).values(), key=lambda n: n.fields["UID"])
    summary = [(n.notetype, n.fields["UID"], n.cards) for n in notes]
    assert summary == [
        (TALK, "explicit-con/CARDS1", 1),
        (CLOZE, "explicit-con/CARDS1/cloze1", 2),
        (CLOZE, "explicit-con/CARDS1/cloze2", 2),
        (TALK, "explicit-con/CARDS1/qa1", 1),
        (TALK, "explicit-con/CARDS1/qa2", 1),
        (TALK, "explicit-con/coffee-break/qa1", 1),
    ]
    by_uid = {n.fields["UID"]: n.fields for n in notes}
    assert by_uid["explicit-con/CARDS1/qa1"]["Front"] == "What is a classifier"
    assert (
        by_uid["explicit-con/CARDS1/qa1"]["Back"]
        == "A function from inputs to <strong>labels</strong>"
    )
    assert by_uid["explicit-con/CARDS1/qa2"]["Front"] == "Why measure tests?"
    assert by_uid["explicit-con/CARDS1/qa2"]["Back"] == "To know what they catch."
    assert by_uid["explicit-con/CARDS1/cloze1"]["Text"] == (
        "The capital of France is {{c1::Paris}} and of Italy {{c2::Rome::city}}"
    )
    assert by_uid["explicit-con/CARDS1/cloze2"]["Text"] == (
        "Tests trade {{c1::precision}} for {{c2::recall}}"
    )
    assert "Cards Talk" in by_uid["explicit-con/CARDS1/qa1"]["Source"]
    back = by_uid["explicit-con/CARDS1"]["Back"]
    assert "<code>a :: b</code>" in back and "a == b and x==y stay text" in back
    assert "<mark>precision</mark>" in back and "{{c" not in back


def test_cloze_cards_render_in_anki(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    conference = read_notes(write_notes(EXPLICIT))
    _, apkg = build(conference, tmp_path / "out")
    import_apkg(collection, apkg)
    (note_id,) = collection.find_notes('"UID:explicit-con/CARDS1/cloze2"')
    first, second = collection.get_note(note_id).cards()
    assert "[...]" in first.question() and "recall" in first.question()
    assert "precision" in first.answer() and "recall" in second.answer()


# --- re-import after an edit ---------------------------------------------------------


def _edited(text: str) -> str:
    text = text.replace("What is a classifier :: A function", "What is a classifier :: A map")
    return text.replace("* a == b", "* a new point\n* a == b")


@pytest.mark.parametrize("second_format", ["apkg", "csv"])
def test_reimport_after_editing_updates_notes(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection, second_format: str
) -> None:
    conference = read_notes(write_notes(EXPLICIT, "con.md"))
    _, first = build(conference, tmp_path / "v1", epoch=1_700_000_000)
    import_apkg(collection, first)
    before = imported_notes(collection)

    edited = read_notes(write_notes(_edited(EXPLICIT), "con.md"))
    csv_path, second = build(edited, tmp_path / "v2", epoch=1_700_086_400)
    if second_format == "apkg":
        import_apkg(collection, second)
    else:
        import_csv(collection, csv_path)
    after = imported_notes(collection)

    assert after.keys() == before.keys()
    changed = [guid for guid in after if after[guid].fields != before[guid].fields]
    fields = {guid: after[guid].fields for guid in changed}
    assert sorted(f["UID"] for f in fields.values()) == [
        "explicit-con/CARDS1",
        "explicit-con/CARDS1/qa1",
    ]
    assert any(f["Back"] == "A map from inputs to <strong>labels</strong>" for f in fields.values())
    assert any("a new point" in f["Back"] for f in fields.values())
    assert {n.notetype for n in after.values()} == {TALK, CLOZE}


# --- the stock CSV in collections that hold more, or other names ----------------


def test_stock_csv_reimport_after_editing_updates_notes(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    """The GUID column: the edited file's rows update their notes, nothing is added."""
    first, _ = build(read_notes(write_notes(EXPLICIT, "con.md")), tmp_path / "v1", notetype="stock")
    assert len(import_csv(collection, first).new) == 6
    before = imported_notes(collection)
    edited = read_notes(write_notes(_edited(EXPLICIT), "con.md"))
    second, _ = build(edited, tmp_path / "v2", notetype="stock")
    log = import_csv(collection, second)
    after = imported_notes(collection)
    assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 2, 4)
    assert after.keys() == before.keys()
    changed = [after[g].fields["Back"] for g in after if after[g] != before[g]]
    assert len(changed) == 2
    assert any(back.startswith("A map from inputs") for back in changed)
    assert any("<li>a new point</li>" in back for back in changed)


def test_stock_csv_after_the_package_duplicates_nothing(
    sample_build: tuple[Conference, Path, Path], tmp_path: Path, collection: Collection
) -> None:
    """Notes the package brought keep their note type: the stock CSV's rows for them
    are reported as conflicts, never added twice (that is what notetype=confexport is for)."""
    conference, _, apkg = sample_build
    import_apkg(collection, apkg)
    stock_csv, _ = build(conference, tmp_path / "stock", notetype="stock")
    log = import_csv(collection, stock_csv)
    assert (len(log.new), len(log.conflicting)) == (0, 12)
    assert {n.notetype for n in imported_notes(collection).values()} == {TALK}


GERMAN = {"basic_name": "Einfach", "cloze_name": "Lückentext"}


@pytest.fixture
def german_collection(tmp_path: Path) -> Iterator[Collection]:
    """A collection made by a German Anki: its stock note types and fields have German
    names ("Einfach": Vorderseite, Rückseite; "Lückentext": Text, Rückseite Extra)."""
    import anki.lang

    folder = tmp_path / "anki-de"
    folder.mkdir()
    anki.lang.set_lang("de")
    try:
        col = Collection(str(folder / "collection.anki2"))
    finally:
        anki.lang.set_lang("en")
    yield col
    col.close()


def test_localised_collection_skips_the_rows_until_told_its_names(
    write_notes: WriteNotes, tmp_path: Path, german_collection: Collection
) -> None:
    col = german_collection
    assert {"Einfach", "Lückentext"} <= {m["name"] for m in col.models.all()}
    assert "Basic" not in {m["name"] for m in col.models.all()}
    conference = read_notes(write_notes(EXPLICIT))
    default, _ = build(conference, tmp_path / "default", notetype="stock")
    log = import_csv(col, default)
    assert (len(log.new), len(log.missing_notetype)) == (0, 6)  # nothing lands in a wrong type
    assert col.note_count() == 0

    named, _ = build(conference, tmp_path / "named", notetype="stock", **GERMAN)
    assert len(import_csv(col, named).new) == 6
    notes = {
        n.fields.get("Vorderseite", n.fields.get("Text")): n for n in imported_notes(col).values()
    }
    assert {n.notetype for n in notes.values()} == {"Einfach", "Lückentext"}
    qa = notes["What is a classifier"]  # the columns fill the fields in order
    assert qa.fields["Rückseite"].startswith("A function from inputs to <strong>labels</strong>")
    cloze = next(n for n in notes.values() if n.notetype == "Lückentext")
    assert "Cards Talk" in cloze.fields["Rückseite Extra"] and cloze.cards == 2


def test_renamed_basic_skips_the_rows_until_told_its_name(
    sample: Conference, tmp_path: Path, collection: Collection
) -> None:
    basic = collection.models.by_name("Basic")
    assert basic is not None
    basic["name"] = "My Basic"
    collection.models.update_dict(basic)
    default, _ = build(sample, tmp_path / "default", notetype="stock")
    assert (len(import_csv(collection, default).missing_notetype), collection.note_count()) == (
        12,
        0,
    )
    named, _ = build(sample, tmp_path / "named", notetype="stock", basic_name="My Basic")
    assert len(import_csv(collection, named).new) == 12
    assert {n.notetype for n in imported_notes(collection).values()} == {"My Basic"}


# --- hostile notes -------------------------------------------------------------------

HOSTILE = (
    "# Evil\tCon <script>alert(1)</script>\n\n"
    "## =cmd|' /C calc'!A0 \"quoted\"\ttabbed <img src=x onerror=alert(1)>\n\n"
    "<https://pretalx.com/evil/talk/EVIL01/>\n\n"
    "> Abstract with <script>alert('a')</script> and [x](javascript:alert(1)).\n\n"
    "* <b onmouseover=alert(1)>bold</b>\ttab\n  and a new line\n"
    "* [click](javascript:alert(1)) <javascript:alert(2)> [d](data:text/html,hi)\n"
    "* [a](JAVASCRIPT:alert(1)) [b](&#106;avascript:alert(1)) [c](vbscript:x) [e](file:///etc)\n"
    '* [f](<java\tscript:alert(1)>) [g](%6Aavascript:alert(1)) [ok](https://fine.example/?a="b)\n'
    "* ![pixel](javascript:alert(3)) ![out](../outside.png) ![gone](missing.png)\n"
    '* =HYPERLINK("http://evil") @SUM(1) +1 -2\n'
    "* <iframe src=https://evil.example></iframe> :: <svg onload=alert(1)>\n"
    '* "quoted :: answer" with \x1f unit separator\n\n'
    "## [Second](javascript:alert(9)) <style>body{}</style>\n\n"
    "==<script>x</script>== and {{c1::<img src=x onerror=alert(1)>}}\n"
)


def test_hostile_notes_import_safely(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    (tmp_path / "outside.png").write_bytes(b"not inside the notes folder")
    notes_dir = tmp_path / "notes"
    notes_dir.mkdir()
    conference = read_notes(write_notes(HOSTILE, "notes/evil.md"))
    assert len(conference.talks) == 2
    csv_path, apkg = build(conference, tmp_path / "out")
    assert not (tmp_path / "out" / "evil.anki-media").exists()

    import_apkg(collection, apkg)
    from_package = imported_notes(collection)
    # Talk card and two ::-cards in the first talk; talk card and a cloze in the second.
    assert sorted(n.notetype for n in from_package.values()) == [CLOZE, TALK, TALK, TALK, TALK]
    collection.remove_notes(list(collection.find_notes("")))
    import_csv(collection, csv_path)
    from_csv = imported_notes(collection)
    assert from_csv == from_package

    for note in from_csv.values():
        for name, value in note.fields.items():
            assert unsafe_html(value) == [], (name, value)
            assert "\x1f" not in value
    talk = next(
        n for n in from_csv.values() if n.fields["UID"] == "evil-con-script-alert-1-script/EVIL01"
    )
    assert talk.fields["Front"].startswith("&#61;cmd|")  # shows "=cmd|", not a formula
    assert "&lt;img src=x onerror=alert(1)&gt;" in talk.fields["Front"]
    assert "&lt;script&gt;" in talk.fields["Back"]
    assert "[image not available" in talk.fields["Back"]
    decks = {deck for note in from_csv.values() for deck in note.decks}
    assert len(decks) == 1


def test_csv_rows_start_safely_for_spreadsheets(write_notes: WriteNotes, tmp_path: Path) -> None:
    import csv

    conference = read_notes(write_notes(HOSTILE))
    for notetype in ("stock", "confexport"):
        output = export("anki", conference, notetype=notetype)
        csv_text = output["notes.anki.csv"].decode("utf-8")
        rows = [row for row in csv.reader(csv_text.splitlines()[7:], delimiter="\t") if row]
        assert len(rows) == 5
        for row in rows:
            for value in row:
                assert not value.startswith(("=", "+", "-", "@")), value


# --- reproducible --------------------------------------------------------------------


def test_builds_are_byte_identical(sample: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1644000000")
    first_csv, first_apkg = export("anki", sample), export("apkg", sample)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 * 400)
    monkeypatch.setattr(time, "localtime", lambda *a: time.gmtime(real_time() + 86_400 * 400))
    second_csv, second_apkg = export("anki", sample), export("apkg", sample)
    assert first_csv == second_csv
    assert first_apkg == second_apkg
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1644000001")
    assert export("apkg", sample) != first_apkg  # the epoch is really used


def test_media_names_are_flat_and_unique(write_notes: WriteNotes, tmp_path: Path) -> None:
    from PIL import Image

    for folder, colour in (("a", "red"), ("b", "blue")):
        (tmp_path / folder).mkdir()
        Image.new("RGB", (3000, 1500), colour).save(tmp_path / folder / "slide.png")
    notes = "# Con\n\n## A Talk\n\n* one ![](a/slide.png)\n* two ![](b/slide.png)\n"
    output = export("anki", read_notes(write_notes(notes)), image_size="400")
    media = sorted(name for name in output if name.startswith("notes.anki-media/"))
    assert len(media) == 2
    assert all(name.count("/") == 1 for name in media)
    csv_text = output["notes.anki.csv"].decode()
    assert all(name.split("/")[1] in csv_text for name in media)


@pytest.mark.parametrize(
    "option",
    [
        {"max_points": "0"},
        {"notetype": "basic"},
        {"basic_name": " "},
        {"cloze_name": "a\tb"},
        {"cards": "all"},
    ],
)
def test_bad_options_are_refused(sample: Conference, option: dict[str, str]) -> None:
    with pytest.raises(OptionsError):
        export("anki", sample, **option)


# --- the card syntax, and generated notes ----------------------------------------------


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        (
            "Q: one\nA: two\n\nQ: three\n\nA: four\nand more",
            [("qa", "one", "two"), ("qa", "three", "four<br />\nand more")],
        ),
        ("Q: alone\n\nSomething else", []),
        ("Q: one\nA: two", [("qa", "one", "two")]),
        ("`{{c1::x}}` and `==y==` in code", []),
        ("==a== and ==b==", [("cloze", "{{c1::a}} and {{c2::b}}", "")]),
        ("{{c2::a}} then ==b==", [("cloze", "{{c2::a}} then {{c3::b}}", "")]),
        ("empty :: ", []),
        ("{{c1:: }} {{c0::zero}} {{c1::::hint}} {{c1::", []),
        (":: no question", []),
        ("time :: 10::30 :: late", [("qa", "time", "10::30 :: late")]),
        ("**bold :: inside** is not split", []),
        ("*why* :: *because*", [("qa", "<em>why</em>", "<em>because</em>")]),
        # A line break inside emphasis does not cut it in two (nor hide the "::" after it).
        ("*why\nnot* :: because", [("qa", "<em>why\nnot</em>", "because")]),
        ("Q: *what\nA: this*", []),
        ("==**strong**== works", [("cloze", "{{c1::<strong>strong</strong>}} works", "")]),
        ("    indented :: code block", []),
    ],
)
def test_card_syntax(notes: str, expected: list[tuple[str, str, str]]) -> None:
    from confexport.exporters.anki.notes import read_talk_notes
    from confexport.xhtml import Xhtml

    cards = read_talk_notes(notes).cards
    found = [(card.kind, Xhtml().inlines(card.front), Xhtml().inlines(card.back)) for card in cards]
    assert found == expected


_FRAGMENTS = st.sampled_from(
    [
        "Q:", "A:", " :: ", "::", "==", "{{c1::", "}}", "`", "*", "* ", "- ", "> ", "#",
        "\n", "\n\n", "\t", '"', "'", "<script>", "<b onclick=x>", "</b>", "&amp;", "=1+2",
        "[l](javascript:x)", "![i](x.png)", "<http://e.org>", "é", "\x1f", "\r", "word", " ",
    ]
)  # fmt: skip


@settings(max_examples=25, deadline=None)
@example(notes="{{c1::", title="Q:::\nQ:")  # a broken cloze; a title ending in ":"
@example(notes="", title="#")  # Anki reads a line starting with "#" as a comment
@example(notes="", title="\x1f")  # a front of control characters reads as empty
@given(
    notes=st.lists(_FRAGMENTS, max_size=40).map("".join),
    title=st.lists(_FRAGMENTS, max_size=6).map("".join),
)
def test_generated_notes_import_safely(notes: str, title: str) -> None:
    talk = Talk(uid="gen", title=title or "t", notes=notes, abstract="> " + notes)
    conference = Conference(title="Gen " + title, days=(Day(title="Day 1", talks=(talk,)),))
    with tempfile.TemporaryDirectory() as folder:
        csv_path, apkg = build(conference, Path(folder) / "out")
        stock_csv, _ = build(conference, Path(folder) / "stock", notetype="stock")
        col = Collection(str(Path(folder) / "collection.anki2"))
        try:
            import_apkg(col, apkg)
            from_package = imported_notes(col)
            col.remove_notes(list(col.find_notes("")))
            import_csv(col, csv_path)
            from_csv = imported_notes(col)
            col.remove_notes(list(col.find_notes("")))
            import_csv(col, stock_csv)
            from_stock = imported_notes(col)
        finally:
            col.close()
        rows = csv_rows(csv_path)
        assert csv_rows(stock_csv) == rows
    assert len(from_package) == len(from_csv) == len(from_stock) == rows
    assert from_csv == from_package
    assert {note.notetype for note in from_stock.values()} <= {"Basic", "Cloze"}
    for note in (*from_csv.values(), *from_stock.values()):
        assert note.notetype in (TALK, CLOZE, "Basic", "Cloze")
        for value in note.fields.values():
            assert unsafe_html(value) == []


# --- --combine -----------------------------------------------------------------------

EARLIER = """\
---
title: Small Con 2019
date: 2019-05-04
---

## Day 1

### Wheels for everyone

<https://pretalx.com/pycascades-2022/talk/MVLLML/>

* wheels everywhere
* ![A diagram of contracts](pictures/api_contracts.png)

What is a wheel :: A built distribution

## Day 2

### Packaging in 2019

* lock files
"""


def combine(fmt: str, conferences: list[Conference]) -> Any:
    cls = load_exporter(fmt)
    options = parse_options(cls, {"notetype": "confexport"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        return cls().export_combined(conferences, options, stem="library", title="Library")


@pytest.mark.parametrize("fmt", ["apkg", "anki"])
def test_combined_cards_keep_each_conference_decks_and_guids(
    fmt: str, sample_dir: Path, tmp_path: Path, collection: Collection
) -> None:
    """One file of two conferences (sharing a talk uid): decks Conference::Day N for
    each, and GUIDs as the single exports give them, so re-importing duplicates nothing."""
    sample = read_notes(sample_dir / "pycascades-2022.md")
    (sample_dir / "small.md").write_text(EARLIER, encoding="utf-8")
    earlier = read_notes(sample_dir / "small.md")
    assert {t.uid for t in sample.talks} & {t.uid for t in earlier.talks} == {"MVLLML"}
    _, single_apkg = build(sample, tmp_path / "single")
    import_apkg(collection, single_apkg)
    singles = imported_notes(collection)

    output = combine(fmt, [sample, earlier])
    if fmt == "apkg":
        import_apkg(collection, write_output(output, tmp_path / "comb", "library.apkg"))
    else:
        csv_path = write_output(output, tmp_path / "comb", "library.anki.csv")
        assert sorted(output) == ["library.anki-media/" + p.name for p in sorted(
            (tmp_path / "comb" / "library.anki-media").iterdir()
        )] + ["library.anki.csv"]  # fmt: skip
        import_csv(collection, csv_path)
        for image in (tmp_path / "comb" / "library.anki-media").iterdir():
            shutil.copy(image, collection.media.dir())
    notes = imported_notes(collection)

    assert singles.keys() < notes.keys()
    assert {guid: notes[guid].fields for guid in singles} == {
        guid: note.fields for guid, note in singles.items()
    }
    added = {notes[guid].fields["UID"]: notes[guid] for guid in notes.keys() - singles.keys()}
    assert sorted(added) == [
        "small-con-2019/MVLLML",
        "small-con-2019/MVLLML/qa1",
        "small-con-2019/packaging-in-2019",
    ]
    assert added["small-con-2019/MVLLML"].decks == {"Small Con 2019::Day 1"}
    assert added["small-con-2019/packaging-in-2019"].decks == {"Small Con 2019::Day 2"}
    decks = {deck for note in notes.values() for deck in note.decks}
    assert decks == {
        "PyCascades 2022::Day 1",
        "PyCascades 2022::Day 2",
        "Small Con 2019::Day 1",
        "Small Con 2019::Day 2",
    }
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == []


# --- Obsidian notes ------------------------------------------------------------------

OBSIDIAN = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "obsidian.md"


def test_obsidian_tags_images_marks_and_checkboxes_import(
    tmp_path: Path, collection: Collection
) -> None:
    conference = read_notes(OBSIDIAN)
    csv_path, apkg = build(conference, tmp_path / "out")
    import_apkg(collection, apkg)
    from_package = imported_notes(collection)
    own = ("caching", "ops::oncall", "performance", "todo")  # Obsidian's "/" nests as "::"
    talk = next(n for n in from_package.values() if n.fields["UID"] == "vault-summit-2024/EDGE42")
    assert talk.tags == tuple(sorted(("attended", *own, "talk", "vault-summit-2024")))
    assert all(set(own) <= set(n.tags) for n in from_package.values())
    back = talk.fields["Back"]
    assert "Read the <mark>surrogate keys</mark> chapter" in back  # the key points: the bullets
    assert '<span class="task-checkbox" role="img" aria-label="done">☒</span>' in back
    assert "[[" not in back and "==" not in back
    assert len(re.findall(r"<img ", back)) == 2
    check = collection.media.check()
    assert list(check.missing) == [] and list(check.unused) == []
    # The highlights make cloze cards, as ==highlight== always has.
    clozes = sorted(n.fields["Text"] for n in from_package.values() if n.notetype == CLOZE)
    assert any("{{c1::p95 latency fell from 900 ms to 120 ms}}" in text for text in clozes)

    collection.remove_notes(list(collection.find_notes("")))
    import_csv(collection, csv_path)
    assert imported_notes(collection) == from_package

"""The EPUB exporter, judged by W3C EPUBCheck and by pandoc reading the book back.

EPUBCheck runs once for the whole module: every book is built first, then one JVM
checks them all (each JVM start costs seconds).  A missing Java, compiler or
EPUBCheck fails these tests; nothing is skipped.
"""

from __future__ import annotations

import collections
import logging
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree
from tests import validators

from confexport.errors import NotesError
from confexport.exporters.epub import EpubExporter, EpubOptions
from confexport.model import Conference
from confexport.plaintext import to_plain_text
from confexport.policy import attended_only
from confexport.reader import read_notes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "pycascades-2022.md"


def _readable(path: Path) -> bool:
    try:
        read_notes(path)
    except NotesError:  # fixtures the reader must refuse are not books
        return False
    return True


#: The reader's fixtures (tests/fixtures/notes), each built and checked as a book.
READER_FIXTURES = [
    path for path in sorted((ROOT / "tests" / "fixtures" / "notes").glob("*.md")) if _readable(path)
]
EPOCH = "1700000000"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "epub": "http://www.idpf.org/2007/ops",
}

HOSTILE = """\
# Hostile Con

## Day 1

### <script>alert(1)</script> Scripted title

<script>alert("x")</script>
<iframe src="https://evil.example/"></iframe>
<img src=x onerror="alert(1)">
<a href="javascript:alert(1)">click</a> [js](javascript:alert(2)) [rel](other.md) [frag](#nowhere)
<div onclick="steal()">div</div> <style>body{display:none}</style> & < > " '
Control\x0bchars\x0c and a form feed.

### Same Title

One.

### Same Title

Two.

### Empty session

### Tables and code

| column one | a very long column heading that goes on | three |
|---|---|---|
| `x = [i for i in range(10)]` | long text that wants to wrap on a small screen | 3 |

```python
def very_long_function_name_that_does_not_fit(argument_one, argument_two, argument_three):
    return "<b>not bold</b>"
```

# A heading inside the notes

![](pictures/no-alt.png) ![missing picture](pictures/absent.png)
![remote](https://example.com/cat.png)
"""

SCRIPTS = """\
---
title: Διεθνές Συνέδριο — Международная конференция — 国際会議
language: el
---

## Day 1

### Ελληνικός τίτλος ομιλίας

Σημειώσεις στα ελληνικά.

### Русский заголовок доклада

Заметки на русском.

### 日本語のタイトル

日本語のメモ。

### 中文标题

中文笔记。
"""

#: Control characters in metadata, a locale name as language, nothing attended.
ODD = """\
---
title: "Odd\\u000b title & <co>"
author: "A\\u000cB"
language: C
---

## Day 1

### Skipped talk

Did not attend.
"""


#: A second, earlier conference for ``--combine``; its first session shares the sample's
#: first session uid (the same pretalx code), and it uses one of the sample's pictures.
EARLIER = """\
---
title: Small Con 2019
date: 2019-05-04
location: Lyon
---

## Day 1

### Welcome to Small Con

<https://pretalx.com/pycascades-2022/talk/MVLLML/>

- wheels everywhere
- ![A diagram of contracts](pictures/api_contracts.png)

### Ask me anything
"""


def _build(conference: Conference, **options: object) -> bytes:
    if options.pop("attended_only", False):  # a shared option: the build applies it
        conference = attended_only(conference)
    return EpubExporter().export(conference, EpubOptions(**options))  # type: ignore[arg-type]


def _png(path: Path, size: tuple[int, int] = (320, 200), seed: int = 0) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 30 + seed).convert("RGB").save(path)


@pytest.fixture(scope="module")
def epoch() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="module")
def sample_conference() -> Conference:
    return read_notes(SAMPLE)


@pytest.fixture(scope="module")
def hostile_conference(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    folder = tmp_path_factory.mktemp("hostile")
    _png(folder / "pictures" / "no-alt.png")
    (folder / "notes.md").write_text(HOSTILE, encoding="utf-8")
    return read_notes(folder / "notes.md")


@pytest.fixture(scope="module")
def scripts_conference(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    path = tmp_path_factory.mktemp("scripts") / "scripts.md"
    path.write_text(SCRIPTS, encoding="utf-8")
    return read_notes(path)


@pytest.fixture(scope="module")
def earlier_conference(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    folder = tmp_path_factory.mktemp("earlier")
    shutil.copytree(ROOT / "pictures", folder / "pictures")
    (folder / "small.md").write_text(EARLIER, encoding="utf-8")
    return read_notes(folder / "small.md")


def _combine(conferences: list[Conference], **options: object) -> bytes:
    exporter = EpubExporter()
    opts = EpubOptions(**options)  # type: ignore[arg-type]
    return exporter.export_combined(conferences, opts, stem="library", title="My Library")


@pytest.fixture(scope="module")
def books(
    tmp_path_factory: pytest.TempPathFactory,
    epoch: None,
    sample_conference: Conference,
    hostile_conference: Conference,
    scripts_conference: Conference,
    earlier_conference: Conference,
) -> dict[str, Path]:
    """Every book the module checks, written to disk, by a readable name."""
    folder = tmp_path_factory.mktemp("books")
    (folder / "odd.md").write_text(ODD, encoding="utf-8")
    built = {
        "sample": _build(sample_conference),
        "sample-by-day": _build(sample_conference, chapter="day"),
        "sample-attended-no-cover": _build(sample_conference, attended_only=True, cover=False),
        "hostile": _build(hostile_conference),
        "hostile-by-day": _build(hostile_conference, chapter="day"),
        "scripts": _build(scripts_conference),
        "odd-nothing-attended": _build(read_notes(folder / "odd.md"), attended_only=True),
        "combined": _combine([sample_conference, earlier_conference]),
        "combined-by-day": _combine(
            [sample_conference, earlier_conference, scripts_conference], chapter="day"
        ),
    }
    for fixture in READER_FIXTURES:
        built[f"fixture-{fixture.stem}"] = _build(read_notes(fixture))
    paths = {}
    for name, data in built.items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(scope="module")
def epubcheck_reports(
    books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, object]]:
    """EPUBCheck's JSON report of every book, from one JVM running EPUBCheck's own CLI."""
    return validators.epubcheck_reports(books, tmp_path_factory.mktemp("epubcheck"))


def _book_names() -> list[str]:
    fixed = ["sample", "sample-by-day", "sample-attended-no-cover", "hostile", "hostile-by-day"]
    return [
        *fixed,
        "scripts",
        "odd-nothing-attended",
        "combined",
        "combined-by-day",
        *(f"fixture-{path.stem}" for path in READER_FIXTURES),
    ]


@pytest.mark.parametrize("name", _book_names())
def test_epubcheck_reports_no_message_at_all(
    name: str, epubcheck_reports: dict[str, dict[str, object]]
) -> None:
    report = epubcheck_reports[name]
    messages = report["messages"]
    assert isinstance(messages, list)
    assert [(m["ID"], m["severity"], m["message"], m["locations"][:1]) for m in messages] == []
    checker = report["checker"]
    assert isinstance(checker, dict)
    assert checker["nFatal"] == checker["nError"] == checker["nWarning"] == 0


def _read(book: Path, name: str) -> bytes:
    with zipfile.ZipFile(book) as archive:
        return archive.read(name)


def _xml(book: Path, name: str) -> etree._Element:
    return etree.fromstring(_read(book, name))


def _pandoc_plain(book: Path) -> str:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    run = subprocess.run(
        [pandoc, "--sandbox", "-f", "epub", "-t", "plain", "--wrap=none", str(book)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return run.stdout


_WORD = re.compile(r"\w+")


def test_pandoc_reads_back_every_title_and_the_words(
    books: dict[str, Path], sample_conference: Conference
) -> None:
    text = _pandoc_plain(books["sample"])
    flat = " ".join(text.split())
    for talk in sample_conference.talks:
        assert " ".join(talk.title.split()) in flat
    prose = [sample_conference.notes]
    for day in sample_conference.days:
        prose.append(day.notes)
        prose.extend(t for talk in day.talks for t in (talk.abstract, talk.notes))
    wanted = collections.Counter(w.lower() for t in prose for w in _WORD.findall(to_plain_text(t)))
    found = collections.Counter(w.lower() for w in _WORD.findall(text))
    kept = sum(min(count, found[word]) for word, count in wanted.items())
    assert kept / sum(wanted.values()) >= 0.995


def test_pandoc_reads_every_script(books: dict[str, Path], scripts_conference: Conference) -> None:
    text = _pandoc_plain(books["scripts"])
    for talk in scripts_conference.talks:
        assert talk.title in text


def test_two_builds_are_byte_identical(epoch: None, sample_conference: Conference) -> None:
    assert _build(sample_conference) == _build(sample_conference)
    assert _build(sample_conference, chapter="day") == _build(sample_conference, chapter="day")


def test_zip_has_mimetype_first_stored_and_fixed_dates(books: dict[str, Path]) -> None:
    with zipfile.ZipFile(books["sample"]) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b""
    assert {info.date_time for info in infos} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.parametrize("name", ["sample", "combined"])
def test_package_and_ncx_are_written_by_ebooklib(books: dict[str, Path], name: str) -> None:
    """The design card asks for ebooklib; it names itself in the package's generator."""
    opf = _xml(books[name], "EPUB/content.opf")
    generator = opf.find(".//opf:meta[@name='generator']", NS)
    assert generator is not None and generator.get("content", "").startswith("Ebook-lib ")
    with zipfile.ZipFile(books[name]) as archive:
        names = archive.namelist()
    assert names[:3] == ["mimetype", "META-INF/container.xml", "EPUB/content.opf"]
    assert "EPUB/toc.ncx" in names


def test_metadata_language_identifier_date_and_modified(
    books: dict[str, Path], sample_conference: Conference
) -> None:
    opf = _xml(books["sample"], "EPUB/content.opf")
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    expected = uuid.uuid5(uuid.NAMESPACE_URL, str(sample_conference.url))
    assert opf.findtext(".//dc:identifier", namespaces=NS) == f"urn:uuid:{expected}"
    assert opf.findtext(".//dc:date", namespaces=NS) == "2022-02-05"
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2023-11-14T22:13:20Z"
    greek = _xml(books["scripts"], "EPUB/content.opf")
    assert greek.findtext(".//dc:language", namespaces=NS) == "el"
    page = _xml(books["scripts"], "EPUB/title.xhtml")
    assert page.get("{http://www.w3.org/XML/1998/namespace}lang") == "el"


def test_language_never_comes_from_the_locale(
    epoch: None, monkeypatch: pytest.MonkeyPatch, sample_conference: Conference, tmp_path: Path
) -> None:
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.setenv(variable, "C")
    book = tmp_path / "c.epub"
    book.write_bytes(_build(sample_conference))
    assert _xml(book, "EPUB/content.opf").findtext(".//dc:language", namespaces=NS) == "en"


def _metas(book: Path, prop: str) -> list[str]:
    opf = _xml(book, "EPUB/content.opf")
    return [m.text or "" for m in opf.findall(f".//opf:meta[@property='{prop}']", NS)]


def test_accessibility_metadata_is_honest(books: dict[str, Path]) -> None:
    sample = books["sample"]
    assert _metas(sample, "schema:accessMode") == ["textual", "visual"]
    assert "alternativeText" in _metas(sample, "schema:accessibilityFeature")
    assert {"tableOfContents", "readingOrder"} <= set(_metas(sample, "schema:accessibilityFeature"))
    assert _metas(sample, "schema:accessibilityHazard") == ["none"]
    assert _metas(sample, "schema:accessibilitySummary")
    assert _metas(sample, "schema:accessModeSufficient") == ["textual"]
    assert _metas(sample, "dcterms:conformsTo")
    hostile = books["hostile"]  # has an image without alt text
    assert "alternativeText" not in _metas(hostile, "schema:accessibilityFeature")
    assert _metas(hostile, "dcterms:conformsTo") == []


def _xhtml_names(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as archive:
        return [name for name in archive.namelist() if name.endswith(".xhtml")]


@pytest.mark.parametrize("name", ["hostile", "hostile-by-day"])
def test_hostile_html_is_shown_as_text_never_run(books: dict[str, Path], name: str) -> None:
    book = books[name]
    seen_text = []
    for page in _xhtml_names(book):
        root = _xml(book, page)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            assert local not in ("script", "iframe", "object", "embed", "style", "form")
            for attribute, value in element.attrib.items():
                assert not etree.QName(attribute).localname.startswith("on")
                assert "javascript:" not in value.lower()
        seen_text.append("".join(root.itertext()))
    text = "\n".join(seen_text)
    assert '<script>alert("x")</script>' in text
    assert '<iframe src="https://evil.example/"></iframe>' in text


def test_nav_is_grouped_by_day_and_the_ncx_matches(
    books: dict[str, Path], sample_conference: Conference
) -> None:
    book = books["sample"]
    nav = _xml(book, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)
    assert toc is not None
    tops = toc.findall("x:li", NS)
    assert len(tops) == 1 + len(sample_conference.days)
    nav_entries = []
    for day, item in zip(sample_conference.days, tops[1:], strict=True):
        assert item.findtext("x:a", namespaces=NS) == day.title
        sessions = [a.text for a in item.findall("x:ol/x:li/x:a", NS)]
        assert sessions == [talk.title for talk in day.talks]
    for anchor in toc.iter("{http://www.w3.org/1999/xhtml}a"):
        nav_entries.append((anchor.text, anchor.get("href")))
    ncx = _xml(book, "EPUB/toc.ncx")
    ncx_entries = [
        (
            point.findtext("ncx:navLabel/ncx:text", namespaces=NS),
            point.find("ncx:content", NS).get("src"),
        )
        for point in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}navPoint")
    ]
    assert ncx_entries == nav_entries
    marks = nav.findall(".//x:nav[@epub:type='landmarks']//x:a", NS)
    assert {a.get("{http://www.idpf.org/2007/ops}type") for a in marks} == {
        "toc",
        "bodymatter",
        "cover",
    }


def test_options_change_the_book(books: dict[str, Path], sample_conference: Conference) -> None:
    by_session = _xhtml_names(books["sample"])
    assert sum(name.startswith("EPUB/session-") for name in by_session) == len(
        sample_conference.talks
    )
    by_day = _xhtml_names(books["sample-by-day"])
    assert not any(name.startswith("EPUB/session-") for name in by_day)
    trimmed = books["sample-attended-no-cover"]
    assert "EPUB/cover.xhtml" not in _xhtml_names(trimmed)
    text = _pandoc_plain(trimmed)
    skipped = [talk.title for talk in sample_conference.talks if not talk.attended]
    assert skipped and not any(title in text for title in skipped)


def test_images_warn_with_file_and_line(
    epoch: None, hostile_conference: Conference, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        _build(hostile_conference)
    messages = [record.getMessage() for record in caplog.records]
    assert any(
        re.search(r"notes\.md:\d+: image pictures/no-alt\.png has no alt text", m) for m in messages
    )
    assert any(
        re.search(r"notes\.md:\d+: image pictures/absent\.png not found", m) for m in messages
    )


def test_missing_and_remote_images_become_placeholder_and_link(books: dict[str, Path]) -> None:
    text = "".join(
        etree.tostring(_xml(books["hostile"], page), encoding="unicode")
        for page in _xhtml_names(books["hostile"])
    )
    assert "[image not available: missing picture (pictures/absent.png)]" in text
    assert 'href="https://example.com/cat.png"' in text
    sources = [
        img.get("src", "")
        for page in _xhtml_names(books["hostile"])
        for img in _xml(books["hostile"], page).iter("{http://www.w3.org/1999/xhtml}img")
    ]
    assert sources and all(src.startswith("images/") for src in sources)


def test_real_size_photos_give_a_small_book(
    epoch: None, write_notes: Callable[[str, str], Path], tmp_path: Path
) -> None:
    from PIL import Image

    width, height = 3840, 2016
    gradient = Image.linear_gradient("L").resize((width, height))
    for number in range(4):
        noise = Image.effect_noise((width // 96, height // 96), 50 + number)
        noise = noise.resize((width, height), Image.Resampling.BICUBIC)
        photo = Image.merge("RGB", (gradient, noise, gradient.rotate(180)))
        photo.save(tmp_path / f"photo{number}.png", compress_level=1)
    total = sum((tmp_path / f"photo{n}.png").stat().st_size for n in range(4))
    assert total > 7_000_000
    pictures = "\n\n".join(f"![Photo {n}](photo{n}.png)" for n in range(4))
    notes = write_notes(f"# Big Photos\n\n## Day 1\n\n### Slides\n\n{pictures}\n", "notes.md")
    book = tmp_path / "photos.epub"
    book.write_bytes(_build(read_notes(notes)))
    assert book.stat().st_size < 2_000_000
    with zipfile.ZipFile(book) as archive:
        photos = [n for n in archive.namelist() if "/images/photo" in n]
        assert len(photos) == 4
        for name in photos:
            import io

            with Image.open(io.BytesIO(archive.read(name))) as image:
                assert max(image.size) == 1600


def _toc_tree(book: Path) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The nav as (entry, [(sub-entry, [sub-sub-entries])])."""
    nav = _xml(book, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)
    assert toc is not None
    tree = []
    for item in toc.findall("x:li", NS):
        days = []
        for day in item.findall("x:ol/x:li", NS):
            days.append((day.findtext("x:a", namespaces=NS) or "", [
                a.text or "" for a in day.findall("x:ol/x:li/x:a", NS)
            ]))  # fmt: skip
        tree.append((item.findtext("x:a", namespaces=NS) or "", days))
    return tree


def test_combined_book_has_a_part_per_conference_in_date_order(
    books: dict[str, Path], sample_conference: Conference, earlier_conference: Conference
) -> None:
    book = books["combined"]
    tree = _toc_tree(book)
    # Given sample first, but Small Con (2019) comes before PyCascades (2022).
    assert [entry for entry, _ in tree] == ["My Library", "Small Con 2019", "PyCascades 2022"]
    for (_, days), conference in zip(
        tree[1:], [earlier_conference, sample_conference], strict=True
    ):
        assert [day for day, _ in days] == [day.title for day in conference.days]
        assert [titles for _, titles in days] == [
            [talk.title for talk in day.talks] for day in conference.days
        ]
    ncx = _xml(book, "EPUB/toc.ncx")
    labels = [
        point.findtext("ncx:navLabel/ncx:text", namespaces=NS)
        for point in ncx.findall("ncx:navMap/ncx:navPoint", NS)
    ]
    assert labels == ["My Library", "Small Con 2019", "PyCascades 2022"]
    assert ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS).get("content") == "3"
    title_page = "".join(_xml(book, "EPUB/title.xhtml").itertext())
    assert "My Library" in title_page
    assert title_page.index("Small Con 2019") < title_page.index("PyCascades 2022")
    text = _pandoc_plain(book)
    for talk in (*earlier_conference.talks, *sample_conference.talks):
        assert talk.title in text


def test_combined_book_keeps_shared_uids_apart(
    books: dict[str, Path], sample_conference: Conference, earlier_conference: Conference
) -> None:
    shared = {t.uid for t in sample_conference.talks} & {t.uid for t in earlier_conference.talks}
    assert shared == {"MVLLML"}
    names = _xhtml_names(books["combined"])
    assert len(names) == len(set(names))
    assert [n for n in names if n.endswith("session-MVLLML.xhtml")] == [
        "EPUB/c1-session-MVLLML.xhtml",
        "EPUB/c2-session-MVLLML.xhtml",
    ]
    opf = _xml(books["combined"], "EPUB/content.opf")
    ids = [item.get("id") for item in opf.iter("{http://www.idpf.org/2007/opf}item")]
    assert len(ids) == len(set(ids))


def test_combined_identifier_ignores_the_order_given(
    epoch: None, sample_conference: Conference, earlier_conference: Conference, tmp_path: Path
) -> None:
    one = _combine([sample_conference, earlier_conference])
    two = _combine([earlier_conference, sample_conference])
    assert one == two
    (tmp_path / "c.epub").write_bytes(one)
    identifier = _xml(tmp_path / "c.epub", "EPUB/content.opf").findtext(
        ".//dc:identifier", namespaces=NS
    )
    names = [
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, str(sample_conference.url))}",
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'confexport:title:Small Con 2019')}",
    ]
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "confexport:combined:" + "\n".join(sorted(names)))
    assert identifier == f"urn:uuid:{expected}"


# --- Obsidian notes ------------------------------------------------------------------


def test_obsidian_notes_render_as_marks_checkboxes_and_packaged_images(
    books: dict[str, Path],
) -> None:
    book = books["fixture-obsidian"]  # EPUBCheck passes it with the other fixtures
    chapter = _xml(book, "EPUB/session-EDGE42.xhtml")
    marks = [" ".join(m.itertext()) for m in chapter.iterfind(".//x:mark", NS)]
    assert marks == ["p95 latency fell from 900 ms to 120 ms", "surrogate keys"]
    boxes = chapter.findall(".//x:li[@class='task-list-item']/x:span[@class='task-checkbox']", NS)
    assert [(b.text, b.get("role"), b.get("aria-label")) for b in boxes] == [
        ("☐", "img", "not done"),
        ("☒", "img", "done"),
        ("☐", "img", "not done"),
    ]
    text = " ".join(" ".join(chapter.itertext()).split())
    assert "Team wiki > Incidents > March outage" in text and "the Vary header" in text
    assert "[[" not in text and "==" not in text and "[ ]" not in text
    images = [img.get("src") for img in chapter.iterfind(".//x:img", NS)]
    assert len(images) == 2 and all(src.startswith("images/") for src in images)
    with zipfile.ZipFile(book) as archive:
        assert all(f"EPUB/{src}" in archive.namelist() for src in images)
    opf = _xml(book, "EPUB/content.opf")
    subjects = [s.text for s in opf.iterfind(".//dc:subject", NS)]
    assert subjects == ["caching", "performance", "todo", "ops/oncall"]


def test_pandoc_reads_the_checkboxes_and_highlights_back(books: dict[str, Path]) -> None:
    text = " ".join(_pandoc_plain(books["fixture-obsidian"]).split())
    assert "☐ Put Cache-Control: stale-while-revalidate on the product pages" in text
    assert "☒ Read the surrogate keys chapter" in text

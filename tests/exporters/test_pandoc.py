"""The pandoc-backed formats, read back by pandoc itself; plugins installed for real."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pypandoc
import pytest
from PIL import Image

from confexport.cli import main
from confexport.errors import OptionsError
from confexport.exporter import load_exporter
from confexport.exporters.pandoc import PandocOptions, pandoc_exporter_for
from confexport.model import Conference
from confexport.plaintext import to_plain_text
from confexport.reader import read_notes

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FORMATS = ("docx", "odt", "html", "md", "rst", "latex", "mediawiki", "org", "asciidoc")
EPOCH = "1700000000"


def export(fmt: str, conference: Conference, **options: object) -> bytes | dict[str, bytes]:
    cls = load_exporter(fmt)
    return cls().export(conference, PandocOptions(**options))  # type: ignore[arg-type]


def main_file(output: bytes | dict[str, bytes], name: str) -> bytes:
    return output if isinstance(output, bytes) else output[name]


def read_back(data: bytes, fmt: str, to: str = "plain") -> str:
    """pandoc reads a file we wrote (docx, odt, markdown…) and writes it as ``to``."""
    return str(
        pypandoc.convert_text(data, to, format=fmt, sandbox=True, extra_args=["--wrap=none"])
    )


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def built(sample: Conference) -> dict[str, bytes | dict[str, bytes]]:
    """The sample in every pandoc format, built once, with SOURCE_DATE_EPOCH set."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        return {fmt: export(fmt, sample) for fmt in FORMATS}
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def test_formats_lists_every_pandoc_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    for fmt in FORMATS:
        assert fmt in listed and "pandoc" in listed[fmt], fmt


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_documents_read_back_with_every_title_and_word(
    built: dict[str, bytes | dict[str, bytes]], sample: Conference, fmt: str
) -> None:
    data = built[fmt]
    assert isinstance(data, bytes) and zipfile.is_zipfile(io.BytesIO(data))
    text = read_back(data, fmt)
    flat = " ".join(text.split())
    for talk in sample.talks:
        assert " ".join(talk.title.split()) in flat, talk.title
    expected = set().union(*(words(to_plain_text(t.notes)) for t in sample.talks))
    assert expected - words(text) == set()
    assert "Day 2: Sunday 6 February 2022" in flat


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_documents_embed_every_image(
    built: dict[str, bytes | dict[str, bytes]], sample: Conference, fmt: str
) -> None:
    data = built[fmt]
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pictures = [n for n in archive.namelist() if re.search(r"\.(png|jpe?g)$", n)]
        for name in pictures:
            Image.open(io.BytesIO(archive.read(name))).verify()
    assert len(pictures) == sum(len(t.images) for t in sample.talks)


def test_html_is_a_standalone_page_with_a_working_toc_and_images(
    built: dict[str, bytes | dict[str, bytes]], sample: Conference
) -> None:
    data = built["html"]
    assert isinstance(data, bytes)
    page = data.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<nav id="TOC"' in page
    assert "<style>" in page and "div.meta" in page  # the CSS from templates/pandoc/
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    toc = page[page.index('<nav id="TOC"') : page.index("</nav>")]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert len(targets) == len(sample.talks) + len(sample.days)
    assert set(targets) <= ids
    sources = re.findall(r'<img\s+src="([^"]+)"', page)
    assert len(sources) == sum(len(t.images) for t in sample.talks)
    for src in sources:
        assert src.startswith("data:image/")
        Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).verify()


def test_text_formats_write_images_beside_them(
    built: dict[str, bytes | dict[str, bytes]], sample: Conference
) -> None:
    for fmt, extension in [("md", ".md"), ("rst", ".rst"), ("latex", ".tex"), ("org", ".org")]:
        output = built[fmt]
        assert isinstance(output, dict), fmt
        text = output[f"pycascades-2022{extension}"].decode("utf-8")
        media = [name for name in output if name.startswith("pycascades-2022-media/")]
        assert len(media) == sum(len(t.images) for t in sample.talks)
        for name in media:
            assert name in text, (fmt, name)


def test_markdown_reads_back_as_the_same_document(
    built: dict[str, bytes | dict[str, bytes]], sample: Conference
) -> None:
    markdown = main_file(built["md"], "pycascades-2022.md")
    ast = json.loads(read_back(markdown, "gfm+yaml_metadata_block", "json"))
    assert set(ast["meta"]) == {"title", "subtitle", "date", "lang"}
    headers = [b for b in ast["blocks"] if b["t"] == "Header"]
    assert [h["c"][0] for h in headers if h["c"][0] <= 2].count(2) == len(sample.talks)


@pytest.mark.parametrize("fmt", ["docx", "odt", "html", "md"])
def test_output_is_byte_identical_across_runs(
    built: dict[str, bytes | dict[str, bytes]],
    sample: Conference,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert export(fmt, sample) == built[fmt]


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_documents_carry_no_build_time(
    built: dict[str, bytes | dict[str, bytes]], fmt: str
) -> None:
    """Under --sandbox pandoc's clock reads 1970 (SOURCE_DATE_EPOCH is not consulted)."""
    data = built[fmt]
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        meta = archive.read("docProps/core.xml" if fmt == "docx" else "meta.xml").decode()
    stamps = set(re.findall(r"\d{4}-\d\d-\d\dT[\d:.]+Z?", meta))
    assert stamps and all(stamp.startswith("1970-01-01T00:00:00") for stamp in stamps)


HOSTILE = """\
---
title: "Evil <b>Conf</b> ```{=html}"
---
# Day 1

## Talk <script>alert(1)</script>

<script>alert("x")</script>

```{=html}
<iframe src="http://evil.example"></iframe>
```

Inline <img src=x onerror=alert(1)> and [link](javascript:alert(1)) {#id .class}

![outside](../secret.png) ![remote](http://evil.example/x.png)

\\begin{document}\\input{/etc/passwd} `x`{=latex}

| <b>cell</b> | b |
|:--|--:|
| 1 | 2 |
"""


def _raw_nodes(ast: object) -> list[object]:
    found: list[object] = []
    if isinstance(ast, dict):
        if ast.get("t") in ("RawBlock", "RawInline"):
            found.append(ast)
        for value in ast.values():
            found += _raw_nodes(value)
    elif isinstance(ast, list):
        for value in ast:
            found += _raw_nodes(value)
    return found


def test_hostile_notes_cannot_inject_markup_or_reach_outside_files(
    write_notes: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path.parent / "secret.png").write_bytes(b"not an image")
    Image.new("RGB", (4, 4)).save(tmp_path.parent / "secret.png")
    conference = read_notes(write_notes(HOSTILE))
    page = main_file(export("html", conference), "notes.html").decode()
    body = page[page.index("<body>") :]
    for tag in ("<script", "<iframe", "<img src=x", "<b>", 'href="javascript'):
        assert tag not in body, tag
    assert "evil.example/x.png" in body and '<img src="http' not in body  # a link, not fetched
    assert "image not available" in body  # the file outside the notes folder
    assert "data:image" not in body
    markdown = main_file(export("md", conference), "notes.md")
    ast = json.loads(read_back(markdown, "gfm+yaml_metadata_block", "json"))
    assert _raw_nodes(ast) == [] and set(ast["meta"]) == {"title", "lang"}
    assert "<b>" in json.dumps(ast["meta"]["title"])  # the title shown as text
    latex = main_file(export("latex", conference), "notes.tex").decode()
    assert "\\input{/etc/passwd}" not in latex and "\\textbackslash input" in latex
    for fmt in ("rst", "org", "mediawiki", "asciidoc", "docx", "odt"):
        assert export(fmt, conference)


def test_any_pandoc_writer_through_pandoc_prefix(sample: Conference) -> None:
    typst = pandoc_exporter_for("pandoc:typst")
    assert (typst.name, typst.extension) == ("pandoc:typst", ".typ")
    output = typst().export(sample, PandocOptions(images="none"))
    assert isinstance(output, bytes) and b"Tests as Classifiers" in output
    pptx = pandoc_exporter_for("pandoc:pptx")
    slides = pptx().export(sample, PandocOptions())
    assert isinstance(slides, bytes) and "Tests as Classifiers" in read_back(slides, "pptx")
    for bad in ("pandoc:nope", "pandoc:--lua-filter=x.lua", "pandoc:pdf", "pandoc:x.lua"):
        with pytest.raises(OptionsError):
            pandoc_exporter_for(bad)


NOTES_2023 = """\
---
title: PyCascades 2023
start: 2023-03-18
---
# Day 1

## Opening keynote

A note from 2023 with the word zanzibar.
"""


def test_combined_book_has_a_part_per_conference_in_date_order(
    sample: Conference, write_notes: Callable[..., Path]
) -> None:
    later = read_notes(write_notes(NOTES_2023, "pycascades-2023.md"))
    docx = load_exporter("docx")()
    output = docx.export_combined([later, sample], PandocOptions(), stem="all")  # type: ignore[attr-defined]
    text = " ".join(read_back(output, "docx").split())
    first = text.index("PyCascades 2022 (5–6 February 2022)")
    second = text.index("PyCascades 2023 (18 March 2023)")
    assert first < second and "zanzibar" in text and "Tests as Classifiers" in text
    html = load_exporter("html")().export_combined([sample, later], PandocOptions())  # type: ignore[attr-defined]
    toc = html.decode()[: html.decode().index("</nav>")]
    assert "PyCascades 2022" in toc and "PyCascades 2023" in toc


# third-party exporters ------------------------------------------------------------------


def _pip(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *arguments],
        check=True,
        capture_output=True,
    )


def _cli(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-c",
        "import sys; from confexport.cli import main; sys.exit(main())",
    ]
    return subprocess.run(
        [*command, *arguments], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture
def installed(request: pytest.FixtureRequest) -> Iterator[str]:
    """pip-installs the fixture package named by the test's parameter; uninstalls after."""
    folder, distribution = request.param
    _pip("install", "--no-build-isolation", "--no-deps", "--no-index", str(FIXTURES / folder))
    request.addfinalizer(lambda: _pip("uninstall", "-y", distribution))
    yield distribution


@pytest.mark.parametrize("installed", [("example-exporter", "confexport-talklist")], indirect=True)
def test_third_party_exporter_round_trip(installed: str, sample_dir: Path) -> None:
    formats = _cli("formats")
    line = next(row for row in formats.stdout.splitlines() if row.startswith("talklist"))
    assert "[confexport-talklist]" in line and "one line per session" in line
    result = _cli("build", "pycascades-2022.md", "-t", "talklist", "-o", "out", cwd=sample_dir)
    assert result.returncode == 0, result.stderr
    listing = (sample_dir / "out" / "pycascades-2022.txt").read_text()
    assert "16:30  Tests as Classifiers (Moshe Zadka)" in listing


@pytest.mark.parametrize("installed", [("broken-exporters", "confexport-broken")], indirect=True)
def test_broken_plugins_are_named_and_do_not_break_other_formats(
    installed: str, sample_dir: Path
) -> None:
    formats = _cli("formats")
    assert formats.returncode == 0
    rows = formats.stdout.splitlines()
    broken = {row.split()[0]: row for row in rows if "confexport-broken" in row}
    assert "No module named 'confexport_missing_dependency'" in broken["broken-import"]
    assert "missing method 'export'" in broken["broken-contract"]
    assert "IGNORED: confexport-broken registers 'json' too" in broken["json"]
    assert any(row.startswith("docx ") for row in rows)
    result = _cli("build", "pycascades-2022.md", "-t", "json,md", "-o", "out", cwd=sample_dir)
    assert result.returncode == 0, result.stderr
    assert json.loads((sample_dir / "out" / "pycascades-2022.json").read_text())["title"]
    for name in ("broken-import", "broken-contract"):
        failed = _cli("build", "pycascades-2022.md", "-t", name, "-o", "out", cwd=sample_dir)
        assert failed.returncode == 1 and "package 'confexport-broken'" in failed.stderr
    assert "registered by confexport-broken too" in result.stderr
    every = _cli("build", "pycascades-2022.md", "-t", "all", "-o", "all", cwd=sample_dir)
    assert every.returncode == 0, every.stderr
    assert "'broken-import' from package 'confexport-broken' failed to load" in every.stderr
    assert (sample_dir / "all" / "pycascades-2022.docx").is_file()


def test_readme_example_is_the_tested_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Write an exporter") :]
    for name in ("confexport_example/__init__.py", "pyproject.toml"):
        code = (FIXTURES / "example-exporter" / name).read_text(encoding="utf-8")
        assert code.strip() in section, name


# --- Obsidian notes ------------------------------------------------------------------


def _inlines(node: object) -> Iterator[dict[str, object]]:
    """Every element of a pandoc JSON document, depth first."""
    if isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            yield from _inlines(value)
    elif isinstance(node, list):
        for value in node:
            yield from _inlines(value)


def _span_text(span: dict[str, object]) -> str:
    content = span["c"]
    assert isinstance(content, list)
    return " ".join(str(e["c"]) for e in _inlines(content[1]) if e["t"] == "Str")


@pytest.fixture(scope="module")
def obsidian() -> dict[str, bytes]:
    conference = read_notes(FIXTURES / "notes" / "obsidian.md")
    return {
        fmt: main_file(export(fmt, conference), f"obsidian.{fmt}")
        for fmt in ("html", "docx", "odt")
    }


@pytest.mark.parametrize("fmt", ["html", "docx", "odt"])
def test_obsidian_checkboxes_images_and_link_text_read_back(
    obsidian: dict[str, bytes], fmt: str
) -> None:
    document = json.loads(read_back(obsidian[fmt], fmt, "json"))
    elements = list(_inlines(document["blocks"]))
    strings = [str(e["c"]) for e in elements if e["t"] == "Str"]
    assert strings.count("☐") == 2 and strings.count("☒") == 1
    text = " ".join(strings)
    assert "Team wiki > Incidents > March outage." in text
    assert "[[" not in text and "==" not in text and "[x]" not in text
    assert sum(e["t"] == "Image" for e in elements) == 2


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_obsidian_highlights_read_back_as_marks(obsidian: dict[str, bytes], fmt: str) -> None:
    document = json.loads(read_back(obsidian[fmt], fmt, "json"))
    marks = [
        _span_text(e)
        for e in _inlines(document["blocks"])
        if e["t"] == "Span" and "mark" in e["c"][0][1]  # type: ignore[index]
    ]
    assert marks == ["p95 latency fell from 900 ms to 120 ms", "surrogate keys"]


def test_obsidian_highlights_are_highlighted_in_odt(obsidian: dict[str, bytes]) -> None:
    # pandoc's odt reader drops character styles, so read the document itself.
    with zipfile.ZipFile(io.BytesIO(obsidian["odt"])) as archive:
        content = archive.read("content.xml").decode("utf-8")
        styles = archive.read("styles.xml").decode("utf-8")
    spans = re.findall(r'<text:span text:style-name="Highlighted">([^<]*)</text:span>', content)
    assert spans == ["p95 latency fell from 900 ms to 120 ms", "surrogate keys"]
    highlighted = re.search(r'style:name="Highlighted".*?</style:style>', styles, re.DOTALL)
    assert highlighted and "fo:background-color" in highlighted.group(0)


def test_obsidian_tags_are_the_documents_keywords(obsidian: dict[str, bytes]) -> None:
    keywords = "caching, performance, todo, ops/oncall"
    assert f'<meta name="keywords" content="{keywords}" />' in obsidian["html"].decode()
    with zipfile.ZipFile(io.BytesIO(obsidian["docx"])) as archive:
        assert (
            f"<cp:keywords>{keywords}</cp:keywords>" in archive.read("docProps/core.xml").decode()
        )
    with zipfile.ZipFile(io.BytesIO(obsidian["odt"])) as archive:
        assert f"<meta:keyword>{keywords}</meta:keyword>" in archive.read("meta.xml").decode()


def test_pandoc_warnings_reach_confexport_s_log_and_its_failures_are_one_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from confexport.errors import ExportError
    from confexport.exporters.pandoc import pandoc_api_version, run_pandoc

    image = {"t": "Image", "c": [["", [], []], [], ["absent.png", ""]]}
    ast = {
        "pandoc-api-version": list(pandoc_api_version()),
        "meta": {},
        "blocks": [{"t": "Para", "c": [image]}],
    }
    with caplog.at_level("WARNING", logger="confexport"):
        assert run_pandoc(json.dumps(ast), "docx", [], tmp_path, 0).startswith(b"PK")
    assert [r.getMessage() for r in caplog.records] == [
        'pandoc: Could not fetch resource absent.png: PandocResourceNotFound "absent.png"'
    ]
    with pytest.raises(ExportError, match=r"^pandoc \(docx\) failed: .*JSON"):
        run_pandoc("{not json", "docx", [], tmp_path, 0)

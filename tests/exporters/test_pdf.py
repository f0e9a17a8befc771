"""The PDF handout, read back with pypdf, poppler (pdftotext, pdffonts) and qpdf (pikepdf)."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

import confexport
from confexport import prose
from confexport.cli import main
from confexport.errors import ExportError
from confexport.exporters.pdf import PdfExporter, PdfOptions
from confexport.model import Conference
from confexport.plaintext import to_plain_text
from confexport.reader import read_notes

EPOCH = "1650000000"  # 2022-04-15T05:20:00Z
WORD = re.compile(r"\w+(?:['’]\w+)*")

WriteNotes = Callable[..., Path]


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} (poppler-utils) is needed to check the PDF; run make install"
    return path


def build(conference: Conference, **options: str) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        output = confexport.export(conference, "pdf", **options)  # shared options too
    assert isinstance(output, bytes)
    return output


def pdftotext(pdf: bytes, *args: str) -> str:
    result = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", *args, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.casefold()))


def flat(text: str) -> str:
    return " ".join(text.split())


def outline(pdf: bytes) -> list[Any]:
    """The outline as nested (title, [children]) pairs."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, list):
                out[-1][1].extend(walk(item))
            else:
                out.append((item.title, []))
        return out

    return walk(reader.outline)


def uris(pdf: bytes) -> set[str]:
    found: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.add(str(action["/URI"]))
    return found


def word_boxes(pdf: bytes) -> Iterator[tuple[float, float, float, str]]:
    """(page width, xMin, xMax, word) for every word pdftotext finds."""
    html = pdftotext(pdf, "-bbox")
    width = 0.0
    for line in html.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = re.search(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*)</word>', line
        )
        if word:
            yield width, float(word.group(1)), float(word.group(2)), word.group(3)


def assert_inside_text_frame(pdf: bytes) -> None:
    margin = 22 * 72 / 25.4  # the default style sheet's side margins
    for width, left, right, word in word_boxes(pdf):
        assert left >= margin - 1 and right <= width - margin + 1, f"{word!r} leaves the frame"


def notes(write_notes: WriteNotes, text: str) -> Conference:
    return read_notes(write_notes(textwrap.dedent(text)))


# -- the sample ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_pdf(sample: Conference) -> bytes:
    return build(sample)


@pytest.fixture(scope="module")
def sample_text(sample_pdf: bytes) -> str:
    return pdftotext(sample_pdf)


def test_sample_opens_with_metadata(sample_pdf: bytes, sample: Conference) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    assert len(reader.pages) >= 8
    info = reader.metadata
    assert info is not None
    assert info.title == "PyCascades 2022"
    assert info.subject == sample.subtitle
    assert "Moshe Zadka" in (info.get("/Keywords") or "")
    assert info.get("/CreationDate", "").startswith("D:20220415052000")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4


def test_sample_outline_is_conference_days_talks(sample_pdf: bytes, sample: Conference) -> None:
    ((conference, days),) = outline(sample_pdf)
    assert conference == "PyCascades 2022"
    assert [day for day, _ in days] == ["Day 1", "Day 2"]
    talks = [title for _, children in days for title, _ in children]
    assert talks == [talk.title for talk in sample.talks]
    assert len(talks) == 18


def test_sample_text_has_every_title_and_word(sample_text: str, sample: Conference) -> None:
    text = flat(sample_text)
    for talk in sample.talks:
        assert flat(talk.title) in text
    expected = set()
    for talk in sample.talks:
        expected |= words(to_plain_text(talk.abstract) + " " + to_plain_text(talk.notes))
    missing = expected - words(sample_text)
    assert not missing
    assert "\ufffd" not in sample_text


def test_sample_talk_links_are_uri_annotations(sample_pdf: bytes, sample: Conference) -> None:
    links = uris(sample_pdf)
    assert {talk.url for talk in sample.talks if talk.url} <= links
    assert "https://2022.pycascades.com/program/schedule/" in links


def test_sample_passes_qpdf_check(sample_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf --check, step by step


def test_sample_embeds_every_font(sample_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    listing = subprocess.run(
        [_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) >= 4
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column


def test_sample_text_stays_inside_the_frame(sample_pdf: bytes) -> None:
    assert_inside_text_frame(sample_pdf)


def test_builds_are_byte_identical(sample: Conference) -> None:
    assert build(sample) == build(sample)


def test_contents_entries_link_to_their_pages(sample_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    internal = [
        annotation.get_object()
        for annotation in reader.pages[1].get("/Annots") or []
        if annotation.get_object().get("/Dest") is not None
        or (annotation.get_object().get("/A") or {}).get("/S") == "/GoTo"
    ]
    assert len(internal) >= 18 + 2


# -- Markdown fidelity -----------------------------------------------------------------

CONSTRUCTS = """\
    # Constructs

    ## Every construct

    Plain **bold words** and *italic words* and ~~struck words~~ and `inline_code()`.
    A [clickable link](https://example.org/linked) and a [script](javascript:alert(1)).

    * outer item
      * inner item
        1. deepest numbered
    * second outer

    3. third
    4. fourth

    ```python
    def indented():
        return "kept"
    ```

        indented code block

    | Name | Count |
    |------|------:|
    | apples | 3 |
    | pears | 12 |

    > quoted wisdom
    >
    > > nested quote

    ### A sub-heading

    <script>alert("raw")</script>

    Inline <b>raw html</b> stays text.
    """


@pytest.fixture
def constructs(write_notes: WriteNotes) -> bytes:
    return build(notes(write_notes, CONSTRUCTS))


def test_markdown_constructs_keep_their_words(constructs: bytes) -> None:
    text = pdftotext(constructs)
    for phrase in (
        "bold words", "italic words", "struck words", "inline_code()", "clickable link",
        "outer item", "inner item", "deepest numbered", "3. third", "4. fourth",
        'return "kept"', "indented code block", "apples", "12", "quoted wisdom",
        "nested quote", "A sub-heading",
    ):  # fmt: skip
        assert phrase in text, phrase


def test_raw_html_is_shown_as_text(constructs: bytes) -> None:
    text = pdftotext(constructs)
    assert '<script>alert("raw")</script>' in text
    assert "<b>raw html</b>" in text


def test_only_web_links_are_clickable(constructs: bytes) -> None:
    links = uris(constructs)
    assert "https://example.org/linked" in links
    assert not any(link.startswith("javascript") for link in links)


def test_nested_lists_and_code_are_indented(constructs: bytes) -> None:
    lines = pdftotext(constructs, "-layout").splitlines()

    def column(fragment: str) -> int:
        line = next(line for line in lines if fragment in line)
        return line.index(fragment)

    assert column("outer item") < column("inner item") < column("deepest numbered")
    assert column("def indented") < column('return "kept"')


def test_styles_use_bold_italic_and_mono_fonts(constructs: bytes, tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(constructs)
    fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True).stdout
    for name in ("DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansMono"):
        assert f"+{name} " in fonts


def test_long_word_code_line_and_wide_table_stay_on_the_page(write_notes: WriteNotes) -> None:
    long_word = "x" * 100 + "y" * 100
    code_line = " ".join(f"token{index:03d}" for index in range(33))[:300]
    header = " | ".join(f"Column heading {index}" for index in range(12))
    row = " | ".join(f"cell-{index}-{'long' * 6}" for index in range(12))
    conference = notes(
        write_notes,
        f"""\
        ## Wide things

        A word: {long_word}

        ```
        {code_line}
        ```

        | {header} |
        |{"---|" * 12}
        | {row} |
        """,
    )
    pdf = build(conference)
    assert_inside_text_frame(pdf)
    text = pdftotext(pdf)
    squeezed = re.sub(r"[\s↪]", "", text)
    assert long_word in squeezed
    assert code_line.replace(" ", "") in squeezed
    for index in range(12):
        assert f"cell-{index}-{'long' * 6}" in squeezed


def test_scripts_and_typography_survive(write_notes: WriteNotes, caplog: Any) -> None:
    title = "Łódź “quotes” — Ελληνικά и кириллица → ok"
    conference = notes(
        write_notes,
        f"""\
        ## {title}

        Zażółć gęślą jaźń, Ξεσκεπάζω την ψυχοφθόρα, Съешь же ещё этих булок… ‘single’
        """,
    )
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(conference)
    text = flat(pdftotext(pdf))
    assert title in text
    assert "Zażółć gęślą jaźń, Ξεσκεπάζω την ψυχοφθόρα, Съешь же ещё этих булок… ‘single’" in text
    assert outline(pdf)[0][1][0][1][0][0] == title
    assert not [r for r in caplog.records if "glyph" in r.getMessage()]


def test_characters_the_fonts_lack_are_reported(write_notes: WriteNotes, caplog: Any) -> None:
    conference = notes(write_notes, "## 漢字 talk\n\nSome notes 🎉\n")
    with caplog.at_level(logging.WARNING, logger="confexport"):
        build(conference)
    messages = [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]
    assert len(messages) == 1
    assert "notes.md:1:" in messages[0] and "U+6F22" in messages[0] and "U+1F389" in messages[0]


def test_empty_talk_and_image_only_talk(write_notes: WriteNotes, tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "pictures").mkdir()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(tmp_path / "pictures" / "slide.png")
    conference = notes(
        write_notes,
        """\
        ## Empty talk

        ## Picture talk

        ![The only slide](pictures/slide.png)
        """,
    )
    pdf = build(conference)
    text = flat(pdftotext(pdf))
    assert "Empty talk Talk No notes for this session." in text
    assert "The only slide" in text
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1


def test_missing_image_gets_placeholder_and_warning(write_notes: WriteNotes, caplog: Any) -> None:
    conference = notes(
        write_notes,
        """\
        ## A talk

        Text first.

        ![A lost slide](pictures/lost.png)

        ![Outside](../secret.png)
        """,
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="confexport"):
        pdf = build(conference)
    text = flat(pdftotext(pdf))
    assert "[image not available: A lost slide (pictures/lost.png)]" in text
    assert "[image not available: Outside (../secret.png)]" in text
    messages = [r.getMessage() for r in caplog.records if r.name == "confexport"]
    assert any(m.endswith("notes.md:5: image pictures/lost.png not found") for m in messages)
    assert any("notes.md:7: image ../secret.png is outside the notes folder" in m for m in messages)


def test_real_size_photos_are_downsampled(write_notes: WriteNotes, tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "pictures").mkdir()
    total = 0
    for index in range(4):
        picture = Image.radial_gradient("L").resize((3840, 2016)).convert("RGBA")
        noise = Image.effect_noise((960, 504), 40 + index).resize((3840, 2016))
        picture.putalpha(255)
        picture = Image.merge(
            "RGBA", (noise, picture.getchannel("R"), noise, picture.getchannel("A"))
        )
        path = tmp_path / "pictures" / f"photo{index}.png"
        picture.save(path)
        total += path.stat().st_size
    assert total >= 7_000_000
    body = "\n\n".join(f"![Photo {index}](pictures/photo{index}.png)" for index in range(4))
    pdf = build(notes(write_notes, f"## Photos\n\n{body}\n"))
    assert len(pdf) < 3_000_000
    text_width_inches = (595.28 - 2 * 22 * 72 / 25.4) / 72
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sizes = [image.image.size for page in reader.pages for image in page.images]
    assert len(sizes) == 4
    for width, _ in sizes:
        assert width <= text_width_inches * 150 + 2


# -- options -----------------------------------------------------------------------------


def test_options_paper_toc_attendance_abstracts(write_notes: WriteNotes) -> None:
    conference = notes(
        write_notes,
        """\
        ## Seen talk

        > The seen abstract.

        Notes on the seen talk.

        ## Skipped talk

        Did not attend.
        """,
    )
    default = build(conference)
    assert "NOT ATTENDED" in pdftotext(default)
    letter = pypdf.PdfReader(io.BytesIO(build(conference, paper="letter"))).pages[0]
    assert (float(letter.mediabox.width), float(letter.mediabox.height)) == (612, 792)
    assert "Contents" in pdftotext(default)
    assert "Contents" not in pdftotext(build(conference, toc="false"))
    only = build(conference, attended_only="true")
    assert [t for _, days in outline(only)[0][1] for t, _ in days] == ["Seen talk"]
    assert "The seen abstract." not in pdftotext(build(conference, abstracts="false"))


def test_templates_override_the_style_sheet(write_notes: WriteNotes, tmp_path: Path) -> None:
    conference = notes(write_notes, "## Talk\n\nSome words.\n")
    custom = tmp_path / "custom"
    (custom / "pdf").mkdir(parents=True)
    (custom / "pdf" / "style.yaml").write_text("page:\n  margin_left_mm: 60\n")
    boxes = list(word_boxes(build(conference, templates=str(custom))))
    left = min(x for _, x, _, word in boxes if word == "Some")
    assert left == pytest.approx(60 * 72 / 25.4, abs=1)
    (custom / "pdf" / "style.yaml").write_text("styles:\n  body:\n    fontName: Helvetica\n")
    with pytest.raises(ExportError, match="Helvetica"):
        build(conference, templates=str(custom))


def test_cli_writes_the_pdf(sample_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(
        ["build", str(sample_dir / "pycascades-2022.md"), "-t", "pdf", "-o", str(out),
         "-O", "paper=letter", "-q"]
    )  # fmt: skip
    assert code == 0
    reader = pypdf.PdfReader(out / "pycascades-2022.pdf")
    assert float(reader.pages[0].mediabox.width) == 612


def test_default_options() -> None:
    assert PdfOptions() == PdfOptions(paper=None, toc=True, abstracts=True)


def test_contents_page_numbers_match_the_outline(sample_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample_pdf))
    ((_, days),) = outline(sample_pdf)
    targets: list[int] = []

    def pages(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                pages(item)
            else:
                targets.append(reader.get_destination_page_number(item) + 1)

    pages(reader.outline[1])  # days and talks, in reading order
    assert len(targets) == len(days) + sum(len(talks) for _, talks in days)
    contents = pdftotext(sample_pdf, "-layout", "-f", "2", "-l", "2").split("Contents", 1)[1]
    printed = [int(m.group(1)) for m in re.finditer(r"(\d+)\s*$", contents, re.MULTILINE)]
    assert printed[: len(targets)] == targets


def test_an_image_used_many_times_is_embedded_once(write_notes: WriteNotes, tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "pictures").mkdir()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(tmp_path / "pictures" / "slide.png")
    uses = "\n\n".join(f"## Talk {n}\n\n![Slide](pictures/slide.png)\n" for n in range(6))
    path = tmp_path / "uses.pdf"
    path.write_bytes(build(notes(write_notes, uses)))
    listing = subprocess.run(
        [_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    drawn = [row.split() for row in listing.splitlines()[2:]]
    assert len(drawn) == 6
    assert len({row[10] for row in drawn}) == 1  # the "object ID" column


# -- a book of several notes files (--combine) -------------------------------------------

SECOND_NOTES = """\
---
title: PyCon DE 2021
start: 2021-10-13
end: 2021-10-15
---

# PyCon DE 2021

## Typing in anger

Notes on **gradual typing**.

## Łódź data pipelines

- streaming
"""


def test_combined_book_has_a_part_per_conference_in_date_order(
    sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sample_dir / "pyconde-2021.md").write_text(SECOND_NOTES, encoding="utf-8")
    (sample_dir / "meetup.md").write_text("# Meetup\n\n## A lightning talk\n\nShort.\n")
    notes_files = [str(sample_dir / name) for name in ("pycascades-2022.md", "meetup.md",
                                                        "pyconde-2021.md")]  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    code = main(["build", *notes_files, "-t", "pdf", "-o", str(out), "--combine", "library", "-q"])
    assert code == 0
    pdf = (out / "library.pdf").read_bytes()
    ((book, parts),) = outline(pdf)
    assert book == "Conference notes"
    assert [title for title, _ in parts] == ["PyCon DE 2021", "PyCascades 2022", "Meetup"]
    sample = read_notes(sample_dir / "pycascades-2022.md")
    second = read_notes(sample_dir / "pyconde-2021.md")
    assert [t for _, talks in parts[1][1] for t, _ in talks] == [t.title for t in sample.talks]
    assert [t for _, talks in parts[0][1] for t, _ in talks] == [t.title for t in second.talks]
    text = flat(pdftotext(pdf))
    for talk in (*sample.talks, *second.talks):
        assert flat(talk.title) in text
    contents = flat(pdftotext(pdf, "-f", "2", "-l", "3"))
    assert contents.index("PyCon DE 2021") < contents.index("PyCascades 2022")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Conference notes"
    assert main(["build", *notes_files, "-t", "pdf", "-o", str(tmp_path / "again"),
                 "--combine", "library", "-q"]) == 0  # fmt: skip
    assert (tmp_path / "again" / "library.pdf").read_bytes() == pdf


def test_combining_nothing_is_an_error() -> None:
    with pytest.raises(ExportError, match="nothing to combine"):
        PdfExporter().export_combined([], PdfOptions(), stem="x", title="x")


def test_images_come_from_a_resource_path_too(write_notes: WriteNotes, tmp_path: Path) -> None:
    import dataclasses

    from PIL import Image

    shared = tmp_path / "shared"  # beside the notes folder, not inside it
    shared.mkdir()
    Image.new("RGB", (320, 180), (200, 60, 40)).save(shared / "logo.png")
    (tmp_path / "notes").mkdir()
    conference = read_notes(write_notes("## Talk\n\n![Logo](logo.png)\n", "notes/notes.md"))
    without = build(conference)
    assert "[image not available: Logo (logo.png)]" in flat(pdftotext(without))
    pdf = build(dataclasses.replace(conference, resource_paths=(shared,)))
    assert "image not available" not in pdftotext(pdf)
    assert sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_title_longer_than_a_page_still_builds(write_notes: WriteNotes) -> None:
    title = " ".join(["enormous"] * 900)
    pdf = build(notes(write_notes, f"## {title}\n\nNotes.\n"))
    ((_, days),) = outline(pdf)
    assert days[0][1][0][0] == title
    assert "…" in pdftotext(pdf, "-f", "2", "-l", "2")  # the contents line is clipped
    assert "Notes." in pdftotext(pdf)


def _frags(flowables: list[Any]) -> list[tuple[Any, ...]]:
    """What each paragraph prints, as reportlab's own markup parser reads its text."""
    from reportlab.platypus import Paragraph

    out: list[tuple[Any, ...]] = []
    for flowable in flowables:
        assert isinstance(flowable, Paragraph), flowable
        for paragraph in (flowable, Paragraph(flowable.text, flowable.style)):
            frags = [(f.text, f.fontName, f.fontSize, str(f.textColor)) for f in paragraph.frags]
            out.append((flowable.style.name, *frags))
    return out


PLAIN_TEXTS = [
    "Just words.",
    "Two lines\nof one paragraph.\n\n\nAnd a second one: (with) punctuation, 'quotes' \"too\".",
    "\nÜnïcödé — dashes, ellipses… and emoji 🎉 stay one paragraph.\n",
    "trailing-hyphen and mid-word + = # signs 3.5 stay plain",
]
MARKDOWN_TEXTS = [
    "hard  \nbreak",
    "back\\\nslash",
    "# heading",
    "1. one",
    "2) two",
    "- item",
    "+ item",
    "a\n===",
    "a\n---",
    "    code",
    " indented",
    "a *b*",
    "a_b_",
    "`x`",
    "[a](http://x)",
    "a & b",
    "<b>x</b>",
    "> quote",
    "a | b\n--|--\n1 | 2",
    "~~gone~~",
    "tab\there",
    "non\u00a0breaking",
    "line\u2028separator",
    "cr\r\nlf",
    "space \n\nline",
]


def test_plain_text_skips_the_markdown_parser_with_the_same_result(sample: Conference) -> None:
    from confexport.exporters.pdf.markdown import MarkdownFlowables, plain_paragraphs
    from confexport.exporters.pdf.style import load_style_sheet

    sheet = load_style_sheet()
    flowables = MarkdownFlowables(sheet, lambda *args: [])
    fragments = [t.abstract for t in sample.talks] + [t.notes for t in sample.talks]
    shortcut = [text for text in PLAIN_TEXTS + fragments if plain_paragraphs(text) is not None]
    assert len(shortcut) >= len(PLAIN_TEXTS) + 3
    for text in shortcut:
        parsed = flowables.blocks(prose.tree(text), 400.0, "abstract")
        fast = flowables.render(text, 400.0, "abstract")
        assert _frags(fast) == _frags(parsed), text
    for text in MARKDOWN_TEXTS:
        assert plain_paragraphs(text) is None, text


# -- Obsidian notes --------------------------------------------------------------------

OBSIDIAN = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "obsidian.md"
HIGHLIGHT = (0xFB, 0xE3, 0x8E)  # colors.highlight of templates/pdf/style.yaml


@pytest.fixture(scope="module")
def obsidian_pdf() -> bytes:
    return build(read_notes(OBSIDIAN))


def test_obsidian_notes_print_checkboxes_highlights_and_link_text(obsidian_pdf: bytes) -> None:
    text = flat(pdftotext(obsidian_pdf))
    assert "☐ Put Cache-Control: stale-while-revalidate on the product pages" in text
    assert "☒ Read the surrogate keys chapter" in text
    assert "☐ Ask ops about issue #123 and the #ops/oncall rota" in text
    assert "p95 latency fell from 900 ms to 120 ms." in text
    assert "See also Cache invalidation and the Vary header" in text
    assert "Team wiki > Incidents > March outage. #caching #performance" in text
    for syntax in ("==", "[[", "]]", "[ ]", "[x]", "•"):  # task items have no bullet either
        assert syntax not in text, syntax


def test_obsidian_embeds_are_embedded_and_tags_are_keywords(obsidian_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(obsidian_pdf))
    assert sum(len(page.images) for page in reader.pages) == 2
    assert "image not available" not in pdftotext(obsidian_pdf)
    assert reader.metadata is not None
    keywords = str(reader.metadata["/Keywords"])
    assert "caching, performance, todo, ops/oncall" in keywords and "Mira Okafor" in keywords


def test_highlights_are_painted_behind_their_words(obsidian_pdf: bytes, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    (tmp_path / "handout.pdf").write_bytes(obsidian_pdf)
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "80", str(tmp_path / "handout.pdf"), str(tmp_path / "p")],
        check=True,
    )
    painted = {}
    for page in sorted(tmp_path.glob("p-*.png")):
        with Image.open(page) as image:
            rgb = image.convert("RGB")
        # Pixels within a few levels of the highlight colour on every channel.
        difference = ImageChops.difference(rgb, Image.new("RGB", rgb.size, HIGHLIGHT))
        near = [band.point(lambda level: 255 if level <= 6 else 0) for band in difference.split()]
        mask = ImageChops.multiply(ImageChops.multiply(near[0], near[1]), near[2])
        painted[page.stem] = mask.histogram()[255]
    # Two highlights on the talk's page (about 1,400 px at 80 dpi), none elsewhere.
    assert [name for name, count in painted.items() if count] == ["p-3"], painted
    assert painted["p-3"] > 800, painted


def _keeps_notes(count: int) -> str:
    """Sessions whose lead-ins and sub-headings fall at every height of a page."""
    parts = ["---\ntitle: Keeps\nstart: 2024-05-01\n---\n# Keeps\n"]
    for number in range(count):
        filler = "\n\n".join(f"Filler line {number}.{line}." for line in range(number % 9))
        parts.append(
            f"## Talk {number}\n\n{filler}\n\nLead-in {number} says:\n\n"
            f"- first point {number}\n- second point {number}\n\n"
            f"### Sub {number}\n\nAfter sub {number}.\n"
        )
    return "\n".join(parts)


def test_lead_ins_and_sub_headings_never_end_a_page(write_notes: WriteNotes) -> None:
    pdf = build(read_notes(write_notes(_keeps_notes(60))))
    pages = pdftotext(pdf).split("\f")

    def page_of(words: str) -> int:
        return next(number for number, text in enumerate(pages) if words in text)

    breaks = 0
    for number in range(60):
        assert page_of(f"Lead-in {number} says:") == page_of(f"first point {number}"), number
        assert page_of(f"Sub {number}\n") == page_of(f"After sub {number}."), number
        breaks += page_of(f"Talk {number}\n") != page_of(f"After sub {number}.")
    assert breaks, "no session crossed a page: the test would prove nothing"

"""Bounded memory for big notes: the AST shapes that keep pandoc's writers small.

pandoc's docx and odt writers keep each list's numbering in a state that grows with
the square of the number of lists: 20,000 one-item lists took 7.7 GB and 100 s for
docx.  Past ``LIST_LIMIT`` lists those two formats write lists as marked paragraphs
(measured in the README: every format of 20,000 sessions stays under 1.5 GB).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import orjson
import pypandoc
import pytest

from confexport.cli import main
from confexport.errors import ExportError
from confexport.exporter import load_exporter
from confexport.exporters.pandoc import LIST_LIMIT, PandocOptions, pandoc_api_version
from confexport.exporters.pandoc.documents import Images, document
from confexport.reader import read_notes


def notes_with_lists(count: int) -> str:
    talks = [f"## Talk {n}\n\n- point {n}\n  1. detail {n}\n" for n in range(1, count + 1)]
    return "---\ntitle: Lists\nstart: 2024-05-01\n---\n# Day 1\n\n" + "\n".join(talks)


def read_back(data: bytes, fmt: str) -> dict[str, object]:
    return json.loads(pypandoc.convert_text(data, "json", format=fmt, sandbox=True))  # type: ignore[no-any-return]


def kinds(node: object) -> list[str]:
    if isinstance(node, dict):
        return [str(node.get("t")), *kinds(node.get("c"))]
    if isinstance(node, list):
        return [kind for item in node for kind in kinds(item)]
    return []


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_many_lists_are_written_as_marked_paragraphs(
    fmt: str, write_notes: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = load_exporter(fmt)
    monkeypatch.setattr(exporter, "list_limit", 6)
    conference = read_notes(write_notes(notes_with_lists(3)))
    plain = PandocOptions(toc=False)  # the contents is a list of its own, never bounded
    few = read_back(exporter().export(conference, plain), fmt)  # type: ignore[attr-defined]
    assert kinds(few["blocks"]).count("BulletList") == 3  # 6 lists: at the limit
    conference = read_notes(write_notes(notes_with_lists(4)))
    many = read_back(exporter().export(conference, plain), fmt)  # type: ignore[attr-defined]
    assert {"BulletList", "OrderedList"}.isdisjoint(kinds(many["blocks"]))
    text = pypandoc.convert_text(json.dumps(many), "plain", format="json", sandbox=True)
    for n in range(1, 5):
        assert f"• point {n}" in text and f"\u20031. detail {n}" in text


def test_the_limit_is_the_documented_one() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"{LIST_LIMIT:,} lists" in readme
    for fmt in ("docx", "odt"):
        assert load_exporter(fmt).list_limit == LIST_LIMIT  # type: ignore[attr-defined]


def test_a_document_past_its_writers_limit_is_refused_in_one_line(
    write_notes: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(load_exporter("odt"), "document_limit", 0)
    notes = write_notes(notes_with_lists(3))
    code = main(["build", str(notes), "-t", "odt,md", "-o", str(tmp_path / "out")])
    errors = [line for line in capsys.readouterr().err.splitlines() if "wrote " not in line]
    assert code == 1 and len(errors) == 1, errors
    assert re.fullmatch(
        r"confexport: odt: the notes make a 0\.\d MB pandoc document; above 0 MB pandoc's"
        r" odt writer needs more than 1\.5 GB of memory \(split the notes, or choose another"
        r" format\)",
        errors[0],
    )
    assert (tmp_path / "out" / "notes.md").is_file()
    assert not (tmp_path / "out" / "notes.odt").exists()


def test_every_format_has_a_measured_limit() -> None:
    for fmt in ("docx", "odt", "html", "md", "rst", "latex", "mediawiki", "org", "asciidoc"):
        limit = load_exporter(fmt).document_limit  # type: ignore[attr-defined]
        assert isinstance(limit, int) and limit > 0, fmt


def test_the_limit_counts_the_characters_json_dumps_writes(
    write_notes: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # pandoc gets compact JSON; the limits were measured in json.dumps's characters,
    # which space each , and :, so a document between the two sizes is still refused.
    conference = read_notes(write_notes(notes_with_lists(3)))
    exporter = load_exporter("odt")
    images = Images(mode="none", max_side=16)
    ast = document(conference, images, classes=True, api=pandoc_api_version())
    spaced, compact = len(json.dumps(ast, ensure_ascii=False)), len(orjson.dumps(ast))
    assert compact < spaced
    monkeypatch.setattr(exporter, "document_limit", (compact + spaced) / 2 / 1e6)
    with pytest.raises(ExportError, match="pandoc document"):
        exporter().export(conference, PandocOptions(toc=False, images="none"))  # type: ignore[attr-defined]
    monkeypatch.setattr(exporter, "document_limit", (spaced + 1) / 1e6)
    assert exporter().export(conference, PandocOptions(toc=False, images="none"))  # type: ignore[attr-defined]

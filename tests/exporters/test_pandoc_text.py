"""The text formats write the notes as text: each is rendered by its own reader.

A talk's notes hold the markup of every text format (rst directives, MediaWiki
templates, Org export snippets and LaTeX fragments, AsciiDoc attribute entries and
includes).  Each format is then read the way its users read it (docutils for rst, with
file insertion and raw output allowed; pandoc for MediaWiki and Org), and the hostile
text must come out as visible text: no file's contents, no script, no remote image.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import docutils.core
import pypandoc
import pytest

from confexport.exporter import load_exporter
from confexport.exporters.pandoc import PandocOptions
from confexport.exporters.pandoc.ast import link
from confexport.exporters.pandoc.text import protect
from confexport.reader import read_notes

SECRET = "SECRET-FILE-CONTENTS-7f3a"

NOTES = """\
---
title: Hostile conf
start: 2024-05-01
---
# Day 1

## Talk one

.. include:: {secret}

.. image:: https://evil.example/rst.png

Click (\\`here <javascript:alert(1)>\\`\\_) and |sub| and x(\\`y <javascript:alert(2)>\\`\\_).

\\{{{{Template}}}} \\[\\[Category:Hostile\\]\\] \\{{{{subst:X}}}} ~~~~ \\_\\_NOTOC\\_\\_

`{{{{Code}}}}` and `</code>{{{{Code2}}}}`

@@html:<script>alert(3)</script>@@ and \\[\\[https://evil.example/org.png\\]\\]

\\input{{{secret}}} $\\input{{{secret}}}$ \\write18{{ls}}

`a= @@html:<script>alert(4)</script>@@ =`

include::{secret}[]

:imagesdir: https://evil.example/

{{attr}} and {{set:x:y}}

```
....
include::{secret}[]
----
```

```python
</syntaxhighlight>{{{{Template}}}}
```

A term:: its definition; see name_) and note [1]_.

## COMMENT on the keynote

Kept.
"""


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def written(secret: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    notes = tmp_path_factory.mktemp("notes") / "notes.md"
    notes.write_text(NOTES.format(secret=secret), encoding="utf-8")
    conference = read_notes(notes)

    def write(fmt: str) -> str:
        output = load_exporter(fmt)().export(conference, PandocOptions())  # type: ignore[attr-defined]
        data = output if isinstance(output, bytes) else next(iter(output.values()))
        return str(data.decode("utf-8"))

    return write


def pandoc(text: str, source: str, target: str = "html", *, cwd: Path | None = None) -> str:
    """pandoc itself, as a user runs it: not sandboxed, so an include would be read."""
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", source, "-t", target, "--wrap=none"],
        input=text, capture_output=True, text=True, check=True, cwd=cwd,
    )  # fmt: skip
    return result.stdout


def visible(html: str) -> str:
    """The text a browser shows (tags dropped, entities and zero-width spaces undone)."""
    import html as html_module

    shown = html_module.unescape(re.sub(r"<[^>]+>", "", html)).replace("\u200b", "")
    return " ".join(shown.split())


def test_rst_directives_stay_text_for_docutils(written: Callable[[str], str]) -> None:
    rst = written("rst")
    page = docutils.core.publish_string(
        rst,
        writer="html5",
        settings_overrides={"file_insertion_enabled": True, "raw_enabled": True, "report_level": 5},
    ).decode("utf-8")
    assert SECRET not in page  # the include did not fire
    assert "<img" not in page and "javascript:" not in page.replace("&lt;javascript:", "")
    shown = visible(page)
    assert ".. include::" in shown and ".. image:: https://evil.example/rst.png" in shown
    assert "(`here <javascript:alert(1)>`_)" in shown and "|sub|" in shown
    assert "see name_) and note [1]_." in shown


def test_mediawiki_templates_and_signatures_are_nowiki(written: Callable[[str], str]) -> None:
    wiki = written("mediawiki")
    for live in ("{{Template}}", "[[Category:Hostile]]", "{{subst:X}}", "~~~~", "__NOTOC__"):
        assert f"<nowiki>{live}</nowiki>" in wiki, live
    assert "<code><nowiki>{{Code}}</nowiki></code>" in wiki
    assert "<syntaxhighlight" not in wiki  # written unescaped by pandoc: a plain <pre>
    assert "&lt;/syntaxhighlight&gt;{{Template}}" in wiki
    shown = visible(pandoc(wiki, "mediawiki"))
    for text in ("{{Template}}", "[[Category:Hostile]]", "{{subst:X}}", "~~~~", "__NOTOC__"):
        assert text in shown, text


def test_org_snippets_links_and_latex_stay_text(written: Callable[[str], str]) -> None:
    org = written("org")
    html = pandoc(org, "org")
    assert "<script" not in html and "<img" not in html
    shown = visible(html)
    assert "@@html:<script>alert(3)</script>@@" in shown
    assert "[[https://evil.example/org.png]]" in shown
    assert "a= @@html:<script>alert(4)</script>@@ =" in shown
    assert "COMMENT on the keynote" in shown and "Kept." in shown  # not a commented section
    for target in ("latex", "html"):
        converted = pandoc(org, "org", target)
        assert "\\input" not in converted and "\\write18" not in converted
        assert SECRET not in converted
    # pandoc reads Org's \backslash entity as U+2216; Emacs as a backslash
    assert re.search(r"[\\∖]input\{" + re.escape(str(Path("/"))), shown)


def test_latex_writes_tex_as_text(written: Callable[[str], str], tmp_path: Path) -> None:
    latex = written("latex")
    assert "\\input{" not in latex.split("\\begin{document}")[1]
    html = pandoc(latex, "latex", cwd=tmp_path)
    assert SECRET not in html and "<script" not in html
    assert "\\input{" in visible(html) and "\\write18{ls}" in visible(html)


def test_asciidoc_has_no_live_directive_attribute_or_block(written: Callable[[str], str]) -> None:
    adoc = written("asciidoc")
    header, body = adoc.split("\n\n", 1)
    assert all(re.match(r"= |:(revdate|lang|toc):", line) for line in header.splitlines())
    for line in body.splitlines():
        assert not re.match(r"(include|image|ifeval|ifdef)::|:[\w-]+!?:(\s|$)|//|\.\w", line)
        assert not re.match(r"(NOTE|TIP|IMPORTANT|WARNING|CAUTION):", line), line
        assert not re.search(r"::|;;", line) or line.startswith("\\include::"), line
    # attribute references: outside listing blocks every brace is escaped or an escape
    text = re.sub(r"\n----\n.*?\n----\n", "", adoc, flags=re.DOTALL)
    assert re.findall(r"\{(?!empty\}|plus\})", re.sub(r"\+\+[^+]*\+\+", "", text)) == []
    # the code block's "...." and "----" lines do not end it; its include is escaped
    assert adoc.count("\n....\n") == 2 and "\n\u200b----\n" in adoc
    assert "\n\\include::" in adoc


@pytest.mark.parametrize("writer", ["rst", "mediawiki", "org", "asciidoc"])
def test_notes_cannot_forge_the_escapes(writer: str) -> None:
    """Private-use placeholders in the notes become U+FFFD before they can be revealed."""
    ast = {"blocks": [{"t": "Para", "c": [{"t": "Str", "c": "\ue000\ue001\ue003\ue160"}]}]}
    text = protect(ast, writer)["blocks"][0]["c"][0]["c"]
    assert "\ufffd\ufffd\ufffd\ufffd" in text and not re.search("[\ue000-\ue17f]", text)


def test_link_urls_are_safe_and_inert_in_every_writer() -> None:
    """Model URLs (talk pages, schedules) bypass the Markdown parser's link check."""
    words = [{"t": "Str", "c": "page"}]
    assert link(words, "javascript:alert(1)") == {"t": "Span", "c": [["", [], []], words]}
    target = link(words, 'https://example.com/a b]][[file:/etc/passwd]]"<x>{y}|')["c"][2][0]
    assert target == (
        "https://example.com/a%20b%5D%5D%5B%5Bfile:/etc/passwd%5D%5D%22%3Cx%3E%7By%7D%7C"
    )


@pytest.mark.parametrize("writer", ["rst", "mediawiki", "org", "asciidoc"])
def test_emphasis_nested_in_its_own_kind_is_written_as_one_level(writer: str) -> None:
    # Sixteen nested bold levels (what `**b **b …` can parse to) written as sixteen
    # pairs of Org markers take pandoc's Org reader minutes to pair up again.
    word = {"t": "Str", "c": "deep"}
    nested: dict[str, object] = word
    for _ in range(16):
        nested = {"t": "Strong", "c": [{"t": "Str", "c": "b"}, {"t": "Space"}, nested]}
    outer = {"t": "Emph", "c": [{"t": "Emph", "c": [nested]}]}
    ast = {"blocks": [{"t": "Para", "c": [outer]}]}
    (emphasis,) = protect(ast, writer)["blocks"][0]["c"]
    assert emphasis["t"] == "Emph" and [i["t"] for i in emphasis["c"]] == ["Strong"]
    inside = emphasis["c"][0]["c"]
    assert [i["t"] for i in inside] == ["Str", "Space"] * 16 + ["Str"]
    assert inside[-1]["c"].endswith("deep")

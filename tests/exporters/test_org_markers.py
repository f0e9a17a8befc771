"""Org emphasis markers in the notes' text stay characters, and pandoc's Org reader
reads the file back in time (``make fuzz`` found a line of URLs it took minutes on)."""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypandoc

from confexport.exporter import load_exporter
from confexport.exporters.pandoc import PandocOptions
from confexport.reader import read_notes

FRONT = "---\ntitle: Org conf\nstart: 2024-04-24\n---\n# Day 1\n\n## Talk\n\nSome words.\n\n"


def org_of(write_notes: Callable[..., Path], body: str) -> bytes:
    output = load_exporter("org")().export(
        read_notes(write_notes(FRONT + body + "\n")), PandocOptions()
    )  # type: ignore[attr-defined]
    assert isinstance(output, bytes)
    return output


def org_to_html(org: bytes, timeout: float = 30) -> str:
    command = [pypandoc.get_pandoc_path(), "--from=org", "--to=html", "--sandbox"]
    result = subprocess.run(command, input=org, capture_output=True, check=True, timeout=timeout)
    return result.stdout.decode("utf-8")


def shown(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u200b", "").split())


def test_lines_of_unclosed_markers_read_back_in_seconds(write_notes: Callable[..., Path]) -> None:
    # Before: a zero-width space before each "/" or "*" made it an opening marker, and
    # pandoc's Org reader took over 120 s on 40 of them (exponential in their number).
    lines = {
        "https://e.org/" * 300: "https://e.org/https://e.org/",
        " ".join(f"/usr/lib{n}" for n in range(60)): "/usr/lib0 /usr/lib1",
        " ".join(f"*args{n}" for n in range(60)): "*args58 *args59",
        "\\<div>raw\\</div> " * 60: "<div>raw</div> <div>raw</div>",
    }
    for line, kept in lines.items():
        page = org_to_html(org_of(write_notes, line))
        assert kept in shown(page)
        assert not re.search(r"<(em|strong|a|img|u|del)\b", page.split("Some words.")[1])
    # emphasis nested past the parser's bound: the markers past it are written as lone
    # "*" words, each before the next word with no space (3,000 levels did not finish)
    deep = "*a " * 300 + "end" + "*" * 300
    page = org_to_html(org_of(write_notes, deep))
    assert "*a *a *a" in shown(page) and "end" in shown(page)


def test_markers_in_the_text_open_no_emphasis(write_notes: Callable[..., Path]) -> None:
    # Before: "/italic/" and "+struck+" written with a zero-width space in front were
    # read back as emphasis.
    text = "a /slashed/ word, +plus+ and =equals= or ~tilde~ (/paren/) call_x(1) at 10:30"
    page = org_to_html(org_of(write_notes, text))
    body = page.split("Some words.")[1]
    assert not re.search(r"<(em|strong|del|u|code|sub|a)\b", body), body
    assert text in shown(page)

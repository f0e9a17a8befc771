"""Hypothesis strategies: notes built from the shapes real notes take."""

from __future__ import annotations

from hypothesis import strategies as st

LINES = st.sampled_from(
    [
        "# Conference 2024", "## Day 1", "## Monday 24th April", "## END OF DAY 1", "---",
        "## Talk title", "### Sub topic", "## Keynote: Ada Lovelace", "## Talk (9am)",
        "## 10:30–11:15 Ranged talk", "## [Linked](https://pretalx.com/ev/talk/ABCDEF/)",
        "> an abstract line", "> ", "<https://pretalx.com/ev/talk/QWERTY/>", "- a bullet",
        "  - nested", "1. numbered", "```", "# comment in code", "    indented code",
        "| a | b |", "|---|---|", "**A. Bold title**", "Speaker: Jane Doe", "Did not attend",
        "![alt](x.png)", "![](https://example.org/remote.png)", "<div>raw</div>",
        "<script>alert(1)</script>", "[js](javascript:alert(1))", "", "", "Plain words here.",
        "Ünïcödé — Ελληνικά, Кириллица, 中文, emoji 🎉", "Q: what? :: answer", "{{c1::cloze}}",
        "title: x", "Lightning Talks", "BEGIN:VEVENT", "=cmd|' /C calc'!A0", "\t tab\tseparated",
    ]
)  # fmt: skip
NOTES = st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40).map("\n".join)
FRONT_MATTER = st.sampled_from(
    [
        "",
        "---\ntitle: Fuzz Conf\nstart: 2024-04-24\nend: 2024-04-26\ntimezone: Europe/Berlin\n---\n",
        "Title: Pelican style\nDate: 2023-01-01\n\n",
        "---\nlanguage: el\n---\n",
    ]
)
NOTES_WITH_METADATA = st.tuples(FRONT_MATTER, NOTES).map("".join)

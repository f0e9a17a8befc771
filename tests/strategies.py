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

# Hostile shapes, past every bound of markup.py (64 columns of container prefix, 16
# levels of inline nesting, 74 of links) yet small enough for CI's 200 examples.
DEPTH = st.integers(min_value=1, max_value=200)
CONTAINERS = st.sampled_from([">", "> ", "- ", "1. ", "> - ", "* > ", "\t- "])
DEEP_BLOCK = st.builds(lambda marker, depth: marker * depth + "deep", CONTAINERS, DEPTH)
DEEP_INDENT = DEPTH.map(lambda depth: "\n".join("  " * i + "- item" for i in range(depth)))
DEEP_INLINE = st.builds(
    lambda shape, depth: shape(depth),
    st.sampled_from(
        [
            lambda n: "[" * n + "x" + "]" * n,
            lambda n: "".join(f"[a{i} " for i in range(n)) + "x" + "]" * n + "(u)",
            lambda n: "*a " * n + "x" + "*" * n,
            lambda n: "**b " * n + "x" + "**" * n,
            lambda n: "==m " * n + "x" + "==" * n,
            lambda n: "![" * n + "x" + "](p.png)" * n,
        ]
    ),
    DEPTH,
)
#: One unbroken run: a word, a URL, a code line, a line of markup characters.
LONG_RUN = st.builds(
    lambda piece, length: (piece * length)[: max(length, len(piece))],
    st.sampled_from(
        ["x", "Ω", "中", "🎉", "-", "_", "*", "`", "[", "<", "|", "\\", "&amp;", "https://e.org/"]
    ),
    st.integers(min_value=80, max_value=3000),
).flatmap(lambda run: st.sampled_from([run, f"`{run}`", f"    {run}", f"<{run}>", f"## {run}"]))
#: Widest table generated: past what any page holds (the PDF shrinks, then splits it).
MAX_COLUMNS = 120
WIDE_TABLE = st.builds(
    lambda columns, rows, cell: "\n".join(
        ["| " + " | ".join(f"h{c}" for c in range(columns)) + " |", "|" + "---|" * columns]
        + ["| " + " | ".join([cell] * columns) + " |"] * rows
    ),
    st.integers(min_value=1, max_value=MAX_COLUMNS),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["1", "a longer cell of words", "`code`", "x" * 60]),
)
HOSTILE = st.one_of(DEEP_BLOCK, DEEP_INDENT, DEEP_INLINE, LONG_RUN, WIDE_TABLE)

PLAIN_LINES = st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40)


def _with_hostile(parts: tuple[list[str], list[tuple[int, str]]]) -> str:
    lines, hostile = parts
    for position, block in hostile:
        lines.insert(min(position, len(lines)), block)
    return "\n".join(lines)


#: Notes in real shapes, with up to two hostile blocks among their lines.
NOTES = st.tuples(PLAIN_LINES, st.lists(st.tuples(st.integers(0, 40), HOSTILE), max_size=2)).map(
    _with_hostile
)
FRONT_MATTER = st.sampled_from(
    [
        "",
        "---\ntitle: Fuzz Conf\nstart: 2024-04-24\nend: 2024-04-26\ntimezone: Europe/Berlin\n---\n",
        "Title: Pelican style\nDate: 2023-01-01\n\n",
        "---\nlanguage: el\n---\n",
    ]
)
NOTES_WITH_METADATA = st.tuples(FRONT_MATTER, NOTES).map("".join)

_HOSTILE_FRONT = "---\ntitle: Hostile Conf\nstart: 2024-04-24\nend: 2024-04-24\n---\n# Day 1\n\n"
_HOSTILE_DEPTH = 200
#: One notes file of each hostile kind at the strategies' largest (deep quotes, lists and
#: links, long unbroken runs, the widest table), added to what every property test draws,
#: so that each run, CI's and ``make fuzz``'s, builds every format from each kind
#: whatever the draw.
HOSTILE_NOTES = tuple(
    _HOSTILE_FRONT + f"## {title}\n\n{body}\n"
    for title, body in [
        (
            "Deep quotes",
            "> " * _HOSTILE_DEPTH + "abstract\n\nNotes.\n\n" + "> " * _HOSTILE_DEPTH + "deep",
        ),
        ("Deep list", "\n".join("  " * i + "- item" for i in range(_HOSTILE_DEPTH))),
        (
            "Deep links",
            "".join(f"[a{i} " for i in range(_HOSTILE_DEPTH)) + "x" + "]" * _HOSTILE_DEPTH + "(u)",
        ),
        ("Long runs", "中x" * 1500 + "\n\n    " + "-" * 3000 + "\n\n`" + "Ω" * 3000 + "`"),
        (
            "Wide table",
            "\n".join(
                ["| " + " | ".join(f"h{c}" for c in range(MAX_COLUMNS)) + " |"]
                + ["|" + "---|" * MAX_COLUMNS]
                + ["| " + " | ".join(["a longer cell of words"] * MAX_COLUMNS) + " |"] * 3
            ),
        ),
    ]
)

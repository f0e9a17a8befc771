"""Property tests: on any text the reader returns a model or a clear error, never crashes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from confexport.errors import ConfexportError
from confexport.exporters.json import conference_to_json
from confexport.reader import read_text

LINES = st.sampled_from(
    [
        "# Conference 2024", "## Day 1", "## Monday 24th April", "## END OF DAY 1", "---",
        "## Talk title", "### Sub topic", "## Keynote: Ada Lovelace", "## Talk (9am)",
        "## [Linked](https://pretalx.com/ev/talk/ABCDEF/)", "> an abstract line", "> ",
        "<https://pretalx.com/ev/talk/QWERTY/>", "- a bullet", "  - nested", "1. numbered",
        "```", "# comment in code", "    indented code", "| a | b |", "|---|---|",
        "**A. Bold title**", "Speaker: Jane Doe", "Did not attend", "![alt](x.png)",
        "<div>raw</div>", "", "", "Plain words here.", "title: x", "Lightning Talks",
    ]
)  # fmt: skip
NOTES = st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40).map("\n".join)


@given(NOTES)
def test_reader_never_crashes_and_is_deterministic(text: str) -> None:
    try:
        first = read_text(text)
    except ConfexportError as error:
        assert str(error)
        return
    assert first.talks
    assert len({talk.uid for talk in first.talks}) == len(first.talks)
    assert conference_to_json(first) == conference_to_json(read_text(text))

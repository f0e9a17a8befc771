"""The reader's choice of structure: stable under reordering and asides, explained, overridable."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from confexport.reader.blocks import read_blocks
from confexport.reader.outline import Choice, choose
from confexport.reader.repair import no_space_headings
from tests.conftest import FIXTURES, Run

WORDS = st.sampled_from(
    "caching tests queues lessons kernels budgets parsers sensors rewrites contracts "
    "latency pipelines modules teams archives streams wheels".split()
)
TITLES = st.lists(WORDS, min_size=3, max_size=8).map(lambda words: " ".join(words).capitalize())
PEOPLE = st.sampled_from(
    ["Ada Moreau", "Tomas Brandvold", "Keiko Arai", "Lena Fischer", "Omar Haddad", ""]
)
BODIES = st.sampled_from(
    [
        "- one point\n- another point",
        "A paragraph of notes on what was said.\n\n- and a list",
        "> The abstract of the talk.\n\n- notes",
        "Some prose.",
    ]
)
SUBTOPICS = st.sampled_from(["", "Takeaways", "Questions", "Demo notes", "My thoughts"])
ASIDES = st.sampled_from(
    [
        "Links\n\n- https://example.org/a\n- https://example.org/b",
        "To do\n\n- [ ] watch the recording\n- [ ] try it",
        "Misc links\n\n<https://example.org/c>",
    ]
)


@st.composite
def sessions(draw: st.DrawFn) -> list[tuple[str, str, str, str]]:
    count = draw(st.integers(min_value=2, max_value=7))
    return [(draw(TITLES), draw(PEOPLE), draw(BODIES), draw(SUBTOPICS)) for _ in range(count)]


def notes(items: Sequence[tuple[str, str, str, str]], level: int, days: bool) -> str:
    hashes = "#" * level
    parts = ["# Imagined Conference 2024"]
    for number, (title, person, body, subtopic) in enumerate(items):
        if days and number in (0, len(items) // 2):
            parts.append(f"{'#' * (level - 1)} Day {1 if number == 0 else 2}")
        parts.append(f"{hashes} {title}")
        if person:
            parts.append(f"Speaker: {person}")
        parts.append(body)
        if subtopic:
            parts.append(f"{hashes}# {subtopic}\n\n- a detail")
    return "\n\n".join(parts) + "\n"


def chosen(text: str) -> Choice:
    lines = no_space_headings(text.split("\n"))
    return choose(read_blocks("\n".join(lines)), lines, len(lines))


def level_of(text: str) -> int | None:
    return chosen(text).chosen.level


@given(sessions(), st.sampled_from([2, 3]), st.booleans(), st.randoms(use_true_random=False))
def test_shuffling_sessions_never_changes_the_level(
    items: list[tuple[str, str, str, str]], level: int, days: bool, rng: random.Random
) -> None:
    days = days and level == 3
    before = level_of(notes(items, level, days))
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert level_of(notes(shuffled, level, days)) == before


@given(sessions(), st.sampled_from([2, 3]), st.booleans(), ASIDES)
def test_an_appended_aside_never_changes_the_level(
    items: list[tuple[str, str, str, str]], level: int, days: bool, aside: str
) -> None:
    days = days and level == 3
    text = notes(items, level, days)
    before = chosen(text)
    after = chosen(text + f"\n{'#' * (level - 1 if days else level)} {aside}\n")
    assert after.chosen.level == before.chosen.level
    assert after.chosen.sessions == before.chosen.sessions  # the aside is not a session


def test_sessions_with_speakers_are_found_at_their_level() -> None:
    items = [(f"Talk number {n} about caching", "Ada Moreau", "- x", "Takeaways") for n in "abc"]
    assert level_of(notes(items, 3, days=True)) == 3
    assert level_of(notes(items, 2, days=False)) == 2


def test_explain_lists_every_candidate_and_the_reasons(
    run: Run,
) -> None:
    code, out, _ = run("inspect", "--explain", FIXTURES / "notes" / "shapes" / "french-days.md")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("* heading level 3")
    assert "single talk" in out  # level 2 holds only the days: no candidate there
    assert "show session signals" in out
    assert out.rstrip().splitlines()[-1].startswith("chosen: heading level 3")


def test_check_suggests_the_override_when_the_choice_is_close(run: Run, tmp_path: Path) -> None:
    notes_file = tmp_path / "close.md"
    notes_file.write_text(
        "# Meetup\n\n## Parsers and budgets\n\n- a\n\n### Pipelines and queues today\n\n- b\n"
        "\n## Sensors in the field\n\n- c\n\n### Kernels that teams trust\n\n- d\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", notes_file)
    assert code == 3
    assert "session-level" in out
    code, out, _ = run("check", notes_file, "-M", "session-level=2")
    assert "session-level" not in out

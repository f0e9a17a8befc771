"""Private blocks: left out of the model by default, kept and marked on request."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import confexport
from confexport.exporters.json import conference_to_json
from confexport.model import Conference
from confexport.reader import MetadataSources, read_text
from confexport.reader.private import find_private
from tests.conftest import FIXTURES, Run

WriteNotes = Callable[..., Path]
FIXTURE = FIXTURES / "notes" / "private.md"
PRIVATE_WORD = re.compile(r"hush\w*", re.IGNORECASE)


def notes_of(body: str, *, keep: bool = False) -> Conference:
    text = f"# Conf\n\n## First talk\n\nkeepbefore\n\n{body}\n\nkeepafter\n\n## Second talk\n\nx\n"
    return read_text(text, sources=MetadataSources(include_private=keep))


def model_text(conference: Conference) -> str:
    """The model as ``inspect --json`` prints it."""
    return conference_to_json(conference)


FORMS = {
    "callout": "> [!private] hushtitle\n> hushbody\n> ## hushheading",
    "callout, any case, folded": "> [!PRIVATE]- hushtitle\n> hushbody",
    "callout, unfolded, no title": "> [!Private]+\n> hushbody\n>\n> # hushheading",
    "callout in a quote": "> keepquote\n>\n> > [!private]\n> > hushbody\n>\n> keepquoteend",
    "fenced block": ":::private\nhushbody\n\n## hushheading\n:::",
    "fenced block, pandoc class": "::: {.private}\nhushbody\n:::",
    "fenced block with a fence inside": ":::private\n```\n:::\n```\nhushcode\n:::",
    "fenced block with one inside": ":::private\n:::note\nhushinner\n:::\nhushafter\n:::",
    "comment inline": "keepleft %%hushinline%% keepright",
    "comment over lines": "%%\nhushbody\n\n## hushheading\n%%",
    "comment within a paragraph": "keepleft %%hushone\nhushtwo%% keepright",
    "comment after text": "keepleft %%\nhushbody\n\n# hushheading\n%% keepright",
    "HTML comment inline": "keepleft <!-- hushinline --> keepright",
    "HTML comment block": "<!--\nhushbody\n\n## hushheading\n-->",
    "comment in a list": "- keepitem %%hushitem%%\n- keepother <!-- hushother -->",
    "comment in a table": "| a | b |\n|---|---|\n| keepcell %%hushcell%% | `%%` |",
    "comment in a heading": "## keepheading %%hushheading%%\n\nkeepunder",
}


@pytest.mark.parametrize("body", FORMS.values(), ids=FORMS.keys())
def test_each_form_leaves_the_model(body: str) -> None:
    conference = notes_of(body)
    text = model_text(conference)
    assert PRIVATE_WORD.findall(text) == []
    public = set(re.findall(r"keep\w+", body)) | {"keepbefore", "keepafter"}
    assert public <= set(re.findall(r"keep\w+", text))
    titles = [talk.title for talk in conference.talks]
    assert titles[0] == "First talk" and titles[-1] == "Second talk"
    assert not any("hush" in title for title in titles)  # never a session


@pytest.mark.parametrize("body", FORMS.values(), ids=FORMS.keys())
def test_each_form_kept_is_marked_private(body: str) -> None:
    kept = notes_of(body, keep=True)
    text = model_text(kept)
    assert set(PRIVATE_WORD.findall(text)) == set(PRIVATE_WORD.findall(body))
    assert "Private:" in text  # "**Private:**" in notes, "[Private: …]" in a title
    titles = [talk.title for talk in kept.talks]
    assert not any(title.lower().startswith("hush") for title in titles), titles
    assert len(kept.talks) == len(notes_of(body).talks)  # the same sessions


LOOK_ALIKES = {
    "%% in a code span": "`50%% of keepcode %%` keepafterspan",
    "%% in a long code span": "``a `%%` keepcode %%`` and `%%`",
    "%% in a fenced block": "```\n%% keepcode\n\nkeepcodetoo %%\n```",
    "%% in an indented block": "    %% keepcode %%",
    "<!-- in a fenced block": "~~~html\n<!-- keepcode -->\n~~~",
    "<!-- in a code span": "`<!-- keepcode -->`",
    "a note callout": "> [!note] keepnote\n> keepnotebody",
    "a private word in a note": "> [!note] private keepnote",
    "another fenced block": ":::note\nkeepdiv\n:::",
    "one percent sign": "keeppercent 100% sure",
}


@pytest.mark.parametrize("body", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alikes_are_not_private(body: str) -> None:
    conference = notes_of(body)
    assert find_private(body.split("\n")) == []
    assert body in conference.talks[0].notes


def test_a_heading_inside_a_private_block_is_no_session() -> None:
    body = "%%\n## Hushed talk\n%%\n\n:::private\n## Hushed too\n:::\n\n<!--\n## Hushed three\n-->"
    for keep in (False, True):
        assert [t.title for t in notes_of(body, keep=keep).talks] == ["First talk", "Second talk"]


def test_lines_stay_where_they_were() -> None:
    text = "# Conf\n\n%%\nhush\nhush\n%%\n\n## Talk\n\n<!-- hush\nhush -->\n\n## Later\n\nx\n"
    for keep in (False, True):
        conference = read_text(text, sources=MetadataSources(include_private=keep))
        assert [(t.title, t.source.line if t.source else 0) for t in conference.talks] == [
            ("Talk", 8),
            ("Later", 13),
        ]


def test_the_fixture_has_every_form_and_keeps_its_public_words() -> None:
    source = FIXTURE.read_text()
    kinds = {block.kind for block in find_private(source.split("\n"))}
    assert kinds == {"callout", "fenced block", "%% comment", "HTML comment"}
    text = model_text(confexport.read(FIXTURE))
    assert PRIVATE_WORD.findall(text) == []
    assert set(re.findall(r"keep\w+", source)) == set(re.findall(r"keep\w+", text))
    kept = model_text(confexport.read(FIXTURE, include_private=True))
    assert set(PRIVATE_WORD.findall(kept)) == set(PRIVATE_WORD.findall(source))
    assert "> **Private:** hushtwo title" in confexport.read(FIXTURE, include_private=True).talks[
        0
    ].notes.replace("\n", " ")


UNCLOSED = {
    "%% comment": "keepword %% hushrest",
    "HTML comment": "keepword <!-- hushrest",
    "fenced block": "keepword\n:::private\nhushrest",
}


@pytest.mark.parametrize(("kind", "opening"), UNCLOSED.items(), ids=UNCLOSED.keys())
def test_an_unclosed_block_hides_the_rest_and_says_where(
    kind: str, opening: str, caplog: pytest.LogCaptureFixture
) -> None:
    text = f"# Conf\n\n## Talk\n\n{opening}\n\n## Hushed talk\n\nhushmore\n"
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read_text(text)
    assert [t.title for t in conference.talks] == ["Talk"]
    assert "hush" not in model_text(conference) and "keepword" in conference.talks[0].notes
    line = 5 + opening.count("\n") - (kind == "fenced block")  # where the block opens
    assert f"<notes>:{line}: this {kind} is never closed" in caplog.text


def test_library_and_cli_read_alike(run: Run) -> None:
    code, out, _ = run("inspect", FIXTURE, "--json")
    assert code == 0 and out == model_text(confexport.read(FIXTURE))
    code, kept, _ = run("inspect", FIXTURE, "--json", "--include-private")
    assert code == 0 and kept == model_text(confexport.read(FIXTURE, include_private=True))
    assert kept != out


def test_check_lists_each_private_block_and_counts_them(run: Run) -> None:
    code, out, _ = run("check", FIXTURE)
    lines = out.splitlines()
    places = [line.split(": ")[0] for line in lines if ": private " in line]
    blocks = find_private(FIXTURE.read_text().split("\n"))
    assert places == [f"{FIXTURE}:{block.line}" for block in blocks]
    assert f"{FIXTURE}: 15 private block(s) left out of every export" in out
    assert code == 0 and f"{FIXTURE}: no problem(s) in 2 sessions" in out  # not problems
    code, out, _ = run("check", FIXTURE, "--include-private")
    assert code == 0 and f"{FIXTURE}: 15 private block(s) kept, marked as private" in out


def test_check_names_an_unclosed_comment_as_a_problem(write_notes: WriteNotes, run: Run) -> None:
    path = write_notes("# Conf\n\n## Talk\n\nText <!-- never closed\n")
    code, out, _ = run("check", path)
    assert code == 3
    assert f"{path}:5: this HTML comment is never closed" in out


def test_a_folder_leaves_private_blocks_out_of_every_file(tmp_path: Path, run: Run) -> None:
    (tmp_path / "README.md").write_text("# Folder Conf\n\nkeepfront %%hushfront%%\n")
    (tmp_path / "01 Talk.md").write_text("# Talk one\n\nkeepone\n\n> [!private]\n> hushone\n")
    (tmp_path / "02 Notes.md").write_text("Just prose keepprose <!-- hushprose -->\n")
    code, out, _ = run("inspect", tmp_path, "--json")
    assert code == 0 and PRIVATE_WORD.findall(out) == []
    assert {"keepfront", "keepone", "keepprose"} <= set(re.findall(r"keep\w+", out))
    code, kept, _ = run("inspect", tmp_path, "--json", "--include-private")
    assert {"hushfront", "hushone", "hushprose"} <= set(PRIVATE_WORD.findall(kept))
    code, out, _ = run("check", tmp_path)
    assert f"{tmp_path / 'README.md'}:3: private %% comment" in out
    assert f"{tmp_path / '01 Talk.md'}:5: private callout" in out


# --- property: a private block anywhere changes nothing else ---------------------------

WORD = st.text("abcdefgjklmnopqrtuvwxyz", min_size=1, max_size=8)  # no "hush"
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    LINE,
    LINE.map(lambda line: f"- {line}"),
    LINE.map(lambda line: f"> {line}"),
    LINE.map(lambda line: f"### {line}"),
    LINE.map(lambda line: f"```\n{line}\n```"),
    st.lists(LINE, min_size=2, max_size=3).map("\n".join),
)
SESSION = st.tuples(LINE, st.lists(BLOCK, max_size=4)).map(lambda s: [f"## {s[0]}", *s[1]])
PRIVATE_BLOCK = st.sampled_from(
    [
        "> [!private] hushtitle\n> hushbody",
        ":::private\nhushbody\n## hushheading\n:::",
        "%%\nhushbody\n\n## hushheading\n%%",
        "<!--\nhushbody\n\n# hushheading\n-->",
    ]
)
PRIVATE_INLINE = st.sampled_from(["%%hushinline%%", "<!-- hushinline -->", "%%hush one%%"])


def _words(conference: Conference) -> list[str]:
    text = model_text(conference)
    return re.findall(r"[a-z]+", text.replace("\\n", " "))


@given(
    sessions=st.lists(SESSION, min_size=1, max_size=4),
    where=st.integers(min_value=0, max_value=10_000),
    block=PRIVATE_BLOCK,
    inline=PRIVATE_INLINE,
    as_block=st.booleans(),
)
def test_a_private_block_anywhere_keeps_everything_else(
    sessions: list[list[str]], where: int, block: str, inline: str, as_block: bool
) -> None:
    blocks = ["# Fuzz Conf", *(part for session in sessions for part in session)]
    public = "\n\n".join(blocks)
    if as_block:
        at = 1 + where % len(blocks)  # between any two blocks, or at the end
        private = "\n\n".join([*blocks[:at], block, *blocks[at:]])
    else:  # between two words of any line outside code
        lines = public.split("\n")
        spots = [
            (number, match.end())
            for number, line in enumerate(lines)
            if not line.startswith("```") and (number == 0 or lines[number - 1] != "```")
            for match in re.finditer(r"\w(?= )", line)
        ]
        if not spots:
            return
        number, column = spots[where % len(spots)]
        line = lines[number]
        lines[number] = f"{line[:column]} {inline}{line[column:]}"
        private = "\n".join(lines)
    without, with_private = read_text(public), read_text(private)
    assert "hush" not in model_text(with_private)
    assert [t.title for t in with_private.talks] == [t.title for t in without.talks]
    assert _words(with_private) == _words(without)

"""The reader on Obsidian notes: embedded images found in the vault, wiki links, #tags."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from confexport import media
from confexport.model import Conference, Talk
from confexport.plaintext import to_plain_text
from confexport.reader import read_notes
from tests.conftest import FIXTURES

NOTES = FIXTURES / "notes"


@pytest.fixture(scope="module")
def vault() -> Conference:
    return read_notes(NOTES / "obsidian.md")


def edge(conference: Conference) -> Talk:
    return conference.talks[0]


def test_the_session_reads_as_any_other(vault: Conference) -> None:
    talk = edge(vault)
    assert (talk.title, talk.speakers, talk.code) == (
        "Caching at the Edge",
        ("Mira Okafor",),
        "EDGE42",
    )
    assert [t.title for t in vault.talks] == ["Caching at the Edge", "Lunch"]


def test_embedded_images_are_images_found_in_the_vault(vault: Conference) -> None:
    images = edge(vault).images
    assert [(i.src, i.alt, i.line) for i in images] == [
        ("Pasted image 20240309101500.png", "", 22),
        ("diagrams/cache-layers.png", "Three boxes: browser, edge, origin", 26),
    ]
    found = [media.find_image(vault, image.src).path for image in images]
    assert found == [
        NOTES / "attachments" / "Pasted image 20240309101500.png",
        NOTES / "attachments" / "diagrams" / "cache-layers.png",
    ]


def test_notes_keep_every_word_as_written(vault: Conference) -> None:
    notes = edge(vault).notes
    assert "[[HTTP semantics#Vary header|the Vary header]]" in notes  # Markdown as written
    assert "#caching #performance" in notes and "- [x] Read the ==surrogate keys== chapter" in notes
    text = to_plain_text(notes)
    assert "See also Cache invalidation and the Vary header, and" in text
    assert "her older notes in Team wiki > Incidents > March outage. #caching #performance" in text
    assert "p95 latency fell from 900 ms to 120 ms." in text and "==" not in text
    assert "☐ Put Cache-Control" in text and "☒ Read the surrogate keys chapter" in text
    assert "[[" not in text and "[ ]" not in text


def test_tags_come_from_the_text_only(vault: Conference) -> None:
    assert edge(vault).tags == ("caching", "performance", "todo", "ops/oncall")
    assert vault.talks[1].tags == ()


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        ("#one and #two, #one again; #One too", ("one", "two")),
        ("#python/typing and #work/", ("python/typing", "work")),
        ("#123 #2024-05 # spaced #_ and #día", ("día",)),
        ("`#code` ```#fence``` C# x#y a.#b https://x.org/#frag <https://x.org/p#q>", ()),
        (
            "**#bold** *#em* [#in-link](https://x.org) ==#marked==",
            ("bold", "em", "in-link", "marked"),
        ),
        ("- [ ] #task item\n- plain #listed\n\n> #quoted", ("task", "listed", "quoted")),
        ("### A heading #tagged\n\n```\n#not-in-code\n```\n\n    #indented-code", ("tagged",)),
        ("<span>#html</span> #after-html", ("after-html",)),  # raw HTML is not text
    ],
)
def test_what_is_a_tag(write_notes: Callable[..., Path], body: str, tags: tuple[str, ...]) -> None:
    conference = read_notes(write_notes(f"## A talk\n\n{body}\n"))
    assert conference.talks[0].tags == tags


def test_a_tag_in_the_session_heading_stays_in_the_title(
    write_notes: Callable[..., Path],
) -> None:
    conference = read_notes(write_notes("## Talk about #rust\n\nNotes.\n"))
    assert conference.talks[0].title == "Talk about #rust" and conference.talks[0].tags == ()


def test_a_missing_embed_is_a_warning_at_its_line(
    write_notes: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="confexport"):
        read_notes(write_notes("## Talk\n\nText.\n\n![[Pasted image 1.png|a slide]]\n"))
    assert "notes.md:5: image Pasted image 1.png not found" in caplog.text


def test_obsidian_front_matter_keys_are_ignored_quietly(
    write_notes: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    front = "title: Con\ntags: [conference]\naliases: [PyCon]\ncssclasses: [wide]\n"
    text = f"---\n{front}---\n\n## Talk\n\nx\n"
    with caplog.at_level(logging.WARNING, logger="confexport"):
        conference = read_notes(write_notes(text))
    assert conference.title == "Con" and caplog.text == ""

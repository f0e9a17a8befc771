"""Obsidian's Markdown through the one parser: embeds, wiki links, highlights, task lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from markdown_it.token import Token

from confexport import markup
from confexport.obsidian import wikilink_text
from confexport.plaintext import to_plain_text
from confexport.xhtml import to_xhtml


def inline(text: str) -> list[Token]:
    (token,) = [t for t in markup.tokens(text) if t.type == "inline"]
    return list(token.children or ())


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.type, t.content) for t in inline(text)]


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Note", "Note"),
        ("Note|the alias", "the alias"),
        ("Note\\|alias in a table", "alias in a table"),
        ("Note|", "Note"),
        ("Note#Section", "Note > Section"),
        ("Note#A#B", "Note > A > B"),
        ("#Section", "Section"),
        ("Note#^block-id", "Note"),
        ("Note#Section|alias", "alias"),
        ("  spaced  ", "spaced"),
    ],
)
def test_wikilink_text(written: str, shown: str) -> None:
    assert wikilink_text(written) == shown


def test_wiki_links_are_text_and_never_links() -> None:
    text = "See [[Cache invalidation]], [[HTTP#Vary|the Vary header]] and [[Wiki#Ops#Pager]]."
    assert kinds(text) == [
        ("text", "See Cache invalidation, the Vary header and Wiki > Ops > Pager.")
    ]
    assert "<a" not in to_xhtml(text)


@pytest.mark.parametrize(
    ("written", "src", "alt", "width"),
    [
        ("![[image.png]]", "image.png", "", None),
        ("![[Pasted image 20240101.png]]", "Pasted image 20240101.png", "", None),
        ("![[attachments/diagram.PNG|300]]", "attachments/diagram.PNG", "", 300),
        ("![[photo.jpg|A slide|640x480]]", "photo.jpg", "A slide", 640),
        ("![[50%.webp]]", "50%25.webp", "", None),
    ],
)
def test_image_embeds_are_image_tokens(written: str, src: str, alt: str, width: int | None) -> None:
    (image,) = inline(written)
    assert image.type == "image"
    assert image.attrs["src"] == src and image.content == alt
    assert image.meta["width"] == width


def test_other_embeds_and_unclosed_brackets_stay_text() -> None:
    assert kinds("![[Meeting notes]] ![[slides.pdf]]") == [("text", "Meeting notes slides.pdf")]
    assert kinds("[[not closed and [[x]y]] [[ ]]") == [("text", "[[not closed and [[x]y]] [[ ]]")]
    assert kinds("![[javascript:alert(1).png]]")[0][0] == "text"


def test_embedded_image_goes_through_the_image_hook() -> None:
    rendered = to_xhtml("![[a b.png]]", image_src=lambda src: f"images/{src}")
    assert '<img src="images/a b.png" alt="" />' in rendered


def test_highlights_pair_like_underscore_emphasis() -> None:
    assert [t.type for t in inline("a ==marked== word")] == [
        "text", "mark_open", "text", "mark_close", "text"
    ]  # fmt: skip
    for plain in ("a == b", "x==y and y==z", "==", "a ==b", "`==code==`"):
        assert "mark_open" not in [t.type for t in inline(plain)], plain
    assert to_xhtml("==**bold** here==") == ("<p><mark><strong>bold</strong> here</mark></p>\n")
    assert to_plain_text("some ==marked== words") == "some marked words"


def test_task_lists_become_checkboxes() -> None:
    text = "- [ ] todo\n- [x] done\n- [X] also done\n- [[x]] a link, not a task\n"
    items = [
        [(t.type, t.content) for t in token.children or ()]
        for token in markup.tokens(text)
        if token.type == "inline"
    ]
    assert items == [
        [("task_checkbox", "☐"), ("text", " todo")],
        [("task_checkbox", "☒"), ("text", " done")],
        [("task_checkbox", "☒"), ("text", " also done")],
        [("text", "x a link, not a task")],
    ]
    rendered = to_xhtml(text)
    assert '<span class="task-checkbox" role="img" aria-label="not done">☐</span> todo' in rendered
    assert '<li class="task-list-item">' in rendered and "<input" not in rendered
    assert to_plain_text(text).splitlines()[:2] == ["☐ todo", "☒ done"]
    assert "[ ]" in to_plain_text("[ ] not in a list")


@given(st.text(alphabet="=[]!|#x \n-", max_size=80))
def test_any_mix_of_the_new_syntax_gives_well_formed_xhtml(text: str) -> None:
    xhtml = to_xhtml(text)
    etree.fromstring(f"<div>{xhtml}</div>")
    if "[" not in text:  # outside links and task boxes, every letter stays
        assert xhtml.count("x") == text.count("x")

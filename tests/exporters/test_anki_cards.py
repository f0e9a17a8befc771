"""Cards a learner can use: the talk card keeps the notes' structure, and
``-O cards=points`` makes a card per point.  Checked through the official ``anki``
package: the package imported into a fresh collection, the cards rendered by Anki."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from tests.exporters.test_anki import WriteNotes, build, import_apkg, import_csv, imported_notes

from confexport.exporters.anki.cards import build_cards
from confexport.model import Conference
from confexport.reader import read_notes

STRUCTURED = """\
# Structure Con

## Day 1

## Lists Talk

<https://pretalx.com/structure-con/talk/LISTS1/>

> What the talk is about.

False alarms:

* flaky tests
* implementation tests
  * mocks everywhere
  * fail on refactoring

Missing alarms:

1. uncovered code
2. loose assertions

* <https://example.org/slides>
* Video: <https://example.org/video>
* ![A slide](missing.png)
* ## A heading in a bullet
* What is a classifier :: A function from inputs to labels
* The capital of France is {{c1::Paris}}

A paragraph after the lists.

## Paragraphs Talk

First point, in a paragraph.

Second point, in **another**.

<https://example.org/paragraph-link>

![A picture alone](missing.png)
"""


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "anki-profile"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


def imported(
    write_notes: WriteNotes, tmp_path: Path, col: Collection, cards: str
) -> dict[str, dict[str, str]]:
    """The package with ``-O cards=…``, imported: UID → fields."""
    conference = read_notes(write_notes(STRUCTURED))
    _, apkg = build(conference, tmp_path / cards, cards=cards)
    import_apkg(col, apkg)
    return {n.fields["UID"]: n.fields for n in imported_notes(col).values()}


def xml(fragment: str) -> ET.Element:
    """A field's HTML as a tree (the sanitiser writes well-formed XHTML)."""
    return ET.fromstring(f"<div>{fragment}</div>")


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_talk_back_keeps_lead_ins_nesting_and_puts_links_apart(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    fields = imported(write_notes, tmp_path, collection, "talk")
    back = xml(fields["structure-con/LISTS1"]["Back"])
    blocks = [(child.tag, child.get("class"), text(child)) for child in back]
    assert blocks[0] == ("p", "cx-abstract", "What the talk is about.")
    assert blocks[1] == ("p", "cx-lead", "False alarms:")  # the lead-in, then its list
    assert blocks[2][:2] == ("ul", "cx-points")
    assert blocks[3] == ("p", "cx-lead", "Missing alarms:")
    assert blocks[4][:2] == ("ol", "cx-points")
    assert [text(item) for item in back[4]] == ["uncovered code", "loose assertions"]
    # The third list: its links go to the Links line; the image, the heading and the
    # question-and-answer bullet are no points; the cloze bullet shows as its text.
    assert blocks[5] == ("ul", "cx-points", "The capital of France is Paris")
    assert blocks[6][:2] == ("p", "cx-links")
    assert blocks[6][2] == ("Links: https://example.org/slides · Video: https://example.org/video")
    first_list = back[2]
    items = first_list.findall("li")
    assert [(item.text or "").strip() for item in items] == ["flaky tests", "implementation tests"]
    nested = items[1].findall("ul/li")  # the nested list stays inside its bullet
    assert [text(item) for item in nested] == ["mocks everywhere", "fail on refactoring"]
    assert "example.org" not in "".join(text(list_) for list_ in back.iter("ul"))

    (card_id,) = collection.find_cards('"UID:structure-con/LISTS1"')
    answer = collection.get_card(card_id).answer()  # as Anki renders it
    assert '<p class="cx-lead">False alarms:</p><ul class="cx-points">' in answer


def test_points_make_a_card_each_and_never_of_a_link_image_or_heading(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    fields = imported(write_notes, tmp_path, collection, "points")
    assert sorted(fields) == [
        "structure-con/LISTS1/cloze1",
        "structure-con/LISTS1/point1",
        "structure-con/LISTS1/point2",
        "structure-con/LISTS1/point3",
        "structure-con/LISTS1/point4",
        "structure-con/LISTS1/qa1",
        "structure-con/paragraphs-talk/point1",
        "structure-con/paragraphs-talk/point2",
    ]
    cards = {
        uid.split("/", 1)[1]: (text(xml(f["Front"])), f["Back"])
        for uid, f in fields.items()
        if "/point" in uid
    }
    assert cards == {
        "LISTS1/point1": ("Lists Talk: False alarms… (1 of 2)", "flaky tests"),
        "LISTS1/point2": (
            "Lists Talk: False alarms… (2 of 2)",
            "implementation tests\n<ul>\n<li>mocks everywhere</li>\n"
            "<li>fail on refactoring</li>\n</ul>".replace("\n", " "),
        ),
        "LISTS1/point3": ("Lists Talk: Missing alarms… (1 of 2)", "uncovered code"),
        "LISTS1/point4": ("Lists Talk: Missing alarms… (2 of 2)", "loose assertions"),
        "paragraphs-talk/point1": (
            "Paragraphs Talk: … (1 of 2)",
            "<p>First point, in a paragraph.</p>",
        ),
        "paragraphs-talk/point2": (
            "Paragraphs Talk: … (2 of 2)",
            "<p>Second point, in <strong>another</strong>.</p>",
        ),
    }
    assert fields["structure-con/LISTS1/qa1"]["Front"] == "What is a classifier"
    assert fields["structure-con/LISTS1/cloze1"]["Text"].startswith("The capital of France")
    (card_id,) = collection.find_cards('"UID:structure-con/LISTS1/point2"')
    card = collection.get_card(card_id)
    assert '<span class="cx-topic">Lists Talk:</span> False alarms… (2 of 2)' in card.question()
    assert "<li>mocks everywhere</li>" in card.answer()


def test_cards_option_chooses_and_keeps_guids(
    write_notes: WriteNotes, tmp_path: Path, collection: Collection
) -> None:
    """``both`` is the talk cards and the point cards; each card keeps its GUID whichever
    choice made it, so switching re-imports without duplicates."""
    conference = read_notes(write_notes(STRUCTURED))
    guids = {}
    for choice in ("talk", "points", "both"):
        csv_path, _ = build(conference, tmp_path / choice, cards=choice, notetype="stock")
        import_csv(collection, csv_path)
        made = build_cards(conference, max_points=10, image_size=800, cards=choice)
        guids[choice] = {note.guid for note in made.notes}
    assert len(guids["talk"]) == 2 + 1 + 1  # two talk cards, the qa and cloze cards
    assert len(guids["points"]) == 6 + 1 + 1
    assert guids["both"] == guids["talk"] | guids["points"]
    assert collection.note_count() == len(guids["both"]) == 10


def test_sample_cards_read_as_the_notes(sample: Conference) -> None:
    """The issue's two examples: "Missing Alarm" bullets under their "False Alarms"
    lead-in, and a talk whose only bullets are three bare URLs."""
    notes = {n.fields[0]: n for n in build_cards(sample, max_points=10, image_size=800).notes}
    classifiers = notes["pycascades-2022/UVFAMG"].fields[2]
    assert (
        '<p class="cx-lead">False Alarms (bring down F score, as it brings down precision):</p>'
        '<ul class="cx-points"><li>flaky test, fails "randomly"</li>'
    ) in classifiers
    contracts = notes["pycascades-2022/ESCJLQ"].fields[2]
    assert "<li>" not in contracts and "cx-points" not in contracts
    links = xml(contracts).find("p[@class='cx-links']")
    assert links is not None
    assert [a.get("href") for a in links.iter("a")] == [
        "https://twitter.com/BishtPradhvan",
        "http://bit.ly/3rtM5Gt",
        "https://apiblueprint.org/",
        "https://raml.org/",
        "https://swagger.io/specification/",
    ]

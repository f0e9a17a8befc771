"""Anki flash cards: ``-t anki`` writes a CSV for Anki's text import, ``-t apkg`` a package.

The CSV cannot carry images or note types: its images go to ``<stem>.anki-media/``
(to be copied into Anki's media folder).  By default its rows name the stock note
types every collection has (Basic and Cloze, the other fields folded into the second
one), so it imports on its own; ``-O notetype=confexport`` names the package's rich
note types instead.  See the README's ``anki`` section.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from confexport.context import ExportContext, context_for
from confexport.errors import OptionsError
from confexport.exporters.anki.cards import TALK_FIELDS, CardChoice, CardSet, Note, build_cards
from confexport.model import Conference, in_date_order

#: Fixed columns before the six fields of confexport's note types.
CSV_COLUMNS = ("Notetype", "Deck", "Tags", "GUID", *TALK_FIELDS)
#: The stock note types' two fields first, in their order (Front, Back; or Text, Back
#: Extra), then the fixed columns: a collection whose fields have other names (a
#: localised one) fills its fields from the columns in order.
STOCK_CSV_COLUMNS = ("Front", "Back", "Notetype", "Deck", "Tags", "GUID")


@dataclass(frozen=True, slots=True)
class AnkiOptions:
    """``-O`` options shared by ``anki`` and ``apkg``."""

    #: Which cards a talk gets: a talk card, a card per top-level point of the notes, both.
    cards: CardChoice = "talk"
    #: Most key points (bullets or paragraphs of your notes) on a talk card's back.
    max_points: int = 10
    #: Longest side, in pixels, of images on cards.
    image_size: int = 800
    #: The CSV's note types: the stock Basic and Cloze, or the package's (import it first).
    notetype: Literal["stock", "confexport"] = "stock"
    #: The stock note types' names in your collection (a localised one names them in
    #: its language, e.g. German "Einfach" and "Lückentext").
    basic_name: str = "Basic"
    cloze_name: str = "Cloze"

    def __post_init__(self) -> None:
        if self.max_points < 1:
            raise OptionsError(f"-O max_points={self.max_points}: expected 1 or more")
        if self.image_size < 16:
            raise OptionsError(f"-O image_size={self.image_size}: expected 16 or more")
        for key, name in (("basic_name", self.basic_name), ("cloze_name", self.cloze_name)):
            if not name.strip() or not name.isprintable():
                raise OptionsError(f"-O {key}={name!r}: expected a note type's name")


def _cards(conference: Conference, options: AnkiOptions, context: ExportContext | None) -> CardSet:
    return build_cards(
        conference,
        max_points=options.max_points,
        image_size=options.image_size,
        cards=options.cards,
        context=context,
    )


def _combined_cards(
    conferences: Sequence[Conference], options: AnkiOptions, context: ExportContext | None
) -> CardSet:
    """Every conference's notes, in date order (undated last), with their own decks and
    GUIDs exactly as a single export makes them, so nothing imported is duplicated."""
    ordered = in_date_order(conferences)
    notes: list[Note] = []
    media: dict[str, bytes] = {}
    for conference in ordered:
        cards = _cards(conference, options, context)
        notes.extend(cards.notes)
        media.update(cards.media)  # a media name holds its content's digest
    return CardSet(tuple(notes), dict(sorted(media.items())))


def cards_to_csv(cards: CardSet, options: AnkiOptions) -> str:
    """The notes in Anki's text-import format, with its file headers."""
    if options.notetype == "confexport":
        rows = [_confexport_row(note) for note in cards.notes]
        return _csv_text(CSV_COLUMNS, rows)
    names = {"talk": options.basic_name, "cloze": options.cloze_name}
    rows = [_stock_row(note, names[note.notetype]) for note in cards.notes]
    return _csv_text(STOCK_CSV_COLUMNS, rows)


def _confexport_row(note: Note) -> list[str]:
    return [note.notetype_name, note.deck, " ".join(note.tags), note.guid, *note.fields]


def _stock_row(note: Note, notetype: str) -> list[str]:
    first, second = note.stock_fields
    return [_not_a_comment(first), second, notetype, note.deck, " ".join(note.tags), note.guid]


def _not_a_comment(value: str) -> str:
    """Anki skips a line starting with ``#`` as a header or comment: a title such as
    "#1 tip" would lose its row, so its ``#`` is written as an HTML entity."""
    return f"&#35;{value[1:]}" if value.startswith("#") else value


def _csv_text(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated rows under Anki's file headers; the fixed columns found by name."""
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:true\n")
    for header, column in (("notetype", "Notetype"), ("deck", "Deck"), ("tags", "Tags")):
        buffer.write(f"#{header} column:{columns.index(column) + 1}\n")
    buffer.write(f"#guid column:{columns.index('GUID') + 1}\n")
    buffer.write("#columns:" + "\t".join(columns) + "\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buffer.getvalue()


class AnkiCsvExporter:
    name: ClassVar[str] = "anki"
    extension: ClassVar[str] = ".anki.csv"
    media_type: ClassVar[str] = "text/csv"
    description: ClassVar[str] = "Anki flash cards for File › Import (CSV and a media folder)"
    Options: ClassVar[type] = AnkiOptions
    cost: ClassVar[int] = 10

    def export(
        self, conference: Conference, options: AnkiOptions, context: ExportContext | None = None
    ) -> Mapping[str, bytes]:
        return self._files(_cards(conference, options, context), options, conference.stem)

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: AnkiOptions,
        context: ExportContext | None = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> Mapping[str, bytes]:
        """One CSV (and media folder) of every conference, decks ``Conference::Day N``."""
        return self._files(_combined_cards(conferences, options, context), options, stem)

    def _files(self, cards: CardSet, options: AnkiOptions, stem: str) -> dict[str, bytes]:
        files = {f"{stem}{self.extension}": cards_to_csv(cards, options).encode("utf-8")}
        for name, data in cards.media.items():
            files[f"{stem}.anki-media/{name}"] = data
        return files


class AnkiPackageExporter:
    name: ClassVar[str] = "apkg"
    extension: ClassVar[str] = ".apkg"
    media_type: ClassVar[str] = "application/vnd.anki"
    description: ClassVar[str] = "an Anki deck package with its note types and images"
    Options: ClassVar[type] = AnkiOptions
    cost: ClassVar[int] = 20

    def export(
        self, conference: Conference, options: AnkiOptions, context: ExportContext | None = None
    ) -> bytes:
        context = context_for([conference], context)
        return _package(_cards(conference, options, context), context)

    def export_combined(
        self,
        conferences: Sequence[Conference],
        options: AnkiOptions,
        context: ExportContext | None = None,
        *,
        stem: str = "notes",
        title: str = "Conference notes",
    ) -> bytes:
        """One package of every conference, decks ``Conference::Day N``."""
        context = context_for(conferences, context)
        return _package(_combined_cards(conferences, options, context), context)


def _package(cards: CardSet, context: ExportContext) -> bytes:
    """The ``.apkg`` of ``cards``, dated by the context's clock, in its templates' look."""
    from confexport.exporters.anki.package import build_package

    return build_package(cards, float(context.clock.epoch), context.templates)

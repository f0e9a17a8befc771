"""The ``.apkg`` package: genanki's collection and media, made reproducible.

genanki stamps notes, cards and note types with the timestamp it is given (the export
context's clock).  Its ``write_to_file`` leaves its SQLite collection
behind in ``$TMPDIR`` (a ``mkstemp`` file it never deletes) and dates the zip entries
with the current time, so the collection is written here into an in-memory database
and the zip is made here, in memory, with fixed dates and attributes: no file is
written anywhere but the output.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import time
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from confexport.exporters.anki.cards import (
    CLOZE_FIELDS,
    CLOZE_NOTETYPE,
    TALK_FIELDS,
    TALK_NOTETYPE,
    CardSet,
)
from confexport.resources import read_text

_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry


def id_from_name(name: str) -> int:
    """A fixed Anki id for a note type or deck, in the range genanki recommends."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


@cache
def _models(templates: Path | None = None) -> tuple[Any, Any]:
    import genanki

    def template_text(name: str) -> str:
        return read_text(f"anki/{name}", templates)

    css = template_text("cards.css")
    talk = genanki.Model(
        id_from_name(TALK_NOTETYPE),
        TALK_NOTETYPE,
        fields=[{"name": name} for name in TALK_FIELDS],
        templates=[
            {
                "name": "Talk",
                "qfmt": template_text("talk-front.html"),
                "afmt": template_text("talk-back.html"),
            }
        ],
        css=css,
        sort_field_index=1,
    )
    cloze = genanki.Model(
        id_from_name(CLOZE_NOTETYPE),
        CLOZE_NOTETYPE,
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": template_text("cloze-front.html"),
                "afmt": template_text("cloze-back.html"),
            }
        ],
        css=css,
        model_type=genanki.Model.CLOZE,
        sort_field_index=1,
    )
    return talk, cloze


def build_package(cards: CardSet, timestamp: float, templates: Path | None = None) -> bytes:
    """The ``.apkg`` bytes: one deck per conference day, note types, media."""
    import genanki

    talk_model, cloze_model = _models(templates)
    decks = {name: genanki.Deck(id_from_name(name), name) for name in cards.decks}
    for note in cards.notes:
        model = talk_model if note.notetype == "talk" else cloze_model
        fields, tags = list(note.fields), list(note.tags)
        decks[note.deck].add_note(
            genanki.Note(model=model, fields=fields, tags=tags, guid=note.guid)
        )
    package = genanki.Package(list(decks.values()))
    return _zipped(_collection(package, timestamp), cards.media, timestamp)


def _collection(package: Any, timestamp: float) -> bytes:
    """The package's SQLite collection, built in memory (genanki's own schema and rows)."""
    connection = sqlite3.connect(":memory:")
    try:
        # Note and card ids count up from the timestamp in milliseconds: keep it positive.
        timestamp = max(timestamp, 1.0)
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def _zipped(collection: bytes, media: Mapping[str, bytes], timestamp: float) -> bytes:
    """The ``.apkg`` zip as Anki reads it: the collection, the media index, the media
    files named by their index; fixed dates, attributes and compression."""
    date_time = time.gmtime(max(int(timestamp), _ZIP_EPOCH))[:6]
    names = list(media)
    entries = [
        ("collection.anki2", collection),
        ("media", json.dumps({str(index): name for index, name in enumerate(names)}).encode()),
        *((str(index), media[name]) for index, name in enumerate(names)),
    ]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for filename, data in entries:
            info = zipfile.ZipInfo(filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, data, compresslevel=9)
    return output.getvalue()

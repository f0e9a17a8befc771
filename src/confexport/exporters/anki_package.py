"""The ``.apkg`` package: genanki's collection and media, made reproducible.

genanki stamps notes, cards and note types with the timestamp it is given (we give
``SOURCE_DATE_EPOCH`` when set) and writes a zip whose entries carry the current
time; the zip is rewritten here with fixed dates and attributes.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import time
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from confexport.exporters.anki_cards import (
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
def _models(templates: str | None = None) -> tuple[Any, Any]:
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


def build_package(cards: CardSet, timestamp: float, templates: str | None = None) -> bytes:
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
    with tempfile.TemporaryDirectory(prefix="confexport-apkg-") as folder:
        media_dir = Path(folder, "media")
        media_dir.mkdir()
        media_paths = []
        for name, data in cards.media.items():
            path = media_dir / name
            path.write_bytes(data)
            media_paths.append(str(path))
        package = genanki.Package(list(decks.values()), media_files=media_paths)
        target = Path(folder, "cards.apkg")
        # Note and card ids count up from the timestamp in milliseconds: keep it positive.
        package.write_to_file(str(target), timestamp=max(timestamp, 1.0))
        return _normalised_zip(target.read_bytes(), timestamp)


def _normalised_zip(data: bytes, timestamp: float) -> bytes:
    """The same entries, in the same order, with fixed dates, attributes and compression."""
    date_time = time.gmtime(max(int(timestamp), _ZIP_EPOCH))[:6]
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w") as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename), compresslevel=9)
    return output.getvalue()

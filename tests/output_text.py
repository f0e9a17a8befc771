"""Every word an output folder holds, as text: zip-based formats unzipped, Anki's
SQLite collection read table by table, PDF pages read by pypdf, iCalendar unfolded."""

from __future__ import annotations

import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path

SQLITE = b"SQLite format 3\x00"


def texts_of(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` (by relative path) as the text it carries."""
    return {
        path.relative_to(folder).as_posix(): text_of(path.name, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def text_of(name: str, data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    if data.startswith(SQLITE):
        return sqlite_text(data)
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(
                f"[{member}]\n{text_of(member, archive.read(member))}"
                for member in archive.namelist()
            )
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".ics"):  # lines folded at 75 octets: unfold
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = "\n".join(page.extract_text() for page in reader.pages)
    info = " ".join(str(value) for value in (reader.metadata or {}).values())
    return f"{pages}\n{info}"


def sqlite_text(data: bytes) -> str:
    """Every value of every table of an SQLite database (an Anki collection)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(data)
        connection = sqlite3.connect(path)
        try:
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )]  # fmt: skip
            parts = [f"tables: {' '.join(tables)}"]
            for table in tables:
                for row in connection.execute(f'SELECT * FROM "{table}"'):
                    parts.append(" ".join(_value_text(value) for value in row))
        finally:
            connection.close()
    return "\n".join(parts)


def _value_text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)

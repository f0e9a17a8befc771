"""Turn the bytes of a notes file into text, or say clearly why not."""

from __future__ import annotations

import codecs
from pathlib import Path

from confexport.errors import NotesError

#: Notes larger than this are refused: no one writes 50 MB of notes by hand.
MAX_NOTES_BYTES = 20 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing file, a folder or an unreadable file is a NotesError."""
    where = str(path)
    if not path.exists():
        raise NotesError("no such file", where)
    if path.is_dir():
        raise NotesError("is a folder, not a notes file", where)
    try:
        size = path.stat().st_size
        if size > MAX_NOTES_BYTES:
            raise NotesError(
                f"is {size / 1048576:.0f} MB; notes larger than "
                f"{MAX_NOTES_BYTES // 1048576} MB are refused",
                where,
            )
        return path.read_bytes()
    except OSError as exc:
        raise NotesError(f"cannot read: {exc.strerror}", where) from None


def decode_notes(data: bytes, where: str, encoding: str | None = None) -> str:
    """Decode, drop a BOM and turn CRLF/CR into LF.  Binary and non-UTF-8 are refused."""
    if not data.strip():
        raise NotesError("is empty", where)
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotesError("looks like a binary file, not Markdown notes", where)
    if encoding is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotesError("is UTF-16 text; read it with --encoding utf-16", where)
    if encoding is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise NotesError(
                f"is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                "cannot be decoded; give the file's encoding with --encoding "
                "(for example --encoding cp1252)",
                f"{where}:{line}",
            ) from None
    else:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise NotesError(f"unknown encoding {encoding!r}", where) from None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise NotesError(
                f"cannot be decoded as {encoding}: byte offset {exc.start}", f"{where}:{line}"
            ) from None
        text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")

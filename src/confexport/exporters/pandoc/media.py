"""Each image stored once in a docx or odt, however often the notes show it.

pandoc's docx writer copies an image's ``data:`` URI into every reference (500
references to one 340 KB photo: a 230 MB ``document.xml``), and its odt writer stores
the image once per reference.  So pandoc gets a *stand-in* for each image: the image's
own header (its format, size and resolution, so pandoc lays it out as the image
itself) with a numbered comment and no pixel data, a few hundred bytes.  In the package
pandoc wrote, :func:`restore` puts each image's bytes in place of its stand-in, once:
odt references to a second copy are pointed at the first, and the copy removed.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (they carry the size); C4, C8 and CC are not frames.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: Where each format keeps its media inside the package.
_MEDIA_FOLDERS = ("word/media/", "Pictures/")


def stand_in(data: bytes, media_type: str, number: int) -> bytes:
    """A header-only copy of a PNG or JPEG image, made unique by ``number``."""
    label = f"confexport image {number}".encode("ascii")
    if media_type == "image/png":
        return _png_stand_in(data, label)
    return _jpeg_stand_in(data, label)


def _png_chunk(kind: bytes, content: bytes) -> bytes:
    crc = zlib.crc32(kind + content)
    return struct.pack(">I", len(content)) + kind + content + struct.pack(">I", crc)


def _png_stand_in(data: bytes, label: bytes) -> bytes:
    """Every chunk before the first IDAT (IHDR, pHYs…), a tEXt label, then IEND."""
    position, chunks = len(_PNG_SIGNATURE), [_PNG_SIGNATURE]
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        if kind in (b"IDAT", b"IEND"):
            break
        chunks.append(data[position : position + 12 + length])
        position += 12 + length
    chunks += [_png_chunk(b"tEXt", b"Comment\0" + label), _png_chunk(b"IEND", b"")]
    return b"".join(chunks)


def _jpeg_stand_in(data: bytes, label: bytes) -> bytes:
    """SOI, a COM label, every segment up to the start-of-frame, then EOI."""
    position, segments = 2, [data[:2], b"\xff\xfe" + struct.pack(">H", len(label) + 2) + label]
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segments.append(data[position : position + 2 + length])
        position += 2 + length
        if marker in _JPEG_FRAMES:
            break
    return b"".join(segments) + b"\xff\xd9"


def restore(package: bytes, originals: Mapping[bytes, bytes]) -> bytes:
    """``package`` (a docx or odt) with each stand-in replaced by its image, stored once."""
    if not originals:
        return package
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    first_copy: dict[bytes, str] = {}
    renamed: dict[str, str] = {}
    for info, data in entries:
        if info.filename.startswith(_MEDIA_FOLDERS) and data in originals:
            kept = first_copy.setdefault(data, info.filename)
            if kept != info.filename:
                renamed[info.filename] = kept
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info, data in entries:
            if info.filename in renamed:
                continue
            if data in originals and info.filename.startswith(_MEDIA_FOLDERS):
                data = originals[data]
            elif renamed and info.filename.endswith(".xml"):
                data = _pointed_at_first_copies(data, renamed)
            target.writestr(info, data)
    return output.getvalue()


_MANIFEST_ENTRY = re.compile(r'\s*<manifest:file-entry\b[^>]*manifest:full-path="([^"]+)"[^>]*/>')
_QUOTED_PATH = re.compile(r'"((?:word/)?(?:media|Pictures)/[^"]+)"')


def _pointed_at_first_copies(xml: bytes, renamed: Mapping[str, str]) -> bytes:
    """References to removed copies point at the kept one; their manifest entries go."""
    text = xml.decode("utf-8")
    text = _MANIFEST_ENTRY.sub(lambda m: "" if m.group(1) in renamed else m.group(0), text)
    text = _QUOTED_PATH.sub(lambda m: f'"{renamed.get(m.group(1), m.group(1))}"', text)
    return text.encode("utf-8")

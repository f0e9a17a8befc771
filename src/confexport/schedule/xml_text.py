"""XML bytes to text, with the encoding found as an XML parser finds it (XML 1.0,
appendix F): a byte order mark, else the zero bytes UTF-16 and UTF-32 put around the
first ASCII character, else the declaration's ``encoding="…"``, else UTF-8.

Checks on the document (no DOCTYPE, no ENTITY) are made on this text, and the parser
is given the same text, so no encoding can hide a declaration from them.
"""

from __future__ import annotations

import codecs
import re

from confexport.schedule.types import ScheduleError

_BOMS = (  # UTF-32 LE first: its mark begins with UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(r"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")


def xml_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of an XML document as its first bytes tell it, and its mark's length."""
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name, len(mark)
    first = data[:4]
    if len(first) == 4 and first[:3] == b"\0\0\0":
        return "utf-32-be", 0
    if len(first) == 4 and first[1:] == b"\0\0\0":
        return "utf-32-le", 0
    if first[:1] == b"\0":
        return "utf-16-be", 0
    if first[1:2] == b"\0":
        return "utf-16-le", 0
    return "utf-8", 0


def decode_xml(data: bytes, where: str) -> str:
    """The document's text; an unknown or wrong encoding is a :class:`ScheduleError`."""
    encoding, mark = xml_encoding(data)
    body = data[mark:]
    if (encoding, mark) == ("utf-8", 0):  # ASCII-compatible: the declaration may say more
        declared = _DECLARED.match(body[:200].decode("ascii", errors="replace"))
        encoding = declared.group(1) if declared else encoding
    try:
        return body.decode(encoding)
    except LookupError:
        problem = f"schedule XML declares an unknown encoding {encoding!r}"
        raise ScheduleError(problem, where) from None
    except UnicodeDecodeError as exc:
        wide = encoding.startswith(("utf-16", "utf-32"))
        line = body.count(b"\n", 0, exc.start) + 1
        place = where if wide else f"{where}:{line}"
        raise ScheduleError(f"schedule XML is not valid {encoding}: {exc.reason}", place) from None

"""The one place confexport's messages reach a terminal, made safe to show.

Messages quote file names, titles and image paths from the notes, which may hold
control characters: ``\\x1b[2J`` clears a terminal, a newline forges a second
message, bidirectional overrides reorder what is read.  :func:`say` shows every one
escaped (``\\x1b``, ``\\n``, ``\\u202e``) and prints one line.
"""

from __future__ import annotations

import sys
from typing import TextIO

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
_ESCAPES: dict[int, str] = {
    **{code: _NAMED.get(chr(code), f"\\x{code:02x}") for code in range(0x20)},
    **{code: f"\\x{code:02x}" for code in range(0x7F, 0xA0)},
    **{code: f"\\u{code:04x}" for code in _BIDI_CONTROLS},
}


def terminal_safe(text: str) -> str:
    """``text`` with control characters (C0, DEL, C1, bidi and line separators) escaped."""
    return text.translate(_ESCAPES)


def say(text: str, stream: TextIO | None = None) -> None:
    """Print one line, terminal-safe, to ``stream`` (standard error by default)."""
    print(terminal_safe(text), file=sys.stderr if stream is None else stream)

"""Text helpers shared by the reader and the exporters: slugs, title keys, word counts."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 60) -> str:
    """``"Python’s tale of concurrency!"`` → ``"pythons-tale-of-concurrency"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "")
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) <= max_length:
        return slug
    head = slug[: max_length + 1]
    return head.rsplit("-", 1)[0] if "-" in head else slug[:max_length]


def normalise_title(text: str) -> str:
    """A form of a title for matching: case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", text))


# Dates are written in English with fixed names, whatever the machine's locale, so
# that every format reads the same and builds are reproducible.

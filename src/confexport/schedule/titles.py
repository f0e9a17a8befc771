"""Titles as the notes and a schedule write them: one normal form, and how close two are.

``title_key`` ignores case, punctuation, spacing, hyphens and apostrophes inside words
(``Wi-Fi`` = ``WiFi``, ``Apple’s`` = ``Apple's`` = ``Apples``) and a leading
``<event>:`` (``38C3: Opening Ceremony`` = ``Opening Ceremony``).  ``similarity`` is
difflib's ratio of two keys, 0 (nothing shared) to 1 (the same).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from difflib import SequenceMatcher

from confexport.text import normalise_title

#: Titles at least this similar match when no title matches exactly.  Measured on the
#: real schedules of rC3 2021, 38C3 and PyCascades 2022 (33 titles, by
#: ``scripts/measure_title_threshold.py``): two distinct titles reach 0.61 at most
#: ("Opening" / "Opening Ceremony"); a title with one typo, a small word left out or a
#: singular for a plural keeps 0.86 at least.  0.80 errs towards a "did you mean".
CLOSE_ENOUGH = 0.80

#: An unmatched session is offered the best schedule title from this similarity on,
#: or when one title's words all occur in the other (``Opening`` → ``Opening Ceremony``).
WORTH_SUGGESTING = 0.5

#: Hyphens, dashes and apostrophes between two letters or digits join them.
#: A word this long or shorter may be left out (``the``, ``of``, ``with``, ``your``).
SHORT_WORD = 4
#: A word at least this similar to another is a typo of it (``sleve``/``sleeve`` 0.91).
TYPO = 0.75

_NUMBERS = re.compile(r"\d+")
_JOINING = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013\u2014'\u2019\u2018\u02bc](?=\w)")


def event_keys(*names: str | None) -> frozenset[str]:
    """The keys of an event's names (its acronym ``38c3``, its title ``38C3``)."""
    return frozenset(normalise_title(name) for name in names if name and normalise_title(name))


def without_event(title: str, events: Collection[str]) -> str:
    """``38C3: Opening Ceremony`` → ``Opening Ceremony`` when ``38c3`` is in ``events``."""
    head, colon, rest = title.partition(":")
    if colon and rest.strip() and normalise_title(head) in events:
        return rest.strip()
    return title


def title_key(title: str, events: Collection[str] = ()) -> str:
    """The form two titles are compared in; ``events`` from :func:`event_keys`."""
    title = unicodedata.normalize("NFKC", without_event(title, events))
    return normalise_title(_JOINING.sub("", title))


def similarity(key: str, other: str) -> float:
    """difflib's ratio of two keys; 0 when its cheap upper bounds are below a suggestion's."""
    matcher = SequenceMatcher(None, key, other, autojunk=False)
    if matcher.real_quick_ratio() < WORTH_SUGGESTING or matcher.quick_ratio() < WORTH_SUGGESTING:
        return 0.0
    return matcher.ratio()


def may_be_variants(key: str, other: str) -> bool:
    """Whether two close keys can be one title written twice: the same numbers
    (``Part 1`` is not ``Part 2``), and each word one has and the other lacks is short
    (``the``) or a typo of one of the other's (``sleve``/``sleeve``, not
    ``starten``/``stoppen``)."""
    if _NUMBERS.findall(key) != _NUMBERS.findall(other):
        return False
    words, others = key.split(), other.split()
    return _twinned(words, others) and _twinned(others, words)


def _twinned(words: list[str], others: list[str]) -> bool:
    return all(
        len(word) <= SHORT_WORD
        or word in others
        or any(SequenceMatcher(None, word, o, autojunk=False).ratio() >= TYPO for o in others)
        for word in words
    )


def suggestion_score(key: str, other: str) -> float:
    """How good a "did you mean" ``other`` is: its similarity, and at least
    :data:`WORTH_SUGGESTING` when one title's words all occur in the other."""
    words, others = set(key.split()), set(other.split())
    inside = bool(words and others and (words <= others or others <= words))
    return max(similarity(key, other), WORTH_SUGGESTING if inside else 0.0)

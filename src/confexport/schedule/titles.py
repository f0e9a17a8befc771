"""Titles as the notes and a schedule write them: one normal form, and how close two are.

``title_key`` ignores case, punctuation, dashes and spacing, hyphens and apostrophes
inside words (``Wi-Fi`` = ``WiFi``, ``Apple’s`` = ``Apple's`` = ``Apples``) and a leading
``<event>:`` (``38C3: Opening Ceremony`` = ``Opening Ceremony``).  ``alike`` finds the
pairs of keys whose difflib ratio, 0 (nothing shared) to 1 (the same), reaches a floor.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
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
#: How many titles sharing most letter triples with an unmatched one are weighed for it.
SHORTLIST = 5

#: A word this long or shorter may be left out (``the``, ``of``, ``with``, ``your``).
SHORT_WORD = 4
#: A word at least this similar to another is a typo of it (``sleve``/``sleeve`` 0.91).
TYPO = 0.75

_NUMBERS = re.compile(r"\d+")
#: Hyphens and apostrophes between two letters or digits join them (dashes separate).
_JOINING = re.compile(r"(?<=\w)[-\u2010\u2011'\u2019\u2018\u02bc](?=\w)")


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


def alike(
    keys: Sequence[str], others: Sequence[str], floor: float
) -> Iterator[tuple[int, int, float]]:
    """``(i, j, similarity)`` of each ``keys[i]`` and ``others[j]`` at least ``floor``
    alike: difflib's ratio, its cheap upper bounds tried first."""
    matcher = SequenceMatcher(autojunk=False)
    for j, other in enumerate(others):
        matcher.set_seq2(other)  # difflib caches what it learns of the second sequence
        for i, key in enumerate(keys):
            matcher.set_seq1(key)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score >= floor:
                yield i, j, score


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


def closest(keys: Sequence[str], others: Sequence[str]) -> dict[int, tuple[int, float]]:
    """For each ``keys[i]`` worth a "did you mean", ``i → (j, score)`` of its best
    ``others[j]``: the most alike of the :data:`SHORTLIST` sharing most letter triples
    with it (so a wrong schedule of a thousand titles costs no thousand ratios each),
    and :data:`WORTH_SUGGESTING` at least when one title's words all occur in the other."""
    triples = [_triples(other) for other in others]
    words = [set(other.split()) for other in others]
    found: dict[int, tuple[int, float]] = {}
    matcher = SequenceMatcher(autojunk=False)
    for i, key in enumerate(keys):
        mine, my_words = _triples(key), set(key.split())
        shared = sorted(range(len(others)), key=lambda j: -len(mine & triples[j]))[:SHORTLIST]
        inside = [j for j, theirs in enumerate(words) if _one_inside(my_words, theirs)]
        matcher.set_seq2(key)
        scored = []
        for j in dict.fromkeys(shared + inside):
            matcher.set_seq1(others[j])
            floor = WORTH_SUGGESTING if j in inside else 0.0
            scored.append((max(matcher.ratio(), floor), -j))
        if scored and (best := max(scored))[0] >= WORTH_SUGGESTING:
            found[i] = (-best[1], best[0])
    return found


def _triples(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[n : n + 3] for n in range(len(padded) - 2)}


def _one_inside(words: set[str], others: set[str]) -> bool:
    """Every word of one title occurs in the other (``Opening`` in ``Opening Ceremony``)."""
    return bool(words and others and (words <= others or others <= words))

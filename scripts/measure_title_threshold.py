"""Measure the similarity threshold of schedule title matching on real schedules.

    python scripts/measure_title_threshold.py /work/shared/reference

Prints the highest similarity between two distinct real titles (a match there would
be wrong) and the lowest between a real title and a variant a note-taker writes (one
typo, a small word left out, a singular for a plural); the threshold in
``confexport.schedule.titles.CLOSE_ENOUGH`` must lie between the two.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

from confexport.schedule import read_schedule
from confexport.schedule.titles import CLOSE_ENOUGH, may_be_variants, title_key

SMALL_WORDS = {"the", "a", "an", "of", "to", "in", "on", "for", "with", "and", "your", "our"}


def ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def real_titles(folder: Path) -> dict[str, list[str]]:
    """Titles per schedule: the two schedule files, and the PyCascades table."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.schedule.*")):
        schedule = read_schedule(path)
        events = {title_key(name) for name in (schedule.event, schedule.title) if name}
        found[path.name] = [title_key(s.title, events) for s in schedule.sessions]
    table = folder / "pycascades-2022-schedule.md"
    if table.is_file():
        rows = re.findall(r"^\| [0-9A-Z]{6} \| ([^|]+?) \|", table.read_text("utf-8"), re.M)
        found[table.name] = [title_key(row.rstrip(" …")) for row in rows]
    return found


def variants(key: str) -> list[tuple[str, str]]:
    """(kind, variant) pairs: what a note-taker might write for the title ``key``."""
    words = key.split()
    middle = len(key) // 2
    while middle < len(key) - 1 and not (key[middle - 1] + key[middle]).isalnum():
        middle += 1  # a typo inside a word, not across the space between two
    out = [
        ("dropped letter", key[:middle] + key[middle + 1 :]),
        ("swapped letters", key[: middle - 1] + key[middle] + key[middle - 1] + key[middle + 1 :]),
        ("doubled letter", key[:middle] + key[middle] + key[middle:]),
    ]
    for index, word in enumerate(words):
        if word in SMALL_WORDS and len(words) > 2:
            out.append(("small word left out", " ".join(words[:index] + words[index + 1 :])))
        if len(word) > 3 and word.endswith("s"):
            out.append(("singular", " ".join([*words[:index], word[:-1], *words[index + 1 :]])))
    return [(kind, variant) for kind, variant in out if variant != key]


def main(folder: Path) -> None:
    titles = real_titles(folder)
    every = sorted({key for keys in titles.values() for key in keys})
    print(f"{len(every)} distinct real titles from {', '.join(titles)}")
    pairs = itertools.combinations(every, 2)
    ceiling, closest = max((ratio(a, b), (a, b)) for a, b in pairs)
    print(f"highest similarity of two distinct titles: {ceiling:.3f} {closest}")
    lowest: dict[str, tuple[float, str, str]] = {}
    for key in every:
        for kind, variant in variants(key):
            score = ratio(key, variant)
            if kind not in lowest or score < lowest[kind][0]:
                lowest[kind] = (score, key, variant)
    for kind, (score, key, variant) in sorted(lowest.items(), key=lambda item: item[1][0]):
        print(f"lowest similarity, {kind}: {score:.3f} ({key!r} / {variant!r})")
    floor = min(score for score, _, _ in lowest.values())
    refused = [(k, v) for k in every for _, v in variants(k) if not may_be_variants(k, v)]
    print(f"variants the word check refuses: {len(refused)} {refused[:3]}")
    verdict = "between" if ceiling < CLOSE_ENOUGH <= floor else "NOT between"
    print(f"CLOSE_ENOUGH = {CLOSE_ENOUGH} is {verdict} the two")
    print(json.dumps({"distinct_max": round(ceiling, 3), "variant_min": round(floor, 3)}))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference"))

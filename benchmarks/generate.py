"""Scale the sample notes to N sessions for the benchmark.

The output keeps the sample's mix (abstract quotes, lists, code, links, images,
separators, an END OF DAY marker) with varied titles and pretalx codes, and has
front matter giving dates and a time zone.  Images are the sample's stand-ins,
copied beside the output.  Run: python benchmarks/generate.py N OUT.md
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "pycascades-2022.md"
START = dt.date(2022, 2, 5)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def _code(number: int) -> str:
    letters = []
    for _ in range(6):
        number, digit = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[digit])
    return "".join(letters)


def _sessions(text: str) -> list[str]:
    body = text.split("\n## ", 1)[1]
    parts = ["## " + part for part in body.split("\n## ")]
    return [part for part in parts if not part.startswith("## END OF DAY")]


def generate(count: int) -> str:
    sessions = _sessions(SAMPLE.read_text(encoding="utf-8"))
    days = max(1, count // 50)
    lines = [
        "---",
        f"title: Scaled conference ({count} sessions)",
        f"start: {START}",
        f"end: {START + dt.timedelta(days=days - 1)}",
        "timezone: America/Los_Angeles",
        "---",
        "",
        f"# Scaled conference ({count} sessions)",
        "",
    ]
    per_day = -(-count // days)
    for number in range(count):
        if number and number % per_day == 0:
            lines += [f"## END OF DAY {number // per_day}", "", "---", ""]
        session = sessions[number % len(sessions)]
        session = re.sub(r"/talk/[A-Z0-9]+/", f"/talk/{_code(number + 7919)}/", session, count=1)
        heading, _, rest = session.partition("\n")
        lines += [f"{heading} (part {number + 1})", rest.rstrip("\n"), ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(generate(count), encoding="utf-8")
    shutil.copytree(ROOT / "pictures", out.parent / "pictures", dirs_exist_ok=True)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB, {count} sessions)")


if __name__ == "__main__":
    main()

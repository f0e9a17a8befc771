"""Build the sample and every notes fixture with two commits and list what differs.

    .venv/bin/python scripts/compare_builds.py OLD [NEW] [-t FORMATS] [--keep DIR]

OLD and NEW are git revisions (NEW defaults to the working tree).  Each is checked out
in a temporary worktree and run with this virtualenv, its own ``src/`` first on the
path, with ``SOURCE_DATE_EPOCH`` set; the outputs go to ``DIR/old`` and ``DIR/new``.
The script prints each file that differs or exists on one side only, and exits 1 when
any does: a refactor that should change nothing shows nothing.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1700000000"


def notes_files(root: Path) -> list[Path]:
    """The sample and every Markdown notes fixture, relative to the checkout."""
    fixtures = sorted((root / "tests" / "fixtures" / "notes").rglob("*.md"))
    return [Path("pycascades-2022.md"), *(path.relative_to(root) for path in fixtures)]


@contextmanager
def checkout(revision: str | None, scratch: Path) -> Iterator[Path]:
    """A worktree of ``revision`` (the working tree itself for None)."""
    if revision is None:
        yield ROOT
        return
    folder = scratch / f"tree-{revision.replace('/', '_')}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), revision],
        check=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=True
        )


def build_all(tree: Path, formats: str, out: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(tree / "src"), "SOURCE_DATE_EPOCH": EPOCH}
    command = [
        sys.executable,
        "-c",
        "import sys; from confexport.cli import main; sys.exit(main())",
    ]
    for notes in notes_files(tree):
        target = out / notes.with_suffix("")
        subprocess.run(
            [*command, "build", str(tree / notes), "-t", formats, "-o", str(target), "-q"],
            env=environment,
            cwd=tree,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,  # a fixture that fails to build on both sides is no difference
        )


def differences(old: Path, new: Path) -> list[str]:
    found: list[str] = []
    pending = [filecmp.dircmp(old, new)]
    while pending:
        compared = pending.pop()
        here = Path(compared.left).relative_to(old)
        found += [f"only in old: {here / name}" for name in compared.left_only]
        found += [f"only in new: {here / name}" for name in compared.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            compared.left, compared.right, compared.common_files, shallow=False
        )
        found += [f"differs: {here / name}" for name in mismatch + errors]
        pending += compared.subdirs.values()
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?")
    parser.add_argument("-t", "--to", default="all")
    parser.add_argument("--keep", type=Path, help="write the outputs here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as scratch_name:
        scratch = Path(scratch_name)
        out = args.keep or scratch / "out"
        for side, revision in (("old", args.old), ("new", args.new)):
            with checkout(revision, scratch) as tree:
                build_all(tree, args.to, out / side)
        found = differences(out / "old", out / "new")
    for line in found:
        print(line)
    print(f"{len(found)} difference(s)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

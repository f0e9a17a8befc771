"""Heavy libraries are imported by the formats that need them, and only then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

HEAVY = (
    "reportlab",
    "ebooklib",
    "PIL",
    "pypandoc",
    "genanki",
    "icalendar",
    "lxml",
    "jinja2",
    "rich",
    "watchfiles",
)

#: Runs the CLI and prints the heavy libraries its process imported.  The first
#: argument says how many cores it sees: with one, a build exports in this process, so
#: what an export imports shows; with two, exports run in worker processes.
PROBE = """
import os, sys
cores = int(sys.argv.pop(1))
os.cpu_count = lambda: cores
from confexport.cli import main
code = main(sys.argv[1:])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(%r))
print("imported:", ",".join(heavy))
sys.exit(code)
"""


def _imported_by(*args: str | Path, cores: int = 1) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), str(cores), *map(str, args)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("imported:"))
    return [name for name in line.removeprefix("imported:").strip().split(",") if name]


def test_ics_only_build_imports_no_heavy_library_but_icalendar(tmp_path: Path) -> None:
    assert _imported_by("build", SAMPLE, "-t", "ics", "-o", tmp_path, "-q") == ["icalendar"]


def test_inspect_and_check_import_no_heavy_library() -> None:
    assert _imported_by("inspect", SAMPLE, "--json") == []
    assert _imported_by("check", SAMPLE) == []


def test_the_probe_sees_heavy_imports(tmp_path: Path) -> None:
    assert "reportlab" in _imported_by("build", SAMPLE, "-t", "pdf", "-o", tmp_path, "-q")


def test_a_build_on_two_cores_leaves_the_exporters_libraries_to_its_workers(
    tmp_path: Path,
) -> None:
    """Even a single export runs in a worker (which imports it while the notes are read),
    so the build process itself never loads reportlab."""
    assert _imported_by("build", SAMPLE, "-t", "pdf", "-o", tmp_path, "-q", cores=2) == []
    assert (tmp_path / "pycascades-2022.pdf").read_bytes().startswith(b"%PDF-")


#: Checks the options of the formats named in its arguments (every built-in one when
#: none is named) and prints the heavy libraries that imported.
CHECK_PROBE = """
import sys
from confexport.exporter import check_options, registry
names = sys.argv[1:] or [n for n, info in registry().items() if info.package == "confexport"]
check_options(names, {})
print("checked:" + ",".join(names))
print("imported:" + ",".join(sorted({name.split(".")[0] for name in sys.modules} & set(%r))))
"""


def _imported_checking(*formats: str) -> tuple[list[str], list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", CHECK_PROBE % (HEAVY,), *formats], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    said = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    return said["checked"].split(","), [name for name in said["imported"].split(",") if name]


def test_checking_the_options_of_every_format_but_pdf_imports_no_heavy_library() -> None:
    """A build's first worker checks every format's options: only the PDF, which that
    worker goes on to export, may bring its library in."""
    checked, _ = _imported_checking()
    assert {"epub", "ics", "anki", "apkg", "json", "docx"} <= set(checked)
    assert _imported_checking(*(name for name in checked if name != "pdf"))[1] == []


def test_the_check_probe_sees_heavy_imports() -> None:
    assert "reportlab" in _imported_checking("pdf")[1]

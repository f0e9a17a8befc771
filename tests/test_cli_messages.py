"""Messages a person can act on, through the real console script: a "did you mean" for
a mistyped format or option, aligned ``formats`` columns, a warning several formats give
printed once with the formats named, and ``check`` folding findings of one kind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

SCRIPT = Path(sys.executable).with_name("confexport")


def cli(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT), *(str(arg) for arg in args)]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


def test_a_mistyped_format_or_option_gets_a_did_you_mean(tmp_path: Path) -> None:
    result = cli("build", SAMPLE, "-t", "pfd", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("confexport: unknown format 'pfd'; did you mean 'pdf'? (")
    result = cli("build", SAMPLE, "-t", "pdf", "-O", "papr=letter", "-o", tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "confexport: no selected format takes the option(s) papr; did you mean 'paper'?\n"
    )
    assert list(tmp_path.iterdir()) == []


LONG_EXPORTER = """
class LongExporter:
    name = "long"
    extension = ".a-very-long-extension"
    media_type = "text/plain"
    description = "a format with a long extension"

    def export(self, conference, options):
        return b""
"""


def test_formats_aligns_its_columns_for_any_name_length(tmp_path: Path) -> None:
    (tmp_path / "longext.py").write_text(LONG_EXPORTER, encoding="utf-8")
    info = tmp_path / "longext-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: longext\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[confexport.exporters]\na-long-format-name = longext:LongExporter\n"
    )
    path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    result = cli("formats", env={**os.environ, "PYTHONPATH": path})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(".a-very-long-extension" in line for line in lines)
    rows = [re.match(r"(\S+)\s+(\S+)\s+(\S)", line) for line in lines]
    columns = {(row.start(2), row.start(3)) for row in rows if row is not None}
    assert len(columns) == 1, result.stdout


def test_a_warning_several_formats_give_is_printed_once_naming_them(tmp_path: Path) -> None:
    notes = tmp_path / "tiny.md"
    notes.write_text("## A talk\n\n![a picture](broken.png)\n\nWords.\n", encoding="utf-8")
    (tmp_path / "broken.png").write_bytes(b"not an image at all")
    result = cli("build", notes, "-t", "md,rst", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "broken.png" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("confexport: warning: ")
    assert warnings[0].endswith(" (from md, rst)")


def test_check_folds_findings_of_one_kind_into_one_line() -> None:
    result = cli("check", "--no-sidecar", SAMPLE)
    assert result.returncode == 3
    assert result.stdout.splitlines() == [
        f"{SAMPLE}:7: a session has no date (give 'start:' metadata) (18 times; also at "
        f"{SAMPLE}:17, {SAMPLE}:32 and 15 more)",
        f"{SAMPLE}: 18 problem(s) in 18 sessions",
    ]

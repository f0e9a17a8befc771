"""Byte-identical rebuilds: every format, two folders, two locales, two time zones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CONFEXPORT = Path(sys.executable).with_name("confexport")


def _build(folder: Path, *, lang: str, tz: str) -> dict[str, bytes]:
    folder.mkdir()
    for name in ("pycascades-2022.md", "pycascades-2022.yaml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "pictures", folder / "pictures")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1644019200", "LANG": lang, "TZ": tz}
    environment["LC_ALL"] = lang
    result = subprocess.run(
        [CONFEXPORT, "build", "pycascades-2022.md", "-t", "all", "-o", "out", "-q"],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    out = folder / "out"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_every_format_is_byte_identical_across_folders_locales_and_zones(tmp_path: Path) -> None:
    first = _build(tmp_path / "one", lang="C", tz="UTC")
    second = _build(tmp_path / "two", lang="C.UTF-8", tz="Asia/Tokyo")
    assert first.keys() == second.keys()
    formats = {name.split(".", 1)[1] for name in first if "/" not in name}
    assert {"json", "docx", "odt", "html", "md"} <= formats
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []

"""LibreOffice, headless, opens the docx and odt and converts them with every title."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from confexport import export
from confexport.model import Conference
from confexport.text import normalise_title


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed: make install puts libreoffice-writer-nogui in place"
    return found


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_converts_with_every_session_title(
    fmt: str, sample: Conference, soffice: str, tmp_path: Path
) -> None:
    document = tmp_path / f"sample.{fmt}"
    data = export(sample, fmt)
    assert isinstance(data, bytes)
    document.write_bytes(data)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "txt:Text", "--outdir", str(tmp_path / "txt"), str(document)],
        capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    converted = tmp_path / "txt" / "sample.txt"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    text = normalise_title(converted.read_text(encoding="utf-8", errors="replace"))
    missing = [t.title for t in sample.talks if normalise_title(t.title) not in text]
    assert missing == []

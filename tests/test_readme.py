"""The README's Python example runs as written, on the sample notes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def python_blocks(section: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {section}\n")
    end = readme.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", readme[start:end], re.S)


def test_the_python_api_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("pycascades-2022.md", "pycascades-2022.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "pictures", tmp_path / "pictures")
    monkeypatch.chdir(tmp_path)
    (block,) = python_blocks("Python API")
    exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "PyCascades 2022 18 sessions" in printed
    assert "papr" in printed and "paper" in printed  # the option error, with its suggestion

"""Shared fixtures: the sample notes, and a helper that writes notes files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from confexport.model import Conference
from confexport.reader import read_notes

# A few hundred generated examples in CI; `make fuzz` runs thousands.
# The "ci" profile is derandomized: every run tries the same examples, so a green suite
# stays green on the same code; `make fuzz` explores new ones.
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "pycascades-2022.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test sees an empty config folder, never the user's own config file."""
    folder = tmp_path_factory.mktemp("xdg-config")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def sample() -> Conference:
    """The sample notes with their sidecar, read from the repository root."""
    return read_notes(SAMPLE)


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A private copy of the sample, its sidecar and its pictures."""
    for name in ("pycascades-2022.md", "pycascades-2022.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "pictures", tmp_path / "pictures")
    return tmp_path


@pytest.fixture
def write_notes(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write ``text`` to ``tmp_path/name`` and return the path."""

    def write(text: str, name: str = "notes.md") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


#: ``run("inspect", path)`` → (exit code, stdout, stderr) of the command line, in-process.
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    from confexport.cli import main

    def invoke(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke

"""A smoke run of the benchmark harness: it measures, it does not assert on time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from confexport.reader import read_text
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate


def test_generator_scales_the_sample_to_n_sessions() -> None:
    conference = read_text(generate(120), path=ROOT / "benchmarks" / "n120.md")
    assert len(conference.talks) == 120
    assert len({talk.uid for talk in conference.talks}) == 120
    assert conference.timezone == "America/Los_Angeles" and len(conference.days) == 2
    assert sum(len(talk.images) for talk in conference.talks) > 0


def test_harness_runs_on_20_sessions(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "20", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "parse (inspect --json)" in result.stdout
    assert "pandoc epub" in result.stdout
    assert "FAILED" not in result.stdout

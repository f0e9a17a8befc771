"""The benchmark harness: its arithmetic, what it measures of a process tree, and a smoke
run on a tiny size.  It measures; nothing here asserts a speed target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from confexport.reader import read_text
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate
from measure import (
    Row,
    Run,
    Verdict,
    can_sample_trees,
    ratio_target,
    run_once,
    summarise,
    tree_peak,
)

#: A parent that starts two children, each holding 60 MB for a moment, and waits for both.
TWO_CHILDREN_60_MB = """
import subprocess, sys
hold = "b = bytearray(60 << 20); b[::4096] = b'x' * len(b[::4096]); import time; time.sleep(0.6)"
children = [subprocess.Popen([sys.executable, "-c", hold]) for _ in range(2)]
sys.exit(max(child.wait() for child in children))
"""
#: A parent whose child burns about 0.4 s of CPU.
BUSY_CHILD = """
import subprocess, sys
burn = "import time\\nend = time.process_time() + 0.4\\nwhile time.process_time() < end: pass"
sys.exit(subprocess.run([sys.executable, "-c", burn]).returncode)
"""


def test_generator_scales_the_sample_to_n_sessions() -> None:
    conference = read_text(generate(120), path=ROOT / "benchmarks" / "n120.md")
    assert len(conference.talks) == 120
    assert len({talk.uid for talk in conference.talks}) == 120
    assert conference.timezone == "America/Los_Angeles" and len(conference.days) == 2
    assert sum(len(talk.images) for talk in conference.talks) > 0


def test_summary_takes_medians_and_the_largest_peak() -> None:
    runs = [Run(3.0, 5.0, 90), Run(1.0, 9.0, 120), Run(2.0, 1.0, 100)]
    assert summarise("x", runs) == Row("x", 2.0, 5.0, 120)
    failed = summarise("x", [*runs, Run(1.0, 1.0, 1, error="exit 1: boom")])
    assert not failed.ok and failed.error == "exit 1: boom"


def test_targets_compare_ratios_with_their_limits() -> None:
    rows = {
        "ours": Row("ours", wall=3.0, cpu=6.0, peak_mb=100),
        "peer": Row("peer", wall=4.0, cpu=4.0, peak_mb=300),
        "broken": Row("broken", 1.0, 1.0, 1, error="exit 2: no"),
    }
    wall = ratio_target("wall", 0.8, rows, "ours", "peer", "wall")
    assert wall.value == pytest.approx(0.75) and wall.result == "pass"
    cpu = ratio_target("cpu", 1.2, rows, "ours", "peer", "cpu")
    assert cpu.value == pytest.approx(1.5) and cpu.result == "fail"
    assert ratio_target("t", 1, rows, "ours", "absent", "wall").result.startswith("skipped")
    assert "failed" in ratio_target("t", 1, rows, "broken", "peer", "wall").result
    assert Verdict("limit itself", 150, 150.0).result == "pass"


def test_cpu_time_counts_the_grandchildren() -> None:
    run = run_once([sys.executable, "-c", BUSY_CHILD], ROOT, os.environ)
    assert run.ok
    assert run.cpu >= 0.35  # the parent alone uses a few hundredths


def test_failures_keep_the_last_line_of_stderr() -> None:
    script = "import sys; print('first', file=sys.stderr); sys.exit('the reason')"
    run = run_once([sys.executable, "-c", script], ROOT, os.environ)
    assert run.error == "exit 1: the reason"


@pytest.mark.skipif(not can_sample_trees(), reason="needs Linux /proc/PID/smaps_rollup")
def _largest_from_a_small_parent(command: list[str]) -> float:
    """``run_once``'s peak, measured from a fresh interpreter as ``make bench`` runs it:
    Linux counts the launching process's size at fork in the child's peak, and this
    test process is hundreds of MB by now."""
    probe = (
        "import os, sys; sys.path.insert(0, sys.argv[1]); from measure import run_once; "
        "print(run_once(sys.argv[2:], os.getcwd(), os.environ).peak_mb)"
    )
    launcher = [sys.executable, "-c", probe, str(ROOT / "benchmarks"), *command]
    return float(subprocess.run(launcher, capture_output=True, text=True, check=True).stdout)


def test_tree_peak_sums_processes_that_hold_memory_at_once() -> None:
    command = [sys.executable, "-c", TWO_CHILDREN_60_MB]
    largest = _largest_from_a_small_parent(command)
    tree = tree_peak(command, ROOT, os.environ)
    assert 60 <= largest < 100  # the largest single process: one child
    assert tree.processes == 3 and tree.samples > 10
    assert tree.pss_mb >= 115 and tree.rss_mb >= tree.pss_mb  # both children at once


def test_harness_runs_on_10_sessions(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "10", "--anchor"]
    result = subprocess.run(
        [*command, "10", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    rows, _, table = result.stdout.partition("targets at 10 sessions")
    for label in ("parse (inspect --json)", "confexport pdf,epub,ics,anki", "pandoc epub"):
        assert label in rows
    assert "wall s" in rows and "CPU s" in rows and "PSS summed" in rows
    times = rows.split("each export's own wall time, in finishing order: ")[1].splitlines()[0]
    assert sorted(part.split()[0] for part in times.split(", ")) == ["csv", "epub", "ics", "pdf"]
    assert "FAILED" not in result.stdout
    verdicts = table.strip().splitlines()[1:]
    assert len(verdicts) == 8
    assert all(line.endswith(("pass", "fail")) or "skipped: " in line for line in verdicts)

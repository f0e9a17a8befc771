"""What the benchmark measures of one command, and the arithmetic of its targets.

Wall time is the command's elapsed time.  CPU time and the largest process's peak RSS
come from ``os.wait4``: on Linux the resource usage of a process, as its parent reaps
it, includes every descendant it reaped in turn, so user+sys is the whole process
tree's (confexport reaps its export workers and pandoc; ``sh`` reaps pandoc and
WeasyPrint) and ``ru_maxrss`` is the largest RSS any one process of the tree reached.

The largest process misses what the workers hold while the build process holds its
own, and the RSS of forked processes counts the pages they share once per process.
:func:`tree_peak` therefore samples the tree every few milliseconds and keeps the
largest sum of its processes' PSS (proportional set size: a page shared by n processes
counts 1/n in each), which is the memory the tree occupies at that moment.  It also
keeps the largest RSS sum, an upper bound.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    wall: float
    cpu: float
    peak_mb: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Row:
    """A command's runs, summarised: median wall and CPU seconds, the largest peak."""

    label: str
    wall: float
    cpu: float
    peak_mb: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def run_once(command: Sequence[str], cwd: Path, environment: Mapping[str, str]) -> Run:
    """Wall and CPU seconds of one run of ``command``, and its tree's largest RSS (MB)."""
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=dict(environment), stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        error = ""
        if process.returncode != 0:
            stderr.seek(0)
            lines = stderr.read().decode(errors="replace").strip().splitlines()
            error = f"exit {process.returncode}: {lines[-1] if lines else 'no message'}"
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, error)


def summarise(label: str, runs: Sequence[Run]) -> Row:
    """Medians of wall and CPU time, the largest peak; the first error if any run failed."""
    errors = [run.error for run in runs if run.error]
    return Row(
        label,
        statistics.median(run.wall for run in runs),
        statistics.median(run.cpu for run in runs),
        max(run.peak_mb for run in runs),
        errors[0] if errors else "",
    )


@dataclass(frozen=True)
class TreePeak:
    """The largest sums, over the samples of one run, of the tree's PSS and RSS (MB)."""

    pss_mb: float
    rss_mb: float
    processes: int
    samples: int


def can_sample_trees() -> bool:
    return (PROC / "self" / "smaps_rollup").exists()


def tree_peak(
    command: Sequence[str], cwd: Path, environment: Mapping[str, str], interval: float = 0.01
) -> TreePeak:
    """Run ``command`` once, sampling its process tree's memory every ``interval`` s."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=dict(environment),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pss = rss = 0
    seen: set[int] = set()
    samples = 0
    while process.poll() is None:
        tree = descendants(process.pid)
        seen.update(tree)
        memory = [memory_kb(pid) for pid in tree]
        pss = max(pss, sum(pair[0] for pair in memory))
        rss = max(rss, sum(pair[1] for pair in memory))
        samples += 1
        time.sleep(interval)
    return TreePeak(pss / 1024, rss / 1024, len(seen), samples)


def descendants(root: int) -> list[int]:
    """``root`` and every live process below it, from each process's parent in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        parent = int(stat.rpartition(")")[2].split()[1])  # after "pid (name) state"
        children.setdefault(parent, []).append(int(entry.name))
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting.extend(children.get(pid, []))
    return tree


def memory_kb(pid: int) -> tuple[int, int]:
    """A process's PSS and RSS in KiB; zeros once it has ended."""
    try:
        rollup = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = dict(line.split(":", 1) for line in rollup.splitlines()[1:] if ":" in line)

    def kib(name: str) -> int:
        return int(fields.get(name, "0 kB").split()[0])

    return kib("Pss"), kib("Rss")


@dataclass(frozen=True)
class Verdict:
    """A target: a measured value against its upper limit, or why it was not measured."""

    name: str
    limit: float
    value: float | None = None
    missing: str = ""

    @property
    def result(self) -> str:
        if self.value is None:
            return f"skipped: {self.missing}"
        return "pass" if self.value <= self.limit else "fail"


def ratio(rows: Mapping[str, Row], ours: str, peer: str, metric: str) -> tuple[float | None, str]:
    """``ours / peer`` of ``metric`` (``wall`` or ``cpu``), or None and the reason."""
    for label in (ours, peer):
        if label not in rows:
            return None, f"{label!r} was not measured"
        if not rows[label].ok:
            return None, f"{label!r} failed ({rows[label].error})"
    denominator = getattr(rows[peer], metric)
    if denominator <= 0:
        return None, f"{peer!r} took no measurable {metric} time"
    return getattr(rows[ours], metric) / denominator, ""


def ratio_target(
    name: str, limit: float, rows: Mapping[str, Row], ours: str, peer: str, metric: str
) -> Verdict:
    value, missing = ratio(rows, ours, peer, metric)
    return Verdict(name, limit, value, missing)

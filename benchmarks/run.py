"""The benchmark behind ``make bench``: confexport against its peers on the same notes.

For 100, 1,000 and 10,000 sessions (``--sizes``) it times, over several runs, parse
only (``inspect --json``), each format alone, pdf+epub+ics+anki in one build,
``confexport --help``, and the peers on the same file: pandoc → epub, pandoc → html
and pandoc → html → WeasyPrint PDF.  It prints medians and peak RSS, and the
confexport/peer ratios pair by pair.  Nothing here is a test: it only measures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
CONFEXPORT = str(BIN / "confexport")
ALL_FOUR = "pdf,epub,ics,anki"


@dataclass(frozen=True)
class Measure:
    label: str
    seconds: float
    peak_mb: float
    ok: bool


def run_once(command: Sequence[str], cwd: Path) -> tuple[float, float, bool]:
    """Wall time and peak RSS (MB) of one run of ``command``, children included."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1644019200"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if process.stderr is not None:
        process.stderr.close()
    peak = usage.ru_maxrss / 1024
    return elapsed, peak, os.waitstatus_to_exitcode(status) == 0


def measure(label: str, command: Sequence[str], cwd: Path, runs: int) -> Measure:
    results = [run_once(command, cwd) for _ in range(runs)]
    ok = all(result[2] for result in results)
    return Measure(
        label,
        statistics.median(result[0] for result in results),
        max(result[1] for result in results),
        ok,
    )


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def formats_available() -> list[str]:
    listed = subprocess.run([CONFEXPORT, "formats"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]


def bench_size(count: int, runs: int, folder: Path) -> list[Measure]:
    notes = folder / f"n{count}.md"
    notes.write_text(generate(count), encoding="utf-8")
    shutil.copytree(HERE.parent / "pictures", folder / "pictures", dirs_exist_ok=True)
    out = folder / "out"
    available = formats_available()
    runs = runs if count < 10000 else 1  # minutes a run at this size
    size = notes.stat().st_size // 1024
    print(f"\n{count} sessions ({size} KB), {runs} run(s) each, median", flush=True)
    jobs: list[tuple[str, list[str]]] = [
        ("parse (inspect --json)", [CONFEXPORT, "inspect", "--json", str(notes)])
    ]
    for fmt in ("pdf", "epub", "ics", "anki", "apkg", "html", "docx"):
        if fmt in available:
            jobs.append(
                (
                    f"confexport {fmt}",
                    [CONFEXPORT, "build", str(notes), "-t", fmt, "-o", str(out), "-q"],
                )
            )
    if all(fmt in available for fmt in ALL_FOUR.split(",")):
        jobs.append(
            (
                f"confexport {ALL_FOUR}",
                [CONFEXPORT, "build", str(notes), "-t", ALL_FOUR, "-o", str(out), "-q"],
            )
        )
    pandoc = pandoc_path()
    if pandoc:
        resources = ["--resource-path", str(folder)]
        jobs.append(("pandoc epub", [pandoc, str(notes), "-o", str(out / "peer.epub"), *resources]))
        jobs.append(
            ("pandoc html", [pandoc, str(notes), "-s", "-o", str(out / "peer.html"), *resources])
        )
        weasyprint = BIN / "weasyprint"
        if weasyprint.exists():
            html = out / "peer-w.html"
            script = (
                f"{pandoc} {notes} -s --embed-resources -o {html} {' '.join(resources)}"
                f" && {weasyprint} {html} {out / 'peer.pdf'}"
            )
            jobs.append(("pandoc html + weasyprint pdf", ["sh", "-c", script]))
    out.mkdir(exist_ok=True)
    results = []
    for label, command in jobs:
        if count >= 10000 and "weasyprint" in label:
            continue  # minutes per run at this size; the 1,000-session row is the anchor
        result = measure(label, command, folder, runs)
        results.append(result)
        flag = "" if result.ok else "  FAILED"
        print(f"  {label:<36} {result.seconds:8.2f} s  {result.peak_mb:7.0f} MB{flag}", flush=True)
    return results


def ratio(results: dict[str, Measure], ours: str, peer: str, factor: float | None = None) -> str:
    if ours not in results or peer not in results:
        return "n/a"
    value = results[ours].seconds / results[peer].seconds
    return f"{value:.2f}" + (f" (target ≤ {factor})" if factor is not None else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    help_time = measure("confexport --help", [CONFEXPORT, "--help"], HERE, 7)
    print(f"confexport --help: {help_time.seconds:.3f} s (target ≤ 0.15 s)")
    by_size: dict[int, dict[str, Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="confexport-bench-") as temporary:
        for count in (int(size) for size in args.sizes.split(",")):
            folder = Path(temporary) / str(count)
            folder.mkdir()
            by_size[count] = {m.label: m for m in bench_size(count, args.runs, folder)}
    if 1000 in by_size:
        thousand = by_size[1000]
        print("\nratios at 1,000 sessions (confexport / peer):")
        four = ratio(thousand, f"confexport {ALL_FOUR}", "pandoc epub", 1.0)
        pdf = ratio(thousand, "confexport pdf", "pandoc html + weasyprint pdf", 0.25)
        print(f"  {ALL_FOUR} vs pandoc epub: {four}")
        print(f"  pdf vs pandoc+weasyprint:   {pdf}")
        print(f"  epub vs pandoc epub:        {ratio(thousand, 'confexport epub', 'pandoc epub')}")
        print(f"  html vs pandoc html:        {ratio(thousand, 'confexport html', 'pandoc html')}")
        build = thousand.get(f"confexport {ALL_FOUR}")
        if build:
            print(f"  peak RSS of the {ALL_FOUR} build: {build.peak_mb:.0f} MB (target ≤ 150)")
    if 1000 in by_size and 10000 in by_size:
        label = "parse (inspect --json)"
        scale = by_size[10000][label].seconds / by_size[1000][label].seconds
        print(f"  parse 10,000 / 1,000: {scale:.1f}× (target ≤ 12, linear)")


if __name__ == "__main__":
    main()

"""The benchmark behind ``make bench``: confexport against its peers on the same notes.

At the anchor size (``--anchor``, 1,000 sessions) it runs, side by side in rounds
(every command once a round, the order reversed every other round, so a change in the
machine's load falls on all of them), parse only (``inspect --json``), each format
alone, pdf+epub+ics+anki in one build, and the peers on the same file: pandoc → epub,
pandoc → html, pandoc → html → WeasyPrint PDF.  At the other sizes (``--sizes``) it
times the parse only.  It prints each command's median wall and CPU time (user+sys of
the whole process tree) and its largest process's peak RSS, samples the memory of the
four-format build's process tree once more, and prints every target with its measured
value and pass or fail.  Nothing here is a test: it only measures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from measure import (  # noqa: E402
    Row,
    Run,
    TreePeak,
    Verdict,
    can_sample_trees,
    ratio_target,
    run_once,
    summarise,
    tree_peak,
)

BIN = Path(sys.executable).parent
CONFEXPORT = str(BIN / "confexport")
ALL_FOUR = "pdf,epub,ics,anki"
ENVIRONMENT = {**os.environ, "SOURCE_DATE_EPOCH": "1644019200"}
PARSE = "parse (inspect --json)"
FOUR = f"confexport {ALL_FOUR}"
PANDOC_EPUB = "pandoc epub"
WEASYPRINT_PDF = "pandoc html → weasyprint pdf"


@dataclass(frozen=True)
class Job:
    label: str
    command: list[str]
    #: A folder emptied before each run (untimed), so that every run is a first build.
    fresh: Path | None = None


def build_job(fmt: str, notes: Path, out: Path, *, rebuild: bool = False) -> Job:
    """A first build of ``fmt`` into its own folder; with ``rebuild``, a build over the
    previous run's output (the calendar then carries its SEQUENCE numbers over)."""
    folder = out / (fmt.replace(",", "-") + ("-rebuild" if rebuild else ""))
    label = f"confexport {fmt}" + (", rebuild" if rebuild else "")
    command = [CONFEXPORT, "build", str(notes), "-t", fmt, "-o", str(folder), "-q"]
    return Job(label, command, fresh=None if rebuild else folder)


def parse_job(notes: Path) -> Job:
    return Job(PARSE, [CONFEXPORT, "inspect", "--json", str(notes)])


def anchor_jobs(notes: Path, out: Path) -> list[Job]:
    """Every command of the anchor size: the parse, each format, the four, the peers."""
    available = formats_available()
    jobs = [parse_job(notes)]
    formats = ("pdf", "epub", "ics", "anki", "apkg", "html", "docx")
    jobs += [build_job(fmt, notes, out) for fmt in formats if fmt in available]
    if "ics" in available:
        jobs.append(build_job("ics", notes, out, rebuild=True))
    if all(fmt in available for fmt in ALL_FOUR.split(",")):
        jobs.append(build_job(ALL_FOUR, notes, out))
    return jobs + peer_jobs(notes, out)


def peer_jobs(notes: Path, out: Path) -> list[Job]:
    pandoc = pandoc_path()
    if pandoc is None:
        return []
    resources = ["--resource-path", str(notes.parent)]
    jobs = [
        Job(PANDOC_EPUB, [pandoc, str(notes), "-o", str(out / "peer.epub"), *resources]),
        Job("pandoc html", [pandoc, str(notes), "-s", "-o", str(out / "peer.html"), *resources]),
    ]
    weasyprint = weasyprint_path()
    if weasyprint is not None:
        html = out / "peer-w.html"
        script = (
            f"{pandoc} {notes} -s --embed-resources -o {html} {' '.join(resources)}"
            f" && {weasyprint} {html} {out / 'peer.pdf'}"
        )
        jobs.append(Job(WEASYPRINT_PDF, ["sh", "-c", script]))
    return jobs


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def weasyprint_path() -> str | None:
    beside = BIN / "weasyprint"
    return str(beside) if beside.exists() else shutil.which("weasyprint")


def formats_available() -> list[str]:
    listed = subprocess.run([CONFEXPORT, "formats"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in listed.stdout.splitlines() if line.strip()]


def side_by_side(jobs: Sequence[Job], cwd: Path, rounds: int) -> dict[str, Row]:
    """Every job once a round, the order reversed every other round; medians."""
    runs: dict[str, list[Run]] = {job.label: [] for job in jobs}
    for number in range(rounds):
        print(f"  round {number + 1}/{rounds}", file=sys.stderr, flush=True)
        for job in jobs if number % 2 == 0 else reversed(jobs):
            if job.fresh is not None:
                emptied(job.fresh)
            runs[job.label].append(run_once(job.command, cwd, ENVIRONMENT))
    return {label: summarise(label, measured) for label, measured in runs.items()}


def emptied(folder: Path) -> None:
    """``folder``, made empty (and made, if need be)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def write_notes(count: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / f"n{count}.md"
    notes.write_text(generate(count), encoding="utf-8")
    shutil.copytree(HERE.parent / "pictures", folder / "pictures", dirs_exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    return notes


def print_rows(notes: Path, rounds: int, rows: Mapping[str, Row]) -> None:
    size, count = notes.stat().st_size // 1024, int(notes.stem.removeprefix("n"))
    print(f"\n{count:,} sessions ({size} KB), {rounds} round(s) side by side, medians")
    print(f"  {'command':<36} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    for row in rows.values():
        flag = f"  FAILED {row.error}" if not row.ok else ""
        line = f"  {row.label:<36} {row.wall:8.2f} {row.cpu:8.2f} {row.peak_mb:8.0f}{flag}"
        print(line, flush=True)


#: A build's line for each export: ``wrote out/n1000.pdf (2.1 MB, 2.93 s)``, ``wrote
#: out/n1000.anki.csv and 3 more file(s) (787 KB, 0.79 s)``.
WROTE = re.compile(r"^wrote (?P<file>\S+).*? \([^,()]+, (?P<seconds>[0-9.]+) s\)$", re.MULTILINE)


def print_export_times(job: Job, cwd: Path) -> None:
    """Where the four-format build's time goes: one more run, not quiet, and each
    export's own time as its ``wrote`` line gives it (wall time in its worker)."""
    if job.fresh is not None:
        emptied(job.fresh)
    command = [part for part in job.command if part != "-q"]
    shown = subprocess.run(command, cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True)
    times = [
        f"{Path(m['file']).suffix[1:]} {float(m['seconds']):.2f} s"
        for m in WROTE.finditer(shown.stderr)
    ]
    if times:
        print(f"  {FOUR}, each export's own wall time, in finishing order: {', '.join(times)}")


def print_tree(tree: TreePeak | None) -> None:
    if tree is None:
        return
    print(
        f"  {FOUR} process tree: peak {tree.pss_mb:.0f} MB PSS summed over its processes"
        f" ({tree.rss_mb:.0f} MB RSS summed; {tree.processes} processes,"
        f" {tree.samples} samples)"
    )


def targets(
    anchor: int,
    rows: Mapping[str, Row],
    tree: TreePeak | None,
    parses: Mapping[int, Row],
    help_row: Row,
) -> list[Verdict]:
    """Every target of ``make bench`` at the anchor size, measured or skipped."""
    verdicts = [
        ratio_target(f"{ALL_FOUR} / {PANDOC_EPUB}, wall", 0.8, rows, FOUR, PANDOC_EPUB, "wall"),
        ratio_target(f"{ALL_FOUR} / {PANDOC_EPUB}, CPU", 1.2, rows, FOUR, PANDOC_EPUB, "cpu"),
        ratio_target(f"ics / {PARSE}, wall", 1.5, rows, "confexport ics", PARSE, "wall"),
    ]
    pdf_name = f"pdf / {WEASYPRINT_PDF}, wall"
    pdf = ratio_target(pdf_name, 0.15, rows, "confexport pdf", WEASYPRINT_PDF, "wall")
    if weasyprint_path() is None:
        pdf = Verdict(pdf.name, pdf.limit, missing="WeasyPrint is not installed (the bench extra)")
    verdicts.append(pdf)
    verdicts += memory_targets(rows.get(FOUR), tree)
    bigger = anchor * 10
    parse = f"parse {bigger:,} / {anchor:,} sessions, wall"
    if bigger in parses:
        both = {"bigger": parses[bigger], "anchor": parses[anchor]}
        verdicts.append(ratio_target(parse, 12, both, "bigger", "anchor", "wall"))
    else:
        verdicts.append(Verdict(parse, 12, missing=f"--sizes has no {bigger}"))
    started = help_row.wall if help_row.ok else None
    verdicts.append(Verdict("confexport --help, wall s", 0.15, started, help_row.error))
    return verdicts


def memory_targets(four: Row | None, tree: TreePeak | None) -> list[Verdict]:
    """The four-format build's peak against 150 MB: its tree's PSS sum, the target's
    measure, and beside it the largest single process (what ``/usr/bin/time`` says)."""
    summed = tree.pss_mb if tree is not None else None
    largest = four.peak_mb if four is not None and four.ok else None
    return [
        Verdict(f"{ALL_FOUR} peak, tree PSS sum, MB", 150, summed, "no /proc to sample"),
        Verdict(f"{ALL_FOUR} peak, largest process, MB", 150, largest, "not measured"),
    ]


def print_targets(anchor: int, verdicts: Sequence[Verdict]) -> None:
    print(f"\ntargets at {anchor:,} sessions")
    print(f"  {'target':<52} {'measured':>8} {'limit':>7}  result")
    for verdict in verdicts:
        value = "—" if verdict.value is None else f"{verdict.value:.3g}"
        limit = f"≤ {verdict.limit:g}"
        print(f"  {verdict.name:<52} {value:>8} {limit:>7}  {verdict.result}")


def bench_anchor(notes: Path, runs: int) -> tuple[dict[str, Row], TreePeak | None]:
    """Every command side by side, then one more four-format build, its memory sampled."""
    out = notes.parent / "out"
    rows = side_by_side(anchor_jobs(notes, out), notes.parent, runs)
    tree = None
    if FOUR in rows and can_sample_trees():
        four = build_job(ALL_FOUR, notes, out)
        if four.fresh is not None:
            emptied(four.fresh)
        tree = tree_peak(four.command, notes.parent, ENVIRONMENT)
    print_rows(notes, runs, rows)
    print_tree(tree)
    if FOUR in rows:
        print_export_times(build_job(ALL_FOUR, notes, out), notes.parent)
    return rows, tree


def bench_parse(notes: Path, rounds: int) -> Row:
    rows = side_by_side([parse_job(notes)], notes.parent, rounds)
    print_rows(notes, rounds, rows)
    return rows[PARSE]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000,10000", help="session counts to parse")
    parser.add_argument("--anchor", type=int, default=1000, help="the size every command runs at")
    parser.add_argument("--runs", type=int, default=3, help="rounds at the anchor size")
    args = parser.parse_args()
    sizes = sorted({int(size) for size in args.sizes.split(",")} | {args.anchor})
    helps = side_by_side([Job("confexport --help", [CONFEXPORT, "--help"])], HERE, 7)
    help_row = helps["confexport --help"]
    print(f"confexport --help: {help_row.wall:.3f} s")
    parses: dict[int, Row] = {}
    with tempfile.TemporaryDirectory(prefix="confexport-bench-") as temporary:
        for count in sizes:
            notes = write_notes(count, Path(temporary) / str(count))
            if count == args.anchor:
                rows, tree = bench_anchor(notes, args.runs)
                parses[count] = rows[PARSE]
            else:  # a few rounds of the bigger files are enough for a median
                rounds = args.runs if count < args.anchor else min(args.runs, 3)
                parses[count] = bench_parse(notes, rounds)
    print_targets(args.anchor, targets(args.anchor, rows, tree, parses, help_row))


if __name__ == "__main__":
    main()

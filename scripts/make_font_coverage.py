"""Write templates/fonts/DejaVuSans.coverage: the code points the PDF's body font draws.

    .venv/bin/python scripts/make_font_coverage.py

Run it when the font in templates/fonts/ changes; tests/test_glyphs.py fails until
then.  The file lists ranges of code points, one ``XXXX-YYYY`` (hex) a line, read by
:mod:`confexport.glyphs` so that ``confexport check`` need not load the font.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from confexport.exporters.pdf.style import SANS, glyphs  # noqa: E402
from confexport.glyphs import COVERAGE_FILE, coverage_lines  # noqa: E402


def main() -> None:
    target = ROOT / "templates" / COVERAGE_FILE
    target.write_text("".join(f"{line}\n" for line in coverage_lines(glyphs(SANS))))
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Write templates/pandoc/reference.docx and reference.odt from pandoc's defaults.

The files are pandoc's own reference documents, re-zipped with every entry dated
1980-01-01 and in a fixed order, because pandoc copies their entries' dates into each
docx/odt it writes.  Restyle them in Word or LibreOffice (edit the styles only) and
keep them re-zipped with this script's ``normalise`` so builds stay reproducible.

Run: ``.venv/bin/python scripts/make_pandoc_references.py``
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "pandoc"
EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise(data: bytes) -> bytes:
    """The same zip with fixed dates; ``mimetype`` first and stored (ODF requires it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda n: (n != "mimetype", n))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, EPOCH)
            info.external_attr = 0o644 << 16
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name), compress_type=compression)
    return buffer.getvalue()


def main() -> int:
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    for name in ("reference.docx", "reference.odt"):
        data = subprocess.run(
            [pandoc, "--print-default-data-file", name], check=True, capture_output=True
        ).stdout
        (TEMPLATES / name).write_bytes(normalise(data))
        print(f"wrote {TEMPLATES / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

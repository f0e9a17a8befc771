"""The built wheel holds everything a user's install needs, and runs from PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_installs_into_a_new_venv_and_builds_from_path(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("confexport-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    needed = ("templates/fonts/", "templates/epub/", "templates/pandoc/reference.docx", "py.typed")
    for part in needed:
        assert any(name.startswith(f"confexport/{part}") for name in names), part
    # A new venv, offline: the dependencies come from this environment's site-packages
    # (added as a path, so its editable confexport is not), confexport from the wheel.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("pycascades-2022.md", "pycascades-2022.yaml"):
        shutil.copy(ROOT / name, notes / name)
    shutil.copytree(ROOT / "pictures", notes / "pictures")
    path = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    path.pop("PYTHONPATH", None)
    result = subprocess.run(
        ["confexport", "build", str(notes / "pycascades-2022.md"), "-t", "pdf,epub",
         "-o", str(tmp_path / "out"), "-q"],
        capture_output=True, text=True, env=path, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import confexport; print(confexport.__file__)"],
        capture_output=True,
        text=True,
        env=path,
        check=True,
    ).stdout
    assert str(site) in where  # the wheel's confexport, not the checkout's
    pdf = pypdf.PdfReader(tmp_path / "out" / "pycascades-2022.pdf")
    assert "PyCascades 2022" in pdf.pages[0].extract_text()
    assert (tmp_path / "out" / "pycascades-2022.epub").stat().st_size > 10_000

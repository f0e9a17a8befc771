"""Outputs never leave ``-o`` and sidecars never leave the notes folder, whatever
symlinks a cloned notes repository carries."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from tests.conftest import Run

NOTES = "---\ntitle: Mine\n---\n\n## A talk\n\n![a square](square.png)\n\nSome notes.\n"


def _notes(folder: Path) -> Path:
    folder.mkdir()
    Image.new("RGB", (8, 8), "red").save(folder / "square.png")
    notes = folder / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    return notes


def test_a_symlinked_media_folder_is_replaced_never_followed(run: Run, tmp_path: Path) -> None:
    notes = _notes(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"  # -o itself may be a symlink: the user chose it
    out.mkdir()
    (tmp_path / "out-link").symlink_to(out, target_is_directory=True)
    for name in ("notes-media", "notes.anki-media"):
        (out / name).symlink_to(elsewhere, target_is_directory=True)
    code, _, err = run("build", notes, "-t", "md,anki", "-o", tmp_path / "out-link", "-q")
    assert code == 0, err
    assert list(elsewhere.iterdir()) == []
    assert (out / "notes.md").is_file()
    for name in ("notes-media", "notes.anki-media"):
        folder = out / name
        assert folder.is_dir() and not folder.is_symlink()
        assert [path.suffix for path in folder.iterdir()] == [".png"]


def test_a_sidecar_is_read_only_from_inside_the_notes_folder(run: Run, tmp_path: Path) -> None:
    notes = _notes(tmp_path / "repo")
    sidecar = tmp_path / "repo" / "notes.yaml"
    (tmp_path / "repo" / "shared.yaml").write_text("title: Shared\n", encoding="utf-8")
    sidecar.symlink_to("shared.yaml")
    code, out, err = run("inspect", notes, "--json")
    assert code == 0 and err == ""
    assert json.loads(out)["title"] == "Shared"
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: Leaked\nsubtitle: from outside\n", encoding="utf-8")
    sidecar.unlink()
    sidecar.symlink_to(secret)
    code, out, err = run("inspect", notes, "--json")
    assert code == 0, err
    assert json.loads(out)["title"] == "Mine"
    assert err == (
        f"confexport: warning: {sidecar}: the sidecar leads outside the notes folder; not read\n"
    )

"""Images: found inside the notes folder only, decoded once, downscaled, re-encoded."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

from confexport import media


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    (notes / "pictures").mkdir(parents=True)
    Image.new("RGB", (3840, 2016), "#336699").save(notes / "pictures" / "big.png")
    (tmp_path / "secret.png").write_bytes(b"not for you")
    (notes / "pictures" / "link.png").symlink_to(tmp_path / "secret.png")
    (notes / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    return notes


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        ("https://example.org/x.png", "remote"),
        ("//example.org/x.png", "absolute"),
        ("/etc/passwd", "absolute"),
        ("file:///etc/passwd", "absolute"),
        ("../secret.png", "outside the notes folder"),
        ("pictures/../../secret.png", "outside the notes folder"),
        ("pictures/link.png", "outside the notes folder"),
        ("pictures/none.png", "not found"),
        ("pictures", "is not a file"),
    ],
)
def test_refused_and_missing(folder: Path, src: str, problem: str) -> None:
    located = media.locate_image(src, folder)
    assert located.path is None
    assert problem in (located.problem or "")


def test_found_inside(folder: Path) -> None:
    assert media.locate_image("pictures/big.png", folder).path == folder / "pictures" / "big.png"
    assert media.locate_image("pictures/big%2Epng", folder).path is not None


def test_prepare_downscales_and_picks_the_smaller_encoding(folder: Path) -> None:
    prepared = media.prepare_image(folder / "pictures" / "big.png", 1600)
    assert (prepared.width, prepared.height) == (1600, 840)
    with Image.open(io.BytesIO(prepared.data)) as decoded:
        assert decoded.size == (1600, 840)
        assert decoded.format == ("PNG" if prepared.media_type == "image/png" else "JPEG")


def _psnr(one: Image.Image, other: Image.Image) -> float:
    rms = ImageStat.Stat(ImageChops.difference(one, other)).rms
    return 10 * math.log10(255 * 255 / (sum(value * value for value in rms) / len(rms)))


@pytest.mark.parametrize("side", [490, 400])
def test_a_shrunk_picture_stays_close_to_lanczos_from_full_size(tmp_path: Path, side: int) -> None:
    """Fine detail (noise, a gradient, small text) shrunk 4–5 times, encoded as the
    catalog encodes it, stays within 30 dB of Lanczos from full size: JPEG's rounding
    costs about 35 dB, nearest-neighbour shrinking about 20."""
    detail = Image.effect_noise((1920, 1008), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize(detail.size).convert("RGB")
    detail = Image.blend(detail, gradient, 0.6)
    draw = ImageDraw.Draw(detail)
    for top in range(0, detail.height, 12):
        draw.text((40, top), "Parallelism is not concurrency " * 6, fill="white")
    detail.save(tmp_path / "detail.png")
    prepared = media.prepare_image(tmp_path / "detail.png", side)
    fair = detail.copy()
    fair.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=None)
    with Image.open(io.BytesIO(prepared.data)) as decoded:
        assert decoded.size == fair.size
        assert _psnr(decoded.convert("RGB"), fair) >= 30


def test_broken_image_is_an_image_error(folder: Path) -> None:
    with pytest.raises(media.ImageError, match="cannot be decoded"):
        media.prepare_image(folder / "broken.png", 800)


# --- found by name, as Obsidian finds ![[image.png]] ---------------------------------------


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A notes folder laid out like an Obsidian vault, with traps around it."""
    notes = tmp_path / "vault"
    for folder in ("attachments/2024", "Daily", ".obsidian", ".trash", "deep"):
        (notes / folder).mkdir(parents=True)
    Image.new("RGB", (8, 8)).save(notes / "attachments" / "2024" / "Pasted image 1.png")
    Image.new("RGB", (8, 8)).save(notes / "attachments" / "shallow.png")
    Image.new("RGB", (8, 8)).save(notes / "attachments" / "2024" / "shallow.png")
    Image.new("RGB", (8, 8)).save(notes / ".obsidian" / "hidden.png")
    Image.new("RGB", (8, 8)).save(notes / ".trash" / "deleted.png")
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (8, 8)).save(outside / "secret.png")
    (notes / "Daily" / "secret.png").symlink_to(outside / "secret.png")
    (notes / "linked-folder").symlink_to(outside, target_is_directory=True)
    media.vault.index.cache_clear()
    return notes


def test_a_missing_path_is_found_by_name_inside_the_folder(vault: Path) -> None:
    found = media.locate_image("Pasted%20image%201.png", vault).path
    assert found == vault / "attachments" / "2024" / "Pasted image 1.png"
    assert media.locate_image("Pasted image 1.png", vault).path == found
    assert media.locate_image("2024/Pasted image 1.png", vault).path == found
    assert media.locate_image("pasted IMAGE 1.PNG", vault).path == found  # as on macOS
    assert media.locate_image("other/Pasted image 1.png", vault).problem == "not found"


def test_the_shallowest_file_of_a_name_wins(vault: Path) -> None:
    assert media.locate_image("shallow.png", vault).path == vault / "attachments" / "shallow.png"
    deeper = media.locate_image("2024/shallow.png", vault).path
    assert deeper == vault / "attachments" / "2024" / "shallow.png"


@pytest.mark.parametrize(
    ("src", "problem"),
    [
        ("hidden.png", "not found"),  # .obsidian is not searched
        ("deleted.png", "not found"),  # nor .trash
        ("secret.png", "not found"),  # a symlink out, and a symlinked folder, lead nowhere
        ("../outside/secret.png", "outside the notes folder"),
        ("linked-folder/secret.png", "outside the notes folder"),
    ],
)
def test_the_search_never_leaves_the_folder(vault: Path, src: str, problem: str) -> None:
    located = media.locate_image(src, vault)
    assert located.path is None and problem in (located.problem or "")


def test_the_search_is_bounded(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media.vault, "MAX_ENTRIES", 3)
    located = media.locate_image("Pasted image 1.png", vault)
    assert located.path is None
    assert located.problem == "not found (only the first 3 files searched)"
    media.vault.index.cache_clear()

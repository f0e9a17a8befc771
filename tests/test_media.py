"""Images: found inside the notes folder only, decoded once, downscaled, re-encoded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

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
    again = media.prepare_image(folder / "pictures" / "big.png", 1600)
    assert again is prepared  # decoded once per file and size


def test_broken_image_is_an_image_error(folder: Path) -> None:
    with pytest.raises(media.ImageError, match="cannot be decoded"):
        media.prepare_image(folder / "broken.png", 800)

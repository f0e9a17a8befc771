"""``build``'s input and output by pandoc's habits, through the real console script:
``-o FILE`` (its extension names the format), ``-o DIR/``, ``-`` as NOTES, ``-o -``."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

from tests.exporters.test_ics import events

SCRIPT = Path(sys.executable).with_name("confexport")
NOTES = "pycascades-2022.md"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def cli(
    *args: str | Path, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    command = [str(SCRIPT), *(str(arg) for arg in args)]
    # The environment as the test runs: its XDG_CONFIG_HOME is conftest's empty folder.
    environment = {**ENV, "XDG_CONFIG_HOME": os.environ.get("XDG_CONFIG_HOME", "")}
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, env=environment, timeout=120,
        check=False,
    )  # fmt: skip


def err(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("name", "fmt"), [("hand.pdf", "pdf"), ("cal.ics", "ics"), ("cards.anki.csv", "anki")]
)
def test_o_file_writes_that_file_in_the_format_its_extension_names(
    sample_dir: Path, name: str, fmt: str
) -> None:
    named = cli("build", NOTES, "-o", name, cwd=sample_dir)
    assert named.returncode == 0, err(named)
    assert (sample_dir / name).is_file()
    folder = cli("build", NOTES, "-t", fmt, "-o", "folder/", cwd=sample_dir)
    assert folder.returncode == 0, err(folder)
    extension = name.partition(".")[2]
    by_folder = (sample_dir / "folder" / f"pycascades-2022.{extension}").read_bytes()
    assert (sample_dir / name).read_bytes() == by_folder
    assert err(named).startswith(f"wrote {name} ")


def test_o_file_is_readable_by_the_formats_own_tools(sample_dir: Path) -> None:
    result = cli("build", NOTES, "-t", "pdf", "-o", "sub/hand.pdf", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    assert len(pypdf.PdfReader(sample_dir / "sub" / "hand.pdf").pages) > 1
    result = cli("build", NOTES, "-o", "talks.ics", cwd=sample_dir)
    assert len(events((sample_dir / "talks.ics").read_bytes())) == 18


def test_o_dir_with_a_slash_or_an_existing_folder_keeps_the_naming(sample_dir: Path) -> None:
    result = cli("build", NOTES, "-t", "json", "-o", "new.json", cwd=sample_dir)
    assert result.returncode == 0 and (sample_dir / "new.json").is_file(), err(result)
    result = cli("build", NOTES, "-t", "json", "-o", "new.pdf/", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    assert [p.name for p in (sample_dir / "new.pdf").iterdir()] == ["pycascades-2022.json"]
    (sample_dir / "old.d").mkdir()
    result = cli("build", NOTES, "-t", "json", "-o", "old.d", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    assert [p.name for p in (sample_dir / "old.d").iterdir()] == ["pycascades-2022.json"]


def test_o_file_keeps_the_images_a_text_format_refers_to_beside_it(sample_dir: Path) -> None:
    result = cli("build", NOTES, "-o", "book/notes.md", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    book = sample_dir / "book"
    assert (book / "notes.md").is_file() and not (book / "pycascades-2022.md").exists()
    text = (book / "notes.md").read_text(encoding="utf-8")
    referred = re.findall(r"pycascades-2022-media/[^)\"\s]+", text)
    assert len(referred) == 4
    assert all((book / image).is_file() for image in referred)


def test_combine_into_one_named_file(sample_dir: Path) -> None:
    (sample_dir / "other.md").write_text("# Other\n\n## A talk\n\nWords.\n", encoding="utf-8")
    result = cli("build", NOTES, "other.md", "--combine", "-o", "both.epub", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    with zipfile.ZipFile(sample_dir / "both.epub") as book:
        assert book.read("mimetype") == b"application/epub+zip"
    assert not (sample_dir / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-t", "pdf,epub", "-o", "hand.pdf"), "2 formats are selected (pdf, epub); give one -t"),
        (("-t", "all", "-o", "hand.pdf"), "or a folder: -o DIR/"),
        ((NOTES.replace("2022", "copy"), "-o", "hand.pdf"), "give a folder (-o DIR/) or make"),
        (("-o", "hand.xyz"), "-o hand.xyz: no format writes files named like this; give one"),
        (("-o", "out/"), "no format given: give one with -t"),
        (("-o", NOTES), f"-o {NOTES}: refusing to overwrite the input file {NOTES}; give"),
        (("-o", "meta.md", "--metadata-file", "meta.md"), "overwrite the input file meta.md"),
        (("-", "-", "-t", "json"), "- (standard input) is given more than once"),
    ],
)
def test_ambiguous_or_unsafe_outputs_are_usage_errors(
    sample_dir: Path, args: tuple[str, ...], message: str
) -> None:
    (sample_dir / "pycascades-copy.md").write_text("## Talk\n\nx\n", encoding="utf-8")
    (sample_dir / "meta.md").write_text("title: Meta\n", encoding="utf-8")
    before = sorted(p.name for p in sample_dir.iterdir())
    notes = () if args[0] == "-" else (NOTES,)
    result = cli("build", *notes, *args, cwd=sample_dir, stdin=b"## Talk\n\nx\n")
    assert result.returncode == 2, err(result)
    assert err(result).count("\n") == 1 and message in err(result), err(result)
    assert sorted(p.name for p in sample_dir.iterdir()) == before
    assert (sample_dir / "meta.md").read_text(encoding="utf-8") == "title: Meta\n"


def test_stdin_notes_take_images_from_the_working_folder_or_resource_path(
    sample_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    notes = (sample_dir / NOTES).read_bytes()
    here = cli("build", "-", "-t", "json", "-o", "o/", cwd=sample_dir, stdin=notes)
    assert here.returncode == 0, err(here)
    assert "not found" not in err(here)
    assert "wrote o/pycascades-2022.json" in err(here)  # named after the title
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    lost = cli("build", "-", "-t", "json", "-o", "o/", cwd=elsewhere, stdin=notes)
    assert lost.returncode == 0 and "<notes>:" in err(lost) and "not found" in err(lost)
    found = cli("build", "-", "-t", "json", "-o", "o/", "--resource-path", sample_dir,
                cwd=elsewhere, stdin=notes)  # fmt: skip
    assert found.returncode == 0 and "not found" not in err(found), err(found)
    inspect = cli("inspect", "-", cwd=sample_dir, stdin=notes)
    assert inspect.returncode == 0 and b"18 sessions in 2 day(s), 4 images" in inspect.stdout


def test_stdin_errors_name_it_as_the_reader_does(sample_dir: Path) -> None:
    result = cli("build", "-", "-t", "json", cwd=sample_dir, stdin=b"")
    assert result.returncode == 1 and err(result) == "confexport: <notes>: is empty\n"


def test_o_dash_writes_one_text_format_to_standard_output(sample_dir: Path) -> None:
    result = cli("build", NOTES, "-t", "json", "-o", "-", cwd=sample_dir)
    assert result.returncode == 0, err(result)
    folder = cli("build", NOTES, "-t", "json", "-o", "f/", cwd=sample_dir)
    assert folder.returncode == 0
    assert result.stdout == (sample_dir / "f" / "pycascades-2022.json").read_bytes()
    assert "wrote standard output" in err(result) and not (sample_dir / "-").exists()
    pdf = cli("build", NOTES, "-t", "pdf", "-o", "-", "-q", cwd=sample_dir)
    assert pdf.returncode == 0 and pdf.stdout.startswith(b"%PDF-") and pdf.stderr == b""


def test_o_dash_refuses_images_it_cannot_write(sample_dir: Path) -> None:
    result = cli("build", NOTES, "-t", "md", "-o", "-", cwd=sample_dir)
    assert result.returncode == 1 and result.stdout == b""
    assert "give -o DIR/, or -O images=embed or -O images=none" in err(result)
    embedded = cli("build", NOTES, "-t", "md", "-o", "-", "-O", "images=none", cwd=sample_dir)
    assert embedded.returncode == 0 and b"Tests as Classifiers" in embedded.stdout


def on_terminal(
    *args: str, cwd: Path, stdin: bytes | None = None
) -> tuple[subprocess.CompletedProcess[bytes], bytes]:
    """Run with standard output on a pseudo-terminal; the result and what it showed
    (small outputs only: nothing reads the terminal while the command runs)."""
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [str(SCRIPT), *args], cwd=cwd, input=stdin, stdout=follower,
            stderr=subprocess.PIPE, env=ENV, timeout=60, check=False,
        )  # fmt: skip
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(follower)
        os.close(leader)
    return result, shown


def test_o_dash_refuses_a_binary_format_on_a_terminal(sample_dir: Path) -> None:
    result, shown = on_terminal("build", NOTES, "-t", "pdf", "-o", "-", cwd=sample_dir)
    assert result.returncode == 2 and shown == b""
    assert result.stderr.decode() == (
        "confexport: -o -: pdf is a binary format and standard output is a terminal; "
        "redirect it (> file.pdf) or give -o file.pdf\n"
    )
    tiny = b"---\ntitle: Tiny\n---\n## A talk\n\nWords.\n"
    result, shown = on_terminal(
        "build", "-", "-t", "json", "-o", "-", "-q", cwd=sample_dir, stdin=tiny
    )
    assert result.returncode == 0, result.stderr
    assert b'"title": "Tiny"' in shown

"""The user's config file (``$XDG_CONFIG_HOME/confexport/config.toml``), through the real
console script: defaults for ``build``, the command line over them, ``--no-config``, a
malformed file, and ``confexport config`` (``--init``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

SCRIPT = Path(sys.executable).with_name("confexport")
NOTES = "pycascades-2022.md"
LETTER_WIDTH, A4_WIDTH = 612, 595


def cli(*args: str | Path, cwd: Path, config_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(config_home), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [str(SCRIPT), *(str(arg) for arg in args)]
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    return tmp_path / "xdg"


def write_config(config_home: Path, text: str) -> Path:
    path = config_home / "confexport" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page_width(pdf: Path) -> int:
    return round(float(pypdf.PdfReader(pdf).pages[0].mediabox.width))


def test_config_sets_formats_folder_and_per_format_options(
    sample_dir: Path, config_home: Path
) -> None:
    write_config(
        config_home,
        'to = ["pdf", "ics"]\noutput = "handouts/"\n[options.pdf]\npaper = "letter"\n'
        "[options]\nattended-only = true\n",
    )
    result = cli("build", NOTES, cwd=sample_dir, config_home=config_home)
    assert result.returncode == 0, result.stderr
    built = sorted(path.name for path in (sample_dir / "handouts").iterdir())
    assert built == ["pycascades-2022.ics", "pycascades-2022.pdf"]
    assert page_width(sample_dir / "handouts" / "pycascades-2022.pdf") == LETTER_WIDTH
    calendar = (sample_dir / "handouts" / "pycascades-2022.ics").read_text(encoding="utf-8")
    assert "Literature" not in calendar  # the one session not attended, left out


def test_the_command_line_overrides_the_config(sample_dir: Path, config_home: Path) -> None:
    write_config(
        config_home, 'to = ["pdf", "epub"]\noutput = "handouts/"\n[options.pdf]\npaper = "letter"\n'
    )
    result = cli("build", NOTES, "-t", "pdf", "-O", "paper=a4", "-o", "mine/",
                 cwd=sample_dir, config_home=config_home)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (sample_dir / "mine").iterdir()] == ["pycascades-2022.pdf"]
    assert page_width(sample_dir / "mine" / "pycascades-2022.pdf") == A4_WIDTH
    assert not (sample_dir / "handouts").exists()
    # -o FILE names its own format: the config's two formats do not make it ambiguous
    result = cli("build", NOTES, "-o", "cal.ics", cwd=sample_dir, config_home=config_home)
    assert result.returncode == 0, result.stderr
    assert (sample_dir / "cal.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_no_config_ignores_the_file(sample_dir: Path, config_home: Path) -> None:
    write_config(config_home, 'to = ["ics"]\n')
    result = cli("build", NOTES, "--no-config", cwd=sample_dir, config_home=config_home)
    assert result.returncode == 2
    assert "no format given" in result.stderr
    assert not (sample_dir / "out").exists()


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        ('to = ["pdf"\nx = 1\n', ":2:", "Unclosed array"),
        ("tto = []\n", ": ", "unknown key 'tto'"),
        ('[options.pdf]\npaper = ["a4"]\n', ": ", "options.pdf.paper"),
        ('to = ["pdf"]\n[options.pdf]\npaper = "legal"\n', "", "paper=legal"),
        ('to = ["pfd"]\n', ": ", "unknown format 'pfd'"),
        ("author = 3\n", ": ", '"author" must be a non-empty string'),
    ],
)
def test_a_malformed_config_is_one_line_naming_the_file(
    sample_dir: Path, config_home: Path, text: str, where: str, says: str
) -> None:
    path = write_config(config_home, text)
    result = cli("build", NOTES, cwd=sample_dir, config_home=config_home)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    if where:
        assert lines[0].startswith(f"confexport: {path}{where}")
    assert not (sample_dir / "out").exists()


def test_config_command_shows_the_file_and_each_setting_with_its_source(
    tmp_path: Path, config_home: Path
) -> None:
    path = config_home / "confexport" / "config.toml"
    result = cli("config", cwd=tmp_path, config_home=config_home)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(f"config file: {path} (not there")
    assert "output = out  (default)" in result.stdout
    write_config(config_home, 'to = ["pdf"]\n[options.pdf]\npaper = "letter"\n')
    result = cli("config", cwd=tmp_path, config_home=config_home)
    assert result.stdout.splitlines()[0] == f"config file: {path}"
    assert "to = pdf  (from config.toml)" in result.stdout
    assert "-O paper = letter  ([options.pdf] in config.toml)" in result.stdout


def test_config_init_writes_a_commented_example_once(tmp_path: Path, config_home: Path) -> None:
    path = config_home / "confexport" / "config.toml"
    result = cli("config", "--init", cwd=tmp_path, config_home=config_home)
    assert result.returncode == 0, result.stderr
    example = path.read_text(encoding="utf-8")
    assert tomllib.loads(example) == {}  # every setting commented out
    settings = [line[2:] for line in example.splitlines() if re.match(r"# (\[|\w+ = )", line)]
    path.write_text("\n".join(settings), encoding="utf-8")  # the example, uncommented
    shown = cli("config", cwd=tmp_path, config_home=config_home)
    assert shown.returncode == 0, shown.stderr
    assert "to = pdf, epub  (from config.toml)" in shown.stdout
    assert "-O paper = letter  ([options.pdf] in config.toml)" in shown.stdout
    assert "author = Ada Lovelace  (from config.toml; the notes' metadata and -M win)" in (
        shown.stdout
    )
    path.write_text('to = ["ics"]\n', encoding="utf-8")
    again = cli("config", "--init", cwd=tmp_path, config_home=config_home)
    assert again.returncode == 2 and "left as it is" in again.stderr
    assert path.read_text(encoding="utf-8") == 'to = ["ics"]\n'


def test_the_readme_example_config_is_valid(tmp_path: Path, config_home: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Usage\n")
    usage = readme[start : readme.index("\n## ", start + 1)]
    (example,) = re.findall(r"```toml\n(.*?)```", usage, re.S)
    write_config(config_home, example)
    result = cli("config", cwd=tmp_path, config_home=config_home)
    assert result.returncode == 0, result.stderr
    assert "to = pdf, epub  (from config.toml)" in result.stdout
    assert "-O notetype = confexport  ([options.apkg] in config.toml)" in result.stdout
    (tmp_path / "n.md").write_text("# Tiny\n\n## A talk\n\nNotes.\n", encoding="utf-8")
    built = cli("build", "n.md", "-t", "apkg", "-o", "cards/", "--templates", tmp_path,
                cwd=tmp_path, config_home=config_home)  # fmt: skip
    assert built.returncode == 0, built.stderr  # the keys the formats take, values they accept
    assert (tmp_path / "cards" / "n.apkg").is_file()


# The config file's author: under the notes' own metadata, and -M over both.

AUTHOR_CONFIG = 'author = "Ada Lovelace"\n'


def authors(*args: str | Path, cwd: Path, config_home: Path) -> list[str]:
    """The authors of the model a build writes as JSON to standard output."""
    result = cli("build", *args, "-t", "json", "-o", "-", cwd=cwd, config_home=config_home)
    assert result.returncode == 0, result.stderr
    found: list[str] = json.loads(result.stdout)["authors"]
    return found


@pytest.mark.parametrize(
    ("front_matter", "sidecar", "extra", "expected"),
    [
        ("", "", (), ["Ada Lovelace"]),  # the notes name no author: the config's
        ("---\nauthor: Grace Hopper\n---\n", "", (), ["Grace Hopper"]),
        ("", "authors: [Grace Hopper, Alan Turing]\n", (), ["Grace Hopper", "Alan Turing"]),
        ("", "", ("--metadata-file", "meta.yaml"), ["Meta Author"]),
        ("---\nauthor: Grace Hopper\n---\n", "", ("-M", "author=Cli Person"), ["Cli Person"]),
        ("", "", ("-M", "author=Cli Person"), ["Cli Person"]),
        ("", "", ("--no-config",), []),
    ],
)
def test_the_config_author_is_used_when_the_notes_name_none(
    tmp_path: Path,
    config_home: Path,
    front_matter: str,
    sidecar: str,
    extra: tuple[str, ...],
    expected: list[str],
) -> None:
    write_config(config_home, AUTHOR_CONFIG)
    (tmp_path / "n.md").write_text(f"{front_matter}# Tiny\n\n## A talk\n\nNotes.\n", "utf-8")
    if sidecar:
        (tmp_path / "n.yaml").write_text(sidecar, encoding="utf-8")
    (tmp_path / "meta.yaml").write_text("author: Meta Author\n", encoding="utf-8")
    assert authors("n.md", *extra, cwd=tmp_path, config_home=config_home) == expected


def test_the_config_author_of_a_folder_of_notes_and_its_conference_yaml(
    tmp_path: Path, config_home: Path
) -> None:
    write_config(config_home, AUTHOR_CONFIG)
    notes = tmp_path / "Conf 2025"
    (notes / "Day 1").mkdir(parents=True)
    (notes / "Day 1" / "Talk one.md").write_text("# Talk one\n\nNotes.\n", encoding="utf-8")
    (notes / "Day 1" / "Talk two.md").write_text("# Talk two\n\nMore.\n", encoding="utf-8")
    assert authors(notes, cwd=tmp_path, config_home=config_home) == ["Ada Lovelace"]
    (notes / "conference.yaml").write_text("author: Grace Hopper\n", encoding="utf-8")
    assert authors(notes, cwd=tmp_path, config_home=config_home) == ["Grace Hopper"]


def test_the_config_author_lands_in_the_pdf_and_the_epub(
    sample_dir: Path, config_home: Path
) -> None:
    write_config(config_home, AUTHOR_CONFIG)
    result = cli("build", NOTES, "-t", "pdf,epub", "-o", "out/", cwd=sample_dir,
                 config_home=config_home)  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdf = pypdf.PdfReader(sample_dir / "out" / "pycascades-2022.pdf")
    assert pdf.metadata is not None and pdf.metadata.author == "Ada Lovelace"
    assert "NOTES BY\nAda Lovelace\n" in pdf.pages[0].extract_text()  # the cover's facts
    with zipfile.ZipFile(sample_dir / "out" / "pycascades-2022.epub") as epub:
        package = next(name for name in epub.namelist() if name.endswith(".opf"))
        opf = etree.fromstring(epub.read(package))
    creators = opf.findall(".//{http://purl.org/dc/elements/1.1/}creator")
    assert [creator.text for creator in creators] == ["Ada Lovelace"]


def test_config_shows_the_author_and_where_it_comes_from(tmp_path: Path, config_home: Path) -> None:
    shown = cli("config", cwd=tmp_path, config_home=config_home)
    assert "author = (none)  (default: the notes' metadata, or -M author=…)" in shown.stdout
    write_config(config_home, AUTHOR_CONFIG)
    shown = cli("config", cwd=tmp_path, config_home=config_home)
    assert shown.returncode == 0, shown.stderr
    assert (
        "author = Ada Lovelace  (from config.toml; the notes' metadata and -M win)"
    ) in shown.stdout.splitlines()

"""``confexport completion bash|zsh|fish``: scripts generated from the parser, tried in a
real bash (sourced, then its completion function asked as bash asks it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from confexport.exporter import option_names, registry
from confexport.exporters.pdf import PdfExporter

SCRIPT = Path(sys.executable).with_name("confexport")


def script(shell: str) -> str:
    result = subprocess.run(
        [SCRIPT, "completion", shell], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def complete(script_path: Path, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` (``confexport`` first)."""
    array = " ".join(f"'{word}'" for word in words)
    program = (
        f"source {script_path} && complete -p confexport && "
        f"COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}; _confexport; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    bash = shutil.which("bash")
    assert bash, "bash is needed to try the completion script"
    command = [bash, "--norc", "-c", program]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    spec, *offered = result.stdout.splitlines()
    assert spec == "complete -o default -F _confexport confexport"
    return [word for word in offered if word]


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("completion") / "confexport.bash"
    path.write_text(script("bash"), encoding="utf-8")
    return path


def test_bash_completes_commands_and_their_options(bash_script: Path) -> None:
    assert complete(bash_script, "confexport", "") == [
        "inspect", "check", "schedule", "formats", "build", "config", "completion",
    ]  # fmt: skip
    assert complete(bash_script, "confexport", "bu") == ["build"]
    assert complete(bash_script, "confexport", "build", "--no-") == ["--no-sidecar", "--no-config"]
    assert complete(bash_script, "confexport", "schedule", "") == ["fetch"]
    assert complete(bash_script, "confexport", "schedule", "fetch", "--ins") == ["--insecure"]
    assert complete(bash_script, "confexport", "completion", "") == ["bash", "zsh", "fish"]


def test_bash_completes_every_format_name_for_to(bash_script: Path) -> None:
    offered = complete(bash_script, "confexport", "build", "notes.md", "-t", "")
    assert offered == [*sorted(registry()), "all"]
    assert complete(bash_script, "confexport", "build", "notes.md", "--to", "pdf,e") == ["pdf,epub"]


def test_bash_completes_option_keys_and_leaves_files_to_bash(bash_script: Path) -> None:
    offered = complete(bash_script, "confexport", "build", "notes.md", "-O", "")
    assert {f"{key}=" for key in option_names(PdfExporter)} <= set(offered)
    assert "attended_only=" in offered
    # NOTES and a --schedule FILE: nothing offered, so bash's default completes file names
    assert complete(bash_script, "confexport", "build", "") == []
    assert complete(bash_script, "confexport", "build", "n.md", "--schedule", "") == []


def test_zsh_script_loads_the_bash_one_through_bashcompinit() -> None:
    text = script("zsh")
    assert text.startswith("autoload -U +X bashcompinit && bashcompinit\n")
    assert text.endswith(script("bash"))


def test_fish_script_names_commands_formats_and_file_options() -> None:
    lines = script("fish").splitlines()
    formats = " ".join([*sorted(registry()), "all"])
    assert any(" -s t -l to -x -a " in line and formats in line for line in lines)
    assert any("-a build -d" in line for line in lines)
    assert any(" -l schedule -r -F " in line for line in lines)
    assert all(line.startswith(("#", "complete -c confexport ")) for line in lines)

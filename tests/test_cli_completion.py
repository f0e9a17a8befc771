"""Shell completion (argcomplete): the words the console script offers when a shell asks,
and real interactive bash, zsh and fish, run in tmux, completing a typed line at a Tab."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from confexport.exporter import option_names, registry
from confexport.exporters.ics import IcsExporter
from confexport.exporters.pdf import PdfExporter
from confexport.policy import SHARED_OPTIONS

BIN = Path(sys.executable).parent
SCRIPT = BIN / "confexport"


def script(shell: str) -> str:
    result = subprocess.run(
        [SCRIPT, "completion", shell], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def offered(line: str, cwd: Path) -> list[str]:
    """The words ``confexport`` offers for the end of ``line``, asked as bash's script asks
    (argcomplete's protocol: ``_ARGCOMPLETE`` and ``COMP_LINE`` set)."""
    answer = cwd / "completions.out"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": "bash",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
    }
    result = subprocess.run(
        [SCRIPT], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    words = answer.read_text(encoding="utf-8").split("\v")
    return [word.rstrip(" ") for word in words if word]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "notes.md").write_text("# Tiny\n\n## A talk\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("", encoding="utf-8")
    (tmp_path / "mytemplates").mkdir()
    return tmp_path


def test_commands_and_their_arguments(folder: Path) -> None:
    assert offered("confexport ", folder) == [
        "inspect", "check", "schedule", "formats", "build", "config", "completion",
    ]  # fmt: skip
    assert offered("confexport bu", folder) == ["build"]
    assert offered("confexport build --no-", folder) == ["--no-sidecar", "--no-config"]
    assert offered("confexport schedule fetch x --ins", folder) == ["--insecure"]
    assert offered("confexport completion ", folder) == ["bash", "zsh", "fish"]


def test_every_format_name_from_the_registry_and_comma_lists(folder: Path) -> None:
    assert offered("confexport build x.md -t ", folder) == [*sorted(registry()), "all"]
    assert offered("confexport build x.md -t pd", folder) == ["pdf"]
    assert offered("confexport build x.md --to pdf,e", folder) == ["pdf,epub"]


def test_option_keys_of_the_formats_on_the_line_and_their_values(folder: Path) -> None:
    every = offered("confexport build x.md -O ", folder)
    assert {f"{key}=" for key in [*option_names(PdfExporter), *SHARED_OPTIONS]} <= set(every)
    assert "notetype=" in every  # the apkg's
    ics = offered("confexport build x.md -t ics -O ", folder)
    assert ics == sorted(f"{key}=" for key in [*option_names(IcsExporter), *SHARED_OPTIONS])
    assert offered("confexport build x.md -O pa", folder) == ["paper="]
    assert offered("confexport build x.md -t pdf -O paper=", folder) == [
        "paper=a4", "paper=letter", "paper=a5",
    ]  # fmt: skip
    assert offered("confexport build x.md -t ics -O attended_only=", folder) == [
        "attended_only=true", "attended_only=false",
    ]  # fmt: skip
    assert offered("confexport inspect x.md -M auth", folder) == ["author=", "authors="]


def test_files_for_notes_and_file_options_folders_for_dir_options(folder: Path) -> None:
    assert offered("confexport build no", folder) == ["notes.md"]
    assert offered("confexport build x.md --schedule ot", folder) == ["other.txt"]
    assert offered("confexport build x.md --templates ", folder) == ["mytemplates/"]


def test_other_runs_do_not_import_argcomplete(folder: Path) -> None:
    probe = (
        "import sys\nfrom confexport.cli import main\ntry:\n    main(['build', '--help'])\n"
        "finally:\n    print('argcomplete' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=folder, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0 and "usage: confexport build" in result.stdout
    assert result.stderr.strip() == "False"


# Real shells: each runs interactively in its own tmux server, with the script installed
# as its README line says; a line is typed, then Tab, then an "@" to show where it ended.

SHELL_SETUP = {
    "bash": (["bash", "--norc", "--noprofile", "-i"],
             ["PS1='$ '", "source <(confexport completion bash)"]),
    "zsh": (["zsh", "-f", "-i"],
            ["PROMPT='$ '", "bindkey -e", "autoload -U compinit && compinit -u -D",
             'eval "$(confexport completion zsh)"']),
    "fish": (["fish", "--no-config", "-i"],
             ["function fish_prompt; echo -n '$ '; end", "set -g fish_autosuggestion_enabled 0",
              "confexport completion fish | source"]),
}  # fmt: skip


class Terminal:
    """An interactive shell in a private tmux server."""

    def __init__(self, shell: str, cwd: Path) -> None:
        tmux = shutil.which("tmux")
        assert tmux, "tmux is needed to try completion in a real shell (scripts/system-deps.sh)"
        command, setup = SHELL_SETUP[shell]
        assert shutil.which(command[0]), f"{shell} is needed (scripts/system-deps.sh)"
        self.base = [tmux, "-S", str(cwd / "tmux.sock")]
        self.typed = 0
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": str(cwd),
               "XDG_DATA_HOME": str(cwd / "data"), "TERM": "xterm"}  # fmt: skip
        self._tmux("new-session", "-d", "-x", "200", "-y", "20", "-c", str(cwd), *command, env=env)
        for line in setup:
            self.type(line, "Enter")
        self.type("clear", "Enter")
        self.wait_for(lambda screen: screen.strip() == "$")

    def _tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run([*self.base, *args], capture_output=True, text=True,
                                env=env, timeout=30, check=True)  # fmt: skip
        return result.stdout

    def type(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "0", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "0")

    def wait_for(self, ready: Callable[[str], bool], seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"the shell did not get there in {seconds} s; its screen:\n{screen}")
            time.sleep(0.1)

    def completed(self, line: str) -> str:
        """``line`` as the shell leaves it after a Tab (a marker shows where the cursor was)."""
        self.typed += 1
        marker = f"@{self.typed}@"
        self.type("C-u", line, "Tab", marker)  # the shell reads the marker once Tab is done
        screen = self.wait_for(lambda text: marker in text)
        (typed,) = [row for row in screen.splitlines() if marker in row]
        return typed.removeprefix("$ ").split(marker)[0]

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, timeout=30, check=False)


@pytest.fixture(params=sorted(SHELL_SETUP))
def terminal(request: pytest.FixtureRequest, folder: Path) -> Iterator[Terminal]:
    shell = Terminal(request.param, folder)
    try:
        yield shell
    finally:
        shell.close()


def test_a_real_shell_completes_formats_option_keys_and_files(terminal: Terminal) -> None:
    assert terminal.completed("confexport build notes.md -t pd") == (
        "confexport build notes.md -t pdf "
    )
    assert terminal.completed("confexport build notes.md -O pa") == (
        "confexport build notes.md -O paper="  # no space: the value comes next
    )
    assert terminal.completed("confexport build no") == "confexport build notes.md "

"""The build's status line on a terminal, drawn by rich's live display.

The line names the exports still running, each with how long it has run
(``1/3 exports done; running docx 12.4 s, pdf 3.1 s``), and rich redraws it four
times a second while they run.  What is printed to standard error meanwhile (a
``wrote`` line, an error, a warning) goes through the live display, above the line,
so neither garbles the other; when the build is over the line is erased.

rich is imported here only, and this module only when the line is shown (standard
error is a terminal and ``-q`` is not given): ``confexport --help`` never loads it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.console import Console
from rich.live import Live
from rich.text import Text

from confexport.messages import terminal_safe

if TYPE_CHECKING:
    from confexport.outcomes import Status

#: How often the line is redrawn, so that the times tick.
REFRESHES_PER_SECOND = 4


def status_text(status: Status, now: float) -> str:
    """The status line's text at ``now`` (:func:`time.monotonic`), terminal-safe."""
    line = f"{status.done}/{status.total} exports done"
    running = [f"{terminal_safe(label)} {now - since:.1f} s" for label, since in status.running]
    return f"{line}; running {', '.join(running)}" if running else line


class StatusLine:
    """The live status line on standard error, from :meth:`show` until :meth:`close`."""

    def __init__(self, console: Console) -> None:
        self._status: Status | None = None
        self._live = Live(
            console=console,
            get_renderable=self._render,
            refresh_per_second=REFRESHES_PER_SECOND,
            transient=True,  # erased when the build is over: the `wrote` lines stay
            redirect_stdout=False,  # -o - writes bytes to sys.stdout.buffer
            redirect_stderr=True,  # say() prints above the line
        )

    def show(self, status: Status) -> None:
        """Show ``status`` now, and keep its times ticking."""
        self._status = status
        self._live.start()
        self._live.refresh()

    def close(self) -> None:
        """Erase the line and give standard error back."""
        self._live.stop()

    def _render(self) -> Text:
        text = "" if self._status is None else status_text(self._status, time.monotonic())
        return Text(text, no_wrap=True, overflow="ellipsis")


def open_status_line() -> StatusLine | None:
    """A status line on standard error; None when it is not an interactive terminal
    (``TERM=dumb``, say), where a line that redraws itself would only litter."""
    # soft_wrap: a long line printed meanwhile stays one line, for the terminal to wrap
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    return StatusLine(console) if console.is_interactive else None

"""How a build stops: the stop signals, and the clean-up they must not cut short.

:func:`stop_signals_interrupt` makes SIGTERM, SIGINT and SIGHUP raise
:class:`Interrupted` in the build process, so the build unwinds and cleans up, and
then ends the children the build process itself started (an in-process pandoc);
:func:`stop_signals_held` makes them wait while a worker or a temporary folder is
made or removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

#: The signals that ask a build to stop: ``timeout``/``docker stop``, Ctrl-C, a closed terminal.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Interrupted(BaseException):
    """A stop signal arrived; a BaseException, so no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal's number (130 for SIGINT)."""
        return 128 + self.signum


@contextlib.contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """While inside, the first stop signal raises :class:`Interrupted`; later ones are
    ignored, so the clean-up it starts runs to its end.  The old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if not received:
            received.append(signum)
            raise Interrupted(signum)

    previous = {number: signal.signal(number, interrupt) for number in STOP_SIGNALS}
    try:
        yield
    except Interrupted:
        _end_children()
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _end_children() -> None:
    """SIGTERM what this process still runs (a pandoc that an export run here started:
    the workers are gone by now), as Linux lists it in /proc."""
    for listing in Path("/proc/self/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            for pid in listing.read_text().split():
                os.kill(int(pid), signal.SIGTERM)


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new temporary folder, removed on the way out however the block ends: a stop
    signal that arrives while it is made or removed waits until that is done."""
    with stop_signals_held():
        folder = tempfile.mkdtemp(prefix=prefix)
    try:
        yield Path(folder)
    finally:
        with stop_signals_held():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def stop_signals_held() -> Iterator[None]:
    """Stop signals wait (they are delivered after) while workers start or stop."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)

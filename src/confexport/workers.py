"""Worker processes that live and die with the build.

:class:`WorkerPool` runs tasks in a few forked processes, one task at a time each, so
it always knows which task a worker holds:

- a worker that dies (the out-of-memory killer's ``kill -9``) costs only its own task,
  which fails with :class:`WorkerLost`; a new worker takes over the tasks left;
- each worker leads its own process group (its pandoc runs in it), has a private
  ``TMPDIR`` folder, and gets SIGTERM when the build process dies, even by SIGKILL
  (Linux ``prctl(PR_SET_PDEATHSIG)``; elsewhere a thread that watches the parent);
- a worker stopped by SIGTERM or SIGHUP ends its group and removes its folder;
- :meth:`WorkerPool.close` stops every worker within a second (SIGTERM, then SIGKILL)
  and removes their folders, whatever they were doing.

How the build process itself stops is :mod:`confexport.stop_signals`.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from confexport.errors import ExportError
from confexport.stop_signals import STOP_SIGNALS, stop_signals_held

#: How long stopped workers get to clean up before they are killed.
_GRACE_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


class WorkerLost(ExportError):
    """A worker process died while it ran a task."""

    def __init__(self, exit_code: int | None) -> None:
        if exit_code is not None and exit_code < 0:
            name = signal.Signals(-exit_code).name
            oom = " (as the out-of-memory killer does)" if -exit_code == signal.SIGKILL else ""
            super().__init__(f"its worker process was killed by {name}{oom}")
        else:
            super().__init__(f"its worker process exited unexpectedly (status {exit_code})")


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    connection: Connection
    folder: str
    #: The key of the task it runs, or None when idle, and when it took it.
    task: Hashable | None = None
    since: float = 0.0


Task = tuple[Hashable, Callable[..., Any], tuple[Any, ...]]


class Shared:
    """A task argument that many tasks carry (a build's model), pickled once here and
    unpickled once in each worker: a worker keeps the last one it received, and a task
    that carries it again gets that copy.  In the worker the task sees the value itself.

    A model of 1,000 sessions takes 13 ms to pickle and 10 ms to unpickle, once for
    each of a build's formats without this."""

    _tokens = itertools.count()

    def __init__(self, value: Any) -> None:
        self.value = value
        self.token = f"{os.getpid()}-{next(Shared._tokens)}"
        self._pickled: bytes | None = None

    def __reduce__(self) -> tuple[Callable[[str, bytes], Any], tuple[str, bytes]]:
        if self._pickled is None:
            self._pickled = pickle.dumps(self.value, pickle.HIGHEST_PROTOCOL)
        return (_unpickled, (self.token, self._pickled))


#: The worker's last :class:`Shared` value, by token.
_LAST_SHARED: dict[str, Any] = {}


def _unpickled(token: str, pickled: bytes) -> Any:
    if token not in _LAST_SHARED:
        _LAST_SHARED.clear()
        _LAST_SHARED[token] = pickle.loads(pickled)
    return _LAST_SHARED[token]


class WorkerPool:
    """``size`` forked workers, each running ``prepare()`` once, then tasks one at a time.

    A task's outcome is its function's value, or the exception it raised (or a
    :class:`WorkerLost`), kept under the key it was submitted with.
    """

    def __init__(self, size: int, prepare: Callable[[], None]) -> None:
        self._context = multiprocessing.get_context("fork")
        self._prepare = prepare
        self._size = size
        self._queue: deque[Task] = deque()
        self._outcomes: dict[Hashable, tuple[bool, Any]] = {}
        self._workers: list[_Worker] = []
        try:
            for _ in range(size):
                self._start_worker()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, key: Hashable, function: Callable[..., Any], *args: Any) -> None:
        """Queue ``function(*args)``; it starts as soon as a worker is free."""
        self._queue.append((key, function, args))
        self._dispatch()

    def result(self, key: Hashable) -> Any:
        """Wait for the task ``key``; its value, or raise what it raised."""
        while key not in self._outcomes:
            self._step()
        succeeded, value = self._outcomes.pop(key)
        if not succeeded:
            raise value
        return value

    def completed(self) -> Iterator[tuple[Hashable, bool, Any]]:
        """Every task's (key, succeeded, value or exception), as each one finishes."""
        while self._outcomes or self._queue or any(w.task is not None for w in self._workers):
            while self._outcomes:
                key = next(iter(self._outcomes))
                yield (key, *self._outcomes.pop(key))
            if self._queue or any(w.task is not None for w in self._workers):
                self._step()

    def running(self) -> dict[Hashable, float]:
        """The keys of the tasks the workers hold now, in the workers' order, each with
        when its worker took it (:func:`time.monotonic`)."""
        return {worker.task: worker.since for worker in self._workers if worker.task is not None}

    def close(self) -> None:
        """Stop every worker (SIGTERM to its group, SIGKILL after a grace) and remove
        its folder; stop signals wait until this is done."""
        with stop_signals_held():
            workers, self._workers = self._workers, []
            for worker in workers:
                _signal_group(worker, signal.SIGTERM)
            _wait_for_exits(workers, _GRACE_SECONDS)
            for worker in workers:
                _end(worker)

    # the pool's machinery -------------------------------------------------------------

    def _start_worker(self) -> None:
        with stop_signals_held():  # a stop signal now would lose track of the folder
            folder = tempfile.mkdtemp(prefix="confexport-worker-")
            ours, theirs = self._context.Pipe()
            process = self._context.Process(
                target=_serve,
                args=(theirs, folder, os.getpid(), self._prepare),
                daemon=True,
                name="confexport-worker",
            )
            try:
                process.start()
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            if process.pid is not None:  # the worker does it too: whichever comes first
                with contextlib.suppress(OSError):
                    os.setpgid(process.pid, process.pid)
            theirs.close()
            self._workers.append(_Worker(process, ours, folder))

    def _dispatch(self) -> None:
        for worker in self._workers:
            if worker.task is None and self._queue:
                key, function, args = self._queue.popleft()
                worker.task, worker.since = key, time.monotonic()
                with contextlib.suppress(OSError):  # it died meanwhile: its sentinel says so
                    worker.connection.send((function, args))

    def _step(self) -> None:
        """Wait until a worker answers or dies, and take note."""
        busy = [w.connection for w in self._workers if w.task is not None]
        ready = set(wait([*busy, *(w.process.sentinel for w in self._workers)]))
        for worker in list(self._workers):
            if worker.task is not None and worker.connection in ready:
                try:
                    self._outcomes[worker.task] = worker.connection.recv()
                    worker.task = None
                except (EOFError, OSError):
                    pass  # it died mid-answer: its sentinel says so
            if worker.process.sentinel in ready:
                self._lost(worker)
        self._dispatch()

    def _lost(self, worker: _Worker) -> None:
        """A worker died: its task fails, its group and folder go, another takes over."""
        self._workers.remove(worker)
        _end(worker)
        if worker.task is not None:
            self._outcomes[worker.task] = (False, WorkerLost(worker.process.exitcode))
        if self._queue and len(self._workers) < self._size:
            self._start_worker()


def _wait_for_exits(workers: list[_Worker], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    running = [worker.process.sentinel for worker in workers]
    while running and (left := deadline - time.monotonic()) > 0:
        for sentinel in wait(running, left):
            running.remove(sentinel)  # type: ignore[arg-type]


def _end(worker: _Worker) -> None:
    """Kill what is left of a worker's group (a straggler, its pandoc), reap it, and
    remove its folder.  Until it is reaped its pid, and so its group's id, stay its own."""
    _signal_group(worker, signal.SIGKILL)
    worker.process.join()
    worker.connection.close()
    shutil.rmtree(worker.folder, ignore_errors=True)


def _signal_group(worker: _Worker, number: int) -> None:
    """Signal the worker and whatever runs in its process group."""
    if worker.process.pid is not None:
        with contextlib.suppress(OSError):
            os.killpg(worker.process.pid, number)
        with contextlib.suppress(OSError):
            os.kill(worker.process.pid, number)


# inside a worker ------------------------------------------------------------------------


def _serve(connection: Connection, folder: str, parent: int, prepare: Callable[[], None]) -> None:
    """A worker's life: set up, then run tasks until told to stop or the build is gone.

    Tasks run with the cycle collector off, and each answer is sent before any
    collection: the garbage of a task is collected when the next one arrives, so the
    last task's (a PDF leaves 0.2–0.4 s of it to scan) ends with the process unscanned.
    What outlives a collection is then frozen (``gc.freeze``: the libraries a task
    imported, its caches), so the next collection scans only what the task after made.
    """
    try:
        _become_worker(folder, parent)
        prepare()
        gc.disable()
        while True:
            try:
                function, args = connection.recv()
            except EOFError:
                return  # the build process went away
            gc.collect()  # what the tasks before left: only now, when another comes
            gc.freeze()
            try:
                answer: tuple[bool, Any] = (True, function(*args))
            except Exception as exc:
                answer = (False, exc)
            try:
                connection.send(answer)
            except Exception as exc:  # an answer that does not pickle
                connection.send((False, ExportError(f"{type(exc).__name__}: {exc}")))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _become_worker(folder: str, parent: int) -> None:
    """Lead a process group, use a private TMPDIR, stop on stop signals (after ending
    the group), and get SIGTERM when the build process dies."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    tempfile.tempdir = os.environ["TMPDIR"] = folder
    for number in STOP_SIGNALS:
        signal.signal(number, _stop_worker)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    _exit_with(parent)


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    if os.getpgid(0) == os.getpid():  # never the build's own group
        with contextlib.suppress(OSError):
            os.killpg(0, signal.SIGTERM)  # its pandoc, if any; this process ignores it now
    raise SystemExit(128 + signum)


def _exit_with(parent: int) -> None:
    """Have SIGTERM sent to this process when ``parent`` dies."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:  # it died before prctl took effect
                os.kill(os.getpid(), signal.SIGTERM)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)

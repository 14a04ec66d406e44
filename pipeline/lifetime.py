"""Processes of a run live no longer than the run.

- ``die_with_parent()``: a worker (pool worker, synthesis child, the queue manager) asks the
  kernel to SIGKILL it when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``), so ``kill -9``
  of a batch leaves nothing running; where prctl is missing, a watcher thread polls the parent.
- ``writers_lock()``: every process that can write the run's outputs holds a shared lock on
  ``output/.batch.writers`` (inherited across fork); a new batch takes it exclusively, so it cannot
  start while any process of an earlier run is still alive.
- ``sigterm_as_interrupt()``: SIGTERM stops a command like Ctrl-C does (clean up, say so, exit 143).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import threading
import time
from pathlib import Path

from .errors import UsageError

PR_SET_PDEATHSIG = 1
WRITERS = ".batch.writers"


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: handled like Ctrl-C (a KeyboardInterrupt), reported as SIGTERM."""


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def die_with_parent(expected_parent: int | None = None, *, use_prctl: bool = True) -> None:
    """Be killed when the parent process dies; if it already has, exit now. ``use_prctl=False``
    when forked from a thread other than the main one (the kernel's signal follows the thread)."""
    parent = expected_parent or os.getppid()
    libc = _libc() if use_prctl else None
    ok = False
    if libc is not None and hasattr(libc, "prctl"):
        ok = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    if not ok:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def worker_init(parent: int, output: str, events=None) -> None:
    """Initializer of a batch's pool worker: die with the batch, hold the writers' lock."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    hold_writers_lock(Path(output))
    global EVENTS
    EVENTS = events


EVENTS = None  # the batch's progress queue, set in each pool worker by worker_init
_held: list[int] = []


def hold_writers_lock(output: Path) -> None:
    """Take the shared writers' lock for the rest of this process's life (and its forked children's)."""
    import fcntl

    fd = os.open(output / WRITERS, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_SH)
    _held.append(fd)


@contextlib.contextmanager
def no_writers_left(output: Path, wait_s: float = 10.0):
    """Wait (briefly) until no process of an earlier run can write ``output``; refuse otherwise.
    Held exclusively only while checking: this run's workers then take it shared."""
    import fcntl

    output.mkdir(parents=True, exist_ok=True)
    fd = os.open(output / WRITERS, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UsageError(f"processes of an earlier batch are still writing to {output}",
                                     hint="wait for them to end (or stop them), then run again") from None
                time.sleep(0.1)
        fcntl.flock(fd, fcntl.LOCK_UN)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def writing(output: Path):
    """This process writes ``output`` for a while: hold the writers' lock shared meanwhile (children
    it forks inherit it, so the lock outlives this process as long as they live)."""
    import fcntl

    fd = os.open(output / WRITERS, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


_registered = False


def sigterm_as_interrupt() -> None:
    """In the command's main process: SIGTERM raises Terminated (a KeyboardInterrupt) so the same
    clean-up as Ctrl-C runs. Forked children get the default action back."""
    global _registered

    def _raise(signum, frame):
        raise Terminated()

    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGTERM, _raise)
        if not _registered:
            os.register_at_fork(after_in_child=_default_sigterm)
            _registered = True


def _default_sigterm() -> None:
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

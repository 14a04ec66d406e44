"""Synthesise sentences in parallel worker processes, with a time limit, retries and clear errors.

Each sentence is said by its own short-lived child process, forked from this one after the
engine's libraries are loaded (``Engine.preload``), so a child only initialises the engine once
and says one sentence (why one: see :mod:`pipeline.speech.engine`). Up to ``workers`` children
(default: the cores we may use) run at once. A child verifies its audio, writes it into a
scratch folder and renames it into the cache, then reports one JSON line on a pipe and exits.

A child that hangs past its time limit is killed; one that crashes or reports a bad result is
retried; after ``attempts`` tries that sentence is given up, the others are finished (without
retries: a second failure stops at once), and the run ends with a SynthesisError naming the
sentence. A configuration or dependency error reported by a child (unknown voice, missing library) stops the
run at once with that error. Nothing half-written is left: partial files live only in the
scratch folder, which is removed at the end whatever happens.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import errors
from ..lifetime import die_with_parent
from ..errors import SynthesisError
from .cache import SpeechCache
from .engine import Engine, EngineFailure, say, write_wav

DEFAULT_TIMEOUT_S = 30.0  # per sentence, plus PER_WORD_S for each word
PER_WORD_S = 0.02
ATTEMPTS = 3


@dataclass
class Job:
    sid: str
    key: str
    text: str
    tries: list[str] = field(default_factory=list)  # reasons of failed attempts


@dataclass
class _Child:
    pid: int
    fd: int
    job: Job
    deadline: float
    limit: float
    buf: bytes = b""


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def worker_count(configured: int = 0) -> int:
    """``configured`` (settings.tts_workers) when above 0, else every core this process may use."""
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def time_limit(text: str, base_s: float = DEFAULT_TIMEOUT_S) -> float:
    return base_s + PER_WORD_S * len(text.split())


def synthesise(jobs: list[Job], engine_cls: type[Engine], settings: dict, cache: SpeechCache, *,
               workers: int | None = None, attempts: int = ATTEMPTS,
               on_done: Callable[[Job], None] | None = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """Say every job's text into the cache. Returns how many sentences were synthesised."""
    if not jobs:
        return 0
    engine_cls.preload(settings)
    import numpy  # noqa: F401  (loaded once here, shared by every child)

    workers = workers or worker_count()  # the caller passes settings.tts_workers
    scratch = cache.scratch()
    # longest first, so that the workers finish together rather than one waiting on a long last one
    pending = deque(sorted(jobs, key=lambda j: -len(j.text)))
    running: dict[int, _Child] = {}
    sel = selectors.DefaultSelector()
    done = 0
    failed: list[SynthesisError] = []  # a sentence that failed every attempt; the others still finish
    try:
        while pending or running:
            while pending and len(running) < workers:
                job = pending.popleft()
                child = _start(job, engine_cls, settings, cache, scratch, timeout_s)
                running[child.fd] = child
                sel.register(child.fd, selectors.EVENT_READ)
            wait = max(0.0, min(c.deadline for c in running.values()) - time.monotonic())
            events = sel.select(timeout=wait)
            for key, _ in events:
                child = running[key.fd]
                data = os.read(child.fd, 65536)
                if data:
                    child.buf += data
                    continue
                sel.unregister(child.fd)
                del running[child.fd]
                result = _finish(child)
                if result.get("ok"):
                    done += 1
                    if on_done:
                        on_done(child.job)
                else:
                    _retry_or_fail(child.job, result, pending, attempts, failed)
            now = time.monotonic()
            for child in [c for c in running.values() if c.deadline <= now]:
                sel.unregister(child.fd)
                del running[child.fd]
                _kill(child)
                _retry_or_fail(child.job, {"reason": f"timed out after {child.limit:.0f} s (engine hung)"},
                               pending, attempts, failed)
    finally:
        for child in running.values():
            _kill(child)
        sel.close()
        shutil.rmtree(scratch, ignore_errors=True)
    if failed:
        raise failed[0]
    return done


def _retry_or_fail(job: Job, result: dict, pending: deque, attempts: int, failed: list) -> None:
    """Retry a failed sentence, or give up on it. After one sentence has failed for good, the
    others still finish (so that the next run only redoes that one), but without retries: a
    second failure means the engine itself is broken, and the run stops at once."""
    fatal = result.get("fatal")
    if fatal:  # a configuration or dependency problem: retrying cannot help
        cls = getattr(errors, fatal, SynthesisError)
        raise cls(result.get("message", "engine failed"), hint=result.get("hint"))
    job.tries.append(result.get("reason", "unknown failure"))
    if len(job.tries) >= attempts or failed:
        err = SynthesisError(
            f"sentence {job.sid}: speech synthesis failed {_times(len(job.tries))}: {'; '.join(job.tries)}",
            hint=f"the text sent to the engine was: {job.text[:200]!r}",
        )
        if failed:
            raise failed[0]
        failed.append(err)
        return
    pending.appendleft(job)


def _start(job: Job, engine_cls, settings, cache: SpeechCache, scratch: Path, timeout_s: float) -> _Child:
    r, w = os.pipe()
    parent = os.getpid()
    # the kernel's parent-death signal follows the forking *thread*: use it only from the main thread
    main = threading.current_thread() is threading.main_thread()
    pid = os.fork()
    if pid == 0:  # the child: say one sentence, report, exit without running any parent cleanup
        code = 1
        try:
            die_with_parent(parent, use_prctl=main)  # never outlive the process that would use the result
            os.close(r)
            code = _child_main(w, job, engine_cls, settings, cache, scratch)
        finally:
            os._exit(code)
    os.close(w)
    limit = time_limit(job.text, timeout_s)
    return _Child(pid=pid, fd=r, job=job, deadline=time.monotonic() + limit, limit=limit)


def _child_main(w: int, job: Job, engine_cls, settings, cache: SpeechCache, scratch: Path) -> int:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # engines print ("Audio saved to ..."): never onto the user's stdout
    sys.stdout = open(os.devnull, "w")  # (also when the embedding program replaced sys.stdout)
    try:
        work = scratch / str(os.getpid())
        work.mkdir()
        engine = engine_cls(settings)
        samples, rate, words = say(engine, job.text, work)
        out = work / "sentence.wav"
        write_wav(out, samples, rate)
        cache.store(job.key, out, words)
        msg = {"ok": True, "samples": int(len(samples)), "rate": int(rate)}
    except errors.PipelineError as e:
        msg = {"ok": False, "fatal": type(e).__name__, "message": e.message, "hint": e.hint}
    except EngineFailure as e:
        msg = {"ok": False, "reason": str(e)}
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which decides
        msg = {"ok": False, "reason": f"engine error: {type(e).__name__}: {e}"}
    os.write(w, json.dumps(msg).encode("utf-8"))
    return 0


def _finish(child: _Child) -> dict:
    os.close(child.fd)
    _, status = os.waitpid(child.pid, 0)
    try:
        return json.loads(child.buf.decode("utf-8"))
    except ValueError:
        code = os.waitstatus_to_exitcode(status)
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        return {"ok": False, "reason": f"engine process crashed ({how})"}


def _kill(child: _Child) -> None:
    try:
        os.kill(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(child.pid, 0)
    except ChildProcessError:
        pass
    try:
        os.close(child.fd)
    except OSError:
        pass

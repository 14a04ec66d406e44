"""Synthesise sentences in parallel worker processes, with a time limit, retries and clear errors.

Sentences are said by short-lived child processes, forked from this one after the engine's
libraries are loaded (``Engine.preload``), so a child only initialises the engine once. An engine
that keeps state between utterances (espeak-ng: see :mod:`pipeline.speech.engine`) gets a fresh
child for every sentence. One whose audio depends on the text alone
(``ONE_SENTENCE_PER_PROCESS = False``: hibari, seeded on every call) gets one child per worker,
which says its share of the sentences (dealt longest first, so the shares take about as long):
forking a process that holds a neural model, and the copy-on-write faults that follow, cost
~0.1 s of CPU a child, as much as synthesising a short sentence. Up to ``workers`` children
(default: the cores we may use) run at once. A child verifies each sentence's audio, writes it
into a scratch folder and renames it into the cache, then reports one JSON line on a pipe.

A child that hangs past a sentence's time limit is killed; a sentence whose child crashes or
reports a bad result is retried (the sentences after it in that child's share are handed out
again, unharmed); after ``attempts`` tries that sentence is given up, the others are finished (without
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
    jobs: list[Job]  # its share, in order; the first is the one being said
    deadline: float  # for the first job
    limit: float
    timeout_s: float
    buf: bytes = b""

    @property
    def job(self) -> Job:
        return self.jobs[0]


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
            free = workers - len(running)
            if pending and free > 0:
                shares = ([[pending.popleft()] for _ in range(min(free, len(pending)))]
                          if engine_cls.ONE_SENTENCE_PER_PROCESS else deal(pending, free))
                for share in shares:
                    child = _start(share, engine_cls, settings, cache, scratch, timeout_s)
                    running[child.fd] = child
                    sel.register(child.fd, selectors.EVENT_READ)
            wait = max(0.0, min(c.deadline for c in running.values()) - time.monotonic())
            events = sel.select(timeout=wait)
            for key, _ in events:
                child = running[key.fd]
                data = os.read(child.fd, 65536)
                if data:
                    child.buf += data
                    *lines, child.buf = child.buf.split(b"\n")
                    for line in lines:  # one result per sentence, in the order of its share
                        if not child.jobs:
                            continue
                        job = child.jobs.pop(0)
                        result = _parse(line)
                        if not result.get("ok"):  # the child stops there: the rest of its share go back
                            pending.extendleft(reversed(child.jobs))
                            child.jobs.clear()
                        done += _result(job, result, pending, attempts, failed, on_done)
                        if child.jobs:
                            _arm(child)
                    continue
                sel.unregister(child.fd)
                del running[child.fd]
                code = _finish(child)
                if child.jobs:  # it ended without reporting on the sentence it was saying
                    _requeue_after(child, pending)
                    _retry_or_fail(child.job, {"reason": f"engine process crashed ({_how(code)})"},
                                   pending, attempts, failed)
            now = time.monotonic()
            for child in [c for c in running.values() if c.deadline <= now]:
                sel.unregister(child.fd)
                del running[child.fd]
                _kill(child)
                _requeue_after(child, pending)
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


def deal(pending: deque, n: int) -> list[list[Job]]:
    """Take every pending job and deal them into ``n`` shares that take about as long: longest
    first, each to the share with the least text so far (text length is what synthesis time
    follows). Each share keeps longest-first order."""
    shares: list[list[Job]] = [[] for _ in range(n)]
    sizes = [0] * n
    for job in sorted(pending, key=lambda j: -len(j.text)):
        i = sizes.index(min(sizes))
        shares[i].append(job)
        sizes[i] += len(job.text)
    pending.clear()
    return [s for s in shares if s]


def _parse(line: bytes) -> dict:
    try:
        result = json.loads(line.decode("utf-8"))
    except ValueError:
        return {"ok": False, "reason": "engine process wrote an unreadable result"}
    return result if isinstance(result, dict) else {"ok": False, "reason": "engine process wrote a bad result"}


def _result(job: Job, result: dict, pending: deque, attempts: int, failed: list, on_done) -> int:
    """Count a finished sentence (1), or retry or give it up (0)."""
    if result.get("ok"):
        if on_done:
            on_done(job)
        return 1
    _retry_or_fail(job, result, pending, attempts, failed)
    return 0


def _arm(child: _Child) -> None:
    """The next sentence of the child's share starts now: its own time limit."""
    child.limit = time_limit(child.job.text, child.timeout_s)
    child.deadline = time.monotonic() + child.limit


def _requeue_after(child: _Child, pending: deque) -> None:
    """The sentences after the one that failed in a child's share go back, ahead of the rest."""
    pending.extendleft(reversed(child.jobs[1:]))
    del child.jobs[1:]


def _how(code: int) -> str:
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


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


def _start(jobs: list[Job], engine_cls, settings, cache: SpeechCache, scratch: Path, timeout_s: float) -> _Child:
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
            code = _child_main(w, jobs, engine_cls, settings, cache, scratch)
        finally:
            os._exit(code)
    os.close(w)
    child = _Child(pid=pid, fd=r, jobs=list(jobs), deadline=0.0, limit=0.0, timeout_s=timeout_s)
    _arm(child)
    return child


def _child_main(w: int, jobs: list[Job], engine_cls, settings, cache: SpeechCache, scratch: Path) -> int:
    """Say each job in turn, one JSON line each; stop after the first failure (the parent decides)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # engines print ("Audio saved to ..."): never onto the user's stdout
    sys.stdout = open(os.devnull, "w")  # (also when the embedding program replaced sys.stdout)
    engine = None
    for job in jobs:
        try:
            work = scratch / str(os.getpid())
            work.mkdir(exist_ok=True)
            engine = engine or engine_cls(settings)
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
        os.write(w, json.dumps(msg).encode("utf-8") + b"\n")
        if not msg["ok"]:
            break
    return 0


def _finish(child: _Child) -> int:
    """Reap the child; its exit code (negative: the signal that killed it)."""
    os.close(child.fd)
    _, status = os.waitpid(child.pid, 0)
    return os.waitstatus_to_exitcode(status)


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

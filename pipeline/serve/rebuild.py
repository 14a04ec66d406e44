"""Rebuilding in the background, one batch at a time, through the ordinary batch runner.

A request (an approval, a new article, an edited glossary) queues a job; requests that arrive
while a job waits are merged into it. One thread runs the jobs one after the other, each as
``python -m pipeline batch --no-progress [ARTICLE...]`` in its own process group: the same
runner, ledger and lock as ``make``, its own process (synthesis forks per sentence, which a
threaded web server must not do), and a crash there cannot take the server down. When a
``make`` already holds the batch lock the job waits and tries again.

Progress comes from the batch's per-article lines on stderr (``[done] slug (stages)``) and, while
an article is being worked on, from its rows in the ledger (see ``app.article_progress``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..config import Project

ALL = "*"  # the job covers every article in seeds/ (the runner skips what did not change)
_LINE = re.compile(r"^\[(\w+)\] (\S+) \(([^)]*)\)\s*(.*)$")
_FAILED = re.compile(r"^  (\S+): (\w+): (.*)$")
BUSY_RETRY_S = 2.0
HISTORY = 20


@dataclass
class Job:
    id: int
    reason: str
    articles: set[str]  # article paths, or {ALL}
    slugs: set[str] = field(default_factory=set)  # for the pages: which articles the job is about
    state: str = "queued"  # queued | running | done | failed
    queued: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    results: dict[str, dict] = field(default_factory=dict)  # slug -> {"status", "ran", "error"}
    message: str = ""

    def public(self) -> dict:
        return {"id": self.id, "reason": self.reason, "state": self.state, "slugs": sorted(self.slugs),
                "all": ALL in self.articles, "queued": self.queued, "started": self.started,
                "finished": self.finished, "results": self.results, "message": self.message}


class Rebuilder:
    def __init__(self, project: Project, *, base_url: str, stages: list[str] | None = None, workers: int = 0,
                 log: Callable[[str], None] | None = None):
        self.project = project
        self.base_url = base_url
        self.stages = stages or []
        self.workers = workers
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.jobs: list[Job] = []
        self.failures: dict[str, str] = {}  # slug -> last error seen (also planning errors, not in the ledger)
        self._cond = threading.Condition()
        self._next_id = 1
        self._proc: subprocess.Popen | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="rebuilder", daemon=True)
        self._thread.start()

    # -- requests -----------------------------------------------------------------------------
    def request(self, articles: list[Path] | None, reason: str, slugs: set[str] | None = None) -> Job:
        """Queue a batch over ``articles`` (None: all); merged into a job that has not started yet."""
        wanted = {ALL} if articles is None else {str(a) for a in articles}
        with self._cond:
            waiting = next((j for j in self.jobs if j.state == "queued"), None)
            if waiting is None:
                waiting = Job(self._next_id, reason, set())
                self._next_id += 1
                self.jobs.append(waiting)
                del self.jobs[:-HISTORY]
            elif reason not in waiting.reason.split("; "):
                waiting.reason += f"; {reason}"
            waiting.articles |= wanted
            waiting.slugs |= slugs or set()
            self._cond.notify_all()
            return waiting

    def snapshot(self) -> dict:
        with self._cond:
            return {"jobs": [j.public() for j in self.jobs], "failures": dict(self.failures)}

    def idle(self) -> bool:
        with self._cond:
            return all(j.state in ("done", "failed") for j in self.jobs)

    def wait_idle(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        with self._cond:
            while not all(j.state in ("done", "failed") for j in self.jobs):
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self) -> None:
        """Stop: the running batch (and its workers) are stopped; the runner is crash-safe."""
        with self._cond:
            self._closed = True
            proc = self._proc
            self._cond.notify_all()
        if proc and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)

    # -- the worker thread ----------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not any(j.state == "queued" for j in self.jobs):
                    self._cond.wait()
                if self._closed:
                    return
                job = next(j for j in self.jobs if j.state == "queued")
                job.state, job.started = "running", time.time()
            try:
                self._run(job)
            except Exception as e:  # noqa: BLE001 - the server stays up; the job says what happened
                self._finish(job, "failed", f"bug: {type(e).__name__}: {e}")

    def command(self, job: Job) -> list[Path | str]:
        p = self.project
        cmd = [sys.executable, "-m", "pipeline", "--seeds", str(p.seeds), "--output", str(p.output),
               "--voices", str(p.voices), "batch", "--no-progress", "--base-url", self.base_url]
        if self.stages:
            cmd += ["--stages", ",".join(self.stages)]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        if ALL not in job.articles:
            cmd += sorted(a for a in job.articles if Path(a).is_file())
        return cmd

    def _run(self, job: Job) -> None:
        self.log(f"rebuild #{job.id} ({job.reason}): started")
        if ALL not in job.articles and not any(Path(a).is_file() for a in job.articles):
            return self._finish(job, "done", "nothing to rebuild (the article is gone)")
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # this pipeline, not another install
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        while True:
            tail: list[str] = []
            with self._cond:
                if self._closed:
                    return
                self._proc = subprocess.Popen(self.command(job), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                              text=True, env=env, start_new_session=True)
            for line in self._proc.stderr:
                line = line.rstrip("\n")
                tail = (tail + [line])[-40:]
                self._line(job, line)
            code = self._proc.wait()
            busy = code == 2 and any("already running" in t for t in tail)
            if not busy:
                break
            time.sleep(BUSY_RETRY_S)  # a `make` or another server holds the batch lock: wait for it
        if code in (0, 9):
            failed = [s for s, r in job.results.items() if r["status"] == "failed"]
            msg = f"{len(failed)} article(s) failed: {', '.join(sorted(failed))}" if failed else "up to date"
            return self._finish(job, "done", msg)
        if code == 2 and any("no articles in" in t for t in tail):
            return self._finish(job, "done", "no articles in seeds/ yet")
        errors = [t for t in tail if t.startswith("error[")]
        self._finish(job, "failed", errors[-1] if errors else f"batch exited with {code}: {' '.join(tail[-3:])}")

    def _line(self, job: Job, line: str) -> None:
        m = _LINE.match(line) or None
        f = None if m else _FAILED.match(line)
        with self._cond:
            if m:
                status, slug, ran, error = m.groups()
                job.results[slug] = {"status": status, "ran": [s for s in ran.split(",") if s and s != "-"],
                                     "error": error}
                job.slugs.add(slug)
            elif f:  # the closing list of failures also names articles that failed while planning
                slug, stage, error = f.groups()
                job.results.setdefault(slug, {"status": "failed", "ran": [], "error": f"{stage}: {error}"})
            else:
                return
            for slug, r in job.results.items():
                if r["status"] == "failed":
                    self.failures[slug] = r["error"]
                else:
                    self.failures.pop(slug, None)
            self._cond.notify_all()

    def _finish(self, job: Job, state: str, message: str) -> None:
        with self._cond:
            job.state, job.finished, job.message = state, time.time(), message
            self._proc = None
            self._cond.notify_all()
        self.log(f"rebuild #{job.id}: {state}: {message}")

"""Run a batch: plan (what changed), execute (local processes or Dask), report (table, failures).

Planning happens in this process and is cheap (hashes of input files and a ledger lookup), so
a batch with nothing to do finishes without starting a single worker.
"""

from __future__ import annotations

import os
import queue as _queue
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Project
from ..errors import BatchError, UsageError
from ..files import exclusive_lock, sweep_partials
from ..ingest import article_slug
from ..outputs import OUTPUTS
from ..progress import Bars
from .inputs import InputHasher
from .ledger import Ledger
from .tasks import describe, failure, process_article


@dataclass
class BatchOptions:
    workers: int = 0  # 0 = all cores
    strict: bool = False
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://host:8786
    stages: list[str] = field(default_factory=list)
    force: bool = False
    progress: bool = True


@dataclass
class Job:
    article: str
    slug: str
    todo: dict[str, str]  # stage -> input hash


@dataclass
class BatchResult:
    results: list[dict]
    unchanged: list[str]
    planning_errors: list[dict]
    seconds: float

    @property
    def failures(self) -> list[dict]:
        return [r for r in self.results + self.planning_errors if r["status"] == "failed"]


def plan(project: Project, opts: BatchOptions, articles: list[Path]) -> tuple[list[Job], list[str], list[dict]]:
    unknown = [s for s in opts.stages if s not in OUTPUTS]
    if unknown:
        raise UsageError(f"unknown stage(s) {', '.join(unknown)}; stages are: {', '.join(OUTPUTS)}")
    hasher = InputHasher(project)
    ledger = Ledger(project.output)
    jobs, unchanged, errors, seen = [], [], [], {}
    try:
        for art in articles:
            try:
                slug = article_slug(art, project)
            except Exception as e:  # noqa: BLE001 - a bad sidecar fails this article only
                errors.append(failure(str(art), art.stem, "plan", describe(e)))
                continue
            if slug in seen:
                errors.append(failure(str(art), slug, "plan", f"usage: slug {slug!r} is also used by {seen[slug]}"))
                continue
            seen[slug] = art.name
            hashes = hasher.hashes(art, slug, opts.stages)
            todo = {s: h for s, h in hashes.items()
                    if opts.force or not ledger.is_current(slug, s, h, project.output)}
            if todo:
                # a stage that runs makes every later stage run too (they read its outputs)
                first = list(hashes).index(next(iter(todo)))
                todo = dict(list(hashes.items())[first:])
                jobs.append(Job(str(art), slug, todo))
            else:
                unchanged.append(slug)
    finally:
        ledger.close()
    return jobs, unchanged, errors


def run_batch(project: Project, opts: BatchOptions, articles: list[Path]) -> BatchResult:
    with exclusive_lock(project.output / ".batch.lock", "another batch"):
        # a batch killed mid-write left temporary files (never the real ones): remove them
        sweep_partials(project.output)
        return _run_locked(project, opts, articles)


def _run_locked(project: Project, opts: BatchOptions, articles: list[Path]) -> BatchResult:
    t0 = time.perf_counter()
    project = replace(project, run_settings=project.settings)  # fixed for the run: workers get these
    jobs, unchanged, errors = plan(project, opts, articles)
    workers = opts.workers or os.cpu_count() or 1
    narrated = "audio" in opts.stages
    results: list[dict] = []
    if jobs:
        with _Progress(len(jobs), enabled=opts.progress) as bar:
            # largest articles first: the last article to start is a short one, so workers finish together
            jobs = sorted(jobs, key=lambda j: (-_size(j.article), j.slug))
            if opts.scheduler:
                results = _run_dask(project, opts, jobs, narrated, bar)
            elif workers == 1 or len(jobs) == 1:
                # one worker means one process synthesising; a lone article may use every core for its sentences
                if workers == 1:
                    project = _one_synthesis_process(project)
                results = _run_inline(project, opts, jobs, narrated, bar)
            else:
                results = _run_pool(_one_synthesis_process(project), opts, jobs, narrated, bar,
                                    min(workers, len(jobs)))
    return BatchResult(results=results, unchanged=unchanged, planning_errors=errors, seconds=time.perf_counter() - t0)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _one_synthesis_process(project: Project) -> Project:
    """Parallel across articles, not inside one as well: one synthesis process per article. The
    settings travel with each task in ``project`` (a Dask worker has its own environment)."""
    return replace(project, run_settings=replace(project.settings, tts_workers=1))


def _strict_stop(opts: BatchOptions, r: dict) -> bool:
    return opts.strict and r["status"] == "failed"


def _run_inline(project, opts, jobs, narrated, bar) -> list[dict]:
    out = []
    for job in jobs:
        bar.stage(job.slug, "working")
        r = process_article(job.article, job.slug, project, job.todo, narrated=narrated)
        out.append(r)
        bar.done(r)
        if _strict_stop(opts, r):
            break
    return out


def _run_pool(project, opts, jobs, narrated, bar, workers) -> list[dict]:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # no fork of a process that runs a progress thread
    manager = ctx.Manager()
    events = manager.Queue()
    out: list[dict] = []
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            pending = {pool.submit(process_article, j.article, j.slug, project, j.todo, narrated=narrated,
                                   events=events): j for j in jobs}
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                _drain(events, bar)
                for f in finished:
                    job = pending.pop(f)
                    try:
                        r = f.result()
                    except Exception as e:  # a worker died (killed, out of memory): the article fails
                        r = failure(job.article, job.slug, "worker", describe(e))
                    out.append(r)
                    bar.done(r)
                    if _strict_stop(opts, r):
                        for other in pending:
                            other.cancel()
                        pool.shutdown(wait=True, cancel_futures=True)
                        return out
    finally:
        manager.shutdown()
    return out


def _run_dask(project, opts, jobs, narrated, bar) -> list[dict]:
    try:
        from distributed import Client, as_completed
    except ImportError as e:  # pragma: no cover - dask[distributed] is a dependency
        raise UsageError(f"--scheduler needs dask.distributed: {e}") from None
    try:
        client = Client(opts.scheduler, timeout="20s")
    except (OSError, TimeoutError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {opts.scheduler}: {e}") from None
    except ValueError as e:  # not an address at all ("missing port number", unknown protocol)
        raise UsageError(f"--scheduler {opts.scheduler!r} is not a scheduler address: {e}",
                         hint="give it as tcp://host:8786") from None
    out: list[dict] = []
    project = _one_synthesis_process(project)
    try:
        futures = {client.submit(process_article, j.article, j.slug, project, j.todo,
                                 narrated=narrated, pure=False, key=f"article-{j.slug}-{time.time_ns()}"): j
                   for j in jobs}
        for fut in as_completed(list(futures)):
            job = futures[fut]
            try:
                r = fut.result()
            except Exception as e:  # noqa: BLE001 - the worker died: this article fails, the rest go on
                r = failure(job.article, job.slug, "worker", describe(e))
            out.append(r)
            bar.done(r)
            if _strict_stop(opts, r):
                client.cancel([f for f in futures if not f.done()])
                break
    finally:
        client.close()
    return out


def _drain(events, bar) -> None:
    while True:
        try:
            slug, stage = events.get_nowait()
        except (_queue.Empty, EOFError, OSError):
            return
        bar.stage(slug, stage)


class _Progress:
    """Articles done, the stage being worked on, ETA on stderr; without a terminal, one line an article."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled
        self.bars = None

    def __enter__(self):
        self.bars = Bars(self.enabled, {"articles": ("", self.total)}, label="[bold]articles", elapsed=True,
                         status=True)
        return self

    def stage(self, slug: str, stage: str) -> None:
        self.bars.describe("articles", f"{slug}: {stage}")

    def done(self, r: dict) -> None:
        if self.bars.shown:
            self.bars.advance("articles", f"{r['slug']}: {r['status']}")
        else:
            ran = ",".join(r.get("ran", [])) or "-"
            print(f"[{r['status']}] {r['slug']} ({ran}) {r.get('error') or ''}".rstrip(), file=sys.stderr, flush=True)

    def __exit__(self, *exc):
        self.bars.close()


def raise_for_failures(result: BatchResult) -> None:
    fails = result.failures
    if fails:
        lines = [f"{f['slug']}: {f['failed']}: {f['error']}" for f in fails]
        total = len(result.results) + len(result.unchanged) + len(result.planning_errors)
        raise BatchError(f"{len(fails)} of {total} article(s) failed:\n  " + "\n  ".join(lines),
                         hint="see `pipeline status` for the ledger; fix the article and run the batch again")

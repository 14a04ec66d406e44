"""Batch throughput: seeds/ plus the shared corpus pages, 1 worker against all cores, in the same run.

Prints articles per minute with ``--workers 1`` and with all cores (each from a cold, empty
output folder), the speed-up (target >= 1.8x on 2 cores), then the incremental checks the
batch issue asks for: a second run does nothing (target < 1 s) and touching one article
re-processes only it. ``BENCH_BATCH_ARTICLES=N`` limits the corpus pages used (default: all 24);
``BENCH_BATCH_PROFILE=en-US-natural`` narrates every article with that profile (default: each
article's own choice: the seed is en-GB, most corpus pages English -> the natural voice).
The corpus is read from ../shared/corpus when present; it is copied to a temporary folder,
never into the project.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages"


def _make_project(root: Path, limit: int) -> list[str]:
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "voices", root / "voices")
    names = []
    if CORPUS.is_dir():
        pages = [p for p in sorted(CORPUS.iterdir()) if (p / "source.html").is_file()]
        for page in pages[:limit]:
            shutil.copy(page / "source.html", root / "seeds" / f"{page.name}.html")
            names.append(page.name)
    return names


def _batch(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    profile = os.environ.get("BENCH_BATCH_PROFILE")
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(root / "seeds"), "--output", str(root / "output"),
           "--voices", str(root / "voices"), "batch", "--no-progress", *(["--profile", profile] if profile else []),
           *args]
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    return time.perf_counter() - t, p


def _edit_article_text(root: Path, victim: Path) -> None:
    """Add a sentence to the article's own text, as an editor would. A page's first ``</p>`` can be
    page furniture that ingest drops (then nothing should be re-processed): try each paragraph end
    until the ingested text changes."""
    from pipeline.config import Project
    from pipeline.stages import build_document

    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    original = victim.read_bytes()
    if victim.suffix != ".html":
        victim.write_bytes(original + b"\n\nAn added closing line.\n")
        return
    text = lambda: [b.text for b in build_document(victim, project, "ingest").blocks]  # noqa: E731
    before, at = text(), original.find(b"</p>")
    while at != -1:
        victim.write_bytes(original[:at] + b" An added sentence." + original[at:])
        if text() != before:
            return
        at = original.find(b"</p>", at + 4)
    victim.write_bytes(original)
    raise SystemExit(f"bench_batch: no paragraph of {victim.name} reaches the article text")


def _finished(root: Path) -> dict:
    db = sqlite3.connect(root / "output" / "ledger.sqlite")
    rows = {(a, s): f for a, s, f in db.execute("SELECT article, stage, finished FROM stage_runs")}
    db.close()
    return rows


def _spin(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


def machine_ceiling(cores: int, n: int = 20_000_000) -> float:
    """How much faster ``cores`` processes do pure CPU work than one, on this machine, now:
    the most any parallel batch can gain here (virtual CPUs often give less than their count)."""
    import multiprocessing as mp

    t = time.perf_counter()
    for _ in range(cores):
        _spin(n)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    with mp.get_context("spawn").Pool(cores) as pool:
        pool.map(_spin, [n] * cores)
    return serial / (time.perf_counter() - t)


def run() -> None:
    limit = int(os.environ.get("BENCH_BATCH_ARTICLES", "24"))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        names = _make_project(root, limit)
        n = 1 + len(names)
        if not names:
            print(f"corpus not found at {CORPUS}: measuring the seed only")
        results = {}
        for workers in (1, cores):
            shutil.rmtree(root / "output", ignore_errors=True)
            secs, p = _batch(root, "--workers", str(workers))
            failed = p.returncode != 0
            results[workers] = secs
            print(f"workers={workers}: {n} articles in {secs:.1f} s = {n / secs * 60:.1f} articles/min"
                  + (f"  (exit {p.returncode}: {p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ''})"
                     if failed else ""))
        speedup = results[1] / results[cores]
        ceiling = machine_ceiling(cores)
        print(f"speed-up with {cores} workers: {speedup:.2f}x (target >= 1.8x on 2 cores) "
              f"{'MET' if speedup >= 1.8 or cores < 2 else 'NOT MET'}; this machine's ceiling, measured now "
              f"with {cores} processes of pure CPU work: {ceiling:.2f}x, so the batch gets "
              f"{speedup / ceiling:.0%} of what the hardware gives")
        before = _finished(root)
        secs, p = _batch(root)
        print(f"second run, nothing changed: {secs:.2f} s (target < 1 s) {'MET' if secs < 1 else 'NOT MET'}; "
              f"{p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ''}")
        victim = root / "seeds" / (f"{names[0]}.html" if names else "000_80aa22d023d213f2.txt")
        _edit_article_text(root, victim)
        secs, p = _batch(root)
        after = _finished(root)
        redone = sorted({a for (a, s), f in after.items() if before.get((a, s)) != f})
        print(f"touch one article ({victim.stem}): {secs:.1f} s, re-processed: {', '.join(redone) or 'none'} "
              f"{'MET' if redone == [victim.stem] else 'NOT MET'}")

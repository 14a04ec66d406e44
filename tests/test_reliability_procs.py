"""Process lifetime (issue 12, item 3), with real signals: the batch's workers die with it, the
lock is held while any process of a run can still write, SIGTERM stops a batch like Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED, project_with, run_cli

pytestmark = pytest.mark.slow


def _children() -> dict[int, int]:
    """pid -> parent pid for every live, non-zombie process."""
    out = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                out[int(d.name)] = int(fields[1])
    return out


def descendants(pid: int) -> set[int]:
    table, found, todo = _children(), set(), [pid]
    while todo:
        p = todo.pop()
        for c, pp in table.items():
            if pp == p and c not in found:
                found.add(c)
                todo.append(c)
    return found


def alive(pids: set[int]) -> set[int]:
    table = _children()
    return {p for p in pids if p in table}


def start_batch(project, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
           "--voices", str(project.voices), "batch", "--workers", "2", "--stages", "report,audio", "--no-progress",
           *extra]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def wait_for_work(proc: subprocess.Popen, timeout: float = 120) -> set[int]:
    """Wait until two workers run and at least one has started its own child (synthesis, ffmpeg)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        kids = descendants(proc.pid)
        table = _children()
        workers = [k for k in kids if table.get(k) == proc.pid]
        if len(workers) >= 2 and any(table.get(k) in workers for k in kids):
            return kids
        time.sleep(0.05)
    raise AssertionError("the batch never got to work")


@pytest.fixture
def busy_project(tmp_path):
    text = SEED.read_text()
    # two articles with different text (no shared synthesis cache), so both workers synthesise
    other = text.replace("Labour", "The party").replace("the", "this")
    return project_with(tmp_path, {"one.txt": text, "two.txt": other})


def _check_rerun(project) -> None:
    r = run_cli(project, "batch", "--workers", "2", "--stages", "report,audio", "--no-progress")
    assert r.code == 0, r.err
    for slug in ("one", "two"):
        mp3 = project.output / slug / f"{slug}.mp3"
        assert mp3.stat().st_size > 10_000
    assert not list(project.output.rglob(".*.part"))


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_workers_die_with_the_batch(busy_project, how):
    p = busy_project
    proc = start_batch(p)
    kids = wait_for_work(proc)
    os.kill(proc.pid, getattr(signal, how))  # the parent alone, not its process group
    _, err = proc.communicate(timeout=30)
    t_dead = time.monotonic()
    while alive(kids) and time.monotonic() - t_dead < 2:
        time.sleep(0.05)
    assert not alive(kids), f"still running 2 s after {how}: {alive(kids)}"
    if how == "SIGKILL":
        assert proc.returncode == -9
    elif how == "SIGTERM":
        assert proc.returncode == 143, err
        assert "stopped: SIGTERM" in err and "Traceback" not in err
    else:
        assert proc.returncode == 130, err
        assert "interrupted" in err and "Traceback" not in err
    _check_rerun(p)  # the next batch is let in and finishes the work


def test_lock_held_while_a_process_of_the_run_can_write(busy_project):
    """A process left over from an earlier run (simulated: it holds the writers' lock as every
    worker does) keeps a new batch out; when it ends, the batch runs."""
    p = busy_project
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from pipeline.lifetime import hold_writers_lock; "
        "hold_writers_lock(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)"), str(p.output)],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert holder.stdout.readline().strip() == "held"
        r = run_cli(p, "batch", "--stages", "report", "--no-progress")
        assert r.code == 2 and "still writing" in r.err, r.err
        assert not (p.output / "one").exists()
    finally:
        holder.kill()
        holder.wait()
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err

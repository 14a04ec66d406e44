"""The whole pipeline in a batch: kill -9 and resume, and the Dask scale-out (real engine, real files)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest

from tests.conftest import REPO, add_articles, ledger_rows, run_cli

ARTICLES = {
    f"story-{i}": f"Town news item number {i} for the test\n\nBy Reporter {chr(65 + i)}\n\n"
                  f"The council met on Monday. It agreed a plan for {i + 2} new parks.\n\n"
                  f"Residents welcomed the news. Work starts in the spring."
    for i in range(4)
}


@pytest.fixture
def news(empty_project):
    return add_articles(empty_project, {f"{name}.txt": text for name, text in ARTICLES.items()})


def outputs(project):
    return {str(f.relative_to(project.output)): f.read_bytes() for f in sorted(project.output.rglob("*"))
            if f.is_file() and ".cache" not in f.parts and not f.name.startswith(("ledger.sqlite", ".batch.lock"))}


def assert_complete_and_valid(project, articles=ARTICLES):
    assert not list(project.output.rglob(".*.part")), "half-written files left behind"
    for name in articles:
        out = project.output / name
        timing = json.loads((out / "timing.json").read_text())
        pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out / f"{name}.mp3"), "-f", "s16le", "-ac", "1",
                              "-ar", "44100", "-"], capture_output=True, check=True).stdout
        assert abs(len(pcm) / 2 / 44.1 - timing["duration_ms"]) <= 50  # decoded length (gapless)
        with zipfile.ZipFile(out / f"{name}.epub") as z:
            assert z.testzip() is None and z.namelist()[0] == "mimetype"
        assert "</html>" in (out / "summary.html").read_text()


MANY = {f"item-{i:02d}": f"Local item {i} for the kill test\n\nBy Reporter {chr(65 + i)}\n\n"
                         f"The council met on Monday and agreed a plan for {i + 2} new parks across the town. "
                         f"Residents welcomed the news at a meeting in the library. Work starts in the spring."
        for i in range(10)}


@pytest.fixture
def many(empty_project):
    return add_articles(empty_project, {f"{name}.txt": text for name, text in MANY.items()})


def test_kill_minus_nine_then_resume(many):
    news = many
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(news.seeds), "--output", str(news.output),
           "--voices", str(news.voices), "batch", "--workers", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 300
    done_before = {}
    while time.time() < deadline:
        time.sleep(0.2)
        if (news.output / "ledger.sqlite").exists():
            try:
                r = ledger_rows(news)
            except sqlite3.OperationalError:
                continue
            finished = {a for (a, s), (st, _) in r.items() if s == "summary" and st == "done"}
            if finished:
                done_before = {k: v for k, v in r.items() if v[0] == "done"}
                break
        if proc.poll() is not None:
            break
    assert proc.poll() is None, f"the batch ended (exit {proc.returncode}) before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its synthesis workers, mid-run
    proc.wait()
    assert done_before, "nothing completed before the kill"
    incomplete = [a for a in MANY if (a, "summary") not in done_before]
    assert incomplete, "everything completed before the kill"

    r = run_cli(news, "batch", "--workers", "1", "--no-progress")
    assert r.code == 0, r.err
    after = ledger_rows(news)
    for key, value in done_before.items():
        assert after[key] == value, f"{key} was redone after the kill"
    assert all(after[(a, s)][0] == "done" for a in MANY for s in ("report", "audio", "epub", "summary"))
    assert_complete_and_valid(news, MANY)
    again = run_cli(news, "batch", "--no-progress")
    assert "nothing to do: 10 article(s) up to date" in again.out


def test_dask_local_cluster_gives_the_same_bytes_as_a_local_run(news, tmp_path):
    from distributed import LocalCluster

    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    r = run_cli(news, "batch", "--workers", "2", "--no-progress", env=env)
    assert r.code == 0, r.err
    local = outputs(news)
    import shutil

    shutil.rmtree(news.output)
    news.output.mkdir()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        r = run_cli(news, "batch", "--scheduler", cluster.scheduler_address, "--no-progress", env=env)
    assert r.code == 0, r.err
    dask_out = outputs(news)
    assert set(dask_out) == set(local)
    different = [k for k in local if local[k] != dask_out[k]]
    assert not different, f"Dask run differs from the local run in {different}"
    assert_complete_and_valid(news)


def test_unreachable_scheduler_is_a_clear_error(news):
    r = run_cli(news, "batch", "--scheduler", "tcp://127.0.0.1:1", "--no-progress")
    assert r.code == 2 and "cannot reach the Dask scheduler" in r.err and "Traceback" not in r.err

"""``pipeline review``: decisions by id and interactively, saved at once, merged with concurrent edits."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

from pipeline.corrections import load_corrections
from tests.conftest import REPO, SEED_SLUG, run_cli

EPOCH = "1800000000"  # 2027-01-15 (UTC)
ENV = {"SOURCE_DATE_EPOCH": EPOCH}


def with_proposals(project) -> list:
    project.corrections_file.write_text("# Hand-kept notes: keep this comment.\n", "utf-8")
    r = run_cli(project, "suggest")
    assert r.code == 0, r.err
    return [c for c in load_corrections(project.corrections_file).entries if c.status == "proposed"]


def entry(project, ident):
    return next(c for c in load_corrections(project.corrections_file).entries if c.id == ident)


def cli_cmd(project, *args):
    return [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
            "--voices", str(project.voices), *args]


def test_approve_and_reject_by_id_record_reviewer_and_date(project):
    props = with_proposals(project)
    a, b = props[0].id, props[1].id
    r = run_cli(project, "review", "--reviewer", "A. Editor", "--approve", a, "--reject", b, env=ENV)
    assert r.code == 0, r.err
    ea, eb = entry(project, a), entry(project, b)
    assert (ea.status, ea.reviewer, ea.reviewed) == ("approved", "A. Editor", "2027-01-15")
    assert (eb.status, eb.reviewer, eb.reviewed) == ("rejected", "A. Editor", "2027-01-15")
    text = project.corrections_file.read_text("utf-8")
    assert text.startswith("# Hand-kept notes: keep this comment.\n")
    assert not [p for p in project.seeds.iterdir() if p.name.endswith(".part")]


def test_date_option_and_edited_fix(project):
    reave = next(c for c in with_proposals(project) if c.wrong == "reave")
    r = run_cli(project, "review", "--reviewer", "Ed", "--date", "2026-12-01", "--approve", reave.id,
                "--right", "Leave")
    assert r.code == 0, r.err
    e = entry(project, reave.id)
    assert (e.right, e.reviewed) == ("Leave", "2026-12-01")
    assert run_cli(project, "review", "--reviewer", "Ed", "--date", "1st Dec", "--approve", reave.id).code == 2


def test_list_shows_open_proposals(project):
    props = with_proposals(project)
    r = run_cli(project, "review", "--list")
    assert r.code == 0
    assert all(p.id in r.out for p in props)
    assert f"{len(props)} open proposal(s)" in r.err


def test_unknown_id_and_already_decided(project):
    props = with_proposals(project)
    r = run_cli(project, "review", "--reviewer", "Ed", "--approve", "no-such-id")
    assert r.code == 2 and "no-such-id" in r.err
    assert run_cli(project, "review", "--reviewer", "Ed", "--reject", props[0].id).code == 0
    r = run_cli(project, "review", "--reviewer", "Ed", "--approve", props[0].id)
    assert r.code == 2 and "already rejected" in r.err


def test_approval_refused_when_the_article_changed(project):
    burham = next(c for c in with_proposals(project) if c.wrong == "Burham")
    seed = project.seeds / f"{SEED_SLUG}.txt"
    seed.write_text(seed.read_text("utf-8").replace("Andy Burham stormed", "Andy Burnham stormed"), "utf-8")
    r = run_cli(project, "review", "--reviewer", "Ed", "--approve", burham.id)
    assert r.code == 5 and "would not apply" in r.err
    assert entry(project, burham.id).status == "proposed"


def test_malformed_file_is_a_clear_error(project):
    project.corrections_file.write_text('[[correction]]\nid = "x"\nwrong = "a\n', "utf-8")
    for args in (["--list"], ["--reviewer", "Ed", "--approve", "x"], ["--reviewer", "Ed"]):
        r = run_cli(project, "review", *args)
        assert r.code == 4, (args, r.err)
        assert "corrections.toml:3" in r.err and "Traceback" not in r.err
    project.corrections_file.write_text('[[correction]]\nid = "x"\nwrong = "a"\n', "utf-8")
    r = run_cli(project, "review", "--list")
    assert r.code == 4 and "missing" in r.err


def test_interactive_review_driven_through_stdin(project):
    props = with_proposals(project)
    # approve the first, reject the second, edit the third, skip the fourth, then quit
    answers = "a\nr\ne\nmended\ns\nq\n"
    p = subprocess.run(cli_cmd(project, "review", "--reviewer", "Tester"), input=answers, text=True,
                       capture_output=True, cwd=REPO, env={**os.environ, **ENV}, timeout=120)
    assert p.returncode == 0, p.stderr
    assert f"[1/{len(props)}]" in p.stdout and ">>" in p.stdout and "<<" in p.stdout  # highlighted word
    assert "2 approved, 1 rejected, 1 skipped" in p.stdout
    got = [entry(project, c.id) for c in props]
    assert [g.status for g in got[:4]] == ["approved", "rejected", "approved", "proposed"]
    assert got[2].right == "mended" and got[0].reviewer == "Tester" and got[0].reviewed == "2027-01-15"
    assert all(g.status == "proposed" for g in got[4:])


def test_interactive_review_ends_cleanly_at_end_of_input(project):
    props = with_proposals(project)
    p = subprocess.run(cli_cmd(project, "review", "--reviewer", "T"), input="x\na\n", text=True,
                       capture_output=True, cwd=REPO, env={**os.environ, **ENV}, timeout=120)
    assert p.returncode == 0
    assert "please answer with one of" in p.stdout
    assert entry(project, props[0].id).status == "approved"
    assert entry(project, props[1].id).status == "proposed"


def _read_until(proc, needle: str, timeout: float = 60) -> str:
    out, end = "", time.monotonic() + timeout
    while needle not in out:
        assert time.monotonic() < end, f"no {needle!r} in {out!r}"
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096).decode()
            assert chunk, f"process ended early: {out!r}"
            out += chunk
    return out


def _start(project):
    return subprocess.Popen(cli_cmd(project, "review", "--reviewer", "T"), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
                            env={**os.environ, **ENV, "PYTHONUNBUFFERED": "1"})


def test_file_changed_by_someone_else_during_review_loses_nothing(project):
    props = with_proposals(project)
    proc = _start(project)
    try:
        _read_until(proc, "[q]uit? ")
        # while the review is open, another editor adds an entry and rejects a proposal by hand
        text = project.corrections_file.read_text("utf-8")
        text = text.replace(f'id = "{props[1].id}"', f'id = "{props[1].id}"\nnote = "hand edit"', 1)
        text += ('\n[[correction]]\nid = "by-hand"\nwrong = "wranglings"\nright = "wrangling"\n'
                 'context = "internal wranglings"\nscope = "all"\nexpected = 1\nstatus = "proposed"\n')
        project.corrections_file.write_text(text, "utf-8")
        proc.stdin.write(b"a\nq\n")
        proc.stdin.close()
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()
    entries = {c.id: c for c in load_corrections(project.corrections_file).entries}
    assert entries[props[0].id].status == "approved"  # the review's decision
    assert "by-hand" in entries and entries[props[1].id].note == "hand edit"  # the other editor's work


def test_interrupted_review_keeps_decisions(project):
    props = with_proposals(project)
    proc = _start(project)
    try:
        _read_until(proc, "[q]uit? ")
        proc.stdin.write(b"r\n")
        proc.stdin.flush()
        _read_until(proc, f"[2/{len(props)}]")
        proc.send_signal(signal.SIGINT)  # Ctrl-C in the middle of the second proposal
        assert proc.wait(timeout=60) == 130
        assert b"Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
    assert entry(project, props[0].id).status == "rejected"
    assert entry(project, props[1].id).status == "proposed"


def test_saves_from_two_processes_at_once_lose_nothing(project):
    """Many decisions saved concurrently by separate processes: every one of them lands."""
    props = with_proposals(project)
    procs = [subprocess.Popen(cli_cmd(project, "review", "--reviewer", f"R{i}", "--reject", c.id),
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for i, c in enumerate(props)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    assert all(entry(project, c.id).status == "rejected" for c in props)
    assert sorted(p.name for p in project.seeds.iterdir() if p.name.startswith(".")) == []

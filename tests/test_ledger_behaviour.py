"""The batch ledger as `pipeline batch` and `pipeline status` rely on it: what is recorded for each
article and stage, when an article counts as already done, and how a broken ledger is reported.
In-process twins of what test_batch.py checks through `python -m pipeline batch`, so that
`make mutate` can see them (pipeline/batch/ledger.py).

Equivalent mutants (no behaviour tells them apart, so no test kills them):
- SQL keywords and pragma values changing case ("pragma journal_mode=wal"): SQLite ignores case.
- ``timeout=60`` -> 61: a minute or a second more of waiting for a busy ledger.
- ``self.db = None`` -> ``""``: only read by ``close()``, which a ledger that failed to open never
  reaches (the constructor raised).
- ``json.loads(r[8] or "[]")``'s fallback: the column is NOT NULL DEFAULT '[]', never empty.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import subprocess

import pytest

from pipeline.batch.ledger import Ledger, Row
from pipeline.errors import OutputError


@pytest.fixture
def ledger(tmp_path):
    led = Ledger(tmp_path / "output")
    yield led
    led.close()


def other_connection(tmp_path):
    """What another process (a worker, `pipeline status`) sees in the file."""
    return sqlite3.connect(tmp_path / "output" / "ledger.sqlite")


def test_the_ledger_file_is_made_with_its_folder(tmp_path):
    led = Ledger(tmp_path / "new" / "output")
    try:
        assert led.path == tmp_path / "new" / "output" / "ledger.sqlite"
        assert led.path.is_file()
        assert led.rows() == []
    finally:
        led.close()


def test_workers_and_readers_share_the_file_in_wal_mode(ledger, tmp_path):
    db = other_connection(tmp_path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_each_write_is_visible_to_other_processes_at_once(ledger, tmp_path):
    ledger.start("art", "audio", "h1", "seeds/art.txt")
    db = other_connection(tmp_path)
    try:
        assert db.execute("SELECT article, stage, status FROM stage_runs").fetchall() == [("art", "audio", "running")]
        ledger.finish("art", "audio", ["art/art.mp3"], 2.5)
        assert db.execute("SELECT status, outputs FROM stage_runs").fetchall() == [("done", '["art/art.mp3"]')]
    finally:
        db.close()


def test_a_started_stage_is_running_with_nothing_recorded_yet(ledger):
    t0 = time.time()
    ledger.start("art", "audio", "hash-1", "seeds/art.txt")
    row = ledger.get("art", "audio")
    assert row == Row(article="art", stage="audio", input_hash="hash-1", status="running", started=row.started,
                      finished=None, seconds=None, error=None, outputs=[], source="seeds/art.txt")
    assert t0 <= row.started <= time.time()


def test_a_finished_stage_records_its_outputs_and_time(ledger):
    ledger.start("art", "audio", "hash-1", "seeds/art.txt")
    t0 = time.time()
    ledger.finish("art", "audio", ["art/art.mp3", "art/art.vtt"], 3.25)
    row = ledger.get("art", "audio")
    assert (row.status, row.outputs, row.seconds, row.error, row.input_hash, row.source) == (
        "done", ["art/art.mp3", "art/art.vtt"], 3.25, None, "hash-1", "seeds/art.txt")
    assert t0 <= row.finished <= time.time() and row.started <= row.finished


def test_a_failed_stage_records_the_error(ledger):
    ledger.start("art", "epub", "hash-1", "seeds/art.txt")
    t0 = time.time()
    ledger.fail("art", "epub", "error[input] bad bytes", 0.5)
    row = ledger.get("art", "epub")
    assert (row.status, row.error, row.seconds, row.outputs) == ("failed", "error[input] bad bytes", 0.5, [])
    assert t0 <= row.finished <= time.time()


def test_a_rerun_that_succeeds_clears_the_old_error(ledger):
    ledger.start("art", "epub", "h", "s")
    ledger.fail("art", "epub", "boom", 0.1)
    ledger.start("art", "epub", "h2", "s")
    assert ledger.get("art", "epub").status == "running"
    ledger.finish("art", "epub", ["art/art.epub"], 1.0)
    row = ledger.get("art", "epub")
    assert (row.status, row.error, row.input_hash) == ("done", None, "h2")
    # finishing directly after a failure (no new start) clears it as well
    ledger.fail("art", "epub", "boom again", 0.1)
    ledger.finish("art", "epub", ["art/art.epub"], 1.0)
    assert ledger.get("art", "epub").error is None


def test_starting_again_forgets_the_last_run(ledger):
    ledger.start("art", "audio", "h1", "s")
    ledger.finish("art", "audio", ["art/art.mp3"], 1.0)
    ledger.start("art", "audio", "h2", "s2")
    row = ledger.get("art", "audio")
    assert (row.status, row.outputs, row.finished, row.seconds, row.input_hash, row.source) == (
        "running", [], None, None, "h2", "s2")
    assert len(ledger.rows()) == 1


def test_rows_are_per_article_and_stage_in_article_then_start_order(ledger):
    for article, stage in [("b", "audio"), ("a", "epub"), ("b", "epub"), ("a", "audio")]:
        ledger.start(article, stage, "h", f"seeds/{article}.txt")
    assert [(r.article, r.stage) for r in ledger.rows()] == [("a", "epub"), ("a", "audio"), ("b", "audio"),
                                                            ("b", "epub")]
    assert ledger.get("a", "summary") is None and ledger.get("c", "audio") is None


def test_finish_and_fail_touch_only_their_own_row(ledger):
    for article, stage in [("a", "audio"), ("a", "epub"), ("b", "audio")]:
        ledger.start(article, stage, "h", "s")
    ledger.finish("a", "audio", ["a/a.mp3"], 1.0)
    ledger.fail("b", "audio", "x", 1.0)
    assert {(r.article, r.stage): r.status for r in ledger.rows()} == {
        ("a", "audio"): "done", ("a", "epub"): "running", ("b", "audio"): "failed"}


def test_forgetting_removes_only_that_row(ledger):
    for article, stage in [("a", "audio"), ("a", "epub"), ("b", "audio")]:
        ledger.start(article, stage, "h", "s")
    ledger.forget("a", "audio")
    ledger.forget("zzz", "audio")  # nothing there: no error
    assert [(r.article, r.stage) for r in ledger.rows()] == [("a", "epub"), ("b", "audio")]


def test_the_ledger_survives_reopening(tmp_path):
    led = Ledger(tmp_path / "output")
    led.start("art", "audio", "h", "s")
    led.finish("art", "audio", ["art/art.mp3"], 1.0)
    led.close()
    again = Ledger(tmp_path / "output")
    try:
        assert [(r.article, r.status, r.outputs) for r in again.rows()] == [("art", "done", ["art/art.mp3"])]
    finally:
        again.close()


# --- is an article's stage already done? ------------------------------------------------------------

@pytest.fixture
def built(ledger, tmp_path):
    out = tmp_path / "output"
    (out / "art").mkdir()
    # sound outputs (a stage is current only when its outputs are sound, see batch/verify.py): a
    # real 0.3 s MP3 from ffmpeg and a WebVTT file
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "0.3",
                    "-b:a", "192k", str(out / "art" / "art.mp3")], check=True)
    (out / "art" / "art.vtt").write_text("WEBVTT\n\n", "utf-8")
    ledger.start("art", "audio", "h1", "seeds/art.txt")
    ledger.finish("art", "audio", ["art/art.mp3", "art/art.vtt"], 1.0)
    return ledger, out


def test_done_with_the_same_inputs_and_all_outputs_present_is_current(built):
    ledger, out = built
    assert ledger.is_current("art", "audio", "h1", out) is True
    assert ledger.is_current("art", "audio", "h1", str(out)) is True


def test_an_article_whose_output_was_deleted_is_not_current(built):
    ledger, out = built
    (out / "art" / "art.vtt").unlink()
    assert ledger.is_current("art", "audio", "h1", out) is False


def test_an_output_replaced_by_a_folder_is_not_current(built):
    ledger, out = built
    (out / "art" / "art.mp3").unlink()
    (out / "art" / "art.mp3").mkdir()
    assert ledger.is_current("art", "audio", "h1", out) is False


def test_changed_inputs_or_an_unfinished_run_are_not_current(built):
    ledger, out = built
    assert ledger.is_current("art", "audio", "h2", out) is False
    assert ledger.is_current("art", "epub", "h1", out) is False
    assert ledger.is_current("other", "audio", "h1", out) is False
    ledger.fail("art", "audio", "boom", 1.0)
    assert ledger.is_current("art", "audio", "h1", out) is False
    ledger.start("art", "audio", "h1", "seeds/art.txt")
    assert ledger.is_current("art", "audio", "h1", out) is False


def test_a_stage_with_no_outputs_is_current_when_done(ledger, tmp_path):
    ledger.start("art", "check", "h", "s")
    ledger.finish("art", "check", [], 0.1)
    assert ledger.is_current("art", "check", "h", tmp_path / "output") is True


# --- a broken ledger is a clear error, not a traceback ------------------------------------------

def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "output").write_text("not a folder")
    with pytest.raises(OutputError) as e:
        Ledger(tmp_path / "output")
    assert str(e.value).startswith(f"cannot use the batch ledger {tmp_path / 'output' / 'ledger.sqlite'}: ")
    assert "File exists" in str(e.value) or "Not a directory" in str(e.value)  # what the system said
    assert e.value.hint == "check that the output folder is writable and the disk is not full"


@pytest.mark.parametrize("damage,said", [("folder", "unable to open database file"),
                                         ("garbage", "file is not a database")])
def test_a_damaged_ledger_file_is_a_clear_error(tmp_path, damage, said):
    path = tmp_path / "output" / "ledger.sqlite"
    path.parent.mkdir()
    if damage == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"this is not an SQLite database, whatever its name says" * 100)
    with pytest.raises(OutputError, match=rf"cannot use the batch ledger .*ledger\.sqlite: {said}") as e:
        Ledger(tmp_path / "output")
    assert "disk is not full" in e.value.hint


def test_a_failing_statement_is_a_clear_error(ledger, tmp_path):
    ledger.start("art", "audio", "h", "s")
    db = other_connection(tmp_path)
    db.execute("DROP TABLE stage_runs")
    db.commit()
    db.close()
    for call in (lambda: ledger.get("art", "audio"), ledger.rows, lambda: ledger.start("a", "b", "h", "s"),
                 lambda: ledger.finish("a", "b", [], 1.0), lambda: ledger.fail("a", "b", "e", 1.0)):
        with pytest.raises(OutputError, match=r"cannot use the batch ledger .*no such table: stage_runs") as e:
            call()
        assert "writable" in e.value.hint


@pytest.mark.slow
def test_a_busy_ledger_is_waited_for_not_an_error(ledger, tmp_path):
    """Another worker holding the write lock for a few seconds (SQLite's default wait is 5 s)."""
    db = sqlite3.connect(tmp_path / "output" / "ledger.sqlite", isolation_level=None, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO stage_runs (article, stage, input_hash, status, started) VALUES ('b', 's', 'h', 'x', 0)")
    release = threading.Timer(5.5, lambda: db.execute("COMMIT"))
    release.start()
    try:
        t0 = time.monotonic()
        ledger.start("art", "audio", "h", "s")
        assert time.monotonic() - t0 >= 5
        assert {r.article for r in ledger.rows()} == {"art", "b"}
    finally:
        release.join()
        db.close()


def test_a_closed_ledger_refuses_further_use(tmp_path):
    led = Ledger(tmp_path / "output")
    led.close()
    with pytest.raises(OutputError, match="closed"):
        led.rows()

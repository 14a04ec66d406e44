"""Batch: incremental, failure isolation, ledger, catalogue and feed (fast stages only; the full
pipeline under kill -9 and on Dask is in test_batch_full.py)."""

import json

import pytest

from pipeline.errors import BatchError
from tests.conftest import SEED_SLUG, add_articles, ledger_rows, run_cli

ARTICLES = {
    "council-vote": "Council votes to close the library\n\nBy Jo Bloggs\n\nThe council voted on Tuesday. "
                    "Residents were angry.\n\nA petition has 2,000 names.",
    "river-clean": "Volunteers clean the river banks\n\nBy Sam Green\n\nForty people came. They filled 90 bags.",
    "school-meals": "School meals get a new menu\n\nBy Ann Lee\n\nPupils chose the dishes. The menu starts in May.",
}


@pytest.fixture
def batch_project(project):
    return add_articles(project, {f"{name}.txt": text for name, text in ARTICLES.items()})


def test_second_run_does_nothing_and_touching_one_reprocesses_only_it(batch_project):
    p = batch_project
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    first = ledger_rows(p)
    assert {a for a, _ in first} == set(ARTICLES) | {SEED_SLUG}
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0 and "nothing to do: 4 article(s) up to date" in r.out
    assert ledger_rows(p) == first
    (p.seeds / "river-clean.txt").write_text(ARTICLES["river-clean"] + " They found a bike.")
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    after = ledger_rows(p)
    changed = {a for a in ARTICLES.keys() | {SEED_SLUG} if after[(a, "report")] != first[(a, "report")]}
    assert changed == {"river-clean"}


def test_approving_a_correction_rerenders_only_the_articles_it_touches(batch_project):
    p = batch_project
    assert run_cli(p, "batch", "--stages", "report", "--no-progress").code == 0
    first = ledger_rows(p)
    with open(p.corrections_file, "a") as f:
        f.write('\n[[correction]]\nid = "bags"\nwrong = "90"\nright = "ninety"\ncontext = "filled 90 bags"\n'
                'scope = "all"\nexpected = 1\nstatus = "approved"\nreviewer = "Ed"\nreviewed = 2026-11-27\n')
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    after = ledger_rows(p)
    changed = {a for (a, s) in after if after[(a, s)] != first[(a, s)]}
    assert changed == {"river-clean"}
    report = json.loads((p.output / "river-clean" / "report.json").read_text())
    assert [c["entry"] for c in report["corrections"]["applied"]] == ["bags"]


def test_a_broken_article_does_not_stop_the_others(batch_project):
    p = batch_project
    (p.seeds / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == BatchError.exit_code
    assert "1 of 5 article(s) failed" in r.err and "broken: document: input:" in r.err and "binary" in r.err
    assert "Traceback" not in r.err
    for name in list(ARTICLES) + [SEED_SLUG]:
        assert (p.output / name / "report.json").is_file()
    rows = ledger_rows(p)
    assert rows[("broken", "document")][0] == "failed"
    status = run_cli(p, "status", "--failed")
    assert "broken" in status.out and "binary" in status.out


def test_strict_stops_at_the_first_failure(batch_project):
    p = batch_project
    (p.seeds / "aaa-broken.txt").write_bytes(bytes(range(256)) * 400)  # binary; the largest, so it runs first
    r = run_cli(p, "batch", "--stages", "report", "--strict", "--workers", "1", "--no-progress")
    assert r.code == BatchError.exit_code and "aaa-broken" in r.err
    assert not any((p.output / name / "report.json").exists() for name in ARTICLES)


def test_parallel_and_serial_runs_give_the_same_bytes(batch_project, tmp_path):
    p = batch_project
    assert run_cli(p, "batch", "--stages", "report", "--workers", "2", "--no-progress").code == 0
    par = {f.relative_to(p.output): f.read_bytes() for f in p.output.rglob("*") if f.is_file() and "ledger" not in f.name}
    for f in list(p.output.iterdir()):
        import shutil
        shutil.rmtree(f) if f.is_dir() else f.unlink()
    assert run_cli(p, "batch", "--stages", "report", "--workers", "1", "--no-progress",
                   env={"SOURCE_DATE_EPOCH": "1700000000"}).code == 0
    ser = {f.relative_to(p.output): f.read_bytes() for f in p.output.rglob("*") if f.is_file() and "ledger" not in f.name}
    assert set(par) == set(ser)
    # the feed and the catalogue show dates, which come from SOURCE_DATE_EPOCH for undated articles
    assert all(par[k] == ser[k] for k in par if k.name not in ("feed.xml", "index.html"))


def test_unknown_stage_and_bad_workers(batch_project):
    r = run_cli(batch_project, "batch", "--stages", "report,video")
    assert r.code == 2 and "unknown stage(s) video" in r.err
    r = run_cli(batch_project, "batch", "--workers", "-1")
    assert r.code == 2


def test_feed_and_catalogue_are_written(batch_project):
    p = batch_project
    r = run_cli(p, "batch", "--stages", "report", "--no-progress", "--base-url", "https://news.example/a/")
    assert r.code == 0 and "localhost" not in r.err
    import feedparser

    feed = feedparser.parse((p.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.link == "https://news.example/a/"
    r = run_cli(p, "batch", "--stages", "report", "--no-progress", env={"PIPELINE_BASE_URL": ""})
    assert r.err.count("warning: feed.xml links point at http://localhost:8000/") == 1  # once per batch
    page = (p.output / "index.html").read_text()
    for name in ARTICLES:
        assert f"{name}/corrections.html" in page

"""``pipeline serve --watch``: a new article dropped into seeds/ (copied slowly, or written then
renamed) is processed once complete by the batch runner and appears on the catalogue; a failing
article is listed with its error while the others go on; an edited corrections list is picked up
and the article it touches is rebuilt."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import ledger_rows, project_with
from tests.serve_support import serving

pytestmark = pytest.mark.slow

SDE = {"SOURCE_DATE_EPOCH": "1798761600"}
FIRST = ("Council agrees new budget\n\nThe town council met on Tuesday to agree next year's budget. "
         "Members voted for more money for the libary service in the old market hall. The vote was close.\n\n"
         "The leader said the decision would help families across the district.\n")
SECOND = ("Bridge reopens after repairs\n\n" + "The old river bridge reopened to traffic this morning after "
          "six months of repairs. " * 1 + "Engineers replaced the worn bearings and resurfaced the road. "
          "Buses will use the bridge again from Monday.\n\nShops near the bridge said trade had fallen while "
          "it was closed, and they welcomed the news.\n")


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("watch"), {"first.txt": FIRST})
    with serving(project, "--watch", env=SDE) as server:
        server.wait_idle(300)  # the catch-up batch at start builds first.txt
        assert "Council agrees new budget" in server.client.get("/").text, server.log
        yield project, server


def _job_for(server, name: str) -> dict:
    return next(j for j in server.status()["jobs"] if name in j["reason"])


def test_a_new_article_is_processed_once_complete(watched, browser):
    project, server = watched
    last = max(j["id"] for j in server.status()["jobs"])
    page = browser.new_page()
    page.goto(server.url)  # an editor has the catalogue open
    data = SECOND.encode()
    with open(project.seeds / "second.txt", "wb") as f:  # a slow copy: 8 pieces over about 2.5 s
        for i in range(8):
            f.write(data[i * len(data) // 8:(i + 1) * len(data) // 8])
            f.flush()
            time.sleep(0.35)
    copied = time.time()
    server.wait_idle(300, after=last)
    job = _job_for(server, "second.txt")
    assert job["queued"] >= copied - 0.4, "queued while the file was still being copied"
    assert job["queued"] - copied < 5, f"picked up {job['queued'] - copied:.1f} s after the copy ended"
    assert job["results"]["second"]["status"] == "done"
    assert {"report", "audio", "epub", "summary"} <= set(job["results"]["second"]["ran"])  # every output
    report = json.loads((project.output / "second" / "report.json").read_text())
    assert report["document"]["words"] == len(SECOND.split()) - 0  # the whole article, not the first pieces
    home = server.client.get("/").text
    assert "Bridge reopens after repairs" in home and "Council agrees new budget" in home
    assert (project.output / "second" / "second.mp3").is_file()
    assert "Bridge reopens after repairs" in (project.output / "index.html").read_text()  # the static one too
    # the open catalogue updated itself
    page.get_by_role("heading", name="Bridge reopens after repairs").wait_for(timeout=30_000)
    assert "Rebuilt at" in page.locator("#rebuild-status").inner_text()
    page.close()


def test_written_then_renamed_and_a_failing_article(watched):
    project, server = watched
    last = max(j["id"] for j in server.status()["jobs"])
    (project.seeds / "broken.txt").write_text("🙂 🙂 🙂\n")  # no words: this article fails (exit 3)
    tmp = project.seeds / ".third.txt.part"
    tmp.write_text("Library hours extended\n\nThe central library will open until eight in the evening "
                   "from next week. Staff said students had asked for longer hours.\n")
    tmp.rename(project.seeds / "third.txt")
    server.wait_idle(300, after=last)
    home = server.client.get("/").text
    assert "Library hours extended" in home  # the good one went on
    assert 'id="failed-broken"' in home
    failed = home[home.index('id="failed-broken"'):].split("</li>")[0]
    assert "input:" in failed and "no article text found" in failed, failed  # with its error
    assert ledger_rows(project)[("broken", "document")][0] == "failed"
    assert not any(p.name.startswith(".third") for p in project.output.rglob("*"))


def test_an_edited_corrections_list_is_picked_up(watched):
    project, server = watched
    last = max(j["id"] for j in server.status()["jobs"])
    before = ledger_rows(project)
    with open(project.corrections_file, "a", encoding="utf-8") as f:
        f.write('\n[[correction]]\nid = "first-libary"\nwrong = "libary"\nright = "library"\n'
                'context = "the libary service"\nscope = "first"\nexpected = 1\nstatus = "approved"\n'
                'reviewer = "Ada Editor"\nreviewed = 2027-01-01\n')
    t0 = time.time()
    server.wait_idle(300, after=last)
    job = _job_for(server, "corrections.toml")
    assert job["queued"] - t0 < 5
    assert job["results"]["first"]["status"] == "done"
    assert "second" not in job["results"]  # the runner rebuilt only the article the fix touches
    after = ledger_rows(project)
    assert after[("first", "report")][1] > before[("first", "report")][1]
    assert after[("second", "report")] == before[("second", "report")]
    report = json.loads((project.output / "first" / "report.json").read_text())
    assert [a["entry"] for a in report["corrections"]["applied"]] == ["first-libary"]
    assert "the library service" in (project.output / "first" / "summary.html").read_text()


def test_pipeline_watch_alone(tmp_path):
    """``pipeline watch`` without a server: catches up at start, picks up a new article, stops on Ctrl-C."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    project = project_with(tmp_path, {})
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
           "--voices", str(project.voices), "watch", "--stages", "report"]
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.PIPE,
                            text=True)
    try:
        lines = []
        for line in proc.stderr:  # wait until it watches
            lines.append(line)
            if line.startswith("watching "):
                break
        (project.seeds / "late.txt").write_text(FIRST)
        report = project.output / "late" / "report.json"
        end = time.monotonic() + 120
        while not report.is_file() and time.monotonic() < end:
            time.sleep(0.2)
        assert report.is_file(), lines
        assert json.loads(report.read_text())["document"]["title"] == "Council agrees new budget"
    finally:
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=30)[1]
    assert proc.returncode == 0, rest
    assert "stopped watching" in rest

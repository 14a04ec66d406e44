"""``pipeline serve`` in a real browser (Debian Chromium through Playwright) on the seed built for
real (~5 min of narration): captions load and seeking to 60 s plays from 60 s; the static review
page still works read-only from file://; a form on another origin cannot change anything; an
approval made on the page writes seeds/corrections.toml exactly as ``pipeline review --approve``
does and the article's outputs are rebuilt in the background, with progress on the page."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import SEED_SLUG, ledger_rows, run_cli
from tests.serve_support import project_with_proposal, serving

pytest.importorskip("playwright")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian chromium not installed")]

SDE = {"SOURCE_DATE_EPOCH": "1798761600"}
REVIEWER = "Ada Editor"


def _project(root):
    return project_with_proposal(root)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("served"))
    r = run_cli(project, "batch", "--no-progress", env=SDE)
    assert r.code == 0, r.err
    with serving(project, env=SDE) as server:
        yield project, server


def test_captions_load_and_seeking_plays_from_60_seconds(site, browser):
    project, server = site
    page = browser.new_page()
    console, partial, failed = [], [], []
    page.on("console", lambda m: console.append(m.text))
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("response", lambda r: partial.append(r.headers.get("content-range", ""))
            if r.url.endswith(".mp3") and r.status == 206 else None)
    page.goto(f"{server.url}{SEED_SLUG}/summary.html")
    page.wait_for_function("() => { const t = document.querySelector('#narration track');"
                           " return t && t.readyState === 2 && t.track.cues && t.track.cues.length > 10; }",
                           timeout=30_000)
    got = page.evaluate("""async () => {
        const a = document.getElementById('narration');
        a.muted = true;
        if (a.readyState < 1) await new Promise(r => a.addEventListener('loadedmetadata', r, {once: true}));
        const seeked = new Promise(r => a.addEventListener('seeked', r, {once: true}));
        a.currentTime = 60;
        await seeked;
        await a.play();
        await new Promise(r => setTimeout(r, 1500));
        a.pause();
        const cue = [...a.textTracks[0].cues].find(c => c.startTime <= a.currentTime && a.currentTime < c.endTime);
        return {t: a.currentTime, duration: a.duration, seekable: a.seekable.length ? a.seekable.end(0) : 0,
                cue: cue ? cue.id : null};
    }""")
    page.close()
    assert got["duration"] > 240
    assert got["seekable"] >= got["duration"] - 1  # the whole file is seekable (Range works)
    assert 60 <= got["t"] < 64, got                    # it played on from 60 s, it did not jump back to 0
    assert got["cue"], got                             # a caption cue covers the playing position
    assert any(cr and not cr.startswith("bytes 0-") for cr in partial), partial  # fetched from the middle
    assert not [m for m in console if "Unsafe attempt" in m], console
    assert [u for _, u in failed if not u.endswith("/favicon.ico")] == [], failed  # everything the page needs loads


def test_static_review_page_still_works_read_only(site, browser):
    project, server = site
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((project.output / SEED_SLUG / "corrections.html").as_uri())
    assert page.locator("form").count() == 0
    assert "handpicked → hand-picked" in page.locator("main").inner_text()
    assert "reviewed corrections applied" in page.locator("main").inner_text()
    page.close()
    assert errors == []


def test_a_form_on_another_origin_cannot_change_anything(site, browser):
    project, server = site
    before = project.corrections_file.read_bytes()
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{server.url}{SEED_SLUG}/corrections.html")  # the editor has the page open: cookies are set
    evil = (f'<form method="post" action="{server.url}{SEED_SLUG}/review">'
            '<input name="csrf" value="guess"><input name="id" value="sg-handpicked">'
            '<input name="action" value="approve"></form><script>document.forms[0].submit()</script>')
    ctx.route("http://evil.test/**", lambda route: route.fulfill(status=200, content_type="text/html", body=evil))
    attack = ctx.new_page()
    with attack.expect_response(f"{server.url}{SEED_SLUG}/review") as resp:
        attack.goto("http://evil.test/")
    assert resp.value.status == 403
    assert "Origin" in attack.locator("body").inner_text()
    ctx.close()
    assert project.corrections_file.read_bytes() == before


def test_nothing_from_the_article_runs_on_the_review_page(site, browser):
    project, server = site
    art = project.seeds / "zz_evil.txt"
    art.write_text("Evil <script>window.__pwned=1</script> headline\n\nThe counsil <img src=x "
                   "onerror=\"window.__pwned=2\"> met. <a href=\"javascript:window.__pwned=3\">click</a> too.\n")
    before = project.corrections_file.read_bytes()
    with open(project.corrections_file, "a", encoding="utf-8") as f:
        f.write('\n[[correction]]\nid = "sg-evil"\nwrong = "counsil"\nright = "<img src=y onerror=window.__pwned=4>"\n'
                'context = "The counsil <img"\nscope = "zz_evil"\nexpected = 1\nstatus = "proposed"\n'
                'reason = "<script>window.__pwned=5</script>"\n')
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{server.url}zz_evil/corrections.html")
        assert page.locator("mark").inner_text() == "counsil"
        page.wait_for_timeout(500)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img, a[href^='javascript:'], [onerror]").count() == 0
        assert "<script>window.__pwned=5</script>" in page.locator("main").inner_text()  # shown as text
        assert dialogs == []
    finally:
        page.close()
        art.unlink()
        project.corrections_file.write_bytes(before)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_served_pages_pass_axe(site, browser, mode):
    pytest.importorskip("axe_playwright_python")
    from tests.test_summary_browser import axe_violations

    project, server = site
    ctx = browser.new_context(color_scheme=mode)
    page = ctx.new_page()
    for path in ("", f"{SEED_SLUG}/corrections.html"):
        page.goto(server.url + path)
        assert axe_violations(page) == [], path
    ctx.close()


def test_approval_on_the_page_is_the_cli_approval_and_the_article_rebuilds(site, browser, tmp_path):
    project, server = site
    # what the CLI writes for the same decision, on a copy of the same file
    cli = _project(tmp_path)
    shutil.copy(project.corrections_file, cli.corrections_file)
    r = run_cli(cli, "review", "--approve", "sg-handpicked", "--reviewer", REVIEWER, env=SDE)
    assert r.code == 0, r.err
    before = {k: v for k, v in ledger_rows(project).items() if k[0] == SEED_SLUG}
    last_job = max([j["id"] for j in server.status()["jobs"]], default=0)

    page = browser.new_page()
    page.goto(f"{server.url}{SEED_SLUG}/corrections.html")
    proposal = page.locator("section.entry", has=page.locator("code", has_text="sg-handpicked"))
    assert proposal.locator("mark").inner_text() == "handpicked"
    assert "non-local handpicked candidate" in proposal.inner_text()
    assert proposal.get_by_role("button", name="Approve", exact=True).is_disabled()  # no name yet
    page.get_by_label("Your name").fill(REVIEWER)
    page.get_by_role("button", name="Save name").click()
    page.wait_for_url(f"**/{SEED_SLUG}/corrections.html")
    proposal.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url("**/corrections.html?done=approve*")
    assert "Approved: sg-handpicked" in page.get_by_role("alert").inner_text()
    assert project.corrections_file.read_bytes() == cli.corrections_file.read_bytes()

    decided = page.locator("section.entry", has=page.locator("code", has_text="sg-handpicked"))
    assert f"Approved by {REVIEWER} on 2027-01-01" in decided.inner_text()
    assert decided.get_by_role("button", name="Undo").is_visible()
    # progress is shown while it rebuilds, and the page says when it is done
    status = page.locator("#rebuild-status")
    page.wait_for_function("() => /Rebuilt at/.test(document.getElementById('rebuild-status').textContent)",
                           timeout=300_000)
    assert "up to date" in status.inner_text()
    server.wait_idle(60, after=last_job)
    page.close()

    after = ledger_rows(project)
    for stage in ("report", "audio", "epub", "summary"):
        assert after[(SEED_SLUG, stage)][0] == "done"
        assert after[(SEED_SLUG, stage)][1] > before[(SEED_SLUG, stage)][1], stage
    out = project.output / SEED_SLUG
    report = json.loads((out / "report.json").read_text())
    assert "sg-handpicked" in [a["entry"] for a in report["corrections"]["applied"]]
    assert "non-local hand-picked candidate" in (out / "summary.html").read_text()
    assert "hand-picked" in (out / f"{SEED_SLUG}.vtt").read_text()

"""The summary page in a real browser (Debian Chromium): axe-core in light, dark and 200% zoom,
nothing from the article runs, clicking a sentence plays from it and the spoken sentence is highlighted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.summary import build_summary
from tests.conftest import APT, SEED_SLUG, needs
from tests.test_summary_helpers import doc_for, fake_narration

pytest.importorskip("playwright")
pytest.importorskip("axe_playwright_python")
pytestmark = needs("Debian chromium", shutil.which("chromium") is not None or Path("/usr/bin/chromium").exists(),
                   f"{APT} chromium (or: make test-deps)")

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def page_for(project, name=SEED_SLUG, narration=True):
    doc, out = doc_for(project, name)
    if narration:
        fake_narration(doc, out)
    build_summary(doc, project, out)
    return out / "summary.html"


@pytest.mark.parametrize("mode", ["light", "dark", "zoom200"])
@pytest.mark.parametrize("narration", [True, False], ids=["narration", "text-only"])
def test_axe_finds_no_violations(browser, project, mode, narration):
    path = page_for(project, narration=narration)
    # 200% zoom of a 1280x800 window is a 640x400 CSS-pixel viewport at device scale 2
    size = {"width": 640, "height": 400} if mode == "zoom200" else {"width": 1280, "height": 800}
    ctx = browser.new_context(viewport=size, device_scale_factor=2 if mode == "zoom200" else 1,
                              color_scheme="dark" if mode == "dark" else "light")
    page = ctx.new_page()
    page.goto(path.as_uri())
    if mode == "dark":
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 22, 22)"
    assert axe_violations(page) == []
    if mode == "zoom200":  # reflow: no sideways scrolling at 200%
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    ctx.close()


def test_type_size_and_line_length(browser, project):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(page_for(project).as_uri())
    px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#summary li p')).fontSize)")
    chars = page.evaluate("""() => {  // how many '0' characters of the body font fit on one line
        const b = document.body, cs = getComputedStyle(b), probe = document.createElement('span');
        probe.textContent = '0'.repeat(100); probe.style.whiteSpace = 'pre'; b.appendChild(probe);
        const ch = probe.getBoundingClientRect().width / 100; probe.remove();
        return (b.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)) / ch; }""")
    assert px >= 18
    assert 65 <= chars <= 71
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
    page.close()


def test_nothing_from_the_article_runs(browser, project):
    art = project.seeds / "zz_evil.txt"
    art.write_text("Evil <script>window.__pwned=1</script> headline\n\n"
                   "The council met. <script>window.__pwned=1</script> was in the text. "
                   "So was <img src=x onerror=\"window.__pwned=2;alert(1)\"> and "
                   "<a href=\"javascript:window.__pwned=3\">click</a>. "
                   "And </script><script>window.__pwned=4</script> too.\n")
    path = page_for(project, "zz_evil")
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    for a in page.query_selector_all("#transcript .s"):
        a.click()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img, a[href^=\"javascript:\"]').length") == 0
    assert "<script>window.__pwned=1</script>" in page.inner_text("#transcript")  # shown as text
    page.close()


def test_click_a_sentence_plays_from_it_and_it_is_highlighted(browser, project):
    path = page_for(project)
    page = browser.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("document.getElementById('narration').readyState >= 1")
    page.click("#p012s02")
    # the timing map says p012s02 starts at 750 + 1000 * its position
    start = page.evaluate("JSON.parse(document.getElementById('timing').textContent).sentences"
                          ".find(s => s.id === 'p012s02').start_ms")
    assert abs(page.evaluate("document.getElementById('narration').currentTime") * 1000 - start) < 300
    page.evaluate("a => { a.pause(); a.currentTime = %f; a.dispatchEvent(new Event('timeupdate')); }" % (
        (start + 100) / 1000), page.query_selector("#narration"))
    assert page.evaluate("[...document.querySelectorAll('.speaking')].map(e => e.id)") == ["p012s02"]
    page.close()


def test_works_without_javascript(browser, project):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(page_for(project).as_uri())
    assert page.is_visible("#narration") and page.is_visible("#summary ol li")
    href = page.get_attribute("#p006 a.ts", "href")
    assert href.startswith(f"{SEED_SLUG}.mp3#t=")  # timestamps play the MP3 from there with no script
    ctx.close()

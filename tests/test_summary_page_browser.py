"""The summary page's layout in Debian Chromium (Playwright): "Listen" at the top, a control bar that stays
on screen while the narration plays, sentences playable from the keyboard, honest text without
JavaScript, captions that fall back to the transcript where a browser refuses a file: track, 390 px."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from pipeline.render import long_date, plain_level
from tests.test_summary_browser import axe_violations, page_for

PHONE = {"width": 390, "height": 844}


def started(page, sid: str) -> float:
    return page.evaluate("id => JSON.parse(document.getElementById('timing').textContent).sentences"
                         ".find(s => s.id === id).start_ms", sid)


def now_ms(page) -> float:
    return page.evaluate("document.getElementById('narration').currentTime") * 1000


def test_reading_level_and_dates_are_plain_words():
    assert plain_level(16.4) == "Hard to read: about the level of a university text"
    assert plain_level(5.8) == "Easy to read: about the level of a text for 10 to 12-year-olds"
    assert plain_level(21) == "Very hard to read: about the level of a specialist or academic text"
    assert long_date("2023-06-07") == "7 June 2023" and long_date("2015-07-24T10:00:00Z") == "24 July 2015"


def test_the_page_says_how_hard_it_is_in_words_and_dates_in_words(project):
    (project.seeds / "000_80aa22d023d213f2.meta.toml").write_text('language = "en-GB"\ndate = "2023-06-07"\n')
    html = page_for(project).read_text()
    assert "Hard to read: about the level of a university text" in html or "Very hard to read" in html
    assert "grade" not in html.split('id="level"')[1].split("</section>")[0]
    assert '<time datetime="2023-06-07">7 June 2023</time>' in html and "2023-06-07." not in html


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_listen_comes_right_after_the_headline(browser, project, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(page_for(project).as_uri())
    order = page.evaluate("[...document.querySelectorAll('main > h1, main > .byline, main > section')]"
                          ".map(e => e.id || e.tagName.toLowerCase())")
    assert order[:3] == ["h1", "p", "listen"]  # headline, byline, then the player
    top = page.evaluate("document.getElementById('narration').getBoundingClientRect().bottom")
    assert top < viewport["height"]  # the player is on the first screen, not 5,000 px down
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # no sideways scrolling
    page.close()


def test_the_control_bar_stays_on_screen_while_playing(browser, project):
    page = browser.new_page(viewport=PHONE)
    page.goto(page_for(project).as_uri())
    page.wait_for_function("document.getElementById('narration').readyState >= 1")
    bar = page.locator("#player-bar")
    assert bar.is_visible() and page.evaluate("getComputedStyle(document.getElementById('player-bar')).position") \
        == "static"
    page.click("#bar-play")
    page.wait_for_function("!document.getElementById('narration').paused")
    assert page.inner_text("#bar-play") == "Pause"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # read on, far below the player
    box = bar.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] and box["height"] < 120
    assert page.evaluate("getComputedStyle(document.getElementById('player-bar')).position") == "fixed"
    speeds = page.evaluate("[...document.querySelectorAll('#bar-speed option')].map(o => Number(o.value))")
    assert min(speeds) == 0.75 and max(speeds) == 2
    page.select_option("#bar-speed", "1.5")
    assert page.evaluate("document.getElementById('narration').playbackRate") == 1.5
    page.click("#bar-play")
    # the label follows the player's own 'pause' event: wait for it rather than race it
    page.wait_for_function("document.getElementById('narration').paused"
                           " && document.getElementById('bar-play').innerText.trim() === 'Play'", timeout=10000)
    assert page.inner_text("#bar-play") == "Play"
    assert bar.is_visible()  # paused part-way: still there to resume
    page.evaluate("document.getElementById('narration').currentTime = 25")
    page.click("#bar-back")
    assert abs(now_ms(page) - 15000) < 100
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_sentences_are_reachable_and_playable_by_keyboard(browser, project, key):
    page = browser.new_page()
    page.goto(page_for(project).as_uri())
    page.wait_for_function("document.getElementById('narration').readyState >= 1")
    page.focus("#p006s01")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # arrive by keyboard, so that :focus-visible applies
    assert page.evaluate("document.activeElement.id") == "p006s01"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert float(page.evaluate("getComputedStyle(document.activeElement).outlineWidth")[:-2]) >= 2
    scroll = page.evaluate("window.scrollY")
    page.evaluate("() => { const a = document.getElementById('narration'); window.__from = null; "
                  "a.addEventListener('play', () => { window.__from = a.currentTime * 1000; }, {once: true}); }")
    page.keyboard.press(key)
    page.wait_for_function("window.__from !== null")  # where playback started (a loaded machine may lag)
    assert abs(page.evaluate("window.__from") - started(page, "p006s01")) < 100
    # Space played, it did not scroll a screenful (the bar leaving the flow may move the page a little)
    assert abs(page.evaluate("window.scrollY") - scroll) < 100
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "p007s01"  # the next sentence
    page.close()


def test_without_javascript_it_says_only_what_works(browser, project):
    ctx = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = ctx.new_page()
    page.goto(page_for(project).as_uri())
    text = page.inner_text("body").lower()
    assert "click" not in text and "press a sentence" not in text and "tab key" not in text
    assert page.evaluate("document.querySelectorAll('a[href*=\"#t=\"]').length") == 0  # nothing leaves for the MP3
    assert not page.is_visible("#player-bar") and page.is_visible("#narration")
    assert page.is_visible("#p006 .ts")  # paragraph start times stay, as text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ctx.close()


def test_a_refused_file_track_falls_back_to_the_transcript_and_says_so(browser, project):
    page = browser.new_page()
    page.goto(page_for(project).as_uri())  # file: Chromium refuses the .vtt ("unique security origins")
    page.wait_for_function("document.querySelector('track').readyState === 3")
    assert page.is_visible("#captions-note") and "opened from a file" in page.inner_text("#captions-note")
    start = started(page, "p012s02")
    page.evaluate("ms => { const a = document.getElementById('narration'); a.currentTime = ms / 1000; "
                  "a.dispatchEvent(new Event('timeupdate')); }", start + 100)
    page.wait_for_function("document.getElementById('now').textContent.length > 0")
    assert page.inner_text("#now") == page.inner_text("#p012s02")
    page.close()


def test_over_http_chromium_loads_the_captions_and_no_fallback_is_shown(browser, project):
    path = page_for(project)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(path.parent))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/{path.name}")
        page.wait_for_function("document.querySelector('track').readyState === 2")
        cues = page.evaluate("[...document.querySelector('track').track.cues].map(c => c.id)")
        assert cues[:2] == ["p001s01", "p002s01"]
        assert not page.is_visible("#captions-note") and not page.is_visible("#now")
        page.close()
    finally:
        server.shutdown()

"""Captions (.vtt), MP3 chapters and tags, checked with the clients people use: webvtt-py,
Chromium's <track> cues, ffprobe's chapter list and mutagen's tags.

The splitting rules are tested on text alone (fast); one article with long sentences, names and a
dated byline is narrated once with the real engine (espeak-ng) for the rest (marked slow).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from pipeline.speech import captions
from pipeline.speech.captions import MAX_CHARS, MAX_MS, MIN_MS, cue_ids, lines, sentence_cues, word_times
from pipeline.speech.script import short_title
from tests.audio_support import make_doc
from tests.conftest import APT, needs

LONG = ("Andy Burnham, the Mayor of Greater Manchester, said that the rural voting regions were falling "
        "broadly along leave and remain lines, and that nobody in Westminster had noticed it at all.")


# --- the rules, on text -------------------------------------------------------------------------

def test_cues_keep_the_limits_and_the_words_in_order():
    cues = sentence_cues(LONG, LONG, None, 1000, 14000)
    assert len(cues) >= 3
    assert " ".join(c.text.replace("\n", " ") for c in cues) == LONG
    for c in cues:
        assert len(c.text.split("\n")) <= 2 and all(len(line) <= MAX_CHARS for line in c.text.split("\n"))
        assert MIN_MS <= c.end_ms - c.start_ms <= MAX_MS
    assert cues[0].start_ms == 1000 and cues[-1].end_ms == 14000
    assert all(a.end_ms == b.start_ms for a, b in zip(cues, cues[1:]))


def test_breaks_fall_at_phrase_boundaries_never_inside_a_name():
    cues = sentence_cues(LONG, LONG, None, 0, 14000)
    pieces = [line for c in cues for line in c.text.split("\n")]
    text = " | ".join(pieces)
    for name in ("Andy Burnham", "Greater Manchester"):
        assert name in pieces[0] + " " + " ".join(pieces[1:]) and f"{name.split()[0]} |" not in text
    # every break is after punctuation or before a conjunction/preposition
    ends_ok = [p[-1] in ",.;:" or p2.split()[0].lower() in captions.JOINERS for p, p2 in zip(pieces, pieces[1:])]
    assert sum(ends_ok) >= len(ends_ok) - 1, text
    assert lines("a short line".split()) == ["a short line"]
    assert lines(["x" * 50]) is None


def test_cue_ids_derive_from_the_sentence_id():
    assert cue_ids("p003s01", 3) == ["p003s01", "p003s01-2", "p003s01-3"]


def test_written_words_take_the_time_of_the_spoken_words_they_match():
    spoken = "It cost five pounds in Leeds"
    events = [(0, 100), (3, 300), (8, 600), (13, 900), (20, 1500), (23, 1700)]  # the engine's word starts
    got = word_times("It cost £5 in Leeds", spoken, events, 100, 2200)
    assert got[0] == ("It", 100) and got[1] == ("cost", 300)
    assert got[3] == ("in", 1500) and got[4] == ("Leeds", 1700)  # matched after the rewritten number
    assert 300 < got[2][1] < 1500  # "£5" said as two words: placed between its neighbours


def test_chapter_titles_are_cut_at_a_word_to_sixty_characters():
    t = short_title("Ian Lavery exclusive – Following Hartlepool, Labour must urgently learn the lessons")
    assert len(t) <= 60 and t.endswith("\u2026") and t.startswith("Ian Lavery exclusive")
    assert short_title("Short heading") == "Short heading"
    assert short_title("\u201cA quoted pull quote\u201d") == "A quoted pull quote"


# --- the narrated article, read back by real clients -------------------------------------------

pytest_slow = pytest.mark.slow


def _ms(stamp: str) -> int:
    """webvtt-py's "00:01:02.345" as milliseconds (its *_in_seconds are whole seconds)."""
    h, m, sec = stamp.split(":")
    return (int(h) * 3600 + int(m) * 60) * 1000 + round(float(sec) * 1000)
have_tools = bool(shutil.which("espeak-ng") and shutil.which("ffmpeg"))


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    if not have_tools:
        needs("espeak-ng and ffmpeg", False, f"{APT} espeak-ng ffmpeg")
        pytest.skip("espeak-ng and ffmpeg are needed")
    from pipeline.speech.narrate import narrate
    from tests.test_audio import new_project

    root = tmp_path_factory.mktemp("captions")
    project = new_project(root)
    doc = make_doc([
        ("heading", ["Following Hartlepool, the party must urgently learn the lessons of a defeat that nobody "
                     "in the leadership saw coming"]),
        ("quote", ["Electoral successes show there is a path forward, and it must be embraced before it is "
                   "too late, said Ian Lavery."]),
        ("paragraph", [LONG, "It rained.", "The council will meet again next week to talk about the new "
                       "library, the roads near the station and the plans for the old market in Leeds."]),
    ], slug="caps", title="Following Hartlepool")
    doc.meta.date = "2021-05-11"
    doc.meta.publisher = ""
    out = project.output / "caps"
    narrate(doc, project, out, progress=False)
    return project, doc, out


@pytest_slow
def test_webvtt_py_parses_every_cue_within_the_limits(narrated):
    import webvtt

    _, doc, out = narrated
    vtt = webvtt.read(str(out / "caps.vtt"))
    timing = json.loads((out / "timing.json").read_text())
    parts = [p for s in timing["sentences"] for p in s["parts"]]
    assert len(vtt.captions) == len(parts) > len(list(doc.sentences()))
    for cap, part in zip(vtt.captions, parts):
        assert len(cap.lines) <= 2 and all(len(line) <= MAX_CHARS for line in cap.lines), cap.lines
        ms = _ms(cap.end) - _ms(cap.start)
        assert ms <= MAX_MS, cap.identifier
        assert cap.text == part["text"]
        assert _ms(cap.start) <= part["start_ms"] and _ms(cap.end) >= part["end_ms"]  # shown while spoken
    ids = [c.identifier for c in vtt.captions]
    assert all(re.fullmatch(r"p\d{3}[sa]\d{2}(-\d+)?", i) for i in ids) and len(set(ids)) == len(ids)
    for a, b in zip(vtt.captions, vtt.captions[1:]):
        assert _ms(a.end) <= _ms(b.start)  # never two at once
    short = [c for c in vtt.captions if _ms(c.end) - _ms(c.start) < MIN_MS]
    assert not short, [c.identifier for c in short]  # "It rained." is held for a second


@pytest_slow
def test_cue_boundaries_are_the_engines_word_boundaries(narrated):
    """Each cue that starts after a comma or full stop starts where the sound resumes after the
    pause (the decoded MP3's own silence), within 60 ms: the times are real, not interpolated."""
    from tests.caption_error import boundary_errors

    _, _, out = narrated
    errors = boundary_errors(out / "caps.mp3", json.loads((out / "timing.json").read_text()))
    assert len(errors) >= 3
    assert max(abs(e) for e in errors) <= 60, errors


@pytest_slow
def test_ffprobe_lists_chapters_in_time_order_with_their_titles(narrated):
    _, _, out = narrated
    data = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(out / "caps.mp3")],
                                     capture_output=True, text=True, check=True).stdout)
    chapters = data["chapters"]
    starts = [float(c["start_time"]) for c in chapters]
    assert starts == sorted(starts) and starts[0] == 0 and len(chapters) == 3
    titles = [c["tags"]["title"] for c in chapters]
    assert titles[0].startswith("Following Hartlepool, the party must") and titles[0].endswith("\u2026")
    assert titles[1].startswith("Electoral successes show") and titles[2].startswith("Andy Burnham")
    assert all(len(t) <= 60 for t in titles)


@pytest_slow
def test_mutagen_reads_album_and_date(narrated):
    from mutagen.id3 import ID3

    project, _, out = narrated
    tags = ID3(out / "caps.mp3")
    assert str(tags["TDRC"]) == "2021-05-11"
    assert str(tags["TALB"]) == project.settings.feed.title  # no publisher: the series title


@pytest_slow
def test_chromium_track_loads_the_same_cues(narrated, browser, tmp_path):
    import webvtt

    _, _, out = narrated
    page_dir = tmp_path / "site"
    page_dir.mkdir()
    shutil.copy(out / "caps.vtt", page_dir / "caps.vtt")
    (page_dir / "index.html").write_text('<!doctype html><video><track id="t" kind="captions" src="caps.vtt" '
                                         'srclang="en" default></video>')
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"], cwd=page_dir,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"port (\d+)", server.stdout.readline()).group(1))
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/index.html")
        page.wait_for_function("document.getElementById('t').readyState === 2", timeout=15000)
        cues = page.evaluate("""() => Array.from(document.getElementById('t').track.cues,
            c => ({id: c.id, start: c.startTime, end: c.endTime, text: c.text}))""")
        page.close()
    finally:
        server.terminate()
        server.wait()
    ours = webvtt.read(str(out / "caps.vtt")).captions
    assert len(cues) == len(ours)
    for c, o in zip(cues, ours):
        assert c["id"] == o.identifier
        assert abs(c["start"] * 1000 - _ms(o.start)) < 1 and abs(c["end"] * 1000 - _ms(o.end)) < 1
        lines_ = c["text"].split("\n")
        assert len(lines_) <= 2 and all(len(x.replace("&amp;", "&")) <= MAX_CHARS for x in lines_)
        assert MIN_MS / 1000 - 0.001 <= c["end"] - c["start"] <= MAX_MS / 1000

"""The synthesis pool with engines whose audio depends on the text alone (hibari): one worker
process per core says a share of the sentences, instead of one process per sentence.

A fault in the middle of a share (hang, crash, silent audio, a failure that goes away) must end
exactly as it does with one process per sentence: the sentence named, retried, the rest of the
share said by another worker, nothing half-written.
"""

from __future__ import annotations

import json
from collections import deque

import pytest

from pipeline.errors import SynthesisError
from pipeline.speech.cache import SpeechCache
from pipeline.speech.engine import engine_class
from pipeline.speech.narrate import narrate
from pipeline.speech.pool import Job, deal, synthesise
from tests import audio_support  # noqa: F401  (registers the test engines)
from tests.audio_support import fake_profile
from tests.test_audio_faults import assert_nothing_half_written, doc_with, fast_timeout  # noqa: F401 (fixture)

TEXTS = [f"Sentence number {w} of the article, said by some worker." for w in
         ("one", "two", "three", "four", "five", "six", "seven")]


def test_shares_are_balanced_by_text_and_keep_every_job_once():
    jobs = [Job(str(i), str(i), "x" * n) for i, n in enumerate([50, 10, 40, 30, 5, 20, 45])]
    pending = deque(jobs)
    shares = deal(pending, 2)
    assert not pending and len(shares) == 2
    assert sorted(j.sid for s in shares for j in s) == sorted(j.sid for j in jobs)
    sizes = sorted(sum(len(j.text) for j in s) for s in shares)
    assert sizes == [100, 100]  # 50+30+20 and 45+40+10+5, dealt longest first
    for s in shares:
        assert [len(j.text) for j in s] == sorted((len(j.text) for j in s), reverse=True)
    assert deal(deque(jobs[:1]), 4) == [[jobs[0]]]  # no empty shares


@pytest.mark.parametrize("engine,processes", [("fake-pid-shared", 2), ("fake-pid", len(TEXTS))])
def test_a_stateless_engine_pays_one_process_per_worker(tmp_path, monkeypatch, engine, processes):
    state = tmp_path / "state"
    state.mkdir()
    monkeypatch.setenv("FAKE_TTS_STATE", str(state))
    cache = SpeechCache(tmp_path / "cache")
    jobs = [Job(f"s{i}", f"{i:064x}", t) for i, t in enumerate(TEXTS)]
    done = []
    n = synthesise(jobs, engine_class(engine), {"voice": "tone"}, cache, workers=2, on_done=done.append)
    assert n == len(TEXTS) and sorted(j.sid for j in done) == sorted(j.sid for j in jobs)
    assert all(cache.has(j.key) for j in jobs)
    assert len({p.read_text() for p in state.iterdir()}) == processes


@pytest.mark.parametrize("engine,sentence,why", [
    ("fake-hang-shared", "This sentence will hang the engine.", "timed out after 2 s"),
    ("fake-crash-shared", "This sentence will crash the engine.", "engine process crashed (exit code 9)"),
    ("fake-silent-shared", "This sentence comes out quiet.", "silent audio"),
])
def test_a_fault_in_a_share_names_the_sentence_and_keeps_the_others(project, fast_timeout, engine, sentence, why):
    out = project.output / "faulty"
    doc = doc_with(sentence)
    with pytest.raises(SynthesisError) as err:
        narrate(doc, project, out, profile=fake_profile(engine), progress=False)
    msg = str(err.value)
    assert "sentence p002s02" in msg and why in msg and "failed 3 times" in msg, msg
    assert_nothing_half_written(project, out)
    fixed = narrate(doc_with("This sentence is fixed now."), project, out, profile=fake_profile(engine),
                    progress=False)
    assert fixed.synthesised == 1 and fixed.cached == 3  # the rest of the failed sentence's share was said


def test_a_transient_failure_in_a_share_is_retried(project, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_TTS_STATE", str(tmp_path))
    r = narrate(doc_with("Every sentence fails once first."), project, project.output / "faulty",
                profile=fake_profile("fake-flaky-shared"), progress=False)
    assert r.synthesised == 4 and len(list(tmp_path.glob("*.seen"))) == 4
    timing = json.loads((project.output / "faulty" / "timing.json").read_text())
    assert len(timing["sentences"]) == 4

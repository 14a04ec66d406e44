"""An engine that hangs, crashes, says nothing or fails once; missing tools; bad engine or voice.

Each failure must end in one clear PipelineError naming what went wrong (the sentence id for a
synthesis failure), and nothing half-written: no outputs, no cache entry for the failed sentence,
no scratch files.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from pipeline.speech.narrate import narrate
from pipeline.errors import ConfigError, DependencyError, SynthesisError
from pipeline.speech import engine as engine_mod
from pipeline.speech.cache import SpeechCache
from pipeline.speech.voices import VoiceProfile, load_profile
from tests.audio_support import PLUGIN, fake_profile, make_doc, small_doc
from tests.conftest import APT, REPO, needs, run_cli

needs_tools = needs("espeak-ng and ffmpeg", bool(shutil.which("espeak-ng") and shutil.which("ffmpeg")),
                    f"{APT} espeak-ng ffmpeg")


def doc_with(sentence: str):
    return make_doc([("heading", ["Fault injection"]),
                     ("paragraph", ["The first sentence is fine.", sentence, "The last one is fine too."])],
                    slug="faulty")


def assert_nothing_half_written(project, out: Path):
    assert not out.exists() or not [p for p in out.iterdir() if p.name != "report.json"], list(out.iterdir())
    cache = SpeechCache.for_project(project).root
    assert not list(cache.glob(".tmp-*")), "scratch folder left behind"
    for wav in cache.rglob("*.wav"):
        assert wav.read_bytes()[:4] == b"RIFF" and wav.stat().st_size > 44


@pytest.fixture
def fast_timeout(monkeypatch):
    monkeypatch.setenv("PIPELINE_TTS_TIMEOUT", "1.5")


@pytest.mark.parametrize("engine,sentence,why", [
    ("fake-hang", "This sentence will hang the engine.", "timed out after 2 s"),
    ("fake-crash", "This sentence will crash the engine.", "engine process crashed (exit code 9)"),
    ("fake-silent", "This sentence comes out quiet.", "silent audio"),
])
def test_a_failing_engine_names_the_sentence_and_leaves_nothing(project, fast_timeout, engine, sentence, why):
    out = project.output / "faulty"
    with pytest.raises(SynthesisError) as err:
        narrate(doc_with(sentence), project, out, profile=fake_profile(engine), progress=False)
    msg = str(err.value)
    assert "sentence p002s02" in msg and why in msg and "failed 3 times" in msg, msg
    assert_nothing_half_written(project, out)


def test_a_failure_keeps_the_good_sentences_in_the_cache_for_next_time(project, fast_timeout):
    out = project.output / "faulty"
    with pytest.raises(SynthesisError):
        narrate(doc_with("This sentence will crash the engine."), project, out, profile=fake_profile("fake-crash"),
                progress=False)
    fixed = narrate(doc_with("This sentence is fixed now."), project, out, profile=fake_profile("fake-crash"),
                    progress=False)
    assert fixed.synthesised == 1 and fixed.cached == 3


def test_a_transient_failure_is_retried(project, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_TTS_STATE", str(tmp_path))
    r = narrate(doc_with("Every sentence fails once first."), project, project.output / "faulty",
                profile=fake_profile("fake-flaky"), progress=False)
    assert r.synthesised == 4 and len(list(tmp_path.glob("*.seen"))) == 4
    timing = json.loads((project.output / "faulty" / "timing.json").read_text())
    assert len(timing["sentences"]) == 4


def test_cli_reports_a_hung_engine_without_a_traceback(project):
    art = project.seeds / "faulty.txt"
    art.write_text("Fault injection\n\nBy Ada Writer\n\nThe first sentence is fine. "
                   "This sentence will hang the engine. The last one is fine too.\n")
    (project.voices / "hang.toml").write_text('engine = "fake-hang"\nvoice = "tone"\nlanguage = "en-GB"\n')
    res = run_cli(project, "audio", "faulty", "--profile", "hang",
                  env={"PIPELINE_TTS_PLUGINS": PLUGIN, "PIPELINE_TTS_TIMEOUT": "1", "PYTHONPATH": str(REPO)})
    assert res.code == 7, res.err
    assert "error[synthesis]: sentence p" in res.err and "timed out" in res.err
    assert "Traceback" not in res.err and res.out == ""
    assert_nothing_half_written(project, project.output / "faulty")


def test_unknown_engine_lists_the_available_ones(project):
    bad = VoiceProfile(name="x", engine="festival", voice="v", language="en-GB")
    with pytest.raises(ConfigError) as err:
        narrate(small_doc(), project, project.output / "tiny", profile=bad, progress=False)
    assert "unknown speech engine 'festival'" in str(err.value) and "pyttsx3" in str(err.value)


@needs_tools
def test_unknown_voice_lists_the_available_voices(project):
    prof = VoiceProfile(name="x", engine="pyttsx3", voice="gmw/en-XX-nowhere", language="en-GB")
    with pytest.raises(ConfigError) as err:
        narrate(small_doc(), project, project.output / "tiny", profile=prof, progress=False)
    msg = str(err.value)
    assert "unknown voice 'gmw/en-XX-nowhere'" in msg and "gmw/en-us" in msg and "gmw/en" in msg
    assert_nothing_half_written(project, project.output / "tiny")


def test_missing_espeak_library_says_what_to_install(project, monkeypatch):
    monkeypatch.setattr(engine_mod, "ESPEAK_LIBS", ("libespeak-ng-missing.so.9",))
    with pytest.raises(DependencyError) as err:
        narrate(small_doc(), project, project.output / "tiny", profile=load_profile(project.voices), progress=False)
    assert "espeak-ng" in str(err.value) and "apt-get install espeak-ng ffmpeg" in str(err.value)


def test_missing_ffmpeg_says_what_to_install(project, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg on it
    with pytest.raises(DependencyError) as err:
        narrate(small_doc(), project, project.output / "tiny", profile=fake_profile("fake-tone"), progress=False)
    assert "ffmpeg" in str(err.value) and "apt-get install espeak-ng ffmpeg" in str(err.value)
    assert_nothing_half_written(project, project.output / "tiny")


@needs_tools
def test_engine_chatter_never_reaches_stdout(project):
    res = run_cli(project, "audio", "--no-progress")
    assert res.code == 0, res.err
    assert "Audio saved" not in res.out and "Audio saved" not in res.err
    assert all(Path(line).is_file() for line in res.out.splitlines()), res.out
    slug = "000_80aa22d023d213f2"
    assert res.out.splitlines() == [str(project.output / slug / n) for n in
                                    (f"{slug}.mp3", f"{slug}.vtt", "timing.json", "script.json")]
    again = run_cli(project, "audio", "--no-progress")
    assert again.code == 0 and "0 synthesised" in again.err and "up to date" in again.err


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))

"""The pieces of the audio stage on their own: limiter, layout, captions, language codes, chunks, cache keys."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.speech import dsp, timeline
from pipeline.speech.cache import sentence_key
from pipeline.clock import mmss, smil, vtt
from pipeline.speech.companions import _cue_text, id3_language
from pipeline.speech.engine import EngineFailure, chunks, speakable, verify


@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=300), st.integers(1, 20))
@settings(max_examples=60, deadline=None)
def test_min_filter_matches_the_definition(xs, w):
    x = np.array(xs)
    got = dsp._min_filter(x, w)
    want = [min(xs[max(0, i - w):i + w + 1]) for i in range(len(xs))]
    assert np.allclose(got, want)


def test_limiter_keeps_every_sample_under_the_ceiling_and_leaves_quiet_parts_alone():
    rng = np.random.default_rng(1)
    y = (rng.standard_normal(22050) * 0.1).astype(np.float32)
    y[5000:5010] = 0.95  # a few peaks well over the ceiling
    y[15000] = -0.9
    ceiling = 10 ** (dsp.CEILING_DB / 20)
    out, limited = dsp.limit(y.copy(), ceiling, 88)
    assert limited and np.abs(out).max() <= ceiling + 1e-6
    far = np.r_[0:4000, 7000:14000, 17000:22050]
    assert np.array_equal(out[far], y[far])  # gain is exactly 1 away from the peaks
    same, limited = dsp.limit(y[far].copy(), 1.0, 88)
    assert not limited and np.array_equal(same, y[far])


def test_layout_is_exact_in_milliseconds_and_samples():
    clips = [timeline.Clip("a", None, 350), timeline.Clip("b", None, 750), timeline.Clip("c", None, 1000)]
    for c, n in zip(clips, (22050, 1, 0)):
        c.end = n
    slots, total = timeline.layout(clips, 22050)
    assert [(s.start_ms, s.end_ms) for s in slots] == [(750, 1751), (2101, 2102), (2852, 3152)]
    assert total == 3152 + timeline.TAIL_MS
    for s in slots:  # the samples given to a slot always hold its clip
        assert timeline.at(s.end_ms, 22050) - timeline.at(s.start_ms, 22050) >= {"a": 22050, "b": 1, "c": 0}[s.sid]


def test_vtt_timestamps_and_escaping():
    assert vtt(0) == "00:00:00.000" and vtt(3_723_004) == "01:02:03.004"
    assert smil(3_723_004) == "1:02:03.004" and mmss(3_723_004) == "1:02:03" and mmss(83_600) == "1:24"
    assert _cue_text("Tom & Jerry <b>say</b>\n --> go") == "Tom &amp; Jerry &lt;b&gt;say&lt;/b&gt; --&gt; go"


def test_id3_language_codes():
    assert id3_language("en-GB") == "eng" and id3_language("fr") == "fre" and id3_language("cym") == "cym"
    assert id3_language("") == "und" and id3_language("xx-YY") == "und"


def test_chunks_split_long_runs_at_punctuation_when_there_is_some():
    text = " ".join(["word"] * 100 + ["end,"] + ["more"] * 50)
    parts = chunks(text, 120)
    assert parts[0].endswith("end,") and " ".join(parts) == text
    assert chunks("  short  text ") == ["short text"] and chunks("") == []
    assert all(len(p.split()) <= 60 for p in chunks(" ".join(["w"] * 1000)))


def test_speakable_and_verify():
    assert speakable("No. 5") and not speakable("*** —") and not speakable("")
    tone = (np.sin(np.arange(22050 * 3) / 5) * 8000).astype(np.int16)
    verify(tone, 22050, "seven words said in about three seconds", 165)
    for bad, why in ((np.zeros(22050, np.int16), "silent"), (tone[:500], "too short"),
                     (np.zeros(0, np.int16), "empty")):
        try:
            verify(bad, 22050, "seven words said in about three seconds", 165)
        except EngineFailure as e:
            assert why in str(e)
        else:
            raise AssertionError(f"{why} audio passed verification")


def test_cache_key_depends_on_everything_that_changes_the_sound():
    base = dict(engine="pyttsx3", engine_version="1", settings={"voice": "gmw/en", "rate": 165}, lexicon="",
                spoken="Hello.")
    k = sentence_key(**base)
    assert k == sentence_key(**base)
    for change in ({"spoken": "Hello!"}, {"settings": {"voice": "gmw/en", "rate": 166}}, {"lexicon": "ab"},
                   {"engine_version": "2"}, {"engine": "other"}):
        assert sentence_key(**{**base, **change}) != k


def test_read_wav_conforms_any_engine_output_to_mono_16_bit(tmp_path):
    """pydub reads what an engine wrote and conforms it: stereo 8-bit in, mono 16-bit out."""
    import wave

    import numpy as np

    from pipeline.speech.engine import EngineFailure, read_wav

    path = tmp_path / "stereo8.wav"
    t = np.arange(2205)
    left = (128 + 100 * np.sin(2 * np.pi * 440 * t / 22050)).astype(np.uint8)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(1)
        w.setframerate(22050)
        w.writeframes(np.column_stack([left, left]).tobytes())
    x, rate = read_wav(path)
    assert rate == 22050 and x.dtype == np.dtype("<i2") and len(x) == 2205
    assert 20000 < np.abs(x.astype(np.int32)).max() < 32768  # full 16-bit scale, not 8-bit values
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    import pytest

    with pytest.raises(EngineFailure, match="unreadable WAV"):
        read_wav(tmp_path / "broken.wav")

"""The timing map type: built by hand, written and read back by the one reader, stamp checked."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import InputError
from pipeline.timing import Chapter, Cue, SentenceTiming, Timing, read_timing, read_timing_if_any


def _timing(**kw) -> Timing:
    base = dict(slug="a", audio="a.mp3", duration_ms=5000,
                sentences=[SentenceTiming("p001s01", 750, 2000),
                           SentenceTiming("p001s02", 2350, 4000, (Cue(2350, 3000, "Hello"), Cue(3000, 4000, "world")))],
                chapters=[Chapter("Headline", "p001s01", 0, 5000)])
    return Timing(**(base | kw))


def test_round_trip_through_the_file(tmp_path):
    t = _timing()
    t.write(tmp_path)
    back = read_timing(tmp_path, ["p001s01", "p001s02"])
    assert back == t
    assert back.by_id["p001s02"].parts[1].text == "world"
    data = json.loads((tmp_path / "timing.json").read_text())
    assert data["schema"] == 2 and "parts" not in data["sentences"][0]  # no parts: none were given


@pytest.mark.parametrize("change, match", [
    (lambda d: d.update(schema=3), "schema 3"),
    (lambda d: d.update(audio="../x.mp3"), "file name"),
    (lambda d: d.update(duration_ms=0), "positive whole"),
    (lambda d: d["sentences"][1].update(start_ms=1000), "p001s02"),
    (lambda d: d["sentences"][1].update(end_ms=9000), "within the narration"),
    (lambda d: d["sentences"][1]["parts"][0].update(start_ms=100), "part"),
    (lambda d: d["chapters"][0].pop("title"), "chapter"),
])
def test_reader_refuses_a_broken_map(tmp_path, change, match):
    data = _timing().to_dict()
    change(data)
    (tmp_path / "timing.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match=match):
        read_timing(tmp_path)


def test_sentences_must_be_the_documents(tmp_path):
    _timing().write(tmp_path)
    with pytest.raises(InputError, match="does not match the document"):
        read_timing(tmp_path, ["p001s01"])
    with pytest.raises(InputError, match="order differs"):
        _timing().check_sentences(["p001s02", "p001s01"])


def test_optional_reader_says_why(tmp_path):
    assert read_timing_if_any(tmp_path) == (None, "no timing.json")
    (tmp_path / "timing.json").write_text("{")
    t, why = read_timing_if_any(tmp_path)
    assert t is None and "cannot read" in why

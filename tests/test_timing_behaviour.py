"""The timing map as the EPUB's media overlays, the summary page and the catalogue rely on it:
what timing.json holds, which maps are refused (and how that is said), and the boundaries that
are allowed (sentences back to back, a sentence ending with the narration, zero-length word cues).
Fast and in-process: `make mutate` uses these with test_timing.py for pipeline/timing.py.

Equivalent mutants (no behaviour tells them apart, so no test kills them):
- ``ensure_ascii=False`` -> ``None`` (also false).
- reading timing.json as "UTF-8" or with the locale's encoding: the same on a UTF-8 locale, which
  is all a test process has.
"""

from __future__ import annotations

import json

import pytest

from pipeline.errors import InputError
from pipeline.timing import Chapter, Cue, SentenceTiming, Timing, read_timing, read_timing_if_any

IDS = ["p001s01", "p001s02"]


def data(**over) -> dict:
    d = {"schema": 1, "slug": "art", "audio": "art.mp3", "duration_ms": 4000,
         "sentences": [{"id": "p001s01", "start_ms": 0, "end_ms": 1500},
                       {"id": "p001s02", "start_ms": 1500, "end_ms": 4000,
                        "parts": [{"start_ms": 1500, "end_ms": 1500, "text": "Hi"},
                                  {"start_ms": 1500, "end_ms": 4000, "text": "there"}]}],
         "chapters": [{"title": "Headline", "sentence": "p001s01", "start_ms": 0, "end_ms": 4000}]}
    d.update(over)
    return d


def refused(d, ids=None) -> InputError:
    with pytest.raises(InputError) as e:
        Timing.from_dict(d, "out/art/timing.json", ids)
    assert str(e.value).startswith("out/art/timing.json: ")
    return e.value


def test_a_valid_map_reads_in_full_with_back_to_back_edges():
    t = Timing.from_dict(data(), "somewhere/timing.json", IDS)
    assert (t.slug, t.audio, t.duration_ms, t.schema, t.source) == ("art", "art.mp3", 4000, 1, "somewhere/timing.json")
    assert t.sentences == (SentenceTiming("p001s01", 0, 1500),
                           SentenceTiming("p001s02", 1500, 4000, (Cue(1500, 1500, "Hi"), Cue(1500, 4000, "there"))))
    assert t.chapters == (Chapter("Headline", "p001s01", 0, 4000),)
    assert [s.ms for s in t.sentences] == [1500, 2500]
    assert t.by_id["p001s02"].parts[1].text == "there"


def test_written_file_is_stable_json_with_parts_only_where_there_are_some(tmp_path):
    t = Timing.from_dict(data())
    path = t.write(tmp_path)
    assert path == tmp_path / "timing.json"
    text = path.read_text("utf-8")
    assert text == json.dumps(data(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert read_timing(tmp_path, IDS) == t
    assert read_timing(tmp_path).source == str(tmp_path / "timing.json")


def test_non_ascii_text_is_written_as_is(tmp_path):
    d = data()
    d["chapters"][0]["title"] = "Café – naïve"
    Timing.from_dict(d).write(tmp_path)
    assert "Café – naïve" in (tmp_path / "timing.json").read_text("utf-8")


def test_a_map_built_in_code_equals_the_one_read_back(tmp_path):
    t = Timing(slug="art", audio="art.mp3", duration_ms=4000, sentences=[SentenceTiming("p001s01", 0, 4000)],
               chapters=[Chapter("H", "p001s01", 0, 4000)], source="elsewhere")
    assert isinstance(t.sentences, tuple) and isinstance(t.chapters, tuple) and hash(t)
    t.write(tmp_path)
    assert read_timing(tmp_path) == t
    assert Timing(slug="art", audio="art.mp3", duration_ms=4000, sentences=[]).to_dict() == {
        "schema": 2, "slug": "art", "audio": "art.mp3", "duration_ms": 4000, "sentences": [], "chapters": []}


@pytest.mark.parametrize("d,message", [
    (data(schema=3), "timing map schema 3; this pipeline reads schema 1 or 2"),
    ({k: v for k, v in data().items() if k != "schema"}, "timing map schema None; this pipeline reads schema 1 or 2"),
    ([1, 2], "timing map schema None"),
    (data(audio="../x.mp3"), "'audio' must be the narration's file name beside it, not '../x.mp3'"),
    (data(audio=""), "not ''"),
    (data(audio=5), "not 5"),
    (data(audio="sub/art.mp3"), "not 'sub/art.mp3'"),
    (data(duration_ms=0), "needs a positive whole 'duration_ms' and a 'sentences' list"),
    (data(duration_ms=-5), "positive whole 'duration_ms'"),
    (data(duration_ms=4000.0), "positive whole 'duration_ms'"),
    (data(duration_ms=True), "positive whole 'duration_ms'"),
    (data(sentences={"p001s01": 1}), "a 'sentences' list"),
])
def test_a_broken_map_is_refused_saying_what_is_wrong(d, message):
    assert message in str(refused(d))


@pytest.mark.parametrize("row,message", [
    ({"id": "p001s02", "start_ms": 1499, "end_ms": 4000}, "sentence p001s02: times 1499..4000"),
    ({"id": "p001s02", "start_ms": 2000, "end_ms": 2000}, "sentence p001s02: times 2000..2000"),
    ({"id": "p001s02", "start_ms": 1500, "end_ms": 4001}, "sentence p001s02: times 1500..4001"),
    ({"id": "p001s02", "start_ms": 1500.0, "end_ms": 4000}, "sentence p001s02: times 1500.0..4000"),
    ({"id": "p001s02", "start_ms": 1500, "end_ms": "4000"}, "sentence p001s02: times 1500..'4000'"),
    ({"id": "p001s02", "start_ms": False, "end_ms": 4000}, "sentence p001s02: times False..4000"),
    ({"id": 7, "start_ms": 1500, "end_ms": 4000}, "sentence 7: times 1500..4000"),
    ("p001s02", "sentence None: times None..None"),
])
def test_sentence_times_must_be_in_order_and_inside_the_narration(row, message):
    d = data()
    d["sentences"][1] = row
    assert str(refused(d)).startswith(f"out/art/timing.json: {message} must be whole ms, start < end, after the "
                                      "previous sentence (1500) and within the narration (4000)")


def test_the_first_sentence_may_not_start_before_zero():
    d = data()
    d["sentences"][0]["start_ms"] = -1
    assert "sentence p001s01: times -1..1500" in str(refused(d))


@pytest.mark.parametrize("parts,message", [
    ({"text": "x"}, "'parts' must be a list"),
    ([{"start_ms": 1499, "end_ms": 2000, "text": "x"}], "part"),
    ([{"start_ms": 1500, "end_ms": 4001, "text": "x"}], "part"),
    ([{"start_ms": 2000, "end_ms": 1900, "text": "x"}], "part"),
    ([{"start_ms": 1500, "end_ms": 3000, "text": "a"}, {"start_ms": 2999, "end_ms": 4000, "text": "b"}], "part"),
    ([{"start_ms": 1500, "end_ms": 2000, "text": 3}], "part"),
    ([{"start_ms": 1500, "end_ms": 2000}], "part"),
    ([{"start_ms": 1500.5, "end_ms": 2000, "text": "x"}], "part"),
    ([{"start_ms": 1500, "end_ms": 2000.5, "text": "x"}], "part"),
    (["x"], "part 'x' must have whole ms inside 1500..4000, in order, and a text"),
])
def test_word_cues_must_lie_inside_their_sentence_in_order(parts, message):
    d = data()
    d["sentences"][1]["parts"] = parts
    e = refused(d)
    assert message in str(e) and "sentence p001s02: " in str(e)


@pytest.mark.parametrize("chapter", [{"sentence": "p001s01", "start_ms": 0, "end_ms": 1},
                                     {"title": "t", "start_ms": 0, "end_ms": 1},
                                     {"title": "t", "sentence": "p001s01", "end_ms": 1},
                                     {"title": "t", "sentence": "p001s01", "start_ms": 0},
                                     {"title": "t", "sentence": "p001s01", "start_ms": "zero", "end_ms": 1},
                                     {"title": "t", "sentence": "p001s01", "start_ms": None, "end_ms": 1},
                                     "just a title"])
def test_a_chapter_needs_all_its_fields(chapter):
    assert "a chapter needs title, sentence, start_ms and end_ms" in str(refused(data(chapters=[chapter])))


def test_the_shortest_narration_is_one_millisecond():
    t = Timing.from_dict(data(duration_ms=1, sentences=[{"id": "p001s01", "start_ms": 0, "end_ms": 1}], chapters=[]))
    assert t.duration_ms == 1 and t.sentences[0].ms == 1


def test_a_sentence_that_is_not_a_table_is_refused_also_when_checking_ids():
    e = refused(data(sentences=["p001s01", "p001s02"]), IDS)
    assert "does not match the document's sentences" in str(e)


def test_at_most_five_missing_or_extra_sentences_are_named():
    t = Timing(slug="a", audio="a.mp3", duration_ms=100,
               sentences=[SentenceTiming(f"p00{i}s01", i * 10, i * 10 + 5) for i in range(1, 8)], source="t.json")
    with pytest.raises(InputError) as e:
        t.check_sentences(["x"])
    assert str(e.value).startswith("t.json: the timing map does not match the document's sentences (missing ['x'] "
                                   "extra ['p001s01', 'p002s01', 'p003s01', 'p004s01', 'p005s01'])")


def test_no_chapters_and_no_slug_are_fine():
    t = Timing.from_dict({k: v for k, v in data(chapters=None).items() if k != "slug"})
    assert t.chapters == () and t.slug == ""


@pytest.mark.parametrize("ids,detail", [
    (["p001s01"], "extra ['p001s02']"),
    (["p001s01", "p001s02", "p001s03"], "missing ['p001s03']"),
    (["p001s02", "p001s01"], "order differs"),
    (["p001s01", "p009s09"], "missing ['p009s09'] extra ['p001s02']"),
    ([f"p00{i}s01" for i in range(2, 9)] + ["p001s01"], "missing ['p002s01', 'p003s01', 'p004s01', 'p005s01', "
                                                          "'p006s01'] extra ['p001s02']"),
])
def test_the_map_must_time_exactly_the_documents_sentences(ids, detail):
    for e in (refused(data(), ids), pytest.raises(InputError, Timing.from_dict(data()).check_sentences, ids).value):
        assert f"the timing map does not match the document's sentences ({detail})" in str(e)
        assert e.hint == "the text changed since the narration was built: rebuild it (pipeline audio)"


def test_reading_a_missing_or_unreadable_map(tmp_path):
    with pytest.raises(InputError) as e:
        read_timing(tmp_path)
    assert str(e.value).startswith(
        f"{tmp_path / 'timing.json'}: no timing map; build the narration first (pipeline audio)")
    assert e.value.hint == "or build a text-only EPUB with --no-narration"
    (tmp_path / "timing.json").write_text("{not json")
    with pytest.raises(InputError, match=r"timing.json: cannot read the timing map: "):
        read_timing(tmp_path)
    (tmp_path / "timing.json").write_bytes(b"\xff\xfe{}")
    with pytest.raises(InputError, match="cannot read the timing map"):
        read_timing(tmp_path)


def test_optional_reading_says_why_there_is_none(tmp_path):
    assert read_timing_if_any(tmp_path) == (None, "no timing.json")
    (tmp_path / "timing.json").mkdir()
    assert read_timing_if_any(tmp_path) == (None, "no timing.json")
    (tmp_path / "timing.json").rmdir()
    (tmp_path / "timing.json").write_text(json.dumps(data(schema=3)))
    t, why = read_timing_if_any(tmp_path)
    assert t is None and why == f"{tmp_path / 'timing.json'}: timing map schema 3; this pipeline reads schema 1 or 2"
    (tmp_path / "timing.json").write_text(json.dumps(data()))
    assert read_timing_if_any(tmp_path, IDS) == (Timing.from_dict(data()), "")
    t, why = read_timing_if_any(tmp_path, ["p001s01"])
    assert t is None and "does not match" in why

"""The narration with the real engine (espeak-ng through pyttsx3) and real ffmpeg, measured.

One small article is narrated once per module (about 2 s of work) and every property a listener,
a player or the EPUB/summary stages rely on is checked on the files themselves.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pipeline.speech.narrate import narrate
from pipeline.config import Project
from pipeline.speech.script import spoken_script
from pipeline.speech.voices import load_profile
from tests.audio_support import (db, decode, make_doc, mp3_frame_bitrates, noise_floor_db, room_tone_s, small_doc,
                                 true_peak_db)
from tests.conftest import APT, REPO, needs

pytestmark = needs("espeak-ng and ffmpeg", bool(shutil.which("espeak-ng") and shutil.which("ffmpeg")),
                   f"{APT} espeak-ng ffmpeg")


def new_project(root: Path) -> Project:
    (root / "seeds").mkdir(parents=True)
    (root / "output").mkdir()
    shutil.copytree(REPO / "voices", root / "voices")
    return Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("audio")
    project = new_project(root)
    doc = small_doc()
    profile = load_profile(project.voices)
    out = project.output / doc.meta.slug
    result = narrate(doc, project, out, profile=profile, progress=False)
    return project, doc, profile, out, result


def test_writes_the_four_outputs_and_reports_counts(built):
    project, doc, profile, out, result = built
    names = sorted(p.name for p in result.paths)
    assert names == sorted(["tiny.mp3", "tiny.vtt", "timing.json", "script.json"])
    assert result.synthesised == 7 and result.cached == 0 and not result.skipped
    report = json.loads((out / "report.json").read_text())["audio"]
    assert report["sentences"] == 7 and "synthesised" not in report  # run counts never make the report differ
    m = report["mastering"]
    assert -23 <= m["rms_db"] <= -18 and m["sample_peak_db"] <= -4 and m["noise_floor_db"] <= -60
    assert report["duration_ms"] == json.loads((out / "timing.json").read_text())["duration_ms"]
    assert "fired" in report and report["voice"] == "gmw/en"
    assert not list(out.glob("*.part")) and not list(out.glob(".*.part"))


def test_mastering_meets_acx_on_the_decoded_mp3(built):
    _, _, _, out, _ = built
    mp3 = out / "tiny.mp3"
    x, rate = decode(mp3)
    assert rate == 44100
    rms = db(float(np.sqrt(np.mean(x ** 2))))
    assert -23 <= rms <= -18, rms
    assert db(float(np.abs(x).max())) <= -3.5
    assert true_peak_db(mp3) <= -3.0
    floor = noise_floor_db(x, rate)
    assert -90 < floor <= -60, floor  # quiet, but room tone rather than digital silence
    head, tail = room_tone_s(x, rate)
    assert 0.5 <= head <= 1.0 and 1.0 <= tail <= 5.0, (head, tail)
    import pyloudnorm

    lufs = pyloudnorm.Meter(rate).integrated_loudness(x)
    assert -24 <= lufs <= -16, lufs
    rates, tag = mp3_frame_bitrates(mp3)
    assert rates == {192} and tag != "Xing", (rates, tag)


def test_loudness_is_normalised_over_the_programme_not_per_sentence(built):
    """A quiet sentence stays quieter than a loud one: one gain for the whole programme."""
    _, _, _, out, _ = built
    x, rate = decode(out / "tiny.mp3")
    timing = json.loads((out / "timing.json").read_text())
    levels = [db(float(np.sqrt(np.mean(x[s["start_ms"] * rate // 1000:s["end_ms"] * rate // 1000] ** 2))))
              for s in timing["sentences"]]
    assert max(levels) - min(levels) > 0.5  # per-sentence normalisation would make them all equal


def test_timing_map_covers_every_sentence_in_order_with_the_profile_pauses(built):
    _, doc, profile, out, _ = built
    timing = json.loads((out / "timing.json").read_text())
    assert timing["schema"] == 2 and timing["slug"] == "tiny" and timing["audio"] == "tiny.mp3"
    ids = [s.id for s in doc.sentences()]
    assert [s["id"] for s in timing["sentences"]] == ids
    script = spoken_script(doc, profile)
    for s, nxt, sp in zip(timing["sentences"], timing["sentences"][1:], script.sentences):
        assert s["start_ms"] < s["end_ms"]
        assert nxt["start_ms"] - s["end_ms"] == sp.pause_after_ms  # exactly the configured pause
    assert timing["sentences"][0]["start_ms"] == 750
    x, rate = decode(out / "tiny.mp3")
    assert abs(len(x) * 1000 / rate - timing["duration_ms"]) <= 50
    assert timing["duration_ms"] - timing["sentences"][-1]["end_ms"] == 2000
    # the speech really is inside the intervals: every sentence interval has sound in it
    for s in timing["sentences"]:
        seg = x[s["start_ms"] * rate // 1000:s["end_ms"] * rate // 1000]
        assert db(float(np.abs(seg).max())) > -30, s["id"]


def _vtt_cues(text: str) -> list[tuple[str, int, int, str]]:
    def ms(t):
        h, m, s = t.split(":")
        return int(h) * 3600000 + int(m) * 60000 + round(float(s) * 1000)

    blocks = text.strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for b in blocks[1:]:
        cid, times, *body = b.split("\n")
        a, _, z = times.partition(" --> ")
        cues.append((cid, ms(a), ms(z), "\n".join(body)))
    return cues


def test_vtt_cues_equal_the_timing_map_and_carry_the_written_text(built):
    _, doc, _, out, _ = built
    timing = json.loads((out / "timing.json").read_text())
    cues = _vtt_cues((out / "tiny.vtt").read_text())
    parts = [(s["id"] + (f"-{k + 1}" if k else ""), p) for s in timing["sentences"] for k, p in enumerate(s["parts"])]
    assert [c[0] for c in cues] == [cid for cid, _ in parts]
    for (cid, a, z, text), (_, p) in zip(cues, parts):  # a short cue is held >= 1 s into the pauses around it
        assert (a, z) == (p["start_ms"], p["end_ms"]) or (z - a <= 1000 and a <= p["start_ms"] < p["end_ms"] <= z), cid
    assert all(x[2] <= y[1] for x, y in zip(cues, cues[1:]))
    by_sentence = {}
    for cid, _, _, text in cues:
        by_sentence.setdefault(cid.split("-")[0], []).append(text.replace("\n", " "))
    assert [" ".join(t) for t in by_sentence.values()] == [s.text for s in doc.sentences()]


def test_id3_tags_and_chapters_read_back_with_mutagen(built):
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    _, doc, _, out, _ = built
    mp3 = out / "tiny.mp3"
    tags = ID3(mp3)
    assert str(tags["TIT2"]) == "A tiny article" and str(tags["TPE1"]) == "Ada Writer"
    assert str(tags["TALB"]) == "The Test Gazette" and str(tags["TLAN"]) == "eng"
    timing = json.loads((out / "timing.json").read_text())
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == ["Town council opens a new library",
                                                        "The new library opened on Monday morning.",
                                                        "Books change lives, said the mayor."]
    assert [(c.start_time, c.end_time) for c in chaps] == [(c["start_ms"], c["end_ms"]) for c in timing["chapters"]]
    assert chaps[0].start_time == 0 and chaps[-1].end_time == timing["duration_ms"]
    for a, b in zip(chaps, chaps[1:]):
        assert a.end_time == b.start_time
    starts = {s["id"]: s["start_ms"] for s in timing["sentences"]}
    assert chaps[1].start_time == starts["p003s01"] and chaps[2].start_time == starts["p004s01"]
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert abs(MP3(mp3).info.length * 1000 - timing["duration_ms"]) <= 50


def test_script_json_is_the_spoken_script(built):
    _, doc, profile, out, _ = built
    assert json.loads((out / "script.json").read_text()) == spoken_script(doc, profile).to_dict()


def test_rerun_with_nothing_changed_synthesises_nothing_and_keeps_the_bytes(built):
    project, doc, profile, out, _ = built
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    again = narrate(doc, project, out, profile=profile, progress=False)
    assert again.skipped and again.synthesised == 0 and again.cached == 7
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_cache_hit_miss_and_one_changed_sentence(built, tmp_path):
    project, doc, profile, out, _ = built
    other = tmp_path / "other"  # fresh out dir, same cache: everything cached, outputs rebuilt
    r = narrate(doc, project, other, profile=profile, progress=False)
    assert (r.synthesised, r.cached, r.skipped) == (0, 7, False)
    assert (other / "tiny.mp3").read_bytes() == (out / "tiny.mp3").read_bytes()
    changed = small_doc()
    changed.blocks[2].sentences[1].text = "Thousands of readers queued outside."
    r2 = narrate(changed, project, tmp_path / "changed", profile=profile, progress=False)
    assert (r2.synthesised, r2.cached) == (1, 6)


def test_same_input_gives_the_same_bytes_from_an_empty_cache(built, tmp_path):
    """espeak-ng's synthesis state carries between utterances; one fresh engine per sentence keeps
    every sentence's audio a function of its text alone, so two cold builds are identical."""
    _, doc, profile, out, _ = built
    project = new_project(tmp_path / "cold")
    r = narrate(small_doc(), project, project.output / "tiny", profile=profile, progress=False)
    assert r.synthesised == 7
    for name in ("tiny.mp3", "tiny.vtt", "timing.json", "script.json"):
        assert (project.output / "tiny" / name).read_bytes() == (out / name).read_bytes(), name


def test_unsayable_sentences_become_short_silences(tmp_path):
    project = new_project(tmp_path)
    doc = make_doc([("heading", ["Signs and symbols"]),
                    ("paragraph", ["The sign said this.", "🎉🎉", "***", "And then it rained."])], slug="signs")
    profile = load_profile(project.voices)
    out = project.output / "signs"
    r = narrate(doc, project, out, profile=profile, progress=False)
    timing = json.loads((out / "timing.json").read_text())
    assert [s["id"] for s in timing["sentences"]] == [s.id for s in doc.sentences()]
    silent = [s for s in timing["sentences"] if s["id"] in ("p002s02", "p002s03")]
    assert all(s["end_ms"] - s["start_ms"] == 300 for s in silent)
    assert r.synthesised == 3  # nothing was sent to the engine for the two unsayable sentences
    x, rate = decode(out / "signs.mp3")
    for s in silent:
        assert db(float(np.abs(x[s["start_ms"] * rate // 1000:s["end_ms"] * rate // 1000]).max())) < -50


def test_a_very_long_unpunctuated_sentence_is_said_in_pieces_and_joined(tmp_path):
    """5,000 words with no punctuation: said in chunks by one engine process, verified, joined."""
    from pipeline.speech.engine import Pyttsx3Engine, chunks, say

    words = ("the council will meet again next week to talk about the new library and the roads "
             "near the station").split()
    text = " ".join(words[i % len(words)] for i in range(5000))
    assert len(chunks(text)) >= 5000 // 60 and " ".join(chunks(text)) == text
    Pyttsx3Engine.preload()
    import os

    pid = os.fork()  # espeak-ng is initialised in a child, as the pipeline does
    if pid == 0:
        code = 1
        try:
            samples, rate, _ = say(Pyttsx3Engine({"voice": "gmw/en", "rate": 165, "pitch": 50, "volume": 1.0}),
                                text, tmp_path)
            (tmp_path / "result.json").write_text(json.dumps({"n": len(samples), "rate": rate,
                                                              "peak": int(np.abs(samples).max())}))
            code = 0
        except BaseException:  # noqa: BLE001 - shown by the parent's assertion
            import traceback

            (tmp_path / "error.txt").write_text(traceback.format_exc())
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    error = tmp_path / "error.txt"
    assert os.waitstatus_to_exitcode(status) == 0, error.read_text() if error.exists() else status
    res = json.loads((tmp_path / "result.json").read_text())
    minutes = res["n"] / res["rate"] / 60
    assert 5000 / 330 < minutes < 5000 / 80, minutes  # about 165 words a minute
    assert res["peak"] > 3000


def test_the_en_us_profile_narrates_with_its_own_voice(tmp_path):
    project = new_project(tmp_path)
    profile = load_profile(project.voices, "en-US")
    doc = make_doc([("heading", ["Color and flavor"]), ("paragraph", ["The theater opened downtown."])], slug="us")
    r = narrate(doc, project, project.output / "us", profile=profile, progress=False)
    report = json.loads((project.output / "us" / "report.json").read_text())["audio"]
    assert r.synthesised == 2 and report["voice"] == "gmw/en-us" and report["profile"] == "en-US"
    gb = narrate(doc, project, project.output / "gb", profile=load_profile(project.voices), progress=False)
    assert gb.synthesised == 2  # another voice is another cache key
    assert (project.output / "us" / "us.mp3").read_bytes() != (project.output / "gb" / "us.mp3").read_bytes()


def test_an_editors_cover_image_is_embedded(tmp_path):
    import io

    from mutagen.id3 import ID3
    from PIL import Image

    project = new_project(tmp_path)
    buf = io.BytesIO()
    Image.new("RGB", (1400, 1400), (200, 0, 0)).save(buf, format="PNG")
    png = buf.getvalue()  # already square and 1400 px: used byte for byte
    (project.seeds / "cover-test.cover.png").write_bytes(png)
    doc = make_doc([("heading", ["A picture"]), ("paragraph", ["It has a cover."])], slug="cover-test")
    narrate(doc, project, project.output / "cover-test", profile=load_profile(project.voices), progress=False)
    (apic,) = ID3(project.output / "cover-test" / "cover-test.mp3").getall("APIC")
    assert apic.data == png and apic.mime == "image/png" and apic.type == 3


def test_without_an_editors_cover_a_generated_one_is_embedded(tmp_path):
    import io

    from mutagen.id3 import ID3, PictureType
    from PIL import Image

    project = new_project(tmp_path)
    doc = make_doc([("heading", ["A picture"]), ("paragraph", ["It has a cover."])], slug="drawn")
    narrate(doc, project, project.output / "drawn", profile=load_profile(project.voices), progress=False)
    (apic,) = ID3(project.output / "drawn" / "drawn.mp3").getall("APIC")
    assert apic.type == PictureType.COVER_FRONT and apic.mime == "image/png"
    assert apic.data == (project.output / "drawn" / "cover.png").read_bytes()
    with Image.open(io.BytesIO(apic.data)) as im:
        assert im.format == "PNG" and im.size == (1400, 1400)

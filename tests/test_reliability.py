"""Reliability regressions (issue 12): each case an adversarial pass found, through the real CLI
where a user would meet it. The process-lifetime cases (kill -9, SIGTERM) are in
test_reliability_procs.py; the slow ones are marked."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli

HEAD = "A headline about the council budget\n\n"


def corrections(entries: list[dict]) -> str:
    out = []
    for e in entries:
        e = {"scope": "art", "expected": 1, "status": "approved", "reviewer": "ed", "reviewed": "2026-11-27", **e}
        out.append("[[correction]]\n" + "".join(
            f"{k} = {json.dumps(v, ensure_ascii=False) if k != 'reviewed' else v}\n" for k, v in e.items()))
    return "\n".join(out)


def clean_text(project) -> str:
    r = run_cli(project, "dump", "art", "--stage", "clean")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    return "\n".join(b["text"] for b in doc["blocks"])


# -- 1. a reviewed fix is applied only inside its context, offsets mapped exactly -----------------

# (prefix in the context, the same word as the article has it): each folds to a different length
# or form than it is written in
FOLDING = [
    ("Straße", "Straße"),        # ß -> ss
    ("ﬁnal", "ﬁnal"),            # ﬁ ligature -> fi
    ("İstanbul", "İstanbul"),    # Turkish dotted capital I -> i + combining dot
    ("Οδός", "ΟΔΌΣ"),            # Greek final sigma, matched across case
    ("Cafe\u0301", "Café"),      # a combining accent in the entry, a composed one in the article
]


@pytest.mark.parametrize("ctx_word,art_word", FOLDING, ids=["sharp-s", "fi-ligature", "turkish-i", "final-sigma",
                                                             "combining"])
def test_fix_never_applied_outside_its_context(empty_project, ctx_word, art_word):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "fix", "wrong": "reave", "right": "leave", "context": f"{ctx_word} reave"}]))
    (p.seeds / "art.txt").write_text(HEAD + f"The {art_word} rreave voting went on all night in the hall.\n")
    r = run_cli(p, "dump", "art", "--stage", "clean")
    assert r.code == 5, r.err  # found 0: the article does not say "<word> reave"
    assert "found 0" in r.err and "rleave" not in r.out
    (p.seeds / "art.txt").write_text(HEAD + f"The {art_word} reave voting went on all night in the hall.\n")
    assert f"The {art_word} leave voting" in clean_text(p)


def test_case_folding_matches_each_way(empty_project):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "fix", "wrong": "reave", "right": "leave", "context": "STRASSE reave voting"}]))
    (p.seeds / "art.txt").write_text(HEAD + "In the Straße Reave voting went on all night in the hall.\n")
    assert "Straße Leave voting" in clean_text(p)


def test_context_present_word_for_word_is_accepted(empty_project):
    """The check "the context contains the wrong word once" compares the way matching does."""
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "fix", "wrong": "ﬁne", "right": "fine", "context": "İstanbul ﬁne day"}]))
    (p.seeds / "art.txt").write_text(HEAD + "It was an İstanbul ﬁne day for the council and the town.\n")
    assert "İstanbul fine day" in clean_text(p)


# -- found 0: say why ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,why", [
    ("rural rea\u00adve voting", "soft hyphen inside 'rea\\xadve'"),
    ("rural rea\u200dve voting", "zero-width joiner inside"),
    ("rural rеave voting", "look-alike letter cyrillic small letter ie"),
])
def test_found_zero_says_why(empty_project, text, why):
    from pipeline.corrections import Correction, CorrectionsList, apply_corrections
    from pipeline.errors import CorrectionsError
    from pipeline.model import Block, Document, Metadata

    c = Correction(id="fix", wrong="reave", right="leave", context="rural reave voting", scope="art", expected=1,
                   status="approved")
    doc = Document(meta=Metadata(slug="art", title="t"), blocks=[Block(id="p001", kind="paragraph", text=text)])
    with pytest.raises(CorrectionsError, match="found 0") as e:
        apply_corrections(doc, CorrectionsList(path=empty_project.seeds / "corrections.toml", entries=[c]))
    assert why in str(e.value)


def test_found_zero_nfd_through_cli(empty_project):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "fix", "wrong": "reave", "right": "leave", "context": "café rreave"}]))
    (p.seeds / "art.txt").write_text(HEAD + "The café reave voting went on all night in the hall.\n")
    r = run_cli(p, "dump", "art", "--stage", "clean")
    assert r.code == 5 and "found 0" in r.err and "Traceback" not in r.err


# -- a fix that another entry would fix again is refused at load --------------------------------------

def test_correction_cycle_refused_at_load(empty_project):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "there", "wrong": "reave", "right": "leave", "context": "rural reave voting"},
        {"id": "back", "wrong": "leave", "right": "reave", "context": "rural leave voting"}]))
    (p.seeds / "art.txt").write_text(HEAD + "The rural reave voting went on all night in the hall.\n")
    r = run_cli(p, "dump", "art", "--stage", "clean")
    assert r.code == 4, r.err
    assert "'back'" in r.err and "'there'" in r.err and "fixed again" in r.err


def test_correction_chain_refused_at_load(empty_project):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "one", "wrong": "reave", "right": "leave", "context": "rural reave voting"},
        {"id": "two", "wrong": "leave", "right": "Leave", "context": "rural leave"}]))
    (p.seeds / "art.txt").write_text(HEAD + "The rural reave voting went on all night in the hall.\n")
    r = run_cli(p, "report", "art")
    assert r.code == 4 and "'two'" in r.err and "fixed again" in r.err


def test_independent_fixes_of_one_word_are_not_a_chain(empty_project):
    p = empty_project
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "its", "wrong": "it's", "right": "its", "context": "heal it's lost"},
        {"id": "it", "wrong": "its", "right": "it's", "context": "its raining"}]))
    (p.seeds / "art.txt").write_text(HEAD + "To heal it's lost bond, as its raining all night in the hall.\n")
    assert "heal its lost bond, as it's raining" in clean_text(p)


# -- 2. two articles, one slug: an error naming both, before anything is written -------------------

BODY = "The council met on Tuesday to discuss the budget for the coming year and the next.\n"


@pytest.mark.parametrize("command", [["report"], ["summary"], ["report", "A"], ["epub", "a.html"], ["dump", "A"],
                                     ["script", "a.html"], ["audio", "A"]])
def test_slug_collision_is_an_error_in_every_command(empty_project, command):
    p = empty_project
    (p.seeds / "A.txt").write_text(HEAD + BODY)
    (p.seeds / "a.html").write_text(f"<html><body><article><h1>Other</h1><p>{BODY * 3}</p></article></body></html>")
    r = run_cli(p, *command)
    assert r.code == 2, r.err
    assert "A.txt and a.html" in r.err and "'a'" in r.err and "Traceback" not in r.err
    assert list(p.output.iterdir()) == []  # nothing written


def test_slug_collision_in_batch_fails_the_second_naming_both(empty_project):
    p = empty_project
    (p.seeds / "A.txt").write_text(HEAD + BODY)
    (p.seeds / "a.html").write_text(f"<html><body><article><h1>Other</h1><p>{BODY * 3}</p></article></body></html>")
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 9, r.err
    assert "A.txt and a.html both map to the output folder 'a'" in r.err


# -- doubtful cases, decided -----------------------------------------------------------------------

def test_symlink_out_of_seeds_is_refused(empty_project, tmp_path):
    p = empty_project
    (p.seeds / "leak.txt").symlink_to("/etc/passwd")
    for cmd in (["summary", "leak"], ["report"], ["dump", "leak.txt"]):
        r = run_cli(p, *cmd)
        assert r.code == 3 and "outside" in r.err and "/etc/passwd" in r.err, r.err
    r = run_cli(p, "batch", "--stages", "report,summary", "--no-progress")
    assert r.code == 9 and "outside" in r.err
    for f in p.output.rglob("*"):
        if f.is_file():
            assert b"root:x:0:0" not in f.read_bytes(), f


def test_symlink_inside_seeds_is_an_article(empty_project):
    p = empty_project
    (p.seeds / "drafts").mkdir()
    (p.seeds / "drafts" / "one.txt").write_text(HEAD + BODY)
    (p.seeds / "art.txt").symlink_to(p.seeds / "drafts" / "one.txt")
    r = run_cli(p, "dump", "art")
    assert r.code == 0 and "council met" in r.out, r.err


@pytest.mark.parametrize("where", ["same", "output-in-seeds", "seeds-in-output"])
def test_overlapping_output_and_seeds_refused(empty_project, where):
    from pipeline.config import Project

    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY)
    out = {"same": p.seeds, "output-in-seeds": p.seeds / "out", "seeds-in-output": p.seeds.parent}[where]
    q = Project(seeds=p.seeds, output=out, voices=p.voices)
    for cmd in (["report"], ["batch", "--no-progress"]):
        r = run_cli(q, *cmd)
        assert r.code == 2 and "overlap" in r.err, r.err
    assert sorted(x.name for x in p.seeds.iterdir()) == ["art.txt"]


# -- 5. sentence splitting is linear -----------------------------------------------------------------

def test_windowed_splitting_gives_the_cuts_one_call_gives():
    from pipeline.segment import _segmenter, sentence_starts
    from tests.conftest import SEED

    text = " ".join(SEED.read_text().split()) + " Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5 in the U.S. capital."
    seg = _segmenter("en")
    whole = [sp.start for sp in seg.segment(text)]
    for window, margin in ((400, 80), (900, 150), (2000, 200)):
        assert sentence_starts(text, seg, window=window, margin=margin) == whole


def test_a_sentence_longer_than_a_window_is_not_cut():
    from pipeline.segment import split_sentences

    long = " ".join(f"word{i}" for i in range(3000))  # one 26 KB sentence, no boundary in it
    text = f"It starts here. {long} and it ends. Then another one."
    assert split_sentences(text) == ["It starts here.", f"{long} and it ends.", "Then another one."]


@pytest.mark.slow
def test_splitting_time_grows_linearly():
    import time

    from pipeline.segment import split_sentences
    from tests.bench.bench_segment import paragraph

    def timed(n):
        text = paragraph(n)
        t = time.perf_counter()
        out = split_sentences(text)
        assert "".join("".join(s.split()) for s in out) == "".join(text.split())
        return time.perf_counter() - t

    small = min(timed(20_000) for _ in range(2))
    big = timed(200_000)
    assert big / small < 20, (small, big)  # linear: ~10; it was ~100 (quadratic)


# -- 7. a huge file is refused by its size, not read whole ---------------------------------------------

def _limited(project, limit_bytes: int, *args: str):
    import resource
    import subprocess
    import sys
    import time

    from tests.conftest import REPO, Result

    def pre():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
           "--voices", str(project.voices), *args]
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=REPO, preexec_fn=pre)
    return Result(p.returncode, p.stdout, p.stderr), time.monotonic() - t


def test_three_gigabyte_article_refused_by_size_under_a_memory_limit(empty_project):
    p = empty_project
    with open(p.seeds / "huge.txt", "wb") as f:  # sparse: 3 GB on paper, nothing on disk
        f.truncate(3 * 1024 ** 3)
    (p.seeds / "art.txt").write_text(HEAD + BODY)
    r, seconds = _limited(p, 1536 * 1024 ** 2, "report", "huge")
    assert r.code == 3 and "3,221,225,472 bytes is over the input limit" in r.err, r.err
    assert seconds < 30
    r, _ = _limited(p, 1536 * 1024 ** 2, "batch", "--stages", "report", "--no-progress")
    assert r.code == 9 and "huge" in r.err and "over the input limit" in r.err, r.err
    assert (p.output / "art" / "report.json").is_file()  # the rest of the batch went on


def test_growing_or_special_file_is_read_no_further_than_the_limit(empty_project, monkeypatch):
    from pipeline.decode import read_input
    from pipeline.errors import InputError

    monkeypatch.setenv("PIPELINE_MAX_INPUT_BYTES", "1000")
    with pytest.raises(InputError, match="more than 1,000 bytes"):
        read_input("/dev/zero")  # stat says 0 bytes; reading stops at the limit


# -- 9. a read-only speech cache is an output error naming it ------------------------------------------

def test_read_only_speech_cache_is_exit_8_with_the_path(empty_project, tmp_path):
    import subprocess

    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY)
    cache = p.output / ".cache" / "tts"
    cache.mkdir(parents=True)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(cache)], capture_output=True,
                       text=True)
    if m.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {m.stderr.strip()}")
    try:
        r = run_cli(p, "audio", "art")
    finally:
        subprocess.run(["umount", "-l", str(cache)], capture_output=True)
    assert r.code == 8, r.err
    assert str(cache) in r.err and "Traceback" not in r.err


# -- 12. output is UTF-8 whatever the stream encoding says --------------------------------------------

@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_dump_writes_utf8_under_an_ascii_stream(empty_project, encoding):
    import subprocess
    import sys

    from tests.conftest import REPO

    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + "Zoë met the 東京 delegation at the café on Tuesday morning.\n")
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(p.seeds), "--output", str(p.output), "--voices",
           str(p.voices), "dump", "art"]
    import os

    r = subprocess.run(cmd, capture_output=True, cwd=REPO, env={**os.environ, "PYTHONIOENCODING": encoding})
    assert r.returncode == 0, r.stderr.decode()
    assert "Zoë met the 東京 delegation".encode() in r.stdout
    r = subprocess.run(cmd[:-1] + ["Zoë"], capture_output=True, cwd=REPO,
                       env={**os.environ, "PYTHONIOENCODING": encoding})
    assert r.returncode == 2 and "Zoë".encode() in r.stderr and b"Traceback" not in r.stderr


# -- 10. espeak-ng's data or the voice missing: exit 6 / exit 4 with doctor's hint ----------------------

ESPEAK_DATA = "/usr/lib/x86_64-linux-gnu/espeak-ng-data"


def _espeak_copy(tmp_path, *remove: str):
    import shutil
    from pathlib import Path

    src = Path(ESPEAK_DATA)
    if not src.is_dir():
        pytest.skip("espeak-ng's data is not where Debian puts it")
    dst = tmp_path / "espeak-data"
    shutil.copytree(src, dst, symlinks=True)
    for r in remove:
        target = dst / r
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return dst


@pytest.mark.parametrize("remove,code,message", [
    (("phontab", "phondata"), 6, "espeak-ng's data is missing or broken: no phontab, phondata"),
    (("en_dict",), 6, "espeak-ng has no dictionary for 'en'"),
    (("voices", "lang/gmw"), 4, "espeak-ng cannot load a voice"),
], ids=["no-data", "no-dictionary", "no-voice"])
def test_espeak_data_or_voice_missing(empty_project, tmp_path, remove, code, message):
    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY)
    data = _espeak_copy(tmp_path, *remove)
    r = run_cli(p, "audio", "art", "--profile", "en-GB", env={"ESPEAK_DATA_PATH": str(data)}, timeout=300)
    assert r.code == code, r.err
    assert message in r.err and "Traceback" not in r.err and "EE_INTERNAL_ERROR" not in r.err
    if code == 6:
        assert "pipeline doctor" in r.err
    assert not list(p.output.rglob("*.mp3"))


# -- review writes through a symlinked corrections.toml ----------------------------------------------

def test_review_writes_through_a_symlinked_corrections_file(empty_project, tmp_path):
    p = empty_project
    shared = tmp_path / "shared-corrections.toml"
    shared.write_text(corrections([{"id": "prop", "wrong": "reave", "right": "leave", "context": "rural reave voting",
                                    "status": "proposed"}]).replace('reviewer = "ed"\nreviewed = 2026-11-27\n', ""))
    (p.seeds / "corrections.toml").symlink_to(shared)
    (p.seeds / "art.txt").write_text(HEAD + "The rural reave voting went on all night in the hall.\n")
    r = run_cli(p, "review", "--reviewer", "Ed", "--date", "2026-12-01", "--approve", "prop")
    assert r.code == 0, r.err
    assert (p.seeds / "corrections.toml").is_symlink()
    assert 'status = "approved"' in shared.read_text()


# -- every command sweeps what its own killed run left --------------------------------------------------

@pytest.mark.slow
def test_killed_audio_command_leaves_nothing_after_the_next_command(empty_project):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO, SEED

    p = empty_project
    (p.seeds / "art.txt").write_text(SEED.read_text())
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(p.seeds), "--output", str(p.output), "--voices",
           str(p.voices), "audio", "art"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    while not list(p.output.rglob(".*encoded*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(p.output.rglob(".*.part")), "the encoder never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(0.5)
    assert list(p.output.rglob(".*.part"))  # what kill -9 left
    r = run_cli(p, "report", "art")  # any later command, not only a batch, removes it
    assert r.code == 0, r.err
    assert not list(p.output.rglob(".*.part"))


def test_a_live_writers_temporary_file_is_not_swept(empty_project):
    from pipeline.files import owner_tag, sweep_orphans

    p = empty_project
    mine = p.output / f".x.mp3.{owner_tag()}.abc.part"
    init = p.output / f".y.mp3.@1@{owner_tag().rsplit('@', 1)[1]}.abc.part"  # pid 1 is alive
    other_host = p.output / ".z.mp3.@999999@00000000.abc.part"
    for f in (mine, init, other_host):
        f.write_bytes(b"x")
    assert sweep_orphans(p.output) == []


# -- metadata: bidi controls stripped, a 100 KB title is not a headline --------------------------------

def test_bidi_controls_never_reach_metadata(empty_project):
    p = empty_project
    title = "Council \u202etxt.exe\u202c budget \u2067vote\u2069 \u200fnow"
    (p.seeds / "art.html").write_text(
        f"<html><head><title>{title}</title><meta name='author' content='Ann \u202eSmith'></head><body><article>"
        f"<h1>{title}</h1><p>{BODY * 4}</p></article></body></html>")
    r = run_cli(p, "batch", "--stages", "report,epub,summary", "--no-progress")
    assert r.code == 0, r.err
    import zipfile

    with zipfile.ZipFile(p.output / "art" / "art.epub") as z:
        opf = next(z.read(n).decode() for n in z.namelist() if n.endswith(".opf"))
    for text in (opf, (p.output / "index.html").read_text(), (p.output / "feed.xml").read_text(),
                 (p.output / "art" / "report.json").read_text()):
        assert not any(c in text for c in "\u202e\u202c\u2067\u2069\u200f"), text[:300]
    assert "Council txt.exe budget vote now" in (p.output / "index.html").read_text()


def test_a_hundred_kilobyte_title_is_body_text_and_cut_for_metadata(empty_project):
    p = empty_project
    title = " ".join(["headline"] * 11_000)  # ~100 KB
    (p.seeds / "art.html").write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                                      f"<p>{BODY * 4}</p></article></body></html>")
    r = run_cli(p, "report", "art")
    assert r.code == 0, r.err
    report = json.loads((p.output / "art" / "report.json").read_text())
    doc = report["document"]
    assert len(doc["title"]) <= 300 and doc["title"].endswith("…")
    assert any("cut to" in w for w in doc["warnings"]) and any("kept as body text" in w for w in doc["warnings"])
    dump = json.loads(run_cli(p, "dump", "art").out)
    assert not [b for b in dump["blocks"] if b["kind"] == "heading" and len(b["text"]) > 300]


# -- the catalogue shows what is in seeds/; broken outputs are rebuilt ----------------------------------

def test_removed_article_leaves_catalogue_and_feed(empty_project):
    p = empty_project
    (p.seeds / "one.txt").write_text("First headline about the council\n\n" + BODY * 3)
    (p.seeds / "two.txt").write_text("Second headline about the budget\n\n" + BODY * 3)
    assert run_cli(p, "batch", "--stages", "report,summary", "--no-progress").code == 0
    assert "Second headline" in (p.output / "index.html").read_text()
    (p.seeds / "two.txt").unlink()
    r = run_cli(p, "batch", "--stages", "report,summary", "--no-progress")
    assert r.code == 0, r.err
    text = (p.output / "index.html").read_text()  # the feed is made from the same list (collect())
    assert "First headline" in text and "Second headline" not in text
    assert "Second headline" not in (p.output / "feed.xml").read_text()


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_damaged_epub_is_rebuilt_not_nothing_to_do(empty_project, damage):
    import zipfile

    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY * 3)
    assert run_cli(p, "batch", "--stages", "report,epub", "--no-progress").code == 0
    epub = p.output / "art" / "art.epub"
    good = epub.read_bytes()
    epub.write_bytes(b"" if damage == "empty" else good[: len(good) // 2])
    r = run_cli(p, "batch", "--stages", "report,epub", "--no-progress")
    assert r.code == 0, r.err
    assert epub.stat().st_size == len(good)
    with zipfile.ZipFile(epub) as z:
        assert z.testzip() is None


def test_output_checks():
    from pathlib import Path

    from pipeline.batch.verify import output_ok

    import tempfile

    d = Path(tempfile.mkdtemp())
    (d / "a.json").write_text('{"a": 1')
    (d / "b.html").write_text("<html><body><p>cut sho")
    (d / "c.vtt").write_text("not a vtt")
    (d / "d.mp3").write_bytes(b"\xff\xfb" + b"\x00" * 100)
    assert not any(output_ok(d / n) for n in ("a.json", "b.html", "c.vtt", "d.mp3", "missing.epub"))
    (d / "a.json").write_text('{"a": 1}')
    (d / "b.html").write_text("<html><body><p>whole</p></body></html>\n")
    assert output_ok(d / "a.json") and output_ok(d / "b.html")


# -- 4. an approved `all` correction or a new cover image is published ----------------------------------

def test_approved_all_correction_rebuilds_the_article_it_changes(empty_project):
    p = empty_project
    (p.seeds / "one.txt").write_text(HEAD + "The rural re\u200bave voting went on all night in the hall.\n")
    (p.seeds / "two.txt").write_text("Another headline about the budget\n\n" + BODY * 2)
    assert run_cli(p, "batch", "--stages", "report", "--no-progress").code == 0
    before = (p.output / "two" / "report.json").stat().st_mtime_ns
    (p.seeds / "corrections.toml").write_text(corrections([
        {"id": "fix", "wrong": "reave", "right": "leave", "context": "rural reave voting", "scope": "all"}]))
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    report = json.loads((p.output / "one" / "report.json").read_text())
    assert [a["right"] for a in report["corrections"]["applied"]] == ["leave"]
    assert (p.output / "two" / "report.json").stat().st_mtime_ns == before  # untouched: not in its text


@pytest.mark.slow
def test_new_cover_image_is_published(empty_project):
    from mutagen.id3 import ID3
    from PIL import Image

    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY)
    assert run_cli(p, "batch", "--stages", "audio", "--no-progress", timeout=900).code == 0
    mp3 = p.output / "art" / "art.mp3"
    generated = ID3(mp3).getall("APIC")[0].data  # no editor's cover: a generated one
    Image.new("RGB", (64, 64), (200, 30, 30)).save(p.seeds / "art.cover.png")
    r = run_cli(p, "batch", "--stages", "audio", "--no-progress", timeout=900)
    assert r.code == 0, r.err
    import io

    now = ID3(mp3).getall("APIC")[0].data
    assert now != generated, "the new cover never reached the MP3"
    img = Image.open(io.BytesIO(now)).convert("RGB")
    assert img.getpixel((img.width // 2, img.height // 2)) == (200, 30, 30)  # the editor's image


# -- 8. SOURCE_DATE_EPOCH: one parser, one clear error ---------------------------------------------------

@pytest.mark.parametrize("value", ["", "1e20", "99999999999999999999", "yesterday"])
@pytest.mark.parametrize("command", [["batch", "--stages", "report", "--no-progress"], ["summary", "art"]])
def test_bad_source_date_epoch_is_a_config_error(empty_project, value, command):
    p = empty_project
    (p.seeds / "art.txt").write_text(HEAD + BODY * 2)
    r = run_cli(p, *command, env={"SOURCE_DATE_EPOCH": value})
    assert r.code == 4, r.err
    assert r.err.startswith("error[config]") and "SOURCE_DATE_EPOCH" in r.err and "Traceback" not in r.err


# -- 6. mastering streams: a long sentence is processed in bounded chunks, same result ------------------

def test_chunked_mastering_equals_whole(tmp_path, monkeypatch):
    import numpy as np

    from pipeline.speech import stream
    from pipeline.speech.engine import read_wav, write_wav

    try:
        from pipeline.speech import dsp
        limit, gate, ceiling_db, window_ms = dsp.limit, dsp.gate, dsp.CEILING_DB, dsp.LIMIT_WINDOW_MS
    except ImportError:  # before the split of master.py
        from pipeline.speech import master as dsp
        limit, gate, ceiling_db, window_ms = dsp.limit, dsp.gate, dsp.CEILING_DB, dsp.LIMIT_WINDOW_MS
    rate = 22050
    rng = np.random.default_rng(1)
    t = np.arange(rate * 30)
    voice = np.sin(t * 0.05) * (0.2 + 0.8 * (np.sin(t / rate * 3) > 0)) * 20000
    voice[rate * 5:rate * 6] = 0  # a quiet stretch for the gate
    voice[::997] = 32000  # peaks for the limiter, some at chunk edges
    x = np.clip(voice + rng.normal(0, 50, len(t)), -32768, 32767).astype("<i2")
    path = tmp_path / "long.wav"
    write_wav(path, x, rate)
    monkeypatch.setattr(stream, "CHUNK_S", 2)
    gain, ceiling, w = 1.7, 10 ** (ceiling_db / 20), int(rate * window_ms / 1000)
    r, start, end, sumsq, peak = stream.measure_long(path, 32768 * 10 ** (-50 / 20), 5)
    whole, _ = read_wav(path)
    assert r == rate and 0 <= start < end <= len(whole)
    seg = whole[start:end].astype(np.float64) / 32768
    assert abs(sumsq - float(np.dot(seg, seg))) < 1e-6 * sumsq and peak == float(np.abs(seg).max())
    y, was = limit(whole[start:end].astype(np.float32) * np.float32(gain / 32768), ceiling, w)
    expected = gate(y, rate)
    parts = list(stream.processed_long(path, start, end, rate, gain, ceiling, w, limit, gate))
    got = np.concatenate([p for p, _ in parts])
    assert len(parts) > 10 and any(flag for _, flag in parts) == was
    assert len(got) == len(expected)
    assert np.max(np.abs(got - expected)) < 1e-6


MASTER_ONE = r"""
import resource, sys
from pathlib import Path
import numpy as np
from pipeline.speech.engine import write_wav
try:
    from pipeline.speech import master as m
    measure, layout, gain_of, render, Clip = m.measure, m.layout, m.programme_gain, m.render, m.Clip
except ImportError:  # after the split of master.py
    from pipeline.speech import encode, timeline
    measure, layout, gain_of, Clip = timeline.measure, timeline.layout, timeline.programme_gain, timeline.Clip
    render = encode.master
seconds, folder = int(sys.argv[1]), Path(sys.argv[2])
rate = 22050
import wave
with wave.open(str(folder / "s.wav"), "wb") as w:  # written 10 s at a time: no big array before measuring
    w.setnchannels(1), w.setsampwidth(2), w.setframerate(rate)
    for k in range(seconds // 10):
        t = np.arange(k * rate * 10, (k + 1) * rate * 10, dtype=np.float64)
        w.writeframes((np.sin(t * 0.05) * 12000 * (np.sin(t / rate * 2) > -0.5)).astype("<i2").tobytes())
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
clips = [Clip("p001s01", folder / "s.wav", 0)]
r = measure(clips)
slots, total = layout(clips, r)
render(clips, slots, total, r, gain_of(clips, total, r), folder / "out.mp3")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)
"""


@pytest.mark.slow
def test_mastering_memory_does_not_grow_with_one_sentence(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    grown = {}
    for seconds in (60, 900):
        folder = tmp_path / str(seconds)
        folder.mkdir()
        r = subprocess.run([sys.executable, "-c", MASTER_ONE, str(seconds), str(folder)], capture_output=True,
                           text=True, cwd=REPO, timeout=900)
        assert r.returncode == 0, r.stderr
        grown[seconds] = int(r.stdout.split()[-1])  # MB above the process's size before mastering
    assert grown[900] - grown[60] < 40, grown  # the whole-array code grew by about 600 MB here

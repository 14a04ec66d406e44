"""Faults around the pipeline, through the real CLI: a broken or missing ffmpeg, a TTS engine that
crashes or says nothing, a full disk, a file-size limit, a read-only or impossible output folder,
and a process killed mid-write. Each gives one clear error with its exit code, and no file is ever
half-written under its final name (the engine hang, retries and in-process cases are in
test_audio_faults.py).

How the faults are made real (tests run as root, so chmod does not stop a write):
- disk full and read-only: a real 256 KiB / read-only tmpfs mounted under the test's tmp folder
  (skipped, with the reason, where mounting is not allowed);
- a file-size limit: ``RLIMIT_FSIZE`` set in the child before exec (writes past it fail with EFBIG);
- an impossible folder: ``--output`` under a regular file (ENOTDIR), which needs no privileges;
- ffmpeg: fake ``ffmpeg`` scripts first on PATH (one fails, one claims success and writes garbage).
"""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.config import Project
from tests.conftest import REPO, run_cli

PLUGIN_ENV = {"PIPELINE_TTS_PLUGINS": "tests.audio_support", "PYTHONPATH": str(REPO), "PIPELINE_TTS_TIMEOUT": "3"}
ARTICLE = ("Town council opens a new library\n\nBy Ada Writer\n\n"
           "The new library opened on Monday morning. Hundreds of readers queued outside.\n\n"
           "The building cost five million pounds. It will open every day of the week.\n")


def assert_error(r, code: int, *messages: str) -> None:
    assert r.code == code, (r.code, r.out, r.err)
    # one error line (an informational line before it, e.g. which voice reads the article, is fine)
    errors = [ln for ln in r.err.splitlines() if ln.startswith("error[")]
    assert len(errors) == 1 and not any(ln.startswith(("bug", "Traceback")) for ln in r.err.splitlines()), r.err
    for m in messages:
        assert m in r.err, (m, r.err)
    assert "Traceback" not in r.err


def finals(out: Path) -> list[str]:
    """Files under their final names (not temporary .part files, not the report)."""
    if not out.exists():
        return []
    return sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.endswith(".part")
                  and p.name != "report.json")


def big_article(words: int = 100_000) -> str:
    rnd = random.Random(1)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9))) for _ in range(5000)]
    paras = [" ".join(" ".join(rnd.choice(vocab) for _ in range(20)).capitalize() + "." for _ in range(3))
             for _ in range(words // 60)]
    return "A very long article headline\n\n" + "\n\n".join(paras) + "\n"


@pytest.fixture
def audio_project(empty_project):
    (empty_project.seeds / "library.txt").write_text(ARTICLE)
    for engine in ("fake-tone", "fake-crash", "fake-silent"):
        (empty_project.voices / f"{engine}.toml").write_text(
            f'engine = "{engine}"\nvoice = "tone"\nlanguage = "en-GB"\n')
    return empty_project


def fake_tool(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\n" + body)
    exe.chmod(0o755)
    for tool in ("ffprobe",):
        if not (folder / tool).exists():
            (folder / tool).symlink_to("/usr/bin/ffprobe")
    return folder


FAIL = 'cat >/dev/null; echo "fake ffmpeg: Invalid data found when processing input" >&2; exit 1\n'
GARBAGE = 'cat >/dev/null; for last; do :; done; head -c 20000 /dev/urandom > "$last"; exit 0\n'


@pytest.mark.parametrize("body,messages", [
    (FAIL, ["ffmpeg could not encode the MP3 (exit 1)", "fake ffmpeg: Invalid data found"]),
    (GARBAGE, ["ffmpeg reported success but wrote not an MP3", "pipeline doctor"]),
], ids=["ffmpeg-exits-1", "ffmpeg-writes-garbage"])
def test_broken_ffmpeg_is_a_dependency_error_and_nothing_is_written(audio_project, tmp_path, body, messages):
    bin_dir = fake_tool(tmp_path / "bin", "ffmpeg", body)
    r = run_cli(audio_project, "audio", "library", "--profile", "fake-tone", "--no-progress",
                env={**PLUGIN_ENV, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert_error(r, 6, *messages)
    out = audio_project.output / "library"
    assert finals(out) == [] and not list(out.glob("*.part"))


def test_missing_ffmpeg_names_the_package_before_any_synthesis(audio_project, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    r = run_cli(audio_project, "audio", "library", "--profile", "fake-tone", "--no-progress",
                env={**PLUGIN_ENV, "PATH": str(empty)})
    assert_error(r, 6, "ffmpeg is not installed", "apt-get install espeak-ng ffmpeg")
    assert finals(audio_project.output / "library") == []


@pytest.mark.parametrize("engine,why", [("fake-crash", "crashed"), ("fake-silent", "silent audio")])
def test_engine_crash_or_silence_through_the_cli(audio_project, engine, why):
    (audio_project.seeds / "library.txt").write_text(
        ARTICLE.replace("Hundreds of readers queued outside.",
                        "This sentence will crash the engine." if engine == "fake-crash"
                        else "This sentence comes out quiet."))
    r = run_cli(audio_project, "audio", "library", "--profile", engine, "--no-progress", env=PLUGIN_ENV)
    assert_error(r, 7, "error[synthesis]: sentence p003s02", why, "3 times")
    assert finals(audio_project.output / "library") == []


# --- disk full, file-size limit, read-only and impossible output folders ----------------------------

@pytest.fixture
def mount(tmp_path):
    """Mount a tmpfs with the given options under tmp_path; unmounted afterwards."""
    mounted = []

    def do(options: str) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
        if r.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
        mounted.append(where)
        return where

    yield do
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_disk_full_keeps_the_old_file_and_leaves_no_partial(empty_project, mount):
    disk = mount("size=256k")
    project = Project(seeds=empty_project.seeds, output=disk, voices=empty_project.voices)
    (project.seeds / "story.txt").write_text(ARTICLE)
    assert run_cli(project, "epub", "--no-narration", "story").code == 0
    before = (disk / "story" / "story.epub").read_bytes()
    (project.seeds / "story.txt").write_text(big_article())  # its EPUB (~400 KB) does not fit in 256 KiB
    r = run_cli(project, "epub", "--no-narration", "story")
    # the first file that does not fit is named (the new cover, drawn for the new title, or the EPUB)
    assert_error(r, 8, "error[output]: disk full while writing", str(disk / "story"), "free some space")
    assert (disk / "story" / "story.epub").read_bytes() == before
    assert not list(disk.rglob("*.part"))


def test_read_only_output_folder(empty_project, mount):
    ro = mount("ro,size=64k")
    project = Project(seeds=empty_project.seeds, output=ro, voices=empty_project.voices)
    (project.seeds / "story.txt").write_text(ARTICLE)
    for args in (["report", "story"], ["epub", "--no-narration", "story"]):
        assert_error(run_cli(project, *args), 8, "Read-only file system", "check the output directory is writable")
    assert_error(run_cli(project, "batch", "--stages", "report", "--no-progress"), 8, "Read-only file system")


def test_output_under_a_regular_file(empty_project, tmp_path):
    (empty_project.seeds / "story.txt").write_text(ARTICLE)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be\n")
    project = Project(seeds=empty_project.seeds, output=blocker / "output", voices=empty_project.voices)
    for args in (["report", "story"], ["epub", "--no-narration", "story"], ["summary", "story"]):
        assert_error(run_cli(project, *args), 8, "Not a directory", str(blocker))
    assert blocker.read_text() == "a file where the output folder should be\n"


def run_limited(project: Project, limit: int, *args: str) -> subprocess.CompletedProcess:
    def pre():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output",
                           str(project.output), "--voices", str(project.voices), *args],
                          capture_output=True, text=True, preexec_fn=pre, cwd=REPO, timeout=300)


def test_file_size_limit_is_reported_not_crashed(empty_project):
    (empty_project.seeds / "long.txt").write_text(big_article(60_000))
    p = run_limited(empty_project, 200_000, "epub", "--no-narration", "long")
    assert p.returncode == 8, p.stderr
    assert p.stderr.startswith("error[output]: file too large while writing") and "Traceback" not in p.stderr
    assert not (empty_project.output / "long" / "long.epub").exists()
    assert not list(empty_project.output.rglob("*.part"))
    # the batch's own ledger under the same limit: still a clear output error
    p = run_limited(empty_project, 8_000, "batch", "--stages", "report", "--no-progress")
    assert p.returncode == 8 and "cannot use the batch ledger" in p.stderr and "Traceback" not in p.stderr, p.stderr


# --- killed mid-write ---------------------------------------------------------------------------------

def test_sigkill_mid_write_leaves_no_partial_output_and_the_next_batch_sweeps(empty_project):
    """A process killed while writing through pipeline.files leaves no file under the final name.
    The writer is slowed down on purpose (chunks with pauses) so the kill lands mid-write every time."""
    (empty_project.seeds / "long.txt").write_text(big_article())
    out = empty_project.output / "long"
    final = out / "long.epub"
    writer = (
        "import sys, time\n"
        "from pipeline.files import atomic_path\n"
        "with atomic_path(sys.argv[1]) as tmp:\n"
        "    with open(tmp, 'wb') as f:\n"
        "        for _ in range(1000):\n"
        "            f.write(b'x' * 65536); f.flush(); time.sleep(0.01)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", writer, str(final)], cwd=REPO)
    partial = None
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        parts = list(out.glob(".long.epub.*.part")) if out.exists() else []
        if parts and parts[0].stat().st_size > 65536:  # well into the write: kill -9 now
            os.kill(proc.pid, signal.SIGKILL)
            partial = parts[0]
            break
        time.sleep(0.01)
    proc.wait()
    assert partial is not None, "the writer never started"
    assert proc.returncode == -signal.SIGKILL
    assert not final.exists()  # never a half-written file under the final name
    assert partial.exists()  # the temporary file a killed process leaves...
    r = run_cli(empty_project, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    assert not list(empty_project.output.rglob("*.part"))  # ...is swept by the next batch

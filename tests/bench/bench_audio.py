"""Audio narration speed and memory, as ratios to a floor measured in the same run.

FLOOR: espeak-ng -w on the seed's whole spoken text + ffmpeg encoding that WAV to a 44.1 kHz,
192 kbps CBR MP3: the least any narration of this text to this format can cost here.
Then, each as a subprocess exactly as a user runs it (``python -m pipeline audio``):
  cold      empty cache, fresh output folder           target <= 1.5 x floor
  warm      nothing changed (0 synthesised)            target <= 0.5 s
  one edit  one sentence of the article changed        (1 synthesised)
and the peak memory of the whole process tree (PSS and RSS, sampled) narrating a generated
100,000-word article (target < 300 MB). ``python -m tests.bench bench audio`` runs only this;
``BENCH_AUDIO_WORDS=20000`` shrinks the memory run (the 100,000-word one takes ~8 minutes).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SLUG = "000_80aa22d023d213f2"
PY = sys.executable


def _project(root: Path, seeds_from: Path | None = REPO / "seeds") -> dict:
    (root / "output").mkdir(parents=True)
    if seeds_from:
        shutil.copytree(seeds_from, root / "seeds")
    else:
        (root / "seeds").mkdir()
    shutil.copytree(REPO / "voices", root / "voices")
    return {"seeds": root / "seeds", "output": root / "output", "voices": root / "voices"}


def _cli(p: dict, *args: str, sample=None) -> tuple[float, subprocess.CompletedProcess]:
    cmd = [PY, "-m", "pipeline", "--seeds", str(p["seeds"]), "--output", str(p["output"]),
           "--voices", str(p["voices"]), *args]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True) if sample else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    dt = time.perf_counter() - t
    if sampler:
        sampler.join()
    res = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({res.returncode}): {err[-2000:]}")
    return dt, res


def _counts(err: str) -> str:
    m = re.search(r"(\d+) synthesised, (\d+) cached", err)
    return f"{m.group(1)} synthesised, {m.group(2)} cached" if m else "?"


def floor(work: Path) -> tuple[float, float, float]:
    """(espeak-ng seconds, ffmpeg seconds, total) for the seed's whole spoken text."""
    sys.path.insert(0, str(REPO))
    from pipeline.config import Project
    from pipeline.speech.script import spoken_script
    from pipeline.speech.voices import load_profile
    from pipeline.stages import build_document

    project = Project.from_env(REPO)
    profile = load_profile(project.voices)
    doc = build_document(project.seeds / f"{SLUG}.txt", project)
    text = "\n\n".join(s.spoken for s in spoken_script(doc, profile).sentences if s.spoken)
    (work / "floor.txt").write_text(text)
    (work / "floor.wav").unlink(missing_ok=True)
    t = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", profile.voice, "-s", str(profile.rate), "-w", str(work / "floor.wav"),
                    "-f", str(work / "floor.txt")], check=True)
    t_espeak = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(work / "floor.wav"), "-ar", "44100", "-ac", "1",
                    "-c:a", "libmp3lame", "-b:a", "192k", str(work / "floor.mp3")], check=True)
    t_ffmpeg = time.perf_counter() - t
    return t_espeak, t_ffmpeg, t_espeak + t_ffmpeg


def speed(work: Path, repeats: int = 3) -> None:
    """Each figure is the best of ``repeats`` runs (the machine is shared: the best run is the one
    least disturbed by other work), the floor likewise."""
    floors = [floor(work) for _ in range(repeats)]
    fe, ff, fl = min(floors, key=lambda f: f[2])
    print(f"floor: espeak-ng -w {fe:.2f} s + ffmpeg 192k CBR {ff:.2f} s = {fl:.2f} s "
          f"(best of {repeats}; all: {', '.join(f'{f[2]:.2f}' for f in floors)})")
    colds, warms = [], []
    for i in range(repeats):
        p = _project(work / f"proj{i}")
        t, res = _cli(p, "audio", SLUG, "--no-progress")
        colds.append((t, _counts(res.stderr)))
        t, res = _cli(p, "audio", SLUG, "--no-progress")
        warms.append((t, _counts(res.stderr)))
    cold, warm = min(colds), min(warms)
    print(f"cold  (empty cache):     {cold[0]:6.2f} s  = {cold[0] / fl:.2f} x floor   [{cold[1]}]  target <= 1.5 x"
          f"  (all: {', '.join(f'{c[0]:.2f}' for c in colds)})")
    print(f"warm  (nothing changed): {warm[0]:6.2f} s  = {warm[0] / fl:.2f} x floor   [{warm[1]}]  target <= 0.5 s"
          f"  (all: {', '.join(f'{w[0]:.2f}' for w in warms)})")
    art = p["seeds"] / f"{SLUG}.txt"
    text = art.read_text("utf-8")
    assert "huge congratulations" in text
    art.write_text(text.replace("huge congratulations", "big congratulations", 1), "utf-8")
    one, res = _cli(p, "audio", SLUG, "--no-progress")
    print(f"one sentence changed:    {one:6.2f} s  = {one / fl:.2f} x floor   [{_counts(res.stderr)}]")


WORDS = ("the council said on monday that a new plan for local roads would be put to members next month after "
         "residents asked for safer crossings near schools and shops while the budget for repairs has fallen by a "
         "quarter since last year according to figures seen by this paper many people in the town feel that their "
         "voices are not heard and they want a greater say in how money is spent on buses parks libraries and "
         "housing officials promised to publish a full report in the spring with answers to every question "
         "raised").split()


def long_article(n_words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out, total = ["A long report on the town and its roads", "", "By A Reporter", ""], 0
    while total < n_words:
        para = []
        for _ in range(4):
            k = rng.randint(12, 24)
            w = [rng.choice(WORDS) for _ in range(k)]
            if k > 16:
                w[k // 2] += ","
            s = " ".join(w)
            para.append(s[0].upper() + s[1:] + ".")
            total += k
        out += [" ".join(para), ""]
    return "\n".join(out)


def memory(work: Path, n_words: int) -> None:
    import psutil

    p = _project(work / "big", seeds_from=None)
    for f in ("corrections.toml", "furniture.toml"):
        shutil.copy(REPO / "seeds" / f, p["seeds"] / f)
    (p["seeds"] / "longread.txt").write_text(long_article(n_words))
    peak = {"pss": 0, "rss": 0, "procs": 0}

    def sample(pid: int) -> None:
        try:
            root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            pss = rss = 0
            procs = [root]
            try:
                procs += root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for q in procs:
                try:
                    mi = q.memory_full_info()
                    pss, rss = pss + mi.pss, rss + mi.rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            peak["procs"] = max(peak["procs"], len(procs))
            time.sleep(0.2)

    dt, res = _cli(p, "audio", "longread", "--no-progress", sample=sample)
    import resource

    biggest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    dur = re.search(r"([\d:]+) min", res.stderr)
    mb = 1024 * 1024
    print(f"memory: {n_words:,} words -> {dur.group(1) if dur else '?'} of audio in {dt:.0f} s "
          f"[{_counts(res.stderr)}]")
    print(f"  peak process tree PSS {peak['pss'] / mb:.0f} MB (RSS summed {peak['rss'] / mb:.0f} MB: shared pages "
          f"counted in every process; up to {peak['procs']} processes); largest single process RSS {biggest:.0f} MB"
          f"  target < 300 MB")


def run() -> None:
    for tool in ("espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            print(f"skipped: {tool} is not installed (apt-get install espeak-ng ffmpeg)")
            return
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        work = Path(tmp)
        speed(work)
        memory(work, int(os.environ.get("BENCH_AUDIO_WORDS", "100000")))


if __name__ == "__main__":
    run()

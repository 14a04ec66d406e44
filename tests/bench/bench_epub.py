"""EPUB build speed on the seed, narration already made (target: < 1 s, validation excluded).

Baseline, measured in the same run: the text stages (ingest -> clean -> segment) for the same
article. Figures: the first narrated build (includes the one-off 64 kbps re-encode of the
narration), warm narrated builds (encode cached by the master's hash), text-only builds, and a
100,000-word text-only article.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pipeline.config import Project
from pipeline.epub import build_epub
from pipeline.files import output_dir_for
from pipeline.stages import build_document

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_80aa22d023d213f2.txt"
TARGET_S = 1.0


def _time(fn, n: int) -> float:
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _narrate(doc, project, out) -> str:
    """The narration: the audio stage's when it exists, else the tests' espeak-ng narration."""
    try:
        from pipeline.speech.narrate import build_audio
    except ImportError:
        build_audio = None
    if build_audio is not None:
        build_audio(doc, project, out, progress=False)
        return "pipeline.speech.narrate.build_audio"
    from tests.epub_support import make_narration

    make_narration(doc, out)
    return "tests.epub_support.make_narration (espeak-ng; pipeline.audio not there yet)"


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "voices", root / "voices")
        project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
        doc = build_document(project.seeds / SEED.name, project)
        out = output_dir_for(project.output, doc.meta.slug)
        t = time.perf_counter()
        how = _narrate(doc, project, out)
        print(f"narration made with {how} in {time.perf_counter() - t:.1f} s")

        baseline = _time(lambda: build_document(project.seeds / SEED.name, project), 5)
        t = time.perf_counter()
        build_epub(doc, project, out)
        first = time.perf_counter() - t
        warm = _time(lambda: build_epub(doc, project, out), 7)
        size = (out / f"{doc.meta.slug}.epub").stat().st_size
        text_only = _time(lambda: build_epub(doc, project, out, narration=False), 7)

        from tests.test_epub import big_doc

        big = big_doc()
        big_out = project.output / "long-article"
        t = time.perf_counter()
        build_epub(big, project, big_out, narration=False)
        big_s = time.perf_counter() - t

    print(f"baseline: text stages for the seed            {baseline * 1000:8.0f} ms")
    print(f"epub, narrated, first build (64k encode)      {first * 1000:8.0f} ms  ({first / baseline:.1f}x baseline)")
    print(f"epub, narrated, warm (median of 7)            {warm * 1000:8.0f} ms  ({warm / baseline:.1f}x baseline)"
          f"  target < {TARGET_S:.0f} s: {'met' if warm < TARGET_S else 'MISSED'}")
    print(f"epub, text-only (median of 7)                 {text_only * 1000:8.0f} ms  ({text_only / baseline:.1f}x baseline)")
    print(f"epub, 100,000-word article, text-only         {big_s * 1000:8.0f} ms  ({big.word_count():,} words)")
    print(f"narrated seed EPUB size                       {size / 1e6:8.2f} MB")

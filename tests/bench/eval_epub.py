"""EPUBs for the seed and corpus articles, judged by the independent validators:
check-epubcheck (0 fatals/errors/warnings) and check-ace (0 violations, no missing metadata).

Corpus pages are copied into a temporary seeds/ folder (never into the repository); the
narration is the audio stage's (pipeline.speech.narrate.build_audio) when it exists, else the tests'
espeak-ng narration. Skipped clearly when ../shared/corpus or ../shared/checks is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from pipeline.config import Project
from pipeline.epub import build_epub
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from tests.bench.bench_epub import _narrate

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages"
CHECKS = REPO.parent / "shared" / "checks" / "bin"
ARTICLES = ["bbc-1", "nytimes-1", "theverge", "medium-2", "wapo-1", "quanta-1"]


def _last_line(cmd: list[str]) -> tuple[int, str]:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    lines = (p.stdout or p.stderr).strip().splitlines()
    return p.returncode, (lines[-1] if lines else f"exit {p.returncode}")


def run() -> None:
    if not (CHECKS / "check-epubcheck").exists():
        print(f"skipped: no validators in {CHECKS}")
        return
    names = [n for n in ARTICLES if (CORPUS / n / "source.html").is_file()]
    if not names:
        print(f"corpus not found at {CORPUS}: only the seed is checked")
    passed = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copytree(REPO / "voices", root / "voices")
        for n in names:
            shutil.copy(CORPUS / n / "source.html", root / "seeds" / f"{n}.html")
        project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
        for article in project.articles():
            doc = build_document(article, project)
            out = output_dir_for(project.output, doc.meta.slug)
            how = _narrate(doc, project, out)
            t = time.perf_counter()
            book = build_epub(doc, project, out)[0]
            took = time.perf_counter() - t
            rc1, epubcheck = _last_line([str(CHECKS / "check-epubcheck"), str(book)])
            rc2, ace = _last_line([str(CHECKS / "check-ace"), str(book)])
            total += 1
            passed += rc1 == 0 and rc2 == 0
            print(f"{doc.meta.slug:24s} {doc.word_count():6d} words  build {took:5.2f} s  | {epubcheck}  | {ace}",
                  flush=True)
        print(f"narration: {how}")
    print(f"EPUBs passing both EPUBCheck and Ace: {passed}/{total}")

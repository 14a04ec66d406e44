"""Golden files for the seed: ``make golden`` (``python -m tests.golden``) regenerates them.

- ``tests/golden/<stem>.<stage>.json``: the document after each text stage (ingest, clean, segment);
- ``tests/golden/outputs/``: every output of the seed, built by one batch with
  ``SOURCE_DATE_EPOCH=1700000000``: the EPUB's package document, navigation, XHTML content
  documents, SMIL overlays and lexicon; the WebVTT captions, timing map, spoken script, report and
  corrections page; the summary page; the catalogue and the feed; and ``binaries.sha256`` for the
  MP3 and the EPUB file themselves.

Review a change with ``git diff tests/golden``: that diff is the test of a change to any stage.
``tests/test_golden.py`` fails when the pipeline's output drifts from them. Nothing here runs at
import time.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from pipeline.config import Project
from pipeline.model import STAGES
from pipeline.settings import load_settings
from pipeline.stages import build_document

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
OUTPUTS = GOLDEN / "outputs"
REPO = HERE.parent
EPOCH = "1700000000"
PER_ARTICLE = ("{slug}.vtt", "timing.json", "script.json", "report.json", "corrections.html", "summary.html")
BINARIES = ("{slug}.mp3", "{slug}.epub")


def golden_outputs(project: Project | None = None) -> dict[Path, str]:
    """The text stages' goldens: path -> expected text."""
    project = project or Project.from_env(REPO)
    out = {}
    for article in project.articles():
        for stage in STAGES:
            doc = build_document(article, project, stage)
            out[GOLDEN / f"{article.stem}.{stage}.json"] = doc.to_json()
    return out


def seed_outputs(root: Path) -> dict[Path, bytes]:
    """Build every output of the repository's seeds/ under ``root`` (one batch, fixed build date);
    return golden path -> bytes."""
    from pipeline.batch.catalogue import collect, write_catalogue, write_feed
    from pipeline.batch.runner import BatchOptions, raise_for_failures, run_batch
    from pipeline.outputs import default_outputs

    root = Path(root)
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "voices", root / "voices")
    settings = load_settings(root, env={"SOURCE_DATE_EPOCH": EPOCH})
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices", run_settings=settings)
    result = run_batch(project, BatchOptions(workers=1, stages=default_outputs(), progress=False), project.articles())
    raise_for_failures(result)
    items = collect(project)
    write_catalogue(project, items)
    write_feed(project, items)
    out: dict[Path, bytes] = {}
    sums = []
    for folder in sorted(p for p in project.output.iterdir() if p.is_dir() and not p.name.startswith(".")):
        slug = folder.name
        for name in PER_ARTICLE:
            f = folder / name.format(slug=slug)
            out[OUTPUTS / slug / f.name] = f.read_bytes()
        with zipfile.ZipFile(folder / f"{slug}.epub") as z:
            for member in sorted(z.namelist()):
                if not member.endswith(".mp3"):
                    out[OUTPUTS / slug / "epub" / member] = z.read(member)
        for name in BINARIES:
            f = folder / name.format(slug=slug)
            sums.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {slug}/{f.name}\n")
    out[OUTPUTS / "binaries.sha256"] = "".join(sums).encode()
    for name in ("index.html", "feed.xml"):
        out[OUTPUTS / name] = (project.output / name).read_bytes()
    return out


def _write(path: Path, data: bytes) -> str:
    old = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return "unchanged" if old == data else "updated  "


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for path, text in golden_outputs().items():
        print(f"{_write(path, text.encode('utf-8'))} {path.relative_to(REPO)}")
    with tempfile.TemporaryDirectory() as tmp:
        made = seed_outputs(Path(tmp))
    for stale in sorted(p for p in OUTPUTS.rglob("*") if p.is_file() and p not in made):
        stale.unlink()
        print(f"removed   {stale.relative_to(REPO)}")
    for path, data in sorted(made.items()):
        print(f"{_write(path, data)} {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

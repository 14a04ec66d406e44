"""``process_article``: everything for one article, in a worker process (local pool or Dask worker).

It ingests the article once, runs the stages whose inputs changed, records each stage in the
ledger as it finishes, and never raises for a broken article: the failure is recorded and
returned so the batch carries on.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from ..config import Project
from ..errors import PipelineError
from ..files import output_dir_for
from .ledger import Ledger
from .outputs import run_stage

DOCUMENT = "document"  # the ledger's row for ingest/clean/segment failures


def describe(e: BaseException) -> str:
    if isinstance(e, PipelineError):
        return f"{e.code}: {e}"
    tb = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    where = f" at {Path(tb.filename).name}:{tb.lineno}" if tb else ""
    return f"bug: {type(e).__name__}: {e}{where}"


def process_article(article: str, slug: str, project: Project, todo: dict[str, str], *, profile: str,
                    narrated: bool, env: dict[str, str] | None = None, events=None) -> dict:
    """Run the stages in ``todo`` (stage -> input hash, in order) for one article. ``narrated``: the
    batch makes audio, so the EPUB carries media overlays.

    Returns ``{"article", "slug", "status": "done"|"failed", "ran": [...], "failed": stage|None,
    "error": str|None, "seconds": float}``.
    """
    os.environ.update(env or {})
    t0 = time.perf_counter()
    result = {"article": article, "slug": slug, "status": "done", "ran": [], "failed": None, "error": None}
    ledger = Ledger(project.output)
    try:
        from ..corrections import load_corrections
        from ..stages import build_document

        _event(events, slug, "document")
        try:
            corrections = load_corrections(project.corrections_file)
            doc = build_document(Path(article), project, "segment", corrections)
            out_dir = output_dir_for(project.output, slug)
        except Exception as e:  # noqa: BLE001 - recorded, reported, batch continues
            ledger.start(slug, DOCUMENT, "", article)
            ledger.fail(slug, DOCUMENT, describe(e), time.perf_counter() - t0)
            return {**result, "status": "failed", "failed": DOCUMENT, "error": describe(e),
                    "seconds": time.perf_counter() - t0}
        if ledger.get(slug, DOCUMENT):
            ledger.db.execute("DELETE FROM stage_runs WHERE article=? AND stage=?", (slug, DOCUMENT))
        state: dict = {}  # what one stage hands the next in memory (the audio stage's Timing)
        for stage, input_hash in todo.items():
            _event(events, slug, stage)
            ts = time.perf_counter()
            ledger.start(slug, stage, input_hash, article)
            try:
                paths = run_stage(stage, doc, project, out_dir, profile=profile, corrections=corrections,
                                  narrated=narrated, state=state)
            except Exception as e:  # noqa: BLE001
                ledger.fail(slug, stage, describe(e), time.perf_counter() - ts)
                return {**result, "status": "failed", "failed": stage, "error": describe(e),
                        "seconds": time.perf_counter() - t0}
            rel = sorted({str(Path(p).resolve().relative_to(project.output.resolve())) for p in paths})
            ledger.finish(slug, stage, rel, time.perf_counter() - ts)
            result["ran"].append(stage)
        return {**result, "seconds": time.perf_counter() - t0}
    finally:
        ledger.close()


def _event(events, slug: str, stage: str) -> None:
    if events is not None:
        try:
            events.put_nowait((slug, stage))
        except Exception:  # progress is best effort
            pass

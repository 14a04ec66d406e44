"""``process_article``: everything for one article, in a worker process (local pool or Dask worker).

It ingests the article once, runs the stages whose inputs changed, records each stage in the
ledger as it finishes, and never raises for a broken article: the failure is recorded and
returned so the batch carries on.
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from ..config import Project
from ..errors import PipelineError
from ..files import output_dir_for
from ..outputs import OUTPUTS, Context
from .ledger import Ledger

DOCUMENT = "document"  # the ledger's row for ingest/clean/segment failures


def failure(article: str, slug: str, stage: str, error: str, seconds: float = 0.0, ran: list[str] | None = None) -> dict:
    """The one record of a failed article (a stage failed, the worker died, or planning refused it)."""
    return {"article": article, "slug": slug, "status": "failed", "failed": stage, "error": error,
            "ran": list(ran or []), "seconds": seconds}


def describe(e: BaseException) -> str:
    if isinstance(e, PipelineError):
        return f"{e.code}: {e}"
    tb = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    where = f" at {Path(tb.filename).name}:{tb.lineno}" if tb else ""
    return f"bug: {type(e).__name__}: {e}{where}"


def process_article(article: str, slug: str, project: Project, todo: dict[str, str], *,
                    narrated: bool, events=None) -> dict:
    """Run the outputs in ``todo`` (output -> input hash, in order) for one article. ``narrated``: the
    batch makes audio, so the EPUB carries media overlays. The run's settings travel in ``project``.

    Returns ``{"article", "slug", "status": "done"|"failed", "ran": [...], "failed": stage|None,
    "error": str|None, "seconds": float}``.
    """
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
            return failure(article, slug, DOCUMENT, describe(e), time.perf_counter() - t0)
        ledger.forget(slug, DOCUMENT)  # the document builds again: an old failure no longer stands
        ctx = Context(doc=doc, project=project, out_dir=out_dir, corrections=corrections, narrated=narrated)
        for stage, input_hash in todo.items():
            _event(events, slug, stage)
            ts = time.perf_counter()
            ledger.start(slug, stage, input_hash, article)
            try:
                paths = OUTPUTS[stage].build(ctx)
            except Exception as e:  # noqa: BLE001
                ledger.fail(slug, stage, describe(e), time.perf_counter() - ts)
                return failure(article, slug, stage, describe(e), time.perf_counter() - t0, result["ran"])
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

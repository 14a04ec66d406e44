"""What the pages show besides the files: the catalogue's data (built, failed, waiting articles) and
the rebuild status line (which job, which article, which stage, from the jobs and the ledger)."""

from __future__ import annotations

import time

from ..batch.catalogue import collect
from ..batch.ledger import Ledger
from ..config import Project
from ..corrections import load_corrections
from ..errors import PipelineError
from ..ingest import article_slug
from .rebuild import Rebuilder


def catalogue_data(project: Project, rebuilder: Rebuilder) -> dict:
    items = collect(project)
    try:
        proposals = [c for c in load_corrections(project.corrections_file).entries if c.status == "proposed"]
    except PipelineError:
        proposals = []
    built = {it["slug"] for it in items}
    for it in items:
        it["open_proposals"] = sum(1 for c in proposals if c.scope == it["slug"])
    failures = failed_articles(project, rebuilder)
    waiting = []
    for art in project.articles():
        try:
            slug = article_slug(art, project)
        except PipelineError:
            continue  # a bad sidecar: listed with the failures once a batch has tried it
        if slug not in built and slug not in {f["slug"] for f in failures}:
            waiting.append(art.name)
    return {"items": items, "failures": failures, "waiting": waiting}


def failed_articles(project: Project, rebuilder: Rebuilder) -> list[dict]:
    """Articles whose last attempt failed: from the ledger, and planning errors the server saw."""
    out: dict[str, dict] = {}
    ledger = Ledger(project.output)
    try:
        for row in ledger.rows():
            if row.status == "failed":
                out[row.article] = {"slug": row.article, "stage": row.stage, "error": row.error or ""}
    finally:
        ledger.close()
    for slug, error in rebuilder.snapshot()["failures"].items():
        out.setdefault(slug, {"slug": slug, "stage": "", "error": error})
    return [out[k] for k in sorted(out)]


def article_progress(project: Project, slug: str, since: float) -> tuple[list[str], str | None]:
    """Stages of ``slug`` finished since ``since``, and the one being worked on (from the ledger)."""
    ledger = Ledger(project.output)
    try:
        rows = [r for r in ledger.rows() if r.article == slug and r.started >= since - 1]
    finally:
        ledger.close()
    done = [r.stage for r in rows if r.status == "done"]
    running = next((r.stage for r in rows if r.status == "running"), None)
    return done, running


def status_for(project: Project, rebuilder: Rebuilder, slug: str | None = None) -> dict:
    """The rebuild state as one line of text for the pages (and the raw jobs for scripts)."""
    jobs = [j for j in rebuilder.snapshot()["jobs"] if slug is None or j["all"] or slug in j["slugs"]]
    busy = [j for j in jobs if j["state"] in ("queued", "running")]
    running = next((j for j in busy if j["state"] == "running"), None)
    if running:
        text = f"Rebuilding ({running['reason']})"
        slugs = [slug] if slug else running["slugs"]
        for s in slugs:
            r = running["results"].get(s)
            if r:
                text += f"; {s}: {r['status']}" + (f": {r['error']}" if r["error"] else "")
                continue
            done, current = article_progress(project, s, running["started"])
            if current or done:
                text += f"; {s}: " + (f"done {', '.join(done)}" if done else "") + \
                        (f"{', ' if done else ''}working on {current}" if current else "")
        text += "…"
    elif busy:
        text = f"Rebuild queued ({busy[0]['reason']})…"
    elif jobs:
        last = jobs[-1]
        when = time.strftime("%H:%M:%S", time.localtime(last["finished"]))
        verb = "Rebuilt" if last["state"] == "done" else "Rebuild failed"
        result = last["results"].get(slug) if slug else None
        if result and result["status"] == "failed":
            verb, detail = "Rebuild failed", result["error"]
        else:
            detail = last["message"]
        text = f"{verb} at {when} ({last['reason']}): {detail}"
    else:
        text = ""
    finished = max((j["id"] for j in jobs if j["state"] in ("done", "failed")), default=0)
    return {"busy": bool(busy), "text": text, "finished": finished, "jobs": jobs}

"""The review page's data and its four actions (approve, edit, reject, undo).

Every action goes through :mod:`pipeline.corrections_store` (lock, re-read, change one entry,
validate, atomic rename), exactly as ``pipeline review --approve/--reject`` does: an approval is
first checked with :func:`pipeline.review.check_applies` (the context must still occur
``expected`` times), then recorded with :func:`pipeline.corrections_store.decide`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..config import Project
from ..corrections import Correction, CorrectionsList, load_corrections
from ..corrections_store import Conflict, decide, today, update
from ..errors import PipelineError, UsageError
from ..ingest import article_slug
from ..report import read_report
from ..review import Articles, check_applies
from ..segment import segment
from ..stages import clean

ACTIONS = ("approve", "edit", "reject", "undo")
MAX_FIX = 200


def article_path(project: Project, slug: str) -> Path | None:
    """The article in seeds/ whose slug is ``slug`` (reads only the small ``.meta.toml`` sidecars)."""
    for art in project.articles():
        try:
            if article_slug(art, project) == slug:
                return art
        except PipelineError:
            continue
    return None


class _Articles(Articles):
    """The CLI's article lookup, without ingesting every article to find one slug."""

    def path(self, slug: str) -> Path | None:
        return article_path(self.project, slug)


_SENTENCES: dict[tuple, list[str]] = {}


def _sentences(project: Project, article: Path, corrections: CorrectionsList) -> list[str]:
    """The article's sentences after the approved corrections (cached while no input changes)."""
    def stamp(p: Path):
        try:
            st = p.stat()
            return st.st_mtime_ns, st.st_size
        except OSError:
            return None

    key = (str(article), stamp(article), stamp(project.corrections_file), stamp(project.furniture_file),
           stamp(project.sidecar(article, "meta")))
    if key not in _SENTENCES:
        from ..ingest import ingest_file

        doc = segment(clean(ingest_file(article, project), corrections))
        _SENTENCES.clear()  # one article at a time is enough for a page view
        _SENTENCES[key] = [s.text for s in doc.sentences()]
    return _SENTENCES[key]


def _in_sentence(c: Correction, sentences: list[str]) -> dict | None:
    pat = c.pattern()
    for s in sentences:
        m = pat.search(s)
        if m:
            a, b = m.span(1)
            return {"pre": s[:a], "word": s[a:b], "post": s[b:]}
    return None


def page_data(project: Project, slug: str) -> dict:
    """What the served review page shows: open proposals in their sentences, decided entries, the
    fixes applied at the last build (from report.json)."""
    corrections = load_corrections(project.corrections_file)
    article = article_path(project, slug)
    sentences = _sentences(project, article, corrections) if article else []
    proposals = []
    for c in corrections.proposed_for(slug):
        where = _in_sentence(c, sentences)
        if c.scope == "all" and where is None:
            continue  # an 'all' proposal that does not occur in this article
        proposals.append({"c": c, "where": where})
    report = read_report(project.output / slug)
    applied = report.get("corrections", {}).get("applied", [])
    applied_ids = {a.get("entry") for a in applied}
    decided = [c for c in corrections.entries if c.status in ("approved", "rejected")
               and (c.scope == slug or (c.scope == "all" and c.id in applied_ids))]
    return {"slug": slug, "article": article, "proposals": proposals, "decided": decided,
            "document": report.get("document", {}), "applied": applied,
            "corrections_file": project.corrections_file.name}


def act(project: Project, slug: str, action: str, entry_id: str, reviewer: str, *, right: str | None = None,
        date: dt.date | None = None) -> Correction:
    """Do one review action on entry ``entry_id`` for article ``slug``; returns the entry as it was."""
    if action not in ACTIONS:
        raise UsageError(f"unknown action {action!r}")
    if action != "undo" and not reviewer:
        raise UsageError("enter your name first: every decision records who made it")
    path = project.corrections_file
    date = date or today(project.settings)
    corrections = load_corrections(path)
    c = next((e for e in corrections.entries if e.id == entry_id), None)
    if c is None or not c.applies_to(slug):
        raise Conflict(f"no entry {entry_id!r} for this article in {path.name} (removed by someone else?)")
    if action == "approve":
        check_applies(_Articles(project), c, corrections, c.right)
        decide(path, c.id, "approved", reviewer, date)
    elif action == "edit":
        if right is None or len(right) > MAX_FIX or any(not ch.isprintable() for ch in right):
            raise UsageError(f"the fix must be one line of at most {MAX_FIX} characters")
        check_applies(_Articles(project), c, corrections, right)
        decide(path, c.id, "approved", reviewer, date, right=right)
    elif action == "reject":
        decide(path, c.id, "rejected", reviewer, date)
    else:
        undo(path, c.id)
    return c


def undo(path: Path, entry_id: str) -> None:
    """Put a decided entry back to ``proposed`` (who and when are removed with the decision)."""
    def change(doc):
        for e in doc.get("correction", []):
            if e.get("id") == entry_id:
                if e.get("status") not in ("approved", "rejected"):
                    raise Conflict(f"entry {entry_id!r} is {e.get('status')}, not decided (changed by someone else?)")
                e["status"] = "proposed"
                for k in ("reviewer", "reviewed"):
                    if k in e:
                        del e[k]
                return
        raise Conflict(f"no entry {entry_id!r} in {path} (removed by someone else?)")

    update(path, change)

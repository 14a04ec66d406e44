"""The catalogue page (``output/index.html``) and what the podcast feed (:mod:`.feed`) is made from.

Both are made from what the articles' stages left in ``output/<slug>/`` (report.json, timing.json,
the files themselves), so they can be rebuilt at any time without re-running a stage.
Deterministic: articles sorted by slug; dates from the article, else SOURCE_DATE_EPOCH, else the
first time the ledger saw the article.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .. import __version__
from ..config import Project
from ..cover import find as find_cover
from ..files import write_text
from ..outputs import OUTPUTS
from ..render import render
from ..timing import read_timing_if_any
from .ledger import Ledger


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _date(meta_date: str, first_seen: float | None, fixed: dt.datetime | None) -> dt.datetime:
    if meta_date:
        try:
            d = dt.datetime.fromisoformat(meta_date.replace("Z", "+00:00"))
            return d if d.tzinfo else d.replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    if fixed is not None:  # SOURCE_DATE_EPOCH
        return fixed
    return dt.datetime.fromtimestamp(int(first_seen or 0), dt.timezone.utc)


def collect(project: Project) -> list[dict]:
    """One entry per article in seeds/ whose folder has a report, with what exists for it (an
    article removed from seeds/ leaves the catalogue and the feed; its folder stays on disk)."""
    from ..seeds import slug_owners

    current = {slug for slug, paths in slug_owners(project).items() if len(paths) == 1}
    ledger = Ledger(project.output)
    first_seen: dict[str, float] = {}
    for row in ledger.rows():
        first_seen[row.article] = min(first_seen.get(row.article, row.started), row.started)
    ledger.close()
    fixed = project.settings.build_time()
    items = []
    for report_path in sorted(project.output.glob("*/report.json")):
        out = report_path.parent
        slug = out.name
        if slug not in current:
            continue
        report = _json(report_path)
        docinfo = report.get("document", {})
        if not docinfo:
            continue
        timing, _ = read_timing_if_any(out)
        summary = report.get("summary", {})
        mp3 = out / f"{slug}.mp3"
        links = {key: f"{slug}/{name.format(slug=slug)}" if (out / name.format(slug=slug)).is_file() else None
                 for o in OUTPUTS.values() for key, name in o.links}
        item = {
            "slug": slug,
            "title": docinfo.get("title") or slug,
            "author": docinfo.get("author") or "",
            "publisher": docinfo.get("publisher") or "",
            "language": docinfo.get("language") or "en",
            "words": docinfo.get("words", 0),
            "date": _date(docinfo.get("date", ""), first_seen.get(slug), fixed),
            "summary_points": [_point_text(p) for p in summary.get("points", [])],
            "summary_origin": summary.get("origin", ""),
            "reading": summary.get("article_reading", {}),
            "summary_reading": summary.get("reading", {}),
            "duration_ms": timing.duration_ms if timing else None,
            "chapters": [c.to_dict() for c in timing.chapters] if timing else [],
            "mp3_bytes": mp3.stat().st_size if mp3.is_file() else 0,
            **links,  # "mp3", "epub", "summary", "corrections": from the outputs table
            "cover": f"{slug}/{cover.name}" if (cover := find_cover(out)) else None,
        }
        item["dated"] = bool(docinfo.get("date"))
        item["attention"] = attention(item, summary)
        items.append(item)
    return items


def attention(item: dict, summary: dict) -> list[str]:
    """What an editor should look at before publishing, in plain words (empty: nothing)."""
    flags = []
    if summary and summary.get("targets_met") is False:
        flags.append("The summary misses its reading targets (grade 6 or lower, short sentences).")
    if summary and summary.get("origin") == "generated" and summary.get("points"):
        flags.append("A computer chose the summary points; no person has checked them.")
    if summary.get("link_problems"):
        flags.append("Some summary points do not match the article sentences they link to.")
    if not item["author"]:
        flags.append("No author: the article does not say who wrote it.")
    if not item["dated"]:
        flags.append("No date: the article does not say when it was published.")
    return flags


def _point_text(p) -> str:
    if isinstance(p, dict):
        if "sentences" in p:
            return " ".join(s.get("text", "") for s in p["sentences"] if isinstance(s, dict))
        return str(p.get("text", ""))
    return str(p)


def write_catalogue(project: Project, items: list[dict]) -> Path:
    return write_text(project.output / "index.html", render("catalogue.html", items=items, version=__version__))

"""The catalogue page (``output/index.html``) and the podcast feed (``output/feed.xml``).

Both are made from what the articles' stages left in ``output/<slug>/`` (report.json, timing.json,
the files themselves), so they can be rebuilt at any time without re-running a stage.
Deterministic: articles sorted by slug; dates from the article, else SOURCE_DATE_EPOCH, else the
first time the ledger saw the article.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import uuid
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import __version__, clock
from ..config import Project
from ..files import write_bytes, write_text
from ..outputs import OUTPUTS
from ..render import render
from ..timing import read_timing_if_any
from .ledger import Ledger

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC = "http://podlove.org/simple-chapters"
ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("6f1c1f4e-6a4e-4f43-9b54-1d1c2b5f0a11")


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
    """One entry per article folder that has a report, with what exists for it."""
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
        }
        items.append(item)
    return items


def _point_text(p) -> str:
    if isinstance(p, dict):
        if "sentences" in p:
            return " ".join(s.get("text", "") for s in p["sentences"] if isinstance(s, dict))
        return str(p.get("text", ""))
    return str(p)


def write_catalogue(project: Project, items: list[dict]) -> Path:
    return write_text(project.output / "index.html", render("catalogue.html", items=items, version=__version__))


def write_feed(project: Project, items: list[dict]) -> Path:
    """The podcast feed; channel metadata and the public base URL come from the settings."""
    settings = project.settings
    feed = settings.feed
    base = settings.base_url.rstrip("/") + "/"
    ET.register_namespace("itunes", ITUNES)
    ET.register_namespace("psc", PSC)
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    ch = ET.SubElement(rss, "channel")
    _sub(ch, "title", feed.title)
    _sub(ch, "link", base)
    _sub(ch, "description", feed.description)
    _sub(ch, "language", feed.language or (items[0]["language"] if items else "en"))
    _sub(ch, "generator", f"tts-publish-pipeline {__version__}")
    ET.SubElement(ch, f"{{{ATOM}}}link", {"href": base + "feed.xml", "rel": "self", "type": "application/rss+xml"})
    _sub(ch, f"{{{ITUNES}}}author", feed.author)
    _sub(ch, f"{{{ITUNES}}}explicit", "false")
    ET.SubElement(ch, f"{{{ITUNES}}}category", {"text": feed.category})
    for it in sorted(items, key=lambda i: (i["date"], i["slug"]), reverse=True):
        if not it["mp3"]:
            continue
        item = ET.SubElement(ch, "item")
        _sub(item, "title", it["title"])
        desc = " ".join(it["summary_points"]) or it["title"]
        _sub(item, "description", desc)
        _sub(item, f"{{{ITUNES}}}summary", desc)
        _sub(item, f"{{{ITUNES}}}author", it["author"] or "Unknown author")
        if it["summary"]:
            _sub(item, "link", base + it["summary"])
        ET.SubElement(item, "enclosure", {"url": base + it["mp3"], "length": str(it["mp3_bytes"]),
                                          "type": "audio/mpeg"})
        _sub(item, "guid", f"urn:uuid:{uuid.uuid5(NAMESPACE, it['slug'])}", isPermaLink="false")
        _sub(item, "pubDate", email.utils.format_datetime(it["date"]))
        if it["duration_ms"]:
            _sub(item, f"{{{ITUNES}}}duration", clock.mmss(it["duration_ms"]))
        if it["chapters"]:
            chapters = ET.SubElement(item, f"{{{PSC}}}chapters", {"version": "1.2"})
            for c in it["chapters"]:
                ET.SubElement(chapters, f"{{{PSC}}}chapter", {"start": clock.vtt(c["start_ms"]), "title": c["title"]})
    ET.indent(rss)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8") + b"\n"
    return write_bytes(project.output / "feed.xml", data)


def _sub(parent, tag, text, **attrs):
    e = ET.SubElement(parent, tag, attrs)
    e.text = text
    return e

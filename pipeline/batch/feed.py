"""The podcast feed (``output/feed.xml``) and each episode's JSON chapters (``output/<slug>/chapters.json``).

RSS 2.0 with the iTunes tags Apple Podcasts and Spotify require (artwork, owner, category, explicit,
type, copyright), Podlove Simple Chapters, and the Podcasting 2.0 ``podcast:transcript`` (the
WebVTT captions) and ``podcast:chapters`` (JSON chapters) of each episode. Channel metadata comes
from the ``[feed]`` table of ``pipeline.toml`` (:class:`pipeline.settings.Feed`); the base URL from
``--base-url``, ``$PIPELINE_BASE_URL`` or ``base_url`` there. What a directory would refuse (no owner e-mail, links to localhost) is returned as warnings for ``batch`` to print once.
"""

from __future__ import annotations

import email.utils
import json
import uuid
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from .. import __version__, clock
from ..config import Project
from ..cover import channel_cover
from ..files import write_bytes, write_text
from ..settings import CONFIG_FILE

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC = "http://podlove.org/simple-chapters"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
DC = "http://purl.org/dc/elements/1.1/"  # dc:language per episode: each article is read in its own language
NAMESPACE = uuid.UUID("6f1c1f4e-6a4e-4f43-9b54-1d1c2b5f0a11")
MAX_DESCRIPTION = 4000  # Apple Podcasts truncates longer descriptions


def is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "127.0.0.1", "::1", "0.0.0.0") or host.endswith(".localhost") or not host


def chapters_json(item: dict) -> dict:
    """Podcasting 2.0 JSON chapters (``application/json+chapters``, version 1.2.0)."""
    chapters = []
    for c in item["chapters"]:
        entry = {"startTime": round(c["start_ms"] / 1000, 3), "title": c["title"]}
        if c.get("end_ms") is not None:
            entry["endTime"] = round(c["end_ms"] / 1000, 3)
        chapters.append(entry)
    return {"version": "1.2.0", "title": item["title"], "chapters": chapters}


def write_chapters(project: Project, item: dict) -> Path | None:
    if not item["chapters"]:
        return None
    path = project.output / item["slug"] / "chapters.json"
    text = json.dumps(chapters_json(item), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if not (path.is_file() and path.read_text("utf-8") == text):
        write_text(path, text)
    return path


def write_feed(project: Project, items: list[dict]) -> tuple[Path, list[str]]:
    """Write feed.xml (and the episodes' chapters.json) from ``project.settings`` (``[feed]``,
    ``base_url``); return its path and the warnings for the user."""
    s = project.settings.feed
    base = project.settings.base_url.rstrip("/") + "/"
    warnings = []
    if is_local(base):
        warnings.append(f"feed.xml links point at {base}, which only this machine can reach: set base_url in "
                        f"{CONFIG_FILE}, $PIPELINE_BASE_URL or --base-url to the public address of output/")
    missing = [k for k in ("owner_email", "copyright") if not getattr(s, k)]
    if missing:
        warnings.append(f"feed.xml is not ready for Apple Podcasts or Spotify: set {', '.join(missing)} in the "
                        f"[feed] table of {CONFIG_FILE}")
    for prefix, uri in (("itunes", ITUNES), ("psc", PSC), ("atom", ATOM), ("podcast", PODCAST), ("dc", DC)):
        ET.register_namespace(prefix, uri)
    author = s.author or s.owner_name or s.title
    art = channel_cover(project.output, s.title, s.owner_name or author, s.artwork)
    rss = ET.Element("rss", {"version": "2.0"})
    ch = ET.SubElement(rss, "channel")
    _sub(ch, "title", s.title)
    _sub(ch, "link", base)
    _sub(ch, "description", s.description[:MAX_DESCRIPTION])
    _sub(ch, "language", s.language or (items[0]["language"] if items else "en"))
    if s.copyright:
        _sub(ch, "copyright", s.copyright)
    _sub(ch, "generator", f"tts-publish-pipeline {__version__}")
    ET.SubElement(ch, f"{{{ATOM}}}link", {"href": base + "feed.xml", "rel": "self", "type": "application/rss+xml"})
    image = ET.SubElement(ch, "image")
    _sub(image, "url", base + art.name)
    _sub(image, "title", s.title)
    _sub(image, "link", base)
    ET.SubElement(ch, f"{{{ITUNES}}}image", {"href": base + art.name})
    _sub(ch, f"{{{ITUNES}}}author", author)
    if s.owner_name or s.owner_email:
        owner = ET.SubElement(ch, f"{{{ITUNES}}}owner")
        _sub(owner, f"{{{ITUNES}}}name", s.owner_name or author)
        if s.owner_email:
            _sub(owner, f"{{{ITUNES}}}email", s.owner_email)
    _sub(ch, f"{{{ITUNES}}}explicit", "true" if s.explicit else "false")
    _sub(ch, f"{{{ITUNES}}}type", s.type)
    category = ET.SubElement(ch, f"{{{ITUNES}}}category", {"text": s.category})
    if s.subcategory:
        ET.SubElement(category, f"{{{ITUNES}}}category", {"text": s.subcategory})
    for it in sorted(items, key=lambda i: (i["date"], i["slug"]), reverse=True):
        if it["mp3"]:
            _episode(ch, it, base, project)
    ET.indent(rss)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8") + b"\n"
    return write_bytes(project.output / "feed.xml", data), warnings


def _episode(ch, it: dict, base: str, project: Project) -> None:
    item = ET.SubElement(ch, "item")
    _sub(item, "title", it["title"])
    desc = (" ".join(it["summary_points"]) or it["title"])[:MAX_DESCRIPTION]
    _sub(item, "description", desc)
    _sub(item, f"{{{ITUNES}}}summary", desc)
    if it["author"] or it.get("publisher"):
        _sub(item, f"{{{ITUNES}}}author", it["author"] or it["publisher"])  # never invented
    if it["summary"]:
        _sub(item, "link", base + it["summary"])
    ET.SubElement(item, "enclosure", {"url": base + it["mp3"], "length": str(it["mp3_bytes"]), "type": "audio/mpeg"})
    _sub(item, "guid", f"urn:uuid:{uuid.uuid5(NAMESPACE, it['slug'])}", isPermaLink="false")
    _sub(item, "pubDate", email.utils.format_datetime(it["date"]))
    if it["duration_ms"]:
        _sub(item, f"{{{ITUNES}}}duration", clock.mmss(it["duration_ms"]))
    if it.get("cover"):
        ET.SubElement(item, f"{{{ITUNES}}}image", {"href": base + it["cover"]})
    _sub(item, f"{{{DC}}}language", it["language"])
    _sub(item, f"{{{ITUNES}}}explicit", "false")
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    if it.get("vtt"):
        ET.SubElement(item, f"{{{PODCAST}}}transcript", {"url": base + it["vtt"], "type": "text/vtt",
                                                          "language": it["language"], "rel": "captions"})
    chapters = write_chapters(project, it)
    if chapters is not None:
        ET.SubElement(item, f"{{{PODCAST}}}chapters", {"url": f"{base}{it['slug']}/{chapters.name}",
                                                        "type": "application/json+chapters"})
        psc = ET.SubElement(item, f"{{{PSC}}}chapters", {"version": "1.2"})
        for c in it["chapters"]:
            ET.SubElement(psc, f"{{{PSC}}}chapter", {"start": clock.vtt(c["start_ms"]), "title": c["title"]})


def _sub(parent, tag, text, **attrs):
    e = ET.SubElement(parent, tag, attrs)
    e.text = text
    return e


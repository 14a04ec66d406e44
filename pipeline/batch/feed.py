"""The podcast feed (``output/feed.xml``) and each episode's JSON chapters (``output/<slug>/chapters.json``).

RSS 2.0 with the iTunes tags Apple Podcasts and Spotify require (artwork, owner, category, explicit,
type, copyright), Podlove Simple Chapters, and the Podcasting 2.0 ``podcast:transcript`` (the
WebVTT captions) and ``podcast:chapters`` (JSON chapters) of each episode. Channel metadata comes
from the ``[feed]`` table of ``pipeline.toml`` at the project root (:func:`feed_settings`); the
base URL from ``--base-url``, ``$PIPELINE_BASE_URL`` or ``base_url`` there. What a directory would
refuse (no owner e-mail, links to localhost) is returned as warnings for ``batch`` to print once.
"""

from __future__ import annotations

import email.utils
import json
import uuid
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from .. import __version__, clock
from ..config import Project, check_keys, line_of, load_toml, raise_all
from ..cover import channel_cover
from ..files import write_bytes, write_text

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC = "http://podlove.org/simple-chapters"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST = "https://podcastindex.org/namespace/1.0"
NAMESPACE = uuid.UUID("6f1c1f4e-6a4e-4f43-9b54-1d1c2b5f0a11")
DEFAULT_BASE_URL = "http://localhost:8000/"
CONFIG_FILE = "pipeline.toml"
MAX_DESCRIPTION = 4000  # Apple Podcasts truncates longer descriptions


@dataclass(frozen=True)
class FeedSettings:
    """The ``[feed]`` table of pipeline.toml (every key optional; defaults below)."""

    title: str = "Article narrations"
    description: str = "Narrated articles with accessible EPUBs and plain-language summaries."
    author: str = ""  # default: owner_name, else the title
    owner_name: str = ""
    owner_email: str = ""
    category: str = "News"
    subcategory: str = ""
    language: str = ""  # default: the first article's language
    copyright: str = ""
    artwork: str = ""  # path (relative to the project root) of a square 1400-3000 px JPEG/PNG
    explicit: bool = False
    type: str = "episodic"  # or "serial"
    base_url: str = ""


def feed_settings(project: Project) -> FeedSettings:
    """Read ``pipeline.toml`` (next to seeds/); missing file or table means the defaults."""
    path = Path(project.seeds).parent / CONFIG_FILE
    if not path.is_file():
        return FeedSettings()
    data = load_toml(path)
    table = data.get("feed", {})
    base_url = data.get("base_url", "")
    problems = []
    if not isinstance(table, dict):
        raise_all([f"{path}:{line_of(path, '[feed]') or '?'}: [feed] must be a table"], path)
    kinds = {f.name: f.type for f in fields(FeedSettings)}
    for key in table:
        if key not in kinds:
            problems += check_keys({key: None}, kinds, f"{path}:{line_of(path, key)}: [feed]")
    values = {}
    for key, value in table.items():
        if key not in kinds:
            continue
        want = bool if kinds[key] in (bool, "bool") else str
        if not isinstance(value, want):
            problems.append(f"{path}:{line_of(path, key)}: [feed] {key} must be a {want.__name__}")
        else:
            values[key] = value.strip() if isinstance(value, str) else value
    if values.get("type", "episodic") not in ("episodic", "serial"):
        problems.append(f"{path}:{line_of(path, 'type')}: [feed] type must be \"episodic\" or \"serial\"")
    if "@" not in values.get("owner_email", "@"):
        problems.append(f"{path}:{line_of(path, 'owner_email')}: [feed] owner_email is not an e-mail address")
    if not isinstance(base_url, str):
        problems.append(f"{path}:{line_of(path, 'base_url')}: base_url must be a string")
    raise_all(problems, path)
    if values.get("artwork"):
        values["artwork"] = str(path.parent / values["artwork"])
    return FeedSettings(**values, **({"base_url": base_url} if base_url and "base_url" not in values else {}))


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


def write_feed(project: Project, items: list[dict], base_url: str | None = None,
               settings: FeedSettings | None = None) -> tuple[Path, list[str]]:
    """Write feed.xml (and the episodes' chapters.json); return its path and the warnings for the user."""
    s = settings or feed_settings(project)
    base = (base_url or s.base_url or DEFAULT_BASE_URL).rstrip("/") + "/"
    warnings = []
    if is_local(base):
        warnings.append(f"feed.xml links point at {base}, which only this machine can reach: set base_url in "
                        f"{CONFIG_FILE}, $PIPELINE_BASE_URL or --base-url to the public address of output/")
    missing = [k for k in ("owner_email", "copyright") if not getattr(s, k)]
    if missing:
        warnings.append(f"feed.xml is not ready for Apple Podcasts or Spotify: set {', '.join(missing)} in the "
                        f"[feed] table of {CONFIG_FILE}")
    for prefix, uri in (("itunes", ITUNES), ("psc", PSC), ("atom", ATOM), ("podcast", PODCAST)):
        ET.register_namespace(prefix, uri)
    author = s.author or s.owner_name or s.title
    art = channel_cover(project.output, s.title, s.owner_name or author, Path(s.artwork) if s.artwork else None)
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


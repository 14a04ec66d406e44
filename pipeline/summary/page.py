"""Assemble the summary page and the report's ``summary`` section."""

from __future__ import annotations

import math
from pathlib import Path

from ..config import Project
from ..errors import PipelineError
from ..files import write_text
from ..epub.content import base_direction
from ..model import Document
from ..render import render
from ..timing import Timing, read_timing_if_any
from ..report import update_report
from .editor import check_points, load_editor_summary
from .glossary import hard_words, load_word_lists
from .points import MAX_POINTS, MIN_POINTS, generate
from .readability import measure

DEFAULT_RATE = 165  # words per minute when no voice profile can be read


def article_path(doc: Document, project: Project) -> Path | None:
    """The seed file the document came from (for its ``.summary.toml`` sidecar)."""
    for a in project.articles():
        if a.name == Path(doc.meta.source).name or a.stem == doc.meta.slug:
            return a
    return None


def page_timing(timing: Timing | None, doc: Document) -> tuple[dict | None, str]:
    """The timing map as the page uses it (this document's sentences only); else (None, why)."""
    if timing is None:
        return None, "no timing.json"
    ids = {s.id for s in doc.sentences()}
    sentences = [{"id": s.id, "start_ms": s.start_ms, "end_ms": s.end_ms} for s in timing.sentences if s.id in ids]
    if not sentences:
        return None, "timing.json is not a schema-1 timing map for this article"
    return {"duration_ms": timing.duration_ms, "sentences": sentences}, ""


def rate_wpm(project: Project, doc: Document) -> int:
    """Words a minute of the voice profile chosen for the article (to estimate the listening time)."""
    try:
        from ..speech.choose import choose_profile

        return choose_profile(project, doc)[0].words_per_minute()
    except PipelineError:
        return DEFAULT_RATE


def transcript(doc: Document, timing: dict | None) -> list[dict]:
    starts = {s["id"]: s["start_ms"] for s in (timing or {}).get("sentences", [])}
    blocks = []
    for b in doc.blocks:
        sents = [{"id": s.id, "text": s.text, "start": starts.get(s.id)} for s in b.sentences]
        att = {"id": b.attribution.id, "text": b.attribution.text, "start": starts.get(b.attribution.id)} \
            if b.attribution else None
        first = next((s["start"] for s in sents if s["start"] is not None), None)
        blocks.append({"id": b.id, "number": int(b.id[1:]), "kind": b.kind, "level": b.level,
                       "sentences": sents, "attribution": att, "start": first,
                       "figure": {"caption": b.text, "alt": b.alt} if b.kind == "figure" else None})
    return blocks


def source_links(point, sentences: dict) -> list[dict]:
    """Link text for each source id: "paragraph 13", or "paragraph 13, sentence 3" when needed."""
    ids = point.sources
    per_block: dict[str, int] = {}
    for sid in ids:
        per_block[sid[:4]] = per_block.get(sid[:4], 0) + 1
    out = []
    for sid in ids:
        label = f"paragraph {int(sid[1:4])}"
        if per_block[sid[:4]] > 1 or sid[4:5] == "a":
            label += ", the name under the quote" if sid[4:5] == "a" else f", sentence {int(sid[5:])}"
        out.append({"id": sid, "label": label, "title": sentences[sid].text if sid in sentences else ""})
    return out




def build(ctx) -> list[Path]:
    """The ``summary`` output (see pipeline/outputs.py)."""
    return summarise(ctx.doc, ctx.project, ctx.out_dir, timing=ctx.made.get("timing"), profile=ctx.profile)[0]


def build_summary(doc: Document, project: Project, out_dir: Path, *, generated: bool | None = None,
                  timing: Timing | None = None) -> list[Path]:
    """Write summary.html and the report's summary section; returns the paths written."""
    return summarise(doc, project, out_dir, generated=generated, timing=timing)[0]


def summarise(doc: Document, project: Project, out_dir: Path, *, generated: bool | None = None,
              timing: Timing | None = None, profile=None) -> tuple[list[Path], dict]:
    """Write summary.html and the report's summary section. ``generated=True`` (default: the
    settings' ``summary_generated``, ``--generated`` or ``PIPELINE_SUMMARY_GENERATED=1``) uses the
    generated points even when an editor's summary exists, to measure and review the generator.
    ``profile``: the article's voice profile (default: chosen as the audio stage chooses it)."""
    out_dir = Path(out_dir)
    if generated is None:
        generated = project.settings.summary_generated
    slug = doc.meta.slug
    lists = load_word_lists(project.seeds)
    article = article_path(doc, project)
    sidecar = project.sidecar(article, "summary") if article else None
    editor = load_editor_summary(sidecar, doc) if sidecar and sidecar.is_file() and not generated else None
    points = editor.points if editor else generate(doc, lists)
    link_problems = check_points(points, doc)
    lines = [ln.text for p in points for ln in p.lines]
    reading = measure(lines)
    body = [(s.id, s.text) for b in doc.blocks if b.kind != "byline" for s in b.all_sentences()]
    article_reading = measure([t for _, t in body], max_grade=math.inf, word_range=(0, math.inf))
    terms = lists.terms_in("\n".join(t for _, t in body))
    unexplained = hard_words(body, lists)

    if timing is None:
        timing, timing_note = read_timing_if_any(out_dir)
        if timing is None and timing_note != "no timing.json":
            timing_note = f"timing.json unreadable: {timing_note}"
    timing, timing_note = page_timing(timing, doc) if timing is not None else (None, timing_note)
    files = {k: (out_dir / name).name if (out_dir / name).is_file() else None for k, name in {
        "mp3": f"{slug}.mp3", "vtt": f"{slug}.vtt", "epub": f"{slug}.epub", "corrections": "corrections.html",
    }.items()}
    if not files["mp3"]:
        timing = None  # nothing to play: no player, no timestamps
    words = doc.word_count()
    if profile is None and files["mp3"]:
        from ..speech.choose import choose_profile

        profile = choose_profile(project, doc)[0]  # who reads it: the "Narrated by" line
    rate = profile.words_per_minute() if profile is not None else rate_wpm(project, doc)
    if timing:
        listen_ms, listen_from = timing["duration_ms"], "timing.json"
    else:
        listen_ms, listen_from = round(words / rate * 60000), f"estimated from {words} words at {rate} words a minute"
    mp3_bytes = (out_dir / files["mp3"]).stat().st_size if files["mp3"] else 0
    sentences = doc.sentence_map()
    html = render(
        "summary.html", doc=doc, meta=doc.meta, editor=editor,
        points=[{"lines": p.lines, "links": source_links(p, sentences)} for p in points],
        reading=reading, article_reading=article_reading, terms=terms, files=files,
        timing=timing, timing_json={"sentences": timing["sentences"]} if timing else None,
        listen_minutes=max(1, round(listen_ms / 60000)), listen_from=listen_from, words=words,
        mp3_mb=f"{mp3_bytes / 1e6:.1f}", blocks=transcript(doc, timing),
        narrator=profile.narrator if profile is not None and files["mp3"] else "",
        direction=base_direction(doc.meta.language or "en"),
    )
    page = write_text(out_dir / "summary.html", html)
    section = {
        "page": page.name,
        "origin": "editor" if editor else "generated",
        "editor": {"file": editor.path.name, "editor": editor.editor, "reviewed": editor.reviewed} if editor else None,
        "points": [p.to_dict() for p in points],
        "reading": reading.to_dict(), "targets_met": reading.ok and not link_problems and MIN_POINTS <= len(points) <= MAX_POINTS,
        "link_problems": link_problems,
        "article_reading": {k: article_reading.to_dict()[k] for k in ("grade", "ease", "reading_age", "words")},
        "listening": {"minutes": round(listen_ms / 60000, 1), "from": listen_from},
        "words_explained": [{"term": t.term, "reviewer": t.reviewer, "reviewed": t.reviewed} for t in terms],
        "hard_words_unexplained": unexplained,
        "linked": {k: v for k, v in files.items() if v} | ({"timing": "timing.json"} if timing else {}),
        "timing_note": timing_note if files["mp3"] else "no narration MP3",
    }
    report = update_report(out_dir, "summary", section)
    return [page, report], section

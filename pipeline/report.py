"""Per-article report: ``output/<slug>/report.json`` and the corrections report page.

Each stage owns one section of report.json (``document``, ``corrections``, ``audio``, ...).
Sections are merged into the file, so stages can run separately; keys are sorted so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .corrections import CorrectionsList
from .files import write_text
from .model import Document
from .render import render


def read_report(out_dir: Path) -> dict:
    path = Path(out_dir) / "report.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def update_report(out_dir: Path, section: str, data) -> Path:
    report = read_report(out_dir)
    report["pipeline_version"] = __version__
    report[section] = data
    return write_text(Path(out_dir) / "report.json", json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def corrections_section(doc: Document, corrections: CorrectionsList) -> dict:
    by_id = {c.id: c for c in corrections.entries}
    return {
        "applied": [
            {
                "entry": ch.entry, "block": ch.block, "sentence": _sentence_of(doc, ch), "offset": ch.offset,
                "wrong": ch.wrong, "right": ch.right, "before": ch.before, "after": ch.after,
                "reviewer": by_id[ch.entry].reviewer if ch.entry in by_id else "",
                "reviewed": by_id[ch.entry].reviewed if ch.entry in by_id else "",
                "note": by_id[ch.entry].note if ch.entry in by_id else "",
            }
            for ch in doc.changes
        ],
        "dropped_furniture": [{"text": d.text, "rule": d.rule, "line": d.line} for d in doc.dropped],
        "open_proposals": [
            {"entry": c.id, "wrong": c.wrong, "right": c.right, "context": c.context,
             "confidence": c.confidence, "reason": c.reason}
            for c in corrections.proposed_for(doc.meta.slug)
        ],
        "corrections_file": corrections.path.name,
    }


def _sentence_of(doc: Document, ch) -> str:
    """Id of the sentence that now holds the fix (the first one containing the corrected context)."""
    block_id = ch.block.split(":")[0]
    for b in doc.blocks:
        if b.id != block_id:
            continue
        if ch.block.endswith(":attribution") and b.attribution:
            return b.attribution.id
        pos = 0
        for s in b.sentences:
            start = b.text.find(s.text, pos)
            end = start + len(s.text)
            if start >= 0 and start <= ch.offset < end + 1:
                return s.id
            pos = max(pos, end)
        return b.sentences[-1].id if b.sentences else ""
    return ""


def build(ctx) -> list[Path]:
    """The ``report`` output (see pipeline/outputs.py)."""
    return write_reports(ctx.doc, ctx.corrections, ctx.out_dir)


def write_reports(doc: Document, corrections: CorrectionsList, out_dir: Path) -> list[Path]:
    section = corrections_section(doc, corrections)
    meta = doc.meta
    update_report(out_dir, "document", {
        "slug": meta.slug, "title": meta.title, "author": meta.author, "language": meta.language,
        "source": meta.source, "source_format": meta.source_format,
        "blocks": len(doc.blocks), "sentences": sum(1 for _ in doc.sentences()), "words": doc.word_count(),
    })
    report = update_report(out_dir, "corrections", section)
    sentences = doc.sentence_map()
    rows = []
    for item in section["applied"]:
        text = sentences[item["sentence"]].text if item["sentence"] in sentences else item["after"]
        i = text.find(item["right"])
        rows.append({**item, "pre": text[:i] if i >= 0 else text, "post": text[i + len(item["right"]):] if i >= 0 else ""})
    page = write_text(Path(out_dir) / "corrections.html", render(
        "corrections.html", doc=doc, rows=rows, dropped=section["dropped_furniture"],
        proposals=section["open_proposals"], corrections_file=section["corrections_file"],
    ))
    return [report, page]

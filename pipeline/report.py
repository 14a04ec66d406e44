"""Per-article report: ``output/<slug>/report.json`` and the corrections report page.

Each stage owns one section of report.json (``document``, ``corrections``, ``audio``, ...).
Sections are merged into the file, so stages can run separately; keys are sorted so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .corrections import CONTEXT_CHARS, CorrectionsList
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
    """Id of the sentence that now holds the fix (found from the change's offset in the cleaned text)."""
    return _where(doc, ch)["sentence"]


def final_offset(doc: Document, index: int) -> int:
    """Where change ``index`` now sits in its block's cleaned text: its recorded offset, moved by the
    changes applied after it earlier in the same text (corrections are applied in file order)."""
    ch = doc.changes[index]
    pos = ch.offset
    for later in doc.changes[index + 1:]:
        if later.block == ch.block and later.offset < pos:
            pos += len(later.right) - len(later.wrong)
    return pos


def _where(doc: Document, ch) -> dict:
    """The sentence holding a change, cut around the change itself: its id, ``pre``, the fix, ``post``."""
    index = next(i for i, c in enumerate(doc.changes) if c is ch)
    at = final_offset(doc, index)
    block_id, _, slot = ch.block.partition(":")
    block = next((b for b in doc.blocks if b.id == block_id), None)
    pieces = []
    if block is not None and slot == "attribution" and block.attribution:
        pieces = [(block.attribution, 0)]
    elif block is not None:
        pos = 0
        for s in block.sentences:
            start = block.text.find(s.text, pos)
            if start >= 0:
                pieces.append((s, start))
                pos = start + len(s.text)
    for s, start in pieces:
        i = at - start
        if 0 <= i and s.text[i:i + len(ch.right)] == ch.right:
            return {"sentence": s.id, "pre": s.text[:i], "post": s.text[i + len(ch.right):]}
    # the fix straddles a sentence boundary: show the recorded context around it instead
    i = min(ch.offset, CONTEXT_CHARS)
    last = next((s.id for s, start in pieces if start <= at), pieces[0][0].id if pieces else "")
    return {"sentence": last, "pre": "…" + ch.after[:i], "post": ch.after[i + len(ch.right):] + "…"}


def build(ctx) -> list[Path]:
    """The ``report`` output (see pipeline/outputs.py)."""
    return write_reports(ctx.doc, ctx.corrections, ctx.out_dir)


def write_reports(doc: Document, corrections: CorrectionsList, out_dir: Path) -> list[Path]:
    section = corrections_section(doc, corrections)
    meta = doc.meta
    update_report(out_dir, "document", {
        "slug": meta.slug, "title": meta.title, "author": meta.author, "language": meta.language,
        "date": meta.date, "publisher": meta.publisher,
        "source": meta.source, "source_format": meta.source_format,
        "blocks": len(doc.blocks), "sentences": sum(1 for _ in doc.sentences()), "words": doc.word_count(),
        **({"warnings": list(doc.notes)} if doc.notes else {}),  # only when there is something to say
    })
    report = update_report(out_dir, "corrections", section)
    rows = [{**item, **_where(doc, ch)} for item, ch in zip(section["applied"], doc.changes)]  # at its offset
    page = write_text(Path(out_dir) / "corrections.html", render(
        "corrections.html", doc=doc, rows=rows, dropped=section["dropped_furniture"],
        proposals=section["open_proposals"], corrections_file=section["corrections_file"],
    ))
    return [report, page]

"""The three text stages, in order: ingest -> clean -> segment. Outputs start from ``build_document``."""

from __future__ import annotations

from pathlib import Path

from .config import Project
from .corrections import CorrectionsList, apply_corrections, load_corrections
from .decode import normalise_inline
from .errors import UsageError
from .ingest import ingest_file
from .model import STAGES, Document
from .segment import segment


def clean(doc: Document, corrections: CorrectionsList) -> Document:
    """Apply reviewed corrections, then keep the title in step with the corrected headline."""
    headline = next((b for b in doc.blocks if b.kind == "heading" and b.level == 1), None)
    title_from_headline = headline is not None and doc.meta.title == headline.text
    apply_corrections(doc, corrections)
    for b in doc.blocks:  # a list keeps one item per line
        b.text = "\n".join(normalise_inline(i) for i in b.items) if b.kind == "list" else normalise_inline(b.text)
    if title_from_headline:  # a corrected headline corrects the title; an editor's title (meta.toml) stays
        doc.meta.title = headline.text
    doc.stage = "clean"
    return doc


def build_document(article: Path, project: Project, stage: str = "segment",
                   corrections: CorrectionsList | None = None) -> Document:
    """Run the text stages up to and including ``stage``."""
    if stage not in STAGES:
        raise UsageError(f"unknown stage {stage!r}; stages are: {', '.join(STAGES)}")
    doc = ingest_file(article, project)
    if stage == "ingest":
        return doc
    if corrections is None:
        corrections = load_corrections(project.corrections_file)
    doc = clean(doc, corrections)
    if stage == "clean":
        return doc
    return segment(doc)

"""Helpers for the suggest tests: a document of plain paragraphs and what suggest proposes for it."""

from __future__ import annotations

from pipeline.model import Block, Document, Metadata
from pipeline.suggest import find_suggestions


def doc_of(*paragraphs: str) -> Document:
    return Document(meta=Metadata(slug="t"), blocks=[Block(id=f"p{i:03d}", kind="paragraph", text=t)
                                                      for i, t in enumerate(paragraphs, 1)])


def found(*paragraphs: str) -> dict[str, str]:
    """What suggest proposes for these paragraphs, as {wrong: right}."""
    return {s.wrong: s.right for s in find_suggestions(doc_of(*paragraphs))}

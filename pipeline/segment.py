"""Segment: block text -> sentences with stable, readable ids.

Sentence boundaries come from pySBD (rule-based, handles "Mr.", "e.g.", "U.S.", decimals,
quotes and dashes). Ids come from position after cleaning (``p003s02``), so editing one
paragraph never renumbers another. Segmentation only cuts between characters the splitter
marked and strips the white space around each cut: no text is ever lost or re-written.
"""

from __future__ import annotations

import functools

from .model import Document, Sentence, attribution_id, sentence_id


@functools.lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    lang = language.split("-")[0].lower()
    try:
        return pysbd.Segmenter(language=lang, clean=False, char_span=True)
    except ValueError:  # a language pySBD does not know: English rules are the safest fallback
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Sentences of ``text``, in order, each stripped; joining them with spaces gives ``text`` back
    (modulo the white space at the cuts)."""
    text = text.strip()
    if not text:
        return []
    spans = _segmenter(language).segment(text)
    cuts = sorted({s.start for s in spans if 0 < s.start < len(text)})
    out, prev = [], 0
    for c in cuts + [len(text)]:
        piece = text[prev:c].strip()
        if piece:
            out.append(piece)
        prev = c
    # never split inside a word: glue a piece back if the cut fell between two word characters
    merged: list[str] = []
    for piece, c in zip(out, [0] + cuts):
        if merged and 0 < c < len(text) and text[c - 1].isalnum() and text[c].isalnum():
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    return merged


def segment(doc: Document) -> Document:
    """Fill every block's sentences and give them their ids. Re-segmenting is idempotent."""
    lang = doc.meta.language or "en"
    for b in doc.blocks:
        b.sentences = [
            Sentence(id=sentence_id(b.id, i), text=t) for i, t in enumerate(split_sentences(b.text, lang), 1)
        ]
        if b.attribution is not None:
            b.attribution.id = attribution_id(b.id)
    doc.stage = "segment"
    return doc

"""Segment: block text -> sentences with stable, readable ids.

Sentence boundaries come from pySBD (rule-based, handles "Mr.", "e.g.", "U.S.", decimals,
quotes and dashes). Ids come from position after cleaning (``p003s02``), so editing one
paragraph never renumbers another. Segmentation only cuts between characters the splitter
marked and strips the white space around each cut: no text is ever lost or re-written.

pySBD runs with the document's language rules (en, de, fr, es, zh, ja, ...; English for the
languages it does not know). Chinese and Japanese put no space after a sentence: there a cut is
also made after a full-width 。！？. A list block is split item by item (one item per line: a
sentence never crosses items); a figure has no sentences (it is shown, never narrated).
"""

from __future__ import annotations

import functools

from .errors import warn
from .model import Document, Sentence, attribution_id, sentence_id


FULL_WIDTH_END = "。！？"  # Chinese/Japanese sentence ends: no space follows them


@functools.lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    lang = language.split("-")[0].lower()
    try:
        return pysbd.Segmenter(language=lang, clean=False, char_span=True)
    except ValueError:  # a language pySBD does not know: English rules are the safest fallback
        warn(f"no sentence rules for language {language!r}: splitting sentences with the English rules")
        return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Sentences of ``text``, in order, each stripped; joining them with spaces gives ``text`` back
    (modulo the white space at the cuts)."""
    text = text.strip()
    if not text:
        return []
    spans = _segmenter(language).segment(text)
    # cut only where the splitter marked a boundary AND there is white space: never inside a word
    # ("voters.The" stays one token; a scrape's missing space is for the editor to fix)
    cuts = sorted({sp.start for sp in spans
                   if 0 < sp.start < len(text) and (text[sp.start - 1].isspace() or text[sp.start].isspace()
                                                    or text[sp.start - 1] in FULL_WIDTH_END)})
    merged: list[str] = []
    prev = 0
    for c in cuts + [len(text)]:
        piece = text[prev:c].strip()
        if piece:
            merged.append(piece)
        prev = c
    return merged


def segment(doc: Document) -> Document:
    """Fill every block's sentences and give them their ids. Re-segmenting is idempotent."""
    lang = doc.meta.language or "en"
    for b in doc.blocks:
        if b.kind == "figure":
            texts = []
        elif b.kind == "list":
            texts = [t for item in b.text.split("\n") for t in split_sentences(item, lang)]
        else:
            texts = split_sentences(b.text, lang)
        b.sentences = [Sentence(id=sentence_id(b.id, i), text=t) for i, t in enumerate(texts, 1)]
        if b.attribution is not None:
            b.attribution.id = attribution_id(b.id)
    doc.stage = "segment"
    return doc

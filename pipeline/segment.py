"""Segment: block text -> sentences with stable, readable ids.

Sentence boundaries come from pySBD (rule-based, handles "Mr.", "e.g.", "U.S.", decimals,
quotes and dashes). Ids come from position after cleaning (``p003s02``), so editing one
paragraph never renumbers another. Segmentation only cuts between characters the splitter
marked and strips the white space around each cut: no text is ever lost or re-written.

pySBD's time grows with the square of its input (each abbreviation it finds is replaced by a
pass over the whole text), so a long paragraph goes to it in bounded windows: a window's cuts are
kept up to ``MARGIN`` characters before its end (so each cut has context on both sides) and the
next window starts at the last cut kept. A paragraph shorter than ``WINDOW`` is one call, as before,
and a windowed paragraph gets the cuts a single call gives (checked in tests/test_segment_windows.py).
pySBD itself runs without its repeated work (segment_rules.py): the same sentences, 4-5x faster.

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
    from .segment_rules import segmenter

    lang = language.split("-")[0].lower()
    try:
        return segmenter(lang)
    except ValueError:  # a language pySBD does not know: English rules are the safest fallback
        warn(f"no sentence rules for language {language!r}: splitting sentences with the English rules")
        return segmenter("en")


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Sentences of ``text``, in order, each stripped; joining them with spaces gives ``text`` back
    (modulo the white space at the cuts)."""
    text = text.strip()
    if not text:
        return []
    starts = sentence_starts(text, _segmenter(language))
    # cut only where the splitter marked a boundary AND there is white space: never inside a word
    # ("voters.The" stays one token; a scrape's missing space is for the editor to fix)
    cuts = sorted({c for c in starts
                   if 0 < c < len(text) and (text[c - 1].isspace() or text[c].isspace()
                                             or text[c - 1] in FULL_WIDTH_END)})
    merged: list[str] = []
    prev = 0
    for c in cuts + [len(text)]:
        piece = text[prev:c].strip()
        if piece:
            merged.append(piece)
        prev = c
    return merged


WINDOW = 2000  # characters given to pySBD at once (its time per character grows with this)
MARGIN = 200  # cuts this close to a window's end wait for the next window
GROW = 16  # a sentence up to this many windows long is given to pySBD whole


def sentence_starts(text: str, segmenter, window: int = WINDOW, margin: int = MARGIN) -> list[int]:
    """Offsets where pySBD starts a sentence in ``text``, found in windows of about ``window``
    characters: time linear in the length of the text."""
    n = len(text)
    if n <= window:
        return [sp.start for sp in segmenter.segment(text)]
    out: list[int] = []
    a, floor, size = 0, -1, window  # the window is text[a:a+size]; cuts kept are > floor
    while True:
        b = n if a + size >= n else _space_near(text, a + size, margin)
        ceiling = n if b >= n else b - margin
        found = [c for c in (a + sp.start for sp in segmenter.segment(text[a:b])) if floor < c <= ceiling]
        out += found
        if b >= n:
            return out
        if found:  # the next window starts at a sentence start, as the text did
            a, floor, size = found[-1], found[-1], window
        elif size < window * GROW:  # a long sentence: look further from its start (quotes open there)
            size *= 2
        else:  # longer than any sentence: go on inside it, with context before the next cut
            floor, size = ceiling, window
            a = max(a + 1, _space_near(text, ceiling - margin, margin, back=True))


def _space_near(text: str, i: int, limit: int, back: bool = False) -> int:
    """The white space nearest ``i`` (after it, or before it with ``back``) within ``limit``; else ``i``."""
    rng = range(i, max(-1, i - limit), -1) if back else range(i, min(len(text), i + limit))
    return next((j for j in rng if text[j].isspace()), i)


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

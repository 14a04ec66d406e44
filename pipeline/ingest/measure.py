"""Extraction quality: token-level F1 between extracted text and a reference, and title matching.

Used by ``tests/bench/eval_html.py`` (the corpus evaluation) and by the tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..decode import normalise_inline

_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-"})


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; punctuation separates words)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def token_f1(extracted: str, reference: str) -> float:
    """F1 of the multiset overlap of word tokens (1.0 when both are empty)."""
    got, want = Counter(tokens(extracted)), Counter(tokens(reference))
    if not got and not want:
        return 1.0
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_title(a: str, b: str) -> bool:
    """Titles equal after whitespace, quote/dash style and case normalisation, and after the
    spacing rules every ingested text goes through (no space inside brackets or before
    punctuation: ``pipeline.decode.normalise``), so "( Brad )" and "(Brad)" are the same title."""
    return _norm_title(normalise_inline(a or "")) == _norm_title(normalise_inline(b or ""))


def _norm_title(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_QUOTES)
    return " ".join(s.split()).casefold()

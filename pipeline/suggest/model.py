"""What the detectors share: a :class:`Suggestion`, the :class:`Article` facts, the text slots and
token helpers. The detectors import these from here (and the package imports the detectors), so
there is no import circle.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Document
from .words import Token, tokens


@dataclass
class Suggestion:
    block: str  # block id (":attribution" suffix for a pull quote's attribution)
    start: int  # span of the wrong text in that block's text
    end: int
    wrong: str
    right: str
    confidence: float
    reason: str
    kind: str  # realword | name | typo | grammar | confusion


@dataclass
class Article:
    """What the detectors know about the whole article, beyond the block at hand."""

    counts: Counter = field(default_factory=Counter)  # lower-case word -> occurrences
    exact: Counter = field(default_factory=Counter)  # word as written -> occurrences
    known: set[str] = field(default_factory=set)  # reviewed words: never flagged (lower case)
    caps: dict = field(default_factory=dict)  # lower case -> (count, spelling) of capitalised words
    apostrophe: str = "’"


def text_slots(doc: Document):
    """(slot id, text) for every piece of text a correction may touch (as ``corrections._text_slots``)."""
    for b in doc.blocks:
        yield b.id, b.text
        if b.attribution is not None:
            yield b.id + ":attribution", b.attribution.text


def article_facts(doc: Document, known: set[str]) -> Article:
    art = Article(known={k.lower().replace("’", "'") for k in known})
    straight = curly = 0
    for _sid, text in text_slots(doc):
        for t in tokens(text):
            art.counts[t.lower] += 1
            art.exact[t.text] += 1
        straight += text.count("'")
        curly += text.count("’")
    art.apostrophe = "'" if straight > curly else "’"
    for w, n in art.exact.items():
        if w[:1].isupper() and (w.lower() not in art.caps or art.caps[w.lower()][0] < n):
            art.caps[w.lower()] = (n, w)
    return art


def sentence_initial(text: str, tok: Token) -> bool:
    before = text[: tok.start].rstrip(" “\"‘'(«—–-")
    return not before or before[-1] in ".!?:"


def prev_next(toks: list[Token], i: int) -> tuple[Token | None, Token | None]:
    return (toks[i - 1] if i > 0 else None), (toks[i + 1] if i + 1 < len(toks) else None)

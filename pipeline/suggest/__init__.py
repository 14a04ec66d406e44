"""Finding likely scrape artefacts for an editor to review (``pipeline suggest``).

Detectors read the cleaned document (text already corrected by approved entries) and return
:class:`Suggestion` s: a span of one block's text, the proposed fix, a confidence and a reason.
``propose`` turns them into ``proposed`` entries of the corrections list; nothing changes an
output until a person approves the entry (``pipeline review``).

Detectors, each in its own module:
- ``realword``: rare real words next to a far more frequent one-edit neighbour ("reave" -> "leave");
- ``names``:    capitalised names one edit from a name the article uses or a far more common one;
- ``typos``:    non-words, split and joined words, doubled words, stray quote spaces, broken apostrophes;
- ``grammar``:  "it's" before a noun phrase, "parties" for "party's", a lost plural possessive;
- ``confusion``: common real words swapped for one another ("came form the" -> "from"), judged by
  how well each member of a reviewed confusion set fits the words around it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Document
from .words import Token, is_prose_word, tokens


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


def find_suggestions(doc: Document, known: set[str] = frozenset()) -> list[Suggestion]:
    """Every detector over every block, overlapping finds resolved (highest confidence wins)."""
    from . import confusion, grammar, names, realword, typos

    art = article_facts(doc, known)
    found: list[Suggestion] = []
    for sid, text in text_slots(doc):
        toks = tokens(text)
        code = [t for t in toks if not is_prose_word(text, t)]
        for det in (grammar, names, typos, realword, confusion):
            found += [s for s in det.detect(sid, text, toks, art)
                      if not any(t.start < s.end and s.start < t.end for t in code)]
    found.sort(key=lambda s: (-s.confidence, s.block, s.start))
    kept: list[Suggestion] = []
    for s in found:
        if not any(k.block == s.block and k.start < s.end and s.start < k.end for k in kept):
            kept.append(s)
    order = {sid: i for i, (sid, _t) in enumerate(text_slots(doc))}
    return sorted(kept, key=lambda s: (order.get(s.block, 0), s.start))


def sentence_initial(text: str, tok: Token) -> bool:
    before = text[: tok.start].rstrip(" “\"‘'(«—–-")
    return not before or before[-1] in ".!?:"


def prev_next(toks: list[Token], i: int) -> tuple[Token | None, Token | None]:
    return (toks[i - 1] if i > 0 else None), (toks[i + 1] if i + 1 < len(toks) else None)

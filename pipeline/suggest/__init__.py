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

from ..model import Document
from . import confusion, grammar, names, realword, typos
from .model import Article, Suggestion, article_facts, prev_next, sentence_initial, text_slots
from .words import is_prose_word, tokens

__all__ = ["Article", "Suggestion", "article_facts", "find_suggestions", "prev_next", "sentence_initial",
           "text_slots"]


def find_suggestions(doc: Document, known: set[str] = frozenset()) -> list[Suggestion]:
    """Every detector over every block, overlapping finds resolved (highest confidence wins)."""
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

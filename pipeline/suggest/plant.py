"""A seeded generator of scrape artefacts, for measuring the detectors (``make eval``, tests).

It damages a copy of a document the way a bad scrape or OCR pass does: in common words (Zipf >= 4,
four letters or more) and in names (capitalised words inside a sentence), it swaps two adjacent
letters, drops one or doubles one. The first letter is left alone (slips rarely touch it).
Results that happen to be other real words ("from" -> "form") are kept: they are part of
the test. The same seed gives the same damage.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from ..model import Document
from .model import sentence_initial
from .words import tokens, zipf


@dataclass(frozen=True)
class Planted:
    block: str
    start: int  # span of the damaged word in the damaged block text
    end: int
    wrong: str
    right: str
    kind: str  # swap | drop | double
    name: bool


def damage(word: str, rng: random.Random) -> tuple[str, str]:
    while True:
        kind = rng.choice(("swap", "drop", "double"))
        i = rng.randrange(1, len(word) - (1 if kind == "swap" else 0))
        if kind == "swap":
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == "drop":
            out = word[:i] + word[i + 1:]
        else:
            out = word[:i + 1] + word[i] + word[i + 1:]
        if out != word:
            return out, kind


def plant(doc: Document, seed: int, per_words: int = 120) -> tuple[Document, list[Planted]]:
    """A damaged copy of ``doc`` (about one artefact per ``per_words`` words) and what was planted."""
    rng = random.Random(seed)
    doc = copy.deepcopy(doc)
    eligible = []  # (block index, token)
    for bi, b in enumerate(doc.blocks):
        for t in tokens(b.text):
            w = t.text
            if len(w) < 4 or not w.isalpha():
                continue
            is_name = w[0].isupper() and w[1:].islower() and not sentence_initial(b.text, t)
            if w.islower() and zipf(w) >= 4.0 or is_name:
                eligible.append((bi, t, is_name))
    n = max(1, doc.word_count() // per_words)
    chosen = sorted(rng.sample(eligible, min(n, len(eligible))), key=lambda e: (e[0], -e[1].start))
    planted = []
    for bi, t, is_name in chosen:  # right to left within a block, so earlier offsets stay valid
        b = doc.blocks[bi]
        wrong, kind = damage(t.text, rng)
        b.text = b.text[:t.start] + wrong + b.text[t.end:]
        planted.append((bi, t.start, wrong, t.text, kind, is_name))
    out = []
    for bi, start, wrong, right, kind, is_name in planted:
        # shift by the length changes of later-planted (earlier in text) words in the same block
        shift = sum(len(w2) - len(r2) for bj, s2, w2, r2, _k, _n in planted if bj == bi and s2 < start)
        s = start + shift
        out.append(Planted(doc.blocks[bi].id, s, s + len(wrong), wrong, right, kind, is_name))
    out.sort(key=lambda p: (p.block, p.start))
    return doc, out

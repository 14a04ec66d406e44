"""A second damage generator for measuring the suggester, built differently from
``pipeline.suggest.plant`` (which swaps, drops or doubles letters of common words and names).

Four kinds, each planted on its own copy of a page so that kinds do not mask one another:
- ``letter``: a common word (Zipf >= 4) hit by a keyboard slip: a neighbouring key, a dropped,
  doubled or swapped letter; the result is kept whether or not it is a word;
- ``common``: a word of a reviewed confusion set replaced by another member ("from" -> "form");
- ``rare``: a common word replaced by a rarer real word one edit away ("been" -> "bean",
  "other" -> "otter"; Zipf of the result 1.5-4.0);
- ``name``: one occurrence of a capitalised name that the article spells at least twice and never
  writes in lower case, damaged like ``letter`` (a name that occurs once has nothing in the article
  to check it against; "This" in a title-case heading is not a name).
Words glued into code, addresses or handles are not damaged (they are not prose), and the same
misspelling is never planted twice in a page (independent slips do not repeat).
The same seed gives the same damage.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from pipeline.model import Document
from pipeline.suggest import sentence_initial
from pipeline.suggest.words import is_prose_word
from pipeline.suggest.confusion import confusion_sets
from pipeline.suggest.context import KEYBOARD
from pipeline.suggest.words import edits1, tokens, zipf

KINDS = ("letter", "common", "rare", "name")
ROWS = KEYBOARD


@dataclass(frozen=True)
class Damage:
    block: str
    start: int
    end: int
    wrong: str
    right: str
    kind: str


def _near(c: str, rng: random.Random) -> str:
    for r, row in enumerate(ROWS):
        if c in row:
            i = row.index(c)
            opts = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(ROWS):
                    opts += [ROWS[rr][j] for j in (i - 1, i, i + 1) if 0 <= j < len(ROWS[rr])]
            return rng.choice(opts)
    return c


def keyboard_slip(word: str, rng: random.Random) -> str:
    while True:
        kind = rng.choice(("near", "near", "drop", "double", "swap"))
        i = rng.randrange(1, len(word) - (1 if kind == "swap" else 0))
        if kind == "near":
            c = word[i]
            n = _near(c.lower(), rng)
            out = word[:i] + (n.upper() if c.isupper() else n) + word[i + 1:]
        elif kind == "drop":
            out = word[:i] + word[i + 1:]
        elif kind == "double":
            out = word[:i + 1] + word[i] + word[i + 1:]
        else:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if out.lower() != word.lower():
            return out


def _rare_neighbour(word: str, rng: random.Random) -> str | None:
    opts = sorted(c for c in edits1(word) if c.isalpha() and c[0] == word[0] and 1.5 <= zipf(c) < 4.0
                  and zipf(c) <= zipf(word) - 1.0)
    return rng.choice(opts) if opts else None


def damage(doc: Document, kind: str, seed: int, per_words: int = 150) -> tuple[Document, list[Damage]]:
    rng = random.Random(f"{kind}:{seed}")
    doc = copy.deepcopy(doc)
    sets = confusion_sets()
    eligible = []
    names, lower = {}, set()
    for b in doc.blocks:
        for t in tokens(b.text):
            names[t.text] = names.get(t.text, 0) + 1
            if t.text.islower():
                lower.add(t.text)
    for bi, b in enumerate(doc.blocks):
        for t in tokens(b.text):
            w = t.text
            if not is_prose_word(b.text, t):
                continue  # code, addresses, handles: not prose a reader reads
            if kind == "name":
                # a name the article spells at least twice: one copy damaged is checkable against it
                # (and never writes in lower case: "This" in a title-case heading is not a name)
                ok = len(w) >= 4 and w[0].isupper() and w[1:].isalpha() and w[1:].islower() \
                    and not sentence_initial(b.text, t) and names[w] >= 2 and w.lower() not in lower
            elif kind == "common":
                ok = w.islower() and w in sets
            else:
                ok = w.islower() and len(w) >= 4 and zipf(w) >= (4.5 if kind == "rare" else 4.0)
            if ok:
                eligible.append((bi, t))
    n = max(1, doc.word_count() // per_words)
    rng.shuffle(eligible)
    chosen, used, made, hit = [], set(), set(), set()
    for bi, t in eligible:
        if len(chosen) >= n:
            break
        if kind == "common":
            new = rng.choice(sets[t.text])
        elif kind == "rare":
            new = _rare_neighbour(t.text, rng)
        else:
            new = keyboard_slip(t.text, rng)
        if not new or (bi, t.start) in used or new in made or t.text in hit:
            continue  # one slip per word of a page: independent slips do not repeat
        used.add((bi, t.start))
        made.add(new)
        hit.add(t.text)
        chosen.append((bi, t, new))
    out = []
    for bi, t, new in sorted(chosen, key=lambda c: (c[0], -c[1].start)):  # right to left in a block
        b = doc.blocks[bi]
        b.text = b.text[:t.start] + new + b.text[t.end:]
        out.append((bi, t.start, new, t.text))
    result = []
    for bi, start, new, old in out:
        shift = sum(len(n2) - len(o2) for bj, s2, n2, o2 in out if bj == bi and s2 < start)
        s = start + shift
        result.append(Damage(doc.blocks[bi].id, s, s + len(new), new, old, kind))
    result.sort(key=lambda d: (d.block, d.start))
    return doc, result

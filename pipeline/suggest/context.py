"""How well a word fits where it stands, and how likely a slip turns one word into another.

A noisy-channel view of a scrape slip: the writer meant ``w``; the text shows ``typed``. The best
reading of a spot maximises ``P(typed | w) * P(w | left) * P(right | w)``:

- ``fit(left, w, right)``: a word-bigram language model over the ``symspellpy`` bigram list
  (242k English word pairs, counts from a large book corpus) with unigram probabilities from
  ``wordfreq``. ``P(w | left) = count(left w) / count(left)``; an unlisted pair was counted fewer
  than 6.4 million times (the list's cut-off): see ``_cond`` for what that says. Returned as log10.
- ``edit_logp(typed, w)``: log10 of how often a slip of that shape happens: a doubled or dropped
  letter of a double, a neighbouring key, a swap of two letters are common; a substitution far
  apart on the keyboard or a change of the first letter rare.
- ``letter_logp(word)``: how English-looking a spelling is (letter trigrams of the 30,000 most
  common words), for choosing between two spellings of an unknown name.

Everything comes from data in installed packages: no download at run time.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from .words import _bigrams, _freqs

# count(w) ~ frequency(w) * TOKENS in the bigram list's own units: for the commonest words the
# list's pair counts add up to 1.6e13-2.6e13 times their frequency (measured on "the", "of",
# "and", "from", "need"; see tests/test_suggest_context.py).
TOKENS = 2.0e13
LIST_FLOOR = 6.4e6  # the smallest count in the list: an absent pair was seen fewer times than this
BACKOFF = 0.4
UNKNOWN_FREQ = 1e-9  # a word wordfreq does not know

KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _norm(w: str | None) -> str | None:
    return w.lower().replace("’", "'").replace("'", "") if w else None


def freq(w: str) -> float:
    return _freqs().get(w.lower().replace("’", "'"), 0.0) or UNKNOWN_FREQ


def pair_count(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    return _bigrams().get((_norm(a), _norm(b)), 0)


def _cond(a: str, b: str, doubt: bool) -> float:
    """P(b | a). A listed pair: its count over count(a). An unlisted pair: when the list could not
    have held it anyway (count(a) * P(b) is below its cut-off), absence says nothing and P(b)
    stands; when it could have, the pair is rarer than chance: at most cut-off / count(a), and a
    candidate (not the text as written, ``doubt``) pays ``BACKOFF`` on top."""
    n = pair_count(a, b)
    ca = freq(a) * TOKENS
    if n:
        return min(1.0, n / ca)
    fb = freq(b)
    if ca * fb < LIST_FLOOR:
        return fb
    return min(fb, LIST_FLOOR / ca) * (1.0 if doubt else BACKOFF)


def fit(left: str | None, w: str, right: str | None, benefit_of_doubt: bool = False) -> float:
    """log10 P(w | left) + log10 P(right | w); with no left word, log10 P(w)."""
    s = math.log10(_cond(left, w, benefit_of_doubt)) if left else math.log10(freq(w))
    if right:
        s += math.log10(_cond(w, right, benefit_of_doubt))
    return s


COLLOCATION = 10.0  # a listed pair this many times likelier than chance is a set phrase


def in_set_phrase(left: str | None, w: str, right: str | None) -> bool:
    """Whether the word as written forms a listed pair with a neighbour that is far likelier than
    chance ("to and fro": "and fro" is 21 times likelier than "fro" alone): a slip does not land
    on a set phrase by accident, so such a word is left alone."""
    for a, b in ((left, w), (w, right)):
        if a and b and pair_count(a, b) and _cond(a, b, True) >= COLLOCATION * freq(b):
            return True
    return False


def side_fits(left: str | None, w: str, right: str | None, benefit_of_doubt: bool = False) -> tuple[float, float]:
    """(log10 P(w | left), log10 P(right | w)); 0.0 for a missing side."""
    return (math.log10(_cond(left, w, benefit_of_doubt)) if left else 0.0,
            math.log10(_cond(w, right, benefit_of_doubt)) if right else 0.0)


def _key_pos() -> dict[str, tuple[int, float]]:
    return {c: (r, i + 0.5 * r) for r, row in enumerate(KEYBOARD) for i, c in enumerate(row)}


_KEYS = _key_pos()


def adjacent_keys(a: str, b: str) -> bool:
    pa, pb = _KEYS.get(a.lower()), _KEYS.get(b.lower())
    return bool(pa and pb) and abs(pa[0] - pb[0]) <= 1 and abs(pa[1] - pb[1]) <= 1.0 and a != b


def edit_kind(typed: str, w: str) -> str | None:
    """The one edit that turns ``w`` (meant) into ``typed``: double, undouble, drop, insert,
    swap, near-key, far-key; None when they are not one edit apart."""
    t, m = typed.lower(), w.lower()
    if t == m:
        return None
    if len(t) == len(m) + 1:  # a letter added
        for i in range(len(t)):
            if t[:i] + t[i + 1:] == m:
                return "double" if (i > 0 and t[i - 1] == t[i]) or (i + 1 < len(t) and t[i + 1] == t[i]) \
                    else "insert"
        return None
    if len(t) + 1 == len(m):  # a letter lost
        for i in range(len(m)):
            if m[:i] + m[i + 1:] == t:
                return "undouble" if (i > 0 and m[i - 1] == m[i]) or (i + 1 < len(m) and m[i + 1] == m[i]) \
                    else "drop"
        return None
    if len(t) != len(m):
        return None
    diff = [i for i in range(len(t)) if t[i] != m[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and t[diff[0]] == m[diff[1]] and t[diff[1]] == m[diff[0]]:
        return "swap"
    if len(diff) == 1:
        i = diff[0]
        return "near-key" if adjacent_keys(t[i], m[i]) else "far-key"
    return None


# log10 of the relative chance of each slip shape (scrapes and typing: doubling, dropping a
# letter and neighbouring keys are the common ones; a substitution far apart is rare)
EDIT_LOGP = {"double": -0.3, "undouble": -0.3, "swap": -0.5, "drop": -0.6, "near-key": -0.6,
             "insert": -1.2, "far-key": -1.6}
FIRST_LETTER = -1.0  # slips rarely touch the first letter


def edit_logp(typed: str, w: str) -> float:
    kind = edit_kind(typed, w)
    if kind is None:
        return -9.0
    s = EDIT_LOGP[kind]
    if typed[:1].lower() != w[:1].lower() and kind not in ("double", "undouble"):
        s += FIRST_LETTER
    return s


@lru_cache(maxsize=1)
def _trigrams() -> tuple[Counter, Counter]:
    tri, bi = Counter(), Counter()
    for i, (w, _f) in enumerate(_freqs().items()):
        if i >= 30000:
            break
        if not w.isalpha():
            continue
        s = f"^{w}$"
        for j in range(len(s) - 2):
            tri[s[j:j + 3]] += 1
            bi[s[j:j + 2]] += 1
    return tri, bi


def letter_logp(word: str) -> float:
    """Mean log10 P(letter | two before) over the word: higher is more English-looking
    ("Terrarium" above "Terrrarium", "Shutterstock" above "Shhutterstock")."""
    tri, bi = _trigrams()
    s = f"^{word.lower()}$"
    total = 0.0
    for j in range(len(s) - 2):
        total += math.log10((tri[s[j:j + 3]] + 0.1) / (bi[s[j:j + 2]] + 2.7))
    return total / max(1, len(s) - 2)

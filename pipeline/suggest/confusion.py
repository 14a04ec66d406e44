"""Common real-word slips from context: "came form the" -> "from", "more then a" -> "than".

A slip that lands on another common word ("of"/"off", "from"/"form", "their"/"there") is
invisible to a spelling check. The reviewed confusion sets (``pipeline/data/confusion-sets.toml``)
name the groups of words that turn into one another; each occurrence of a member is scored
against the others by how well it fits the words on either side (``context.fit``: word-pair
counts from the bigram list shipped with symspellpy). A proposal is made only when another member
fits clearly better (by ``GAIN`` orders of magnitude, measured on the corpus: see README; more when the other member is the rarer
word, so a correct common word is not traded for a rarer one on thin evidence) and fits neither
side worse (a word pair missing from the list gets the benefit of the doubt for the word as
written: "set off fires" keeps "off" though "set of" is the commoner pair), and the reason
gives the evidence: "'form the' 260,000,000 vs 'from the' 27,411,406,016 in the bigram list".
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from .model import Article, Suggestion, sentence_initial
from .context import in_set_phrase, pair_count, side_fits
from .syntax import role_fits_as_written
from .words import Token, zipf

GAIN = 1.5  # log10: the other member must fit ~30 times better, judged on both sides
GAIN_ONE_SIDE = 2.0  # more when only one side is a word pair (punctuation on the other)
TO_RARER = 0.5  # and more again when it is the rarer word
LOSE = 1.0  # and it may not fit either side 10 times worse than the word as written (log10)
AN_CONSONANT = 2.0  # "an" before a consonant ("cats an dogs") is itself evidence for "and"
CONSONANTS = set("bcdfgjklmnpqrstvwxyz")  # not "h" ("an hour") or vowels


@lru_cache(maxsize=1)
def confusion_sets() -> dict[str, tuple[str, ...]]:
    """word -> the other members of its group(s), from the reviewed data file."""
    data = tomllib.loads(resources.files("pipeline").joinpath("data/confusion-sets.toml").read_text("utf-8"))
    out: dict[str, list[str]] = {}
    for group in data["sets"]:
        for w in group:
            out.setdefault(w, [])
            out[w] += [o for o in group if o != w and o not in out[w]]
    return {w: tuple(o) for w, o in out.items()}


def _joined(text: str, a: Token | None, b: Token | None) -> bool:
    """Whether two tokens stand next to each other with only a space between (a word pair)."""
    return a is not None and b is not None and text[a.end:b.start] == " "


def _evidence(left: str | None, w: str, right: str | None) -> str:
    parts = []
    if left:
        parts.append(f"'{left.lower()} {w}' {pair_count(left, w):,}")
    if right:
        parts.append(f"'{w} {right.lower()}' {pair_count(w, right):,}")
    return ", ".join(parts)


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    sets = confusion_sets()
    out = []
    for i, tok in enumerate(toks):
        w = tok.lower
        if w not in sets or w in art.known:
            continue
        if tok.text[0].isupper() and not sentence_initial(text, tok):
            continue  # a name or a title ("Then", "Form 4"): not a slip of a common word
        left = toks[i - 1] if i > 0 and _joined(text, toks[i - 1], tok) else None
        right = toks[i + 1] if i + 1 < len(toks) and _joined(text, tok, toks[i + 1]) else None
        if left is None and right is None:
            continue  # no word pair to judge by
        lt, rt = (left.text if left else None), (right.text if right else None)
        if in_set_phrase(lt, w, rt):
            continue  # "to and fro", "set off": the word as written is part of a set phrase
        own = side_fits(lt, w, rt, benefit_of_doubt=True)
        scored = sorted(((side_fits(lt, alt, rt), alt) for alt in sets[w]), key=lambda t: -sum(t[0]))
        sides, alt = scored[0]
        gain = sum(sides) - sum(own)
        if w == "an" and alt == "and" and rt and rt[0] in CONSONANTS:
            gain += AN_CONSONANT
        need = (GAIN if lt and rt else GAIN_ONE_SIDE) + (TO_RARER if zipf(alt) < zipf(w) else 0.0)
        if gain < need or min(a - o for a, o in zip(sides, own)) < -LOSE:
            continue  # not clearly better, or the word as written fits one side better
        if role_fits_as_written(text, tok.start, tok.text):
            continue  # "killing off pieces", "then loops": a role word pairs cannot see
        right_text = alt.capitalize() if tok.text[0].isupper() else alt
        conf = round(min(0.9, 0.45 + 0.1 * gain), 2)
        out.append(Suggestion(
            sid, tok.start, tok.end, tok.text, right_text, conf,
            f"'{alt}' fits the words around it far better than '{w}' (word pairs in the shipped "
            f"bigram list: {_evidence(lt, w, rt)} vs {_evidence(lt, alt, rt)})", "confusion"))
    return out

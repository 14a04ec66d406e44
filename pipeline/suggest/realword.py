"""Rare words with a far more frequent neighbour one edit away: "rural reave voting" -> "leave".

A scrape that swaps, drops or doubles a letter usually leaves either a non-word or a rare word
where a common one belongs. For a lower-case word that is rare in English (Zipf < ``RARE``) and
occurs once in the article, every one-edit variant (deletion, insertion, substitution,
transposition) that is at least ``GAP`` Zipf units more frequent is a candidate. Candidates are
ranked by frequency, by how often they follow/precede the neighbouring words (shipped bigram
list), by whether the article itself uses them, and against a change of the first letter
(which slips rarely touch).
"""

from __future__ import annotations

from .model import Article, Suggestion, prev_next, sentence_initial
from .words import Token, bigram_score, bigram_seen, first_letter_changed, neighbours, zipf

NONWORD = 1.0  # below this, a lower-case word is treated as not English: typos.py's business
RARE = 2.0  # Zipf below which a word is suspicious at all ("reave" 1.3; "furlough" 2.75 is not)
GAP = 2.0  # a candidate must be this much more frequent (100x)
MIN_CAND = 3.0  # and common in its own right
# wordfreq also counts frequent misspellings ("thier" 3.0, "taht" 2.2): a less rare word is
# flagged when a neighbour is 1000x more frequent AND the neighbour is attested next to the
# words around it in the bigram list ("abou the" no; "about the" yes)
RARE_IN_CONTEXT = 3.5
GAP_IN_CONTEXT = 3.0
MIN_LEN = 3


def rank(word: str, left: str | None, right: str | None, art: Article, *, min_zipf: float,
         first_letter_penalty: float = 2.0) -> list[tuple[float, str, float]]:
    """(score, candidate, candidate zipf), best first."""
    out = []
    for cand, zc in neighbours(word, min_zipf):
        score = zc + 0.5 * bigram_score(left, cand, right)
        if art.counts.get(cand, 0):
            score += 1.5
        if first_letter_changed(word, cand):
            score -= first_letter_penalty
        out.append((round(score, 3), cand, zc))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def spelling_fix(word: str, z: float, left, right, art: Article) -> tuple[str, float, float] | None:
    """(candidate, its zipf, confidence) for a suspicious word, or None."""
    if z < RARE:
        ranked = rank(word, left, right, art, min_zipf=max(z + GAP, MIN_CAND))
    else:
        ranked = [r for r in rank(word, left, right, art, min_zipf=max(z + GAP_IN_CONTEXT, MIN_CAND))
                  if bigram_seen(left, r[1], right) and not bigram_seen(left, word, right)]
    if not ranked:
        return None
    score, cand, zc = ranked[0]
    if first_letter_changed(word, cand) and not art.counts.get(cand, 0):
        return None
    conf = 0.35 + 0.1 * (zc - z) + (0.15 if art.counts.get(cand, 0) else 0.0)
    if len(ranked) > 1 and ranked[1][0] > score - 0.5:
        conf -= 0.15  # two candidates nearly as likely: less sure which was meant
    return cand, zc, round(max(0.05, min(conf, 0.95)), 2)


def is_candidate_word(tok: Token, text: str, art: Article) -> bool:
    w = tok.text
    if len(w) < MIN_LEN or "'" in tok.lower or tok.lower in art.known:
        return False
    if art.counts[tok.lower] > 1:
        return False  # the same spelling twice in one article is deliberate, not a slip
    if w[0].isupper() and not sentence_initial(text, tok):
        return False  # a name: see names.py
    return not (len(w) > 1 and w.isupper())  # acronyms


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    out = []
    for i, tok in enumerate(toks):
        if not is_candidate_word(tok, text, art):
            continue
        z = zipf(tok.text)
        if z < NONWORD or z >= RARE_IN_CONTEXT:
            continue  # non-words are typos.py's; common words are fine
        left, right = prev_next(toks, i)
        fix = spelling_fix(tok.text, z, left and left.text, right and right.text, art)
        if not fix:
            continue
        cand, zc, conf = fix
        right_text = cand.capitalize() if tok.text[0].isupper() else cand
        if z >= RARE:
            conf = round(conf - 0.2, 2)
        out.append(Suggestion(
            sid, tok.start, tok.end, tok.text, right_text, conf,
            f"'{tok.text}' is a rare word (Zipf {z:.1f}); '{cand}', one letter away, is far more "
            f"common (Zipf {zc:.1f})" + (" and attested with the words around it" if z >= RARE else ""),
            "realword"))
    return out

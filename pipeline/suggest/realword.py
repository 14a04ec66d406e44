"""Rare words that are likely slips of a common word: "rural reave voting" -> "leave".

A scrape that swaps, drops or doubles a letter usually leaves either a non-word or a rare word
where a common one belongs. For a lower-case word that is rare in English (Zipf below
``RARE_IN_CONTEXT``) and occurs once in the article, every known word one edit away is a
candidate, scored the noisy-channel way (``context.py``):

    score(c) = log P(c | left) + log P(right | c)      how well it fits the words around it
             + log P(slip of this shape)               a doubled letter is likelier than a far key
             + log P(a word this rare is a slip)       a Zipf-1 word far likelier than a Zipf-3 one
             + a bonus when the article itself uses c

and the word as written is scored ``log P(word | left) + log P(right | word)`` with the benefit
of the doubt (a pair missing from the bigram list counts as just under the list's cut-off). The
best candidate is proposed only when it beats the word as written by ``MARGIN``; the reason gives
both sides. So "maket" becomes "market" ("the market"), not "make"; "fleed" becomes "fled"
(a doubled letter), and a rare word that fits its place ("to and fro") is left alone.
"""

from __future__ import annotations

from .context import edit_logp, fit, in_set_phrase
from .model import Article, Suggestion, prev_next, sentence_initial
from .words import Token, first_letter_changed, neighbours, pos, same_word_other_form, zipf

NONWORD = 1.0  # below this, a lower-case word is treated as not English: typos.py's business
RARE = 2.0  # below this Zipf a word is suspicious on its own ("reave" 1.3; "furlough" 2.75 is not)
RARE_IN_CONTEXT = 4.0  # up to this Zipf a word is checked against its context ("bean" 3.98)
MIN_GAP = 1.0  # a candidate must be at least 10 times more frequent than the word
MIN_CAND = 3.0  # and common in its own right
IN_ARTICLE = 1.0  # log10 bonus for a candidate the article itself uses
MARGIN = 1.0  # log10: the best candidate must explain the spot 10 times better than the word
MIN_LEN = 3
# a lower-case word no English word table knows ("tha", "herr", "dat", "las": names, other
# languages, chat spellings that web text makes frequent) is likelier a slip than an English word
# of the same frequency: it is judged as if it were this much rarer (Zipf)
NOT_ENGLISH_FORM = 1.0
SHORT = 4  # only for short words: their web frequency is the one most swollen by other languages
# and abbreviations ("des", "las", "dat"); a longer unlisted word is mostly a derived or technical
# English word ("profiler", "refusers")


def slip_logp(z: float) -> float:
    """log10 of the prior chance that a word of Zipf ``z`` is a slip rather than meant: a
    non-word almost surely is, a Zipf-1.5 word often, a Zipf-3.5 word rarely."""
    if z < NONWORD:
        return -0.3
    if z < RARE:
        return -1.0
    if z < 3.0:
        return -2.0
    return -3.0


def rank(word: str, left: str | None, right: str | None, art: Article, *, min_zipf: float,
         first_letter_penalty: float = 0.0) -> list[tuple[float, str, float]]:
    """(score, candidate, candidate zipf), best first: context fit + slip shape + article use."""
    out = []
    for cand, zc in neighbours(word, min_zipf):
        if same_word_other_form(word, cand):
            continue  # "paged" is not a slip of "page"
        score = fit(left, cand, right) + edit_logp(word, cand)
        if art.counts.get(cand, 0):
            score += IN_ARTICLE
        if first_letter_changed(word, cand):
            score -= first_letter_penalty
        out.append((round(score, 3), cand, zc))
    out.sort(key=lambda t: (-t[0], t[1]))
    return out


def own_fit(word: str, left: str | None, right: str | None) -> float:
    return fit(left, word, right, benefit_of_doubt=True)


def prior_zipf(word: str, z: float, hyphened: bool = False) -> float:
    """The Zipf a word is judged by as a possible slip: its own, or lower for a short word that is
    not an English word form (``NOT_ENGLISH_FORM``), unless it is part of a hyphenated compound
    ("add-ons", "blub-blubbing": bound forms no word table lists)."""
    if z < NONWORD or len(word) > SHORT or hyphened or pos(word):
        return z
    return z - NOT_ENGLISH_FORM


def hyphened(text: str, tok: Token) -> bool:
    return (tok.start > 0 and text[tok.start - 1] == "-") or (tok.end < len(text) and text[tok.end] == "-")


def spelling_fix(word: str, z: float, left, right, art: Article, prior: float | None = None
                 ) -> tuple[str, float, float, float] | None:
    """(candidate, its zipf, confidence, gain in log10) for a suspicious word, or None; ``prior``:
    the Zipf to judge the slip chance by (default ``z``)."""
    ranked = rank(word, left, right, art, min_zipf=max(z + MIN_GAP, MIN_CAND))
    if not ranked:
        return None
    score, cand, zc = ranked[0]
    if first_letter_changed(word, cand) and not art.counts.get(cand, 0):
        return None  # slips rarely touch the first letter: only towards a word the article uses
    gain = score + slip_logp(z if prior is None else prior) - own_fit(word, left, right)
    if gain < MARGIN:
        return None
    conf = 0.35 + 0.08 * gain + (0.1 if art.counts.get(cand, 0) else 0.0)
    if len(ranked) > 1 and ranked[1][0] > score - 0.5:
        conf -= 0.15  # two candidates nearly as likely: less sure which was meant
    return cand, zc, round(max(0.05, min(conf, 0.95)), 2), gain


def elided_ing(text: str, tok: Token) -> bool:
    """An -ing with its g dropped on purpose, marked by an apostrophe ("keepin’ on", "nothin'")."""
    return tok.lower.endswith("in") and text[tok.end:tok.end + 1] in ("'", "’") \
        and zipf(tok.lower + "g") >= MIN_CAND


def is_candidate_word(tok: Token, text: str, art: Article) -> bool:
    w = tok.text
    if len(w) < MIN_LEN or "'" in tok.lower or tok.lower in art.known:
        return False
    if art.counts[tok.lower] > 1:
        return False  # the same spelling twice in one article is deliberate, not a slip
    if w[0].isupper() and not sentence_initial(text, tok):
        return False  # a name: see names.py
    if elided_ing(text, tok):
        return False
    return not (len(w) > 1 and w.isupper())  # acronyms


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    out = []
    for i, tok in enumerate(toks):
        if not is_candidate_word(tok, text, art):
            continue
        z = zipf(tok.text)
        prior = prior_zipf(tok.text, z, hyphened(text, tok))
        if z < NONWORD or prior >= RARE_IN_CONTEXT:
            continue  # non-words are typos.py's; common words are confusion.py's
        left, right = prev_next(toks, i)
        lt = left.text if left is not None and text[left.end:tok.start] == " " else None
        rt = right.text if right is not None and text[tok.end:right.start] == " " else None
        if z >= RARE and in_set_phrase(lt, tok.text, rt):
            continue  # a rare word in its set phrase ("to and fro") is meant
        fix = spelling_fix(tok.text, z, lt, rt, art, prior)
        if not fix:
            continue
        cand, zc, conf, gain = fix
        right_text = cand.capitalize() if tok.text[0].isupper() else cand
        out.append(Suggestion(
            sid, tok.start, tok.end, tok.text, right_text, conf,
            f"'{tok.text}' is a rare word (Zipf {z:.1f}); '{cand}', one letter away, is far more "
            f"common (Zipf {zc:.1f}) and fits the words around it {10 ** min(gain, 9):,.0f} times better",
            "realword"))
    return out


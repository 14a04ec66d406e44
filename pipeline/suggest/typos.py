"""Scrape damage that is not a word: non-words, split and joined words, doubled words,
stray spaces inside straight quotes, broken apostrophes ("don ’t", "party’ s", "don t"), and
contractions whose apostrophe slipped or was lost ("doesnt’", "you'r", "the drone cant beep").
"""

from __future__ import annotations

import math
import re

from .model import Article, Suggestion, prev_next
from .realword import NONWORD, is_candidate_word, spelling_fix
from .context import TOKENS, edit_logp, freq, pair_count
from .words import APOSTROPHES, LETTERS, Token, bigram_seen, edits1, is_plural_noun, pos, zipf

JOIN_PART = 3.5  # each half of a joined word must be this common ("inthe" -> "in the")
# doubled words that English allows ("had had", "that that")
DOUBLE_OK = {"had", "that", "is", "do", "very", "bye", "ha", "no", "so", "really", "far", "again", "more",
             "many", "yeah", "knock", "tut", "go", "wait", "well", "now", "there", "yes", "blah", "bla", "la"}
CONTRACTION_TAILS = "s|t|re|ve|ll|d|m"
# (not across a line break: "Task Store\nStore Consumer" is two labels of a list or a diagram; not
# after a hyphen: "a 5,000-word word count")
_DOUBLED = re.compile(r"(?<![\w’'-])([A-Za-z]+)[ \t]+(\1)(?![\w’'])", re.IGNORECASE)
_APOS_SPACE = re.compile(rf"(?<![\w’'])([A-Za-z]+)(?:\s+([’'])\s*|([’'])\s+)({CONTRACTION_TAILS})(?![\w’'])")
_LOST_APOS = re.compile(r"(?<![\w’'])(don|can|isn|doesn|didn|won|wouldn|couldn|shouldn|aren|wasn|weren|hasn|"
                        r"haven|hadn|mustn)\s+t(?![\w’'])", re.IGNORECASE)
_STRAIGHT_Q = re.compile(r'"')


SPLIT_GAIN = 1.5  # log10: a known word ("backend", "uptime") is split only when the two-word
# form is over 30 times commoner than the one-word form


def split_much_commoner(word: str, a: str, b: str) -> bool:
    return math.log10(max(pair_count(a, b), 1) / TOKENS) - math.log10(freq(word)) >= SPLIT_GAIN


def _joined(word: str) -> tuple[str, str] | None:
    best = None
    for i in range(1, len(word)):
        a, b = word[:i], word[i:]
        if (len(a) < 2 and a.lower() not in ("a", "i")) or len(b) < 2:
            continue
        s = min(zipf(a), zipf(b))
        if s >= JOIN_PART and (best is None or s > best[0]):
            best = (s, a, b)
    return (best[1], best[2]) if best else None


APOS_MIN_ZIPF = 4.0  # a contraction or possessive to move a broken one to must be common
APOS_RARE = 2.5  # a word with an apostrophe rarer than this is checked ("you'r" 2.3, "i'ts" 1.9)
APOS_GAP = 2.0  # and moved only to a form 100 times more common
CONTRACTION_MIN_ZIPF = 4.5  # a word and a stray apostrophe are moved only to a very common contraction


def _apostrophe_word(sid, text, tok: Token, art) -> Suggestion | None:
    """A contraction or possessive with a slip in it ("youu'll", "compan'ys", "w'eve", "is’nt"):
    the known form one edit away (letters or the apostrophe moved), most likely slip first."""
    w = tok.lower
    z = zipf(w)
    if z >= APOS_RARE or len(w) < 4 or w in art.known or art.counts[w] > 1 or tok.text[0].isupper():
        return None
    apo = "’" if "’" in tok.text else "'"
    best = _contraction_near(w, max(APOS_MIN_ZIPF, z + APOS_GAP))
    if best is None:
        return None
    fixed = best[1].replace("'", apo)
    return Suggestion(sid, tok.start, tok.end, tok.text, fixed, 0.75,
                      f"'{tok.text}' is not an English word; '{fixed}' is one slip away (Zipf {best[2]:.1f})", "typo")


def _contraction_near(w: str, min_zipf: float) -> tuple[float, str, float] | None:
    """(score, form, its zipf): the likeliest common word with one inner apostrophe one edit from ``w``."""
    best = None
    for cand in edits1(w, LETTERS + "'"):
        if cand.count("'") != 1 or cand.startswith("'") or cand.endswith("'"):
            continue
        zc = zipf(cand)
        if zc < min_zipf:
            continue
        score = edit_logp(w, cand) + zc / 2
        if best is None or score > best[0]:
            best = (score, cand, zc)
    return best


def _closes_a_quote(text: str, before: int, mark: str) -> bool:
    """Whether a single quote opens earlier in the text and is not closed before ``before``."""
    opening = "‘" if mark == "’" else "'"
    q = text.rfind(opening, 0, before)
    if q < 0 or (opening == "'" and q > 0 and not (text[q - 1].isspace() or text[q - 1] in "(\"“")):
        return False
    return mark not in text[q + 1:before]


def _trailing_apostrophe(sid, text, tok: Token, art) -> Suggestion | None:
    """A contraction whose apostrophe slipped to the end or lost a letter after it ("doesnt’",
    "cant’", "don’ think", "its’"): a word and an apostrophe, one edit from a common contraction.
    A plural possessive ("students’", "years’") is left alone."""
    end = tok.end
    if end >= len(text) or text[end] not in APOSTROPHES or (end + 1 < len(text) and text[end + 1].isalpha()):
        return None
    w = tok.lower
    if "'" in w or len(w) < 2 or w in art.known or tok.text[0].isupper() or is_plural_noun(w):
        return None
    if _closes_a_quote(text, tok.start, text[end]):
        return None  # "He said ‘I can’ and stopped": a closing single quote
    best = _contraction_near(w + "'", CONTRACTION_MIN_ZIPF)
    if best is None:
        return None
    fixed = best[1].replace("'", text[end])
    return Suggestion(sid, tok.start, end + 1, text[tok.start:end + 1], fixed, 0.75,
                      f"'{text[tok.start:end + 1]}' is not an English word; '{fixed}', a common contraction, "
                      f"is one slip away (Zipf {best[2]:.1f})", "typo")


def _lost_nt_apostrophe(sid, text, toks, i, art) -> Suggestion | None:
    """A "n't" contraction that lost its apostrophe ("the drone cant beep", "I dont know") in an
    article that spells its contractions with one: a slip, not a house style. "cant" and "wont",
    English words too ("political cant", "his wont"), only before a verb's base form."""
    tok = toks[i]
    w = tok.lower
    if not w.endswith("nt") or "'" in w or tok.text[0].isupper() or art.counts[w] > 1 or w in art.known:
        return None
    cand = w[:-1] + "'t"
    if zipf(cand) < CONTRACTION_MIN_ZIPF or not any(k.endswith("n't") for k in art.counts):
        return None
    if pos(w):
        nxt = toks[i + 1] if i + 1 < len(toks) and text[tok.end:toks[i + 1].start] == " " else None
        if nxt is None or nxt.lower not in pos(nxt.lower).get("VERB", ()):
            return None
    fixed = cand.replace("'", art.apostrophe)
    return Suggestion(sid, tok.start, tok.end, tok.text, fixed, 0.7,
                      f"'{tok.text}' reads as '{fixed}' without its apostrophe; the article spells its "
                      f"contractions with one", "typo")


def _words(sid, text, toks, art) -> list[Suggestion]:
    out = []
    for i, tok in enumerate(toks):
        s = _apostrophe_word(sid, text, tok, art) if "'" in tok.lower else (
            _trailing_apostrophe(sid, text, tok, art) or _lost_nt_apostrophe(sid, text, toks, i, art))
        if s is not None:
            out.append(s)
    for i, tok in enumerate(toks):
        if not is_candidate_word(tok, text, art):
            continue
        z = zipf(tok.text)
        if z >= NONWORD:
            continue
        left, right = prev_next(toks, i)
        fix = spelling_fix(tok.text, z, left and left.text, right and right.text, art)
        if fix:
            cand, zc, conf, _gain = fix
            fixed = cand.capitalize() if tok.text[0].isupper() else cand
            out.append(Suggestion(sid, tok.start, tok.end, tok.text, fixed, min(0.95, conf + 0.1),
                                  f"'{tok.text}' is not an English word; '{fixed}' is one letter away "
                                  f"(Zipf {zc:.1f})", "typo"))
            continue
    # joined words: "inthe" -> "in the" (a rare token made of two common words that go together)
    for tok in toks:
        z = zipf(tok.text)
        if len(tok.text) < 5 or z >= 3.0 or not is_candidate_word(tok, text, art):
            continue
        parts = _joined(tok.text)
        # a known word ("fallback", "lowercase") splits only into very common words: "inthe", "ofthe"
        need = JOIN_PART if z < NONWORD else 5.5
        if parts and bigram_seen(parts[0], parts[1], None) and min(zipf(p) for p in parts) >= max(need, z + 2.0) \
                and (z < NONWORD or split_much_commoner(tok.text, *parts)):
            out.append(Suggestion(sid, tok.start, tok.end, tok.text, " ".join(parts), 0.6,
                                  f"'{tok.text}' reads as two words run together", "typo"))
    # split words: "somet hing" -> "something"
    for a, b in zip(toks, toks[1:]):
        if text[a.end:b.start] != " " or a.lower in art.known or b.lower in art.known:
            continue
        za, zb, zj = zipf(a.text), zipf(b.text), zipf(a.text + b.text)
        if min(za, zb) < 2.0 and zj >= 3.0 and zj >= max(za, zb) + 2.0 and art.counts[a.lower] == 1:
            conf = 0.9 if max(za, zb) < 3.0 else 0.6  # both halves odd: one word split, surely
            out.append(Suggestion(sid, a.start, b.end, text[a.start:b.end], a.text + b.text, conf,
                                  f"'{a.text + b.text}' split by a stray space", "typo"))
    return out


def _marks(sid, text, art) -> list[Suggestion]:
    out = []
    for m in _DOUBLED.finditer(text):
        if m.group(1).lower() in DOUBLE_OK or m.group(1).lower() in art.known:
            continue
        out.append(Suggestion(sid, m.start(), m.end(), m.group(), m.group(1), 0.8,
                              f"the word '{m.group(1)}' is doubled", "typo"))
    for m in _APOS_SPACE.finditer(text):
        apo = m.group(2) or m.group(3)
        out.append(Suggestion(sid, m.start(), m.end(), m.group(), m.group(1) + apo + m.group(4), 0.8,
                              "a space inside a contraction or possessive", "typo"))
    for m in _LOST_APOS.finditer(text):
        out.append(Suggestion(sid, m.start(), m.end(), m.group(), m.group(1) + art.apostrophe + "t", 0.75,
                              "a contraction lost its apostrophe", "typo"))
    quotes = [m.start() for m in _STRAIGHT_Q.finditer(text)]
    if len(quotes) % 2 == 0:
        for n, q in enumerate(quotes):
            if n % 2 == 0:
                m = re.match(r'"\s+(\w+)', text[q:])
                if m:
                    out.append(Suggestion(sid, q, q + m.end(), m.group(), '"' + m.group(1), 0.7,
                                          "a stray space after an opening quotation mark", "typo"))
            else:
                m = re.search(r'(\w+)\s+"$', text[:q + 1])
                if m:
                    out.append(Suggestion(sid, m.start(), q + 1, m.group(), m.group(1) + '"', 0.7,
                                          "a stray space before a closing quotation mark", "typo"))
    return out


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    return _words(sid, text, toks, art) + _marks(sid, text, art)

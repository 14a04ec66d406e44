"""Misspelt names: "Andy Burham" -> "Burnham".

A capitalised word inside a sentence is treated as a name. It is suspicious when it occurs once
and is rare (Zipf < ``RARE``). The fix is, first, a one-edit variant that the article itself
spells that way elsewhere ("Jonhson" when "Johnson" appears four times); else a far more common
one-edit variant, more readily when a first name stands before it ("Andy Burham"). A change of
the first letter ("Burham" -> "Durham") is never proposed from frequency alone.
"""

from __future__ import annotations

from .model import Article, Suggestion, prev_next, sentence_initial
from .words import Token, edits1, first_letter_changed, pos, zipf
from .realword import NONWORD, rank

RARE = 2.5  # "Burham" 1.0, "Lavery" 2.4 (but it occurs three times), "Salford" 3.2
GAP = 1.8
GAP_NO_FIRST_NAME = 2.5
MIN_CAND = 2.8


def _is_name_token(tok: Token) -> bool:
    w = tok.text
    return len(w) >= 3 and w[0].isupper() and not w.isupper() and "'" not in tok.lower


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    out = []
    for i, tok in enumerate(toks):
        if not _is_name_token(tok) or tok.lower in art.known or art.exact[tok.text] > 1:
            continue
        initial = sentence_initial(text, tok)
        z = zipf(tok.text)
        if z >= RARE:
            continue
        # 1. the article spells a one-edit neighbour elsewhere, capitalised
        same = sorted(art.caps[c] for c in edits1(tok.text) if c in art.caps)
        if same and not (initial and z >= 2.0):
            n, cand = same[-1]
            conf = 0.85 if n > 1 else 0.7
            out.append(Suggestion(sid, tok.start, tok.end, tok.text, cand, conf,
                                  f"the article spells this name '{cand}' {n} time(s) elsewhere", "name"))
            continue
        if initial:
            continue  # sentence-initial words are realword.py's and typos.py's
        # 2. a far more common name, one letter away
        left, right = prev_next(toks, i)
        first_name = left is not None and _is_name_token(left) and zipf(left.text) >= 3.5 \
            and text[left.end:tok.start] == " "
        gap = GAP if first_name else GAP_NO_FIRST_NAME
        ranked = rank(tok.text, left and left.text, right and right.text, art,
                      min_zipf=max(z + gap, MIN_CAND), first_letter_penalty=9.0)
        # a known rare name ("Spen", "Musil") is only moved to another name, never to a common word
        # ("Seen", "Music"): a name is a word lemminflect's English word tables do not have
        ranked = [r for r in ranked if not first_letter_changed(tok.text, r[1])
                  and (z < NONWORD or not pos(r[1]))]
        if not ranked:
            continue
        _score, cand, zc = ranked[0]
        conf = 0.3 + 0.12 * (zc - z) + (0.15 if first_name else 0.0)
        if len(ranked) > 1 and ranked[1][0] > ranked[0][0] - 0.5:
            conf -= 0.15
        ctx = f" after the first name '{left.text}'" if first_name else ""
        out.append(Suggestion(
            sid, tok.start, tok.end, tok.text, cand.capitalize(), round(max(0.05, min(conf, 0.9)), 2),
            f"'{tok.text}'{ctx} is a rare name (Zipf {z:.1f}); '{cand.capitalize()}', one letter away, "
            f"is far more common (Zipf {zc:.1f})", "name"))
    return out

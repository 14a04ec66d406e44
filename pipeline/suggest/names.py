"""Misspelt names: "Andy Burham" -> "Burnham".

A capitalised word inside a sentence is treated as a name (a possessive "’s" is set aside:
"Faceboko’s" is checked as "Faceboko"). It is suspicious when it occurs once and is rare
(Zipf < ``RARE``). The fix is, first, a one-edit variant that the article itself spells that way
elsewhere ("Jonhson" when "Johnson" appears four times); else a far more common one-edit
variant, more readily when a first name stands before it ("Andy Burham").

Never proposing damage: when the article has a name in two spellings one edit apart, the one to
keep is, in order, the one the article uses more often; the one a word list knows (higher Zipf);
the one with the more English-looking letters ("Terrarium", not "Terrrarium"). A change of the
first letter is never proposed, and neither is a plural or a demonym read as a slip ("FPGAs" next
to "FPGA", "Chozodian" next to "Chozodia").
"""

from __future__ import annotations

from .context import edit_kind, letter_logp
from .model import Article, Suggestion, prev_next, sentence_initial
from .realword import NONWORD, rank
from .words import Token, edits1, first_letter_changed, pos, zipf

RARE = 2.5  # "Burham" 1.0, "Lavery" 2.4 (but it occurs three times), "Salford" 3.2
RARE_KNOWN = 3.5  # up to here, a known word is checked against a spelling the article uses 3+ times
STRONG = 5  # a spelling the article uses this often outweighs what the word lists say
RARE_KNOWN_STRONG = 5.0  # and up to here a known word once is checked against it ("Settle", "Seattle" 7)
GAP = 1.8
GAP_NO_FIRST_NAME = 2.5
MIN_CAND = 2.8
MIN_CAND_ALONE = 3.5  # with no first name before it, only towards a well-known name, by a likely slip
LETTERS_MARGIN = 0.1  # mean log10 per letter trigram: how much more English-looking to prefer
INFLECTION_ENDINGS = ("s", "an")  # "DACs"/"DAC", "Artonan"/"Artona": forms of a name, not slips
POSSESSIVE = ("’s", "'s")


def _is_name_token(tok: Token) -> bool:
    w = tok.text
    return len(w) >= 3 and w[0].isupper() and not w.isupper()


def _base(tok: Token) -> Token:
    """The name without a possessive ending: "Faceboko’s" -> "Faceboko"."""
    for p in POSSESSIVE:
        if tok.text.endswith(p) and len(tok.text) > len(p) + 2:
            return Token(tok.text[: -len(p)], tok.start, tok.end - len(p))
    return tok


def _inflection(a: str, b: str) -> bool:
    """Whether one spelling is the other plus an ending that forms a plural or a demonym."""
    a, b = a.lower(), b.lower()
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    # ("Queenss" is "Queens" with its last letter doubled: a slip, not a plural; "Shadle" is
    # "Shadlen" with a letter lost, not a demonym)
    return longer[:-1] == shorter and longer.endswith(INFLECTION_ENDINGS) and shorter[-1:] != longer[-1]


def keep_written(written: str, n_written: int, other: str, n_other: int) -> bool:
    """Whether, of two spellings one edit apart, the one as written should be kept."""
    if n_written != n_other:
        return n_written > n_other
    zw, zo = zipf(written), zipf(other)
    if abs(zw - zo) >= 0.5:
        return zw > zo
    return letter_logp(written) >= letter_logp(other) - LETTERS_MARGIN


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    out = []
    for i, whole in enumerate(toks):
        if not _is_name_token(whole):
            continue
        tok = _base(whole)
        written = art.exact[tok.text] + sum(art.exact[tok.text + p] for p in POSSESSIVE)
        if "'" in tok.lower or "’" in tok.text or tok.lower in art.known or written > 1:
            continue
        initial = sentence_initial(text, whole)
        z = zipf(tok.text)
        left, right = prev_next(toks, i)
        first_name = left is not None and _is_name_token(left) and zipf(left.text) >= 3.5 \
            and text[left.end:tok.start] == " "
        # 1. the article spells a one-edit neighbour elsewhere, capitalised
        same = sorted(art.caps[c] for c in edits1(tok.text) if c in art.caps
                      and not first_letter_changed(tok.text, c) and not _inflection(tok.text, c))
        if z >= RARE_KNOWN_STRONG or (z >= RARE_KNOWN and not any(n >= STRONG for n, _c in same)):
            continue
        if z >= RARE:
            # a known word as a name ("Settle" once, "Seattle" seven times): only towards a spelling
            # the article uses at least three times that is also the commoner word (or that it uses
            # five times or more), and that the article never writes in lower case (a name, not
            # "The" or "Last" in a title); after a first name ("Sarah Arched", "Sarah Archer" once
            # elsewhere) once is enough
            same = [(n, c) for n, c in same if (n >= 3 or (first_name and z < RARE_KNOWN))
                    and (zipf(c) > z or n >= STRONG) and (z < RARE_KNOWN or n >= STRONG) and not art.exact[c.lower()]
                    and not art.exact[tok.text.lower()]]
            if not same or initial:
                continue
        if same and not (initial and z >= 2.0):
            n, cand = same[-1]
            if not keep_written(tok.text, written, cand, n):
                conf = 0.85 if n > 1 else 0.7
                out.append(Suggestion(sid, tok.start, tok.end, tok.text, cand, conf,
                                      f"the article spells this name '{cand}' {n} time(s) elsewhere"
                                      + ("" if n > 1 else "; that spelling is the likelier one"), "name"))
            continue
        if initial:
            continue  # sentence-initial words are realword.py's and typos.py's
        # 2. a far more common name, one letter away
        if not first_name and z >= NONWORD:
            continue  # a rare but real name ("Malic", "Igalia") is only moved after a first name
        gap = GAP if first_name else GAP_NO_FIRST_NAME
        ranked = rank(tok.text, left and left.text, right and right.text, art,
                      min_zipf=max(z + gap, MIN_CAND), first_letter_penalty=9.0)
        # a known rare name ("Spen", "Musil") is only moved to another name, never to a common word
        # ("Seen", "Music"): a name is a word lemminflect's English word tables do not have
        ranked = [r for r in ranked if not first_letter_changed(tok.text, r[1]) and not _inflection(tok.text, r[1])
                  and (z < NONWORD or not pos(r[1]))
                  and (first_name or (r[2] >= MIN_CAND_ALONE and edit_kind(tok.text, r[1]) != "far-key"))]
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

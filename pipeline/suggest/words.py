"""Word knowledge the detectors share: frequencies, edit-distance-1 neighbours, tokens, bigrams.

Everything comes from data shipped inside installed packages (no downloads at run time):
- unigram frequencies: ``wordfreq`` (English "best" list, ~320k words), as Zipf values
  (log10 of frequency per billion words: "the" ~7.7, "leave" 5.3, "reave" 1.3, unknown 0);
- word-pair counts: the bigram dictionary shipped with ``symspellpy`` (243k English bigrams);
- parts of speech: ``lemminflect``'s lemma tables (NOUN / VERB / ADJ / ADV per word form).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LETTERS = "abcdefghijklmnopqrstuvwxyz"
APOSTROPHES = "'’"
# A word: letters (any script: "Agnès" is one word, not "Agn" and "s"), with inner apostrophes
# kept ("it’s").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# characters that glue a word into code, an address or a handle ("photos.forEach(", "lnolan@",
# "jayk1984", "firstName=", "aconspiracy.xfiles", "[:emk]"): such a word is not prose
_CODE_BEFORE = set("0123456789_@/\\.=#$<>{}|~^*+:")  # ("[:emk]", "std::vector")
_CODE_AFTER = set("0123456789_@/\\=#$(<>{}|~^*+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


def tokens(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]


def is_prose_word(text: str, tok: Token) -> bool:
    """Whether a token is an English-spelt word of running prose, the only kind a detector may
    change: not glued into code, an address or a handle, not camelCase ("forEach", "RedMonk"),
    not spelt with letters outside a-z ("Agnès": a foreign name, never "corrected" to "Agnes")."""
    w = tok.text
    if not w.replace("'", "").replace("’", "").isascii():
        return False
    if any(c.isupper() for c in w[1:]) and not w.isupper():
        return False
    before = text[tok.start - 1] if tok.start else " "
    after = text[tok.end] if tok.end < len(text) else " "
    if before in _CODE_BEFORE or after in _CODE_AFTER:
        return False
    if after == "." and tok.end + 1 < len(text) and text[tok.end + 1].isalnum():
        return False  # "example.com", "photos.forEach"
    if w[0].isupper():  # one part of a hyphenated name ("Gell-Mann", "Balland-Poirier")
        return not (before == "-" and tok.start > 1 and text[tok.start - 2].isalnum()) \
            and not (after == "-" and tok.end + 1 < len(text) and text[tok.end + 1].isalnum())
    return True


@lru_cache(maxsize=1)
def _freqs() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (case-insensitive, either apostrophe); 0 when unknown."""
    f = _freqs().get(word.lower().replace("’", "'"), 0.0)
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0


def edits1(word: str, letters: str = LETTERS) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (lower case)."""
    w = word.lower()
    splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    out = deletes | transposes | replaces | inserts
    out.discard(w)
    return out


def first_letter_changed(word: str, cand: str) -> bool:
    """Typing and scraping slips rarely touch a word's first letter; such candidates are penalised."""
    # (a doubled or dropped first letter of a word that starts with a double, "llama"/"lama",
    # keeps the first letter: not a change)
    return word[:1].lower() != cand[:1].lower()


def neighbours(word: str, min_zipf: float) -> list[tuple[str, float]]:
    """Known words one edit away with Zipf >= ``min_zipf``, most frequent first."""
    out = [(c, zipf(c)) for c in edits1(word) if "'" not in c]
    return sorted(((c, z) for c, z in out if z >= min_zipf), key=lambda cz: (-cz[1], cz[0]))


@lru_cache(maxsize=1)
def _bigrams() -> dict[tuple[str, str], int]:
    import symspellpy

    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    out: dict[tuple[str, str], int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[(parts[0], parts[1])] = int(parts[2])
    return out


def bigram_score(left: str | None, word: str, right: str | None) -> float:
    """log10 counts of (left, word) and (word, right) in the shipped bigram list (0 when unseen)."""
    bg = _bigrams()
    s = 0.0
    for pair in ((left, word), (word, right)):
        if pair[0] and pair[1]:
            n = bg.get((pair[0].lower().replace("'", "").replace("’", ""), pair[1].lower()), 0)
            s += math.log10(n) - 6 if n else 0.0  # counts start at ~1e6 in the list
    return s


def bigram_seen(left: str | None, word: str, right: str | None) -> bool:
    """Whether the shipped bigram list has (left, word) or (word, right)."""
    bg = _bigrams()
    norm = [x.lower().replace("'", "").replace("’", "") if x else None for x in (left, word, right)]
    return (norm[0] and (norm[0], norm[1]) in bg) or (norm[2] and (norm[1], norm[2]) in bg) or False


@lru_cache(maxsize=50_000)
def pos(word: str) -> dict[str, tuple[str, ...]]:
    """Parts of speech ``lemminflect`` knows for a word form: {"NOUN": ("economy",), ...}."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word.lower()))


def same_word_other_form(word: str, cand: str) -> bool:
    """Whether two spellings are forms of one word ("paged"/"page", "averages"/"average",
    "mysticisms"/"mysticism"): an inflection, not a slip."""
    a, b = word.lower(), cand.lower()
    la = {x for v in pos(a).values() for x in v}
    lb = {x for v in pos(b).values() for x in v}
    if la & lb:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    ending = longer[len(shorter):]
    # ("sampless", "basedd": the last letter doubled is a slip, not an ending)
    return longer[: len(shorter)] == shorter and ending in ("s", "es", "d", "ed") \
        and shorter[-1:] != ending[:1] and bool(pos(shorter))


def is_noun_only(word: str) -> bool:
    """A singular noun that is not also a verb form ("economy", "betrayal"; not "bond", "work")."""
    p = pos(word)
    return "NOUN" in p and word.lower() in p["NOUN"] and "VERB" not in p and "ADV" not in p


def is_plural_noun(word: str) -> bool:
    p = pos(word)
    return "NOUN" in p and word.lower().endswith("s") and word.lower() not in p["NOUN"]


def is_participle_or_adj(word: str) -> bool:
    p = pos(word)
    w = word.lower()
    return "ADJ" in p or ("VERB" in p and w not in p["VERB"] and w.endswith(("ed", "en", "t")))

"""Safe plain-word swaps on a parsed sentence (the reviewed list in ``seeds/plain-words.toml``).

A hard word is replaced only where the swap cannot change what the sentence says:

- as a whole word (or a whole listed phrase), never inside a quotation or a name;
- with the same part of speech in context: "maintained" used as a verb becomes "kept" (a verb);
  "perceived" used as an adjective ("the perceived enmity") is left alone, because its plain
  form "seen as" is not an adjective ("the seen as enmity" is not English);
- never inside a multi-word phrase: a word that modifies another word (an adjective or a compound
  part of a noun phrase) is only swapped for a single word;
- an empty replacement (leave the word out) only removes an adverb that is not a negation.

:func:`replacements` returns token index -> new text for :func:`.parse._render`, so the swap is
made on the same parse the clause splitter uses (no second parse).
"""

from __future__ import annotations

import functools
import re

from .glossary import WordLists

QUANTIFIERS = {"many", "few", "some", "much", "more", "most", "all", "enough", "each", "every", "several"}
NEGATIONS = {"not", "never", "no", "n't", "nor", "hardly", "barely", "only", "just", "even", "still", "longer"}
INTENSIFIERS = {"very", "too", "so", "really", "quite"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod"}


def quoted(span) -> set[int]:
    """Token indices inside quotation marks: “...”, "..." and ‘...’ (a lone ’ token closes a single quote)."""
    out: set[int] = set()
    double = single = False
    for t in span:
        if t.text == "“" or (t.text == '"' and not double):
            double = True
        elif t.text == "”" or (t.text == '"' and double):
            double = False
        elif t.text == "‘":
            single = True
        elif t.text == "’" and single:
            single = False
        elif double or single:
            out.add(t.i)
    return out


@functools.lru_cache(maxsize=4096)
def _upos_of(word: str) -> frozenset[str]:
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word.lower()).keys())


def same_pos(token, plain: str) -> bool:
    """Can ``plain`` stand where ``token`` stands, as the same part of speech?"""
    words = plain.split()
    head = words[0]
    multi = len(words) > 1
    upos = token.pos_
    if multi and upos == "ADJ" and len(words) == 2 and head.lower() in INTENSIFIERS and "ADJ" in _upos_of(words[1]):
        return True  # "calamitous" -> "very bad": an adjective phrase where an adjective stood
    if multi and token.dep_ in MODIFIER_DEPS:
        return False  # "the perceived enmity" -> "the seen as enmity"
    known = _upos_of(head)
    if upos in ("VERB", "NOUN", "ADJ", "ADV"):
        if upos == "ADJ" and head.lower() in QUANTIFIERS:
            return True
        if not known:
            return upos == "ADV"  # "about", "at once": adverbial function words
        if upos == "VERB" and "VERB" in known:
            if any(c.dep_ == "ccomp" for c in token.children) and _lemma(head) not in CLAUSE_VERBS:
                return False  # "does not require that I use it" -> "does not need that I use it"
            return _inflects_like(token, head)
        return upos in known
    return True  # function words (ADP, SCONJ ...): listed phrases such as "in order to"


# plain verbs that take a "that" clause as their object ("shows that", "says that"); another plain verb
# is not swapped in where the hard verb has one
CLAUSE_VERBS = {"say", "show", "think", "find", "know", "tell", "see", "mean", "hope", "feel", "ask", "check",
                "learn", "hear", "agree", "warn", "claim", "believe", "decide", "note", "add", "guess", "fear",
                "admit", "suggest", "expect", "prove", "explain", "point"}


def _lemma(verb: str) -> str:
    from lemminflect import getLemma

    return (getLemma(verb, upos="VERB") or (verb,))[0]


def _inflects_like(token, head: str) -> bool:
    """The plain verb is in the same form as the hard one ("maintained" VBD -> "kept" VBD)."""
    from lemminflect import getInflection, getLemma

    lemma = (getLemma(head, upos="VERB") or (head,))[0]
    if token.tag_ in ("VB", "VBP") and head == lemma:
        return True
    forms = getInflection(lemma, tag=token.tag_) if token.tag_.startswith("VB") else ()
    return head in forms or head == lemma and token.tag_ in ("VB", "VBP")


def replacements(span, lists: WordLists) -> dict[int, str]:
    """Token index -> plain text ("" drops the token) for the safe swaps in ``span``."""
    if not lists.plain:
        return {}
    text = span.text
    base = span[0].idx
    protected = quoted(span) | {t.i for t in span if t.pos_ == "PROPN" or (t.dep_ == "compound" and t.head.pos_ == "PROPN")}
    by_char = {t.idx - base: t for t in span}
    out: dict[int, str] = {}
    taken: set[int] = set()
    for p in sorted(lists._plain_all, key=lambda p: (-len(p.hard), p.hard)):
        for m in p.pattern.finditer(text):
            first = by_char.get(m.start())
            if first is None:
                continue  # not at a token start
            toks = [t for t in span if m.start() <= t.idx - base < m.end()]
            if not toks or toks[-1].idx - base + len(toks[-1].text) != m.end():
                continue  # not whole tokens ("non-local" inside "non-locals")
            ids = {t.i for t in toks}
            if ids & taken or ids & protected:
                continue
            if len(toks) == 1:
                t = toks[0]
                if p.plain.lower() in LINKING and t.pos_ == "ADV" and not _opens_clause(span, t):
                    continue  # "is, therefore, that" -> "is, so, that"; "the party therefore changed" -> "so changed"
                if p.plain == "":
                    if not (t.pos_ == "ADV" and t.lower_ not in NEGATIONS):
                        continue
                elif not same_pos(t, p.plain):
                    continue
            else:
                heads = [t for t in toks if t.head.i not in ids or t.head == t]
                if len(heads) != 1:
                    continue  # a listed phrase must be one phrase in this sentence, not a chance run of words
                if heads[0].pos_ == "NOUN" and p.plain.split()[:1] and p.plain.split()[0].lower() in QUANTIFIERS \
                        and heads[0].dep_ in ("nsubj", "nsubjpass", "attr"):
                    continue  # "There is a host of people" -> "There is many people": the verb agrees with it
            plain = _match_case(m.group(0), p.plain)
            out[toks[0].i] = plain
            for t in toks[1:]:
                out[t.i] = ""
            taken |= ids
            prev = toks[0].i - 1
            if plain and prev >= span.start and span.doc[prev].lower_ in ("a", "an") and prev not in out:
                out[prev] = _article(span.doc[prev].text, plain)
    return out


LINKING = {"so", "yet", "but", "and"}  # plain words that can only open a clause


def _opens_clause(span, t) -> bool:
    """Is ``t`` the first word of its clause (after "and"/"but" or a semicolon), where "so" can stand for
    "therefore"? Inside the clause, or set off by commas, the linking word keeps its form."""
    if t.i == span.start:
        return True
    before = span.doc[t.i - 1]
    return (before.dep_ == "cc" or before.text in (";", ":")) and t.i + 1 < len(span.doc) and span.doc[t.i + 1].text != ","


def _article(found: str, next_word: str) -> str:
    vowel = next_word[:1].lower() in "aeiou" and not next_word.lower().startswith(("us", "uni", "eu", "one"))
    word = "an" if vowel else "a"
    return word.capitalize() if found[:1].isupper() else word


def _match_case(found: str, plain: str) -> str:
    if plain and found[:1].isupper() and not plain[:1].isupper():
        return plain[0].upper() + plain[1:]
    return plain


def used(original: str, plain: str, lists: WordLists) -> set[str]:
    """Words a plain sentence may contain that its source does not: those of the swaps that apply."""
    out = set()
    for p in lists._plain_all:
        if p.plain and p.pattern.search(original):
            out |= {w.lower() for w in re.findall(r"[\w’'-]+", p.plain)}
    return out

"""Common grammar slips a scrape or a hurried writer leaves, found by word class (``lemminflect``):

- "it's" where the possessive "its" belongs: before "own", or after a preposition or a verb that
  cannot take a clause ("heal it’s lost emotional bond"), when a noun phrase follows;
- "parties" for "party's" / a lost plural possessive ("regions economy"): a plural noun after a
  determiner, directly followed by a singular noun (optionally after one describing word) that
  could not be a compound's head ("their regions economy", "The parties perceived betrayal").
"""

from __future__ import annotations

from .model import Article, Suggestion
from .words import Token, is_noun_only, is_participle_or_adj, is_plural_noun, pos

PREPOSITIONS = {"of", "in", "on", "with", "for", "from", "by", "at", "into", "onto", "about", "through",
                "under", "over", "against", "within", "without", "towards", "toward", "across", "behind",
                "beyond", "despite", "upon", "among", "amongst", "via", "throughout", "during"}
# verbs that take a clause, after which "it's" (it is) is normal: "said it's", "think it's"
CLAUSE_VERBS = {"say", "think", "know", "believe", "feel", "show", "prove", "ensure", "admit", "suggest",
                "claim", "hope", "mean", "seem", "appear", "argue", "realise", "realize", "pretend", "decide",
                "find", "hear", "see", "note", "insist", "agree", "accept", "confirm", "deny", "explain",
                "guess", "bet", "suppose", "reckon", "imagine", "tell", "warn", "fear", "worry", "wish",
                "understand", "recognise", "recognize", "report", "add", "announce", "state", "assume",
                "doubt", "expect", "remember", "forget", "notice", "reveal", "signal", "be", "make", "let"}
FUNCTION_WORDS = {"i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them", "who", "whom", "which",
                  "what", "this", "that", "these", "those", "there", "here", "all", "each", "both", "one",
                  "none", "some", "any", "such", "own", "else", "way", "time", "today", "tomorrow", "yesterday",
                  "or", "and", "so", "but", "nor", "yet", "for", "as", "than", "then", "themselves", "whether"}
DETERMINERS = {"the", "their", "our", "his", "her", "its", "my", "your", "whose", "this", "that"}


def _its(sid, text, toks, i, art) -> Suggestion | None:
    tok = toks[i]
    if tok.lower != "it's":
        return None
    nxt = toks[i + 1:i + 4]
    if not nxt or text[tok.end:nxt[0].start].strip():
        return None  # punctuation right after: "it's." is "it is"
    fixed = tok.text[:2] + "s"
    if nxt[0].lower == "own":
        return Suggestion(sid, tok.start, tok.end, tok.text, fixed, 0.85,
                          "'it's own' is the possessive 'its own'", "grammar")
    prev = toks[i - 1] if i else None
    if prev is None or text[prev.end:tok.start].strip():
        return None
    p = pos(prev.text)
    after_prep = prev.lower in PREPOSITIONS
    after_verb = ("VERB" in p and prev.lower in p["VERB"] and not (set(p["VERB"]) & CLAUSE_VERBS)
                  and i >= 2 and toks[i - 2].lower == "to")
    if not (after_prep or after_verb):
        return None
    # a noun phrase follows: describing words, then a noun
    for j, t in enumerate(nxt):
        if text[(nxt[j - 1].end if j else tok.end):t.start].strip():
            return None
        if "NOUN" in pos(t.text) and (j == len(nxt) - 1 or not is_participle_or_adj(nxt[j + 1].text)
                                      or "NOUN" not in pos(nxt[j + 1].text)):
            where = f"after '{prev.text}'"
            return Suggestion(sid, tok.start, tok.end, tok.text, fixed, 0.75 if after_prep else 0.65,
                              f"'{tok.text}' {where} before the noun phrase '{text[nxt[0].start:t.end]}' "
                              "reads as the possessive 'its'", "grammar")
        if not is_participle_or_adj(t.text):
            return None
    return None


def _possessive(sid, text, toks, i, art) -> Suggestion | None:
    tok = toks[i]
    if i == 0 or toks[i - 1].lower not in DETERMINERS or not is_plural_noun(tok.text):
        return None
    if tok.lower in art.known or i + 1 >= len(toks) or tok.text[0].isupper():
        return None
    if "VERB" in pos(tok.text) and not tok.lower.endswith("ies"):
        return None  # "the does", "lures": also a verb form; only the "parties"/"party's" homophone
    seq = [toks[i - 1], tok, *toks[i + 1:i + 3]]
    gaps = [text[a.end:b.start] for a, b in zip(seq, seq[1:])]
    n1 = toks[i + 1]
    if gaps[1] != " " or "-" in gaps[0]:
        return None  # ("behind-the-scenes optimization": a hyphenated compound, not a possessive)
    head = None
    if n1.lower in FUNCTION_WORDS:
        return None
    if is_noun_only(n1.text) and not is_plural_noun(n1.text):
        head = n1  # "their regions economy"
        after = toks[i + 2] if i + 2 < len(toks) else None
        if after is not None and text[n1.end:after.start] == " " and "NOUN" in pos(after.text) \
                and "VERB" not in pos(after.text):
            return None  # a longer noun compound: "the sales tax rate"
    elif (i + 2 < len(toks) and tok.lower.endswith("ies") and is_participle_or_adj(n1.text) and "NOUN" not in pos(n1.text)
          and len(gaps) > 2 and gaps[2] == " " and is_noun_only(toks[i + 2].text)
          and not is_plural_noun(toks[i + 2].text)):
        # "The parties perceived betrayal": only the "parties"/"party's" homophone; "its governments
        # promoted education" is a plural subject and its verb far more often than a lost apostrophe
        head = toks[i + 2]
    if head is None:
        return None
    apo = art.apostrophe
    w = tok.text
    if w.lower().endswith("ies") and len(w) > 4:
        fixed = w[:-3] + "y" + apo + "s"  # parties -> party’s: the homophone slip
    else:
        fixed = w + apo  # regions -> regions’
    conf = 0.6 if head is n1 else 0.45
    return Suggestion(sid, tok.start, tok.end, w, fixed, conf,
                      f"'{w}' before '{text[n1.start:head.end]}' reads as a possessive that lost its "
                      "apostrophe", "grammar")


def detect(sid: str, text: str, toks: list[Token], art: Article) -> list[Suggestion]:
    out = []
    for i in range(len(toks)):
        s = _its(sid, text, toks, i, art) or _possessive(sid, text, toks, i, art)
        if s is not None:
            out.append(s)
    return out

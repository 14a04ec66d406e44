"""How much of the article's main facts the points state: measured, and used to choose points.

- **Headline entities**: the names and numbers of the headline (:func:`.facts.facts_in`) that the
  body also states (so the author's name in a byline does not count), leaving out words the body
  also writes in lower case (a title-case headline's "What", "She", "Video" are not names) and
  function words ("What’s Underneath").
  Covered when a point states it.
- **Lead lemmas**: the content words (nouns, names, verbs, adjectives, numbers; lemmatised with
  lemminflect) of the lead, the first body paragraph of 12 words or more. Covered when a point
  has the lemma, or a plain word the reviewed list puts in its place.

``coverage(points, doc)`` returns both shares; the selector in :mod:`.points` first takes the points
that state the headline entities and then the one that best states the lead, even above the
reading-grade target (a point at grade 7 that states the main fact beats its absence).
"""

from __future__ import annotations

import re

from ..model import Document
from .facts import doc_names, facts_in

STOP = {"be", "have", "do", "say", "get", "make", "go", "will", "would", "can", "could", "may", "might", "must",
        "shall", "should", "also", "just", "now", "then", "there", "here", "very", "more", "most", "much", "many",
        "new", "last", "first", "one", "year", "time", "way", "thing", "people", "lot", "week", "day"}
FUNCTION_WORDS = {"what", "who", "how", "why", "when", "where", "which", "she", "he", "it", "they", "we", "you", "this",
                  "that", "these", "those", "the", "a", "an", "are", "is", "was", "were", "be", "can", "will", "do",
                  "does", "did", "has", "have", "had", "not", "no", "and", "or", "but", "of", "in", "on", "for", "to"}
WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*|\d[\d,.]*")


def _lemma(word: str) -> str:
    from lemminflect import getAllLemmas

    w = word.lower().replace("’", "'").removesuffix("'s")
    forms = getAllLemmas(w)
    for upos in ("NOUN", "VERB", "ADJ", "PROPN"):
        if upos in forms:
            return forms[upos][0].lower()
    return w


def lemmas(text: str) -> set[str]:
    from wordfreq import zipf_frequency

    out = set()
    for w in WORD.findall(text):
        lem = _lemma(w)
        if lem in STOP or len(lem) < 3 and not lem[:1].isdigit():
            continue
        if zipf_frequency(lem, "en") > 6.0:  # the, and, of ...: not content
            continue
        out.add(lem)
    return out


def headline_entities(doc: Document) -> list[str]:
    heads = [s.text for b in doc.blocks if b.kind == "heading" for s in b.sentences][:1]
    title = doc.meta.title or (heads[0] if heads else "")
    if not title:
        return []
    body = " ".join(s.text for b in doc.blocks if b.kind == "paragraph" for s in b.sentences)
    # a title-case headline capitalises every word: a word the body also writes in lower case ("what",
    # "she", "video", "updates") is an ordinary word, not a name
    # (web and mail addresses are left out: "adblocking@iab.com" does not make "IAB" an ordinary word)
    plain = re.sub(r"\S*(?:@|://|www\.)\S*", " ", body)
    lower = set(re.findall(r"(?<![\w’'\-])[a-z][a-z\-]*", plain))
    names = {n for n in doc_names(doc) if n.lower() not in lower and not (n.istitle() and n.lower() in FUNCTION_WORDS)}
    found = []
    for x in sorted(facts_in(title, names)):
        parts = x.split()
        if all(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", body) for p in parts):
            found.append(x)
    # "Ian Lavery" and "Lavery": count the longest run once
    return [x for x in found if not any(x != y and x in y.split() for y in found)]


def lead_lemmas(doc: Document) -> set[str]:
    for b in doc.blocks:
        if b.kind == "paragraph":
            text = " ".join(s.text for s in b.sentences)
            if len(text.split()) >= 12:
                return lemmas(" ".join(s.text for s in b.sentences[:2]))
    return set()


def stated_entities(entities: list[str], text: str) -> list[str]:
    return [e for e in entities if all(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text) for p in e.split())]


def coverage(texts: list[str], doc: Document, plain_map: dict[str, set[str]] | None = None) -> dict:
    """Shares of the headline entities and the lead lemmas the texts state (None when there are none)."""
    joined = " ".join(texts)
    ents = headline_entities(doc)
    lead = lead_lemmas(doc)
    have = lemmas(joined)
    for hard, plains in (plain_map or {}).items():  # "kept" states the lead's "maintain"
        if plains & have:
            have.add(hard)
    got = stated_entities(ents, joined)
    return {
        "headline_entities": ents, "headline_entities_stated": got,
        "headline_entity_coverage": round(len(got) / len(ents), 2) if ents else None,
        "lead_lemmas": sorted(lead), "lead_lemma_coverage": round(len(lead & have) / len(lead), 2) if lead else None,
    }

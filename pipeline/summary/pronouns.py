"""A pronoun that opens a point, resolved to its antecedent only when the parse leaves no doubt.

"He lands in Kenya later on Friday." says nothing on its own; "Mr Obama lands in Kenya later on
Friday." does. Issue 14 allows the swap only when it is unambiguous, and otherwise the point keeps
the sentence before it (:func:`.points.build_points`). Here "unambiguous" means all of:

- the sentence opens (after "But"/"And") with a subject pronoun "he"/"she"/"it", or a possessive
  "his"/"her"/"its" on the subject ("His father was Kenyan");
- the sentence before names exactly one candidate of the right kind, with spaCy's entity
  recogniser: one PERSON for "he"/"she"/"his"/"her" (however often it is named); for "it"/"its"
  one organisation, product, place, work or event, and no other singular noun as a subject,
  object or complement there ("Apple released the phone. It costs ..." is left alone);
- that candidate is the subject of the sentence before (the pronoun continues its topic);
- for "it", the verb is not one that takes an empty "it" ("It is clear that ...", "It seems").

The antecedent is written as the sentence before names it, with a title in front ("Mr Obama",
"President Barack Obama"). The gate (:mod:`.gate`) checks a resolved point against the source
sentence resolved the same way, and the point links to both sentences.
"""

from __future__ import annotations

import functools

from .parse import MODEL

PERSON_PRONOUNS = {"he", "she"}
PERSON_POSSESSIVES = {"his", "her"}
THING_LABELS = {"ORG", "PRODUCT", "GPE", "WORK_OF_ART", "EVENT", "FAC", "LAW", "NORP"}
EMPTY_IT_VERBS = {"be", "seem", "appear", "remain", "become", "take", "make", "matter", "happen", "mean",
                  "look", "sound", "feel", "rain", "turn", "go"}
OPENERS = {"but", "and", "so", "yet", "then", "still"}
SUBJECTS = ("nsubj", "nsubjpass")


@functools.lru_cache(maxsize=1)
def _ner():
    import spacy

    return spacy.load(MODEL)  # the same model as .parse.nlp, with its entity recogniser


@functools.lru_cache(maxsize=4096)
def _doc(text: str):
    return _ner()(text)


def _opening_pronoun(doc):
    """The pronoun the sentence opens with (after a leading "But"/"And" and punctuation), if any."""
    toks = [t for t in doc if not t.is_punct]
    while toks and toks[0].lower_ in OPENERS and len(toks) > 1:
        toks = toks[1:]
    if not toks:
        return None
    t = toks[0]
    w = t.lower_
    if w in PERSON_PRONOUNS | {"it"} and t.dep_ in SUBJECTS:
        return t
    if w in PERSON_POSSESSIVES | {"its"} and t.dep_ == "poss" and t.head.dep_ in SUBJECTS:
        return t
    return None


def _named(ent) -> str:
    """The entity as the sentence names it, with a title or "the" in front ("Mr Obama", "the BBC")."""
    doc, start = ent.doc, ent.start
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].text[:1].isupper():
        start -= 1
    text = doc[start:ent.end].text
    if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].head.i in range(ent.start, ent.end):
        text = "the " + text
    return text


def _subject_of_root(doc):
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return next((c for c in root.children if c.dep_ in SUBJECTS), None) if root is not None else None


def antecedent(text: str, previous: str):
    """(the pronoun token, what it stands for) when ``text`` opens with a pronoun that ``previous``
    resolves beyond doubt; None otherwise."""
    if not previous.strip():
        return None
    doc = _doc(text)
    pron = _opening_pronoun(doc)
    if pron is None or any(t.text in ("“", '"', "‘") for t in doc[:pron.i]) or text.count("“") > text.count("”"):
        return None  # inside a quotation the words are the speaker's own: '“He carried a lot,” she said'
    prev = _doc(previous)
    subj = _subject_of_root(prev)
    if subj is None:
        return None
    w = pron.lower_
    if w in PERSON_PRONOUNS | PERSON_POSSESSIVES:
        people = {e.text: e for e in prev.ents if e.label_ == "PERSON"}
        if len(people) != 1:
            return None
        ent = next(iter(people.values()))
        if any(e.label_ == "PERSON" for e in doc.ents):
            return None  # another person in the sentence itself: "he" may be either
    else:
        root = next(t for t in doc if t.dep_ == "ROOT")
        if root.lemma_ in EMPTY_IT_VERBS:
            return None  # "It is clear that ...": an empty "it", or one that may be
        things = [e for e in prev.ents if e.label_ in THING_LABELS]
        if len({e.text for e in things}) != 1:
            return None
        ent = things[0]
        others = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and t.pos_ in ("NOUN", "PROPN")
                  and t.tag_ in ("NN", "NNP") and not (ent.start <= t.i < ent.end)]
        if others:
            return None  # "Apple released the phone": "it" may be the phone
    if not (ent.start <= subj.i < ent.end):
        return None  # the pronoun continues the topic (the subject) of the sentence before, or is not resolved
    return pron, _named(ent)


def resolve(text: str, previous: str, apostrophe: str = "’") -> str | None:
    """``text`` with its opening pronoun replaced by its antecedent, or None when that is not certain."""
    found = antecedent(text, previous)
    if found is None:
        return None
    pron, name = found
    if pron.lower_ in PERSON_POSSESSIVES | {"its"}:
        name += apostrophe + ("" if name.endswith("s") else "s")
    start = pron.idx
    out = text[:start] + name + text[start + len(pron.text):]
    if start == 0 or not text[:start].strip(" “\"‘'"):
        out = out[:start] + out[start].upper() + out[start + 1:]
    return out

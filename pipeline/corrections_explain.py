"""Why a reviewed correction found nothing, and which entries would fix each other's fixes.

A context typed by an editor can fail to match text that looks the same on screen: a soft
hyphen or zero-width character inside a word, decomposed accents (NFD), or a look-alike letter
from another script (Cyrillic "а" for Latin "a"). ``explain_missing`` looks for the context in a
*skeleton* of the text (invisible characters and combining marks dropped, look-alikes mapped to
Latin, case folded), and when it is there names the character that kept it from matching.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=4096)
def _latin(ch: str) -> str:
    """The Latin letter ``ch`` is a look-alike of, or ``ch``."""
    if ch.isascii() or not ch.isalpha():
        return ch
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
    for hit in found:
        for h in hit.get("homoglyphs", []):
            if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha():
                return h["c"]
    return ch


def _skeleton(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":  # soft hyphen, zero-width (non-)joiner/space, bidi controls
            continue
        for d in unicodedata.normalize("NFD", ch):
            if unicodedata.combining(d):
                continue
            for f in _latin(d).casefold():
                out.append(f)
                where.append(i)
    return "".join(out), where


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, f"U+{ord(ch):04X}").lower()
    return {"soft hyphen": "a soft hyphen", "zero width space": "a zero-width space",
            "zero width joiner": "a zero-width joiner", "zero width non-joiner": "a zero-width non-joiner"
            }.get(name, f"{name} (U+{ord(ch):04X})")


def explain_missing(context: str, texts: Iterable[str]) -> str | None:
    """A sentence saying why ``context`` is not found in ``texts``, or None when it is simply absent."""
    key, _ = _skeleton(" ".join(context.split()))
    if not key:
        return None
    for text in texts:
        sk, where = _skeleton(text)
        i, sk, where = _collapsed_find(sk, where, key)  # white space runs collapsed, as matching does
        if i < 0:
            continue
        a, b = where[i], where[i + len(key) - 1] + 1
        span = text[a:b]
        for k, ch in enumerate(span, a):
            if unicodedata.category(ch) == "Cf":
                return f"the article has {_describe(ch)} inside {_word(text, k)!r}"
        if not unicodedata.is_normalized("NFC", span):
            return f"the article's text is decomposed (NFD: accents as separate marks) in {span!r}"
        for k, ch in enumerate(span, a):
            if ch.isalpha() and not ch.isascii() and _latin(ch) != ch:
                return f"the article has the look-alike letter {_describe(ch)} in {_word(text, k)!r}"
        return f"the article has {span!r}, which differs from the context only in accents"
    return None


def _word(text: str, k: int) -> str:
    a, b = k, k + 1
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return text[a:b]


def _collapsed_find(sk: str, where: list[int], key: str) -> tuple[int, str, list[int]]:
    out, w, space = [], [], False
    for ch, i in zip(sk, where):
        if ch.isspace():
            if not space:
                out.append(" ")
                w.append(i)
            space = True
        else:
            out.append(ch)
            w.append(i)
            space = False
    s = "".join(out)
    return s.find(key), s, w


def fixes_that_refix(entries) -> list[str]:
    """Problems for approved entries one of which would change text another one wrote: applying
    A inside A's context creates B's context with B's wrong word in A's fix (a chain; a cycle
    when B puts A's wrong word back). Checked both ways round: B's context inside A's fixed
    context, or A's fixed context inside B's context."""
    approved = [c for c in entries if c.status == "approved"]
    problems = []
    for a in approved:
        fa = a.pattern().search(a.context)
        if fa is None:
            continue
        fixed = a.context[:fa.start(1)] + a.right + a.context[fa.end(1):]
        fix_span = (fa.start(1), fa.start(1) + len(a.right))
        for b in approved:
            if b is a or not (a.scope == b.scope or "all" in (a.scope, b.scope)):
                continue
            if _overlaps(b.pattern().search(fixed), fix_span) or _inside(fixed, fix_span, b):
                problems.append(f"{b.id!r} (line {b.line}) would change what {a.id!r} (line {a.line}) wrote "
                                f"({a.wrong!r} -> {a.right!r} -> {b.right!r}): a fix must not be fixed again; "
                                "make it one entry")
    return problems


def _overlaps(m, span: tuple[int, int]) -> bool:
    return m is not None and m.start(1) < span[1] and span[0] < m.end(1)


def _inside(fixed: str, fix_span: tuple[int, int], b) -> bool:
    """A's fixed context occurs in B's context with B's wrong word over A's fix."""
    from .corrections_match import ContextPattern

    mb = b.pattern().search(b.context)
    try:
        here = ContextPattern(fixed, fixed[fix_span[0]:fix_span[1]] or fixed).search(b.context)
    except ValueError:
        return False
    return mb is not None and here is not None and _overlaps(mb, here.span(1))

"""Matching a correction's context on one text, with exact offsets.

Matching is case-insensitive with full Unicode case folding ("STRASSE" finds "Straße", "ﬁnal"
finds "final"). Case folding can change a text's length (ß -> ss, ﬁ -> fi, İ -> i̇), so the regex
runs on the folded text and every span is mapped back to the original text through a table built
in the same pass: an offset is never looked up in one text and used in another. A match whose
edge falls inside one original character's folding (the "s" of "ß") is not a match.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def fold(text: str) -> tuple[str, list[int] | None]:
    """``text.casefold()`` and, when lengths differ, the original index of each folded character."""
    folded = text.casefold()
    if len(folded) == len(text):  # folding never shortens a character: one to one
        return folded, None
    where: list[int] = []
    parts = []
    for i, ch in enumerate(text):
        f = ch.casefold()
        parts.append(f)
        where.extend([i] * len(f))
    return "".join(parts), where


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class ContextMatch:
    """A match in original-text offsets: the whole context and ``wrong`` inside it (group 1)."""

    text: str
    whole: tuple[int, int]
    fix: tuple[int, int]

    def span(self, group: int = 0) -> tuple[int, int]:
        return self.fix if group == 1 else self.whole

    def start(self, group: int = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int = 0) -> int:
        return self.span(group)[1]

    def group(self, group: int = 0) -> str:
        a, b = self.span(group)
        return self.text[a:b]


class ContextPattern:
    """The context as a word-bounded pattern over folded text, with ``wrong`` as group 1."""

    def __init__(self, context: str, wrong: str):
        context, wrong = nfc(context), nfc(wrong)
        fctx, fwrong = context.casefold(), wrong.casefold()
        i = fctx.find(fwrong)  # both folded: the offset belongs to the text it was found in
        if i < 0:
            raise ValueError(f"context {context!r} does not contain {wrong!r}")
        pre, post = fctx[:i], fctx[i + len(fwrong):]
        left = r"(?<!\w)" if fctx[:1].isalnum() else ""
        right = r"(?!\w)" if fctx[-1:].isalnum() else ""
        self.regex = re.compile(left + _loose(pre) + "(" + re.escape(fwrong) + ")" + _loose(post) + right)
        self.pattern = self.regex.pattern

    def finditer(self, text: str):
        folded, where = fold(text)
        for m in self.regex.finditer(folded):
            if where is None:
                yield ContextMatch(text, m.span(), m.span(1))
                continue
            whole, fix = _back(where, *m.span()), _back(where, *m.span(1))
            if whole is not None and fix is not None:
                yield ContextMatch(text, whole, fix)

    def search(self, text: str) -> ContextMatch | None:
        return next(self.finditer(text), None)

    def findall(self, text: str) -> list[str]:
        return [m.group(1) for m in self.finditer(text)]


def _back(where: list[int], a: int, b: int) -> tuple[int, int] | None:
    """Folded span [a, b) -> original span, or None when an edge cuts one character's folding."""
    n = len(where)
    if a > 0 and a < n and where[a - 1] == where[a]:
        return None
    if 0 < b < n and where[b - 1] == where[b]:
        return None
    start = where[a] if a < n else (where[-1] + 1 if n else 0)
    end = where[b - 1] + 1 if b > a else start
    return start, end


def count_in(context: str, wrong: str) -> int:
    """How often ``wrong`` occurs in ``context``, compared the way matching compares them."""
    return nfc(context).casefold().count(nfc(wrong).casefold())


def _loose(s: str) -> str:
    """Escape ``s`` but let any run of white space match any run of white space."""
    return r"\s+".join(re.escape(part) for part in re.split(r"\s+", s)) if s else ""

"""Choosing a point set that meets the reading targets while stating as much as it can.

The Flesch-Kincaid grade of a set of sentences is ``0.39 * words/sentences + 11.8 * syllables/words
- 15.59``: it depends only on three sums. Each candidate point's counts (:class:`Counts`, taken with
textstat exactly as :func:`.readability.measure` takes them) are computed once, so the grade of any
set of points is arithmetic, not a new textstat run.

A set's grade is close to the word-weighted mean of its points' grades, so a point "costs"
``words * (its grade - target)``: a hard point spends the set's allowance, a short plain one earns
it back. :func:`aim` grows a set greedily by ``value - lam * cost``; :func:`best_within` tries a
range of ``lam`` (from "what it says only" to "reading level first") and keeps, among the sets that
meet every target, the one that states the most; :func:`improve` then adds or swaps points (never a
required one) while the set still meets every target and states more. Points are never rewritten
here: only which points are shown changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .readability import MAX_AVG_SENTENCE, MAX_GRADE, MAX_SENTENCE, MAX_WORDS, MIN_WORDS, textstat

LAMBDAS = (0.0, 0.002, 0.005, 0.01, 0.02, 0.035, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6, 1.0, 2.0, 5.0, 20.0)


@dataclass(frozen=True)
class Counts:
    """textstat's words, sentences and syllables of some sentences (they add up over a set)."""

    words: int
    sentences: int
    syllables: int
    longest: int
    lines: int

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.words + other.words, self.sentences + other.sentences, self.syllables + other.syllables,
                      max(self.longest, other.longest), self.lines + other.lines)

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return 0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59

    @property
    def avg_sentence(self) -> float:
        return self.words / self.lines if self.lines else 0.0

    def meets(self) -> bool:
        """Every reading target (the same ones :func:`.readability.measure` checks)."""
        return (self.grade <= MAX_GRADE and round(self.avg_sentence, 1) <= MAX_AVG_SENTENCE
                and self.longest <= MAX_SENTENCE and MIN_WORDS <= self.words <= MAX_WORDS)


ZERO = Counts(0, 0, 0, 0, 0)


def counts(texts: list[str]) -> Counts:
    ts = textstat()
    lens = [ts.lexicon_count(t) for t in texts if t.strip()]
    joined = " ".join(t.strip() for t in texts if t.strip())
    if not joined:
        return ZERO
    return Counts(sum(lens), ts.sentence_count(joined), ts.syllable_count(joined), max(lens), len(lens))


def total(idx, each: dict[int, Counts]) -> Counts:
    out = ZERO
    for i in idx:
        out = out + each[i]
    return out


def cost(c: Counts) -> float:
    """What a point spends of the set's grade allowance: words times grade over the target (per 100)."""
    return c.words * (c.grade - MAX_GRADE) / 100.0


def aim(start: list[int], pool: list[int], each: dict[int, Counts], value: Callable[[int, list[int]], float],
        lam: float, k: int, max_points: int, min_points: int, must: set[int],
        compatible: Callable[[int, list[int]], bool] = lambda i, got: True) -> list[int]:
    """``start`` plus points by ``value(i, chosen) - lam * cost(i)`` until ``k`` points meet the targets
    (or ``max_points``); then, while the set misses the grade, a plainer point is added or a harder
    one (not in ``must``) left out. ``compatible(i, chosen)`` says whether a point may join (no shared
    source sentence)."""
    got = list(start)
    left = [i for i in pool if i not in got]
    while left and len(got) < max_points:
        now = total(got, each)
        if len(got) >= k and now.meets():
            break
        fits = [i for i in left if (now + each[i]).words <= MAX_WORDS and compatible(i, got)]
        if not fits:
            break
        best = max(fits, key=lambda i: value(i, got) - lam * cost(each[i]))
        left.remove(best)
        got.append(best)
    while len(got) < max_points and not total(got, each).meets():
        now = total(got, each)
        easier = [i for i in left if (now + each[i]).words <= MAX_WORDS and (now + each[i]).grade < now.grade
                  and compatible(i, got)]
        if not easier:
            break
        pick = min(easier, key=lambda i: ((now + each[i]).grade, -value(i, got)))
        left.remove(pick)
        got.append(pick)
    while len(got) > min_points and not total(got, each).meets():
        now = total(got, each)
        drops = {i: total([j for j in got if j != i], each).grade for i in got if i not in must}
        drops = {i: g for i, g in drops.items() if g < now.grade}
        if not drops:
            break
        got.remove(min(drops, key=drops.get))
    return got


def best_within(start: list[int], pool: list[int], each: dict[int, Counts], value, worth, k: int,
                max_points: int, min_points: int, must: set[int], compatible=lambda i, got: True) -> list[int] | None:
    """Of the sets :func:`aim` makes over :data:`LAMBDAS`, the one that meets every target with the
    most ``worth(set)`` (what it states); None when none meets them."""
    best, best_worth = None, -1.0
    seen = set()
    for lam in LAMBDAS:
        got = aim(start, pool, each, value, lam, k, max_points, min_points, must, compatible)
        key = frozenset(got)
        if key in seen:
            continue
        seen.add(key)
        if min_points <= len(got) <= max_points and total(got, each).meets():
            w = worth(got)
            if w > best_worth:
                best, best_worth = got, w
    return improve(best, pool, each, worth, max_points, must, compatible) if best is not None else None


def improve(got: list[int], pool: list[int], each: dict[int, Counts], worth, max_points: int, must: set[int],
            compatible=lambda i, got: True, rounds: int = 10) -> list[int]:
    """Local search on a set that meets the targets: add a point, or swap one (not in ``must``) for
    another, whenever the set still meets every target and states more."""
    got = list(got)
    for _ in range(rounds):
        now = worth(got)
        options = []
        for j in pool:
            if j in got:
                continue
            if len(got) < max_points and compatible(j, got):
                options.append(got + [j])
            for i in got:
                rest = [x for x in got if x != i]
                if i not in must and compatible(j, rest):
                    options.append(rest + [j])
        options = [o for o in options if total(o, each).meets()]
        better = max(options, key=worth, default=None)
        if better is None or worth(better) <= now + 1e-9:
            break
        got = better
    return got

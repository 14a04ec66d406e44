"""Key points: which sentences carry the argument (extractive), and making them plain.

Choice: TextRank. Sentences are TF-IDF vectors (scikit-learn); their cosine similarities form a
graph whose PageRank (power iteration) is each sentence's centrality. The score adds a little for
early position and for names and numbers (the facts a reader needs), and maximal marginal relevance
keeps the points from repeating each other. A chosen sentence that leans on the one before it
("Those mistakes being ...") brings that sentence into the same point.

Plain: hard words are replaced from the reviewed plain-words list, long sentences are split at
clause boundaries (";", dashes, ", but", ", and" + a new subject, ...), names and numbers are kept
exactly. Each plain sentence records the source sentence it came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..model import Document
from .glossary import WordLists
from .clauses import split_sentence
from .readability import (MAX_AVG_SENTENCE, MAX_GRADE, MAX_SENTENCE, MAX_WORDS, MIN_WORDS, measure,
                          word_count)

MIN_POINTS, MAX_POINTS = 4, 7
MIN_SOURCE_WORDS = 6


@dataclass
class Line:
    """One plain sentence of a point and the source sentence ids it states."""

    text: str
    sources: list[str]


@dataclass
class Point:
    lines: list[Line] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        out: list[str] = []
        for ln in self.lines:
            out += [s for s in ln.sources if s not in out]
        return out

    def to_dict(self) -> dict:
        return {"sentences": [{"text": ln.text, "from": ln.sources} for ln in self.lines], "from": self.sources}


# --- choosing ------------------------------------------------------------------------------------
def candidates(doc: Document) -> list[tuple[str, str]]:
    """Body sentences worth considering: paragraphs only (not headline, byline, pull quotes)."""
    out = []
    for b in doc.blocks:
        if b.kind != "paragraph":
            continue
        out += [(s.id, s.text) for s in b.sentences if word_count(s.text) >= MIN_SOURCE_WORDS]
    return out


def centrality(texts: list[str]) -> tuple[list[float], "object"]:
    """TextRank scores (sum to 1) and the cosine-similarity matrix."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    n = len(texts)
    if n == 1:
        return [1.0], np.ones((1, 1))
    try:
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # only stop words
        return [1.0 / n] * n, np.zeros((n, n))
    sim = cosine_similarity(tfidf)
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):  # PageRank, damping 0.85
        new = 0.15 / n + 0.85 * trans.T @ rank
        if np.abs(new - rank).sum() < 1e-9:
            rank = new
            break
        rank = new
    return [float(x) for x in rank], sim


NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'\-]*")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def names_and_numbers(text: str, names: set[str]) -> set[str]:
    """Names (tokens in ``names``) and numbers stated in ``text``; possessive 's is ignored."""
    found = {re.sub(r"[’']s$", "", m.group(0)) for m in NAME.finditer(text)} & names
    return found | set(NUMBER.findall(text))


def facts_in(text: str, names: set[str]) -> set[str]:
    """Names (runs of capitalised words count once: "Red Wall", "Andy Burnham") and numbers in ``text``."""
    runs = set()
    for m in re.finditer(r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*", text):
        words = [re.sub(r"[’']s$", "", w) for w in m.group(0).split()]
        kept = [w for w in words if w in names]
        if kept:
            runs.add(" ".join(kept))
    return runs | set(NUMBER.findall(text))


def doc_names(doc: Document) -> set[str]:
    """Capitalised words that occur after the start of some sentence: the article's names."""
    names = set()
    body = [s for b in doc.blocks if b.kind != "heading" for s in b.all_sentences()]  # headlines are title case
    for s in body:
        for m in list(NAME.finditer(s.text))[1:] if s.text[:1].isupper() else NAME.finditer(s.text):
            if m.start() > 0 and m.group(0) != "I":
                names.add(re.sub(r"[’']s$", "", m.group(0)))
    return names


def base_scores(doc: Document, cands: list[tuple[str, str]]) -> tuple[list[float], "object"]:
    """How much each candidate carries the argument: centrality, rare facts, early position."""
    texts = [t for _, t in cands]
    rank, sim = centrality(texts)
    top = max(rank)
    names = doc_names(doc)
    n = len(cands)
    stated = [facts_in(t, names) for t in texts]
    df: dict[str, int] = {}
    for st in stated:
        for x in st:
            df[x] = df.get(x, 0) + 1
    # facts: names and numbers, rarer ones (Hartlepool, 2019) weigh more than ones on every line (Labour)
    # a name's first mention is new information; later mentions count half
    facts, seen = [], set()
    for st in stated:
        w = [math.log(1 + n / df[x]) * (0.5 if x in seen else 1.0) for x in st]
        facts.append(sum(sorted(w, reverse=True)[:3]))
        seen |= st
    most = max(facts) or 1.0
    scores = []
    for i in range(n):
        position = 1.0 - i / max(n - 1, 1)
        scores.append(0.35 * rank[i] / top + 0.55 * facts[i] / most + 0.1 * position)
    return scores, sim


def groups(doc: Document, cands: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Each candidate with the sentence it leans on ("Those mistakes ..." brings the one before)
    and the next one when that goes on from it."""
    index = {sid for sid, _ in cands}
    all_sents = [(s.id, s.text) for s in doc.sentences()]
    pos = {sid: i for i, (sid, _) in enumerate(all_sents)}
    out = []
    for sid, text in cands:
        group = [(sid, text)]
        p = pos[sid]
        if LEANS_BACK.match(text) and p > 0 and all_sents[p - 1][0] in index:
            group.insert(0, all_sents[p - 1])
        nxt = all_sents[p + 1] if p + 1 < len(all_sents) else None
        if nxt and nxt[0] in index and LEANS_BACK.match(nxt[1]) and word_count(nxt[1]) <= 40:
            group.append(nxt)
        out.append(group)
    return out


def generate(doc: Document, lists: WordLists, k: int | None = None) -> list[Point]:
    """4-7 plain points in reading order that together meet the reading targets.

    Every candidate is made plain first; its reading grade then weighs in its score (a central
    sentence that stays hard to read loses to a nearly as central plain one). Points are taken by
    maximal marginal relevance, and one is only added while all the points together stay within the
    targets (grade, sentence lengths, words): a point that would break them is left out."""
    cands = candidates(doc)
    if not cands:
        return []
    n = len(cands)
    scores, sim = base_scores(doc, cands)
    grouped = groups(doc, cands)
    cache: dict[str, list[Line]] = {}
    from .editor import check_points  # (editor imports this module)

    for sid, text in sorted({x for g in grouped for x in g}):
        # a line whose names or numbers its source does not state word for word is left out
        cache[sid] = [ln for ln in plain_lines(sid, text, lists) if not check_points([Point([ln])], doc)]
    points = [Point([ln for sid, _ in g for ln in cache[sid]]) for g in grouped]
    final = []
    for i, p in enumerate(points):
        lines = [ln.text for ln in p.lines]
        if not lines or sum(word_count(t) for t in lines) < MIN_POINT_WORDS:
            final.append(None)
            continue
        grade = measure(lines).grade
        final.append(scores[i] / (1.0 + GRADE_WEIGHT * max(0.0, grade - 2.0)))
    if k is None:
        k = max(MIN_POINTS, min(MAX_POINTS, round(n / 4)))
    chosen: list[int] = []
    left = [i for i in range(n) if final[i] is not None]
    used: set[str] = set()
    deferred: list[int] = []  # too hard for the points so far; tried again after each new point
    while left and len(chosen) < MAX_POINTS:
        best = max(left, key=lambda i: final[i] - 0.5 * max((sim[i][j] for j in chosen), default=0.0))
        left.remove(best)
        ids = {s for s in points[best].sources}
        if ids & used:
            continue
        trial = sorted(chosen + [best])
        r = measure([ln.text for i in trial for ln in points[i].lines])
        if r.words > MAX_WORDS:
            continue
        if r.grade > MAX_GRADE or r.avg_sentence > MAX_AVG_SENTENCE:
            deferred.append(best)
            continue
        chosen.append(best)
        used |= ids
        left, deferred = sorted(left + deferred), []
        if len(chosen) >= k and r.words >= MIN_WORDS:
            break
    return [points[i] for i in sorted(chosen)]


LEANS_BACK = re.compile(r"^(Those|These|This|That|Such|It|They)\b(?! is possible)")
MIN_POINT_WORDS = 5
GRADE_WEIGHT = 0.08  # how much a point's reading grade (after making it plain) lowers its score


# --- making plain --------------------------------------------------------------------------------
def plain_lines(sid: str, text: str, lists: WordLists) -> list[Line]:
    """``text`` with hard words swapped for reviewed plain ones, cut into short sentences at clause
    boundaries (:mod:`.clauses`); a sentence still over the limit is left out."""
    simple, _ = lists.simplify(text)
    lines = [Line(s, [sid]) for s in split_sentence(simple)]
    if lines and word_count(lines[0].text) > MAX_SENTENCE:
        return []  # the main clause is too long: its parts would mislead without it
    return [ln for ln in lines if 3 <= word_count(ln.text) <= MAX_SENTENCE]

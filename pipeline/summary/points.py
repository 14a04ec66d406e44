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
from .readability import MAX_SENTENCE, word_count

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


def choose(doc: Document, k: int | None = None) -> list[list[tuple[str, str]]]:
    """Groups of (id, text) source sentences, one group per point, in reading order."""
    cands = candidates(doc)
    if not cands:
        return []
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
    for i, t in enumerate(texts):
        position = 1.0 - i / max(n - 1, 1)
        length = min(1.0, 30 / max(word_count(t), 1))  # long sentences are hard to make plain
        scores.append((0.35 * rank[i] / top + 0.55 * facts[i] / most + 0.1 * position) * length)
    if k is None:
        k = max(MIN_POINTS, min(MAX_POINTS, round(n / 4)))
    k = min(k, n)
    chosen: list[int] = []
    while len(chosen) < k:  # maximal marginal relevance
        best = max((i for i in range(n) if i not in chosen),
                   key=lambda i: scores[i] - 0.5 * max((sim[i][j] for j in chosen), default=0.0))
        chosen.append(best)
    groups = []
    index = {sid: i for i, (sid, _) in enumerate(cands)}
    all_sents = [(s.id, s.text) for s in doc.sentences()]
    pos = {sid: i for i, (sid, _) in enumerate(all_sents)}
    for i in sorted(chosen):
        sid, text = cands[i]
        group = [(sid, text)]
        p = pos[sid]
        if LEANS_BACK.match(text) and p > 0 and all_sents[p - 1][0] in index:
            group.insert(0, all_sents[p - 1])
        nxt = all_sents[p + 1] if p + 1 < len(all_sents) else None
        if nxt and nxt[0] in index and LEANS_BACK.match(nxt[1]) and word_count(nxt[1]) <= 40:
            group.append(nxt)  # the next sentence goes on from this one ("Those mistakes ...")
        groups.append(group)
    # a sentence pulled in as context may also have been chosen: keep it once
    seen: set[str] = set()
    out = []
    for g in groups:
        g = [x for x in g if x[0] not in seen]
        seen.update(x[0] for x in g)
        if g:
            out.append(g)
    return out


LEANS_BACK = re.compile(r"^(Those|These|This|That|Such|It|They)\b(?! is possible)")


# --- making plain --------------------------------------------------------------------------------
SUBJECT = re.compile(
    r"^(I|we|you|he|she|it|they|this|that|these|those|there|the|a|an|our|their|his|her|its|some|many|"
    r"most|all|huge|every|each|no|one|two|three|[A-Z][a-z]+)\b")
LEAD_CONJ = re.compile(r"^(?:and|but|so|or|yet|while|whereas|as well as|although|though)\s+", re.I)
CLAUSE_BREAK = re.compile(r"\s*(?:;|\s[–—-]\s|,\s+(?=(?:and|but|while|whereas|yet|so|although|though)\s))\s*")


def split_clauses(text: str) -> list[str]:
    """Split a sentence into sentences at clause boundaries where the next part can stand alone."""
    parts = [p for p in CLAUSE_BREAK.split(text) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        bare = LEAD_CONJ.sub("", p.strip())
        if out and (not SUBJECT.match(bare) or word_count(bare) < 4):
            out[-1] = f"{out[-1].rstrip('.')}, {p.strip()}"  # not a clause on its own: keep it attached
        else:
            out.append(bare)
    return [_sentence(p) for p in out]


def _sentence(text: str) -> str:
    text = re.sub(r"^[“”\"‘’']+|[“”\"‘’']+$", "", text.strip()).strip(" ,;:–—-")
    text = re.sub(r"[.!?]*$", "", text)
    if not text:
        return ""
    return text[0].upper() + text[1:] + "."


def plain_lines(sid: str, text: str, lists: WordLists) -> list[Line]:
    simple, _ = lists.simplify(text)
    lines = [Line(s, [sid]) for s in split_clauses(simple) if s and word_count(s) >= 3]
    # a clause still over the limit is left out when the point has others; the first one stays
    kept = [ln for i, ln in enumerate(lines) if i == 0 or word_count(ln.text) <= MAX_SENTENCE]
    return kept


def generate(doc: Document, lists: WordLists, k: int | None = None) -> list[Point]:
    return [Point([ln for sid, text in group for ln in plain_lines(sid, text, lists)]) for group in choose(doc, k)]

"""Key points: which sentences carry the argument (extractive), made plain, gated, chosen for coverage.

Choice: TextRank. Sentences are TF-IDF vectors (scikit-learn); their cosine similarities form a
graph whose PageRank (power iteration) is each sentence's centrality. The score adds a little for
early position and for names and numbers (the facts a reader needs), and maximal marginal relevance
keeps the points from repeating each other. A chosen sentence that leans on the one before it
("Those mistakes being ...") brings that sentence into the same point.

Plain: long sentences are split at clause boundaries and hard words swapped for reviewed plain ones,
only by the meaning-preserving rewrites of :mod:`.clauses` and :mod:`.plainwords`. Each plain
sentence records the source sentence it came from and must pass :func:`.gate.refusal`; a refused
sentence is never shown (it is listed in the report with its reason). A sentence whose first line
leans on the one before ("Those mistakes ...") is tried again with that sentence in front of it, but
only when that line starts where its sentence starts (:func:`begins`): a later clause's "that"
leans on its own sentence, not the one before.

Choosing (:func:`summarise`): first the points that state the headline's entities, then the one that
best states the lead, whatever their grade (the plainer of those stating the same fact); then the
rest by :mod:`.selection`: the set that meets every reading target and states the most, if it states
nearly as much as a set chosen for content alone (``KEEP_FACTS``). Otherwise the content set is shown
as a *fallback*: with its measured level, flagged for an editor.

(Over 300 lines on purpose: choosing points is one algorithm (candidates, coverage, the two
candidate sets and the honest fallback); the gate, facts and rewrites live in their own modules.)
"""

from __future__ import annotations

import collections
import math
import re
from dataclasses import dataclass, field

from ..model import Document
from .clauses import split_sentence
from .coverage import coverage, headline_entities, lead_lemmas, lemmas, stated_entities
from .facts import doc_names, facts_in
from .gate import Context, refusal
from .glossary import WordLists
from .plainwords import replacements
from .pronouns import resolve
from .selection import best_within, counts
from .readability import (MAX_AVG_SENTENCE, MAX_GRADE, MAX_SENTENCE, MAX_WORDS, MIN_WORDS, Reading, measure,
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
        out += [(s.id, s.text) for s in b.sentences if word_count(s.text) >= MIN_SOURCE_WORDS
                and not s.text.rstrip().endswith(":")]  # "... Hermitian matrices include:" introduces what follows
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
    # the headline's words: a sentence that restates the headline carries the main claim
    head = lemmas(doc.meta.title or next((s.text for b in doc.blocks if b.kind == "heading" for s in b.sentences), ""))
    overlap = [len(head & lemmas(t)) / len(head) if head else 0.0 for t in texts]
    scores = []
    for i in range(n):
        position = 1.0 - i / max(n - 1, 1)
        scores.append(0.35 * rank[i] / top + 0.55 * facts[i] / most + 0.1 * position + HEADLINE_WEIGHT * overlap[i])
    return scores, sim


HEADLINE_WEIGHT = 0.3



@dataclass
class Summary:
    """What :func:`summarise` chose and why: the points, refused candidates, coverage and level."""

    points: list[Point]
    refused: list[dict]
    coverage: dict
    reading: Reading
    fallback: bool

    @property
    def needs_editor(self) -> bool:
        return self.fallback


MIN_POINT_WORDS = 5
FACT_GAIN = 0.5  # share of a point's weight that depends on the names and numbers it adds to the set
GRADE_SLACK = 2.5
KEEP_FACTS = 0.8  # the set that meets the targets must state this share of what the content-first set states  # while choosing central points the set may go this far over the grade target
MUST_GRADE_WEIGHT = 0.15  # among points stating the same required fact, how much a grade over the target counts against one
LEAD_WEIGHT = 0.5  # lead lemmas a point must state (share) to be taken for the lead's claim


def plain_lines(sid: str, text: str, lists: WordLists) -> list[Line]:
    """``text`` cut into short sentences at clause boundaries (:mod:`.clauses`) with hard words swapped
    for reviewed plain ones (:mod:`.plainwords`); a sentence still over the limit is left out."""
    lines = [Line(s, [sid]) for s in split_sentence(text, lambda span: replacements(span, lists))]
    if lines and word_count(lines[0].text) > MAX_SENTENCE:  # the swaps can add words ("make sure")
        lines = [Line(s, [sid]) for s in split_sentence(text)]
    if lines and word_count(lines[0].text) > MAX_SENTENCE:
        return []  # the main clause is too long: its parts would mislead without it
    return [ln for ln in lines if 3 <= word_count(ln.text) <= MAX_SENTENCE]


def begins(line: str, source: str) -> bool:
    """Does ``line`` start where its source sentence starts (a leading "But"/"And" and quote marks
    aside)? Only then can a pronoun at its start lean on the sentence before: in "X might seem Y,
    but that's not the case", "That's not the case." leans on its own sentence's first half."""
    def first(text: str) -> list[str]:
        words = re.findall(r"[\w’'-]+", text.lower())
        while words and words[0] in ("but", "and", "so", "yet", "or"):
            words = words[1:]
        return words[:2]

    return first(line) == first(source)


def _apostrophe(text: str) -> str:
    return "'" if "'" in text and "’" not in text else "’"


def _gated(lines: list[Line], ctx: Context, refused: list[dict]) -> list[Line]:
    """The lines that pass the gate, each judged after the kept lines before it."""
    kept: list[Line] = []
    for ln in lines:
        why = refusal(ln.text, ln.sources, ctx, " ".join(k.text for k in kept))
        if why:
            refused.append({"text": ln.text, "from": ln.sources, "reason": why})
        else:
            kept.append(ln)
    return kept


def build_points(doc: Document, cands: list[tuple[str, str]], lists: WordLists, ctx: Context,
                 refused: list[dict]) -> list[Point | None]:
    """One gated point per candidate sentence (None when nothing of it passes)."""
    order = [s.id for s in doc.sentences()]
    index = {sid for sid, _ in cands}
    plain: dict[str, list[Line]] = {}

    def lines(sid, text):
        if sid not in plain:
            plain[sid] = plain_lines(sid, text, lists)
        return plain[sid]

    texts = dict(cands)
    out: list[Point | None] = []
    for sid, text in cands:
        own = lines(sid, text)
        tried: list[dict] = []
        kept = _gated(own, ctx, tried)
        leans = own and (not kept or kept[0] is not own[0]) and tried and tried[0]["reason"].startswith("dangling") \
            and begins(own[0].text, text)
        prev_sid = ctx.before.get(sid)
        named = resolve(own[0].text, ctx.sentences[prev_sid].text, _apostrophe(text)) if leans and prev_sid else None
        if named:  # "He lands in Kenya" -> "Mr Obama lands in Kenya", when the sentence before leaves no doubt
            both = _gated([Line(named, [prev_sid, sid])] + own[1:], ctx, retry := [])
            if both and both[0].text == named:
                kept, tried, leans = both, retry, False
        if leans:
            p = order.index(sid)
            prev = order[p - 1] if p > 0 else None
            if prev in index:  # keep the sentence it leans on in front of it
                both = _gated(lines(prev, texts[prev]) + own, ctx, retry := [])
                if any(ln is own[0] for ln in both):  # the line that leaned on it is now kept (not only
                    kept, tried = both, retry  # a later one, whose "that" meant the refused line)
        refused += tried
        out.append(Point(kept) if any(sid in ln.sources for ln in kept) else None)
    return out


def summarise(doc: Document, lists: WordLists, k: int | None = None) -> Summary:
    """4-7 plain, gated points in reading order, chosen for coverage first, then reading level."""
    cands = candidates(doc)
    refused: list[dict] = []
    if not cands:
        return Summary([], [], coverage([], doc), measure([]), True)
    n = len(cands)
    scores, sim = base_scores(doc, cands)
    ctx = Context(doc, lists)
    points = build_points(doc, cands, lists, ctx, refused)
    pos = {sid: j for j, (sid, _) in enumerate(cands)}
    content: list[float | None] = []
    for i, p in enumerate(points):
        texts = [ln.text for ln in p.lines] if p else []
        if not texts or sum(word_count(t) for t in texts) < MIN_POINT_WORDS:
            content.append(None)
            continue
        own = sorted((scores[pos[x]] for x in p.sources if x in pos), reverse=True)
        content.append(own[0] + 0.5 * sum(own[1:]))  # a sentence kept in front of it adds half its weight
    valid = [i for i in range(n) if content[i] is not None]
    if k is None:
        k = max(MIN_POINTS, min(MAX_POINTS, round(n / 4)))
    chosen: list[int] = []
    must: set[int] = set()
    used: set[str] = set()

    def text_of(idx):
        return [ln.text for i in sorted(idx) for ln in points[i].lines]

    def fits(i) -> bool:
        return not set(points[i].sources) & used and measure(text_of(chosen + [i])).words <= MAX_WORDS

    def take(i, needed=False):
        chosen.append(i)
        used.update(points[i].sources)
        if needed:
            must.add(i)

    def plainer(i) -> float:
        """Among points that state the same required fact, the plainer one is preferred: it leaves the
        rest of the set room to meet the reading targets."""
        return content[i] / (1.0 + MUST_GRADE_WEIGHT * max(0.0, measure(text_of([i])).grade - MAX_GRADE))

    # 1. the headline's entities, each by the best point that states it
    for e in headline_entities(doc):
        if stated_entities([e], " ".join(text_of(chosen))):
            continue
        opts = [i for i in valid if i not in chosen and stated_entities([e], " ".join(text_of([i]))) and fits(i)]
        if opts and len(chosen) < MAX_POINTS:
            take(max(opts, key=plainer), True)
    # 2. the lead's main claim: the point that states most of the lead's content words
    lead = lead_lemmas(doc)
    if lead and len(chosen) < MAX_POINTS:
        have = lemmas(" ".join(text_of(chosen)))
        if len(lead & have) / len(lead) < LEAD_WEIGHT:
            gain = {i: len(lead & (lemmas(" ".join(text_of([i]))) - have)) for i in valid if i not in chosen and fits(i)}
            if gain and max(gain.values()) >= 2:
                take(max(gain, key=lambda i: (gain[i], plainer(i))), True)
    # 3. the rest: the set that meets the reading targets and states the most (selection.py); when
    #    it states much less than a set chosen for what the points say, that one is the honest fallback
    names = doc_names(doc)
    facts = {i: facts_in(" ".join(text_of([i])), names) for i in valid}
    df = collections.Counter(x for i in valid for x in facts[i])
    weight = {x: math.log(1 + len(valid) / c) for x, c in df.items()}
    top = max((sum(weight[x] for x in facts[i]) for i in valid), default=0.0) or 1.0

    def value(i, got) -> float:
        """A point's worth to the set: centrality, more for the names and numbers it adds, less when it
        repeats a chosen point."""
        have = set().union(*(facts[j] for j in got)) if got else set()
        gain = sum(weight[x] for x in facts[i] - have) / top
        return content[i] * (1 - FACT_GAIN + FACT_GAIN * gain) - 0.5 * max((sim[i][j] for j in got), default=0.0)

    def fill(start: list[int]) -> list[int]:
        """``start`` plus the most valuable points, chosen for what they say: the set may be up to
        GRADE_SLACK harder than its required points (the honest fallback when no set meets the targets)."""
        got = list(start)

        def ok(i) -> bool:
            used = {x for j in got for x in points[j].sources}
            return not set(points[i].sources) & used and measure(text_of(got + [i])).words <= MAX_WORDS

        base = measure(text_of(got)) if got else None
        limit, avg_limit = MAX_GRADE + GRADE_SLACK, MAX_AVG_SENTENCE
        if base is not None:
            limit, avg_limit = max(base.grade, MAX_GRADE) + GRADE_SLACK, max(base.avg_sentence, MAX_AVG_SENTENCE)
        left = [i for i in valid if i not in got]
        deferred: list[int] = []  # too hard next to the set so far; tried again after the next point
        while left and len(got) < MAX_POINTS:
            best = max(left, key=lambda i: value(i, got))
            left.remove(best)
            if not ok(best):
                continue
            trial = measure(text_of(got + [best]))
            if not (trial.grade <= limit and trial.avg_sentence <= avg_limit):
                deferred.append(best)
                continue
            got.append(best)
            left, deferred = sorted(left + deferred), []
            if len(got) >= k and trial.words >= MIN_WORDS:
                break
        return got

    def stated_weight(idx) -> float:
        return sum(weight[x] for x in set().union(*(facts[i] for i in idx))) if idx else 0.0

    each = {i: counts([ln.text for ln in points[i].lines]) for i in valid}
    pool = [i for i in valid if not set(points[i].sources) & used]
    full = fill(chosen)
    aimed = best_within(chosen, pool, each, value, lambda idx: stated_weight(idx) + 0.01 * sum(content[i] for i in idx),
                        k, MAX_POINTS, MIN_POINTS, must,
                        lambda i, got: not set(points[i].sources) & {x for j in got for x in points[j].sources})
    # the set that meets the targets wins when it states nearly as much (names and numbers weighted by
    # rarity) as the set chosen for content; otherwise coverage beats a lower grade (the fallback)
    if aimed is not None and stated_weight(aimed) >= KEEP_FACTS * stated_weight(full):
        chosen = aimed
    else:
        chosen = full
    shown = [points[i] for i in sorted(chosen)]
    reading = measure([ln.text for p in shown for ln in p.lines])
    fallback = not (reading.ok and MIN_POINTS <= len(shown) <= MAX_POINTS)
    seen, unique = set(), []
    for r in refused:
        key = (r["text"], r["reason"])
        if key not in seen:
            seen.add(key)
            unique.append(r)
    plain_map = {p.hard.lower(): {w.lower() for w in p.plain.split()} for p in lists._plain_all if p.plain}
    cov = coverage([ln.text for p in shown for ln in p.lines], doc, plain_map)
    return Summary(shown, unique, cov, reading, fallback)


def generate(doc: Document, lists: WordLists, k: int | None = None) -> list[Point]:
    """The points of :func:`summarise` alone."""
    return summarise(doc, lists, k).points

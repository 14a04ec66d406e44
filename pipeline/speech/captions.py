"""Captions that follow broadcast conventions, timed by the engine's own word boundaries.

A sentence becomes one or more cues (ids ``p003s01``, ``p003s01-2``, ...), each:

- at most ``MAX_LINES`` lines of at most ``MAX_CHARS`` characters (BBC / Netflix: 2 x 42);
- at most ``MAX_MS`` (about 7 s) and, where the sentence allows, at least ``MIN_MS`` (1 s) long;
- split, and broken into lines, at phrase boundaries: after punctuation best, then before a
  conjunction or preposition; never inside a name (a run of capitalised words: "Greater
  Manchester", "Andy Burnham").

Times come from the engine's word events (espeak-ng reports the sample where each word starts).
The captions show the WRITTEN words, the engine said the SPOKEN ones ("£5" -> "five pounds"), so
written words are aligned to spoken ones (difflib on their letters) and take the time of the
spoken word they match; a written word with no match is placed between its timed neighbours in
proportion to its characters. An engine with no word events (None) gets that same proportional
placement over the whole sentence: documented as the fallback in README.md.
"""

from __future__ import annotations

import difflib
import re

from ..timing import Cue

VERSION = 2  # in the audio stage's stamp: bump when the same timings would give different cues
MAX_CHARS = 42
MAX_LINES = 2
MAX_MS = 7000
MIN_MS = 1000

_TOKEN = re.compile(r"\S+")
_PUNCT_END = re.compile(r"[.,;:!?\u2014\u2013)\]\"\u201d\u2019]$")
_STRONG_END = re.compile(r"[.;:!?]['\"\u201d\u2019)]*$")
JOINERS = frozenset("""and but or nor so yet because although though while whereas which who whom whose that
when where if unless until since of in on at to for with from by about into onto over after before between
through under during without within than as against among across towards toward like""".split())


CLINGERS = frozenset("a an the my your his her its our their this these those to".split())  # never end a line


_NON_WORD = re.compile(r"\W+")


def _norm(word: str) -> str:
    return _NON_WORD.sub("", word.lower())


def _tokens(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


def _interpolate(times: list[float | None], weights: list[int], end: float) -> list[float]:
    """Fill the None start times between known ones (times[0] is known), in proportion to each
    token's characters; the sentence's end is the last anchor."""
    out = list(times)
    anchors = [(i, t) for i, t in enumerate(times) if t is not None] + [(len(times), end)]
    for (i0, t0), (i1, t1) in zip(anchors, anchors[1:]):
        span = sum(weights[i0:i1]) or 1
        for k in range(i0 + 1, i1):
            out[k] = t0 + (t1 - t0) * sum(weights[i0:k]) / span
    return [float(t) for t in out]


def word_times(written: str, spoken: str, events: list[tuple[int, int]] | None,
               start_ms: int, end_ms: int) -> list[tuple[str, int]]:
    """(written word, start ms) for every written word; ``events`` are (character offset in the
    normalised spoken text, ms on the programme timeline) of the words the engine said."""
    spoken = " ".join(spoken.split())
    w_toks = [t for _, t in _tokens(written)]
    if not w_toks:
        return []
    s_toks = _tokens(spoken)
    s_times: list[float | None] = [None] * len(s_toks)
    for c, ms in events or []:
        for k, (off, tok) in enumerate(s_toks):
            if off <= c < off + len(tok) + 1:
                if s_times[k] is None or ms < s_times[k]:
                    s_times[k] = float(min(max(ms, start_ms), end_ms))
                break
    w_times: list[float | None] = [None] * len(w_toks)
    if events:
        sm = difflib.SequenceMatcher(None, [_norm(t) for _, t in s_toks], [_norm(t) for t in w_toks],
                                     autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for j in range(size):
                w_times[b + j] = s_times[a + j]
    w_times[0] = float(start_ms) if w_times[0] is None else w_times[0]
    filled = _interpolate(w_times, [len(t) + 1 for t in w_toks], end_ms)
    out, prev = [], start_ms
    for tok, t in zip(w_toks, filled):
        prev = max(prev, min(int(round(t)), end_ms))  # never backwards
        out.append((tok, prev))
    return out


def _is_name(word: str) -> bool:
    core = word.strip("\"'\u201c\u201d\u2018\u2019([")
    return bool(core) and core[0].isupper()


def break_cost(words: list[str], i: int) -> float:
    """Cost of a break between words[i-1] and words[i] (0 = ideal, large = never)."""
    before, after = words[i - 1], words[i]
    if _STRONG_END.search(before):
        return 0.0
    if _PUNCT_END.search(before):
        return 0.5
    if _is_name(before) and _is_name(after) and not _PUNCT_END.search(before):
        return 1000.0  # inside a name
    if _norm(before) in CLINGERS:
        return 8.0  # "the | party": an article or "to" belongs with what follows
    if _norm(after) in JOINERS:
        return 1.5
    return 4.0


def lines(words: list[str]) -> list[str] | None:
    """The words as at most MAX_LINES lines of at most MAX_CHARS, broken at the best phrase
    boundary (ties: the more balanced); None when they do not fit."""
    total = sum(map(len, words)) + len(words) - 1  # len(" ".join(words)), without joining
    if total <= MAX_CHARS:
        return [" ".join(words)]
    best = None
    a = -1
    for i in range(1, len(words)):
        a += len(words[i - 1]) + 1  # len(" ".join(words[:i]))
        b = total - a - 1  # len(" ".join(words[i:]))
        if a <= MAX_CHARS and b <= MAX_CHARS:
            score = (break_cost(words, i) + abs(a - b) / 40.0, i)
            if best is None or score < best[0]:
                best = (score, i)
    return [" ".join(words[:best[1]]), " ".join(words[best[1]:])] if best else None


def split(timed: list[tuple[str, int]], end_ms: int) -> list[tuple[list[str], int, int]]:
    """Cues (words, start ms, end ms) covering the sentence: fewest, best-placed breaks, within the
    limits (dynamic programming over the break points)."""
    n = len(timed)
    if not n:
        return []
    words = [w for w, _ in timed]
    starts = [t for _, t in timed] + [end_ms]
    best: list[tuple[float, int]] = [(0.0, -1)] + [(float("inf"), -1)] * n
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if best[i][0] == float("inf"):
                continue
            fit = lines(words[i:j])
            if fit is None and j - i > 1:
                break  # a longer cue will not fit either
            ms = starts[j] - starts[i]
            if ms > MAX_MS and j - i > 1:
                break
            cost = best[i][0] + 1.0 + (break_cost(words, j) if j < n else 0.0)
            if ms < MIN_MS and not (i == 0 and j == n):
                cost += 3.0
            if fit is None:
                cost += 100.0  # one word longer than a line: shown alone
            if cost < best[j][0]:
                best[j] = (cost, i)
    cuts, j = [], n
    while j > 0:
        i = best[j][1]
        cuts.append((i, j))
        j = i
    return [(words[i:j], starts[i], starts[j]) for i, j in reversed(cuts)]


def sentence_cues(written: str, spoken: str, events, start_ms: int, end_ms: int) -> list[Cue]:
    """The caption cues of one sentence; their text has the line break as "\\n"."""
    timed = word_times(written, spoken, events, start_ms, end_ms)
    out = []
    for words, a, b in split(timed, end_ms):
        text = "\n".join(lines(words) or [" ".join(words)])
        out.append(Cue(a, max(a, b), text))
    return out


def cue_ids(sid: str, count: int) -> list[str]:
    return [sid if k == 0 else f"{sid}-{k + 1}" for k in range(count)]

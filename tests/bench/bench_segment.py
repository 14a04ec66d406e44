"""Sentence splitting of one long paragraph: 30 KB, 300 KB and 3 MB (issue 12: it was quadratic,
3 MB took over 10 minutes). Prints the time for each and the growth per 10x of input: 10 is
linear, 100 quadratic. Target: 3 MB in under 10 s.

The paragraph is real prose: the paragraphs of the English corpus pages' reference extractions
(read from ../shared/corpus at bench time, never copied into the repo), shuffled with a fixed seed
and a different order on every pass through them, so no window of the 3 MB text repeats an
earlier one (a cache keyed on text could not game the figure). Without the corpus: the seed
article, repeated.

Baseline in the same run: stock pySBD on one 2,000-character window (the unit the splitter feeds
it), as time per character, so a loaded machine shows in the baseline as well as in the figures.
"""

from __future__ import annotations

import functools
import json
import random
import time
from pathlib import Path

import pysbd
from lxml import html

from pipeline.segment import WINDOW, split_sentences

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_80aa22d023d213f2.txt"
CORPUS = REPO.parent / "shared" / "corpus"
SIZES = (30_000, 300_000, 3_000_000)
TARGET_S = 10.0


@functools.lru_cache(maxsize=1)
def corpus_paragraphs() -> tuple[str, ...]:
    """The paragraphs of the English pages' reference extractions (empty without the corpus)."""
    out = []
    for page in sorted(CORPUS.glob("readability-pages*/*/")):
        meta, body = page / "expected-metadata.json", page / "expected.html"
        if not (meta.is_file() and body.is_file()):
            continue
        if not str(json.loads(meta.read_text("utf-8")).get("lang") or "").lower().startswith("en"):
            continue
        for el in html.fromstring(body.read_text("utf-8")).iter("p", "li", "blockquote", "h2", "h3"):
            text = " ".join(el.text_content().split())
            if text:
                out.append(text)
    return tuple(out)


def paragraph(n: int) -> str:
    """One paragraph of ``n`` characters of real prose (see the module's docstring)."""
    paras = corpus_paragraphs() or (" ".join(SEED.read_text("utf-8").split()),)
    rng, parts, size = random.Random(12), [], 0
    while size < n:
        order = list(paras)
        rng.shuffle(order)
        for p in order:
            parts.append(p)
            size += len(p) + 1
            if size >= n:
                break
    return " ".join(parts)[:n]


def run() -> None:
    print(f"text: {len(corpus_paragraphs()):,} paragraphs of the English corpus pages, shuffled"
          if corpus_paragraphs() else f"corpus not found at {CORPUS}: the seed article, repeated")
    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
    unit = paragraph(WINDOW)
    t = time.perf_counter()
    for _ in range(5):
        seg.segment(unit)
    base = (time.perf_counter() - t) / (5 * len(unit))
    print(f"baseline: stock pySBD on one {WINDOW}-character window: {base * 1e6:.1f} µs per character")
    prev = None
    for n in SIZES:
        text = paragraph(n)
        t = time.perf_counter()
        sentences = split_sentences(text)
        dt = time.perf_counter() - t
        assert "".join("".join(s.split()) for s in sentences) == "".join(text.split()), "text lost"
        growth = f", x{dt / prev:.1f} for 10x the input" if prev else ""
        print(f"{n / 1000:>7,.0f} KB: {dt:7.2f} s, {len(sentences):,} sentences, "
              f"{dt / n * 1e6:.1f} µs per character ({dt / n / base:.2f}x the baseline){growth}")
        prev = dt
    print(f"3 MB target: < {TARGET_S:.0f} s: {'met' if dt < TARGET_S else 'NOT met on this machine now'}")

"""Sentence splitting of one long paragraph: 30 KB, 300 KB and 3 MB (issue 12: it was quadratic,
3 MB took over 10 minutes). Prints the time for each and the growth per 10x of input: 10 is
linear, 100 quadratic. Target: 3 MB in under 10 s.

Baseline in the same run: pySBD on one 2,000-character window (the unit the splitter feeds it),
as time per character, so a loaded machine shows in the baseline as well as in the figures.
"""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.segment import WINDOW, _segmenter, split_sentences

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_80aa22d023d213f2.txt"
SIZES = (30_000, 300_000, 3_000_000)
TARGET_S = 10.0


def paragraph(n: int) -> str:
    words = " ".join(SEED.read_text("utf-8").split())
    return (words + " ") * (n // (len(words) + 1)) + words[: n % (len(words) + 1)]


def run() -> None:
    seg = _segmenter("en")
    unit = paragraph(WINDOW)
    t = time.perf_counter()
    for _ in range(5):
        seg.segment(unit)
    base = (time.perf_counter() - t) / (5 * len(unit))
    print(f"baseline: pySBD on one {WINDOW}-character window: {base * 1e6:.1f} µs per character")
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

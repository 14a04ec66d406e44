"""Mastering a sentence in bounded memory, however long it is.

A sentence's WAV is read whole when it is short (the common case: the result is exactly what the
whole-array code gives). A long one (a 100 KB paragraph with no full stop is one 90-minute
"sentence") is read in chunks of ``CHUNK_S`` seconds: pass 1 finds the loud range and measures
energy and peak chunk by chunk; pass 2 limits and gates each chunk with ``CONTEXT`` samples of the
neighbours on each side (the limiter's gain at a sample depends only on samples within two
windows of it, and gate blocks stay aligned to the sentence's start), so peak memory does not grow
with the length of one sentence.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

CHUNK_S = 20  # seconds per chunk of a long sentence


def _frames(path: Path) -> tuple[int, int] | None:
    """(rate, frames) of a mono 16-bit PCM WAV (what the speech cache holds), else None."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getcomptype() == "NONE":
                return w.getframerate(), w.getnframes()
    except (wave.Error, EOFError, OSError):
        return None
    return None


def is_long(path: Path) -> bool:
    info = _frames(path)
    return info is not None and info[1] > 2 * CHUNK_S * info[0]


def chunks(path: Path, start: int, end: int, size: int) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, int16 samples) for [start, end) of the WAV, ``size`` samples at a time."""
    with wave.open(str(path), "rb") as w:
        w.setpos(start)
        pos = start
        while pos < end:
            n = min(size, end - pos)
            data = np.frombuffer(w.readframes(n), dtype="<i2")
            if not len(data):
                return
            yield pos, data
            pos += len(data)


def measure_long(path: Path, thresh: float, edge_ms: int) -> tuple[int, int, int, float, float]:
    """(rate, start, end, sum of squares, peak) of a long WAV, in chunks (pass 1): the loud range
    widened by ``edge_ms`` each side, and its energy."""
    rate, n = _frames(path)
    edge = int(rate * edge_ms / 1000)
    size = CHUNK_S * rate
    first = last = None
    for pos, x in chunks(path, 0, n, size):
        loud = np.flatnonzero(np.abs(x.astype(np.int32)) > thresh)
        if len(loud):
            first = pos + int(loud[0]) if first is None else first
            last = pos + int(loud[-1])
    if first is None:
        return rate, 0, 0, 0.0, 0.0
    start, end = max(0, first - edge), min(n, last + 1 + edge)
    sumsq, peak = 0.0, 0.0
    for _pos, x in chunks(path, start, end, size):
        seg = x.astype(np.float64) / 32768
        sumsq += float(np.dot(seg, seg))
        peak = max(peak, float(np.abs(seg).max()))
    return rate, start, end, sumsq, peak


def processed_long(path: Path, start: int, end: int, rate: int, gain: float, ceiling: float, w: int,
                   limit: Callable, gate: Callable) -> Iterator[tuple[np.ndarray, bool]]:
    """Pass 2 for a long WAV: (mastered float32 chunk, whether the limiter acted), in order."""
    blk = max(1, rate // 100)
    size = (CHUNK_S * rate // blk) * blk  # whole gate blocks, counted from the sentence's start
    context = 4 * w
    scale = np.float32(gain / 32768)
    with wave.open(str(path), "rb") as wf:
        for a in range(start, end, size):
            b = min(end, a + size)
            lo, hi = max(start, a - context), min(end, b + context)
            wf.setpos(lo)
            x = np.frombuffer(wf.readframes(hi - lo), dtype="<i2")
            y, was = limit(x.astype(np.float32) * scale, ceiling, w)
            y = np.array(y[a - lo:a - lo + (b - a)], dtype=np.float32)
            yield gate(y, rate), was

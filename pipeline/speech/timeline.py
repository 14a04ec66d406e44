"""Pass 1 of the mastering: trim and measure each synthesised sentence, lay the programme out on a
millisecond timeline (room-tone head, sentence, its pause from the voice profile, ..., room-tone
tail), and choose ONE gain for the whole programme (loudness normalised over the programme, not
per sentence). Captions, chapters and the timing map are made from this same layout.

ACX (checked by ``check-audio``): RMS -23..-18 dB, 0.5-1 s room tone at the head, 1-5 s at the tail.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import OutputError
from . import stream
from .engine import read_wav

HEAD_MS = 750  # room tone before the first sentence (ACX: 0.5-1 s)
TAIL_MS = 2000  # room tone after the last one (ACX: 1-5 s)
SILENT_SENTENCE_MS = 300  # a sentence with nothing to say still gets a (short, silent) interval
TARGET_RMS_DB = -20.0  # whole-programme RMS (ACX: -23..-18)
TRIM_DB = -50.0  # the engine's leading/trailing audio below this is silence, not speech
EDGE_MS = 5  # kept around the first/last audible sample when trimming


def db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else float("-inf")


@dataclass
class Clip:
    sid: str
    path: Path | None  # cached WAV, or None: nothing to say
    pause_ms: int
    words: list | None = None  # the engine's word starts: (character offset, sample in the WAV)
    start: int = 0  # trimmed range in the WAV, samples
    end: int = 0
    sumsq: float = 0.0
    peak: float = 0.0

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Slot:
    sid: str
    start_ms: int
    end_ms: int


def measure(clips: list[Clip]) -> int:
    """Trim and measure every clip in place; return the sample rate they share."""
    rate = None
    thresh = 32768 * 10 ** (TRIM_DB / 20)
    for c in clips:
        if c.path is None:
            continue
        if stream.is_long(c.path):  # a very long sentence: measured in chunks, memory stays flat
            r, c.start, c.end, c.sumsq, c.peak = stream.measure_long(c.path, thresh, EDGE_MS)
            if rate is not None and r != rate:
                raise OutputError(f"sentence {c.sid}: cached audio is {r} Hz, the others are {rate} Hz")
            rate = r
            continue
        x, r = read_wav(c.path)
        if rate is None:
            rate = r
        elif r != rate:
            raise OutputError(f"sentence {c.sid}: cached audio is {r} Hz, the others are {rate} Hz")
        loud = np.flatnonzero(np.abs(x.astype(np.int32)) > thresh)
        if not len(loud):
            c.start = c.end = 0
            continue
        edge = int(rate * EDGE_MS / 1000)
        c.start, c.end = max(0, int(loud[0]) - edge), min(len(x), int(loud[-1]) + 1 + edge)
        seg = x[c.start:c.end].astype(np.float64) / 32768
        c.sumsq = float(np.dot(seg, seg))
        c.peak = float(np.abs(seg).max())
    return rate or 22050


def layout(clips: list[Clip], rate: int) -> tuple[list[Slot], int]:
    """Millisecond intervals: head, then each sentence and its pause, then the tail."""
    slots, pos = [], HEAD_MS
    for i, c in enumerate(clips):
        dur = math.ceil((c.length + 1) * 1000 / rate) if c.length else SILENT_SENTENCE_MS
        slots.append(Slot(c.sid, pos, pos + dur))
        pos += dur + (c.pause_ms if i < len(clips) - 1 else 0)
    return slots, pos + TAIL_MS


def at(ms: int, rate: int) -> int:
    """Sample index of a millisecond boundary (exact integer rounding)."""
    return (ms * rate + 500) // 1000


def programme_gain(clips: list[Clip], total_ms: int, rate: int) -> float:
    energy = sum(c.sumsq for c in clips)
    n = max(1, at(total_ms, rate))
    if energy <= 0:
        return 1.0
    return 10 ** ((TARGET_RMS_DB - db(math.sqrt(energy / n))) / 20)



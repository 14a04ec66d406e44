"""Signal processing for pass 2 of the mastering: a look-ahead peak limiter, a gate for
near-silence, a deterministic room tone, and a meter for the noise floor and the room tone at
head and tail (as ACX checkers measure them). All numpy, no Python loop over samples.

ACX (checked by ``check-audio``): peak <= -3 dB, noise floor <= -60 dB.
"""

from __future__ import annotations

import math

import numpy as np

from .timeline import db

CEILING_DB = -4.5  # sample-peak ceiling before resampling/encoding (ACX: <= -3 dB true peak)
ROOM_TONE_DB = -72.0  # RMS of the added room tone (ACX noise floor: <= -60 dB)
GATE_DB = -58.0  # 10 ms blocks quieter than this inside a sentence become room tone
LIMIT_WINDOW_MS = 4.0  # limiter look-ahead/release half window
ROOM_TONE_SEED = 20210513
ROOM_TONE_LENGTH = 262139  # room-tone table length (prime, ~12 s at 22.05 kHz)


def room_tone() -> np.ndarray:
    """The room-tone table, twice over (so any window of up to its length is one slice)."""
    rng = np.random.default_rng(ROOM_TONE_SEED)
    tone = (rng.standard_normal(ROOM_TONE_LENGTH) * 10 ** (ROOM_TONE_DB / 20)).astype(np.float32)
    return np.concatenate([tone, tone])


def _min_filter(x: np.ndarray, w: int) -> np.ndarray:
    """out[i] = min(x[i-w .. i+w]) (van Herk / Gil-Werman: O(n), no Python loop)."""
    k = 2 * w + 1
    n = len(x)
    xp = np.concatenate([np.full(w, np.inf), x, np.full(w, np.inf)])
    nb = -(-len(xp) // k)
    xp = np.concatenate([xp, np.full(nb * k - len(xp), np.inf)]).reshape(nb, k)
    pre = np.minimum.accumulate(xp, axis=1).ravel()
    suf = np.minimum.accumulate(xp[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suf[:n], pre[k - 1:k - 1 + n])


def _mean_filter(x: np.ndarray, w: int) -> np.ndarray:
    k = 2 * w + 1
    c = np.concatenate([[0.0], np.cumsum(np.pad(x, w, mode="edge"), dtype=np.float64)])
    return (c[k:] - c[:-k]) / k


def _limit_span(y: np.ndarray, ceiling: float, w: int) -> np.ndarray:
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(y), 1e-12))
    ext = np.pad(need, 2 * w, constant_values=1.0)
    g = _mean_filter(_min_filter(ext, w), w)[2 * w:2 * w + len(y)]
    return np.minimum(g, need)


def limit(y: np.ndarray, ceiling: float, w: int) -> tuple[np.ndarray, bool]:
    """Smooth look-ahead limiter: the gain at every sample is <= what that sample needs.

    Only the stretches within 2*w samples of a sample over the ceiling are touched (the gain
    is exactly 1 elsewhere), so the cost follows the number of peaks, not the length."""
    over = np.flatnonzero(np.abs(y) > ceiling)
    if not len(over):
        return y, False
    y = y.copy()
    breaks = np.flatnonzero(np.diff(over) > 4 * w)
    starts = np.concatenate([[over[0]], over[breaks + 1]])
    ends = np.concatenate([over[breaks], [over[-1]]])
    for a, b in zip(starts, ends):
        lo, hi = max(0, a - 2 * w), min(len(y), b + 2 * w + 1)
        y[lo:hi] *= _limit_span(y[lo:hi], ceiling, w).astype(np.float32)
    return y, True


def gate(y: np.ndarray, rate: int) -> np.ndarray:
    blk = max(1, rate // 100)
    nb = len(y) // blk
    if nb:
        lv = np.sqrt((y[:nb * blk].astype(np.float64).reshape(nb, blk) ** 2).mean(axis=1))
        quiet = np.repeat(lv < 10 ** (GATE_DB / 20), blk)
        y[:nb * blk][quiet] = 0.0
    return y


class Meter:
    """Noise floor (quietest 500 ms window, 100 ms hop, as ACX checkers measure it) and the room
    tone at head and tail (10 ms blocks below -50 dBFS), in constant memory."""

    HOP, WIN = 10, 5  # blocks per hop, hops per window

    def __init__(self, rate: int):
        self.rate, self.blk = rate, max(1, rate // 100)
        self.carry = np.zeros(0, dtype=np.float32)
        self.carry_blocks = np.zeros(0)
        self.prev_hops = np.zeros(0)
        self.blocks, self.first, self.last = 0, None, None
        self.floor = float("inf")
        self.loud = (10 ** (-50 / 20)) ** 2

    def feed(self, y: np.ndarray) -> None:
        z = np.concatenate([self.carry, y]) if len(self.carry) else y
        nb = len(z) // self.blk
        e = (z[:nb * self.blk].astype(np.float64).reshape(nb, self.blk) ** 2).mean(axis=1)
        self.carry = z[nb * self.blk:].copy()
        loud = np.flatnonzero(e > self.loud)
        if len(loud):
            self.first = self.blocks + int(loud[0]) if self.first is None else self.first
            self.last = self.blocks + int(loud[-1])
        self.blocks += nb
        eb = np.concatenate([self.carry_blocks, e])
        nh = len(eb) // self.HOP
        hops = eb[:nh * self.HOP].reshape(nh, self.HOP).sum(axis=1)
        self.carry_blocks = eb[nh * self.HOP:]
        hh = np.concatenate([self.prev_hops, hops])
        if len(hh) >= self.WIN:
            c = np.concatenate([[0.0], np.cumsum(hh)])
            self.floor = min(self.floor, float((c[self.WIN:] - c[:-self.WIN]).min()) / (self.HOP * self.WIN))
        self.prev_hops = hh[-(self.WIN - 1):]

    def result(self) -> dict:
        per_s = self.rate / self.blk
        return {
            "noise_floor_db": round(db(math.sqrt(max(0.0, self.floor))), 2) if self.floor != float("inf") else None,
            "head_s": round(self.first / per_s, 2) if self.first is not None else None,
            "tail_s": round((self.blocks - 1 - self.last) / per_s, 2) if self.last is not None else None,
        }



"""Assembly and mastering: sentences + pauses -> one ACX-conformant MP3, streamed, in two passes.

Pass 1 reads each cached sentence, trims the engine's leading/trailing silence and measures its
energy and peak; from that it lays out the programme on a millisecond timeline (room-tone head,
sentence, its pause from the voice profile, ..., room-tone tail) and chooses ONE gain for the
whole programme (loudness normalised over the programme, not per sentence). Pass 2 reads the
sentences again, applies the gain, a look-ahead peak limiter (ceiling below -3 dBFS with margin
for the inter-sample peaks that resampling and MP3 coding add), gates near-silence, adds a very
low deterministic room tone (so the file is never "digital silence"), and pipes the PCM (16-bit)
straight into ffmpeg (libmp3lame, 44.1 kHz, 192 kbps CBR). Memory stays flat in the length of
the document: one sentence is held at a time.

ACX (checked by ``check-audio``): RMS -23..-18 dB, peak <= -3 dB, noise floor <= -60 dB,
44.1 kHz, 192 kbps CBR, 0.5-1 s room tone at the head, 1-5 s at the tail.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import queue
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import DependencyError, OutputError
from . import stream
from .engine import INSTALL_HINT, read_wav

HEAD_MS = 750  # room tone before the first sentence (ACX: 0.5-1 s)
TAIL_MS = 2000  # room tone after the last one (ACX: 1-5 s)
SILENT_SENTENCE_MS = 300  # a sentence with nothing to say still gets a (short, silent) interval
TARGET_RMS_DB = -20.0  # whole-programme RMS (ACX: -23..-18)
CEILING_DB = -4.5  # sample-peak ceiling before resampling/encoding (ACX: <= -3 dB true peak)
ROOM_TONE_DB = -72.0  # RMS of the added room tone (ACX noise floor: <= -60 dB)
GATE_DB = -58.0  # 10 ms blocks quieter than this inside a sentence become room tone
TRIM_DB = -50.0  # the engine's leading/trailing audio below this is silence, not speech
EDGE_MS = 5  # kept around the first/last audible sample when trimming
LIMIT_WINDOW_MS = 4.0  # limiter look-ahead/release half window
OUT_RATE = 44100
OUT_KBPS = 192
ROOM_TONE_SEED = 20210513


def _db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else float("-inf")


@dataclass
class Clip:
    sid: str
    path: Path | None  # cached WAV, or None: nothing to say
    pause_ms: int
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


def ffmpeg_path() -> str:
    exe = shutil.which("ffmpeg")
    if not exe:
        raise DependencyError("ffmpeg is not installed (needed to encode the MP3)", hint=INSTALL_HINT)
    return exe


# --- pass 1: measure and lay out ------------------------------------------------------------------

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


def _at(ms: int, rate: int) -> int:
    """Sample index of a millisecond boundary (exact integer rounding)."""
    return (ms * rate + 500) // 1000


def programme_gain(clips: list[Clip], total_ms: int, rate: int) -> float:
    energy = sum(c.sumsq for c in clips)
    n = max(1, _at(total_ms, rate))
    if energy <= 0:
        return 1.0
    return 10 ** ((TARGET_RMS_DB - _db(math.sqrt(energy / n))) / 20)


# --- pass 2: process and encode -------------------------------------------------------------------

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


class _Stream:
    """Adds the room tone, measures what it writes, and hands the PCM to a writer thread feeding
    ffmpeg's stdin, so that mastering the next sentence overlaps with encoding this one."""

    TONE = 262139  # room-tone table length (prime, ~12 s at 22.05 kHz)

    def __init__(self, proc, rate: int):
        self.proc, self.rate, self.pos = proc, rate, 0
        rng = np.random.default_rng(ROOM_TONE_SEED)
        tone = (rng.standard_normal(self.TONE) * 10 ** (ROOM_TONE_DB / 20)).astype(np.float32)
        self.tone = np.concatenate([tone, tone])
        self.meter = _Meter(rate)
        self.sumsq = 0.0
        self.peak = 0.0
        self.error: BaseException | None = None
        self.queue: queue.Queue = queue.Queue(maxsize=8)
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(proc.stdin.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ: 1 MiB pipe
        self.thread = threading.Thread(target=self._writer, daemon=True)
        self.thread.start()

    def _writer(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.proc.stdin.write(data)
                except OSError as e:  # ffmpeg died; its message is reported by render()
                    self.error = e

    def write(self, y: np.ndarray) -> None:
        for i in range(0, len(y), self.TONE):
            self._write(y[i:i + self.TONE])

    def _write(self, y: np.ndarray) -> None:
        n = len(y)
        if not n:
            return
        start = self.pos % self.TONE
        y = y + self.tone[start:start + n]
        self.pos += n
        self.sumsq += float(np.dot(y, y))
        self.peak = max(self.peak, float(np.abs(y).max()))
        self.meter.feed(y)
        if self.error is not None:
            raise OutputError("ffmpeg stopped reading the audio")
        # 16-bit PCM to the encoder (libmp3lame takes it ~13% faster than float; the room tone, about
        # 8 LSB RMS, dithers the rounding)
        self.queue.put(np.clip(np.rint(y * 32767.0), -32768, 32767).astype("<i2").tobytes())

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()

    def silence(self, n: int) -> None:
        while n > 0:
            k = min(n, self.TONE)
            self._write(np.zeros(k, dtype=np.float32))
            n -= k

    def measurements(self) -> dict:
        return {"rms_db": round(_db(math.sqrt(self.sumsq / max(1, self.pos))), 2),
                "sample_peak_db": round(_db(self.peak), 2), **self.meter.result()}


class _Meter:
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
            "noise_floor_db": round(_db(math.sqrt(max(0.0, self.floor))), 2) if self.floor != float("inf") else None,
            "head_s": round(self.first / per_s, 2) if self.first is not None else None,
            "tail_s": round((self.blocks - 1 - self.last) / per_s, 2) if self.last is not None else None,
        }


def _encoder_failure(code: int, stderr: str) -> Exception:
    msg = stderr.strip()[-800:] or "no message"
    if "No space left" in msg or "File too large" in msg:
        return OutputError(f"disk full while encoding the MP3 (ffmpeg exit {code}): {msg}",
                           hint="free some space and run again")
    return DependencyError(f"ffmpeg could not encode the MP3 (exit {code}): {msg}",
                           hint="check ffmpeg with `pipeline doctor`; " + INSTALL_HINT)


def check_encoded(path: Path, total_ms: int) -> None:
    """The encoder said it succeeded: make sure it wrote the MP3 asked for (a broken or fake ffmpeg
    can exit 0 having written nothing or garbage), so a wrong file never reaches the final name."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
        ok = (info.sample_rate == OUT_RATE and abs(info.length * 1000 - total_ms) <= 250
              and abs(info.bitrate - OUT_KBPS * 1000) <= 1000)
        what = f"{info.length:.2f} s at {info.sample_rate} Hz, {info.bitrate // 1000} kbps"
    except (MutagenError, OSError) as e:
        ok, what = False, f"not an MP3 ({e})"
    if not ok:
        raise DependencyError(f"ffmpeg reported success but wrote {what}; expected {total_ms / 1000:.2f} s of "
                              f"{OUT_RATE} Hz {OUT_KBPS} kbps MP3", hint="check ffmpeg with `pipeline doctor`")


def encode_command(rate: int, out: Path) -> list[str]:
    return [ffmpeg_path(), "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", str(rate), "-ac", "1",
            "-i", "pipe:0", "-ar", str(OUT_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{OUT_KBPS}k",
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", "-y", str(out)]


def render(clips: list[Clip], slots: list[Slot], total_ms: int, rate: int, gain: float, out: Path,
           progress=None) -> dict:
    """Pass 2: stream the mastered programme into ffmpeg, writing the MP3 at ``out``."""
    ceiling = 10 ** (CEILING_DB / 20)
    w = max(1, int(rate * LIMIT_WINDOW_MS / 1000))
    limited = 0
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(encode_command(rate, out), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=err)
        s = _Stream(proc, rate)
        try:
            s.silence(_at(slots[0].start_ms, rate) if slots else _at(HEAD_MS, rate))
            for i, (c, slot) in enumerate(zip(clips, slots)):
                n = _at(slot.end_ms, rate) - _at(slot.start_ms, rate)
                if c.length and stream.is_long(c.path):  # in chunks: memory does not grow with the sentence
                    written, was = 0, False
                    for y, chunk_was in stream.processed_long(c.path, c.start, c.end, rate, gain, ceiling, w,
                                                              limit, gate):
                        s.write(y)
                        written += len(y)
                        was = was or chunk_was
                    limited += was
                    s.silence(n - written)
                elif c.length:
                    x, _ = read_wav(c.path)
                    y = x[c.start:c.end].astype(np.float32) * np.float32(gain / 32768)
                    y, was = limit(y, ceiling, w)
                    limited += was
                    y = gate(y, rate)
                    s.write(y)
                    s.silence(n - len(y))
                else:
                    s.silence(n)
                nxt = slots[i + 1].start_ms if i + 1 < len(slots) else total_ms
                s.silence(_at(nxt, rate) - _at(slot.end_ms, rate))
                if progress:
                    progress()
            if not slots:
                s.silence(_at(total_ms, rate) - s.pos)
            s.close()
            proc.stdin.close()
        except BaseException:
            proc.kill()
            s.close()
            code = proc.wait()
            if s.error is not None:  # ffmpeg died while we were feeding it: say why it died
                err.seek(0)
                raise _encoder_failure(code, err.read().decode("utf-8", "replace")) from None
            raise
        code = proc.wait()
        if code != 0:
            err.seek(0)
            raise _encoder_failure(code, err.read().decode("utf-8", "replace"))
        if s.error is not None:
            raise OutputError(f"could not write the audio to ffmpeg: {s.error}")
    check_encoded(out, total_ms)
    m = s.measurements()
    m.update(gain_db=round(_db(gain), 2), limited_sentences=limited, target_rms_db=TARGET_RMS_DB,
             ceiling_db=CEILING_DB, room_tone_db=ROOM_TONE_DB, sample_rate=OUT_RATE, bitrate_kbps=OUT_KBPS,
             samples=s.pos, source_rate=rate)
    return m

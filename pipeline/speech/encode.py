"""Pass 2 of the mastering: apply the programme gain, limit, gate, add the room tone, and stream
16-bit PCM straight into ffmpeg (libmp3lame, 44.1 kHz, 192 kbps CBR). Memory stays flat in the
length of the document: one sentence is held at a time. Then check that ffmpeg wrote what was asked.

ACX (checked by ``check-audio``): 44.1 kHz, 192 kbps CBR.
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
from pathlib import Path

import numpy as np

from ..errors import DependencyError, OutputError
from .dsp import CEILING_DB, LIMIT_WINDOW_MS, ROOM_TONE_DB, ROOM_TONE_LENGTH, Meter, gate, limit, room_tone
from .engine import INSTALL_HINT, read_wav
from .timeline import HEAD_MS, TARGET_RMS_DB, Clip, Slot, at, db

OUT_RATE = 44100
OUT_KBPS = 192


def ffmpeg_path() -> str:
    exe = shutil.which("ffmpeg")
    if not exe:
        raise DependencyError("ffmpeg is not installed (needed to encode the MP3)", hint=INSTALL_HINT)
    return exe



class _Stream:
    """Adds the room tone, measures what it writes, and hands the PCM to a writer thread feeding
    ffmpeg's stdin, so that mastering the next sentence overlaps with encoding this one."""

    TONE = ROOM_TONE_LENGTH

    def __init__(self, proc, rate: int):
        self.proc, self.rate, self.pos = proc, rate, 0
        self.tone = room_tone()
        self.meter = Meter(rate)
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
                except OSError as e:  # ffmpeg died; its message is reported by master()
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
        return {"rms_db": round(db(math.sqrt(self.sumsq / max(1, self.pos))), 2),
                "sample_peak_db": round(db(self.peak), 2), **self.meter.result()}


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


def master(clips: list[Clip], slots: list[Slot], total_ms: int, rate: int, gain: float, out: Path,
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
            s.silence(at(slots[0].start_ms, rate) if slots else at(HEAD_MS, rate))
            for i, (c, slot) in enumerate(zip(clips, slots)):
                n = at(slot.end_ms, rate) - at(slot.start_ms, rate)
                if c.length:
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
                s.silence(at(nxt, rate) - at(slot.end_ms, rate))
                if progress:
                    progress()
            if not slots:
                s.silence(at(total_ms, rate) - s.pos)
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
    m.update(gain_db=round(db(gain), 2), limited_sentences=limited, target_rms_db=TARGET_RMS_DB,
             ceiling_db=CEILING_DB, room_tone_db=ROOM_TONE_DB, sample_rate=OUT_RATE, bitrate_kbps=OUT_KBPS,
             samples=s.pos, source_rate=rate)
    return m

"""Helpers for the audio tests: small hand-built documents, measuring an MP3, and test-only engines.

The fake engines let the tests make an engine hang, crash, return silence or fail once, which
real espeak-ng will not do on demand. They are registered with ``pipeline.speech.engine.register``
when this module is imported; a CLI subprocess gets them through ``PIPELINE_TTS_PLUGINS``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import time
from pathlib import Path

import numpy as np

from pipeline.model import Block, Document, Metadata, Sentence
from pipeline.speech.engine import Engine, EngineFailure, register, write_wav
from pipeline.speech.voices import VoiceProfile

PLUGIN = "tests.audio_support"


def make_doc(blocks: list[tuple[str, list[str]]], *, slug: str = "tiny", title: str = "A tiny article",
             author: str = "Ada Writer", publisher: str = "The Test Gazette") -> Document:
    """``blocks``: (kind, [sentence texts]); a heading's single sentence is its text."""
    out = []
    for i, (kind, sentences) in enumerate(blocks, 1):
        bid = f"p{i:03d}"
        out.append(Block(id=bid, kind=kind, text=" ".join(sentences), level=1 if kind == "heading" else 0,
                         sentences=[Sentence(f"{bid}s{j:02d}", t) for j, t in enumerate(sentences, 1)]))
    meta = Metadata(slug=slug, title=title, author=author, publisher=publisher, language="en-GB",
                    source=f"{slug}.txt")
    return Document(meta=meta, blocks=out, stage="segment")


def small_doc(**kw) -> Document:
    return make_doc([
        ("heading", ["Town council opens a new library"]),
        ("byline", ["Ada Writer"]),
        ("paragraph", ["The new library opened on Monday morning.", "Hundreds of readers queued outside."]),
        ("quote", ["Books change lives, said the mayor."]),
        ("paragraph", ["The building cost five million pounds.", "It will open every day of the week."]),
    ], **kw)


def fake_profile(engine: str, **kw) -> VoiceProfile:
    return VoiceProfile(name=f"test-{engine}", engine=engine, voice="tone", language="en-GB", **kw)


# --- measuring ----------------------------------------------------------------------------------

def decode(mp3: Path) -> tuple[np.ndarray, int]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(mp3)],
                         capture_output=True, text=True, check=True).stdout
    rate = int(json.loads(out)["streams"][0]["sample_rate"])
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "f32le", "-ac", "1", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(pcm, dtype="<f4").astype(np.float64), rate


def db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else float("-inf")


def true_peak_db(mp3: Path) -> float:
    p = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(mp3), "-af", "ebur128=peak=true",
                        "-f", "null", "-"], capture_output=True, text=True)
    s = p.stderr[p.stderr.rfind("Summary:"):]
    return float(re.search(r"True peak:\s+Peak:\s+(-?[\d.]+)", s, re.S).group(1))


def noise_floor_db(x: np.ndarray, rate: int) -> float:
    win, hop = int(0.5 * rate), int(0.1 * rate)
    c = np.concatenate([[0.0], np.cumsum(x ** 2)])
    starts = np.arange(0, len(x) - win + 1, hop)
    return db(math.sqrt(max(0.0, ((c[starts + win] - c[starts]) / win).min())))


def room_tone_s(x: np.ndarray, rate: int) -> tuple[float, float]:
    blk = int(0.01 * rate)
    nb = len(x) // blk
    lv = np.sqrt((x[:nb * blk].reshape(nb, blk) ** 2).mean(axis=1))
    loud = np.flatnonzero(lv > 10 ** (-50 / 20))
    return loud[0] * 0.01, (nb - 1 - loud[-1]) * 0.01


def mp3_frame_bitrates(mp3: Path) -> tuple[set[int], str | None]:
    """Bitrates of the MPEG-1 Layer III frames after the ID3 tag, and the info tag of the first frame."""
    b = mp3.read_bytes()
    i = 10 + ((b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F)) if b[:3] == b"ID3" else 0
    table = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
    rates, first_tag, n = set(), None, 0
    while i + 4 <= len(b):
        h = int.from_bytes(b[i:i + 4], "big")
        if (h >> 21) & 0x7FF != 0x7FF or (h >> 19) & 3 != 3 or (h >> 17) & 3 != 1:
            i += 1
            continue
        kbps = table[(h >> 12) & 15]
        size = 144 * kbps * 1000 // 44100 + ((h >> 9) & 1)
        if n == 0:
            first_tag = next((t for t in ("Xing", "Info") if t.encode() in b[i:i + 200]), None)
        if n > 0 or first_tag is None:
            rates.add(kbps)
        n += 1
        i += size
    return rates, first_tag


# --- test-only engines --------------------------------------------------------------------------

class ToneEngine(Engine):
    """Says each word as a 0.3 s tone: fast, deterministic, and plausibly long for the text."""

    name = "fake-tone"
    version = "tone/1"
    rate = 22050

    def synthesise(self, text: str, path: Path) -> None:
        words = max(1, len(text.split()))
        n = int(0.3 * words * self.rate)
        t = np.arange(n) / self.rate
        freq = 180 + (sum(map(ord, text)) % 200)
        x = 0.3 * np.sin(2 * np.pi * freq * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
        write_wav(path, (x * 32767).astype(np.int16), self.rate)


@register
class HangEngine(ToneEngine):
    name = "fake-hang"

    def synthesise(self, text, path):
        if "hang" in text.lower():
            path.write_bytes(b"RIFF partial")  # a half-written file must never reach the cache
            time.sleep(3600)
        super().synthesise(text, path)


@register
class CrashEngine(ToneEngine):
    name = "fake-crash"

    def synthesise(self, text, path):
        if "crash" in text.lower():
            os._exit(9)
        super().synthesise(text, path)


@register
class SilentEngine(ToneEngine):
    name = "fake-silent"

    def synthesise(self, text, path):
        if "quiet" in text.lower():
            write_wav(path, np.zeros(22050 * 2, dtype=np.int16), 22050)
            return
        super().synthesise(text, path)


@register
class FlakyEngine(ToneEngine):
    """Fails the first attempt at each sentence (a marker file per text in $FAKE_TTS_STATE)."""

    name = "fake-flaky"

    def synthesise(self, text, path):
        marker = Path(os.environ["FAKE_TTS_STATE"]) / (hashlib.sha1(text.encode()).hexdigest() + ".seen")
        if not marker.exists():
            marker.write_text(text)
            raise EngineFailure("flaky engine: first attempt fails")
        super().synthesise(text, path)


register(ToneEngine)


# The same engines, declared stateless: a worker process says its whole share of the sentences
# (how the pool runs hibari), so each fault also happens in the middle of a share.
def _shared(cls: type) -> type:
    return register(type(cls.__name__ + "Shared", (cls,), {"name": cls.name + "-shared",
                                                           "ONE_SENTENCE_PER_PROCESS": False}))


for _cls in (ToneEngine, HangEngine, CrashEngine, SilentEngine, FlakyEngine):
    _shared(_cls)


@register
class PidEngine(ToneEngine):
    """Writes which process said each sentence into $FAKE_TTS_STATE (one file per sentence)."""

    name = "fake-pid"

    def synthesise(self, text, path):
        (Path(os.environ["FAKE_TTS_STATE"]) / hashlib.sha1(text.encode()).hexdigest()).write_text(str(os.getpid()))
        super().synthesise(text, path)


_shared(PidEngine)

"""Test and bench support for the EPUB stage: a real narration made with espeak-ng.

Until (and independently of) the audio stage, the EPUB tests need ``timing.json`` and an MP3 that
agree the way the audio stage's do: each sentence synthesised by espeak-ng, joined with the voice
profile's pauses and head/tail silence, encoded with ffmpeg, and a timing map built from the real
sample counts. Nothing here is faked: a wrong clip would point at the wrong stretch of speech.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.model import Document
from pipeline.speech.voices import VoiceProfile

HEAD_MS, TAIL_MS = 750, 1500


def _speak(args: tuple[int, str, Path]) -> Path:
    i, text, folder = args
    out = folder / f"{i:05d}.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "175", "-w", str(out), "--", text or "."],
                   check=True, capture_output=True, timeout=120)
    return out


def make_narration(doc: Document, out_dir: Path, profile: VoiceProfile | None = None) -> dict:
    """Write ``out_dir/<slug>.mp3`` and ``out_dir/timing.json`` (schema 1); return the timing map."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pauses = dict(profile.pauses) if profile else {"sentence": 350, "paragraph": 750, "heading": 1000}
    plan = []  # (sentence, pause after)
    for b in doc.blocks:
        ss = list(b.all_sentences())
        for j, s in enumerate(ss):
            last = j == len(ss) - 1
            pause = pauses["heading"] if b.kind == "heading" and last else (
                pauses["paragraph"] if last else pauses["sentence"])
            plan.append((s, pause))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with ThreadPoolExecutor(4) as pool:
            wavs = list(pool.map(_speak, [(i, s.text, folder) for i, (s, _) in enumerate(plan)]))
        with wave.open(str(wavs[0])) as w:
            params = w.getparams()
        rate, width = params.framerate, params.sampwidth * params.nchannels
        frames = bytearray(b"\0" * (rate * HEAD_MS // 1000) * width)
        rows = []
        for (s, pause), path in zip(plan, wavs):
            with wave.open(str(path)) as w:
                data = w.readframes(w.getnframes())
            start = len(frames) // width
            frames += data
            end = len(frames) // width
            rows.append({"id": s.id, "start_ms": round(start * 1000 / rate), "end_ms": round(end * 1000 / rate)})
            frames += b"\0" * (rate * pause // 1000) * width
        frames += b"\0" * ((rate * TAIL_MS // 1000) * width)
        joined = folder / "joined.wav"
        with wave.open(str(joined), "wb") as w:
            w.setparams(params)
            w.writeframes(bytes(frames))
        mp3 = out_dir / f"{doc.meta.slug}.mp3"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(joined), "-ar", "44100",
                        "-c:a", "libmp3lame", "-b:a", "192k", str(mp3)], check=True, timeout=600)
        duration = round(len(frames) // width * 1000 / rate)
    timing = {"schema": 1, "slug": doc.meta.slug, "audio": mp3.name, "duration_ms": duration,
              "sentences": rows,
              "chapters": [{"title": "Headline", "sentence": rows[0]["id"], "start_ms": 0, "end_ms": duration}]}
    (out_dir / "timing.json").write_text(json.dumps(timing, indent=2, sort_keys=True))
    return timing

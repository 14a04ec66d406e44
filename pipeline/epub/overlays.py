"""Media overlays: the timing map -> one SMIL per content document, plus the narration audio.

The audio stage writes ``timing.json`` (schema 1, see notes/interfaces.md) and the mastered
``<slug>.mp3``. Each sentence becomes one ``par``: ``text`` points at ``part-00N.xhtml#<id>``,
``audio`` clips exactly ``[start_ms, end_ms]`` of the narration. The EPUB carries a smaller encode
of the same recording (64 kbps mono MP3, same timeline), so every clip stays in sync.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import DependencyError, InputError, OutputError
from ..files import atomic_path
from ..model import Document
from ..render import render
from .content import Part

TIMING_SCHEMA = 1
EPUB_AUDIO_BITRATE = "64k"
EPUB_AUDIO_RATE = "22050"  # speech (espeak-ng itself speaks at 22.05 kHz); halves the encode time
# MP3 durations as read from the file include the encoder delay and the padding to a whole frame
# (up to ~52 ms per encode at 44.1 kHz): a larger difference means a narration out of step.
SYNC_TOLERANCE_MS = 150


@dataclass(frozen=True)
class Clip:
    id: str
    start_ms: int
    end_ms: int

    @property
    def ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass
class Timing:
    path: Path
    audio: Path
    duration_ms: int
    clips: dict[str, Clip]


def clock(ms: int) -> str:
    """SMIL / media:duration full clock value: ``h:mm:ss.fff``."""
    s, frac = divmod(int(ms), 1000)
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}.{frac:03d}"


def narration_files(out_dir: Path) -> tuple[Path, Path] | None:
    """(timing.json, narration mp3) when the audio stage has written both, else None."""
    timing = Path(out_dir) / "timing.json"
    if not timing.is_file():
        return None
    try:
        audio = json.loads(timing.read_text("utf-8")).get("audio", "")
    except (OSError, ValueError, AttributeError):
        return timing, Path(out_dir) / "missing.mp3"  # load_timing reports the problem
    return timing, Path(out_dir) / str(audio)


def load_timing(out_dir: Path, doc: Document) -> Timing:
    """Read and check ``timing.json`` against the document: every sentence, in order, sane times."""
    path = Path(out_dir) / "timing.json"
    where = str(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{where}: no timing map; build the narration first (pipeline audio)",
                         hint="or build a text-only EPUB with --no-narration") from None
    except (OSError, ValueError) as e:
        raise InputError(f"{where}: cannot read the timing map: {e}") from None
    if not isinstance(data, dict) or data.get("schema") != TIMING_SCHEMA:
        got = data.get("schema") if isinstance(data, dict) else None
        raise InputError(f"{where}: timing map schema {got!r}; this pipeline reads schema {TIMING_SCHEMA}")
    audio_name = data.get("audio")
    if not isinstance(audio_name, str) or not audio_name or Path(audio_name).name != audio_name:
        raise InputError(f"{where}: 'audio' must be the narration's file name in {out_dir}, not {audio_name!r}")
    audio = Path(out_dir) / audio_name
    if not audio.is_file():
        raise InputError(f"{where}: the narration {audio_name} is missing from {out_dir}",
                         hint="rebuild the narration (pipeline audio)")
    duration = data.get("duration_ms")
    rows = data.get("sentences")
    if not isinstance(duration, int) or duration <= 0 or not isinstance(rows, list):
        raise InputError(f"{where}: needs a positive whole 'duration_ms' and a 'sentences' list")
    expected = [s.id for s in doc.sentences()]
    got = [r.get("id") if isinstance(r, dict) else None for r in rows]
    if got != expected:
        missing = [i for i in expected if i not in set(got)]
        extra = [i for i in got if i not in set(expected)]
        detail = (f"missing {missing[:5]}" if missing else "") + (f" extra {extra[:5]}" if extra else "")
        raise InputError(f"{where}: the timing map does not match the document's sentences "
                         f"({detail.strip() or 'order differs'})",
                         hint="the text changed since the narration was built: rebuild it (pipeline audio)")
    clips: dict[str, Clip] = {}
    prev_end = 0
    for r in rows:
        a, b = r.get("start_ms"), r.get("end_ms")
        if not (isinstance(a, int) and isinstance(b, int) and prev_end <= a < b <= duration):
            raise InputError(f"{where}: sentence {r['id']}: times {a!r}..{b!r} must be whole ms, start < end, "
                             f"after the previous sentence ({prev_end}) and within the narration ({duration})")
        clips[r["id"]] = Clip(r["id"], a, b)
        prev_end = b
    return Timing(path=path, audio=audio, duration_ms=duration, clips=clips)


def render_overlay(part: Part, timing: Timing, audio_href: str) -> tuple[str, int]:
    """(SMIL document, media:duration in ms = the sum of its clips) for one content document."""
    clips = [timing.clips[s.id] for s in part.sentences()]
    smil = render("epub/overlay.smil", name=part.name, text=f"../{part.href}", audio=f"../{audio_href}",
                  clips=[{"id": c.id, "begin": clock(c.start_ms), "end": clock(c.end_ms)} for c in clips])
    return smil, sum(c.ms for c in clips)


def _media_duration_ms(path: Path) -> int:
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return int(round(MP3(path).info.length * 1000))
    except (HeaderNotFoundError, OSError, Exception) as e:  # mutagen raises several types
        raise InputError(f"{path}: not a readable MP3 ({e})") from None


def epub_audio(master: Path, timing: Timing, cache_dir: Path) -> Path:
    """The narration re-encoded for the EPUB (64 kbps mono MP3, same timeline), cached by content.

    The cache key is the master's bytes and the encoder settings, so a changed narration is always
    re-encoded and an unchanged one is not (the EPUB build stays fast).
    """
    h = hashlib.sha256()
    with open(master, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    h.update(f"{EPUB_AUDIO_BITRATE}/{EPUB_AUDIO_RATE}/q7".encode())
    master_ms = _media_duration_ms(master)
    if abs(master_ms - timing.duration_ms) > SYNC_TOLERANCE_MS:
        raise InputError(f"{master}: lasts {master_ms} ms but {timing.path.name} says {timing.duration_ms} ms",
                         hint="the narration and its timing map are out of step: rebuild the narration")
    dest = Path(cache_dir) / f"narration-{h.hexdigest()[:16]}.mp3"
    if dest.is_file():
        return dest
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise DependencyError("ffmpeg is needed to encode the EPUB's narration", hint="apt-get install ffmpeg")
    try:
        with atomic_path(dest) as tmp:
            cmd = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(master), "-map", "0:a:0",
                   "-map_metadata", "-1", "-ac", "1", "-ar", EPUB_AUDIO_RATE, "-c:a", "libmp3lame",
                   "-b:a", EPUB_AUDIO_BITRATE, "-compression_level", "7",
                   "-fflags", "+bitexact", "-flags:a", "+bitexact", "-f", "mp3", str(tmp)]
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            if p.returncode != 0:
                raise DependencyError(f"ffmpeg could not encode {master.name}: {p.stderr.strip()[-400:]}")
            try:
                got = _media_duration_ms(tmp)
            except InputError:
                raise DependencyError(f"ffmpeg reported success but did not write an MP3 for {master.name}",
                                      hint="check ffmpeg with `pipeline doctor`") from None
            if abs(got - master_ms) > SYNC_TOLERANCE_MS:
                raise OutputError(f"the EPUB narration lasts {got} ms, the master {master_ms} ms: out of sync")
    except subprocess.TimeoutExpired:
        raise DependencyError(f"ffmpeg took too long encoding {master.name}") from None
    return dest

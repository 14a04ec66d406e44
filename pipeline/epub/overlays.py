"""Media overlays: the timing map -> one SMIL per content document, plus the narration audio.

The audio stage's :class:`~pipeline.timing.Timing` (``timing.json``) and the mastered
``<slug>.mp3``. Each sentence becomes one ``par``: ``text`` points at ``part-00N.xhtml#<id>``,
``audio`` clips exactly ``[start_ms, end_ms]`` of the narration. The EPUB carries a smaller encode
of the same recording (64 kbps mono MP3, same timeline), so every clip stays in sync.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .. import clock
from ..errors import DependencyError, InputError, OutputError
from ..files import atomic_path, sha256_file
from ..render import render
from ..timing import Timing
from .content import Part

EPUB_AUDIO_BITRATE = "64k"
EPUB_AUDIO_RATE = "22050"  # speech (espeak-ng itself speaks at 22.05 kHz); halves the encode time
# MP3 durations as read from the file include the encoder delay and the padding to a whole frame
# (up to ~52 ms per encode at 44.1 kHz): a larger difference means a narration out of step.
SYNC_TOLERANCE_MS = 150


def narration_audio(out_dir: Path, timing: Timing) -> Path:
    """The narration the timing map names, beside it in ``out_dir``; InputError when it is missing."""
    audio = Path(out_dir) / timing.audio
    if not audio.is_file():
        raise InputError(f"{timing.source}: the narration {timing.audio} is missing from {out_dir}",
                         hint="rebuild the narration (pipeline audio)")
    return audio


def render_overlay(part: Part, timing: Timing, audio_href: str) -> tuple[str, int]:
    """(SMIL document, media:duration in ms = the sum of its clips) for one content document."""
    by_id = timing.by_id
    clips = [by_id[s.id] for s in part.sentences()]
    smil = render("epub/overlay.smil", name=part.name, text=f"../{part.href}", audio=f"../{audio_href}",
                  clips=[{"id": c.id, "begin": clock.smil(c.start_ms), "end": clock.smil(c.end_ms)} for c in clips])
    return smil, sum(c.ms for c in clips)


def _media_duration_ms(path: Path) -> int:
    from mutagen import MutagenError
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return int(round(MP3(path).info.length * 1000))
    except (HeaderNotFoundError, MutagenError, OSError) as e:
        raise InputError(f"{path}: not a readable MP3 ({e})") from None


def epub_audio(master: Path, timing: Timing, cache_dir: Path) -> Path:
    """The narration re-encoded for the EPUB (64 kbps mono MP3, same timeline), cached by content.

    The cache key is the master's bytes and the encoder settings, so a changed narration is always
    re-encoded and an unchanged one is not (the EPUB build stays fast).
    """
    key = sha256_file(master, extra=f"{EPUB_AUDIO_BITRATE}/{EPUB_AUDIO_RATE}/q7".encode())
    master_ms = _media_duration_ms(master)
    if abs(master_ms - timing.duration_ms) > SYNC_TOLERANCE_MS:
        raise InputError(f"{master}: lasts {master_ms} ms but {Path(timing.source).name} says {timing.duration_ms} ms",
                         hint="the narration and its timing map are out of step: rebuild the narration")
    dest = Path(cache_dir) / f"narration-{key[:16]}.mp3"
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

"""What goes with the MP3: ID3v2 tags and chapters (CHAP + CTOC), WebVTT captions, the timing map.

All three are made from the same millisecond layout (:mod:`pipeline.speech.timeline`), so captions,
chapters and the timing map agree with each other and with the audio by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import clock
from ..files import write_text
from ..timing import Chapter, Cue, SentenceTiming, Timing
from . import captions
from .fresh import album_and_date  # noqa: F401  (the tags' album and date; there so a warm run needs no more)

# ISO 639-1 -> ISO 639-2/B (ID3 TLAN wants three letters)
_ISO639_2 = {"en": "eng", "fr": "fre", "de": "ger", "es": "spa", "it": "ita", "nl": "dut", "pt": "por",
             "cy": "wel", "ga": "gle", "gd": "gla", "sv": "swe", "da": "dan", "no": "nor", "nb": "nob",
             "fi": "fin", "pl": "pol", "cs": "cze", "el": "gre", "tr": "tur", "ru": "rus", "uk": "ukr",
             "ar": "ara", "he": "heb", "hi": "hin", "zh": "chi", "ja": "jpn", "ko": "kor"}


def id3_language(tag: str) -> str:
    primary = (tag or "").split("-")[0].split("_")[0].lower()
    if len(primary) == 3 and primary.isalpha():
        return primary
    return _ISO639_2.get(primary, "und")


def chapters(script, slots, total_ms: int, fallback_title: str) -> list[Chapter]:
    """Chapters at the script's structural points; contiguous, first from 0, last to the end."""
    starts = [(s.chapter, s.id, slot.start_ms) for s, slot in zip(script.sentences, slots) if s.chapter]
    if not starts and slots:
        starts = [(fallback_title or "Narration", slots[0].sid, slots[0].start_ms)]
    out = []
    for i, (title, sid, start) in enumerate(starts):
        end = starts[i + 1][2] if i + 1 < len(starts) else total_ms
        out.append(Chapter(title, sid, 0 if i == 0 else start, end))
    return out


def sentence_cues(script, clips, slots, rate: int) -> list[list[Cue]]:
    """Caption cues of every sentence (see :mod:`pipeline.speech.captions`), from the engine's word
    starts (samples in the cached WAV) moved onto the programme timeline like the audio was."""
    out = []
    for s, c, slot in zip(script.sentences, clips, slots):
        events = None
        if c.words is not None and c.length:
            events = [(ch, slot.start_ms + round((n - c.start) * 1000 / rate)) for ch, n in c.words]
        out.append(captions.sentence_cues(s.text, s.spoken, events, slot.start_ms, slot.end_ms))
    return out


def timing_map(slug: str, audio_name: str, slots, total_ms: int, chaps: list[Chapter],
               cues: list[list[Cue]] | None = None) -> Timing:
    cues = cues or [[] for _ in slots]
    return Timing(slug=slug, audio=audio_name, duration_ms=total_ms,
                  sentences=tuple(SentenceTiming(s.sid, s.start_ms, s.end_ms, tuple(c))
                                  for s, c in zip(slots, cues)), chapters=tuple(chaps))


def write_json(path: Path, data) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _cue_text(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(script, slots, cues: list[list[Cue]], total_ms: int) -> str:
    """Cues of at most 2 x 42 characters and ~7 s (ids ``p003s01``, ``p003s01-2``...). A cue
    shorter than MIN_MS is held on screen into the silence after it, then (if still short) shown
    earlier in the silence before it: never overlapping another cue."""
    flat = [(cid, cue) for s, cs in zip(script.sentences, cues)
            for cid, cue in zip(captions.cue_ids(s.id, len(cs)), cs)]
    lines, prev_end = ["WEBVTT", ""], 0
    for k, (cid, cue) in enumerate(flat):
        nxt = flat[k + 1][1].start_ms if k + 1 < len(flat) else total_ms
        end = max(cue.end_ms, min(cue.start_ms + captions.MIN_MS, nxt))
        start = min(cue.start_ms, max(end - captions.MIN_MS, prev_end))
        text = "\n".join(_cue_text(line) for line in cue.text.split("\n")) or "\u00a0"
        lines += [cid, f"{clock.vtt(start)} --> {clock.vtt(end)}", text, ""]
        prev_end = end
    return "\n".join(lines)


def id3_tag(doc, language: str, chaps: list[Chapter], narrator: str = "", cover: Path | None = None,
            album: str = "", date: str = "") -> bytes:
    """ID3v2.3 tag bytes (title, artist = author, album, date, language, cover, chapters), to be
    written in front of the MPEG frames. Made apart from the audio, so that tagging never rewrites
    (or memory-maps) an MP3 that can be hundreds of megabytes long."""
    import io

    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, CTOCFlags

    meta = doc.meta
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[meta.title or meta.slug]))
    if meta.author:
        tags.add(TPE1(encoding=3, text=[meta.author]))
    if album or meta.publisher:
        tags.add(TALB(encoding=3, text=[album or meta.publisher]))
    if date or meta.date:
        tags.add(TDRC(encoding=3, text=[date or meta.date[:10]]))
    tags.add(TLAN(encoding=3, text=[id3_language(language)]))
    tags.add(TCON(encoding=3, text=["Speech"]))
    if narrator:
        tags.add(COMM(encoding=3, lang=id3_language(language), desc="narrator", text=[narrator]))
    if cover is not None:
        mime = "image/png" if cover.suffix.lower() == ".png" else "image/jpeg"
        tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=cover.read_bytes()))
    ids = [f"ch{i:02d}" for i in range(1, len(chaps) + 1)]
    for cid, ch in zip(ids, chaps):
        tags.add(CHAP(element_id=cid, start_time=ch.start_ms, end_time=ch.end_ms,
                      start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                      sub_frames=[TIT2(encoding=3, text=[ch.title])]))
    if ids:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                      sub_frames=[TIT2(encoding=3, text=["Chapters"])]))
    buf = io.BytesIO()
    tags.save(buf, v2_version=3, padding=lambda info: 1024)
    return chapters_in_order(buf.getvalue())


def chapters_in_order(tag: bytes) -> bytes:
    """The same ID3v2.3 tag with its CHAP frames in time order (element ids ch01, ch02... are
    given in time order). mutagen sorts frames by size, which put "Article 25.494" before
    "Headline 0.000" in ffprobe's list; players and ffprobe list CHAP frames in file order."""
    size = sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(tag[6:10]))
    pos, end, frames = 10, 10 + size, []
    while pos + 10 <= end and tag[pos:pos + 4] != b"\0\0\0\0":
        n = int.from_bytes(tag[pos + 4:pos + 8], "big")
        frames.append(tag[pos:pos + 10 + n])
        pos += 10 + n
    chap = sorted((f for f in frames if f[:4] == b"CHAP"), key=lambda f: int(f[12:f.index(b"\0", 10)]))
    body = b"".join([*(f for f in frames if f[:4] != b"CHAP"), *chap])
    return tag[:10] + body + tag[10 + len(body):end] + tag[end:]

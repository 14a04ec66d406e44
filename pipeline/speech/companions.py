"""What goes with the MP3: ID3v2 tags and chapters (CHAP + CTOC), WebVTT captions, the timing map.

All three are made from the same millisecond layout (:mod:`pipeline.speech.timeline`), so captions,
chapters and the timing map agree with each other and with the audio by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import clock
from ..files import write_text
from ..timing import Chapter, SentenceTiming, Timing

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


def timing_map(slug: str, audio_name: str, slots, total_ms: int, chaps: list[Chapter]) -> Timing:
    return Timing(slug=slug, audio=audio_name, duration_ms=total_ms,
                  sentences=tuple(SentenceTiming(s.sid, s.start_ms, s.end_ms) for s in slots), chapters=tuple(chaps))


def write_json(path: Path, data) -> Path:
    return write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _cue_text(text: str) -> str:
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(script, slots) -> str:
    """One cue per sentence: cue id = sentence id, cue text = the written text."""
    lines = ["WEBVTT", ""]
    for s, slot in zip(script.sentences, slots):
        lines += [s.id, f"{clock.vtt(slot.start_ms)} --> {clock.vtt(slot.end_ms)}", _cue_text(s.text) or "\u00a0", ""]
    return "\n".join(lines)


def cover_image(project, doc) -> Path | None:
    """``seeds/<article stem>.cover.{jpg,jpeg,png}`` (or ``<slug>.cover.*``) when an editor supplied one."""
    stems = [Path(doc.meta.source).stem if doc.meta.source else "", doc.meta.slug]
    for stem in filter(None, stems):
        for ext in ("jpg", "jpeg", "png"):
            p = Path(project.seeds) / f"{stem}.cover.{ext}"
            if p.is_file():
                return p
    return None


def id3_tag(doc, language: str, chaps: list[Chapter], narrator: str = "", cover: Path | None = None) -> bytes:
    """ID3v2.3 tag bytes (title, artist = author, album = publisher, language, cover, chapters), to be
    written in front of the MPEG frames. Made apart from the audio, so that tagging never rewrites
    (or memory-maps) an MP3 that can be hundreds of megabytes long."""
    import io

    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, CTOCFlags

    meta = doc.meta
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[meta.title or meta.slug]))
    if meta.author:
        tags.add(TPE1(encoding=3, text=[meta.author]))
    if meta.publisher:
        tags.add(TALB(encoding=3, text=[meta.publisher]))
    if meta.date:
        tags.add(TDRC(encoding=3, text=[meta.date[:10]]))
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
    return buf.getvalue()

"""The audio narration stage: document -> ``<slug>.mp3`` + ``<slug>.vtt`` + ``timing.json`` + ``script.json``.

    spoken script -> cache keys -> synthesise what is missing (parallel workers) -> pass 1: measure,
    lay out, one programme gain -> pass 2: master and stream into ffmpeg -> ID3 tags + chapters ->
    captions, timing map, spoken script, report section ``audio``.

When nothing that feeds the narration changed (same spoken script, voice, engine, metadata and
cover, and the outputs are the ones we wrote), a re-run stops after hashing: it neither loads
numpy nor re-encodes. The stamp lives in ``out_dir/.audio-stamp.json`` (see :mod:`.fresh`, which
also lets ``pipeline audio`` stop before splitting sentences when the source files are unchanged).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__, clock
from ..errors import DependencyError
from ..files import atomic_path, owner_tag, sha256_file, write_text
from ..model import Document
from ..progress import Bars
from ..timing import Timing, read_timing
from .cache import SpeechCache, lexicon_digest, sentence_key
from .engine import INSTALL_HINT, engine_class
from .fresh import ASSEMBLY_VERSION, output_names, outputs_intact, read_stamp, sources_digest, write_stamp
from .script import spoken_script
from .voices import VoiceProfile, load_profile



@dataclass
class AudioResult:
    paths: list[Path] = field(default_factory=list)
    synthesised: int = 0
    cached: int = 0
    skipped: bool = False  # outputs were up to date: nothing done
    report: dict = field(default_factory=dict)
    timing: Timing | None = None  # when each sentence is spoken: the EPUB and summary take it from here


def build(ctx) -> list[Path]:
    """The ``audio`` output (see pipeline/outputs.py); hands its Timing on in ``ctx.made``."""
    result = narrate(ctx.doc, ctx.project, ctx.out_dir, profile=ctx.profile, progress=ctx.progress)
    ctx.made["timing"] = result.timing
    return result.paths


def build_audio(doc: Document, project, out_dir: Path, *, profile: VoiceProfile | None = None,
                progress: bool = True) -> list[Path]:
    """Write the narration and its companions into ``out_dir``; returns the paths written."""
    return narrate(doc, project, out_dir, profile=profile, progress=progress).paths


def _up_to_date(out_dir: Path, digest: str, names: list[str]) -> bool:
    stamp = read_stamp(out_dir)
    return stamp.get("inputs") == digest and outputs_intact(out_dir, stamp, names)


def narrate(doc: Document, project, out_dir: Path, *, profile: VoiceProfile | None = None,
            progress: bool = True) -> AudioResult:
    profile = profile or load_profile(project.voices)
    out_dir = Path(out_dir)
    slug = doc.meta.slug
    script = spoken_script(doc, profile)
    run = project.settings
    engine = engine_class(profile.engine, plugins=run.tts_plugins)
    settings = profile.settings()
    lex = lexicon_digest(profile)
    keys = [sentence_key(engine.name, engine.version, settings, lex, s.spoken) if s.spoken else None
            for s in script.sentences]
    from . import captions, companions

    from ..cover import article_cover, find as find_cover

    had_cover = find_cover(out_dir) is not None
    cover = article_cover(doc, project, out_dir)  # the editor's, else generated: embedded as APIC
    album_date = companions.album_and_date(doc, run)
    digest = hashlib.sha256(json.dumps({
        "pipeline": __version__, "master": ASSEMBLY_VERSION, "captions": captions.VERSION,
        "engine": engine.version, "keys": keys,
        "script": script.to_dict(), "meta": asdict(doc.meta), "profile": [profile.language, profile.narrator],
        "cover": sha256_file(cover) if cover else None, "album_date": album_date,
    }, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    names = output_names(slug)
    unique = {k for k in keys if k}
    from .choose import article_file

    sources = sources_digest(project, article_file(project, doc), profile, engine.version, album_date)
    if _up_to_date(out_dir, digest, names):
        stamp = read_stamp(out_dir)
        if stamp.get("sources") != sources:  # e.g. a new day (the date tag) with the same result
            from ..errors import PipelineError

            try:
                write_stamp(out_dir, digest, sources, [out_dir / n for n in stamp["outputs"]], len(unique))
            except PipelineError:  # a stamp that cannot be refreshed only costs time next run
                pass
        return AudioResult([out_dir / n for n in names], 0, len(unique), True, timing=read_timing(out_dir))

    if not shutil.which("ffmpeg"):  # before any work, not after the synthesis
        if not had_cover:
            cover.unlink(missing_ok=True)
        raise DependencyError("ffmpeg is not installed (needed to encode the MP3)", hint=INSTALL_HINT)
    cache = SpeechCache.for_project(project)
    from .pool import Job, synthesise, worker_count

    seen, jobs = set(), []
    for s, k in zip(script.sentences, keys):
        if k and k not in seen and not cache.has(k):
            jobs.append(Job(s.id, k, s.spoken))
        seen.add(k)
    bar = Bars(progress, {"synth": ("synthesising", len(jobs)), "master": ("mastering  ", len(keys))},
               unit="sentences", transient=True)
    try:
        made = synthesise(jobs, engine, settings, cache, on_done=lambda job: bar.advance("synth"),
                          workers=worker_count(run.tts_workers), timeout_s=run.tts_timeout_s)
        result = _assemble(doc, project, out_dir, profile, script, keys, cache, cover, bar, album_date)
    except BaseException:
        if not had_cover:  # a failed narration leaves nothing new behind, its cover included
            cover.unlink(missing_ok=True)
        raise
    finally:
        bar.close()
    result.synthesised, result.cached = made, len(unique) - made
    # run counts (synthesised/cached) are printed, not reported: report.json depends on the article only
    from ..report import update_report

    update_report(out_dir, "audio", result.report)
    write_stamp(out_dir, digest, sources, [out_dir / n for n in names] + ([cover] if cover else []), len(unique))
    return result


def _assemble(doc, project, out_dir, profile, script, keys, cache, cover, bar, album_date) -> AudioResult:
    from . import companions, encode, timeline

    slug = doc.meta.slug
    clips = [timeline.Clip(s.id, cache.path(k) if k else None, s.pause_after_ms, cache.words(k) if k else None)
             for s, k in zip(script.sentences, keys)]
    encode.ffmpeg_path()
    rate = timeline.measure(clips)
    slots, total_ms = timeline.layout(clips, rate)
    gain = timeline.programme_gain(clips, total_ms, rate)
    chaps = companions.chapters(script, slots, total_ms, doc.meta.title)
    mp3 = out_dir / f"{slug}.mp3"
    language = profile.language or doc.meta.language  # the labels follow the voice: what is heard
    tag = companions.id3_tag(doc, language, chaps, narrator=profile.narrator, cover=cover,
                              album=album_date[0], date=album_date[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{slug}.encoded.{owner_tag()}.", suffix=".part", dir=out_dir)
    os.close(fd)
    encoded = Path(name)  # the encoder's output; the tag goes in front of it in the final file
    try:
        with atomic_path(mp3) as tmp:
            measured = encode.master(clips, slots, total_ms, rate, gain, encoded,
                                     progress=lambda: bar.advance("master"))
            with open(tmp, "wb") as f, open(encoded, "rb") as audio:
                f.write(tag)
                shutil.copyfileobj(audio, f, 1 << 20)
            cues = companions.sentence_cues(script, clips, slots, rate)
            vtt = write_text(out_dir / f"{slug}.vtt", companions.webvtt(script, slots, cues, total_ms))
            timing = companions.timing_map(slug, mp3.name, slots, total_ms, chaps, cues)
            timing_file = timing.write(out_dir)
            spoken = companions.write_json(out_dir / "script.json", script.to_dict())
    finally:
        encoded.unlink(missing_ok=True)
    report = {
        "profile": profile.name, "engine": profile.engine, "voice": profile.voice,
        "narrator": profile.narrator, "language": language,
        "duration_ms": total_ms, "duration": clock.minutes(total_ms),
        "sentences": len(slots), "silent_sentences": sum(1 for k in keys if not k),
        "chapters": [{"title": c.title, "start_ms": c.start_ms} for c in chaps],
        "mastering": measured, "fired": script.fired, "cover": cover.name if cover else None,
        "files": [p.name for p in (mp3, vtt, timing_file, spoken)],
    }
    return AudioResult([mp3, vtt, timing_file, spoken], report=report, timing=timing)

"""Helpers for the summary tests: a narration stand-in (real MP3 of silence, timing map, captions)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pipeline.config import Project
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from pipeline.timing import SentenceTiming, Timing

CHECKS = Path(__file__).resolve().parent.parent.parent / "shared" / "checks" / "bin"


def doc_for(project: Project, name: str):
    article = next(a for a in project.articles() if name in (a.name, a.stem))
    doc = build_document(article, project)
    return doc, output_dir_for(project.output, doc.meta.slug)


def fake_narration(doc, out_dir: Path, *, epub: bool = True) -> dict:
    """What the audio stage leaves in out_dir (timing map, a real MP3, WebVTT), 1 s a sentence."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sents = list(doc.sentences())
    made = Timing(slug=doc.meta.slug, audio=f"{doc.meta.slug}.mp3", duration_ms=750 + 1000 * len(sents) + 1000,
                  sentences=[SentenceTiming(s.id, 750 + 1000 * i, 750 + 1000 * i + 800) for i, s in enumerate(sents)])
    made.write(out_dir)
    timing = made.to_dict()
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "anullsrc=r=44100:cl=mono", "-t", str(timing["duration_ms"] / 1000), "-b:a", "64k",
                    str(out_dir / f"{doc.meta.slug}.mp3")], check=True)
    vtt = ["WEBVTT", ""]
    for s in timing["sentences"]:
        vtt += [s["id"], f"00:00:{s['start_ms'] / 1000:06.3f} --> 00:00:{s['end_ms'] / 1000:06.3f}", "x", ""]
    (out_dir / f"{doc.meta.slug}.vtt").write_text("\n".join(vtt))
    if epub:
        (out_dir / f"{doc.meta.slug}.epub").write_bytes(b"PK\x03\x04 placeholder for link test")
    return timing


def has_checks() -> bool:
    return (CHECKS / "check-axe").is_file() and shutil.which("chromium") is not None

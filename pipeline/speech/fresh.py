"""Is an article's narration up to date? The stamp ``out_dir/.audio-stamp.json`` answers it twice.

- ``inputs``: a digest of what the narration is made from (spoken script, cache keys, engine,
  metadata, cover...). Computing it needs the segmented document and its spoken script.
- ``sources``: a digest of the FILES and settings those are made from (the article's bytes and its
  ``seeds/<stem>.*`` sidecars, the corrections and furniture files, the chosen voice profile and
  its lexicons' bytes, the engine's version, the settings its bytes depend on, the pipeline's
  version: not worker counts or time-outs). When it
  matches, a re-run needs neither sentence splitting nor the spoken script, nor the engine, numpy
  or num2words: ``pipeline audio`` on an unchanged article ingests it (to choose its voice), hashes,
  checks the files, and stops.

Either way the outputs are verified: every file the stamp lists (the MP3, captions, timing map,
spoken script and the cover embedded in the MP3) must still have the sha256 recorded when it was
written, else the narration is rebuilt (from the speech cache: nothing is re-synthesised).

Like the batch's input hashes (``pipeline/batch/inputs.py``), ``sources`` names the code by the
pipeline's version: a change to the text stages' code without a version bump is seen by the
``inputs`` digest only (run with a fresh output folder, or bump the version).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..config import ARTICLE_SUFFIXES
from ..files import sha256_file

STAMP = ".audio-stamp.json"
# bump when the same clips would be mastered or tagged differently (2: captions in cues, CHAP in time order)
ASSEMBLY_VERSION = 2


def output_names(slug: str) -> list[str]:
    return [f"{slug}.mp3", f"{slug}.vtt", "timing.json", "script.json"]


def album_and_date(doc, settings) -> tuple[str, str]:
    """(TALB, TDRC): the publisher, else the feed's title (the series the narration is part of);
    the article's date, else the day the narration was made (SOURCE_DATE_EPOCH when set, else
    today, UTC): TDRC is the recording time, and the narration was recorded that day."""
    import datetime as dt

    album = doc.meta.publisher or settings.feed.title
    when = doc.meta.date[:10] if doc.meta.date else ""
    if not when:
        when = (settings.build_time() or dt.datetime.now(dt.timezone.utc)).date().isoformat()
    return album, when


def _bytes(path: Path | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""


def _sidecars(article: Path) -> list[tuple[str, str]]:
    """(name, sha256) of every ``<stem>.*`` file beside the article (metadata, summary, cover...)."""
    prefix = article.stem + "."
    try:
        files = sorted(p for p in article.parent.iterdir() if p.is_file())
    except OSError:
        return []
    return [(p.name, hashlib.sha256(_bytes(p)).hexdigest()) for p in files
            if p.name.startswith(prefix) and p != article and p.suffix.lower() not in ARTICLE_SUFFIXES]


def _profile(profile) -> dict:
    """The voice profile's settings and its lexicons' contents, not where the folder is."""
    d = asdict(profile)
    d["path"] = Path(profile.path).name if getattr(profile, "path", None) else None
    d["lexicons"] = [(p.name, hashlib.sha256(_bytes(p)).hexdigest()) for p in profile.lexicons]
    return d


# The settings a narration's bytes depend on. The rest (worker counts, time-outs, the reviewer, where
# we run from...) change how a run goes, not what it writes: counting them made the stamp of a
# 2-worker run differ from a Dask run's, and a warm run with another --workers redo its checks.
# The chosen voice profile is digested on its own (``_profile``), which covers --profile/[voices].
NARRATION_SETTINGS = ("feed", "source_date_epoch", "tts_plugins")


def sources_digest(project, article: Path | None, profile, engine_version: str, album_date) -> str | None:
    """Digest of the files and settings the narration of ``article`` is made from (None: no file)."""
    if article is None:
        return None
    from . import captions
    from .cache import CACHE_VERSION

    h = hashlib.sha256()
    for part in (
        [__version__, ASSEMBLY_VERSION, captions.VERSION, CACHE_VERSION, engine_version],
        [article.name, hashlib.sha256(_bytes(article)).hexdigest(), _sidecars(article)],
        [hashlib.sha256(_bytes(project.corrections_file)).hexdigest(),
         hashlib.sha256(_bytes(project.furniture_file)).hexdigest()],
        _profile(profile),
        {k: v for k, v in asdict(project.settings).items() if k in NARRATION_SETTINGS},
        list(album_date),
    ):
        h.update(json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def read_stamp(out_dir: Path) -> dict:
    try:
        stamp = json.loads((Path(out_dir) / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def outputs_intact(out_dir: Path, stamp: dict, names: list[str]) -> bool:
    """Every output named, and every other file the stamp lists (the cover), has its recorded sha256."""
    recorded = stamp.get("outputs")
    if not isinstance(recorded, dict) or not all(n in recorded for n in names):
        return False
    try:
        return all(sha256_file(Path(out_dir) / n) == h for n, h in recorded.items())
    except (OSError, TypeError):
        return False


def write_stamp(out_dir: Path, inputs: str, sources: str | None, files: list[Path], sentences: int) -> None:
    """``sentences``: how many distinct sentences the narration is made of (all in the speech cache)."""
    from ..files import write_text

    stamp = {"inputs": inputs, "sources": sources, "sentences": sentences,
             "outputs": {p.name: sha256_file(p) for p in files}}
    write_text(Path(out_dir) / STAMP, json.dumps(stamp, indent=2, sort_keys=True) + "\n")


def unchanged(project, article: Path | None, doc, out_dir: Path, profile, names: list[str]) -> dict | None:
    """The stamp, when its ``sources`` match these files and settings and the outputs are intact
    (else None). ``doc``: the article as ingested (its metadata gives the album and date tags)."""
    stamp = read_stamp(out_dir)
    if not stamp.get("sources"):
        return None
    from .engine import engine_class

    engine = engine_class(profile.engine, plugins=project.settings.tts_plugins)
    digest = sources_digest(project, article, profile, engine.version,
                            album_and_date(doc, project.settings))
    return stamp if digest == stamp["sources"] and outputs_intact(out_dir, stamp, names) else None

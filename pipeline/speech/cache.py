"""Content-addressed cache of synthesised sentences: ``output/.cache/tts/<2 hex>/<sha256>.wav``.

The key is a hash of everything that changes how a sentence sounds: the engine and its version,
the voice settings (``VoiceProfile.settings()``), the lexicons' digest, the spoken text and this
module's ``CACHE_VERSION``. Files are written by the synthesis workers into a scratch folder and
renamed into place, so an entry is either whole or absent; a run that is killed leaves only its
scratch folder, which the next run removes.

Beside each WAV, ``<sha256>.words.json`` holds the engine's word starts (``[[character offset in
the spoken text, sample], ...]``, or ``null`` when the engine reports none); it is stored before
the WAV, so a warm run that finds the WAV also finds its word timings.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

CACHE_VERSION = 2  # 2: word timings stored beside each sentence


def lexicon_digest(profile) -> str:
    """Digest of the profile's lexicons ("" when there are none)."""
    if not profile.lexicons:
        return ""
    from .spoken import lexicon_for, pronunciation_form

    return lexicon_for(profile).digest(pronunciation_form(profile.engine))


def sentence_key(engine: str, engine_version: str, settings: dict, lexicon: str, spoken: str) -> str:
    blob = json.dumps({"cache": CACHE_VERSION, "engine": engine, "engine_version": engine_version,
                       "settings": settings, "lexicon": lexicon, "spoken": spoken},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class SpeechCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def for_project(cls, project) -> "SpeechCache":
        return cls(Path(project.output) / ".cache" / "tts")

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def has(self, key: str) -> bool:
        try:
            return self.path(key).stat().st_size > 44
        except OSError:
            return False

    def scratch(self) -> Path:
        """A fresh scratch folder for this run's workers (same file system: renames are atomic)."""
        d = self.root / f".tmp-{os.getpid()}"
        try:
            self.sweep()
            d.mkdir(parents=True, exist_ok=True)
            probe = d / ".probe"  # a read-only cache fails here, with its path, not in a worker
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as e:
            from ..files import output_error

            raise output_error(self.root, e) from None
        return d

    def sweep(self) -> None:
        """Remove scratch folders left by runs that no longer exist."""
        if not self.root.is_dir():
            return
        for d in self.root.glob(".tmp-*"):
            try:
                pid = int(d.name[5:])
            except ValueError:
                continue
            if pid == os.getpid() or not _alive(pid):
                shutil.rmtree(d, ignore_errors=True)

    def words_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.words.json"

    def words(self, key: str) -> list[tuple[int, int]] | None:
        """The engine's word starts for this sentence (None: the engine reported none)."""
        try:
            data = json.loads(self.words_path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, list):
            return None
        return [(int(c), int(n)) for c, n in data]

    def store(self, key: str, src: Path, words: list | None = None) -> Path:
        """Move a finished file into the cache (atomic rename), its word timings first."""
        dst = self.path(key)
        try:
            dst.parent.mkdir(parents=True, exist_ok=True)
            side = src.with_suffix(".words.json")
            side.write_text(json.dumps(words), "utf-8")
            os.replace(side, self.words_path(key))
            os.replace(src, dst)
        except OSError as e:
            from ..files import output_error

            raise output_error(dst, e) from None
        return dst


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

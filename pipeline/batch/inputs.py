"""Input hashes: for each article and output, a hash of everything that can change the output.

What feeds each output is named in its row of :data:`pipeline.outputs.OUTPUTS` (``inputs`` and
``requires``); this module turns those names into bytes. Every output's hash covers the article's
``document``: its CLEANED text (ingested, then with the approved corrections applied, exactly as
the text stages make it) and every ``seeds/<stem>.*`` sidecar (metadata, editor's summary, cover
image, anything an editor puts beside it). So an approved correction rebuilds exactly the articles
whose cleaned text it changes, wherever and however its wrong word is written in the raw file.

Planning stays cheap: what ingest made is cached in ``output/.cache/plan/`` keyed by the raw bytes,
the metadata sidecar, the furniture list and the pipeline's version; the cleaned hash is cached
keyed by that and the corrections file. A batch with nothing to do reads one small file an article.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .. import __version__
from ..config import ARTICLE_SUFFIXES, Project
from ..errors import PipelineError
from ..files import write_text
from ..outputs import OUTPUTS

CACHE = Path(".cache") / "plan"


def _h(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else json.dumps(p, sort_keys=True, default=str).encode())
        h.update(b"\x00")
    return h.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


class InputHasher:
    """Computes per-output input hashes; reads the shared data files once for all articles."""

    def __init__(self, project: Project):
        self.project = project
        self.cache_dir = project.output / CACHE
        self._corrections_bytes = _read(project.corrections_file)
        self._corrections = None  # loaded on the first cache miss
        self._furniture = _read(project.furniture_file)
        profiles = sorted(project.voices.glob("*.toml")) + sorted(project.voices.glob("*.pls"))
        s = project.settings
        self._voices = _h([s.profile, s.voices_default, s.voices_by_language],
                          *[(p.name, _read(p)) for p in profiles])
        self._seeds: dict[str, bytes] = {}
        self._listings: dict[Path, list[Path]] = {}

    def hashes(self, article: Path, slug: str, outputs: list[str]) -> dict[str, str]:
        sidecars = self._sidecars(article)
        facts = self._facts(article, slug, sidecars)
        document = _h(__version__, facts["document"], sidecars)
        out: dict[str, str] = {}
        for name in outputs:
            row = OUTPUTS[name]
            parts: list = [document, name]
            for key in row.inputs:
                parts.append(self._input(key, facts))
            for upstream in row.requires:
                parts.append(out.get(upstream) or [out.get(r) for r in OUTPUTS[upstream].requires])
            out[name] = _h(*parts)
        return out

    # --- the cleaned document, cached -------------------------------------------------------------
    def _facts(self, article: Path, slug: str, sidecars: list) -> dict:
        """{"document": hash of the cleaned document (or of why it cannot be made), "proposals": [...]}"""
        raw = _read(article)
        meta = dict(sidecars).get(f"{article.stem}.meta.toml", b"")
        ingest_key = _h("ingest", __version__, article.name, raw, meta, self._furniture,
                        self.project.settings.max_input_bytes)
        key = _h("plan", ingest_key, slug, self._corrections_bytes)
        cached = self._load(key)
        if cached is not None:
            return cached
        facts = self._clean(article, slug, ingest_key)
        self._store(key, facts)
        return facts

    def _clean(self, article: Path, slug: str, ingest_key: str) -> dict:
        from ..model import Document
        from ..stages import clean

        try:
            corrections = self._load_corrections()
            stored = self._load(ingest_key)
            if stored is not None:
                doc = Document.from_json(stored["document"])
            else:
                from ..ingest import ingest_file

                doc = ingest_file(article, self.project)
                self._store(ingest_key, {"document": doc.to_json()})
            doc = clean(doc, corrections)
        except PipelineError as e:  # the document stage will fail and say why; hash the reason
            return {"document": _h("error", type(e).__name__, str(e)), "proposals": []}
        used = {ch.entry for ch in doc.changes}
        notes = [asdict(c) for c in corrections.entries if c.id in used]  # reviewer and note show on the report
        proposals = [asdict(c) for c in corrections.proposed_for(slug)]
        return {"document": _h(doc.to_json()), "proposals": _h(notes, proposals)}

    def _sidecars(self, article: Path) -> list[tuple[str, bytes]]:
        """Every ``<stem>.*`` file beside the article (other articles excluded), by name."""
        folder = article.parent
        if folder not in self._listings:
            try:
                self._listings[folder] = sorted(p for p in folder.iterdir() if p.is_file())
            except OSError:
                self._listings[folder] = []
        prefix = article.stem + "."
        return [(p.name, _read(p)) for p in self._listings[folder]
                if p.name.startswith(prefix) and p != article and p.suffix.lower() not in ARTICLE_SUFFIXES]

    def _load_corrections(self):
        if self._corrections is None:
            from ..corrections import load_corrections

            self._corrections = load_corrections(self.project.corrections_file)
        return self._corrections

    def _load(self, key: str) -> dict | None:
        try:
            return json.loads((self.cache_dir / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def _store(self, key: str, data: dict) -> None:
        try:
            write_text(self.cache_dir / f"{key}.json", json.dumps(data, ensure_ascii=False))
        except PipelineError:  # a cache that cannot be written only costs time
            pass

    def _input(self, key: str, facts: dict):
        if key == "proposals":
            return facts["proposals"]  # open proposals and review notes show on the report page
        if key == "voices":
            return self._voices
        kind, _, name = key.partition(":")
        if kind == "seeds":
            if name not in self._seeds:
                self._seeds[name] = _read(self.project.seeds / name)
            return self._seeds[name]
        if kind == "settings":
            return [name, getattr(self.project.settings, name)]
        raise KeyError(f"unknown input {key!r} in the outputs table")



"""Input hashes: for each article and output, a hash of everything that can change the output.

What feeds each output is named in its row of :data:`pipeline.outputs.OUTPUTS` (``inputs`` and
``requires``); this module turns those names into bytes. Every output's hash covers the article's
``document`` inputs: its bytes, every ``seeds/<stem>.*`` sidecar (metadata, editor's summary,
cover image, anything an editor puts beside it), the furniture list, the approved corrections that
can apply to it (scoped to it, or scoped to all with their context found in its text) and the
pipeline's version. Approving one correction changes the hash of the articles it touches and of
no others.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from .. import __version__
from ..config import Project, load_toml
from ..decode import decode_bytes
from ..errors import PipelineError
from ..outputs import OUTPUTS

_TAG = re.compile(r"<[^>]*>")


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
        self._corrections = self._load_corrections()
        profiles = sorted(project.voices.glob("*.toml")) + sorted(project.voices.glob("*.pls"))
        s = project.settings
        choice = [s.profile, s.voices_default, s.voices_by_language]
        self._voices = _h(choice, *[(p.name, _read(p)) for p in profiles])
        self._furniture = _read(project.furniture_file)
        self._seeds: dict[str, bytes] = {}

    def _load_corrections(self) -> list[dict]:
        path = self.project.corrections_file
        if not path.exists():
            return []
        try:
            return [e for e in load_toml(path).get("correction", []) if isinstance(e, dict)]
        except PipelineError:  # a broken file: hash its bytes, so the stage runs and reports the error
            return [{"unparsable": _read(path).hex()}]

    def _sidecars(self, article: Path) -> list[tuple[str, bytes]]:
        """Every ``<stem>.*`` file beside the article (the article itself excluded), by name."""
        prefix = article.stem + "."
        return [(p.name, _read(p)) for p in sorted(article.parent.glob(f"{_glob_escape(article.stem)}.*"))
                if p != article and p.name.startswith(prefix) and p.is_file()]

    def _folded_text(self, raw: bytes, article: Path) -> str:
        try:
            text = decode_bytes(raw, str(article), self.project.settings.max_input_bytes)[0]
        except PipelineError:
            return ""  # the article cannot be read: the document stage fails and reports why
        if article.suffix.lower() in (".html", ".htm"):  # a rough text view, only to find contexts
            text = html.unescape(_TAG.sub(" ", text))
        return " ".join(text.casefold().split())

    def hashes(self, article: Path, slug: str, outputs: list[str]) -> dict[str, str]:
        raw = _read(article)
        folded = self._folded_text(raw, article)
        applicable = [
            e for e in self._corrections
            if "unparsable" in e or e.get("scope") == slug
            or (e.get("scope") == "all" and " ".join(str(e.get("context", "")).casefold().split()) in folded)
        ]
        text_inputs = [e for e in applicable if e.get("status") == "approved" or "unparsable" in e]
        document = _h(__version__, raw, self._sidecars(article), self._furniture, text_inputs)
        out: dict[str, str] = {}
        for name in outputs:
            row = OUTPUTS[name]
            parts: list = [document, name]
            for key in row.inputs:
                parts.append(self._input(key, applicable))
            for upstream in row.requires:
                parts.append(out.get(upstream) or self._upstream_of(upstream, out))
            out[name] = _h(*parts)
        return out

    def _upstream_of(self, name: str, done: dict[str, str]):
        """An upstream output that is not part of this run: what it requires in turn, if that runs."""
        return [done.get(r) for r in OUTPUTS[name].requires]

    def _input(self, key: str, applicable: list[dict]):
        if key == "proposals":
            return applicable  # open proposals and review notes show on the report page
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


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)

"""The per-article output stages a batch runs, in order, and what each one's inputs are.

An input hash covers everything that can change a stage's output: the article's bytes and
metadata sidecar, the furniture list, the reviewed corrections that can apply to it (scoped to
it, or scoped to all with their context found in it), the voice profile and lexicons, the
summary's editorial data, the upstream stage's hash, and the pipeline's version. Approving one
correction changes the hash of the articles it touches and of no others.
"""

from __future__ import annotations

import hashlib
import html
import re
import importlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import Project, load_toml
from ..decode import decode_bytes


@dataclass(frozen=True)
class OutputStage:
    name: str
    module: str  # where its builder lives (imported only when the stage runs)
    upstream: str | None  # the stage whose outputs it reads
    config_files: tuple[str, ...] = ()  # seeds/ files (besides corrections) that feed it

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None


OUTPUT_STAGES: dict[str, OutputStage] = {
    "report": OutputStage("report", "pipeline.report", None),
    "audio": OutputStage("audio", "pipeline.speech.narrate", None),
    "epub": OutputStage("epub", "pipeline.epub", "audio"),
    "summary": OutputStage("summary", "pipeline.summary", "epub", ("glossary.toml", "plain-words.toml")),
}


def default_stages() -> list[str]:
    return [name for name, st in OUTPUT_STAGES.items() if st.available()]


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
    """Computes per-stage input hashes; caches the shared data files across articles."""

    def __init__(self, project: Project, profile: str = "en-GB"):
        self.project = project
        self.profile = profile
        self._corrections = self._load_corrections()
        voice = project.voices / f"{profile}.toml"
        lexicons = sorted(project.voices.glob("*.lexicon.toml")) + sorted(project.voices.glob("*.pls"))
        self._voice = _h(_read(voice), *[_read(p) for p in lexicons])
        self._furniture = _read(project.furniture_file)

    def _load_corrections(self) -> list[dict]:
        path = self.project.corrections_file
        if not path.exists():
            return []
        try:
            return [e for e in load_toml(path).get("correction", []) if isinstance(e, dict)]
        except Exception:  # a broken file: hash its bytes, so the stage runs and reports the error
            return [{"unparsable": _read(path).hex()}]

    def hashes(self, article: Path, slug: str, stages: list[str]) -> dict[str, str]:
        raw = _read(article)
        try:
            text = decode_bytes(raw, str(article))[0]
            if article.suffix.lower() in (".html", ".htm"):  # a rough text view, only to find contexts
                text = html.unescape(_TAG.sub(" ", text))
            folded = " ".join(text.casefold().split())
        except Exception:
            folded = ""
        applicable = [
            e for e in self._corrections
            if "unparsable" in e or e.get("scope") == slug
            or (e.get("scope") == "all" and " ".join(str(e.get("context", "")).casefold().split()) in folded)
        ]
        text_inputs = [e for e in applicable if e.get("status") == "approved" or "unparsable" in e]
        document = _h(__version__, raw, _read(self.project.sidecar(article, "meta")), self._furniture, text_inputs)
        out: dict[str, str] = {}
        for name in stages:
            st = OUTPUT_STAGES[name]
            parts = [document, name]
            if name == "report":
                parts.append(applicable)  # open proposals and review notes show on the report page
            if name in ("audio", "epub", "summary"):
                parts.append(self._voice)
            for f in st.config_files:
                parts.append(_read(self.project.seeds / f))
            if name == "summary":
                parts.append(_read(self.project.sidecar(article, "summary")))
            if st.upstream and st.upstream in out:
                parts.append(out[st.upstream])
            elif st.upstream == "epub" and "audio" in out:
                parts.append(out["audio"])
            out[name] = _h(*parts)
        return out


def run_stage(name: str, doc, project: Project, out_dir: Path, *, profile: str, corrections, narrated: bool,
              state: dict | None = None) -> list[Path]:
    """Run one output stage for one document; returns the files it wrote. ``state`` carries what a
    stage made in memory to the later ones (the audio stage's Timing)."""
    state = {} if state is None else state
    if name == "report":
        from ..report import write_reports

        return write_reports(doc, corrections, out_dir)
    if name == "audio":
        from ..speech.narrate import narrate
        from ..speech.voices import load_profile

        result = narrate(doc, project, out_dir, profile=load_profile(project.voices, profile), progress=False)
        state["timing"] = result.timing
        return result.paths
    if name == "epub":
        from ..epub import build_epub
        from ..speech.voices import load_profile

        return build_epub(doc, project, out_dir, narration=narrated, profile=load_profile(project.voices, profile),
                          timing=state.get("timing"))
    if name == "summary":
        from ..summary import build_summary

        return build_summary(doc, project, out_dir, timing=state.get("timing"))
    raise KeyError(name)

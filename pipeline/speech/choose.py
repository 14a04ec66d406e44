"""Which voice profile reads an article, and why (``pipeline script`` and the report say it).

In order: ``profile`` in ``seeds/<stem>.meta.toml``, ``--profile`` / ``$PIPELINE_PROFILE``,
``pipeline.toml``'s ``[voices.by_language]`` entry for the article's language, its ``[voices]
default``, the built-in default (see :meth:`pipeline.settings.Settings.profile_for`).
"""

from __future__ import annotations

from pathlib import Path

from ..config import Project
from ..ingest import load_sidecar_meta
from ..model import Document
from .voices import VoiceProfile, load_profile


def article_file(project: Project, doc: Document) -> Path | None:
    """The file in seeds/ the document came from (its sidecars sit beside it)."""
    source = Path(doc.meta.source or "").name
    for a in project.articles():
        if a.name == source or a.stem == doc.meta.slug:
            return a
    return None


def profile_name(project: Project, doc: Document, given: str | None = None) -> tuple[str, str]:
    """(profile name, why). ``given``: a name the caller fixed (it wins over everything)."""
    if given:
        return given, "given"
    article = article_file(project, doc)
    own = load_sidecar_meta(project.sidecar(article, "meta")).get("profile") if article else None
    return project.settings.profile_for(doc.meta.language, own)


def choose_profile(project: Project, doc: Document, given: str | None = None) -> tuple[VoiceProfile, str]:
    name, why = profile_name(project, doc, given)
    return load_profile(project.voices, name), why

"""Which voice profile reads an article, and why (``pipeline script`` and ``pipeline audio`` say it).

The rule is :func:`pipeline.speech.voices.choose_profile` (one function: the article's language,
its meta.toml ``profile``, ``--profile``, the configured defaults); this module feeds it one
article's inputs: the language from the document (ingest), ``profile`` from
``seeds/<stem>.meta.toml``, ``--profile`` / ``$PIPELINE_PROFILE`` and ``pipeline.toml``'s
``[voices]`` from the run's settings.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Project
from ..ingest import load_sidecar_meta
from ..model import Document
from .voices import Choice, VoiceProfile
from .voices import choose_profile as choose


def article_file(project: Project, doc: Document) -> Path | None:
    """The file in seeds/ the document came from (its sidecars sit beside it)."""
    source = Path(doc.meta.source or "").name
    for a in project.articles():
        if a.name == source or a.stem == doc.meta.slug:
            return a
    return None


def choice(project: Project, doc: Document, given: str | None = None) -> Choice:
    """The profile for ``doc`` and why. ``given``: a profile the caller fixed (it wins)."""
    s = project.settings
    if given:
        return choose(project.voices, doc.meta.language, cli_profile=given, cli_from="given:")
    article = article_file(project, doc)
    sidecar = project.sidecar(article, "meta") if article else None
    own = load_sidecar_meta(sidecar).get("profile") if sidecar and sidecar.is_file() else None
    return choose(project.voices, doc.meta.language, meta_profile=own, meta_file=sidecar.name if sidecar else "",
                  cli_profile=s.profile, cli_from="--profile or $PIPELINE_PROFILE:",
                  configured=dict(s.voices_by_language), configured_default=s.voices_default,
                  configured_from=s.config_file.name if s.config_file else "pipeline.toml")


def profile_name(project: Project, doc: Document, given: str | None = None) -> tuple[str, str]:
    """(profile name, why)."""
    c = choice(project, doc, given)
    return c.profile.name, c.reason


def choose_profile(project: Project, doc: Document, given: str | None = None) -> tuple[VoiceProfile, str]:
    c = choice(project, doc, given)
    return c.profile, c.reason

"""The per-article outputs: one table, one row each. A new output is one module plus one row.

Everything that deals in outputs reads this table: the batch (which outputs to run, in which
order, and what feeds each one's input hash: ``pipeline/batch/inputs.py``), the CLI (a command per
output), ``pipeline outputs`` and the Makefile's targets, the catalogue's links and ``doctor``.

A builder is ``build(ctx: Context) -> list[Path]``: it writes its files into ``ctx.out_dir`` and
returns them. What one output hands the next in memory goes in ``ctx.made`` (the audio stage puts
its :class:`~pipeline.timing.Timing` there, for the EPUB's overlays and the summary's player).

Input names (``Output.inputs``), each a part of the output's input hash:

- ``document``        the article's bytes, every ``seeds/<stem>.*`` sidecar (metadata, editor's
                      summary, cover image...), the furniture list, and the approved corrections
                      that change its cleaned text (always included)
- ``proposals``       the open proposals and review notes that concern the article
- ``voices``          the voice profiles, their lexicons and the settings that choose a profile
- ``seeds:NAME``      a shared file in ``seeds/`` (e.g. ``seeds:glossary.toml``)
- ``settings:NAME``   a run setting (e.g. ``settings:a11y_certifier``)
- the name of another output: its input hash (so it is rebuilt when that one is)
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .config import Project


@dataclass(frozen=True)
class Output:
    name: str
    builder: str  # "module:function", imported only when the output is built
    help: str
    command: str | None = None  # the CLI command module (``pipeline <name> ...``), if it has one
    requires: tuple[str, ...] = ()  # outputs it reads (built first; a rebuild of one rebuilds it)
    inputs: tuple[str, ...] = ()  # what feeds its input hash besides ``document`` (see above)
    writes: tuple[str, ...] = ()  # files it writes in output/<slug>/ ("{slug}" is the article's slug)
    links: tuple[tuple[str, str], ...] = ()  # (catalogue key, file) the catalogue links when present
    tools: tuple[str, ...] = ()  # executables it runs (``doctor`` checks them)

    def files(self, slug: str) -> list[str]:
        return [w.format(slug=slug) for w in self.writes]

    def available(self) -> bool:
        import importlib.util

        return importlib.util.find_spec(self.builder.split(":")[0]) is not None

    def build(self, ctx: "Context") -> list[Path]:
        module, func = self.builder.split(":")
        return list(getattr(importlib.import_module(module), func)(ctx))


OUTPUTS: dict[str, Output] = {o.name: o for o in (
    Output("report", "pipeline.report:build", "report.json and corrections.html: what was fixed, dropped, proposed",
           command="pipeline.commands.report", inputs=("proposals",),
           writes=("report.json", "corrections.html"), links=(("corrections", "corrections.html"),)),
    Output("audio", "pipeline.speech.narrate:build",
           "narration: <slug>.mp3 (ACX-mastered, chapters), <slug>.vtt captions, timing.json, script.json",
           command="pipeline.commands.audio", inputs=("voices",),
           writes=("{slug}.mp3", "{slug}.vtt", "timing.json", "script.json"), links=(("mp3", "{slug}.mp3"),),
           tools=("espeak-ng", "ffmpeg")),
    Output("epub", "pipeline.epub:build",
           "accessible EPUB 3, with media overlays (synchronised narration) when the audio is built",
           command="pipeline.commands.epub", requires=("audio",), inputs=("voices", "settings:a11y_certifier"),
           writes=("{slug}.epub",), links=(("epub", "{slug}.epub"),), tools=("ffmpeg",)),
    Output("summary", "pipeline.summary:build",
           "summary.html: key points in plain words, words explained, player and transcript",
           command="pipeline.commands.summary", requires=("epub",),
           inputs=("voices", "seeds:glossary.toml", "seeds:plain-words.toml", "settings:summary_generated"),
           writes=("summary.html",), links=(("summary", "summary.html"),)),
)}


def default_outputs() -> list[str]:
    return [name for name, o in OUTPUTS.items() if o.available()]


@dataclass
class Context:
    """What a builder gets: the document, where to write, the run's settings (``project.settings``)."""

    doc: Any  # pipeline.model.Document, segmented, reviewed corrections applied
    project: Project
    out_dir: Path
    corrections: Any = None  # pipeline.corrections.CorrectionsList (the report lists proposals)
    narrated: bool = True  # the run builds the narration: the EPUB carries media overlays
    progress: bool = False  # progress bars on a terminal
    profile_name: str | None = None  # the voice profile (default: chosen for the article, see settings)
    made: dict[str, Any] = field(default_factory=dict)  # handed on in memory: "timing" -> Timing

    @cached_property
    def profile(self):
        """The voice profile this article is read with (pipeline.speech.choose)."""
        from .speech.choose import choose_profile

        return choose_profile(self.project, self.doc, self.profile_name)[0]

"""Where things live (:class:`Project`) and the run's settings it carries.

The TOML helpers live in :mod:`pipeline.tomlfile` (re-exported here for the modules that read
their data files through ``config``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .settings import Settings, folders, from_environment, load_settings
from .tomlfile import check_keys, line_of, load_toml, raise_all  # noqa: F401 - re-exported

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class Project:
    """The project's folders and the run's :class:`~pipeline.settings.Settings`. Defaults follow
    the repository layout; each folder can be moved.

    The CLI builds the settings once per run (:meth:`from_env`) and every stage reads them from
    ``project.settings``; a Project made in code without settings reads the environment and
    ``pipeline.toml`` when asked (so a test can change a variable between two calls).
    """

    seeds: Path
    output: Path
    voices: Path
    run_settings: Settings | None = None

    @classmethod
    def from_env(cls, root: Path | None = None, *, seeds=None, output=None, voices=None,
                 options: dict | None = None) -> "Project":
        """Folders from the arguments, else $PIPELINE_SEEDS/OUTPUT/VOICES, else under the root
        ($PIPELINE_ROOT or the current folder); settings validated once, all problems at once."""
        root, seeds, output, voices = folders(root, seeds=seeds, output=output, voices=voices)
        return cls(seeds=seeds, output=output, voices=voices, run_settings=load_settings(root, options))

    @property
    def settings(self) -> Settings:
        return self.run_settings if self.run_settings is not None else from_environment()

    @property
    def corrections_file(self) -> Path:
        return self.seeds / "corrections.toml"

    @property
    def furniture_file(self) -> Path:
        return self.seeds / "furniture.toml"

    def articles(self) -> list[Path]:
        """Every article in ``seeds/``, sorted by name (sidecar ``.toml`` files are not articles)."""
        if not self.seeds.is_dir():
            return []
        return sorted(p for p in self.seeds.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)

    def sidecar(self, article: Path, kind: str) -> Path:
        """``seeds/<stem>.<kind>.toml``: per-article metadata (``meta``) or an editor's summary (``summary``)."""
        return article.with_name(f"{article.stem}.{kind}.toml")



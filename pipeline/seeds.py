"""Checks on the set of articles a command is about to work on, made before anything is written.

- Two articles that map to one slug (``A.txt`` and ``a.html``) would write one output folder: an
  error naming both files, in every command.
- An article that is a symbolic link pointing outside ``seeds/`` (to ``/etc/passwd``) is refused:
  whatever is in ``seeds/`` is published, so it must be a file the newsroom put there.
- ``--output`` and ``--seeds`` must not overlap (an output folder inside ``seeds/`` would be read
  back as articles; ``seeds/`` inside ``output/`` would be swept and overwritten).
"""

from __future__ import annotations

from pathlib import Path

from .config import Project
from .errors import InputError, UsageError


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def check_folders(project: Project) -> None:
    seeds, output = project.seeds.resolve(), project.output.resolve()
    if seeds == output or _inside(output, seeds) or _inside(seeds, output):
        raise UsageError(f"--output {project.output} and --seeds {project.seeds} overlap: outputs would be read "
                         "as articles or articles overwritten", hint="give the outputs a folder of their own")


def check_link(project: Project, article: Path) -> None:
    """Refuse an article in seeds/ that is a symbolic link to a file outside seeds/."""
    article = Path(article)
    seeds = project.seeds.resolve()
    if article.parent.resolve() != seeds or not article.is_symlink():
        return
    target = article.resolve()
    if not _inside(target, seeds):
        raise InputError(f"{article} is a link to {target}, outside {project.seeds}: not published",
                         hint="copy the article into seeds/ if it really is one")


def slug_owners(project: Project) -> dict[str, list[Path]]:
    """slug -> the articles in seeds/ that map to it (articles whose sidecar is broken are left out:
    they fail on their own with their own message)."""
    from .errors import PipelineError
    from .ingest import article_slug

    owners: dict[str, list[Path]] = {}
    for a in project.articles():
        try:
            owners.setdefault(article_slug(a, project), []).append(a)
        except PipelineError:
            continue
    return owners


def check_articles(project: Project, articles: list[Path]) -> None:
    """Every check, for the articles a command was given, before any work starts."""
    for a in articles:
        check_link(project, a)
    owners = slug_owners(project)
    chosen = {Path(a).resolve() for a in articles}
    for slug, paths in sorted(owners.items()):
        if len(paths) > 1 and any(p.resolve() in chosen for p in paths):
            names = " and ".join(p.name for p in paths)
            raise UsageError(f"{names} both map to the output folder {slug!r}: one would overwrite the other",
                             hint=f"rename one, or give it its own slug in seeds/<stem>.meta.toml")

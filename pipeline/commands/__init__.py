"""One module per CLI command; see ``pipeline.cli.COMMANDS``."""

from __future__ import annotations

from pathlib import Path

from ..config import Project
from ..errors import UsageError


def add_article_args(parser, *, many: bool = True) -> None:
    if many:
        parser.add_argument("articles", nargs="*", metavar="ARTICLE",
                            help="article path, file name or stem in seeds/ (default: all)")
    else:
        parser.add_argument("article", metavar="ARTICLE", help="article path, file name or stem in seeds/")


def resolve_article(project: Project, name: str) -> Path:
    from ..seeds import check_articles

    article = _find(project, name)
    check_articles(project, [article])
    return article


def _find(project: Project, name: str) -> Path:
    p = Path(name)
    if p.is_file():
        return p
    for a in project.articles():
        if name in (a.name, a.stem):
            return a
    known = ", ".join(a.stem for a in project.articles()) or "none"
    raise UsageError(f"no article {name!r} (articles in {project.seeds}: {known})")


def resolve_articles(project: Project, names: list[str], *, check: bool = True) -> list[Path]:
    """The articles named (default: all in seeds/). ``check``: refuse slug collisions and links out
    of seeds/ for all of them (the batch checks them per article instead, failing only those)."""
    from ..seeds import check_articles

    arts = [_find(project, n) for n in names] if names else project.articles()
    if not arts:
        raise UsageError(f"no articles in {project.seeds} (.txt, .html or .htm files)")
    if check:
        check_articles(project, arts)
    return arts


def documents(project: Project, names: list[str], corrections=None):
    """Yield ``(document, output folder)`` for each article named (default: all in seeds/), segmented,
    with the reviewed corrections applied (loaded once unless given)."""
    from ..corrections import load_corrections
    from ..files import output_dir_for
    from ..stages import build_document

    articles = resolve_articles(project, names)  # an unknown name fails before any work
    if corrections is None:
        corrections = load_corrections(project.corrections_file)
    for article in articles:
        doc = build_document(article, project, "segment", corrections)
        yield doc, output_dir_for(project.output, doc.meta.slug)

"""``pipeline report [ARTICLE...]``: report.json and the corrections report page per article."""

from __future__ import annotations

from ..corrections import load_corrections
from ..files import output_dir_for
from ..report import write_reports
from ..stages import build_document
from . import add_article_args, resolve_articles

HELP = "write output/<slug>/report.json and corrections.html (what was changed, dropped and proposed)"


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)


def run(args, project) -> int:
    corrections = load_corrections(project.corrections_file)
    for article in resolve_articles(project, args.articles):
        doc = build_document(article, project, "segment", corrections)
        out = output_dir_for(project.output, doc.meta.slug)
        for p in write_reports(doc, corrections, out):
            print(p)
    return 0

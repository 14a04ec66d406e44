"""``pipeline report [ARTICLE...]``: report.json and the corrections report page per article."""

from __future__ import annotations

from ..corrections import load_corrections
from ..report import write_reports
from . import add_article_args, documents

HELP = "write output/<slug>/report.json and corrections.html (what was changed, dropped and proposed)"


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)


def run(args, project) -> int:
    corrections = load_corrections(project.corrections_file)
    for doc, out in documents(project, args.articles, corrections):
        for p in write_reports(doc, corrections, out):
            print(p)
    return 0

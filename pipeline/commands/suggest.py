"""``pipeline suggest [ARTICLE...]``: propose fixes for likely scrape artefacts (never applied until reviewed)."""

from __future__ import annotations

from ..suggest.propose import suggest
from . import add_article_args, resolve_articles

HELP = ("find likely scrape artefacts (misspelt words and names, split/joined/doubled words, grammar slips) "
        "and add them to seeds/corrections.toml as proposals for `pipeline review`")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the proposals, do not write them")


def run(args, project) -> int:
    articles = resolve_articles(project, args.articles)
    proposals = suggest(project, articles, write=not args.dry_run)
    for p in proposals:
        print(f"{p['id']}: {p['wrong']!r} -> {p['right']!r} in {p['context']!r} "
              f"(confidence {p['confidence']:.2f}; {p['reason']})")
    verb = "found" if args.dry_run else f"added to {project.corrections_file}"
    print(f"{len(proposals)} new proposal(s) {verb}; review them with: pipeline review")
    return 0

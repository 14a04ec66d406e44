"""``pipeline summary [ARTICLE...]``: the plain-language summary page per article."""

from __future__ import annotations

import sys

from ..summary import summarise
from . import add_article_args, documents

HELP = ("write output/<slug>/summary.html: key points in plain words, words explained, reading level, "
        "audio player and full transcript (uses the MP3, captions, timing map and EPUB when they exist)")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a summary misses its reading targets or a point's links do not check")
    parser.add_argument("--generated", action="store_true",
                        help="use the generated points even where an editor's seeds/<stem>.summary.toml exists")


def run(args, project) -> int:
    missed = 0
    for doc, out in documents(project, args.articles):
        paths, s = summarise(doc, project, out, generated=args.generated or None)
        for p in paths:
            print(p)
        r = s.get("reading", {})
        print(f"{doc.meta.slug}: {s.get('origin')} summary, {len(s.get('points', []))} points, {r.get('words')} words, "
              f"grade {r.get('grade')}, longest sentence {r.get('longest_sentence')} words; "
              f"{len(s.get('words_explained', []))} words explained, "
              f"{len(s.get('hard_words_unexplained', []))} hard words without a reviewed explanation", file=sys.stderr)
        if not s.get("targets_met"):
            missed += 1
            for problem in r.get("problems", []) + s.get("link_problems", []):
                print(f"  warning: {problem}", file=sys.stderr)
    return 1 if missed and args.strict else 0

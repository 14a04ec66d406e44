"""``pipeline epub [ARTICLE...]``: accessible EPUB 3, with synchronised narration when it exists."""

from __future__ import annotations

import sys

from ..epub import build_epub, narration_available
from . import add_article_args, documents

HELP = ("write output/<slug>/<slug>.epub: accessible EPUB 3 with media overlays (synchronised narration) "
        "when the narration exists, else text-only")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--no-narration", action="store_true",
                        help="text-only EPUB even when the narration (timing.json + mp3) exists")
    parser.add_argument("--certified-by", metavar="NAME",
                        help="who vouches for the accessibility claims (a11y:certifiedBy; default: "
                             "$PIPELINE_A11Y_CERTIFIER or the pipeline's name)")


def run(args, project) -> int:
    for doc, out in documents(project, args.articles):
        narration = not args.no_narration
        if narration and not narration_available(out):
            print(f"note: {doc.meta.slug}: no narration in {out} (timing.json and the mp3 from `pipeline audio`); "
                  "building a text-only EPUB", file=sys.stderr)
            narration = False
        for p in build_epub(doc, project, out, narration=narration, certified_by=args.certified_by):
            print(p)
    return 0

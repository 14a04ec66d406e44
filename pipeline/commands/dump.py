"""``pipeline dump ARTICLE --stage S``: print the document after a stage as JSON (like ``pandoc -t native``)."""

from __future__ import annotations

import sys

from ..model import STAGES
from ..stages import build_document
from . import add_article_args, resolve_article

HELP = "print the document after a stage (ingest, clean or segment) as JSON"
HELPS = {s: f"print the document after the {s} stage as JSON (same as: dump --stage {s})" for s in STAGES}


def add_arguments(parser, name: str) -> None:
    add_article_args(parser, many=False)
    if name == "dump":
        parser.add_argument("--stage", choices=STAGES, default="segment", help="last stage to run (default: segment)")


def run(args, project) -> int:
    stage = args.stage if args.command == "dump" else args.command
    doc = build_document(resolve_article(project, args.article), project, stage)
    sys.stdout.write(doc.to_json())
    return 0

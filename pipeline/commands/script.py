"""``pipeline script ARTICLE [--profile NAME]``: print the spoken script as JSON.

Per sentence: id, written text, spoken text (after the pronunciation lexicon and speech
normalisation), pause after it and the chapter it starts; plus ``fired``, what the lexicon and each
normalisation rule changed. Nothing is synthesised: this is for reading what will be said.
"""

from __future__ import annotations

import json
import sys

from ..speech.script import spoken_script
from ..speech.voices import article_choice
from ..stages import build_document
from . import add_article_args, resolve_article

HELP = "print the spoken script (what the narration will say, sentence by sentence) as JSON"


def add_arguments(parser, name: str) -> None:
    add_article_args(parser, many=False)
    parser.add_argument("--profile", default=None,
                        help="voice profile in voices/ (default: the article's meta.toml 'profile', else the "
                             "default for the article's language)")


def run(args, project) -> int:
    article = resolve_article(project, args.article)
    doc = build_document(article, project, "segment")
    choice = article_choice(project, doc, article, args.profile)
    p = choice.profile
    print(f"script: {doc.meta.slug}: voice profile {p.name} ({choice.reason}): {p.engine} voice {p.voice}, "
          f"language {p.language}, narrator {p.narrator!r}", file=sys.stderr)
    script = spoken_script(doc, p)
    sys.stdout.write(json.dumps(script.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return 0

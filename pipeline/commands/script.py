"""``pipeline script ARTICLE [--profile NAME]``: print the spoken script as JSON.

Per sentence: id, written text, spoken text (after the pronunciation lexicon and speech
normalisation), pause after it and the chapter it starts; plus ``fired``, what the lexicon and each
normalisation rule changed. Nothing is synthesised: this is for reading what will be said.
"""

from __future__ import annotations

import json
import sys

from ..speech.script import spoken_script
from ..speech.choose import choose_profile
from ..stages import build_document
from . import add_article_args, resolve_article

HELP = "print the spoken script (what the narration will say, sentence by sentence) as JSON"


def add_arguments(parser, name: str) -> None:
    add_article_args(parser, many=False)
    parser.add_argument("--profile", help="voice profile in voices/ (default: chosen per article: its meta.toml, "
                                          "pipeline.toml's [voices], else the built-in default for its language)")


def run(args, project) -> int:
    doc = build_document(resolve_article(project, args.article), project, "segment")
    profile, why = choose_profile(project, doc)
    print(f"script: {doc.meta.slug}: voice profile {profile.name} ({why}): {profile.engine} voice {profile.voice}, "
          f"language {profile.language}, narrator {profile.narrator!r}", file=sys.stderr)
    script = spoken_script(doc, profile)
    sys.stdout.write(json.dumps(script.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return 0

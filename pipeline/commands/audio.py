"""``pipeline audio [ARTICLE...] [--profile NAME]``: the mastered MP3 narration and its companions."""

from __future__ import annotations

import sys

from . import add_article_args, documents

HELP = ("narrate articles: output/<slug>/<slug>.mp3 (ACX-mastered, ID3 chapters), <slug>.vtt captions, "
        "timing.json and script.json")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--profile", help="voice profile in voices/ (default: chosen per article: its meta.toml, "
                                          "pipeline.toml's [voices], else the built-in default for its language)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (it only shows on a terminal)")


def run(args, project) -> int:
    from ..speech.choose import choose_profile
    from ..speech.narrate import narrate

    for doc, out in documents(project, args.articles):
        profile, why = choose_profile(project, doc)
        print(f"audio: {doc.meta.slug}: voice profile {profile.name} ({why})", file=sys.stderr)
        result = narrate(doc, project, out, profile=profile, progress=not args.no_progress)
        for p in result.paths:
            print(p)
        if result.skipped:
            how = f"up to date, nothing to do: 0 synthesised, {result.cached} cached"
        else:
            m = result.report["mastering"]
            how = (f"{result.report['duration']} min, {result.synthesised} synthesised, {result.cached} cached; "
                   f"RMS {m['rms_db']} dB, peak {m['sample_peak_db']} dB, noise floor {m['noise_floor_db']} dB")
        print(f"audio: {doc.meta.slug}: {how}", file=sys.stderr)
    return 0

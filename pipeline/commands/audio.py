"""``pipeline audio [ARTICLE...] [--profile NAME]``: the mastered MP3 narration and its companions."""

from __future__ import annotations

import sys

from . import add_article_args, resolve_articles

HELP = ("narrate articles: output/<slug>/<slug>.mp3 (ACX-mastered, ID3 chapters), <slug>.vtt captions, "
        "timing.json and script.json")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--profile", default=None,
                        help="voice profile in voices/ for every article (default: the article's meta.toml "
                             "'profile', else the default for its language; see `pipeline script`)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (it only shows on a terminal)")


def run(args, project) -> int:
    from ..audio import narrate
    from ..corrections import load_corrections
    from ..files import output_dir_for
    from ..speech.voices import article_choice
    from ..stages import build_document

    articles = resolve_articles(project, args.articles)
    corrections = load_corrections(project.corrections_file)
    for article in articles:
        doc = build_document(article, project, "segment", corrections)
        out = output_dir_for(project.output, doc.meta.slug)
        choice = article_choice(project, doc, article, args.profile)
        print(f"audio: {doc.meta.slug}: voice profile {choice.profile.name} ({choice.reason})", file=sys.stderr)
        result = narrate(doc, project, out, profile=choice.profile, progress=not args.no_progress)
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

"""``pipeline audio [ARTICLE...] [--profile NAME]``: the mastered MP3 narration and its companions.

An article whose source files, voice and settings are unchanged since its narration was written
(and whose outputs are intact) is only ingested, to choose its voice, and checked: see
:mod:`pipeline.speech.fresh`. Otherwise it goes through the text stages and is narrated.
"""

from __future__ import annotations

import sys

from . import add_article_args

HELP = ("narrate articles: output/<slug>/<slug>.mp3 (ACX-mastered, ID3 chapters), <slug>.vtt captions, "
        "timing.json and script.json")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--profile", help="voice profile in voices/ (default: chosen per article: its meta.toml, "
                                          "pipeline.toml's [voices], else the built-in default for its language)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar (it only shows on a terminal)")


def run(args, project) -> int:
    from ..files import output_dir_for
    from ..ingest import ingest_file
    from ..metadata_tidy import tidy_metadata
    from ..speech import fresh
    from ..speech.choose import choose_profile
    from . import resolve_articles

    corrections = None
    for article in resolve_articles(project, args.articles):  # an unknown name fails before any work
        doc = tidy_metadata(ingest_file(article, project))
        out = output_dir_for(project.output, doc.meta.slug)
        profile, why = choose_profile(project, doc)  # the language and meta.toml come from ingest
        print(f"audio: {doc.meta.slug}: voice profile {profile.name} ({why})", file=sys.stderr)
        names = fresh.output_names(doc.meta.slug)
        stamp = fresh.unchanged(project, article, doc, out, profile, names)
        if stamp:
            for n in names:
                print(out / n)
            print(f"audio: {doc.meta.slug}: up to date, nothing to do: 0 synthesised, {stamp.get('sentences', 0)} cached",
                  file=sys.stderr)
            continue
        from ..corrections import load_corrections
        from ..segment import segment
        from ..speech.narrate import narrate
        from ..stages import clean

        if corrections is None:
            corrections = load_corrections(project.corrections_file)
        doc = segment(clean(doc, corrections))
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


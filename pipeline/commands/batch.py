"""``pipeline batch``: every article in seeds/, every output, only what changed; then catalogue and feed."""

from __future__ import annotations

import sys

from ..batch.catalogue import collect, write_catalogue, write_feed
from ..batch.runner import BatchOptions, raise_for_failures, run_batch
from ..outputs import OUTPUTS, default_outputs
from . import add_article_args, resolve_articles

HELP = ("build every output for every article in seeds/ (only what changed), on all cores or a Dask cluster; "
        "then output/index.html and output/feed.xml")


def add_arguments(parser, name: str) -> None:
    add_article_args(parser)
    parser.add_argument("--workers", type=int, help="worker processes (default: pipeline.toml [batch] workers, "
                                                    "else all cores)")
    parser.add_argument("--strict", action="store_true", help="stop at the first failing article")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run on a Dask cluster, e.g. tcp://host:8786 (workers must see the same project files)")
    parser.add_argument("--stages", help=f"comma-separated subset of: {', '.join(OUTPUTS)} (default: all)")
    parser.add_argument("--force", action="store_true", help="redo every stage even when its inputs did not change")
    parser.add_argument("--profile", help="voice profile in voices/ for every article (default: chosen per "
                                          "article: meta.toml, pipeline.toml, else the built-in default for its language)")
    parser.add_argument("--base-url", help="public URL of output/, used in feed.xml (default: $PIPELINE_BASE_URL, "
                                           "pipeline.toml's base_url, or http://localhost:8000/)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def run(args, project) -> int:
    stages = default_outputs() if not args.stages else [s.strip() for s in args.stages.split(",") if s.strip()]
    opts = BatchOptions(workers=project.settings.workers, strict=args.strict, scheduler=args.scheduler,
                        stages=stages, force=args.force, progress=not args.no_progress)
    result = run_batch(project, opts, resolve_articles(project, args.articles))
    items = collect(project)
    write_catalogue(project, items)
    write_feed(project, items)
    print_summary(result)
    raise_for_failures(result)
    return 0


def print_summary(result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=120)
    if not result.results and not result.planning_errors:
        console.print(f"nothing to do: {len(result.unchanged)} article(s) up to date ({result.seconds:.2f} s)")
        return
    table = Table(title=f"batch: {len(result.results)} processed, {len(result.unchanged)} unchanged, "
                        f"{len(result.failures)} failed in {result.seconds:.1f} s")
    for col in ("article", "status", "stages run", "seconds", "error"):
        table.add_column(col, overflow="fold")
    for r in sorted(result.results + result.planning_errors, key=lambda r: r["slug"]):
        table.add_row(r["slug"], r["status"], ", ".join(r.get("ran", [])) or "-", f"{r.get('seconds', 0):.1f}",
                      r.get("error") or "")
    console.print(table)

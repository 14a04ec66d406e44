"""``pipeline status``: the batch ledger as a table (article, stage, status, time, error)."""

from __future__ import annotations

import datetime as dt
import sys

from ..batch.ledger import Ledger

HELP = "print the batch ledger (output/ledger.sqlite): per article and stage, status, time and error"


def add_arguments(parser, name: str) -> None:
    parser.add_argument("--failed", action="store_true", help="only failed stages")


def run(args, project) -> int:
    from rich.console import Console
    from rich.table import Table

    if not (project.output / "ledger.sqlite").exists():
        print(f"no batch has run yet (no {project.output / 'ledger.sqlite'})")
        return 0
    ledger = Ledger(project.output)
    rows = [r for r in ledger.rows() if not args.failed or r.status == "failed"]
    ledger.close()
    table = Table(title=f"ledger: {len(rows)} stage run(s)")
    for col in ("article", "stage", "status", "finished (UTC)", "seconds", "input", "outputs / error"):
        table.add_column(col, overflow="fold")
    for r in rows:
        when = dt.datetime.fromtimestamp(r.finished, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if r.finished else "-"
        table.add_row(r.article, r.stage, r.status, when, f"{r.seconds:.2f}" if r.seconds is not None else "-",
                      r.input_hash[:10], r.error or ", ".join(r.outputs))
    Console(file=sys.stdout, width=160).print(table)
    return 0

"""``pipeline outputs``: the outputs table (pipeline/outputs.py): what each output writes and needs."""

from __future__ import annotations

from ..outputs import OUTPUTS

HELP = "list the per-article outputs: the files each writes, what it requires, the tools it runs"


def add_arguments(parser, name: str) -> None:
    parser.add_argument("--names", action="store_true", help="only the names, one a line (for scripts and make)")


def run(args, project) -> int:
    for o in OUTPUTS.values():
        if args.names:
            print(o.name)
            continue
        print(f"{o.name}: {o.help}")
        print(f"  writes   output/<slug>/{', '.join(o.writes)}")
        if o.requires:
            print(f"  requires {', '.join(o.requires)} (built first when the run includes it)")
        print(f"  inputs   document{''.join(', ' + i for i in o.inputs)}")
        if o.tools:
            print(f"  runs     {', '.join(o.tools)}")
    return 0

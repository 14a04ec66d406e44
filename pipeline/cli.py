"""Command-line interface: ``pipeline <command> ...`` (also ``python -m pipeline``).

Commands are a flat table (name -> module), as Pandoc registers its writers: each module has
``HELP``, ``add_arguments(parser)`` and ``run(args, project) -> exit code``. Errors a user can
cause are PipelineErrors: printed as one clear message with their own exit code, no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from . import __version__
from .config import Project
from .errors import EXIT_BUG, PipelineError
from .files import sweep_orphans
from .lifetime import Terminated, sigterm_as_interrupt
from .outputs import OUTPUTS

COMMANDS: dict[str, str] = {
    "dump": "pipeline.commands.dump",
    "ingest": "pipeline.commands.dump",
    "clean": "pipeline.commands.dump",
    "segment": "pipeline.commands.dump",
    "suggest": "pipeline.commands.suggest",
    "review": "pipeline.commands.review",
    "script": "pipeline.commands.script",
    **{o.name: o.command for o in OUTPUTS.values() if o.command},  # one command per output
    "outputs": "pipeline.commands.outputs",
    "batch": "pipeline.commands.batch",
    "status": "pipeline.commands.status",
    "doctor": "pipeline.commands.doctor",
    "serve": "pipeline.commands.serve",
    "watch": "pipeline.commands.serve",
}
# command-line options that are settings (argparse dest -> Settings attribute); see pipeline/settings.py
SETTING_OPTIONS = {"profile": "profile", "base_url": "base_url", "workers": "workers", "reviewer": "reviewer",
                   "certified_by": "a11y_certifier", "generated": "summary_generated"}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one ``error[usage]`` line (exit 2) like every other error."""

    def error(self, message: str):
        self.exit(2, f"error[usage]: {message}\n  hint: {self.prog} --help\n")


def _wanted_command(argv: list[str]) -> str | None:
    """The command named on the command line, if any (global options take one value each)."""
    it = iter(argv)
    for a in it:
        if a in ("--seeds", "--output", "--voices"):
            next(it, None)
        elif a in COMMANDS:
            return a
        elif not a.startswith("-"):
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's module is imported (a quick start-up
    matters for the no-op batch run), otherwise every command is loaded (for --help)."""
    p = _Parser(
        prog="pipeline",
        description="Scraped article -> reviewed, cleaned document -> audio narration, accessible EPUB 3, "
        "plain-language summary page. Articles are files in seeds/ (give a path, a file name or "
        "its stem); with no article, every article in seeds/ is processed.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--seeds", help="folder of input articles and editorial data (default: ./seeds)")
    p.add_argument("--output", help="folder for generated outputs (default: ./output)")
    p.add_argument("--voices", help="folder of voice profiles and lexicons (default: ./voices)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, modname in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)  # listed, not loaded
            continue
        mod = importlib.import_module(modname)
        helptext = getattr(mod, "HELPS", {}).get(name, mod.HELP)
        sp = sub.add_parser(name, help=helptext, description=helptext)
        mod.add_arguments(sp, name)
        sp.set_defaults(_module=mod)
    return p


def _utf8_streams() -> None:
    """Documents and messages are UTF-8 whatever the locale or PYTHONIOENCODING says (an ASCII
    stream would turn the first "é" into a traceback)."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "encoding", "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _utf8_streams()
    parser = build_parser(_wanted_command(argv))
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    sigterm_as_interrupt()
    try:
        options = {setting: getattr(args, dest, None) for dest, setting in SETTING_OPTIONS.items()}
        options["summary_generated"] = options["summary_generated"] or None  # a flag: only when given
        project = Project.from_env(seeds=args.seeds, output=args.output, voices=args.voices, options=options)
        from .seeds import check_folders

        check_folders(project)
        sweep_orphans(project.output, project.seeds)  # what an earlier, killed command left
        return int(args._module.run(args, project) or 0)
    except PipelineError as e:
        print("\n".join(e.lines()), file=sys.stderr)
        return e.exit_code
    except Terminated:
        print("stopped: SIGTERM; what had finished is kept, run the command again to finish the rest",
              file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # a bug: say so plainly, keep the traceback for the report
        traceback.print_exc()
        print("error[bug]: unexpected failure inside the pipeline; please report it with the lines above",
              file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

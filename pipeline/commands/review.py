"""``pipeline review``: approve, edit or reject proposed corrections, one by one or by id."""

from __future__ import annotations

import datetime as dt

from ..errors import UsageError
from ..review import list_proposals, review_ids, review_interactive, reviewer_name
from ..corrections_store import today

HELP = "review proposed corrections: interactively, or with --list / --approve ID / --reject ID"


def add_arguments(parser, name: str) -> None:
    parser.add_argument("--reviewer", help="who decides (default: $PIPELINE_REVIEWER, git user.name, login)")
    parser.add_argument("--date", help="review date YYYY-MM-DD (default: today, or SOURCE_DATE_EPOCH's date)")
    parser.add_argument("--list", action="store_true", help="list the open proposals and exit")
    parser.add_argument("--approve", action="append", default=[], metavar="ID", help="approve entry ID")
    parser.add_argument("--reject", action="append", default=[], metavar="ID", help="reject entry ID")
    parser.add_argument("--right", help="with one --approve: approve with this fix instead of the proposed one")
    parser.add_argument("--note", help="a note recorded with the decision(s)")


def run(args, project) -> int:
    path = project.corrections_file
    if args.list:
        return list_proposals(project)
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r} is not a date like 2026-11-27") from None
    else:
        date = today(project.settings)
    if args.right is not None and len(args.approve) != 1:
        raise UsageError("--right goes with exactly one --approve ID")
    if args.approve or args.reject:
        return review_ids(project, path, approve=args.approve, reject=args.reject,
                          reviewer=reviewer_name(project.settings.reviewer), date=date, right=args.right, note=args.note)
    return review_interactive(project, reviewer=reviewer_name(project.settings.reviewer), date=date)

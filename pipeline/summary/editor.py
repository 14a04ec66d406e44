"""An editor's summary (``seeds/<stem>.summary.toml``) and the checks every summary passes.

    editor = "A. Editor"          # who wrote it (required)
    reviewed = 2026-11-27         # when (required)
    note = "why"                  # optional

    [[point]]                     # 4 to 7 points, in the order shown
    [[point.sentence]]            # one plain sentence ...
    text = "Labour did very badly in the vote in Hartlepool."
    from = ["p006s01"]            # ... and the article sentences it states (ids from `pipeline dump`)

When the file exists it replaces the generated points. Both kinds go through :func:`.facts.check_points`:
the ids exist, and every name and number a sentence states occurs in each sentence it links to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..config import check_keys, line_of, load_toml, raise_all
from ..model import Document
from .facts import check_points
from .points import MAX_POINTS, MIN_POINTS, Line, Point

KEYS = ("editor", "reviewed", "note", "point")


@dataclass
class EditorSummary:
    editor: str
    reviewed: str
    note: str
    points: list[Point]
    path: Path


def load_editor_summary(path: Path, doc: Document) -> EditorSummary:
    d = load_toml(path)
    problems = check_keys(d, KEYS, str(path))
    for k in ("editor", "reviewed"):
        if not d.get(k):
            problems.append(f"{path}: {k!r} is required (who wrote the summary, and when)")
    points = []
    raw = d.get("point", [])
    if not isinstance(raw, list) or not MIN_POINTS <= len(raw) <= MAX_POINTS:
        problems.append(f"{path}: needs {MIN_POINTS} to {MAX_POINTS} [[point]] tables, has "
                        f"{len(raw) if isinstance(raw, list) else 0}")
        raw = raw if isinstance(raw, list) else []
    for i, p in enumerate(raw, 1):
        where = f"{path} point {i}"
        if not isinstance(p, dict):
            problems.append(f"{where}: must be a table")
            continue
        problems += check_keys(p, ("sentence",), where)
        lines = []
        for s in p.get("sentence", []):
            text, src = s.get("text"), s.get("from")
            w = f"{path}:{line_of(path, str(text))} point {i}"
            problems += check_keys(s, ("text", "from"), w)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{w}: 'text' is required")
                continue
            if not isinstance(src, list) or not src or not all(isinstance(x, str) for x in src):
                problems.append(f"{w}: 'from' must list the article sentence ids it states, e.g. [\"p006s01\"]")
                src = []
            lines.append(Line(text.strip(), list(src)))
        if not lines:
            problems.append(f"{where}: has no [[point.sentence]]")
        points.append(Point(lines))
    if not problems:
        problems = [f"{path}: {x}" for x in check_points(points, doc)]
    raise_all(problems, path)
    reviewed = d["reviewed"]
    reviewed = reviewed.isoformat() if isinstance(reviewed, (dt.date, dt.datetime)) else str(reviewed)
    return EditorSummary(str(d["editor"]), reviewed, str(d.get("note", "")), points, Path(path))

"""An editor's summary (``seeds/<stem>.summary.toml``) and the checks every summary passes.

    editor = "A. Editor"          # who wrote it (required)
    reviewed = 2026-11-27         # when (required)
    note = "why"                  # optional

    [[point]]                     # 4 to 7 points, in the order shown
    [[point.sentence]]            # one plain sentence ...
    text = "Labour did very badly in the vote in Hartlepool."
    from = ["p006s01"]            # ... and the article sentences it states (ids from `pipeline dump`)

When the file exists it replaces the generated points. Both kinds go through :func:`check_points`:
the ids exist, and every name and number a sentence states occurs in each sentence it links to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import check_keys, line_of, load_toml, raise_all
from ..model import Document
from .points import MAX_POINTS, MIN_POINTS, NAME, NUMBER, Line, Point, doc_names

KEYS = ("editor", "reviewed", "note", "point")


@dataclass
class EditorSummary:
    editor: str
    reviewed: str
    note: str
    points: list[Point]
    path: Path


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def stated(text: str, names: set[str]) -> list[str]:
    """Names and numbers a sentence states, in order: every capitalised word after the first (a name
    whether or not the article has it: "Leeds" must be checked too), the first word when it is one of
    the article's names, and every number. Possessive 's is dropped."""
    out = []
    for i, m in enumerate(NAME.finditer(text)):
        w = re.sub(r"[’']s$", "", m.group(0))
        first = m.start() == len(text) - len(text.lstrip(" “\"‘'("))
        if (w in names or not first) and w != "I" and w not in out:
            out.append(w)
    for n in NUMBER.findall(text):
        if n not in out:
            out.append(n)
    return out


def check_points(points: list[Point], doc: Document) -> list[str]:
    """Problems: unknown ids, and names/numbers a linked sentence does not contain."""
    sentences = doc.sentence_map()
    names = doc_names(doc)
    problems = []
    for i, p in enumerate(points, 1):
        for ln in p.lines:
            if not ln.sources:
                problems.append(f"point {i}: {ln.text!r} links to no article sentence")
            for sid in ln.sources:
                if sid not in sentences:
                    problems.append(f"point {i}: {ln.text!r} links to {sid!r}, which is not a sentence of the article")
                    continue
                src = _norm(sentences[sid].text)
                missing = [w for w in stated(ln.text, names) if not re.search(rf"(?<!\w){re.escape(_norm(w))}(?!\w)", src)]
                if missing:
                    problems.append(f"point {i}: {ln.text!r} states {', '.join(missing)}, "
                                    f"which {sid} ({sentences[sid].text[:60]!r}...) does not contain")
    return problems


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

"""Writing the reviewed corrections list (``seeds/corrections.toml``) without losing anything.

Edits go through ``tomlkit``, so comments, order and formatting of the file survive. Every change
is made the same way (:func:`update`):

1. take an advisory lock on the file's folder (two pipeline processes never interleave);
2. re-read the file as it is on disk now (someone may have edited it since we looked);
3. apply the one change to that fresh copy (merge: other people's entries are kept);
4. write a temporary file, validate it with :func:`pipeline.corrections.load_corrections`, then
   rename it over the original (atomic: a crash leaves the old file or the new one).

Because each decision is saved on its own, an interrupted review keeps every decision made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
from pathlib import Path
from typing import Callable, Iterator

import tomlkit
from tomlkit.exceptions import ParseError

from .corrections import load_corrections
from .errors import ConfigError, UsageError
from .files import atomic_path

HEADER = ("Reviewed corrections list. Format: README.md, \"Reviewed corrections\".\n"
          "Only `status = \"approved\"` entries change text.")
# key order of a new entry, as in the hand-written file
KEY_ORDER = ("id", "wrong", "right", "context", "scope", "expected", "status", "confidence", "reason",
             "reviewer", "reviewed", "note")


def today(settings) -> dt.date:
    """Today's date, or SOURCE_DATE_EPOCH's (UTC) when set, so tests and rebuilds are reproducible."""
    fixed = settings.build_time()
    return fixed.date() if fixed else dt.date.today()


def parse(path: Path) -> tomlkit.TOMLDocument:
    """The file as an editable document (an empty one when it does not exist yet)."""
    path = Path(path)
    if not path.exists():
        doc = tomlkit.document()
        for line in HEADER.splitlines():
            doc.add(tomlkit.comment(line))
        return doc
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    try:
        return tomlkit.parse(text)
    except ParseError as e:
        raise ConfigError(f"{path}:{e.line}: TOML syntax error: {e}") from None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An advisory lock on the file's folder (the file itself is replaced on save, so not it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError as e:
        raise ConfigError(f"{path}: cannot lock for writing: {e.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def update(path: Path, change: Callable[[tomlkit.TOMLDocument], object]):
    """Re-read ``path``, apply ``change`` to it, validate and save atomically; returns change's result."""
    path = Path(path)
    with _locked(path):
        load_corrections(path)  # refuse to edit a file that is already malformed (clear error)
        doc = parse(path)
        result = change(doc)
        text = tomlkit.dumps(doc)
        with atomic_path(path) as tmp:
            tmp.write_text(text, "utf-8")
            load_corrections(tmp)  # never replace a good file with a bad one
    return result


def _entries(doc: tomlkit.TOMLDocument):
    if "correction" not in doc:
        doc.append("correction", tomlkit.aot())
    return doc["correction"]


def new_entry(fields: dict) -> tomlkit.items.Table:
    t = tomlkit.table()
    for k in KEY_ORDER:
        if k in fields and fields[k] not in (None, ""):
            t.add(k, fields[k])
    t.trivia.indent = "\n"  # a blank line before each [[correction]], as in the hand-written file
    return t


def add_proposals(path: Path, proposals: list[dict]) -> list[str]:
    """Append ``proposed`` entries whose id is not in the file yet; returns the ids added."""
    for p in proposals:
        if p.get("status", "proposed") != "proposed":
            raise ValueError("suggestions are only ever written as proposals")

    def change(doc):
        aot = _entries(doc)
        have = {str(e.get("id")) for e in aot}
        added = []
        for p in proposals:
            if p["id"] in have:
                continue
            aot.append(new_entry({**p, "status": "proposed"}))
            have.add(p["id"])
            added.append(p["id"])
        return added

    return update(path, change)


class Conflict(UsageError):
    """The entry is not there, or is no longer a proposal (removed or decided by someone else)."""


def decide(path: Path, entry_id: str, status: str, reviewer: str, date: dt.date, *,
           right: str | None = None, note: str | None = None, only_if_proposed: bool = True) -> None:
    """Record a reviewer's decision on one entry (approved or rejected), merged into the file on disk."""
    if status not in ("approved", "rejected", "proposed"):
        raise UsageError(f"unknown decision {status!r}")
    if status != "proposed" and not reviewer.strip():
        raise UsageError("a decision needs a reviewer name (--reviewer NAME)")

    def change(doc):
        for e in _entries(doc):
            if e.get("id") == entry_id:
                if only_if_proposed and e.get("status") != "proposed":
                    raise Conflict(f"entry {entry_id!r} is already {e.get('status')} (changed by someone else?)")
                if right is not None:
                    e["right"] = right
                e["status"] = status
                if status == "proposed":
                    for k in ("reviewer", "reviewed"):
                        if k in e:
                            del e[k]
                else:
                    e["reviewer"] = reviewer
                    e["reviewed"] = date
                if note:
                    e["note"] = note
                return
        raise Conflict(f"no entry {entry_id!r} in {path} (removed by someone else?)")

    update(path, change)


def entry_id(wrong: str, right: str, scope: str, context: str, taken: set[str]) -> str:
    """A readable, stable id: ``sg-reave-leave-<article>``; a number is added if needed."""
    def part(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:24] or "x"

    base = f"sg-{part(wrong)}-{part(right)}-{part(scope)[:12]}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident

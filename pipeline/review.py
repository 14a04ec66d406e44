"""Reviewing proposed corrections: in the terminal one by one, or by id for scripts.

Interactive review shows each open proposal in its sentence with the wrong text highlighted and
asks: [a]pprove, [e]dit (approve with another fix), [r]eject, [s]kip, [q]uit. Every decision is
saved at once through :mod:`pipeline.corrections_store` (re-read, merge, atomic write), so an
interrupted review keeps what was decided and concurrent edits to the file are kept.
An approval is refused when the entry would not apply as written (its context is not found
``expected`` times in the article any more).
"""

from __future__ import annotations

import datetime as dt
import getpass
import re
import subprocess
import sys
from pathlib import Path

from .config import Project
from .corrections import Correction, CorrectionsList, apply_corrections, load_corrections
from .corrections_store import Conflict, decide
from .errors import CorrectionsError, PipelineError, UsageError
from .ingest import ingest_file
from .segment import segment
from .stages import clean

CHOICES = "[a]pprove  [e]dit  [r]eject  [s]kip  [q]uit"


def reviewer_name(given: str | None) -> str:
    """``--reviewer`` / $PIPELINE_REVIEWER (the settings' ``reviewer``), else git's user.name, else the login."""
    name = given or ""
    if not name:
        try:
            name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                                  timeout=5).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            name = ""
    return name or getpass.getuser()


class Articles:
    """Article files by slug, and their documents, built on demand."""

    def __init__(self, project: Project):
        self.project = project
        self._paths: dict[str, Path] | None = None

    def path(self, slug: str) -> Path | None:
        if self._paths is None:
            self._paths = {}
            for a in self.project.articles():
                try:
                    self._paths[ingest_file(a, self.project).meta.slug] = a
                except PipelineError:
                    continue
        return self._paths.get(slug)

    def matches(self, c: Correction, corrections: CorrectionsList) -> int | None:
        """How often the entry's context occurs in the text it would be applied to (None: no article)."""
        art = self.path(c.scope)
        if art is None:
            return None
        doc = apply_corrections(ingest_file(art, self.project), corrections)
        pat = c.pattern()
        return sum(len(pat.findall(b.text)) + (len(pat.findall(b.attribution.text)) if b.attribution else 0)
                   for b in doc.blocks)

    def sentence(self, c: Correction, corrections: CorrectionsList) -> str:
        art = self.path(c.scope)
        if art is None:
            return c.context
        doc = segment(clean(ingest_file(art, self.project), corrections))
        pat = c.pattern()
        for s in doc.sentences():
            if pat.search(s.text):
                return s.text
        return c.context


def highlight(sentence: str, c: Correction, tty: bool) -> str:
    m = c.pattern().search(sentence)
    if not m:
        return sentence
    a, b = m.span(1)
    mark = ("\033[1;7m", "\033[0m") if tty else (">>", "<<")
    return sentence[:a] + mark[0] + sentence[a:b] + mark[1] + sentence[b:]


def check_applies(articles: Articles, c: Correction, corrections: CorrectionsList, right: str) -> None:
    n = articles.matches(c, corrections)
    if n is not None and n != c.expected:
        raise CorrectionsError(f"entry {c.id!r} would not apply: {c.context!r} occurs {n} time(s) in "
                               f"{c.scope!r}, expected {c.expected}",
                               hint="the article changed since the proposal; run pipeline suggest again")
    if not right.strip() and not c.wrong.strip():
        raise UsageError("the fix must not be empty")


def list_proposals(project: Project) -> int:
    open_ = [c for c in load_corrections(project.corrections_file).entries if c.status == "proposed"]
    for c in open_:
        conf = f"{c.confidence:.2f}" if isinstance(c.confidence, (int, float)) else "-"
        print(f"{c.id}\t{c.scope}\t{c.wrong!r} -> {c.right!r}\tcontext {c.context!r}\tconfidence {conf}\t{c.reason}")
    print(f"{len(open_)} open proposal(s) in {project.corrections_file}", file=sys.stderr)
    return 0


def review_ids(project: Project, path: Path, *, approve: list[str], reject: list[str], reviewer: str,
               date: dt.date, right: str | None = None, note: str | None = None) -> int:
    both = set(approve) & set(reject)
    if both:
        raise UsageError(f"both approved and rejected: {', '.join(sorted(both))}")
    articles = Articles(project)
    for ident in approve:
        corrections = load_corrections(path)
        c = next((e for e in corrections.entries if e.id == ident), None)
        if c is None:
            raise Conflict(f"no entry {ident!r} in {path}")
        check_applies(articles, c, corrections, right if right is not None else c.right)
        decide(path, ident, "approved", reviewer, date, right=right, note=note)
        print(f"approved {ident}: {c.wrong!r} -> {right if right is not None else c.right!r}")
    for ident in reject:
        decide(path, ident, "rejected", reviewer, date, note=note)
        print(f"rejected {ident}")
    return 0


def _ask(prompt: str) -> str | None:
    try:
        return input(prompt)
    except EOFError:
        return None


def review_interactive(project: Project, *, reviewer: str, date: dt.date) -> int:
    path = project.corrections_file
    tty = sys.stdout.isatty()
    articles = Articles(project)
    ids = [c.id for c in load_corrections(path).entries if c.status == "proposed"]
    if not ids:
        print(f"no open proposals in {path}; run `pipeline suggest` to look for some")
        return 0
    done = {"approved": 0, "rejected": 0, "skipped": 0}
    for n, ident in enumerate(ids, 1):
        corrections = load_corrections(path)  # fresh: someone may have decided it meanwhile
        c = next((e for e in corrections.entries if e.id == ident and e.status == "proposed"), None)
        if c is None:
            print(f"[{n}/{len(ids)}] {ident}: decided or removed by someone else; skipped")
            continue
        conf = f", confidence {c.confidence:.2f}" if isinstance(c.confidence, (int, float)) else ""
        print(f"\n[{n}/{len(ids)}] {c.id}  ({c.scope}{conf})")
        print("  " + highlight(articles.sentence(c, corrections), c, tty))
        print(f"  {c.wrong!r} -> {c.right!r}" + (f"   why: {c.reason}" if c.reason else ""))
        while True:
            answer = _ask(f"  {CHOICES}? ")
            if answer is None or answer.strip().lower() in ("q", "quit"):
                print(f"\nstopped; {_summary(done)}; every decision so far is saved in {path}")
                return 0
            a = answer.strip().lower()[:1]
            try:
                if a == "a":
                    check_applies(articles, c, corrections, c.right)
                    decide(path, c.id, "approved", reviewer, date)
                    done["approved"] += 1
                elif a == "e":
                    new = _ask(f"  fix for {c.wrong!r} [{c.right}]: ")
                    if new is None:
                        continue
                    new = new if new.strip() else c.right
                    check_applies(articles, c, corrections, new)
                    decide(path, c.id, "approved", reviewer, date, right=new)
                    done["approved"] += 1
                elif a == "r":
                    decide(path, c.id, "rejected", reviewer, date)
                    done["rejected"] += 1
                elif a == "s":
                    done["skipped"] += 1
                else:
                    print(f"  please answer with one of: {CHOICES}")
                    continue
            except PipelineError as e:
                print(f"  not saved: {e}")
                if isinstance(e, Conflict):
                    break
                continue
            break
    print(f"\ndone; {_summary(done)}; saved in {path}")
    return 0


def _summary(done: dict) -> str:
    return ", ".join(f"{v} {k}" for k, v in done.items())

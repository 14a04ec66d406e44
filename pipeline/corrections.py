"""The reviewed corrections list: fixes a person approved, each tied to its context.

File: ``seeds/corrections.toml`` (see ``docs`` in README). One ``[[correction]]`` table per fix:

    id       = "reave-leave"           unique, readable
    wrong    = "reave"                 the scrape's text
    right    = "leave"                 what the article said
    context  = "rural reave voting"    text that must surround ``wrong`` (contains it once)
    scope    = "000_80aa22d023d213f2"  an article slug, or "all"
    expected = 1                       matches per article it applies to
    status   = "approved"              approved | proposed | rejected; only approved apply
    reviewer = "A. Editor"             required when approved or rejected
    reviewed = 2026-11-27              date of review, required when approved or rejected
    note     = "why"                   optional
    confidence, reason                 optional, written by ``pipeline suggest`` for proposals

Matching is on the context, case-insensitively, at word boundaries; the fix takes the case of
what it replaces ("Reave" -> "Leave"). For an article in scope, a count different from
``expected`` is an error naming the entry (for scope "all", articles with no match are skipped).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .config import check_keys, line_of, load_toml, raise_all
from .errors import CorrectionsError
from .corrections_explain import explain_missing, fixes_that_refix
from .corrections_match import ContextPattern, count_in, nfc
from .model import Change, Document

STATUSES = ("approved", "proposed", "rejected")
REQUIRED = ("id", "wrong", "right", "context", "scope", "expected", "status")
OPTIONAL = ("reviewer", "reviewed", "note", "confidence", "reason")
CONTEXT_CHARS = 40


@dataclass
class Correction:
    id: str
    wrong: str
    right: str
    context: str
    scope: str
    expected: int
    status: str
    reviewer: str = ""
    reviewed: str = ""
    note: str = ""
    confidence: float | None = None
    reason: str = ""
    line: int = 0  # where it stands in the file, for messages

    def applies_to(self, slug: str) -> bool:
        return self.scope == "all" or self.scope == slug

    def pattern(self) -> ContextPattern:
        """The context as a case-insensitive, word-bounded pattern with ``wrong`` as group 1, matched
        on the case-folded text with offsets mapped back exactly (see corrections_match)."""
        return ContextPattern(self.context, self.wrong)


@dataclass
class CorrectionsList:
    path: Path
    entries: list[Correction] = field(default_factory=list)

    def approved_for(self, slug: str) -> list[Correction]:
        return [c for c in self.entries if c.status == "approved" and c.applies_to(slug)]

    def proposed_for(self, slug: str) -> list[Correction]:
        return [c for c in self.entries if c.status == "proposed" and c.applies_to(slug)]


def load_corrections(path: Path) -> CorrectionsList:
    """Read and validate the whole list; every problem is reported at once."""
    path = Path(path)
    if not path.exists():
        return CorrectionsList(path=path)
    data = load_toml(path)
    problems = check_keys(data, ("correction",), str(path))
    raw = data.get("correction", [])
    if not isinstance(raw, list):
        raise_all([f"{path}: 'correction' must be an array of tables ([[correction]])"], path)
    entries: list[Correction] = []
    seen: set[str] = set()
    for n, e in enumerate(raw, 1):
        ident = e.get("id") if isinstance(e, dict) else None
        line = line_of(path, f'"{ident}"') if isinstance(ident, str) else 0
        where = f"{path}:{line} correction {ident!r}" if line else f"{path}: correction #{n}"
        if not isinstance(e, dict):
            problems.append(f"{where}: must be a table")
            continue
        problems += check_keys(e, REQUIRED + OPTIONAL, where)
        missing = [k for k in REQUIRED if k not in e]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        bad = [k for k in ("id", "wrong", "right", "context", "scope", "status") if not isinstance(e[k], str)]
        if bad:
            problems.append(f"{where}: {', '.join(bad)} must be text")
            continue
        if not e["wrong"] or not e["context"].strip():
            problems.append(f"{where}: 'wrong' and 'context' must not be empty")
            continue
        if count_in(e["context"], e["wrong"]) != 1:
            problems.append(f"{where}: context {e['context']!r} must contain {e['wrong']!r} exactly once")
            continue
        if e["context"].strip() == e["wrong"].strip():
            problems.append(f"{where}: context must be more than the wrong word itself, so the fix is tied to it")
            continue
        if not isinstance(e["expected"], int) or isinstance(e["expected"], bool) or e["expected"] < 1:
            problems.append(f"{where}: 'expected' must be a whole number >= 1")
            continue
        if e["status"] not in STATUSES:
            problems.append(f"{where}: status {e['status']!r} is not one of {', '.join(STATUSES)}")
            continue
        if e["status"] != "proposed" and not (e.get("reviewer") and e.get("reviewed")):
            problems.append(f"{where}: a {e['status']} entry needs 'reviewer' and 'reviewed' (who and when)")
            continue
        if e["id"] in seen:
            problems.append(f"{where}: id {e['id']!r} is used twice")
            continue
        seen.add(e["id"])
        reviewed = e.get("reviewed", "")
        if isinstance(reviewed, (dt.date, dt.datetime)):
            reviewed = reviewed.isoformat()
        entries.append(
            Correction(
                id=e["id"], wrong=nfc(e["wrong"]), right=nfc(e["right"]), context=nfc(e["context"]), scope=e["scope"],
                expected=e["expected"], status=e["status"], reviewer=str(e.get("reviewer", "")),
                reviewed=str(reviewed), note=str(e.get("note", "")), confidence=e.get("confidence"),
                reason=str(e.get("reason", "")), line=line,
            )
        )
    if not problems:
        problems += [f"{path}: {p}" for p in fixes_that_refix(entries)]
    raise_all(problems, path)
    return CorrectionsList(path=path, entries=entries)


def match_case(found: str, right: str) -> str:
    """Give ``right`` the case pattern of ``found``: REAVE -> LEAVE, Reave -> Leave."""
    if len(found) > 1 and found.isupper():
        return right.upper()
    if found[:1].isupper() and right[:1].islower():
        return right[:1].upper() + right[1:]
    if found[:1].islower() and right[:1].isupper() and found.islower():
        return right  # a name fix ("burham" -> "Burnham") keeps the reviewed capital
    return right


def _text_slots(doc: Document):
    """(block id, getter, setter) for every piece of text a correction may touch."""
    for b in doc.blocks:
        yield b.id, (lambda b=b: b.text), (lambda v, b=b: setattr(b, "text", v))
        if b.attribution is not None:
            a = b.attribution
            yield b.id + ":attribution", (lambda a=a: a.text), (lambda v, a=a: setattr(a, "text", v))


def apply_corrections(doc: Document, corrections: CorrectionsList) -> Document:
    """Apply every approved entry in scope, in file order; record each change on ``doc.changes``."""
    slug = doc.meta.slug
    for c in corrections.approved_for(slug):
        pat = c.pattern()
        hits = []
        for bid, get, _set in _text_slots(doc):
            hits += [(bid, m) for m in pat.finditer(get())]
        if not hits and c.scope == "all":
            continue
        if len(hits) != c.expected:
            why = explain_missing(c.context, [get() for _b, get, _s in _text_slots(doc)]) if not hits else None
            raise CorrectionsError(
                f"correction {c.id!r} ({corrections.path}:{c.line}) expected {c.expected} match(es) of "
                f"{c.context!r} in {slug!r} but found {len(hits)}" + (f": {why}" if why else ""),
                hint="the article or the entry changed: review the entry again",
            )
        for bid, get, set_ in _text_slots(doc):
            text = get()
            out, pos = [], 0
            for m in pat.finditer(text):
                s, e = m.span(1)
                fixed = match_case(m.group(1), c.right)
                out += [text[pos:s], fixed]
                pos = e
                new_tail = fixed + text[e : e + CONTEXT_CHARS]
                doc.changes.append(
                    Change(
                        entry=c.id, block=bid, offset=s,
                        before=text[max(0, s - CONTEXT_CHARS) : e + CONTEXT_CHARS],
                        after=text[max(0, s - CONTEXT_CHARS) : s] + new_tail,
                        wrong=m.group(1), right=fixed,
                    )
                )
            if pos:
                set_("".join(out) + text[pos:])
    return doc

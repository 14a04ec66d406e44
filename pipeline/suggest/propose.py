"""Suggestions -> ``proposed`` entries of the corrections list (never approved ones).

For each article: build the cleaned document with the approved entries applied, run the
detectors, leave out what the reviewed lists already settle (approved or rejected entries,
open proposals, glossary and lexicon words), give each find a context that occurs exactly once in
the article (so the entry, once approved, fixes that spot and no other), and append the entries.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..config import Project
from ..corrections import Correction, CorrectionsList, apply_corrections, load_corrections
from ..corrections_store import add_proposals, entry_id
from ..ingest import ingest_file
from ..stages import clean
from . import find_suggestions
from .model import Suggestion, text_slots
from .words import WORD

MAX_SIDE = 12  # words of context on each side at most
TERM_KEYS = {"term", "word", "words", "grapheme", "graphemes", "name", "alias", "aliases", "spelling"}


def _strings(data, keys_too: bool):
    if isinstance(data, dict):
        for k, v in data.items():
            if keys_too:
                yield str(k)
            if isinstance(v, str) and k in TERM_KEYS:
                yield v
            elif isinstance(v, (dict, list)):
                yield from _strings(v, keys_too)
    elif isinstance(data, list):
        for v in data:
            if isinstance(v, (dict, list)):
                yield from _strings(v, keys_too)
            elif isinstance(v, str):
                yield v


def _file_terms(path: Path) -> set[str]:
    """Words of the terms in a glossary or lexicon file (TOML keys and term-like values, PLS graphemes)."""
    try:
        raw = path.read_text("utf-8")
    except OSError:
        return set()
    if path.suffix.lower() in (".pls", ".xml"):
        texts = re.findall(r"<grapheme>(.*?)</grapheme>", raw, re.S)
    else:
        try:
            texts = list(_strings(tomllib.loads(raw), keys_too=True))
        except tomllib.TOMLDecodeError:
            return set()  # its owner's stage reports the syntax error
    return {w for t in texts for w in WORD.findall(t)}


def reviewed_words(project: Project, corrections: CorrectionsList, slug: str) -> set[str]:
    """Words an editor has already looked at for this article: never flagged again."""
    words: set[str] = set()
    for c in corrections.entries:
        if c.applies_to(slug) and c.status in ("approved", "rejected"):
            words |= set(WORD.findall(c.wrong)) | set(WORD.findall(c.right))
    for name in ("glossary.toml", "lexicon.toml"):
        words |= _file_terms(project.seeds / name)
    if project.voices.is_dir():
        for p in sorted(project.voices.iterdir()):
            if p.suffix.lower() in (".pls",) or (p.suffix == ".toml" and "lexicon" in p.stem):
                words |= _file_terms(p)
    return words


def _count(c: Correction, doc) -> int:
    pat = c.pattern()
    return sum(len(pat.findall(t)) for _sid, t in text_slots(doc))


def unique_context(s: Suggestion, text: str, docs, slug: str) -> str | None:
    """The shortest run of whole words around the find that occurs exactly once in every ``docs``."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    first = next((i for i, (a, b) in enumerate(spans) if b > s.start), None)
    last = max((i for i, (a, b) in enumerate(spans) if a < s.end), default=None)
    if first is None or last is None:
        return None
    # one word either side at least, so a reader sees the find in its phrase
    lo, hi, grow_right = max(0, first - 1), min(len(spans) - 1, last + 1), True
    for _ in range(2 * MAX_SIDE + 2):
        context = text[spans[lo][0]:spans[hi][1]]
        for ctx in (context.rstrip(",;:.!?)”’\"") or context, context):
            if ctx.strip() == s.wrong.strip() or ctx.casefold().count(s.wrong.casefold()) != 1:
                continue
            c = Correction(id="?", wrong=s.wrong, right=s.right, context=ctx, scope=slug, expected=1,
                           status="proposed")
            if all(_count(c, d) == 1 for d in docs):
                return ctx
        can_r, can_l = hi + 1 < len(spans) and hi - last < MAX_SIDE, lo > 0 and first - lo < MAX_SIDE
        if not (can_r or can_l):
            return None
        if (grow_right and can_r) or not can_l:
            hi += 1
        else:
            lo -= 1
        grow_right = not grow_right
    return None


def _already_listed(s: Suggestion, text: str, entries: list[Correction]) -> bool:
    for c in entries:
        if c.wrong.casefold() != s.wrong.casefold() and not (c.wrong in s.wrong or s.wrong in c.wrong):
            continue
        for m in c.pattern().finditer(text):
            a, b = m.span(1)
            if a < s.end and s.start < b:
                return True
    return False


def suggest_article(article: Path, project: Project, corrections: CorrectionsList,
                    taken: set[str]) -> list[dict]:
    """Proposal entries (dicts in the file's key order) for one article."""
    doc = ingest_file(article, project)
    slug = doc.meta.slug
    apply_corrections(doc, corrections)  # the text a newly approved entry will be applied to
    pre = doc
    cleaned = clean(ingest_file(article, project), corrections)
    in_scope = [c for c in corrections.entries if c.applies_to(slug)]
    out = []
    slots = dict(text_slots(cleaned))
    for s in find_suggestions(cleaned, reviewed_words(project, corrections, slug)):
        text = slots[s.block]
        if _already_listed(s, text, in_scope):
            continue
        context = unique_context(s, text, (pre, cleaned), slug)
        if context is None:
            continue
        ident = entry_id(s.wrong, s.right, slug, context, taken)
        taken.add(ident)
        out.append({"id": ident, "wrong": s.wrong, "right": s.right, "context": context, "scope": slug,
                    "expected": 1, "status": "proposed", "confidence": s.confidence,
                    "reason": f"{s.kind}: {s.reason}"})
    return out


def suggest(project: Project, articles: list[Path], *, write: bool = True) -> list[dict]:
    """Run the detectors over ``articles`` and append the new proposals to the corrections file."""
    corrections = load_corrections(project.corrections_file)
    taken = {c.id for c in corrections.entries}
    proposals = []
    for a in articles:
        proposals += suggest_article(a, project, corrections, taken)
    if write and proposals:
        added = set(add_proposals(project.corrections_file, proposals))
        proposals = [p for p in proposals if p["id"] in added]
    return proposals

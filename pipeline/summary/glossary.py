"""Reviewed word lists: the glossary (hard terms explained) and plain words (hard word -> plain word).

``seeds/glossary.toml``, one ``[[term]]`` per entry::

    term = "by-election"                      # as shown in "Words explained"
    aliases = ["by-elections"]                # other forms that count as the term (optional)
    explanation = "A vote held to choose a new MP for one area."   # one plain sentence
    reviewer = "pipeline editors"             # required
    reviewed = 2026-11-27                     # required (TOML date)

``seeds/plain-words.toml``, one ``[[word]]`` per entry::

    hard = "utilise"                          # a word or phrase, matched at word boundaries
    plain = "use"                             # its plain replacement ("" = leave it out)
    reviewer = "pipeline editors"
    reviewed = 2026-11-27

Terms are matched case-insensitively at word boundaries, except entries with ``case = true``
(proper nouns such as "Tories"). Hard words the lists do not cover are found with word frequency
(wordfreq) and syllables (textstat) and reported for an editor, never explained by guesswork.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import check_keys, line_of, load_toml, raise_all

GLOSSARY_KEYS = ("term", "aliases", "explanation", "reviewer", "reviewed", "case", "note")
PLAIN_KEYS = ("hard", "plain", "reviewer", "reviewed", "case", "note")


@dataclass(frozen=True)
class Term:
    term: str
    explanation: str
    reviewer: str
    reviewed: str
    aliases: tuple[str, ...] = ()
    case: bool = False

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        return _pattern([self.term, *self.aliases], self.case)


@dataclass(frozen=True)
class PlainWord:
    hard: str
    plain: str
    reviewer: str
    reviewed: str
    case: bool = False

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        return _pattern([self.hard], self.case)


def _pattern(forms: list[str], case: bool) -> re.Pattern:
    alts = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in
                    sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", 0 if case else re.IGNORECASE)


def inflected(entries: list[PlainWord]) -> list[PlainWord]:
    """Inflected forms of one-word entries whose plain word inflects the same way (verbs and nouns)."""
    from lemminflect import getAllInflections, getInflection

    listed = {e.hard.casefold() for e in entries}
    out = []
    for e in entries:
        if " " in e.hard or not e.plain or e.case:
            continue
        head, _, rest = e.plain.partition(" ")
        for upos, base in (("VERB", "VB"), ("NOUN", "NN")):
            forms = getAllInflections(e.hard, upos=upos)
            # both words must be base forms of that word class in lemminflect's dictionary
            if e.hard not in forms.get(base, ()) or head not in getAllInflections(head, upos=upos).get(base, ()):
                continue
            if upos == "NOUN" and rest:
                continue
            options: dict[str, set[str]] = {}
            for tag, hards in sorted(forms.items()):
                plains = getInflection(head, tag=tag)
                for h in hards:
                    options.setdefault(h, set()).add(plains[0] if plains else "")
            for h, plains in sorted(options.items()):
                # "represented" is past tense and participle: "spoke for" / "spoken for" -> ambiguous, left
                if len(plains) != 1 or "" in plains or h.casefold() in listed or h == e.hard:
                    continue
                listed.add(h.casefold())
                out.append(PlainWord(h, " ".join([plains.pop(), rest]).strip(), e.reviewer, e.reviewed))
    return out


@dataclass(eq=False)
class WordLists:
    terms: list[Term] = field(default_factory=list)
    plain: list[PlainWord] = field(default_factory=list)

    def terms_in(self, text: str) -> list[Term]:
        """Glossary terms that occur in ``text``, in order of first occurrence."""
        found = [(m.start(), t) for t in self.terms if (m := t.pattern.search(text))]
        return [t for _, t in sorted(found, key=lambda x: (x[0], x[1].term))]

    def covered(self, word: str) -> bool:
        """Is ``word`` explained by the glossary or replaced by a plain word?"""
        return any(t.pattern.fullmatch(word) for t in self.terms) or any(
            p.pattern.fullmatch(word) for p in self.plain)

    @functools.cached_property
    def _plain_all(self) -> list[PlainWord]:
        """The reviewed entries plus their inflected forms (lemminflect): "demonstrate" -> "show"
        also gives "demonstrating" -> "showing"; an entry listed for a form itself wins."""
        return self.plain + inflected(self.plain)

    def simplify(self, text: str) -> tuple[str, list[str]]:
        """Replace hard words with plain ones (longest first); returns text and the entries used."""
        used = []
        for p in sorted(self._plain_all, key=lambda p: (-len(p.hard), p.hard)):
            def repl(m, p=p):
                return _match_case(m.group(0), p.plain)
            text, n = p.pattern.subn(repl, text)
            if n:
                used.append(p.hard)
                if p.plain:  # "an enthusiastic" -> "a keen"
                    text = re.sub(rf"\b([Aa])n? (?={re.escape(p.plain.split()[0])}\b)", _article(p.plain), text)
        text = re.sub(r"\s{2,}", " ", text)
        text = re.sub(r"\s+([,.;:!?])", r"\1", text)
        text = re.sub(r"^[\s,;:]+", "", text)
        text = re.sub(r",\s*,", ",", text)
        return text.strip(), used


def _article(word: str):
    vowel = word[:1].lower() in "aeiou" and not word.lower().startswith(("us", "uni", "eu", "one"))
    return lambda m: m.group(1) + ("n " if vowel else " ")


def _match_case(found: str, plain: str) -> str:
    if plain and found[:1].isupper() and not plain[:1].isupper():
        return plain[0].upper() + plain[1:]
    return plain


def _date(v) -> str:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v or "")


def _entries(path: Path, table: str, keys, required) -> tuple[list[dict], list[str]]:
    data = load_toml(path)
    problems = check_keys(data, (table,), str(path))
    rows = data.get(table, [])
    if not isinstance(rows, list):
        return [], problems + [f"{path}: '{table}' must be an array of tables ([[{table}]])"]
    out = []
    for i, e in enumerate(rows, 1):
        name = e.get(required[0], f"#{i}") if isinstance(e, dict) else f"#{i}"
        where = f"{path}:{line_of(path, str(name))} [[{table}]] {name!r}"
        if not isinstance(e, dict):
            problems.append(f"{where}: must be a table")
            continue
        problems += check_keys(e, keys, where)
        for k in required:
            if k == "plain":
                if not isinstance(e.get(k), str):
                    problems.append(f"{where}: {k!r} is required and must be text (\"\" to leave the word out)")
            elif not e.get(k) or not isinstance(e.get(k), (str, dt.date)):
                problems.append(f"{where}: {k!r} is required")
        out.append(e)
    return out, problems


def load_glossary(path: Path) -> list[Term]:
    rows, problems = _entries(path, "term", GLOSSARY_KEYS, ("term", "explanation", "reviewer", "reviewed"))
    seen: dict[str, str] = {}
    terms = []
    for e in rows:
        expl = str(e.get("explanation", "")).strip()
        where = f"{path}:{line_of(path, str(e.get('term')))} term {e.get('term')!r}"
        if expl and (not expl.endswith((".", "!", "?")) or len(re.findall(r"[.!?](?:\s|$)", expl)) != 1):
            problems.append(f"{where}: explanation must be one sentence ending in '.'")
        aliases = e.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where}: 'aliases' must be a list of text")
            aliases = []
        for form in [str(e.get("term", "")), *aliases]:
            key = form.casefold()
            if key in seen:
                problems.append(f"{where}: {form!r} is already listed under {seen[key]!r}")
            seen[key] = str(e.get("term"))
        terms.append(Term(str(e.get("term", "")), expl, str(e.get("reviewer", "")), _date(e.get("reviewed")),
                          tuple(aliases), bool(e.get("case", False))))
    raise_all(problems, path)
    return terms


def load_plain_words(path: Path) -> list[PlainWord]:
    rows, problems = _entries(path, "word", PLAIN_KEYS, ("hard", "plain", "reviewer", "reviewed"))
    seen = set()
    for e in rows:
        key = str(e.get("hard", "")).casefold()
        if key in seen:
            problems.append(f"{path}:{line_of(path, str(e.get('hard')))} word {e.get('hard')!r}: listed twice")
        seen.add(key)
    raise_all(problems, path)
    return [PlainWord(str(e["hard"]), str(e["plain"]), str(e["reviewer"]), _date(e["reviewed"]),
                      bool(e.get("case", False))) for e in rows]


def load_word_lists(seeds: Path) -> WordLists:
    """Both lists from ``seeds/``; a missing file is an empty list (nothing explained, nothing replaced)."""
    g, p = Path(seeds) / "glossary.toml", Path(seeds) / "plain-words.toml"
    return WordLists(load_glossary(g) if g.is_file() else [], load_plain_words(p) if p.is_file() else [])


# --- hard words with no reviewed explanation ---------------------------------------------------
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
RARE_ZIPF = 3.0  # wordfreq Zipf frequency below this: rare for a general reader
LONG_ZIPF = 4.0  # ... or 3+ syllables and below this


def _forms(word: str) -> set[str]:
    """The word and its likely stems, so "victories" is as common as "victory"."""
    forms = {word}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.add(word[: -len(suffix)] + repl)
    return forms


def hard_words(sentences: list[tuple[str, str]], lists: WordLists) -> list[dict]:
    """Hard words in ``(id, text)`` sentences that neither list covers: ``{"word", "sentences", "zipf"}``.

    Hard means rare (wordfreq Zipf < 3.0), or long and uncommon (3+ syllables, Zipf < 4.0).
    Capitalised words after the first of a sentence are taken as names and skipped unless rare
    derived forms such as "Thatcherite".
    """
    from wordfreq import zipf_frequency

    from .readability import syllables

    found: dict[str, dict] = {}
    for sid, text in sentences:
        for entry in [*lists.terms, *lists.plain]:  # words inside reviewed phrases are covered
            text = entry.pattern.sub(lambda m: "·" * len(m.group(0)), text)
        for i, m in enumerate(TOKEN.finditer(text)):
            w = m.group(0).replace("’", "'")
            base = w.lower().removesuffix("'s")
            if len(base) < 4 or lists.covered(w) or lists.covered(base):
                continue
            if w[:1].isupper() and i > 0 and not re.search(r"(ite|ism|ist|ian)s?$", base):
                continue
            z = max(zipf_frequency(f, "en") for f in _forms(base))
            if z < RARE_ZIPF or (z < LONG_ZIPF and syllables(base) >= 3):
                entry = found.setdefault(base, {"word": base, "zipf": round(z, 2), "sentences": []})
                if sid not in entry["sentences"]:
                    entry["sentences"].append(sid)
    return sorted(found.values(), key=lambda e: (e["zipf"], e["word"]))

"""Pronunciation lexicons: names the engine says wrong, fixed in the spoken form only.

A lexicon is a TOML file in ``voices/`` (listed in a voice profile's ``lexicons = [...]``) that
compiles to W3C PLS 1.0 (``Lexicon.to_pls``) for EPUB reading systems::

    [lexicon]
    language = "en-GB"                 # xml:lang of the PLS file (default: the profile's language)
    description = "..."

    [[entry]]
    grapheme = "Salford"               # or graphemes = ["Sinn Féin", "Sinn Fein"]
    alias = "Sawlford"                 # respelling espeak-ng says right (what pyttsx3 is sent)
    misaki = "sˈɔlfəd"                 # misaki phonemes for the natural voice (hibari is sent
                                       #   "[Salford](/sˈɔlfəd/)"); A=eɪ I=aɪ O=oʊ W=aʊ, ɹ for r
    phoneme = "ˈsɔːlfəd"               # IPA, for the PLS file (reading systems)
    note = "why, with the espeak-ng evidence"
    espeak = { raw = "s'alf3d", alias = "s'O:lf3d" }   # optional evidence (espeak-ng -x), re-checked by tests
    hibari = { raw = "sˈɔlfəɹd" }      # optional evidence: hibari's own G2P for the grapheme, re-checked
    preceded_by = ["in", "from"]       # optional: only after one of these words
    followed_by = ["West"]             # optional: only before one of these words
    languages = ["en-GB"]              # optional: only for profiles in these languages ("en" = any en-*)
    match_case = true                  # default true: "Reading" but not "reading"

    [[checked]]                        # names checked and found right (documentation only)
    graphemes = ["Lavery"]
    espeak = ["l'eIv@ri"]
    note = "..."

An engine is sent the field it understands (``Engine.PRONUNCIATION``): pyttsx3 the ``alias``, hibari
the ``misaki`` phonemes when the entry has them, else the ``alias``. An entry may have only a
``misaki`` (espeak-ng says the name right, the neural voice does not: Hartlepool, Burnham).

When an entry has both ``preceded_by`` and ``followed_by``, either context is enough. An entry
with only a ``phoneme`` goes to the PLS file but does not change what the engine says (pyttsx3
does not enable espeak-ng's ``[[...]]`` phoneme input, so the engine only ever gets respellings).
Entries with a context are left out of the PLS file, which has no way to say "only here".
Several files: a later file's entry for the same grapheme wins (a project can override).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..config import check_keys, line_of, load_toml
from ..errors import ConfigError

PLS_NS = "http://www.w3.org/2005/01/pronunciation-lexicon"
ENTRY_KEYS = ("grapheme", "graphemes", "alias", "misaki", "phoneme", "note", "espeak", "hibari", "preceded_by",
              "followed_by", "languages", "match_case")
FORMS = ("alias", "misaki")  # what an engine is sent (Engine.PRONUNCIATION)
MISAKI = re.compile(r"^[^\[\]()/<>&]+$")  # phonemes go inside "[word](/.../)": no brackets or slashes
CHECKED_KEYS = ("graphemes", "espeak", "note")
HEADER_KEYS = ("language", "description")
WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Entry:
    graphemes: tuple[str, ...]
    alias: str | None
    phoneme: str | None
    note: str
    preceded_by: tuple[str, ...] = ()
    followed_by: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    match_case: bool = True
    espeak: tuple[tuple[str, str], ...] = ()
    source: str = ""  # "file#n" for messages and the report
    misaki: str | None = None  # phonemes for engines that take misaki input (hibari)
    hibari: tuple[tuple[str, str], ...] = ()  # evidence: what hibari's G2P says for the grapheme

    def spoken(self, found: str, form: str, possessive: str = "") -> str | None:
        """What the engine is sent for ``found`` + ``possessive`` ("'s" or ""); None: no change."""
        if form == "misaki" and self.misaki:
            # the possessive goes inside the phonemes, voiced or not as English says it
            ending = "" if not possessive else ("ɪz" if self.misaki[-1] in "szʃʒʧʤ" else
                                                 "s" if self.misaki[-1] in "ptkfθ" else "z")
            return f"[{found}{possessive}](/{self.misaki}{ending}/)"
        return None if self.alias is None else self.alias + possessive

    @property
    def has_context(self) -> bool:
        return bool(self.preceded_by or self.followed_by)

    def for_language(self, language: str | None) -> bool:
        if not self.languages or not language:
            return True
        lang = language.lower()
        return any(lang == x.lower() or lang.startswith(x.lower() + "-") for x in self.languages)

    def context_ok(self, before: str, after: str) -> bool:
        if not self.has_context:
            return True
        prev = WORD.findall(before)
        nxt = WORD.findall(after)
        p = prev[-1].lower() if prev else ""
        n = nxt[0].lower() if nxt else ""
        return (p in {w.lower() for w in self.preceded_by}) or (n in {w.lower() for w in self.followed_by})


def _text_list(v, key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        problems.append(f"{where}: {key!r} must be a non-empty list of words")
        return ()
    return tuple(" ".join(x.split()) for x in v)


def _entry(d, where: str, problems: list[str]) -> Entry | None:
    if not isinstance(d, dict):
        problems.append(f"{where}: must be a table")
        return None
    before = len(problems)
    problems += check_keys(d, ENTRY_KEYS, where)
    if ("grapheme" in d) == ("graphemes" in d):
        problems.append(f"{where}: give exactly one of 'grapheme' or 'graphemes'")
        graphemes: tuple[str, ...] = ()
    else:
        key = "grapheme" if "grapheme" in d else "graphemes"
        graphemes = _text_list(d[key], key, where, problems)
    label = f"{where} ({graphemes[0]!r})" if graphemes else where
    for k in ("alias", "misaki", "phoneme", "note"):
        if k in d and (not isinstance(d[k], str) or not d[k].strip()):
            problems.append(f"{label}: {k!r} must be non-empty text")
    if "alias" not in d and "phoneme" not in d and "misaki" not in d:
        problems.append(f"{label}: needs an 'alias' (respelling), 'misaki' (phonemes) or a 'phoneme' (IPA)")
    if isinstance(d.get("misaki"), str) and not MISAKI.match(d["misaki"].strip()):
        problems.append(f"{label}: 'misaki' must be phonemes only (no brackets, parentheses or slashes)")
    hibari: tuple = ()
    if "hibari" in d:
        h = d["hibari"]
        if not isinstance(h, dict) or not all(isinstance(v, str) for v in h.values()) or set(h) - {"raw"}:
            problems.append(f"{label}: 'hibari' must be a table with the text key 'raw'")
        else:
            hibari = tuple(sorted(h.items()))
    if isinstance(d.get("phoneme"), str) and re.search(r"[<>&\[\]]", d["phoneme"]):
        problems.append(f"{label}: 'phoneme' must be IPA, not markup or espeak [[...]] input")
    ctx = {k: _text_list(d[k], k, label, problems) for k in ("preceded_by", "followed_by", "languages") if k in d}
    if "match_case" in d and not isinstance(d["match_case"], bool):
        problems.append(f"{label}: 'match_case' must be true or false")
    espeak: tuple = ()
    if "espeak" in d:
        e = d["espeak"]
        if not isinstance(e, dict) or not all(isinstance(v, str) for v in e.values()) or set(e) - {"raw", "alias"}:
            problems.append(f"{label}: 'espeak' must be a table with text keys 'raw' and/or 'alias'")
        else:
            espeak = tuple(sorted(e.items()))
    if len(problems) > before:
        return None
    return Entry(
        graphemes=graphemes, alias=" ".join(d["alias"].split()) if "alias" in d else None,
        phoneme=d["phoneme"].strip() if "phoneme" in d else None, note=d.get("note", "").strip(),
        preceded_by=ctx.get("preceded_by", ()), followed_by=ctx.get("followed_by", ()),
        languages=ctx.get("languages", ()), match_case=d.get("match_case", True), espeak=espeak, source=where,
        misaki=d["misaki"].strip() if "misaki" in d else None, hibari=hibari,
    )


def load_lexicon_file(path: Path) -> tuple[dict, list[Entry]]:
    path = Path(path)
    d = load_toml(path)
    problems = check_keys(d, ("lexicon", "entry", "checked"), str(path))
    header = d.get("lexicon", {})
    if not isinstance(header, dict):
        problems.append(f"{path}: [lexicon] must be a table")
        header = {}
    problems += check_keys(header, HEADER_KEYS, f"{path} [lexicon]")
    raw = d.get("entry", [])
    if not isinstance(raw, list):
        problems.append(f"{path}: 'entry' must be [[entry]] tables")
        raw = []
    entries: list[Entry] = []
    seen: dict[tuple, str] = {}
    for i, e in enumerate(raw, 1):
        g = e.get("grapheme", e.get("graphemes")) if isinstance(e, dict) else None
        g0 = g if isinstance(g, str) else (g[0] if isinstance(g, list) and g and isinstance(g[0], str) else "")
        line = line_of(path, f'"{g0}"') if g0 else 0
        where = f"{path}:{line} entry {i}" if line else f"{path} entry {i}"
        entry = _entry(e, where, problems)
        if entry is None:
            continue
        for gr in entry.graphemes:
            key = (gr.lower(), entry.preceded_by, entry.followed_by, entry.languages)
            if key in seen:
                problems.append(f"{where} ({gr!r}): same grapheme and context as {seen[key]}")
            seen[key] = where
        entries.append(entry)
    for i, c in enumerate(d.get("checked", []) if isinstance(d.get("checked", []), list) else [], 1):
        if not isinstance(c, dict):
            problems.append(f"{path} checked {i}: must be a table")
            continue
        problems += check_keys(c, CHECKED_KEYS, f"{path} checked {i}")
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s) in the lexicon\n  " + "\n  ".join(problems))
    return header, entries


class Lexicon:
    """The entries of one or more lexicon files, in order (a later file wins for the same word)."""

    def __init__(self, entries: list[Entry], language: str | None = None, files: tuple[Path, ...] = ()):
        self.entries = list(entries)
        self.language = language
        self.files = files
        self._by_word: dict[str, list[Entry]] = {}
        for e in reversed(self.entries):  # later entries first
            for g in e.graphemes:
                self._by_word.setdefault(g.lower(), []).append(e)
        words = sorted(self._by_word, key=lambda w: (-len(w), w))
        alts = "|".join(r"\s+".join(re.escape(p) for p in w.split(" ")) for w in words)
        self._pattern = re.compile(rf"(?<![\w'’-])(?P<w>{alts})(?![\w-])(?P<pos>['’]s(?![\w-]))?", re.IGNORECASE) \
            if words else None

    def __len__(self) -> int:
        return len(self.entries)

    def apply(self, text: str, fired: dict, language: str | None = None, form: str = "alias") -> str:
        """Replace each grapheme whose entry applies here by what the engine is sent (``form``: its
        alias, or misaki phonemes inline); count it in ``fired["lexicon"]``."""
        if self._pattern is None:
            return text
        language = language or self.language

        def sub(m: re.Match) -> str:
            found, pos = m.group("w"), m.group("pos") or ""
            key = " ".join(found.split()).lower()
            for e in self._by_word.get(key, []):
                said = e.spoken(found, form, pos)
                if said is None or not e.for_language(language):
                    continue
                if e.match_case and " ".join(found.split()) not in e.graphemes:
                    continue
                if not e.context_ok(text[max(0, m.start() - 80): m.start()], text[m.end("w"): m.end("w") + 80]):
                    continue
                name = e.graphemes[0]
                counts = fired.setdefault("lexicon", {})
                counts[name] = counts.get(name, 0) + 1
                return said
            return m.group(0)

        return self._pattern.sub(sub, text)

    def to_pls(self, language: str | None = None) -> str:
        """The lexicon as W3C PLS 1.0 XML (alphabet="ipa"), deterministic, for reading systems."""
        from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib (and ssl), ~20 ms

        language = language or self.language or "en"
        lexemes, skipped = [], []
        for e in self.entries:
            if not e.for_language(language):
                continue
            if e.has_context:
                skipped.append(e.graphemes[0])
                continue
            parts = [f"    <grapheme>{escape(g)}</grapheme>" for g in e.graphemes]
            if e.phoneme:
                parts.append(f"    <phoneme>{escape(e.phoneme)}</phoneme>")
            if e.alias:
                parts.append(f"    <alias>{escape(e.alias)}</alias>")
            lexemes.append("  <lexeme>\n" + "\n".join(parts) + "\n  </lexeme>")
        head = ['<?xml version="1.0" encoding="UTF-8"?>',
                f'<lexicon version="1.0" xmlns="{PLS_NS}" alphabet="ipa" xml:lang={quoteattr(language)}>']
        if skipped:
            names = ", ".join(s.replace("--", "- -") for s in skipped)
            head.append(f"  <!-- context-dependent entries not expressible in PLS: {names} -->")
        return "\n".join(head + lexemes + ["</lexicon>", ""])

    def digest(self, form: str = "alias") -> str:
        """A stable hash of the entries that change speech in ``form`` (for the synthesis cache key).
        For "alias" engines, entries that only carry misaki phonemes and the misaki field are left
        out: adding them does not change what espeak-ng says, so it does not invalidate its cache."""
        data = [{k: v for k, v in asdict(e).items() if k not in ("note", "espeak", "hibari", "source")
                 and not (k == "misaki" and (v is None or form != "misaki"))}
                for e in self.entries if form == "misaki" or e.alias is not None or e.misaki is None]
        blob = json.dumps({"format": 1, "entries": data}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def load_lexicons(paths, language: str | None = None) -> Lexicon:
    """Load lexicon files in order into one Lexicon (ConfigError naming file and entry if malformed)."""
    entries: list[Entry] = []
    files = tuple(Path(p) for p in paths)
    for p in files:
        header, es = load_lexicon_file(p)
        language = language or header.get("language")
        entries += es
    return Lexicon(entries, language, files)

"""Names and numbers: what a point states that a reader cannot check, so it must be in the source.

- :func:`doc_names`: the article's names (capitalised words that occur after the start of a sentence);
- :func:`facts_in`: names (runs of capitalised words count once: "Andy Burnham") and numbers in a text;
- :func:`stated`: the names and numbers a summary sentence states, in order;
- :func:`check_points`: every linked id exists and every sentence's names and numbers occur in each
  sentence it links to. Editors' and generated points both pass through it.

Split out of ``points.py``/``editor.py`` so that neither imports the other (issue 11).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Document

if TYPE_CHECKING:  # only for annotations: points.py imports this module
    from .points import Point

NAME = re.compile(r"(?<![\w’'])[A-Z][\w’'\-]*")
NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def facts_in(text: str, names: set[str]) -> set[str]:
    """Names (runs of capitalised words count once: "Red Wall", "Andy Burnham") and numbers in ``text``."""
    runs = set()
    for m in re.finditer(r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*", text):
        run: list[str] = []
        for w in [re.sub(r"[’']s$", "", w) for w in m.group(0).split()] + [""]:
            if w in names:
                run.append(w)
            elif run:  # a word that is not a name ends the run: "Snopes Fact-Checker David Emery" is not
                runs.add(" ".join(run))  # one name "Snopes Emery"
                run = []
    return runs | set(NUMBER.findall(text))


def doc_names(doc: Document) -> set[str]:
    """Capitalised words that occur after the start of some sentence: the article's names."""
    names = set()
    body = [s for b in doc.blocks if b.kind != "heading" for s in b.all_sentences()]  # headlines are title case
    for s in body:
        for m in list(NAME.finditer(s.text))[1:] if s.text[:1].isupper() else NAME.finditer(s.text):
            if m.start() > 0 and m.group(0) != "I":
                names.add(re.sub(r"[’']s$", "", m.group(0)))
    return names


def stated(text: str, names: set[str]) -> list[str]:
    """Names and numbers a sentence states, in order: every capitalised word after the first (a name
    whether or not the article has it: "Leeds" must be checked too), the first word when it is one of
    the article's names, and every number. Possessive 's is dropped."""
    out = []
    for m in NAME.finditer(text):
        w = re.sub(r"[’']s$", "", m.group(0))
        first = m.start() == len(text) - len(text.lstrip(" “\"‘'("))
        if (w in names or not first) and w != "I" and w not in out:
            out.append(w)
    for n in NUMBER.findall(text):
        if n not in out:
            out.append(n)
    return out


def missing_facts(text: str, source: str, names: set[str]) -> list[str]:
    """The names and numbers ``text`` states that ``source`` does not contain word for word."""
    src = norm(source)
    return [w for w in stated(text, names) if not re.search(rf"(?<!\w){re.escape(norm(w))}(?!\w)", src)]


def check_points(points: list["Point"], doc: Document) -> list[str]:
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
                missing = missing_facts(ln.text, sentences[sid].text, names)
                if missing:
                    problems.append(f"point {i}: {ln.text!r} states {', '.join(missing)}, "
                                    f"which {sid} ({sentences[sid].text[:60]!r}...) does not contain")
    return problems

"""Page furniture: lines a scraper caught that belong to the web page, not the article.

The list is reviewed data (``seeds/furniture.toml``), not code::

    [[furniture]]
    text = "Share"              # the whole line, compared case-insensitively
    note = "share button label"

    [[furniture]]
    pattern = '(?i)\\d+ comments?'   # or a regular expression the whole line must match
    note = "comment counter"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import check_keys, load_toml, raise_all

KEYS = ("text", "pattern", "note")


@dataclass(frozen=True)
class FurnitureRule:
    name: str
    text: str | None = None
    pattern: re.Pattern | None = None

    def matches(self, line: str) -> bool:
        s = " ".join(line.split())
        if self.text is not None:
            return s.casefold() == self.text.casefold()
        return bool(self.pattern and self.pattern.fullmatch(s))


def load_furniture(path: Path) -> list[FurnitureRule]:
    if not Path(path).exists():
        return []
    data = load_toml(path)
    problems = check_keys(data, ("furniture",), str(path))
    rules = []
    for i, e in enumerate(data.get("furniture", []), 1):
        where = f"furniture entry {i}"
        if not isinstance(e, dict):
            problems.append(f"{where}: must be a table")
            continue
        problems += check_keys(e, KEYS, where)
        if ("text" in e) == ("pattern" in e):
            problems.append(f"{where}: give exactly one of 'text' or 'pattern'")
            continue
        if "text" in e:
            if not isinstance(e["text"], str) or not e["text"].strip():
                problems.append(f"{where}: 'text' must be a non-empty string")
                continue
            rules.append(FurnitureRule(name=f"text:{e['text']}", text=" ".join(e["text"].split())))
        else:
            try:
                rules.append(FurnitureRule(name=f"pattern:{e['pattern']}", pattern=re.compile(e["pattern"])))
            except (re.error, TypeError) as err:
                problems.append(f"{where}: bad pattern {e['pattern']!r}: {err}")
    raise_all(problems, path)
    return rules


def is_furniture(line: str, rules: list[FurnitureRule]) -> FurnitureRule | None:
    for r in rules:
        if r.matches(line):
            return r
    return None

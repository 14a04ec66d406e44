"""The language of a plain-text article, when its script says it (plain text carries no ``lang``).

Only scripts that name one language (or whose letters tell the languages apart) are used: Hebrew,
Arabic (Persian and Urdu by their own letters), Greek, Thai, Georgian, Armenian, Korean, Japanese
(kana) and Chinese (Han without kana). Latin, Cyrillic, Devanagari and other shared scripts give
``None``: the caller keeps its default, and an editor states the language in ``<stem>.meta.toml``.
The EPUB and the summary page take their ``lang`` and text direction (``dir="rtl"``) from it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

SCRIPTS = {"HEBREW": "he", "ARABIC": "ar", "GREEK": "el", "THAI": "th", "GEORGIAN": "ka", "ARMENIAN": "hy",
           "HANGUL": "ko", "KANA": "ja", "CJK": "zh"}
PERSIAN = set("پچژگ")
URDU = set("ٹڈڑںےھ")
SAMPLE = 20_000  # characters looked at


def guess_language(text: str) -> str | None:
    """A BCP 47 language code when most letters of ``text`` are in a script that names its language."""
    counts: Counter[str] = Counter()
    letters = 0
    sample = text[:SAMPLE]
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        name = unicodedata.name(ch, "")
        script = name.split(" ", 1)[0]
        counts["KANA" if script in ("HIRAGANA", "KATAKANA") else script] += 1
    if not letters:
        return None
    if counts["KANA"]:  # Japanese mixes kanji with kana; Chinese has no kana
        counts["KANA"] += counts.pop("CJK", 0)
    script, n = counts.most_common(1)[0]
    if script not in SCRIPTS or n < 0.5 * letters:
        return None
    if script == "ARABIC":
        if any(ch in URDU for ch in sample):
            return "ur"
        if any(ch in PERSIAN for ch in sample):
            return "fa"
    return SCRIPTS[script]

"""The language of a plain-text article, when its script says it (plain text carries no ``lang``).

Only scripts that name one language (or whose letters tell the languages apart) are used: Hebrew,
Arabic (Persian and Urdu by their own letters), Greek, Thai, Georgian, Armenian, Korean, Japanese
(kana) and Chinese (Han without kana). Latin, Cyrillic, Devanagari and other shared scripts give
``None``: the caller keeps its default, and an editor states the language in ``<stem>.meta.toml``.
The EPUB and the summary page take their ``lang`` and text direction (``dir="rtl"``) from it.

For HTML pages, :func:`detect_language` checks the declared language (``<html lang>``, then
metadata) against the text: the script first, then py3langid (langid.py's model, which ships
inside the package: offline).
"""

from __future__ import annotations

import functools
import re
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


# --- HTML pages: the declared language, checked against the text -----------------------------
MIN_TEXT_WORDS = 30  # below this the text is too short to overrule what the page declares
CONFIDENT = 0.95  # py3langid's normalised probability needed to overrule a declared language


@functools.lru_cache(maxsize=1)
def _identifier():
    """py3langid (langid.py's model, shipped inside the package: offline, no download)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """(language, confidence) of ``text`` from its script, else from py3langid; (None, 0) when unsure."""
    by_script = guess_language(text)
    if by_script:
        return by_script, 1.0
    sample = text[:SAMPLE]
    if len(sample.split()) < MIN_TEXT_WORDS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def detect_language(declared: str, text: str) -> str:
    """The page's language: what ``<html lang>``/metadata declare, unless the text clearly says
    another language (a Spanish article on a page templated ``lang="en"``); the text's language
    when nothing is declared; ``en`` when neither tells."""
    guess, confidence = identify(text)
    primary = (declared or "").split("-")[0].lower()
    if declared and (guess is None or guess == primary or confidence < CONFIDENT):
        return declared
    return guess or declared or "en"


def is_cjk(language: str) -> bool:
    return (language or "").split("-")[0].lower() in ("zh", "ja", "ko")


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str, language: str = "en") -> int:
    """Words in ``text``: white-space separated words, each Han/kana character counting as one
    (Chinese and Japanese do not put spaces between words)."""
    cjk = len(_CJK_CHAR.findall(text))
    return len(_CJK_CHAR.sub(" ", text).split()) + cjk

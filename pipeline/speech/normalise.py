"""Speech normalisation: written conventions espeak-ng reads wrongly or ambiguously, as words.

Each rule was checked against ``espeak-ng -v gmw/en -x -q "..."`` first; only what espeak gets wrong
or ambiguous is rewritten (README "Spoken form" lists the evidence). Rules run in this order, each
counted per article in ``fired["normalise"][rule]``:

 1. quotes     typographic/straight quotation marks dropped (apostrophes kept as ')
 2. url, email "www.example.com/x" -> "example dot com" (path dropped); "a@b.org" -> "a at b dot org"
 3. currency   "£3.5m" -> "three point five million pounds", "$20" -> "twenty dollars", "50p" -> "fifty pence"
 4. decade     "the 90's"/"90s" -> "the nineties", "1990s" -> "nineteen nineties"
 5. year_range "1990-1995" -> "nineteen ninety to nineteen ninety-five", "2019/20" -> "... to twenty twenty"
 6. year       a bare 4-digit number 1100-2099 -> "twenty nineteen" (UK style writes counts with commas)
 7. time       "10.30am" -> "ten thirty A M", "10:05" -> "ten oh five", "10:00" -> "ten o'clock"
 8. range      "5-10" -> "5 to 10" (espeak says "five dash ten")
 9. unit       "10km" -> "ten kilometres", "12°C" -> "twelve degrees Celsius"
10. abbreviation  Mr/Mrs/Ms/Dr/St/Prof/Cllr/Rt Hon/No./vs/e.g./i.e./etc. (Dr/St: Doctor/Saint before a
                  name, Drive/Street after one)
11. roman      "World War II" -> "World War Two", "Henry VIII" -> "Henry the Eighth"
12. initialism "MP" -> "M P", "MPs" -> "M P's", "DUP" -> "D U P" (espeak says "doop"); acronyms said as
               words (NATO, Covid, ...) are kept; skipped in all-capitals sentences
13. ampersand  "&" -> "and";  hashtag "#word" -> "word"
14. dash       en/em dash and spaced hyphen -> a comma (a pause)
15. symbol     emoji, arrows, stars and other symbols dropped
A sentence left with no letter or digit becomes "" (the engine says nothing: a short silence).

Other languages: the rules above write English words, so only the language-neutral ones run
(quotes, dashes, symbols; CJK punctuation is kept, it is where the voice pauses), and bare years
become words in the article's language with num2words (``2019`` -> "zweitausendneunzehn") when
num2words knows it (not Chinese; not Japanese, where it gives era names); other numbers are left to
the voice, which reads digits in its own language (espeak-ng: "3,5" -> "drei Komma fünf").
Ordinals (1st, 22nd), percentages (20%), negative, plain and decimal numbers are left: espeak reads
them right ("-5" and "−5" -> "minus five").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words

from ..errors import ConfigError


NO_YEAR_WORDS = {"ja"}  # num2words' to="year" gives an era name (2024 -> 令和六年), not the number


@lru_cache(maxsize=None)
def num2words_lang(language: str) -> str:
    """The num2words locale for a BCP 47 tag: "en-GB" -> "en" (num2words has no en_GB)."""
    tag = language.replace("-", "_")
    for cand in (tag, tag.split("_")[0]):
        if cand in CONVERTER_CLASSES:
            return cand
    raise ConfigError(f"no number words for language {language!r} (num2words knows: "
                      f"{', '.join(sorted(CONVERTER_CLASSES))})")


class Normaliser:
    def __init__(self, language: str = "en-GB"):
        self.english = (language or "en").lower().replace("_", "-").split("-")[0] == "en"
        try:
            self.lang = num2words_lang(language or "en")
        except ConfigError:
            if self.english:
                raise
            self.lang = None  # no number words: digits are left to the voice

    # --- helpers ---------------------------------------------------------------------------
    def words(self, n, **kw) -> str:
        return num2words(n, lang=self.lang, **kw)

    def number(self, s: str) -> str:
        s = s.replace(",", "")
        return self.words(float(s) if "." in s else int(s))

    def year(self, y: int) -> str:
        return self.words(y, to="year")

    # --- rules -----------------------------------------------------------------------------
    def __call__(self, text: str, fired: dict) -> str:
        counts = fired.setdefault("normalise", {})

        def run(rule: str, pattern: re.Pattern, repl, s: str) -> str:
            def sub(m):
                out = repl(m) if callable(repl) else m.expand(repl)
                if out != m.group(0):
                    counts[rule] = counts.get(rule, 0) + 1
                return out
            return pattern.sub(sub, s)

        if not self.english:
            return self._other_language(text, run)
        s = unicodedata.normalize("NFC", text)
        s = APOSTROPHE.sub("'", s)
        s = run("quotes", QUOTES, "", s)
        s = run("email", EMAIL, lambda m: f"{dotted(m.group(1))} at {dotted(m.group(2))}", s)
        s = run("url", URL, lambda m: dotted(m.group(1)), s)
        s = run("currency", MONEY, self._money, s)
        s = run("currency", PENCE, lambda m: f"{self.number(m.group(1))} {'penny' if m.group(1) == '1' else 'pence'}", s)
        s = run("decade", DECADE, self._decade, s)
        s = run("year_range", YEAR_RANGE, self._year_range, s)
        s = run("year", YEAR, lambda m: self.year(int(m.group(0))), s)
        s = run("time", TIME, self._time, s)
        s = run("time", HOUR_AMPM, lambda m: f"{self.words(int(m.group(1)))} {ampm(m.group(2))}", s)
        s = run("range", RANGE, r"\1 to \2", s)
        s = run("unit", UNIT, self._unit, s)
        for rule, pattern, repl in ABBREVIATIONS:
            s = run(rule, pattern, repl, s)
        if not mostly_capitals(s):
            s = run("roman", ROMAN, self._roman, s)
            s = run("initialism", INITIALISM, initialism, s)
        s = run("ampersand", AMPERSAND, " and ", s)
        s = run("hashtag", HASHTAG, r"\1", s)
        s = run("dash", DASH, ", ", s)
        s = s.replace("…", "...")  # an ellipsis is a pause, not a symbol
        s = run("symbol", SYMBOL, " ", s)
        s = tidy(s)
        return s if re.search(r"[^\W_]", s) else ""

    def _other_language(self, text: str, run) -> str:
        """The language-neutral rules, and years as words in the article's language."""
        s = unicodedata.normalize("NFC", text)
        s = APOSTROPHE.sub("'", s)
        s = run("quotes", QUOTES, "", s)
        if self.lang and self.lang not in NO_YEAR_WORDS:
            s = run("year", YEAR, lambda m: self.year(int(m.group(0))), s)
        s = run("dash", DASH, ", ", s)
        s = s.replace("…", "...")
        s = run("symbol", SYMBOL_ANY_LANGUAGE, " ", s)
        s = tidy(s)
        return s if re.search(r"[^\W_]", s) else ""

    def _money(self, m: re.Match) -> str:
        sym, amount, scale = m.group("sym"), m.group("amount"), (m.group("scale") or "").lower()
        one, many = CURRENCIES[sym]
        value = amount.replace(",", "")
        if scale:
            return f"{self.number(value)} {SCALES[scale]} {many}"
        whole, _, cents = value.partition(".")
        out = f"{self.number(whole)} {one if whole == '1' else many}"
        if cents and int(cents):
            out += f" {self.words(int(cents.ljust(2, '0')[:2]))}"
        return out

    def _decade(self, m: re.Match) -> str:
        digits = m.group("digits")
        if len(digits) == 2:
            words = self.words(int(digits))
        else:
            words = self.year(int(digits))
        head, _, last = words.rpartition(" ")
        last = last[:-1] + "ies" if last.endswith("y") else last + "s"
        return (m.group("the") or "") + (f"{head} {last}" if head else last)

    def _year_range(self, m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        end = int(a[:2] + b) if len(b) == 2 else int(b)
        if end <= int(a):
            return m.group(0)
        return f"{self.year(int(a))} to {self.year(end)}"

    def _time(self, m: re.Match) -> str:
        h, mins, suffix = int(m.group(1)), int(m.group(3)), m.group(4)
        if h > 23 or mins > 59 or (suffix is None and m.group("sep") == "."):
            return m.group(0)
        hour = self.words(h)
        if mins == 0:
            said = f"{hour} o'clock" if suffix or h <= 12 else f"{hour} hundred"
        elif mins < 10:
            said = f"{hour} oh {self.words(mins)}"
        else:
            said = f"{hour} {self.words(mins)}"
        if suffix:
            said = said.replace(" o'clock", "") + " " + ampm(suffix)
        return said

    def _unit(self, m: re.Match) -> str:
        n = m.group(1)
        one, many = UNITS[m.group(2).lower() if m.group(2).lower() in UNITS else m.group(2)]
        return f"{self.number(n)} {one if n == '1' else many}"

    def _roman(self, m: re.Match) -> str:
        word, numeral = m.group(1), m.group(2)
        value = roman_value(numeral)
        if value is None:
            return m.group(0)
        if word in ("War", "Part", "Chapter", "Act", "Volume", "Phase", "Stage", "Level"):
            return f"{word} {self.words(value).capitalize()}"
        return f"{word} the {self.words(value, to='ordinal').capitalize()}"


# --- patterns and tables -------------------------------------------------------------------
APOSTROPHE = re.compile(r"(?<=[^\W_])[’'](?=[^\W_])|(?<=[0-9s])[’'](?=s\b|[^\w‘’']|$)|[‘’'](?=\d0s\b)")
QUOTES = re.compile(r"[“”„‟«»‹›\"]|(?<![^\W_])[‘’'`](?!\d0s\b)|(?<!\d0)[‘’'`](?![^\W_])")
EMAIL = re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b")
URL = re.compile(r"\b(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|org|net|uk|gov|edu|io|eu|info|co|ac)\b)"
                 r"(?:/[^\s]*[^\s.,;:!?)'\"])?", re.IGNORECASE)
CURRENCIES = {"£": ("pound", "pounds"), "$": ("dollar", "dollars"), "€": ("euro", "euros"), "¥": ("yen", "yen")}
SCALES = {"k": "thousand", "m": "million", "bn": "billion", "tn": "trillion", "million": "million",
          "billion": "billion", "trillion": "trillion", "thousand": "thousand"}
MONEY = re.compile(r"(?P<sym>[£$€¥])\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                   r"(?:\s?(?P<scale>bn|tn|m|k|million|billion|trillion|thousand)\b)?", re.IGNORECASE)
PENCE = re.compile(r"\b(\d{1,3})p\b")
DECADE = re.compile(r"(?P<the>\b[Tt]he (?:early |mid-|late )?)?'?\b(?P<digits>1[1-9]\d0|20[0-9]0|[1-9]0)'?s\b")
YEAR_RANGE = re.compile(r"\b(1[1-9]\d\d|20\d\d)\s?[-–/]\s?(1[1-9]\d\d|20\d\d|\d\d)\b(?![-/.,]?\d)")
YEAR = re.compile(r"(?<![\d.,£$€¥/:-])\b(1[1-9]\d\d|20\d\d)\b(?![\d%]|[.,:/]\d|\s?(?:%|per ?cent|km|kg|m\b|miles))")
TIME = re.compile(r"\b([01]?\d|2[0-3])(?P<sep>[:.])([0-5]\d)(?:\s?(am|pm|a\.m\.|p\.m\.))?(?![\d.]\d)", re.IGNORECASE)
HOUR_AMPM = re.compile(r"\b(1[0-2]|[1-9])\s?(am|pm|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE)
RANGE = re.compile(r"\b(\d+(?:\.\d+)?)\s?[-–]\s?(\d+(?:\.\d+)?)\b")
UNITS = {"km": ("kilometre", "kilometres"), "kg": ("kilogram", "kilograms"), "cm": ("centimetre", "centimetres"),
         "mm": ("millimetre", "millimetres"), "mph": ("mile per hour", "miles per hour"),
         "km/h": ("kilometre per hour", "kilometres per hour"), "°C": ("degree Celsius", "degrees Celsius"),
         "°F": ("degree Fahrenheit", "degrees Fahrenheit"), "ml": ("millilitre", "millilitres")}
UNIT = re.compile(r"\b(\d+(?:\.\d+)?)\s?(km/h|km|kg|cm|mm|mph|ml|°C|°F)(?![\w/])")
NAME = r"(?=\s+[A-Z])"
ABBREVIATIONS = [
    ("abbreviation", re.compile(r"\bMr\b\.?"), "Mister"),
    ("abbreviation", re.compile(r"\bMrs\b\.?"), "Missus"),
    ("abbreviation", re.compile(r"\bMs\b\.?" + NAME), "Miz"),
    ("abbreviation", re.compile(r"\bDr\b\.?" + NAME), "Doctor"),
    ("abbreviation", re.compile(r"\b([A-Z][a-z]+) Dr\b\.?"), r"\1 Drive"),
    ("abbreviation", re.compile(r"\bSt\b\.?" + NAME), "Saint"),
    ("abbreviation", re.compile(r"\b([A-Z][a-z]+) St\b\.?"), r"\1 Street"),
    ("abbreviation", re.compile(r"\bProf\b\.?" + NAME), "Professor"),
    ("abbreviation", re.compile(r"\bCllr\b\.?"), "Councillor"),
    ("abbreviation", re.compile(r"\bRt\.? Hon\b\.?"), "Right Honourable"),
    ("abbreviation", re.compile(r"\bNo\.? ?(?=\d)"), "Number "),
    ("abbreviation", re.compile(r"\bvs\b\.?"), "versus"),
    ("abbreviation", re.compile(r"(?<=[a-z] )v\.?(?= [A-Z])"), "versus"),
    ("abbreviation", re.compile(r"\b24/7\b"), "twenty-four seven"),
    ("abbreviation", re.compile(r"\be\.g\.(?!\w)"), "for example"),
    ("abbreviation", re.compile(r"\bi\.e\.(?!\w)"), "that is"),
    ("abbreviation", re.compile(r"\betc\.?(?!\w)"), "et cetera"),
]
# Said as words, not letters (espeak-ng reads these as words already; keep them)
ACRONYMS = frozenset("""NATO UKIP COVID NASA UNESCO UNICEF OPEC AIDS BAME SAGE NIMBY ASBO ISA FIFA UEFA NICE
    OFSTED OFCOM OFGEM LEGO SARS MERS PIN CAMRA WASPI NEET GIF JPEG ACAS UCAS NAFTA ASEAN ISIS DEFRA EFTA
    SWAT""".split())
INITIALISM = re.compile(r"\b([A-Z]{2,6})(s|'s|’s)?\b(?![-'’]?\d)")
ROMAN = re.compile(r"\b([A-Z][a-z]+) ([IVX]{2,6})\b")
AMPERSAND = re.compile(r"\s*&\s*")
HASHTAG = re.compile(r"(?<!\w)#(\w+)")
DASH = re.compile(r"\s*[–—―]\s*|\s+-{1,2}\s+")
SYMBOL = re.compile(r"[^\w\s.,;:!?'()%+/-]|_")
# ... and for other languages: CJK punctuation (、。「」, fullwidth ，！？) and ¿¡ stay (the voice pauses
# there), and currency signs (espeak-ng says "€" as the language's word for euro)
SYMBOL_ANY_LANGUAGE = re.compile(r"[^\w\s.,;:!?'()%+/€$£¥\u3000-\u303f\uff01-\uff1f¿¡«»-]|_")


def dotted(host: str) -> str:
    return " dot ".join(p for p in re.split(r"\.", host) if p)


def ampm(s: str) -> str:
    return "A M" if s.lower().startswith("a") else "P M"


def initialism(m: re.Match) -> str:
    letters, plural = m.group(1), m.group(2) or ""
    if letters in ACRONYMS:
        return m.group(0)
    spelled = " ".join(letters)
    return spelled + "'s" if plural else spelled


def mostly_capitals(s: str) -> bool:
    words = re.findall(r"[A-Za-z]{2,}", s)
    return len(words) >= 3 and sum(w.isupper() for w in words) * 2 > len(words)


def roman_value(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total if 2 <= total <= 39 and to_roman(total) == s else None


def to_roman(n: int) -> str:
    out = ""
    for v, r in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


def tidy(s: str) -> str:
    s = " ".join(s.split())
    s = re.sub(r"\s+([,.;:!?)])", r"\1", s)
    s = re.sub(r"([(])\s+", r"\1", s)
    s = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", s)  # ", ," left by dashes next to commas
    s = re.sub(r"^[,;:.\s]+", "", s)
    s = re.sub(r"\s*,\s*([.!?])$", r"\1", s)
    return s.strip()

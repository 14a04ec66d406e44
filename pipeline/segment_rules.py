"""pySBD with its abbreviation pass freed of repeated work: the same rules, the same cuts.

Most of pySBD's time goes to one loop (``AbbreviationReplacer.search_for_abbreviations_in_string``):
for every known abbreviation found in the text ("is", "no", "p", "mr", ...) it runs one
``re.sub`` over the whole text *per occurrence*, each time with the same pattern. That is
quadratic in the text and almost all of it is repeated work: a second run of the same
substitution changes nothing. Here each distinct substitution runs once, in the order pySBD
first runs it; everything else is pySBD's own code.

Why skipping a repeat is exact (pySBD 0.3.4): every substitution in that loop turns a "." into
"∯" where a pattern around it holds, and no pattern element accepts "∯" where it rejects "."
(escaped abbreviation letters, ``\\s``, and the look-ahead's ``\\.``/``:``/``-``/``?``/``,``/
``[a-z]``/``\\d``/``(``; an unescaped ``.`` in an abbreviation accepts both). So after a
substitution S has run, later replacements can only remove places where S matches, never add
one, and S itself has already replaced every place where it matched: running S again, whatever
ran in between, replaces nothing. The substitution run for an occurrence is chosen by
``scan_for_replacements`` from (the matched text, the character array entry), so the key of a
repeat is that pair. tests/test_segment_rules.py checks the strings are identical to pySBD's.

Used only for pySBD 0.3.4 (the version the argument was made for, pinned in pyproject.toml)
and for languages that keep pySBD's own abbreviation loop; anything else gets stock pySBD.
"""

from __future__ import annotations

import functools
import re

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.processor import Processor
from pysbd.utils import TextSpan

CHECKED_VERSION = "0.3.4"
# the methods the argument above is about: a language overriding one keeps pySBD's loop
_LOOP = ("search_for_abbreviations_in_string", "scan_for_replacements", "replace_period_of_abbr")


def segmenter(language: str, char_span: bool = True) -> pysbd.Segmenter:
    """A pySBD segmenter for ``language`` (raises ValueError for an unknown one, as pySBD does)."""
    seg = pysbd.Segmenter(language=language, clean=False, char_span=char_span)
    if pysbd.__version__ == CHECKED_VERSION:
        seg.__class__ = _Segmenter
    return seg


class _Segmenter(pysbd.Segmenter):
    def processor(self, text):
        fast = _fast_processor(self.language_module)
        return fast(text, self.language_module, char_span=self.char_span) if fast else super().processor(text)

    def sentences_with_char_spans(self, sentences):
        r"""pySBD's offset recovery without compiling a pattern per sentence: pySBD takes, for each
        sentence, the first match of ``re.escape(sentence) + r"\s*"`` in the whole text (matches
        found left to right, each search going on from the previous match's end) that ends after
        the previous sentence's span. For a non-empty sentence that match is a ``str.find`` of the
        sentence plus the run of white space after it (``\s`` is ``str.isspace``)."""
        text, spans, prior_end = self.original_text, [], 0
        for sent in sentences:
            for start, end in _matches(sent, text):
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
        return spans


def _matches(sent: str, text: str):
    r"""The spans of ``re.finditer(re.escape(sent) + r"\s*", text)``, found with ``str.find``."""
    if not sent:  # the pattern matches the empty string: leave its stepping rules to ``re``
        yield from (m.span() for m in re.finditer(r"\s*", text))
        return
    pos = 0
    while (start := text.find(sent, pos)) >= 0:
        end = start + len(sent)
        while end < len(text) and text[end].isspace():
            end += 1
        yield start, end
        pos = end


@functools.lru_cache(maxsize=None)
def _fast_processor(lang):
    """A Processor class whose abbreviation pass skips repeats; None where that is not proven."""
    base = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    if any(getattr(base, m) is not getattr(AbbreviationReplacer, m) for m in _LOOP):
        return None
    proc = getattr(lang, "Processor", Processor)
    if proc.abbreviations_replacer is not Processor.abbreviations_replacer:
        return None
    replacer = type("Once" + base.__name__, (_ReplaceOnce, base), {})
    return type("Once" + proc.__name__, (proc,), {
        "abbreviations_replacer": lambda self: replacer(self.text, self.lang)})


# the only characters that re.IGNORECASE matches to an ASCII letter differently from str.lower()
# equality (and "İ" is the only one str.lower() makes longer); tests/test_segment_rules.py
# checks this over every code point
_FOLDS_APART = frozenset("İıſ")


class _ReplaceOnce:
    def search_for_abbreviations_in_string(self, text):
        # pySBD 0.3.4's loop (MIT licence, Nipun Sadvilkar), with the repeats skipped, and its two
        # per-abbreviation regex scans answered by str.find where that gives the same list
        lowered = text.lower()
        plain = _FOLDS_APART.isdisjoint(text)
        braces = "{" in text
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            word = plain and stripped.isascii() and stripped.isalpha()
            if word:
                abbrev_match = _after_space(text, lowered, stripped)
            else:
                abbrev_match = re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)
            if not abbrev_match:
                continue
            if word and not braces:  # the look-behind below starts with a literal "{"
                char_array = []
            else:
                next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
                char_array = re.findall(next_word_start, text)
            done = set()
            for ind, match in enumerate(abbrev_match):
                key = (match, char_array[ind] if ind < len(char_array) else "")
                if key in done:
                    continue
                done.add(key)
                name = match.strip()
                # every substitution scan_for_replacements may run needs ``name + "."`` in the text
                if not (name.isascii() and name.isalpha()) or name + "." in text:
                    text = self.scan_for_replacements(text, match, ind, char_array)
        return text


def _after_space(text: str, lowered: str, word: str) -> list[str]:
    r"""``re.findall(r"(?:^|\s|\r|\n)" + word, text, flags=re.IGNORECASE)`` for an ASCII word, with
    ``lowered`` aligned with ``text`` letter for letter (no character of _FOLDS_APART in it): the
    word at the start, or after a white space (matches cannot overlap: a word has no space)."""
    out, n, i = [], len(word), lowered.find(word)
    while i >= 0:
        if i == 0:
            out.append(text[:n])
        elif text[i - 1].isspace():
            out.append(text[i - 1:i + n])
        i = lowered.find(word, i + 1)
    return out

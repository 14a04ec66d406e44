r"""pySBD without its repeated work: the same rules, the same sentences, the same offsets.

pySBD 0.3.4 spends most of its time redoing work, not judging boundaries:

- offsets: for every sentence it compiles ``re.escape(sentence) + r"\s*"`` (each one new, so
  ``re``'s cache never helps) and scans the text from its start: here ``str.find``, same spans;
- abbreviations: for every abbreviation found ("is", "no", "p", "mr", ...) it runs one ``re.sub``
  over the whole text per occurrence, each time with the same pattern, after two regex scans the
  str methods can answer. Here each distinct substitution runs once (see below), a substitution
  that needs ``abbr + "."`` where the text has none is skipped, and the scans are ``str.find``
  where that gives the same list (an ASCII word; no letter that re.IGNORECASE folds otherwise);
- placeholders: ~20 ``re.sub`` calls per sentence put "∯", "&ᓴ&", ... back: a plain-text rule is
  ``str.replace`` (the same result by construction);
- lists: two list-marker patterns try four look-behind branches at every position; written with
  the letter first they match the same places and let ``re`` skip ahead.

Why running an abbreviation substitution once is exact: every substitution in that loop turns a
"." into "∯" where a pattern around it holds, and no pattern element accepts "∯" where it rejects
"." (escaped abbreviation letters, ``\s``, the look-ahead's ``\.``/``:``/``-``/``?``/``,``/
``[a-z]``/``\d``/``(``; an unescaped ``.`` in an abbreviation accepts both). So after a
substitution S has run, later replacements can only remove places where S matches, never add one,
and S has already replaced every place where it matched: running S again, whatever ran in
between, replaces nothing. ``scan_for_replacements`` chooses the substitution from (the matched
text, the character-array entry), so that pair is the key of a repeat.

tests/test_segment_rules.py checks on generated text (abbreviations in every case, decimals,
ellipses, quotes, lists, pySBD's own placeholders typed in) that sentences and offsets are stock
pySBD's, alone and through the windows of segment.sentence_starts. Used only with pySBD 0.3.4
(the version the argument was made for, pinned in pyproject.toml) and for languages that keep
pySBD's own methods for the steps replaced here (not de, bg, ru, sk, ar, fa: they get stock pySBD).
"""

from __future__ import annotations

import functools
import re

import pysbd
from pysbd.abbreviation_replacer import AbbreviationReplacer
from pysbd.lists_item_replacer import ListItemReplacer
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
    """A Processor class doing pySBD's work without the repeats; None where that is not proven."""
    base = getattr(lang, "AbbreviationReplacer", AbbreviationReplacer)
    proc = getattr(lang, "Processor", Processor)
    if any(getattr(base, m) is not getattr(AbbreviationReplacer, m) for m in _LOOP) or any(
            getattr(proc, m) is not getattr(Processor, m) for m in _PROCESSOR):
        return None
    replacer = type("Once" + base.__name__, (_ReplaceOnce, base), {})
    return type("Once" + proc.__name__, (_ProcessOnce, proc), {
        "abbreviations_replacer": lambda self: replacer(self.text, self.lang)})


# the Processor methods _ProcessOnce copies: a language overriding one keeps pySBD's Processor
_PROCESSOR = ("process", "split_into_segments", "post_process_segments", "abbreviations_replacer")


def _apply(text: str, rules) -> str:
    """``Text(text).apply(*rules)``, with a rule whose pattern is plain text done by ``str.replace``."""
    for rule in rules:
        if _plain(rule):
            text = text.replace(rule.pattern, rule.replacement)
        else:
            text = re.sub(rule.pattern, rule.replacement, text)
    return text


@functools.lru_cache(maxsize=None)
def _plain(rule) -> bool:
    """A pattern with no regex syntax and a replacement with no backslash (no group reference):
    then ``str.replace`` does exactly what ``re.sub`` does (leftmost, non-overlapping matches, left
    to right). pySBD's rules put placeholders back this way ("∯" -> ".", "&ᓴ&" -> "!")."""
    pattern, repl = rule.pattern, rule.replacement
    return (isinstance(pattern, str) and isinstance(repl, str) and re.fullmatch(r"[^\\.^$*+?{}\[\]|()]+", pattern)
            is not None and "\\" not in repl)


class _Lists(ListItemReplacer):
    # pySBD's two alphabetical-list patterns, each written as one branch with the letter first
    # (re then skips ahead to a letter instead of trying every branch at every position). The
    # same places match: "(?<!\S.)" after the letter is "start of text or white space before
    # it"; "(?<![^\s(][a-z])" is "start, white space or ( before it". tests/test_segment_rules.py
    # compares both with pySBD's on generated text.
    ALPHABETICAL_LIST_WITH_PERIODS = r"[a-z](?=\.)(?<!\S.)"
    ALPHABETICAL_LIST_WITH_PARENS = r"[a-z](?<![^\s(][a-z])[a-z]*(?=\))"


class _ProcessOnce:
    # pySBD 0.3.4's Processor.process, split_into_segments and post_process_segments (MIT
    # licence, Nipun Sadvilkar), with _Lists for ListItemReplacer and _apply for Text(...).apply

    def process(self):
        if not self.text:
            return self.text
        self.text = self.text.replace("\n", "\r")
        self.text = _Lists(self.text).add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        self.text = _apply(self.text, (self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
                                       self.lang.GeoLocationRule, self.lang.FileFormatRule))
        return self.split_into_segments()

    def split_into_segments(self):
        self.check_for_parens_between_quotes()
        sents = self.rm_none_flatten(self.text.split("\r"))
        sents = [_apply(s, (self.lang.SingleNewLineRule, *self.lang.EllipsisRules.All)) for s in sents]
        sents = self.rm_none_flatten([self.check_for_punctuation(s) for s in sents])
        out = []
        for sent in sents:
            post = self.post_process_segments(_apply(sent, self.lang.SubSymbolsRules.All))
            if post and isinstance(post, str):
                out.append(post)
            elif isinstance(post, list):
                out.extend(post)
        return [_apply(s, (self.lang.SubSingleQuoteRule,)) for s in out]

    def post_process_segments(self, txt):
        if len(txt) > 2 and re.search(r"\A[a-zA-Z]*\Z", txt):
            return txt
        txt = _apply(txt, self.lang.ReinsertEllipsisRules.All)
        if re.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
            return re.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        return txt.replace("\n", "").strip()


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

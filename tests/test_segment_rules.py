"""pySBD without its repeated work (pipeline/segment_rules.py) gives exactly stock pySBD's sentences
and offsets: on generated text full of what its rules look at (abbreviations in every case,
decimals, ellipses, quotes, parentheses, list markers, letters that fold oddly), alone and through
the windows of segment.sentence_starts (issue 12: 3 MB in under 10 s, not one cut changed)."""

from __future__ import annotations

import re
import sys

import pysbd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import segment_rules
from pipeline.segment import sentence_starts
from pipeline.segment_rules import _FOLDS_APART, _after_space, segmenter

TOKENS = [
    "Mr.", "mr.", "MR.", "Mrs.", "Dr.", "dr.", "Prof.", "St.", "st.", "Gen.", "Sen.", "Rev.", "vs.", "v.",
    "e.g.", "E.g.", "i.e.", "etc.", "etc..", "U.S.", "u.s.", "U.S.A.", "Ph.D.", "No.", "no.", "No. 5", "p. 12",
    "pp. 3", "art. 2", "Jan.", "Fig.", "fig. 3", "Inc.", "Co.", "Ltd.", "Ave.", "a.m.", "p.m.", "A.M.", "is.",
    "is", "Is.", "may.", "me.", "id.", "ill.", "man.", "a.", "b.", "c.", "(a)", "(b)", "i.", "ii.", "(iv)",
    "1.", "2.", "3)", "4)", "10.", "3.5", "£5.2m", "1.000", "...", "…", ". . .", "?!", "!!", "!", "?", "??",
    "“", "”", '"', "'", "‘", "’", "«", "»", "(", ")", "[", "]", "--", "—", "-", ":", ";", ",",
    "{mr} X", "{mr}", "{etc} X", "{no} X", "etc. and", "no. of", "İs.", "ıs.", "ſt.", "KELVIN", "He", "The", "I", "It", "they", "said", "word",
    "Smith", "Jones", "x.png", "file.pdf", "2°.", "www.example.com", "a@b.com", "\n", "\r", "\t", "\u00a0",
    'He said "Go." Then', "“Stop!” She", "ȹ", "∯", "&ᓴ&",  # pySBD's own placeholders, typed in
]
SEPARATORS = [" ", " ", " ", "", "  ", "\n", " \u00a0"]

text_st = st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
    lambda parts: "".join(t + s for t, s in parts))


def spans(seg, text):
    return [(s.sent, s.start, s.end) for s in seg.segment(text)]


def stock(language="en"):
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_st)
def test_the_same_sentences_and_offsets_as_stock_pysbd(text):
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    # and the same sentences before they are placed in the text (where a difference could hide)
    assert segmenter("en").processor(text).process() == stock("en").processor(text).process()


@pytest.mark.parametrize("language", ["es", "fr", "it", "nl", "de"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_st)
def test_other_languages_rules_give_the_same_sentences(language, text):
    assert spans(segmenter(language), text) == spans(stock(language), text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(text_st, min_size=4, max_size=8).map(" ".join), st.sampled_from([(150, 30), (300, 60), (500, 100)]))
def test_windowed_cuts_are_the_cuts_stock_pysbd_gives_in_the_same_windows(text, sizes):
    window, margin = sizes
    assert (sentence_starts(text, segmenter("en"), window=window, margin=margin)
            == sentence_starts(text, stock("en"), window=window, margin=margin))


def test_repeated_abbreviations_of_every_kind_are_handled_once_and_alike():
    # each abbreviation kind (prepositive, before a number, other) several times, in two cases,
    # with the "." that must and must not become part of the abbreviation
    text = ("Mr. Smith met mr. Jones. Then Mr. Brown. See p. 12 and p. 13. It is no. 5 of no. 6. "
            "Take e.g. apples, e.g. pears. It is. It is. We went etc. and so on. Dr. Who. "
            "The U.S. Army. The U.S. Navy. He said so in Jan. and in Jan. 2020. Is it? Yes it is.")
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert [s.sent.strip() for s in segmenter("en").segment(text)][:3] == [
        "Mr. Smith met mr. Jones.", "Then Mr. Brown.", "See p. 12 and p. 13."]


def test_a_new_spelling_after_a_repeat_is_still_handled():
    # "Mr" twice, then "mr": the repeat is skipped, the new spelling still gets its substitution
    text = "Then Mr. Smith came. Then Mr. Jones too. I saw mr. Brown there."
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert [s.sent.strip() for s in segmenter("en").segment(text)][-1] == "I saw mr. Brown there."


def test_an_abbreviation_in_braces_steers_pysbd_as_it_does_in_stock_pysbd():
    # pySBD pairs the n-th occurrence of an abbreviation with the n-th letter after "{abbr} "
    # (its look-behind keeps the braces literally): an upper-case letter there leaves "etc." a
    # sentence end. Odd, but it is pySBD's cut, so it must stay.
    text = "A {etc} X b. We saw etc. and more."
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert [s.sent for s in segmenter("en").segment(text)] == ["A {etc} X b. ", "We saw etc. ", "and more."]


def test_a_quote_ending_a_sentence_inside_a_segment_is_cut_as_pysbd_cuts_it():
    text = 'He said "Go." Then he left. She asked “Why?” Nobody knew.'
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert [s.sent.strip() for s in segmenter("en").segment(text)] == [
        'He said "Go."', "Then he left.", "She asked “Why?”", "Nobody knew."]


def test_offsets_of_repeated_sentences_follow_on():
    text = "Yes. Yes.  Yes.\tNo! Yes."
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert [s.start for s in segmenter("en").segment(text)] == [0, 5, 11, 16, 20]


def test_an_empty_sentence_is_placed_as_pysbd_places_it():
    seg = segmenter("en")
    seg.original_text = "A b.  C d."
    got = seg.sentences_with_char_spans(["A b.", "", "C d."])
    want = pysbd.Segmenter.sentences_with_char_spans(seg, ["A b.", "", "C d."])
    assert [(s.sent, s.start, s.end) for s in got] == [(s.sent, s.start, s.end) for s in want]


@given(st.text(alphabet=st.sampled_from(list("isIS stmrSTMR\n\r\t\u00a0.İıſKk")), max_size=40),
       st.sampled_from(["is", "st", "mr", "s"]))
def test_after_space_is_the_findall_it_replaces(text, word):
    if _FOLDS_APART.isdisjoint(text):
        assert _after_space(text, text.lower(), word) == re.findall(r"(?:^|\s|\r|\n)" + word, text, flags=re.I)


def test_only_the_listed_characters_fold_to_an_ascii_letter_unlike_lower():
    everything = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    apart = set()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        by_regex = set(re.findall(letter, everything, flags=re.IGNORECASE))
        by_lower = {c for c in everything if c.lower() == letter}
        apart |= by_regex ^ by_lower
    assert apart == set(_FOLDS_APART)
    assert [c for c in everything if len(c.lower()) != 1] == ["İ"]


def test_texts_with_oddly_folding_letters_take_pysbds_own_scan():
    for text in ["İs. it so? Mr. X is. ſt. Y", "The ıs. Mr. Smith. KELVIN is. Is. it"]:
        assert spans(segmenter("en"), text) == spans(stock("en"), text)


def test_only_the_version_and_the_languages_the_argument_holds_for_are_changed(monkeypatch):
    assert type(segmenter("en")).__name__ == "_Segmenter"
    assert segment_rules._fast_processor(stock("en").language_module) is not None
    assert segment_rules._fast_processor(stock("de").language_module) is None  # own scan_for_replacements
    assert segment_rules._fast_processor(stock("bg").language_module) is None  # own replace_period_of_abbr
    assert type(segmenter("de").processor("Ein Satz.")).__module__ == "pysbd.lang.deutsch"
    assert type(segmenter("en").processor("A sentence.")).__name__ == "OnceProcessor"
    monkeypatch.setattr(pysbd, "__version__", "0.3.5")
    assert type(segmenter("en")) is pysbd.Segmenter


@given(st.text(alphabet=st.sampled_from(list("abcxyz ABC.()\n\t(1")), max_size=40))
def test_the_list_patterns_find_what_pysbds_find(text):
    from pysbd.lists_item_replacer import ListItemReplacer

    from pipeline.segment_rules import _Lists
    for name in ("ALPHABETICAL_LIST_WITH_PERIODS", "ALPHABETICAL_LIST_WITH_PARENS"):
        assert re.findall(getattr(_Lists, name), text) == re.findall(getattr(ListItemReplacer, name), text)


def test_lists_are_still_cut_as_pysbd_cuts_them():
    text = "Bring a. bread b. milk c. eggs. Then (a) one (b) two (c) three. And i. this ii. that. Fine."
    assert spans(segmenter("en"), text) == spans(stock("en"), text)
    assert len(segmenter("en").segment(text)) > 3  # the list items are cut, as pySBD does


RULES = [(r"∯", "."), (r"&ᓴ&", "!"), (r"a.c", "X"), (r"\n", "ȹ"), (r"(b)", r"[\1]"), (r"b", r"\\"), (r"ab|c", "-"),
         (r"a", "aa"), (r"aa", "b"), (r"[x]", "y"), (r"x*", "-"), (r"c$", "C")]


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("abcx∯&ᓴ\n")), max_size=30),
       st.lists(st.sampled_from(RULES), max_size=5))
@example("b", [(r"b", r"\\")]).via("a backslash in the replacement is an escape for re.sub")
@example("abc(b)", [(r"a.c", "X"), (r"(b)", r"[\1]")]).via("regex syntax in the pattern")
def test_rules_applied_as_pysbd_applies_them(text, rules):
    from pysbd.utils import Rule, Text

    from pipeline.segment_rules import _apply
    rules = [Rule(p, r) for p, r in rules]
    assert _apply(text, rules) == Text(text).apply(*rules)


@pytest.mark.slow
def test_every_corpus_paragraph_gets_stock_pysbds_sentences():
    """Real pages in 9 languages (../shared/corpus, read in place): each paragraph, list item and
    heading of the reference extractions is split as stock pySBD splits it, with its page's rules."""
    import json

    from lxml import html

    from tests.conftest import CORPUS

    pages = sorted(p for p in CORPUS.parent.glob("readability-pages*/*/") if (p / "expected.html").is_file())
    if not pages:
        pytest.skip(f"corpus not found at {CORPUS.parent}")
    checked = 0
    for page in pages:
        lang = (json.loads((page / "expected-metadata.json").read_text("utf-8")).get("lang") or "en")[:2].lower()
        try:
            fast, ref = segmenter(lang), stock(lang)
        except ValueError:
            fast, ref = segmenter("en"), stock("en")
        root = html.fromstring((page / "expected.html").read_text("utf-8"))
        for el in root.iter("p", "li", "blockquote", "h2", "h3", "td"):
            text = " ".join(el.text_content().split())
            if text:
                assert spans(fast, text) == spans(ref, text), (page.name, text[:80])
                checked += 1
    assert checked > 2000

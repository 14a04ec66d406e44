"""Real-word slips found from context, fixes ranked by slip shape, and proposals that never
damage correct text (issue: suggestions that catch real-word slips and never propose damage)."""

from __future__ import annotations

import pytest

from pipeline.suggest import find_suggestions
from pipeline.suggest.confusion import confusion_sets
from pipeline.suggest.context import TOKENS, edit_kind, edit_logp, fit, letter_logp
from pipeline.suggest.names import keep_written
from pipeline.suggest.words import _bigrams, _freqs, first_letter_changed, is_prose_word, tokens
from tests.suggest_support import doc_of, found


@pytest.mark.parametrize("text, wrong, right", [
    ("The letter came form the council on Monday.", "form", "from"),
    ("It was one off the best results in years.", "off", "of"),
    ("The new bridge is longer then the old one.", "then", "than"),
    ("She said that their is no money left for schools.", "their", "there"),
    ("He went with wit the others to the station.", "wit", "with"),
    ("Every defendant deserves a fair trail and a good lawyer.", "trail", "trial"),
    ("Prices have bean rising for the first time since May.", "bean", "been"),
    ("It was the fist time the council had met in public.", "fist", "first"),
])
def test_common_real_word_slips_are_found_from_context(text, wrong, right):
    assert found(text).get(wrong) == right


@pytest.mark.parametrize("text", [
    "The letter came from the council on Monday.",
    "They will form the new government next week.",
    "Sparks can set off fires in dry grass.",
    "The bridge is longer than the old one, and then it turns west.",
    "Their house is over there by the river.",
    "The ferry went to and fro all day.",
    "He raised his fist and shouted.",
    "The results of the trial were published last week.",
    "Walkers followed the trail to the top of the hill.",
])
def test_sound_uses_of_the_same_words_are_left_alone(text):
    assert found(text) == {}


def test_the_reason_gives_the_word_pair_evidence():
    s = next(s for s in find_suggestions(doc_of("The letter came form the council.")) if s.wrong == "form")
    assert s.kind == "confusion"
    assert "'came form'" in s.reason and "'came from'" in s.reason and "'from the'" in s.reason
    assert any(ch.isdigit() for ch in s.reason)  # the counts themselves


def test_an_before_a_consonant_reads_as_and():
    assert found("They sell cats an dogs at the market.").get("an") == "and"
    assert found("They waited for an hour at the market.") == {}


@pytest.mark.parametrize("text, wrong, right", [
    ("Traders said the maket fell sharply on Monday.", "maket", "market"),
    ("Thousands fleed the city as the fighting spread.", "fleed", "fled"),
    ("He said tht the plan would fail.", "tht", "that"),
    ("Councils in the rural reave voting areas and those that voted to leave.", "reave", "leave"),
])
def test_fixes_are_ranked_by_slip_shape_and_context(text, wrong, right):
    assert found(text).get(wrong) == right


def test_edit_shapes():
    assert edit_kind("fleed", "fled") == "double"
    assert edit_kind("maket", "market") == "drop"
    assert edit_kind("maket", "make") == "insert"
    assert edit_kind("form", "from") == "swap"
    assert edit_kind("tje", "the") == "near-key"  # j is next to h
    assert edit_kind("tze", "the") == "far-key"
    assert edit_kind("the", "the") is None and edit_kind("cat", "dogs") is None
    assert edit_logp("fleed", "fled") > edit_logp("fleed", "feed")
    assert edit_logp("rat", "cat") < edit_logp("cst", "cat")  # the first letter is rarely hit


def test_first_letter_change_is_any_change_of_the_first_letter():
    assert first_letter_changed("Haron", "Sharon") and first_letter_changed("Vdd", "Dd")
    assert not first_letter_changed("llama", "lama") and not first_letter_changed("reave", "rave")


def test_context_model_prefers_the_attested_phrase():
    assert fit("came", "from", "the") > fit("came", "form", "the") + 2
    assert fit("more", "than", "a") > fit("more", "then", "a") + 1
    # the scale constant: the commonest words' listed pairs add up to about TOKENS * frequency
    total_of = sum(n for (a, _b), n in _bigrams().items() if a == "of")
    assert 0.5 < total_of / (_freqs()["of"] * TOKENS) < 2.0


@pytest.mark.parametrize("correct, damaged", [
    ("Goldwein", "Godlwein"), ("Terrarium", "Terrrarium"), ("Shutterstock", "Shhutterstock"),
    ("Serco", "Seroc"), ("Quanta", "Quantta"),
])
def test_a_name_in_two_spellings_keeps_the_right_one(correct, damaged):
    text = (f"The report by {correct} was praised by the board.",
            f"Critics of {damaged} said the work was rushed.")
    pairs = {(s.wrong, s.right) for s in find_suggestions(doc_of(*text))}
    assert (correct, damaged) not in pairs  # never damage the correct spelling
    assert keep_written(correct, 1, damaged, 1) and not keep_written(damaged, 1, correct, 1)


def test_the_spelling_the_article_uses_more_often_wins():
    text = ("Godlwein spoke first.", "Then Mr Godlwein left.", "Reporters asked Mr Goldwein why.")
    assert ("Goldwein", "Godlwein") in {(s.wrong, s.right) for s in find_suggestions(doc_of(*text))}


def test_letter_patterns_rank_english_looking_spellings_higher():
    assert letter_logp("Terrarium") > letter_logp("Terrrarium")
    assert letter_logp("Goldwein") > letter_logp("Godlwein")


@pytest.mark.parametrize("text", [
    "Write to lnolan@example.com for details.",
    "Call photos.forEach(show) to draw them.",
    "The firm RedMonk published the figures.",
    "Film director Agnès Varda spoke at the festival.",
    "Tim Chalamet starred alongside Gell-Mann in the play.",
    "There are DACs and ADCs in the chip, and more DAC pins.",
    "The Chozodian temple stood on Chozodia for centuries.",
    "Other people were getting paged for this issue.",
])
def test_code_names_and_word_forms_are_not_flagged(text):
    assert found(text) == {}


def test_prose_word_filter():
    text = "mail jayk1984 or see example.com and forEach plus the café"
    words = {t.text: is_prose_word(text, t) for t in tokens(text)}
    assert words["mail"] and words["see"] and words["plus"]
    assert not words["jayk"] and not words["example"] and not words["forEach"] and not words["café"]


def test_confusion_sets_come_from_the_reviewed_file_and_are_symmetric():
    sets = confusion_sets()
    assert "off" in sets["of"] and "of" in sets["off"]
    assert "nor" in sets["not"] and "now" not in sets.get("not", ())  # see the data file for why
    assert all("'" not in w and "’" not in w for w in sets)  # apostrophe pairs are grammar.py's

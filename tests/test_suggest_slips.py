"""Slips the first rules missed (issue 18, session 2): contractions whose apostrophe slipped,
short strings no English word table knows, a name once against a spelling the article uses many
times; and what these rules must leave alone."""

from __future__ import annotations

import pytest

from pipeline.suggest.realword import prior_zipf
from pipeline.suggest.words import zipf
from tests.suggest_support import found


@pytest.mark.parametrize("text, wrong, right", [
    ("Whole Foods doesnt’ carry Rice Krispies.", "doesnt’", "doesn’t"),
    ("I cant’ take credit for all of it.", "cant’", "can’t"),
    ("I don’ think he is blind.", "don’", "don’t"),
    ("It lost its’ shine years ago.", "its’", "it’s"),
    ("It feels as if you'r playing it on a big screen.", "you'r", "you're"),
    ("We set the rate to zero if itt's empty.", "itt's", "it's"),
])
def test_a_contraction_with_a_slipped_apostrophe_is_found(text, wrong, right):
    # the fix covers the apostrophe too, so approving it leaves no stray mark behind
    assert found(text).get(wrong) == right


@pytest.mark.parametrize("text", [
    "The students’ essays were marked after two years’ work.",
    "We keep on keepin’ on, whatever the weather.",
    "The band played rock ’n’ roll all night.",
    "He said ‘I can’ and then stopped.",
])
def test_possessives_and_elisions_keep_their_apostrophe(text):
    assert found(text) == {}


ELSEWHERE = "We used the data we had last year, and we want more of it; that is clear."


@pytest.mark.parametrize("text, wrong, right", [
    ("The dat in these logs can be extracted later.", "dat", "data"),
    ("Officials have argued for years tha it was time to help.", "tha", "that"),
    ("We don't wat to send another alert.", "wat", "want"),
    ("Things got worse over the las few years.", "las", "last"),
])
def test_a_short_word_no_english_word_table_knows_is_judged_as_a_likely_slip(text, wrong, right):
    assert found(text, ELSEWHERE).get(wrong) == right


@pytest.mark.parametrize("text", [
    "Peat from the bog was drained for fuel; a big blog said so.",  # a short English word
    "Add-ons / Web Extensions",  # part of a hyphenated compound
    "The new profiler marker API has landed.",  # a long word: derived or technical, not foreign
])
def test_short_english_words_compound_parts_and_long_words_are_not_pushed(text):
    assert found(text) == {}


def test_the_slip_prior_moves_only_short_unlisted_words():
    assert prior_zipf("dat", zipf("dat")) < zipf("dat")
    assert prior_zipf("bog", zipf("bog")) == zipf("bog")  # an English word form
    assert prior_zipf("profiler", zipf("profiler")) == zipf("profiler")  # long
    assert prior_zipf("ons", zipf("ons"), hyphened=True) == zipf("ons")


@pytest.mark.parametrize("text", [
    "Frontend Task Store\nStore Consumer Queue",  # two labels of a list, one per line
    "Reach over a 5,000-word word count and hit publish.",
    "Reviewers: Masatoshi Kimura [:emk] and Sonia [:sonia]",  # a handle after a colon
])
def test_layout_that_only_looks_like_a_slip_is_left_alone(text):
    assert found(text) == {}


def test_a_word_doubled_on_one_line_is_still_found():
    assert found("We went to the the shops.").get("the the") == "the"


SEATTLE = ["Seattle is wet.", "Rain in Seattle again.", "Seattle traffic.", "Back to Seattle.",
           "Seattle fans cheered."]


def test_a_known_word_as_a_name_once_yields_to_a_spelling_the_article_uses_five_times():
    text = [*SEATTLE, "It draws a line from a major Settle industry to the coast."]
    assert found(*text).get("Settle") == "Seattle"


def test_two_or_three_uses_are_not_enough_to_move_a_common_word():
    text = [*SEATTLE[:3], "It draws a line from a major Settle industry to the coast."]
    assert "Settle" not in found(*text)
    # nor when the article writes the word in lower case too: it is a word, not a name
    text = [*SEATTLE, "It draws a line from a major Settle industry.", "They settle the bill."]
    assert "Settle" not in found(*text)


def test_after_a_first_name_one_other_spelling_in_the_article_is_enough():
    text = ("Sarah Archer wrote the report.", "The board thanked Sarah Arched for it.")
    assert found(*text).get("Arched") == "Archer"
    # without the first name a known word is not moved on one other use
    assert "Arched" not in found("Sarah Archer wrote the report.", "The board thanked Arched for it.")


@pytest.mark.parametrize("text", [
    "You literally abusers are killing off pieces of our souls.",  # a verb's particle
    "Stepping off the curb one way or the other could change it.",
    "The placement optimizer then loops over the design.",  # an adverb of the verb after it
    "The design is then routed.",
])
def test_a_word_in_a_role_word_pairs_cannot_see_is_left_alone(text):
    assert found(text) == {}


@pytest.mark.parametrize("text, wrong, right", [
    ("It was one off the best results in years.", "off", "of"),  # a preposition, not a particle
    ("Most off the time we stayed at home.", "off", "of"),
    ("The bridge is longer then the old one.", "then", "than"),  # the adverb's verb is before it
])
def test_the_same_words_out_of_those_roles_are_still_found(text, wrong, right):
    assert found(text).get(wrong) == right


CONTRACTED = "We don’t mind the rain."


@pytest.mark.parametrize("text, wrong, right", [
    ("And the drone cant beep or report.", "cant", "can’t"),
    ("I dont know why.", "dont", "don’t"),
    ("We wont go there again.", "wont", "won’t"),
])
def test_a_contraction_that_lost_its_apostrophe_is_found_where_the_article_uses_apostrophes(text, wrong, right):
    assert found(text, CONTRACTED).get(wrong) == right
    assert wrong not in found(text)  # an article that never writes "n't" may spell them that way


@pytest.mark.parametrize("text", ["The political cant of the day.", "It was his wont to walk."])
def test_cant_and_wont_as_words_are_left_alone(text):
    assert found(text, CONTRACTED) == {}


def test_a_plural_inside_a_hyphenated_compound_is_not_a_lost_possessive():
    assert found("It automates tasks and behind-the-scenes optimization for teams.") == {}
    assert found("The rebels took over their regions economy last year.").get("regions") == "regions’"

"""The gate (issue 14, item 2): one function, a reason per refusal; each rule with a sentence it
lets through and one it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import Project
from pipeline.stages import build_document
from pipeline.summary.gate import REASONS, Context, refusal
from pipeline.summary.glossary import PlainWord, WordLists

ARTICLE = """Coup in the capital

Saviour Kasukuwere fled to the compound after their homes were attacked by troops in Tuesday night's coup.

A source close to the talks said he had spoken to people in the party on Wednesday.

The talks between the two sides have stalled over two issues, land and money.

Councils in Preston and Salford maintained huge majorities in 2021.

Where do relations between the two countries go from here?

Andy Burnham stormed to victory on the back of bold actions taking the bus service into public hands.

The study found that among children at high risk, eating peanuts early cut their chances of an allergy.
"""


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate")
    (root / "seeds").mkdir()
    (root / "seeds" / "coup.txt").write_text(ARTICLE)
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    doc = build_document(project.articles()[0], project)
    lists = WordLists([], [PlainWord("maintained", "kept", "r", "2026-01-01")])
    return Context(doc, lists)


def sid(ctx, word):
    return next(s.id for b in ctx.doc.blocks if b.kind == "paragraph" for s in b.sentences if word in s.text)


def reason(why):
    return why.split(":")[0] if why else None


def test_reasons_are_listed():
    assert REASONS[0] == "no-links" and "dangling" in REASONS and "relation" in REASONS


def test_a_faithful_sentence_passes(ctx):
    assert refusal("Councils in Preston and Salford kept huge majorities in 2021.", [sid(ctx, "Preston")], ctx) is None


def test_links_must_exist(ctx):
    assert reason(refusal("Councils kept huge majorities.", [], ctx)) == "no-links"
    assert reason(refusal("Councils kept huge majorities.", ["p099s01"], ctx)) == "no-links"


def test_start_with_a_capital_or_a_quote_and_a_capital(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("“, President Obama is not,” said Robert M. Danin.", s, ctx)) == "start"
    assert reason(refusal("councils in Preston kept huge majorities.", s, ctx)) == "start"


def test_end_mark_and_questions(ctx):
    s = [sid(ctx, "Where do")]
    assert reason(refusal("Where do relations between the two countries go from here.", s, ctx)) == "end"
    assert refusal("Where do relations between the two countries go from here?", s, ctx) is None
    assert reason(refusal("Councils in Preston kept huge majorities", [sid(ctx, "Preston")], ctx)) == "end"


@pytest.mark.parametrize("text, question", [
    ("Aren’t those the kinds of things libertarians say they hate about government.", True),  # "be" first
    ("Hey, what could go wrong.", True),  # an interjection before the wh-word
    ("So what does this mean for you.", True),
    ("But is it worth it.", True),
    ("Can the team win the league.", True),
    ("What a day it was.", False),  # an exclamation
    ("Do your homework.", False),  # an order: no verb after the noun phrase
    ("What happened next was a surprise.", False),  # a wh-clause as the subject
    ("How the city won the bid is a story in itself.", False),
    ("There is still much to be learned.", False),
])
def test_questions_are_told_from_statements(text, question):
    from pipeline.summary.gate import _is_question, _parse

    assert _is_question(next(iter(_parse(text).sents))) is question


def test_a_comparison_without_what_it_compares_is_no_sentence(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("Worse than Preston ever did, and Salford kept huge majorities in 2021.", s, ctx)) == "no-verb"
    assert reason(refusal("Councils in Preston kept bigger majorities than Salford in 2021.", s, ctx)) != "no-verb"


def test_a_main_verb_with_two_subjects_is_a_clause_short(ctx):
    s = [sid(ctx, "Preston")]  # "Memories of the grief Conroy brought down on his head [would make ...]."
    assert reason(refusal("Memories of the grief Conroy brought down on his head.", s, ctx)) == "no-verb"
    assert reason(refusal("Councils in Preston and Salford kept huge majorities in 2021.", s, ctx)) is None


def test_a_wh_clause_alone_a_lost_comma_and_half_a_pair_are_refused(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("How huge the majorities in Preston and Salford were in 2021.", s, ctx)) == "no-verb"
    assert reason(refusal("Councils in Preston and Salford, kept huge majorities in 2021.", s, ctx)) == "unbalanced"
    assert reason(refusal("Councils in Preston and Salford kept, huge majorities in 2021.", s, ctx)) == "unbalanced"
    assert reason(refusal("Councils in Preston and Salford either kept huge majorities in 2021.", s, ctx)) == "end"
    assert refusal("When 2021 came, councils in Preston and Salford kept huge majorities.", s, ctx) is None or \
        reason(refusal("When 2021 came, councils in Preston and Salford kept huge majorities.", s, ctx)) not in (
            "no-verb", "unbalanced", "end")


@pytest.mark.parametrize("text, dangling", [
    ("Others will get HDR support later this year.", True),
    ("Each should be repaired before the winter.", True),
    ("Both were arrested on Tuesday.", True),
    ("The same problem hit the northern line.", True),
    ("Both teams won their games on Saturday.", False),  # the noun says which
    ("Each of the councils kept its majority.", False),
    ("Each council kept its majority.", False),
    ("Now research shows the opposite is true.", True),
    ("It departed Tallon IV to spread its venom across the stars.", True),  # someone's "it", not an empty one
    ("It is clear that the vote was lost.", False),
    ("The following steps fix the problem for good.", True),  # the steps are not in the point
    ("The list below shows every change we made.", True),
    ("Prices rose in the weeks following the vote.", False),
])
def test_words_that_point_back_need_what_they_point_to(text, dangling):
    from pipeline.summary.gate import _dangling, _parse

    assert bool(_dangling(_parse(text), "")) is dangling


def test_a_quotation_needs_its_speaker(ctx):
    s = [sid(ctx, "Preston")]
    assert refusal("“Councils in Preston and Salford kept huge majorities in 2021.”", s, ctx) == \
        "dangling: a quotation without its speaker"
    assert refusal("Councils in Preston and Salford kept huge majorities in 2021.", s, ctx) is None


def test_a_clause_that_lost_its_subject_at_the_end_is_cut(ctx):
    s = [sid(ctx, "Preston")]  # a page's maths is not text: "... its minimum value when [x] is [y]." lost both
    assert refusal("Councils in Preston and Salford kept huge majorities when is.", s, ctx).startswith("end:")
    assert reason(refusal("Councils in Preston and Salford kept huge majorities when it was.", s, ctx)) != "end"


def test_balanced_quotes_and_brackets(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("Councils in Preston (and Salford kept huge majorities.", s, ctx)) == "unbalanced"
    assert reason(refusal("“Councils in Preston kept huge majorities.", s, ctx)) == "unbalanced"


def test_a_finite_verb_with_its_subject(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("Councils in Preston and Salford with huge majorities.", s, ctx)) == "no-verb"
    assert reason(refusal("Shipped its first-ever display and.", s, ctx)) in ("no-verb", "dangling")


def test_no_subordinate_clause_alone_and_nothing_cut_off(ctx):
    s = [sid(ctx, "source close")]
    assert reason(refusal("That he had spoken to people in the party.", s, ctx)) == "no-verb"
    assert reason(refusal("A source close to the talks said he had spoken to the.", s, ctx,
                          previous="Saviour Kasukuwere fled.")) == "end"
    assert reason(refusal("Each of which had spoken to people in the party.", s, ctx)) == "no-verb"
    assert reason(refusal("A source close to the talks said.", s, ctx)) == "end"  # what was said is cut off
    assert refusal("A source close to the talks said he had spoken to people.", s, ctx,
                   previous="Saviour Kasukuwere fled.") is None
    b = [sid(ctx, "Burnham")]
    assert reason(refusal("Bold actions took.", b, ctx)) == "relation"  # "took" without what it took
    assert refusal("Bold actions took the bus service into public hands.", b, ctx) is None


def test_no_dangling_pronoun_or_determiner(ctx):
    s = [sid(ctx, "Kasukuwere")]
    assert reason(refusal("Their homes were attacked by troops.", s, ctx)) == "dangling"
    t = [sid(ctx, "stalled")]
    assert reason(refusal("There were breakthroughs on these two issues.", t, ctx)) == "dangling"
    # the referent in the same point (or the sentence before in it) is fine
    assert refusal("The talks between the two sides have stalled over two issues.", t, ctx) is None
    assert reason(refusal("They have stalled over two issues.", t, ctx)) == "dangling"
    assert reason(refusal("They have stalled over two issues.", t, ctx,
                          previous="The talks between the two sides have stalled.")) != "dangling"


def test_subject_and_verb_as_in_the_source(ctx):
    s = [sid(ctx, "source close")]
    assert reason(refusal("Tuesday night's coup said he had spoken to people in the party.", s, ctx)) == "relation"
    assert refusal("A source close to the talks said he had spoken to people in the party on Wednesday.", s, ctx,
                   previous="Saviour Kasukuwere fled to the compound.") is None
    b = [sid(ctx, "Burnham")]
    assert refusal("Bold actions took the bus service into public hands.", b, ctx) is None  # "actions taking ..."
    assert reason(refusal("The bus service took bold actions into public hands.", b, ctx)) == "relation"


def test_names_and_numbers_must_be_in_the_linked_sentences(ctx):
    s = [sid(ctx, "Preston")]
    assert reason(refusal("Councils in Preston and Leeds kept huge majorities in 2021.", s, ctx)) == "facts"
    assert reason(refusal("Councils in Preston and Salford kept huge majorities in 2022.", s, ctx)) == "facts"


def test_few_words_from_outside_the_source_except_plain_words(ctx):
    s = [sid(ctx, "Preston")]
    assert refusal("Councils in Preston and Salford kept huge majorities in 2021.", s, ctx) is None  # "kept": a plain word
    assert reason(refusal("Councils in Preston and Salford lost angry voters in 2021.", s, ctx)) in ("relation", "new-words")
    assert reason(refusal("Councils in Preston and Salford maintained tiny fragile majorities in 2021.", s, ctx)) == \
        "new-words"


def test_a_that_clause_must_keep_its_verb(ctx):
    study = sid(ctx, "study")
    assert refusal("The study found that among children at high risk, eating peanuts early cut their chances of an "
                   "allergy.", [study], ctx) is None
    assert reason(refusal("The study found that among children at high risk.", [study], ctx)) == "no-verb"

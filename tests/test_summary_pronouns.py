"""Issue 14, item 1: a pronoun that opens a point is resolved to its antecedent only when the parse
leaves no doubt (pipeline/summary/pronouns.py); otherwise the point keeps the sentence before it."""

from __future__ import annotations

import pytest

from pipeline.summary.pronouns import resolve

OBAMA = "Mr Obama was speaking to the BBC at the White House before departing for Kenya."


@pytest.mark.parametrize("text, previous, expected", [
    ("He lands in Kenya later on Friday.", OBAMA, "Mr Obama lands in Kenya later on Friday."),
    ("His father was Kenyan.", OBAMA, "Mr Obama’s father was Kenyan."),
    ("But he would not say when he would go.", OBAMA, "But Mr Obama would not say when he would go."),
])
def test_a_pronoun_the_sentence_before_resolves_beyond_doubt(text, previous, expected):
    assert resolve(text, previous) == expected


@pytest.mark.parametrize("text, previous", [
    ("He said the president did not sound confident.", "The BBC's editor Jon Sopel spoke to Mr Obama on Friday."),  # two people
    ("It costs $999 in the shops.", "Apple released the phone on Tuesday."),  # "it" may be the phone
    ("It is clear that the vote was lost.", "Labour lost the vote in Hartlepool on Thursday."),  # an empty "it"
    ("He lands in Kenya later on Friday.", "The president was speaking at the White House on Thursday."),  # no name
    ("He met Michelle Obama later on Friday.", OBAMA),  # another person in the sentence itself
    ("He lands in Kenya later on Friday.", "Reporters asked Mr Obama about the trip at the White House."),  # not its subject
    ("“He carried a lot in his head,” she said.", "Lorenz worked on the LGP-30 at MIT for two years."),  # a quotation
])
def test_anything_less_than_certain_is_left_alone(text, previous):
    assert resolve(text, previous) is None


def test_a_resolved_point_links_both_sentences_and_passes_the_gate(tmp_path):
    from pipeline.config import Project
    from pipeline.stages import build_document
    from pipeline.summary.gate import Context, refusal
    from pipeline.summary.glossary import WordLists
    from pipeline.summary.points import build_points, candidates

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "visit.txt").write_text(
        "Obama to visit Kenya\n\n" + OBAMA + " He lands in Kenya later on Friday for his first visit as president.\n")
    project = Project(seeds=tmp_path / "seeds", output=tmp_path / "out", voices=tmp_path / "voices")
    doc = build_document(project.articles()[0], project)
    ctx = Context(doc, WordLists([], []))
    points = build_points(doc, candidates(doc), WordLists([], []), ctx, [])
    second = points[1]
    assert second.lines[0].text == "Mr Obama lands in Kenya later on Friday for his first visit as president."
    first_sid, second_sid = [s.id for s in doc.sentences() if s.text.startswith(("Mr Obama", "He lands"))]
    assert second.lines[0].sources == [first_sid, second_sid]
    # the gate checks it against the source resolved the same way, not against "He lands ..."
    assert refusal(second.lines[0].text, [first_sid, second_sid], ctx) is None
    assert refusal("Mr Obama lands in Kenya later on Friday.", [second_sid], ctx) is not None  # the name is not there

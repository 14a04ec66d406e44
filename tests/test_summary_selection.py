"""Choosing the point set (issue 14, items 3 and 6): the grade arithmetic the chooser relies on, the
set that meets the reading targets while stating the most, and which headline words count as the
headline's entities."""

from __future__ import annotations

import pytest

from pipeline.config import Project
from pipeline.stages import build_document
from pipeline.summary.coverage import coverage, headline_entities
from pipeline.summary.facts import facts_in
from pipeline.summary.readability import measure
from pipeline.summary.selection import aim, best_within, counts, improve, total

HARD = ["The municipal administration unanimously authorised comprehensive infrastructural modernisation "
        "throughout the metropolitan conurbation."]
EASY = [["The town has a new bus.", "It is red and it is big."],
        ["Kids like the bus a lot.", "They ride it to school each day."],
        ["The old bus was slow.", "It broke down in the rain."],
        ["Dad takes the bus to work.", "He gets there at nine."],
        ["The bus stop is by the park.", "You can sit there and wait."],
        ["A ride costs one pound.", "Kids under ten ride the bus for free on each day of the week."]]


def test_a_set_grade_is_the_sum_of_its_points_counts():
    """The chooser adds counts instead of re-running textstat: the result must be measure()'s grade."""
    pts = [HARD, *EASY[:3]]
    each = {i: counts(p) for i, p in enumerate(pts)}
    for idx in ([0], [1, 2], [0, 1, 2, 3]):
        texts = [t for i in idx for t in pts[i]]
        m = measure(texts)
        assert total(idx, each).grade == pytest.approx(m.grade, abs=0.06)
        assert total(idx, each).avg_sentence == pytest.approx(m.avg_sentence, abs=0.06)
        assert total(idx, each).words == m.words
        assert total(idx, each).longest == m.longest_sentence


def _choose(value_of, lam=None):
    pts = [HARD, *EASY]
    each = {i: counts(p) for i, p in enumerate(pts)}
    value = lambda i, got: value_of[i]  # noqa: E731
    if lam is not None:
        return aim([], list(each), each, value, lam, 4, 7, 4, set()), each
    return best_within([], list(each), each, value, lambda idx: sum(value_of[i] for i in idx), 4, 7, 4, set()), each


def test_the_reading_level_weight_trades_what_a_point_says_for_how_plain_it_is():
    values = {0: 5.0, 1: 1.0, 2: 0.9, 3: 0.8, 4: 0.7, 5: 0.6, 6: 0.5}
    content_first, _ = _choose(values, lam=0.0)
    plain_first, _ = _choose(values, lam=5.0)
    assert content_first[0] == 0  # the valuable hard point first when the grade does not count
    assert 0 not in plain_first[:1]  # a plain point first when it does


def test_the_chosen_set_meets_every_target_and_keeps_the_most_it_can():
    values = {0: 5.0, 1: 1.0, 2: 0.9, 3: 0.8, 4: 0.7, 5: 0.6, 6: 0.5}
    got, each = _choose(values)
    assert got is not None and total(got, each).meets()
    texts = [t for i in got for t in ([HARD, *EASY][i])]
    assert not measure(texts).problems  # the same verdict as the page's own measure
    assert 0 in got  # the hard point fits when enough plain ones carry it: it is worth the most


def test_no_set_when_no_choice_meets_the_targets():
    pts = [HARD] * 5
    each = {i: counts(p) for i, p in enumerate(pts)}
    got = best_within([], list(each), each, lambda i, g: 1.0, lambda idx: len(idx), 4, 7, 4, set())
    assert got is None


def test_a_run_of_capitals_is_one_name_only_where_every_word_is_a_name():
    names = {"Snopes", "Emery", "Andy", "Burnham"}
    assert facts_in("Snopes Fact-Checker David Emery spoke", names) == {"Snopes", "Emery"}
    assert facts_in("Andy Burnham won", names) == {"Andy Burnham"}


ARTICLE = """What She Told The BBC About Mugabe And The Video

Robert Mugabe was held at his home in Harare on Wednesday, officials said.

“She was there when the video was made,” a source told the BBC on Thursday.

“What happens next is up to the army,” the source added, and more is at www.bbc.co.uk/news.

The clip was shown on the Video Channel in Harare, and the video was seen by millions.
"""


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    root = tmp_path_factory.mktemp("entities")
    (root / "seeds").mkdir()
    (root / "seeds" / "coup.txt").write_text(ARTICLE)
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    return build_document(project.articles()[0], project)


def test_headline_entities_are_names_not_title_case_words(doc):
    """"What", "She", "The", "Video" are capitalised only by the title case ("Video Channel" is a name but
    the body also writes "video" in lower case; "What" and "She" are function words); "BBC" is a name
    although a web address has it in lower case."""
    assert headline_entities(doc) == ["BBC", "Mugabe"]
    cov = coverage(["Robert Mugabe was held at his home in Harare on Wednesday."], doc)
    assert cov["headline_entity_coverage"] == 0.5 and cov["headline_entities_stated"] == ["Mugabe"]


def test_improve_adds_or_swaps_for_what_states_more_but_never_a_required_point_or_past_the_targets():
    pts = [HARD, *EASY]
    each = {i: counts(p) for i, p in enumerate(pts)}
    worth = {0: 0.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.0, 6: 9.0}

    def states(idx):
        return sum(worth[i] for i in idx)

    start = [1, 2, 3, 4, 5]
    assert total(start, each).meets()
    assert improve(start, list(each), each, states, 5, set(start)) == start  # all required, no room: as it was
    assert sorted(improve(start, list(each), each, states, 6, set(start))) == [1, 2, 3, 4, 5, 6]  # room: added
    got = improve(start, list(each), each, states, 5, {1, 2, 3, 4})
    assert sorted(got) == [1, 2, 3, 4, 6] and total(got, each).meets()  # 5 swapped for the point worth most
    # three hard points that state the most: one fits among the plain ones, a second would take the
    # set past grade 6, so it stays out
    pts = [HARD, *EASY, HARD, HARD]
    each = {i: counts(p) for i, p in enumerate(pts)}
    worth.update({0: 50.0, 7: 50.0, 8: 50.0})
    got = improve(start, list(each), each, states, 7, set(start))
    assert len({0, 7, 8} & set(got)) == 1 and total(got, each).meets()

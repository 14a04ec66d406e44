"""Sentence splitting in bounded windows (pySBD is quadratic in its input): the windowed cuts are
the cuts of one call over the whole text, whatever the text's shape (issue: quadratic splitting).
Small windows here make every path of the loop run on short texts."""

from __future__ import annotations

import pytest

from pipeline.model import Block, Document, Metadata
from pipeline.segment import _segmenter, _space_near, segment, sentence_starts, split_sentences

SENTENCES = [
    "The council met on Tuesday to discuss the budget.",
    "Mr. Jones said the plan, which costs £5.2m, was “too little, too late.”",
    "Councillors voted 12 to 3 in favour.",
    "Dr. Smith asked: what happens to the libraries?",
    "Nobody answered her at the time.",
    "The meeting closed at 9 p.m. on the dot.",
    "Residents will be asked for their views in the spring.",
]


def whole(text: str) -> list[int]:
    """pySBD over the whole text at once (the reference the windows must equal)."""
    return [sp.start for sp in _segmenter("en").segment(text)]


@pytest.mark.parametrize("window, margin", [(120, 20), (200, 40), (333, 60), (600, 100)])
def test_windowed_cuts_equal_one_call_over_the_whole_text(window, margin):
    text = " ".join(SENTENCES * 6)
    assert len(text) > 3 * window
    assert sentence_starts(text, _segmenter("en"), window=window, margin=margin) == whole(text)


def test_a_text_shorter_than_the_window_is_one_call():
    text = " ".join(SENTENCES[:2])
    assert sentence_starts(text, _segmenter("en"), window=len(text)) == whole(text)
    assert sentence_starts(text, _segmenter("en"), window=len(text) - 1, margin=10) == whole(text)


def test_a_sentence_longer_than_the_window_is_looked_at_from_its_start():
    long_sentence = "The report, " + "which the committee had asked for and " * 12 + "which came late, was read."
    text = " ".join([SENTENCES[0], long_sentence, SENTENCES[2], SENTENCES[3]])
    assert sentence_starts(text, _segmenter("en"), window=120, margin=20) == whole(text)


def test_a_run_longer_than_any_sentence_is_gone_through_inside():
    run_on = " ".join(["word"] * 800)  # 4,000 characters, no sentence end
    text = SENTENCES[0] + " " + run_on + ". " + SENTENCES[1] + " " + SENTENCES[2]
    got = sentence_starts(text, _segmenter("en"), window=100, margin=20)
    assert got == whole(text)
    assert split_sentences(text)[-1] == SENTENCES[2]


def test_no_text_is_lost_or_repeated_over_window_edges():
    text = " ".join(SENTENCES * 10)
    got = split_sentences(text)
    assert " ".join(got) == text and got == SENTENCES * 10


def test_space_near_finds_the_nearest_white_space_within_the_limit():
    text = "abcdef ghij klm"
    assert _space_near(text, 2, 10) == 6  # forward to the first space
    assert _space_near(text, 2, 3) == 2  # none within the limit: the index itself
    assert _space_near(text, 9, 10, back=True) == 6  # backward
    assert _space_near(text, 9, 2, back=True) == 9
    assert _space_near(text, 6, 5) == 6 and _space_near(text, 6, 5, back=True) == 6


def test_full_width_sentence_ends_cut_without_spaces():
    assert split_sentences("今天天气很好。我们去公园！你来吗？", "zh") == ["今天天气很好。", "我们去公园！", "你来吗？"]


def test_a_document_is_cut_in_its_own_language():
    def doc(lang):
        return segment(Document(meta=Metadata(slug="t", language=lang),
                                blocks=[Block(id="p001", kind="paragraph", text="Das ist z. B. gut. Wir gehen heim.")]))
    assert [s.text for s in doc("de").blocks[0].sentences] == ["Das ist z. B. gut.", "Wir gehen heim."]


class Spy:
    """pySBD, recording how much text it is given at once (the point of the windows: bounded input)."""

    def __init__(self):
        self.seg, self.sizes = _segmenter("en"), []

    def segment(self, text):
        self.sizes.append(len(text))
        return self.seg.segment(text)


@pytest.mark.parametrize("window, margin", [(150, 30), (400, 50)])
def test_pysbd_is_never_given_more_than_a_window_and_its_margin(window, margin):
    text = " ".join(SENTENCES * 12)
    spy = Spy()
    assert sentence_starts(text, spy, window=window, margin=margin) == whole(text)
    assert len(spy.sizes) > 1 and max(spy.sizes) <= window + margin
    # and the windows move on: together they cover the text about once, not many times over
    assert sum(spy.sizes) < 2.5 * len(text)


def test_a_run_on_text_grows_the_window_only_up_to_its_limit():
    run_on = " ".join(["word"] * 2000)  # 10,000 characters, no sentence end
    spy = Spy()
    sentence_starts(run_on, spy, window=100, margin=20)
    assert max(spy.sizes) <= 100 * 16 + 20  # GROW windows at most
    assert sum(spy.sizes) < 40 * len(run_on)


def test_a_figure_has_no_sentences_and_list_items_are_cut_one_by_one():
    doc = segment(Document(meta=Metadata(slug="t", language="en"), blocks=[
        Block(id="p001", kind="figure", text="A photo of the town hall. Credit line"),
        Block(id="p002", kind="list", text="Buses every ten minutes\nLonger library hours. More staff"),
    ]))
    figure, items = doc.blocks
    assert figure.sentences == []  # shown, never narrated or timed
    assert [s.text for s in items.sentences] == ["Buses every ten minutes", "Longer library hours.", "More staff"]
    assert [s.id for s in items.sentences] == ["p002s01", "p002s02", "p002s03"]

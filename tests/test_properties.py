"""Property-based tests (Hypothesis) on clean and segment."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.corrections import Correction, CorrectionsList, apply_corrections
from pipeline.decode import normalise
from pipeline.ingest.furniture import FurnitureRule
from pipeline.ingest.text import ingest_text
from pipeline.segment import segment, split_sentences
from pipeline.stages import clean

WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéçñ0123456789’'-"),
               min_size=1, max_size=12)
PUNCT = st.sampled_from(["", "", "", ",", ".", "!", "?", ";", ":", " –", "…"])
SENTENCE = st.lists(st.tuples(WORD, PUNCT), min_size=1, max_size=25).map(
    lambda ws: " ".join(w + p for w, p in ws))
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
ARTICLE = st.lists(PARAGRAPH, min_size=1, max_size=8)
NOISY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FURNITURE = [FurnitureRule(name="text:Share", text="Share")]
FIX = CorrectionsList(path=__import__("pathlib").Path("corrections.toml"), entries=[
    Correction(id="fix", wrong="reave", right="leave", context="rural reave voting", scope="all", expected=1,
               status="approved", reviewer="t", reviewed="2026-11-27")])


def build(paragraphs):
    text = "A headline for the generated article\n\n" + "\n\n".join(paragraphs)
    doc = ingest_text(normalise(text), slug="gen", source="gen", furniture=FURNITURE)
    return segment(clean(doc, FIX))


@SETTINGS
@given(NOISY)
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@SETTINGS
@given(ARTICLE)
def test_cleaning_is_idempotent(paragraphs):
    doc = build(paragraphs)
    again = build([b.text for b in doc.blocks[1:]])
    assert [b.text for b in again.blocks] == [b.text for b in doc.blocks]


@SETTINGS
@given(ARTICLE, st.integers(min_value=0, max_value=7))
def test_no_text_is_lost_except_furniture_and_fixes(paragraphs, where):
    paragraphs = list(paragraphs)
    paragraphs.insert(min(where, len(paragraphs)), "Share")
    paragraphs.append("Tories gain in rural reave voting regions.")
    doc = build(paragraphs)
    src = normalise("\n\n".join(p for p in paragraphs if p != "Share")).split()
    out = " ".join(s.text for s in doc.sentences() if not s.id.startswith("p001")).split()
    assert out == [("leave" if w == "reave" else w) for w in src]
    assert [d.text for d in doc.dropped] == ["Share"]


@SETTINGS
@given(ARTICLE)
def test_ids_are_unique_and_well_formed(paragraphs):
    ids = [s.id for s in build(paragraphs).sentences()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"p\d{3}(s\d{2,}|a01)", i) for i in ids)


@SETTINGS
@given(ARTICLE, st.data())
def test_ids_are_stable_under_edits_elsewhere(paragraphs, data):
    i = data.draw(st.integers(min_value=0, max_value=len(paragraphs) - 1))
    edited = list(paragraphs)
    edited[i] = data.draw(PARAGRAPH)
    a = {s.id: s.text for s in build(paragraphs).sentences()}
    b = {s.id: s.text for s in build(edited).sentences()}
    edited_block = f"p{i + 2:03d}"
    for sid, text in a.items():
        if not sid.startswith(edited_block):
            assert b.get(sid) == text


@SETTINGS
@given(PARAGRAPH)
def test_segmentation_never_splits_inside_a_word(text):
    text = normalise(text)
    pieces = split_sentences(text)
    assert " ".join(pieces).split() == text.split()

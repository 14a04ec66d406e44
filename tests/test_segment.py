"""Sentence segmentation and ids."""

from pipeline.ingest.text import ingest_text
from pipeline.segment import segment, split_sentences


def test_abbreviations_decimals_quotes_and_dashes():
    text = ("Mr. Smith paid £3.50 for it, e.g. a pie. He said “It was fine.” Then he left – quickly! "
            "The U.S. economy grew 2.5% in 2019. Was it the MP? Yes.")
    assert split_sentences(text) == [
        "Mr. Smith paid £3.50 for it, e.g. a pie.",
        "He said “It was fine.”",
        "Then he left – quickly!",
        "The U.S. economy grew 2.5% in 2019.",
        "Was it the MP?",
        "Yes.",
    ]


def test_nothing_is_lost():
    text = "One sentence. Another one here – with a dash. “A quote!” she said. Done"
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


def doc(paragraphs):
    return segment(ingest_text("A headline for the article\n\n" + "\n\n".join(paragraphs), slug="x", source="x",
                               furniture=[]))


def test_ids_are_readable_and_positional():
    d = doc(["First. Second.", "Third."])
    assert [s.id for s in d.sentences()] == ["p001s01", "p002s01", "p002s02", "p003s01"]


def test_editing_one_paragraph_does_not_renumber_others():
    before = {s.id: s.text for s in doc(["Alpha one. Alpha two.", "Beta one.", "Gamma one. Gamma two."]).sentences()}
    after = {s.id: s.text for s in doc(["Alpha one. Alpha two.", "Beta one. Beta inserted. Beta more.",
                                        "Gamma one. Gamma two."]).sentences()}
    for sid in ("p002s01", "p002s02", "p004s01", "p004s02"):
        assert before[sid] == after[sid]


def test_resegmenting_is_idempotent():
    d = doc(["First. Second.", "Third."])
    ids = [(s.id, s.text) for s in d.sentences()]
    assert [(s.id, s.text) for s in segment(d).sentences()] == ids

"""Sentences as a listener and an EPUB reader get them: cut by the article's own language, with
ids on every sentence and on pull-quote attributions. Fast and in-process: `make mutate` uses
them (with test_segment.py) for pipeline/segment.py.

Equivalent mutants (nothing a user can observe tells them apart, so no test kills them):
- split_sentences' default language "en" -> "EN" or "XXenXX", and segment's fallback
  ``or "en"`` -> ``or "XXenXX"``: the language is lower-cased, and an unknown one falls back to
  English rules anyway.
- ``0 < sp.start`` -> ``0 <= sp.start`` or ``1 < sp.start``, and ``sp.start < len(text)`` ->
  ``<=``: pySBD's spans carry their trailing white space, so a cut needs white space just before
  it, which position 0 or 1 of stripped text never has, and no span starts at the very end.
- ``prev = 0`` -> ``prev = None``: ``text[None:c]`` is ``text[0:c]``.
- the segmenter cache size (``lru_cache(maxsize=4)``): only speed depends on it.
"""

from __future__ import annotations

import pytest

from pipeline.model import Block, Document, Metadata, Sentence
from pipeline.segment import segment, split_sentences

GERMAN = "Er kam z. B. am Montag. Dann ging er."
GERMAN_SENTENCES = ["Er kam z. B. am Montag.", "Dann ging er."]
AS_ENGLISH = ["Er kam z.", "B. am Montag.", "Dann ging er."]


def article(language: str | None, *blocks: Block) -> Document:
    return Document(meta=Metadata(slug="x", language=language), blocks=list(blocks))


@pytest.mark.parametrize("language,expected", [
    ("de", GERMAN_SENTENCES),
    ("de-DE", GERMAN_SENTENCES),      # a regional tag uses its language's rules
    ("DE-at", GERMAN_SENTENCES),      # in any case
    ("en", AS_ENGLISH),
    ("xx", AS_ENGLISH),               # a language pySBD does not know: English rules
    ("", AS_ENGLISH),
])
def test_sentences_are_cut_by_the_language_rules(language, expected):
    assert split_sentences(GERMAN, language) == expected


def test_english_is_the_default():
    assert split_sentences(GERMAN) == AS_ENGLISH


@pytest.mark.parametrize("language,expected", [("de", GERMAN_SENTENCES), ("de-CH", GERMAN_SENTENCES),
                                               ("en-GB", AS_ENGLISH), ("", AS_ENGLISH), (None, AS_ENGLISH)])
def test_an_article_is_cut_in_its_own_language(language, expected):
    d = segment(article(language, Block(id="p001", kind="paragraph", text=GERMAN)))
    assert [(s.id, s.text) for s in d.sentences()] == [(f"p001s{i:02d}", t) for i, t in enumerate(expected, 1)]


def test_pull_quote_attribution_gets_its_id_and_stays_one_sentence():
    quote = Block(id="p002", kind="quote", text="We will win. Again.",
                  attribution=Sentence(id="", text="Ian Lavery MP. Wansbeck"))
    d = segment(article("en", Block(id="p001", kind="heading", text="Headline here"), quote))
    assert [(s.id, s.text) for s in d.sentences()] == [
        ("p001s01", "Headline here"), ("p002s01", "We will win."), ("p002s02", "Again."),
        ("p002a01", "Ian Lavery MP. Wansbeck")]


def test_the_document_is_marked_as_segmented():
    d = article("en", Block(id="p001", kind="paragraph", text="One. Two."))
    assert d.stage == "ingest"
    assert segment(d) is d and d.stage == "segment"


@pytest.mark.parametrize("text,expected", [
    ("", []),
    ("   \n\t ", []),
    ("  One.   Two.  ", ["One.", "Two."]),
    ("He said voters.The rest left. Then more.", ["He said voters.The rest left.", "Then more."]),
    ("! Hello there.", ["!", "Hello there."]),
    ("It rained!Then it stopped.", ["It rained!Then it stopped."]),  # pySBD cuts there; no space: kept
    ("No full stop at the end", ["No full stop at the end"]),
])
def test_split_sentences_edges(text, expected):
    assert split_sentences(text) == expected


def test_an_empty_block_has_no_sentences():
    d = segment(article("en", Block(id="p001", kind="paragraph", text="  ")))
    assert d.blocks[0].sentences == []

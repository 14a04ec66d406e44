"""The document model, built by hand: JSON round trip, schema stamp, reading order."""

import json

import pytest

from pipeline.errors import InputError
from pipeline.model import SCHEMA_VERSION, Block, Document, Metadata, Sentence


def hand_made() -> Document:
    return Document(
        meta=Metadata(slug="demo", title="A title", author="A. Writer", language="en-GB"),
        blocks=[
            Block("p001", "heading", "A title", level=1, sentences=[Sentence("p001s01", "A title")]),
            Block("p002", "quote", "“Quoted.”", attribution=Sentence("p002a01", "A. Writer"),
                  sentences=[Sentence("p002s01", "“Quoted.”")]),
            Block("p003", "paragraph", "One. Two.", sentences=[Sentence("p003s01", "One."), Sentence("p003s02", "Two.")]),
        ],
        stage="segment",
    )


def test_json_round_trip_is_lossless_and_stamped():
    doc = hand_made()
    text = doc.to_json()
    assert json.loads(text)["schema"] == SCHEMA_VERSION
    again = Document.from_json(text)
    assert again == doc
    assert again.to_json() == text


def test_reading_order_includes_attribution_after_the_quote():
    assert [s.id for s in hand_made().sentences()] == ["p001s01", "p002s01", "p002a01", "p003s01", "p003s02"]


def test_other_schema_version_is_refused_clearly():
    d = hand_made().to_dict()
    d["schema"] = SCHEMA_VERSION + 1
    with pytest.raises(InputError, match="schema"):
        Document.from_dict(d)


def test_broken_json_is_an_input_error():
    with pytest.raises(InputError, match="does not parse"):
        Document.from_json("{not json")
    with pytest.raises(InputError, match="not a valid"):
        Document.from_json(json.dumps({"schema": SCHEMA_VERSION, "meta": {}}))

"""Plain-text ingest: byline, headline, pull quote, furniture, encodings."""

from pathlib import Path

import pytest

from pipeline.decode import decode_bytes, normalise
from pipeline.errors import ConfigError, InputError
from pipeline.ingest import ingest_file
from pipeline.ingest.furniture import load_furniture
from pipeline.ingest.text import ingest_text
from tests.conftest import SEED, SEED_SLUG


def test_seed_structure_is_recognised(project):
    doc = ingest_file(project.seeds / SEED.name, project)
    kinds = [b.kind for b in doc.blocks[:4]]
    assert kinds == ["heading", "byline", "quote", "paragraph"]
    assert doc.meta.title.startswith("Ian Lavery exclusive – Following Hartlepool")
    assert doc.meta.author == "Ian Lavery"
    assert doc.meta.language == "en-GB"  # from the reviewed sidecar
    quote = doc.blocks[2]
    assert quote.text.startswith("“Electoral successes") and quote.text.endswith("too late.”")
    assert quote.attribution.text == "Ian Lavery MP"
    assert [d.text for d in doc.dropped] == ["Share", "Leave a Reply"]
    assert all(b.text not in ("Share", "Leave a Reply") for b in doc.blocks)


def test_furniture_list_is_data_not_code(project):
    (project.seeds / "furniture.toml").write_text('[[furniture]]\ntext = "Share"\n')
    doc = ingest_file(project.seeds / SEED.name, project)
    # "Leave a Reply" is no longer listed, so it stays as text: nothing is hard-coded
    assert doc.blocks[-1].text == "Leave a Reply"


def test_furniture_patterns_and_errors(tmp_path):
    f = tmp_path / "f.toml"
    f.write_text('[[furniture]]\npattern = "(?i)\\\\d+ comments?"\n')
    rules = load_furniture(f)
    doc = ingest_text("A headline for the test\n\nBody text here.\n\n12 Comments", slug="x", source="x", furniture=rules)
    assert [d.text for d in doc.dropped] == ["12 Comments"]
    f.write_text('[[furniture]]\ntext = "a"\npattern = "b"\n')
    with pytest.raises(ConfigError, match="exactly one"):
        load_furniture(f)
    f.write_text('[[furniture]]\ntxt = "a"\n')
    with pytest.raises(ConfigError, match="unknown key 'txt'"):
        load_furniture(f)


def test_headline_without_byline_and_by_prefix():
    doc = ingest_text("Council votes to close the library\n\nBy Jo Bloggs\n\nThe council voted.", slug="x",
                      source="x", furniture=[])
    assert doc.meta.title == "Council votes to close the library"
    assert doc.meta.author == "Jo Bloggs"
    assert [b.kind for b in doc.blocks] == ["heading", "byline", "paragraph"]


def test_single_newline_paragraphs():
    doc = ingest_text("A headline that is long enough\nFirst paragraph.\nSecond paragraph.", slug="x", source="x",
                      furniture=[])
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["First paragraph.", "Second paragraph."]


@pytest.mark.parametrize("data,encoding", [
    ("Café – “quoted” text".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "Café – “quoted” text".encode("utf-8"), "utf-8-sig"),
    ("Café – “quoted” text, naïve résumé, façade".encode("cp1252"), "cp1252"),
])
def test_encodings_are_detected_and_typography_kept(data, encoding):
    text, enc = decode_bytes(data)
    assert enc == encoding
    assert text.startswith("Café – “quoted” text")


def test_normalise_fixes_stray_spaces_but_keeps_typography():
    assert normalise("“ Hello ,  world ”\u00a0– yes") == "“Hello, world” – yes"
    assert normalise("e\u0301") == "é"  # NFC
    assert normalise("a\x00b\x07c") == "abc"


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"  \n\t \n", "empty"),
    (bytes(range(256)) * 40, "binary"),
])
def test_unreadable_input_is_refused(data, message):
    with pytest.raises(InputError, match=message):
        decode_bytes(data)


def test_size_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("PIPELINE_MAX_INPUT_BYTES", "100")
    with pytest.raises(InputError, match="over the input limit of 100 bytes"):
        decode_bytes(b"x" * 101)


def test_no_article_text(project):
    p = project.seeds / "only-furniture.txt"
    p.write_text("Share\n\nLeave a Reply\n")
    with pytest.raises(InputError, match="no article text"):
        ingest_file(p, project)

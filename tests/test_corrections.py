"""The reviewed corrections list: context-bound, counted, case-preserving, audited."""

import textwrap

import pytest

from pipeline.corrections import apply_corrections, load_corrections, match_case
from pipeline.errors import ConfigError, CorrectionsError
from pipeline.ingest.text import ingest_text

ENTRY = """
[[correction]]
id = "reave-leave"
wrong = "reave"
right = "leave"
context = "rural reave voting"
scope = "{scope}"
expected = {expected}
status = "{status}"
reviewer = "Ed"
reviewed = 2026-11-27
"""


def write(tmp_path, body):
    p = tmp_path / "corrections.toml"
    p.write_text(textwrap.dedent(body))
    return p


def doc_of(text, slug="art"):
    return ingest_text("A headline for the article\n\n" + text, slug=slug, source="x", furniture=[])


def test_fix_applies_only_in_its_context(tmp_path):
    c = load_corrections(write(tmp_path, ENTRY.format(scope="all", expected=1, status="approved")))
    voting = apply_corrections(doc_of("Tories gain in rural reave voting regions."), c)
    assert "rural leave voting" in voting.blocks[1].text
    assert voting.changes[0].entry == "reave-leave" and voting.changes[0].wrong == "reave"
    plunder = apply_corrections(doc_of("Raiders came to reave the rural farms."), c)
    assert "reave the rural" in plunder.blocks[1].text and not plunder.changes


def test_only_approved_entries_apply(tmp_path):
    for status in ("proposed", "rejected"):
        c = load_corrections(write(tmp_path, ENTRY.format(scope="all", expected=1, status=status)))
        d = apply_corrections(doc_of("Tories gain in rural reave voting regions."), c)
        assert "reave" in d.blocks[1].text and not d.changes


def test_count_mismatch_names_the_entry(tmp_path):
    c = load_corrections(write(tmp_path, ENTRY.format(scope="art", expected=2, status="approved")))
    with pytest.raises(CorrectionsError, match=r"'reave-leave'.*expected 2 match\(es\).*found 1"):
        apply_corrections(doc_of("Tories gain in rural reave voting regions."), c)


def test_scoped_entry_must_match_its_article(tmp_path):
    c = load_corrections(write(tmp_path, ENTRY.format(scope="art", expected=1, status="approved")))
    with pytest.raises(CorrectionsError, match="found 0"):
        apply_corrections(doc_of("Nothing to fix here."), c)
    # another article is out of scope: untouched, no error
    other = apply_corrections(doc_of("Tories gain in rural reave voting regions.", slug="other"), c)
    assert not other.changes


def test_case_is_preserved(tmp_path):
    c = load_corrections(write(tmp_path, ENTRY.format(scope="all", expected=1, status="approved")))
    d = apply_corrections(doc_of("RURAL REAVE VOTING is up. "), c)
    assert "RURAL LEAVE VOTING" in d.blocks[1].text
    assert match_case("Reave", "leave") == "Leave"
    assert match_case("burham", "Burnham") == "Burnham"


def test_syntax_error_names_file_and_line(tmp_path):
    p = write(tmp_path, '[[correction]]\nid = "x"\nwrong = \n')
    with pytest.raises(ConfigError, match=r"corrections.toml:3"):
        load_corrections(p)


@pytest.mark.parametrize("body,message", [
    (ENTRY.format(scope="all", expected=1, status="approved") + 'colour = "red"\n', "unknown key 'colour'"),
    (ENTRY.format(scope="all", expected=1, status="approved").replace('context = "rural reave voting"\n', ""),
     "missing context"),
    (ENTRY.format(scope="all", expected=1, status="approved").replace("rural reave voting", "reave"),
     "more than the wrong word"),
    (ENTRY.format(scope="all", expected=1, status="approved").replace("rural reave voting", "rural voting"),
     "exactly once"),
    (ENTRY.format(scope="all", expected=0, status="approved"), "whole number >= 1"),
    (ENTRY.format(scope="all", expected=1, status="maybe"), "not one of"),
    (ENTRY.format(scope="all", expected=1, status="approved").replace('reviewer = "Ed"\n', ""), "who and when"),
    (ENTRY.format(scope="all", expected=1, status="approved") * 2, "used twice"),
])
def test_malformed_entries_are_reported_clearly(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message):
        load_corrections(write(tmp_path, body))


def test_entry_errors_carry_its_line(tmp_path):
    body = ENTRY.format(scope="all", expected=1, status="approved") + 'colour = "red"\n'
    with pytest.raises(ConfigError, match=r"corrections.toml:3 correction 'reave-leave'"):
        load_corrections(write(tmp_path, body))

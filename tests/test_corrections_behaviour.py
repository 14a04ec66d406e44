"""What an editor sees from the reviewed corrections list: which text changes, where, and which
mistakes in the list are refused (with what message).

Written against the public behaviour (load_corrections, apply_corrections, match_case and the
Change records the report shows), not against how the matching is done, so these hold however
the matching is implemented. Fast and in-process: `make mutate` uses them for
pipeline/corrections.py.

Equivalent mutants (no behaviour can tell them apart, so no test kills them):
- ``_loose(s)``'s ``if s`` -> ``if s or True``: an empty ``s`` gives "" either way.
- match_case's ``right[:1].islower()`` -> ``right[:2].islower()`` is left alive on purpose: it only
  differs for a fix with a capital second letter ("iPhone") replacing a capitalised find, where the
  current answer ("IPhone") is an editorial question, not a behaviour to pin.
- match_case's third branch (a lower-case find and a capitalised fix return ``right``) returns
  exactly what the fall-through return gives, so any mutant of that condition is equivalent.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from pipeline.corrections import Correction, CorrectionsList, apply_corrections, load_corrections, match_case
from pipeline.errors import ConfigError, CorrectionsError
from pipeline.model import Block, Change, Document, Metadata, Sentence


def toml_value(key: str, v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and (v.startswith('"') or key == "reviewed"):
        return v  # already TOML (a quoted string, or a date)
    return json.dumps(v)


def entry(**over) -> str:
    """One [[correction]] table; a keyword set to None leaves the key out."""
    fields = {"id": "reave-leave", "wrong": "reave", "right": "leave", "context": "rural reave voting",
              "scope": "all", "expected": 1, "status": "approved", "reviewer": "Ed", "reviewed": "2026-11-27"}
    fields.update(over)
    return "[[correction]]\n" + "".join(f"{k} = {toml_value(k, v)}\n" for k, v in fields.items() if v is not None) + "\n"


def listing(tmp_path, *entries: str):
    p = tmp_path / "corrections.toml"
    p.write_text("".join(entries))
    return load_corrections(p)


def refused(tmp_path, text: str) -> str:
    p = tmp_path / "corrections.toml"
    p.write_text(textwrap.dedent(text))
    with pytest.raises(ConfigError) as e:
        load_corrections(p)
    return str(e.value)


def doc(*paragraphs: str, slug: str = "art", quote: tuple[str, str] | None = None) -> Document:
    blocks = [Block(id=f"p{i:03d}", kind="paragraph", text=t) for i, t in enumerate(paragraphs, 1)]
    if quote:
        blocks.append(Block(id=f"p{len(blocks) + 1:03d}", kind="quote", text=quote[0],
                            attribution=Sentence(id="", text=quote[1])))
    return Document(meta=Metadata(slug=slug), blocks=blocks)


def fixed(tmp_path, text: str, *entries: str) -> str:
    return apply_corrections(doc(text), listing(tmp_path, *(entries or (entry(),)))).blocks[0].text


# --- applying ----------------------------------------------------------------------------------

def test_two_matches_in_one_paragraph_are_both_fixed_and_nothing_else_changes(tmp_path):
    text = "First the rural reave voting, then more rural reave voting. The end."
    d = apply_corrections(doc(text), listing(tmp_path, entry(expected=2)))
    assert d.blocks[0].text == "First the rural leave voting, then more rural leave voting. The end."
    assert [c.offset for c in d.changes] == [text.index("reave"), text.rindex("reave")]


def test_matches_in_several_paragraphs_count_together(tmp_path):
    d = apply_corrections(doc("A rural reave voting.", "Another rural reave voting."),
                          listing(tmp_path, entry(expected=2, scope="art")))
    assert [b.text for b in d.blocks] == ["A rural leave voting.", "Another rural leave voting."]
    assert [(c.block, c.offset) for c in d.changes] == [("p001", 8), ("p002", 14)]


@pytest.mark.parametrize("text", [
    "Tories gain in urban reave voting regions.",     # the words before the wrong word differ
    "Tories gain in rural reave counting regions.",   # the words after it differ
    "Tories gain in semirural reave voting regions.",  # the context starts inside a longer word
    "Tories gain in rural reave votings regions.",    # the context ends inside a longer word
    "Tories gain in rural reaves voting regions.",    # the wrong word is part of a longer word
])
def test_the_whole_context_must_match_at_word_boundaries(tmp_path, text):
    # scope "all": an article without the context is simply left alone
    assert fixed(tmp_path, text) == text
    # scoped to the article, the missing match is an error naming the entry
    with pytest.raises(CorrectionsError, match=r"'reave-leave'.*found 0"):
        fixed(tmp_path, text, entry(scope="art"))


@pytest.mark.parametrize("context,text", [
    ("A reave vote", "The FA reave vote was held."),      # one letter, then a space, starts the context
    ("reave vote 2", "The reave vote 25 times."),        # ... or ends it
])
def test_word_boundaries_hold_for_one_character_edges(tmp_path, context, text):
    assert fixed(tmp_path, text, entry(context=context)) == text


def test_the_fix_is_recorded_where_the_wrong_word_first_stands_in_the_context(tmp_path):
    # "ll" stands in "alll" twice over (overlapping); the entry means the first
    d = apply_corrections(doc("So alll good."), listing(tmp_path, entry(wrong="ll", right="l", context="alll")))
    assert d.blocks[0].text == "So all good."
    assert (d.changes[0].offset, d.changes[0].before) == (4, "So alll good.")


def test_context_edged_with_punctuation_matches_next_to_letters(tmp_path):
    # no word boundary is required where the context starts or ends with punctuation
    e = entry(context="(rural reave voting)")
    assert fixed(tmp_path, "the poll(rural reave voting)s rose", e) == "the poll(rural leave voting)s rose"


def test_white_space_in_the_context_matches_any_white_space(tmp_path):
    assert fixed(tmp_path, "in rural \n reave\tvoting areas") == "in rural \n leave\tvoting areas"
    e = entry(context="rural   reave  voting")
    assert fixed(tmp_path, "in rural reave voting areas", e) == "in rural leave voting areas"


def test_matching_ignores_case_and_the_fix_takes_the_case_it_replaces(tmp_path):
    assert fixed(tmp_path, "Rural Reave Voting") == "Rural Leave Voting"
    assert fixed(tmp_path, "RURAL REAVE VOTING") == "RURAL LEAVE VOTING"
    assert fixed(tmp_path, "rural reave voting") == "rural leave voting"


def test_a_fix_in_a_pull_quote_attribution_is_written(tmp_path):
    d = doc("Intro paragraph.", quote=("“We will win.”", "Ian Lavrey MP"))
    out = apply_corrections(d, listing(tmp_path, entry(id="lavery", wrong="Lavrey", right="Lavery",
                                                       context="Ian Lavrey MP")))
    assert out.blocks[1].attribution.text == "Ian Lavery MP"
    assert out.blocks[1].text == "“We will win.”"
    [c] = out.changes
    assert (c.entry, c.block, c.offset, c.wrong, c.right) == ("lavery", "p002:attribution", 4, "Lavrey", "Lavery")


def test_each_change_records_the_words_around_it(tmp_path):
    head = "An opening run of words that is longer than forty characters, then "
    tail = " across the north and more words after that to pass forty."
    text = head + "rural reave voting" + tail
    d = apply_corrections(doc(text), listing(tmp_path, entry()))
    [c] = d.changes
    s = text.index("reave")
    assert c == Change(entry="reave-leave", block="p001", offset=s, before=text[s - 40:s + 5 + 40],
                       after=text[s - 40:s] + "leave" + text[s + 5:s + 5 + 40], wrong="reave", right="leave")


def test_a_change_at_the_start_of_a_paragraph_keeps_its_context(tmp_path):
    e = entry(context="reave voting")
    d = apply_corrections(doc("Reave voting rose."), listing(tmp_path, e))
    [c] = d.changes
    assert (c.offset, c.before, c.after, c.wrong, c.right) == (0, "Reave voting rose.", "Leave voting rose.",
                                                               "Reave", "Leave")


def test_an_entry_for_all_articles_that_finds_nothing_does_not_stop_the_next(tmp_path):
    d = apply_corrections(doc("The rural reave voting."),
                          listing(tmp_path, entry(id="none", context="urban reave voting"), entry()))
    assert d.blocks[0].text == "The rural leave voting."


def test_a_change_near_the_start_keeps_all_the_words_before_it(tmp_path):
    d = apply_corrections(doc("Big reave voting rose."), listing(tmp_path, entry(context="reave voting")))
    [c] = d.changes
    assert (c.offset, c.before, c.after) == (4, "Big reave voting rose.", "Big leave voting rose.")


def test_entries_apply_in_file_order_and_earlier_changes_are_kept(tmp_path):
    # (an entry that would fix another entry's fix is refused at load: see test_reliability.py)
    first = entry(id="heal-its", wrong="it’s", right="its", context="heal it’s lost")
    second = entry()
    d = doc("They want to heal it’s lost bond. The rural reave voting.")
    d.changes.append(Change(entry="older", block="p001", offset=0, before="", after="", wrong="", right=""))
    out = apply_corrections(d, listing(tmp_path, first, second))
    assert out.blocks[0].text == "They want to heal its lost bond. The rural leave voting."
    assert [c.entry for c in out.changes] == ["older", "heal-its", "reave-leave"]


def test_only_approved_entries_for_this_article_apply(tmp_path):
    entries = listing(tmp_path, entry(id="a", scope="art"), entry(id="b", scope="other"),
                      entry(id="c", scope="art", status="proposed", reviewer=None, reviewed=None),
                      entry(id="d", status="rejected"),
                      entry(id="e", scope="all", wrong="rural", right="Rural", context="rural reave"))
    assert [c.id for c in entries.approved_for("art")] == ["a", "e"]
    assert [c.id for c in entries.approved_for("other")] == ["b", "e"]
    assert [c.id for c in entries.proposed_for("art")] == ["c"]
    assert entries.proposed_for("elsewhere") == []
    assert entries.entries[0].applies_to("art") and not entries.entries[0].applies_to("art2")


def test_a_count_other_than_expected_is_an_error_naming_entry_file_line_and_article(tmp_path):
    with pytest.raises(CorrectionsError) as e:
        apply_corrections(doc("rural reave voting and rural reave voting", slug="my-article"),
                          listing(tmp_path, entry()))
    msg = str(e.value)
    assert "'reave-leave'" in msg and "corrections.toml:2" in msg and "expected 1 match(es)" in msg
    assert "'rural reave voting'" in msg and "'my-article'" in msg and "found 2" in msg
    assert e.value.hint == "the article or the entry changed: review the entry again"
    with pytest.raises(CorrectionsError, match="found 1"):
        apply_corrections(doc("rural reave voting"), listing(tmp_path, entry(expected=3)))


def test_no_change_is_recorded_for_an_article_without_the_context(tmp_path):
    d = apply_corrections(doc("Nothing here."), listing(tmp_path, entry()))
    assert d.blocks[0].text == "Nothing here." and d.changes == []


def test_entries_built_in_code_apply_like_loaded_ones():
    c = Correction(id="x", wrong="reave", right="leave", context="rural reave voting", scope="all", expected=1,
                   status="approved", reviewer="t", reviewed="2026-11-27")
    d = apply_corrections(doc("a rural reave voting b"), CorrectionsList(path="c.toml", entries=[c]))
    assert d.blocks[0].text == "a rural leave voting b"


# --- the case of the fix ------------------------------------------------------------------------

@pytest.mark.parametrize("found,right,expected", [
    ("REAVE", "leave", "LEAVE"),
    ("Reave", "leave", "Leave"),
    ("reave", "leave", "leave"),
    ("I", "me", "Me"),              # one capital letter is a capitalised word, not all capitals
    ("A", "an", "An"),
    ("TE", "the", "THE"),           # two capitals are all capitals
    ("burham", "Burnham", "Burnham"),  # a name fix keeps its reviewed capital
    ("Burham", "Burnham", "Burnham"),
    ("McDonld", "McDonald", "McDonald"),
    ("ReAve", "leave", "Leave"),
    ("reave", "LEAVE", "LEAVE"),
    ("3rd", "third", "third"),
])
def test_match_case(found, right, expected):
    assert match_case(found, right) == expected


# --- loading: what is read ----------------------------------------------------------------------

def test_a_missing_file_is_an_empty_list(tmp_path):
    c = load_corrections(tmp_path / "none.toml")
    assert c.entries == [] and c.path == tmp_path / "none.toml"


def test_every_field_is_read(tmp_path):
    p = tmp_path / "corrections.toml"
    p.write_text("# a comment\n\n" + entry(note="why", reason="typo", confidence=0.75, reviewed="2026-11-27")
                 + entry(id="second", status="proposed", reviewer=None, reviewed=None))
    c = load_corrections(str(p))
    first, second = c.entries
    assert c.path == p
    assert (first.id, first.wrong, first.right, first.context, first.scope, first.expected, first.status) == (
        "reave-leave", "reave", "leave", "rural reave voting", "all", 1, "approved")
    assert (first.reviewer, first.reviewed, first.note, first.reason, first.confidence, first.line) == (
        "Ed", "2026-11-27", "why", "typo", 0.75, 4)
    assert (second.reviewer, second.reviewed, second.note, second.reason, second.confidence) == ("", "", "", "", None)
    assert second.line == p.read_text().splitlines().index('id = "second"') + 1


def test_a_file_of_comments_only_is_an_empty_list(tmp_path):
    assert listing(tmp_path, "# nothing reviewed yet\n").entries == []


def test_a_review_date_written_as_text_is_kept(tmp_path):
    [c] = listing(tmp_path, entry(reviewed='"27 Nov 2026"')).entries
    assert c.reviewed == "27 Nov 2026"


def test_a_review_date_with_a_time_is_kept_in_iso_form(tmp_path):
    [c] = listing(tmp_path, entry(reviewed="2026-11-27T10:30:00")).entries
    assert c.reviewed == "2026-11-27T10:30:00"


# --- loading: what is refused, and how it is said -----------------------------------------------

@pytest.mark.parametrize("over,message", [
    ({"wrong": 3}, "wrong must be text"),
    ({"id": 7, "right": 1}, "correction #1: id, right must be text"),
    ({"scope": 1}, "scope must be text"),
    ({"status": True}, "status must be text"),
    ({"context": 5}, "context must be text"),
    ({"wrong": ""}, "'wrong' and 'context' must not be empty"),
    ({"context": "   "}, "'wrong' and 'context' must not be empty"),
    ({"context": "Reave or reave"}, "context 'Reave or reave' must contain 'reave' exactly once"),
    ({"context": " reave "}, "context must be more than the wrong word itself"),
    ({"expected": True}, "'expected' must be a whole number >= 1"),
    ({"expected": '"1"'}, "'expected' must be a whole number >= 1"),
    ({"expected": 1.5}, "'expected' must be a whole number >= 1"),
    ({"expected": -1}, "'expected' must be a whole number >= 1"),
    ({"status": "maybe"}, "status 'maybe' is not one of approved, proposed, rejected"),
    ({"reviewer": None}, "a approved entry needs 'reviewer' and 'reviewed' (who and when)"),
    ({"reviewed": None}, "a approved entry needs 'reviewer' and 'reviewed' (who and when)"),
    ({"status": "rejected", "reviewer": '""'}, "a rejected entry needs 'reviewer'"),
])
def test_malformed_entry_is_refused_with_a_clear_message(tmp_path, over, message):
    msg = refused(tmp_path, entry(**over))
    assert message in msg
    assert msg.startswith(f"{tmp_path / 'corrections.toml'}: 1 problem(s)\n  ")


def test_entry_errors_name_file_line_and_id(tmp_path):
    msg = refused(tmp_path, entry() + entry(id="second", wrong=""))
    assert f"{tmp_path / 'corrections.toml'}:13 correction 'second': 'wrong' and 'context'" in msg


def test_missing_keys_are_all_named(tmp_path):
    msg = refused(tmp_path, entry(context=None, scope=None))
    assert "missing context, scope" in msg


def test_a_proposal_needs_no_reviewer(tmp_path):
    [c] = listing(tmp_path, entry(status="proposed", reviewer=None, reviewed=None)).entries
    assert c.status == "proposed"


def test_every_problem_is_reported_at_once(tmp_path):
    msg = refused(tmp_path, entry(id="a", wrong=3) + entry(id="b", status="maybe") + entry(id="c") + entry(id="c")
                  + 'colour = "red"\n')
    assert "4 problem(s)" in msg
    assert "correction 'a': wrong must be text" in msg and "correction 'b': status 'maybe'" in msg
    assert "id 'c' is used twice" in msg and "unknown key 'colour'" in msg


def test_every_kind_of_problem_lets_the_next_entries_be_checked(tmp_path):
    bad = [entry(id="a", context=None), entry(id="b", wrong=3), entry(id="c", wrong=""),
           entry(id="d", context="reave reave"), entry(id="e", context=" reave "), entry(id="f", expected=0),
           entry(id="g", status="maybe"), entry(id="h", reviewer=None), entry(id="ok"), entry(id="ok"),
           entry(id="i", status="x")]
    msg = refused(tmp_path, "".join(bad))
    assert "10 problem(s)" in msg
    for ident in "abcdefghi":
        assert f"correction '{ident}'" in msg


def test_an_entry_whose_id_is_not_text_is_named_by_its_position(tmp_path):
    msg = refused(tmp_path, entry(id=2, note="2"))
    assert f"{tmp_path / 'corrections.toml'}: correction #1: id must be text" in msg


def test_an_id_is_refused_the_second_time_only(tmp_path):
    msg = refused(tmp_path, entry(id="same") + entry(id="other") + entry(id="same", context="rural reave"))
    assert "1 problem(s)" in msg and "correction 'same': id 'same' is used twice" in msg


def test_correction_must_be_an_array_of_tables(tmp_path):
    msg = refused(tmp_path, 'correction = "x"\n')
    path = tmp_path / "corrections.toml"
    assert msg == f"{path}: 1 problem(s)\n  {path}: 'correction' must be an array of tables ([[correction]])"
    msg = refused(tmp_path, "correction = [1, 2]\n")
    assert "correction #1: must be a table" in msg and "correction #2: must be a table" in msg


def test_unknown_top_level_keys_are_refused(tmp_path):
    msg = refused(tmp_path, 'title = "x"\n' + entry())
    assert f"{tmp_path / 'corrections.toml'}: unknown key 'title' (allowed: correction)" in msg

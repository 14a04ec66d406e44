"""Saving review decisions and suggestions into corrections.toml, as `pipeline review` and
`pipeline suggest` do: what the file says afterwards, what is refused, and that nothing anyone
else wrote is lost. In-process twins of what test_review.py and test_suggest.py check through
`python -m pipeline`, so that `make mutate` can see them (pipeline/corrections_store.py).

Equivalent mutants (no behaviour tells them apart, so no test kills them):
- codec names changing case ("UTF-8-SIG", "UTF-8"): Python ignores their case. ``write_text(text,
  None)`` (the locale's encoding) is the same on a UTF-8 locale, which is all a test process has.
- ``"correction" not in doc`` -> a never-present key: appending an empty array of tables to the
  existing one adds nothing to the file.
- ``.strip("-")`` -> ``.strip("XX-XX")`` in entry ids: the text is lower-cased first, so there is
  no "X" to strip.
- ``fcntl.flock(fd, fcntl.LOCK_UN)`` before ``os.close(fd)`` -> another flag or removed: closing
  the descriptor releases the lock anyway.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
import time

import pytest
import tomlkit

from pipeline.corrections import load_corrections
from pipeline.corrections_store import (
    HEADER, Conflict, add_proposals, decide, entry_id, new_entry, parse, today, update,
)
from pipeline.errors import ConfigError, UsageError
from pipeline.settings import Settings

WRITTEN = '''# Our reviewed list.
# Keep it tidy.

[[correction]]
id = "reave-leave"   # the scrape's slip
wrong = "reave"
right = "leave"
context = "rural reave voting"
scope = "art"
expected = 1
status = "proposed"
confidence = 0.9

[[correction]]
id = "burham-burnham"
wrong = "Burham"
right = "Burnham"
context = "Andy Burham stormed"
scope = "art"
expected = 1
status = "approved"
reviewer = "Ann"
reviewed = 2026-11-01
'''

DAY = dt.date(2026, 12, 1)


def proposal(ident="sg-1", **over):
    return {"id": ident, "wrong": "teh", "right": "the", "context": "in teh end", "scope": "art", "expected": 1,
            "confidence": 0.5, "reason": "typo", **over}


@pytest.fixture
def listed(tmp_path):
    p = tmp_path / "seeds" / "corrections.toml"
    p.parent.mkdir()
    p.write_text(WRITTEN)
    return p


def entries(path):
    return {c.id: c for c in load_corrections(path).entries}


# --- decisions ------------------------------------------------------------------------------------

def test_approving_records_reviewer_and_date_and_keeps_everything_else(listed):
    decide(listed, "reave-leave", "approved", "Ed", DAY)
    c = entries(listed)["reave-leave"]
    assert (c.status, c.reviewer, c.reviewed, c.right, c.note) == ("approved", "Ed", "2026-12-01", "leave", "")
    text = listed.read_text()
    assert text.startswith("# Our reviewed list.\n# Keep it tidy.\n")
    assert 'id = "reave-leave"   # the scrape\'s slip' in text
    assert "reviewed = 2026-12-01\n" in text  # a TOML date, as written by hand
    assert text.split('id = "burham-burnham"')[1] == WRITTEN.split('id = "burham-burnham"')[1]


def test_rejecting_with_a_note(listed):
    decide(listed, "reave-leave", "rejected", "Ed", DAY, note="it is about plunder")
    c = entries(listed)["reave-leave"]
    assert (c.status, c.reviewer, c.note) == ("rejected", "Ed", "it is about plunder")


def test_an_empty_note_adds_nothing(listed):
    decide(listed, "reave-leave", "rejected", "Ed", DAY, note="")
    assert "note" not in listed.read_text()


def test_approving_with_an_edited_fix(listed):
    decide(listed, "reave-leave", "approved", "Ed", DAY, right="Leave")
    assert entries(listed)["reave-leave"].right == "Leave"


def test_putting_a_decided_entry_back_to_proposed_forgets_who_decided(listed):
    decide(listed, "burham-burnham", "proposed", "", DAY, only_if_proposed=False)
    c = entries(listed)["burham-burnham"]
    assert (c.status, c.reviewer, c.reviewed) == ("proposed", "", "")
    assert "reviewer" not in listed.read_text().split('id = "burham-burnham"')[1]


def test_proposing_again_an_entry_without_reviewer_is_fine(listed):
    decide(listed, "reave-leave", "proposed", "", DAY)
    assert entries(listed)["reave-leave"].status == "proposed"


def test_redeciding_is_refused_unless_asked_for(listed):
    with pytest.raises(Conflict, match=r"^entry 'burham-burnham' is already approved \(changed by someone else\?\)$"):
        decide(listed, "burham-burnham", "rejected", "Ed", DAY)
    assert listed.read_text() == WRITTEN
    decide(listed, "burham-burnham", "rejected", "Ed", DAY, only_if_proposed=False)
    assert entries(listed)["burham-burnham"].status == "rejected"


def test_an_unknown_entry_is_a_conflict(listed):
    with pytest.raises(Conflict) as e:
        decide(listed, "no-such", "approved", "Ed", DAY)
    assert str(e.value) == f"no entry 'no-such' in {listed} (removed by someone else?)"
    assert isinstance(e.value, UsageError) and e.value.exit_code == 2
    assert listed.read_text() == WRITTEN


@pytest.mark.parametrize("status", ["maybe", "Approved", ""])
def test_an_unknown_decision_is_refused(listed, status):
    with pytest.raises(UsageError, match=f"^unknown decision {status!r}$"):
        decide(listed, "reave-leave", status, "Ed", DAY)
    assert listed.read_text() == WRITTEN


@pytest.mark.parametrize("status", ["approved", "rejected"])
@pytest.mark.parametrize("reviewer", ["", "   "])
def test_a_decision_needs_a_reviewer(listed, status, reviewer):
    with pytest.raises(UsageError, match=r"^a decision needs a reviewer name \(--reviewer NAME\)$"):
        decide(listed, "reave-leave", status, reviewer, DAY)
    assert listed.read_text() == WRITTEN


def test_a_decision_on_a_file_without_entries_is_a_conflict(tmp_path):
    p = tmp_path / "corrections.toml"
    p.write_text("# nothing yet\n")
    with pytest.raises(Conflict, match="no entry 'x'"):
        decide(p, "x", "approved", "Ed", DAY)


# --- suggestions -----------------------------------------------------------------------------------

def test_suggestions_create_a_new_file_with_its_header(tmp_path):
    p = tmp_path / "new" / "seeds" / "corrections.toml"
    assert add_proposals(p, [proposal("sg-1"), proposal("sg-2", context="teh cat")]) == ["sg-1", "sg-2"]
    text = p.read_text()
    assert text.startswith("".join(f"# {line}\n" for line in HEADER.splitlines()))
    assert text.count("\n\n[[correction]]\n") == 2
    c = entries(p)["sg-1"]
    assert (c.status, c.wrong, c.right, c.context, c.scope, c.expected, c.confidence, c.reason) == (
        "proposed", "teh", "the", "in teh end", "art", 1, 0.5, "typo")


def test_suggestions_are_appended_and_known_ids_skipped(listed):
    added = add_proposals(listed, [proposal("reave-leave"), proposal("sg-new"), proposal("sg-new", context="teh x")])
    assert added == ["sg-new"]
    assert list(entries(listed)) == ["reave-leave", "burham-burnham", "sg-new"]
    assert listed.read_text().startswith(WRITTEN)
    assert add_proposals(listed, [proposal("sg-new")]) == []


def test_suggestions_are_only_ever_proposals(listed):
    for status in ("approved", "rejected"):
        with pytest.raises(ValueError, match="^suggestions are only ever written as proposals$"):
            add_proposals(listed, [proposal("sg-ok"), proposal("sg-x", status=status, reviewer="R",
                                                                reviewed=DAY)])
    assert listed.read_text() == WRITTEN
    assert add_proposals(listed, [proposal("sg-p", status="proposed")]) == ["sg-p"]
    assert entries(listed)["sg-p"].status == "proposed"


def test_a_new_entry_lists_its_keys_in_the_usual_order_and_leaves_out_empty_ones():
    t = new_entry({"note": "n", "reviewer": None, "reason": "", "status": "proposed", "id": "x", "wrong": "a",
                   "right": "b", "context": "a b", "scope": "all", "expected": 2, "confidence": 0.3, "extra": 1})
    assert list(t.keys()) == ["id", "wrong", "right", "context", "scope", "expected", "status", "confidence", "note"]
    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(t)
    doc.append("correction", aot)
    assert tomlkit.dumps(doc).startswith("\n[[correction]]\nid = \"x\"\n")


@pytest.mark.parametrize("wrong,right,scope,taken,expected", [
    ("reave", "leave", "000_80aa22d023d213f2", set(), "sg-reave-leave-000-80aa22d0"),
    ("Reave", "Leave", "art", set(), "sg-reave-leave-art"),
    ("it's", "its", "all", set(), "sg-it-s-its-all"),
    ("!!", "??", "--", set(), "sg-x-x-x"),
    ("a" * 30, "b", "art", set(), f"sg-{'a' * 24}-b-art"),
    ("teh", "the", "art", {"sg-teh-the-art"}, "sg-teh-the-art-2"),
    ("teh", "the", "art", {"sg-teh-the-art", "sg-teh-the-art-2"}, "sg-teh-the-art-3"),
])
def test_suggestion_ids_are_readable_and_unique(wrong, right, scope, taken, expected):
    assert entry_id(wrong, right, scope, "ctx", taken) == expected


# --- never losing anything ----------------------------------------------------------------------------

def test_a_change_that_would_break_the_file_is_not_saved(listed):
    def bad(doc):
        doc["correction"][0]["expected"] = 0
    with pytest.raises(ConfigError, match="whole number"):
        update(listed, bad)
    assert listed.read_text() == WRITTEN
    assert [p.name for p in listed.parent.iterdir()] == ["corrections.toml"]


def test_an_already_broken_file_is_not_edited(listed):
    listed.write_text(WRITTEN.replace("expected = 1", "expected = 0", 1))
    before = listed.read_text()
    with pytest.raises(ConfigError, match="whole number"):
        decide(listed, "burham-burnham", "rejected", "Ed", DAY, only_if_proposed=False)
    assert listed.read_text() == before


def test_update_returns_what_the_change_returns_and_saves_it(listed):
    def change(doc):
        doc["correction"][0]["note"] = "checked"
        return "done"
    assert update(str(listed), change) == "done"
    assert entries(listed)["reave-leave"].note == "checked"


def test_a_save_waits_for_another_process_holding_the_lock(listed):
    fd = os.open(listed.parent, os.O_RDONLY)  # what another pipeline process holds while it saves
    fcntl.flock(fd, fcntl.LOCK_EX)
    done = threading.Event()
    t = threading.Thread(target=lambda: (add_proposals(listed, [proposal("sg-late")]), done.set()))
    t.start()
    try:
        time.sleep(0.5)
        assert not done.is_set() and "sg-late" not in listed.read_text()
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    t.join(30)
    assert done.is_set() and "sg-late" in entries(listed)
    # and the lock is given back: the next save does not wait
    fd = os.open(listed.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_saves_from_many_threads_at_once_lose_nothing(listed):
    threads = [threading.Thread(target=add_proposals, args=(listed, [proposal(f"sg-{i}")])) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert {f"sg-{i}" for i in range(8)} <= set(entries(listed))


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    (tmp_path / "seeds").write_text("a file, not a folder")
    with pytest.raises(ConfigError, match=r"corrections.toml: cannot lock for writing: "):
        add_proposals(tmp_path / "seeds" / "corrections.toml", [proposal()])


# --- reading the file --------------------------------------------------------------------------------

def test_a_missing_file_reads_as_just_the_header(tmp_path):
    assert tomlkit.dumps(parse(tmp_path / "none.toml")) == (
        '# Reviewed corrections list. Format: README.md, "Reviewed corrections".\n'
        '# Only `status = "approved"` entries change text.\n')


def test_a_byte_order_mark_is_accepted(listed):
    listed.write_bytes(b"\xef\xbb\xbf" + WRITTEN.encode())
    assert parse(str(listed))["correction"][0]["id"] == "reave-leave"


def test_unreadable_files_are_clear_errors(tmp_path):
    p = tmp_path / "corrections.toml"
    p.write_bytes(b'# caf\xe9\n')
    with pytest.raises(ConfigError, match=r"^.*corrections.toml: not UTF-8 \(byte 5\)$"):
        parse(p)
    p.unlink()
    p.mkdir()
    with pytest.raises(ConfigError, match=r"corrections.toml: cannot read: Is a directory$"):
        parse(p)
    p.rmdir()
    p.write_text('[[correction]]\nid = "x"\nwrong = \n')
    with pytest.raises(ConfigError, match=r"corrections.toml:3: TOML syntax error: "):
        parse(p)


# --- the review date ------------------------------------------------------------------------------------

@pytest.fixture
def far_east(monkeypatch):
    """The machine's clock in UTC+14, where 23:30 UTC is already tomorrow."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_review_date_follows_source_date_epoch_in_utc_whatever_the_time_zone(far_east):
    epoch = int(dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.timezone.utc).timestamp())
    assert today(Settings(source_date_epoch=epoch)) == dt.date(2026, 11, 27)


def test_without_source_date_epoch_the_review_date_is_today():
    assert today(Settings()) == dt.date.today()

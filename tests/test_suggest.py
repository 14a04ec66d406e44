"""``pipeline suggest``: what it finds on the seed, what it must leave alone, and that it never
changes an output until a person approves."""

from __future__ import annotations

import json
import tomllib

import pytest

from pipeline.config import Project
from pipeline.corrections import CorrectionsList, load_corrections
from pipeline.stages import build_document
from pipeline.suggest import find_suggestions
from pipeline.suggest.plant import plant
from tests.conftest import SEED_SLUG, run_cli
from tests.suggest_support import doc_of

SEED_SLIPS = {("reave", "leave"), ("Burham", "Burnham"), ("it’s", "its"), ("parties", "party’s"),
              ("regions", "regions’")}
NOT_ARTEFACTS = {"Lavery", "Hartlepool", "Batley", "Spen", "Salford", "Thatcherite", "furlough", "Preston",
                 "Westminster", "wranglings", "handpicked", "neoliberal", "realignment"}


def empty_reviewed_list(project: Project) -> None:
    """Remove the approved seed entries: the slips are back in the text for suggest to find."""
    project.corrections_file.write_text("# emptied for the test\n", "utf-8")


def proposals(project: Project) -> list:
    return [c for c in load_corrections(project.corrections_file).entries if c.status == "proposed"]


def found(*paragraphs: str) -> set[tuple[str, str]]:
    return {(s.wrong, s.right) for s in find_suggestions(doc_of(*paragraphs))}


def test_seed_suggestions_find_every_reviewed_slip_and_nothing_else(project):
    empty_reviewed_list(project)
    r = run_cli(project, "suggest")
    assert r.code == 0, r.err
    got = proposals(project)
    pairs = {(c.wrong, c.right) for c in got}
    assert pairs == SEED_SLIPS  # exactly the five reviewed slips, nothing else
    assert not {c.wrong for c in got} & NOT_ARTEFACTS
    text = build_document(project.articles()[0], project, "ingest").text()
    for c in got:
        assert c.scope == SEED_SLUG and c.expected == 1 and c.status == "proposed"
        assert 0 < c.confidence <= 1 and c.reason
        assert c.context.casefold().count(c.wrong.casefold()) == 1
        assert text.count(c.context) == 1  # unique in the article
    assert "5 new proposal(s)" in r.out or f"{len(got)} new proposal(s)" in r.out


def test_seed_with_reviewed_list_suggests_nothing_new(project):
    r = run_cli(project, "suggest")
    assert r.code == 0, r.err
    assert proposals(project) == []  # every slip is already fixed by an approved entry
    assert "0 new proposal(s)" in r.out


def segmented_text(project) -> str:
    r = run_cli(project, "dump", SEED_SLUG, "--stage", "segment")
    assert r.code == 0, r.err
    return "\n".join(s["text"] for b in json.loads(r.out)["blocks"] for s in b["sentences"])


def test_suggestions_change_no_output_until_approved(project):
    empty_reviewed_list(project)
    before = segmented_text(project)
    assert run_cli(project, "suggest").code == 0
    after = segmented_text(project)
    assert after == before and "rural reave voting" in after
    assert run_cli(project, "report").code == 0
    report = json.loads((project.output / SEED_SLUG / "report.json").read_text("utf-8"))
    assert report["corrections"]["applied"] == []
    assert {p["wrong"] for p in report["corrections"]["open_proposals"]} >= {"reave", "Burham"}
    reave = next(c for c in proposals(project) if c.wrong == "reave")
    r = run_cli(project, "review", "--reviewer", "A. Editor", "--approve", reave.id)
    assert r.code == 0, r.err
    approved = segmented_text(project)
    assert "rural leave voting" in approved and "rural reave voting" not in approved
    assert "Andy Burham" in approved  # the other proposals still change nothing


def test_rerun_adds_nothing_and_rejected_words_are_not_flagged_again(project):
    empty_reviewed_list(project)
    run_cli(project, "suggest")
    first = proposals(project)
    r = run_cli(project, "suggest")
    assert "0 new proposal(s)" in r.out and len(proposals(project)) == len(first)
    burham = next(c for c in first if c.wrong == "Burham")
    assert run_cli(project, "review", "--reviewer", "Ed", "--reject", burham.id).code == 0
    # delete every remaining proposal: a fresh run proposes them again, but never the rejected word
    data = tomllib.loads(project.corrections_file.read_text("utf-8"))
    kept = [e for e in data["correction"] if e["status"] == "rejected"]
    project.corrections_file.write_text(
        "".join(f'[[correction]]\nid = "{e["id"]}"\nwrong = "{e["wrong"]}"\nright = "{e["right"]}"\n'
                f'context = "{e["context"]}"\nscope = "{e["scope"]}"\nexpected = 1\nstatus = "rejected"\n'
                f'reviewer = "Ed"\nreviewed = 2026-11-27\n' for e in kept), "utf-8")
    run_cli(project, "suggest")
    again = proposals(project)
    assert "reave" in {c.wrong for c in again} and "Burham" not in {c.wrong for c in again}


def test_glossary_words_are_not_flagged(project):
    empty_reviewed_list(project)
    (project.seeds / "glossary.toml").write_text('[terms.Burham]\ndefinition = "a village in Kent"\n', "utf-8")
    run_cli(project, "suggest")
    assert "Burham" not in {c.wrong for c in proposals(project)}


def test_dry_run_writes_nothing(project):
    empty_reviewed_list(project)
    before = project.corrections_file.read_bytes()
    r = run_cli(project, "suggest", "--dry-run")
    assert r.code == 0 and "'reave' -> 'leave'" in r.out
    assert project.corrections_file.read_bytes() == before


def test_malformed_corrections_file_is_a_clear_error(project):
    project.corrections_file.write_text('[[correction]]\nid = "x"\nwrong = \n', "utf-8")
    r = run_cli(project, "suggest")
    assert r.code == 4
    assert "corrections.toml:3" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("text, pair", [
    ("We went to the the shop on Monday.", ("the the", "the")),
    ("He said that inthe end it worked.", ("inthe", "in the")),
    ("It was somet hing else entirely.", ("somet hing", "something")),
    ("The committee approved the plan becuase it was cheap.", ("becuase", "because")),
    ("They don t agree with the plan.", ("don t", "don’t")),
    ("The party’ s leader spoke.", ("party’ s", "party’s")),
    ('He said " hello" to everyone.', ('" hello', '"hello')),
    ("The company lost it's own way.", ("it's", "its")),
    ("The decision of it’s board came late.", ("it’s", "its")),
])
def test_detectors_find_each_kind_of_artefact(text, pair):
    assert pair in found(text)


def test_a_name_is_corrected_towards_the_article_spelling():
    pairs = found("Boris Johnson spoke on Monday.", "Later, Mr Jonhson said more.", "Johnson left.")
    assert ("Jonhson", "Johnson") in pairs


@pytest.mark.parametrize("text", [
    "I think it's good news for the town.",
    "The parties agreed on Monday.",
    "Councils in Preston and Salford kept their majorities.",
    "She had had enough of the furlough scheme.",
    "The Thatcherite years in Hartlepool, Batley and Spen.",
])
def test_sound_text_is_not_flagged(text):
    assert found(text) == set()


def test_planting_is_deterministic_and_recorded_exactly(project):
    doc = build_document(project.articles()[0], project, "clean", CorrectionsList(path=project.corrections_file))
    a, pa = plant(doc, seed=7)
    b, pb = plant(doc, seed=7)
    c, pc = plant(doc, seed=8)
    assert pa == pb and a.text() == b.text()
    assert pa != pc
    assert len(pa) >= 5
    blocks = {blk.id: blk.text for blk in a.blocks}
    for p in pa:
        assert blocks[p.block][p.start:p.end] == p.wrong != p.right
    found_spans = find_suggestions(a)
    hits = sum(any(s.block == p.block and s.start < p.end and p.start < s.end for s in found_spans) for p in pa)
    assert hits >= 0.6 * len(pa)

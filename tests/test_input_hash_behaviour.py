"""What makes `pipeline batch` rebuild an article's output: each stage's input hash changes when,
and only when, something that stage's output depends on changes. In-process twins of what
test_batch.py checks through `python -m pipeline batch`, so that `make mutate` can see them
(the input hasher, pipeline/batch/outputs.py).

Equivalent mutants (no behaviour tells them apart, so no test kills them):
- how a part is fed to the hash (bytes as they are or as their repr, the separator byte): any of
  them gives a stable hash that changes with the content.
- ``self.profile`` (kept for callers, not read by the hasher), the article name passed to
  decode_bytes (only used in its error messages), the placeholder text of an undecodable article.
- the summary stage adding ``None`` instead of the narration's hash when it runs without the EPUB:
  every input of the narration is an input of the summary already.
"""

from __future__ import annotations

import pytest

from pipeline.batch import outputs
from pipeline.batch.outputs import InputHasher
from pipeline.config import Project

STAGES = ["report", "audio", "epub", "summary"]
ARTICLE = "A headline for the article\n\nTories gain in rural reave voting regions. More text here.\n"
OTHER = "Another headline here\n\nNothing to see in this one at all.\n"


def approved(ident, scope, context="rural reave voting", status="approved"):
    reviewed = 'reviewer = "Ed"\nreviewed = 2026-11-27\n' if status != "proposed" else ""
    return (f'[[correction]]\nid = "{ident}"\nwrong = "reave"\nright = "leave"\ncontext = "{context}"\n'
            f'scope = "{scope}"\nexpected = 1\nstatus = "{status}"\n{reviewed}\n')


@pytest.fixture
def project(tmp_path) -> Project:
    p = Project(seeds=tmp_path / "seeds", output=tmp_path / "output", voices=tmp_path / "voices")
    for d in (p.seeds, p.output, p.voices):
        d.mkdir()
    (p.seeds / "art.txt").write_text(ARTICLE)
    (p.seeds / "other.txt").write_text(OTHER)
    (p.seeds / "furniture.toml").write_text("")
    (p.voices / "en-GB.toml").write_text('name = "en-GB"\n')
    (p.voices / "en-GB.lexicon.toml").write_text("")
    return p


def hashes(project, slug="art", stages=STAGES, profile=None):
    h = InputHasher(project) if profile is None else InputHasher(project, profile)
    return h.hashes(project.seeds / f"{slug}.txt", slug, list(stages))


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before if before[k] != after[k]}


def test_hashes_are_stable_and_distinct_per_stage(project):
    a, b = hashes(project), hashes(project)
    assert a == b and list(a) == STAGES
    assert len(set(a.values())) == 4 and all(len(v) == 64 and int(v, 16) >= 0 for v in a.values())
    assert hashes(project, "other") != a


def test_editing_the_article_or_its_metadata_rebuilds_everything(project):
    before = hashes(project)
    (project.seeds / "art.txt").write_text(ARTICLE + "One more sentence.\n")
    after_text = hashes(project)
    assert changed(before, after_text) == set(STAGES)
    (project.seeds / "art.meta.toml").write_text('title = "Edited"\n')
    assert changed(after_text, hashes(project)) == set(STAGES)


def test_editing_the_furniture_list_rebuilds_everything(project):
    before = hashes(project)
    (project.furniture_file).write_text('[[rule]]\ntext = "Share"\n')
    assert changed(before, hashes(project)) == set(STAGES)


def test_approving_a_correction_rebuilds_only_the_articles_it_touches(project):
    before, other_before = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(approved("mine", "art") + approved("theirs", "someone-else"))
    assert changed(before, hashes(project)) == set(STAGES)
    assert hashes(project, "other") == other_before


def test_a_correction_for_all_articles_touches_those_with_its_context(project):
    before, other_before = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(approved("everywhere", "all", context="RURAL  Reave voting"))
    assert changed(before, hashes(project)) == set(STAGES)
    assert hashes(project, "other") == other_before


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML"])
def test_the_context_is_found_in_an_html_article_text(project, name):
    (project.seeds / name).write_text("<html><body><p>Tories gain in rural\n<b>reave</b> voting &amp; more"
                                      "</p></body></html>")
    before = InputHasher(project).hashes(project.seeds / name, "page", STAGES)
    project.corrections_file.write_text(approved("everywhere", "all", context="gain in rural reave voting & more"))
    assert changed(before, InputHasher(project).hashes(project.seeds / name, "page", STAGES)) == set(STAGES)


def test_an_entry_for_all_without_a_context_reruns_every_article_so_its_error_is_reported(project):
    before = hashes(project)
    project.corrections_file.write_text(approved("broken", "all").replace('context = "rural reave voting"\n', ""))
    assert changed(before, hashes(project)) == set(STAGES)


def test_a_corrections_file_without_entries_changes_nothing(project):
    before = hashes(project)
    project.corrections_file.write_text("# nothing reviewed yet\n")
    assert hashes(project) == before


def test_the_order_of_an_entry_keys_does_not_matter(project):
    project.corrections_file.write_text(approved("mine", "art"))
    before = hashes(project)
    lines = approved("mine", "art").strip().splitlines()
    project.corrections_file.write_text("\n".join([lines[0]] + lines[1:][::-1]) + "\n")
    assert hashes(project) == before


def test_an_open_proposal_only_changes_the_report(project):
    before = hashes(project)
    project.corrections_file.write_text(approved("maybe", "art", status="proposed"))
    assert changed(before, hashes(project)) == {"report"}


def test_a_rejected_entry_only_changes_the_report(project):
    before = hashes(project)
    project.corrections_file.write_text(approved("no", "art", status="rejected"))
    assert changed(before, hashes(project)) == {"report"}


def test_a_broken_corrections_file_reruns_everything_so_its_error_is_reported(project):
    before, other_before = hashes(project), hashes(project, "other")
    project.corrections_file.write_text("[[correction]\nthis is not TOML")
    broken = hashes(project)
    assert changed(before, broken) == set(STAGES)
    assert changed(other_before, hashes(project, "other")) == set(STAGES)  # every article sees it
    project.corrections_file.write_text("[[correction]\nnor is this")
    assert changed(broken, hashes(project)) == set(STAGES)


def test_the_voice_and_lexicons_change_only_the_spoken_outputs(project):
    before = hashes(project)
    (project.voices / "en-GB.toml").write_text('name = "en-GB"\nrate = 170\n')
    after_voice = hashes(project)
    assert changed(before, after_voice) == {"audio", "epub", "summary"}
    (project.voices / "en-GB.lexicon.toml").write_text('[[lexeme]]\ngrapheme = "x"\nalias = "y"\n')
    after_lexicon = hashes(project)
    assert changed(after_voice, after_lexicon) == {"audio", "epub", "summary"}
    (project.voices / "extra.pls").write_text("<lexicon/>")
    after_pls = hashes(project)
    assert changed(after_lexicon, after_pls) == {"audio", "epub", "summary"}
    (project.voices / "notes.txt").write_text("not a lexicon")
    assert hashes(project) == after_pls


@pytest.mark.parametrize("stage", ["audio", "epub", "summary"])
def test_a_spoken_output_built_on_its_own_still_covers_the_voice(project, stage):
    before = hashes(project, stages=[stage])
    (project.voices / "en-GB.toml").write_text('name = "en-GB"\nrate = 170\n')
    assert changed(before, hashes(project, stages=[stage])) == {stage}


def test_the_chosen_voice_profile_is_the_one_hashed(project):
    (project.voices / "en-US.toml").write_text('name = "en-US"\n')
    us = hashes(project, profile="en-US")
    assert us["audio"] != hashes(project)["audio"] and us["report"] == hashes(project)["report"]
    (project.voices / "en-GB.toml").write_text('name = "en-GB"\nrate = 150\n')
    assert hashes(project, profile="en-US") == us


def test_summary_data_changes_only_the_summary(project):
    before = hashes(project)
    for name in ("glossary.toml", "plain-words.toml"):
        (project.seeds / name).write_text(f"# {name}\n")
        after = hashes(project)
        assert changed(before, after) == {"summary"}
        before = after
    (project.seeds / "art.summary.toml").write_text('points = ["x"]\n')
    assert changed(before, hashes(project)) == {"summary"}


def test_a_later_stage_covers_the_stage_it_reads(project):
    alone = hashes(project, stages=["epub", "summary"])
    chained = hashes(project)
    assert chained["epub"] != alone["epub"] and chained["summary"] != alone["summary"]
    # summary reads the EPUB; without it, the narration it would read instead
    with_audio = hashes(project, stages=["audio", "summary"])["summary"]
    assert with_audio not in (alone["summary"], chained["summary"], hashes(project, stages=["summary"])["summary"])
    assert hashes(project, stages=["summary"])["summary"] != alone["summary"]
    # an earlier stage's hash does not depend on what runs after it
    assert hashes(project, stages=["report", "audio"]) == {k: chained[k] for k in ("report", "audio")}


def test_a_new_pipeline_version_rebuilds_everything(project, monkeypatch):
    before = hashes(project)
    monkeypatch.setattr(outputs, "__version__", "999.0")
    assert changed(before, hashes(project)) == set(STAGES)


def test_an_undecodable_article_still_gets_hashes(project):
    (project.seeds / "bad.txt").write_bytes(b"\x00\xff\xfe binary \x00" * 10)
    project.corrections_file.write_text(approved("everywhere", "all"))
    h = InputHasher(project).hashes(project.seeds / "bad.txt", "bad", STAGES)
    assert list(h) == STAGES


def test_a_missing_article_or_data_file_is_hashed_as_empty(project):
    h = InputHasher(project).hashes(project.seeds / "gone.txt", "gone", STAGES)
    (project.seeds / "gone.txt").write_text("")
    assert InputHasher(project).hashes(project.seeds / "gone.txt", "gone", STAGES) == h

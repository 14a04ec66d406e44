"""What makes `pipeline batch` rebuild an article's output: each output's input hash changes when,
and only when, something that output depends on changes (the article's cleaned text, its sidecar
files, the voices, the summary's data, a setting). In-process twins of what test_batch.py and
test_batch_inputs.py check through `python -m pipeline batch`, so that `make mutate` can see them
(the input hasher, pipeline/batch/inputs.py).

Equivalent mutants (no behaviour tells them apart, so no test kills them):
- how a part is fed to the hash (bytes as they are or as their repr, the separator byte): any of
  them gives a stable hash that changes with the content.
- a cache that cannot be written or read is only slower (the next hasher computes it again).
- parts of the plan cache's keys that the final hash covers anyway (the pipeline's version and the
  metadata sidecar), the tags that keep ingest and plan entries apart ("ingest", "plan"), and the
  slug in the plan key (a slug is its file's name, which the ingest key holds).
- the tag and the error's class name in the hash of a document that cannot be made: its message
  already differs per problem; reading the cache as "UTF-8" or the locale's encoding (UTF-8 here).
- dictionary key order in the hash: the dictionaries hashed are dataclasses turned into dicts,
  always in the same order.
"""

from __future__ import annotations

import pytest

from pipeline.batch import inputs
from pipeline.batch.inputs import InputHasher
from pipeline.config import Project
from pipeline.settings import Settings

OUTPUTS = ["report", "audio", "epub", "summary"]
SPOKEN = {"audio", "epub", "summary"}
ARTICLE = "A headline for the article\n\nTories gain in rural reave voting regions. More text here.\n\nShare\n"
OTHER = "Another headline here\n\nNothing to see in this one at all.\n"


def entry(ident, scope, context="rural reave voting", status="approved", note=""):
    reviewed = 'reviewer = "Ed"\nreviewed = 2026-11-27\n' if status != "proposed" else ""
    extra = f'note = "{note}"\n' if note else ""
    return (f'[[correction]]\nid = "{ident}"\nwrong = "reave"\nright = "leave"\ncontext = "{context}"\n'
            f'scope = "{scope}"\nexpected = 1\nstatus = "{status}"\n{reviewed}{extra}\n')


def make(tmp_path, settings: Settings | None = None) -> Project:
    p = Project(seeds=tmp_path / "seeds", output=tmp_path / "output", voices=tmp_path / "voices",
                run_settings=settings or Settings())
    for d in (p.seeds, p.output, p.voices):
        d.mkdir(exist_ok=True)
    return p


@pytest.fixture
def project(tmp_path) -> Project:
    p = make(tmp_path)
    (p.seeds / "art.txt").write_text(ARTICLE)
    (p.seeds / "other.txt").write_text(OTHER)
    (p.voices / "en-GB.toml").write_text('name = "en-GB"\n')
    return p


def hashes(project, slug="art", outputs=OUTPUTS, suffix=".txt"):
    return InputHasher(project).hashes(project.seeds / f"{slug}{suffix}", slug, list(outputs))


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before if before[k] != after[k]}


def test_hashes_are_stable_and_distinct_per_output(project):
    a = hashes(project)
    assert hashes(project) == a and list(a) == OUTPUTS
    assert len(set(a.values())) == 4 and all(len(v) == 64 and int(v, 16) >= 0 for v in a.values())
    assert hashes(project, "other") != a


def test_editing_the_article_rebuilds_everything(project):
    before = hashes(project)
    (project.seeds / "art.txt").write_text(ARTICLE + "\nOne more sentence.\n")
    assert changed(before, hashes(project)) == set(OUTPUTS)


@pytest.mark.parametrize("sidecar", ["art.meta.toml", "art.summary.toml", "art.cover.png", "art.notes.md"])
def test_any_file_beside_the_article_rebuilds_it_and_only_it(project, sidecar):
    before, other = hashes(project), hashes(project, "other")
    (project.seeds / sidecar).write_bytes(b'title = "x"\n')
    assert changed(before, hashes(project)) == set(OUTPUTS)
    assert hashes(project, "other") == other
    (project.seeds / sidecar).write_bytes(b'title = "y"\n')
    assert changed(before, hashes(project)) == set(OUTPUTS)


def test_another_article_with_a_longer_name_is_not_a_sidecar(project):
    before = hashes(project)
    (project.seeds / "art.two.txt").write_text(OTHER)
    (project.seeds / "artwork.png").write_bytes(b"x")
    assert hashes(project) == before


def test_the_furniture_list_counts_only_where_it_removes_something(project):
    before, other = hashes(project), hashes(project, "other")
    project.furniture_file.write_text('[[furniture]]\ntext = "Share"\n')
    assert changed(before, hashes(project)) == set(OUTPUTS)
    assert hashes(project, "other") == other


def test_approving_a_correction_rebuilds_only_the_articles_it_changes(project):
    before, other = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(entry("mine", "art") + entry("theirs", "someone-else"))
    assert changed(before, hashes(project)) == set(OUTPUTS)
    assert hashes(project, "other") == other


def test_a_correction_for_all_articles_rebuilds_those_whose_text_it_changes(project):
    before, other = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(entry("everywhere", "all"))
    assert changed(before, hashes(project)) == set(OUTPUTS)
    assert hashes(project, "other") == other


def test_an_open_proposal_only_changes_the_report(project):
    before, other = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(entry("maybe", "art", status="proposed"))
    assert changed(before, hashes(project)) == {"report"}
    assert hashes(project, "other") == other


def test_a_rejected_entry_changes_nothing(project):
    before = hashes(project)
    project.corrections_file.write_text(entry("no", "art", status="rejected"))
    assert hashes(project) == before


def test_a_new_note_on_an_applied_fix_changes_only_the_report(project):
    project.corrections_file.write_text(entry("mine", "art"))
    before = hashes(project)
    project.corrections_file.write_text(entry("mine", "art", note="checked with the author"))
    assert changed(before, hashes(project)) == {"report"}


def test_a_broken_corrections_file_reruns_everything_so_its_error_is_reported(project):
    before, other = hashes(project), hashes(project, "other")
    project.corrections_file.write_text(entry("a", "art").replace("expected = 1", "expected = 0"))
    broken = hashes(project)
    assert changed(before, broken) == set(OUTPUTS)
    assert changed(other, hashes(project, "other")) == set(OUTPUTS)
    project.corrections_file.write_text(entry("a", "art").replace('status = "approved"', 'status = "maybe"'))
    assert changed(broken, hashes(project)) == set(OUTPUTS)  # another problem: the report says another thing


def test_a_correction_that_no_longer_matches_reruns_the_article(project):
    before = hashes(project)
    project.corrections_file.write_text(entry("gone", "art", context="urban reave voting"))
    assert changed(before, hashes(project)) == set(OUTPUTS)


@pytest.mark.parametrize("name,content", [("en-GB.toml", 'name = "en-GB"\nrate = 170\n'),
                                          ("en-US.toml", 'name = "en-US"\n'), ("extra.pls", "<lexicon/>")])
def test_the_voices_change_only_the_spoken_outputs(project, name, content):
    before = hashes(project)
    (project.voices / name).write_text(content)
    assert changed(before, hashes(project)) == SPOKEN


def test_files_that_are_not_voices_change_nothing(project):
    before = hashes(project)
    (project.voices / "notes.txt").write_text("not a voice")
    assert hashes(project) == before


@pytest.mark.parametrize("output", ["audio", "epub", "summary"])
def test_a_spoken_output_built_on_its_own_still_covers_the_voices(project, output):
    before = hashes(project, outputs=[output])
    (project.voices / "en-GB.toml").write_text('name = "en-GB"\nrate = 170\n')
    assert changed(before, hashes(project, outputs=[output])) == {output}


def test_summary_data_changes_only_the_summary(project):
    before = hashes(project)
    for name in ("glossary.toml", "plain-words.toml"):
        (project.seeds / name).write_text(f"# {name}\n")
        after = hashes(project)
        assert changed(before, after) == {"summary"}
        before = after


@pytest.mark.parametrize("setting,value,affected", [
    ("a11y_certifier", "A. Checker", {"epub", "summary"}),
    ("summary_generated", True, {"summary"}),
    ("profile", "en-US", SPOKEN),
    ("voices_default", "en-US", SPOKEN),
    ("voices_by_language", (("en", "en-US"),), SPOKEN),
])
def test_settings_change_only_the_outputs_they_feed(tmp_path, setting, value, affected):
    def build(settings):
        p = make(tmp_path, settings)
        (p.seeds / "art.txt").write_text(ARTICLE)
        return hashes(p)
    assert changed(build(Settings()), build(Settings(**{setting: value}))) == affected


def test_a_later_output_covers_the_one_it_reads(project):
    alone = hashes(project, outputs=["epub", "summary"])
    chained = hashes(project)
    assert chained["epub"] != alone["epub"] and chained["summary"] != alone["summary"]
    # the summary reads the EPUB; without it, the narration the EPUB would have read
    with_audio = hashes(project, outputs=["audio", "summary"])["summary"]
    summary_alone = hashes(project, outputs=["summary"])["summary"]
    assert len({with_audio, summary_alone, alone["summary"], chained["summary"]}) == 4
    # an earlier output's hash does not depend on what runs after it
    assert hashes(project, outputs=["report", "audio"]) == {k: chained[k] for k in ("report", "audio")}


def test_a_new_pipeline_version_rebuilds_everything(project, monkeypatch):
    before = hashes(project)
    monkeypatch.setattr(inputs, "__version__", "999.0")
    assert changed(before, hashes(project)) == set(OUTPUTS)


def test_an_article_that_cannot_be_read_still_gets_hashes_that_follow_why(project):
    (project.seeds / "bad.txt").write_bytes(b"\x00\xff\xfe binary \x00" * 10)
    empty = project.seeds / "empty.txt"
    empty.write_text("")
    bad, blank = hashes(project, "bad"), hashes(project, "empty")
    assert list(bad) == OUTPUTS and bad != blank
    assert hashes(project, "bad") == bad


def test_articles_with_the_same_text_are_planned_apart(project):
    (project.seeds / "twin.txt").write_text(ARTICLE)
    art, twin = hashes(project), hashes(project, "twin")
    assert art != twin  # each document records its own slug and source
    project.corrections_file.write_text(entry("twin-only", "twin"))
    assert hashes(project) == art
    assert changed(twin, hashes(project, "twin")) == set(OUTPUTS)


def test_a_lower_size_limit_is_seen_by_an_already_planned_article(tmp_path):
    def build(settings):
        p = make(tmp_path, settings)
        (p.seeds / "art.txt").write_text(ARTICLE)
        return hashes(p)
    before = build(Settings())
    assert changed(before, build(Settings(max_input_bytes=10))) == set(OUTPUTS)  # now too large: refused


def test_an_empty_data_file_is_the_same_as_none(project):
    before = hashes(project)
    for name in ("glossary.toml", "plain-words.toml", "corrections.toml"):
        (project.seeds / name).write_text("")
    assert hashes(project) == before


def test_the_plan_is_cached_and_a_damaged_cache_is_recomputed(project):
    first = hashes(project)
    cache = project.output / ".cache" / "plan"
    files = sorted(cache.glob("*.json"))
    assert len(files) == 2  # what ingest made, and the cleaned document's hash
    for f in files:
        f.write_text("{not json")
    assert hashes(project) == first
    assert all(f.read_text().startswith("{\"") for f in files)


def test_the_cache_is_used_when_the_article_is_unchanged(project, monkeypatch):
    first = hashes(project)
    import pipeline.stages

    def no_cleaning(*a, **k):
        raise AssertionError("the cached plan should have been used")
    monkeypatch.setattr(pipeline.stages, "clean", no_cleaning)
    assert hashes(project) == first


def test_changing_the_corrections_does_not_ingest_the_article_again(project, monkeypatch):
    before = hashes(project)
    import pipeline.ingest

    def no_ingest(*a, **k):
        raise AssertionError("the article was ingested again")
    monkeypatch.setattr(pipeline.ingest, "ingest_file", no_ingest)
    project.corrections_file.write_text(entry("mine", "art"))
    assert changed(before, hashes(project)) == set(OUTPUTS)  # re-cleaned from what ingest made before


def test_an_article_in_a_missing_folder_still_gets_hashes(project):
    h = InputHasher(project).hashes(project.seeds / "gone" / "x.txt", "x", OUTPUTS)
    assert list(h) == OUTPUTS


def test_an_unwritable_cache_only_costs_time(project):
    (project.output / ".cache").write_text("a file where the cache folder would be")
    first = hashes(project)
    assert hashes(project) == first

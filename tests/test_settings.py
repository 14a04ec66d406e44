"""Settings: command line > environment > pipeline.toml > defaults; every problem named, all at once."""

from __future__ import annotations

import pytest

from pipeline.errors import ConfigError, UsageError
from pipeline.settings import load_settings
from tests.conftest import SEED_SLUG, run_cli

GOOD = """\
base_url = "https://example.org/narrations"

[voices]
default = "en-GB"

[voices.by_language]
en-US = "en-US-natural"

[feed]
title = "Our narrations"
owner_email = "desk@example.org"
artwork = "art/cover.png"

[batch]
workers = 2
"""


def test_file_then_environment_then_options(tmp_path):
    (tmp_path / "pipeline.toml").write_text(GOOD)
    s = load_settings(tmp_path, env={})
    assert s.base_url == "https://example.org/narrations/"
    assert s.workers == 2 and s.feed.title == "Our narrations" and s.feed.artwork == tmp_path / "art/cover.png"
    assert s.voices_by_language == (("en-US", "en-US-natural"),) and s.voices_default == "en-GB"
    s = load_settings(tmp_path, env={"PIPELINE_WORKERS": "3", "PIPELINE_BASE_URL": "https://cdn.example.org/x/"})
    assert s.workers == 3 and s.base_url == "https://cdn.example.org/x/"
    s = load_settings(tmp_path, options={"workers": 1, "profile": "en-GB"}, env={"PIPELINE_WORKERS": "3"})
    assert s.workers == 1 and s.profile == "en-GB"


def test_defaults_without_a_file(tmp_path):
    s = load_settings(tmp_path, env={})
    assert s.config_file is None and s.workers == 0 and s.source_date_epoch is None
    assert s.profile is None and s.voices_default is None and s.voices_by_language == ()


def test_every_problem_in_the_file_named_with_its_line(tmp_path):
    (tmp_path / "pipeline.toml").write_text(
        'base_url = "ftp://x"\n[voices]\ndefault = "../etc"\n[voices.by_language]\n"not a tag" = "x"\n'
        '[feed]\nowner_email = "nobody"\ncolour = "red"\n[batch]\nworkers = -1\n[nonsense]\n')
    with pytest.raises(ConfigError) as e:
        load_settings(tmp_path, env={})
    where = str(tmp_path / "pipeline.toml")
    got = e.value.problems
    assert [p.split(": ")[0] for p in got] == [f"{where}:{n}" for n in (1, 3, 5, 7, 8, 10, 11)], got
    assert "http" in got[0] and "colour" in got[4] and "allowed in [feed]" in got[4]


@pytest.mark.parametrize("value", ["", "1e20", "100000000000000000000", "-5", "yesterday"])
def test_source_date_epoch_is_checked(tmp_path, value):
    with pytest.raises(ConfigError, match=r"\$SOURCE_DATE_EPOCH"):
        load_settings(tmp_path, env={"SOURCE_DATE_EPOCH": value})


def test_bad_option_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--workers"):
        load_settings(tmp_path, options={"workers": -3}, env={})


def test_cli_prints_one_config_line_per_problem(project, tmp_path):
    (tmp_path / "pipeline.toml").write_text('[feed]\ntitel = "x"\n\n[batch]\nworkers = "many"\n')
    r = run_cli(project, "dump", SEED_SLUG, env={"PIPELINE_ROOT": str(tmp_path)})
    assert r.code == 4, r.err
    lines = [ln for ln in r.err.splitlines() if ln.startswith("error[")]
    assert lines == [f"error[config]: {tmp_path / 'pipeline.toml'}:2: unknown key 'feed.titel' "
                     "(allowed in [feed]: artwork, author, category, copyright, description, language, owner_email, "
                     "owner_name, title)",
                     f"error[config]: {tmp_path / 'pipeline.toml'}:5: batch.workers = 'many': must be a whole number"]
    assert "Traceback" not in r.err
    r = run_cli(project, "dump", SEED_SLUG, env={"SOURCE_DATE_EPOCH": "1e20"})
    assert r.code == 4 and r.err.startswith("error[config]: $SOURCE_DATE_EPOCH='1e20'"), r.err


def test_article_profile_from_meta_toml(project):
    from pipeline.speech.choose import profile_name
    from pipeline.stages import build_document

    article = project.seeds / f"{SEED_SLUG}.txt"
    doc = build_document(article, project)
    assert profile_name(project, doc) == ("en-GB", "built-in default for en-GB: the British espeak-ng voice")
    meta = project.sidecar(article, "meta")
    meta.write_text(meta.read_text() + '\nprofile = "en-US"\n')
    assert profile_name(project, build_document(article, project)) == ("en-US", f"profile = 'en-US' in {meta.name}")

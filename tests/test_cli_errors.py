"""Bad input through the real CLI: a clear message and exit code, never a traceback, nothing written."""

import pytest

from pipeline.errors import ConfigError, CorrectionsError, InputError, OutputError, UsageError
from pipeline.files import output_dir_for, slugify
from tests.conftest import SEED, SEED_SLUG, run_cli


def assert_clean_failure(r, code, message):
    assert r.code == code, (r.code, r.err)
    assert message in r.err, r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n\t  \n", "empty"),
    ("binary.txt", bytes(range(256)) * 64, "binary"),
])
def test_unreadable_articles(empty_project, name, data, message):
    (empty_project.seeds / name).write_bytes(data)
    r = run_cli(empty_project, "report", name)
    assert_clean_failure(r, InputError.exit_code, message)
    assert not any(empty_project.output.iterdir())


def test_oversized_article(empty_project):
    (empty_project.seeds / "big.txt").write_bytes(b"word " * (4 * 1024 * 1024 + 1))  # > 20 MB
    r = run_cli(empty_project, "dump", "big")
    assert_clean_failure(r, InputError.exit_code, "over the input limit")
    (empty_project.seeds / "small.txt").write_text("A headline for a short piece\n\nBody text.\n")
    r = run_cli(empty_project, "dump", "small", env={"PIPELINE_MAX_INPUT_BYTES": "20"})
    assert_clean_failure(r, InputError.exit_code, "limit of 20 bytes")


def test_unknown_article_lists_what_exists(project):
    r = run_cli(project, "dump", "no-such-article")
    assert_clean_failure(r, UsageError.exit_code, SEED_SLUG)


def test_corrections_syntax_error_names_file_and_line(project):
    p = project.corrections_file
    p.write_text(p.read_text() + '\n[[correction]]\nid = "broken"\nwrong = \n')
    lines = p.read_text().count("\n")
    r = run_cli(project, "report")
    assert_clean_failure(r, ConfigError.exit_code, f"corrections.toml:{lines}")
    assert not (project.output / SEED_SLUG).exists()


def test_corrections_count_mismatch_is_an_error_naming_the_entry(project):
    p = project.corrections_file
    p.write_text(p.read_text().replace('context = "Andy Burham stormed"\nscope = "000_80aa22d023d213f2"\nexpected = 1',
                                       'context = "Andy Burham stormed"\nscope = "000_80aa22d023d213f2"\nexpected = 3'))
    r = run_cli(project, "report")
    assert_clean_failure(r, CorrectionsError.exit_code, "'seed-burham-burnham'")
    assert "expected 3" in r.err


def test_corrections_unknown_key_and_missing_context(project):
    p = project.corrections_file
    text = p.read_text()
    p.write_text(text.replace('id = "seed-reave-leave"', 'id = "seed-reave-leave"\nfrobnicate = 1', 1))
    assert_clean_failure(run_cli(project, "report"), ConfigError.exit_code, "unknown key 'frobnicate'")
    p.write_text(text.replace('context = "rural reave voting regions"\n', ""))
    assert_clean_failure(run_cli(project, "report"), ConfigError.exit_code, "missing context")


@pytest.mark.parametrize("slug", ["../escape", "/etc/passwd", "a/../../b", ".."])
def test_slug_cannot_escape_output(project, slug):
    with pytest.raises(OutputError):
        output_dir_for(project.output, slug)


def test_hostile_sidecar_slug_is_made_safe(project):
    (project.seeds / f"{SEED_SLUG}.meta.toml").write_text('slug = "../../etc/evil"\n')
    r = run_cli(project, "report")
    assert r.code == 0, r.err
    assert (project.output / "etc-evil" / "report.json").exists()
    assert not (project.output.parent / "etc").exists()


@pytest.mark.parametrize("name,expected", [
    ("CON", "con-article"), ("a" * 500, "a" * 80), ("Héllo Wörld!", "hello-world"), ("../../x", "x"),
])
def test_slugify(name, expected):
    assert slugify(name) == expected


def test_help_lists_the_stages():
    import subprocess, sys
    out = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True).stdout
    for word in ("dump", "ingest", "clean", "segment", "report"):
        assert word in out

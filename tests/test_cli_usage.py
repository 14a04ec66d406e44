"""Never a traceback: every command in ``pipeline --help``, given bad arguments or inputs, answers with
one ``error[<kind>]: ...`` line (maybe a hint after it) and the exit code the README documents."""

from __future__ import annotations

import re

import pytest

from pipeline.cli import COMMANDS
from tests.conftest import SEED_SLUG, run_cli

DOCUMENTED = {"usage": 2, "input": 3, "config": 4, "corrections": 5, "dependency": 6, "synthesis": 7,
              "output": 8, "batch": 9}
TAKES_ARTICLES = ["dump", "ingest", "clean", "segment", "report", "suggest", "summary", "script", "audio", "epub",
                  "batch"]


def assert_documented_error(r, kind: str) -> None:
    assert "Traceback" not in r.err and "error[bug]" not in r.err, r.err
    first = r.err.splitlines()[0] if r.err else ""
    m = re.match(r"error\[(\w+)\]: \S", first)
    assert m, r.err
    assert m.group(1) == kind and r.code == DOCUMENTED[kind], (r.code, r.err)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_unknown_option(project, command):
    assert_documented_error(run_cli(project, command, SEED_SLUG, "--no-such-option"), "usage")


@pytest.mark.parametrize("command", TAKES_ARTICLES)
def test_unknown_article(project, command):
    assert_documented_error(run_cli(project, command, "no-such-article"), "usage")


@pytest.mark.parametrize("args,kind", [
    (["no-such-command"], "usage"),
    (["dump", "--stage", "bogus", SEED_SLUG], "usage"),
    (["review", "--date", "2026-13-45", "--approve", "x", "--reviewer", "x"], "usage"),
    (["review", "--approve", "no-such-id", "--reviewer", "x"], "usage"),
    (["review", "--right", "x"], "usage"),
    (["script", "--profile", "../../etc/passwd", SEED_SLUG], "config"),
    (["audio", "--profile", "nope", SEED_SLUG], "config"),
    (["batch", "--stages", "nope"], "usage"),
    (["batch", "--workers", "-3"], "usage"),
    (["batch", "--workers", "many"], "usage"),
    (["batch", "--scheduler", "not-an-address", "--stages", "report"], "usage"),
    (["batch", "--scheduler", "foo://host:1", "--stages", "report"], "usage"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_bad_values(project, args, kind):
    assert_documented_error(run_cli(project, *args), kind)


def test_no_articles_and_a_directory_as_article(empty_project, tmp_path):
    assert_documented_error(run_cli(empty_project, "report"), "usage")
    (empty_project.seeds / "folder.txt").mkdir()
    assert_documented_error(run_cli(empty_project, "dump", str(empty_project.seeds / "folder.txt")), "usage")


def test_unreadable_article_file(empty_project):
    art = empty_project.seeds / "dangling.txt"
    art.symlink_to(empty_project.seeds / "gone.txt")  # a dangling link is not an article
    assert_documented_error(run_cli(empty_project, "report", "dangling"), "usage")

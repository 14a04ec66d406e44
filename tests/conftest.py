"""Shared fixtures: a throw-away project (seeds/, output/, voices/) and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config import Project

REPO = Path(__file__).resolve().parent.parent
SEED_SLUG = "000_80aa22d023d213f2"
SEED = REPO / "seeds" / f"{SEED_SLUG}.txt"
CORPUS = REPO.parent / "shared" / "corpus" / "readability-pages"
SHARED_CHECKS = REPO.parent / "shared" / "checks"
CHECKS_INSTALL = f"bash {SHARED_CHECKS}/install.sh"
APT = "apt-get install -y"


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def needs(what: str, available: bool, install: str):
    """A mark for tests that need a tool: skipped (with the install command) when it is missing, but
    under CI (``CI=true``) a missing tool fails the run with the install command instead."""
    if not available and on_ci():
        pytest.fail(f"{what} is needed by the tests but missing (CI=true): install it with `{install}`",
                    pytrace=False)
    return pytest.mark.skipif(not available, reason=f"{what} not installed (install: {install})")


def require(what: str, available: bool, install: str) -> None:
    """Inside a test: skip, or under CI fail, when a tool it needs is missing."""
    if available:
        return
    if on_ci():
        pytest.fail(f"{what} is needed but missing (CI=true): install it with `{install}`", pytrace=False)
    pytest.skip(f"{what} not installed (install: {install})")


def shared_checks_installed() -> bool:
    """../shared/checks with its own environment (install.sh makes $CHECKS_HOME/venv)."""
    home = Path(os.environ.get("CHECKS_HOME") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "pipeline-checks")
    return (SHARED_CHECKS / "bin" / "check-readability").is_file() and (home / "venv" / "bin" / "python").exists()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of the repository's seeds/ and voices/ in a temporary folder."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    if (REPO / "voices").is_dir():
        shutil.copytree(REPO / "voices", tmp_path / "voices")
    else:
        (tmp_path / "voices").mkdir()
    (tmp_path / "output").mkdir()
    return Project(seeds=tmp_path / "seeds", output=tmp_path / "output", voices=tmp_path / "voices")


@pytest.fixture
def empty_project(tmp_path) -> Project:
    """A project with an empty seeds/ (plus the repository's voices/)."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "output").mkdir()
    if (REPO / "voices").is_dir():
        shutil.copytree(REPO / "voices", tmp_path / "voices")
    else:
        (tmp_path / "voices").mkdir()
    return Project(seeds=tmp_path / "seeds", output=tmp_path / "output", voices=tmp_path / "voices")


def run_cli(project: Project, *args: str, timeout: float = 600, env: dict | None = None) -> Result:
    """Run ``python -m pipeline`` for real, as a user would, in a subprocess."""
    cmd = [sys.executable, "-m", "pipeline", "--seeds", str(project.seeds), "--output", str(project.output),
           "--voices", str(project.voices), *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO,
                       env={**os.environ, **(env or {})})
    return Result(p.returncode, p.stdout, p.stderr)


# Debian's Chromium, launched by Playwright (never `playwright install`); these flags keep it off
# the network and working as root.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for a test module (module scope: Playwright's sync API runs one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def ledger_rows(project) -> dict:
    """(article, stage) -> (status, finished) from the batch ledger."""
    import sqlite3

    db = sqlite3.connect(project.output / "ledger.sqlite")
    try:
        return {(a, s): (st, f) for a, s, st, f in
                db.execute("SELECT article, stage, status, finished FROM stage_runs")}
    finally:
        db.close()


EDITORIAL_DATA = ("corrections.toml", "furniture.toml", "glossary.toml", "plain-words.toml")


def project_with(root: Path, articles: dict[str, str | bytes]) -> Project:
    """A project under ``root`` with the repository's editorial data and voices but not its seed
    article, holding ``articles`` (file name -> text or bytes) instead."""
    (root / "seeds").mkdir(parents=True)
    (root / "output").mkdir()
    for name in EDITORIAL_DATA:
        shutil.copy(REPO / "seeds" / name, root / "seeds" / name)
    shutil.copytree(REPO / "voices", root / "voices")
    project = Project(seeds=root / "seeds", output=root / "output", voices=root / "voices")
    add_articles(project, articles)
    return project


def add_articles(project: Project, articles: dict[str, str | bytes]) -> Project:
    """Write ``articles`` (file name -> text or bytes) into the project's seeds/."""
    for name, data in articles.items():
        path = project.seeds / name
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data)
    return project


# Test files whose tests each run the real narration, a browser, EPUBCheck or many CLI processes
# (more than ~5 s a test on 2 cores): every test in them is marked slow; `pytest -m "not slow"` is
# the quick run. Single slow tests elsewhere carry @pytest.mark.slow themselves.
SLOW_FILES = {"test_audio.py", "test_audio_faults.py", "test_bad_input.py", "test_batch.py", "test_batch_full.py",
              "test_batch_inputs.py", "test_cli_usage.py", "test_content_safety.py", "test_epub.py",
              "test_epub_validate.py", "test_faults.py", "test_review.py", "test_suggest.py", "test_summary.py",
              "test_summary_browser.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)

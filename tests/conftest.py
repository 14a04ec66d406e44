"""Shared fixtures: a throw-away project (seeds/, output/, voices/) and a CLI runner."""

from __future__ import annotations

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
    import os

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

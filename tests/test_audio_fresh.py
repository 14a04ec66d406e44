"""``pipeline audio`` on an unchanged article stops before the text stages, and only then.

The narration's stamp records the source files and settings it was made from (``sources``) and the
sha256 of every file it wrote. An unchanged re-run ingests the article (to choose its voice),
hashes, verifies the files and stops: no sentence splitting, no spoken script, no engine. Any
change to what the narration is made from, or to a file it wrote, takes the full path again (which
rebuilds from the speech cache). Real espeak-ng and ffmpeg, in-process CLI runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline.segment
from pipeline.cli import main
from tests.conftest import APT, REPO, needs

pytestmark = needs("espeak-ng and ffmpeg", bool(shutil.which("espeak-ng") and shutil.which("ffmpeg")),
                   f"{APT} espeak-ng ffmpeg")

ARTICLE = """Town council opens a new library

By Ada Writer

The new library opened on Monday morning. Hundreds of readers queued outside.

The building cost five million pounds. It will open every day of the week.
"""
SLUG = "library"


def _cli(root: Path, *extra: str) -> int:
    return main(["--seeds", str(root / "seeds"), "--output", str(root / "output"), "--voices", str(root / "voices"),
                 "audio", SLUG, "--no-progress", *extra])


@pytest.fixture(scope="module")
def narrated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fresh")
    (root / "seeds").mkdir()
    (root / "output").mkdir()
    shutil.copytree(REPO / "voices", root / "voices")
    (root / "seeds" / f"{SLUG}.txt").write_text(ARTICLE, "utf-8")
    (root / "seeds" / f"{SLUG}.meta.toml").write_text('language = "en-GB"\nauthor = "Ada Writer"\n', "utf-8")
    assert _cli(root) == 0
    return root


@pytest.fixture
def project(narrated, tmp_path) -> Path:
    """A copy of the narrated project (outputs, stamp and speech cache), to change freely."""
    root = tmp_path / "p"
    shutil.copytree(narrated, root)
    return root


@pytest.fixture
def splits(monkeypatch) -> list:
    """Records every call of the sentence splitter (the text stages' costly step)."""
    calls = []
    real = pipeline.segment.segment

    def spy(doc):
        calls.append(doc.meta.slug)
        return real(doc)

    monkeypatch.setattr(pipeline.segment, "segment", spy)
    return calls


def _files(root: Path) -> dict[str, bytes]:
    out = root / "output" / SLUG
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_an_unchanged_rerun_stops_before_the_text_stages(project, splits, capsys):
    before = _files(project)
    assert _cli(project) == 0
    err = capsys.readouterr().err
    assert splits == []
    assert "up to date, nothing to do: 0 synthesised, 6 cached" in err
    assert "voice profile en-GB" in err  # the choice is still printed
    assert _files(project) == before


def _edit_meta(root: Path) -> None:
    (root / "seeds" / f"{SLUG}.meta.toml").write_text('language = "en-GB"\nauthor = "Bea Writer"\n', "utf-8")


def _edit_article(root: Path) -> None:
    art = root / "seeds" / f"{SLUG}.txt"
    art.write_text(art.read_text("utf-8").replace("Monday", "Tuesday"), "utf-8")


def _edit_lexicon(root: Path) -> None:
    lex = root / "voices" / "en-GB.lexicon.toml"
    lex.write_text(lex.read_text("utf-8") + "\n# an editor's note\n", "utf-8")


def _add_correction(root: Path) -> None:
    (root / "seeds" / "corrections.toml").write_text(
        '[[correction]]\nid = "queued"\nwrong = "queued"\nright = "waited"\ncontext = "readers queued outside"\n'
        f'scope = "{SLUG}"\nexpected = 1\nstatus = "approved"\nreviewer = "editors"\nreviewed = 2026-12-01\n', "utf-8")


@pytest.mark.parametrize("change", [_edit_meta, _edit_article, _edit_lexicon, _add_correction],
                         ids=["metadata", "article", "lexicon", "corrections-file"])
def test_a_changed_source_takes_the_full_path(project, splits, change):
    change(project)
    assert _cli(project) == 0
    assert splits == [SLUG]
    assert _cli(project) == 0 and splits == [SLUG]  # recorded: the next run is fresh again


def test_another_voice_takes_the_full_path(project, splits, capsys):
    assert _cli(project, "--profile", "en-US") == 0
    assert splits == [SLUG] and "6 synthesised" in capsys.readouterr().err


@pytest.mark.parametrize("name", [f"{SLUG}.vtt", "timing.json", "cover.png"])
def test_a_damaged_output_is_rebuilt_from_the_cache(project, splits, capsys, name):
    before = _files(project)
    assert name in before
    (project / "output" / SLUG / name).write_bytes(b"damaged")
    assert _cli(project) == 0
    assert splits == [SLUG] and "0 synthesised, 6 cached" in capsys.readouterr().err
    assert _files(project) == before
    capsys.readouterr()
    assert _cli(project) == 0 and splits == [SLUG]  # and the next run is fresh again


def test_how_a_run_goes_is_not_what_it_is_made_from(project, splits, monkeypatch):
    # worker counts and time-outs change how a run goes, not its bytes: a re-run with other ones
    # stays fresh, so a 2-worker batch and a Dask batch write the same stamp
    before = _files(project)
    monkeypatch.setenv("PIPELINE_TTS_WORKERS", "1")
    monkeypatch.setenv("PIPELINE_TTS_TIMEOUT", "90")
    monkeypatch.setenv("PIPELINE_REVIEWER", "someone else")
    assert _cli(project) == 0
    assert splits == []
    assert _files(project) == before

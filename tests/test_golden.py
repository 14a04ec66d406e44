"""Every output of the seed equals its reviewed golden file (``make golden`` to regenerate, then
review ``git diff tests/golden``). The text stages are quick; the outputs need the real narration
(espeak-ng, ffmpeg: about 20 s), so they are marked slow."""

from pathlib import Path

import pytest

from tests.golden import GOLDEN, OUTPUTS, golden_outputs, seed_outputs

TEXT_GOLDENS = sorted(GOLDEN.glob("*.json"))
OUTPUT_GOLDENS = sorted(p for p in OUTPUTS.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def text_stages() -> dict[Path, str]:
    return golden_outputs()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[Path, bytes]:
    return seed_outputs(tmp_path_factory.mktemp("golden"))


def test_text_goldens_cover_every_stage(text_stages):
    assert sorted(text_stages) == TEXT_GOLDENS, "run `make golden` and review the diff"


@pytest.mark.parametrize("path", TEXT_GOLDENS, ids=[p.name for p in TEXT_GOLDENS])
def test_text_stage_matches_golden(path, text_stages):
    assert text_stages[path] == path.read_text("utf-8"), \
        f"{path.name} drifted: run `make golden` and review `git diff tests/golden`"


@pytest.mark.slow
def test_output_goldens_cover_every_output(outputs):
    assert sorted(outputs) == OUTPUT_GOLDENS, "outputs added or gone: run `make golden` and review the diff"


@pytest.mark.slow
@pytest.mark.parametrize("path", OUTPUT_GOLDENS, ids=[str(p.relative_to(OUTPUTS)) for p in OUTPUT_GOLDENS])
def test_output_matches_golden(path, outputs):
    assert path in outputs, f"{path.relative_to(OUTPUTS)} is no longer made: run `make golden`"
    assert outputs[path] == path.read_bytes(), \
        f"{path.relative_to(OUTPUTS)} drifted: run `make golden` and review `git diff tests/golden`"

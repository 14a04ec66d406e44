"""The seed after each text stage equals its reviewed golden file (``make golden`` to regenerate)."""

import pytest

from tests.golden import GOLDEN, golden_outputs

CASES = sorted(golden_outputs().items())


@pytest.mark.parametrize("path,text", CASES, ids=[p.name for p, _ in CASES])
def test_matches_golden(path, text):
    assert path.exists(), f"no golden file {path.name}: run `make golden` and review the diff"
    assert text == path.read_text("utf-8"), f"{path.name} drifted: run `make golden` and review `git diff tests/golden`"

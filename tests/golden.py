"""Golden files for the seed after each text stage: ``make golden`` regenerates them.

Review the change with ``git diff tests/golden``: that diff is the test of a change to ingest,
clean or segment. ``tests/test_golden.py`` fails when the pipeline's output drifts from them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.config import Project
from pipeline.model import STAGES
from pipeline.stages import build_document

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
REPO = HERE.parent


def golden_outputs(project: Project | None = None) -> dict[Path, str]:
    project = project or Project.from_env(REPO)
    out = {}
    for article in project.articles():
        for stage in STAGES:
            doc = build_document(article, project, stage)
            out[GOLDEN / f"{article.stem}.{stage}.json"] = doc.to_json()
    return out


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    for path, text in golden_outputs().items():
        old = path.read_text("utf-8") if path.exists() else None
        path.write_text(text, "utf-8")
        print(f"{'unchanged' if old == text else 'updated  '} {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

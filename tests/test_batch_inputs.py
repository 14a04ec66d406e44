"""Input hashing is correct by construction: a batch rebuilds exactly the articles whose cleaned
text or sidecar files changed (issue 11, "Done when"), and a batch with nothing to do stays fast."""

from __future__ import annotations

import time

from pipeline.batch.inputs import InputHasher
from tests.conftest import add_articles, ledger_rows, project_with, run_cli

ZWSP = "\u200b"
ARTICLES = {
    # the wrong word "reave" has a zero-width space inside it in the raw file: cleaning removes it
    "vote.txt": f"Voters go to the polls\n\nBy Jo Bloggs\n\nMany will re{ZWSP}ave the country if it passes. "
                "The count starts at ten.",
    "river.txt": "Volunteers clean the river banks\n\nBy Sam Green\n\nForty people came. They filled 90 bags.",
    "meals.txt": "School meals get a new menu\n\nBy Ann Lee\n\nPupils chose the dishes. Many will leave early.",
}
CORRECTION = ('\n[[correction]]\nid = "reave"\nwrong = "reave"\nright = "leave"\ncontext = "will reave the"\n'
              'scope = "all"\nexpected = 1\nstatus = "approved"\nreviewer = "Ed"\nreviewed = 2026-11-27\n')
# a 1x1 PNG: an editor's cover image
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _changed(before: dict, after: dict) -> set[str]:
    return {a for (a, s) in after if after[(a, s)] != before.get((a, s))}


def test_all_scoped_correction_rebuilds_exactly_the_article_whose_cleaned_text_it_changes(tmp_path):
    p = project_with(tmp_path, ARTICLES)
    assert run_cli(p, "batch", "--stages", "report", "--no-progress").code == 0
    first = ledger_rows(p)
    with open(p.corrections_file, "a") as f:
        f.write(CORRECTION)
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    assert "nothing to do" not in r.out
    assert _changed(first, ledger_rows(p)) == {"vote"}
    dump = run_cli(p, "dump", "vote", "--stage", "clean")
    assert "will leave the country" in dump.out
    report = (p.output / "vote" / "report.json").read_text()
    assert '"entry": "reave"' in report


def test_a_cover_image_sidecar_rebuilds_its_article(tmp_path):
    p = project_with(tmp_path, ARTICLES)
    assert run_cli(p, "batch", "--stages", "report", "--no-progress").code == 0
    first = ledger_rows(p)
    (p.seeds / "river.cover.png").write_bytes(PNG)
    r = run_cli(p, "batch", "--stages", "report", "--no-progress")
    assert r.code == 0, r.err
    assert _changed(first, ledger_rows(p)) == {"river"}
    second = ledger_rows(p)
    (p.seeds / "river.notes.md").write_text("an editor's note: any sidecar counts")
    assert run_cli(p, "batch", "--stages", "report", "--no-progress").code == 0
    assert _changed(second, ledger_rows(p)) == {"river"}


def test_planning_100_unchanged_articles_is_fast(tmp_path):
    body = "The council met on Tuesday and voted on the plan. " * 40
    p = project_with(tmp_path, {f"a{i:03d}.txt": f"Headline number {i}\n\nBy A Writer\n\n{body} Item {i}."
                                for i in range(100)})
    outputs = ["report", "audio", "epub", "summary"]
    articles = p.articles()
    cold = InputHasher(p)
    first = {a.stem: cold.hashes(a, a.stem, outputs) for a in articles}  # fills the plan cache
    t0 = time.perf_counter()
    warm = InputHasher(p)
    again = {a.stem: warm.hashes(a, a.stem, outputs) for a in articles}
    seconds = time.perf_counter() - t0
    assert again == first
    assert seconds < 1.0, f"planning 100 unchanged articles took {seconds:.2f} s"
    add_articles(p, {"a000.txt": (p.seeds / "a000.txt").read_text() + " One more."})
    changed = {a.stem for a in articles if InputHasher(p).hashes(a, a.stem, outputs) != first[a.stem]}
    assert changed == {"a000"}

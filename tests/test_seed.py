"""What must be shown on the seed article: reviewed fixes applied, nothing else changed."""

import difflib
import re

from pipeline.config import Project
from pipeline.corrections import load_corrections
from pipeline.stages import build_document
from tests.conftest import SEED, SEED_SLUG, run_cli


def words(text):
    return re.findall(r"\S+", text)


def test_cleaned_text_has_the_fixes_and_no_furniture(project):
    doc = build_document(project.seeds / SEED.name, project)
    text = doc.text()
    assert "rural leave voting" in text and "Andy Burnham" in text
    assert "reave" not in text and "Burham" not in text
    assert "Leave a Reply" not in text and "\nShare\n" not in f"\n{text}\n"
    assert doc.meta.title.startswith("Ian Lavery exclusive") and doc.meta.author == "Ian Lavery"
    assert doc.blocks[2].kind == "quote" and doc.blocks[2].attribution.text == "Ian Lavery MP"


def test_diff_of_source_and_cleaned_shows_only_reviewed_fixes_and_furniture(project):
    source = SEED.read_text("utf-8")
    doc = build_document(project.seeds / SEED.name, project)
    corrections = {(c.wrong, c.right) for c in load_corrections(project.corrections_file).approved_for(SEED_SLUG)}
    furniture = {d.text for d in doc.dropped}
    # the scrape puts the byline above the headline; the document puts the headline first
    body = [b for b in doc.blocks if b.kind not in ("heading", "byline")]
    cleaned = " ".join([doc.meta.author, doc.meta.title] + [
        t for b in body for t in [b.text] + ([b.attribution.text] if b.attribution else [])])
    src_words = [w for w in words(source)]
    # the only white-space fix in the source: the stray space after the pull quote's opening mark
    src_words = words(" ".join(src_words).replace("“ ", "“"))
    ops = difflib.SequenceMatcher(a=src_words, b=words(cleaned), autojunk=False).get_opcodes()
    changes = [(" ".join(src_words[i1:i2]), " ".join(words(cleaned)[j1:j2])) for op, i1, i2, j1, j2 in ops if op != "equal"]
    explained = []
    for old, new in changes:
        if not new and old in furniture:
            explained.append(("furniture", old))
            continue
        assert any(w in old and r in new for w, r in corrections), f"unreviewed change: {old!r} -> {new!r}"
        explained.append(("fix", old))
    assert len([e for e in explained if e[0] == "furniture"]) == 2
    assert len([e for e in explained if e[0] == "fix"]) == len(corrections) == 5


def test_output_is_deterministic(project):
    a = run_cli(project, "dump", SEED_SLUG)
    b = run_cli(project, "dump", SEED_SLUG)
    assert a.code == 0 and a.out == b.out
    assert '"id": "p012s03"' in a.out


def test_report_and_corrections_page(project):
    r = run_cli(project, "report")
    assert r.code == 0, r.err
    out = project.output / SEED_SLUG
    import json

    report = json.loads((out / "report.json").read_text())
    applied = report["corrections"]["applied"]
    assert {a["entry"] for a in applied} == {
        "seed-reave-leave", "seed-burham-burnham", "seed-its-lost-bond", "seed-partys-betrayal", "seed-regions-economy"}
    fix = next(a for a in applied if a["entry"] == "seed-reave-leave")
    assert fix["sentence"] == "p012s03" and "rural reave voting" in fix["before"] and "rural leave voting" in fix["after"]
    page = (out / "corrections.html").read_text()
    assert "<del" in page and ">reave</del> <ins" in page and ">leave</ins>" in page
    first = (out / "report.json").read_bytes(), (out / "corrections.html").read_bytes()
    run_cli(project, "report")
    assert ((out / "report.json").read_bytes(), (out / "corrections.html").read_bytes()) == first


def test_editor_title_in_meta_toml_wins_over_the_headline(project):
    (project.seeds / f"{SEED_SLUG}.meta.toml").write_text('language = "en-GB"\ntitle = "Labour must learn from Hartlepool"\n')
    doc = build_document(project.seeds / SEED.name, project)
    assert doc.meta.title == "Labour must learn from Hartlepool"
    assert doc.blocks[0].text.startswith("Ian Lavery exclusive")  # the article's own headline stays text

"""corrections.html shows each change where it was made, from its recorded offset (not at the first
place the corrected word happens to occur in the sentence)."""

from __future__ import annotations

import json
import textwrap

from lxml import html

from pipeline.config import Project
from pipeline.corrections import load_corrections
from pipeline.report import write_reports
from pipeline.stages import build_document
from tests.conftest import SEED_SLUG


def fixes(page) -> list[tuple[str, str, str, str]]:
    """(text before, removed, inserted, text after) of every applied correction on the page."""
    out = []
    for li in html.parse(str(page)).getroot().cssselect("li[id^=fix-]"):
        p = li.find("p")
        d, i = p.find("del"), p.find("ins")
        out.append(((p.text or ""), d.text, i.text, (i.tail or "")))
    return out


def test_the_seed_highlights_reave_leave_in_rural_reave_voting(project: Project):
    doc = build_document(project.seeds / f"{SEED_SLUG}.txt", project)
    out = project.output / SEED_SLUG
    out.mkdir()
    write_reports(doc, load_corrections(project.corrections_file), out)
    report = json.loads((out / "report.json").read_text())["corrections"]["applied"]
    reave = next(r for r in report if r["entry"] == "seed-reave-leave")
    assert reave["offset"] == 478 and reave["sentence"] == "p012s03"
    shown = fixes(out / "corrections.html")
    assert len(shown) == len(report) == 5
    pre, wrong, right, post = shown[report.index(reave)]
    assert (wrong, right) == ("reave", "leave")
    assert pre.endswith("as the Tories increase support in rural ") and post.startswith(" voting regions")
    assert "falling broadly along leave and remain lines" in pre  # the earlier "leave" is left alone
    sentences = doc.sentence_map()
    for row, (pre, wrong, right, post) in zip(report, shown):  # every fix: the sentence, cut at the change
        assert pre + right + post == sentences[row["sentence"]].text
        context = row["after"][:min(row["offset"], 40)]  # the recorded text just before the fix
        assert context.endswith(pre) or pre.endswith(context)


def test_a_later_fix_earlier_in_the_text_moves_the_highlight(tmp_path):
    """Corrections apply in file order; one applied later but earlier in the paragraph, which changes
    the length of the text, shifts where the first one now sits."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "art.txt").write_text("A headline\n\nThe recieved wisdom is that the cat sat on teh mat and teh dog too.\n")
    (seeds / "corrections.toml").write_text(textwrap.dedent('''
        [[correction]]
        id = "teh-dog"
        wrong = "teh"
        right = "the"
        context = "and teh dog"
        scope = "art"
        expected = 1
        status = "approved"
        reviewer = "Ed"
        reviewed = 2026-11-27

        [[correction]]
        id = "received"
        wrong = "recieved wisdom"
        right = "received wisdom, so often repeated,"
        context = "The recieved wisdom is"
        scope = "art"
        expected = 1
        status = "approved"
        reviewer = "Ed"
        reviewed = 2026-11-27
    '''))
    project = Project(seeds=seeds, output=tmp_path / "output", voices=tmp_path / "voices")
    doc = build_document(seeds / "art.txt", project)
    out = tmp_path / "output" / "art"
    out.mkdir(parents=True)
    write_reports(doc, load_corrections(seeds / "corrections.toml"), out)
    (dog, received) = fixes(out / "corrections.html")
    assert dog[0].endswith("sat on teh mat and ") and dog[1:3] == ("teh", "the") and dog[3].startswith(" dog too")
    assert received[0] == "The " and received[2] == "received wisdom, so often repeated,"

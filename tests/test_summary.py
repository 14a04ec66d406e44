"""The plain-language summary page: points, words explained, reading level, links, determinism."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.config import Project
from pipeline.errors import ConfigError
from pipeline.summary import build_summary
from pipeline.summary.facts import check_points
from pipeline.summary.gate import REASONS
from pipeline.summary.glossary import load_word_lists
from pipeline.summary.points import generate
from pipeline.summary.readability import measure
from tests.conftest import CHECKS_INSTALL, SEED_SLUG, on_ci, require, run_cli, shared_checks_installed
from tests.test_summary_helpers import CHECKS, doc_for, fake_narration

SEED_TERMS = ["by-election", "constituency", "Red Wall", "Brexit", "neoliberal", "furlough",
              "community wealth building", "Westminster", "Tories"]


def build(project, name=SEED_SLUG):
    doc, out = doc_for(project, name)
    paths = build_summary(doc, project, out)
    return doc, out, paths


def soup(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "summary.html").read_text("utf-8"), "lxml")


def summary_section_file(out: Path, tmp: Path) -> Path:
    """The summary section alone, as a page, for check-readability."""
    sec = soup(out).find(id="summary")
    path = tmp / "summary-section.html"
    path.write_text(f"<!DOCTYPE html><html lang=en><head><title>x</title></head><body>{sec}</body></html>")
    return path


def point_texts(s: BeautifulSoup) -> list[str]:
    return [li.p.get_text(" ", strip=True) for li in s.select("#summary ol.points > li")]


def test_seed_summary_covers_the_argument_and_reads_at_grade_6(project, tmp_path):
    doc, out, paths = build(project)
    assert [p.name for p in paths] == ["summary.html", "report.json"]
    s = soup(out)
    points = point_texts(s)
    assert 4 <= len(points) <= 7
    text = " ".join(points)
    for must in ["Hartlepool", "candidate from outside", "no clear message", "Batley and Spen", "local",
                 "working class", "Andy Burnham", "Manchester", "public hands", "Preston", "Salford",
                 "community wealth building"]:
        assert must in text, must
    # the seed has an editor's summary: the page says so
    assert "An editor wrote these points" in s.find(id="summary").get_text()
    report = json.loads((out / "report.json").read_text())["summary"]
    assert report["origin"] == "editor" and report["targets_met"], report
    r = report["reading"]
    assert r["grade"] <= 6 and r["avg_sentence"] <= 15 and r["longest_sentence"] <= 25 and 60 <= r["words"] <= 250


def test_every_point_links_to_sentences_that_state_its_names(project):
    doc, out, _ = build(project)
    s = soup(out)
    sentences = doc.sentence_map()
    for li in s.select("#summary ol.points > li"):
        links = [a["href"][1:] for a in li.select(".src a")]
        assert links
        for sid in links:
            assert s.find(id=sid) is not None and s.find(id=sid).get_text() == sentences[sid].text
    report = json.loads((out / "report.json").read_text())["summary"]
    for p in report["points"]:
        for line in p["sentences"]:
            for name in re.findall(r"\b(?:Hartlepool|Batley|Spen|Burnham|Manchester|Preston|Salford|Labour)\b",
                                   line["text"]):
                assert all(name in sentences[sid].text for sid in line["from"]), (line, name)


def test_check_readability_passes_on_the_seed_summary_section(project, tmp_path):
    require("../shared/checks (check-readability)", shared_checks_installed(), CHECKS_INSTALL)
    _, out, _ = build(project)
    r = subprocess.run([str(CHECKS / "check-readability"), "--max-grade", "6",
                        str(summary_section_file(out, tmp_path))], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "OK" in r.stdout.splitlines()[-1]


def shown_points_pass_the_gate(doc, project, report):
    from pipeline.summary.gate import Context, refusal

    ctx = Context(doc, load_word_lists(project.seeds))
    for p in report["points"]:
        before = ""
        for ln in p["sentences"]:
            assert refusal(ln["text"], ln["from"], ctx, before) is None, ln
            before += " " + ln["text"]


def honest_about_level(s: BeautifulSoup, report: dict) -> None:
    """Either the points meet the reading targets, or the page says they are harder and the report
    flags the article for an editor."""
    harder = s.find(class_="harder")
    if report["targets_met"]:
        assert harder is None and not report["needs_editor"]
    else:
        assert report["fallback"] and report["needs_editor"]
        assert harder is not None and "harder to read than we aim for" in harder.get_text()
        assert f"grade {report['reading']['grade']:.1f}" in harder.get_text()


def test_generated_points_are_drawn_from_the_article(project):
    (project.seeds / f"{SEED_SLUG}.summary.toml").unlink()
    doc, out, _ = build(project)
    lists = load_word_lists(project.seeds)
    points = generate(doc, lists)
    assert 4 <= len(points) <= 7
    assert check_points(points, doc) == []
    sentences = doc.sentence_map()
    from lemminflect import getAllLemmas

    def lemmas(w):
        return {w} | {x for forms in getAllLemmas(w).values() for x in forms}

    plain = {w for p in lists._plain_all for w in re.findall(r"[a-z]+", p.plain.lower())}
    for p in points:
        for line in p.lines:
            src = " ".join(sentences[sid].text for sid in line.sources).lower()
            src_lemmas = {x for w in re.findall(r"[a-z]+", src) for x in lemmas(w)}
            words = re.findall(r"[a-z]+", line.text.lower())
            # the article's words, in another form only where a clause was cut off ("taking" -> "took")
            invented = [w for w in words if w not in src and w not in plain and not lemmas(w) & src_lemmas]
            assert not invented, (line.text, invented)  # only the article's words or reviewed plain words
    s = soup(out)
    assert "A computer chose these points" in s.find(id="summary").get_text()
    report = json.loads((out / "report.json").read_text())["summary"]
    assert report["origin"] == "generated" and report["editor"] is None
    shown_points_pass_the_gate(doc, project, report)
    honest_about_level(s, report)
    # what the gate refused is listed with a reason
    assert report["refused"] and all(r["reason"].split(":")[0] in REASONS for r in report["refused"])
    assert report["coverage"]["headline_entities"] == ["Hartlepool", "Labour"]
    assert report["coverage"]["headline_entity_coverage"] == 1.0


def test_generated_points_state_the_six_facts_of_the_seed(project):
    """Issue 14: with the editor's file set aside, the generated points state the article's six main facts."""
    (project.seeds / f"{SEED_SLUG}.summary.toml").unlink()
    doc, out, _ = build(project)
    report = json.loads((out / "report.json").read_text())["summary"]
    points = [" ".join(ln["text"] for ln in p["sentences"]).lower() for p in report["points"]]

    def stated(*words):
        return any(all(w.lower() in p for w in words) for p in points)

    assert stated("Hartlepool", "very bad result"), points  # Labour lost Hartlepool
    assert stated("candidate", "non-local", "no input from the party"), points  # imposed from outside, no local say
    assert stated("Brexit", "splits", "working class"), points  # Brexit widened the split with working-class voters
    assert stated("Batley and Spen", "local", "working class"), points  # choose a local working-class candidate
    assert stated("Andy Burnham", "bus service", "public hands"), points  # Burnham's win on buses
    assert stated("Preston", "Salford", "community wealth building"), points
    shown_points_pass_the_gate(doc, project, report)


def test_summary_source_generated_in_pipeline_toml(project):
    """`[summary] source = "generated"` in pipeline.toml sets the editor's summary aside; a wrong value
    is one error[config] line naming the file and line."""
    root = project.seeds.parent
    (root / "pipeline.toml").write_text('[summary]\nsource = "generated"\n')
    doc, out = doc_for(project, SEED_SLUG)
    build_summary(doc, Project.from_env(root), out)
    assert json.loads((out / "report.json").read_text())["summary"]["origin"] == "generated"
    (root / "pipeline.toml").write_text('[summary]\nsource = "robot"\n')
    with pytest.raises(ConfigError, match=r'pipeline.toml:2: summary.source = .robot.: must be "editor" or "generated"'):
        Project.from_env(root)


def test_generated_option_ignores_the_editor_summary(project, tmp_path):
    """`pipeline summary --generated` (and PIPELINE_SUMMARY_GENERATED=1) builds from the generator even
    where seeds/<stem>.summary.toml exists; the page is honest about its level."""
    assert (project.seeds / f"{SEED_SLUG}.summary.toml").is_file()
    r = run_cli(project, "summary", "--generated", SEED_SLUG)
    assert r.code == 0, r.err
    assert "generated summary" in r.err
    out = project.output / SEED_SLUG
    report = json.loads((out / "report.json").read_text())["summary"]
    assert report["origin"] == "generated"
    honest_about_level(soup(out), report)
    doc, out2 = doc_for(project, SEED_SLUG)
    os.environ["PIPELINE_SUMMARY_GENERATED"] = "1"
    try:
        build_summary(doc, project, out2)
    finally:
        del os.environ["PIPELINE_SUMMARY_GENERATED"]
    assert json.loads((out2 / "report.json").read_text())["summary"]["origin"] == "generated"
    if report["targets_met"] and (shared_checks_installed() or on_ci()):  # under CI a missing checker fails
        require("../shared/checks (check-readability)", shared_checks_installed(), CHECKS_INSTALL)
        c = subprocess.run([str(CHECKS / "check-readability"), "--max-grade", "6",
                            str(summary_section_file(out2, tmp_path))], capture_output=True, text=True)
        assert c.returncode == 0, c.stdout + c.stderr


def test_plain_words_and_clause_splitting():
    from pipeline.summary.glossary import PlainWord, WordLists
    from pipeline.summary.points import plain_lines

    lists = WordLists([], [PlainWord("calamitous", "very bad", "r", "d"), PlainWord("utilise", "use", "r", "d"),
                           PlainWord("urgently", "", "r", "d")])
    lines = plain_lines("p001s01", "The council must urgently utilise the calamitous report; "
                        "the Mayor of Leeds spent £2,500 in 2019, but the residents were not told.", lists)
    texts = [ln.text for ln in lines]
    assert texts == ["The council must use the very bad report.", "The Mayor of Leeds spent £2,500 in 2019.",
                     "The residents were not told."]
    assert all(ln.sources == ["p001s01"] for ln in lines)


def test_words_explained_from_the_reviewed_glossary_and_unknown_hard_words_reported(project):
    art = project.seeds / "zz_test.txt"
    art.write_text("A sesquipedalian test\n\nThe Brexit vote was held. The minister gave a sesquipedalian "
                   "speech about furlough money. It was long and dull for many people in the town.\n")
    doc, out, _ = build(project, "zz_test")
    s = soup(out)
    terms = [dt.get_text() for dt in s.select("#words dt")]
    assert terms == ["Brexit", "furlough"]
    for dd in s.select("#words dd"):
        assert dd.get_text().endswith(".")
    report = json.loads((out / "report.json").read_text())["summary"]
    assert [h["word"] for h in report["hard_words_unexplained"]] == ["sesquipedalian"]
    assert "sesquipedalian" not in s.find(id="words").get_text()  # never explained by guesswork
    assert all(t["reviewer"] and t["reviewed"] for t in report["words_explained"])


def test_seed_words_explained(project):
    _, out, _ = build(project)
    terms = [dt.get_text() for dt in soup(out).select("#words dt")]
    for t in SEED_TERMS:
        assert t in terms, t


def test_same_input_gives_the_same_bytes(project):
    _, out, _ = build(project)
    first = (out / "summary.html").read_bytes(), (out / "report.json").read_bytes()
    _, out, _ = build(project)
    assert ((out / "summary.html").read_bytes(), (out / "report.json").read_bytes()) == first


def local_refs(s: BeautifulSoup) -> list[str]:
    refs = [e.get("href") for e in s.find_all(href=True)] + [e.get("src") for e in s.find_all(src=True)]
    assert not any(r.startswith(("http:", "https:", "//", "javascript:")) for r in refs), refs
    return refs


def check_links_resolve(out: Path) -> None:
    s = soup(out)
    for ref in local_refs(s):
        if ref.startswith("#"):
            assert s.find(id=ref[1:]) is not None, ref
        else:
            assert (out / ref.split("#")[0]).is_file(), ref


def test_without_narration_nothing_is_linked_that_does_not_exist(project):
    doc, out, _ = build(project)
    s = soup(out)
    assert s.find("audio") is None and s.find("script") is None
    assert "There is no audio for this article yet." in s.find(id="listen").get_text()
    check_links_resolve(out)
    report = json.loads((out / "report.json").read_text())["summary"]
    assert report["listening"]["from"].startswith("estimated from")


def test_with_narration_the_page_plays_and_links_every_output(project):
    doc, out = doc_for(project, SEED_SLUG)
    timing = fake_narration(doc, out)
    build_summary(doc, project, out)
    s = soup(out)
    audio = s.find("audio")
    assert audio["src"] == f"{SEED_SLUG}.mp3" and audio.find("track")["src"] == f"{SEED_SLUG}.vtt"
    hrefs = [a["href"] for a in s.find_all("a")]
    assert f"{SEED_SLUG}.epub" in hrefs and f"{SEED_SLUG}.mp3" in hrefs
    check_links_resolve(out)
    data = json.loads(s.find("script", type="application/json").string)
    assert data["sentences"] == timing["sentences"]
    start = next(t["start_ms"] for t in timing["sentences"] if t["id"] == "p006s01")  # 6750 ms
    ts = s.find(id="p006").find(class_="ts")  # the paragraph's start time, as text (no link to the bare MP3)
    assert ts.name == "span" and ts.get_text() == "Starts at 0:07" and start == 6750
    report = json.loads((out / "report.json").read_text())["summary"]
    assert report["listening"] == {"minutes": round(timing["duration_ms"] / 60000, 1), "from": "timing.json"}


def test_article_text_never_becomes_markup(project):
    art = project.seeds / "zz_evil.txt"
    art.write_text("Bad </script><script>alert(1)</script> title\n\nThe council met on Monday. "
                   "It said <img src=x onerror=alert(2)> and </script><!-- and javascript:alert(3) loudly.\n")
    doc, out = doc_for(project, "zz_evil")
    fake_narration(doc, out, epub=False)
    build_summary(doc, project, out)
    html = (out / "summary.html").read_text()
    s = BeautifulSoup(html, "lxml")
    assert len(s.find_all("script")) == 2 and s.find("img") is None
    assert not any(k.startswith("on") for e in s.find_all(True) for k in e.attrs)
    assert "&lt;/script&gt;" in html and "</script><!--" not in html
    local_refs(s)


def test_editor_summary_is_checked(project):
    sidecar = project.seeds / f"{SEED_SLUG}.summary.toml"
    good = sidecar.read_text()
    sidecar.write_text(good.replace('text = "Andy Burnham won a big victory."',
                                    'text = "Andy Burnham won a big victory in Leeds."'))
    doc, out = doc_for(project, SEED_SLUG)
    with pytest.raises(ConfigError, match=r"Leeds|Burnham"):
        build_summary(doc, project, out)
    sidecar.write_text(good.replace('from = ["p019s01"]', 'from = ["p099s01"]', 1))
    with pytest.raises(ConfigError, match="p099s01"):
        build_summary(doc, project, out)


def test_bad_glossary_is_a_clear_cli_error(project):
    g = project.seeds / "glossary.toml"
    g.write_text(g.read_text() + '\n[[term]]\nterm = "Brexit"\nexplanation = "Again."\nreviewer = "x"\n'
                 'reviewed = 2026-01-01\n\n[[term]]\nterm = "quango"\nexplanation = "no full stop"\n')
    r = run_cli(project, "summary", SEED_SLUG)
    assert r.code == 4, r
    assert "glossary.toml" in r.err and "'Brexit' is already listed" in r.err and "'reviewer' is required" in r.err
    assert "Traceback" not in r.err


def test_cli_writes_the_page(project):
    r = run_cli(project, "summary")
    assert r.code == 0, r.err
    assert (project.output / SEED_SLUG / "summary.html").is_file()
    assert "editor summary, 7 points" in r.err


def test_reading_level_is_measured_offline_without_any_download(tmp_path):
    code = textwrap.dedent("""
        import socket, nltk
        def refuse(*a, **k):
            raise AssertionError("network or download attempted")
        nltk.download = refuse
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from pipeline.summary.readability import measure, nltk_data_dir
        r = measure(["The cat sat on the mat.", "Labour lost the by-election in Hartlepool."])
        print(nltk_data_dir(), r.grade, r.words)
    """)
    env = {**os.environ, "PIPELINE_NLTK_DATA": str(tmp_path / "nltk"), "NLTK_DATA": str(tmp_path / "empty")}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       cwd=Path(__file__).resolve().parent.parent)
    assert p.returncode == 0, p.stderr
    folder, grade, words = p.stdout.split()
    assert folder == str(tmp_path / "nltk") and (tmp_path / "nltk" / "corpora" / "cmudict" / "cmudict").is_file()
    assert int(words) == 12 and float(grade) < 6


def test_measure_flags_each_target():
    long = "word " * 30
    r = measure([long.strip() + "."])
    assert any("longest sentence 30" in p for p in r.problems) and any("outside 60-250" in p for p in r.problems)


def test_an_article_with_no_point_to_show_says_so_plainly(tmp_path):
    """A page of headings and lists gives no checkable point: the page says an editor must write the
    summary, with no "grade 0.0" and no "0 words, very easy to read" for a summary that is not there."""
    from pipeline.stages import build_document

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.html").write_text(
        "<html lang='en'><head><title>These weeks in the project</title></head><body><article>"
        "<h1>These weeks in the project</h1><h2>Highlights</h2><ul><li>We shipped the new search box to "
        "everyone on the beta channel this week.</li><li>The crash rate on start-up fell by a third since the "
        "last release.</li></ul></article></body></html>")
    project = Project(seeds=tmp_path / "seeds", output=tmp_path / "out", voices=tmp_path / "voices")
    doc = build_document(project.articles()[0], project)
    out = tmp_path / "out" / "notes"
    build_summary(doc, project, out, generated=True)
    summary = BeautifulSoup((out / "summary.html").read_text(), "html.parser").find(id="summary")
    text = " ".join(summary.get_text(" ").split())
    assert "An editor needs to write the summary" in text
    assert "grade 0.0" not in text and summary.find("ol") is None
    level = " ".join(BeautifulSoup((out / "summary.html").read_text(), "html.parser").find(id="level").get_text(" ").split())
    assert "0 words" not in level
    assert json.loads((out / "report.json").read_text())["summary"]["needs_editor"] is True

"""Words explained from the article itself (issue 14, item 5): defined abbreviations, appositions,
"X is a Y that ..." definitions; marked as from the article with a link; the reviewed glossary wins."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from pipeline.summary import build_summary
from pipeline.summary.explain import abbreviation
from tests.test_summary_helpers import doc_for

ARTICLE = """Stormont talks resume

Talks between the parties at Stormont resumed on Monday after a long break in the summer.

The DUP, Northern Ireland's largest unionist party, said it would take part in the talks next week.

The Police Service of Northern Ireland (PSNI) guarded the first meeting in Belfast.

A quango is a public body that works at arm's length from the government of the day.

The Brexit vote was held in 2016, and it changed the talks.

Brexit, the departure that split the country, is a word the reviewed glossary explains.
"""


def test_reviewed_glossary_takes_precedence(project):
    (project.seeds / "zz_stormont.txt").write_text(ARTICLE)
    doc, out = doc_for(project, "zz_stormont")
    build_summary(doc, project, out)
    page = BeautifulSoup((out / "summary.html").read_text("utf-8"), "lxml")
    dts = [dt for dt in page.find(id="words").select("dt") if dt.get_text() == "Brexit"]
    assert len(dts) == 1  # the reviewed entry only, not the article's apposition as well
    assert "from-article" not in (dts[0].find_next_sibling("dd").get("class") or [])


def test_abbreviation_needs_the_initials():
    assert abbreviation("Every Member of Parliament", "MP") == "Member of Parliament"
    assert abbreviation("the World Health Organization", "WHO") == "World Health Organization"
    assert abbreviation("Every Member of the club", "MP") is None
    assert abbreviation("a long meeting", "MP") is None


def test_article_explanations_on_the_page_with_a_link_and_the_glossary_first(project):
    (project.seeds / "zz_stormont.txt").write_text(ARTICLE)
    doc, out = doc_for(project, "zz_stormont")
    build_summary(doc, project, out)
    page = BeautifulSoup((out / "summary.html").read_text("utf-8"), "lxml")
    words = page.find(id="words")
    terms = {dt.get_text(): dt.find_next_sibling("dd") for dt in words.select("dt")}
    assert terms["PSNI"].get_text(" ", strip=True).startswith("Short for Police Service of Northern Ireland.")
    assert terms["DUP"].get_text(" ", strip=True).startswith("Northern Ireland's largest unionist party.")
    assert terms["quango"].get_text(" ", strip=True).startswith("A quango is a public body that works")
    for term in ("PSNI", "DUP", "quango"):
        dd = terms[term]
        assert "from-article" in dd["class"] and "From the article" in dd.get_text()
        target = dd.find("a")["href"][1:]
        assert page.find(id=target) is not None  # the sentence it comes from, in the transcript
    assert terms["PSNI"].find("a")["href"] == "#" + next(s.id for s in doc.sentences() if "(PSNI)" in s.text)
    report = json.loads((out / "report.json").read_text())["summary"]
    got = {t["term"]: t["from"] for t in report["words_explained_from_article"]}
    assert set(got) >= {"PSNI", "DUP", "quango"} and "Brexit" not in got
    assert "quango" not in [h["word"] for h in report["hard_words_unexplained"]]

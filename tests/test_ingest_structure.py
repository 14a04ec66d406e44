"""Issue 13 on small pages written for the purpose (tests/fixtures/ingest/): figures and credits,
lists, the standfirst, invisible characters and drop caps, promo boxes, a page whose choice a
sanitiser would change, one page per script, and the schema-2 blocks downstream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import errors
from pipeline.epub.content import Part, render_part
from pipeline.ingest.html import ingest_html
from pipeline.ingest.html_extract import _key, widen
from pipeline.ingest.html_walk import is_promo, link_density, walk
from pipeline.ingest.invisible import rejoin_drop_cap, strip_invisible
from pipeline.ingest.language import detect_language
from pipeline.ingest.sanitise import sanitise_fragment
from pipeline.ingest.text import ingest_text
from pipeline.model import Block, Document, Metadata
from pipeline.segment import segment, split_sentences
from pipeline.speech.script import chapter_titles, pause_after
from pipeline.speech.voices import VoiceProfile

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def page(name: str) -> Document:
    doc = ingest_html((FIXTURES / name).read_text("utf-8"), slug=Path(name).stem, source=name, furniture=[])
    return segment(doc)


def kinds(doc: Document) -> list[str]:
    return [b.kind for b in doc.blocks]


# --- figures -----------------------------------------------------------------------------------
def test_figure_keeps_caption_and_alt_and_drops_the_credit():
    doc = page("figure.html")
    figures = [b for b in doc.blocks if b.kind == "figure"]
    assert [(f.text, f.alt) for f in figures] == [
        ("Workers lowered the last block into place on Thursday.",
         "Workers lower a concrete block into place on the harbour wall"),
        ("The fish market reopened on Friday morning.", ""),  # "Photo: Sam Smith" is a credit
    ]
    assert "Bloggs" not in doc.text() and "Sam Smith" not in doc.text()


def test_figures_are_shown_but_never_narrated():
    doc = page("figure.html")
    figure = next(b for b in doc.blocks if b.kind == "figure")
    assert figure.sentences == []  # no sentence: no audio, no timing, no caption cue, no summary source
    assert not any("Workers lowered" in s.text for s in doc.sentences())
    assert "Workers lowered the last block" in doc.text()  # the full text shows it
    xhtml = render_part(Part(1, doc.blocks), title="t", lang="en", pls_href=None, total=1)
    assert '<figure class="figure" id="p003">' in xhtml
    assert "<figcaption>Workers lowered the last block into place on Thursday.</figcaption>" in xhtml
    assert '<p class="alt">Workers lower a concrete block into place on the harbour wall</p>' in xhtml


# --- lists -------------------------------------------------------------------------------------
def test_lists_are_lists_with_items_ordered_or_not():
    doc = page("list.html")
    lists = [b for b in doc.blocks if b.kind == "list"]
    assert [(b.ordered, b.items) for b in lists] == [
        (False, ["A torch with spare batteries, kept where you can find it in the dark.",
                 "Copies of insurance documents in a waterproof bag.",
                 "A list of phone numbers, on paper. Your phone may be flat."]),
        (True, ["Turn off the gas, the electricity and the water at the mains.",
                "Move people, pets and medicines upstairs.",
                "Call the flood line and tell them you are staying."]),
    ]
    bullets = lists[0]
    assert [[s.text for s in item] for item in bullets.item_sentences()][2] == \
        ["A list of phone numbers, on paper.", "Your phone may be flat."]


def test_list_items_are_read_with_pauses_and_rendered_as_lists():
    doc = page("list.html")
    bullets = next(b for b in doc.blocks if b.kind == "list")
    profile = VoiceProfile(name="t", engine="pyttsx3", voice="v", language="en")
    pauses = pause_after(doc, profile)
    ends = [item[-1].id for item in bullets.item_sentences()]
    assert all(pauses[sid] == profile.pause_ms("paragraph") for sid in ends)
    assert pauses[bullets.item_sentences()[2][0].id] == profile.pause_ms("sentence")  # inside an item
    xhtml = render_part(Part(1, doc.blocks), title="t", lang="en", pls_href=None, total=1)
    assert f'<ul id="{bullets.id}">' in xhtml and "<ol id=" in xhtml
    assert xhtml.count("<li>") == 6


def test_a_page_of_headings_and_lists_only_is_an_article(tmp_path):
    # A weekly-notes page (Firefox Nightly's blog in the corpus) is all headings and bullet lists: the
    # "no article text" check counted paragraphs and quotes only, so the whole page was refused.
    from pipeline.config import Project
    from pipeline.ingest import ingest_file

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.html").write_text(
        "<html lang='en'><head><title>These weeks in the project</title></head><body><article>"
        "<h1>These weeks in the project</h1><h2>Highlights</h2><ul><li>We shipped the new search box to "
        "everyone on the beta channel this week.</li><li>The crash rate on start-up fell by a third since the "
        "last release.</li></ul><h2>Fixed bugs</h2><ol><li>Tabs no longer lose their place after a restart."
        "</li><li>The download panel now shows the file size before it starts.</li></ol></article></body></html>")
    project = Project(seeds=tmp_path / "seeds", output=tmp_path / "out", voices=tmp_path / "voices")
    doc = segment(ingest_file(project.articles()[0], project))
    assert [b.kind for b in doc.blocks if b.kind != "heading"] == ["list", "list"]
    assert "Tabs no longer lose their place after a restart." in [s.text for s in doc.sentences()]  # narrated


def test_a_data_table_is_rows_of_text_and_a_layout_table_is_not():
    doc = page("table.html")
    assert kinds(doc) == ["heading", "paragraph", "paragraph", "list", "paragraph"]  # layout table: its paragraphs
    table = doc.blocks[3]
    assert table.items == ["Update sizes by method", "Application; Original size; Byte patch; File patch",
                           "Maps; 32.7 MB; 17.5 MB; 9.6 MB", "Mail; 17.8 MB; 7.6 MB; 7.3 MB",
                           "Video; 25.2 MB; 6.0 MB; 3.1 MB"]  # the all-link cells are not promos
    assert [len(item) for item in table.item_sentences()] == [1] * 5  # a row is read as one line, then a pause
    assert not doc.dropped
    from lxml import html as lhtml
    indented = lhtml.fragment_fromstring("<div><blockquote><p>Most active developers</p><table><tr><th>Name</th>"
                                         "<th>Changes</th></tr><tr><td>Ann</td><td>63</td></tr></table></blockquote></div>")
    assert [(p.kind, p.text) for p in walk(indented)] == [  # a table indented with <blockquote> is no quote
        ("paragraph", "Most active developers"), ("list", "Name; Changes\nAnn; 63")]

def test_note_marks_are_not_text_and_superscripts_are():
    from lxml import html as lhtml
    frag = lhtml.fragment_fromstring(
        '<div><p>Hermitian matrices are named after Charles Hermite.<sup class="reference"><a href="#cite_note-1">'
        '[1]</a></sup><sup class="noprint">[<i><a href="/wiki/Help:Citation_needed">citation needed</a></i>]</sup> '
        'Requests might take 5 seconds.<sup><a href="#id-QQ">23</a></sup> The room is 20 m<sup>2</sup>.</p></div>')
    dropped = []
    assert [p.text for p in walk(frag, dropped)] == [
        "Hermitian matrices are named after Charles Hermite. Requests might take 5 seconds. The room is 20 m2."]
    assert dropped == [("[1]", "html:note-mark"), ("[citation needed]", "html:note-mark"), ("23", "html:note-mark")]


def test_an_entity_the_page_escaped_twice_is_decoded_once_more():
    from lxml import html as lhtml
    frag = lhtml.fragment_fromstring("<div><p>The company saw a 400&amp;percnt; rise at AT&amp;amp;T; "
                                     "&amp;madeup; stays as written.</p></div>")
    assert [p.text for p in walk(frag)] == ["The company saw a 400% rise at AT&T; &madeup; stays as written."]


# --- standfirst and over-long headings ---------------------------------------------------------
def test_standfirst_is_neither_heading_nor_chapter():
    doc = page("standfirst.html")
    assert kinds(doc)[:3] == ["heading", "standfirst", "paragraph"]
    dek = doc.blocks[1]
    assert dek.text.startswith("The three new routes will link")
    chapters = chapter_titles(doc)
    assert dek.sentences[0].id not in chapters  # part of the headline's chapter, not its own
    # the body's chapter is titled with its first words (at most 60 characters)
    assert chapters[doc.blocks[2].sentences[0].id].startswith("The county council approved")
    assert [b.text for b in doc.blocks if b.kind == "heading" and b.level == 2] == ["What happens next"]
    xhtml = render_part(Part(1, doc.blocks), title="t", lang="en", pls_href=None, total=1)
    assert f'<p class="standfirst" id="{dek.id}">' in xhtml


def test_a_heading_over_300_characters_is_a_paragraph_with_a_warning(capsys, monkeypatch):
    monkeypatch.setattr(errors, "_WARNED", set())  # warnings are printed once per process
    doc = page("standfirst.html")
    long = next(b for b in doc.blocks if b.text.startswith("Residents who spoke"))
    assert long.kind == "paragraph" and len(long.text) > 300
    assert "warning: standfirst.html: a 394-character heading is kept as a paragraph" in capsys.readouterr().err


# --- invisible characters and drop caps --------------------------------------------------------
def test_soft_hyphens_zero_width_and_bidi_controls_are_gone_and_drop_cap_rejoined():
    doc = page("invisible.html")
    text = doc.text()
    for ch in "\u00ad\u200b\u200d\u2060\u200e\u202e\u202c":
        assert ch not in text, hex(ord(ch))
    assert "Vladimir Putin and Benjamin Netanyahu" in text
    assert "spokeswoman" in text and "meet twice a day" in text
    assert doc.blocks[1].text.startswith("Zimbabwe's foreign minister")


def test_normalisation_rules_directly():
    assert strip_invisible("Netan\u00adyahu\u200b") == "Netanyahu"
    assert strip_invisible("Cafe\u0301") == "Café"  # NFC
    assert strip_invisible("می\u200cخواهم") == "می\u200cخواهم"  # a Persian joiner changes the spelling: kept
    assert rejoin_drop_cap("Z imbabwe's minister") == "Zimbabwe's minister"
    assert rejoin_drop_cap("A man walked in") == "A man walked in"  # "A" and "I" are words
    doc = ingest_text("Headline of the story here\n\nT he first paragraph starts with a drop cap.\n\nT cells too.",
                      slug="t", source="t.txt", furniture=[])
    assert [b.text for b in doc.blocks][1:] == ["The first paragraph starts with a drop cap.", "T cells too."]


# --- promos and furniture inside the article ---------------------------------------------------
def test_promo_lines_and_boxes_are_removed_and_reported():
    doc = page("promo.html")
    text = doc.text()
    for promo in ("Read the full survey", "newsletter", "morning briefing", "Related:", "Council tax to rise",
                  "Local government"):
        assert promo not in text, promo
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == 4
    rules = {d.rule for d in doc.dropped}
    assert {"html:promo-line", "html:furniture-class", "html:hidden"} <= rules



def test_link_rich_article_text_is_not_taken_for_furniture():
    """A list of sentences with links is article, a code comment is code, and only the real link
    list goes."""
    doc = page("link-rich.html")
    lists = [b for b in doc.blocks if b.kind == "list"]
    assert [b.items for b in lists] == [[
        "Neil has patches up to improve the behaviour of the tab unloader, and show UI when subframes crash",
        "Mike landed a faster way to restore sessions with hundreds of tabs",
        "Emma is measuring start-up time on slow disks"]]
    assert "// build-time.js: prints how long the build took" in doc.text()
    assert "Older posts" not in doc.text() and "Contact the team" not in doc.text()
    assert not [d for d in doc.dropped if "Neil" in d.text or "build-time" in d.text]


def test_an_all_link_line_is_a_promo_unless_it_ends_a_sentence():
    assert is_promo("Five things we learned from the interview", 1.0)
    assert not is_promo("the Github repository.", 1.0)  # "You can get it from" + this line: one sentence
    assert not is_promo("Five things we learned from the interview", 0.5)
    assert is_promo("Read more: council budget", 0.0)


WIDEN_PAGE = """<html><body><div id="outer">
<div id="review"><p>{review}</p><ul><li>Fast</li><li>Quiet</li></ul></div>
<div id="story"><p>{story}</p><p>{story}</p></div></div></body></html>"""


@pytest.mark.parametrize("outer_tag, agreed_with, widened", [
    ("div", "review", True),  # trafilatura kept the review box too: the article starts above the story
    ("div", "story", False),  # only readability's part was agreed: the box above stays out
    ("div", "", True),  # no second opinion: readability's widening alone
    ("article", "story", True),  # the page's own <article> holds both
])
def test_widening_needs_the_second_extractor_or_an_article_element(outer_tag, agreed_with, widened):
    from lxml import html as lhtml
    review = ("The console is the most powerful ever made, but in practice it only puts its maker level with "
              "the rival that came out a year before it.")
    story = "The reviewer played a dozen games on it over two weeks, on three different televisions at home."
    root = lhtml.document_fromstring(WIDEN_PAGE.format(review=review, story=story).replace(
        '<div id="outer">', f'<{outer_tag} id="outer">').replace("</div></body>", f"</{outer_tag}></body>"))
    story_el = root.get_element_by_id("story")
    agreed = {"review": _key(review + " " + story), "story": _key(story), "": ""}[agreed_with]
    chosen = widen(story_el, link_density, len(story_el.text_content()), agreed)
    assert (chosen.get("id") == "outer") is widened


# --- the sanitiser never changes the choice ----------------------------------------------------
def test_a_page_a_sanitiser_would_empty_still_gives_its_article():
    html = (FIXTURES / "form-wrapped.html").read_text("utf-8")
    assert "hosepipe ban" not in sanitise_fragment(html)  # sanitising first would leave no article
    doc = page("form-wrapped.html")
    assert len([b for b in doc.blocks if b.kind == "paragraph"]) == 4
    assert "hosepipe ban" in doc.text() and "VIEWSTATE" not in doc.text() and "Most read" not in doc.text()
    assert sanitise_fragment('<p onclick="x()">a<script>b</script><img src="x.jpg" alt="c"></p>') == '<p>a<img alt="c"></p>'


# --- one page per script -----------------------------------------------------------------------
def test_latin_page_without_lang_is_detected_from_its_text():
    doc = page("latin-de.html")
    assert doc.meta.language == "de"
    assert [s.text for s in doc.blocks[1].sentences][0].endswith("freigegeben worden.")


def test_cjk_page_is_detected_and_split_at_full_width_stops():
    doc = page("cjk-zh.html")
    assert doc.meta.language == "zh"
    assert [s.text for s in doc.blocks[1].sentences] == [
        "市政府星期二宣布，将在未来两年内新建三座公园，总面积超过五十公顷。",
        "这是本市十年来规模最大的绿化工程！",
        "市民可以在官方网站上查看设计方案吗？",
        "答案是肯定的。",
    ]


@pytest.mark.parametrize("declared,text,expected", [
    ("en", "La Nación es un diario argentino. " * 12, "es"),  # a template's lang="en" on a Spanish article
    ("pt-BR", "O técnico disse que errou ao levar a taça ao ex-presidente. " * 6, "pt-BR"),
    ("", "今日は晴れです。公園に行きましょう！", "ja"),
    ("fr", "Bonjour.", "fr"),  # too little text to overrule the page
])
def test_declared_language_is_checked_against_the_text(declared, text, expected):
    assert detect_language(declared, text) == expected


def test_english_sentence_ids_do_not_move():
    assert split_sentences("Mr. Smith went to Washington. He met the U.S. president. It rained.") == [
        "Mr. Smith went to Washington.", "He met the U.S. president.", "It rained."]


# --- schema 2 ----------------------------------------------------------------------------------
def test_schema_2_round_trip_and_schema_1_still_reads():
    doc = page("list.html")
    again = Document.from_json(doc.to_json())
    assert again.to_json() == doc.to_json()
    assert next(b for b in again.blocks if b.kind == "list" and b.ordered)
    old = json.loads(Document(meta=Metadata(slug="s"), blocks=[Block("p001", "paragraph", "Hello.")]).to_json())
    assert "ordered" not in old["blocks"][0] and "alt" not in old["blocks"][0]  # defaults are not written
    old["schema"] = 1
    assert Document.from_dict(old).blocks[0].text == "Hello."


def test_figures_are_never_summarised():
    from pipeline.summary.points import candidates

    doc = page("figure.html")
    figure_ids = {b.id for b in doc.blocks if b.kind == "figure"}
    assert figure_ids and not any(sid[:4] in figure_ids for sid, _ in candidates(doc))

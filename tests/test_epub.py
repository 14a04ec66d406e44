"""The EPUB stage: content, overlays, metadata and reproducibility, on the seed and hand-built articles.

Narration comes from real espeak-ng audio (tests/epub_support.make_narration); EPUBCheck and
axe-core run in tests/test_epub_validate.py.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from pipeline.epub import build_epub, content
from pipeline.epub.metadata import CERTIFIER_ENV, CONFORMANCE, identifier
from pipeline.errors import InputError
from pipeline.files import output_dir_for
from pipeline.stages import build_document
from tests.conftest import SEED, SEED_SLUG, run_cli
from tests.epub_support import NS, make_doc, make_narration, read_epub

XHTML = "{%s}" % NS["x"]


@pytest.fixture(scope="module")
def seed_narration(tmp_path_factory):
    """The seed's narration (real espeak-ng audio + timing map), made once for this module."""
    from pipeline.config import Project

    root = tmp_path_factory.mktemp("seed-narration")
    repo = SEED.parent.parent
    project = Project(seeds=repo / "seeds", output=root, voices=repo / "voices")
    doc = build_document(SEED, project)
    out = root / "narration"
    timing = make_narration(doc, out)
    build_epub(doc, project, out)  # fills out/.cache with the EPUB's encode: the copies start warm
    (out / f"{SEED_SLUG}.epub").unlink()
    (out / "report.json").unlink()
    return out, timing


@pytest.fixture
def seed(project, seed_narration):
    """(project, doc, out_dir) with the narration copied into the project's output folder."""
    doc = build_document(project.seeds / SEED.name, project)
    out = output_dir_for(project.output, doc.meta.slug)
    shutil.copytree(seed_narration[0], out)
    return project, doc, out


@pytest.fixture
def seed_book(seed):
    project, doc, out = seed
    path = build_epub(doc, project, out)[0]
    return doc, read_epub(path), json.loads((out / "timing.json").read_text())


def test_every_sentence_appears_once_in_order_with_its_id(seed_book):
    doc, book, _ = seed_book
    spans = book.spans()
    assert [s[1] for s in spans] == [s.id for s in doc.sentences()]
    assert [s[2] for s in spans] == [content.xml_text(s.text) for s in doc.sentences()]
    # nothing else is in the text: no sentence twice, no furniture, no invented labels
    assert _body_text(book) == " ".join(s[2] for s in spans)


def test_text_is_the_corrected_text_without_furniture(seed_book):
    _, book, _ = seed_book
    text = " ".join(t for _, _, t in book.spans())
    assert "leave voting regions" in text and "reave" not in text
    assert "Burnham" in text and "Burham" not in text
    assert "Share" not in text.split()


def test_semantic_structure_and_language(seed_book):
    doc, book, _ = seed_book
    root = book.xml(book.spine[0])
    assert root.get("lang") == "en-GB" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    h1 = root.findall(f".//{XHTML}h1")
    assert len(h1) == 1 and "".join(h1[0].itertext()).startswith("Ian Lavery exclusive")
    byline = root.find(f".//{XHTML}p[@class='byline']")
    assert "".join(byline.itertext()) == "Ian Lavery"
    fig = root.find(f".//{XHTML}figure")
    assert fig.find(f"{XHTML}blockquote") is not None
    cap = fig.find(f"{XHTML}figcaption/{XHTML}span")
    assert cap.get("id") == "p003a01" and cap.text == "Ian Lavery MP"
    assert len(root.findall(f".//{XHTML}main/{XHTML}p")) > 20
    nav = book.xml(book.manifest["nav"][0])
    toc = nav.find(f".//{XHTML}nav[@role='doc-toc']")
    assert toc.get("{%s}type" % NS["epub"]) == "toc"
    assert toc.find(f".//{XHTML}a").get("href") == "text/part-001.xhtml#p001"
    landmarks = nav.find(f".//{XHTML}nav[@id='landmarks']")
    types = [a.get("{%s}type" % NS["epub"]) for a in landmarks.iter(f"{XHTML}a")]
    assert types == ["cover", "bodymatter"]


def test_overlays_match_the_timing_map(seed_book):
    doc, book, timing = seed_book
    pars = book.pars()
    by_id = {}
    for p in pars:
        assert p["id"] not in by_id, f"two pars for {p['id']}"
        by_id[p["id"]] = p
    assert list(by_id) == [s.id for s in doc.sentences()]
    for row in timing["sentences"]:
        p = by_id[row["id"]]
        assert (p["begin"], p["end"]) == (row["start_ms"], row["end_ms"])
        assert p["audio"] == f"EPUB/audio/{SEED_SLUG}.mp3" and p["audio"] in book.zip.namelist()
        assert p["doc"] in book.spine
    # media:duration per overlay == the sum of its clips; the total == the sum of all clips
    for item_id, (href, mt, el) in book.manifest.items():
        if mt == "application/smil+xml":
            clips = sum(p["end"] - p["begin"] for p in pars if p["overlay"] == item_id)
            assert _ms(book.refines[("media:duration", f"#{item_id}")]) == clips
    assert _ms(book.meta["media:duration"][0]) == sum(r["end_ms"] - r["start_ms"] for r in timing["sentences"])
    # EPUB 3.3: the package's total equals the sum of the overlays' durations (within one second)
    overlays = [_ms(v) for (prop, _ref), v in book.refines.items() if prop == "media:duration"]
    assert len(overlays) == sum(1 for _, mt, _ in book.manifest.values() if mt == "application/smil+xml")
    assert abs(_ms(book.meta["media:duration"][0]) - sum(overlays)) <= 1000
    # every clip lies inside the audio it points at (the embedded re-encode, and the master MP3)
    import io

    from mutagen.mp3 import MP3

    embedded_ms = MP3(io.BytesIO(book.zip.read(f"EPUB/audio/{SEED_SLUG}.mp3"))).info.length * 1000
    master_ms = MP3(book.path.parent / f"{SEED_SLUG}.mp3").info.length * 1000
    assert all(0 <= p["begin"] < p["end"] <= min(embedded_ms, master_ms) for p in pars)
    assert book.meta["media:active-class"] == ["-epub-media-overlay-active"]
    assert book.meta["media:narrator"] == ["eSpeak NG synthetic voice (British English)"]
    css = book.zip.read("EPUB/css/book.css").decode()
    assert ".-epub-media-overlay-active" in css
    text_items = [el for href, mt, el in book.manifest.values() if mt == "application/xhtml+xml" and
                  "nav" not in (el.get("properties") or "") and href != book.cover_page]
    assert all(el.get("media-overlay") in book.manifest for el in text_items)


def test_embedded_narration_is_a_small_mono_encode_on_the_same_timeline(seed_book, tmp_path):
    _, book, timing = seed_book
    audio = tmp_path / "n.mp3"
    audio.write_bytes(book.zip.read(f"EPUB/audio/{SEED_SLUG}.mp3"))
    info = MP3(audio).info
    assert info.channels == 1 and info.bitrate == 64000
    # MP3 framing (encoder delay + padding to a whole 1152-sample frame) adds at most ~52 ms per encode
    assert abs(info.length * 1000 - timing["duration_ms"]) <= 110


def test_accessibility_metadata_is_true_to_the_book(seed, monkeypatch):
    project, doc, out = seed
    narrated = read_epub(build_epub(doc, project, out)[0])
    feats = narrated.meta["schema:accessibilityFeature"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
            "synchronizedAudioText"} <= set(feats)
    assert ("ttsMarkup" in feats) == any(mt == "application/pls+xml" for _, mt, _ in narrated.manifest.values())
    assert narrated.meta["schema:accessMode"] == ["textual", "auditory", "visual"]  # visual: the cover
    assert "alternativeText" in feats
    assert narrated.meta["dcterms:conformsTo"] == [CONFORMANCE]
    assert narrated.meta["a11y:certifiedBy"] == ["tts-publish-pipeline"]
    assert narrated.meta["schema:accessibilityHazard"] == ["none"]
    assert "synchronised narration" in narrated.meta["schema:accessibilitySummary"][0]

    monkeypatch.setenv(CERTIFIER_ENV, "Example Press QA")
    text_only = read_epub(build_epub(doc, project, out, narration=False)[0])
    assert "synchronizedAudioText" not in text_only.meta["schema:accessibilityFeature"]
    assert text_only.meta["schema:accessMode"] == ["textual", "visual"]
    assert text_only.meta["schema:accessModeSufficient"] == ["textual"]
    assert "media:duration" not in text_only.meta and "media:active-class" not in text_only.meta
    assert not any(mt in ("application/smil+xml", "audio/mpeg") for _, mt, _ in text_only.manifest.values())
    assert text_only.meta["a11y:certifiedBy"] == ["Example Press QA"]
    assert "no narration" in text_only.meta["schema:accessibilitySummary"][0]


def test_package_identity_and_pronunciation_lexicon(seed_book):
    doc, book, _ = seed_book
    dc = book.opf.find("opf:metadata", NS)
    assert dc.find("dc:identifier", NS).text == identifier(SEED_SLUG) == identifier(SEED_SLUG)
    assert dc.find("dc:title", NS).text == doc.meta.title
    assert dc.find("dc:creator", NS).text == "Ian Lavery"
    assert dc.find("dc:language", NS).text == "en-GB"
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    pls = [href for href, mt, _ in book.manifest.values() if mt == "application/pls+xml"]
    if pls:  # the voice profile has lexicons: the PLS is included and linked from every content document
        lex = book.xml(pls[0])
        assert lex.tag == "{http://www.w3.org/2005/01/pronunciation-lexicon}lexicon"
        for d in book.spine:
            link = book.xml(d).find(f".//{XHTML}link[@rel='pronunciation']")
            assert link is not None and link.get("type") == "application/pls+xml"


def test_rebuild_is_byte_identical_and_zip_is_canonical(seed, tmp_path):
    project, doc, out = seed
    first = build_epub(doc, project, out)[0].read_bytes()
    shutil.rmtree(out / ".cache")  # re-encode the narration too
    second = build_epub(doc, project, out)[0].read_bytes()
    assert first == second
    z = zipfile.ZipFile(out / f"{SEED_SLUG}.epub")
    infos = z.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert infos[0].extra == b"" and z.read("mimetype") == b"application/epub+zip"
    assert len({i.date_time for i in infos}) == 1
    assert not [n for n in z.namelist() if n.endswith(".part") or "/." in n]


def test_source_date_epoch_sets_modified_date(seed, monkeypatch):
    project, doc, out = seed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = read_epub(build_epub(doc, project, out, narration=False)[0])
    assert book.meta["dcterms:modified"] == ["2023-11-14T22:13:20Z"]
    assert book.zip.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    again = read_epub(build_epub(doc, project, out, narration=False)[0])
    assert again.meta["dcterms:modified"] == ["2000-01-01T00:00:00Z"]  # fixed, not now()


def test_narration_needs_a_timing_map(project):
    doc = build_document(project.seeds / SEED.name, project)
    out = output_dir_for(project.output, doc.meta.slug)
    with pytest.raises(InputError, match="no timing map"):
        build_epub(doc, project, out)
    assert not (out / f"{SEED_SLUG}.epub").exists()


def test_stale_or_broken_timing_map_is_refused(seed):
    project, doc, out = seed
    timing_path = out / "timing.json"
    good = json.loads(timing_path.read_text())

    def attempt(mutate, match):
        t = json.loads(json.dumps(good))
        mutate(t)
        timing_path.write_text(json.dumps(t))
        with pytest.raises(InputError, match=match):
            build_epub(doc, project, out)

    attempt(lambda t: t["sentences"].pop(5), "does not match the document")
    attempt(lambda t: t["sentences"].reverse(), "does not match the document")
    attempt(lambda t: t["sentences"][3].update(start_ms=t["sentences"][2]["start_ms"]), "p00")
    attempt(lambda t: t.update(schema=3), "schema 3")
    attempt(lambda t: t.update(audio="../../etc/passwd"), "file name")
    attempt(lambda t: t.update(duration_ms=good["duration_ms"] + 5000), "out of step")
    assert not (out / f"{SEED_SLUG}.epub").exists()


def test_cli_builds_text_only_with_a_note_when_no_narration(project):
    r = run_cli(project, "epub", SEED_SLUG)
    assert r.code == 0, r.err
    assert "no narration" in r.err and "text-only" in r.err
    book = read_epub(project.output / SEED_SLUG / f"{SEED_SLUG}.epub")
    assert not any(mt == "application/smil+xml" for _, mt, _ in book.manifest.values())
    report = json.loads((project.output / SEED_SLUG / "report.json").read_text())
    assert report["epub"]["narration"] is False


def test_cli_uses_narration_unless_told_not_to(seed):
    project, doc, out = seed
    r = run_cli(project, "epub", SEED_SLUG)
    assert r.code == 0 and "note" not in r.err, r.err
    assert any(mt == "application/smil+xml" for _, mt, _ in read_epub(out / f"{SEED_SLUG}.epub").manifest.values())
    r = run_cli(project, "epub", "--no-narration", SEED_SLUG)
    assert r.code == 0, r.err
    assert not any(mt == "audio/mpeg" for _, mt, _ in read_epub(out / f"{SEED_SLUG}.epub").manifest.values())


def test_overlays_follow_the_text_across_several_content_documents(seed, monkeypatch):
    project, doc, out = seed
    monkeypatch.setattr(content, "MAX_WORDS", 300)
    monkeypatch.setattr(content, "MIN_WORDS_BEFORE_HEADING", 100)
    book = read_epub(build_epub(doc, project, out)[0])
    assert len(book.spine) >= 4
    assert [s[1] for s in book.spans()] == [s.id for s in doc.sentences()]
    where = {sid: d for d, sid, _ in book.spans()}
    pars = book.pars()
    assert {p["id"]: p["doc"] for p in pars} == where
    overlays = {el.get("id"): el.get("media-overlay") for _, mt, el in book.manifest.values()
                if mt == "application/xhtml+xml" and el.get("media-overlay")}
    assert len(overlays) == len(book.spine)
    total = 0
    for smil_id in overlays.values():
        clips = sum(p["end"] - p["begin"] for p in pars if p["overlay"] == smil_id)
        assert _ms(book.refines[("media:duration", f"#{smil_id}")]) == clips
        total += clips
    assert _ms(book.meta["media:duration"][0]) == total


# --- hand-built articles: awkward text, missing metadata, tiny and huge -------------------------------

TRICKY = [
    ("heading", ["Cats & Dogs <live> at the \x07 “Café” ☕"]),
    ("paragraph", ["Tom & Jerry <3 the > sign & the </span> tag.", "A bell\x07 and an \x1b escape vanish."]),
    ("quote", ["“Emoji 😀👍🏽 and a family 👨‍👩‍👧 survive.”"], "Zoë <Ø> & Co"),
    ("paragraph", ["שלום עולם, זה משפט בעברית.", "And back to English with مرحبا in it."]),
]


def _tricky_doc():
    return make_doc("tricky", TRICKY, title="Cats & Dogs <live> \x07 ☕", author="Zoë <Ø> & Co")


def test_markup_characters_control_characters_emoji_and_rtl_text(empty_project):
    doc = _tricky_doc()
    out = output_dir_for(empty_project.output, doc.meta.slug)
    make_narration(doc, out)
    book = read_epub(build_epub(doc, empty_project, out)[0])
    spans = book.spans()
    assert [s[1] for s in spans] == [s.id for s in doc.sentences()]
    texts = [s[2] for s in spans]
    assert texts[0] == "Cats & Dogs <live> at the “Café” ☕"
    assert texts[1] == "Tom & Jerry <3 the > sign & the </span> tag."
    assert texts[2] == "A bell and an escape vanish."
    assert "👨‍👩‍👧" in texts[3] and texts[4] == "Zoë <Ø> & Co"
    root = book.xml(book.spine[0])
    hebrew = root.find(f".//{XHTML}p[@id='p004']")
    assert hebrew.get("dir") == "rtl"  # a right-to-left paragraph in a left-to-right book
    assert root.get("dir") == "ltr"
    dc = book.opf.find("opf:metadata", NS)
    assert dc.find("dc:title", NS).text == "Cats & Dogs <live> ☕"
    assert dc.find("dc:creator", NS).text == "Zoë <Ø> & Co"
    assert len(book.pars()) == len(spans)


def test_heading_levels_never_skip(empty_project):
    doc = make_doc("levels", [("heading", ["Headline"]), ("paragraph", ["Intro."]),
                              ("heading", ["Deep section"], None, 3), ("paragraph", ["Body."]),
                              ("heading", ["Deeper"], None, 5), ("paragraph", ["More."]),
                              ("heading", ["Back up"], None, 2), ("paragraph", ["End."])], title="Headline")
    book = read_epub(build_epub(doc, empty_project, empty_project.output / "levels", narration=False)[0])
    heads = [el.tag.removeprefix(XHTML) for el in book.xml(book.spine[0]).iter()
             if el.tag.removeprefix(XHTML) in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert heads == ["h1", "h2", "h3", "h2"]


def test_no_title_and_no_author_get_sensible_defaults(empty_project):
    doc = make_doc("untitled", [("paragraph", ["Only a paragraph here.", "And a second sentence."])])
    out = output_dir_for(empty_project.output, doc.meta.slug)
    book = read_epub(build_epub(doc, empty_project, out, narration=False)[0])
    dc = book.opf.find("opf:metadata", NS)
    assert dc.find("dc:title", NS).text == content.DEFAULT_TITLE
    assert dc.find("dc:creator", NS) is None  # no invented author
    assert book.xml(book.spine[0]).find(f".//{XHTML}title").text == content.DEFAULT_TITLE
    assert [s[1] for s in book.spans()] == ["p001s01", "p001s02"]
    head = book.xml(book.spine[0]).find(f".//{XHTML}h1")
    assert head.get("class") == "running-head" and head.text == content.DEFAULT_TITLE


def test_one_sentence_article_with_narration(empty_project):
    doc = make_doc("one", [("paragraph", ["The whole article is this one sentence."])], title="One")
    out = output_dir_for(empty_project.output, doc.meta.slug)
    timing = make_narration(doc, out)
    book = read_epub(build_epub(doc, empty_project, out)[0])
    (par,) = book.pars()
    row = timing["sentences"][0]
    assert (par["id"], par["begin"], par["end"]) == ("p001s01", row["start_ms"], row["end_ms"])
    assert _ms(book.meta["media:duration"][0]) == row["end_ms"] - row["start_ms"]


def test_right_to_left_book(empty_project):
    doc = make_doc("rtl", [("heading", ["عنوان المقال"]), ("paragraph", ["هذه جملة عربية.", "وهذه جملة ثانية."])],
                   title="عنوان المقال", author="كاتب", language="ar")
    out = output_dir_for(empty_project.output, doc.meta.slug)
    book = read_epub(build_epub(doc, empty_project, out, narration=False)[0])
    root = book.xml(book.spine[0])
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    nav = book.xml(book.manifest["nav"][0])
    assert nav.find(f".//{XHTML}h1").get("lang") == "en"  # the nav's own English label says so


def big_doc(words: int = 100_000) -> "object":
    """~``words`` words: sections of paragraphs under h2 headings, varied vocabulary."""
    vocab = ("river stone harbour council budget winter station report market village school "
             "transport hospital union letter morning evening policy voter street north south").split()
    blocks, n, k = [("heading", ["A very long article"])], 0, 0
    while n < words:
        if k % 150 == 0:
            blocks.append(("heading", [f"Section {k // 150 + 1}"], None, 2))
        sentences = []
        for j in range(3):
            w = [vocab[(k * 7 + j * 3 + i * i) % len(vocab)] for i in range(19)]
            sentences.append(" ".join(w).capitalize() + f" {k}-{j}.")
        blocks.append(("paragraph", sentences))
        n += 60
        k += 1
    return make_doc("long-article", blocks, title="A very long article", author="A. Writer")


def test_hundred_thousand_words_are_split_into_several_documents(empty_project):
    doc = big_doc()
    assert doc.word_count() >= 100_000
    out = output_dir_for(empty_project.output, doc.meta.slug)
    book = read_epub(build_epub(doc, empty_project, out, narration=False)[0])
    assert len(book.spine) >= 10
    assert [s[1] for s in book.spans()] == [s.id for s in doc.sentences()]
    assert _body_text(book) == " ".join(s[2] for s in book.spans())
    h1s = [len(book.xml(d).findall(f".//{XHTML}h1")) for d in book.spine]
    assert h1s == [1] + [0] * (len(book.spine) - 1)  # one h1 per book: no running head on later parts
    for d in book.spine:
        words = sum(len(t.split()) for _, _, t in [s for s in book.spans() if s[0] == d])
        assert words <= content.MAX_WORDS + 100
    nav = book.xml(book.manifest["nav"][0])
    hrefs = [a.get("href") for a in nav.iter(f"{XHTML}a")]
    assert all(any(h.startswith(d.removeprefix("EPUB/")) for h in hrefs) for d in book.spine)


def test_document_without_sentences_is_refused(empty_project):
    doc = make_doc("empty", [])
    with pytest.raises(InputError, match="no sentences"):
        build_epub(doc, empty_project, empty_project.output / "empty", narration=False)


def _body_text(book) -> str:
    """The visible text of the spine documents, without running heads (the title atop a continuation)."""
    out = []
    for d in book.spine:
        body = book.xml(d).find(f"{XHTML}body")
        for head in body.iter(f"{XHTML}h1"):
            if head.get("class") == "running-head":
                head.getparent().remove(head)
        out.append(" ".join("".join(body.itertext()).split()))
    return " ".join(out)


def _ms(clock: str) -> int:
    from tests.epub_support import parse_clock

    return parse_clock(clock)


def test_with_the_audio_stage_narration(project):
    """End to end with the real audio stage: its timing map and master drive the overlays."""
    from pipeline.speech.narrate import build_audio

    doc = build_document(project.seeds / SEED.name, project)
    out = output_dir_for(project.output, doc.meta.slug)
    build_audio(doc, project, out, progress=False)
    timing = json.loads((out / "timing.json").read_text())
    book = read_epub(build_epub(doc, project, out)[0])
    rows = {r["id"]: (r["start_ms"], r["end_ms"]) for r in timing["sentences"]}
    pars = book.pars()
    assert [p["id"] for p in pars] == [s.id for s in doc.sentences()]
    assert all((p["begin"], p["end"]) == rows[p["id"]] for p in pars)
    assert _ms(book.meta["media:duration"][0]) == sum(e - s for s, e in rows.values())
    report = json.loads((out / "report.json").read_text())
    assert report["epub"]["narration"] is True and "audio" in report  # both stages' sections kept


def test_the_cover_is_the_package_cover_image_with_a_cover_page_and_alt_text(empty_project):
    doc = make_doc("covered", [("heading", ["Rivers rise"]), ("paragraph", ["Water came."])], title="Rivers rise")
    doc.meta.publisher = "The Example Gazette"
    out = empty_project.output / "covered"
    book = read_epub(build_epub(doc, empty_project, out, narration=False)[0])
    (cover,) = [(href, mt) for href, mt, el in book.manifest.values() if "cover-image" in (el.get("properties") or "")]
    assert cover == ("EPUB/images/cover.png", "image/png")
    assert book.zip.read(cover[0]) == (out / "cover.png").read_bytes()
    first = book.opf.find("opf:spine", NS)[0].get("idref")
    assert book.manifest[first][0] == book.cover_page  # the book opens on its cover
    img = book.xml(book.cover_page).find(f".//{XHTML}img")
    assert img.get("role") == "doc-cover" and img.get("alt") == "Cover: Rivers rise. The Example Gazette"
    assert book.opf.find("opf:metadata/opf:meta[@name='cover']", NS).get("content") == "cover-image"
    assert "visual" in book.meta["schema:accessMode"] and "alternativeText" in book.meta["schema:accessibilityFeature"]


def test_an_editors_cover_wins(empty_project):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1600, 1600), (10, 20, 30)).save(buf, format="JPEG", quality=90)
    (empty_project.seeds / "edited.cover.jpg").write_bytes(buf.getvalue())
    doc = make_doc("edited", [("heading", ["Edited"]), ("paragraph", ["Text."])], title="Edited")
    book = read_epub(build_epub(doc, empty_project, empty_project.output / "edited", narration=False)[0])
    assert book.zip.read("EPUB/images/cover.jpg") == buf.getvalue()
    assert book.xml(book.cover_page).find(f".//{XHTML}img").get("alt") == "Cover of Edited"


def test_one_h1_per_book_when_the_article_is_split_and_repeats_its_headline(empty_project, monkeypatch):
    monkeypatch.setattr(content, "MAX_WORDS", 40)
    monkeypatch.setattr(content, "MIN_WORDS_BEFORE_HEADING", 10)
    para = ["One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."]
    doc = make_doc("repeats", [("heading", ["The headline"]), ("paragraph", para), ("paragraph", para),
                               ("paragraph", para), ("heading", ["The headline"]), ("paragraph", para),
                               ("heading", ["A section"], None, 2), ("paragraph", para), ("paragraph", para)],
                   title="The headline")
    book = read_epub(build_epub(doc, empty_project, empty_project.output / "repeats", narration=False)[0])
    assert len(book.spine) >= 3
    heads = [(i, el.tag.removeprefix(XHTML), "".join(el.itertext())) for i, d in enumerate(book.spine)
             for el in book.xml(d).iter() if el.tag.removeprefix(XHTML) in ("h1", "h2", "h3")]
    assert [h for h in heads if h[1] == "h1"] == [(0, "h1", "The headline")]
    assert not any(el.get("class") == "running-head" for d in book.spine for el in book.xml(d).iter())
    assert [h[1:] for h in heads[1:]] == [("h2", "The headline"), ("h2", "A section")]

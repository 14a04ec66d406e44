"""The bad-input suite: whatever a scraper brings in, through the real CLI.

Every case ends in one of two ways a user can rely on:
- a clear one-line ``error[<kind>]`` with its documented exit code, nothing written and no traceback; or
- sane output: the text right (no mojibake, no control characters, nothing from a page's code),
  the language and direction right, and every fast stage (report, text-only EPUB, summary) built.

Run time is kept low: the articles with sane output are built in one ``pipeline batch --stages
report,epub,summary`` run shared by the module; errors use ``report``/``dump``/``summary``/``script``.
(Tests of the text stages on their own live in test_ingest_*.py, test_properties.py, test_cli_errors.py.)
"""

from __future__ import annotations

import json
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_SLUG, project_with, run_cli

BODY = ("The council met on Tuesday to discuss the budget for the coming year. "
        "Zoë Smith spoke about the café on the high street.\n")
HEAD = "A headline about the council budget\n\n"
PASSWD = "root:x:0:0"  # the first line of /etc/passwd: must never reach any output


def assert_error(r, code: int, *messages: str) -> None:
    assert r.code == code, (r.code, r.err)
    # one error line; an informational line before it (the voice chosen) is fine
    errors = [ln for ln in r.err.splitlines() if ln.startswith("error[")]
    assert len(errors) == 1 and "Traceback" not in r.err, r.err
    for m in messages:
        assert m in r.err, (m, r.err)
    assert "Traceback" not in r.err


def hundred_thousand_words() -> str:
    rnd = random.Random(1)
    vocab = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9))) for _ in range(5000)]
    paras, n = [], 0
    while n < 100_000:
        paras.append(" ".join(" ".join(rnd.choice(vocab) for _ in range(20)).capitalize() + "." for _ in range(3)))
        n += 60
    return "A very long article headline\n\n" + "\n\n".join(paras) + "\n"


def deep_html(levels: int, *, article_first: bool) -> str:
    lead = ("<p>The council met on Tuesday to discuss the budget for the coming year and beyond.</p>"
            if article_first else "")
    return (f"<html><body><article>{lead}" + "<div>" * levels +
            "<p>Text hidden ten thousand levels down in the page, long enough to be an article.</p>" +
            "</div>" * levels + "</article></body></html>")


HOSTILE_HTML = """<!doctype html><html lang="en"><head><title>Hostile <script>alert(1)</script> page</title>
<style>p{background:expression(alert('css'))}</style><script>window.__pwned=1</script></head>
<body onload="window.__pwned=1"><article>
<h1 onclick="alert(1)">A hostile headline for testing</h1>
<p>The council met on Tuesday <script>window.__pwned=1</script>to discuss the budget for the coming year.</p>
<iframe src="javascript:alert('iframe')">iframe fallback text</iframe>
<object data="data:text/html,<script>alert('object')</script>">object fallback text</object>
<embed src="evil.swf"><svg onload="window.__pwned=1"><script>alert('svg')</script><text>svg text</text></svg>
<p>Read <a href="javascript:window.__pwned=1">this link</a> and <img src=x onerror="window.__pwned=1"> see
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">the data</a> for more on the council.</p>
<p style="width:expression(alert('style'))" onmouseover="alert(2)">Another paragraph of running text about the
council meeting agenda.</p><noscript>Please enable JavaScript to read</noscript>
<form action="javascript:alert(3)"><input value="form text"><button>Send it now</button></form>
</article></body></html>"""

BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY lol "lol">\n'
                  + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
                  + ']>\n<html><head><title>Laughs page</title></head><body><article><h1>Laughing at entities</h1>'
                  '<p>The council met on Tuesday to discuss the budget &lol9; for the coming year.</p>'
                  '</article></body></html>')

XXE_HTML = ('<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n'
            '<html><head><title>External entity page</title></head><body><article><h1>External entities</h1>'
            '<p>The council met on Tuesday to discuss the budget &xxe; for the coming year.</p>'
            '<p><img src="file:///etc/passwd"><a href="file:///etc/passwd">Another paragraph</a> about the '
            'council meeting agenda and its long list.</p></article></body></html>')

XXE_XHTML_TXT = ('<?xml version="1.0" encoding="utf-8"?>\n<!-- scraped -->\n'
                 '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                 '<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>An XHTML page</title></head>'
                 '<body><article><h1>An XHTML headline for the page</h1><p>The council met on Tuesday to discuss '
                 'the budget &xxe; for the coming year and the next.</p></article></body></html>')

HEBREW_HTML = ('<!doctype html><html lang="he"><head><title>כותרת המאמר</title></head><body><article>'
               '<h1>כותרת המאמר על התקציב</h1><p>המועצה התכנסה ביום שלישי כדי לדון בתקציב לשנה הבאה ובעתיד הרחוק.</p>'
               '<p>ראש העיר אמר שהתקציב החדש יעזור לבתי הספר ולבתי החולים בעיר.</p></article></body></html>')


# --- sane output: (file name, bytes, check(doc_json, outputs)) -----------------------------------------

def _text(doc: dict) -> str:
    return "\n".join(b["text"] for b in doc["blocks"])


def check_no_mojibake(doc, out):
    t = _text(doc)
    assert "Zoë Smith" in t and "café" in t, t
    assert not re.search("[ÃÂ�]", t), t


def check_trunc(doc, out):
    check_no_mojibake(doc, out)
    assert _text(doc).endswith("Zoë caf")  # only the cut-off character is lost


def check_mixed(doc, out):
    check_no_mojibake(doc, out)
    assert "The café closed at noon." in _text(doc)  # the cp1252 byte read as cp1252


def check_bom(doc, out):
    assert doc["meta"]["title"] == "A headline about the council budget"
    check_no_mojibake(doc, out)
    assert "\ufeff" not in json.dumps(doc, ensure_ascii=False)


def check_controls(doc, out):
    t = _text(doc)
    assert "Tuesday" in t and doc["meta"]["title"] == "A headline about the council budget"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", json.dumps(doc, ensure_ascii=False).replace("\\n", ""))


def check_cr_only(doc, out):
    assert [b["kind"] for b in doc["blocks"]] == ["heading", "paragraph", "paragraph"]


def check_long_sentence(doc, out):
    (para,) = [b for b in doc["blocks"] if b["kind"] == "paragraph"]
    assert len(para["sentences"]) == 1 and len(para["text"].split()) == 5000


def check_rtl(lang):
    def check(doc, out):
        assert doc["meta"]["language"] == lang
        for name, xhtml in epub_documents(out / f"{doc['meta']['slug']}.epub").items():
            if not name.endswith(".xhtml") or name.endswith("nav.xhtml"):
                continue
            root = re.search(r"<html[^>]*>", xhtml).group(0)
            assert f'lang="{lang}"' in root and 'dir="rtl"' in root, (name, root)
        page = (out / "summary.html").read_text()
        assert re.search(rf'<html lang="{lang}" dir="rtl">', page), page[:200]
    return check


def check_hostile(doc, out):
    # the <title> element is text in HTML (RCDATA), but markup written in it is dropped with its content
    # a <title> under 15 characters gives way to the page's only <h1> (Readability's title rule)
    assert doc["meta"]["title"] == "A hostile headline for testing" and "alert" not in doc["meta"]["title"]
    t = "\n".join(b["text"] for b in doc["blocks"][1:])
    for bad in ("alert", "pwned", "javascript", "expression", "fallback text", "svg text", "form text",
                "Send it now", "enable JavaScript"):
        assert bad not in t, (bad, t)
    assert "Read this link and see the data for more on the council." in t
    assert_outputs_inert(out)


def check_laughs(doc, out):
    t = _text(doc)
    assert "lollol" not in t and len(t) < 1000, t[:300]
    assert "Laughing at entities" in t or doc["meta"]["title"] == "Laughs page"


def check_no_passwd(doc, out):
    assert "council" in _text(doc)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for p in files:
        data = p.read_bytes()
        texts = [data.decode("utf-8", "replace")]
        if p.suffix == ".epub":
            texts = list(epub_documents(p).values())
        for t in texts:
            assert PASSWD not in t and "/bin/bash" not in t, p
    assert_outputs_inert(out)


def check_xhtml_txt(doc, out):
    assert doc["meta"]["source_format"] == "html" and doc["meta"]["title"] == "An XHTML headline for the page"  # short <title>: the only <h1>
    assert "<html" not in _text(doc)
    check_no_passwd(doc, out)


def check_deep(doc, out):
    assert "The council met on Tuesday" in _text(doc)


def check_markup_title(doc, out):
    assert doc["meta"]["title"] == "<script>window.__pwned=1</script> Council <b>budget</b> news"  # text, kept
    page = (out / "summary.html").read_text()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Council &lt;b&gt;budget&lt;/b&gt; news" in page
    assert_outputs_inert(out)


SANE = {
    "trunc_utf8": ("trunc_utf8.txt", (HEAD + BODY).encode() + "Zoë caf".encode() + "é".encode()[:1], check_trunc),
    "mixed_encodings": ("mixed_encodings.txt", (HEAD + BODY).encode() + b"The caf\xe9 closed at noon.\n", check_mixed),
    "bom_utf8": ("bom_utf8.txt", b"\xef\xbb\xbf" + (HEAD + BODY).encode(), check_bom),
    "bom_utf16le": ("bom_utf16le.txt", ("\ufeff" + HEAD + BODY).encode("utf-16-le"), check_bom),
    "bom_utf16be": ("bom_utf16be.txt", ("\ufeff" + HEAD + BODY).encode("utf-16-be"), check_bom),
    "nul_and_controls": ("nul_and_controls.txt", ("A headline\x00 about the council budget\n\n" + BODY.replace(
        "Tuesday", "Tues\x00day\x07\x1b\x08")).encode() + b"\x0c\x7f More text follows here.\n", check_controls),
    "cr_line_endings": ("cr_line_endings.txt", (HEAD + BODY + "\n" + BODY).replace("\n", "\r").encode(), check_cr_only),
    "sentence_5000_words": ("sentence_5000_words.txt", ("One long sentence headline\n\n" + " ".join(
        f"word{i % 97}" for i in range(5000)) + ".\n").encode(), check_long_sentence),
    "arabic_text": ("arabic_text.txt", "عنوان المقال عن الميزانية\n\nاجتمع المجلس يوم الثلاثاء لمناقشة الميزانية. "
                    "تحدث الوزير عن المستقبل.\n".encode(), check_rtl("ar")),
    "hebrew_html": ("hebrew_html.html", HEBREW_HTML.encode(), check_rtl("he")),
    "hostile_html": ("hostile_html.html", HOSTILE_HTML.encode(), check_hostile),
    "billion_laughs": ("billion_laughs.html", BILLION_LAUGHS.encode(), check_laughs),
    "xxe_html": ("xxe_html.html", XXE_HTML.encode(), check_no_passwd),
    "xxe_xhtml_in_txt": ("xxe_xhtml_in_txt.txt", XXE_XHTML_TXT.encode(), check_xhtml_txt),
    "deep_nesting_10000": ("deep_nesting_10000.html", deep_html(10_000, article_first=True).encode(), check_deep),
    "markup_title": ("markup_title.txt", ("<script>window.__pwned=1</script> Council <b>budget</b> news\n\n"
                                          + BODY).encode(), check_markup_title),
}


def epub_documents(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()
                if n.endswith((".xhtml", ".html", ".opf", ".ncx", ".smil", ".css", ".pls", ".xml"))}


SCRIPT_LIKE = re.compile(r"<script\b|\son[a-z]+\s*=|javascript:|data:text/html|expression\(|<iframe|<object|<embed",
                         re.I)


def assert_outputs_inert(out: Path) -> None:
    """No executable markup from the input: the EPUB has no script at all; the summary page's only
    scripts are its own (inline, before any article text) and every article string is escaped."""
    for name, text in epub_documents(next(out.glob("*.epub"))).items():
        assert not SCRIPT_LIKE.search(text), (name, SCRIPT_LIKE.search(text).group(0))
    page = (out / "summary.html").read_text()
    own = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)  # the page's own player script + timing JSON
    assert not SCRIPT_LIKE.search(own), SCRIPT_LIKE.search(own).group(0)
    assert page.count("<script") <= 2


@pytest.fixture(scope="module")
def sane_batch(tmp_path_factory):
    """One project holding every sane-output case, built once by the real CLI batch."""
    project = project_with(tmp_path_factory.mktemp("bad-input"), {f: data for f, data, _ in SANE.values()})
    r = run_cli(project, "batch", "--stages", "report,epub,summary", "--workers", "2", "--no-progress")
    return project, r


@pytest.mark.parametrize("case", list(SANE))
def test_sane_output(sane_batch, case):
    project, batch = sane_batch
    file, _, check = SANE[case]
    assert "Traceback" not in batch.err
    assert batch.code == 0, batch.out + batch.err
    r = run_cli(project, "dump", file)
    assert r.code == 0 and "Traceback" not in r.err, r.err
    doc = json.loads(r.out)
    out = project.output / doc["meta"]["slug"]
    for name in ("report.json", f"{doc['meta']['slug']}.epub", "summary.html"):
        assert (out / name).is_file(), name
    assert not list(project.output.rglob("*.part"))
    check(doc, out)


# --- clear errors: (file name, bytes, exit code, message) -----------------------------------------------

ERRORS = {
    "empty": ("empty.txt", b"", 3, "empty"),
    "unicode_whitespace_only": ("blank.txt", "\u00a0\u3000\n\t\u2003 \u200b\n".encode(), 3, "no article text"),
    "binary_png": ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(random.Random(2).randrange(256) for _ in range(4000)),
                   3, "binary"),
    "emoji_only": ("emoji.txt", "🎉🎉🎉\n\n😀😀 👍\n".encode(), 3, "no words to read"),
    "punctuation_only": ("dots.txt", b"... --- !!!\n\n* * *\n", 3, "no words to read"),
    "furniture_only": ("buttons.txt", b"Share\n\nLeave a Reply\n\n12 comments\n", 3, "no article text"),
    "html_no_body": ("nobody.html", b"<html><head><title>Only a title here</title></head></html>", 3,
                     "no article found"),
    "html_only_code": ("code.html", b"<html><body><script>var t = 'a long script that is not the article at all';"
                                    b"</script><nav>Home News Sport Weather and much more navigation</nav>"
                                    b"<style>p{}</style></body></html>", 3, "no article found"),
    "deep_nesting_only_deep_text": ("deep.html", deep_html(10_000, article_first=False).encode(), 3,
                                    "255 levels deep"),
    "html_20_mb": ("huge.html", b"<html><body><p>" + b"word " * (4 * 1024 * 1024) + b"</p></body></html>", 3,
                   "over the input limit"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_clear_error(empty_project, case):
    file, data, code, message = ERRORS[case]
    (empty_project.seeds / file).write_bytes(data)
    shutil.copy(REPO / "seeds" / "furniture.toml", empty_project.seeds / "furniture.toml")
    r = run_cli(empty_project, "report", file)
    assert_error(r, code, message, file)
    assert not any(empty_project.output.iterdir())


def test_hundred_thousand_word_article(empty_project):
    (empty_project.seeds / "long.txt").write_text(hundred_thousand_words())
    r = run_cli(empty_project, "report", "long")
    assert r.code == 0, r.err
    assert json.loads((empty_project.output / "long" / "report.json").read_text())
    d = run_cli(empty_project, "dump", "long")
    doc = json.loads(d.out)
    words = sum(len(b["text"].split()) for b in doc["blocks"])
    assert words >= 100_000
    assert sum(len(b["sentences"]) for b in doc["blocks"]) >= 4900
    assert len({s["id"] for b in doc["blocks"] for s in b["sentences"]}) == sum(len(b["sentences"]) for b in doc["blocks"])


# --- malformed editorial and voice data: exit 4, file and line or key named -------------------------

def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


SUMMARY = f"{SEED_SLUG}.summary.toml"
CONFIG = {
    "corrections_bad_status": (lambda p: _sub(p.corrections_file, 'expected = 1\nstatus = "approved"',
                                              'expected = 1\nstatus = "maybe"'),
                               "report", ["corrections.toml:", "status 'maybe' is not one of"]),
    "corrections_expected_text": (lambda p: _sub(p.corrections_file, "expected = 1", 'expected = "one"'),
                                  "report", ["corrections.toml:6", "'expected' must be a whole number"]),
    "corrections_not_utf8": (lambda p: p.corrections_file.write_bytes(b"\xff\xfe\x00garbage"),
                             "report", ["corrections.toml", "not UTF-8"]),
    "furniture_bad_regex": (lambda p: _append(p.furniture_file, '\n[[furniture]]\npattern = "(unclosed"\nnote = "x"\n'),
                            "report", ["furniture.toml", "bad pattern '(unclosed'"]),
    "glossary_syntax": (lambda p: _append(p.seeds / "glossary.toml", '\n[[term]]\nterm = "x"\nexplanation = \n'),
                        "summary", ["glossary.toml:", "TOML syntax error"]),
    "glossary_term_not_text": (lambda p: _append(p.seeds / "glossary.toml", '\n[[term]]\nterm = 5\nexplanation = "E."\n'
                                                 'reviewer = "x"\nreviewed = 2026-01-01\n'),
                               "summary", ["glossary.toml:", "'term' is required"]),
    "plain_words_missing_plain": (lambda p: _append(p.seeds / "plain-words.toml",
                                                    '\n[[word]]\nhard = "promulgate"\nreviewer = "x"\nreviewed = 2026-01-01\n'),
                                  "summary", ["plain-words.toml:", "'plain' is required"]),
    "summary_override_unknown_sentence": (lambda p: _sub(p.seeds / SUMMARY, 'from = ["p001s01"]', 'from = ["p999s01"]'),
                                          "summary", [SUMMARY, "'p999s01', which is not a sentence"]),
    "summary_override_unknown_key": (lambda p: _append(p.seeds / SUMMARY, "\n[[point]]\nbogus = 1\n"),
                                     "summary", [SUMMARY, "unknown key 'bogus'"]),
    "voice_profile_bad_rate": (lambda p: _sub(p.voices / "en-GB.toml", "rate = 165", 'rate = "fast"'),
                               "script", ["en-GB.toml", "'rate' must be a number"]),
    "voice_profile_syntax": (lambda p: _append(p.voices / "en-GB.toml", "lexicons = [\n"),
                             "script", ["en-GB.toml:", "TOML syntax error"]),
    "lexicon_entry_without_alias": (lambda p: _append(p.voices / "en-GB.lexicon.toml",
                                                      '\n[[entry]]\ngrapheme = "Gove"\nnote = "no alias"\n'),
                                    "script", ["en-GB.lexicon.toml:", "('Gove'): needs an 'alias'"]),
    "meta_date_not_text": (lambda p: (p.seeds / f"{SEED_SLUG}.meta.toml").write_text("date = 12\n"),
                           "report", [".meta.toml", "'date' must be a string"]),
    "meta_slug_unusable": (lambda p: (p.seeds / f"{SEED_SLUG}.meta.toml").write_text('title = "T"\nslug = "..."\n'),
                           "report", [".meta.toml:2", "'slug'"]),
}


@pytest.mark.parametrize("case", list(CONFIG))
def test_malformed_data_file(project, case):
    break_it, command, messages = CONFIG[case]
    break_it(project)
    r = run_cli(project, command, SEED_SLUG)
    assert_error(r, 4, "error[config]", *messages)
    assert not (project.output / SEED_SLUG / "summary.html").exists()


# --- hostile slugs and file names ------------------------------------------------------------------

@pytest.mark.parametrize("slug,expected", [
    ("/etc/passwd", "etc-passwd"),
    ("../../../tmp/evil", "tmp-evil"),
    ("CON", "con-article"),
    ("nul", "nul-article"),
    ("x" * 500, "x" * 80),
    ("<script>alert(1)</script>", "script-alert-1-script"),
])
def test_hostile_slug_is_made_safe(empty_project, slug, expected):
    (empty_project.seeds / "story.txt").write_text(HEAD + BODY)
    (empty_project.seeds / "story.meta.toml").write_text(f"slug = {json.dumps(slug)}\n")
    r = run_cli(empty_project, "report", "story")
    assert r.code == 0, r.err
    made = [p.name for p in empty_project.output.iterdir()]
    assert made == [expected]
    assert (empty_project.output / expected / "report.json").is_file()
    root = empty_project.output.parent
    assert sorted(p.name for p in root.iterdir()) == ["output", "seeds", "voices"]  # nothing written beside output/


@pytest.mark.parametrize("name,expected", [("NUL.txt", "nul-article"), ("Ünïcödé  name!.txt", "unicode-name")])
def test_hostile_file_name(empty_project, name, expected):
    (empty_project.seeds / name).write_text(HEAD + BODY)
    r = run_cli(empty_project, "epub", "--no-narration", name)
    assert r.code == 0, r.err
    assert (empty_project.output / expected / f"{expected}.epub").is_file()

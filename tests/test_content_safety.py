"""Content safety: nothing executable from a scraped input reaches a reader's browser or reading system.

Hostile inputs (a text article and an HTML page full of script, event handlers, ``javascript:``/``data:``
URLs, iframes, objects, SVG with script, CSS expressions, a title with markup) are built by the real CLI
(``pipeline batch --stages report,epub,summary``). Then:
- the summary pages and the catalogue are loaded in headless Debian Chromium from a localhost server;
  no script from the input runs (``window.__pwned`` stays undefined, no dialog), every element and link
  is inert, and every request the pages make is recorded and routed: none leaves the page's own origin;
- the EPUB is unzipped: no ``<script>``, no ``on*=`` attribute, no ``javascript:`` anywhere.

Where HTML is sanitised: ``pipeline/ingest/sanitise.py`` (nh3 allow-list, before article extraction).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import zipfile
from pathlib import Path

import pytest

from tests.conftest import APT, needs, project_with, run_cli

pytest.importorskip("playwright")
pytestmark = needs("Debian chromium", os.path.exists("/usr/bin/chromium"), f"{APT} chromium")


TEXT = """<script>window.__pwned=1</script> Council budget <img src=x onerror=window.__pwned=2> news

By <a href="javascript:window.__pwned=3">Ada</a> Writer

The council met on Tuesday. <script>window.__pwned=4;alert('text')</script> was written in the minutes of the meeting.

The mayor said <img src=x onerror="window.__pwned=5;alert(5)"> was a picture, and <a href="javascript:window.__pwned=6">this link</a> went nowhere at all.

A reader sent </script><script>window.__pwned=7</script> and <iframe src="https://example.com/"></iframe> to the newspaper.

The budget rises by five per cent next year, the council said, and <svg onload=window.__pwned=8> was left in the text.

<style>body{background:url(https://example.com/x.png)}</style> <link rel=stylesheet href=https://example.com/x.css> Councillors will vote again in March on the new plan for the town.
"""

HTML = """<!doctype html><html lang="en"><head><title>Hostile &lt;b&gt;page&lt;/b&gt; title</title>
<meta property="og:title" content="&lt;script&gt;window.__pwned=9&lt;/script&gt; Hostile page">
<script>window.__pwned=10</script><link rel="stylesheet" href="https://example.com/evil.css">
<style>p{background:url(https://example.com/track.png);width:expression(alert(11))}</style></head>
<body onload="window.__pwned=12"><article>
<h1 onclick="window.__pwned=13">A hostile headline for the safety test</h1>
<p>The council met on Tuesday <script>window.__pwned=14</script>to discuss the budget for the coming year.</p>
<iframe src="https://example.com/embed" onload="window.__pwned=15">iframe text</iframe>
<object data="data:text/html,&lt;script&gt;window.__pwned=16&lt;/script&gt;">object text</object>
<embed src="https://example.com/x.swf">
<svg onload="window.__pwned=17"><script>window.__pwned=18</script><a href="javascript:alert(19)"><text>svg link</text></a></svg>
<p>Read <a href="javascript:window.__pwned=20">this link</a> and <img src="https://example.com/pixel.gif" onerror="window.__pwned=21">
see <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">the data page</a> for more on the council.</p>
<p style="background:url(javascript:alert(22))" onmouseover="window.__pwned=23">Another paragraph of running text about
the council meeting and its agenda for the year.</p>
<math><mtext><script>window.__pwned=24</script></mtext></math>
<form action="https://example.com/steal"><input name="q" value="form text"><button>Send</button></form>
</article></body></html>"""



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = project_with(tmp_path_factory.mktemp("hostile"),
                           {"hostile-text.txt": TEXT, "hostile-page.html": HTML})
    r = run_cli(project, "batch", "--stages", "report,epub,summary", "--workers", "1", "--no-progress")
    assert r.code == 0, r.out + r.err
    return project


@pytest.fixture(scope="module")
def server(built):
    handler = functools.partial(_QuietHandler, directory=str(built.output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def visit(browser, url: str, origin: str) -> dict:
    """Load ``url``, interact with everything clickable, and report what happened."""
    ctx = browser.new_context()
    requests, blocked, dialogs = [], [], []

    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith(origin + "/"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    for el in page.query_selector_all("#transcript .s, #summary li p, h1, h2"):
        el.hover()
        el.click(no_wait_after=True)
    page.wait_for_timeout(300)
    result = {
        "pwned": page.evaluate("typeof window.__pwned"),
        "dialogs": dialogs,
        "requests": requests,
        "blocked": blocked,
        "handlers": page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name))"""),
        "bad_links": page.evaluate("""() => [...document.querySelectorAll('[href],[src],[action],[data]')]
            .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('data'))
            .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u) || /^\\s*(https?:)?\\/\\//i.test(u))"""),
        "embeds": page.evaluate("document.querySelectorAll('iframe, object, embed, img, svg, math, form, link[href^=\"http\"]').length"),
        "scripts": page.evaluate("[...document.scripts].map(s => s.id || s.src || 'inline')"),
        "text": page.inner_text("body"),
    }
    ctx.close()
    return result


@pytest.mark.parametrize("slug", ["hostile-text", "hostile-page"])
def test_summary_page_runs_nothing_from_the_input(browser, server, built, slug):
    got = visit(browser, f"{server}/{slug}/summary.html", server)
    assert got["pwned"] == "undefined" and got["dialogs"] == []
    assert got["blocked"] == [] and all(u.startswith(server + "/") for u in got["requests"]), got["requests"]
    assert got["handlers"] == [] and got["bad_links"] == [] and got["embeds"] == 0
    assert len(got["scripts"]) <= 2  # the page's own player script and its timing data, nothing else
    if slug == "hostile-text":  # the markup is shown as the text it is, not dropped silently
        assert "<script>window.__pwned=4;alert('text')</script>" in got["text"]


def test_catalogue_runs_nothing_from_the_input(browser, server, built):
    got = visit(browser, f"{server}/index.html", server)
    assert got["pwned"] == "undefined" and got["dialogs"] == []
    assert got["blocked"] == [] and all(u.startswith(server + "/") for u in got["requests"]), got["requests"]
    assert got["handlers"] == [] and got["bad_links"] == [] and got["embeds"] == 0
    assert "<script>window.__pwned=1</script> Council budget" in got["text"]  # the title, as text
    assert "Hostile page" in got["text"]


def test_pages_opened_from_file_make_no_requests(browser, built):
    for page in sorted(built.output.glob("*/summary.html")) + [built.output / "index.html"]:
        got = visit(browser, page.as_uri(), "file://")
        assert got["pwned"] == "undefined" and got["dialogs"] == [] and got["blocked"] == [], (page, got["blocked"])


@pytest.mark.parametrize("slug", ["hostile-text", "hostile-page"])
def test_epub_holds_nothing_executable(built, slug):
    """Parsed, every XHTML/OPF/NCX/SMIL file has no script element, no on* attribute and no
    javascript:/data: URL in any attribute. The HTML page's code never even reaches the text; the
    text article *wrote* markup as words, which the book keeps as escaped text (``&lt;script&gt;``)."""
    from lxml import etree

    book = built.output / slug / f"{slug}.epub"
    with zipfile.ZipFile(book) as z:
        files = {n: z.read(n) for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx", ".smil"))}
    assert any(n.endswith(".xhtml") for n in files)
    for name, data in files.items():
        text = data.decode("utf-8")
        assert "<script" not in text.lower(), name  # no raw script tag, anywhere
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        for el in root.iter():
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            assert tag not in ("script", "iframe", "object", "embed", "img", "svg", "math", "form"), (name, tag)
            for attr, value in el.attrib.items():
                assert not etree.QName(attr).localname.lower().startswith("on"), (name, tag, attr)
                assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I), (name, tag, attr, value)
        if slug == "hostile-page":  # sanitised at ingest: not even as words
            assert not re.search(r"javascript:|onerror|onload|pwned|expression\(", text, re.I), name
    if slug == "hostile-text":  # the article's own words, escaped
        assert any("&lt;script&gt;window.__pwned=4" in f.decode() for f in files.values())


def test_feed_is_well_formed_and_holds_no_markup(built):
    from lxml import etree

    feed = etree.parse(str(built.output / "feed.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    assert not feed.xpath("//*[local-name()='script' or local-name()='iframe']")
    assert not any(k.lower().startswith("on") for el in feed.iter() for k in el.attrib)

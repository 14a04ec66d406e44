"""``pipeline serve`` over real HTTP (a subprocess on 127.0.0.1, an ephemeral port): Range requests
byte for byte, MIME types and validators, no path escapes or listings, the port-taken error, the
catalogue as home page, and state changes refused without the CSRF token and the same Origin."""

from __future__ import annotations

import random
import socket

import pytest

from tests.conftest import SEED_SLUG, run_cli
from tests.serve_support import form_token, project_with_proposal, serving

pytestmark = pytest.mark.slow  # a real batch and a real server start for the module (about 15 s)
SDE = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01: the date decisions are recorded with
MP3 = random.Random(17).randbytes(100_003)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seed with its report built (by the real batch), stand-in media files, two symlinks out."""
    from pipeline.config import Project

    root = tmp_path_factory.mktemp("serve")
    project = project_with_proposal(root)
    r = run_cli(project, "batch", "--stages", "report", "--no-progress", env=SDE)
    assert r.code == 0, r.err
    out = project.output / SEED_SLUG
    (out / f"{SEED_SLUG}.mp3").write_bytes(MP3)
    (out / f"{SEED_SLUG}.vtt").write_text("WEBVTT\n\np001s01\n00:00.000 --> 00:01.000\nHello\n")
    (out / f"{SEED_SLUG}.epub").write_bytes(b"PK\x03\x04 stand-in")
    (project.output / "feed.xml").write_text("<rss/>")
    (project.output / "escape.txt").symlink_to(project.corrections_file)
    (out / "etc").symlink_to("/etc")
    with serving(project, "--stages", "report", env=SDE) as server:
        yield project, server


def test_range_requests_are_byte_exact(site):
    project, server = site
    path = f"/{SEED_SLUG}/{SEED_SLUG}.mp3"
    size = len(MP3)
    full = server.client.get(path)
    assert full.status_code == 200 and full.content == MP3 and full.headers["accept-ranges"] == "bytes"
    for header, start, end in [("bytes=0-0", 0, 0), ("bytes=0-99", 0, 99), ("bytes=1000-1999", 1000, 1999),
                               ("bytes=99000-", 99000, size - 1), ("bytes=-500", size - 500, size - 1),
                               (f"bytes={size - 1}-", size - 1, size - 1), (f"bytes=50000-{size + 100}", 50000, size - 1)]:
        r = server.client.get(path, headers={"Range": header})
        assert r.status_code == 206, header
        assert r.headers["content-range"] == f"bytes {start}-{end}/{size}", header
        assert int(r.headers["content-length"]) == end - start + 1
        assert r.content == MP3[start:end + 1], header
        assert r.headers["content-type"] == "audio/mpeg"
    for header in (f"bytes={size}-", f"bytes={size + 10}-{size + 20}"):
        r = server.client.get(path, headers={"Range": header})
        assert r.status_code == 416, header
        assert r.headers["content-range"] == f"bytes */{size}"
    # several ranges at once: multipart/byteranges, each part exact
    r = server.client.get(path, headers={"Range": "bytes=0-9,5000-5099"})
    assert r.status_code == 206 and r.headers["content-type"].startswith("multipart/byteranges; boundary=")
    assert f"Content-Range: bytes 0-9/{size}".encode() in r.content and MP3[5000:5100] in r.content
    # If-Range with a stale validator: the whole file, not a slice of a different version
    r = server.client.get(path, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert r.status_code == 200 and r.content == MP3


def test_mime_types_and_validators(site):
    project, server = site
    expect = {f"/{SEED_SLUG}/{SEED_SLUG}.mp3": "audio/mpeg", f"/{SEED_SLUG}/{SEED_SLUG}.vtt": "text/vtt",
              f"/{SEED_SLUG}/{SEED_SLUG}.epub": "application/epub+zip", "/feed.xml": "application/rss+xml",
              f"/{SEED_SLUG}/report.json": "application/json"}
    for path, mime in expect.items():
        r = server.client.head(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].split(";")[0] == mime, path
        etag, modified = r.headers["etag"], r.headers["last-modified"]
        assert server.client.get(path, headers={"If-None-Match": etag}).status_code == 304
        assert server.client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
        assert server.client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


BLOCKED = [
    "/../seeds/corrections.toml", "/%2e%2e/seeds/corrections.toml", "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2fseeds%2fcorrections.toml", f"/{SEED_SLUG}/..%2f..%2fseeds%2fcorrections.toml",
    f"/{SEED_SLUG}/%2e%2e/%2e%2e/seeds/corrections.toml", "/%2fetc%2fpasswd", "//etc/passwd",
    "/..%5cseeds%5ccorrections.toml", "/%252e%252e/seeds/corrections.toml", f"/{SEED_SLUG}/report.json%00.html",
    "/escape.txt", f"/{SEED_SLUG}/etc/passwd", "/ledger.sqlite", "/.batch.lock", f"/{SEED_SLUG}/.audio-stamp.json",
    f"/{SEED_SLUG}/", f"/{SEED_SLUG}", "/seeds/corrections.toml", "/..%2f..%2f..%2fetc%2fpasswd/corrections.html",
    f"/{SEED_SLUG}/..%2f{SEED_SLUG}/corrections.html", "/%2e%2e/corrections.html",
]


@pytest.mark.parametrize("path", BLOCKED)
def test_path_escapes_and_listings_are_404(site, path):
    project, server = site
    r = server.raw(path)
    assert r.status == 404, (path, r.status)
    assert b"correction" not in r.body and b"root:" not in r.body and SEED_SLUG.encode() not in r.body


def test_catalogue_is_the_home_page_and_the_feed_uses_the_served_url(site):
    project, server = site
    for path in ("/", "/index.html"):
        r = server.client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        assert "Ian Lavery exclusive" in r.text
        assert f'href="/{SEED_SLUG}/corrections.html"' in r.text
        assert "1 open proposal" in r.text
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    feed = server.client.get("/feed.xml").text
    assert f'url="{server.url}{SEED_SLUG}/{SEED_SLUG}.mp3"' in feed
    assert server.client.post("/feed.xml").status_code == 405


def test_a_configured_base_url_wins(site):
    from pipeline.serve import feed_base_url
    from pipeline.settings import Settings

    assert feed_base_url(Settings(), "http://127.0.0.1:8123/") == "http://127.0.0.1:8123/"
    assert feed_base_url(Settings(base_url="https://audio.example.org/"), "http://127.0.0.1:8123/") == \
        "https://audio.example.org/"
    project, _ = site
    before = (project.output / "feed.xml").read_bytes()
    with serving(project, env={**SDE, "PIPELINE_BASE_URL": "https://audio.example.org/"}) as other:
        assert other.client.get("/feed.xml").content == before  # not rewritten with the served URL


def test_a_taken_port_is_one_clear_error(site):
    project, _ = site
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run_cli(project, "serve", "--port", str(port), timeout=60)
    assert r.code == 2
    assert r.err.startswith(f"error[usage]: port {port} on 127.0.0.1 is already in use")
    assert "--port" in r.err and "Traceback" not in r.err


def test_state_changes_need_the_token_and_the_same_origin(site):
    project, server = site
    before = project.corrections_file.read_bytes()
    page = server.client.get(f"/{SEED_SLUG}/corrections.html")
    assert page.status_code == 200
    token = form_token(page.text)
    origin = server.url.rstrip("/")
    r = server.client.post("/_serve/reviewer", data={"csrf": token, "name": "Test Editor", "back": SEED_SLUG},
                           headers={"Origin": origin})
    assert r.status_code == 303 and "pipeline_reviewer" in r.headers["set-cookie"]
    url = f"/{SEED_SLUG}/review"
    good = {"csrf": token, "id": "sg-handpicked", "action": "reject"}
    attempts = [
        ({**good, "csrf": ""}, {"Origin": origin}),                                     # no token
        ({**good, "csrf": "0" * 64}, {"Origin": origin}),                               # forged token
        (good, {"Origin": "http://evil.example"}),                                     # another origin
        (good, {"Origin": origin.replace("127.0.0.1", "localhost")}),                   # another origin, same machine
        (good, {"Origin": "null"}),                                                     # sandboxed/opaque origin
        (good, {}),                                                                     # no Origin at all
    ]
    for data, headers in attempts:
        r = server.client.post(url, data=data, headers=headers)
        assert r.status_code == 403, (data, headers)
    other = server.client.__class__(base_url=server.url)  # another browser: its own session, no valid token
    assert other.post(url, data=good, headers={"Origin": origin}).status_code == 403
    assert server.client.get(url).status_code in (404, 405)  # a GET never changes anything
    assert server.client.post(url, json=good, headers={"Origin": origin}).status_code == 415
    assert project.corrections_file.read_bytes() == before
    # the same request, done properly, is accepted (so the refusals above are not refusing everything)
    r = server.client.post(url, data=good, headers={"Origin": origin})
    assert r.status_code == 303, r.text
    assert 'status = "rejected"' in project.corrections_file.read_text()
    assert 'reviewer = "Test Editor"' in project.corrections_file.read_text()
    page = server.client.get(r.headers["location"])
    assert "Rejected: sg-handpicked" in page.text and "Reviewing as" in page.text
    r = server.client.post(url, data={**good, "action": "undo"}, headers={"Origin": origin})
    assert r.status_code == 303
    assert project.corrections_file.read_bytes() == before  # undo restores the entry exactly
    server.wait_idle(120)


def test_edit_and_conflicts(site):
    project, server = site
    before = project.corrections_file.read_bytes()
    token = form_token(server.client.get(f"/{SEED_SLUG}/corrections.html").text)
    origin = {"Origin": server.url.rstrip("/")}
    server.client.post("/_serve/reviewer", data={"csrf": token, "name": "Test Editor"}, headers=origin)
    url = f"/{SEED_SLUG}/review"
    try:
        r = server.client.post(url, data={"csrf": token, "id": "sg-handpicked", "action": "edit", "right": "hand-chosen"},
                               headers=origin)
        assert r.status_code == 303
        text = project.corrections_file.read_text()
        assert 'right = "hand-chosen"' in text and 'status = "approved"' in text.split('id = "sg-handpicked"')[1]
        # deciding again what is already decided (another editor's tab) is a conflict, not an overwrite
        r = server.client.post(url, data={"csrf": token, "id": "sg-handpicked", "action": "reject"}, headers=origin)
        assert r.status_code == 409 and "already approved" in r.text and "Not saved" in r.text
        r = server.client.post(url, data={"csrf": token, "id": "no-such-entry", "action": "approve"}, headers=origin)
        assert r.status_code == 409 and "no entry" in r.text
        r = server.client.post(url, data={"csrf": token, "id": "sg-handpicked", "action": "edit", "right": "a\nb"},
                               headers=origin)
        assert r.status_code in (400, 409)
    finally:
        server.wait_idle(120)
        project.corrections_file.write_bytes(before)


def test_article_text_is_never_markup(site):
    project, server = site
    art = project.seeds / "zz_evil.txt"
    art.write_text("Evil headline\n\nThe counsil <script>window.__pwned=1</script> met on Tuesday.\n")
    with open(project.corrections_file, "a", encoding="utf-8") as f:
        f.write('\n[[correction]]\nid = "sg-evil"\nwrong = "counsil"\nright = "<b>council</b>"\n'
                'context = "The counsil <script>"\nscope = "zz_evil"\nexpected = 1\nstatus = "proposed"\n')
    try:
        r = server.client.get("/zz_evil/corrections.html")
        assert r.status_code == 200
        assert "<mark>counsil</mark> &lt;script&gt;window.__pwned=1&lt;/script&gt; met" in r.text
        assert "<script>window" not in r.text and "<b>council" not in r.text
        assert "&lt;b&gt;council&lt;/b&gt;" in r.text
    finally:
        art.unlink()
        text = project.corrections_file.read_text()
        project.corrections_file.write_text(text[:text.index('\n[[correction]]\nid = "sg-evil"')])


def test_unknown_article_is_404(site):
    project, server = site
    assert server.client.get("/no-such-article/corrections.html").status_code == 404
    assert server.client.get("/_serve/status.json", params={"slug": "../x"}).status_code == 404


@pytest.mark.parametrize("args", [["serve", "--port", "70000"], ["serve", "--host", "no-such-host.invalid"],
                                  ["serve", "--stages", "nope"], ["watch", "--workers", "-1"],
                                  ["serve", "--port", "eighty"]])
def test_bad_serve_options_are_usage_errors(project, args):
    r = run_cli(project, *args, timeout=60)
    assert r.code == 2 and r.err.startswith("error[usage]: "), (r.code, r.err)
    assert "Traceback" not in r.err

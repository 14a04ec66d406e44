"""The podcast feed as podcast clients read it (gPodder's podcastparser, feedparser), against what Apple
Podcasts and Spotify list as required, and the JSON chapters and cover art it points at."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import podcastparser
import pytest
from PIL import Image

from pipeline.batch.catalogue import collect, write_catalogue
from pipeline.batch.feed import write_feed
from pipeline.config import Project
from pipeline.cover import render_cover
from pipeline.errors import ConfigError
from pipeline.settings import Feed, Settings, load_settings
from pipeline.timing import Chapter, SentenceTiming, Timing

BASE = "https://audio.example.org/narrations/"
SETTINGS = Settings(base_url=BASE, feed=Feed(
    title="Example narrations", author="", owner_name="Example Newsroom", owner_email="pod@example.org",
    copyright="© 2026 Example Newsroom", category="News", subcategory="Politics"))


def with_settings(project: Project, settings: Settings) -> Project:
    return dataclasses.replace(project, run_settings=settings)
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def episode(project: Project, slug: str, *, date="", author="", publisher="", chapters=True) -> Path:
    """An article folder as the stages leave it: report.json, timing.json, MP3, VTT, cover."""
    out = project.output / slug
    out.mkdir(parents=True)
    # the catalogue and the feed list only the articles in seeds/
    (project.seeds / f"{slug}.txt").write_text(f"Title of {slug}\n\nSome text of the article.\n", "utf-8")
    report = {"document": {"slug": slug, "title": f"Title of {slug}", "author": author, "date": date,
                           "publisher": publisher, "language": "en-GB", "words": 100},
              "summary": {"origin": "editor", "points": ["One point.", "Two points."], "targets_met": True}}
    (out / "report.json").write_text(json.dumps(report))
    chaps = (Chapter("Headline", "p001s01", 0, 4000), Chapter("Article", "p002s01", 4000, 65000)) if chapters else ()
    Timing(slug, f"{slug}.mp3", 65000, (SentenceTiming("p001s01", 750, 3500), SentenceTiming("p002s01", 4000, 63000)),
           chaps).write(out)
    (out / f"{slug}.mp3").write_bytes(b"\xff\xfb" * 500)
    (out / f"{slug}.vtt").write_text("WEBVTT\n")
    (out / "cover.png").write_bytes(render_cover(f"Title of {slug}", publisher))
    return out


@pytest.fixture
def built(empty_project):
    episode(empty_project, "bbc-1", date="2015-07-24", author="", publisher="BBC News")
    episode(empty_project, "anon", date="2020-01-02T10:00:00+01:00")
    episode(empty_project, "signed", date="", author="Jo Writer")
    project = with_settings(empty_project, SETTINGS)
    path, warnings = write_feed(project, collect(project))
    return project, path, warnings


def local(project: Project, url: str) -> Path:
    """The file under output/ that a feed URL points at."""
    assert url.startswith(BASE), url
    return project.output / urlsplit(url).path[len(urlsplit(BASE).path):]


def test_podcastparser_reads_every_field_apple_and_spotify_require(built):
    project, path, warnings = built
    assert warnings == []
    feed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(path.read_bytes()))
    # channel: title, description, artwork, language, category, explicit, owner e-mail, author, link, type
    assert feed["title"] == "Example narrations" and feed["description"]
    assert feed["cover_url"] == BASE + "cover.png" and feed["link"] == BASE
    assert feed["itunes_owner"] == {"name": "Example Newsroom", "email": "pod@example.org"}
    assert feed["itunes_author"] == "Example Newsroom" and feed["explicit"] is False and feed["type"] == "episodic"
    assert feed["itunes_categories"] == [["News", "Politics"]]
    assert len(feed["episodes"]) == 3
    for ep in feed["episodes"]:
        assert ep["title"] and ep["description"] and ep["guid"].startswith("urn:uuid:")
        (enc,) = ep["enclosures"]
        assert enc["mime_type"] == "audio/mpeg" and enc["file_size"] == local(project, enc["url"]).stat().st_size
        assert ep["total_time"] == 65 and ep["explicit"] is False and ep["type"] == "full"
        assert local(project, ep["episode_art_url"]).is_file()
        assert [c["title"] for c in ep["chapters"]] == ["Headline", "Article"]  # Podlove Simple Chapters


def test_podcasting_2_transcript_and_json_chapters_point_at_real_files(built):
    # podcastparser 0.6.11 knows only the namespace's old GitHub URI, so these are read with ElementTree
    from xml.etree import ElementTree as ET

    project, path, _ = built
    items = ET.parse(path).getroot().find("channel").findall("item")
    assert len(items) == 3
    for item in items:
        transcript = item.find(f"{PODCAST}transcript")
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "en-GB"
        assert local(project, transcript.get("url")).read_text().startswith("WEBVTT")
        chapters = item.find(f"{PODCAST}chapters")
        assert chapters.get("type") == "application/json+chapters"
        data = json.loads(local(project, chapters.get("url")).read_text())
        assert data["version"] == "1.2.0"
        assert [(c["startTime"], c["title"]) for c in data["chapters"]] == [(0, "Headline"), (4, "Article")]


def test_pubdate_is_the_articles_date_not_the_build_time(built):
    project, path, _ = built
    feed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(path.read_bytes()))
    by_title = {ep["title"]: ep for ep in feed["episodes"]}
    assert by_title["Title of bbc-1"]["published"] == dt.datetime(2015, 7, 24, tzinfo=dt.timezone.utc).timestamp()
    assert by_title["Title of anon"]["published"] == dt.datetime(2020, 1, 2, 9, tzinfo=dt.timezone.utc).timestamp()
    titles = [ep["title"] for ep in feed["episodes"]]
    assert titles.index("Title of anon") < titles.index("Title of bbc-1")  # newest first


def test_feedparser_reads_it_without_errors_and_no_author_is_invented(built):
    _, path, _ = built
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.rights == "© 2026 Example Newsroom" and parsed.feed.image.href == BASE + "cover.png"
    assert parsed.feed.language == "en-GB"
    authors = {e.title: e.get("author") for e in parsed.entries}
    assert authors == {"Title of bbc-1": "BBC News", "Title of anon": None, "Title of signed": "Jo Writer"}
    assert b"Unknown author" not in path.read_bytes()
    for e in parsed.entries:
        assert e.image.href.endswith("/cover.png") and e.published_parsed


def test_every_tag_the_directories_list_as_required_is_present(built):
    from xml.etree import ElementTree as ET

    _, path, _ = built
    ch = ET.parse(path).getroot().find("channel")
    for tag in ("title", "link", "description", "language", "copyright", "image/url", "image/title", "image/link",
                f"{ITUNES}image", f"{ITUNES}author", f"{ITUNES}owner/{ITUNES}name", f"{ITUNES}owner/{ITUNES}email",
                f"{ITUNES}category", f"{ITUNES}explicit", f"{ITUNES}type"):
        el = ch.find(tag)
        assert el is not None and (el.text or el.attrib), tag
    for item in ch.findall("item"):
        for tag in ("title", "enclosure", "guid", "pubDate", "description", f"{ITUNES}duration", f"{ITUNES}image",
                    f"{ITUNES}explicit", f"{PODCAST}transcript", f"{PODCAST}chapters"):
            assert item.find(tag) is not None, tag


@pytest.mark.parametrize("url", ["channel", "episode"])
def test_artwork_is_a_square_jpeg_or_png_of_1400_to_3000_px(built, url):
    project, path, _ = built
    feed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(path.read_bytes()))
    art = feed["cover_url"] if url == "channel" else feed["episodes"][0]["episode_art_url"]
    with Image.open(local(project, art)) as im:
        assert im.format in ("PNG", "JPEG") and im.width == im.height and 1400 <= im.width <= 3000
        assert im.mode == "RGB"


def test_localhost_and_missing_owner_are_warned_about(empty_project):
    episode(empty_project, "one", date="2021-05-06")
    project = with_settings(empty_project, Settings())
    _, warnings = write_feed(project, collect(project))
    assert len(warnings) == 2
    assert "localhost:8000" in warnings[0] and "base_url" in warnings[0]
    assert "owner_email, copyright" in warnings[1]


def test_pipeline_toml_feeds_the_channel(empty_project):
    root = empty_project.seeds.parent
    art = root / "art.png"
    Image.new("RGB", (2000, 1000), (0, 90, 0)).save(art)  # not square: conformed
    (root / "pipeline.toml").write_text('base_url = "https://pods.example.net/"\n\n[feed]\ntitle = "Daily reads"\n'
                                        'owner_email = "a@b.example"\ncopyright = "CC BY 4.0"\nartwork = "art.png"\n'
                                        'subcategory = "Daily News"\nexplicit = false\ntype = "serial"\n')
    project = with_settings(empty_project, load_settings(root, env={}))
    episode(project, "one", date="2021-05-06")
    path, warnings = write_feed(project, collect(project))
    assert warnings == []
    feed = podcastparser.parse("https://pods.example.net/feed.xml", io.BytesIO(path.read_bytes()))
    assert feed["title"] == "Daily reads" and feed["cover_url"] == "https://pods.example.net/cover.png"
    assert feed["type"] == "serial" and feed["itunes_categories"] == [["News", "Daily News"]]
    with Image.open(project.output / "cover.png") as im:
        assert im.size == (1400, 1400) and im.getpixel((700, 700)) == (0, 90, 0)


def test_a_bad_feed_table_names_file_line_and_every_problem(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text('[feed]\ntitle = "x"\nowner = "me"\nexplicit = "no"\ntype = "daily"\n')
    with pytest.raises(ConfigError) as e:
        load_settings(tmp_path, env={})
    msg = str(e.value) + " ".join(getattr(e.value, "problems", []))
    assert "owner" in msg and f"{path}:3" in msg and f"{path}:4" in msg and f"{path}:5" in msg
    assert "serial" in msg


def test_catalogue_shows_dates_in_words_and_what_needs_attention(built):
    project, _, _ = built
    page = write_catalogue(project, collect(project)).read_text()
    assert '<time datetime="2015-07-24">24 July 2015</time>' in page
    assert "No author: the article does not say who wrote it." in page
    assert "(the article gives no date)" in page and "No date" in page
    (project.output / "signed" / "report.json").write_text(json.dumps({
        "document": {"slug": "signed", "title": "Signed", "author": "Jo", "date": "2024-03-01", "words": 9},
        "summary": {"origin": "generated", "points": ["A."], "targets_met": False}}))
    item = next(i for i in collect(project) if i["slug"] == "signed")
    assert item["attention"] == ["The summary misses its reading targets (grade 6 or lower, short sentences).",
                                 "A computer chose the summary points; no person has checked them."]


def test_each_episode_says_its_own_language(empty_project):
    """Articles are narrated in their own language: each item carries it (dc:language), read by feedparser."""
    import feedparser

    episode(empty_project, "english")
    de = episode(empty_project, "deutsch")
    report = json.loads((de / "report.json").read_text())
    report["document"]["language"] = "de"
    (de / "report.json").write_text(json.dumps(report))
    project = with_settings(empty_project, SETTINGS)
    path, _ = write_feed(project, collect(project))
    parsed = feedparser.parse(path.read_bytes())
    assert {e.title: e.get("language") for e in parsed.entries} == {"Title of english": "en-GB", "Title of deutsch": "de"}

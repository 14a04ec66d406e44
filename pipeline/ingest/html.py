"""Scraped HTML -> Document: headline, byline, standfirst, section headings, pull quotes, lists,
figures, paragraphs.

The article is chosen on the raw parsed page (:mod:`.html_extract`: readability-lxml checked
against trafilatura), then only the chosen fragment is sanitised (:mod:`.sanitise`, nh3) and
walked into plain-text pieces (:mod:`.html_walk`). Metadata comes from :mod:`.html_meta`.

Structure rules: a heading longer than :data:`MAX_HEADING_CHARS` is not a heading (kept as a
paragraph, with a warning); a sentence-like heading between the headline and the first paragraph
is the standfirst, not a section.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lhtml

from ..errors import InputError, warn
from ..model import Block, Document, Dropped, Metadata, Sentence, block_id
from . import html_meta as hm
from .furniture import FurnitureRule, is_furniture
from .html_extract import extract_article, parse_fragment
from .html_walk import Piece, walk
from .language import detect_language, word_count
from .invisible import rejoin_drop_cap
from .sanitise import sanitise_fragment

MIN_ARTICLE_WORDS = 7  # at least one paragraph this long, or the page has no article
MAX_HEADING_CHARS = 300  # longer "headings" are paragraphs a page styled big
STANDFIRST_MIN_WORDS = 12  # a heading this long before the first paragraph reads as a dek


def ingest_html(html: str, *, slug: str, source: str, furniture: list[FurnitureRule]) -> Document:
    """Build the ingest-stage Document from a scraped HTML page."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)  # lxml refuses str input with an encoding declaration
    parser = lhtml.HTMLParser()
    try:
        page = lhtml.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise InputError(f"{source}: this HTML cannot be parsed: {e}") from None
    too_deep = any("depth" in e.message.lower() for e in parser.error_log)
    ld = hm.json_ld(page)
    # choose on the raw page, then sanitise only what was chosen: cleaning never changes the choice
    fragment, short_title = extract_article(html, source)
    removed: list[tuple[str, str]] = []
    try:
        pieces = walk(parse_fragment(sanitise_fragment(fragment)), removed)
    except RecursionError:
        raise InputError(f"{source}: the HTML is nested too deeply to read") from None

    meta = Metadata(slug=slug, source=source, source_format="html")
    meta.title = hm.find_title(page, ld, short_title)
    meta.author, byline = hm.find_author(page, ld)
    meta.date = hm.find_date(page, ld)
    meta.language = detect_language(hm.find_language(page, ld), " ".join(p.text for p in pieces))
    meta.publisher = hm.find_publisher(page, ld)
    if not meta.title:
        meta.title = next((p.text for p in pieces if p.kind == "heading"), "")

    doc = Document(meta=meta, dropped=[Dropped(text=text, rule=rule, line=0) for text, rule in removed])
    blocks: list[Block] = []
    if meta.title:
        blocks.append(Block(id="", kind="heading", level=1, text=meta.title))
    byline_text = f"By {meta.author}" if meta.author else byline
    if byline_text:
        blocks.append(Block(id="", kind="byline", text=byline_text))
    repeats = {_key(meta.title), _key(byline_text), _key(meta.author)}
    pieces = _structure([p for p in pieces if not (  # the headline or byline again, inside the article body
        p.kind in ("heading", "paragraph", "standfirst") and (_key(p.text) in repeats or _is_title(p.text, meta.title)))],
        source)
    for p in pieces:
        rule = is_furniture(p.text, furniture)
        if rule:
            doc.dropped.append(Dropped(text=p.text, rule=rule.name, line=0))
            continue
        if p.kind == "heading":
            blocks.append(Block(id="", kind="heading", level=max(2, p.level), text=p.text))
        elif p.kind == "quote":
            att = Sentence(id="", text=p.attribution) if p.attribution else None
            blocks.append(Block(id="", kind="quote", text=p.text, attribution=att))
        elif p.kind == "list":
            blocks.append(Block(id="", kind="list", text="\n".join(p.items), ordered=p.ordered))
        elif p.kind == "figure":
            blocks.append(Block(id="", kind="figure", text=p.text, alt=p.alt))
        else:
            blocks.append(Block(id="", kind=p.kind, text=p.text))
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    if first is not None:
        first.text = rejoin_drop_cap(first.text)
    if not any(b.kind in ("paragraph", "quote", "list", "standfirst")
               and word_count(b.text, meta.language) >= MIN_ARTICLE_WORDS for b in blocks):
        why = " (it nests elements more than 255 levels deep; deeper content cannot be read)" if too_deep else ""
        raise InputError(f"{source}: no article found in this HTML page{why}",
                         hint="the page holds no running text outside navigation, scripts and page furniture")
    for n, b in enumerate(blocks, 1):
        b.id = block_id(n)
    doc.blocks = blocks
    return doc


def _structure(pieces: list[Piece], source: str) -> list[Piece]:
    """Headings that are not headings: an over-long one is a paragraph (with a warning); a
    sentence-like one before the first paragraph is the standfirst (at most one)."""
    out: list[Piece] = []
    body_started = has_standfirst = False
    for p in pieces:
        if p.kind == "heading" and len(p.text) > MAX_HEADING_CHARS:
            warn(f"{source}: a {len(p.text)}-character heading is kept as a paragraph: {p.text[:60]}...")
            p = Piece("paragraph", p.text)
        elif p.kind == "heading" and not body_started and not has_standfirst and (
                len(p.text.split()) >= STANDFIRST_MIN_WORDS or p.text.rstrip()[-1:] in ".!?。！？"):
            p = Piece("standfirst", p.text)
        if p.kind == "standfirst":
            if has_standfirst or body_started:
                p = Piece("paragraph", p.text)
            has_standfirst = True
        body_started = body_started or p.kind in ("paragraph", "list", "quote")
        out.append(p)
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_title(text: str, title: str) -> bool:
    """The page's headline again (maybe without the site name the title carries)."""
    key, title_key = _key(text), _key(title)
    return bool(key) and title_key.startswith(key) and len(key) >= 0.6 * len(title_key)

"""Scraped HTML -> Document: headline, byline, section headings, pull quotes, paragraphs.

The article is found by readability-lxml (:mod:`.html_extract`); its output is walked in
document order (iteratively, so deep nesting cannot exhaust the stack) into plain-text blocks.
Scripts, styles, embedded objects, forms and navigation are never read, and only text nodes
are kept: no markup from the page reaches a block. Metadata comes from :mod:`.html_meta`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lhtml

from ..decode import normalise_inline
from ..errors import InputError
from ..model import Block, Document, Dropped, Metadata, Sentence, block_id
from . import html_meta as hm
from .furniture import FurnitureRule, is_furniture
from .html_extract import extract_article, parse_fragment
from .html_meta import SKIP, TAG_LIKE
from .sanitise import sanitised_page

# elements that end one run of text and start another
BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
         "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td",
         "th", "caption", "pre", "figure", "figcaption", "hr", "address", "details", "summary", "center",
         "body", "html"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
MIN_ARTICLE_WORDS = 7  # at least one paragraph this long, or the page has no article
_HAS_WORD = re.compile(r"\w")
# class/id words that mark page furniture inside an article container (share bars, related links, ads,
# screen-reader-only labels such as "Photo" that belong to an image the narration does not have)
FURNITURE_MARK = re.compile(
    r"(?:^|[\s_-])(?:related(?:posts?)?|relatedposts|share|sharing|sharedaddy|social|comments?|advert\w*|ads?|"
    r"promo|newsletter|subscribe|sponsor\w*|popup|modal|cookie|breadcrumbs?|pagination|likes|"
    r"visually-?hidden|sr-only|screen-reader-text)(?:$|[\s_-])",
    re.I,
)
_ATTRIB_DASH = re.compile(r"^[\s\-–—―~]+")


@dataclass
class Piece:
    kind: str  # heading / paragraph / quote
    text: str
    level: int = 0
    attribution: str = ""


@dataclass
class _Quote:
    texts: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)


def walk(fragment: str) -> list[Piece]:
    """Plain-text pieces of an article HTML fragment, in reading order."""
    root = parse_fragment(fragment)
    pieces: list[Piece] = []
    stack: list[str] = []
    buf: list[str] = []
    quote: _Quote | None = None

    def flush() -> None:
        text = normalise_inline(TAG_LIKE.sub(" ", "".join(buf)))  # plain text only, even from broken pages
        buf.clear()
        if not _HAS_WORD.search(text):
            return
        if quote is not None:
            in_cite = "cite" in stack[stack.index("blockquote"):] or "footer" in stack[stack.index("blockquote"):]
            (quote.attribution if in_cite else quote.texts).append(text)
            return
        level = next((HEADINGS[t] for t in reversed(stack) if t in HEADINGS), 0)
        pieces.append(Piece("heading", text, level) if level else Piece("paragraph", text))

    whole = len(root.text_content())
    skipped: set = set()
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if not tag or tag in SKIP or _is_furniture_box(el, whole):  # code, embeds, share bars, ads
                skipped.add(el)
                walker.skip_subtree()
                continue
            if tag == "br":
                buf.append(" ")
                continue
            if tag in BLOCK or (tag == "cite" and quote is not None):
                flush()
            if tag == "blockquote" and quote is None:
                quote = _Quote()
            stack.append(tag)
            buf.append(el.text or "")
        else:
            if el not in skipped and tag != "br":
                if tag in BLOCK or (tag == "cite" and quote is not None):
                    flush()
                stack.pop()
                if tag == "blockquote" and "blockquote" not in stack and quote is not None:
                    pieces.extend(_quote_pieces(quote))
                    quote = None
            buf.append(el.tail or "")
    flush()
    return pieces


def _is_furniture_box(el, whole: int) -> bool:
    """A share bar, related-links box, ad slot... by its class or id, unless it holds most of the
    article (a wrapper named "post social-enabled" is still the article)."""
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(FURNITURE_MARK.search(marks)) and len(el.text_content()) < 0.5 * whole


def _quote_pieces(q: _Quote) -> list[Piece]:
    attribution = _ATTRIB_DASH.sub("", " ".join(q.attribution)).strip()
    if not q.texts:
        return [Piece("paragraph", attribution)] if attribution else []
    return [Piece("quote", " ".join(q.texts), attribution=attribution)]


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
    fragment, short_title = extract_article(sanitised_page(page), source)  # allow-list cleaned (nh3)
    try:
        pieces = walk(fragment)
    except RecursionError:
        raise InputError(f"{source}: the HTML is nested too deeply to read") from None

    meta = Metadata(slug=slug, source=source, source_format="html")
    meta.title = hm.find_title(page, ld, short_title)
    meta.author, byline = hm.find_author(page, ld)
    meta.date = hm.find_date(page, ld)
    meta.language = hm.find_language(page, ld)
    meta.publisher = hm.find_publisher(page, ld)
    if not meta.title:
        meta.title = next((p.text for p in pieces if p.kind == "heading"), "")

    doc = Document(meta=meta)
    blocks: list[Block] = []
    if meta.title:
        blocks.append(Block(id="", kind="heading", level=1, text=meta.title))
    byline_text = f"By {meta.author}" if meta.author else byline
    if byline_text:
        blocks.append(Block(id="", kind="byline", text=byline_text))
    repeats = {_key(meta.title), _key(byline_text), _key(meta.author)}
    for p in pieces:
        if p.kind in ("heading", "paragraph") and (_key(p.text) in repeats or _is_title(p.text, meta.title)):
            continue  # the headline or byline again, inside the article body
        rule = is_furniture(p.text, furniture)
        if rule:
            doc.dropped.append(Dropped(text=p.text, rule=rule.name, line=0))
            continue
        if p.kind == "heading":
            blocks.append(Block(id="", kind="heading", level=max(2, p.level), text=p.text))
        elif p.kind == "quote":
            att = Sentence(id="", text=p.attribution) if p.attribution else None
            blocks.append(Block(id="", kind="quote", text=p.text, attribution=att))
        else:
            blocks.append(Block(id="", kind="paragraph", text=p.text))
    if not any(b.kind in ("paragraph", "quote") and len(b.text.split()) >= MIN_ARTICLE_WORDS for b in blocks):
        why = " (it nests elements more than 255 levels deep; deeper content cannot be read)" if too_deep else ""
        raise InputError(f"{source}: no article found in this HTML page{why}",
                         hint="the page holds no running text outside navigation, scripts and page furniture")
    for n, b in enumerate(blocks, 1):
        b.id = block_id(n)
    doc.blocks = blocks
    return doc


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_title(text: str, title: str) -> bool:
    """The page's headline again (maybe without the site name the title carries)."""
    key, title_key = _key(text), _key(title)
    return bool(key) and title_key.startswith(key) and len(key) >= 0.6 * len(title_key)

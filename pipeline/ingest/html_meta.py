"""Page metadata from scraped HTML: title, author, date, language, publisher.

Sources, best first, the way publishers state them: JSON-LD (schema.org Article), Open Graph and
other ``<meta>`` tags, then visible markup (``<title>``, ``<time datetime>``, a byline element).
"""

from __future__ import annotations

import datetime as _dt
import html as html_lib
import json
import re

import nh3
from lxml import etree
from lxml import html as lhtml

from ..decode import normalise_inline
from .invisible import strip_invisible

_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "report", "review",
                  "analysisnewsarticle", "opinionnewsarticle", "scholarlyarticle", "techarticle", "webpage"}
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_BYLINE_CLASS = re.compile(r"byline|author|writer|contributor", re.I)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# a date or time after the name in a visible byline: "By Jo Bloggs March 11, 2015 3:46 PM"
_DATE_TAIL = re.compile(rf"\s*[-|,•·]?\s*(?:(?:\d{{1,2}}\s+)?{_MONTH}\s+\d|\d{{1,2}}[/.]\d{{1,2}}[/.]\d|\d+\s+(?:min|hour|day)s?\s+ago).*$")


# never read as text: code, raw-text and embedded elements, forms, navigation
SKIP = {"script", "style", "noscript", "iframe", "object", "embed", "applet", "param", "form", "button",
        "input", "select", "option", "textarea", "svg", "math", "nav", "template", "canvas", "video",
        "audio", "source", "track", "img", "picture", "map", "head", "title", "meta", "link", "frame",
        "frameset", "aside", "dialog", "menu", "xmp", "plaintext", "noembed", "noframes"}


def visible_text(el) -> str:
    """The text a reader sees in ``el``: no script, style, embed or form text (iterative: no recursion)."""
    parts = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        skip = not isinstance(node.tag, str) or node.tag.lower() in SKIP
        if event == "start":
            if skip:
                walker.skip_subtree()
            else:
                parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return "".join(parts)


# markup left as text by broken pages ("<<![CDATA[...>", an unclosed "<div ...>" inside a raw-text element)
TAG_LIKE = re.compile(r"<(?:/?[A-Za-z]|!|\?)[^<>]*>")


def clean(text: str | None) -> str:
    """One line of plain text from a metadata value (JSON-LD and ``content`` attributes may carry
    escaped entities or markup: both are resolved to text). Markup goes through the nh3 allow-list
    with no tags allowed, so a ``<script>``/``<style>`` in a title loses its content too, not just its tags."""
    text = html_lib.unescape(text or "")
    if "<" in text:
        text = html_lib.unescape(nh3.clean(text, tags=set(), clean_content_tags=_CODE, strip_comments=True))
    return normalise_inline(strip_invisible(TAG_LIKE.sub(" ", text)))


_CODE = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "textarea", "xmp"}


def meta_content(doc: lhtml.HtmlElement, *names: str) -> str:
    """The first non-empty ``<meta property|name|itemprop=NAME content=...>`` among ``names``."""
    for name in names:
        for el in doc.iterfind(".//meta"):
            keys = (el.get("property"), el.get("name"), el.get("itemprop"))
            if name in (k.strip().lower() for k in keys if k) and clean(el.get("content")):
                return clean(el.get("content"))
    return ""


def json_ld(doc: lhtml.HtmlElement) -> dict:
    """The page's schema.org article object (JSON-LD), or {} when there is none."""
    found: list[dict] = []
    for script in doc.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", raw).strip()
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(x for x in item.get("@graph", []) if isinstance(x, dict))
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                found.append(item)
    # prefer a real article over a generic WebPage
    found.sort(key=lambda x: str(x.get("@type")).lower() == "webpage")
    return found[0] if found else {}


def _names(value) -> str:
    """Author names from a JSON-LD author value (string, Person, or a list of them)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for it in items:
        name = it.get("name") if isinstance(it, dict) else it
        if isinstance(name, str) and clean(name) and not name.strip().startswith("http"):
            names.append(clean(name))
    return " and ".join(dict.fromkeys(names))


def find_title(doc: lhtml.HtmlElement, ld: dict, short_title: str = "") -> str:
    """The title the page declares, the way Readability reads it: JSON-LD (``headline`` or
    ``name``: when they differ, the one that matches the ``<title>`` without its site name, else
    ``name``), then
    Dublin Core / Open Graph / Twitter ``<meta>``, then the ``<title>`` without its site name
    (:func:`title_from_document`)."""
    page_title = title_from_document(doc)
    headline = clean(ld.get("headline")) if isinstance(ld.get("headline"), str) else ""
    name = clean(ld.get("name")) if isinstance(ld.get("name"), str) and ld.get("@type") != "WebPage" else ""
    if headline and name and headline != name:
        return headline if _similar(headline, page_title) and not _similar(name, page_title) else name
    if headline or name:
        return headline or name
    return (meta_content(doc, "dc.title", "dc:title", "dcterm:title", "og:title", "twitter:title")
            or title_from_document(doc) or clean(short_title))


def _similar(a: str, b: str) -> bool:
    """``a`` covers most of ``b``: the words of ``b`` missing from ``a`` make up under a quarter of
    ``b``'s text (Readability's text similarity)."""
    ta = set(re.findall(r"\w+", a.casefold()))
    tb = re.findall(r"\w+", b.casefold())
    if not tb:
        return False
    missing = " ".join(w for w in tb if w not in ta)
    return 1 - len(missing) / len(" ".join(tb)) > 0.75


_SEPARATOR = r"[|\-\\/>»]"


def title_from_document(doc: lhtml.HtmlElement) -> str:
    """The ``<title>`` with the site name cut off where it clearly is one (" | Site", " - Site",
    "Site: ..." when no heading repeats the whole title), kept whole when the cut leaves four
    words or fewer: Readability's rules, so titles match what readers of the page expect."""
    orig = cur = clean(doc.findtext(".//title"))
    if not orig:
        return ""
    words = lambda s: len(s.split())  # noqa: E731
    hierarchical = False
    if re.search(f" {_SEPARATOR} ", cur):
        hierarchical = bool(re.search(r" [\\/>»] ", cur))
        cur = re.sub(f"(.*){_SEPARATOR} .*", r"\1", orig)
        if words(cur) < 3:
            cur = re.sub(f"[^|\\-\\\\/>»]*{_SEPARATOR}(.*)", r"\1", orig)
    elif ": " in cur:
        headings = {clean(h.text_content()) for h in doc.iter("h1", "h2")}
        if cur not in headings:
            cur = orig[orig.rfind(":") + 1:]
            if words(cur) < 3:
                cur = orig[orig.find(":") + 1:]
            elif words(orig[:orig.find(":")]) > 5:
                cur = orig
    elif len(cur) > 150 or len(cur) < 15:
        h1s = list(doc.iter("h1"))
        if len(h1s) == 1:
            cur = clean(h1s[0].text_content())
    cur = " ".join(cur.split())
    if words(cur) <= 4 and (not hierarchical or words(cur) != words(re.sub(_SEPARATOR + "+", "", orig)) - 1):
        cur = orig
    return cur


def _visible_byline(doc: lhtml.HtmlElement) -> str:
    """The byline as the page shows it: a schema.org/rel author first, else the innermost
    element whose class or id says byline/author, if its text is short enough to be one."""
    def ok(text: str) -> bool:
        return 3 <= len(text) <= 80 and not text.lower().startswith(("about", "more ", "follow"))

    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "link"):
            continue
        if "author" in (el.get("itemprop") or "").split() or "author" in (el.get("rel") or "").split():
            named = next((n for n in el.iter() if (n.get("itemprop") or "") == "name"), el)
            if ok(text := clean(visible_text(named))):
                return text
    marked = [el for el in doc.iter() if isinstance(el.tag, str) and el.tag not in _NOT_BYLINE
              and _BYLINE_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")]
    inner = set(marked)
    for el in marked:
        if not any(d in inner for d in el.iterdescendants()) and ok(text := clean(visible_text(el))):
            return text
    return ""


_NOT_BYLINE = SKIP | {"body", "html"}


def find_author(doc: lhtml.HtmlElement, ld: dict) -> tuple[str, str]:
    """(author name, visible byline text or "")."""
    byline = _visible_byline(doc)
    author = _names(ld.get("author")) or meta_content(doc, "author", "article:author", "dc.creator", "parsely-author")
    if author.startswith("http"):
        author = ""
    byline = _DATE_TAIL.sub("", byline).strip()
    if not author and byline:
        author = re.sub(r"^by\s+", "", byline, flags=re.I)
    return author, byline


def find_date(doc: lhtml.HtmlElement, ld: dict) -> str:
    """Publication date as ISO 8601 (YYYY-MM-DD), or "" when the page does not state one."""
    cands = [ld.get("datePublished"), meta_content(doc, "article:published_time", "datepublished",
                                                   "date", "dc.date", "pubdate", "publishdate")]
    cands += [t.get("datetime") for t in doc.iterfind(".//time")]
    for c in cands:
        if not isinstance(c, str):
            continue
        m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", c)
        if m:
            try:
                return _dt.date.fromisoformat(m.group(1)).isoformat()
            except ValueError:
                continue
    return ""


def find_language(doc: lhtml.HtmlElement, ld: dict) -> str:
    """The language the page declares ("" when it declares none: the text decides, see ``language``)."""
    cands = [doc.get("lang"), doc.get("xml:lang"), ld.get("inLanguage") if isinstance(ld.get("inLanguage"), str) else None,
             meta_content(doc, "og:locale", "content-language", "language", "dc.language")]
    for el in doc.iterfind(".//meta"):
        if (el.get("http-equiv") or "").lower() == "content-language":
            cands.append(el.get("content"))
    for c in cands:
        c = (c or "").strip().split(",")[0].strip()
        if _LANG.match(c):
            parts = re.split(r"[-_]", c)
            return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])
    return ""


def find_publisher(doc: lhtml.HtmlElement, ld: dict) -> str:
    pub = ld.get("publisher")
    name = pub.get("name") if isinstance(pub, dict) else None
    return meta_content(doc, "og:site_name", "application-name") or (clean(name) if isinstance(name, str) else "")

"""The boundary where scraped HTML enters: an allow-list sanitiser (nh3, the Python binding of Ammonia).

Scraped pages are hostile input. Nothing from a page is ever copied into an output as markup
(blocks hold plain text and every output template escapes it), but the issue asks for defence
in depth at the door, with a maintained allow-list sanitiser rather than regular expressions:

- the page is parsed once by lxml (libxml2: no DTD loading, no entity expansion, no network, and
  nesting capped at 255 levels, so a 100,000-level page cannot make the sanitiser slow);
- its ``<body>`` is serialised and cleaned by nh3 with :data:`ALLOWED_TAGS`: structure and text
  elements only. Scripts, styles, embeds, forms, SVG/MathML and the like are removed *with their
  content* (:data:`DROPPED_WITH_CONTENT`); every attribute except ``class``/``id`` (readability
  scores containers by them), ``lang``/``dir`` and a few harmless ones is removed, so no ``on*=``
  handler and no ``style`` (CSS expressions) survives; links keep only http(s)/mailto URLs, so no
  ``javascript:`` or ``data:`` URL does; comments go;
- readability then finds the article in the cleaned page. Measured on the 24-page corpus
  (``python -m tests.bench eval html``): the extraction F1 is unchanged by the cleaning.

Metadata (title, author, date, language) is still read from the lxml parse of the original page
(``html_meta``: JSON-LD, ``<meta>``, ``<html lang>``), but only as text values.
"""

from __future__ import annotations

import html as html_lib

import nh3
from lxml import html as lhtml

ALLOWED_TAGS = {
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "center",
    "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "ins", "kbd", "li", "main", "mark", "nav", "ol",
    "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "font", "big", "tt",
    "strike", "hgroup", "menu",
}
# removed together with everything inside them (their text is code, a widget or an embed, not the article)
DROPPED_WITH_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes", "object", "embed",
    "applet", "param", "svg", "math", "canvas", "video", "audio", "source", "track", "picture", "img", "map",
    "form", "button", "input", "select", "option", "optgroup", "textarea", "dialog", "xmp", "plaintext",
    "noembed", "title", "head", "meta", "link", "base", "label", "fieldset", "legend", "datalist", "output",
    "progress", "meter", "portal", "slot",
}
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title"},
    "a": {"href"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_fragment(markup: str) -> str:
    """``markup`` with only allow-listed elements, attributes and URL schemes left (nh3/Ammonia)."""
    return nh3.clean(markup, tags=ALLOWED_TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)


def sanitised_page(page: lhtml.HtmlElement) -> str:
    """A whole, safe HTML document for article extraction, from the lxml parse of a scraped page:
    its cleaned ``<body>`` plus its ``<title>`` as escaped text (readability reads the title)."""
    body = page.find("body")
    markup = lhtml.tostring(body if body is not None else page, encoding="unicode")
    title = page.findtext(".//title") or ""
    return (f"<html><head><title>{html_lib.escape(title)}</title></head>"
            f"<body>{sanitise_fragment(markup)}</body></html>")

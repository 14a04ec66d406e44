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
- it runs on the fragment the extractors CHOSE, never before the choice (:mod:`.html`): cleaning a
  whole page first changed what readability picked (a gallery instead of the article; an
  ASP.NET page wrapped in one ``<form>`` lost everything), so the choice is made on the raw
  parse and only its result is cleaned;
- images keep only their ``alt`` text (a figure's text alternative): no ``src``, no URL.

Metadata (title, author, date, language) is still read from the lxml parse of the original page
(``html_meta``: JSON-LD, ``<meta>``, ``<html lang>``), but only as text values.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "center",
    "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "ins", "kbd", "li", "main", "mark", "nav", "ol",
    "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "font", "big", "tt",
    "strike", "hgroup", "menu", "img",
}
# removed together with everything inside them (their text is code, a widget or an embed, not the article)
DROPPED_WITH_CONTENT = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "noframes", "object", "embed",
    "applet", "param", "svg", "math", "canvas", "video", "audio", "source", "track", "map",
    "form", "button", "input", "select", "option", "optgroup", "textarea", "dialog", "xmp", "plaintext",
    "noembed", "title", "head", "meta", "link", "base", "label", "fieldset", "legend", "datalist", "output",
    "progress", "meter", "portal", "slot",
}
ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "hidden", "aria-hidden"},  # hidden: not read (html_walk)
    "a": {"href"},
    "img": {"alt"},
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

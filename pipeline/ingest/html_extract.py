"""Find the article in a scraped page: readability-lxml, plus two fixes the corpus and the tests asked for.

``readability.Document`` scores paragraphs and keeps the best-scoring container with its
text-rich siblings. It misses the first part of an article that a page splits into nested
containers (a lead and first paragraphs, then a "read more" wrapper holding the rest): the
wrapper scores highest and the lead, one or two levels up, is not its sibling. So the chosen
container is widened to an ancestor when what the ancestor adds is mostly running text
(paragraphs, captions, quotes with few links), passing through wrappers that add next to
nothing; and a pull quote is kept whole (readability drops the short footer holding its
attribution). ``tests/bench/eval_html.py`` measures the result against Readability's reference.
"""

from __future__ import annotations

from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring
from readability import Document as Readability
from readability.readability import Unparseable, text_length

from ..errors import InputError

RUNNING_TEXT = ("p", "figcaption", "blockquote", "pre")
MAX_CLIMB = 4  # ancestors looked at above the chosen container
NEGLIGIBLE = 100  # characters an ancestor may add (a "read more" link, an empty ad slot) and be passed through
MIN_SHARE = 0.75  # share of the added text that must be running text to widen


class ArticleExtractor(Readability):
    """readability-lxml whose chosen container is widened (see :func:`widen`). ``base_length``:
    the length of the text plain readability extracts from the same page."""

    def __init__(self, html: str, base_length: int):
        super().__init__(html)
        self.base_length = base_length

    def select_best_candidate(self, candidates):
        best = super().select_best_candidate(candidates)
        if not best:
            return best
        elem = widen(best["elem"], self.get_link_density, self.base_length)
        if elem is best["elem"]:
            return best
        widened = {"content_score": max(best["content_score"], candidates.get(elem, {}).get("content_score", 0)),
                   "elem": elem}
        candidates[elem] = widened
        return widened

    def get_preserved_elements(self, node):
        """Keep quotes whole: readability's clean-up drops a short ``<footer>`` holding the attribution."""
        allowed = super().get_preserved_elements(node)
        for quote in self.tags(node, "blockquote"):
            allowed.update({el: True for el in quote.iterdescendants("footer", "div", "section", "header")})
        return allowed


def _running_text(container, inside, link_density) -> tuple[int, int]:
    """(characters ``container`` adds to ``inside``, of which running text with few links)."""
    added = text_length(container) - text_length(inside)
    running = 0
    for el in container.iter(*RUNNING_TEXT):
        if el is inside or inside in el.iterancestors() or el in inside.iterancestors():
            continue
        if any(a is inside for a in el.iterancestors()):
            continue
        if any(a.tag in RUNNING_TEXT for a in el.iterancestors() if a is not container):
            continue  # counted with its running-text ancestor
        if link_density(el) < 0.25:
            running += text_length(el)
    return added, running


def widen(elem, link_density, base_length: int):
    """The ancestor of ``elem`` that holds the whole article (``elem`` itself when nothing above is).

    Climbs while what an ancestor adds is mostly running text (or next to nothing), never out of
    an ``<article>`` or ``<main>``, and never to more than twice the text plain readability found."""
    best = current = elem
    for _ in range(MAX_CLIMB):
        if current.tag in ("article", "main"):
            break
        parent = current.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        added, running = _running_text(parent, best, link_density)
        if added > NEGLIGIBLE:
            if running < MIN_SHARE * added or text_length(parent) > 2 * base_length:
                break
            if text_length(parent) > base_length + NEGLIGIBLE:  # else readability already has this text
                best = parent
        current = parent
    return best


def extract_article(html: str, source: str) -> tuple[str, str]:
    """(article HTML fragment, readability's short title)."""
    try:
        plain = Readability(html)
        short_title = plain.short_title() or ""
        base = text_length(parse_fragment(plain.summary(html_partial=True)))
        return ArticleExtractor(html, base).summary(html_partial=True), short_title
    except (Unparseable, RecursionError, ValueError, ParserError) as e:
        raise InputError(f"{source}: cannot find an article in this HTML: {e}") from None


def parse_fragment(markup: str) -> HtmlElement:
    """The ``<body>`` (or root) of readability's output; an empty ``<div>`` when there is none."""
    try:
        root = document_fromstring(markup)
    except (ParserError, ValueError):
        return document_fromstring("<div></div>").find(".//div")
    body = root.find("body")
    return body if body is not None else root

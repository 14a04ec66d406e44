"""Find the article in a scraped page: readability-lxml and trafilatura, merged by agreement.

Extraction runs on the *raw* parsed page; only what it chose is sanitised afterwards
(:mod:`.sanitise`), so the sanitiser can never change the choice.

``readability.Document`` scores paragraphs and keeps the best-scoring container with its
text-rich siblings. It misses the first part of an article that a page splits into nested
containers (a lead and first paragraphs, then a "read more" wrapper holding the rest): the
wrapper scores highest and the lead, one or two levels up, is not its sibling. So the chosen
container is widened to an ancestor when what the ancestor adds is mostly running text
(paragraphs, captions, quotes with few links), passing through wrappers that add next to
nothing; and a pull quote is kept whole (readability drops the short footer holding its
attribution).

readability's own clean-up then drops "fishy" parts of the chosen container: lists and tables
with many links, short ``<div>`` s, headings with links. That loses bullet lists, reference
lists, one-line paragraphs of dialogue, figure images. So the clean-up is checked against a
second, independent extractor (trafilatura, on the same raw page): an element readability's
clean-up dropped is put back when trafilatura kept the same text (both extractors agree it is
article), and everything inside a kept ``<figure>`` stays with it. Nothing readability kept is
dropped here: furniture inside the article goes by the general rules of :mod:`.html_walk`.
``tests/bench/eval_html.py`` measures the result against Readability's reference.
"""

from __future__ import annotations

import copy
import re

import trafilatura
from lxml.etree import LxmlError, ParserError
from lxml.html import HtmlElement, document_fromstring
from readability import Document as Readability
from readability.readability import Unparseable, text_length

from ..errors import InputError
from .measure import tokens

RUNNING_TEXT = ("p", "figcaption", "blockquote", "pre")
MAX_CLIMB = 6  # ancestors looked at above the chosen container
NEGLIGIBLE = 100  # characters an ancestor may add (a "read more" link, an empty ad slot) and be passed through
MIN_SHARE = 0.75  # share of the added text that must be running text to widen
MIN_AGREED = 0.5  # share of the added text the second extractor must have kept too
RID = "data-ingest-rid"  # marks elements so readability's clean-up can be compared with the original
_RID = re.compile(RID + r'="(\d+)"')


class ArticleExtractor(Readability):
    """readability-lxml whose chosen container is widened (see :func:`widen`). ``base_length``:
    the length of the text plain readability extracts from the same page."""

    def __init__(self, html: str, base_length: int, second_opinion: str = ""):
        super().__init__(html)
        self.base_length = base_length
        self.agreed = _key(second_opinion)

    def select_best_candidate(self, candidates):
        best = super().select_best_candidate(candidates)
        if not best:
            return best
        elem = widen(best["elem"], self.get_link_density, self.base_length, self.agreed)
        if elem is best["elem"]:
            return best
        widened = {"content_score": max(best["content_score"], candidates.get(elem, {}).get("content_score", 0)),
                   "elem": elem}
        candidates[elem] = widened
        return widened

    def sanitize(self, node, candidates, keep_all_images=False):
        """readability's clean-up, then every element it dropped that the second extractor also
        kept (or that belongs to a kept figure) is put back (see the module docstring)."""
        for i, el in enumerate(node.iter()):
            if isinstance(el.tag, str):
                el.set(RID, str(i))
        original = copy.deepcopy(node)
        survivors = set(_RID.findall(super().sanitize(node, candidates, keep_all_images) or ""))
        for el in list(original.iter()):
            if isinstance(el.tag, str) and el.get(RID) in survivors:
                for child in list(el):
                    if isinstance(child.tag, str) and child.get(RID) not in survivors:
                        self._restore_or_drop(child, survivors)
        if original.get(RID) not in survivors:
            return super().sanitize(node, candidates, keep_all_images)
        self.html = original
        return self.get_clean_html()

    def _restore_or_drop(self, el, survivors: set) -> None:
        """Keep ``el`` (dropped by readability) when trafilatura kept its text or it is inside a kept
        figure; else keep only its children that qualify; else drop it."""
        if any(a.tag == "figure" and a.get(RID) in survivors for a in el.iterancestors()):
            return
        key = _key(el.text_content())
        if key.strip() and key in self.agreed:
            return
        for child in list(el):
            if isinstance(child.tag, str):
                self._restore_or_drop(child, survivors)
        if not any(isinstance(c.tag, str) for c in el):
            el.drop_tree()
        else:
            el.text = None  # its own loose text was not agreed on

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


def _agreed_share(container, inside, agreed: str) -> float:
    """Share of the text ``container`` adds to ``inside`` (by paragraph, list item, caption...) that
    the second extractor kept too (1.0 when there is no second opinion)."""
    if not agreed.strip():
        return 1.0
    total = kept = 0
    for el in container.iter(*RUNNING_TEXT, "li", "dd", "h2", "h3", "h4"):
        if el is inside or any(a is inside for a in el.iterancestors()):
            continue
        if any(a.tag in RUNNING_TEXT + ("li", "dd") for a in el.iterancestors() if a is not container):
            continue  # counted with its ancestor
        size = text_length(el)
        total += size
        key = _key(el.text_content())
        kept += size if key.strip() and key in agreed else 0
    return kept / total if total else 1.0


def widen(elem, link_density, base_length: int, agreed: str = ""):
    """The ancestor of ``elem`` that holds the whole article (``elem`` itself when nothing above is).

    Climbs while what an ancestor adds is mostly running text (or next to nothing) that the second
    extractor kept too (``agreed``: its text as :func:`_key` gives it; an ``<article>`` element is
    the page's own word that all it holds is article), never out of an ``<article>`` or ``<main>``,
    and never to more than twice the text plain readability found."""
    best = current = elem
    for _ in range(MAX_CLIMB):
        if current.tag in ("article", "main"):
            break
        parent = current.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        added, running = _running_text(parent, best, link_density)
        if added > NEGLIGIBLE:
            if running < MIN_SHARE * added or text_length(parent) > 2 * base_length \
                    or (parent.tag != "article" and _agreed_share(parent, best, agreed) < MIN_AGREED):
                break
            if text_length(parent) > base_length + NEGLIGIBLE:  # else readability already has this text
                best = parent
        current = parent
    return best


def _key(text: str) -> str:
    """Word tokens joined by single spaces, padded, for containment tests."""
    return f" {' '.join(tokens(text))} "


def second_opinion(html: str) -> str:
    """trafilatura's text of the same raw page ("" when it finds nothing)."""
    try:
        return trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True) or ""
    except (ValueError, TypeError, AttributeError, RecursionError, LxmlError):  # no second opinion: readability alone
        return ""


def extract_article(html: str, source: str) -> tuple[str, str]:
    """(article HTML fragment, readability's short title) of the raw page ``html``. The fragment is
    NOT sanitised yet: the caller sanitises what was chosen."""
    try:
        plain = Readability(html)
        short_title = plain.short_title() or ""
        base = text_length(parse_fragment(plain.summary(html_partial=True)))
        return ArticleExtractor(html, base, second_opinion(html)).summary(html_partial=True), short_title
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

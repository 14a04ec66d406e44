"""Find the article in a scraped page: readability-lxml, plus one fix the corpus evaluation asked for.

``readability.Document`` scores paragraphs and keeps the best-scoring container with its
text-rich siblings. It misses the first part of an article that a page splits into nested
containers (a lead and first paragraphs, then a "read more" wrapper holding the rest): the
wrapper scores highest and the lead, one or two levels up, is not its sibling. So the chosen
container is widened to an ancestor when what the ancestor adds is mostly running text
(paragraphs, captions, quotes with few links), passing through wrappers that add next to
nothing. ``tests/bench/eval_html.py`` measures the result against Readability's reference.
"""

from __future__ import annotations

from readability import Document as Readability
from readability.readability import Unparseable, text_length

from ..errors import InputError

RUNNING_TEXT = ("p", "figcaption", "blockquote", "pre")
MAX_CLIMB = 4  # ancestors looked at above the chosen container
NEGLIGIBLE = 100  # characters an ancestor may add (a "read more" link, an empty ad slot) and be passed through
MIN_SHARE = 0.6  # share of the added text that must be running text to widen


class ArticleExtractor(Readability):
    def select_best_candidate(self, candidates):
        best = super().select_best_candidate(candidates)
        if not best:
            return best
        elem = widen(best["elem"], self.get_link_density)
        if elem is best["elem"]:
            return best
        widened = {"content_score": max(best["content_score"], candidates.get(elem, {}).get("content_score", 0)),
                   "elem": elem}
        candidates[elem] = widened
        return widened


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


def widen(elem, link_density):
    """The ancestor of ``elem`` that holds the whole article (``elem`` itself when nothing above is)."""
    best, current = elem, elem
    for _ in range(MAX_CLIMB):
        parent = current.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        added, running = _running_text(parent, best, link_density)
        if added > NEGLIGIBLE:
            if running < MIN_SHARE * added:
                break
            best = parent
        current = parent
    return best


def extract_article(html: str, source: str) -> tuple[str, str]:
    """(article HTML fragment, readability's short title)."""
    try:
        reader = ArticleExtractor(html)
        short_title = reader.short_title() or ""
        return reader.summary(html_partial=True), short_title
    except (Unparseable, RecursionError, ValueError) as e:
        raise InputError(f"{source}: cannot find an article in this HTML: {e}") from None

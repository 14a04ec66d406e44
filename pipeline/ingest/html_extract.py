"""Find the article in a scraped page: readability-lxml, plus the fixes the corpus evaluation asked for.

``readability.Document`` scores paragraphs and keeps the best-scoring container with its
text-rich siblings. See ``tests/bench/eval_html.py`` for what it is measured against.
"""

from __future__ import annotations

from readability import Document as Readability
from readability.readability import Unparseable

from ..errors import InputError


class ArticleExtractor(Readability):
    """readability-lxml, unchanged for now."""


def extract_article(html: str, source: str) -> tuple[str, str]:
    """(article HTML fragment, readability's short title)."""
    try:
        reader = ArticleExtractor(html)
        short_title = reader.short_title() or ""
        return reader.summary(html_partial=True), short_title
    except (Unparseable, RecursionError, ValueError) as e:
        raise InputError(f"{source}: cannot find an article in this HTML: {e}") from None

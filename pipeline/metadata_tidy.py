"""Sane metadata, whatever the scrape held: applied once, right after ingest.

- Bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C) are removed from the title,
  author and publisher: they reach the catalogue, the feed, the OPF and the MP3's tags, where a
  right-to-left override turns "txt.exe" into "exe.txt" on screen. Direction comes from the
  document's language (``dir`` attributes), never from control characters in metadata.
- A headline over ``MAX_HEADLINE`` characters is not a headline (a 100 KB ``<title>`` became a
  91-minute spoken heading): the block is kept as body text, and the title is cut at a word for
  metadata (``…`` at the end), with a note in the report. A byline over ``MAX_BYLINE`` is kept as
  body text the same way; an author, publisher or date that long is cut.
"""

from __future__ import annotations

import re

from .model import Document

MAX_HEADLINE = 300
MAX_BYLINE = 200
MAX_FIELD = {"title": MAX_HEADLINE, "author": MAX_BYLINE, "publisher": MAX_BYLINE, "date": 40}
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    return BIDI.sub("", text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, ending in an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def tidy_metadata(doc: Document) -> Document:
    meta = doc.meta
    for name, limit in MAX_FIELD.items():
        value = strip_bidi(getattr(meta, name) or "")
        short = shorten(value, limit)
        if short != value:
            doc.notes.append(f"the {name} is {len(value):,} characters long: cut to {len(short)} for metadata")
        setattr(meta, name, short)
    for b in doc.blocks:
        limit = MAX_HEADLINE if b.kind == "heading" else MAX_BYLINE if b.kind == "byline" else None
        if limit is not None and len(b.text) > limit:
            doc.notes.append(f"block {b.id}: a {b.kind} of {len(b.text):,} characters is not a {b.kind}: "
                             "kept as body text")
            b.kind, b.level = "paragraph", 0
    return doc

"""Plain text as scraped -> Document: byline, headline, pull quote with attribution, paragraphs.

Recognition is by shape, the way a reader sees the page:
- the headline is the first longer line that does not end like a sentence;
- a byline is a short name-like line just before or after the headline ("Ian Lavery", "By Jo Bloggs");
- a pull quote is a paragraph wholly inside quotation marks followed by a short name-like line
  (its attribution);
- page furniture lines ("Share", "Leave a Reply", ...) come from the reviewed furniture list.
"""

from __future__ import annotations

import re

from ..model import Block, Document, Dropped, Metadata, Sentence, block_id
from .furniture import FurnitureRule, is_furniture
from .invisible import rejoin_drop_cap

_OPEN_Q = "“\"‘«"
_CLOSE_Q = "”\"’»"
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|MP|MEP|MSP|AM|de|van|von|der|da|di|le|la|of|and|&)$")


def looks_like_name(line: str) -> bool:
    s = re.sub(r"^[Bb]y\s+", "", line.strip())
    words = s.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in s):
        return False
    if s[-1] in ".!?:;,":
        return False
    return all(_NAME_WORD.match(w) for w in words) and words[0][0].isupper()


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 40 and line[-1] not in ".,;:" and not looks_like_name(line)


def is_pull_quote(par: str) -> bool:
    return len(par) > 1 and par[0] in _OPEN_Q and par.rstrip()[-1] in _CLOSE_Q


def split_chunks(text: str) -> list[tuple[int, str]]:
    """Paragraph chunks with their 1-based first line. Blank lines separate paragraphs; a text
    without any blank line is taken as one paragraph per line."""
    lines = text.split("\n")
    has_blank = any(not l.strip() for l in lines[1:-1])
    chunks: list[tuple[int, str]] = []
    cur: list[str] = []
    start = 0
    for i, line in enumerate(lines, 1):
        if not line.strip():
            if cur:
                chunks.append((start, " ".join(cur)))
                cur = []
            continue
        if not has_blank:
            chunks.append((i, line.strip()))
            continue
        if not cur:
            start = i
        cur.append(line.strip())
    if cur:
        chunks.append((start, " ".join(cur)))
    return chunks


def ingest_text(text: str, *, slug: str, source: str, furniture: list[FurnitureRule]) -> Document:
    """Build the ingest-stage Document from normalised plain text."""
    doc = Document(meta=Metadata(slug=slug, source=source, source_format="text"))
    chunks = []
    for line_no, chunk in split_chunks(text):
        rule = is_furniture(chunk, furniture)
        if rule:
            doc.dropped.append(Dropped(text=chunk, rule=rule.name, line=line_no))
        else:
            chunks.append(chunk)

    headline, byline, rest = _find_header(chunks)
    blocks: list[Block] = []
    if headline:
        doc.meta.title = headline
        blocks.append(Block(id="", kind="heading", level=1, text=headline))
    if byline:
        doc.meta.author = re.sub(r"^[Bb]y\s+", "", byline)
        blocks.append(Block(id="", kind="byline", text=byline))
    i = 0
    while i < len(rest):
        par = rest[i]
        nxt = rest[i + 1] if i + 1 < len(rest) else None
        if is_pull_quote(par) and nxt is not None and looks_like_name(nxt):
            blocks.append(Block(id="", kind="quote", text=par, attribution=Sentence(id="", text=nxt)))
            i += 2
            continue
        blocks.append(Block(id="", kind="paragraph", text=par))
        i += 1
    first = next((b for b in blocks if b.kind == "paragraph"), None)
    if first is not None:  # a drop cap the scrape set apart: "Z imbabwe" -> "Zimbabwe"
        first.text = rejoin_drop_cap(first.text)
    for n, b in enumerate(blocks, 1):
        b.id = block_id(n)
    doc.blocks = blocks
    return doc


def _find_header(chunks: list[str]) -> tuple[str, str, list[str]]:
    """(headline, byline, remaining chunks) from the first chunks of the article."""
    if not chunks:
        return "", "", []
    first = chunks[0]
    second = chunks[1] if len(chunks) > 1 else ""
    if looks_like_name(first) and second and looks_like_headline(second):
        return second, first, chunks[2:]
    if looks_like_headline(first):
        if second and looks_like_name(second) and not is_pull_quote(second):
            return first, second, chunks[2:]
        return first, "", chunks[1:]
    return "", "", chunks

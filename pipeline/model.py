"""The document model: one structure that every stage reads and every output is made from.

A :class:`Document` is metadata plus ordered :class:`Block` s. Each block holds its cleaned
text and, after segmentation, its :class:`Sentence` s. Ids are readable and derived from
position after cleaning: block ``p003`` holds sentences ``p003s01``, ``p003s02``...; a pull
quote's attribution is ``p003a01``. The same id is the XHTML ``id``, the SMIL fragment, the
timing-map key, the WebVTT cue id and the summary's back-link.

Schema 2 adds three block kinds: ``list`` (its text holds one item per line, ``ordered`` says
numbered or bulleted; sentences never cross an item), ``standfirst`` (the dek under a headline:
read as a paragraph, never a heading) and ``figure`` (``text`` is the caption without the photo
credit, ``alt`` the image's text alternative; a figure has no sentences, so it is shown in the
EPUB and the full text but never narrated, timed or summarised).

The JSON form carries ``schema`` (:data:`SCHEMA_VERSION`). Migration: a schema-1 document is
still read (it is a schema-2 document without the new kinds and fields); any other version is
refused with a clear error instead of guessing. New fields are written only when they differ
from their default, so a document without the new kinds reads the same as before.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from .errors import InputError

SCHEMA_VERSION = 2
READS_SCHEMAS = (1, 2)  # schema 1 = schema 2 without list/standfirst/figure blocks

BLOCK_KINDS = ("heading", "byline", "quote", "paragraph", "list", "standfirst", "figure")
_OPTIONAL = {"ordered": False, "alt": ""}  # schema-2 block fields, written only when set
STAGES = ("ingest", "clean", "segment")


@dataclass
class Sentence:
    id: str
    text: str


@dataclass
class Block:
    id: str
    kind: str  # one of BLOCK_KINDS
    text: str
    level: int = 0  # heading level (1 = headline)
    attribution: Sentence | None = None  # pull quote's attribution ("Ian Lavery MP")
    sentences: list[Sentence] = field(default_factory=list)
    ordered: bool = False  # list: numbered (ol) rather than bulleted (ul)
    alt: str = ""  # figure: the image's text alternative

    def all_sentences(self) -> Iterator[Sentence]:
        yield from self.sentences
        if self.attribution is not None:
            yield self.attribution

    @property
    def items(self) -> list[str]:
        """A list's items (one per line of its text); any other block is one item."""
        return [line for line in self.text.split("\n") if line.strip()]

    def item_sentences(self) -> list[list[Sentence]]:
        """A list's sentences grouped by item (segmentation never lets a sentence cross a line)."""
        groups: list[list[Sentence]] = [[] for _ in self.items] or [[]]
        cursor, item = 0, 0
        for s in self.sentences:
            at = self.text.find(s.text, cursor)
            if at >= 0:
                item = min(len(groups) - 1, self.text[:at].count("\n"))
                cursor = at + len(s.text)
            groups[item].append(s)
        return groups


@dataclass
class Metadata:
    slug: str
    title: str = ""
    author: str = ""
    date: str = ""  # ISO 8601 when known
    language: str = "en"
    source: str = ""  # where the article came from (file name or URL)
    publisher: str = ""
    source_format: str = "text"  # "text" or "html"


@dataclass
class Change:
    """One applied reviewed correction: which entry, where, and the text around it."""

    entry: str  # correction id
    block: str  # block id
    offset: int  # character offset in the block's text before the change
    before: str  # context before the fix
    after: str  # context after the fix
    wrong: str
    right: str


@dataclass
class Dropped:
    """Page furniture removed at ingest, with the rule that removed it."""

    text: str
    rule: str
    line: int  # 1-based line in the source (0 when not line-based, e.g. HTML)


@dataclass
class Document:
    meta: Metadata
    blocks: list[Block] = field(default_factory=list)
    stage: str = "ingest"
    changes: list[Change] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    # --- reading -----------------------------------------------------------------------
    def sentences(self) -> Iterator[Sentence]:
        """Every sentence in reading order (attributions included)."""
        for b in self.blocks:
            yield from b.all_sentences()

    def sentence_map(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences()}

    def text(self) -> str:
        """Plain text of the article body, one block per paragraph."""
        parts = []
        for b in self.blocks:
            parts.append(b.text)
            if b.attribution is not None:
                parts.append(b.attribution.text)
        return "\n\n".join(parts)

    def word_count(self) -> int:
        return len(self.text().split())

    # --- JSON ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for b in d["blocks"]:
            for key, default in _OPTIONAL.items():
                if b.get(key) == default:
                    del b[key]
        return {"schema": SCHEMA_VERSION, **d}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        if not isinstance(d, dict) or d.get("schema") not in READS_SCHEMAS:
            got = d.get("schema") if isinstance(d, dict) else None
            raise InputError(f"document JSON has schema {got!r}; this pipeline reads schemas 1 and 2 "
                             f"(and writes {SCHEMA_VERSION})")
        try:
            blocks = []
            for b in d["blocks"]:
                att = b.get("attribution")
                blocks.append(
                    Block(
                        id=b["id"],
                        kind=b["kind"],
                        text=b["text"],
                        level=b.get("level", 0),
                        attribution=Sentence(**att) if att else None,
                        sentences=[Sentence(**s) for s in b.get("sentences", [])],
                        ordered=bool(b.get("ordered", False)),
                        alt=b.get("alt", ""),
                    )
                )
            return cls(
                meta=Metadata(**d["meta"]),
                blocks=blocks,
                stage=d.get("stage", "ingest"),
                changes=[Change(**c) for c in d.get("changes", [])],
                dropped=[Dropped(**x) for x in d.get("dropped", [])],
            )
        except (KeyError, TypeError) as e:
            raise InputError(f"document JSON is not a valid schema-{SCHEMA_VERSION} document: {e}") from e

    @classmethod
    def from_json(cls, text: str) -> "Document":
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as e:
            raise InputError(f"document JSON does not parse: {e}") from e


def block_id(index: int) -> str:
    """Id of the block at 1-based position ``index``: ``p001``."""
    return f"p{index:03d}"


def sentence_id(block: str, index: int) -> str:
    """Id of the ``index``-th (1-based) sentence of ``block``: ``p003s02``."""
    return f"{block}s{index:02d}"


def attribution_id(block: str) -> str:
    return f"{block}a01"
